// RUN: moe-opt %s -split-input-file | moe-opt -split-input-file | FileCheck %s
// RUN: moe-opt %s -split-input-file -mlir-print-op-generic | moe-opt -split-input-file | FileCheck %s

// Round trip of every op of the moe dialect, in its custom and generic forms.

// CHECK-LABEL: moe.param @model.embed_tokens.weight : tensor<100x32xf32>
// CHECK: moe.param @"model.layers.0.mlp.experts.*.gate_proj.weight" : tensor<4x16x32xf32>
moe.param @"model.embed_tokens.weight" : tensor<100x32xf32>
moe.param @"model.layers.0.mlp.experts.*.gate_proj.weight" : tensor<4x16x32xf32>

// CHECK-LABEL: func.func @params
// CHECK: %[[E:[^ ,)]+]] = moe.weight @model.embed_tokens.weight : tensor<100x32xf32>
// CHECK: %[[G:[^ ,)]+]] = moe.weight @"model.layers.0.mlp.experts.*.gate_proj.weight" : tensor<4x16x32xf32>
// CHECK: return %[[E]], %[[G]]
func.func @params() -> (tensor<100x32xf32>, tensor<4x16x32xf32>) {
  %e = moe.weight @"model.embed_tokens.weight" : tensor<100x32xf32>
  %g = moe.weight @"model.layers.0.mlp.experts.*.gate_proj.weight" : tensor<4x16x32xf32>
  return %e, %g : tensor<100x32xf32>, tensor<4x16x32xf32>
}

// -----

// CHECK-LABEL: func.func @embedding
// CHECK: moe.embedding %{{[^ ,)]+}}[%{{[^ ,)]+}}] : (tensor<100x32xbf16>, tensor<?xi64>) -> tensor<?x32xbf16>
func.func @embedding(%table: tensor<100x32xbf16>, %tokens: tensor<?xi64>) -> tensor<?x32xbf16> {
  %h = moe.embedding %table[%tokens] : (tensor<100x32xbf16>, tensor<?xi64>) -> tensor<?x32xbf16>
  return %h : tensor<?x32xbf16>
}

// -----

// CHECK-LABEL: func.func @norms
// CHECK: moe.rms_norm %[[X:[^ ,)]+]] weight(%{{[^ ,)]+}}) {eps = 9.9999999999999995E-7 : f64}
// CHECK: moe.rms_norm %[[X]] weight(%{{[^ ,)]+}}) {eps = 1.000000e-05 : f64, multiply_in_f32}
// CHECK: moe.rms_norm %[[X]] {eps = 1.000000e-05 : f64} : (tensor<?x32xbf16>) -> tensor<?x32xbf16>
// CHECK: moe.rms_norm %{{[^ ,)]+}} {eps = 1.000000e-05 : f64} : (tensor<?x4x8xbf16>) -> tensor<?x4x8xbf16>
// CHECK: moe.layer_norm %[[X]] weight(%{{[^ ,)]+}}) {eps = 1.000000e-05 : f64}
// CHECK: moe.layer_norm %[[X]] weight(%{{[^ ,)]+}}) bias(%{{[^ ,)]+}}) {eps = 1.000000e-05 : f64}
// CHECK: moe.layer_norm %[[X]] {eps = 1.000000e-05 : f64}
func.func @norms(%x: tensor<?x32xbf16>, %w: tensor<32xbf16>, %w32: tensor<32xf32>, %q: tensor<?x4x8xbf16>) {
  %0 = moe.rms_norm %x weight(%w) {eps = 1.0e-6 : f64} : (tensor<?x32xbf16>, tensor<32xbf16>) -> tensor<?x32xbf16>
  %1 = moe.rms_norm %x weight(%w32) {eps = 1.0e-5 : f64, multiply_in_f32} : (tensor<?x32xbf16>, tensor<32xf32>) -> tensor<?x32xbf16>
  %2 = moe.rms_norm %x {eps = 1.0e-5 : f64} : (tensor<?x32xbf16>) -> tensor<?x32xbf16>
  %3 = moe.rms_norm %q {eps = 1.0e-5 : f64} : (tensor<?x4x8xbf16>) -> tensor<?x4x8xbf16>
  %4 = moe.layer_norm %x weight(%w) {eps = 1.0e-5 : f64} : (tensor<?x32xbf16>, tensor<32xbf16>) -> tensor<?x32xbf16>
  %5 = moe.layer_norm %x weight(%w) bias(%w) {eps = 1.0e-5 : f64} : (tensor<?x32xbf16>, tensor<32xbf16>, tensor<32xbf16>) -> tensor<?x32xbf16>
  %6 = moe.layer_norm %x {eps = 1.0e-5 : f64} : (tensor<?x32xbf16>) -> tensor<?x32xbf16>
  return
}

