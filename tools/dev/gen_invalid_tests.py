#!/usr/bin/env python3
"""Writes test/dialects/MoE/invalid.mlir: one -verify-diagnostics case per
verifier rule of the moe dialect. Cases are data here so each stays a few
lines; the generated file is committed and read by lit."""

import os

T = "tensor"
X = "tensor<?x32xf32>"
IDS = "tensor<?xi64>"

def attn(attrs, extra_ops="", extra_types="", wq="32x32", wk="16x32", wv="16x32", wo="32x32"):
    return (f"func.func @f(%x: {X}, %p: {IDS}, %s: {IDS}, %wq: tensor<{wq}xf32>, %wk: tensor<{wk}xf32>, "
            f"%wv: tensor<{wv}xf32>, %wo: tensor<{wo}xf32>, %a: tensor<8xf32>, %b: tensor<32xf32>, %c: tensor<16xf32>, %d: tensor<4xf32>) {{\n"
            f"  // expected-error @+1 {{{{MSG}}}}\n"
            f"  %0 = moe.attention %x, %p, %s q(%wq) k(%wk) v(%wv) o(%wo){extra_ops} {{layer = 0 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64, scale = 0.35 : f64{attrs}}}\n"
            f"      : ({X}, {IDS}, {IDS}, tensor<{wq}xf32>, tensor<{wk}xf32>, tensor<{wv}xf32>, tensor<{wo}xf32>{extra_types}) -> {X}\n"
            f"  return\n}}")

ROPE8 = "#moe.rope<pairing = half_split, dim = 8>"

cases = []
def case(msg, body):
    cases.append(body.replace("MSG", msg))

