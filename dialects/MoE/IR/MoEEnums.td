//===- MoEEnums.td - Closed choices of the moe dialect -----*- tablegen -*-===//

#ifndef MOE_DIALECT_MOE_IR_MOEENUMS_TD
#define MOE_DIALECT_MOE_IR_MOEENUMS_TD

include "mlir/IR/EnumAttr.td"
include "dialects/MoE/IR/MoEDialect.td"

class MoE_I32Enum<string name, string summary, list<I32EnumCase> cases>
    : I32Enum<name, summary, cases> {
  let cppNamespace = "::mlir::moe";
}

class MoE_EnumAttr<I32Enum enumInfo, string mnemonic>
    : EnumAttr<MoE_Dialect, enumInfo, mnemonic> {
  let assemblyFormat = "`<` $value `>`";
}

// RoPE pairing (HF_MATH 1.4): which dimensions rotate together.
def MoE_RopePairing : MoE_I32Enum<"RopePairing",
    "pairing of rotary dimensions", [
  // Dimension i rotates with i + d/2 (NeoX, `rotate_half`).
  I32EnumCase<"HalfSplit", 0, "half_split">,
  // Dimensions (2i, 2i+1) rotate together (DeepSeek, Llama 4).
  I32EnumCase<"Interleaved", 1, "interleaved">
]>;

// RoPE frequency scaling (HF_MATH 1.5, 1.6).
def MoE_RopeScaling : MoE_I32Enum<"RopeScaling",
    "rotary frequency scaling rule", [
  I32EnumCase<"None", 0, "none">,
  I32EnumCase<"Yarn", 1, "yarn">,
  I32EnumCase<"Llama3", 2, "llama3">
]>;

// QK-norm of GQA/MHA attention (HF_MATH 4, 7, 10).
def MoE_QKNorm : MoE_I32Enum<"QKNorm", "normalisation of queries and keys", [
  I32EnumCase<"None", 0, "none">,
  // RMSNorm over each head's head_dim, weight [head_dim], before RoPE (Qwen3).
  I32EnumCase<"PerHead", 1, "per_head">,
  // RMSNorm over the whole projection width, before RoPE (OLMoE).
  I32EnumCase<"FullWidth", 2, "full_width">,
  // Weightless L2/RMS norm per head after RoPE, RoPE layers only (Llama 4).
  I32EnumCase<"L2AfterRope", 3, "l2_after_rope">
]>;
def MoE_QKNormAttr : MoE_EnumAttr<MoE_QKNorm, "qk_norm">;

// Router scoring (HF_MATH 2.3, 4, 8, 10).
def MoE_RouterScoring : MoE_I32Enum<"RouterScoring", "router scoring function", [
  // softmax over all experts, then top-k of the probabilities.
  I32EnumCase<"Softmax", 0, "softmax">,
  // sigmoid of every logit; selection may add a correction bias.
  I32EnumCase<"Sigmoid", 1, "sigmoid">,
  // top-k of the logits, then softmax over the k selected logits (gpt-oss).
  I32EnumCase<"SoftmaxTopK", 2, "softmax_topk">,
  // top-k of the logits, then sigmoid of each selected logit (Llama 4).
  I32EnumCase<"SigmoidTopK", 3, "sigmoid_topk">
]>;
def MoE_RouterScoringAttr : MoE_EnumAttr<MoE_RouterScoring, "scoring">;

// Score of an expert group for group-limited selection (HF_MATH 2.3, 3).
def MoE_GroupScore : MoE_I32Enum<"GroupScore", "score of an expert group", [
  // Maximum score in the group (DeepSeek-V2 group_limited_greedy).
  I32EnumCase<"Max", 0, "max">,
  // Sum of the two highest (biased) scores in the group (DeepSeek-V3 noaux_tc).
  I32EnumCase<"Top2Sum", 1, "top2_sum">
]>;
def MoE_GroupScoreAttr : MoE_EnumAttr<MoE_GroupScore, "group_score">;

