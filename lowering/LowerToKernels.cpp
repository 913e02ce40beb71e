//===- LowerToKernels.cpp - moe graph -> kernel launches on buffers -------===//
//
// Walks `@forward` op by op and emits, into a new entry function over
// memrefs, the kernel launches that compute each op (the kernels are those of
// lowering/kernels/, cloned into the module). Tensors become buffers
// (`memref.alloc`, leading dimension = tokens or token copies); reshapes and
// slices of buffers are `memref.reinterpret_cast` views, so a launch argument
// is always a root (entry argument, buffer, global) or one view of it.
// The same graph is lowered twice: `@prefill` and `@decode` differ in the
// largest token count they accept, hence in the arena they get planned.
//
//===----------------------------------------------------------------------===//

#include "lowering/KernelEmitter.h"
#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"
#include "lowering/ScheduleAnalysis.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <vector>

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOELOWERTOKERNELS
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

/// Token blocks (and histogram rows) of the `route_dispatch` kernel: the most
/// workgroups one of its launches can use.
constexpr int64_t kRouteBlocks = 64;

/// Builds one entry function from `@forward`.
class EntryBuilder : public KernelEmitter {
public:
  /// `anyMaxTokens`: the most tokens any entry takes (in an expert-parallel
  /// run, ranks in different entries exchange rows).
  EntryBuilder(ModuleOp module, func::FuncOp forward, StringRef name,
               int64_t maxTokens, int64_t anyMaxTokens)
      : KernelEmitter(module, name, forward.getLoc()), forward(forward),
        maxTokens(maxTokens), anyMaxTokens(anyMaxTokens) {}

  LogicalResult build();

private:
  // --- Entry arguments -----------------------------------------------------
  /// The entry argument binding parameter `param` with load-time transforms.
  /// The entry argument of `param` viewed as `viewShape`, cut to the box
  /// (`sliceOffsets`, `sliceSizes`) if given, then `transforms`: `shape`.
  /// With `expertSlots` (expert parallelism) the leading dimension of the
  /// view is over experts and of `shape` over a rank's slots.
  Value weightArg(ParamOp param, ArrayRef<int64_t> viewShape,
                  ArrayRef<StringRef> transforms, ArrayRef<int64_t> shape,
                  ArrayRef<int64_t> sliceOffsets = {},
                  ArrayRef<int64_t> sliceSizes = {},
                  ArrayRef<int64_t> expertSlots = {});
  Value cacheArg(StringRef kind, int64_t layer, int64_t heads, int64_t dim);

  // --- Tensor values -------------------------------------------------------
  Value get(Value tensor) { return values.lookup(tensor); }
  Value getOpt(Value tensor) { return tensor ? get(tensor) : Value(); }
  /// A weight operand in the layout a kernel wants: `transpose` swaps the
  /// last two dims, `deinterleave` splits the last dim's even/odd entries.
  /// A graph the lowering cannot bind gets an error, a null Value and
  /// `weightError` set: each op's lowering checks it once, after binding all
  /// of its weights and before using them.
  Value weight(Operation *user, Value tensor,
               ArrayRef<StringRef> transforms = {});
  /// `weight` of an optional operand: a null Value when it is absent.
  Value optWeight(Operation *user, Value tensor,
                  ArrayRef<StringRef> transforms = {}) {
    return tensor ? weight(user, tensor, transforms) : Value();
  }
  Value weightFailure(Operation *user, const Twine &message) {
    user->emitError(message);
    weightError = true;
    return {};
  }

  // --- Kernels ---------------------------------------------------------------
  Value swigluMLP(Value x, Value gate, Value up, Value down);

  // --- Ops --------------------------------------------------------------------
  LogicalResult lower(Operation *op);
  LogicalResult lowerAttention(AttentionOp op);
  LogicalResult lowerMLA(MLAAttentionOp op);
  /// MLA with a latent cache `[S, C, 1, kv_lora + rope]` (moe-mla-absorb):
  /// absorbed when `wUk` is given, else naive over expanded K/V.
  LogicalResult lowerLatentMLA(MLAAttentionOp op, Value q, Value ckv,
                               Value kvNorm, Value kvb, Value wUk, Value wUv,
                               Value wo);
  LogicalResult lowerRouter(RouterOp op);
  LogicalResult lowerRouteDispatch(RouteDispatchOp op);
  LogicalResult lowerDispatch(DispatchOp op);
  LogicalResult lowerExperts(ExpertsOp op);
  LogicalResult lowerCombine(CombineOp op);
  LogicalResult lowerEPDispatch(EPDispatchOp op);
  LogicalResult lowerEPCombine(EPCombineOp op);
  /// Records the per-expert `counts` of a dispatch (--expert-stats).
  void expertCounts(Value counts);