# --- param / weight
case("parameter type must have a static shape", """moe.param @w : tensor<?x4xf32> // expected-error {{MSG}}""")
case("parameter must have rank >= 1", """moe.param @w : tensor<f32> // expected-error {{MSG}}""")
case("expert-stack name must contain exactly one '*'", """moe.param @"a.*.b.*" : tensor<2x4x4xf32> // expected-error {{MSG}}""")
case("expert-stack parameter must have rank >= 2", """moe.param @"a.*.b" : tensor<4xf32> // expected-error {{MSG}}""")
case("parameter name must not be empty", """moe.param @"" : tensor<4xf32> // expected-error {{MSG}}""")
case("'missing' does not name a moe.param", """func.func @f() {
  // expected-error @+1 {{MSG}}
  %0 = moe.weight @missing : tensor<4xf32>
  return
}""")
case("must equal the type of parameter 'w'", """moe.param @w : tensor<4xf32>
func.func @f() {
  // expected-error @+1 {{MSG}}
  %0 = moe.weight @w : tensor<5xf32>
  return
}""")
# --- embedding
case("table must be 2-D [vocab, hidden]", f"""func.func @f(%t: tensor<100xf32>, %i: {IDS}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.embedding %t[%i] : (tensor<100xf32>, {IDS}) -> {X}
  return
}}""")
case("result must have shape [?, 32], got [?, 16]", f"""func.func @f(%t: tensor<100x32xf32>, %i: {IDS}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.embedding %t[%i] : (tensor<100x32xf32>, {IDS}) -> tensor<?x16xf32>
  return
}}""")
case("result must be a 2-D [tokens, hidden] tensor", f"""func.func @f(%t: tensor<100x32xf32>, %i: {IDS}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.embedding %t[%i] : (tensor<100x32xf32>, {IDS}) -> tensor<?x1x32xf32>
  return
}}""")
case("result element type 'bf16' must match the table element type 'f32'", f"""func.func @f(%t: tensor<100x32xf32>, %i: {IDS}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.embedding %t[%i] : (tensor<100x32xf32>, {IDS}) -> tensor<?x32xbf16>
  return
}}""")
# --- norms
case("result type 'tensor<?x32xbf16>' must equal the input type", f"""func.func @f(%x: {X}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.rms_norm %x {{eps = 1.0e-6 : f64}} : ({X}) -> tensor<?x32xbf16>
  return
}}""")
case("eps must be positive", f"""func.func @f(%x: {X}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.rms_norm %x {{eps = 0.0 : f64}} : ({X}) -> {X}
  return
}}""")
case("weight must have shape [32], got [16]", f"""func.func @f(%x: {X}, %w: tensor<16xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.rms_norm %x weight(%w) {{eps = 1.0e-6 : f64}} : ({X}, tensor<16xf32>) -> {X}
  return
}}""")
case("multiply_in_f32 needs a weight", f"""func.func @f(%x: {X}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.rms_norm %x {{eps = 1.0e-6 : f64, multiply_in_f32}} : ({X}) -> {X}
  return
}}""")
case("bias must have shape [32], got [16]", f"""func.func @f(%x: {X}, %w: tensor<32xf32>, %b: tensor<16xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.layer_norm %x weight(%w) bias(%b) {{eps = 1.0e-5 : f64}} : ({X}, tensor<32xf32>, tensor<16xf32>) -> {X}
  return
}}""")
# --- linear
case("weight must be 2-D [out, in]", f"""func.func @f(%x: {X}, %w: tensor<64xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.linear %x, %w : ({X}, tensor<64xf32>) -> tensor<?x64xf32>
  return
}}""")
case("input must have shape [?, 16], got [?, 32]", f"""func.func @f(%x: {X}, %w: tensor<64x16xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.linear %x, %w : ({X}, tensor<64x16xf32>) -> tensor<?x64xf32>
  return
}}""")
case("result must have shape [?, 64], got [?, 32]", f"""func.func @f(%x: {X}, %w: tensor<64x32xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.linear %x, %w : ({X}, tensor<64x32xf32>) -> tensor<?x32xf32>
  return
}}""")
case("bias must have shape [64], got [32]", f"""func.func @f(%x: {X}, %w: tensor<64x32xf32>, %b: tensor<32xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.linear %x, %w bias(%b) : ({X}, tensor<64x32xf32>, tensor<32xf32>) -> tensor<?x64xf32>
  return
}}""")
case("weight element type 'bf16' must match the input element type 'f32'", f"""func.func @f(%x: {X}, %w: tensor<64x32xbf16>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.linear %x, %w : ({X}, tensor<64x32xbf16>) -> tensor<?x64xf32>
  return
}}""")
case("result element type 'bf16' must match the input element type 'f32'", f"""func.func @f(%x: {X}, %w: tensor<64x32xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.linear %x, %w : ({X}, tensor<64x32xf32>) -> tensor<?x64xbf16>
  return
}}""")
# --- rope attr and op
for msg, r in [
    ("rope dim must be positive and even, got 7", "#moe.rope<pairing = half_split, dim = 7>"),
    ("rope theta must be positive", "#moe.rope<pairing = half_split, dim = 8, theta = -1.0>"),
    ("rope attention_factor must be positive", "#moe.rope<pairing = half_split, dim = 8, attention_factor = 0.0>"),
    ("rope scaling 'yarn' needs factor > 0", "#moe.rope<pairing = half_split, dim = 8, scaling = yarn, factor = 0.0, original_max_position = 4096>"),
    ("rope scaling 'llama3' needs original_max_position > 0", "#moe.rope<pairing = half_split, dim = 8, scaling = llama3, factor = 8.0>"),
    ("yarn rope needs beta_fast > 0 and beta_slow > 0", "#moe.rope<pairing = half_split, dim = 8, scaling = yarn, factor = 8.0, original_max_position = 4096, beta_fast = 0.0>"),
    ("llama3 rope needs 0 < low_freq_factor <= high_freq_factor", "#moe.rope<pairing = half_split, dim = 8, scaling = llama3, factor = 8.0, original_max_position = 8192, low_freq_factor = 4.0, high_freq_factor = 1.0>"),
]:
    case(msg, f"""func.func @f(%q: tensor<?x4x8xf32>, %p: {IDS}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.rope %q, %p {{rope = {r}}} : (tensor<?x4x8xf32>, {IDS}) -> tensor<?x4x8xf32>
  return
}}""")
case("input must be 3-D [tokens, heads, dim]", f"""func.func @f(%q: {X}, %p: {IDS}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.rope %q, %p {{rope = {ROPE8}}} : ({X}, {IDS}) -> {X}
  return
}}""")
case("input must have shape [?, ?, 8], got [?, 4, 16]", f"""func.func @f(%q: tensor<?x4x16xf32>, %p: {IDS}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.rope %q, %p {{rope = {ROPE8}}} : (tensor<?x4x16xf32>, {IDS}) -> tensor<?x4x16xf32>
  return
}}""")
case("result type 'tensor<?x4x8xbf16>' must equal the input type", f"""func.func @f(%q: tensor<?x4x8xf32>, %p: {IDS}) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.rope %q, %p {{rope = {ROPE8}}} : (tensor<?x4x8xf32>, {IDS}) -> tensor<?x4x8xbf16>
  return
}}""")
case("positions must have shape [5], got [6]", f"""func.func @f(%q: tensor<5x4x8xf32>, %p: tensor<6xi64>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.rope %q, %p {{rope = {ROPE8}}} : (tensor<5x4x8xf32>, tensor<6xi64>) -> tensor<5x4x8xf32>
  return
}}""")
# --- lm head
case("weight must be 2-D [vocab, hidden]", f"""func.func @f(%x: {X}, %w: tensor<100xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.lm_head %x, %w : ({X}, tensor<100xf32>) -> tensor<?x100xf32>
  return
}}""")
case("input must have shape [?, 16], got [?, 32]", f"""func.func @f(%x: {X}, %w: tensor<100x16xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.lm_head %x, %w : ({X}, tensor<100x16xf32>) -> tensor<?x100xf32>
  return
}}""")
case("logits must have shape [?, 100], got [?, 99]", f"""func.func @f(%x: {X}, %w: tensor<100x32xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.lm_head %x, %w : ({X}, tensor<100x32xf32>) -> tensor<?x99xf32>
  return
}}""")
case("input must be a 2-D [tokens, hidden] tensor", f"""func.func @f(%x: tensor<?x2x32xf32>, %w: tensor<100x32xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.lm_head %x, %w : (tensor<?x2x32xf32>, tensor<100x32xf32>) -> tensor<?x100xf32>
  return
}}""")
case("weight element type 'bf16' must match the input element type 'f32'", f"""func.func @f(%x: {X}, %w: tensor<100x32xbf16>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.lm_head %x, %w : ({X}, tensor<100x32xbf16>) -> tensor<?x100xf32>
  return
}}""")
# --- attention
case("num_heads (4) must be a multiple of num_kv_heads (3)", attn("").replace("num_kv_heads = 2", "num_kv_heads = 3"))
case("q weight must have shape [32, 32], got [24, 32]", attn("", wq="24x32"))
case("k weight must have shape [16, 32], got [8, 32]", attn("", wk="8x32"))
case("v weight must have shape [16, 32], got [16, 16]", attn("", wv="16x16"))
case("o weight must have shape [32, 32], got [32, 16]", attn("", wo="32x16"))
case("q bias must have shape [32], got [16]", attn("", " q_bias(%c)", ", tensor<16xf32>"))
case("k bias must have shape [16], got [32]", attn("", " k_bias(%b)", ", tensor<32xf32>"))
case("v bias must have shape [16], got [8]", attn("", " v_bias(%a)", ", tensor<8xf32>"))
case("o bias must have shape [32], got [16]", attn("", " o_bias(%c)", ", tensor<16xf32>"))
case("sinks must have shape [4], got [8]", attn("", " sinks(%a)", ", tensor<8xf32>"))
case("q_norm and k_norm weights must be given together", attn(", qk_norm = #moe.qk_norm<per_head>", " q_norm(%a)", ", tensor<8xf32>"))
case("qk_norm 'none' takes no q_norm/k_norm weights", attn("", " q_norm(%a) k_norm(%a)", ", tensor<8xf32>, tensor<8xf32>"))
case("qk_norm 'l2_after_rope' needs a rope attribute", attn(", qk_norm = #moe.qk_norm<l2_after_rope>"))
case("qk_norm 'per_head' needs q_norm and k_norm weights", attn(", qk_norm = #moe.qk_norm<per_head>"))
case("q_norm weight must have shape [8], got [32]", attn(", qk_norm = #moe.qk_norm<per_head>", " q_norm(%b) k_norm(%a)", ", tensor<32xf32>, tensor<8xf32>"))
case("k_norm weight must have shape [8], got [4]", attn(", qk_norm = #moe.qk_norm<per_head>", " q_norm(%a) k_norm(%d)", ", tensor<8xf32>, tensor<4xf32>"))
case("qk_norm 'full_width' needs q_norm and k_norm weights", attn(", qk_norm = #moe.qk_norm<full_width>"))
case("q_norm weight must have shape [32], got [8]", attn(", qk_norm = #moe.qk_norm<full_width>", " q_norm(%a) k_norm(%c)", ", tensor<8xf32>, tensor<16xf32>"))
case("k_norm weight must have shape [16], got [32]", attn(", qk_norm = #moe.qk_norm<full_width>", " q_norm(%b) k_norm(%b)", ", tensor<32xf32>, tensor<32xf32>"))
case("qk_norm_eps must be positive", attn(", qk_norm_eps = 0.0 : f64"))
case("rope dim (4) must equal head_dim (8)", attn(", rope = #moe.rope<pairing = half_split, dim = 4>"))
case("clip_qkv must be positive", attn(", clip_qkv = -8.0 : f64"))
case("temperature_floor_scale and temperature_scale must be given together", attn(", temperature_scale = 0.1 : f64"))
case("temperature_floor_scale must be positive", attn(", temperature_floor_scale = 0.0 : f64, temperature_scale = 0.1 : f64"))
case("sliding_window and chunk_size apply to causal attention only", attn(", causal = false, sliding_window = 4 : i64"))
case("scale must be positive", attn("").replace("scale = 0.35 : f64", "scale = 0.0 : f64"))
case("result type 'tensor<?x16xf32>' must equal the input type", attn("").replace(f") -> {X}", ") -> tensor<?x16xf32>"))
case("sequences must have shape [5], got [4]", f"""func.func @f(%x: tensor<5x32xf32>, %p: tensor<5xi64>, %s: tensor<4xi64>, %wq: tensor<32x32xf32>, %wk: tensor<16x32xf32>, %wo: tensor<32x32xf32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.attention %x, %p, %s q(%wq) k(%wk) v(%wk) o(%wo) {{layer = 0 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64, scale = 0.35 : f64}}
      : (tensor<5x32xf32>, tensor<5xi64>, tensor<4xi64>, tensor<32x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>, tensor<32x32xf32>) -> tensor<5x32xf32>
  return
}}""")
case("attribute 'num_heads' failed to satisfy constraint", attn("").replace("num_heads = 4 : i64", "num_heads = 0 : i64"))
# --- MLA
def mla(attrs="", q="q(%q)", qtypes="tensor<24x32xf32>", kva="20x32", kvan="16", kvb="32x16", o="32x16", q_lora=0, rope="#moe.rope<pairing = interleaved, dim = 4>"):
    return (f"func.func @f(%x: {X}, %p: {IDS}, %s: {IDS}, %qa: tensor<12x32xf32>, %qan: tensor<12xf32>, %qb: tensor<24x12xf32>, %q: tensor<24x32xf32>, "
            f"%kva: tensor<{kva}xf32>, %kvan: tensor<{kvan}xf32>, %kvb: tensor<{kvb}xf32>, %o: tensor<{o}xf32>) {{\n"
            f"  // expected-error @+1 {{{{MSG}}}}\n"
            f"  %0 = moe.mla_attention %x, %p, %s {q} kv_a(%kva) kv_a_norm(%kvan) kv_b(%kvb) o(%o) {{layer = 0 : i64, num_heads = 2 : i64, q_lora_rank = {q_lora} : i64, kv_lora_rank = 16 : i64, qk_nope_head_dim = 8 : i64, qk_rope_head_dim = 4 : i64, v_head_dim = 8 : i64, scale = 0.1 : f64, rope = {rope}{attrs}}}\n"
            f"      : ({X}, {IDS}, {IDS}, {qtypes}, tensor<{kva}xf32>, tensor<{kvan}xf32>, tensor<{kvb}xf32>, tensor<{o}xf32>) -> {X}\n"
            f"  return\n}}")
