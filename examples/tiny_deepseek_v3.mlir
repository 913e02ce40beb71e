// A tiny DeepSeek-V3-like network written by hand in the moe dialect:
// 2 layers (layer 0 dense, layer 1 MoE as first_k_dense_replace = 1), MLA
// attention with a q LoRA and YaRN RoPE on interleaved pairs, a sigmoid router
// with correction bias and group-limited selection (top-2-sum group score),
// 8 routed experts (top-2) and one ungated shared expert. Sizes are small; the
// structure is DeepSeek-V3's (HF_MATH 2).
module attributes {moe.model_type = "deepseek_v3"} {
  moe.param @"model.embed_tokens.weight" : tensor<64x32xf32>
  moe.param @"model.layers.0.input_layernorm.weight" : tensor<32xf32>
  moe.param @"model.layers.0.self_attn.q_a_proj.weight" : tensor<12x32xf32>
  moe.param @"model.layers.0.self_attn.q_a_layernorm.weight" : tensor<12xf32>
  moe.param @"model.layers.0.self_attn.q_b_proj.weight" : tensor<24x12xf32>
  moe.param @"model.layers.0.self_attn.kv_a_proj_with_mqa.weight" : tensor<20x32xf32>
  moe.param @"model.layers.0.self_attn.kv_a_layernorm.weight" : tensor<16xf32>
  moe.param @"model.layers.0.self_attn.kv_b_proj.weight" : tensor<32x16xf32>
  moe.param @"model.layers.0.self_attn.o_proj.weight" : tensor<32x16xf32>
  moe.param @"model.layers.0.post_attention_layernorm.weight" : tensor<32xf32>
  moe.param @"model.layers.0.mlp.gate_proj.weight" : tensor<64x32xf32>
  moe.param @"model.layers.0.mlp.up_proj.weight" : tensor<64x32xf32>
  moe.param @"model.layers.0.mlp.down_proj.weight" : tensor<32x64xf32>
  moe.param @"model.layers.1.input_layernorm.weight" : tensor<32xf32>
  moe.param @"model.layers.1.self_attn.q_a_proj.weight" : tensor<12x32xf32>
  moe.param @"model.layers.1.self_attn.q_a_layernorm.weight" : tensor<12xf32>
  moe.param @"model.layers.1.self_attn.q_b_proj.weight" : tensor<24x12xf32>
  moe.param @"model.layers.1.self_attn.kv_a_proj_with_mqa.weight" : tensor<20x32xf32>
  moe.param @"model.layers.1.self_attn.kv_a_layernorm.weight" : tensor<16xf32>
  moe.param @"model.layers.1.self_attn.kv_b_proj.weight" : tensor<32x16xf32>
  moe.param @"model.layers.1.self_attn.o_proj.weight" : tensor<32x16xf32>
  moe.param @"model.layers.1.post_attention_layernorm.weight" : tensor<32xf32>
  moe.param @"model.layers.1.mlp.gate.weight" : tensor<8x32xf32>
  moe.param @"model.layers.1.mlp.gate.e_score_correction_bias" : tensor<8xf32>
  moe.param @"model.layers.1.mlp.experts.*.gate_proj.weight" : tensor<8x16x32xf32>
  moe.param @"model.layers.1.mlp.experts.*.up_proj.weight" : tensor<8x16x32xf32>
  moe.param @"model.layers.1.mlp.experts.*.down_proj.weight" : tensor<8x32x16xf32>
  moe.param @"model.layers.1.mlp.shared_experts.gate_proj.weight" : tensor<16x32xf32>
  moe.param @"model.layers.1.mlp.shared_experts.up_proj.weight" : tensor<16x32xf32>
  moe.param @"model.layers.1.mlp.shared_experts.down_proj.weight" : tensor<32x16xf32>
  moe.param @"model.norm.weight" : tensor<32xf32>
  moe.param @"lm_head.weight" : tensor<64x32xf32>

