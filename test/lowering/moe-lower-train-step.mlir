// RUN: moe-opt %moe_src_root/examples/tiny_qwen3_moe.mlir --moe-lower-train-step="max-tokens=32" --cse | FileCheck %s
// RUN: moe-opt %moe_src_root/examples/tiny_qwen3_moe.mlir --moe-lower-train-step --moe-plan-buffers | FileCheck %s --check-prefix=PLAN
// RUN: not moe-opt %moe_src_root/examples/tiny_qwen3_moe.mlir --moe-lower-train-step="lr=0" 2>&1 | FileCheck %s --check-prefix=OPTS
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-mla-absorb --moe-lower-train-step 2>&1 | FileCheck %s --check-prefix=ABSORBED
// ABSORBED: error: moe-lower-train-step: absorbed MLA (moe-mla-absorb) has no backward rule; train the naive form
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-lower-train-step --cse | FileCheck %s --check-prefix=MLA
// RUN: moe-opt %moe_src_root/examples/tiny_qwen3_moe.mlir --moe-expert-parallel=ep=2 --moe-lower-train-step="max-tokens=32" --cse | FileCheck %s --check-prefix=EP
// OPTS: error: moe-lower-train-step: expected max-tokens >= 1, lr > 0, 0 <= beta1, beta2 < 1, eps > 0, weight-decay >= 0

// The training step of a 2-layer Qwen3-MoE-like model: inputs (tokens,
// positions, sequences, labels, optimiser step), outputs (logits, per-token
// loss), the batch shape (S x C), then per parameter its buffer and its
// gradient and AdamW moments as persistent states. The gradients are zeroed,
// the forward keeps what the backward reads, the loss seeds the backward,
// which runs the ops' rules in reverse (the last layer's MoE block first, the
// first layer's attention last), and AdamW updates every parameter.

// CHECK-LABEL: func.func @train_step(
// CHECK-SAME: %[[TOK:[a-z0-9]+]]: memref<?xi64> {moe.input = 0 : i64}
// CHECK-SAME: %[[POS:[a-z0-9]+]]: memref<?xi64> {moe.input = 1 : i64}
// CHECK-SAME: %[[SEQ:[a-z0-9]+]]: memref<?xi64> {moe.input = 2 : i64}
// CHECK-SAME: %[[LABELS:[a-z0-9]+]]: memref<?xi64> {moe.input = 3 : i64}
// CHECK-SAME: %[[STEP:[a-z0-9]+]]: memref<1xi64> {moe.input = 4 : i64}
// CHECK-SAME: %[[LOGITS:[a-z0-9]+]]: memref<?x64xf32> {moe.output = 0 : i64}
// CHECK-SAME: %[[LOSS:[a-z0-9]+]]: memref<?xf32> {moe.output = 1 : i64}
// CHECK-SAME: %[[BATCH:[a-z0-9]+]]: memref<?x?xi8> {moe.batch_shape}
// CHECK-SAME: %[[EMB:[a-z0-9]+]]: memref<64x32xf32> {moe.param = "model.embed_tokens.weight"}
// CHECK-SAME: %[[GEMB:[a-z0-9]+]]: memref<64x32xf32> {moe.state = "grad.model.embed_tokens.weight"}
// CHECK-SAME: memref<64x32xf32> {moe.state = "adam_m.model.embed_tokens.weight"}
// CHECK-SAME: memref<64x32xf32> {moe.state = "adam_v.model.embed_tokens.weight"}
// CHECK-SAME: attributes {moe.entry = "train_step", moe.max_tokens = 32 : i64}
// The keys and values are attended as a [S, C, heads, dim] "cache".
// CHECK: memref.dim %[[BATCH]], %c0
// CHECK: memref.dim %[[BATCH]], %c1
// CHECK: %[[GEMBFLAT:.*]] = memref.reinterpret_cast %[[GEMB]]
// CHECK: moe.launch @fill(%[[GEMBFLAT]],
// CHECK: moe.launch @embedding(%[[EMB]], %[[TOK]],
// CHECK: moe.launch @attention(
// CHECK: moe.launch @router(
// CHECK: moe.launch @combine(
// CHECK: moe.launch @cross_entropy(%[[LOGITS]], %[[LABELS]], %{{.*}}, %[[LOSS]])
// CHECK: moe.launch @matmul_tn(
// CHECK: moe.launch @combine_grad(
// CHECK: moe.launch @swiglu_grad(
// CHECK: moe.launch @router_grad(
// CHECK: moe.launch @attention_grad({{.*}}) items
// CHECK: moe.launch @attention_grad(
// Inverse RoPE of dq and dk: the rotation by the negated frequencies.
// CHECK: moe.launch @rope(
// CHECK: moe.launch @attention_grad(
// CHECK: moe.launch @embedding_grad(%[[TOK]], %{{.*}}, %[[GEMB]])
// CHECK: moe.launch @adamw({{.*}}%[[STEP]]
// CHECK: return

// The arena holds the forward activations, the backward's buffers and the
// logits gradient, packed by liveness.
// PLAN: func.func @train_step({{.*}} {moe.arena}) attributes {moe.arena_bytes =

