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

#endif // MOE_PASSES_PASSES_TD
