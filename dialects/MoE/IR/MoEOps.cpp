//===- MoEOps.cpp - Ops of the moe dialect --------------------------------===//
//
// Verifiers reject shapes, dtypes and attributes that cannot describe a real
// model: every message names the operand or attribute and the expected value.
//
//===----------------------------------------------------------------------===//

#include "dialects/MoE/IR/MoEOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::moe;

static constexpr int64_t kDyn = ShapedType::kDynamic;

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      shape, os,
      [&](int64_t d) {
        if (ShapedType::isDynamic(d))
          os << "?";
        else
          os << d;
      },
      ", ");
  os << "]";
  return s;
}

static RankedTensorType tensorOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType());
}

/// Checks that `v` has the rank of `expected` and that every dimension known
/// on both sides agrees (`kDyn` on either side matches anything).
static LogicalResult checkShape(Operation *op, Value v,
                                ArrayRef<int64_t> expected, StringRef what) {
  ArrayRef<int64_t> actual = tensorOf(v).getShape();
  bool ok = actual.size() == expected.size();
  for (size_t i = 0; ok && i < actual.size(); ++i)
    ok = ShapedType::isDynamic(actual[i]) ||
         ShapedType::isDynamic(expected[i]) || actual[i] == expected[i];
  if (ok)
    return success();
  return op->emitOpError() << what << " must have shape " << shapeStr(expected)
                           << ", got " << shapeStr(actual);
}

static LogicalResult checkOptionalShape(Operation *op, Value v,
                                        ArrayRef<int64_t> expected,
                                        StringRef what) {
  return v ? checkShape(op, v, expected, what) : success();
}

/// The size of the last dimension (may be dynamic).
static int64_t lastDim(Value v) { return tensorOf(v).getShape().back(); }

static LogicalResult checkSameElementType(Operation *op, Value v, Value ref,
                                          StringRef what, StringRef refWhat) {
  Type a = tensorOf(v).getElementType(), b = tensorOf(ref).getElementType();
  if (a == b)
    return success();
  return op->emitOpError() << what << " element type " << a
                           << " must match the " << refWhat << " element type "
                           << b;
}

/// Activations are `[T, H]`.
static LogicalResult checkActivation(Operation *op, Value v, StringRef what) {
  if (tensorOf(v).getRank() != 2)
    return op->emitOpError()
           << what << " must be a 2-D [tokens, hidden] tensor, got "
           << v.getType();
  return success();
}

/// Token-aligned 1-D tensors (`positions`, `sequences`) match the token dim.
static LogicalResult checkTokenAligned(Operation *op, Value v, int64_t tokens,
                                       StringRef what) {
  return checkShape(op, v, {tokens}, what);
}

//===----------------------------------------------------------------------===//
// ParamOp / WeightOp
//===----------------------------------------------------------------------===//

LogicalResult ParamOp::verify() {
  RankedTensorType type = getTensorType();
  if (!type.hasStaticShape())
    return emitOpError() << "parameter type must have a static shape, got "
                         << type;
  if (type.getRank() == 0)
    return emitOpError() << "parameter must have rank >= 1";
  if (getSymName().empty())
    return emitOpError() << "parameter name must not be empty";
  if (isExpertStack()) {
    if (getSymName().count('*') != 1)
      return emitOpError()
             << "expert-stack name must contain exactly one '*', got '"
             << getSymName() << "'";
    if (type.getRank() < 2)
      return emitOpError() << "expert-stack parameter must have rank >= 2 "
                              "(leading dim = experts), got "
                           << type;
  }
  return success();
}

LogicalResult WeightOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto param =
      symbolTable.lookupNearestSymbolFrom<ParamOp>(*this, getParamAttr());
  if (!param)
    return emitOpError() << "'" << getParam() << "' does not name a moe.param";
  if (param.getType() != getType())
    return emitOpError() << "result type " << getType()
                         << " must equal the type of parameter '" << getParam()
                         << "' (" << param.getType() << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// Embedding, norms, linear, RoPE, LM head
