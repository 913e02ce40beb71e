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

def MoEExpertParallel : Pass<"moe-expert-parallel", "ModuleOp"> {
  let dependentDialects = ["::mlir::moe::MoEDialect"];
  let summary = "Shards routed experts over ranks with ragged all-to-all exchanges";
  let description = [{
    Expert parallelism over `ep` ranks, each running the whole program on its
    own tokens (attention, dense layers and shared experts stay replicated,
    data-parallel). For every `moe.experts`, the rows and counts from the
    dispatch go through `moe.ep_dispatch` to the ranks holding their experts,
    the expert MLP runs on the rank's `L` expert slots (weights through
    `moe.local_experts`, so a rank binds only its experts), and
    `moe.ep_combine` returns the outputs to where the rows came from, before
    the unchanged `moe.combine`.

    Placement (`placement=`):
    - `contiguous`: rank r holds experts `r * L .. r * L + L - 1`, `L =
      ceil(E / ep)`; when `ep` does not divide `E` the last slots are empty.
    - `group-aligned`: whole router groups (`n_group`, DeepSeek-V3) per rank,
      so a token whose experts lie in at most `topk_group` groups reaches at
      most `topk_group` ranks; needs `ep <= n_group`.
    With `expert-stats=FILE` (the JSON of `moe-run --expert-stats`: token
    counts per expert and layer) a balancer gives each rank `replicas` extra
    slots, adds replicas of the most loaded experts (load / replicas, largest
    first) and packs the replicas onto ranks, the heaviest first onto the
    least loaded rank with a free slot (as DeepSeek's EPLB). Rows of a
    replicated expert are split evenly among its replicas. Each
    `moe.ep_dispatch` records the expected max/mean rank load of the
    statistics before (contiguous) and after (`moe.ep_load_contiguous`,
    `moe.ep_load`), shown by `--moe-report`.
  }];
  let options = [
    Option<"ep", "ep", "int64_t", /*default=*/"1",
           "Number of expert-parallel ranks (1: the pass does nothing)">,
    Option<"placement", "placement", "std::string", /*default=*/"\"contiguous\"",
           "Expert placement: 'contiguous' or 'group-aligned'">,
    Option<"expertStats", "expert-stats", "std::string", /*default=*/"\"\"",
           "Per-expert token counts (JSON of moe-run --expert-stats) for the "
           "replica balancer">,
    Option<"replicas", "replicas", "int64_t", /*default=*/"1",
           "Extra expert slots per rank for replicas (with expert-stats)">
  ];
}

def MoEOverlapA2A : Pass<"moe-overlap-a2a", "ModuleOp"> {
  let dependentDialects = ["::mlir::moe::MoEDialect"];
  let summary = "Overlaps expert-parallel all-to-alls with computation (micro-batches)";
  let description = [{
    Runs after `moe-expert-parallel`. Every `moe.ep_dispatch` and
    `moe.ep_combine` becomes asynchronous (`moe.async`): the lowering emits
    an exchange `start` in its place and the `wait` just before the first
    user of a result. Ops after a combine's first user that do not depend on
    the combine (the shared expert) are moved before that user, so they run
    while the combine's rows travel.

    `micro-batches=N` (N >= 2) splits every call of at least N tokens (the
    largest T over the ranks) at sequence boundaries into N micro-batches
    that run the schedule interleaved: while one micro-batch's exchange is in
    flight, another computes (its attention, experts, shared expert). The
    split is recorded per entry (`moe.overlap` on the module: `{prefill =
    [N, min_tokens], decode = [N, min_tokens]}`).

    `micro-batches=auto` decides per phase and batch size with a cost model
    of one MoE layer on a rank holding T tokens, from the target description
    `target=FILE` (JSON: `flops_per_second`, `link_bytes_per_second`,
    `link_latency_seconds`, `launch_overhead_seconds`, `overlap_fraction`,
    optional `memory_bytes_per_second`):
      c(T) = max(T * 2 * active params of the layer / flops_per_second,
                 weight bytes read / memory_bytes_per_second)
             + launches * launch_overhead_seconds
      m(T) = 3 * link_latency_seconds
             + T * 2 * top_k * hidden * 4 bytes * (ep - 1) / ep / link_bytes_per_second
      t_1 = c + m;  t_N = a * (N * max(c', m') + min(c', m'))
                          + (1 - a) * N * (c' + m'),  c' = c(T/N), m' = m(T/N)
    with a = `overlap_fraction` (how much of a transfer can run under
    computation: ~1 with a DMA engine or NIC, less when the CPU copies).
    The weight bytes are the f32 attention, norm, router and shared-expert
    weights plus the routed experts the rows touch (of L local experts and
    T * top_k rows, L * (1 - (1 - 1/L)^(T * top_k)) expected): each
    micro-batch reads them again, which is what splitting costs in decode.
    For T = 1, 2, 4, .. max_tokens it compares one micro-batch with two
    (two-batch overlap): `min_tokens` is the smallest T from which two are
    predicted faster at every larger T; a phase where they never win stays
    unsplit. The predictions are printed with `print-cost-model`.
  }];
  let options = [
    Option<"microBatches", "micro-batches", "std::string", /*default=*/"\"2\"",
           "Micro-batches per call: a number >= 1, or 'auto' (cost model)">,
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target description JSON for micro-batches=auto">,
    Option<"prefillMaxTokens", "prefill-max-tokens", "int64_t", /*default=*/"256",
           "Largest prefill call the cost model considers">,
    Option<"decodeMaxTokens", "decode-max-tokens", "int64_t", /*default=*/"64",
           "Largest decode call the cost model considers">,
    Option<"printCostModel", "print-cost-model", "bool", /*default=*/"false",
           "Print the cost model's predictions per phase and T to stdout">
  ];
}

