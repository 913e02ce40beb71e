// RUN: moe-opt %s | moe-opt | FileCheck %s
// RUN: moe-opt %s --mlir-print-op-generic | moe-opt | FileCheck %s

// Schedule-level ops: moe.launch of a kernel on buffers and scalars, and
// moe.absent for an optional buffer. Round trip (custom and generic
// form); the verifier's diagnostics are in schedule-invalid.mlir.

func.func private @scale(index, index, memref<?x?xf32, strided<[?, ?], offset: ?>>,
                         memref<?xf32, strided<[?], offset: ?>>, f32, i64)
    attributes {moe.kernel}

// CHECK-LABEL: func.func @entry
// CHECK: %[[NONE:.*]] = moe.absent : memref<?xf32>
// CHECK: moe.launch @scale(%{{.*}}, %[[NONE]], %{{.*}}, %{{.*}}) items(%{{.*}}) : memref<?x8xf32>, memref<?xf32>, f32, i64
func.func @entry(%x: memref<?x8xf32>) {
  %c0 = arith.constant 0 : index
  %t = memref.dim %x, %c0 : memref<?x8xf32>
  %none = moe.absent : memref<?xf32>
  %s = arith.constant 2.0 : f32
  %f = arith.constant 0 : i64
  moe.launch @scale(%x, %none, %s, %f) items(%t) : memref<?x8xf32>, memref<?xf32>, f32, i64
  return
}