// -----

// CHECK-LABEL: func.func @linear_rope_add_head
// CHECK: moe.linear %[[X:[^ ,)]+]], %{{[^ ,)]+}} : (tensor<?x32xf32>, tensor<64x32xf32>) -> tensor<?x64xf32>
// CHECK: moe.linear %[[X]], %{{[^ ,)]+}} bias(%{{[^ ,)]+}}) : (tensor<?x32xf32>, tensor<64x32xf32>, tensor<64xf32>) -> tensor<?x64xf32>
// CHECK: moe.rope %{{[^ ,)]+}}, %{{[^ ,)]+}} {rope = #moe.rope<pairing = half_split, dim = 8, theta = 1.000000e+06>}
// CHECK: moe.rope %{{[^ ,)]+}}, %{{[^ ,)]+}} {rope = #moe.rope<pairing = interleaved, dim = 8, scaling = yarn, factor = 4.000000e+01, original_max_position = 4096>}
// CHECK: moe.rope %{{[^ ,)]+}}, %{{[^ ,)]+}} {rope = #moe.rope<pairing = interleaved, dim = 8, theta = 5.000000e+05, scaling = llama3, factor = 1.600000e+01, original_max_position = 8192, high_freq_factor = 1.000000e+00>}
// CHECK: moe.rope %{{[^ ,)]+}}, %{{[^ ,)]+}} {rope = #moe.rope<pairing = half_split, dim = 8, theta = 1.500000e+05, scaling = yarn, factor = 3.200000e+01, original_max_position = 4096, truncate = false, attention_factor = 1.3465735902799727>}
// CHECK: moe.add %[[X]], %[[X]] : tensor<?x32xf32>
// CHECK: moe.lm_head %[[X]], %{{[^ ,)]+}} : (tensor<?x32xf32>, tensor<100x32xf32>) -> tensor<?x100xf32>
func.func @linear_rope_add_head(%x: tensor<?x32xf32>, %w: tensor<64x32xf32>, %b: tensor<64xf32>,
                                %q: tensor<?x4x8xf32>, %pos: tensor<?xi64>, %head: tensor<100x32xf32>) {
  %0 = moe.linear %x, %w : (tensor<?x32xf32>, tensor<64x32xf32>) -> tensor<?x64xf32>
  %1 = moe.linear %x, %w bias(%b) : (tensor<?x32xf32>, tensor<64x32xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %2 = moe.rope %q, %pos {rope = #moe.rope<pairing = half_split, dim = 8, theta = 1.0e6>} : (tensor<?x4x8xf32>, tensor<?xi64>) -> tensor<?x4x8xf32>
  %3 = moe.rope %q, %pos {rope = #moe.rope<pairing = interleaved, dim = 8, scaling = yarn, factor = 40.0, original_max_position = 4096, beta_fast = 32.0, beta_slow = 1.0>} : (tensor<?x4x8xf32>, tensor<?xi64>) -> tensor<?x4x8xf32>
  %4 = moe.rope %q, %pos {rope = #moe.rope<pairing = interleaved, dim = 8, theta = 5.0e5, scaling = llama3, factor = 16.0, original_max_position = 8192, low_freq_factor = 1.0, high_freq_factor = 1.0>} : (tensor<?x4x8xf32>, tensor<?xi64>) -> tensor<?x4x8xf32>
  %5 = moe.rope %q, %pos {rope = #moe.rope<pairing = half_split, dim = 8, theta = 150000.0, scaling = yarn, factor = 32.0, original_max_position = 4096, truncate = false, attention_factor = 1.3465735902799727>} : (tensor<?x4x8xf32>, tensor<?xi64>) -> tensor<?x4x8xf32>
  %6 = moe.add %x, %x : tensor<?x32xf32>
  %7 = moe.lm_head %x, %head : (tensor<?x32xf32>, tensor<100x32xf32>) -> tensor<?x100xf32>
  return
}

// -----

// CHECK-LABEL: func.func @attention
// CHECK: moe.attention %{{[^ ,)]+}}, %{{[^ ,)]+}}, %{{[^ ,)]+}} q(%{{[^ ,)]+}}) k(%{{[^ ,)]+}}) v(%{{[^ ,)]+}}) o(%{{[^ ,)]+}}) q_norm(%{{[^ ,)]+}}) k_norm(%{{[^ ,)]+}})
// CHECK-SAME: qk_norm = #moe.qk_norm<per_head>
// CHECK: moe.attention {{.+}} q_bias(%{{[^ ,)]+}}) k_bias(%{{[^ ,)]+}}) v_bias(%{{[^ ,)]+}}) o_bias(%{{[^ ,)]+}}) sinks(%{{[^ ,)]+}})
// CHECK-SAME: sliding_window = 4 : i64
// CHECK: moe.attention
// CHECK-SAME: clip_qkv = 8.000000e+00 : f64
// CHECK: moe.attention
// CHECK-SAME: chunk_size = 8 : i64
// CHECK-SAME: qk_norm = #moe.qk_norm<l2_after_rope>
// CHECK: moe.attention
// CHECK-NOT: rope =
// CHECK-SAME: temperature_floor_scale = 8.192000e+03 : f64, temperature_scale = 1.000000e-01 : f64
// CHECK: moe.attention
// CHECK-SAME: qk_norm = #moe.qk_norm<full_width>
func.func @attention(%x: tensor<?x32xf32>, %pos: tensor<?xi64>, %seq: tensor<?xi64>,
                     %wq: tensor<32x32xf32>, %wkv: tensor<16x32xf32>, %wo: tensor<32x32xf32>,
                     %bq: tensor<32xf32>, %bkv: tensor<16xf32>, %n8: tensor<8xf32>, %sinks: tensor<4xf32>) {
  %0 = moe.attention %x, %pos, %seq q(%wq) k(%wkv) v(%wkv) o(%wo) q_norm(%n8) k_norm(%n8)
         {layer = 0 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64,
          scale = 0.35355339059327373 : f64, qk_norm = #moe.qk_norm<per_head>,
          rope = #moe.rope<pairing = half_split, dim = 8, theta = 1.0e6>}
       : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<32x32xf32>, tensor<16x32xf32>,
          tensor<16x32xf32>, tensor<32x32xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x32xf32>
  %1 = moe.attention %x, %pos, %seq q(%wq) k(%wkv) v(%wkv) o(%wo) q_bias(%bq) k_bias(%bkv) v_bias(%bkv) o_bias(%bq) sinks(%sinks)
         {layer = 1 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64,
          scale = 0.35355339059327373 : f64, sliding_window = 4 : i64,
          rope = #moe.rope<pairing = half_split, dim = 8>}
       : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<32x32xf32>, tensor<16x32xf32>,
          tensor<16x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<16xf32>, tensor<16xf32>,
          tensor<32xf32>, tensor<4xf32>) -> tensor<?x32xf32>
  %2 = moe.attention %x, %pos, %seq q(%wq) k(%wkv) v(%wkv) o(%wo)
         {layer = 2 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64,
          scale = 0.35355339059327373 : f64, clip_qkv = 8.0 : f64,
          rope = #moe.rope<pairing = half_split, dim = 8>}
       : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<32x32xf32>, tensor<16x32xf32>,
          tensor<16x32xf32>, tensor<32x32xf32>) -> tensor<?x32xf32>
  %3 = moe.attention %x, %pos, %seq q(%wq) k(%wkv) v(%wkv) o(%wo)
         {layer = 3 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64,
          scale = 0.35355339059327373 : f64, chunk_size = 8 : i64, qk_norm = #moe.qk_norm<l2_after_rope>,
          rope = #moe.rope<pairing = interleaved, dim = 8>}
       : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<32x32xf32>, tensor<16x32xf32>,
          tensor<16x32xf32>, tensor<32x32xf32>) -> tensor<?x32xf32>
  %4 = moe.attention %x, %pos, %seq q(%wq) k(%wkv) v(%wkv) o(%wo)
         {layer = 4 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64,
          scale = 0.35355339059327373 : f64, temperature_floor_scale = 8192.0 : f64, temperature_scale = 0.1 : f64}
       : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<32x32xf32>, tensor<16x32xf32>,
          tensor<16x32xf32>, tensor<32x32xf32>) -> tensor<?x32xf32>
  %5 = moe.attention %x, %pos, %seq q(%wq) k(%wkv) v(%wkv) o(%wo) q_norm(%bq) k_norm(%bkv)
         {layer = 5 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64,
          scale = 0.35355339059327373 : f64, qk_norm = #moe.qk_norm<full_width>, causal = true,
          rope = #moe.rope<pairing = half_split, dim = 8>}
       : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<32x32xf32>, tensor<16x32xf32>,
          tensor<16x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<16xf32>) -> tensor<?x32xf32>
  return
}

// -----

// CHECK-LABEL: func.func @mla
// CHECK: moe.mla_attention %{{[^ ,)]+}}, %{{[^ ,)]+}}, %{{[^ ,)]+}} q_a(%{{[^ ,)]+}}) q_a_norm(%{{[^ ,)]+}}) q_b(%{{[^ ,)]+}}) kv_a(%{{[^ ,)]+}}) kv_a_norm(%{{[^ ,)]+}}) kv_b(%{{[^ ,)]+}}) o(%{{[^ ,)]+}})
// CHECK-SAME: q_lora_rank = 12 : i64
// CHECK: moe.mla_attention %{{[^ ,)]+}}, %{{[^ ,)]+}}, %{{[^ ,)]+}} q(%{{[^ ,)]+}}) kv_a(
// CHECK-SAME: q_lora_rank = 0 : i64
func.func @mla(%x: tensor<?x32xf32>, %pos: tensor<?xi64>, %seq: tensor<?xi64>,
               %qa: tensor<12x32xf32>, %qan: tensor<12xf32>, %qb: tensor<24x12xf32>, %q: tensor<24x32xf32>,
               %kva: tensor<20x32xf32>, %kvan: tensor<16xf32>, %kvb: tensor<32x16xf32>, %o: tensor<32x16xf32>) {
  %0 = moe.mla_attention %x, %pos, %seq q_a(%qa) q_a_norm(%qan) q_b(%qb) kv_a(%kva) kv_a_norm(%kvan) kv_b(%kvb) o(%o)
         {layer = 0 : i64, num_heads = 2 : i64, q_lora_rank = 12 : i64, kv_lora_rank = 16 : i64,
          qk_nope_head_dim = 8 : i64, qk_rope_head_dim = 4 : i64, v_head_dim = 8 : i64,
          scale = 0.13523377 : f64,
          rope = #moe.rope<pairing = interleaved, dim = 4, scaling = yarn, factor = 40.0, original_max_position = 4096>}
       : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<12x32xf32>, tensor<12xf32>, tensor<24x12xf32>,
          tensor<20x32xf32>, tensor<16xf32>, tensor<32x16xf32>, tensor<32x16xf32>) -> tensor<?x32xf32>
  %1 = moe.mla_attention %x, %pos, %seq q(%q) kv_a(%kva) kv_a_norm(%kvan) kv_b(%kvb) o(%o)
         {layer = 1 : i64, num_heads = 2 : i64, q_lora_rank = 0 : i64, kv_lora_rank = 16 : i64,
          qk_nope_head_dim = 8 : i64, qk_rope_head_dim = 4 : i64, v_head_dim = 8 : i64,
          scale = 0.1147214 : f64, rope = #moe.rope<pairing = interleaved, dim = 4>}
       : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<24x32xf32>,
          tensor<20x32xf32>, tensor<16xf32>, tensor<32x16xf32>, tensor<32x16xf32>) -> tensor<?x32xf32>
  return
}

// -----

// CHECK-LABEL: func.func @moe_block
// CHECK: moe.router %[[X:[^ ,)]+]], %{{[^ ,)]+}} correction_bias(%{{[^ ,)]+}})
// CHECK-SAME: group_score = #moe.group_score<top2_sum>
// CHECK-SAME: scoring = #moe.scoring<sigmoid>
// CHECK: moe.router %[[X]], %{{[^ ,)]+}} bias(%{{[^ ,)]+}})
// CHECK-SAME: scoring = #moe.scoring<softmax_topk>
// CHECK: moe.router %[[X]], %{{[^ ,)]+}} {compute_type = bf16, scoring = #moe.scoring<sigmoid_topk>, top_k = 1 : i64}
// CHECK: moe.dispatch %[[X]], %{{[^ ,)]+}} {num_experts = 8 : i64}
// CHECK: moe.dispatch %[[X]], %{{[^ ,)]+}} weights(%{{[^ ,)]+}}) {num_experts = 8 : i64}
// CHECK: moe.experts %{{[^ ,)]+}}, %{{[^ ,)]+}} gate(%{{[^ ,)]+}}) up(%{{[^ ,)]+}}) down(%{{[^ ,)]+}}) :
// CHECK: moe.experts %{{[^ ,)]+}}, %{{[^ ,)]+}} gate_up(%{{[^ ,)]+}}) down(%{{[^ ,)]+}}) gate_up_bias(%{{[^ ,)]+}}) down_bias(%{{[^ ,)]+}})
// CHECK-SAME: activation = #moe.activation<clamped_swiglu>
// CHECK-SAME: gate_up_fusion = #moe.gate_up_fusion<interleaved>
// CHECK-SAME: gate_up_layout = #moe.layout<in_out>
// CHECK: moe.combine %{{[^ ,)]+}}, %{{[^ ,)]+}} weights(%{{[^ ,)]+}}) {top_k = 2 : i64}
// CHECK: moe.combine %{{[^ ,)]+}}, %{{[^ ,)]+}} {top_k = 1 : i64}
// CHECK: moe.shared_expert %[[X]] gate(%{{[^ ,)]+}}) up(%{{[^ ,)]+}}) down(%{{[^ ,)]+}}) :
// CHECK: moe.shared_expert %[[X]] gate(%{{[^ ,)]+}}) up(%{{[^ ,)]+}}) down(%{{[^ ,)]+}}) expert_gate(%{{[^ ,)]+}})
// CHECK: moe.mlp %[[X]] gate(%{{[^ ,)]+}}) up(%{{[^ ,)]+}}) down(%{{[^ ,)]+}})
func.func @moe_block(%x: tensor<?x32xbf16>, %gate: tensor<8x32xbf16>, %bias: tensor<8xf32>, %gbias: tensor<8xbf16>,
                     %eg: tensor<8x16x32xbf16>, %ed: tensor<8x32x16xbf16>,
                     %egu: tensor<8x32x32xbf16>, %edi: tensor<8x16x32xbf16>, %egub: tensor<8x32xbf16>, %edb: tensor<8x32xbf16>,
                     %sg: tensor<24x32xbf16>, %sd: tensor<32x24xbf16>, %sgate: tensor<1x32xbf16>) {
  %ids, %w = moe.router %x, %gate correction_bias(%bias)
      {top_k = 2 : i64, scoring = #moe.scoring<sigmoid>, n_group = 4 : i64, topk_group = 2 : i64,
       group_score = #moe.group_score<top2_sum>, renorm = #moe.renorm<sum>, renorm_eps = 1.0e-20 : f64,
       routed_scaling_factor = 2.5 : f64, compute_type = f32}
      : (tensor<?x32xbf16>, tensor<8x32xbf16>, tensor<8xf32>) -> (tensor<?x2xi32>, tensor<?x2xf32>)
  %ids2, %w2 = moe.router %x, %gate bias(%gbias) {top_k = 2 : i64, scoring = #moe.scoring<softmax_topk>, compute_type = bf16}
      : (tensor<?x32xbf16>, tensor<8x32xbf16>, tensor<8xbf16>) -> (tensor<?x2xi32>, tensor<?x2xbf16>)
  %ids1, %w1 = moe.router %x, %gate {top_k = 1 : i64, scoring = #moe.scoring<sigmoid_topk>, compute_type = bf16}
      : (tensor<?x32xbf16>, tensor<8x32xbf16>) -> (tensor<?x1xi32>, tensor<?x1xbf16>)
  %rows, %counts, %perm = moe.dispatch %x, %ids {num_experts = 8 : i64}
      : (tensor<?x32xbf16>, tensor<?x2xi32>) -> (tensor<?x32xbf16>, tensor<8xi32>, tensor<?xi32>)
  %rows1, %counts1, %perm1 = moe.dispatch %x, %ids1 weights(%w1) {num_experts = 8 : i64}
      : (tensor<?x32xbf16>, tensor<?x1xi32>, tensor<?x1xbf16>) -> (tensor<?x32xbf16>, tensor<8xi32>, tensor<?xi32>)
  %y = moe.experts %rows, %counts gate(%eg) up(%eg) down(%ed)
      : (tensor<?x32xbf16>, tensor<8xi32>, tensor<8x16x32xbf16>, tensor<8x16x32xbf16>, tensor<8x32x16xbf16>) -> tensor<?x32xbf16>
  %y2 = moe.experts %rows, %counts gate_up(%egu) down(%edi) gate_up_bias(%egub) down_bias(%edb)
      {activation = #moe.activation<clamped_swiglu>, gate_up_fusion = #moe.gate_up_fusion<interleaved>,
       gate_up_layout = #moe.layout<in_out>, down_layout = #moe.layout<in_out>, alpha = 1.702 : f64, limit = 7.0 : f64}
      : (tensor<?x32xbf16>, tensor<8xi32>, tensor<8x32x32xbf16>, tensor<8x16x32xbf16>, tensor<8x32xbf16>, tensor<8x32xbf16>) -> tensor<?x32xbf16>
  %c = moe.combine %y, %perm weights(%w) {top_k = 2 : i64}
      : (tensor<?x32xbf16>, tensor<?xi32>, tensor<?x2xf32>) -> tensor<?x32xbf16>
  %c1 = moe.combine %y, %perm1 {top_k = 1 : i64}
      : (tensor<?x32xbf16>, tensor<?xi32>) -> tensor<?x32xbf16>
  %s = moe.shared_expert %x gate(%sg) up(%sg) down(%sd)
      : (tensor<?x32xbf16>, tensor<24x32xbf16>, tensor<24x32xbf16>, tensor<32x24xbf16>) -> tensor<?x32xbf16>
  %s2 = moe.shared_expert %x gate(%sg) up(%sg) down(%sd) expert_gate(%sgate)
      : (tensor<?x32xbf16>, tensor<24x32xbf16>, tensor<24x32xbf16>, tensor<32x24xbf16>, tensor<1x32xbf16>) -> tensor<?x32xbf16>
  %m = moe.mlp %x gate(%sg) up(%sg) down(%sd)
      : (tensor<?x32xbf16>, tensor<24x32xbf16>, tensor<24x32xbf16>, tensor<32x24xbf16>) -> tensor<?x32xbf16>
  return
}

// -----

// CHECK-LABEL: func.func @route_dispatch
// CHECK: moe.route_dispatch %{{[^ ,)]+}}, %{{[^ ,)]+}} correction_bias(%{{[^ ,)]+}})
// CHECK-SAME: {compute_type = f32, n_group = 2 : i64, scale_rows, scoring = #moe.scoring<sigmoid>, top_k = 2 : i64}
// CHECK-SAME: -> (tensor<?x2xi32>, tensor<?x2xf32>, tensor<?x32xbf16>, tensor<8xi32>, tensor<9xi32>, tensor<?xi32>, tensor<?xi32>)
func.func @route_dispatch(%x: tensor<?x32xbf16>, %gate: tensor<8x32xbf16>, %bias: tensor<8xf32>) -> tensor<?x32xbf16> {
  %ids, %w, %rows, %counts, %offsets, %perm, %inv = moe.route_dispatch %x, %gate correction_bias(%bias)
      {top_k = 2 : i64, scoring = #moe.scoring<sigmoid>, n_group = 2 : i64, topk_group = 1 : i64, scale_rows, compute_type = f32}
      : (tensor<?x32xbf16>, tensor<8x32xbf16>, tensor<8xf32>)
      -> (tensor<?x2xi32>, tensor<?x2xf32>, tensor<?x32xbf16>, tensor<8xi32>, tensor<9xi32>, tensor<?xi32>, tensor<?xi32>)
  return %rows : tensor<?x32xbf16>
}

// -----

// CHECK-LABEL: func.func @expert_parallel
// CHECK: %[[LR:.*]], %[[LC:.*]] = moe.ep_dispatch %{{.*}}, %{{.*}} {ep_size = 2 : i64, layer = 3 : i64, placement = array<i64: 0, 1, 2, 3, 0, -1>} : (tensor<?x32xf32>, tensor<4xi32>) -> (tensor<?x32xf32>, tensor<3xi32>)
// CHECK: moe.local_experts %{{.*}} {ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3, 0, -1>} : tensor<4x16x32xf32> -> tensor<3x16x32xf32>
// CHECK: moe.ep_combine %{{.*}}, %[[LC]] : (tensor<?x32xf32>, tensor<3xi32>) -> tensor<?x32xf32>
func.func @expert_parallel(%rows: tensor<?x32xf32>, %counts: tensor<4xi32>, %g: tensor<4x16x32xf32>, %d: tensor<4x32x16xf32>) -> tensor<?x32xf32> {
  %lr, %lc = moe.ep_dispatch %rows, %counts {ep_size = 2 : i64, layer = 3 : i64, placement = array<i64: 0, 1, 2, 3, 0, -1>}
      : (tensor<?x32xf32>, tensor<4xi32>) -> (tensor<?x32xf32>, tensor<3xi32>)
  %lg = moe.local_experts %g {ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3, 0, -1>} : tensor<4x16x32xf32> -> tensor<3x16x32xf32>
  %ld = moe.local_experts %d {ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3, 0, -1>} : tensor<4x32x16xf32> -> tensor<3x32x16xf32>
  %y = moe.experts %lr, %lc gate(%lg) up(%lg) down(%ld)
      : (tensor<?x32xf32>, tensor<3xi32>, tensor<3x16x32xf32>, tensor<3x16x32xf32>, tensor<3x32x16xf32>) -> tensor<?x32xf32>
  %out = moe.ep_combine %y, %lc : (tensor<?x32xf32>, tensor<3xi32>) -> tensor<?x32xf32>
  return %out : tensor<?x32xf32>
}