def MoERecompute : Pass<"moe-recompute", "ModuleOp"> {
  let dependentDialects = ["::mlir::moe::MoEDialect"];
  let summary = "Chooses the activations a training step recomputes instead of keeping";
  let description = [{
    Runs on the `moe` graph before `moe-lower-train-step`. From the
    activation model (passes/ActivationModel.h: every buffer the training
    lowering keeps from the forward for the backward, its bytes at
    `max-tokens`, which backward rules read it, and what recomputing it runs)
    it chooses the activations to recompute, and marks each op with
    `moe.recompute = ["name", ...]`; the lowering then re-runs their
    producing kernels in the backward, just before the rule that reads them
    (once per rule), so their forward buffers die after the forward.

    One of:
    - `budget=BYTES` (also `KiB`/`MiB`/`GiB` suffixes) or `budget=auto`: the
      least predicted recompute time whose kept activations fit the budget
      (`auto`: the target's `memory_capacity_bytes` less 16 bytes per
      trained parameter for the f32 weight, gradient and AdamW moments);
    - `preset=none|full|deepseek-v3|kimi-k2`: the published hand choices,
      for comparison (DeepSeek-V3: RMSNorm outputs and MLA up-projections;
      Kimi K2: also SwiGLU outputs and MoE down-projections; full: every
      activation that can be recomputed, i.e. only the residual stream and
      routing metadata are kept);
    - `modules=kind,kind,...`: a Megatron-style `--recompute-modules` list
      of activation classes (norm, qkv, core_attn, mla_down, mla_up, router,
      rows, expert_up, swiglu, moe_down, mlp_up, mlp_down, gate,
      embedding).

    Cost model, per recompute of an activation (on the `target=FILE`
    description, default: the measured dev CPU of bench/targets/cpu-dev.json):
    max(FLOPs / flops_per_second, bytes / memory_bytes_per_second) +
    launches * launch_overhead_seconds + for a repeated expert-parallel
    exchange link_latency_seconds + bytes / link_bytes_per_second. A
    recompute runs once in each backward rule that reads the activation, and
    reads what it depends on (recomputed in turn, within the same rule, when
    also dropped).

    Selection: activations that recompute each other form small groups (a
    layer's attention, its MoE block); each group's subsets are enumerated
    exactly (at most 20 activations) into a Pareto front of (kept bytes,
    time), then a multiple-choice knapsack over the groups (dynamic
    programming over kept bytes in units of u = max(64, droppable / 16384)
    bytes, rounded up) picks one point per group: the result never exceeds
    the budget and costs no more than the optimum for the budget less
    (groups x u) bytes.

    `report=-|FILE` prints every activation (kept or recomputed, bytes,
    time per recompute, readers, why) and the predicted bytes kept and
    extra time.
  }];
  let options = [
    Option<"budget", "budget", "std::string", /*default=*/"\"\"",
           "Activation memory budget in bytes (KiB/MiB/GiB suffixes) or 'auto'">,
    Option<"preset", "preset", "std::string", /*default=*/"\"\"",
           "none, full, deepseek-v3 or kimi-k2">,
    Option<"modules", "modules", "std::string", /*default=*/"\"\"",
           "Comma-separated activation classes to recompute">,
    Option<"maxTokens", "max-tokens", "int64_t", /*default=*/"1024",
           "Largest batch of the training step (as moe-lower-train-step)">,
    Option<"seqLen", "seq-len", "int64_t", /*default=*/"0",
           "Sequence length the attention cost assumes (0: max-tokens)">,
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target description JSON (default: bench/targets/cpu-dev.json's figures)">,
    Option<"report", "report", "std::string", /*default=*/"\"\"",
           "Print the choice to '-' (stdout) or a file">
  ];
}

#endif // MOE_PASSES_PASSES_TD
