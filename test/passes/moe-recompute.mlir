// moe-recompute: which activations a training step recomputes in the
// backward instead of keeping them, by preset, by class list or by budget
// (cost-model optimum); the choice is moe.recompute on each op and a report.
// (test/e2e/train-recompute.test checks the compiled steps: the bytes kept
// as predicted, the gradients and loss curves unchanged.)
//
// DeepSeek-V3's published choice: RMSNorm outputs (also MLA's latent norms)
// and MLA up-projections.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="preset=deepseek-v3 max-tokens=16 report=-" | FileCheck %s --check-prefix=DSV3
// DSV3: moe-recompute: preset deepseek-v3
// DSV3-NEXT: kept for the backward: 47168 bytes (0.04 MiB) of 71232 without recompute; 8768 always kept
// DSV3: layer 0     mla_attention  q_a        mla_down  {{.*}}  kept: recomputing costs
// DSV3-NEXT: layer 0     mla_attention  q_a_norm   norm      {{.*}}  recomputed in 1 rule(s): frees 768 bytes
// DSV3: layer 1     add            out        residual  {{.*}}  kept: the residual stream
// DSV3: layer 1     router         ids        routing   {{.*}}  kept: routing metadata
// DSV3: moe.rms_norm {{.*}}moe.recompute = ["out"]
// DSV3: moe.mla_attention {{.*}}moe.recompute = ["q_a_norm", "q", "kv_a_norm", "kv", "k"]
// DSV3-NOT: moe.experts {{.*}}moe.recompute
//
// Kimi K2's: also SwiGLU outputs and MoE down-projections.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="preset=kimi-k2 max-tokens=16" | FileCheck %s --check-prefix=K2
// K2: moe.mlp {{.*}}moe.recompute = ["act"]
// K2: moe.experts {{.*}}moe.recompute = ["act", "out"]
// K2: moe.shared_expert {{.*}}moe.recompute = ["act"]
//
// Full: everything but the residual stream and the routing metadata.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="preset=full max-tokens=16 report=-" | FileCheck %s --check-prefix=FULL
// FULL: kept for the backward: 8768 bytes (0.01 MiB) of 71232 without recompute; 8768 always kept
// FULL: moe.router {{.*}}moe.recompute = ["logits"]
// FULL: moe.dispatch {{.*}}moe.recompute = ["rows"]
// FULL: moe.experts {{.*}}moe.recompute = ["gu", "act", "out"]
//
// A Megatron-style class list, and none.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="modules=swiglu,core_attn max-tokens=16" | FileCheck %s --check-prefix=MODULES
// MODULES: moe.mla_attention {{.*}}moe.recompute = ["o"]
// MODULES: moe.experts {{.*}}moe.recompute = ["act"]
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="preset=none" | FileCheck %s --check-prefix=NONE
// NONE-NOT: moe.recompute
//
// A budget: the least predicted time keeping at most that many bytes (here
// the cheapest bytes to make again: the dispatched rows and the experts'
// outputs, memory-bound copies and small GEMMs).
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="budget=50000 max-tokens=16 report=-" | FileCheck %s --check-prefix=BUDGET
// BUDGET: moe-recompute: budget 50000 bytes (0.05 MiB)
// BUDGET-NEXT: kept for the backward: 49984 bytes
// BUDGET: optimal within 320 bytes of the budget (5 groups x 64-byte units)
// BUDGET: layer 1     dispatch       rows       rows      {{.*}}  recomputed in 1 rule(s): frees 4096 bytes
// BUDGET: layer 1     experts        out        moe_down  {{.*}}  recomputed in 1 rule(s)
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="budget=48KiB max-tokens=16 report=-" | FileCheck %s --check-prefix=KIB
// KIB: moe-recompute: budget 49152 bytes
//
// budget=auto: the target's memory less 16 bytes per parameter (weight,
// gradient, two AdamW moments): everything fits this one.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="budget=auto max-tokens=16 target=%S/Inputs/target-recompute.json report=-" | FileCheck %s --check-prefix=AUTO
// AUTO: kept for the backward: 71232 bytes
// AUTO: predicted recompute time: 0.0 us per step
//
// Expert parallelism (reports only: training does not run it yet): the
// received rows would repeat the all-to-all, priced on the link.
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-expert-parallel=ep=2 --moe-recompute="budget=40000 max-tokens=16 report=-" | FileCheck %s --check-prefix=EP
// EP: layer 1     ep_dispatch    local_rows rows               4096      32.25
//
// Errors: one line each.
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute 2>&1 | FileCheck %s --check-prefix=ERR-NONE
// ERR-NONE: error: moe-recompute: expected exactly one of budget=, preset=, modules=
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="budget=1 preset=full" 2>&1 | FileCheck %s --check-prefix=ERR-NONE
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="budget=12MB" 2>&1 | FileCheck %s --check-prefix=ERR-BUDGET
// ERR-BUDGET: error: moe-recompute: budget: expected bytes (a non-negative integer, optionally with KiB, MiB or GiB) or 'auto', got '12MB'
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="budget=1000 max-tokens=16" 2>&1 | FileCheck %s --check-prefix=ERR-SMALL
// ERR-SMALL: error: moe-recompute: budget 1000 bytes is below the 8768 bytes every schedule keeps (residual stream, routing metadata)
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="preset=megatron" 2>&1 | FileCheck %s --check-prefix=ERR-PRESET
// ERR-PRESET: error: moe-recompute: preset: expected none, full, deepseek-v3 or kimi-k2, got 'megatron'
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="modules=norm,attn" 2>&1 | FileCheck %s --check-prefix=ERR-MODULES
// ERR-MODULES: error: moe-recompute: modules: unknown class 'attn' (expected one of norm, qkv, core_attn,
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="budget=auto" 2>&1 | FileCheck %s --check-prefix=ERR-AUTO
// ERR-AUTO: error: moe-recompute: budget=auto needs a target with 'memory_capacity_bytes' (target=FILE)
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-recompute="preset=full target=%S/Inputs/missing.json" 2>&1 | FileCheck %s --check-prefix=ERR-TARGET
// ERR-TARGET: error: moe-recompute: cannot read target '{{.*}}missing.json'
// RUN: not moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-mla-absorb --moe-recompute="preset=full" 2>&1 | FileCheck %s --check-prefix=ERR-ABSORBED
// ERR-ABSORBED: error: moe-recompute: absorbed MLA has no training rule
