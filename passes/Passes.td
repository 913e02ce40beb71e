//===- Passes.td - Graph passes of moe-mlir ----------------*- tablegen -*-===//
//
// Every pass of the project is declared here (STYLE.md: passes only from
// Passes.td). Graph passes are named `moe-<verb>`.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_PASSES_PASSES_TD
#define MOE_PASSES_PASSES_TD

include "mlir/Pass/PassBase.td"

def MoEReport : Pass<"moe-report", "ModuleOp"> {
  let dependentDialects = ["::mlir::moe::MoEDialect"];
  let summary = "Prints the model analysis report (parameters, FLOPs, KV cache)";
  let description = [{
    Computes, from the `moe` ops and parameters of the module (so it works on
    imported, hand-written or transformed IR): total parameters, active
    parameters per token (with and without embedding + LM head), a per-layer
    breakdown (attention, router, routed experts, shared experts, dense MLP),
    weight bytes at the parameter dtypes, FLOPs per token for prefill at
    sequence length `seq-len` and decode at context `context`, KV-cache elements
    per token per layer and for the whole model at `context`, attention FLOPs
    (without linear layers) per decoded token, and decode-attention arithmetic
    intensity. Conventions are those of the Step3 paper's comparison table
    (see docs/report.md). The module is not changed.
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"table\"",
           "Output format: 'table' (human) or 'json'">,
    Option<"seqLen", "seq-len", "int64_t", /*default=*/"4096",
           "Prefill sequence length S for the prefill FLOPs">,
    Option<"context", "context", "int64_t", /*default=*/"32768",
           "Decode context length L for KV cache and attention FLOPs">,
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "Where to write the report ('-' = stdout)">
  ];
}

def MoEFuseRouteDispatch : Pass<"moe-fuse-route-dispatch"> {
  let dependentDialects = ["::mlir::moe::MoEDialect"];
  let summary = "Fuses each moe.router with its moe.dispatch into moe.route_dispatch";
  let description = [{
    Rewrites `moe.router` + `moe.dispatch` of the router's `expert_ids` (same
    tokens, same number of experts; dispatch weights, if any, the router's
    weights) into one `moe.route_dispatch`, for every router variant (softmax,
    sigmoid with correction bias and group-limited selection, softmax/sigmoid
    over the top-k logits, renormalised or not, scaled). The combine keeps
    reading the fused op's `weights` and `permutation`; the fused op also
    exposes the exclusive `offsets` and the `inverse` permutation. A dispatch
    whose ids come from elsewhere, or that moves other tokens than the router
    scored, is left alone: the unfused form stays legal, and the default
    pipeline of `moe-opt -o X.mxa` runs this pass unless
    `--mxa-unfused-routing` is given.
  }];
  let statistics = [
    Statistic<"numFused", "num-fused", "Router/dispatch pairs fused">
  ];
}

def MoEMLAAbsorb : Pass<"moe-mla-absorb"> {
  let dependentDialects = ["::mlir::moe::MoEDialect",
                           "::mlir::tensor::TensorDialect"];
  let summary = "Gives MLA attention its absorbed form and a latent KV cache";
  let description = [{
    For each `moe.mla_attention`, expresses the per-head slices of `kv_b`
    (viewed `[heads, nope + v, kv_lora]`) in the IR, `W_UK = [:, :nope, :]`
    and `W_UV = [:, nope:, :]` (`tensor.expand_shape` + `tensor.extract_slice`
    of the weight, which the lowering turns into load-time slice transforms
    of the artifact: the runtime cuts them out once when it binds weights),
    and passes them to the op as `w_uk` / `w_uv` (HF_MATH 14). The compiled
    model then caches only `[kv_a_layernorm(c_kv) | rope(k_rot)]` per token
    and layer (576 elements for DeepSeek-V3 instead of 40,960); the decode
    entry attends in the absorbed form (`q_nope W_UK` against the latent, an
    MQA with one 576-wide KV head, output through `W_UV`), and the prefill
    entry in the naive per-head form over K/V expanded from the latent cache,
    unless `prefill=absorbed`. The softmax scale is unchanged.
  }];
  let options = [
    Option<"prefill", "prefill", "std::string", /*default=*/"\"naive\"",
           "Form of the prefill entry point: 'naive' (per-head K/V expanded "
           "from the latent cache) or 'absorbed'">
  ];
}

#endif // MOE_PASSES_PASSES_TD
