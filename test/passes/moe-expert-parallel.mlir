// RUN: moe-opt %s --moe-expert-parallel=ep=2 | FileCheck %s
// RUN: moe-opt %s --moe-expert-parallel=ep=2 --moe-expert-parallel=ep=2 | FileCheck %s
// RUN: moe-opt %s --moe-expert-parallel=ep=1 | FileCheck %s --check-prefix=NOOP
// RUN: moe-opt %s --moe-expert-parallel=ep=3 | FileCheck %s --check-prefix=UNEVEN
// RUN: moe-opt %s --moe-expert-parallel="ep=2 placement=group-aligned" | FileCheck %s --check-prefix=GROUPS
// RUN: moe-opt %s --moe-expert-parallel="ep=2 expert-stats=%S/Inputs/expert-stats.json replicas=1" | FileCheck %s --check-prefix=REPLICAS
// RUN: not moe-opt %s --moe-expert-parallel="ep=8 placement=group-aligned" 2>&1 | FileCheck %s --check-prefix=TOOMANY
// RUN: not moe-opt %s --moe-expert-parallel="ep=2 placement=random" 2>&1 | FileCheck %s --check-prefix=BADPLACE
// RUN: not moe-opt %s --moe-expert-parallel="ep=0" 2>&1 | FileCheck %s --check-prefix=BADEP
// RUN: not moe-opt %s --moe-expert-parallel="ep=2 expert-stats=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: echo '{"layers": [{"layer": 5, "tokens_per_expert": [1]}]}' > %t.other.json
// RUN: not moe-opt %s --moe-expert-parallel="ep=2 expert-stats=%t.other.json" 2>&1 | FileCheck %s --check-prefix=NOLAYER
// RUN: echo '{"layers": [{"layer": 0, "tokens_per_expert": [1, 2]}]}' > %t.short.json
// RUN: not moe-opt %s --moe-expert-parallel="ep=2 expert-stats=%t.short.json" 2>&1 | FileCheck %s --check-prefix=SHORT
// RUN: echo '{"layers": 3}' > %t.bad.json
// RUN: not moe-opt %s --moe-expert-parallel="ep=2 expert-stats=%t.bad.json" 2>&1 | FileCheck %s --check-prefix=BADJSON

// Contiguous placement over 2 ranks: rows and counts go through
// moe.ep_dispatch, the experts run on the rank's 4 slots (weights through
// moe.local_experts), moe.ep_combine returns the rows before moe.combine.
// The layer is that of the last attention (here none: 0). Running the pass
// twice shards once.
// CHECK-LABEL: func.func @moe_layer
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x16xf32>, %{{[^:]+}}: tensor<8x16xf32>, %[[EG:[^:]+]]: tensor<8x4x16xf32>, %[[ED:[^:]+]]: tensor<8x16x4xf32>)
// CHECK: %[[ROWS:[^ ]+]], %[[COUNTS:[^ ]+]], %[[PERM:[^ ]+]] = moe.dispatch
// CHECK-NEXT: %[[LROWS:[^ ]+]], %[[LCOUNTS:[^ ]+]] = moe.ep_dispatch %[[ROWS]], %[[COUNTS]] {ep_size = 2 : i64, layer = 0 : i64, placement = array<i64: 0, 1, 2, 3, 4, 5, 6, 7>} : (tensor<?x16xf32>, tensor<8xi32>) -> (tensor<?x16xf32>, tensor<4xi32>)
// CHECK-NEXT: %[[LG:[^ ]+]] = moe.local_experts %[[EG]] {ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3, 4, 5, 6, 7>} : tensor<8x4x16xf32> -> tensor<4x4x16xf32>
// CHECK-NEXT: %[[LU:[^ ]+]] = moe.local_experts %[[EG]]
// CHECK-NEXT: %[[LD:[^ ]+]] = moe.local_experts %[[ED]] {{.*}} : tensor<8x16x4xf32> -> tensor<4x16x4xf32>
// CHECK-NEXT: %[[Y:[^ ]+]] = moe.experts %[[LROWS]], %[[LCOUNTS]] gate(%[[LG]]) up(%[[LU]]) down(%[[LD]])
// CHECK-NEXT: %[[BACK:[^ ]+]] = moe.ep_combine %[[Y]], %[[LCOUNTS]] : (tensor<?x16xf32>, tensor<4xi32>) -> tensor<?x16xf32>
// CHECK-NEXT: moe.combine %[[BACK]], %[[PERM]]
// CHECK-NOT: moe.ep_dispatch
// NOOP-NOT: moe.ep_
// NOOP-NOT: moe.local_experts