QLORA = dict(q="q_a(%qa) q_a_norm(%qan) q_b(%qb)", qtypes="tensor<12x32xf32>, tensor<12xf32>, tensor<24x12xf32>", q_lora=12)
case("q_lora_rank 12 needs q_a, q_a_norm and q_b weights", mla(q_lora=12))
case("q_lora_rank 12 excludes a direct q weight", mla(q="q_a(%qa) q_a_norm(%qan) q_b(%qb) q(%q)", qtypes="tensor<12x32xf32>, tensor<12xf32>, tensor<24x12xf32>, tensor<24x32xf32>", q_lora=12))
case("q_a weight must have shape [6, 32], got [12, 32]", mla(**{**QLORA, "q_lora": 6}))
case("q_a_norm weight must have shape [12], got [16]", mla(q="q_a(%qa) q_a_norm(%kvan) q_b(%qb)", qtypes="tensor<12x32xf32>, tensor<16xf32>, tensor<24x12xf32>", q_lora=12))
case("q_b weight must have shape [24, 12], got [24, 32]", mla(q="q_a(%qa) q_a_norm(%qan) q_b(%q)", qtypes="tensor<12x32xf32>, tensor<12xf32>, tensor<24x32xf32>", q_lora=12))
case("q_lora_rank 0 needs a direct q weight", mla(q="", qtypes="").replace("(" + X + ", " + IDS + ", " + IDS + ", , ", "(" + X + ", " + IDS + ", " + IDS + ", "))
case("q_lora_rank 0 excludes q_a, q_a_norm and q_b", mla(q="q_a(%qa) q(%q)", qtypes="tensor<12x32xf32>, tensor<24x32xf32>"))
case("q weight must have shape [24, 32], got [12, 32]", mla(q="q(%qa)", qtypes="tensor<12x32xf32>"))
case("kv_a weight must have shape [20, 32], got [16, 32]", mla(kva="16x32"))
case("kv_a_norm weight must have shape [16], got [20]", mla(kvan="20"))
case("kv_b weight must have shape [32, 16], got [24, 16]", mla(kvb="24x16"))
case("o weight must have shape [32, 16], got [32, 32]", mla(o="32x32"))
case("rope dim (8) must equal qk_rope_head_dim (4)", mla(rope="#moe.rope<pairing = interleaved, dim = 8>"))
case("norm_eps must be positive", mla(attrs=", norm_eps = 0.0 : f64"))
# --- router
def router(attrs, w="8x32", opt="", opt_types="", k=2, ids="i32"):
    return (f"func.func @f(%x: {X}, %w: tensor<{w}xf32>, %b8: tensor<8xf32>, %b4: tensor<4xf32>) {{\n"
            f"  // expected-error @+1 {{{{MSG}}}}\n"
            f"  %ids, %wts = moe.router %x, %w{opt} {{top_k = {k} : i64, compute_type = f32{attrs}}}\n"
            f"      : ({X}, tensor<{w}xf32>{opt_types}) -> (tensor<?x{k}x{ids}>, tensor<?x{k}xf32>)\n"
            f"  return\n}}")
