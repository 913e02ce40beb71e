// RUN: moe-opt %s -split-input-file --moe-fuse-route-dispatch | FileCheck %s
// RUN: moe-opt %s -split-input-file --moe-fuse-route-dispatch --moe-fuse-route-dispatch | FileCheck %s
// The analysis reads routing through RoutingOpInterface: same report fused.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-report=json > %t.unfused
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-fuse-route-dispatch --moe-report=json > %t.fused
// RUN: grep -q '"routed_experts"' %t.fused
// RUN: diff %t.unfused %t.fused

// moe.router + moe.dispatch -> moe.route_dispatch for every router variant;
// the combine (and experts) read the fused op's results. Cases that must not
// fuse are at the end. Running the pass twice changes nothing more.

// Softmax, renormalised (Qwen3-MoE, Mixtral, DBRX).
// CHECK-LABEL: func.func @softmax_renorm
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x16xf32>, %[[G:[^:]+]]: tensor<8x16xf32>
// CHECK-NOT: moe.router
// CHECK-NOT: moe.dispatch
// CHECK: %[[IDS:[^ ,]+]], %[[W:[^ ,]+]], %[[ROWS:[^ ,]+]], %[[CNT:[^ ,]+]], %[[OFF:[^ ,]+]], %[[PERM:[^ ,]+]], %[[INV:[^ ,]+]] = moe.route_dispatch %[[X]], %[[G]]
// CHECK-SAME: {compute_type = f32, renorm = #moe.renorm<sum>, scoring = #moe.scoring<softmax>, top_k = 2 : i64}
// CHECK-SAME: -> (tensor<?x2xi32>, tensor<?x2xf32>, tensor<?x16xf32>, tensor<8xi32>, tensor<9xi32>, tensor<?xi32>, tensor<?xi32>)
// CHECK: %[[Y:[^ ]+]] = moe.experts %[[ROWS]], %[[CNT]]
// CHECK: moe.combine %[[Y]], %[[PERM]] weights(%[[W]]) {top_k = 2 : i64}
func.func @softmax_renorm(%x: tensor<?x16xf32>, %g: tensor<8x16xf32>, %eg: tensor<8x4x16xf32>, %ed: tensor<8x16x4xf32>) -> tensor<?x16xf32> {
  %ids, %w = moe.router %x, %g {top_k = 2 : i64, scoring = #moe.scoring<softmax>, renorm = #moe.renorm<sum>, compute_type = f32}
      : (tensor<?x16xf32>, tensor<8x16xf32>) -> (tensor<?x2xi32>, tensor<?x2xf32>)
  %rows, %counts, %perm = moe.dispatch %x, %ids {num_experts = 8 : i64}
      : (tensor<?x16xf32>, tensor<?x2xi32>) -> (tensor<?x16xf32>, tensor<8xi32>, tensor<?xi32>)
  %y = moe.experts %rows, %counts gate(%eg) up(%eg) down(%ed)
      : (tensor<?x16xf32>, tensor<8xi32>, tensor<8x4x16xf32>, tensor<8x4x16xf32>, tensor<8x16x4xf32>) -> tensor<?x16xf32>
  %c = moe.combine %y, %perm weights(%w) {top_k = 2 : i64}
      : (tensor<?x16xf32>, tensor<?xi32>, tensor<?x2xf32>) -> tensor<?x16xf32>
  return %c : tensor<?x16xf32>
}

// -----

// Softmax, not renormalised (OLMoE, Qwen2-MoE), bf16 tokens with f32 weights.
// CHECK-LABEL: func.func @softmax_plain
// CHECK: moe.route_dispatch %{{[^ ,]+}}, %{{[^ ,]+}} {compute_type = f32, scoring = #moe.scoring<softmax>, top_k = 4 : i64}
// CHECK-SAME: -> (tensor<?x4xi32>, tensor<?x4xf32>, tensor<?x16xbf16>, tensor<8xi32>, tensor<9xi32>, tensor<?xi32>, tensor<?xi32>)
func.func @softmax_plain(%x: tensor<?x16xbf16>, %g: tensor<8x16xbf16>) -> (tensor<?x16xbf16>, tensor<?x4xf32>) {
  %ids, %w = moe.router %x, %g {top_k = 4 : i64, scoring = #moe.scoring<softmax>, compute_type = f32}
      : (tensor<?x16xbf16>, tensor<8x16xbf16>) -> (tensor<?x4xi32>, tensor<?x4xf32>)
  %rows, %counts, %perm = moe.dispatch %x, %ids {num_experts = 8 : i64}
      : (tensor<?x16xbf16>, tensor<?x4xi32>) -> (tensor<?x16xbf16>, tensor<8xi32>, tensor<?xi32>)
  return %rows, %w : tensor<?x16xbf16>, tensor<?x4xf32>
}

// -----

// Sigmoid with correction bias, group-limited top-2-sum selection, renorm and
// routed scaling (DeepSeek-V3, Kimi K2): the bias and every attribute carry.
// CHECK-LABEL: func.func @sigmoid_grouped
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x16xf32>, %[[G:[^:]+]]: tensor<32x16xf32>, %[[B:[^:]+]]: tensor<32xf32>)
// CHECK: moe.route_dispatch %[[X]], %[[G]] correction_bias(%[[B]])
// CHECK-SAME: group_score = #moe.group_score<top2_sum>
// CHECK-SAME: n_group = 8 : i64
// CHECK-SAME: renorm = #moe.renorm<sum>
// CHECK-SAME: renorm_eps = 9.9999999999999995E-21 : f64
// CHECK-SAME: routed_scaling_factor = 2.500000e+00 : f64
// CHECK-SAME: scoring = #moe.scoring<sigmoid>
// CHECK-SAME: top_k = 8 : i64
// CHECK-SAME: topk_group = 4 : i64
// CHECK-SAME: -> (tensor<?x8xi32>, tensor<?x8xf32>, tensor<?x16xf32>, tensor<32xi32>, tensor<33xi32>, tensor<?xi32>, tensor<?xi32>)
func.func @sigmoid_grouped(%x: tensor<?x16xf32>, %g: tensor<32x16xf32>, %b: tensor<32xf32>) -> (tensor<?x16xf32>, tensor<?xi32>, tensor<?x8xf32>) {
  %ids, %w = moe.router %x, %g correction_bias(%b)
      {top_k = 8 : i64, scoring = #moe.scoring<sigmoid>, n_group = 8 : i64, topk_group = 4 : i64,
       group_score = #moe.group_score<top2_sum>, renorm = #moe.renorm<sum>, renorm_eps = 1.0e-20 : f64,
       routed_scaling_factor = 2.5 : f64, compute_type = f32}
      : (tensor<?x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> (tensor<?x8xi32>, tensor<?x8xf32>)
  %rows, %counts, %perm = moe.dispatch %x, %ids {num_experts = 32 : i64}
      : (tensor<?x16xf32>, tensor<?x8xi32>) -> (tensor<?x16xf32>, tensor<32xi32>, tensor<?xi32>)
  return %rows, %perm, %w : tensor<?x16xf32>, tensor<?xi32>, tensor<?x8xf32>
}

// -----

// Softmax over the top-k logits with a gate bias (gpt-oss).
// CHECK-LABEL: func.func @softmax_topk_bias
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x16xf32>, %[[G:[^:]+]]: tensor<8x16xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK: moe.route_dispatch %[[X]], %[[G]] bias(%[[B]]) {compute_type = f32, scoring = #moe.scoring<softmax_topk>, top_k = 4 : i64}
func.func @softmax_topk_bias(%x: tensor<?x16xf32>, %g: tensor<8x16xf32>, %b: tensor<8xf32>) -> (tensor<?x16xf32>, tensor<?x4xf32>) {
  %ids, %w = moe.router %x, %g bias(%b) {top_k = 4 : i64, scoring = #moe.scoring<softmax_topk>, compute_type = f32}
      : (tensor<?x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> (tensor<?x4xi32>, tensor<?x4xf32>)
  %rows, %counts, %perm = moe.dispatch %x, %ids {num_experts = 8 : i64}
      : (tensor<?x16xf32>, tensor<?x4xi32>) -> (tensor<?x16xf32>, tensor<8xi32>, tensor<?xi32>)
  return %rows, %w : tensor<?x16xf32>, tensor<?x4xf32>
}

// -----

// Sigmoid of the top-1 logit, rows scaled by the weight on dispatch and an
// unweighted combine (Llama 4): `scale_rows`.
// CHECK-LABEL: func.func @sigmoid_topk_scaled
// CHECK: %{{[^ ,]+}}, %{{[^ ,]+}}, %[[ROWS:[^ ,]+]], %{{[^ ,]+}}, %{{[^ ,]+}}, %[[PERM:[^ ,]+]], %{{[^ ,]+}} = moe.route_dispatch
// CHECK-SAME: {compute_type = f32, scale_rows, scoring = #moe.scoring<sigmoid_topk>, top_k = 1 : i64}
// CHECK: moe.combine %[[ROWS]], %[[PERM]] {top_k = 1 : i64}
func.func @sigmoid_topk_scaled(%x: tensor<?x16xf32>, %g: tensor<8x16xf32>) -> tensor<?x16xf32> {
  %ids, %w = moe.router %x, %g {top_k = 1 : i64, scoring = #moe.scoring<sigmoid_topk>, compute_type = f32}
      : (tensor<?x16xf32>, tensor<8x16xf32>) -> (tensor<?x1xi32>, tensor<?x1xf32>)
  %rows, %counts, %perm = moe.dispatch %x, %ids weights(%w) {num_experts = 8 : i64}
      : (tensor<?x16xf32>, tensor<?x1xi32>, tensor<?x1xf32>) -> (tensor<?x16xf32>, tensor<8xi32>, tensor<?xi32>)
  %c = moe.combine %rows, %perm {top_k = 1 : i64}
      : (tensor<?x16xf32>, tensor<?xi32>) -> tensor<?x16xf32>
  return %c : tensor<?x16xf32>
}

// -----

// Another use of the router's ids between router and dispatch keeps working:
// the fused op replaces the router where it was.
// CHECK-LABEL: func.func @ids_used_before_dispatch
// CHECK: %[[IDS:[^ ,]+]], %{{.*}} = moe.route_dispatch
// CHECK-NEXT: %[[R:[^ ]+]] = tensor.cast %[[IDS]]
// CHECK: return %[[R]]
func.func @ids_used_before_dispatch(%x: tensor<?x16xf32>, %g: tensor<8x16xf32>) -> (tensor<?x2xi32>, tensor<?x16xf32>) {
  %ids, %w = moe.router %x, %g {top_k = 2 : i64, scoring = #moe.scoring<softmax>, compute_type = f32}
      : (tensor<?x16xf32>, tensor<8x16xf32>) -> (tensor<?x2xi32>, tensor<?x2xf32>)
  %r = tensor.cast %ids : tensor<?x2xi32> to tensor<?x2xi32>
  %rows, %counts, %perm = moe.dispatch %x, %ids {num_experts = 8 : i64}
      : (tensor<?x16xf32>, tensor<?x2xi32>) -> (tensor<?x16xf32>, tensor<8xi32>, tensor<?xi32>)
  return %r, %rows : tensor<?x2xi32>, tensor<?x16xf32>
}

// -----

// Not fused: the dispatch moves other tokens than the router scored.
// CHECK-LABEL: func.func @other_tokens
// CHECK-NOT: moe.route_dispatch
// CHECK: moe.router
// CHECK: moe.dispatch
func.func @other_tokens(%x: tensor<?x16xf32>, %x2: tensor<?x16xf32>, %g: tensor<8x16xf32>) -> tensor<?x16xf32> {
  %ids, %w = moe.router %x, %g {top_k = 2 : i64, scoring = #moe.scoring<softmax>, compute_type = f32}
      : (tensor<?x16xf32>, tensor<8x16xf32>) -> (tensor<?x2xi32>, tensor<?x2xf32>)
  %rows, %counts, %perm = moe.dispatch %x2, %ids {num_experts = 8 : i64}
      : (tensor<?x16xf32>, tensor<?x2xi32>) -> (tensor<?x16xf32>, tensor<8xi32>, tensor<?xi32>)
  return %rows : tensor<?x16xf32>
}

// -----

// Not fused: the rows are scaled by weights that are not the router's.
// CHECK-LABEL: func.func @other_weights
// CHECK-NOT: moe.route_dispatch
// CHECK: moe.router
// CHECK: moe.dispatch
func.func @other_weights(%x: tensor<?x16xf32>, %g: tensor<8x16xf32>, %w2: tensor<?x2xf32>) -> tensor<?x16xf32> {
  %ids, %w = moe.router %x, %g {top_k = 2 : i64, scoring = #moe.scoring<softmax>, compute_type = f32}
      : (tensor<?x16xf32>, tensor<8x16xf32>) -> (tensor<?x2xi32>, tensor<?x2xf32>)
  %rows, %counts, %perm = moe.dispatch %x, %ids weights(%w2) {num_experts = 8 : i64}
      : (tensor<?x16xf32>, tensor<?x2xi32>, tensor<?x2xf32>) -> (tensor<?x16xf32>, tensor<8xi32>, tensor<?xi32>)
  return %rows : tensor<?x16xf32>
}

// -----

// Not fused: the ids do not come from a router; nor does a dispatch that
// counts over more experts than the gate scores.
// CHECK-LABEL: func.func @not_router_ids
// CHECK-NOT: moe.route_dispatch
// CHECK: moe.dispatch
// CHECK: moe.router
// CHECK: moe.dispatch
func.func @not_router_ids(%x: tensor<?x16xf32>, %ids: tensor<?x2xi32>, %g: tensor<8x16xf32>) -> (tensor<?x16xf32>, tensor<?x16xf32>) {
  %rows, %counts, %perm = moe.dispatch %x, %ids {num_experts = 8 : i64}
      : (tensor<?x16xf32>, tensor<?x2xi32>) -> (tensor<?x16xf32>, tensor<8xi32>, tensor<?xi32>)
  %ids2, %w = moe.router %x, %g {top_k = 2 : i64, scoring = #moe.scoring<softmax>, compute_type = f32}
      : (tensor<?x16xf32>, tensor<8x16xf32>) -> (tensor<?x2xi32>, tensor<?x2xf32>)
  %rows2, %counts2, %perm2 = moe.dispatch %x, %ids2 {num_experts = 16 : i64}
      : (tensor<?x16xf32>, tensor<?x2xi32>) -> (tensor<?x16xf32>, tensor<16xi32>, tensor<?xi32>)
  return %rows, %rows2 : tensor<?x16xf32>, tensor<?x16xf32>
}
