// A tiny Qwen3-MoE-like network written by hand in the moe dialect: 2 MoE
// layers, GQA (4 query heads, 2 KV heads, head_dim 16 != hidden / heads) with
// per-head QK RMSNorm before half-split RoPE, a softmax router (router matmul
// in the model dtype, top-4 of 8, renormalised) and no shared expert
// (HF_MATH 4).
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
  moe.param @"model.layers.1.input_layernorm.weight" : tensor<32xf32>
  moe.param @"model.layers.1.self_attn.q_proj.weight" : tensor<64x32xf32>
  moe.param @"model.layers.1.self_attn.k_proj.weight" : tensor<32x32xf32>
  moe.param @"model.layers.1.self_attn.v_proj.weight" : tensor<32x32xf32>
  moe.param @"model.layers.1.self_attn.o_proj.weight" : tensor<32x64xf32>
  moe.param @"model.layers.1.self_attn.q_norm.weight" : tensor<16xf32>
  moe.param @"model.layers.1.self_attn.k_norm.weight" : tensor<16xf32>
  moe.param @"model.layers.1.post_attention_layernorm.weight" : tensor<32xf32>
  moe.param @"model.layers.1.mlp.gate.weight" : tensor<8x32xf32>
  moe.param @"model.layers.1.mlp.experts.*.gate_proj.weight" : tensor<8x24x32xf32>
  moe.param @"model.layers.1.mlp.experts.*.up_proj.weight" : tensor<8x24x32xf32>
  moe.param @"model.layers.1.mlp.experts.*.down_proj.weight" : tensor<8x32x24xf32>
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

    // Layer 1.
    %ln1 = moe.weight @"model.layers.1.input_layernorm.weight" : tensor<32xf32>
    %x1 = moe.rms_norm %h2 weight(%ln1) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %q1 = moe.weight @"model.layers.1.self_attn.q_proj.weight" : tensor<64x32xf32>
    %k1 = moe.weight @"model.layers.1.self_attn.k_proj.weight" : tensor<32x32xf32>
    %v1 = moe.weight @"model.layers.1.self_attn.v_proj.weight" : tensor<32x32xf32>
    %o1 = moe.weight @"model.layers.1.self_attn.o_proj.weight" : tensor<32x64xf32>
    %qn1 = moe.weight @"model.layers.1.self_attn.q_norm.weight" : tensor<16xf32>
    %kn1 = moe.weight @"model.layers.1.self_attn.k_norm.weight" : tensor<16xf32>
    %a1 = moe.attention %x1, %positions, %sequences q(%q1) k(%k1) v(%v1) o(%o1) q_norm(%qn1) k_norm(%kn1)
        {layer = 1 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64,
         scale = 0.25 : f64, qk_norm = #moe.qk_norm<per_head>,
         rope = #moe.rope<pairing = half_split, dim = 16, theta = 1.0e6>}
        : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<64x32xf32>, tensor<32x32xf32>,
           tensor<32x32xf32>, tensor<32x64xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x32xf32>
    %h3 = moe.add %h2, %a1 : tensor<?x32xf32>
    %pln1 = moe.weight @"model.layers.1.post_attention_layernorm.weight" : tensor<32xf32>
    %y1 = moe.rms_norm %h3 weight(%pln1) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %gate1 = moe.weight @"model.layers.1.mlp.gate.weight" : tensor<8x32xf32>
    %ids1, %w1 = moe.router %y1, %gate1
        {top_k = 4 : i64, scoring = #moe.scoring<softmax>, renorm = #moe.renorm<sum>, compute_type = f32}
        : (tensor<?x32xf32>, tensor<8x32xf32>) -> (tensor<?x4xi32>, tensor<?x4xf32>)
    %rows1, %counts1, %perm1 = moe.dispatch %y1, %ids1 {num_experts = 8 : i64}
        : (tensor<?x32xf32>, tensor<?x4xi32>) -> (tensor<?x32xf32>, tensor<8xi32>, tensor<?xi32>)
    %eg1 = moe.weight @"model.layers.1.mlp.experts.*.gate_proj.weight" : tensor<8x24x32xf32>
    %eu1 = moe.weight @"model.layers.1.mlp.experts.*.up_proj.weight" : tensor<8x24x32xf32>
    %ed1 = moe.weight @"model.layers.1.mlp.experts.*.down_proj.weight" : tensor<8x32x24xf32>
    %out1 = moe.experts %rows1, %counts1 gate(%eg1) up(%eu1) down(%ed1)
        : (tensor<?x32xf32>, tensor<8xi32>, tensor<8x24x32xf32>, tensor<8x24x32xf32>,
           tensor<8x32x24xf32>) -> tensor<?x32xf32>
    %moe1 = moe.combine %out1, %perm1 weights(%w1) {top_k = 4 : i64}
        : (tensor<?x32xf32>, tensor<?xi32>, tensor<?x4xf32>) -> tensor<?x32xf32>
    %h4 = moe.add %h3, %moe1 : tensor<?x32xf32>

    %fn = moe.weight @"model.norm.weight" : tensor<32xf32>
    %hf = moe.rms_norm %h4 weight(%fn) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %head = moe.weight @"lm_head.weight" : tensor<64x32xf32>
    %logits = moe.lm_head %hf, %head : (tensor<?x32xf32>, tensor<64x32xf32>) -> tensor<?x64xf32>
    return %logits : tensor<?x64xf32>
  }
}