SIG = ", scoring = #moe.scoring<sigmoid>"
SM = ", scoring = #moe.scoring<softmax>"
case("weight must be 2-D [experts, hidden]", router(SM, w="8").replace("tensor<8xf32>, %b8", "tensor<8xf32>, %b8", 1))
case("weight must have shape [8, 32], got [8, 16]", router(SM, w="8x16"))
case("top_k (9) must not exceed the number of experts (8)", router(SM, k=9))
case("n_group (3) must divide the number of experts (8)", router(SM + ", n_group = 3 : i64"))
case("topk_group (5) must not exceed n_group (4)", router(SM + ", n_group = 4 : i64, topk_group = 5 : i64"))
case("top_k (6) exceeds the 4 experts of the topk_group selectable groups", router(SM + ", n_group = 4 : i64, topk_group = 2 : i64", k=6))
case("group_score 'top2_sum' needs at least 2 experts per group, got 1", router(SIG + ", n_group = 8 : i64, topk_group = 2 : i64, group_score = #moe.group_score<top2_sum>"))
case("scoring 'softmax_topk' does not support n_group > 1", router(", scoring = #moe.scoring<softmax_topk>, n_group = 2 : i64"))
case("correction_bias needs scoring 'softmax' or 'sigmoid'", router(", scoring = #moe.scoring<sigmoid_topk>", opt=" correction_bias(%b8)", opt_types=", tensor<8xf32>"))
case("bias must have shape [8], got [4]", router(SM, opt=" bias(%b4)", opt_types=", tensor<4xf32>"))
case("correction_bias must have shape [8], got [4]", router(SIG, opt=" correction_bias(%b4)", opt_types=", tensor<4xf32>"))
case("renorm_eps must be non-negative", router(SM + ", renorm_eps = -1.0 : f64"))
case("routed_scaling_factor must be positive", router(SM + ", routed_scaling_factor = 0.0 : f64"))
case("expert_ids must have shape [?, 2], got [?, 3]", router(SM).replace("(tensor<?x2xi32>", "(tensor<?x3xi32>"))
case("weights must have shape [?, 2], got [?, 3]", router(SM).replace("tensor<?x2xf32>)", "tensor<?x3xf32>)"))
case("input must be a 2-D [tokens, hidden] tensor", router(SM).replace(f"%x: {X}", "%x: tensor<32xf32>").replace(f"({X}, tensor<8x32", "(tensor<32xf32>, tensor<8x32"))
# --- dispatch
def dispatch(ids="tensor<?x2xi32>", rows="tensor<?x32xf32>", counts="tensor<8xi32>", opt="", opt_types=""):
    return (f"func.func @f(%x: {X}, %ids: {ids}, %w: tensor<?x3xf32>) {{\n"
            f"  // expected-error @+1 {{{{MSG}}}}\n"
            f"  %r, %c, %p = moe.dispatch %x, %ids{opt} {{num_experts = 8 : i64}}\n"
            f"      : ({X}, {ids}{opt_types}) -> ({rows}, {counts}, tensor<?xi32>)\n"
            f"  return\n}}")
