//===- LowerTrainStep.cpp - moe graph -> a training step of kernels -------===//
//
// Builds `@train_step` from `@forward`: the forward pass (every activation a
// backward rule needs is kept in its own buffer), the next-token cross
// entropy, the backward pass (reverse-mode: one rule per `moe` op, emitted in
// reverse order of the forward ops) and an AdamW step of every parameter.
//
// Gradients: activations' gradients are arena buffers (accumulated when a
// tensor has several users), parameters' gradients are persistent states
// `grad.<param>` (zeroed at the start of each step, then accumulated), read
// by the optimiser with its moments `adam_m.<param>` / `adam_v.<param>`. The
// router gets gradients through its combine weights, none through the
// discrete top-k selection (nor through a selection-only correction bias).
//
// Attention trains on S sequences of C tokens (T = S * C, token t at
// position t % C of sequence t / C): the per-token key/value buffers viewed
// as [S, C, heads, dim] are the `attention` kernel's "cache".
//
// Expert parallelism (`moe-expert-parallel` before this pass): each rank
// trains on its own sequences with the experts of its slots. An
// `ep_dispatch`'s rule is the `combine` exchange of the rows' gradient, an
// `ep_combine`'s the `dispatch` exchange of its output's gradient (the
// forward's offsets, so the forward's layout and R); the local experts'
// gradients and AdamW states are per rank. The label count of the mean loss
// and the replicated parameters' gradients are summed over the ranks
// (`all_reduce`) before the loss and the optimiser step.
//
// Recomputation: every buffer a rule reads is a named activation (`save`,
// the names of passes/ActivationModel.cpp) with the recipe that made it in
// the forward. An activation that its op's `moe.recompute` names (chosen by
// `moe-recompute`) is made again by the same recipe in each backward rule
// that reads it (`use`; once per rule), so its forward buffer dies after
// the forward and the results are bitwise those without recomputation.
//
//===----------------------------------------------------------------------===//

#include "lowering/KernelEmitter.h"
#include "lowering/Passes.h"
#include "passes/ActivationModel.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOELOWERTRAINSTEP
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

struct AdamWOptions {
  double lr, beta1, beta2, eps, weightDecay;
};

class TrainBuilder : public KernelEmitter {
public:
  TrainBuilder(ModuleOp module, func::FuncOp forward, int64_t maxTokens,
               AdamWOptions adamw)
      : KernelEmitter(module, "train_step", forward.getLoc()),
        forward(forward), maxTokens(maxTokens), adamw(adamw) {}

  LogicalResult build();

private:
  /// A parameter's buffer and gradient, viewed with the shape of the tensor
  /// that read it.
  struct Param {
    Value w, grad;
  };
  struct ParamArgs {
    /// grad, m, v: null for a frozen parameter.
    Value w, grad, m, v;
    int64_t elements;
    /// This rank's expert slots (`moe.local_experts`): not all-reduced.
    bool local = false;
  };

  // --- Activations kept for (or recomputed in) the backward ----------------
  /// Makes an activation's buffer: in the forward, and again in a backward
  /// rule when it is recomputed (reading its inputs through `use`).
  using Recipe = std::function<Value()>;
  struct Activation {
    Operation *op;
    std::string name;
    Value buf;
    /// Null: always kept (no recipe).
    Recipe recipe;
    bool recomputed;
  };
  /// Runs `recipe` (the forward) and records its buffer as activation
  /// `name` of `op`; returns its index for `use`.
  unsigned save(Operation *op, StringRef name, Recipe recipe) {
    Value buf = recipe();
    return save(op, name, buf, recipe);
  }
  /// The same for a buffer the forward made as `recipe` makes it.
  unsigned save(Operation *op, StringRef name, Value buf, Recipe recipe);
  /// The same for a buffer made otherwise, that is always kept.
  unsigned keep(Operation *op, StringRef name, Value buf);
  /// `save` / `keep` for an op result (also its forward value).
  unsigned saveResult(Value result, StringRef name, Recipe recipe) {
    Value buf = recipe();
    return saveResult(result, name, buf, recipe);
  }
  unsigned saveResult(Value result, StringRef name, Value buf,
                      Recipe recipe) {
    unsigned i = save(result.getDefiningOp(), name, buf, recipe);
    values[result] = activations[i].buf;
    activationOf[result] = i;
    return i;
  }
  unsigned keepResult(Value result, StringRef name, Value buf) {
    unsigned i = keep(result.getDefiningOp(), name, buf);
    values[result] = buf;
    activationOf[result] = i;
    return i;
  }
  /// The activation of a forward tensor (a function argument or a result
  /// saved otherwise: kept).
  unsigned saved(Value tensor);
  /// An activation's buffer: the forward's, or (in a backward rule, when
  /// recomputed) made again, once per rule.
  Value use(unsigned i);
  /// Checks that `op`'s `moe.recompute` names only activations it keeps
  /// and can make again.
  LogicalResult checkRecompute(Operation *op);

  // --- Buffers ----------------------------------------------------------------
  Value get(Value tensor) { return values.lookup(tensor); }
  /// The parameter behind `tensor` (a `moe.weight`, possibly reshaped), or
  /// a null Param after an error at `user`. A parameter that is only ever
  /// read `frozen` (the router's selection-only correction bias, a buffer in
  /// the reference implementations) gets no gradient and no optimiser state.
  Param param(Operation *user, Value tensor, bool frozen = false);
  Param optParam(Operation *user, Value tensor) {
    return tensor ? param(user, tensor) : Param{};
  }
  Value rows(Value buf) { return dim(buf, 0); }
  int64_t width(Value buf) {
    return cast<MemRefType>(buf.getType()).getDimSize(1);
  }
  /// A [rows, 1] view of the constant 1.0 (for column sums).
  Value ones(Value n) {
    return view(constantTable("one", {1.0}), 0, {dyn(n), st(1)},
                {st(0), st(0)});
  }
  Value flat(Value buf, int64_t n) { return view(buf, 0, {st(n)}, {st(1)}); }
  /// grad[n] += sum over the rows of d[r, n] (bias-like gradients).
  void addColumnSums(Value d, Value grad) {
    int64_t n = cast<MemRefType>(grad.getType()).getDimSize(0);
    launch("matmul_tn",
           {d, ones(rows(d)), absent(1, b.getI32Type()),
            view(grad, 0, {st(1), st(n), st(1)}, {st(n), st(1), st(1)}),
            flag(false)},
           idx(n));
  }
  /// A contiguous copy of `w` [N, K] transposed: [K, N]; with experts
  /// ([E, N, K]): [E, K, N].
  Value transposed(Value w);

  // --- Gradients --------------------------------------------------------------
  /// Adds `g` to the gradient of `tensor` (a new buffer: `g` may be shared).
  void addGrad(Value tensor, Value g);
  Value gradOf(Value tensor) { return grads.lookup(tensor); }
  /// The gradient of combine-style weights [T, K] (`weights` of a dispatch
  /// or a combine): dw[t, k] = dout[t] . rows[inv[t * K + k]].
  void addWeightsGrad(Value weights, Value dout, Value rows, Value inv) {
    int64_t k = cast<RankedTensorType>(weights.getType()).getDimSize(1);
    Value dw = alloc(T, {k});
    launch("combine_grad", {dout, rows, inv, dw}, T);
    addGrad(weights, dw);
  }
  /// Defers `rule` to the backward pass.
  void backward(std::function<void()> rule) { rules.push_back(rule); }

  // --- Kernels with their backward rules -----------------------------------
  /// y = x W^T (+ b); backward adds dX to `xGrad` (accumulating when
  /// `accumulate`), dW and db to the parameter gradients.
  Value linear(Value x, Param w, Param bias);
  void linearBackward(Value dy, Value x, Param w, Param bias, Value dx,
                      bool accumulate);
  Value rmsNorm(Value x, Param w, double eps);
  /// dx of rms_norm(x) given dy; adds dW to the weight's gradient.
  Value rmsNormBackward(Value x, Param w, double eps, Value dy);
  /// The SwiGLU MLP (dense MLP and shared expert) forward and backward.
  /// Saves `gu` and `act` as activations of `op`; returns the output.
  Value mlp(Operation *op, unsigned x, Param gate, Param up, Param down,
            unsigned &gu, unsigned &act);
  Value mlpBackward(Value x, Param gate, Param up, Param down, Value gu,
                    Value act, Value dy);

