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

// Expert-parallel host steps: the dispatch exchange fills a buffer sized by
// the run-time symbol R (moe.received_rows), the combine returns the rows.
// CHECK-LABEL: func.func @exchange
// CHECK: %[[R:.*]] = moe.received_rows : index
// CHECK: moe.exchange <dispatch>(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {ep_size = 2 : i64, id = 0 : i64, layer = 1 : i64, placement = array<i64: 0, 1, 2, 3>} : memref<?x8xf32>, memref<5xi32>, memref<?x8xf32>, memref<2xi32>, memref<3xi32>
// CHECK: moe.exchange <combine>(%{{.*}}, %{{.*}}) {ep_size = 2 : i64, id = 0 : i64, layer = 1 : i64, placement = array<i64: 0, 1, 2, 3>} : memref<?x8xf32>, memref<?x8xf32>
// CHECK: moe.exchange <expert_counts>(%{{.*}}) {ep_size = 1 : i64, id = -1 : i64, layer = 1 : i64, placement = array<i64>} : memref<4xi32>
// CHECK: moe.exchange <combine> phase <start>(%{{.*}}, %{{.*}}) {ep_size = 2 : i64, id = 0 : i64, layer = 1 : i64, placement = array<i64: 0, 1, 2, 3>}
// CHECK: moe.exchange <combine> phase <wait>(%{{.*}}, %{{.*}}) {ep_size = 2 : i64, id = 0 : i64, layer = 1 : i64, placement = array<i64: 0, 1, 2, 3>}
// CHECK: moe.exchange <all_reduce>(%{{.*}}, %{{.*}}) {ep_size = 2 : i64, id = -1 : i64, layer = -1 : i64, placement = array<i64>} : memref<32xf32>, memref<1xi64>
func.func @exchange(%rows: memref<?x8xf32>, %offsets: memref<5xi32>, %counts: memref<4xi32>, %out: memref<?x8xf32>, %grad: memref<32xf32>, %n: memref<1xi64>) {
  %r = moe.received_rows : index
  %recv = memref.alloc(%r) : memref<?x8xf32>
  %lc = memref.alloc() : memref<2xi32>
  %lo = memref.alloc() : memref<3xi32>
  moe.exchange <dispatch>(%rows, %offsets, %recv, %lc, %lo) {id = 0 : i64, layer = 1 : i64, ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3>} : memref<?x8xf32>, memref<5xi32>, memref<?x8xf32>, memref<2xi32>, memref<3xi32>
  moe.exchange <combine>(%recv, %out) {id = 0 : i64, layer = 1 : i64, ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3>} : memref<?x8xf32>, memref<?x8xf32>
  moe.exchange <expert_counts>(%counts) {id = -1 : i64, layer = 1 : i64, ep_size = 1 : i64, placement = array<i64>} : memref<4xi32>
  moe.exchange <combine> phase <start>(%recv, %out) {id = 0 : i64, layer = 1 : i64, ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3>} : memref<?x8xf32>, memref<?x8xf32>
  moe.exchange <combine> phase <wait>(%recv, %out) {id = 0 : i64, layer = 1 : i64, ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3>} : memref<?x8xf32>, memref<?x8xf32>
  moe.exchange <all_reduce>(%grad, %n) {id = -1 : i64, layer = -1 : i64, ep_size = 2 : i64, placement = array<i64>} : memref<32xf32>, memref<1xi64>
  return
}
