// RUN: moe-opt %s --moe-kernels-to-gpu --split-input-file --verify-diagnostics | FileCheck %s

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
