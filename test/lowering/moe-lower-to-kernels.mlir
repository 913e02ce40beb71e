// RUN: moe-opt %s --moe-lower-to-kernels --cse | FileCheck %s
// RUN: moe-opt %s --moe-lower-to-kernels | FileCheck %s --check-prefix=KERNELS
// RUN: moe-opt %s --moe-lower-to-kernels="prefill-max-tokens=8 decode-max-tokens=2" | FileCheck %s --check-prefix=MAX
// RUN: moe-opt %s --moe-fuse-route-dispatch --moe-lower-to-kernels --cse | FileCheck %s --check-prefix=FUSED

// One Qwen3-MoE-like layer (GQA with per-head QK-norm and RoPE, softmax
// top-4 router, 8 experts) lowered to kernel launches: the entry arguments
// bind inputs, logits, weights (by HF name) and per-layer KV caches; q and k
// are normalised in place through per-head views; the router feeds the
// dispatch permutation, the grouped GEMMs write the gate and up halves of one
// buffer through strided views, and the LM head writes the logits argument.

// CHECK-LABEL: func.func @prefill(
// CHECK-SAME: %[[TOK:[a-z0-9]+]]: memref<?xi64> {moe.input = 0 : i64}
// CHECK-SAME: %[[POS:[a-z0-9]+]]: memref<?xi64> {moe.input = 1 : i64}
// CHECK-SAME: %[[SLOT:[a-z0-9]+]]: memref<?xi64> {moe.input = 2 : i64}
// CHECK-SAME: %[[LOGITS:[a-z0-9]+]]: memref<?x64xf32> {moe.output = 0 : i64}
// CHECK-SAME: %[[EMB:[a-z0-9]+]]: memref<64x32xf32> {moe.param = "model.embed_tokens.weight"}
// CHECK-SAME: %[[KC:[a-z0-9]+]]: memref<?x?x2x16xf32> {moe.cache = "k.0"}
// CHECK-SAME: %[[VC:[a-z0-9]+]]: memref<?x?x2x16xf32> {moe.cache = "v.0"}
// CHECK-SAME: %[[GATE:[a-z0-9]+]]: memref<8x24x32xf32> {moe.param = "model.layers.0.mlp.experts.*.gate_proj.weight"}
// CHECK-SAME: %[[HEAD:[a-z0-9]+]]: memref<64x32xf32> {moe.param = "lm_head.weight"})
// CHECK-SAME: attributes {moe.entry = "prefill", moe.max_tokens = 256 : i64}
// CHECK: %[[T:.*]] = memref.dim %[[TOK]]
// CHECK: %[[H0:.*]] = memref.alloc(%[[T]]) : memref<?x32xf32>
// CHECK: moe.launch @embedding(%[[EMB]], %[[TOK]], %[[H0]]) items(%[[T]])
// CHECK: moe.launch @rms_norm(
// CHECK: %[[Q:.*]] = memref.alloc({{.*}}) : memref<?x64xf32>
// CHECK: moe.launch @matmul_nt({{.*}}, %[[Q]], {{.*}}) items(%c2)
// CHECK: %[[TH:.*]] = arith.muli %[[T]], %c4
// CHECK: %[[QH:.*]] = memref.reinterpret_cast %[[Q]] to offset: [0], sizes: [%[[TH]], 16], strides: [16, 1]
// CHECK: moe.launch @rms_norm(%[[QH]], %{{.*}}, %[[QH]],
// CHECK: %[[Q3:.*]] = memref.reinterpret_cast %[[Q]] to offset: [0], sizes: [%[[T]], 4, 16], strides: [64, 16, 1]
// CHECK: %[[FREQ:.*]] = memref.get_global @rope_inv_freq_prefill_0 : memref<8xf32>
// CHECK: moe.launch @rope(%[[Q3]], %[[POS]], %[[FREQ]],
// CHECK: moe.launch @rope(%{{.*}}, %[[POS]], %[[FREQ]],
// CHECK: moe.launch @kv_store(%{{.*}}, %[[KC]], %[[POS]], %[[SLOT]]) items(%[[T]])
// CHECK: moe.launch @kv_store(%{{.*}}, %[[VC]], %[[POS]], %[[SLOT]]) items(%[[T]])
// CHECK: moe.launch @attention(%[[Q3]], %[[KC]], %[[VC]], %[[POS]], %[[SLOT]], {{.*}}) items(%[[TH]])
// CHECK: moe.launch @add(
// CHECK: %[[IDS:.*]] = memref.alloc(%[[T]]) : memref<?x4xi32>
// CHECK: moe.launch @router({{.*}}, %[[IDS]], {{.*}}) items(%[[T]])
// CHECK: %[[OFF:.*]] = memref.alloc() : memref<9xi32>
// CHECK: moe.launch @dispatch_count(%[[IDS]], %{{.*}}, %[[OFF]], {{.*}}) items(%c1)
// CHECK: moe.launch @gather_rows(
// CHECK: %[[GU:.*]] = memref.alloc(%{{.*}}) : memref<?x48xf32>
// CHECK: %[[G:.*]] = memref.reinterpret_cast %[[GU]] to offset: [0], sizes: [%{{.*}}, 24], strides: [48, 1]
// CHECK: moe.launch @grouped_matmul_nt(%{{.*}}, %[[GATE]], %{{.*}}, %[[OFF]], %[[G]], %{{.*}}) items(%c8)
// CHECK: memref.reinterpret_cast %[[GU]] to offset: [24], sizes: [%{{.*}}, 24], strides: [48, 1]
// CHECK: moe.launch @grouped_matmul_nt(
// CHECK: moe.launch @swiglu(%[[GU]],
// CHECK: moe.launch @grouped_matmul_nt(
// CHECK: moe.launch @combine(
// CHECK: moe.launch @add(
// CHECK: moe.launch @rms_norm(
// CHECK: moe.launch @matmul_nt(%{{.*}}, %[[HEAD]], %{{.*}}, %[[LOGITS]],
// CHECK-NEXT: return
// CHECK-LABEL: func.func @decode(
// CHECK-SAME: attributes {moe.entry = "decode", moe.max_tokens = 64 : i64}