// Renormalisation of the top-k combine weights.
def MoE_RouterRenorm : MoE_I32Enum<"RouterRenorm", "top-k weight renormalisation", [
  I32EnumCase<"None", 0, "none">,
  // w / (sum(w) + renorm_eps).
  I32EnumCase<"Sum", 1, "sum">
]>;
def MoE_RouterRenormAttr : MoE_EnumAttr<MoE_RouterRenorm, "renorm">;

// Expert activation (HF_MATH 1.3, 8).
def MoE_ExpertActivation : MoE_I32Enum<"ExpertActivation", "expert MLP activation", [
  // down(silu(gate) * up)
  I32EnumCase<"SwiGLU", 0, "swiglu">,
  // gpt-oss: gate = min(gate, limit), up = clamp(up, -limit, limit),
  // down((up + 1) * gate * sigmoid(alpha * gate))
  I32EnumCase<"ClampedSwiGLU", 1, "clamped_swiglu">
]>;
def MoE_ExpertActivationAttr : MoE_EnumAttr<MoE_ExpertActivation, "activation">;

// How gate and up live in a fused gate_up weight.
def MoE_GateUpFusion : MoE_I32Enum<"GateUpFusion", "layout of a fused gate/up weight", [
  // First I features are gate, next I are up (HF v5, Llama 4).
  I32EnumCase<"Concat", 0, "concat">,
  // Even features are gate, odd are up (gpt-oss).
  I32EnumCase<"Interleaved", 1, "interleaved">
]>;
def MoE_GateUpFusionAttr : MoE_EnumAttr<MoE_GateUpFusion, "gate_up_fusion">;

// Storage layout of a 2-D (or per-expert) weight matrix.
def MoE_WeightLayout : MoE_I32Enum<"WeightLayout", "weight matrix layout", [
  // [out, in], applied as x W^T (nn.Linear).
  I32EnumCase<"OutIn", 0, "out_in">,
  // [in, out], applied as x W (gpt-oss, Llama 4 experts, DBRX w2).
  I32EnumCase<"InOut", 1, "in_out">
]>;
def MoE_WeightLayoutAttr : MoE_EnumAttr<MoE_WeightLayout, "layout">;

// What a `moe.exchange` step of a compiled schedule does.
def MoE_ExchangeKind : MoE_I32Enum<"ExchangeKind", "expert-parallel exchange step", [
  // Ragged all-to-all of expert-sorted rows to the ranks holding the experts.
  I32EnumCase<"Dispatch", 0, "dispatch">,
  // The inverse all-to-all: expert outputs back to the ranks the rows came from.
  I32EnumCase<"Combine", 1, "combine">,
  // No communication: adds a layer's per-expert token counts to the run's
  // statistics (`moe-run --expert-stats`).
  I32EnumCase<"ExpertCounts", 2, "expert_counts">,
  // Element-wise sum over the ranks, in place, identical on every rank
  // (expert-parallel training: replicated parameters' gradients, the loss's
  // label count).
  I32EnumCase<"AllReduce", 3, "all_reduce">
]>;
def MoE_ExchangeKindAttr : MoE_EnumAttr<MoE_ExchangeKind, "exchange">;

// When a `moe.exchange` runs relative to the launches around it.
def MoE_ExchangePhase : MoE_I32Enum<"ExchangePhase", "exchange timing", [
  // Starts and finishes at its place in the schedule.
  I32EnumCase<"Blocking", 0, "blocking">,
  // Sends and returns; the launches up to the matching `wait` overlap it.
  I32EnumCase<"Start", 1, "start">,
  // Finishes the `start` with the same id and kind (receives; sets R).
  I32EnumCase<"Wait", 2, "wait">
]>;
def MoE_ExchangePhaseAttr : MoE_EnumAttr<MoE_ExchangePhase, "phase">;

#endif // MOE_DIALECT_MOE_IR_MOEENUMS_TD