case("expert_ids must be 2-D [tokens, top_k]", dispatch(ids="tensor<?xi32>"))
case("expert_ids must have shape [5, ?], got [4, 2]", dispatch().replace(f"%x: {X}", "%x: tensor<5x32xf32>").replace(f"({X}, tensor<?x2xi32>)", "(tensor<5x32xf32>, tensor<4x2xi32>)").replace("%ids: tensor<?x2xi32>", "%ids: tensor<4x2xi32>"))
case("weights must have shape [?, 2], got [?, 3]", dispatch(opt=" weights(%w)", opt_types=", tensor<?x3xf32>"))
case("rows must have shape [?, 32], got [?, 16]", dispatch(rows="tensor<?x16xf32>"))
case("tokens_per_expert must have shape [8], got [4]", dispatch(counts="tensor<4xi32>"))
case("rows element type 'bf16' must match the input element type 'f32'", dispatch(rows="tensor<?x32xbf16>"))
# --- experts
def experts(weights, types, attrs="", rows="tensor<?x32xf32>", result=None, counts="tensor<8xi32>"):
    result = result or rows
    return (f"func.func @f(%r: {rows}, %c: {counts}, %g: tensor<8x16x32xf32>, %d: tensor<8x32x16xf32>, %gu: tensor<8x32x32xf32>, %gub: tensor<8x32xf32>, %db: tensor<8x32xf32>, %g7: tensor<7x16x32xf32>, %d3: tensor<8x32xf32>) {{\n"
            f"  // expected-error @+1 {{{{MSG}}}}\n"
            f"  %0 = moe.experts %r, %c {weights}{(' {' + attrs + '}') if attrs else ''}\n"
            f"      : ({rows}, {counts}, {types}) -> {result}\n"
            f"  return\n}}")
