//===- ActivationModel.cpp - What a training step keeps for its backward --===//
//
// Mirrors lowering/LowerTrainStep.cpp: for each op, the buffers its lowering
// keeps that a backward rule reads. A result is an activation when a user's
// rule reads it; internal buffers (attention's projections, an MLP's gate/up
// output) are activations of the op itself. The test of the mirror is exact:
// `moe-recompute` prints the bytes it predicts the step keeps, and
// `moe-plan-buffers` measures the buffers live across the loss launch
// (test/passes/moe-recompute.mlir, test/e2e/train-recompute.test).
//
//===----------------------------------------------------------------------===//

#include "passes/ActivationModel.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::moe;

int64_t ActivationModel::totalBytes() const {
  int64_t n = 0;
  for (const Activation &a : activations)
    n += a.bytes;
  return n;
}

namespace {

class ModelBuilder {
public:
  ModelBuilder(int64_t maxTokens, int64_t seqLen)
      : T(maxTokens), seqLen(seqLen) {}

  LogicalResult visit(Operation *op);
  /// Drops what no rule reads, and makes an activation droppable only when
  /// everything its recompute reads is kept for the backward too.
  ActivationModel finish();

private:
  static int64_t width(Value v) {
    auto type = cast<RankedTensorType>(v.getType());
    return type.getRank() == 1 ? 1 : type.getShape().back();
  }
  /// Rows of a [rows, width] tensor at the largest batch.
  int64_t rows(Value v) const {
    auto it = rowCount.find(v);
    return it == rowCount.end() ? T : it->second;
  }
  /// An activation of `op`; `deps`: what its recompute reads (null entries
  /// and tensors that are no activation are ignored; such a dependency makes
  /// it non-droppable, see finish()).
  unsigned add(Operation *op, StringRef name, StringRef kind, int64_t rowsN,
               int64_t widthN, int64_t elementBytes, RecomputeCost cost,
               ArrayRef<Value> deps, bool droppable = true) {
    Activation a;
    a.op = op;
    a.name = name.str();
    a.kind = kind.str();
    int64_t bytes = rowsN * widthN * elementBytes;
    a.bytes = (bytes + 63) / 64 * 64;
    a.cost = cost;
    a.droppable = droppable;
    a.where = where();
    for (Value d : deps) {
      auto it = itemOf.find(d);
      if (it == itemOf.end()) {
        if (d)
          a.droppable = false;
        continue;
      }
      a.deps.push_back(it->second);
    }
    model.activations.push_back(a);
    return model.activations.size() - 1;
  }
  unsigned addResult(Value result, StringRef name, StringRef kind,
                     RecomputeCost cost, ArrayRef<Value> deps,
                     bool droppable = true) {
    // Every buffer has 4-byte elements (f32; ids and permutations i32).
    unsigned i = add(result.getDefiningOp(), name, kind, rows(result),
                     width(result), 4, cost, deps, droppable);
    itemOf[result] = i;
    return i;
  }
  /// `op`'s backward rule reads activation `i` / tensor `v`.
  void read(Operation *op, unsigned i) {
    auto &readers = model.activations[i].readers;
    if (!llvm::is_contained(readers, op))
      readers.push_back(op);
  }
  void read(Operation *op, Value v) {
    auto it = itemOf.find(v);
    if (it != itemOf.end())
      read(op, it->second);
  }
  std::string where() const {
    if (head)
      return "head";
    if (layer < 0)
      return "embedding";
    return "layer " + std::to_string(layer);
  }

  // Costs of the kernels a recompute re-runs.
  static RecomputeCost matmul(double m, double n, double k) {
    return {2 * m * n * k, 4 * (m * k + n * k + m * n), 1, 0, 0};
  }
  static RecomputeCost elementwise(double elements, double passes,
                                   int64_t launches = 1) {
    return {passes * elements, 4 * passes * elements, launches, 0, 0};
  }
  static RecomputeCost plus(RecomputeCost a, const RecomputeCost &b) {
    a.flops += b.flops;
    a.memoryBytes += b.memoryBytes;
    a.launches += b.launches;
    a.exchangeBytes += b.exchangeBytes;
    a.exchanges += b.exchanges;
    return a;
  }
  /// Average keys a causal query attends to.
  double context(int64_t window, int64_t chunk) const {
    double c = (static_cast<double>(seqLen) + 1) / 2;
    if (window > 0)
      c = std::min(c, static_cast<double>(window));
    if (chunk > 0)
      c = std::min(c, (static_cast<double>(chunk) + 1) / 2);
    return c;
  }

