// RUN: moe-opt %s --moe-gpu-blocks-to-cpu --split-input-file --verify-diagnostics | FileCheck %s

// A block version (known_block_size) becomes the code of one thread as a CPU
// function with the kernel ABI (%wg, %nwg, args...) and its block size; the
// block id is %wg, the grid size %nwg, the block size N; the thread id, the
// barrier and the shuffles call the emulator; workgroup memory is a global,
// private memory an alloca, without memory spaces. The gpu.module goes, with
// the generic entries, private kernel clones and templates in it.

// CHECK-LABEL: module {
// CHECK-NOT:   gpu.
// CHECK-DAG:   func.func private @mxemu_thread_id() -> index
// CHECK-DAG:   func.func private @mxemu_shuffle_f32(f32, i32, i32, i32) -> f32
// CHECK-DAG:   func.func private @mxemu_shuffle_valid(i32, i32, i32) -> i1
// CHECK-DAG:   func.func private @mxemu_barrier()
// CHECK-DAG:   func.func private @mxemu_shuffle_i32(i32, i32, i32, i32) -> i32
// CHECK-DAG:   func.func private @mxemu_shared_access(i32, index, index, i32)
// CHECK-DAG:   func.func private @mxemu_global_store(i32, index, index, index, i32)
// Every mxg_ entry's parameters after %nwg, for the CUDA driver emulator: "11" (two
// memrefs of rank 1); none for the generic entry, which gets no body here.
// CHECK:       memref.global constant @mxemu_sum_signature : memref<3xi8> = dense<[49, 49, 0]>
// CHECK:       memref.global constant @mxemu_generic_signature : memref<1xi8> = dense<0>
// CHECK:       func.func @mxemu_sum_threads() -> i64 {
// CHECK-NEXT:    %[[N:.*]] = arith.constant 64 : i64
// CHECK-NEXT:    return %[[N]] : i64
// CHECK:       memref.global "private" @mxemu_sum_shared0 : memref<2xf32> {alignment = 64 : i64}
// CHECK:       func.func @mxemu_sum(%[[WG:.*]]: index, %[[NWG:.*]]: index, %[[X:.*]]: memref<?xf32>, %[[OUT:.*]]: memref<?xf32>) attributes {llvm.emit_c_interface} {
// CHECK-DAG:     %[[SH:.*]] = memref.get_global @mxemu_sum_shared0 : memref<2xf32>
// CHECK-DAG:     %[[PR:.*]] = memref.alloca() : memref<1xf32>
// CHECK-DAG:     %[[BDIM:.*]] = arith.constant 64 : index
// CHECK:         %[[TID:.*]] = call @mxemu_thread_id() : () -> index
// CHECK:         %[[W:.*]] = arith.muli %[[WG]], %[[BDIM]] : index
// CHECK:         arith.addi %[[W]], %[[TID]] : index
// CHECK:         arith.cmpi ult, %{{.*}}, %[[NWG]] : index
// CHECK:         %[[MODE:.*]] = arith.constant 0 : i32
// CHECK:         %[[V:.*]] = call @mxemu_shuffle_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[MODE]]) : (f32, i32, i32, i32) -> f32
// CHECK:         %[[OK:.*]] = call @mxemu_shuffle_valid(%{{.*}}, %{{.*}}, %[[MODE]]) : (i32, i32, i32) -> i1
// CHECK:         arith.select %[[OK]], %[[V]]
// CHECK:         memref.store %{{.*}}, %[[PR]]
// Each workgroup-memory access is reported first (buffer 0, its element, 1 element, a write).
// CHECK:         %[[OFF:.*]] = arith.addi
// CHECK:         call @mxemu_shared_access(%{{.*}}, %[[OFF]], %{{.*}}, %{{.*}}) : (i32, index, index, i32) -> ()
// CHECK-NEXT:    memref.store %{{.*}}, %[[SH]]
// CHECK:         call @mxemu_barrier() : () -> ()
// CHECK:         %[[IDX:.*]] = arith.constant 3 : i32
// CHECK:         call @mxemu_shuffle_i32(%{{.*}}, %{{.*}}, %{{.*}}, %[[IDX]]) : (i32, i32, i32, i32) -> i32
// A store to global memory (a kernel argument) is reported first: argument 1 (after wg, nwg),
// its aligned pointer and element, 4-byte elements, not atomic.
// CHECK:         scf.if
// CHECK:           %[[PTR:.*]] = memref.extract_aligned_pointer_as_index %[[OUT]]
// CHECK-DAG:       %[[ARGN:.*]] = arith.constant 1 : i32
// CHECK-DAG:       %[[BYTES:.*]] = arith.constant 4 : index
// CHECK:           func.call @mxemu_global_store(%[[ARGN]], %[[PTR]], %{{.*}}, %[[BYTES]], %{{.*}}) : (i32, index, index, index, i32) -> ()
// CHECK-NEXT:      memref.store %{{.*}}, %[[OUT]][%{{.*}}] : memref<?xf32>
// CHECK:         return
// CHECK-NOT:   func.func @mxemu_generic
module attributes {gpu.container_module} {
  gpu.module @mxa_kernels {
    gpu.func @mxg_sum(%nwg: index, %x: memref<?xf32>, %out: memref<?xf32>)
        workgroup(%sh: memref<2xf32, #gpu.address_space<workgroup>>)
        private(%pr: memref<1xf32, #gpu.address_space<private>>)
        kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
      %c0 = arith.constant 0 : index
      %f0 = arith.constant 0.0 : f32
      %o1 = arith.constant 1 : i32
      %w32 = arith.constant 32 : i32
      %b = gpu.block_id x
      %n = gpu.block_dim x
      %t = gpu.thread_id x
      %bn = arith.muli %b, %n : index
      %i = arith.addi %bn, %t : index
      %in = arith.cmpi ult, %i, %nwg : index
      %v = memref.load %x[%c0] : memref<?xf32>
      %s, %ok = gpu.shuffle xor %v, %o1, %w32 : f32
      %r = arith.select %ok, %s, %f0 : f32
      memref.store %r, %pr[%c0] : memref<1xf32, #gpu.address_space<private>>
      memref.store %r, %sh[%c0] : memref<2xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %ti = arith.index_cast %t : index to i32
      %j, %ok2 = gpu.shuffle idx %ti, %o1, %w32 : i32
      scf.if %in {
        memref.store %r, %out[%c0] : memref<?xf32>
      }
      gpu.return
    }
    // Not a block version: no known_block_size.
    gpu.func @mxg_generic(%nwg: index) kernel {
      gpu.return
    }
  }
}

// -----

// No gpu.module @mxa_kernels: nothing to do.
// CHECK-LABEL: func.func @cpu_only
func.func @cpu_only() {
  return
}

// -----

module attributes {gpu.container_module} {
  gpu.module @mxa_kernels {
    // expected-error @+1 {{moe-gpu-blocks-to-cpu: @mxg_flat: known_block_size must be [N, 1, 1] with N >= 1}}
    gpu.func @mxg_flat(%nwg: index) kernel attributes {known_block_size = array<i32: 32, 2, 1>} {
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @mxa_kernels {
    gpu.func @mxg_wide(%nwg: index, %f: f32) kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
      %x = arith.extf %f : f32 to f64
      %o1 = arith.constant 1 : i32
      %w32 = arith.constant 32 : i32
      // expected-error @+1 {{moe-gpu-blocks-to-cpu: cannot emulate a shuffle of 'f64' in @mxemu_wide, expected f32 or i32}}
      %s, %ok = gpu.shuffle xor %x, %o1, %w32 : f64
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @mxa_kernels {
    gpu.func @mxg_lanes(%nwg: index) kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
      // expected-error @+1 {{moe-gpu-blocks-to-cpu: cannot emulate 'gpu.lane_id' in @mxemu_lanes}}
      %l = gpu.lane_id
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @mxa_kernels {
    // expected-error @+1 {{moe-gpu-blocks-to-cpu: @mxg_half: cannot describe a parameter of 'f16', expected a memref of rank <= 9, i64 or f32}}
    gpu.func @mxg_half(%nwg: index, %x: f16) kernel {
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @mxa_kernels {
    gpu.func @mxg_view(%nwg: index) workgroup(%sh: memref<4xf32, #gpu.address_space<workgroup>>)
        kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
      // expected-error @+1 {{moe-gpu-blocks-to-cpu: cannot race-check workgroup memory used by 'memref.subview' in @mxemu_view, expected memref or vector loads and stores, or memref.atomic_rmw}}
      %v = memref.subview %sh[0] [2] [1] : memref<4xf32, #gpu.address_space<workgroup>> to memref<2xf32, strided<[1]>, #gpu.address_space<workgroup>>
      gpu.return
    }
  }
}

// -----

// nvvm.mma.sync (bf16 m16n8k16): a call of the emulator leaving the lane's four results in one
// memref<4xf32> allocated at the entry, read back where the result's parts were extracted.
// CHECK-LABEL: func.func @mxemu_mma(
// CHECK:         %[[D:.*]] = memref.alloca() : memref<4xf32>
// CHECK:         call @mxemu_mma_bf16_m16n8k16(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[D]]) : (i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, memref<4xf32>) -> ()
// CHECK:         %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[P2:.*]] = memref.load %[[D]][%[[C2]]] : memref<4xf32>
// CHECK-NOT:     llvm.extractvalue
// CHECK:         memref.store %[[P2]]
module attributes {gpu.container_module} {
  gpu.module @mxa_kernels {
    gpu.func @mxg_mma(%nwg: index, %ai: memref<?xi32>, %out: memref<?xf32>) kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
      %z = arith.constant 0 : index
      %a = memref.load %ai[%z] : memref<?xi32>
      %c = memref.load %out[%z] : memref<?xf32>
      %r = nvvm.mma.sync A[%a, %a, %a, %a] B[%a, %a] C[%c, %c, %c, %c] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
      %e = llvm.extractvalue %r[2] : !llvm.struct<(f32, f32, f32, f32)>
      %c0 = arith.constant 0 : index
      memref.store %e, %out[%c0] : memref<?xf32>
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @mxa_kernels {
    gpu.func @mxg_mma8(%nwg: index, %ai: memref<?xi32>, %c: f32) kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
      %z = arith.constant 0 : index
      %a = memref.load %ai[%z] : memref<?xi32>
      // expected-error @+1 {{moe-gpu-blocks-to-cpu: cannot emulate this mma.sync in @mxemu_mma8, expected bf16 m16n8k16, row x col, f32 accumulators}}
      %r = nvvm.mma.sync A[%a, %a] B[%a] C[%c, %c, %c, %c] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 8>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
      gpu.return
    }
  }
}