G3 = "tensor<8x16x32xf32>"; D3 = "tensor<8x32x16xf32>"
case("rows must be a 2-D [tokens, hidden] tensor", experts("gate(%g) up(%g) down(%d)", f"{G3}, {G3}, {D3}", rows="tensor<?x2x32xf32>"))
case("result type 'tensor<?x32xbf16>' must equal the rows type", experts("gate(%g) up(%g) down(%d)", f"{G3}, {G3}, {D3}", result="tensor<?x32xbf16>"))
case("down weight must be 3-D [experts, ., .]", experts("gate(%g) up(%g) down(%d3)", f"{G3}, {G3}, tensor<8x32xf32>"))
case("tokens_per_expert must have shape [8], got [4]", experts("gate(%g) up(%g) down(%d)", f"{G3}, {G3}, {D3}", counts="tensor<4xi32>"))
case("down weight must have shape [8, 32, 32], got [8, 16, 32]", experts("gate(%g) up(%g) down(%g)", f"{G3}, {G3}, {G3}").replace("down(%g)", "down(%g)"))
case("needs either a fused gate_up weight or both gate and up weights", experts("gate(%g) down(%d)", f"{G3}, {D3}"))
case("gate_up weight must have shape [8, 32, 32], got [8, 16, 32]", experts("gate_up(%g) down(%d)", f"{G3}, {D3}"))
case("gate weight must have shape [8, 16, 32], got [7, 16, 32]", experts("gate(%g7) up(%g) down(%d)", f"tensor<7x16x32xf32>, {G3}, {D3}"))
case("up weight must have shape [8, 16, 32], got [7, 16, 32]", experts("gate(%g) up(%g7) down(%d)", f"{G3}, tensor<7x16x32xf32>, {D3}"))
case("gate_up_fusion applies to a fused gate_up weight only", experts("gate(%g) up(%g) down(%d)", f"{G3}, {G3}, {D3}", "gate_up_fusion = #moe.gate_up_fusion<interleaved>"))
case("gate_up_bias needs a fused gate_up weight", experts("gate(%g) up(%g) down(%d) gate_up_bias(%gub)", f"{G3}, {G3}, {D3}, tensor<8x32xf32>"))
case("gate_up_bias must have shape [8, 32], got [8, 16]", experts("gate_up(%gu) down(%d) gate_up_bias(%gub)", f"tensor<8x32x32xf32>, {D3}, tensor<8x16xf32>").replace("%gub: tensor<8x32xf32>", "%gub: tensor<8x16xf32>"))
case("down_bias must have shape [8, 32], got [8, 16]", experts("gate_up(%gu) down(%d) down_bias(%db)", f"tensor<8x32x32xf32>, {D3}, tensor<8x16xf32>").replace("%db: tensor<8x32xf32>", "%db: tensor<8x16xf32>"))
case("clamped_swiglu needs alpha > 0 and limit > 0", experts("gate(%g) up(%g) down(%d)", f"{G3}, {G3}, {D3}", "activation = #moe.activation<clamped_swiglu>, limit = 0.0 : f64"))
# --- combine
def combine(rows="tensor<?x32xf32>", result=X, w="tensor<?x2xf32>", k=2):
    return (f"func.func @f(%r: {rows}, %p: tensor<?xi32>, %w: {w}) {{\n"
            f"  // expected-error @+1 {{{{MSG}}}}\n"
            f"  %0 = moe.combine %r, %p weights(%w) {{top_k = {k} : i64}} : ({rows}, tensor<?xi32>, {w}) -> {result}\n"
            f"  return\n}}")