// MLA (tiny DeepSeek-V3: 2 heads, nope 8, rope 4, v 8, kv_lora 16) in the
// naive form: per-head keys [k_nope | k_rot broadcast to the heads, then
// rotated] and the values of kv_b's output are the [S, C, 2, 12] and
// [S, C, 2, 8] "caches". The last layer's backward runs first: both
// attention_grad phases, dk_nope and dv back in kv_b's output layout, dk_rot
// summed over the heads into ckv's gradient, inverse RoPE of dq_rot and
// dk_rot, kv_a_norm's backward on c_kv; then the first layer's.
// MLA-LABEL: func.func @train_step(
// MLA: moe.launch @copy({{.*}}) : memref<?x2x4xf32, strided<[20, 0, 1], offset: 16>>, memref<?x2x4xf32, strided<[24, 12, 1], offset: 8>>
// MLA: moe.launch @attention(
// MLA: moe.launch @attention(%[[Q:[a-z0-9_]+]], %[[K:[a-z0-9_]+]], %[[V:[a-z0-9_]+]], {{.*}} : memref<?x2x12xf32, strided<[24, 12, 1]>>, memref<?x?x2x12xf32, strided<[?, 24, 12, 1]>>, memref<?x?x2x8xf32, strided<[?, 32, 16, 1], offset: 8>>
// MLA: moe.launch @cross_entropy(
// MLA: moe.launch @attention_grad(%[[Q]], %[[K]], %[[V]], {{.*}}, %c0_i64) items
// MLA: moe.launch @attention_grad(%[[Q]], %[[K]], %[[V]], {{.*}}, %c1_i64) items
// MLA: moe.launch @copy({{.*}}) : memref<?x2x8xf32, strided<[24, 12, 1]>>, memref<?x2x8xf32, strided<[32, 16, 1]>>
// MLA: moe.launch @copy({{.*}}) : memref<?x2x8xf32, strided<[16, 8, 1]>>, memref<?x2x8xf32, strided<[32, 16, 1], offset: 8>>
// MLA: moe.launch @add({{.*}}) : memref<?x4xf32, strided<[24, 1], offset: 8>>, memref<?x4xf32, strided<[24, 1], offset: 20>>, memref<?x4xf32, strided<[20, 1], offset: 16>>
// MLA: moe.launch @rope({{.*}}) : memref<?x2x4xf32, strided<[24, 12, 1], offset: 8>>
// MLA: moe.launch @rope({{.*}}) : memref<?x1x4xf32, strided<[20, 4, 1], offset: 16>>
// MLA: moe.launch @rms_norm_grad({{.*}}) : memref<?x16xf32, strided<[20, 1]>>
// MLA: moe.launch @attention_grad(
// MLA: moe.launch @attention_grad(
// MLA: return

// Expert parallelism (moe-expert-parallel, 8 experts on 2 ranks): a rank's
// expert slots are its parameter buffer and its gradient and AdamW states
// ([4, ...]); the forward dispatches and combines per layer; the label count
// of the mean loss is summed over the ranks; the backward runs each layer's
// exchanges transposed (the ep_combine's rule dispatches the output gradient
// with the forward's offsets, the ep_dispatch's rule combines the rows'
// gradient with that dispatch's id); the replicated parameters' gradients are
// summed over the ranks in one all-reduce before AdamW. R is planned for
// ep_size x top_k x max_tokens = 2 x 4 x 32 rows.
// EP-LABEL: func.func @train_step(
// EP-SAME: %[[GATE:[a-z0-9]+]]: memref<4x24x32xf32> {moe.expert_slots = array<i64: 0, 1, 2, 3, 4, 5, 6, 7>, moe.param = "model.layers.0.mlp.experts.*.gate_proj.weight"}
// EP-SAME: memref<4x24x32xf32> {moe.state = "grad.model.layers.0.mlp.experts.*.gate_proj.weight"}
// EP-SAME: attributes {moe.entry = "train_step", moe.ep_size = 2 : i64, moe.max_received = 256 : i64, moe.max_tokens = 32 : i64}
// EP: moe.exchange <dispatch>(%{{[a-z0-9_]+}}, %[[OFF0:[a-z0-9_]+]], {{.*}}) {ep_size = 2 : i64, id = 0 : i64, layer = 0 : i64
// EP: moe.launch @grouped_matmul_nt({{.*}}%[[GATE]]
// EP: moe.exchange <combine>({{.*}}) {ep_size = 2 : i64, id = 0 : i64, layer = 0 : i64
// EP: moe.exchange <dispatch>(%{{[a-z0-9_]+}}, %[[OFF1:[a-z0-9_]+]], {{.*}}) {ep_size = 2 : i64, id = 1 : i64, layer = 1 : i64
// EP: moe.exchange <combine>({{.*}}) {ep_size = 2 : i64, id = 1 : i64, layer = 1 : i64
// EP: moe.launch @label_count(%{{.*}}, %[[COUNT:[a-z0-9_]+]])
// EP-NEXT: moe.exchange <all_reduce>(%[[COUNT]]) {ep_size = 2 : i64, id = -1 : i64, layer = -1 : i64, placement = array<i64>} : memref<1xi64>
// EP: moe.launch @cross_entropy(%{{.*}}, %{{.*}}, %[[COUNT]],
// EP: moe.exchange <dispatch>(%{{[a-z0-9_]+}}, %[[OFF1]], {{.*}}) {ep_size = 2 : i64, id = 2 : i64, layer = 1 : i64
// EP: moe.launch @swiglu_grad(
// EP: moe.exchange <combine>({{.*}}) {ep_size = 2 : i64, id = 2 : i64, layer = 1 : i64
// EP: moe.exchange <dispatch>(%{{[a-z0-9_]+}}, %[[OFF0]], {{.*}}) {ep_size = 2 : i64, id = 3 : i64, layer = 0 : i64
// EP: moe.launch @swiglu_grad(
// EP: moe.exchange <combine>({{.*}}) {ep_size = 2 : i64, id = 3 : i64, layer = 0 : i64
// EP: moe.exchange <all_reduce>(
// EP-NOT: moe.exchange
// EP: moe.launch @adamw(