  func.func @forward(%tokens: tensor<?xi64>, %positions: tensor<?xi64>,
                     %sequences: tensor<?xi64>) -> tensor<?x64xf32> {
    %embed = moe.weight @"model.embed_tokens.weight" : tensor<64x32xf32>
    %h0 = moe.embedding %embed[%tokens] : (tensor<64x32xf32>, tensor<?xi64>) -> tensor<?x32xf32>

    // Layer 0: MLA + dense MLP.
    %ln0 = moe.weight @"model.layers.0.input_layernorm.weight" : tensor<32xf32>
    %x0 = moe.rms_norm %h0 weight(%ln0) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %qa0 = moe.weight @"model.layers.0.self_attn.q_a_proj.weight" : tensor<12x32xf32>
    %qan0 = moe.weight @"model.layers.0.self_attn.q_a_layernorm.weight" : tensor<12xf32>
    %qb0 = moe.weight @"model.layers.0.self_attn.q_b_proj.weight" : tensor<24x12xf32>
    %kva0 = moe.weight @"model.layers.0.self_attn.kv_a_proj_with_mqa.weight" : tensor<20x32xf32>
    %kvan0 = moe.weight @"model.layers.0.self_attn.kv_a_layernorm.weight" : tensor<16xf32>
    %kvb0 = moe.weight @"model.layers.0.self_attn.kv_b_proj.weight" : tensor<32x16xf32>
    %o0 = moe.weight @"model.layers.0.self_attn.o_proj.weight" : tensor<32x16xf32>
    %a0 = moe.mla_attention %x0, %positions, %sequences
        q_a(%qa0) q_a_norm(%qan0) q_b(%qb0) kv_a(%kva0) kv_a_norm(%kvan0) kv_b(%kvb0) o(%o0)
        {layer = 0 : i64, num_heads = 2 : i64, q_lora_rank = 12 : i64, kv_lora_rank = 16 : i64,
         qk_nope_head_dim = 8 : i64, qk_rope_head_dim = 4 : i64, v_head_dim = 8 : i64,
         scale = 0.5404 : f64,
         rope = #moe.rope<pairing = interleaved, dim = 4, scaling = yarn, factor = 40.0,
                          original_max_position = 4096>}
        : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<12x32xf32>, tensor<12xf32>,
           tensor<24x12xf32>, tensor<20x32xf32>, tensor<16xf32>, tensor<32x16xf32>,
           tensor<32x16xf32>) -> tensor<?x32xf32>
    %h1 = moe.add %h0, %a0 : tensor<?x32xf32>
    %pln0 = moe.weight @"model.layers.0.post_attention_layernorm.weight" : tensor<32xf32>
    %y0 = moe.rms_norm %h1 weight(%pln0) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %g0 = moe.weight @"model.layers.0.mlp.gate_proj.weight" : tensor<64x32xf32>
    %u0 = moe.weight @"model.layers.0.mlp.up_proj.weight" : tensor<64x32xf32>
    %d0 = moe.weight @"model.layers.0.mlp.down_proj.weight" : tensor<32x64xf32>
    %m0 = moe.mlp %y0 gate(%g0) up(%u0) down(%d0)
        : (tensor<?x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<32x64xf32>) -> tensor<?x32xf32>
    %h2 = moe.add %h1, %m0 : tensor<?x32xf32>