// The kernels are cloned in once, marked, and @forward is gone.
// KERNELS-NOT: func.func @forward
// KERNELS-COUNT-1: func.func @matmul_nt({{.*}}) attributes {llvm.emit_c_interface, moe.kernel}
// KERNELS-NOT: func.func @forward
// KERNELS-NOT: func.func @matmul_nt(

// With moe-fuse-route-dispatch, the gate GEMM feeds the three phases of one
// route_dispatch kernel (64 token blocks, a scan, 64 blocks again) that share
// a [64, E] histogram; the grouped GEMMs read its offsets and the combine its
// inverse permutation.
// FUSED-LABEL: func.func @prefill(
// FUSED: %[[T:.*]] = memref.dim %{{.*}}, %c0 : memref<?xi64>
// FUSED: %[[LG:.*]] = memref.alloc(%{{.*}}) : memref<?x8xf32>
// FUSED: moe.launch @matmul_nt(%{{.*}}, %{{.*}}, %{{.*}}, %[[LG]],
// FUSED: %[[IDS:.*]] = memref.alloc(%[[T]]) : memref<?x4xi32>
// FUSED: %[[W:.*]] = memref.alloc(%[[T]]) : memref<?x4xf32>
// FUSED: %[[ROWS:.*]] = memref.alloc(%[[R:.*]]) : memref<?x32xf32>
// FUSED: %[[CNT:.*]] = memref.alloc() : memref<8xi32>
// FUSED: %[[OFF:.*]] = memref.alloc() : memref<9xi32>
// FUSED: %[[PERM:.*]] = memref.alloc(%[[R]]) : memref<?xi32>
// FUSED: %[[INV:.*]] = memref.alloc(%[[R]]) : memref<?xi32>
// FUSED: %[[HIST:.*]] = memref.alloc() : memref<64x8xi32>
// FUSED: moe.launch @route_dispatch(%[[LG]], %{{.*}}, %{{.*}}, %[[IDS]], %[[W]], %[[ROWS]], %[[CNT]], %[[OFF]], %[[PERM]], %[[INV]], %[[HIST]], %c0_i64,
// FUSED-SAME: items(%c64)
// FUSED: moe.launch @route_dispatch(%[[LG]], {{.*}}, %[[HIST]], %c1_i64,
// FUSED-SAME: items(%c1)
// FUSED: moe.launch @route_dispatch(%[[LG]], {{.*}}, %[[HIST]], %c2_i64,
// FUSED-SAME: items(%c64)
// FUSED-NOT: @router
// FUSED-NOT: @dispatch_count
// FUSED-NOT: @gather_rows
// FUSED: moe.launch @grouped_matmul_nt(%[[ROWS]], %{{.*}}, %{{.*}}, %[[OFF]],
// FUSED: moe.launch @combine(%{{.*}}, %[[INV]], {{.*}}) items(%[[T]])

// MAX: moe.entry = "prefill", moe.max_tokens = 8 : i64
// MAX: moe.entry = "decode", moe.max_tokens = 2 : i64

module attributes {moe.model_type = "qwen3_moe"} {
  moe.param @"model.embed_tokens.weight" : tensor<64x32xf32>
  moe.param @"model.layers.0.input_layernorm.weight" : tensor<32xf32>
  moe.param @"model.layers.0.self_attn.q_proj.weight" : tensor<64x32xf32>
  moe.param @"model.layers.0.self_attn.k_proj.weight" : tensor<32x32xf32>
  moe.param @"model.layers.0.self_attn.v_proj.weight" : tensor<32x32xf32>
  moe.param @"model.layers.0.self_attn.o_proj.weight" : tensor<32x64xf32>
  moe.param @"model.layers.0.self_attn.q_norm.weight" : tensor<16xf32>
  moe.param @"model.layers.0.self_attn.k_norm.weight" : tensor<16xf32>
  moe.param @"model.layers.0.post_attention_layernorm.weight" : tensor<32xf32>
  moe.param @"model.layers.0.mlp.gate.weight" : tensor<8x32xf32>
  moe.param @"model.layers.0.mlp.experts.*.gate_proj.weight" : tensor<8x24x32xf32>
  moe.param @"model.layers.0.mlp.experts.*.up_proj.weight" : tensor<8x24x32xf32>
  moe.param @"model.layers.0.mlp.experts.*.down_proj.weight" : tensor<8x32x24xf32>
  moe.param @"model.norm.weight" : tensor<32xf32>
  moe.param @"lm_head.weight" : tensor<64x32xf32>