  // --- Ops --------------------------------------------------------------------
  LogicalResult lower(Operation *op);
  LogicalResult lowerAttention(AttentionOp op);
  LogicalResult lowerMLA(MLAAttentionOp op);
  LogicalResult lowerRouter(RouterOp op);
  LogicalResult lowerDispatch(DispatchOp op);
  LogicalResult lowerExperts(ExpertsOp op);
  LogicalResult lowerCombine(CombineOp op);
  LogicalResult lowerSharedExpert(SharedExpertOp op);
  LogicalResult lowerEPDispatch(EPDispatchOp op);
  LogicalResult lowerEPCombine(EPCombineOp op);
  /// A blocking `moe.exchange` over the run's `epSize` ranks.
  void exchange(ExchangeKind kind, int64_t id, int64_t layer,
                ArrayRef<int64_t> placement, ValueRange args) {
    ExchangeOp::create(b, loc, kind, id, layer, epSize, placement,
                       ExchangePhase::Blocking, args);
  }
  /// A `dispatch` exchange `id` of expert-sorted `rows` with `offsets` per
  /// global expert to `placement`'s L = `slots` slots per rank: returns the
  /// received rows [R, H] (slot-major); per-slot counts and offsets go to
  /// `counts` [L] and `slotOffsets` [L + 1] (new buffers when null).
  Value dispatchRows(Value rows, Value offsets, int64_t slots, int64_t layer,
                     ArrayRef<int64_t> placement, int64_t id,
                     Value counts = {}, Value slotOffsets = {}) {
    Type i32 = b.getI32Type();
    Value recv = alloc(ReceivedRowsOp::create(b, loc, b.getIndexType()),
                       {width(rows)});
    exchange(ExchangeKind::Dispatch, id, layer, placement,
             ValueRange{rows, offsets, recv,
                        counts ? counts : vec(slots, i32),
                        slotOffsets ? slotOffsets : vec(slots + 1, i32)});
    return recv;
  }

  func::FuncOp forward;
  int64_t maxTokens;
  AdamWOptions adamw;
  Value labels, step, logits, losses, batchShape;
  /// S and C: the batch's sequences and their length.
  Value S, C;
  DenseMap<Value, Value> values, grads;
  /// dispatch results -> offsets / inverse permutation buffers.
  DenseMap<Value, Value> offsetsOf, inverseOf;
  llvm::StringMap<ParamArgs> params;
  std::vector<std::string> paramOrder;
  std::vector<std::function<void()>> rules;
  bool paramError = false;
  std::vector<Activation> activations;
  DenseMap<Value, unsigned> activationOf;
  /// Activations recomputed in the running backward rule.
  DenseMap<unsigned, Value> recomputedInRule;
  bool inBackward = false;
  /// Expert parallelism: ranks, exchange ids handed out, largest R.
  int64_t epSize = 1, numExchanges = 0, maxReceived = 0;
  /// ep_dispatch local_counts -> the forward dispatch's exchange id, and the
  /// id of the backward's dispatch (made by the ep_combine's rule).
  DenseMap<Value, int64_t> exchangeOf, backwardExchangeOf;
};

unsigned TrainBuilder::save(Operation *op, StringRef name, Value buf,
                            Recipe recipe) {
  bool recomputed = false;
  if (auto list = op->getAttrOfType<ArrayAttr>(kRecomputeAttr))
    recomputed = llvm::any_of(list, [&](Attribute a) {
      auto s = dyn_cast<StringAttr>(a);
      return s && s.getValue() == name;
    });
  activations.push_back({op, name.str(), buf, recipe, recomputed});
  return activations.size() - 1;
}

unsigned TrainBuilder::keep(Operation *op, StringRef name, Value buf) {
  activations.push_back({op, name.str(), buf, nullptr, false});
  return activations.size() - 1;
}

unsigned TrainBuilder::saved(Value tensor) {
  auto it = activationOf.find(tensor);
  if (it != activationOf.end())
    return it->second;
  unsigned i = keep(tensor.getDefiningOp(), "", get(tensor));
  activationOf[tensor] = i;
  return i;
}

Value TrainBuilder::use(unsigned i) {
  if (!inBackward || !activations[i].recomputed)
    return activations[i].buf;
  if (Value v = recomputedInRule.lookup(i))
    return v;
  Recipe recipe = activations[i].recipe;
  Value v = recipe();
  recomputedInRule[i] = v;
  return v;
}

LogicalResult TrainBuilder::checkRecompute(Operation *op) {
  auto list = op->getAttrOfType<ArrayAttr>(kRecomputeAttr);
  if (!list)
    return success();
  std::string kept;
  for (const Activation &a : activations)
    if (a.op == op && a.recipe)
      kept += (kept.empty() ? "" : ", ") + a.name;
  for (Attribute attr : list) {
    auto name = dyn_cast<StringAttr>(attr);
    bool ok = name && llvm::any_of(activations, [&](const Activation &a) {
                return a.op == op && a.recipe && a.name == name.getValue();
              });
    if (!ok)
      return op->emitError("moe-lower-train-step: moe.recompute names ")
             << attr << ", which this op does not keep for the backward "
             << "or cannot recompute (it can: "
             << (kept.empty() ? "none" : kept) << ")";
  }
  return success();
}

TrainBuilder::Param TrainBuilder::param(Operation *user, Value tensor,
                                        bool frozen) {
  auto type = cast<RankedTensorType>(tensor.getType());
  Value src = tensor;
  // This rank's expert slots of a stacked parameter: bound at load time
  // (Weight.expert_slots), with per-rank gradient and optimiser states.
  auto local = src.getDefiningOp<LocalExpertsOp>();
  if (local)
    src = local.getInput();
  // A row block of a fused parameter (DBRX's Wqkv): offset rows.
  int64_t offset = 0;
  if (auto slice = src.getDefiningOp<tensor::ExtractSliceOp>()) {
    auto srcType = slice.getSourceType();
    ArrayRef<int64_t> offsets = slice.getStaticOffsets();
    if (srcType.getRank() != 2 || !slice.hasUnitStride() ||
        ShapedType::isDynamicShape(offsets) || offsets[1] != 0 ||
        slice.getStaticSizes()[1] != srcType.getDimSize(1)) {
      user->emitError("moe-lower-train-step: only a static row block of a "
                      "[rows, cols] parameter is supported as a weight slice");
      paramError = true;
      return {};
    }
    offset = offsets[0] * srcType.getDimSize(1);
    src = slice.getSource();
  }
  if (auto expand = src.getDefiningOp<tensor::ExpandShapeOp>())
    src = expand.getSrc();
  auto w = src.getDefiningOp<WeightOp>();
  if (!w) {
    user->emitError("moe-lower-train-step: a weight operand that is not a "
                    "(reshaped) `moe.weight` is not supported yet");
    paramError = true;
    return {};
  }
  auto p = module.lookupSymbol<ParamOp>(w.getParamAttr());
  StringRef name = p.getSymName();
  // The shape of the buffers: the parameter's, or this rank's slots of it
  // viewed with the expert dimension leading.
  ArrayRef<int64_t> shape = local ? local.getResult().getType().getShape()
                                  : p.getTensorType().getShape();
  auto it = params.find(name);
  if (it == params.end()) {
    auto memType = MemRefType::get(shape, b.getF32Type());
    auto arg = [&](const char *kind, std::string value) {
      NamedAttrList attrs;
      attrs.append(kind, b.getStringAttr(value));
      return addArg(memType, attrs);
    };
    ParamArgs a;
    if (local) {
      NamedAttrList attrs;
      attrs.append(attrs::kParam, p.getSymNameAttr());
      ArrayRef<int64_t> view =
          cast<RankedTensorType>(local.getInput().getType()).getShape();
      if (view != p.getTensorType().getShape())
        attrs.append(attrs::kViewShape, b.getDenseI64ArrayAttr(view));
      attrs.append(attrs::kExpertSlots,
                   b.getDenseI64ArrayAttr(local.getPlacement()));
      a.w = addArg(memType, attrs);
      a.local = true;
    } else {
      a.w = arg(attrs::kParam, name.str());
    }
    if (!frozen) {
      a.grad = arg(attrs::kState, "grad." + name.str());
      a.m = arg(attrs::kState, "adam_m." + name.str());
      a.v = arg(attrs::kState, "adam_v." + name.str());
    }
    a.elements = memType.getNumElements();
    it = params.insert({name, a}).first;
    paramOrder.push_back(name.str());
  }
  ParamArgs &a = it->second;
  if (a.local != (local != nullptr)) {
    user->emitError("moe-lower-train-step: parameter '")
        << name << "' is used both as local experts and whole";
    paramError = true;
    return {};
  }
  if (frozen != !a.grad) {
    user->emitError("moe-lower-train-step: parameter '")
        << name << "' is both trained and used as a frozen buffer";
    paramError = true;
    return {};
  }
  if (offset == 0 && type.getShape() == shape)
    return {a.w, a.grad};
  // A reshape or row block of the parameter: row-major views of the same
  // buffers.
  SmallVector<OpFoldResult> sizes, strides;
  int64_t stride = 1;
  for (int64_t d = type.getRank() - 1; d >= 0; --d) {
    sizes.insert(sizes.begin(), st(type.getDimSize(d)));
    strides.insert(strides.begin(), st(stride));
    stride *= type.getDimSize(d);
  }
  return {view(a.w, offset, sizes, strides),
          a.grad ? view(a.grad, offset, sizes, strides) : Value()};
}