  LogicalResult visitAttention(AttentionOp op);
  LogicalResult visitMLA(MLAAttentionOp op);
  void visitMLP(Operation *op, Value x, Value gate, Value result,
                Value expertGate);
  /// A SwiGLU's kept gate/up output `gu` (class `kind`) and `act`, read by
  /// `op`'s rule; returns `act`.
  unsigned gateUp(Operation *op, Value x, int64_t inter, StringRef kind);

  int64_t T, seqLen;
  int64_t layer = -1;
  bool head = false;
  ActivationModel model;
  DenseMap<Value, unsigned> itemOf;
  DenseMap<Value, int64_t> rowCount;
  /// A dispatch's permutation -> the activation of its inverse.
  DenseMap<Value, unsigned> inverseOf;
};

LogicalResult ModelBuilder::visitAttention(AttentionOp op) {
  Value x = op.getInput();
  double t = static_cast<double>(T), h = width(x);
  int64_t nh = op.getNumHeads(), nkv = op.getNumKvHeads(),
          hd = op.getHeadDim();
  QKNorm qkNorm = op.getQkNorm();
  bool clip = static_cast<bool>(op.getClipQkvAttr());
  bool norm = qkNorm == QKNorm::PerHead || qkNorm == QKNorm::FullWidth;
  bool l2 = qkNorm == QKNorm::L2AfterRope;
  bool rope = static_cast<bool>(op.getRopeAttr());
  bool temp = op.getTemperatureFloorScaleAttr() && op.getTemperatureScaleAttr();
  read(op, x);
  // What the kernel reads (q, k, v) is made from the projection by the
  // stages clip, QK-norm, RoPE, L2-norm and temperature; the stages' rules
  // read the projection "<name>_proj" (clip, QK-norm) and the RoPE'd value
  // "<name>_rope" (L2-norm), kept too.
  auto projection = [&](StringRef name, int64_t heads, bool qk,
                        bool query) -> unsigned {
    double n = static_cast<double>(heads * hd);
    RecomputeCost proj = matmul(t, n, h);
    // Costs of the stages before the L2-norm, and from it on.
    RecomputeCost early = clip ? elementwise(t * n, 2) : RecomputeCost{};
    if (qk && norm)
      early = plus(early, elementwise(t * n, 3));
    if (qk && rope)
      early = plus(early, elementwise(t * n, 3, 2));
    RecomputeCost late = qk && l2 ? elementwise(t * n, 3) : RecomputeCost{};
    if (query && temp)
      late = plus(late, elementwise(t * n, 2));
    int prev = -1;
    if (clip || (qk && norm)) {
      prev = add(op, (name + "_proj").str(), "qkv", T, heads * hd, 4, proj,
                 {x});
      read(op, prev);
    }
    // An activation made by `cost` from `prev` (or from x, with the
    // projection).
    auto next = [&](StringRef n2, RecomputeCost cost) {
      unsigned i =
          prev >= 0
              ? add(op, n2, "qkv", T, heads * hd, 4, cost, {})
              : add(op, n2, "qkv", T, heads * hd, 4, plus(proj, cost), {x});
      if (prev >= 0)
        model.activations[i].deps = {static_cast<unsigned>(prev)};
      read(op, i);
      prev = i;
      return i;
    };
    if (qk && l2) {
      next((name + "_rope").str(), early);
      return next(name, late);
    }
    return next(name, plus(early, late));
  };
  unsigned q = projection("q", nh, true, true),
           k = projection("k", nkv, true, false),
           v = projection("v", nkv, false, false);
  double ctx = context(op.getSlidingWindow(), op.getChunkSize());
  RecomputeCost core = {4 * t * static_cast<double>(nh) * ctx * hd,
                        4 * t * static_cast<double>(2 * nh + 2 * nkv) * hd, 1,
                        0, 0};
  unsigned o = add(op, "o", "core_attn", T, nh * hd, 4, core, {});
  model.activations[o].deps = {q, k, v};
  read(op, o);
  return success();
}

LogicalResult ModelBuilder::visitMLA(MLAAttentionOp op) {
  if (op.isAbsorbed())
    return op.emitError("moe-recompute: absorbed MLA has no training rule");
  Value x = op.getInput();
  double t = static_cast<double>(T), h = width(x);
  int64_t nh = op.getNumHeads(), nope = op.getQkNopeHeadDim(),
          rd = op.getQkRopeHeadDim(), vd = op.getVHeadDim(),
          lora = op.getKvLoraRank(), qLora = op.getQLoraRank(),
          qk = nope + rd, kvd = nope + vd;
  read(op, x);
  auto own = [&](StringRef name, StringRef kind, int64_t w,
                 RecomputeCost cost, ArrayRef<unsigned> deps,
                 bool fromInput = false) {
    unsigned i = add(op, name, kind, T, w, 4, cost,
                     fromInput ? ArrayRef<Value>{x} : ArrayRef<Value>{});
    for (unsigned d : deps)
      model.activations[i].deps.push_back(d);
    read(op, i);
    return i;
  };
  RecomputeCost qRope = elementwise(t * nh * rd, 3);
  unsigned q;
  if (qLora > 0) {
    // The query's down-projection, its norm, and the up-projection (RoPE'd
    // in place).
    unsigned cq = own("q_a", "mla_down", qLora,
                      matmul(t, static_cast<double>(qLora), h), {}, true);
    unsigned cqn = own("q_a_norm", "norm", qLora,
                       elementwise(t * qLora, 3), {cq});
    q = own("q", "mla_up", nh * qk,
            plus(matmul(t, static_cast<double>(nh * qk),
                        static_cast<double>(qLora)),
                 qRope),
            {cqn});
  } else {
    q = own("q", "qkv", nh * qk,
            plus(matmul(t, static_cast<double>(nh * qk), h), qRope), {},
            true);
  }
  unsigned ckv = own("kv_a", "mla_down", lora + rd,
                     matmul(t, static_cast<double>(lora + rd), h), {}, true);
  unsigned latent =
      own("kv_a_norm", "norm", lora, elementwise(t * lora, 3), {ckv});
  unsigned kv = own("kv", "mla_up", nh * kvd,
                    matmul(t, static_cast<double>(nh * kvd),
                           static_cast<double>(lora)),
                    {latent});
  // Per-head keys: k_nope copied from kv, k_rot broadcast and RoPE'd.
  unsigned kFull = own("k", "mla_up", nh * qk,
                       plus(elementwise(t * nh * qk, 2, 2), qRope), {kv, ckv});
  double ctx = context(0, 0);
  RecomputeCost core = {2 * t * static_cast<double>(nh) * ctx * (qk + vd),
                        4 * t * static_cast<double>(nh) * (2 * qk + 2 * vd),
                        1, 0, 0};
  own("o", "core_attn", nh * vd, core, {q, kFull, kv});
  return success();
}

unsigned ModelBuilder::gateUp(Operation *op, Value x, int64_t inter,
                              StringRef kind) {
  double r = static_cast<double>(rows(x)), i = static_cast<double>(inter);
  unsigned gu = add(op, "gu", kind, rows(x), 2 * inter, 4,
                    matmul(r, 2 * i, width(x)), {x});
  unsigned act = add(op, "act", "swiglu", rows(x), inter, 4,
                     elementwise(r * i, 3), {});
  model.activations[act].deps = {gu};
  read(op, gu);
  read(op, act);
  return act;
}

void ModelBuilder::visitMLP(Operation *op, Value x, Value gate, Value result,
                            Value expertGate) {
  double t = static_cast<double>(rows(x)), h = width(x);
  int64_t inter = cast<RankedTensorType>(gate.getType()).getDimSize(0);
  double i = static_cast<double>(inter);
  read(op, x);
  unsigned act = gateUp(op, x, inter, "mlp_up");
  if (expertGate) {
    // The gated shared expert keeps the MLP output and the gate logit.
    unsigned y = add(op, "y", "mlp_down", rows(x), width(result), 4,
                     matmul(t, h, i), {});
    model.activations[y].deps = {act};
    unsigned g = add(op, "gate", "gate", rows(x), 1, 4, matmul(t, 1, h), {x});
    read(op, y);
    read(op, g);
  }
}

LogicalResult ModelBuilder::visit(Operation *op) {
  double t = static_cast<double>(T);
  // Weights and their views (MLA's absorbed slices: an error at the op).
  if (isa<WeightOp, tensor::ExpandShapeOp, tensor::ExtractSliceOp,
          LocalExpertsOp, func::ReturnOp>(op))
    return success();
  if (auto e = dyn_cast<EmbeddingOp>(op)) {
    addResult(e.getResult(), "out", "embedding",
              elementwise(t * width(e.getResult()), 2), {});
    return success();
  }
  if (isa<RMSNormOp, LayerNormOp>(op)) {
    // A layer starts at the norm before its attention; the final norm
    // feeds the LM head.
    for (Operation *user : op->getUsers()) {
      if (isa<AttentionOp, MLAAttentionOp>(user))
        ++layer;
      head |= isa<LMHeadOp>(user);
    }
    Value x = op->getOperand(0);
    read(op, x);
    addResult(op->getResult(0), "out", "norm",
              elementwise(static_cast<double>(rows(x)) * width(x), 3), {x});
    return success();
  }
  if (auto l = dyn_cast<LinearOp>(op)) {
    Value x = l.getInput();
    read(op, x);
    rowCount[l.getResult()] = rows(x);
    addResult(l.getResult(), "out", "linear",
              matmul(static_cast<double>(rows(x)), width(l.getResult()),
                     width(x)),
              {x});
    return success();
  }
  if (auto l = dyn_cast<LMHeadOp>(op)) {
    read(op, l.getInput());
    return success();
  }
  if (auto a = dyn_cast<AddOp>(op)) {
    // The residual stream: recomputing it would need the block outputs,
    // which no rule keeps.
    rowCount[a.getResult()] = rows(a.getLhs());
    addResult(a.getResult(), "out", "residual", {}, {}, /*droppable=*/false);
    return success();
  }
  if (auto m = dyn_cast<MLPOp>(op)) {
    visitMLP(op, m.getInput(), m.getGateWeight(), m.getResult(), {});
    return success();
  }
  if (auto s = dyn_cast<SharedExpertOp>(op)) {
    visitMLP(op, s.getInput(), s.getGateWeight(), s.getResult(),
             s.getExpertGateWeight());
    return success();
  }
  if (auto a = dyn_cast<AttentionOp>(op))
    return visitAttention(a);
  if (auto a = dyn_cast<MLAAttentionOp>(op))
    return visitMLA(a);
  if (auto r = dyn_cast<RouterOp>(op)) {
    Value x = r.getInput();
    read(op, x);
    int64_t e = r.getNumExperts();
    unsigned logits = add(op, "logits", "router", T, e, 4,
                          matmul(t, static_cast<double>(e), width(x)), {x});
    read(op, logits);
    // Routing metadata (T x top_k): kept.
    unsigned ids = addResult(r.getExpertIds(), "ids", "routing", {}, {},
                             /*droppable=*/false);
    read(op, ids);
    addResult(r.getWeights(), "weights", "routing", {}, {},
              /*droppable=*/false);
    return success();
  }
  if (auto d = dyn_cast<DispatchOp>(op)) {
    Value x = d.getInput(), w = d.getWeights();
    int64_t k = cast<RankedTensorType>(d.getExpertIds().getType()).getDimSize(1);
    int64_t e = d.getNumExperts();
    int64_t r = T * k;
    if (w) {
      read(op, x);
      read(op, w);
    }
    rowCount[d.getRows()] = r;
    // offsets [E + 1] (experts' rule), the permutation [R] (combine's rule)
    // and its inverse [R] (dispatch's and combine's rules): kept.
    unsigned offsets = add(op, "offsets", "routing", 1, e + 1, 4, {}, {},
                           /*droppable=*/false);
    itemOf[d.getTokensPerExpert()] = offsets;
    rowCount[d.getPermutation()] = r;
    addResult(d.getPermutation(), "perm", "routing", {}, {},
              /*droppable=*/false);
    unsigned inv = add(op, "inv", "routing", r, 1, 4, {}, {},
                       /*droppable=*/false);
    read(op, inv);
    inverseOf[d.getPermutation()] = inv;
    RecomputeCost gather =
        elementwise(static_cast<double>(r) * width(x), 2);
    addResult(d.getRows(), "rows", "rows", gather, {x, w});
    return success();
  }
  if (auto ep = dyn_cast<EPDispatchOp>(op)) {
    // Expert parallelism: recomputing the received rows repeats the
    // exchange. (Counted as top_k x T rows, the balanced case; the arena is
    // planned for ep_size times that.)
    Value in = ep.getRows();
    int64_t n = ep.getEpSize();
    rowCount[ep.getLocalRows()] = rows(in);
    RecomputeCost c = elementwise(static_cast<double>(rows(in)) * width(in), 1);
    c.exchangeBytes = 4.0 * rows(in) * width(in) * (n - 1) / n;
    c.exchanges = 1;
    addResult(ep.getLocalRows(), "local_rows", "rows", c, {in});
    return success();
  }
  if (auto ep = dyn_cast<EPCombineOp>(op)) {
    rowCount[ep.getResult()] = rows(ep.getLocalOut());
    return success();
  }
  if (auto ex = dyn_cast<ExpertsOp>(op)) {
    Value x = ex.getRows();
    int64_t inter = ex.getIntermediateSize();
    double r = static_cast<double>(rows(x)), h = width(x),
           i = static_cast<double>(inter);
    read(op, x);
    read(op, ex.getTokensPerExpert());
    unsigned act = gateUp(op, x, inter, "expert_up");
    rowCount[ex.getResult()] = rows(x);
    unsigned out = addResult(ex.getResult(), "out", "moe_down",
                             matmul(r, h, i), {});
    model.activations[out].deps = {act};
    return success();
  }
  if (auto c = dyn_cast<CombineOp>(op)) {
    read(op, c.getPermutation());
    auto inv = inverseOf.find(c.getPermutation());
    if (inv != inverseOf.end())
      read(op, inv->second);
    if (Value w = c.getWeights()) {
      read(op, w);
      read(op, c.getRows());
    }
    return success();
  }
  return op->emitError("moe-recompute: no activation model for '")
         << op->getName() << "' (the training lowering has no rule for it)";
}

ActivationModel ModelBuilder::finish() {
  std::vector<Activation> &acts = model.activations;
  // What no rule reads is not kept (its buffer dies in the forward).
  // Iterate: an activation whose recompute reads a non-kept one cannot be
  // dropped (that one would have to live until the backward).
  std::vector<bool> kept(acts.size());
  for (size_t i = 0; i < acts.size(); ++i)
    kept[i] = !acts[i].readers.empty();
  for (size_t i = 0; i < acts.size(); ++i)
    for (unsigned d : acts[i].deps)
      if (!kept[d])
        acts[i].droppable = false;
  std::vector<int> newIndex(acts.size(), -1);
  ActivationModel out;
  for (size_t i = 0; i < acts.size(); ++i) {
    if (!kept[i])
      continue;
    newIndex[i] = out.activations.size();
    out.activations.push_back(acts[i]);
  }
  for (Activation &a : out.activations)
    for (unsigned &d : a.deps)
      d = newIndex[d];
  return out;
}

} // namespace

FailureOr<ActivationModel>
mlir::moe::buildActivationModel(func::FuncOp forward, int64_t maxTokens,
                                int64_t seqLen) {
  ModelBuilder builder(maxTokens, seqLen);
  for (Operation &op : forward.getBody().front())
    if (failed(builder.visit(&op)))
      return failure();
  return builder.finish();
}