  func::FuncOp forward;
  int64_t maxTokens, anyMaxTokens;
  Value logits;
  DenseMap<Value, Value> values;
  /// Weight arguments by (param, view shape, transforms).
  llvm::StringMap<Value> weightArgs;
  llvm::StringMap<Value> cacheArgs;
  /// Side results of a lowered dispatch: tokens_per_expert -> offsets,
  /// permutation -> inverse permutation.
  DenseMap<Value, Value> offsetsOf, inverseOf;
  bool weightError = false;
  /// The decoder layer being lowered (that of the last attention).
  int64_t layer = 0;
  /// Expert parallelism: ranks, exchanges emitted, largest R.
  int64_t epSize = 1, numExchanges = 0, maxReceived = 0;
  DenseMap<Value, int64_t> exchangeOf; // local_counts -> exchange id
  /// Exchanges started (moe.async) and not yet waited for, by the graph
  /// values their wait produces.
  struct PendingWait {
    ExchangeKind kind;
    int64_t id, layer;
    SmallVector<int64_t> placement;
    SmallVector<Value> args;
    bool done = false;
  };
  std::vector<PendingWait> pendingWaits;
  DenseMap<Value, size_t> pendingOf;
  /// An exchange op of `phase` (blocking, start or wait).
  void exchange(ExchangeKind kind, int64_t id, int64_t layer,
                ArrayRef<int64_t> placement, ExchangePhase phase,
                ValueRange args) {
    ExchangeOp::create(b, loc, kind, id, layer,
                       kind == ExchangeKind::ExpertCounts ? 1 : epSize,
                       placement, phase, args);
  }
  /// A blocking exchange, or (when `op` has moe.async) its start, with the
  /// wait deferred to the first user of one of `results`.
  void exchange(Operation *op, ExchangeKind kind, int64_t id, int64_t layer,
                ArrayRef<int64_t> placement, ValueRange args,
                ValueRange results) {
    if (!op->hasAttr(attrs::kAsync)) {
      exchange(kind, id, layer, placement, ExchangePhase::Blocking, args);
      return;
    }
    exchange(kind, id, layer, placement, ExchangePhase::Start, args);
    pendingWaits.push_back(
        {kind, id, layer, SmallVector<int64_t>(placement.begin(),
                                                 placement.end()),
         SmallVector<Value>(args.begin(), args.end())});
    for (Value r : results)
      pendingOf[r] = pendingWaits.size() - 1;
  }
  /// Emits the wait of a started exchange producing `v`, if not yet done.
  void waitFor(Value v) {
    auto it = pendingOf.find(v);
    if (it == pendingOf.end() || pendingWaits[it->second].done)
      return;
    PendingWait &w = pendingWaits[it->second];
    w.done = true;
    exchange(w.kind, w.id, w.layer, w.placement, ExchangePhase::Wait, w.args);
  }
};

Value EntryBuilder::weightArg(ParamOp param, ArrayRef<int64_t> viewShape,
                              ArrayRef<StringRef> transforms,
                              ArrayRef<int64_t> shape,
                              ArrayRef<int64_t> sliceOffsets,
                              ArrayRef<int64_t> sliceSizes,
                              ArrayRef<int64_t> expertSlots) {
  std::string key = param.getSymName().str() + "|";
  for (int64_t d : viewShape)
    key += std::to_string(d) + ",";
  for (StringRef t : transforms)
    key += "|" + t.str();
  for (ArrayRef<int64_t> box : {sliceOffsets, sliceSizes, expertSlots}) {
    key += "|";
    for (int64_t d : box)
      key += std::to_string(d) + ",";
  }
  if (Value v = weightArgs.lookup(key))
    return v;
  NamedAttrList attrs;
  attrs.append(attrs::kParam, param.getSymNameAttr());
  if (!transforms.empty()) {
    SmallVector<Attribute> names;
    for (StringRef t : transforms)
      names.push_back(b.getStringAttr(t));
    attrs.append(attrs::kTransforms, b.getArrayAttr(names));
  }
  if (viewShape != param.getTensorType().getShape())
    attrs.append(attrs::kViewShape, b.getDenseI64ArrayAttr(viewShape));
  if (!sliceSizes.empty()) {
    attrs.append(attrs::kSliceOffsets, b.getDenseI64ArrayAttr(sliceOffsets));
    attrs.append(attrs::kSliceSizes, b.getDenseI64ArrayAttr(sliceSizes));
  }
  if (!expertSlots.empty())
    attrs.append(attrs::kExpertSlots, b.getDenseI64ArrayAttr(expertSlots));
  OpBuilder::InsertionGuard g(b);
  Value arg = addArg(MemRefType::get(shape, b.getF32Type()), attrs);
  weightArgs[key] = arg;
  return arg;
}

Value EntryBuilder::cacheArg(StringRef kind, int64_t layer, int64_t heads,
                             int64_t dim) {
  std::string key = kind.str() + "." + std::to_string(layer);
  if (Value v = cacheArgs.lookup(key))
    return v;
  NamedAttrList attrs;
  attrs.append(attrs::kCache, b.getStringAttr(key));
  int64_t dynamic = ShapedType::kDynamic;
  Value arg = addArg(
      MemRefType::get({dynamic, dynamic, heads, dim}, b.getF32Type()), attrs);
  cacheArgs[key] = arg;
  return arg;
}

