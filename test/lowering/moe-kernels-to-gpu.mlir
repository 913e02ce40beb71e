// RUN: moe-opt %s --moe-kernels-to-gpu --split-input-file --verify-diagnostics | FileCheck %s
// RUN: moe-opt %S/Inputs/grouped-matmul-kernel.mlir --moe-kernels-to-gpu | FileCheck %s --check-prefix=BLOCK
// RUN: moe-opt %S/Inputs/grouped-matmul-kernel.mlir --moe-kernels-to-gpu=block-kernels=false | FileCheck %s --check-prefix=THREAD
// RUN: moe-opt %S/Inputs/grouped-matmul-kernel.mlir --moe-insert-kernels="names=kv_store_cbf16,attention_kvbf16" --moe-kernels-to-gpu | FileCheck %s --check-prefix=KVBF16

// A kernel with a CUDA block version (lowering/kernels/block/) gets it as its
// entry, as is: no private copy of the kernel, no per-thread wrapper.
// BLOCK:       gpu.module @mxa_kernels {
// BLOCK-NOT:     func.func private @grouped_matmul_nt
// BLOCK:         gpu.func @mxg_grouped_matmul_nt(%{{.*}}: index, %{{.*}}: memref<?x?xf32, strided<[?, ?], offset: ?>>, %{{.*}}: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, %{{.*}}: memref<?x?xf32, strided<[?, ?], offset: ?>>, %{{.*}}: memref<?xi32, strided<[?], offset: ?>>, %{{.*}}: memref<?x?xf32, strided<[?, ?], offset: ?>>, %{{.*}}: i64) workgroup(%{{.*}} : memref<4x32x33xf32, #gpu.address_space<workgroup>>) kernel attributes {known_block_size = array<i32: 128, 1, 1>}
// BLOCK:           gpu.barrier
// BLOCK-NOT:       func.call
// Its bf16-weight variant gets the same block version, renamed, with w bf16
// and each load of w extended to f32.
// BLOCK:         gpu.func @mxg_grouped_matmul_nt_wbf16(%{{.*}}: index, %{{.*}}: memref<?x?xf32, strided<[?, ?], offset: ?>>, %[[W:.*]]: memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>, {{.*}} kernel attributes {known_block_size = array<i32: 128, 1, 1>}
// BLOCK:           %[[L:.*]] = memref.load %[[W]][{{.*}}] : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>
// BLOCK-NEXT:      arith.extf %[[L]] : bf16 to f32
// The bf16-storage variants (moe-kv-cache-to-bf16) get their base's block
// version the same way, stores into the bf16 cache rounded; attention_kvbf16
// also gets attention's block variant, renamed and retyped alike.
// KVBF16:        gpu.func @mxg_kv_store_cbf16(%{{.*}}: index, %{{.*}}: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, %[[C:.*]]: memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>>,
// KVBF16:          %[[H:.*]] = arith.bitcast %{{.*}} : i16 to bf16
// KVBF16-NEXT:     memref.store %[[H]], %[[C]][
// KVBF16:        gpu.func @mxg_attention_kvbf16(%{{.*}}: index, %{{.*}}: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, %[[K:.*]]: memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>>, %{{.*}}: memref<?x?x?x?xbf16,
// KVBF16:          %[[KL:.*]] = memref.load %[[K]][{{.*}}] : memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>>
// KVBF16-NEXT:     arith.extf %[[KL]] : bf16 to f32
// KVBF16:        gpu.func @mxg_attention_tiled_kvbf16(%{{.*}}: index, %{{.*}}: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, %{{.*}}: memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>>, %{{.*}}: memref<?x?x?x?xbf16,
// With block-kernels=false it is wrapped like any other kernel.
// THREAD:      gpu.module @mxa_kernels {
// THREAD:        func.func private @grouped_matmul_nt(
// THREAD:        gpu.func @mxg_grouped_matmul_nt(%{{.*}}: index, {{.*}}) kernel {
// THREAD:          func.call @grouped_matmul_nt(

// A kernel (moe.kernel) gets a private copy in gpu.module @mxa_kernels and a
// gpu.func entry mapping one GPU thread to one workgroup; the original stays
// for the CPU code, and helpers without moe.kernel are left alone.

// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK:       func.func @scale(%{{.*}}: index, %{{.*}}: index, %{{.*}}: memref<?xf32, strided<[?], offset: ?>>, %{{.*}}: f32) attributes {llvm.emit_c_interface, moe.kernel}
// CHECK:       func.func @not_a_kernel
// CHECK:       gpu.module @mxa_kernels {
// CHECK:         func.func private @scale(
// CHECK-NOT:       moe.kernel
// CHECK:         gpu.func @mxg_scale(%[[NWG:.*]]: index, %[[X:.*]]: memref<?xf32, strided<[?], offset: ?>>, %[[A:.*]]: f32) kernel {
// CHECK:           %[[B:.*]] = gpu.block_id  x
// CHECK:           %[[D:.*]] = gpu.block_dim  x
// CHECK:           %[[T:.*]] = gpu.thread_id  x
// CHECK:           %[[M:.*]] = arith.muli %[[B]], %[[D]] : index
// CHECK:           %[[WG:.*]] = arith.addi %[[M]], %[[T]] : index
// CHECK:           %[[OK:.*]] = arith.cmpi ult, %[[WG]], %[[NWG]] : index
// CHECK:           scf.if %[[OK]] {
// CHECK:             func.call @scale(%[[WG]], %[[NWG]], %[[X]], %[[A]])
// CHECK:           gpu.return
// CHECK-NOT:     @not_a_kernel
func.func @scale(%wg: index, %nwg: index,
    %x: memref<?xf32, strided<[?], offset: ?>>, %a: f32)
    attributes {llvm.emit_c_interface, moe.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32, strided<[?], offset: ?>>
  %lo0 = arith.muli %wg, %n : index
  %lo = arith.divui %lo0, %nwg : index
  %w1 = arith.addi %wg, %c1 : index
  %hi0 = arith.muli %w1, %n : index
  %hi = arith.divui %hi0, %nwg : index
  scf.for %i = %lo to %hi step %c1 {
    %v = memref.load %x[%i] : memref<?xf32, strided<[?], offset: ?>>
    %s = arith.mulf %v, %a : f32
    memref.store %s, %x[%i] : memref<?xf32, strided<[?], offset: ?>>
  }
  return
}
func.func @not_a_kernel() {
  return
}

// -----

// Without kernels the module is unchanged.
// CHECK-LABEL: module {
// CHECK-NEXT:    func.func @entry()
// CHECK-NOT:   gpu.module
func.func @entry() {
  return
}

// -----

// expected-error @+1 {{moe-kernels-to-gpu: the module already holds @mxa_kernels}}
module attributes {gpu.container_module} {
  gpu.module @mxa_kernels {
  }
  func.func @k(%wg: index, %nwg: index) attributes {moe.kernel} {
    return
  }
}

// -----

// A kernel whose block version takes other arguments is refused.
// expected-error @+1 {{moe-kernels-to-gpu: the block version of 'grouped_matmul_nt' takes}}
func.func @grouped_matmul_nt(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {moe.kernel} {
  return
}

// -----

// A block variant the kernel does not have (moe-attention-tensor-cores sets the attribute).
// expected-error @+1 {{moe-kernels-to-gpu: 'copy' has no block variant 'attention_tc' (moe.gpu_block_variant)}}
func.func @copy(%wg: index, %nwg: index, %src: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, %dst: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) attributes {moe.kernel, moe.gpu_block_variant = "attention_tc"} {
  return
}
