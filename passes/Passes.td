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

#endif // MOE_PASSES_PASSES_TD