  func.func @forward(%tokens: tensor<?xi64>, %positions: tensor<?xi64>,
                     %sequences: tensor<?xi64>) -> tensor<?x64xf32> {
    %embed = moe.weight @"model.embed_tokens.weight" : tensor<64x32xf32>
    %h0 = moe.embedding %embed[%tokens] : (tensor<64x32xf32>, tensor<?xi64>) -> tensor<?x32xf32>

    // Layer 0.
    %ln0 = moe.weight @"model.layers.0.input_layernorm.weight" : tensor<32xf32>
    %x0 = moe.rms_norm %h0 weight(%ln0) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %q0 = moe.weight @"model.layers.0.self_attn.q_proj.weight" : tensor<64x32xf32>
    %k0 = moe.weight @"model.layers.0.self_attn.k_proj.weight" : tensor<32x32xf32>
    %v0 = moe.weight @"model.layers.0.self_attn.v_proj.weight" : tensor<32x32xf32>
    %o0 = moe.weight @"model.layers.0.self_attn.o_proj.weight" : tensor<32x64xf32>
    %qn0 = moe.weight @"model.layers.0.self_attn.q_norm.weight" : tensor<16xf32>
    %kn0 = moe.weight @"model.layers.0.self_attn.k_norm.weight" : tensor<16xf32>
    %a0 = moe.attention %x0, %positions, %sequences q(%q0) k(%k0) v(%v0) o(%o0) q_norm(%qn0) k_norm(%kn0)
        {layer = 0 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64,
         scale = 0.25 : f64, qk_norm = #moe.qk_norm<per_head>,
         rope = #moe.rope<pairing = half_split, dim = 16, theta = 1.0e6>}
        : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<64x32xf32>, tensor<32x32xf32>,
           tensor<32x32xf32>, tensor<32x64xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x32xf32>
    %h1 = moe.add %h0, %a0 : tensor<?x32xf32>
    %pln0 = moe.weight @"model.layers.0.post_attention_layernorm.weight" : tensor<32xf32>
    %y0 = moe.rms_norm %h1 weight(%pln0) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %gate0 = moe.weight @"model.layers.0.mlp.gate.weight" : tensor<8x32xf32>
    %ids0, %w0 = moe.router %y0, %gate0
        {top_k = 4 : i64, scoring = #moe.scoring<softmax>, renorm = #moe.renorm<sum>, compute_type = f32}
        : (tensor<?x32xf32>, tensor<8x32xf32>) -> (tensor<?x4xi32>, tensor<?x4xf32>)
    %rows0, %counts0, %perm0 = moe.dispatch %y0, %ids0 {num_experts = 8 : i64}
        : (tensor<?x32xf32>, tensor<?x4xi32>) -> (tensor<?x32xf32>, tensor<8xi32>, tensor<?xi32>)
    %eg0 = moe.weight @"model.layers.0.mlp.experts.*.gate_proj.weight" : tensor<8x24x32xf32>
    %eu0 = moe.weight @"model.layers.0.mlp.experts.*.up_proj.weight" : tensor<8x24x32xf32>
    %ed0 = moe.weight @"model.layers.0.mlp.experts.*.down_proj.weight" : tensor<8x32x24xf32>
    %out0 = moe.experts %rows0, %counts0 gate(%eg0) up(%eu0) down(%ed0)
        : (tensor<?x32xf32>, tensor<8xi32>, tensor<8x24x32xf32>, tensor<8x24x32xf32>,
           tensor<8x32x24xf32>) -> tensor<?x32xf32>
    %moe0 = moe.combine %out0, %perm0 weights(%w0) {top_k = 4 : i64}
        : (tensor<?x32xf32>, tensor<?xi32>, tensor<?x4xf32>) -> tensor<?x32xf32>
    %h2 = moe.add %h1, %moe0 : tensor<?x32xf32>

    %fn = moe.weight @"model.norm.weight" : tensor<32xf32>
    %hf = moe.rms_norm %h2 weight(%fn) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %head = moe.weight @"lm_head.weight" : tensor<64x32xf32>
    %logits = moe.lm_head %hf, %head : (tensor<?x32xf32>, tensor<64x32xf32>) -> tensor<?x64xf32>
    return %logits : tensor<?x64xf32>
  }
}