Value EntryBuilder::weight(Operation *user, Value tensor,
                           ArrayRef<StringRef> transforms) {
  // A rank's expert slots of a stacked weight: bound at load time.
  if (auto local = tensor.getDefiningOp<LocalExpertsOp>()) {
    auto w = local.getInput().getDefiningOp<WeightOp>();
    auto expand = local.getInput().getDefiningOp<tensor::ExpandShapeOp>();
    if (expand)
      w = expand.getSrc().getDefiningOp<WeightOp>();
    if (!w)
      return weightFailure(user, "moe.local_experts of a value that is not a "
                                 "(reshaped) `moe.weight`");
    auto param = module.lookupSymbol<ParamOp>(w.getParamAttr());
    SmallVector<int64_t> viewShape = llvm::to_vector(
        cast<RankedTensorType>(local.getInput().getType()).getShape());
    SmallVector<int64_t> shape =
        llvm::to_vector(local.getResult().getType().getShape());
    for (StringRef t : transforms)
      if (t == "transpose")
        std::swap(shape[shape.size() - 1], shape[shape.size() - 2]);
    return weightArg(param, viewShape, transforms, shape, {}, {},
                     local.getPlacement());
  }
  // A static slice of a reshaped weight (MLA's per-head W_UK / W_UV): the
  // runtime cuts the box out at load time, before the transforms.
  if (auto box = tensor.getDefiningOp<tensor::ExtractSliceOp>()) {
    auto expand = box.getSource().getDefiningOp<tensor::ExpandShapeOp>();
    auto w = expand ? expand.getSrc().getDefiningOp<WeightOp>() : WeightOp();
    if (w) {
      if (!box.hasUnitStride() ||
          box.getSourceType().getRank() != box.getResultType().getRank() ||
          llvm::any_of(box.getStaticOffsets(), ShapedType::isDynamic) ||
          llvm::any_of(box.getStaticSizes(), ShapedType::isDynamic))
        return weightFailure(user, "only unit-stride, rank-preserving slices "
                                   "of reshaped weights are supported");
      auto param = module.lookupSymbol<ParamOp>(w.getParamAttr());
      SmallVector<int64_t> shape =
          llvm::to_vector(box.getResultType().getShape());
      for (StringRef t : transforms)
        if (t == "transpose")
          std::swap(shape[shape.size() - 1], shape[shape.size() - 2]);
      return weightArg(param, expand.getResultType().getShape(), transforms,
                       shape, box.getStaticOffsets(), box.getStaticSizes());
    }
  }
  // Follow reshapes back to the parameter; slices are views of its buffer.
  SmallVector<int64_t> viewShape =
      llvm::to_vector(cast<RankedTensorType>(tensor.getType()).getShape());
  Value src = tensor;
  auto expand = src.getDefiningOp<tensor::ExpandShapeOp>();
  if (expand)
    src = expand.getSrc();
  auto slice = src.getDefiningOp<tensor::ExtractSliceOp>();
  if (slice) {
    if (!transforms.empty() || expand)
      return weightFailure(user, "cannot lower a transformed weight slice");
    src = slice.getSource();
  }
  auto w = src.getDefiningOp<WeightOp>();
  if (!w)
    return weightFailure(user, "weight operand is not a (reshaped or sliced) "
                               "`moe.weight`");
  auto param = module.lookupSymbol<ParamOp>(w.getParamAttr());
  SmallVector<int64_t> shape = viewShape;
  for (StringRef t : transforms) {
    if (t == "transpose")
      std::swap(shape[shape.size() - 1], shape[shape.size() - 2]);
  }
  if (!expand)
    viewShape = llvm::to_vector(param.getTensorType().getShape());
  if (slice)
    shape = viewShape;
  Value arg = weightArg(param, viewShape, transforms, shape);
  if (!slice)
    return arg;
  // A static slice of a row-major matrix: rows [off, off + n).
  if (!slice.hasUnitStride() || slice.getStaticOffsets().size() != 2 ||
      slice.getStaticOffsets()[1] != 0)
    return weightFailure(user, "only row slices of weights are supported");
  ArrayRef<int64_t> full = param.getTensorType().getShape();
  int64_t off = slice.getStaticOffsets()[0] * full[1];
  ArrayRef<int64_t> sizes = slice.getStaticSizes();
  return view(arg, off, {st(sizes[0]), st(sizes[1])}, {st(full[1]), st(1)});
}