//===----------------------------------------------------------------------===//

LogicalResult EmbeddingOp::verify() {
  if (tensorOf(getTable()).getRank() != 2)
    return emitOpError() << "table must be 2-D [vocab, hidden], got "
                         << getTable().getType();
  if (failed(checkActivation(*this, getResult(), "result")))
    return failure();
  int64_t tokens = tensorOf(getTokens()).getDimSize(0);
  if (failed(checkShape(*this, getResult(), {tokens, lastDim(getTable())},
                        "result")))
    return failure();
  return checkSameElementType(*this, getResult(), getTable(), "result",
                              "table");
}

template <typename NormOp>
static LogicalResult verifyNorm(NormOp op, Value weight, Value bias) {
  if (op.getResult().getType() != op.getInput().getType())
    return op.emitOpError()
           << "result type " << op.getResult().getType()
           << " must equal the input type " << op.getInput().getType();
  if (!(op.getEps().convertToDouble() > 0.0))
    return op.emitOpError()
           << "eps must be positive, got " << op.getEps().convertToDouble();
  int64_t width = lastDim(op.getInput());
  if (failed(checkOptionalShape(op, weight, {width}, "weight")) ||
      failed(checkOptionalShape(op, bias, {width}, "bias")))
    return failure();
  return success();
}

LogicalResult RMSNormOp::verify() {
  if (getMultiplyInF32() && !getWeight())
    return emitOpError() << "multiply_in_f32 needs a weight";
  return verifyNorm(*this, getWeight(), Value());
}

LogicalResult LayerNormOp::verify() {
  return verifyNorm(*this, getWeight(), getBias());
}

LogicalResult LinearOp::verify() {
  RankedTensorType w = tensorOf(getWeight());
  if (w.getRank() != 2)
    return emitOpError() << "weight must be 2-D [out, in], got " << w;
  int64_t out = w.getDimSize(0), in = w.getDimSize(1);
  SmallVector<int64_t> inShape(tensorOf(getInput()).getShape());
  if (failed(checkShape(
          *this, getInput(),
          [&] {
            SmallVector<int64_t> s = inShape;
            s.back() = in;
            return s;
          }(),
          "input")))
    return failure();
  SmallVector<int64_t> outShape = inShape;
  outShape.back() = out;
  if (failed(checkShape(*this, getResult(), outShape, "result")) ||
      failed(checkOptionalShape(*this, getBias(), {out}, "bias")) ||
      failed(checkSameElementType(*this, getWeight(), getInput(), "weight",
                                  "input")) ||
      failed(checkSameElementType(*this, getResult(), getInput(), "result",
                                  "input")))
    return failure();
  return success();
}

LogicalResult RopeOp::verify() {
  RankedTensorType in = tensorOf(getInput());
  if (in.getRank() != 3)
    return emitOpError() << "input must be 3-D [tokens, heads, dim], got "
                         << in;
  if (getResult().getType() != in)
    return emitOpError() << "result type " << getResult().getType()
                         << " must equal the input type " << in;
  if (failed(checkShape(*this, getInput(), {kDyn, kDyn, getRope().getDim()},
                        "input")))
    return failure();
  return checkTokenAligned(*this, getPositions(), in.getDimSize(0),
                           "positions");
}