// 8 experts over 3 ranks: 3 slots each, the last one empty.
// UNEVEN: moe.ep_dispatch {{.*}}placement = array<i64: 0, 1, 2, 3, 4, 5, 6, 7, -1>} : (tensor<?x16xf32>, tensor<8xi32>) -> (tensor<?x16xf32>, tensor<3xi32>)

// 4 router groups of 2 experts, 2 per rank.
// GROUPS: moe.ep_dispatch {{.*}}placement = array<i64: 0, 1, 2, 3, 4, 5, 6, 7>}

// Expert 0 has 90 of 160 tokens: with one extra slot per rank (5 each) it
// gets a replica on each rank (45 tokens each; no more replicas than ranks),
// the second extra slot replicates expert 1; expected max/mean rank load 1.5
// contiguous (120 vs 40) -> 1.0 (80 vs 80).
// REPLICAS: moe.ep_dispatch {{.*}}{ep_size = 2 : i64, layer = 0 : i64, moe.ep_load = 1.000000e+00 : f64, moe.ep_load_contiguous = 1.500000e+00 : f64, placement = array<i64: 0, 1, 2, 4, 6, 0, 1, 3, 5, 7>}

// TOOMANY: error: group-aligned placement needs ep <= n_group (8 > 4)
// BADPLACE: error: moe-expert-parallel: placement must be 'contiguous' or 'group-aligned', got 'random'
// BADEP: error: moe-expert-parallel: ep must be >= 1, got 0
// NOFILE: error: moe-expert-parallel: {{.*}}missing.json: cannot read
// NOLAYER: error: moe-expert-parallel: {{.*}}other.json: no statistics for layer 0
// SHORT: error: moe-expert-parallel: {{.*}}short.json: layer 0 has 2 expert counts, the model 8
// BADJSON: error: moe-expert-parallel: {{.*}}bad.json: layers: expected a list of {layer, tokens_per_expert}
func.func @moe_layer(%x: tensor<?x16xf32>, %g: tensor<8x16xf32>, %eg: tensor<8x4x16xf32>, %ed: tensor<8x16x4xf32>) -> tensor<?x16xf32> {
  %ids, %w = moe.router %x, %g {top_k = 2 : i64, scoring = #moe.scoring<sigmoid>, n_group = 4 : i64, topk_group = 2 : i64, renorm = #moe.renorm<sum>, compute_type = f32}
      : (tensor<?x16xf32>, tensor<8x16xf32>) -> (tensor<?x2xi32>, tensor<?x2xf32>)
  %rows, %counts, %perm = moe.dispatch %x, %ids {num_experts = 8 : i64}
      : (tensor<?x16xf32>, tensor<?x2xi32>) -> (tensor<?x16xf32>, tensor<8xi32>, tensor<?xi32>)
  %y = moe.experts %rows, %counts gate(%eg) up(%eg) down(%ed)
      : (tensor<?x16xf32>, tensor<8xi32>, tensor<8x4x16xf32>, tensor<8x4x16xf32>, tensor<8x16x4xf32>) -> tensor<?x16xf32>
  %c = moe.combine %y, %perm weights(%w) {top_k = 2 : i64}
      : (tensor<?x16xf32>, tensor<?xi32>, tensor<?x2xf32>) -> tensor<?x16xf32>
  return %c : tensor<?x16xf32>
}