Value EntryBuilder::swigluMLP(Value x, Value gate, Value up, Value down) {
  int64_t inter = cast<MemRefType>(gate.getType()).getDimSize(0);
  Value rows = memref::DimOp::create(b, loc, x, 0);
  Value gu = alloc(rows, {2 * inter});
  matmul(x, gate, {}, view(gu, 0, {dyn(rows), st(inter)}, {st(2 * inter), st(1)}));
  matmul(x, up, {},
         view(gu, inter, {dyn(rows), st(inter)}, {st(2 * inter), st(1)}));
  Value act = alloc(rows, {inter});
  launch("swiglu", {gu, act, flag(false), f32(0), f32(0)}, rows);
  return matmul(act, down, {});
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

LogicalResult EntryBuilder::lowerAttention(AttentionOp op) {
  if (!op.getCausal())
    return op.emitError("non-causal attention is not supported by the "
                        "lowering");
  int64_t nh = op.getNumHeads(), nkv = op.getNumKvHeads(),
          hd = op.getHeadDim();
  Value x = get(op.getInput());
  Value wq = weight(op, op.getQWeight()), wk = weight(op, op.getKWeight()),
        wv = weight(op, op.getVWeight()), wo = weight(op, op.getOWeight());
  Value bq = optWeight(op, op.getQBias()), bk = optWeight(op, op.getKBias()),
        bv = optWeight(op, op.getVBias()), bo = optWeight(op, op.getOBias()),
        qn = optWeight(op, op.getQNormWeight()),
        kn = optWeight(op, op.getKNormWeight()),
        sinks = optWeight(op, op.getSinks());
  if (weightError)
    return failure();
  Value q = matmul(x, wq, bq), k = matmul(x, wk, bk), v = matmul(x, wv, bv);
  if (FloatAttr clip = op.getClipQkvAttr())
    for (Value t : {q, k, v})
      launch("clamp", {t, t, f32(clip.getValueAsDouble())},
             memref::DimOp::create(b, loc, t, 0));
  double eps = op.getQkNormEps().convertToDouble();
  auto perHead = [&](Value buf, int64_t heads, int64_t dim) {
    return view(buf, 0, {dyn(tokensTimes(heads)), st(dim)}, {st(dim), st(1)});
  };
  QKNorm norm = op.getQkNorm();
  if (norm == QKNorm::PerHead) {
    rmsNorm(perHead(q, nh, hd), qn, perHead(q, nh, hd), eps);
    rmsNorm(perHead(k, nkv, hd), kn, perHead(k, nkv, hd), eps);
  } else if (norm == QKNorm::FullWidth) {
    rmsNorm(q, qn, q, eps);
    rmsNorm(k, kn, k, eps);
  }
  auto heads3d = [&](Value buf, int64_t heads, int64_t dim, int64_t width) {
    return view(buf, 0, {dyn(T), st(heads), st(width)},
                {st(heads * dim), st(dim), st(1)});
  };
  if (RopeAttr r = op.getRopeAttr()) {
    rope(heads3d(q, nh, hd, r.getDim()), r);
    rope(heads3d(k, nkv, hd, r.getDim()), r);
  }
  if (norm == QKNorm::L2AfterRope) {
    rmsNorm(perHead(q, nh, hd), {}, perHead(q, nh, hd), eps);
    rmsNorm(perHead(k, nkv, hd), {}, perHead(k, nkv, hd), eps);
  }
  FloatAttr floorScale = op.getTemperatureFloorScaleAttr();
  FloatAttr tempScale = op.getTemperatureScaleAttr();
  if (floorScale && tempScale)
    launch("temperature_scale",
           {q, positions, f32(floorScale.getValueAsDouble()),
            f32(tempScale.getValueAsDouble())},
           T);
  int64_t layer = op.getLayer();
  Value kc = cacheArg("k", layer, nkv, hd), vc = cacheArg("v", layer, nkv, hd);
  launch("kv_store", {heads3d(k, nkv, hd, hd), kc, positions, slots}, T);
  launch("kv_store", {heads3d(v, nkv, hd, hd), vc, positions, slots}, T);
  Value o = alloc(T, {nh * hd});
  launch("attention",
         {heads3d(q, nh, hd, hd), kc, vc, positions, slots,
          sinks ? sinks : absent(1), heads3d(o, nh, hd, hd),
          f32(op.getScaleAttr().getValueAsDouble()),
          i64(op.getSlidingWindow()), i64(op.getChunkSize()),
          flag(sinks != nullptr)},
         tokensTimes(nh));
  values[op.getResult()] = matmul(o, wo, bo);
  return success();
}

LogicalResult EntryBuilder::lowerMLA(MLAAttentionOp op) {
  int64_t nh = op.getNumHeads(), nope = op.getQkNopeHeadDim(),
          rd = op.getQkRopeHeadDim(), vd = op.getVHeadDim(),
          lora = op.getKvLoraRank(), qk = nope + rd;
  double eps = op.getNormEps().convertToDouble();
  Value x = get(op.getInput());
  bool qLora = op.getQLoraRank() > 0;
  Value qa = qLora ? weight(op, op.getQAWeight()) : Value(),
        qan = qLora ? weight(op, op.getQANormWeight()) : Value(),
        qb = qLora ? weight(op, op.getQBWeight()) : Value(),
        wq = qLora ? Value() : weight(op, op.getQWeight()),
        kva = weight(op, op.getKvAWeight()),
        kvn = weight(op, op.getKvANormWeight()),
        wo = weight(op, op.getOWeight());
  // Absorbed (moe-mla-absorb): latent cache; the decode entry (and prefill
  // with absorb_prefill) attends over it in the absorbed form, prefill
  // otherwise over per-head K/V expanded from it.
  bool latentCache = op.isAbsorbed();
  bool absorbedHere =
      latentCache && (name == "decode" || op.getAbsorbPrefill());
  Value kvb = absorbedHere ? Value() : weight(op, op.getKvBWeight());
  Value wUk = absorbedHere ? weight(op, op.getWUk(), {"transpose"}) : Value();
  Value wUv = absorbedHere ? weight(op, op.getWUv()) : Value();
  if (weightError)
    return failure();
  Value q;
  if (qLora) {
    Value cq = matmul(x, qa, {});
    rmsNorm(cq, qan, cq, eps);
    q = matmul(cq, qb, {});
  } else {
    q = matmul(x, wq, {});
  }
  Value ckv = matmul(x, kva, {});
  if (latentCache)
    return lowerLatentMLA(op, q, ckv, kvn, kvb, wUk, wUv, wo);
  Value latent = alloc(T, {lora});
  rmsNorm(view(ckv, 0, {dyn(T), st(lora)}, {st(lora + rd), st(1)}), kvn,
          latent, eps);
  Value kRot =
      view(ckv, lora, {dyn(T), st(1), st(rd)}, {st(lora + rd), st(rd), st(1)});
  rope(kRot, op.getRope());
  rope(view(q, nope, {dyn(T), st(nh), st(rd)}, {st(nh * qk), st(qk), st(1)}),
       op.getRope());
  Value kv = matmul(latent, kvb, {});
  // Per-head keys [k_nope | k_rot (shared by all heads)] and values.
  Value kFull = alloc(T, {nh * qk});
  launch("copy",
         {view(kv, 0, {dyn(T), st(nh), st(nope)},
               {st(nh * (nope + vd)), st(nope + vd), st(1)}),
          view(kFull, 0, {dyn(T), st(nh), st(nope)},
               {st(nh * qk), st(qk), st(1)})},
         T);
  launch("copy",
         {view(ckv, lora, {dyn(T), st(nh), st(rd)},
               {st(lora + rd), st(0), st(1)}),
          view(kFull, nope, {dyn(T), st(nh), st(rd)},
               {st(nh * qk), st(qk), st(1)})},
         T);
  int64_t layer = op.getLayer();
  Value kc = cacheArg("k", layer, nh, qk), vc = cacheArg("v", layer, nh, vd);
  launch("kv_store",
         {view(kFull, 0, {dyn(T), st(nh), st(qk)},
               {st(nh * qk), st(qk), st(1)}),
          kc, positions, slots},
         T);
  launch("kv_store",
         {view(kv, nope, {dyn(T), st(nh), st(vd)},
               {st(nh * (nope + vd)), st(nope + vd), st(1)}),
          vc, positions, slots},
         T);
  Value o = alloc(T, {nh * vd});
  launch("attention",
         {view(q, 0, {dyn(T), st(nh), st(qk)}, {st(nh * qk), st(qk), st(1)}),
          kc, vc, positions, slots, absent(1),
          view(o, 0, {dyn(T), st(nh), st(vd)}, {st(nh * vd), st(vd), st(1)}),
          f32(op.getScaleAttr().getValueAsDouble()), i64(0), i64(0),
          flag(false)},
         tokensTimes(nh));
  values[op.getResult()] = matmul(o, wo, {});
  return success();
}

LogicalResult EntryBuilder::lowerLatentMLA(MLAAttentionOp op, Value q,
                                           Value ckv, Value kvNorm, Value kvb,
                                           Value wUk, Value wUv, Value wo) {
  int64_t nh = op.getNumHeads(), nope = op.getQkNopeHeadDim(),
          rd = op.getQkRopeHeadDim(), vd = op.getVHeadDim(),
          lora = op.getKvLoraRank(), qk = nope + rd, kd = lora + rd;
  // ckv = [c_kv | k_rot] becomes the cache row in place: norm, then RoPE.
  Value latent = view(ckv, 0, {dyn(T), st(lora)}, {st(kd), st(1)});
  rmsNorm(latent, kvNorm, latent,
          op.getNormEps().convertToDouble());
  rope(view(ckv, lora, {dyn(T), st(1), st(rd)}, {st(kd), st(rd), st(1)}),
       op.getRope());
  rope(view(q, nope, {dyn(T), st(nh), st(rd)}, {st(nh * qk), st(qk), st(1)}),
       op.getRope());
  Value kvc = cacheArg("kv", op.getLayer(), 1, kd);
  launch("kv_store",
         {view(ckv, 0, {dyn(T), st(1), st(kd)}, {st(kd), st(kd), st(1)}), kvc,
          positions, slots},
         T);
  Value scale = f32(op.getScaleAttr().getValueAsDouble());
  Value o = alloc(T, {nh * vd});
  auto heads = [&](Value buf, int64_t offset, int64_t width, int64_t row) {
    return view(buf, offset, {dyn(T), st(nh), st(width)},
                {st(nh * row), st(row), st(1)});
  };
  if (wUk) {
    // An MQA over the one 576-wide latent head: keys [c_kv | k_rot], values
    // c_kv, a view of the same cache rows without their k_rot columns.
    Value qAbs = alloc(T, {nh * kd});
    launch("head_matmul", {heads(q, 0, nope, qk), wUk, heads(qAbs, 0, lora, kd)},
           idx(nh * ceilDiv(lora, kMatmulBlock)));
    launch("copy", {heads(q, nope, rd, qk), heads(qAbs, lora, rd, kd)}, T);
    Value slotsDim = memref::DimOp::create(b, loc, kvc, 0);
    Value ctxDim = memref::DimOp::create(b, loc, kvc, 1);
    Value rowStride = arith::MulIOp::create(
        b, loc, ctxDim, arith::ConstantIndexOp::create(b, loc, kd));
    Value cKv = view(kvc, 0, {dyn(slotsDim), dyn(ctxDim), st(1), st(lora)},
                    {dyn(rowStride), st(kd), st(kd), st(1)});
    Value oLat = alloc(T, {nh * lora});
    launch("attention",
           {heads(qAbs, 0, kd, kd), kvc, cKv, positions, slots, absent(1),
            heads(oLat, 0, lora, lora), scale, i64(0), i64(0), flag(false)},
           tokensTimes(nh));
    launch("head_matmul", {heads(oLat, 0, lora, lora), wUv, heads(o, 0, vd, vd)},
           idx(nh * ceilDiv(vd, kMatmulBlock)));
  } else {
    // Naive per-head K/V of every cached position a token attends to, from
    // the latent cache, in scratch shared by all MLA layers.
    std::string dims = std::to_string(nh) + "x" + std::to_string(qk) + "x" +
                       std::to_string(vd);
    Value kx = cacheArg("scratch.mla_k." + dims, -1, nh, qk);
    Value vx = cacheArg("scratch.mla_v." + dims, -1, nh, vd);
    launch("mla_expand", {kvc, kvb, positions, slots, kx, vx}, T);
    launch("attention",
           {heads(q, 0, qk, qk), kx, vx, positions, slots, absent(1),
            heads(o, 0, vd, vd), scale, i64(0), i64(0), flag(false)},
           tokensTimes(nh));
  }
  values[op.getResult()] = matmul(o, wo, {});
  return success();
}

//===----------------------------------------------------------------------===//
// Mixture of experts
//===----------------------------------------------------------------------===//

/// The router kernels' trailing scalars (lowering/kernels/README.md).
LogicalResult EntryBuilder::lowerRouter(RouterOp op) {
  Value w = weight(op, op.getWeight()), bias = optWeight(op, op.getBias()),
        corr = optWeight(op, op.getCorrectionBias());
  if (weightError)
    return failure();
  int64_t k = op.getTopK();
  Value logitsBuf = matmul(get(op.getInput()), w, bias);
  Value ids = alloc(T, {k}, b.getI32Type());
  Value weights = alloc(T, {k});
  SmallVector<Value> args = {logitsBuf, corr ? corr : absent(1), ids, weights};
  llvm::append_range(args, routingScalars(op, corr != nullptr));
  launch("router", args, T);
  values[op.getExpertIds()] = ids;
  values[op.getWeights()] = weights;
  return success();
}

LogicalResult EntryBuilder::lowerRouteDispatch(RouteDispatchOp op) {
  Value w = weight(op, op.getWeight()), bias = optWeight(op, op.getBias()),
        corr = optWeight(op, op.getCorrectionBias());
  if (weightError)
    return failure();
  int64_t e = op.getNumExperts(), k = op.getTopK();
  Value x = get(op.getInput());
  int64_t h = cast<MemRefType>(x.getType()).getDimSize(1);
  Type i32 = b.getI32Type();
  Value logitsBuf = matmul(x, w, bias);
  Value ids = alloc(T, {k}, i32), weights = alloc(T, {k});
  Value rowCount = tokensTimes(k);
  Value rows = alloc(rowCount, {h});
  Value counts = vec(e, i32), offsets = vec(e + 1, i32);
  Value perm = alloc(rowCount, {}, i32), inv = alloc(rowCount, {}, i32);
  // Per-block expert histograms: the runtime gives at most kRouteBlocks
  // workgroups to a launch of kRouteBlocks items.
  Value hist = memref::AllocOp::create(
      b, loc, MemRefType::get({kRouteBlocks, e}, i32));
  SmallVector<Value> scalars = routingScalars(op, corr != nullptr);
  for (int64_t phase = 0; phase < 3; ++phase) {
    SmallVector<Value> args = {logitsBuf, corr ? corr : absent(1),
                               x,         ids,
                               weights,   rows,
                               counts,    offsets,
                               perm,      inv,
                               hist,      i64(phase)};
    llvm::append_range(args, scalars);
    args.push_back(flag(op.getScaleRows()));
    launch("route_dispatch", args, idx(phase == 1 ? 1 : kRouteBlocks));
  }
  values[op.getExpertIds()] = ids;
  values[op.getWeights()] = weights;
  values[op.getRows()] = rows;
  values[op.getTokensPerExpert()] = counts;
  values[op.getOffsets()] = offsets;
  values[op.getPermutation()] = perm;
  values[op.getInverse()] = inv;
  offsetsOf[op.getTokensPerExpert()] = offsets;
  inverseOf[op.getPermutation()] = inv;
  expertCounts(counts);
  return success();
}

LogicalResult EntryBuilder::lowerDispatch(DispatchOp op) {
  Dispatch d = dispatch(get(op.getInput()), get(op.getExpertIds()),
                        getOpt(op.getWeights()), op.getNumExperts());
  values[op.getRows()] = d.rows;
  values[op.getTokensPerExpert()] = d.counts;
  values[op.getPermutation()] = d.perm;
  offsetsOf[op.getTokensPerExpert()] = d.offsets;
  inverseOf[op.getPermutation()] = d.inv;
  expertCounts(d.counts);
  return success();
}

void EntryBuilder::expertCounts(Value counts) {
  exchange(ExchangeKind::ExpertCounts, /*id=*/-1, layer, {},
           ExchangePhase::Blocking, ValueRange{counts});
}

LogicalResult EntryBuilder::lowerEPDispatch(EPDispatchOp op) {
  Value offsets = offsetsOf.lookup(op.getTokensPerExpert());
  if (!offsets)
    return op.emitError("tokens_per_expert must come from a `moe.dispatch`");
  if (epSize != 1 && epSize != static_cast<int64_t>(op.getEpSize()))
    return op.emitError("all moe.ep_dispatch ops must have the same ep_size");
  epSize = op.getEpSize();
  Value rows = get(op.getRows());
  int64_t h = cast<MemRefType>(rows.getType()).getDimSize(1);
  FailureOr<ViewInfo> rowsView = resolveView(rows);
  if (failed(rowsView))
    return op.emitError("dispatched rows are not linear in the tokens");
  maxReceived = std::max(maxReceived,
                         epSize * rowsView->sizes[0].eval(anyMaxTokens, 0, 0));
  int64_t slots = op.getSlotsPerRank();
  Type i32 = b.getI32Type();
  Value received = ReceivedRowsOp::create(b, loc, b.getIndexType());
  Value recv = alloc(received, {h});
  Value counts = vec(slots, i32), slotOffsets = vec(slots + 1, i32);
  int64_t id = numExchanges++;
  exchange(op, ExchangeKind::Dispatch, id, op.getLayer(), op.getPlacement(),
           ValueRange{rows, offsets, recv, counts, slotOffsets},
           op->getResults());
  values[op.getLocalRows()] = recv;
  values[op.getLocalCounts()] = counts;
  offsetsOf[op.getLocalCounts()] = slotOffsets;
  exchangeOf[op.getLocalCounts()] = id;
  return success();
}

LogicalResult EntryBuilder::lowerEPCombine(EPCombineOp op) {
  EPDispatchOp dispatch = op.getDispatch();
  auto id = exchangeOf.find(op.getLocalCounts());
  if (!dispatch || id == exchangeOf.end())
    return op.emitError("local_counts must come from a lowered ep_dispatch");
  Value rows = get(dispatch.getRows());
  int64_t h = cast<MemRefType>(rows.getType()).getDimSize(1);
  Value out = alloc(memref::DimOp::create(b, loc, rows, 0), {h});
  exchange(op, ExchangeKind::Combine, id->second, dispatch.getLayer(),
           dispatch.getPlacement(), ValueRange{get(op.getLocalOut()), out},
           op->getResults());
  values[op.getResult()] = out;
  return success();
}

LogicalResult EntryBuilder::lowerExperts(ExpertsOp op) {
  Value offsets = offsetsOf.lookup(op.getTokensPerExpert());
  if (!offsets)
    return op.emitError("tokens_per_expert must come from a `moe.dispatch`");
  Value x = get(op.getRows());
  Value rows = memref::DimOp::create(b, loc, x, 0);
  int64_t inter = op.getIntermediateSize();
  // Kernel layout: [E, out, in] per expert; fused gate/up as [E, 2I, H], gate
  // rows then up rows.
  bool interleaved = op.getGateUpFusion() == GateUpFusion::Interleaved;
  bool guInOut = op.getGateUpLayout() == WeightLayout::InOut;
  SmallVector<StringRef> guT, biasT, sepT, downT;
  if (guInOut)
    sepT.push_back("transpose");
  if (interleaved) {
    guT = guInOut ? SmallVector<StringRef>{"deinterleave", "transpose"}
                  : SmallVector<StringRef>{"transpose", "deinterleave",
                                           "transpose"};
    biasT.push_back("deinterleave");
  } else {
    guT = sepT;
  }
  if (op.getDownLayout() == WeightLayout::InOut)
    downT.push_back("transpose");
  Value gateUp = optWeight(op, op.getGateUpWeight(), guT),
        gateUpBias = optWeight(op, op.getGateUpBias(), biasT),
        gate = optWeight(op, op.getGateWeight(), sepT),
        up = optWeight(op, op.getUpWeight(), sepT),
        down = weight(op, op.getDownWeight(), downT),
        downBias = optWeight(op, op.getDownBias());
  if (weightError)
    return failure();
  auto grouped = [&](Value in, Value w, Value bias, Value out) {
    groupedMatmul(in, w, bias, offsets, out);
  };
  Value gu = alloc(rows, {2 * inter});
  if (gateUp) {
    grouped(x, gateUp, gateUpBias, gu);
  } else {
    grouped(x, gate, {},
            view(gu, 0, {dyn(rows), st(inter)}, {st(2 * inter), st(1)}));
    grouped(x, up, {},
            view(gu, inter, {dyn(rows), st(inter)}, {st(2 * inter), st(1)}));
  }
  Value act = alloc(rows, {inter});
  bool clamped = op.getActivation() == ExpertActivation::ClampedSwiGLU;
  launch("swiglu",
         {gu, act, flag(clamped), f32(op.getAlpha().convertToDouble()),
          f32(op.getLimit().convertToDouble())},
         rows);
  int64_t h = cast<MemRefType>(down.getType()).getDimSize(1);
  Value out = alloc(rows, {h});
  grouped(act, down, downBias, out);
  values[op.getResult()] = out;
  return success();
}

LogicalResult EntryBuilder::lowerCombine(CombineOp op) {
  Value inv = inverseOf.lookup(op.getPermutation());
  if (!inv)
    return op.emitError("permutation must come from a `moe.dispatch`");
  int64_t k = op.getTopK();
  Value rows = get(op.getRows());
  int64_t h = cast<MemRefType>(rows.getType()).getDimSize(1);
  Value weights = getOpt(op.getWeights());
  Value flat = weights ? view(weights, 0, {dyn(tokensTimes(k))}, {st(1)})
                       : absent(1);
  Value out = alloc(T, {h});
  launch("combine",
         {rows, inv, flat, out, i64(k), flag(weights != nullptr), flag(false)},
         T);
  values[op.getResult()] = out;
  return success();
}

//===----------------------------------------------------------------------===//
// Dispatch over ops
//===----------------------------------------------------------------------===//

LogicalResult EntryBuilder::lower(Operation *op) {
  // Weights and their reshapes are resolved where they are used.
  if (isa<WeightOp, LocalExpertsOp, tensor::ExtractSliceOp,
          tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op)) {
    return success();
  }
  if (auto e = dyn_cast<EmbeddingOp>(op)) {
    Value table = weight(op, e.getTable());
    if (weightError)
      return failure();
    int64_t h = cast<MemRefType>(table.getType()).getDimSize(1);
    Value out = alloc(T, {h});
    launch("embedding", {table, tokens, out}, T);
    values[e.getResult()] = out;
    return success();
  }
  if (auto n = dyn_cast<RMSNormOp>(op)) {
    Value w = optWeight(op, n.getWeight());
    if (weightError)
      return failure();
    Value x = get(n.getInput());
    int64_t d = cast<MemRefType>(x.getType()).getDimSize(1);
    Value out = alloc(memref::DimOp::create(b, loc, x, 0), {d});
    rmsNorm(x, w, out, n.getEps().convertToDouble());
    values[n.getResult()] = out;
    return success();
  }
  if (auto n = dyn_cast<LayerNormOp>(op)) {
    Value w = optWeight(op, n.getWeight()), bias = optWeight(op, n.getBias());
    if (weightError)
      return failure();
    Value x = get(n.getInput());
    int64_t d = cast<MemRefType>(x.getType()).getDimSize(1);
    Value out = alloc(memref::DimOp::create(b, loc, x, 0), {d});
    layerNorm(x, w, bias, out, n.getEps().convertToDouble());
    values[n.getResult()] = out;
    return success();
  }
  if (auto l = dyn_cast<LinearOp>(op)) {
    Value w = weight(op, l.getWeight()), bias = optWeight(op, l.getBias());
    if (weightError)
      return failure();
    values[l.getResult()] = matmul(get(l.getInput()), w, bias);
    return success();
  }
  if (auto l = dyn_cast<LMHeadOp>(op)) {
    Value w = weight(op, l.getWeight());
    if (weightError)
      return failure();
    // The logits are the entry's output buffer when @forward returns them.
    bool returned = llvm::all_of(l->getUsers(), [](Operation *u) {
      return isa<func::ReturnOp>(u);
    });
    values[l.getLogits()] =
        matmul(get(l.getInput()), w, {}, returned ? logits : Value());
    return success();
  }
  if (auto r = dyn_cast<RopeOp>(op)) {
    auto type = cast<RankedTensorType>(r.getInput().getType());
    if (type.getRank() != 3)
      return op->emitError("rope lowering expects [tokens, heads, dim]");
    int64_t heads = type.getDimSize(1), dim = type.getDimSize(2);
    Value out = alloc(T, {heads, dim});
    launch("copy", {get(r.getInput()), out}, T);
    rope(view(out, 0, {dyn(T), st(heads), st(r.getRope().getDim())},
              {st(heads * dim), st(dim), st(1)}),
         r.getRope());
    values[r.getResult()] = out;
    return success();
  }
  if (auto a = dyn_cast<AddOp>(op)) {
    Value lhs = get(a.getLhs());
    auto type = cast<MemRefType>(lhs.getType());
    if (type.getRank() != 2)
      return op->emitError("add lowering expects [tokens, hidden]");
    Value rows = memref::DimOp::create(b, loc, lhs, 0);
    Value out = alloc(rows, {type.getDimSize(1)});
    launch("add", {lhs, get(a.getRhs()), out}, rows);
    values[a.getResult()] = out;
    return success();
  }
  if (auto m = dyn_cast<MLPOp>(op)) {
    Value g = weight(op, m.getGateWeight()), u = weight(op, m.getUpWeight()),
          d = weight(op, m.getDownWeight());
    if (weightError)
      return failure();
    values[m.getResult()] = swigluMLP(get(m.getInput()), g, u, d);
    return success();
  }
  if (auto s = dyn_cast<SharedExpertOp>(op)) {
    Value g = weight(op, s.getGateWeight()), u = weight(op, s.getUpWeight()),
          d = weight(op, s.getDownWeight()),
          eg = optWeight(op, s.getExpertGateWeight());
    if (weightError)
      return failure();
    Value x = get(s.getInput());
    Value y = swigluMLP(x, g, u, d);
    if (eg) {
      Value gate = matmul(x, eg, {});
      int64_t h = cast<MemRefType>(y.getType()).getDimSize(1);
      Value out = alloc(T, {h});
      launch("sigmoid_gate", {y, gate, out, flag(false)}, T);
      y = out;
    }
    values[s.getResult()] = y;
    return success();
  }
  if (auto a = dyn_cast<AttentionOp>(op)) {
    layer = a.getLayer();
    return lowerAttention(a);
  }
  if (auto a = dyn_cast<MLAAttentionOp>(op)) {
    layer = a.getLayer();
    return lowerMLA(a);
  }
  if (auto d = dyn_cast<EPDispatchOp>(op))
    return lowerEPDispatch(d);
  if (auto c = dyn_cast<EPCombineOp>(op))
    return lowerEPCombine(c);
  if (auto r = dyn_cast<RouterOp>(op))
    return lowerRouter(r);
  if (auto d = dyn_cast<DispatchOp>(op))
    return lowerDispatch(d);
  if (auto rd = dyn_cast<RouteDispatchOp>(op))
    return lowerRouteDispatch(rd);
  if (auto e = dyn_cast<ExpertsOp>(op))
    return lowerExperts(e);
  if (auto c = dyn_cast<CombineOp>(op))
    return lowerCombine(c);
  if (auto r = dyn_cast<func::ReturnOp>(op)) {
    Value result = get(r.getOperand(0));
    if (result != logits)
      return op->emitError("@forward must return the result of moe.lm_head");
    func::ReturnOp::create(b, loc);
    return success();
  }
  return op->emitError("no lowering to kernels for this op");
}

