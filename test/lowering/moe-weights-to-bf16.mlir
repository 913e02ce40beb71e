// RUN: moe-opt %moe_src_root/test/golden/qwen3_moe/config.json --num-layers 1 --moe-fuse-route-dispatch --moe-lower-to-kernels --moe-weights-to-bf16 | FileCheck %s
// RUN: moe-opt %moe_src_root/test/golden/gpt_oss/config.json --num-layers 1 --moe-lower-to-kernels --moe-weights-to-bf16 | FileCheck %s --check-prefix=BIAS
// RUN: moe-opt %moe_src_root/test/golden/qwen3_moe/config.json --num-layers 1 --moe-lower-train-step --moe-weights-to-bf16 | FileCheck %s --check-prefix=TRAIN

// One Qwen3-MoE layer: the projections, experts, embedding and LM head become
// bf16 and their launches run the _wbf16 variants; the norms and the router
// gate (its logits feed route_dispatch) stay f32.
// CHECK-LABEL: func.func @prefill(
// CHECK-SAME: %[[EMB:[a-z0-9]+]]: memref<256x64xbf16> {moe.param = "model.embed_tokens.weight"}
// CHECK-SAME: memref<64xf32> {moe.param = "model.layers.0.input_layernorm.weight"}
// CHECK-SAME: %[[Q:[a-z0-9]+]]: memref<128x64xbf16> {moe.param = "model.layers.0.self_attn.q_proj.weight"}
// CHECK-SAME: memref<32xf32> {moe.param = "model.layers.0.self_attn.q_norm.weight"}
// CHECK-SAME: %[[GATE:[a-z0-9]+]]: memref<16x64xf32> {moe.param = "model.layers.0.mlp.gate.weight"}
// CHECK-SAME: %[[UP:[a-z0-9]+]]: memref<16x16x64xbf16> {moe.param = "model.layers.0.mlp.experts.*.gate_proj.weight"}
// CHECK-SAME: %[[HEAD:[a-z0-9]+]]: memref<256x64xbf16> {moe.param = "lm_head.weight"}
// CHECK: moe.launch @embedding_wbf16(%[[EMB]],
// CHECK: moe.launch @matmul_nt_wbf16(%{{.*}}, %[[Q]],
// CHECK: moe.launch @matmul_nt(%{{[a-z0-9_]+}}, %[[GATE]], %{{[a-z0-9_]+}}, %[[LOGITS:[a-z0-9_]+]],
// CHECK: moe.launch @route_dispatch(%[[LOGITS]],
// CHECK: moe.launch @grouped_matmul_nt_wbf16(%{{.*}}, %[[UP]],
// CHECK: moe.launch @matmul_nt_wbf16(%{{[a-z0-9_]+}}, %[[HEAD]], %{{[a-z0-9_]+}}, %arg3,
// The f32 kernels still used stay; the others are removed.
// CHECK-NOT: func.func @embedding(
// CHECK-NOT: func.func @grouped_matmul_nt(
// CHECK-DAG: func.func @matmul_nt(
// CHECK-DAG: func.func @embedding_wbf16(
// CHECK-DAG: func.func @matmul_nt_wbf16(
// CHECK-DAG: func.func @grouped_matmul_nt_wbf16(
// CHECK-DAG: func.func @decode(

// gpt-oss: the experts' fused gate_up and down matrices become bf16 (through
// their transposed / de-interleaved views); their per-expert biases, the
// router (weight and bias) and the attention sinks stay f32.
// BIAS-LABEL: func.func @prefill(
// BIAS-SAME: memref<8xf32> {moe.param = "model.layers.0.self_attn.sinks"}
// BIAS-SAME: memref<8x64xf32> {moe.param = "model.layers.0.mlp.router.weight"}
// BIAS-SAME: memref<8x64x64xbf16> {moe.param = "model.layers.0.mlp.experts.gate_up_proj"
// BIAS-SAME: memref<8x64xf32> {moe.param = "model.layers.0.mlp.experts.gate_up_proj_bias"
// BIAS-SAME: memref<8x64x32xbf16> {moe.param = "model.layers.0.mlp.experts.down_proj"
// BIAS-SAME: memref<8x64xf32> {moe.param = "model.layers.0.mlp.experts.down_proj_bias"}

// A training step keeps every weight f32: AdamW and the gradient kernels use
// them too.
// TRAIN-NOT: bf16
// TRAIN: func.func @train_step(
// TRAIN-NOT: bf16