    // Layer 1: MLA + MoE (sigmoid router, 4 groups keep 2, top-2, shared expert).
    %ln1 = moe.weight @"model.layers.1.input_layernorm.weight" : tensor<32xf32>
    %x1 = moe.rms_norm %h2 weight(%ln1) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %qa1 = moe.weight @"model.layers.1.self_attn.q_a_proj.weight" : tensor<12x32xf32>
    %qan1 = moe.weight @"model.layers.1.self_attn.q_a_layernorm.weight" : tensor<12xf32>
    %qb1 = moe.weight @"model.layers.1.self_attn.q_b_proj.weight" : tensor<24x12xf32>
    %kva1 = moe.weight @"model.layers.1.self_attn.kv_a_proj_with_mqa.weight" : tensor<20x32xf32>
    %kvan1 = moe.weight @"model.layers.1.self_attn.kv_a_layernorm.weight" : tensor<16xf32>
    %kvb1 = moe.weight @"model.layers.1.self_attn.kv_b_proj.weight" : tensor<32x16xf32>
    %o1 = moe.weight @"model.layers.1.self_attn.o_proj.weight" : tensor<32x16xf32>
    %a1 = moe.mla_attention %x1, %positions, %sequences
        q_a(%qa1) q_a_norm(%qan1) q_b(%qb1) kv_a(%kva1) kv_a_norm(%kvan1) kv_b(%kvb1) o(%o1)
        {layer = 1 : i64, num_heads = 2 : i64, q_lora_rank = 12 : i64, kv_lora_rank = 16 : i64,
         qk_nope_head_dim = 8 : i64, qk_rope_head_dim = 4 : i64, v_head_dim = 8 : i64,
         scale = 0.5404 : f64,
         rope = #moe.rope<pairing = interleaved, dim = 4, scaling = yarn, factor = 40.0,
                          original_max_position = 4096>}
        : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<12x32xf32>, tensor<12xf32>,
           tensor<24x12xf32>, tensor<20x32xf32>, tensor<16xf32>, tensor<32x16xf32>,
           tensor<32x16xf32>) -> tensor<?x32xf32>
    %h3 = moe.add %h2, %a1 : tensor<?x32xf32>
    %pln1 = moe.weight @"model.layers.1.post_attention_layernorm.weight" : tensor<32xf32>
    %y1 = moe.rms_norm %h3 weight(%pln1) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %gate = moe.weight @"model.layers.1.mlp.gate.weight" : tensor<8x32xf32>
    %bias = moe.weight @"model.layers.1.mlp.gate.e_score_correction_bias" : tensor<8xf32>
    %ids, %w = moe.router %y1, %gate correction_bias(%bias)
        {top_k = 2 : i64, scoring = #moe.scoring<sigmoid>, n_group = 4 : i64, topk_group = 2 : i64,
         group_score = #moe.group_score<top2_sum>, renorm = #moe.renorm<sum>,
         renorm_eps = 1.0e-20 : f64, routed_scaling_factor = 2.5 : f64, compute_type = f32}
        : (tensor<?x32xf32>, tensor<8x32xf32>, tensor<8xf32>) -> (tensor<?x2xi32>, tensor<?x2xf32>)
    %rows, %counts, %perm = moe.dispatch %y1, %ids {num_experts = 8 : i64}
        : (tensor<?x32xf32>, tensor<?x2xi32>) -> (tensor<?x32xf32>, tensor<8xi32>, tensor<?xi32>)
    %eg = moe.weight @"model.layers.1.mlp.experts.*.gate_proj.weight" : tensor<8x16x32xf32>
    %eu = moe.weight @"model.layers.1.mlp.experts.*.up_proj.weight" : tensor<8x16x32xf32>
    %ed = moe.weight @"model.layers.1.mlp.experts.*.down_proj.weight" : tensor<8x32x16xf32>
    %out = moe.experts %rows, %counts gate(%eg) up(%eu) down(%ed)
        : (tensor<?x32xf32>, tensor<8xi32>, tensor<8x16x32xf32>, tensor<8x16x32xf32>,
           tensor<8x32x16xf32>) -> tensor<?x32xf32>
    %routed = moe.combine %out, %perm weights(%w) {top_k = 2 : i64}
        : (tensor<?x32xf32>, tensor<?xi32>, tensor<?x2xf32>) -> tensor<?x32xf32>
    %sg = moe.weight @"model.layers.1.mlp.shared_experts.gate_proj.weight" : tensor<16x32xf32>
    %su = moe.weight @"model.layers.1.mlp.shared_experts.up_proj.weight" : tensor<16x32xf32>
    %sd = moe.weight @"model.layers.1.mlp.shared_experts.down_proj.weight" : tensor<32x16xf32>
    %shared = moe.shared_expert %y1 gate(%sg) up(%su) down(%sd)
        : (tensor<?x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>, tensor<32x16xf32>) -> tensor<?x32xf32>
    %moe = moe.add %routed, %shared : tensor<?x32xf32>
    %h4 = moe.add %h3, %moe : tensor<?x32xf32>

    %fn = moe.weight @"model.norm.weight" : tensor<32xf32>
    %hf = moe.rms_norm %h4 weight(%fn) {eps = 1.0e-6 : f64} : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %head = moe.weight @"lm_head.weight" : tensor<64x32xf32>
    %logits = moe.lm_head %hf, %head : (tensor<?x32xf32>, tensor<64x32xf32>) -> tensor<?x64xf32>
    return %logits : tensor<?x64xf32>
  }
}
