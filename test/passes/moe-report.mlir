// The moe-report pass on hand-written IR (no config involved). The example is
// a 2-layer DeepSeek-V3-like model: layer 0 dense, layer 1 MoE (8 experts,
// top-2, one shared expert), MLA with kv_lora 16 + rope 4.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --pass-pipeline='builtin.module(moe-mla-absorb, moe-report{seq-len=8 context=16})' -o /dev/null | FileCheck %s
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-mla-absorb --moe-report=json --seq-len=8 --context=16 | FileCheck %s --check-prefix=JSON
// Without moe-mla-absorb the compiled model caches per-head K/V.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-report --seq-len=8 --context=16 | FileCheck %s --check-prefix=NAIVE
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-report -o - | FileCheck %s --check-prefix=MODULE
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --pass-pipeline='builtin.module(moe-report{format=xml})' 2>&1 | FileCheck %s --check-prefix=BADFORMAT

// 29,216 parameters: embedding 2048 + layer 0 (8,568) + layer 1 (16,504)
// + final norm 32 + LM head 2048.
// CHECK: moe-report: deepseek_v3  (prefill S = 8, decode context L = 16)
// CHECK: total{{ +}}29.22 K   29,216
// Active: routed experts 12,288 x 2/8 = 3,072 instead of 12,288.
// CHECK: active per token, with embedding + LM head{{ +}}20.00 K   20,000
// CHECK: active per token, without embedding + LM head{{ +}}15.90 K   15,904
// Attention FLOPs at L = 16: 2 layers x 4 x heads(2) x 20 x 16 = 5120.
// CHECK: attention FLOPs (no linear) per decoded token{{ +}}5120
// MLA cache per layer per token: kv_lora + rope = 20; 2 layers x 16 tokens.
// CHECK: layout per token (layer 0){{ +}}latent [c_kv 16 | k_rot 4] (moe-mla-absorb)
// CHECK: elements per token (all layers){{ +}}40
// CHECK: elements at context L{{ +}}640
// CHECK: decode attention intensity (FLOPs/element){{ +}}8
// CHECK: 0 mlp  mla{{ +}}2.36 K{{ +}}64{{ +}}0{{ +}}0{{ +}}0{{ +}}6.14 K
// CHECK: 1 moe  mla{{ +}}2.36 K{{ +}}64{{ +}}264{{ +}}12.29 K{{ +}}1.54 K{{ +}}0

// Naive: heads(2) x (8 + 4 + 8) = 40 per layer; FLOPs 2 x 2 x 12 + 2 x 2 x 8
// = 80 per cached token per layer: 2 layers x 16 x 80 = 2560.
// NAIVE: attention FLOPs (no linear) per decoded token{{ +}}2560
// NAIVE: layout per token (layer 0){{ +}}per-head K 2 x 12, V 2 x 8
// NAIVE: elements per token (all layers){{ +}}80
// NAIVE: elements at context L{{ +}}1280

// JSON: "active_params": 20000
// JSON: "decode_attention_flops_per_token": 5120
// JSON: "kv_elements_at_context": 640
// JSON: "layers": [
// JSON: "active_routed_experts": 0
// JSON: "ffn": "mlp"
// JSON: "active_routed_experts": 3072
// JSON: "ffn": "moe"
// JSON: "num_experts": 8
// JSON: "top_k": 2
// JSON: "total_params": 29216

// MODULE: moe-report: deepseek_v3
// MODULE: func.func @forward

// BADFORMAT: moe-report: format must be 'table' or 'json', got 'xml'
