// RUN: moe-opt %s --moe-plan-buffers | FileCheck %s

// Three [T, 8] f32 buffers planned at max_tokens = 4 (128 bytes each): %a is
// live over launches 0-1, %b over 1-2, %c over 2-3, so %c reuses %a's bytes
// and the arena holds two buffers. Allocs become views of a trailing i8
// arena argument; the launches keep their operands.

func.func private @copy2(index, index, memref<?x?xf32, strided<[?, ?], offset: ?>>,
                         memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {moe.kernel}

// CHECK-LABEL: func.func @prefill(
// CHECK-SAME: %[[TOK:[a-z0-9]+]]: memref<?xi64> {moe.input = 0 : i64}
// CHECK-SAME: %[[ARENA:[a-z0-9]+]]: memref<?xi8> {moe.arena})
// CHECK-SAME: moe.arena_bytes = 256 : i64
// CHECK: %[[T:.*]] = memref.dim %[[TOK]]
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%c0{{[_0-9]*}}][%[[T]]] : memref<?xi8> to memref<?x8xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%c128][%[[T]]] : memref<?xi8> to memref<?x8xf32>
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%c0{{[_0-9]*}}][%[[T]]] : memref<?xi8> to memref<?x8xf32>
// CHECK: moe.launch @copy2(%{{.*}}, %[[A]])
// CHECK: moe.launch @copy2(%[[A]], %[[B]])
// CHECK: moe.launch @copy2(%[[B]], %[[C]])
// CHECK-NOT: memref.alloc
func.func @prefill(%tokens: memref<?xi64> {moe.input = 0 : i64},
                   %out: memref<?x8xf32> {moe.output = 0 : i64})
    attributes {moe.entry = "prefill", moe.max_tokens = 4 : i64} {
  %c0 = arith.constant 0 : index
  %t = memref.dim %tokens, %c0 : memref<?xi64>
  %a = memref.alloc(%t) : memref<?x8xf32>
  %b = memref.alloc(%t) : memref<?x8xf32>
  %c = memref.alloc(%t) : memref<?x8xf32>
  moe.launch @copy2(%out, %a) items(%t) : memref<?x8xf32>, memref<?x8xf32>
  moe.launch @copy2(%a, %b) items(%t) : memref<?x8xf32>, memref<?x8xf32>
  moe.launch @copy2(%b, %c) items(%t) : memref<?x8xf32>, memref<?x8xf32>
  moe.launch @copy2(%c, %out) items(%t) : memref<?x8xf32>, memref<?x8xf32>
  return
}