case("rows must be a 2-D [tokens, hidden] tensor", combine(rows="tensor<?x2x32xf32>"))
case("result must be a 2-D [tokens, hidden] tensor", combine(result="tensor<?x2x32xf32>"))
case("result must have shape [?, 32], got [?, 16]", combine(result="tensor<?x16xf32>"))
case("result element type 'bf16' must match the rows element type 'f32'", combine(result="tensor<?x32xbf16>"))
case("weights must have shape [?, 3], got [?, 2]", combine(k=3))
# --- mlp / shared expert
def mlp(op="moe.mlp", g="16x32", u="16x32", d="32x16", result=X, x=X, extra="", extra_t=""):
    return (f"func.func @f(%x: {x}, %g: tensor<{g}xf32>, %u: tensor<{u}xf32>, %d: tensor<{d}xf32>, %e: tensor<2x32xf32>) {{\n"
            f"  // expected-error @+1 {{{{MSG}}}}\n"
            f"  %0 = {op} %x gate(%g) up(%u) down(%d){extra} : ({x}, tensor<{g}xf32>, tensor<{u}xf32>, tensor<{d}xf32>{extra_t}) -> {result}\n"
            f"  return\n}}")
case("input must be a 2-D [tokens, hidden] tensor", mlp(x="tensor<32xf32>", result="tensor<32xf32>"))
case("result type 'tensor<?x32xbf16>' must equal the input type", mlp(result="tensor<?x32xbf16>"))
case("gate weight must be 2-D [intermediate, hidden]", mlp(g="16x32x1"))
case("gate weight must have shape [16, 32], got [16, 16]", mlp(g="16x16"))
case("up weight must have shape [16, 32], got [8, 32]", mlp(u="8x32"))
case("down weight must have shape [32, 16], got [16, 32]", mlp(d="16x32"))
case("expert_gate weight must have shape [1, 32], got [2, 32]", mlp(op="moe.shared_expert", extra=" expert_gate(%e)", extra_t=", tensor<2x32xf32>"))
case("gate weight element type 'bf16' must match the input element type 'f32'",
     mlp(op="moe.shared_expert").replace("%g: tensor<16x32xf32>", "%g: tensor<16x32xbf16>").replace(f"({X}, tensor<16x32xf32>", f"({X}, tensor<16x32xbf16>"))

