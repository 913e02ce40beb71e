// RUN: moe-opt %moe_src_root/examples/tiny_qwen3_moe.mlir --moe-fuse-route-dispatch --moe-expert-parallel=ep=2 --moe-lower-to-kernels | FileCheck %s
// RUN: moe-opt %moe_src_root/examples/tiny_qwen3_moe.mlir --moe-lower-to-kernels | FileCheck %s --check-prefix=STATS
// RUN: moe-opt %moe_src_root/examples/tiny_qwen3_moe.mlir --moe-fuse-route-dispatch --moe-expert-parallel=ep=2 --moe-lower-to-kernels --moe-plan-buffers | FileCheck %s --check-prefix=PLAN

// Expert parallelism: the rank's expert weights are entry arguments of L = 4
// slots carrying the placement (the runtime binds rank r's slots); each MoE
// layer records its counts, exchanges rows into a buffer sized by the
// run-time symbol R, runs the grouped GEMMs over the received rows with the
// per-slot offsets, and exchanges the outputs back. The bound of R is
// ep_size * top_k * the largest max_tokens of any entry (2 * 4 * 256).
// CHECK-LABEL: func.func @prefill
// CHECK-SAME: %[[GATE:[^:]+]]: memref<4x24x32xf32> {moe.expert_slots = array<i64: 0, 1, 2, 3, 4, 5, 6, 7>, moe.param = "model.layers.0.mlp.experts.*.gate_proj.weight"}
// CHECK-SAME: attributes {moe.entry = "prefill", moe.ep_size = 2 : i64, moe.max_received = 2048 : i64, moe.max_tokens = 256 : i64}
// CHECK: moe.launch @route_dispatch
// CHECK: moe.exchange <expert_counts>(%[[COUNTS:[^)]+]]) {ep_size = 1 : i64, id = -1 : i64, layer = 0 : i64, placement = array<i64>} : memref<8xi32>
// CHECK: %[[R:[^ ]+]] = moe.received_rows : index
// CHECK: %[[RECV:[^ ]+]] = memref.alloc(%[[R]]) : memref<?x32xf32>
// CHECK: %[[LOFF:[^ ]+]] = memref.alloc() : memref<5xi32>
// CHECK: moe.exchange <dispatch>(%[[ROWS:[^,]+]], %[[OFF:[^,]+]], %[[RECV]], %{{[^,]+}}, %[[LOFF]]) {ep_size = 2 : i64, id = 0 : i64, layer = 0 : i64, placement = array<i64: 0, 1, 2, 3, 4, 5, 6, 7>} : memref<?x32xf32>, memref<9xi32>, memref<?x32xf32>, memref<4xi32>, memref<5xi32>
// CHECK: moe.launch @grouped_matmul_nt(%[[RECV]], %[[GATE]], %{{[^,]+}}, %[[LOFF]],
// CHECK: moe.launch @swiglu
// CHECK: moe.launch @grouped_matmul_nt(%{{[^,]+}}, %{{[^,]+}}, %{{[^,]+}}, %[[LOFF]], %[[OUT:[^,]+]],
// CHECK: moe.exchange <combine>(%[[OUT]], %[[BACK:[^)]+]]) {ep_size = 2 : i64, id = 0 : i64, layer = 0 : i64
// CHECK: moe.launch @combine(%[[BACK]],
// CHECK: moe.exchange <dispatch>({{.*}}id = 1 : i64, layer = 1 : i64
// CHECK-LABEL: func.func @decode
// CHECK-SAME: moe.ep_size = 2 : i64, moe.max_received = 2048 : i64, moe.max_tokens = 64 : i64

// Without the pass: only the statistics taps, no exchanges.
// STATS: moe.exchange <expert_counts>({{.*}}layer = 0 : i64
// STATS-NOT: moe.exchange <dispatch>
// STATS-NOT: moe.received_rows

// Planning sizes R-sized buffers for max_received rows (2048 x 32 x 4 bytes).
// PLAN: moe.received_rows : index
// PLAN-NEXT: %[[SHIFT:[^ ]+]] = arith.constant {{[0-9]+}} : index
// PLAN-NEXT: memref.view %{{[^[]+}}[%[[SHIFT]]][%{{[^]]+}}] : memref<?xi8> to memref<?x32xf32>

// With moe-overlap-a2a (moe.async on the exchanges): each exchange becomes a
// start where the graph op was and a wait before the first use of a result,
// so the shared expert's launches (the pass moved it before the combine's
// user) run between the combine's start and wait; the entries carry the
// micro-batching.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 --moe-overlap-a2a --moe-lower-to-kernels | FileCheck %s --check-prefix=ASYNC
// ASYNC-LABEL: func.func @prefill
// ASYNC-SAME: moe.micro_batch_min_tokens = 2 : i64, moe.micro_batches = 2 : i64
// ASYNC: moe.exchange <dispatch> phase <start>(%[[ROWS:[^,]+]], %[[OFFS:[^,]+]], %[[RECV:[^,]+]], %[[CNT:[^,]+]], %[[SOFF:[^)]+]])
// ASYNC-NEXT: moe.exchange <dispatch> phase <wait>(%[[ROWS]], %[[OFFS]], %[[RECV]], %[[CNT]], %[[SOFF]])
// ASYNC: moe.launch @grouped_matmul_nt
// ASYNC: moe.exchange <combine> phase <start>
// ASYNC-NOT: moe.exchange
// ASYNC: moe.launch @matmul_nt
// ASYNC-NOT: moe.exchange
// ASYNC: moe.launch @swiglu
// ASYNC-NOT: moe.exchange
// ASYNC: moe.launch @matmul_nt
// ASYNC-NOT: moe.exchange
// ASYNC: moe.exchange <combine> phase <wait>
// ASYNC-NOT: moe.exchange
// ASYNC: moe.launch @combine