Value TrainBuilder::transposed(Value w) {
  auto type = cast<MemRefType>(w.getType());
  if (type.getRank() == 2) {
    int64_t n = type.getDimSize(0), k = type.getDimSize(1);
    Value out = alloc(idx(k), {n});
    launch("copy",
           {view(w, 0, {st(k), st(n), st(1)}, {st(1), st(k), st(1)}),
            view(out, 0, {st(k), st(n), st(1)}, {st(n), st(1), st(1)})},
           idx(k));
    // Statically shaped, as the weight it stands for.
    return view(out, 0, {st(k), st(n)}, {st(n), st(1)});
  }
  int64_t e = type.getDimSize(0), n = type.getDimSize(1),
          k = type.getDimSize(2);
  Value out = alloc(idx(e), {k, n});
  launch("copy",
         {view(w, 0, {st(e), st(k), st(n)}, {st(n * k), st(1), st(k)}), out},
         idx(e));
  return out;
}

void TrainBuilder::addGrad(Value tensor, Value g) {
  Value old = grads.lookup(tensor);
  if (!old) {
    grads[tensor] = g;
    return;
  }
  Value r = rows(g);
  Value sum = alloc(r, {width(g)});
  launch("add", {old, g, sum}, r);
  grads[tensor] = sum;
}

Value TrainBuilder::linear(Value x, Param w, Param bias) {
  return matmul(x, w.w, bias.w);
}

void TrainBuilder::linearBackward(Value dy, Value x, Param w, Param bias,
                                  Value dx, bool accumulate) {
  auto wt = cast<MemRefType>(w.w.getType());
  int64_t n = wt.getDimSize(0), k = wt.getDimSize(1);
  if (dx)
    matmul(dy, transposed(w.w), {}, dx, accumulate);
  launch("matmul_tn",
         {dy, x, absent(1, b.getI32Type()),
          view(w.grad, 0, {st(1), st(n), st(k)}, {st(n * k), st(k), st(1)}),
          flag(false)},
         idx(n));
  if (bias.grad)
    addColumnSums(dy, bias.grad);
}

Value TrainBuilder::rmsNorm(Value x, Param w, double eps) {
  Value out = alloc(rows(x), {width(x)});
  KernelEmitter::rmsNorm(x, w.w, out, eps);
  return out;
}

Value TrainBuilder::rmsNormBackward(Value x, Param w, double eps, Value dy) {
  Value r = rows(x);
  Value dx = alloc(r, {width(x)});
  Value rstd = alloc(r, {});
  launch("rms_norm_grad",
         {x, w.w ? w.w : absent(1), dy, dx, rstd, f32(eps),
          flag(w.w != nullptr)},
         r);
  if (w.grad)
    launch("rms_norm_grad_w", {x, dy, rstd, w.grad}, idx(width(x)));
  return dx;
}

Value TrainBuilder::mlp(Operation *op, unsigned xi, Param gate, Param up,
                        Param down, unsigned &gui, unsigned &acti) {
  int64_t inter = cast<MemRefType>(gate.w.getType()).getDimSize(0);
  unsigned g = gui = save(op, "gu", [=]() mutable {
    Value x = use(xi);
    Value r = rows(x);
    Value gu = alloc(r, {2 * inter});
    for (auto [w, offset] : {std::pair{gate.w, int64_t(0)}, {up.w, inter}})
      matmul(x, w, {},
             view(gu, offset, {dyn(r), st(inter)}, {st(2 * inter), st(1)}));
    return gu;
  });
  acti = save(op, "act", [=]() mutable {
    Value gu = use(g);
    Value r = rows(gu);
    Value act = alloc(r, {inter});
    launch("swiglu", {gu, act, flag(false), f32(0), f32(0)}, r);
    return act;
  });
  return linear(use(acti), down, {});
}