LogicalResult LMHeadOp::verify() {
  RankedTensorType w = tensorOf(getWeight());
  if (w.getRank() != 2)
    return emitOpError() << "weight must be 2-D [vocab, hidden], got " << w;
  if (failed(checkActivation(*this, getInput(), "input")) ||
      failed(checkShape(*this, getInput(), {kDyn, w.getDimSize(1)}, "input")) ||
      failed(checkShape(*this, getLogits(),
                        {tensorOf(getInput()).getDimSize(0), w.getDimSize(0)},
                        "logits")))
    return failure();
  return checkSameElementType(*this, getWeight(), getInput(), "weight",
                              "input");
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

/// Shared checks of the (input, positions, sequences) -> result interface.
static LogicalResult verifyAttentionIO(Operation *op, Value input,
                                       Value positions, Value sequences,
                                       Value result, double scale) {
  if (failed(checkActivation(op, input, "input")))
    return failure();
  if (result.getType() != input.getType())
    return op->emitOpError()
           << "result type " << result.getType()
           << " must equal the input type " << input.getType();
  int64_t tokens = tensorOf(input).getDimSize(0);
  if (failed(checkTokenAligned(op, positions, tokens, "positions")) ||
      failed(checkTokenAligned(op, sequences, tokens, "sequences")))
    return failure();
  if (!(scale > 0.0))
    return op->emitOpError() << "scale must be positive, got " << scale;
  return success();
}

LogicalResult AttentionOp::verify() {
  if (failed(verifyAttentionIO(*this, getInput(), getPositions(),
                               getSequences(), getResult(),
                               getScale().convertToDouble())))
    return failure();
  int64_t heads = getNumHeads(), kvHeads = getNumKvHeads(), dim = getHeadDim();
  if (heads % kvHeads != 0)
    return emitOpError() << "num_heads (" << heads
                         << ") must be a multiple of num_kv_heads (" << kvHeads
                         << ")";
  int64_t hidden = lastDim(getInput());
  int64_t qWidth = heads * dim, kvWidth = kvHeads * dim;
  if (failed(checkShape(*this, getQWeight(), {qWidth, hidden}, "q weight")) ||
      failed(checkShape(*this, getKWeight(), {kvWidth, hidden}, "k weight")) ||
      failed(checkShape(*this, getVWeight(), {kvWidth, hidden}, "v weight")) ||
      failed(checkShape(*this, getOWeight(), {hidden, qWidth}, "o weight")) ||
      failed(checkOptionalShape(*this, getQBias(), {qWidth}, "q bias")) ||
      failed(checkOptionalShape(*this, getKBias(), {kvWidth}, "k bias")) ||
      failed(checkOptionalShape(*this, getVBias(), {kvWidth}, "v bias")) ||
      failed(checkOptionalShape(*this, getOBias(), {hidden}, "o bias")) ||
      failed(checkOptionalShape(*this, getSinks(), {heads}, "sinks")))
    return failure();

  bool hasQNorm = bool(getQNormWeight()), hasKNorm = bool(getKNormWeight());
  if (hasQNorm != hasKNorm)
    return emitOpError() << "q_norm and k_norm weights must be given together";
  switch (getQkNorm()) {
  case QKNorm::None:
  case QKNorm::L2AfterRope:
    if (hasQNorm)
      return emitOpError() << "qk_norm '" << stringifyQKNorm(getQkNorm())
                           << "' takes no q_norm/k_norm weights";
    if (getQkNorm() == QKNorm::L2AfterRope && !getRope())
      return emitOpError() << "qk_norm 'l2_after_rope' needs a rope attribute";
    break;
  case QKNorm::PerHead:
    if (!hasQNorm)
      return emitOpError()
             << "qk_norm 'per_head' needs q_norm and k_norm weights";
    if (failed(checkShape(*this, getQNormWeight(), {dim}, "q_norm weight")) ||
        failed(checkShape(*this, getKNormWeight(), {dim}, "k_norm weight")))
      return failure();
    break;
  case QKNorm::FullWidth:
    if (!hasQNorm)
      return emitOpError()
             << "qk_norm 'full_width' needs q_norm and k_norm weights";
    if (failed(
            checkShape(*this, getQNormWeight(), {qWidth}, "q_norm weight")) ||
        failed(checkShape(*this, getKNormWeight(), {kvWidth}, "k_norm weight")))
      return failure();
    break;
  }
  if (!(getQkNormEps().convertToDouble() > 0.0))
    return emitOpError() << "qk_norm_eps must be positive";
  if (RopeAttr rope = getRopeAttr(); rope && rope.getDim() != dim)
    return emitOpError() << "rope dim (" << rope.getDim()
                         << ") must equal head_dim (" << dim << ")";
  if (std::optional<APFloat> clip = getClipQkv();
      clip && !(clip->convertToDouble() > 0.0))
    return emitOpError() << "clip_qkv must be positive, got "
                         << clip->convertToDouble();
  if (bool(getTemperatureFloorScale()) != bool(getTemperatureScale()))
    return emitOpError() << "temperature_floor_scale and temperature_scale "
                            "must be given together";
  if (getTemperatureFloorScale() &&
      !(getTemperatureFloorScale()->convertToDouble() > 0.0))
    return emitOpError() << "temperature_floor_scale must be positive";
  if (!getCausal() && (getSlidingWindow() || getChunkSize()))
    return emitOpError()
           << "sliding_window and chunk_size apply to causal attention only";
  return success();
}

LogicalResult MLAAttentionOp::verify() {
  if (failed(verifyAttentionIO(*this, getInput(), getPositions(),
                               getSequences(), getResult(),
                               getScale().convertToDouble())))
    return failure();
  int64_t hidden = lastDim(getInput());
  int64_t heads = getNumHeads(), nope = getQkNopeHeadDim(),
          ropeDim = getQkRopeHeadDim(), vDim = getVHeadDim(),
          kvLora = getKvLoraRank(), qLora = getQLoraRank();
  int64_t qWidth = heads * (nope + ropeDim);
  if (qLora > 0) {
    if (!getQAWeight() || !getQANormWeight() || !getQBWeight())
      return emitOpError() << "q_lora_rank " << qLora
                           << " needs q_a, q_a_norm and q_b weights";
    if (getQWeight())
      return emitOpError() << "q_lora_rank " << qLora
                           << " excludes a direct q weight";
    if (failed(
            checkShape(*this, getQAWeight(), {qLora, hidden}, "q_a weight")) ||
        failed(
            checkShape(*this, getQANormWeight(), {qLora}, "q_a_norm weight")) ||
        failed(checkShape(*this, getQBWeight(), {qWidth, qLora}, "q_b weight")))
      return failure();
  } else {
    if (!getQWeight())
      return emitOpError() << "q_lora_rank 0 needs a direct q weight";
    if (getQAWeight() || getQANormWeight() || getQBWeight())
      return emitOpError() << "q_lora_rank 0 excludes q_a, q_a_norm and q_b";
    if (failed(checkShape(*this, getQWeight(), {qWidth, hidden}, "q weight")))
      return failure();
  }
  if (failed(checkShape(*this, getKvAWeight(), {kvLora + ropeDim, hidden},
                        "kv_a weight")) ||
      failed(checkShape(*this, getKvANormWeight(), {kvLora},
                        "kv_a_norm weight")) ||
      failed(checkShape(*this, getKvBWeight(), {heads * (nope + vDim), kvLora},
                        "kv_b weight")) ||
      failed(
          checkShape(*this, getOWeight(), {hidden, heads * vDim}, "o weight")))
    return failure();
  if (!getWUk() != !getWUv())
    return emitOpError() << "w_uk and w_uv come together (absorbed form)";
  if (getAbsorbPrefill() && !getWUk())
    return emitOpError() << "absorb_prefill needs w_uk and w_uv";
  if (failed(
          checkOptionalShape(*this, getWUk(), {heads, nope, kvLora}, "w_uk")) ||
      failed(
          checkOptionalShape(*this, getWUv(), {heads, vDim, kvLora}, "w_uv")))
    return failure();
  if (getRope().getDim() != ropeDim)
    return emitOpError() << "rope dim (" << getRope().getDim()
                         << ") must equal qk_rope_head_dim (" << ropeDim << ")";
  if (!(getNormEps().convertToDouble() > 0.0))
    return emitOpError() << "norm_eps must be positive";
  return success();
}

//===----------------------------------------------------------------------===//
// Router, dispatch, experts, combine
//===----------------------------------------------------------------------===//

/// The checks shared by every routing op (`moe.router`, `moe.route_dispatch`).
static LogicalResult verifyRouting(RoutingOpInterface routing) {
  Operation *op = routing.getOperation();
  if (failed(checkActivation(op, routing.getInput(), "input")))
    return failure();
  RankedTensorType w = tensorOf(routing.getWeight());
  if (w.getRank() != 2)
    return op->emitOpError()
           << "weight must be 2-D [experts, hidden], got " << w;
  int64_t experts = w.getDimSize(0), topK = routing.getTopK();
  int64_t nGroup = routing.getNGroup(), topkGroup = routing.getTopkGroup();
  if (failed(checkShape(op, routing.getWeight(),
                        {experts, lastDim(routing.getInput())}, "weight")))
    return failure();
  if (topK > experts)
    return op->emitOpError()
           << "top_k (" << topK << ") must not exceed the number of experts ("
           << experts << ")";
  if (experts % nGroup != 0)
    return op->emitOpError()
           << "n_group (" << nGroup << ") must divide the number of experts ("
           << experts << ")";
  if (topkGroup > nGroup)
    return op->emitOpError() << "topk_group (" << topkGroup
                             << ") must not exceed n_group (" << nGroup << ")";
  int64_t groupSize = experts / nGroup;
  if (topK > topkGroup * groupSize)
    return op->emitOpError()
           << "top_k (" << topK << ") exceeds the " << topkGroup * groupSize
           << " experts of the topk_group selectable groups";
  if (nGroup > 1 && routing.getGroupScore() == GroupScore::Top2Sum &&
      groupSize < 2)
    return op->emitOpError()
           << "group_score 'top2_sum' needs at least 2 experts "
              "per group, got "
           << groupSize;
  bool selectsOnLogits = routing.getScoring() == RouterScoring::SoftmaxTopK ||
                         routing.getScoring() == RouterScoring::SigmoidTopK;
  if (selectsOnLogits && nGroup > 1)
    return op->emitOpError()
           << "scoring '" << stringifyRouterScoring(routing.getScoring())
           << "' does not support n_group > 1";
  if (routing.getCorrectionBias() && selectsOnLogits)
    return op->emitOpError() << "correction_bias needs scoring 'softmax' or "
                                "'sigmoid' (it biases selection only)";
  if (failed(checkOptionalShape(op, routing.getBias(), {experts}, "bias")) ||
      failed(checkOptionalShape(op, routing.getCorrectionBias(), {experts},
                                "correction_bias")))
    return failure();
  if (routing.getRenormEps().convertToDouble() < 0.0)
    return op->emitOpError() << "renorm_eps must be non-negative";
  if (!(routing.getRoutedScalingFactor().convertToDouble() > 0.0))
    return op->emitOpError() << "routed_scaling_factor must be positive";
  int64_t tokens = tensorOf(routing.getInput()).getDimSize(0);
  if (failed(checkShape(op, routing.getExpertIds(), {tokens, topK},
                        "expert_ids")) ||
      failed(checkShape(op, routing.getWeights(), {tokens, topK}, "weights")))
    return failure();
  return success();
}

LogicalResult RouterOp::verify() { return verifyRouting(*this); }

LogicalResult RouteDispatchOp::verify() {
  if (failed(verifyRouting(*this)))
    return failure();
  int64_t experts = getNumExperts();
  int64_t tokens = tensorOf(getInput()).getDimSize(0);
  int64_t rows = ShapedType::isDynamic(tokens)
                     ? kDyn
                     : tokens * static_cast<int64_t>(getTopK());
  if (failed(
          checkShape(*this, getRows(), {rows, lastDim(getInput())}, "rows")) ||
      failed(checkSameElementType(*this, getRows(), getInput(), "rows",
                                  "input")) ||
      failed(checkShape(*this, getTokensPerExpert(), {experts},
                        "tokens_per_expert")) ||
      failed(checkShape(*this, getOffsets(), {experts + 1}, "offsets")) ||
      failed(checkShape(*this, getPermutation(), {rows}, "permutation")) ||
      failed(checkShape(*this, getInverse(), {rows}, "inverse")))
    return failure();
  return success();
}

LogicalResult DispatchOp::verify() {
  if (failed(checkActivation(*this, getInput(), "input")))
    return failure();
  RankedTensorType ids = tensorOf(getExpertIds());
  if (ids.getRank() != 2)
    return emitOpError() << "expert_ids must be 2-D [tokens, top_k], got "
                         << ids;
  int64_t tokens = tensorOf(getInput()).getDimSize(0);
  if (failed(checkShape(*this, getExpertIds(), {tokens, kDyn}, "expert_ids")) ||
      failed(
          checkOptionalShape(*this, getWeights(), ids.getShape(), "weights")) ||
      failed(
          checkShape(*this, getRows(), {kDyn, lastDim(getInput())}, "rows")) ||
      failed(checkShape(*this, getTokensPerExpert(), {int64_t(getNumExperts())},
                        "tokens_per_expert")) ||
      failed(
          checkSameElementType(*this, getRows(), getInput(), "rows", "input")))
    return failure();
  return success();
}

int64_t ExpertsOp::getIntermediateSize() {
  RankedTensorType down = tensorOf(getDownWeight());
  return getDownLayout() == WeightLayout::OutIn ? down.getDimSize(2)
                                                : down.getDimSize(1);
}

/// Shape of an `[out, in]`-or-`[in, out]` expert stack.
static SmallVector<int64_t, 3> stackShape(int64_t experts, int64_t out,
                                          int64_t in, WeightLayout layout) {
  if (layout == WeightLayout::OutIn)
    return {experts, out, in};
  return {experts, in, out};
}

LogicalResult ExpertsOp::verify() {
  if (failed(checkActivation(*this, getRows(), "rows")))
    return failure();
  if (getResult().getType() != getRows().getType())
    return emitOpError() << "result type " << getResult().getType()
                         << " must equal the rows type " << getRows().getType();
  RankedTensorType down = tensorOf(getDownWeight());
  if (down.getRank() != 3)
    return emitOpError() << "down weight must be 3-D [experts, ., .], got "
                         << down;
  int64_t experts = getNumExperts(), hidden = lastDim(getRows());
  int64_t inter = getIntermediateSize();
  if (failed(checkShape(*this, getTokensPerExpert(), {experts},
                        "tokens_per_expert")) ||
      failed(checkShape(*this, getDownWeight(),
                        stackShape(experts, hidden, inter, getDownLayout()),
                        "down weight")))
    return failure();

  bool fused = bool(getGateUpWeight());
  if (fused ? (getGateWeight() || getUpWeight())
            : !(getGateWeight() && getUpWeight()))
    return emitOpError() << "needs either a fused gate_up weight or both gate "
                            "and up weights";
  if (fused) {
    if (failed(checkShape(
            *this, getGateUpWeight(),
            stackShape(experts, 2 * inter, hidden, getGateUpLayout()),
            "gate_up weight")))
      return failure();
  } else {
    SmallVector<int64_t, 3> shape =
        stackShape(experts, inter, hidden, getGateUpLayout());
    if (failed(checkShape(*this, getGateWeight(), shape, "gate weight")) ||
        failed(checkShape(*this, getUpWeight(), shape, "up weight")))
      return failure();
    if (getGateUpFusion() != GateUpFusion::Concat)
      return emitOpError()
             << "gate_up_fusion applies to a fused gate_up weight only";
    if (getGateUpBias())
      return emitOpError() << "gate_up_bias needs a fused gate_up weight";
  }
  if (failed(checkOptionalShape(*this, getGateUpBias(), {experts, 2 * inter},
                                "gate_up_bias")) ||
      failed(checkOptionalShape(*this, getDownBias(), {experts, hidden},
                                "down_bias")))
    return failure();
  if (getActivation() == ExpertActivation::ClampedSwiGLU &&
      !(getAlpha().convertToDouble() > 0.0 &&
        getLimit().convertToDouble() > 0.0))
    return emitOpError() << "clamped_swiglu needs alpha > 0 and limit > 0";
  return success();
}

LogicalResult CombineOp::verify() {
  if (failed(checkActivation(*this, getRows(), "rows")) ||
      failed(checkActivation(*this, getResult(), "result")) ||
      failed(checkShape(*this, getResult(), {kDyn, lastDim(getRows())},
                        "result")) ||
      failed(checkSameElementType(*this, getResult(), getRows(), "result",
                                  "rows")))
    return failure();
  int64_t tokens = tensorOf(getResult()).getDimSize(0);
  return checkOptionalShape(*this, getWeights(), {tokens, int64_t(getTopK())},
                            "weights");
}

//===----------------------------------------------------------------------===//
// Dense MLP and shared expert
//===----------------------------------------------------------------------===//

static LogicalResult verifySwiGLU(Operation *op, Value input, Value gate,
                                  Value up, Value down, Value result) {
  if (failed(checkActivation(op, input, "input")))
    return failure();
  if (result.getType() != input.getType())
    return op->emitOpError()
           << "result type " << result.getType()
           << " must equal the input type " << input.getType();
  RankedTensorType g = tensorOf(gate);
  if (g.getRank() != 2)
    return op->emitOpError()
           << "gate weight must be 2-D [intermediate, hidden], got " << g;
  int64_t hidden = lastDim(input), inter = g.getDimSize(0);
  if (failed(checkShape(op, gate, {inter, hidden}, "gate weight")) ||
      failed(checkShape(op, up, {inter, hidden}, "up weight")) ||
      failed(checkShape(op, down, {hidden, inter}, "down weight")) ||
      failed(checkSameElementType(op, gate, input, "gate weight", "input")))
    return failure();
  return success();
}

LogicalResult MLPOp::verify() {
  return verifySwiGLU(*this, getInput(), getGateWeight(), getUpWeight(),
                      getDownWeight(), getResult());
}

LogicalResult SharedExpertOp::verify() {
  if (failed(verifySwiGLU(*this, getInput(), getGateWeight(), getUpWeight(),
                          getDownWeight(), getResult())))
    return failure();
  return checkOptionalShape(*this, getExpertGateWeight(),
                            {1, lastDim(getInput())}, "expert_gate weight");
}

//===----------------------------------------------------------------------===//
// Expert parallelism
//===----------------------------------------------------------------------===//

/// Checks an expert placement over `epSize` ranks for `experts` experts.
static LogicalResult verifyPlacement(Operation *op, int64_t epSize,
                                     ArrayRef<int64_t> placement,
                                     int64_t experts) {
  int64_t slots = static_cast<int64_t>(placement.size());
  if (slots == 0 || slots % epSize)
    return op->emitOpError()
           << "placement has " << slots
           << " slots, expected a positive multiple of ep_size = " << epSize;
  SmallVector<bool> seen(experts, false);
  for (auto [s, e] : llvm::enumerate(placement)) {
    if (e < -1 || e >= experts)
      return op->emitOpError() << "placement[" << s << "] = " << e
                               << ", expected an expert in [0, " << experts
                               << ") or -1 (empty slot)";
    if (e >= 0)
      seen[e] = true;
  }
  for (int64_t e = 0; e < experts; ++e)
    if (!seen[e])
      return op->emitOpError()
             << "expert " << e << " has no slot in the placement";
  return success();
}

LogicalResult LocalExpertsOp::verify() {
  RankedTensorType in = tensorOf(getInput());
  if (in.getRank() < 1 || ShapedType::isDynamic(in.getDimSize(0)))
    return emitOpError() << "input must be stacked over a static number of "
                            "experts, got "
                         << in;
  if (failed(verifyPlacement(*this, getEpSize(), getPlacement(),
                             in.getDimSize(0))))
    return failure();
  SmallVector<int64_t> shape(in.getShape());
  shape[0] = static_cast<int64_t>(getPlacement().size()) / getEpSize();
  if (failed(checkShape(*this, getResult(), shape, "result")) ||
      failed(checkSameElementType(*this, getResult(), getInput(), "result",
                                  "input")))
    return failure();
  return success();
}

LogicalResult EPDispatchOp::verify() {
  if (failed(checkActivation(*this, getRows(), "rows")) ||
      failed(
          verifyPlacement(*this, getEpSize(), getPlacement(), getNumExperts())))
    return failure();
  if (getLocalRows().getType() != getRows().getType())
    return emitOpError() << "local_rows type " << getLocalRows().getType()
                         << " must equal the rows type " << getRows().getType();
  if (failed(checkShape(*this, getLocalCounts(), {getSlotsPerRank()},
                        "local_counts")) ||
      failed(checkSameElementType(*this, getLocalCounts(), getTokensPerExpert(),
                                  "local_counts", "tokens_per_expert")))
    return failure();
  return success();
}

EPDispatchOp EPCombineOp::getDispatch() {
  return getLocalCounts().getDefiningOp<EPDispatchOp>();
}

LogicalResult ExchangeOp::verify() {
  if (getKind() == ExchangeKind::ExpertCounts &&
      getPhase() != ExchangePhase::Blocking)
    return emitOpError("expert_counts records statistics and cannot be "
                       "split into start and wait");
  if (getKind() == ExchangeKind::AllReduce) {
    if (getPhase() != ExchangePhase::Blocking)
      return emitOpError("all_reduce cannot be split into start and wait");
    if (getArgs().empty())
      return emitOpError("all_reduce needs at least one buffer");
    for (Value arg : getArgs()) {
      auto type = cast<MemRefType>(arg.getType());
      if (type.getRank() != 1 ||
          !(type.getElementType().isF32() ||
            type.getElementType().isInteger(64)))
        return emitOpError("all_reduce buffers must be rank-1 f32 or i64, "
                           "got ")
               << type;
    }
  }
  return success();
}

LogicalResult EPCombineOp::verify() {
  EPDispatchOp dispatch = getDispatch();
  if (!dispatch)
    return emitOpError() << "local_counts must be a result of moe.ep_dispatch";
  Type rows = dispatch.getRows().getType();
  if (getLocalOut().getType() != rows)
    return emitOpError() << "local_out type " << getLocalOut().getType()
                         << " must equal the dispatched rows type " << rows;
  if (getResult().getType() != rows)
    return emitOpError() << "result type " << getResult().getType()
                         << " must equal the dispatched rows type " << rows;
  return success();
}

//===----------------------------------------------------------------------===//
// Schedule ops
//===----------------------------------------------------------------------===//

LogicalResult LaunchOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto fn = symbolTable.lookupNearestSymbolFrom<FunctionOpInterface>(
      *this, getKernelAttr());
  if (!fn)
    return emitOpError("kernel @") << getKernel() << " is not a function";
  if (!fn->hasAttr("moe.kernel"))
    return emitOpError("@") << getKernel() << " is not marked `moe.kernel`";
  ArrayRef<Type> params = fn.getArgumentTypes();
  if (params.size() != getArgs().size() + 2)
    return emitOpError("kernel @")
           << getKernel() << " takes " << params.size() - 2
           << " arguments after (wg, nwg), launched with " << getArgs().size();
  for (auto [i, arg] : llvm::enumerate(getArgs())) {
    Type want = params[i + 2], got = arg.getType();
    auto wantM = dyn_cast<MemRefType>(want);
    auto gotM = dyn_cast<MemRefType>(got);
    bool ok = wantM && gotM
                  ? wantM.getRank() == gotM.getRank() &&
                        wantM.getElementType() == gotM.getElementType()
                  : want == got;
    if (!ok)
      return emitOpError("argument ")
             << i << " has type " << got << ", kernel @" << getKernel()
             << " expects " << want;
  }
  return success();
}

#define GET_OP_CLASSES
#include "dialects/MoE/IR/MoEInterfaces.cpp.inc"
#include "dialects/MoE/IR/MoEOps.cpp.inc"