LogicalResult EntryBuilder::build() {
  auto resultType =
      dyn_cast<RankedTensorType>(forward.getFunctionType().getResult(0));
  if (!resultType || resultType.getRank() != 2)
    return forward.emitError("@forward must return logits [tokens, vocab]");
  MLIRContext *ctx = b.getContext();
  int64_t dynamic = ShapedType::kDynamic;
  Type i64Vec = MemRefType::get({dynamic}, b.getI64Type());
  Type logitsType =
      MemRefType::get({dynamic, resultType.getDimSize(1)}, b.getF32Type());
  auto inputAttrs = [&](const char *kind, int64_t i) {
    return DictionaryAttr::get(
        ctx, {b.getNamedAttr(kind, b.getI64IntegerAttr(i))});
  };
  b.setInsertionPointToEnd(module.getBody());
  fn = func::FuncOp::create(
      b, loc, name,
      b.getFunctionType({i64Vec, i64Vec, i64Vec, logitsType}, {}));
  fn.setArgAttrs(0, inputAttrs(attrs::kInput, 0));
  fn.setArgAttrs(1, inputAttrs(attrs::kInput, 1));
  fn.setArgAttrs(2, inputAttrs(attrs::kInput, 2));
  fn.setArgAttrs(3, inputAttrs(attrs::kOutput, 0));
  fn->setAttr(attrs::kEntry, b.getStringAttr(name));
  fn->setAttr(attrs::kMaxTokens, b.getI64IntegerAttr(maxTokens));
  Block *body = fn.addEntryBlock();
  tokens = body->getArgument(0);
  positions = body->getArgument(1);
  slots = body->getArgument(2);
  logits = body->getArgument(3);
  b.setInsertionPointToStart(body);
  T = memref::DimOp::create(b, loc, tokens, 0);
  values[forward.getArgument(0)] = tokens;
  values[forward.getArgument(1)] = positions;
  values[forward.getArgument(2)] = slots;
  for (Operation &op : forward.getBody().front()) {
    loc = op.getLoc();
    for (Value operand : op.getOperands())
      waitFor(operand);
    if (failed(lower(&op)))
      return failure();
    for (Value r : op.getResults())
      if (!values.count(r) &&
          !isa<WeightOp, LocalExpertsOp, tensor::ExtractSliceOp,
               tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op))
        return op.emitError("lowering produced no buffer for a result");
  }
  for (PendingWait &w : pendingWaits)
    if (!w.done)
      return forward.emitError("an exchange started by moe.async has no user");
  if (epSize > 1) {
    fn->setAttr(attrs::kEpSize, b.getI64IntegerAttr(epSize));
    fn->setAttr(attrs::kMaxReceived, b.getI64IntegerAttr(maxReceived));
  }
  if (auto overlap = module->getAttrOfType<DictionaryAttr>(attrs::kOverlap))
    if (auto phase = overlap.getAs<DenseI64ArrayAttr>(name);
        phase && phase.size() == 2) {
      fn->setAttr(attrs::kMicroBatches, b.getI64IntegerAttr(phase[0]));
      fn->setAttr(attrs::kMicroBatchMinTokens, b.getI64IntegerAttr(phase[1]));
    }
  return success();
}

struct MoELowerToKernelsPass
    : public moe::impl::MoELowerToKernelsBase<MoELowerToKernelsPass> {
  using MoELowerToKernelsBase::MoELowerToKernelsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp forward = lookupForward(module, "moe-lower-to-kernels");
    if (!forward)
      return signalPassFailure();
    if (prefillMaxTokens < 1 || decodeMaxTokens < 1) {
      module.emitError("moe-lower-to-kernels: max token counts must be >= 1");
      return signalPassFailure();
    }
    for (auto [entry, maxTokens] :
         {std::pair<StringRef, int64_t>{"prefill", prefillMaxTokens},
          std::pair<StringRef, int64_t>{"decode", decodeMaxTokens}}) {
      EntryBuilder builder(module, forward, entry, maxTokens,
                           std::max(prefillMaxTokens, decodeMaxTokens));
      if (failed(builder.build()))
        return signalPassFailure();
    }
    forward.erase();
  }
};

} // namespace