Value TrainBuilder::mlpBackward(Value x, Param gate, Param up, Param down,
                                Value gu, Value act, Value dy) {
  int64_t inter = cast<MemRefType>(gate.w.getType()).getDimSize(0);
  Value r = rows(x);
  Value dact = alloc(r, {inter});
  linearBackward(dy, act, down, {}, dact, false);
  Value dgu = alloc(r, {2 * inter});
  launch("swiglu_grad", {gu, dact, dgu, flag(false), f32(0), f32(0)}, r);
  Value dx = alloc(r, {width(x)});
  bool first = true;
  for (auto [w, offset] : {std::pair{gate, int64_t(0)}, {up, inter}}) {
    Value part =
        view(dgu, offset, {dyn(r), st(inter)}, {st(2 * inter), st(1)});
    linearBackward(part, x, w, {}, dx, !first);
    first = false;
  }
  return dx;
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

LogicalResult TrainBuilder::lowerAttention(AttentionOp op) {
  if (!op.getCausal())
    return op.emitError("non-causal attention is not supported");
  int64_t nh = op.getNumHeads(), nkv = op.getNumKvHeads(),
          hd = op.getHeadDim();
  Param wq = param(op, op.getQWeight()), wk = param(op, op.getKWeight()),
        wv = param(op, op.getVWeight()), wo = param(op, op.getOWeight()),
        bq = optParam(op, op.getQBias()), bk = optParam(op, op.getKBias()),
        bv = optParam(op, op.getVBias()), bo = optParam(op, op.getOBias()),
        qn = optParam(op, op.getQNormWeight()),
        kn = optParam(op, op.getKNormWeight()),
        sinks = optParam(op, op.getSinks());
  if (paramError)
    return failure();
  unsigned xi = saved(op.getInput());
  double eps = op.getQkNormEps().convertToDouble();
  QKNorm norm = op.getQkNorm();
  FloatAttr clipAttr = op.getClipQkvAttr();
  double clip = clipAttr ? clipAttr.getValueAsDouble() : 0;
  FloatAttr floorAttr = op.getTemperatureFloorScaleAttr(),
            tempAttr = op.getTemperatureScaleAttr();
  double floorScale = floorAttr ? floorAttr.getValueAsDouble() : 0,
         tempScale = tempAttr ? tempAttr.getValueAsDouble() : 0;
  RopeAttr ropeAttr = op.getRopeAttr();
  // From a projection to what the attention kernel reads, in the order of
  // the inference lowering: clip (DBRX), QK-norm (per head or full width),
  // RoPE, L2-norm after RoPE (Llama 4), temperature tuning (Llama 4's
  // query). The buffers a stage's rule reads are saved activations: the
  // projection "<q|k|v>_proj" (clip's mask, the QK-norm's input), the RoPE'd
  // value "<q|k>_rope" (the L2-norm's input), and the result "q" / "k" /
  // "v".
  enum Stage : unsigned { kClip, kNorm, kRope, kL2, kTemp, kEnd };
  auto has = [](unsigned stages, unsigned s) { return (stages >> s) & 1; };
  unsigned common = (clipAttr ? 1u << kClip : 0) |
                    (norm == QKNorm::PerHead || norm == QKNorm::FullWidth
                         ? 1u << kNorm
                         : 0) |
                    (ropeAttr ? 1u << kRope : 0) |
                    (norm == QKNorm::L2AfterRope ? 1u << kL2 : 0);
  unsigned qStages = common | (floorAttr && tempAttr ? 1u << kTemp : 0),
           kStages = common, vStages = common & (1u << kClip);
  // [T * heads, dim] views for per-head norms, [T, heads, dim] for the rest.
  // (Captured by value: the backward rule runs after this function.)
  auto perHead = [=](Value buf, int64_t heads) {
    return view(buf, 0, {dyn(tokensTimes(heads)), st(hd)}, {st(hd), st(1)});
  };
  auto heads3d = [=](Value buf, int64_t heads, int64_t w) {
    return view(buf, 0, {dyn(T), st(heads), st(w)},
                {st(heads * hd), st(hd), st(1)});
  };
  // Runs the stages [from, to) of `stages` on `buf`; a buffer it does not
  // own (a saved one) is never written.
  auto run = [=](Value buf, bool owned, unsigned stages, unsigned from,
                 unsigned to, int64_t heads, Param normW) mutable {
    auto target = [&] { return owned ? buf : alloc(T, {heads * hd}); };
    for (unsigned s = from; s < to; ++s) {
      if (!has(stages, s))
        continue;
      if (s == kRope || s == kTemp) {
        // In place, on a copy of a saved buffer.
        if (!owned) {
          Value out = alloc(T, {heads * hd});
          launch("copy", {heads3d(buf, heads, hd), heads3d(out, heads, hd)},
                 T);
          buf = out;
          owned = true;
        }
        if (s == kRope)
          rope(heads3d(buf, heads, ropeAttr.getDim()), ropeAttr, false);
        else
          launch("temperature_scale",
                 {buf, positions, f32(floorScale), f32(tempScale)}, T);
        continue;
      }
      // Out of place (or in place when owned).
      Value out = target();
      if (s == kClip)
        launch("clamp", {buf, out, f32(clip)}, T);
      else if (s == kNorm && norm == QKNorm::PerHead)
        KernelEmitter::rmsNorm(perHead(buf, heads), normW.w,
                               perHead(out, heads), eps);
      else if (s == kNorm)
        KernelEmitter::rmsNorm(buf, normW.w, out, eps);
      else // kL2
        KernelEmitter::rmsNorm(perHead(buf, heads), {}, perHead(out, heads),
                               eps);
      buf = out;
      owned = true;
    }
    return buf;
  };
  // Saves the activations of one of q, k, v: indices of the projection and
  // the RoPE'd value (-1 when not kept) and of the result.
  struct Chain {
    int proj = -1, roped = -1;
    unsigned out;
  };
  auto project = [=](StringRef name, Param w, Param bias, int64_t heads,
                     Param normW, unsigned stages) mutable {
    Chain c;
    if (has(stages, kClip) || has(stages, kNorm))
      c.proj = save(op, name.str() + "_proj", [=]() mutable {
        return linear(use(xi), w, bias);
      });
    int proj = c.proj;
    // The stages up to `to`, from the saved projection or from x.
    auto upTo = [=](unsigned to) mutable {
      if (proj >= 0)
        return run(use(proj), false, stages, kClip, to, heads, normW);
      return run(linear(use(xi), w, bias), true, stages, kClip, to, heads,
                 normW);
    };
    if (has(stages, kL2))
      c.roped = save(op, name.str() + "_rope",
                     [=]() mutable { return upTo(kL2); });
    int roped = c.roped;
    c.out = save(op, name, [=]() mutable {
      if (roped >= 0)
        return run(use(roped), false, stages, kL2, kEnd, heads, normW);
      return upTo(kEnd);
    });
    return c;
  };
  Chain qc = project("q", wq, bq, nh, qn, qStages),
        kc = project("k", wk, bk, nkv, kn, kStages),
        vc = project("v", wv, bv, nkv, {}, vStages);
  unsigned qi = qc.out, ki = kc.out, vi = vc.out;
  auto asCache = [=](Value buf) {
    return view(buf, 0, {dyn(S), dyn(C), st(nkv), st(hd)},
                {dyn(arith::MulIOp::create(b, loc, C, idx(nkv * hd))),
                 st(nkv * hd), st(hd), st(1)});
  };
  double scale = op.getScaleAttr().getValueAsDouble();
  int64_t window = op.getSlidingWindow(), chunk = op.getChunkSize();
  unsigned oi = save(op, "o", [=]() mutable {
    Value o = alloc(T, {nh * hd});
    launch("attention",
           {heads3d(use(qi), nh, hd), asCache(use(ki)), asCache(use(vi)),
            positions, slots, sinks.w ? sinks.w : absent(1),
            heads3d(o, nh, hd), f32(scale), i64(window), i64(chunk),
            flag(sinks.w != nullptr)},
           tokensTimes(nh));
    return o;
  });
  values[op.getResult()] = linear(use(oi), wo, bo);

  backward([=]() mutable {
    Value dy = gradOf(op.getResult());
    if (!dy)
      return;
    Value x = use(xi), qr = use(qi), kr = use(ki), v = use(vi), o = use(oi);
    Value dO = alloc(T, {nh * hd});
    linearBackward(dy, o, wo, bo, dO, false);
    Value dq = alloc(T, {nh * hd}), dk = alloc(T, {nkv * hd}),
          dv = alloc(T, {nkv * hd});
    Value lse = alloc(T, {nh}), delta = alloc(T, {nh});
    Value dsinks = sinks.w ? alloc(T, {nh}) : absent(2);
    for (int64_t phase = 0; phase < 2; ++phase) {
      Value items =
          phase == 0
              ? tokensTimes(nh)
              : arith::MulIOp::create(b, loc, T, idx(nkv)).getResult();
      launch("attention_grad",
             {heads3d(qr, nh, hd), asCache(kr), asCache(v), positions, slots,
              sinks.w ? sinks.w : absent(1), heads3d(o, nh, hd),
              heads3d(dO, nh, hd), heads3d(dq, nh, hd), asCache(dk),
              asCache(dv), lse, delta, dsinks, f32(scale), i64(window),
              i64(chunk), flag(sinks.w != nullptr), i64(phase)},
             items);
    }
    if (sinks.grad)
      addColumnSums(dsinks, sinks.grad);
    // The stages' rules in reverse, on the gradient `d` (owned, updated in
    // place where a kernel allows it).
    auto stagesBackward = [&](Value d, const Chain &c, unsigned stages,
                              int64_t heads, Param normW) -> Value {
      if (has(stages, kTemp))
        launch("temperature_scale",
               {d, positions, f32(floorScale), f32(tempScale)}, T);
      if (has(stages, kL2))
        launch("rms_norm_grad",
               {perHead(use(c.roped), heads), absent(1), perHead(d, heads),
                perHead(d, heads), alloc(tokensTimes(heads), {}), f32(eps),
                flag(false)},
               tokensTimes(heads));
      if (has(stages, kRope))
        rope(heads3d(d, heads, ropeAttr.getDim()), ropeAttr, true);
      if (has(stages, kNorm)) {
        Value in = use(c.proj);
        if (has(stages, kClip))
          in = run(in, false, stages, kClip, kNorm, heads, normW);
        if (norm == QKNorm::PerHead) {
          Value dx = alloc(T, {heads * hd});
          Value rstd = alloc(tokensTimes(heads), {});
          launch("rms_norm_grad",
                 {perHead(in, heads), normW.w, perHead(d, heads),
                  perHead(dx, heads), rstd, f32(eps), flag(true)},
                 tokensTimes(heads));
          launch("rms_norm_grad_w",
                 {perHead(in, heads), perHead(d, heads), rstd, normW.grad},
                 idx(hd));
          d = dx;
        } else {
          d = rmsNormBackward(in, normW, eps, d);
        }
      }
      if (has(stages, kClip))
        launch("clamp_grad", {use(c.proj), d, d, f32(clip)}, T);
      return d;
    };
    Value dqPre = stagesBackward(dq, qc, qStages, nh, qn);
    Value dkPre = stagesBackward(dk, kc, kStages, nkv, kn);
    Value dvPre = stagesBackward(dv, vc, vStages, nkv, {});
    Value dx = alloc(T, {width(x)});
    linearBackward(dqPre, x, wq, bq, dx, false);
    linearBackward(dkPre, x, wk, bk, dx, true);
    linearBackward(dvPre, x, wv, bv, dx, true);
    addGrad(op.getInput(), dx);
  });
  return success();
}

//===----------------------------------------------------------------------===//
// Multi-head latent attention
//===----------------------------------------------------------------------===//

LogicalResult TrainBuilder::lowerMLA(MLAAttentionOp op) {
  if (op.isAbsorbed())
    return op.emitError("moe-lower-train-step: absorbed MLA (moe-mla-absorb) "
                        "has no backward rule; train the naive form");
  int64_t nh = op.getNumHeads(), nope = op.getQkNopeHeadDim(),
          rd = op.getQkRopeHeadDim(), vd = op.getVHeadDim(),
          lora = op.getKvLoraRank(), qk = nope + rd, kvd = nope + vd;
  bool qLora = op.getQLoraRank() > 0;
  Param qa = optParam(op, op.getQAWeight()),
        qan = optParam(op, op.getQANormWeight()),
        qb = optParam(op, op.getQBWeight()), wq = optParam(op, op.getQWeight()),
        kva = param(op, op.getKvAWeight()),
        kvn = param(op, op.getKvANormWeight()),
        kvb = param(op, op.getKvBWeight()), wo = param(op, op.getOWeight());
  if (paramError)
    return failure();
  double eps = op.getNormEps().convertToDouble();
  RopeAttr ropeAttr = op.getRope();
  unsigned xi = saved(op.getInput());
  // The naive form (HF_MATH 2.2). [T, nh, w] views of per-head rows of
  // `stride` values from column `offset`, and the same as the attention
  // kernel's [S, C, nh, w] "cache". (Captured by value: the backward rule
  // runs after this function.)
  auto heads3d = [=](Value buf, int64_t offset, int64_t stride, int64_t w) {
    return view(buf, offset, {dyn(T), st(nh), st(w)},
                {st(nh * stride), st(stride), st(1)});
  };
  auto asCache = [=](Value buf, int64_t offset, int64_t stride, int64_t w) {
    return view(buf, offset, {dyn(S), dyn(C), st(nh), st(w)},
                {dyn(arith::MulIOp::create(b, loc, C, idx(nh * stride))),
                 st(nh * stride), st(stride), st(1)});
  };
  // q (RoPE'd in place: the backward reads only the rotated q).
  unsigned cqi = 0, cqni = 0, qi;
  auto roped = [=](Value q) {
    rope(heads3d(q, nope, qk, rd), ropeAttr);
    return q;
  };
  if (qLora) {
    cqi = save(op, "q_a", [=]() mutable { return linear(use(xi), qa, {}); });
    cqni = save(op, "q_a_norm", [=]() mutable {
      return rmsNorm(use(cqi), qan, eps);
    });
    qi = save(op, "q", [=]() mutable {
      return roped(linear(use(cqni), qb, {}));
    });
  } else {
    qi = save(op, "q", [=]() mutable { return roped(linear(use(xi), wq, {})); });
  }
  unsigned ckvi =
      save(op, "kv_a", [=]() mutable { return linear(use(xi), kva, {}); });
  auto latentView = [=](Value ckv) {
    return view(ckv, 0, {dyn(T), st(lora)}, {st(lora + rd), st(1)});
  };
  unsigned latenti = save(op, "kv_a_norm", [=]() mutable {
    return rmsNorm(latentView(use(ckvi)), kvn, eps);
  });
  unsigned kvi =
      save(op, "kv", [=]() mutable { return linear(use(latenti), kvb, {}); });
  // Per-head keys [k_nope | k_rot (shared by all heads)]; every head's copy
  // of k_rot rotates alike, as k_rot rotated once and broadcast.
  unsigned kFulli = save(op, "k", [=]() mutable {
    Value kv = use(kvi), ckv = use(ckvi);
    Value kFull = alloc(T, {nh * qk});
    launch("copy", {heads3d(kv, 0, kvd, nope), heads3d(kFull, 0, qk, nope)},
           T);
    launch("copy",
           {view(ckv, lora, {dyn(T), st(nh), st(rd)},
                 {st(lora + rd), st(0), st(1)}),
            heads3d(kFull, nope, qk, rd)},
           T);
    rope(heads3d(kFull, nope, qk, rd), ropeAttr);
    return kFull;
  });
  double scale = op.getScaleAttr().getValueAsDouble();
  unsigned oi = save(op, "o", [=]() mutable {
    Value o = alloc(T, {nh * vd});
    launch("attention",
           {heads3d(use(qi), 0, qk, qk), asCache(use(kFulli), 0, qk, qk),
            asCache(use(kvi), nope, kvd, vd), positions, slots, absent(1),
            heads3d(o, 0, vd, vd), f32(scale), i64(0), i64(0), flag(false)},
           tokensTimes(nh));
    return o;
  });
  values[op.getResult()] = linear(use(oi), wo, {});

  backward([=]() mutable {
    Value dy = gradOf(op.getResult());
    if (!dy)
      return;
    Value x = use(xi), q = use(qi), ckv = use(ckvi), latent = use(latenti),
          kv = use(kvi), kFull = use(kFulli), o = use(oi);
    Value cq = qLora ? use(cqi) : Value(), cqn = qLora ? use(cqni) : Value();
    Value ckvLatent = latentView(ckv);
    Value dO = alloc(T, {nh * vd});
    linearBackward(dy, o, wo, {}, dO, false);
    Value dq = alloc(T, {nh * qk}), dk = alloc(T, {nh * qk}),
          dv = alloc(T, {nh * vd});
    Value lse = alloc(T, {nh}), delta = alloc(T, {nh});
    for (int64_t phase = 0; phase < 2; ++phase)
      launch("attention_grad",
             {heads3d(q, 0, qk, qk), asCache(kFull, 0, qk, qk),
              asCache(kv, nope, kvd, vd), positions, slots, absent(1),
              heads3d(o, 0, vd, vd), heads3d(dO, 0, vd, vd),
              heads3d(dq, 0, qk, qk), asCache(dk, 0, qk, qk),
              asCache(dv, 0, vd, vd), lse, delta, absent(2), f32(scale), i64(0),
              i64(0), flag(false), i64(phase)},
             tokensTimes(nh));
    // kv_b's output gradient: per head [dk_nope | dv].
    Value dkv = alloc(T, {nh * kvd});
    launch("copy", {heads3d(dk, 0, qk, nope), heads3d(dkv, 0, kvd, nope)}, T);
    launch("copy", {heads3d(dv, 0, vd, vd), heads3d(dkv, nope, kvd, vd)}, T);
    // ckv's gradient [d c_kv | d k_rot]; k_rot is broadcast to every head,
    // so its gradient is the sum over the heads (in head order).
    Value dckv = alloc(T, {lora + rd});
    Value dkRot = view(dckv, lora, {dyn(T), st(rd)}, {st(lora + rd), st(1)});
    Value dkRot3d = view(dckv, lora, {dyn(T), st(1), st(rd)},
                         {st(lora + rd), st(rd), st(1)});
    auto dkRotOf = [&](int64_t h) {
      return view(dk, h * qk + nope, {dyn(T), st(rd)}, {st(nh * qk), st(1)});
    };
    if (nh == 1)
      launch("copy", {heads3d(dk, nope, qk, rd), dkRot3d}, T);
    else
      launch("add", {dkRotOf(0), dkRotOf(1), dkRot}, T);
    for (int64_t h = 2; h < nh; ++h)
      launch("add", {dkRot, dkRotOf(h), dkRot}, T);
    // Inverse RoPE (the transposed rotation) of dq_rot and dk_rot.
    rope(heads3d(dq, nope, qk, rd), ropeAttr, true);
    rope(dkRot3d, ropeAttr, true);
    Value dlatent = alloc(T, {lora});
    linearBackward(dkv, latent, kvb, {}, dlatent, false);
    Value dc = rmsNormBackward(ckvLatent, kvn, eps, dlatent);
    launch("copy",
           {view(dc, 0, {dyn(T), st(1), st(lora)}, {st(lora), st(lora), st(1)}),
            view(dckv, 0, {dyn(T), st(1), st(lora)},
                 {st(lora + rd), st(lora), st(1)})},
           T);
    Value dx = alloc(T, {width(x)});
    linearBackward(dckv, x, kva, {}, dx, false);
    if (qLora) {
      Value dcqn = alloc(T, {width(cqn)});
      linearBackward(dq, cqn, qb, {}, dcqn, false);
      linearBackward(rmsNormBackward(cq, qan, eps, dcqn), x, qa, {}, dx, true);
    } else {
      linearBackward(dq, x, wq, {}, dx, true);
    }
    addGrad(op.getInput(), dx);
  });
  return success();
}

//===----------------------------------------------------------------------===//
// Routing and experts
//===----------------------------------------------------------------------===//

LogicalResult TrainBuilder::lowerRouter(RouterOp op) {
  Param w = param(op, op.getWeight()), bias = optParam(op, op.getBias()),
        corr = op.getCorrectionBias()
                   ? param(op, op.getCorrectionBias(), /*frozen=*/true)
                   : Param{};
  if (paramError)
    return failure();
  int64_t k = op.getTopK();
  unsigned xi = saved(op.getInput());
  unsigned logitsi =
      save(op, "logits", [=]() mutable { return linear(use(xi), w, bias); });
  Value routerLogits = use(logitsi);
  Value ids = alloc(T, {k}, b.getI32Type()), weights = alloc(T, {k});
  SmallVector<Value> args = {routerLogits, corr.w ? corr.w : absent(1), ids,
                             weights};
  llvm::append_range(args, routingScalars(op, corr.w != nullptr));
  launch("router", args, T);
  unsigned idsi = keepResult(op.getExpertIds(), "ids", ids);
  keepResult(op.getWeights(), "weights", weights);
  int64_t e = width(routerLogits);
  backward([=]() mutable {
    Value dw = gradOf(op.getWeights());
    if (!dw)
      return;
    Value x = use(xi), routerLogits = use(logitsi), ids = use(idsi);
    SmallVector<Value> scalars =
        routingScalars(cast<RoutingOpInterface>(op.getOperation()), false);
    Value dlogits = alloc(T, {e});
    // scoring, renorm, renorm_eps, scaling.
    launch("router_grad",
           {routerLogits, ids, dw, dlogits, scalars[0], scalars[4],
            scalars[5], scalars[6]},
           T);
    Value dx = alloc(T, {width(x)});
    linearBackward(dlogits, x, w, bias, dx, false);
    addGrad(op.getInput(), dx);
  });
  return success();
}

LogicalResult TrainBuilder::lowerDispatch(DispatchOp op) {
  Value ids = get(op.getExpertIds());
  int64_t k = cast<MemRefType>(ids.getType()).getDimSize(1);
  unsigned xi = saved(op.getInput());
  Value x = use(xi);
  int64_t h = width(x);
  Value weights = op.getWeights() ? get(op.getWeights()) : Value();
  Dispatch d = dispatch(x, ids, weights, op.getNumExperts());
  Value inv = d.inv, perm = d.perm;
  Value flatW =
      weights ? view(weights, 0, {dyn(tokensTimes(k))}, {st(1)}) : absent(1);
  // The rows, made again as `dispatch` made them.
  saveResult(op.getRows(), "rows", d.rows, [=]() mutable {
    return gatherRows(use(xi), perm, weights, k);
  });
  values[op.getTokensPerExpert()] = d.counts;
  keep(op, "offsets", d.offsets);
  keepResult(op.getPermutation(), "perm", d.perm);
  keep(op, "inv", d.inv);
  offsetsOf[op.getTokensPerExpert()] = d.offsets;
  inverseOf[op.getPermutation()] = d.inv;
  backward([=]() mutable {
    Value drows = gradOf(op.getRows());
    if (!drows)
      return;
    // rows[r] = x[perm[r] / K] (* w[perm[r]]): the transpose is a combine.
    Value dx = alloc(T, {h});
    launch("combine",
           {drows, inv, flatW, dx, i64(k), flag(weights != nullptr),
            flag(false)},
           T);
    addGrad(op.getInput(), dx);
    if (weights)
      addWeightsGrad(op.getWeights(), use(xi), drows, inv);
  });
  return success();
}

LogicalResult TrainBuilder::lowerExperts(ExpertsOp op) {
  Value offsets = offsetsOf.lookup(op.getTokensPerExpert());
  if (!offsets)
    return op.emitError("tokens_per_expert must come from a `moe.dispatch`");
  Param gateUp = optParam(op, op.getGateUpWeight()),
        gate = optParam(op, op.getGateWeight()),
        up = optParam(op, op.getUpWeight()),
        down = param(op, op.getDownWeight()),
        guBias = optParam(op, op.getGateUpBias()),
        downBias = optParam(op, op.getDownBias());
  if (paramError)
    return failure();
  bool fused = gateUp.w != nullptr;
  bool interleaved =
      fused && op.getGateUpFusion() == GateUpFusion::Interleaved;
  bool guInOut = op.getGateUpLayout() == WeightLayout::InOut;
  bool downInOut = op.getDownLayout() == WeightLayout::InOut;
  bool clamped = op.getActivation() == ExpertActivation::ClampedSwiGLU;
  double alpha = op.getAlpha().convertToDouble(),
         limit = op.getLimit().convertToDouble();
  unsigned xi = saved(op.getRows());
  int64_t e = op.getNumExperts(), inter = op.getIntermediateSize(),
          h = width(use(xi));
  // The kernels' layout is [E, out, in] with gate then up along `out`. Part
  // p (0 gate, 1 up) of the gate/up parameter buffer `buf` (weight or
  // gradient; [E, I, H] or [E, H, I] each, or fused [E, 2I, H] or
  // [E, H, 2I], gate and up concatenated or interleaved along 2I) viewed as
  // [E, I, H], or transposed as [E, H, I]. (Captured by value: the backward
  // rule runs after this function.)
  auto guPart = [=](Value buf, int64_t p, bool transpose) {
    int64_t outSize = fused ? 2 * inter : inter;
    int64_t step = interleaved ? 2 : 1;
    int64_t first = !fused ? 0 : interleaved ? p : p * inter;
    int64_t sE = outSize * h, sN, sK, offset;
    if (guInOut) {
      sN = step, sK = outSize, offset = first;
    } else {
      sN = step * h, sK = 1, offset = first * h;
    }
    if (transpose)
      return view(buf, offset, {st(e), st(h), st(inter)},
                  {st(sE), st(sK), st(sN)});
    return view(buf, offset, {st(e), st(inter), st(h)},
                {st(sE), st(sN), st(sK)});
  };
  auto guWeight = [=](int64_t p) {
    return fused ? gateUp : p == 0 ? gate : up;
  };
  auto grouped = [=](Value in, Value w, Value bias, Value out) {
    groupedMatmul(in, w, bias, offsets, out);
  };
  auto half = [=](Value buf, int64_t offset) {
    return view(buf, offset, {dyn(rows(buf)), st(inter)},
                {st(2 * inter), st(1)});
  };
  unsigned gui = save(op, "gu", [=]() mutable {
    Value x = use(xi);
    Value gu = alloc(rows(x), {2 * inter});
    if (!fused && !guInOut) {
      grouped(x, gate.w, {}, half(gu, 0));
      grouped(x, up.w, {}, half(gu, inter));
      return gu;
    }
    // One [E, 2I, H] weight (and [E, 2I] bias), copied into the kernel
    // layout unless the parameter has it.
    Value w = gateUp.w, bias = guBias.w;
    if (!fused || guInOut || interleaved) {
      w = alloc(idx(e), {2 * inter, h});
      for (int64_t p = 0; p < 2; ++p)
        launch("copy",
               {guPart(guWeight(p).w, p, false),
                view(w, p * inter * h, {st(e), st(inter), st(h)},
                     {st(2 * inter * h), st(h), st(1)})},
               idx(e));
    }
    if (bias && interleaved) {
      bias = alloc(idx(e), {2 * inter});
      for (int64_t p = 0; p < 2; ++p)
        launch("copy",
               {view(guBias.w, p, {st(e), st(1), st(inter)},
                     {st(2 * inter), st(2 * inter), st(2)}),
                view(bias, p * inter, {st(e), st(1), st(inter)},
                     {st(2 * inter), st(2 * inter), st(1)})},
               idx(e));
    }
    grouped(x, w, bias, gu);
    return gu;
  });
  unsigned acti = save(op, "act", [=]() mutable {
    Value gu = use(gui);
    Value act = alloc(rows(gu), {inter});
    launch("swiglu", {gu, act, flag(clamped), f32(alpha), f32(limit)},
           rows(gu));
    return act;
  });
  saveResult(op.getResult(), "out", [=]() mutable {
    Value act = use(acti);
    Value out = alloc(rows(act), {h});
    grouped(act, downInOut ? transposed(down.w) : down.w, downBias.w, out);
    return out;
  });
  backward([=]() mutable {
    Value dy = gradOf(op.getResult());
    if (!dy)
      return;
    Value x = use(xi), gu = use(gui), act = use(acti);
    Value rr = rows(x);
    // grad[e] += a^T b over the rows of expert e: [E, N, K].
    auto weightGrad = [&](Value a, Value bb, Value grad) {
      int64_t n = cast<MemRefType>(grad.getType()).getDimSize(1);
      launch("matmul_tn", {a, bb, offsets, grad, flag(true)}, idx(e * n));
    };
    auto biasGrad = [&](Value d, Value grad) {
      int64_t n = width(d);
      weightGrad(d, ones(rr),
                 view(grad, 0, {st(e), st(n), st(1)}, {st(n), st(1), st(1)}));
    };
    // Down: [E, H, I] (kernel layout) or [E, I, H] (in_out).
    Value dact = alloc(rr, {inter});
    grouped(dy, downInOut ? down.w : transposed(down.w), {}, dact);
    if (downInOut)
      weightGrad(act, dy, down.grad);
    else
      weightGrad(dy, act, down.grad);
    if (downBias.grad)
      biasGrad(dy, downBias.grad);
    Value dgu = alloc(rr, {2 * inter});
    launch("swiglu_grad",
           {gu, dact, dgu, flag(clamped), f32(alpha), f32(limit)}, rr);
    // Gate/up weight (and bias) gradients in the parameter's layout: dgu in
    // the parameter's order along 2I (interleaved: a copy).
    Value dguP = dgu;
    if (interleaved) {
      dguP = alloc(rr, {2 * inter});
      for (int64_t p = 0; p < 2; ++p)
        launch("copy",
               {view(dgu, p * inter, {dyn(rr), st(inter), st(1)},
                     {st(2 * inter), st(1), st(1)}),
                view(dguP, p, {dyn(rr), st(inter), st(1)},
                     {st(2 * inter), st(2), st(1)})},
               rr);
    }
    if (fused) {
      if (guInOut)
        weightGrad(x, dguP, gateUp.grad);
      else
        weightGrad(dguP, x, gateUp.grad);
    } else {
      for (int64_t p = 0; p < 2; ++p) {
        Param w = guWeight(p);
        if (guInOut)
          weightGrad(x, half(dgu, p * inter), w.grad);
        else
          weightGrad(half(dgu, p * inter), x, w.grad);
      }
    }
    if (guBias.grad)
      biasGrad(dguP, guBias.grad);
    // dx = dgu [gate | up] per expert: one grouped GEMM over [E, H, 2I]
    // (the parameter itself when fused [E, H, 2I], with dgu in its order).
    Value dx = alloc(rr, {h});
    if (fused && guInOut) {
      grouped(dguP, gateUp.w, {}, dx);
    } else {
      Value guT = alloc(idx(e), {h, 2 * inter});
      for (int64_t p = 0; p < 2; ++p)
        launch("copy",
               {guPart(guWeight(p).w, p, true),
                view(guT, p * inter, {st(e), st(h), st(inter)},
                     {st(h * 2 * inter), st(2 * inter), st(1)})},
               idx(e));
      grouped(dgu, guT, {}, dx);
    }
    addGrad(op.getRows(), dx);
  });
  return success();
}

LogicalResult TrainBuilder::lowerCombine(CombineOp op) {
  Value inv = inverseOf.lookup(op.getPermutation());
  if (!inv)
    return op.emitError("permutation must come from a `moe.dispatch`");
  int64_t k = op.getTopK();
  unsigned rowsi = saved(op.getRows());
  Value rowsBuf = use(rowsi);
  Value perm = get(op.getPermutation());
  int64_t h = width(rowsBuf);
  Value weights = op.getWeights() ? get(op.getWeights()) : Value();
  Value n = tokensTimes(k);
  Value flatW = weights ? view(weights, 0, {dyn(n)}, {st(1)}) : absent(1);
  Value out = alloc(T, {h});
  launch("combine",
         {rowsBuf, inv, flatW, out, i64(k), flag(weights != nullptr),
          flag(false)},
         T);
  values[op.getResult()] = out;
  backward([=]() mutable {
    Value dy = gradOf(op.getResult());
    if (!dy)
      return;
    Value drows = alloc(n, {h});
    launch("gather_rows",
           {dy, perm, flatW, drows, i64(k), flag(weights != nullptr)}, n);
    addGrad(op.getRows(), drows);
    if (weights)
      addWeightsGrad(op.getWeights(), dy, use(rowsi), inv);
  });
  return success();
}

LogicalResult TrainBuilder::lowerEPDispatch(EPDispatchOp op) {
  Value offsets = offsetsOf.lookup(op.getTokensPerExpert());
  auto source = op.getRows().getDefiningOp<DispatchOp>();
  if (!offsets || !source)
    return op.emitError("moe-lower-train-step: rows and tokens_per_expert "
                        "must come from a `moe.dispatch`");
  if (epSize != 1 && epSize != static_cast<int64_t>(op.getEpSize()))
    return op.emitError("all moe.ep_dispatch ops must have the same ep_size");
  for (int64_t e : op.getPlacement())
    if (e >= 0 && llvm::count(op.getPlacement(), e) > 1)
      return op.emitError("moe-lower-train-step: expert ")
             << e << " has several replicas; training would need their "
             << "gradients summed (not supported: compile without "
             << "replicas)";
  epSize = op.getEpSize();
  int64_t k = cast<RankedTensorType>(source.getExpertIds().getType())
                  .getDimSize(1);
  maxReceived = std::max(maxReceived, epSize * k * maxTokens);
  unsigned xi = saved(op.getRows());
  int64_t h = width(use(xi)), slots = op.getSlotsPerRank(),
          layer = op.getLayer();
  SmallVector<int64_t> placement(op.getPlacement());
  Type i32 = b.getI32Type();
  // The received rows [R, H] (slot-major) and offsets per local slot; made
  // again by a new dispatch of the same rows (the same layout and R) when
  // recomputed.
  Value counts = vec(slots, i32), slotOffsets = vec(slots + 1, i32);
  int64_t id = numExchanges++;
  Value recv = dispatchRows(use(xi), offsets, slots, layer, placement, id,
                            counts, slotOffsets);
  saveResult(op.getLocalRows(), "local_rows", recv, [=]() mutable {
    return dispatchRows(use(xi), offsets, slots, layer, placement,
                        numExchanges++);
  });
  values[op.getLocalCounts()] = counts;
  offsetsOf[op.getLocalCounts()] = slotOffsets;
  exchangeOf[op.getLocalCounts()] = id;
  Value localCounts = op.getLocalCounts();
  backward([=]() mutable {
    Value drecv = gradOf(op.getLocalRows());
    if (!drecv)
      return;
    // The transpose of the dispatch: rows back to where they came from,
    // paired with the ep_combine rule's dispatch (the same layout).
    auto back = backwardExchangeOf.find(localCounts);
    assert(back != backwardExchangeOf.end() &&
           "the ep_combine rule dispatches before the ep_dispatch rule");
    Value drows = alloc(rows(use(xi)), {h});
    exchange(ExchangeKind::Combine, back->second, layer, placement,
             ValueRange{drecv, drows});
    addGrad(op.getRows(), drows);
  });
  return success();
}

LogicalResult TrainBuilder::lowerEPCombine(EPCombineOp op) {
  EPDispatchOp dispatch = op.getDispatch();
  auto id = exchangeOf.find(op.getLocalCounts());
  if (!dispatch || id == exchangeOf.end())
    return op.emitError("local_counts must come from a lowered ep_dispatch");
  Value rowsIn = get(dispatch.getRows());
  Value offsets = offsetsOf.lookup(dispatch.getTokensPerExpert());
  int64_t h = width(rowsIn), layer = dispatch.getLayer(),
          slots = dispatch.getSlotsPerRank();
  SmallVector<int64_t> placement(dispatch.getPlacement());
  Value out = alloc(rows(rowsIn), {h});
  exchange(ExchangeKind::Combine, id->second, layer, placement,
           ValueRange{get(op.getLocalOut()), out});
  keepResult(op.getResult(), "out", out);
  Value localCounts = op.getLocalCounts();
  backward([=]() mutable {
    Value dy = gradOf(op.getResult());
    if (!dy)
      return;
    // The transpose of the combine: the gradient rows (in the dispatch's
    // input order) dispatched as the forward's rows were.
    int64_t back = numExchanges++;
    backwardExchangeOf[localCounts] = back;
    addGrad(op.getLocalOut(),
            dispatchRows(dy, offsets, slots, layer, placement, back));
  });
  return success();
}

LogicalResult TrainBuilder::lowerSharedExpert(SharedExpertOp op) {
  Param g = param(op, op.getGateWeight()), u = param(op, op.getUpWeight()),
        d = param(op, op.getDownWeight()),
        eg = optParam(op, op.getExpertGateWeight());
  if (paramError)
    return failure();
  unsigned xi = saved(op.getInput());
  unsigned gui, acti, yi = 0, gatei = 0;
  Value y = mlp(op, xi, g, u, d, gui, acti);
  Value out = y;
  int64_t h = width(y);
  if (eg.w) {
    // The gated output's rule reads the MLP output and the gate logit.
    yi = save(op, "y", y,
              [=]() mutable { return linear(use(acti), d, {}); });
    gatei = save(op, "gate",
                 [=]() mutable { return linear(use(xi), eg, {}); });
    out = alloc(T, {h});
    launch("sigmoid_gate", {y, use(gatei), out, flag(false)}, T);
  }
  values[op.getResult()] = out;
  backward([=]() mutable {
    Value dout = gradOf(op.getResult());
    if (!dout)
      return;
    Value x = use(xi);
    Value dy = dout;
    Value dxGate;
    if (eg.w) {
      dy = alloc(T, {h});
      Value dgate = alloc(T, {1});
      launch("sigmoid_gate_grad", {use(yi), use(gatei), dout, dy, dgate}, T);
      dxGate = alloc(T, {width(x)});
      linearBackward(dgate, x, eg, {}, dxGate, false);
    }
    Value dx = mlpBackward(x, g, u, d, use(gui), use(acti), dy);
    addGrad(op.getInput(), dx);
    if (dxGate)
      addGrad(op.getInput(), dxGate);
  });
  return success();
}

//===----------------------------------------------------------------------===//
// Dispatch over ops
//===----------------------------------------------------------------------===//

LogicalResult TrainBuilder::lower(Operation *op) {
  // Weights and their views (MLA's absorbed slices: an error at the op).
  if (isa<WeightOp, LocalExpertsOp, tensor::ExpandShapeOp,
          tensor::ExtractSliceOp>(op))
    return success();
  if (auto e = dyn_cast<EmbeddingOp>(op)) {
    Param table = param(op, e.getTable());
    if (paramError)
      return failure();
    int64_t h = cast<MemRefType>(table.w.getType()).getDimSize(1);
    int64_t v = cast<MemRefType>(table.w.getType()).getDimSize(0);
    saveResult(e.getResult(), "out", [=]() mutable {
      Value out = alloc(T, {h});
      launch("embedding", {table.w, tokens, out}, T);
      return out;
    });
    backward([=]() mutable {
      if (Value dy = gradOf(e.getResult()))
        launch("embedding_grad", {tokens, dy, table.grad}, idx(v));
    });
    return success();
  }
  if (auto n = dyn_cast<RMSNormOp>(op)) {
    Param w = optParam(op, n.getWeight());
    if (paramError)
      return failure();
    unsigned xi = saved(n.getInput());
    double eps = n.getEps().convertToDouble();
    saveResult(n.getResult(), "out",
               [=]() mutable { return rmsNorm(use(xi), w, eps); });
    backward([=]() mutable {
      if (Value dy = gradOf(n.getResult()))
        addGrad(n.getInput(), rmsNormBackward(use(xi), w, eps, dy));
    });
    return success();
  }
  if (auto n = dyn_cast<LayerNormOp>(op)) {
    Param w = optParam(op, n.getWeight()), bias = optParam(op, n.getBias());
    if (paramError)
      return failure();
    unsigned xi = saved(n.getInput());
    double eps = n.getEps().convertToDouble();
    saveResult(n.getResult(), "out", [=]() mutable {
      Value x = use(xi);
      Value out = alloc(rows(x), {width(x)});
      layerNorm(x, w.w, bias.w, out, eps);
      return out;
    });
    backward([=]() mutable {
      Value dy = gradOf(n.getResult());
      if (!dy)
        return;
      Value x = use(xi);
      Value r = rows(x);
      int64_t d = width(x);
      Value dx = alloc(r, {d}), mean = alloc(r, {}), rstd = alloc(r, {});
      launch("layer_norm_grad",
             {x, w.w ? w.w : absent(1), dy, dx, mean, rstd, f32(eps),
              flag(w.w != nullptr)},
             r);
      if (w.grad)
        launch("layer_norm_grad_w", {x, dy, mean, rstd, w.grad}, idx(d));
      if (bias.grad)
        addColumnSums(dy, bias.grad);
      addGrad(n.getInput(), dx);
    });
    return success();
  }
  if (auto l = dyn_cast<LinearOp>(op)) {
    Param w = param(op, l.getWeight()), bias = optParam(op, l.getBias());
    if (paramError)
      return failure();
    unsigned xi = saved(l.getInput());
    saveResult(l.getResult(), "out",
               [=]() mutable { return linear(use(xi), w, bias); });
    backward([=]() mutable {
      Value dy = gradOf(l.getResult());
      if (!dy)
        return;
      Value x = use(xi);
      Value dx = alloc(rows(x), {width(x)});
      linearBackward(dy, x, w, bias, dx, false);
      addGrad(l.getInput(), dx);
    });
    return success();
  }
  if (auto l = dyn_cast<LMHeadOp>(op)) {
    Param w = param(op, l.getWeight());
    if (paramError)
      return failure();
    if (!llvm::all_of(l->getUsers(),
                      [](Operation *u) { return isa<func::ReturnOp>(u); }))
      return op->emitError("moe.lm_head's logits must only be returned");
    unsigned xi = saved(l.getInput());
    matmul(use(xi), w.w, {}, logits);
    values[l.getLogits()] = logits;
    backward([=]() mutable {
      Value dy = gradOf(l.getLogits());
      Value x = use(xi);
      Value dx = alloc(T, {width(x)});
      linearBackward(dy, x, w, {}, dx, false);
      addGrad(l.getInput(), dx);
    });
    return success();
  }
  if (auto a = dyn_cast<AddOp>(op)) {
    Value lhs = get(a.getLhs());
    if (cast<MemRefType>(lhs.getType()).getRank() != 2)
      return op->emitError("add lowering expects [tokens, hidden]");
    Value r = rows(lhs);
    Value out = alloc(r, {width(lhs)});
    launch("add", {lhs, get(a.getRhs()), out}, r);
    keepResult(a.getResult(), "out", out);
    backward([=]() mutable {
      if (Value dy = gradOf(a.getResult())) {
        addGrad(a.getLhs(), dy);
        addGrad(a.getRhs(), dy);
      }
    });
    return success();
  }
  if (auto m = dyn_cast<MLPOp>(op)) {
    Param g = param(op, m.getGateWeight()), u = param(op, m.getUpWeight()),
          d = param(op, m.getDownWeight());
    if (paramError)
      return failure();
    unsigned xi = saved(m.getInput()), gui, acti;
    values[m.getResult()] = mlp(op, xi, g, u, d, gui, acti);
    backward([=]() mutable {
      if (Value dy = gradOf(m.getResult()))
        addGrad(m.getInput(), mlpBackward(use(xi), g, u, d, use(gui),
                                          use(acti), dy));
    });
    return success();
  }
  if (auto s = dyn_cast<SharedExpertOp>(op))
    return lowerSharedExpert(s);
  if (auto a = dyn_cast<AttentionOp>(op))
    return lowerAttention(a);
  if (auto a = dyn_cast<MLAAttentionOp>(op))
    return lowerMLA(a);
  if (auto r = dyn_cast<RouterOp>(op))
    return lowerRouter(r);
  if (auto d = dyn_cast<DispatchOp>(op))
    return lowerDispatch(d);
  if (auto e = dyn_cast<ExpertsOp>(op))
    return lowerExperts(e);
  if (auto c = dyn_cast<CombineOp>(op))
    return lowerCombine(c);
  if (auto d = dyn_cast<EPDispatchOp>(op))
    return lowerEPDispatch(d);
  if (auto c = dyn_cast<EPCombineOp>(op))
    return lowerEPCombine(c);
  if (auto r = dyn_cast<func::ReturnOp>(op)) {
    if (get(r.getOperand(0)) != logits)
      return op->emitError("@forward must return the result of moe.lm_head");
    return success();
  }
  return op->emitError("moe-lower-train-step: no backward rule for '")
         << op->getName() << "' yet";
}

LogicalResult TrainBuilder::build() {
  auto resultType =
      dyn_cast<RankedTensorType>(forward.getFunctionType().getResult(0));
  if (!resultType || resultType.getRank() != 2)
    return forward.emitError("@forward must return logits [tokens, vocab]");
  MLIRContext *ctx = b.getContext();
  int64_t dynamic = ShapedType::kDynamic;
  Type i64Vec = MemRefType::get({dynamic}, b.getI64Type());
  Type stepType = MemRefType::get({1}, b.getI64Type());
  Type logitsType =
      MemRefType::get({dynamic, resultType.getDimSize(1)}, b.getF32Type());
  Type lossType = MemRefType::get({dynamic}, b.getF32Type());
  Type batchType = MemRefType::get({dynamic, dynamic}, b.getI8Type());
  auto attr = [&](const char *kind, int64_t i) {
    return DictionaryAttr::get(ctx,
                               {b.getNamedAttr(kind, b.getI64IntegerAttr(i))});
  };
  b.setInsertionPointToEnd(module.getBody());
  fn = func::FuncOp::create(
      b, loc, name,
      b.getFunctionType({i64Vec, i64Vec, i64Vec, i64Vec, stepType, logitsType,
                         lossType, batchType},
                        {}));
  for (int64_t i = 0; i < 5; ++i)
    fn.setArgAttrs(i, attr(attrs::kInput, i));
  fn.setArgAttrs(5, attr(attrs::kOutput, 0));
  fn.setArgAttrs(6, attr(attrs::kOutput, 1));
  fn.setArgAttrs(7, DictionaryAttr::get(ctx, {b.getNamedAttr(
                                                 attrs::kBatchShape,
                                                 b.getUnitAttr())}));
  fn->setAttr(attrs::kEntry, b.getStringAttr(name));
  fn->setAttr(attrs::kMaxTokens, b.getI64IntegerAttr(maxTokens));
  Block *body = fn.addEntryBlock();
  tokens = body->getArgument(0);
  positions = body->getArgument(1);
  slots = body->getArgument(2);
  labels = body->getArgument(3);
  step = body->getArgument(4);
  logits = body->getArgument(5);
  losses = body->getArgument(6);
  batchShape = body->getArgument(7);
  b.setInsertionPointToStart(body);
  T = dim(tokens, 0);
  S = dim(batchShape, 0);
  C = dim(batchShape, 1);
  values[forward.getArgument(0)] = tokens;
  values[forward.getArgument(1)] = positions;
  values[forward.getArgument(2)] = slots;
  // Forward.
  for (Operation &op : forward.getBody().front()) {
    loc = op.getLoc();
    if (failed(lower(&op)) || failed(checkRecompute(&op)))
      return failure();
  }
  // Gradients of this step start at zero (the forward has made every param
  // argument by now).
  {
    OpBuilder::InsertionGuard start(b);
    b.setInsertionPointAfter(C.getDefiningOp());
    for (const std::string &p : paramOrder) {
      const ParamArgs &a = params[p];
      if (a.grad)
        launch("fill", {flat(a.grad, a.elements), f32(0)}, idx(a.elements));
    }
  }
  // Loss: per-token cross entropy; its gradient is that of the mean over
  // the batch's labels (on every rank: all of them).
  loc = forward.getLoc();
  Value count = vec(1, b.getI64Type());
  launch("label_count", {labels, count}, idx(1));
  if (epSize > 1)
    exchange(ExchangeKind::AllReduce, -1, -1, {}, ValueRange{count});
  Value dlogits = alloc(T, {width(logits)});
  launch("cross_entropy", {logits, labels, count, dlogits, losses}, T);
  // (moe-plan-buffers measures the activations kept across this launch.)
  std::prev(b.getInsertionPoint())
      ->setAttr(attrs::kBackwardStart, b.getUnitAttr());
  grads[forward.getBody().front().getTerminator()->getOperand(0)] = dlogits;
  // Backward, in reverse.
  inBackward = true;
  for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
    recomputedInRule.clear();
    (*it)();
  }
  // Expert parallelism: every rank's contributions to the replicated
  // parameters' gradients, summed (one all-reduce).
  if (epSize > 1) {
    SmallVector<Value> replicated;
    for (const std::string &p : paramOrder) {
      const ParamArgs &a = params[p];
      if (a.grad && !a.local)
        replicated.push_back(flat(a.grad, a.elements));
    }
    if (!replicated.empty())
      exchange(ExchangeKind::AllReduce, -1, -1, {}, replicated);
    fn->setAttr(attrs::kEpSize, b.getI64IntegerAttr(epSize));
    fn->setAttr(attrs::kMaxReceived, b.getI64IntegerAttr(maxReceived));
  }
  // AdamW.
  for (const std::string &p : paramOrder) {
    const ParamArgs &a = params[p];
    int64_t n = a.elements;
    if (!a.grad)
      continue;
    launch("adamw",
           {flat(a.w, n), flat(a.grad, n), flat(a.m, n), flat(a.v, n), step,
            f32(adamw.lr), f32(adamw.beta1), f32(adamw.beta2), f32(adamw.eps),
            f32(adamw.weightDecay)},
           idx(n));
  }
  func::ReturnOp::create(b, loc);
  return success();
}

struct MoELowerTrainStepPass
    : public moe::impl::MoELowerTrainStepBase<MoELowerTrainStepPass> {
  using MoELowerTrainStepBase::MoELowerTrainStepBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp forward = lookupForward(module, "moe-lower-train-step");
    if (!forward)
      return signalPassFailure();
    if (maxTokens < 1 || !(lr > 0) || !(beta1 >= 0 && beta1 < 1) ||
        !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
      module.emitError("moe-lower-train-step: expected max-tokens >= 1, "
                       "lr > 0, 0 <= beta1, beta2 < 1, eps > 0, "
                       "weight-decay >= 0");
      return signalPassFailure();
    }
    TrainBuilder builder(module, forward,
                         static_cast<int64_t>(maxTokens),
                         {lr, beta1, beta2, eps, weightDecay});
    if (failed(builder.build()))
      return signalPassFailure();
    forward.erase();
  }
};

} // namespace