# --- expert parallelism
def local(placement="0, 1, 2, 3", ep=2, result="tensor<2x4x32xf32>", inp="tensor<4x4x32xf32>"):
    return (f"func.func @f(%w: {inp}) {{\n"
            f"  // expected-error @+1 {{{{MSG}}}}\n"
            f"  %0 = moe.local_experts %w {{ep_size = {ep} : i64, placement = array<i64: {placement}>}} : {inp} -> {result}\n"
            f"  return\n}}")
case("placement has 3 slots, expected a positive multiple of ep_size = 2", local(placement="0, 1, 2"))
case("placement[1] = 4, expected an expert in [0, 4) or -1 (empty slot)", local(placement="0, 4, 2, 3"))
case("expert 3 has no slot in the placement", local(placement="0, 1, 2, -1"))
case("result must have shape [3, 4, 32], got [2, 4, 32]", local(placement="0, 1, 2, 3, -1, -1"))
case("input must be stacked over a static number of experts", local(inp="tensor<?x4x32xf32>"))
def ep_dispatch(lrows=X, lcounts="tensor<2xi32>", placement="0, 1, 2, 3"):
    return (f"func.func @f(%r: {X}, %c: tensor<4xi32>) {{\n"
            f"  // expected-error @+1 {{{{MSG}}}}\n"
            f"  %0, %1 = moe.ep_dispatch %r, %c {{ep_size = 2 : i64, layer = 0 : i64, placement = array<i64: {placement}>}} : ({X}, tensor<4xi32>) -> ({lrows}, {lcounts})\n"
            f"  return\n}}")
case("local_rows type 'tensor<?x16xf32>' must equal the rows type", ep_dispatch(lrows="tensor<?x16xf32>"))
case("local_counts must have shape [2], got [4]", ep_dispatch(lcounts="tensor<4xi32>"))
case("local_counts element type 'i64' must match the tokens_per_expert element type 'i32'", ep_dispatch(lcounts="tensor<2xi64>"))
case("expert 1 has no slot in the placement", ep_dispatch(placement="0, 0, 2, 3"))
case("local_counts must be a result of moe.ep_dispatch", f"""func.func @f(%y: {X}, %c: tensor<2xi32>) {{
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.ep_combine %y, %c : ({X}, tensor<2xi32>) -> {X}
  return
}}""")
case("result type 'tensor<?x16xf32>' must equal the dispatched rows type", f"""func.func @f(%r: {X}, %c: tensor<4xi32>) {{
  %lr, %lc = moe.ep_dispatch %r, %c {{ep_size = 2 : i64, layer = 0 : i64, placement = array<i64: 0, 1, 2, 3>}} : ({X}, tensor<4xi32>) -> ({X}, tensor<2xi32>)
  // expected-error @+1 {{{{MSG}}}}
  %0 = moe.ep_combine %lr, %lc : ({X}, tensor<2xi32>) -> tensor<?x16xf32>
  return
}}""")

header = """// RUN: moe-opt %s -split-input-file -verify-diagnostics
//
// One case per verifier rule of the moe dialect.
// Generated by tools/dev/gen_invalid_tests.py; edit the generator, not this file.
"""
out = header + "\n// -----\n\n".join(["\n"] + [c + "\n" for c in cases])
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(root, "test/dialects/MoE/invalid.mlir"), "w") as f:
    f.write(out.replace(header + "\n// -----\n\n", header + "\n", 1))
print(f"{len(cases)} cases")
