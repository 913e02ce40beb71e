//===- MoEOps.td - Ops of the moe dialect ------------------*- tablegen -*-===//
//
// Every op states one piece of the forward math of HF_MATH.md. Shapes use
// T = tokens (dynamic), H = hidden size, E = experts, K = top-k, I = expert
// intermediate size, V = vocabulary.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_DIALECT_MOE_IR_MOEOPS_TD
#define MOE_DIALECT_MOE_IR_MOEOPS_TD

include "dialects/MoE/IR/MoEDialect.td"
include "dialects/MoE/IR/MoEEnums.td"
include "dialects/MoE/IR/MoEAttrs.td"
include "dialects/MoE/IR/MoEInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def MoE_FloatTensor : RankedTensorOf<[F32, BF16, F16]>;
def MoE_TokenIds : 1DTensorOf<[I64, I32]>;
def MoE_IndexTensor : RankedTensorOf<[I64, I32]>;
def MoE_PositiveI64 : ConfinedAttr<I64Attr, [IntPositive]>;
def MoE_NonNegI64 : ConfinedAttr<I64Attr, [IntNonNegative]>;

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

def MoE_ParamOp : MoE_Op<"param", [Symbol]> {
  let summary = "Declares a named model parameter (weight) by shape and dtype";
  let description = [{
    A parameter of the model. The symbol name is the Hugging Face tensor name
    as stored in the checkpoint's safetensors, so weights bind by name. A name
    containing `*` declares a stack of per-expert tensors: the leading
    dimension enumerates the expert index that replaces `*`. Weights are never
    IR constants; the runtime maps them from safetensors.

    ```mlir
    moe.param @"model.embed_tokens.weight" : tensor<151936x2048xbf16>
    moe.param @"model.layers.1.mlp.experts.*.gate_proj.weight" : tensor<128x768x2048xbf16>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<AnyRankedTensor>:$type);
  let assemblyFormat = "$sym_name `:` $type attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
    /// True when this parameter stacks per-expert tensors (`*` in the name).
    bool isExpertStack() { return getSymName().contains('*'); }
  }];
}

def MoE_WeightOp : MoE_Op<"weight", [Pure,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Reads a parameter declared by `moe.param`";
  let description = [{
    Produces the value of the parameter named by `param`. The result type must
    equal the parameter's declared type.

    ```mlir
    %w = moe.weight @"model.layers.0.self_attn.q_proj.weight" : tensor<4096x2048xbf16>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$param);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$param attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Embedding, norms, linear, RoPE, residual, LM head
//===----------------------------------------------------------------------===//

def MoE_EmbeddingOp : MoE_Op<"embedding", [Pure]> {
  let summary = "Looks up token embeddings";
  let description = [{
    `result[t] = table[tokens[t]]`, with `table : [V, H]`. No scaling.

    ```mlir
    %h = moe.embedding %table[%tokens]
        : (tensor<1000x64xf32>, tensor<?xi64>) -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$table, MoE_TokenIds:$tokens);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat =
      "$table `[` $tokens `]` attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def MoE_RMSNormOp : MoE_Op<"rms_norm", [Pure]> {
  let summary = "RMS normalisation over the last dimension";
  let description = [{
    `y = x * rsqrt(mean(x^2) + eps)` computed in f32, then cast to the input's
    dtype and multiplied by `weight` (HF_MATH 1.2). Without `weight` it is the
    weightless L2 norm of Llama 4. `multiply_in_f32` multiplies by the weight
    before the cast (gpt-oss).

    ```mlir
    %y = moe.rms_norm %x weight(%w) {eps = 1.0e-06 : f64}
        : (tensor<?x64xbf16>, tensor<64xbf16>) -> tensor<?x64xbf16>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$input,
                       Optional<MoE_FloatTensor>:$weight,
                       F64Attr:$eps,
                       UnitAttr:$multiply_in_f32);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`weight` `(` $weight^ `)`)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MoE_LayerNormOp : MoE_Op<"layer_norm", [Pure, AttrSizedOperandSegments]> {
  let summary = "Mean-centred layer normalisation over the last dimension";
  let description = [{
    `y = (x - mean(x)) * rsqrt(var(x) + eps) * weight + bias`, weight and bias
    optional (DBRX: `nn.LayerNorm(bias=False)`).

    ```mlir
    %y = moe.layer_norm %x weight(%w) {eps = 1.0e-05 : f64}
        : (tensor<?x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$input,
                       Optional<MoE_FloatTensor>:$weight,
                       Optional<MoE_FloatTensor>:$bias,
                       F64Attr:$eps);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`weight` `(` $weight^ `)`)? (`bias` `(` $bias^ `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MoE_LinearOp : MoE_Op<"linear", [Pure]> {
  let summary = "Dense projection `x W^T + b` with an `[out, in]` weight";
  let description = [{
    Applies `nn.Linear`: `result[..., o] = sum_i input[..., i] * weight[o, i]
    (+ bias[o])`. Accumulation is at least f32.

    ```mlir
    %q = moe.linear %x, %wq bias(%bq)
        : (tensor<?x64xf32>, tensor<128x64xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$input, MoE_FloatTensor:$weight,
                       Optional<MoE_FloatTensor>:$bias);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`bias` `(` $bias^ `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MoE_RopeOp : MoE_Op<"rope", [Pure]> {
  let summary = "Applies rotary position embedding to per-head vectors";
  let description = [{
    Rotates `input : [T, heads, rope.dim]` by the angle `positions[t] *
    inv_freq[j]`, pairing dimensions as `rope.pairing` says and scaling the
    frequencies as `rope.scaling` says (HF_MATH 1.4-1.6). Interleaved pairs
    stay interleaved in the output.

    ```mlir
    %r = moe.rope %q, %pos {rope = #moe.rope<pairing = half_split, dim = 16, theta = 1.0e+06>}
        : (tensor<?x4x16xf32>, tensor<?xi64>) -> tensor<?x4x16xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$input, MoE_TokenIds:$positions,
                       MoE_RopeAttr:$rope);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat =
      "$input `,` $positions attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def MoE_AddOp : MoE_Op<"add", [Pure, Commutative, SameOperandsAndResultType]> {
  let summary = "Elementwise sum (residual connection)";
  let description = [{
    `result = lhs + rhs`, used for the residual stream.

    ```mlir
    %h1 = moe.add %h0, %attn : tensor<?x64xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$lhs, MoE_FloatTensor:$rhs);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($result)";
}

def MoE_LMHeadOp : MoE_Op<"lm_head", [Pure]> {
  let summary = "Projects final hidden states to vocabulary logits";
  let description = [{
    `logits = input W^T` with `weight : [V, H]` (the embedding table when the
    config ties them). The result element type is the logits dtype.

    ```mlir
    %logits = moe.lm_head %h, %w
        : (tensor<?x64xf32>, tensor<1000x64xf32>) -> tensor<?x1000xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$input, MoE_FloatTensor:$weight);
  let results = (outs MoE_FloatTensor:$logits);
  let assemblyFormat =
      "$input `,` $weight attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

def MoE_AttentionOp : MoE_Op<"attention", [AttrSizedOperandSegments]> {
  let summary = "Multi-head / grouped-query attention block with KV cache";
  let description = [{
    The whole attention sub-block of a decoder layer (HF_MATH 1.7, 4-10): q/k/v
    projections (optional biases), optional `clip_qkv` clamp, QK-norm
    (`qk_norm`: `per_head`/`full_width` before RoPE with weights, or the
    weightless `l2_after_rope`), RoPE (absent `rope` = a NoPE layer), optional
    Llama-4 attention temperature tuning, causal softmax attention with
    `scale`, optional sliding window (`sliding_window` keys: the current token
    and the previous W-1), optional chunked mask (`chunk_size`), optional
    per-head sink logits (gpt-oss), then the output projection.

    Each token appends its key/value to KV-cache slot `layer` at its
    (sequence, position) and attends over the cached keys of its sequence.
    Query head `h` uses KV head `h / (num_heads / num_kv_heads)`.

    ```mlir
    %a = moe.attention %x, %pos, %seq q(%wq) k(%wk) v(%wv) o(%wo)
           q_norm(%qn) k_norm(%kn)
           {layer = 0 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64,
            head_dim = 16 : i64, scale = 2.500000e-01 : f64,
            qk_norm = #moe.qk_norm<per_head>,
            rope = #moe.rope<pairing = half_split, dim = 16, theta = 1.0e+06>}
        : (tensor<?x64xf32>, tensor<?xi64>, tensor<?xi64>, tensor<64x64xf32>,
           tensor<32x64xf32>, tensor<32x64xf32>, tensor<64x64xf32>,
           tensor<16xf32>, tensor<16xf32>) -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins
    MoE_FloatTensor:$input, MoE_TokenIds:$positions, MoE_TokenIds:$sequences,
    MoE_FloatTensor:$q_weight, MoE_FloatTensor:$k_weight,
    MoE_FloatTensor:$v_weight, MoE_FloatTensor:$o_weight,
    Optional<MoE_FloatTensor>:$q_bias, Optional<MoE_FloatTensor>:$k_bias,
    Optional<MoE_FloatTensor>:$v_bias, Optional<MoE_FloatTensor>:$o_bias,
    Optional<MoE_FloatTensor>:$q_norm_weight,
    Optional<MoE_FloatTensor>:$k_norm_weight,
    Optional<MoE_FloatTensor>:$sinks,
    MoE_NonNegI64:$layer,
    MoE_PositiveI64:$num_heads, MoE_PositiveI64:$num_kv_heads,
    MoE_PositiveI64:$head_dim,
    F64Attr:$scale,
    DefaultValuedAttr<MoE_QKNormAttr, "::mlir::moe::QKNorm::None">:$qk_norm,
    DefaultValuedAttr<F64Attr, "1.0e-6">:$qk_norm_eps,
    OptionalAttr<MoE_RopeAttr>:$rope,
    DefaultValuedAttr<BoolAttr, "true">:$causal,
    DefaultValuedAttr<MoE_NonNegI64, "0">:$sliding_window,
    DefaultValuedAttr<MoE_NonNegI64, "0">:$chunk_size,
    OptionalAttr<F64Attr>:$clip_qkv,
    OptionalAttr<F64Attr>:$temperature_floor_scale,
    OptionalAttr<F64Attr>:$temperature_scale
  );
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $positions `,` $sequences
    `q` `(` $q_weight `)` `k` `(` $k_weight `)` `v` `(` $v_weight `)`
    `o` `(` $o_weight `)`
    (`q_bias` `(` $q_bias^ `)`)? (`k_bias` `(` $k_bias^ `)`)?
    (`v_bias` `(` $v_bias^ `)`)? (`o_bias` `(` $o_bias^ `)`)?
    (`q_norm` `(` $q_norm_weight^ `)`)? (`k_norm` `(` $k_norm_weight^ `)`)?
    (`sinks` `(` $sinks^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MoE_MLAAttentionOp : MoE_Op<"mla_attention", [AttrSizedOperandSegments]> {
  let summary = "Multi-head latent attention block (DeepSeek V2/V3, Kimi K2)";
  let description = [{
    MLA as HF_MATH 2.2 states it. Query: with `q_lora_rank > 0`,
    `q = rms_norm(x q_a^T; q_a_norm) q_b^T`, else `q = x q^T`; per head
    `[nope | rope]`. Key/value: `[c_kv | k_rot] = x kv_a^T`,
    `c_kv = rms_norm(c_kv; kv_a_norm)`, `k_rot` shared by all heads;
    interleaved (or as `rope` says) RoPE on `q_rot` and `k_rot`;
    `[k_nope | v] = c_kv kv_b^T` per head; causal softmax with `scale` (the
    192-based scale times YaRN mscale^2); output projection `o`.
    Internal norms use `norm_eps`. The KV cache slot `layer` holds
    `(c_kv, k_rot)`.

    Absorbed form (HF_MATH 14; set by `moe-mla-absorb`): with `w_uk`
    `[heads, nope, kv_lora]` and `w_uv` `[heads, v, kv_lora]` (the per-head
    key and value slices of `kv_b`), attention runs over the latent:
    `q_abs = q_nope W_UK` per head, scores `q_abs . c_kv + q_rot . k_rot`
    (same `scale`), `o_lat = sum_t p_t c_kv_t`, `o = o_lat W_UV^T` per head.
    The math equals the naive form; compiled, the cache then holds only the
    576-wide `[c_kv | k_rot]` per token (not per-head K/V), the decode entry
    uses the absorbed form and the prefill entry the naive form over the
    latent cache (or the absorbed form with `absorb_prefill`).

    ```mlir
    %a = moe.mla_attention %x, %pos, %seq q(%wq) kv_a(%wkva) kv_a_norm(%nkv)
           kv_b(%wkvb) o(%wo)
           {layer = 0 : i64, num_heads = 2 : i64, q_lora_rank = 0 : i64,
            kv_lora_rank = 16 : i64, qk_nope_head_dim = 8 : i64,
            qk_rope_head_dim = 4 : i64, v_head_dim = 8 : i64,
            scale = 0.28867513459481287 : f64,
            rope = #moe.rope<pairing = interleaved, dim = 4>}
        : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<24x32xf32>,
           tensor<20x32xf32>, tensor<16xf32>, tensor<32x16xf32>,
           tensor<32x16xf32>) -> tensor<?x32xf32>
    ```
  }];
  let arguments = (ins
    MoE_FloatTensor:$input, MoE_TokenIds:$positions, MoE_TokenIds:$sequences,
    Optional<MoE_FloatTensor>:$q_a_weight,
    Optional<MoE_FloatTensor>:$q_a_norm_weight,
    Optional<MoE_FloatTensor>:$q_b_weight,
    Optional<MoE_FloatTensor>:$q_weight,
    MoE_FloatTensor:$kv_a_weight, MoE_FloatTensor:$kv_a_norm_weight,
    MoE_FloatTensor:$kv_b_weight, MoE_FloatTensor:$o_weight,
    Optional<MoE_FloatTensor>:$w_uk, Optional<MoE_FloatTensor>:$w_uv,
    MoE_NonNegI64:$layer,
    MoE_PositiveI64:$num_heads,
    MoE_NonNegI64:$q_lora_rank,
    MoE_PositiveI64:$kv_lora_rank,
    MoE_PositiveI64:$qk_nope_head_dim,
    MoE_PositiveI64:$qk_rope_head_dim,
    MoE_PositiveI64:$v_head_dim,
    F64Attr:$scale,
    MoE_RopeAttr:$rope,
    DefaultValuedAttr<F64Attr, "1.0e-6">:$norm_eps,
    UnitAttr:$absorb_prefill
  );
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $positions `,` $sequences
    (`q_a` `(` $q_a_weight^ `)`)? (`q_a_norm` `(` $q_a_norm_weight^ `)`)?
    (`q_b` `(` $q_b_weight^ `)`)? (`q` `(` $q_weight^ `)`)?
    `kv_a` `(` $kv_a_weight `)` `kv_a_norm` `(` $kv_a_norm_weight `)`
    `kv_b` `(` $kv_b_weight `)` `o` `(` $o_weight `)`
    (`w_uk` `(` $w_uk^ `)`)? (`w_uv` `(` $w_uv^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// Whether `moe-mla-absorb` gave this op its absorbed-form weights.
    bool isAbsorbed() { return getWUk() != nullptr; }
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Mixture of experts: router, dispatch, experts, combine, shared/dense MLP
//===----------------------------------------------------------------------===//

// Operands and attributes of every routing op (RoutingOpInterface).
defvar MoE_RoutingArgs = (ins
    MoE_FloatTensor:$input, MoE_FloatTensor:$weight,
    Optional<MoE_FloatTensor>:$bias,
    Optional<MoE_FloatTensor>:$correction_bias,
    MoE_PositiveI64:$top_k,
    MoE_RouterScoringAttr:$scoring,
    DefaultValuedAttr<MoE_PositiveI64, "1">:$n_group,
    DefaultValuedAttr<MoE_PositiveI64, "1">:$topk_group,
    DefaultValuedAttr<MoE_GroupScoreAttr, "::mlir::moe::GroupScore::Max">:$group_score,
    DefaultValuedAttr<MoE_RouterRenormAttr, "::mlir::moe::RouterRenorm::None">:$renorm,
    DefaultValuedAttr<F64Attr, "0.0">:$renorm_eps,
    DefaultValuedAttr<F64Attr, "1.0">:$routed_scaling_factor,
    TypeAttrOf<AnyFloat>:$compute_type
);

defvar MoE_RoutingExtraDecls = [{
  int64_t getNumExperts() {
    return ::llvm::cast<::mlir::RankedTensorType>(getWeight().getType())
        .getDimSize(0);
  }
}];

def MoE_RouterOp : MoE_Op<"router", [Pure, AttrSizedOperandSegments,
                                     MoE_RoutingOpInterface]> {
  let summary = "Scores experts and selects the top-k per token";
  let description = [{
    Computes `logits = input weight^T (+ bias)` in `compute_type`, then by
    `scoring` (HF_MATH 2.3, 3-10):
    * `softmax`: `p = softmax(logits)`; selection and weights from `p`.
    * `sigmoid`: `s = sigmoid(logits)`; selection from `s + correction_bias`,
      weights from the unbiased `s` (DeepSeek-V3 noaux_tc).
    * `softmax_topk`: top-k of the logits, weights `softmax` over those k
      (gpt-oss).
    * `sigmoid_topk`: top-k of the logits, weights `sigmoid` of each (Llama 4).
    With `n_group > 1` the experts form `n_group` equal groups; a group's score
    is `group_score` (`max`, or `top2_sum` of the biased scores); only the best
    `topk_group` groups stay selectable (others masked to `-inf`). Then the
    weights are renormalised (`renorm = sum`: `w / (sum(w) + renorm_eps)`) and
    multiplied by `routed_scaling_factor`. Ties select the lower expert id.

    Results: `expert_ids : [T, K]` and `weights : [T, K]` (slot order = rank).

    ```mlir
    %ids, %w = moe.router %x, %gate correction_bias(%bias)
        {top_k = 8 : i64, scoring = #moe.scoring<sigmoid>, n_group = 8 : i64,
         topk_group = 4 : i64, group_score = #moe.group_score<top2_sum>,
         renorm = #moe.renorm<sum>, renorm_eps = 1.0e-20 : f64,
         routed_scaling_factor = 2.5 : f64, compute_type = f32}
        : (tensor<?x64xbf16>, tensor<256x64xbf16>, tensor<256xf32>)
        -> (tensor<?x8xi32>, tensor<?x8xf32>)
    ```
  }];
  let arguments = MoE_RoutingArgs;
  let results = (outs MoE_IndexTensor:$expert_ids, MoE_FloatTensor:$weights);
  let assemblyFormat = [{
    $input `,` $weight (`bias` `(` $bias^ `)`)?
    (`correction_bias` `(` $correction_bias^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = MoE_RoutingExtraDecls;
}

def MoE_DispatchOp : MoE_Op<"dispatch", [Pure]> {
  let summary = "Groups token copies by expert (the dispatch permutation)";
  let description = [{
    For each token `t` and slot `k`, copies `input[t]` (times `weights[t, k]`
    when `weights` is given: Llama 4 scales the expert input) into `rows`,
    ordered by expert id and, within an expert, by ascending `t * K + k`.
    `tokens_per_expert[e]` counts the rows of expert `e`;
    `permutation[r] = t * K + k` says where row `r` came from.

    ```mlir
    %rows, %counts, %perm = moe.dispatch %x, %ids {num_experts = 8 : i64}
        : (tensor<?x64xf32>, tensor<?x2xi32>)
        -> (tensor<?x64xf32>, tensor<8xi32>, tensor<?xi32>)
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$input, MoE_IndexTensor:$expert_ids,
                       Optional<MoE_FloatTensor>:$weights,
                       MoE_PositiveI64:$num_experts);
  let results = (outs MoE_FloatTensor:$rows,
                      1DTensorOf<[I32, I64]>:$tokens_per_expert,
                      1DTensorOf<[I32, I64]>:$permutation);
  let assemblyFormat = [{
    $input `,` $expert_ids (`weights` `(` $weights^ `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MoE_RouteDispatchOp : MoE_Op<"route_dispatch", [Pure,
    AttrSizedOperandSegments, MoE_RoutingOpInterface]> {
  let summary = "Routing fused with dispatch: selection, weights and layout";
  let description = [{
    `moe.router` followed by `moe.dispatch` of the same tokens, as one op
    (built by `moe-fuse-route-dispatch`; lowered to one kernel). The routing
    operands and attributes, and `expert_ids`/`weights`, are exactly those of
    `moe.router`; `rows`, `tokens_per_expert` and `permutation` are exactly
    those of `moe.dispatch` of `input` (rows scaled by `weights` when
    `scale_rows` is set: Llama 4). Two more results make the dispatch layout
    explicit for consumers (grouped GEMM, all-to-all):
    * `offsets : [E + 1]`, the exclusive prefix sums of `tokens_per_expert`
      (`offsets[E] = T * K`): expert `e` owns rows
      `[offsets[e], offsets[e + 1])`;
    * `inverse : [T * K]`, `inverse[t * K + k]` = the row of token `t`'s slot
      `k` (`inverse[permutation[r]] = r`).
    Rows of one expert are in ascending token order (a stable order that does
    not depend on how the work is split).

    ```mlir
    %ids, %w, %rows, %counts, %offsets, %perm, %inv =
        moe.route_dispatch %x, %gate
        {top_k = 2 : i64, scoring = #moe.scoring<softmax>,
         renorm = #moe.renorm<sum>, compute_type = f32}
        : (tensor<?x64xf32>, tensor<8x64xf32>)
        -> (tensor<?x2xi32>, tensor<?x2xf32>, tensor<?x64xf32>, tensor<8xi32>,
            tensor<9xi32>, tensor<?xi32>, tensor<?xi32>)
    ```
  }];
  let arguments = !con(MoE_RoutingArgs, (ins UnitAttr:$scale_rows));
  let results = (outs MoE_IndexTensor:$expert_ids, MoE_FloatTensor:$weights,
                      MoE_FloatTensor:$rows,
                      1DTensorOf<[I32, I64]>:$tokens_per_expert,
                      1DTensorOf<[I32, I64]>:$offsets,
                      1DTensorOf<[I32, I64]>:$permutation,
                      1DTensorOf<[I32, I64]>:$inverse);
  let assemblyFormat = [{
    $input `,` $weight (`bias` `(` $bias^ `)`)?
    (`correction_bias` `(` $correction_bias^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = MoE_RoutingExtraDecls;
}

def MoE_ExpertsOp : MoE_Op<"experts", [Pure, AttrSizedOperandSegments]> {
  let summary = "Grouped expert MLP over expert-sorted rows";
  let description = [{
    Applies expert `e`'s MLP to its `tokens_per_expert[e]` consecutive rows.
    Weights are stacked over experts (leading dim E), either as separate
    `gate(...)`/`up(...)` or as one fused `gate_up(...)` whose halves are
    `concat` (first I gate, then I up) or `interleaved` (even = gate, odd = up,
    gpt-oss). `gate_up_layout`/`down_layout` say whether each expert's matrix
    is `[out, in]` (`out_in`) or `[in, out]` (`in_out`). Optional biases
    `gate_up_bias : [E, 2I]` (fused form) and `down_bias : [E, H]` are added
    before the activation and after the down projection. `activation` is
    `swiglu` or gpt-oss's `clamped_swiglu` with `alpha` and `limit`.

    ```mlir
    %y = moe.experts %rows, %counts gate(%g) up(%u) down(%d)
        : (tensor<?x64xf32>, tensor<8xi32>, tensor<8x32x64xf32>,
           tensor<8x32x64xf32>, tensor<8x64x32xf32>) -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins
    MoE_FloatTensor:$rows, 1DTensorOf<[I32, I64]>:$tokens_per_expert,
    Optional<MoE_FloatTensor>:$gate_up_weight,
    Optional<MoE_FloatTensor>:$gate_weight,
    Optional<MoE_FloatTensor>:$up_weight,
    MoE_FloatTensor:$down_weight,
    Optional<MoE_FloatTensor>:$gate_up_bias,
    Optional<MoE_FloatTensor>:$down_bias,
    DefaultValuedAttr<MoE_ExpertActivationAttr,
                      "::mlir::moe::ExpertActivation::SwiGLU">:$activation,
    DefaultValuedAttr<MoE_GateUpFusionAttr,
                      "::mlir::moe::GateUpFusion::Concat">:$gate_up_fusion,
    DefaultValuedAttr<MoE_WeightLayoutAttr,
                      "::mlir::moe::WeightLayout::OutIn">:$gate_up_layout,
    DefaultValuedAttr<MoE_WeightLayoutAttr,
                      "::mlir::moe::WeightLayout::OutIn">:$down_layout,
    DefaultValuedAttr<F64Attr, "1.702">:$alpha,
    DefaultValuedAttr<F64Attr, "7.0">:$limit
  );
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $rows `,` $tokens_per_expert
    (`gate_up` `(` $gate_up_weight^ `)`)? (`gate` `(` $gate_weight^ `)`)?
    (`up` `(` $up_weight^ `)`)? `down` `(` $down_weight `)`
    (`gate_up_bias` `(` $gate_up_bias^ `)`)? (`down_bias` `(` $down_bias^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getNumExperts() {
      return ::llvm::cast<::mlir::RankedTensorType>(getDownWeight().getType())
          .getDimSize(0);
    }
    /// The per-expert intermediate size I.
    int64_t getIntermediateSize();
  }];
}

def MoE_CombineOp : MoE_Op<"combine", [Pure]> {
  let summary = "Sums each token's expert outputs back into token order";
  let description = [{
    Inverse of `moe.dispatch`: `result[t] = sum_k weights[t, k] *
    rows[inv(t * K + k)]`, adding slots in ascending `k` (a fixed order, so the
    result does not depend on how rows were distributed). Without `weights`
    the rows are summed unweighted (their weights were applied on dispatch).

    ```mlir
    %y = moe.combine %out, %perm weights(%w) {top_k = 2 : i64}
        : (tensor<?x64xf32>, tensor<?xi32>, tensor<?x2xf32>) -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$rows, 1DTensorOf<[I32, I64]>:$permutation,
                       Optional<MoE_FloatTensor>:$weights,
                       MoE_PositiveI64:$top_k);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $rows `,` $permutation (`weights` `(` $weights^ `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MoE_MLPOp : MoE_Op<"mlp", [Pure]> {
  let summary = "Dense SwiGLU MLP (dense layers)";
  let description = [{
    `down(silu(x gate^T) * (x up^T))` with `[out, in]` weights
    (HF_MATH 1.3): `gate, up : [I, H]`, `down : [H, I]`.

    ```mlir
    %y = moe.mlp %x gate(%g) up(%u) down(%d)
        : (tensor<?x64xf32>, tensor<128x64xf32>, tensor<128x64xf32>,
           tensor<64x128xf32>) -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$input, MoE_FloatTensor:$gate_weight,
                       MoE_FloatTensor:$up_weight, MoE_FloatTensor:$down_weight);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $input `gate` `(` $gate_weight `)` `up` `(` $up_weight `)`
    `down` `(` $down_weight `)` attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MoE_SharedExpertOp : MoE_Op<"shared_expert", [Pure]> {
  let summary = "Always-on shared expert, optionally sigmoid-gated";
  let description = [{
    A SwiGLU MLP applied to every token of an MoE layer. Without
    `expert_gate` it is ungated (DeepSeek, Llama 4); with
    `expert_gate : [1, H]` the output is multiplied by
    `sigmoid(x expert_gate^T)`, one scalar per token (Qwen2-MoE).

    ```mlir
    %s = moe.shared_expert %x gate(%g) up(%u) down(%d) expert_gate(%sg)
        : (tensor<?x64xf32>, tensor<96x64xf32>, tensor<96x64xf32>,
           tensor<64x96xf32>, tensor<1x64xf32>) -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$input, MoE_FloatTensor:$gate_weight,
                       MoE_FloatTensor:$up_weight, MoE_FloatTensor:$down_weight,
                       Optional<MoE_FloatTensor>:$expert_gate_weight);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $input `gate` `(` $gate_weight `)` `up` `(` $up_weight `)`
    `down` `(` $down_weight `)` (`expert_gate` `(` $expert_gate_weight^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}


//===----------------------------------------------------------------------===//
// Expert parallelism (`moe-expert-parallel`)
//===----------------------------------------------------------------------===//

defvar MoE_PlacementDoc = [{
    `placement` maps the `ep_size * L` expert slots to experts: rank `r` holds
    slots `r * L .. r * L + L - 1`, slot `s` holding expert `placement[s]`, or
    nothing when `placement[s] = -1` (padding when `ep_size` does not divide
    the expert count). An expert may have several slots (replicas of a hot
    expert); every expert has at least one.
}];

def MoE_LocalExpertsOp : MoE_Op<"local_experts", [Pure]> {
  let summary = "The slice of an expert-stacked weight that one EP rank holds";
  let description = [{
    On rank `r` of an expert-parallel run, `result[i] = input[placement[r * L
    + i]]` (zeros for an empty slot), where `input` is stacked over all `E`
    experts (leading dim `E`) and `result` over the `L` slots of a rank. The
    runtime binds only these rows of the checkpoint, so a rank reads only its
    own experts' tensors.
  }] # MoE_PlacementDoc # [{

    ```mlir
    %lg = moe.local_experts %g {ep_size = 2 : i64,
                                placement = array<i64: 0, 1, 2, 3>}
        : tensor<4x32x64xf32> -> tensor<2x32x64xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$input, MoE_PositiveI64:$ep_size,
                       DenseI64ArrayAttr:$placement);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def MoE_EPDispatchOp : MoE_Op<"ep_dispatch", []> {
  let summary = "Ragged all-to-all of expert-sorted rows to the experts' ranks";
  let description = [{
    Collective over the `ep_size` ranks of an expert-parallel run (each rank
    runs the same program on its own tokens). `rows` are this rank's
    expert-sorted rows (`moe.dispatch`), `tokens_per_expert` their counts per
    global expert. The rows of expert `e` go to the slots holding `e`: with
    `n` replicas they are cut into `n` contiguous chunks, chunk `j` going to
    replica `(j + rank) mod n`. The counts are exchanged first, then the
    rows. The results are the rows this rank received, grouped by local slot
    (slot-major, then by source rank, then in the source's order), and their
    count per local slot: the input of a `moe.experts` over local weights.
    `layer` names the decoder layer in reports and statistics.
  }] # MoE_PlacementDoc # [{

    ```mlir
    %lrows, %lcounts = moe.ep_dispatch %rows, %counts {ep_size = 2 : i64,
        layer = 1 : i64, placement = array<i64: 0, 1, 2, 3>}
        : (tensor<?x64xf32>, tensor<4xi32>) -> (tensor<?x64xf32>, tensor<2xi32>)
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$rows,
                       1DTensorOf<[I32, I64]>:$tokens_per_expert,
                       MoE_PositiveI64:$ep_size, MoE_NonNegI64:$layer,
                       DenseI64ArrayAttr:$placement);
  let results = (outs MoE_FloatTensor:$local_rows,
                      1DTensorOf<[I32, I64]>:$local_counts);
  let assemblyFormat = [{
    $rows `,` $tokens_per_expert attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getNumExperts() {
      return ::llvm::cast<::mlir::RankedTensorType>(
          getTokensPerExpert().getType()).getDimSize(0);
    }
    /// L: expert slots per rank.
    int64_t getSlotsPerRank() {
      return static_cast<int64_t>(getPlacement().size()) / getEpSize();
    }
  }];
}

def MoE_EPCombineOp : MoE_Op<"ep_combine", []> {
  let summary = "Returns expert outputs to the ranks their rows came from";
  let description = [{
    The inverse of the `moe.ep_dispatch` that produced `local_counts`: each
    row of `local_out` (one per received row, same order) goes back to its
    source rank and lands where the source's row was in its expert-sorted
    `rows`. The result has the shape of that dispatch's `rows`, ready for
    `moe.combine`, which adds each token's slots in a fixed order: the logits
    do not depend on `ep_size`.

    ```mlir
    %out = moe.ep_combine %y, %lcounts
        : (tensor<?x64xf32>, tensor<2xi32>) -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins MoE_FloatTensor:$local_out,
                       1DTensorOf<[I32, I64]>:$local_counts);
  let results = (outs MoE_FloatTensor:$result);
  let assemblyFormat = [{
    $local_out `,` $local_counts attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The dispatch this combine inverts.
    EPDispatchOp getDispatch();
  }];
}

//===----------------------------------------------------------------------===//
// Schedule level (after `moe-lower-to-kernels`)
//===----------------------------------------------------------------------===//

def MoE_LaunchOp : MoE_Op<"launch", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Runs a kernel over workgroups on memref buffers and scalars";
  let description = [{
    One step of a compiled schedule: runs the kernel function `kernel` (a
    `func.func` marked `moe.kernel`, see `lowering/kernels/README.md`) with
    `args` (memrefs, `i64` or `f32` scalars). The kernel splits its work over
    the workgroups it is given; `items` (an `index`) says how many parallel
    work items there are, i.e. how many workgroups are useful. Launches run
    in program order, each after the previous one finished.

    ```mlir
    moe.launch @rms_norm(%x, %w, %y, %eps, %one) items(%T)
        : memref<?x64xf32>, memref<64xf32>, memref<?x64xf32>, f32, i64
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$kernel, Index:$items,
                       Variadic<AnyTypeOf<[AnyMemRef, I64, F32]>>:$args);
  let assemblyFormat = [{
    $kernel `(` $args `)` `items` `(` $items `)` attr-dict (`:` type($args)^)?
  }];
}

def MoE_ExchangeOp : MoE_Op<"exchange", []> {
  let summary = "A host step of a compiled schedule: an expert-parallel exchange";
  let description = [{
    Runs on the host between launches, in program order. `dispatch` (args:
    expert-sorted rows `[N, H]`, their offsets per global expert `[E + 1]`,
    the receive buffer `[R, H]` and offsets per local slot `[L + 1]`) and
    `combine` (args: expert outputs `[R, H]`, the result `[N, H]`) implement
    `moe.ep_dispatch` / `moe.ep_combine`, paired by `id`. After a `dispatch`
    the run-time symbol R (rows received) holds its row count; buffers sized
    by R are planned for `ep_size * top_k * max_tokens` rows. `expert_counts`
    (args: counts per expert `[E]`) only records statistics. `all_reduce`
    (args: rank-1 f32 or i64 buffers, `placement` empty) replaces each
    buffer by its element-wise sum over the `ep_size` ranks, the same bits
    on every rank (training: the replicated parameters' gradients and the
    loss's label count).

    `phase` (default `blocking`): `start` packs and sends, then the schedule
    goes on; the `wait` with the same `kind` and `id` (same args) receives
    into the outputs and, for a dispatch, sets R. Launches between them (the
    shared expert, another micro-batch's work) overlap the communication;
    they must not read the outputs or depend on R.

    ```mlir
    moe.exchange <dispatch>(%rows, %offsets, %recv, %recv_offsets) {id = 0 : i64,
        layer = 1 : i64, ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3>}
        : memref<?x64xf32>, memref<5xi32>, memref<?x64xf32>, memref<3xi32>
    moe.exchange <combine> phase <start>(%out, %res) {id = 0 : i64, layer = 1 : i64,
        ep_size = 2 : i64, placement = array<i64: 0, 1, 2, 3>}
        : memref<?x64xf32>, memref<?x64xf32>
    ```
  }];
  let arguments = (ins MoE_ExchangeKindAttr:$kind, I64Attr:$id, I64Attr:$layer,
                       I64Attr:$ep_size, DenseI64ArrayAttr:$placement,
                       DefaultValuedAttr<MoE_ExchangePhaseAttr,
                                         "ExchangePhase::Blocking">:$phase,
                       Variadic<AnyMemRef>:$args);
  let assemblyFormat = [{
    $kind (`phase` $phase^)? `(` $args `)` attr-dict (`:` type($args)^)?
  }];
  let hasVerifier = 1;
}

def MoE_ReceivedRowsOp : MoE_Op<"received_rows", []> {
  let summary = "The run-time symbol R: rows received by the latest dispatch";
  let description = [{
    The number of rows this rank received in the most recent `moe.exchange
    dispatch` of the schedule (sizes of the received rows and of the expert
    MLP's intermediate buffers). Buffer planning bounds it by the entry's
    `moe.max_received`.

    ```mlir
    %r = moe.received_rows : index
    ```
  }];
  let results = (outs Index:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
}

def MoE_AbsentOp : MoE_Op<"absent", [Pure]> {
  let summary = "A null buffer standing for an absent optional kernel operand";
  let description = [{
    Passed to a kernel argument whose buffer is optional (a bias, a norm
    weight) when the model has none; the kernel's `has_*` flag says not to
    read it. The runtime passes a descriptor of zeros.

    ```mlir
    %none = moe.absent : memref<?xf32>
    ```
  }];
  let results = (outs AnyMemRef:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
}

#endif // MOE_DIALECT_MOE_IR_MOEOPS_TD
