//===- ModelAnalysis.cpp - Parameter, FLOP and KV-cache accounting --------===//
//
// Conventions (docs/report.md; the Step3 paper's comparison table):
// * parameters are elements of `moe.param`s; active parameters count every
//   weight a token touches, routed experts scaled by top_k / num_experts;
// * FLOPs per token = 2 x active matmul weight elements + attention-core FLOPs;
// * GQA/MHA: KV cache = 2 * kv_heads * head_dim per layer per token,
//   attention FLOPs = 2 * 2 * heads * head_dim * L per layer;
// * MLA as compiled: per-head K/V, cache = heads * (nope + rope + v), FLOPs
//   of the naive form; after moe-mla-absorb (absorbed): cache = kv_lora_rank +
//   qk_rope_head_dim, decode attention FLOPs = 2 * heads * (kv_lora + rope) * L
//   for scores plus the same for the values;
// * sliding-window / chunked layers keep and attend at most W tokens.
//
//===----------------------------------------------------------------------===//

#include "passes/ModelAnalysis.h"

#include "dialects/MoE/IR/MoEOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <map>

using namespace mlir;
using namespace mlir::moe;

static double numElements(Type type) {
  auto t = llvm::cast<RankedTensorType>(type);
  double n = 1;
  for (int64_t d : t.getShape())
    n *= double(d);
  return n;
}

static int64_t elementBytes(Type type) {
  Type elt = llvm::cast<ShapedType>(type).getElementType();
  return std::max<int64_t>(1, elt.getIntOrFloatBitWidth() / 8);
}

namespace {
/// Walks the forward function and attributes each weight use to a role and a
/// layer. Weights are deduplicated by parameter when used whole (a tied
/// embedding counts once) and by value when sliced (DBRX's fused Wqkv).
class Analyzer {
public:
  Analyzer(ModuleOp module, int64_t seqLen, int64_t context)
      : module(module), symbols(module), seqLen(seqLen), context(context) {}

  FailureOr<ModelReport> run();

private:
  /// The parameter behind `v` (through reshapes and slices), or null.
  ParamOp paramOf(Value v, bool &whole);
  /// Records a weight use; returns its element count (0 if already counted).
  double use(Value v);
  /// The breakdown of decoder layer `index` (created on first use).
  LayerBreakdown &layer(int64_t index);
  LogicalResult visit(Operation *op);

  ModuleOp module;
  SymbolTable symbols;
  int64_t seqLen, context;
  ModelReport report;
  llvm::DenseSet<const void *> counted;
  llvm::DenseSet<Operation *> usedParams;
  std::map<int64_t, LayerBreakdown> layers;
  int64_t currentLayer = -1;
  /// Routed-expert parameters sharded by moe-expert-parallel.
  double shardedParams = 0;
  // Attention-core FLOP coefficients per layer (FLOPs = coeff * L_eff).
  struct AttnCost {
    double decodeCoeff = 0, prefillCoeff = 0;
    int64_t window = 0;
  };
  std::vector<AttnCost> attnCosts;
  double linearFlops = 0;
};
} // namespace

ParamOp Analyzer::paramOf(Value v, bool &whole) {
  whole = true;
  while (Operation *def = v.getDefiningOp()) {
    if (auto w = dyn_cast<WeightOp>(def))
      return symbols.lookup<ParamOp>(w.getParam());
    if (isa<tensor::ExtractSliceOp>(def))
      whole = false;
    // A rank's expert slots count as the whole stack: the report describes
    // the model; per-rank figures come from the placement.
    if (isa<tensor::ExtractSliceOp, tensor::ExpandShapeOp,
            tensor::CollapseShapeOp, tensor::CastOp, tensor::ReshapeOp,
            LocalExpertsOp>(def)) {
      v = def->getOperand(0);
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

double Analyzer::use(Value v) {
  if (!v)
    return 0;
  bool whole;
  ParamOp param = paramOf(v, whole);
  if (param)
    usedParams.insert(param);
  const void *key =
      (param && whole) ? param.getOperation() : v.getAsOpaquePointer();
  if (!counted.insert(key).second)
    return 0;
  return numElements(param && whole ? param.getType() : v.getType());
}

LayerBreakdown &Analyzer::layer(int64_t index) {
  LayerBreakdown &l = layers[index];
  l.index = index;
  return l;
}

/// Number of keys a query at position `pos` (1-based count) attends to.
static double effectiveContext(double pos, int64_t window) {
  return window > 0 ? std::min<double>(pos, double(window)) : pos;
}

LogicalResult Analyzer::visit(Operation *op) {
  auto matmulFlops = [&](Value w, double fraction = 1.0) {
    if (w)
      linearFlops += 2.0 * numElements(w.getType()) * fraction;
  };

  if (auto attn = dyn_cast<AttentionOp>(op)) {
    currentLayer = attn.getLayer();
    LayerBreakdown &l = layer(currentLayer);
    for (Value w : {attn.getQWeight(), attn.getKWeight(), attn.getVWeight(),
                    attn.getOWeight()}) {
      l.attention += use(w);
      matmulFlops(w);
    }
    for (Value w :
         {attn.getQBias(), attn.getKBias(), attn.getVBias(), attn.getOBias(),
          attn.getQNormWeight(), attn.getKNormWeight(), attn.getSinks()})
      l.attention += use(w);
    int64_t heads = attn.getNumHeads(), kv = attn.getNumKvHeads(),
            hd = attn.getHeadDim();
    l.attentionKind = heads == kv ? "mha" : "gqa";
    l.kvLayout = "K, V: " + std::to_string(kv) + " kv heads x " +
                 std::to_string(hd);
    l.kvElementsPerToken = 2.0 * kv * hd;
    int64_t window = attn.getSlidingWindow();
    if (attn.getChunkSize())
      window = window ? std::min(window, int64_t(attn.getChunkSize()))
                      : int64_t(attn.getChunkSize());
    l.kvWindow = window;
    double coeff = 4.0 * heads * hd;
    attnCosts.push_back({coeff, coeff, window});
    report.kvElementBytes = elementBytes(attn.getInput().getType());
    return success();
  }
  if (auto mla = dyn_cast<MLAAttentionOp>(op)) {
    currentLayer = mla.getLayer();
    LayerBreakdown &l = layer(currentLayer);
    for (Value w : {mla.getQAWeight(), mla.getQBWeight(), mla.getQWeight(),
                    mla.getKvAWeight(), mla.getKvBWeight(), mla.getOWeight()}) {
      l.attention += use(w);
      matmulFlops(w);
    }
    for (Value w : {mla.getQANormWeight(), mla.getKvANormWeight()})
      l.attention += use(w);
    int64_t heads = mla.getNumHeads(), lora = mla.getKvLoraRank(),
            rope = mla.getQkRopeHeadDim(), nope = mla.getQkNopeHeadDim(),
            v = mla.getVHeadDim();
    // What the compiled model caches and computes: with moe-mla-absorb the
    // latent [c_kv | k_rot] and the absorbed decode; else per-head K/V.
    double naive = 2.0 * heads * (nope + rope) + 2.0 * heads * v;
    if (mla.isAbsorbed()) {
      l.attentionKind = "mla";
      l.kvLayout = "latent [c_kv " + std::to_string(lora) + " | k_rot " +
                   std::to_string(rope) + "] (moe-mla-absorb)";
      l.kvElementsPerToken = double(lora + rope);
      attnCosts.push_back({4.0 * heads * (lora + rope),
                           mla.getAbsorbPrefill() ? 4.0 * heads * (lora + rope)
                                                  : naive,
                           0});
    } else {
      l.attentionKind = "mla";
      l.kvLayout = "per-head K " + std::to_string(heads) + " x " +
                   std::to_string(nope + rope) + ", V " +
                   std::to_string(heads) + " x " + std::to_string(v);
      l.kvElementsPerToken = double(heads * (nope + rope + v));
      attnCosts.push_back({naive, naive, 0});
    }
    report.kvElementBytes = elementBytes(mla.getInput().getType());
    return success();
  }
  if (auto emb = dyn_cast<EmbeddingOp>(op)) {
    report.embeddingParams += use(emb.getTable());
    return success();
  }
  if (auto head = dyn_cast<LMHeadOp>(op)) {
    // Already counted (by the embedding): the LM head is tied to it.
    double n = use(head.getWeight());
    if (n == 0) {
      report.tiedEmbeddings = true;
      n = numElements(head.getWeight().getType());
    }
    report.lmHeadParams += n;
    matmulFlops(head.getWeight());
    return success();
  }
  if (isa<RMSNormOp, LayerNormOp>(op)) {
    double n = 0;
    for (Value param : op->getOperands().drop_front()) // weight, bias
      n += use(param);
    bool feedsHead =
        llvm::any_of(op->getResult(0).getUsers(),
                     [](Operation *u) { return isa<LMHeadOp>(u); });
    // A layer's input norm precedes its attention op: attribute it there.
    std::optional<int64_t> attnLayer;
    for (Operation *u : op->getResult(0).getUsers()) {
      if (auto a = dyn_cast<AttentionOp>(u))
        attnLayer = a.getLayer();
      else if (auto m = dyn_cast<MLAAttentionOp>(u))
        attnLayer = m.getLayer();
    }
    if (attnLayer)
      layer(*attnLayer).norms += n;
    else if (feedsHead || currentLayer < 0)
      report.headNormParams += n;
    else
      layer(currentLayer).norms += n;
    return success();
  }
  if (auto router = dyn_cast<RoutingOpInterface>(op)) {
    if (currentLayer < 0)
      return router->emitOpError(
          "moe-report: router before any attention layer");
    LayerBreakdown &l = layer(currentLayer);
    l.isMoE = true;
    l.topK = router.getTopK();
    l.router += use(router.getWeight()) + use(router.getBias()) +
                use(router.getCorrectionBias());
    matmulFlops(router.getWeight());
    return success();
  }
  if (auto experts = dyn_cast<ExpertsOp>(op)) {
    if (currentLayer < 0)
      return experts.emitOpError(
          "moe-report: experts before any attention layer");
    LayerBreakdown &l = layer(currentLayer);
    l.isMoE = true;
    int64_t topK = l.topK;
    Value idsOfRows, rows = experts.getRows();
    auto ep = rows.getDefiningOp<EPDispatchOp>();
    if (ep)
      rows = ep.getRows();
    if (auto dispatch = rows.getDefiningOp<DispatchOp>())
      idsOfRows = dispatch.getExpertIds();
    else if (auto fused = rows.getDefiningOp<RouteDispatchOp>())
      idsOfRows = fused.getExpertIds();
    if (idsOfRows) {
      auto ids = llvm::cast<RankedTensorType>(idsOfRows.getType());
      if (!ids.isDynamicDim(1))
        topK = ids.getDimSize(1);
    }
    if (topK <= 0)
      return experts.emitOpError(
          "moe-report: cannot find the top-k of this expert layer");
    int64_t e = ep ? ep.getNumExperts() : experts.getNumExperts();
    double fraction = double(topK) / double(e);
    l.numExperts += e;
    double n = 0;
    // FLOPs: top-k of the stack's experts (a rank's slots under EP).
    double flopsFraction = double(topK) / double(experts.getNumExperts());
    for (Value w : {experts.getGateUpWeight(), experts.getGateWeight(),
                    experts.getUpWeight(), experts.getDownWeight()}) {
      n += use(w);
      matmulFlops(w, flopsFraction);
    }
    n += use(experts.getGateUpBias()) + use(experts.getDownBias());
    l.routedExperts += n;
    l.activeRoutedExperts += n * fraction;
    if (ep) {
      // Per rank: the experts of its slots; per token: K rows of H elements
      // out and back, (ep - 1) / ep of them to other ranks.
      int64_t p = ep.getEpSize(), slots = ep.getSlotsPerRank();
      report.epSize = p;
      report.paramsPerRank.resize(p, 0.0);
      shardedParams += n;
      for (auto [s, expert] : llvm::enumerate(ep.getPlacement()))
        if (expert >= 0)
          report.paramsPerRank[s / slots] += n / double(e);
      auto rowType = cast<RankedTensorType>(rows.getType());
      report.allToAllBytesPerToken +=
          2.0 * double(topK) * double(rowType.getDimSize(1)) *
          double(elementBytes(rowType)) * double(p - 1) / double(p);
      ModelReport::EPLayer el;
      el.layer = currentLayer;
      if (auto a = ep->getAttrOfType<FloatAttr>("moe.ep_load"))
        el.load = a.getValueAsDouble();
      if (auto a = ep->getAttrOfType<FloatAttr>("moe.ep_load_contiguous"))
        el.loadContiguous = a.getValueAsDouble();
      report.epLayers.push_back(el);
    }
    return success();
  }
  if (auto shared = dyn_cast<SharedExpertOp>(op)) {
    LayerBreakdown &l = layer(currentLayer);
    for (Value w : {shared.getGateWeight(), shared.getUpWeight(),
                    shared.getDownWeight(), shared.getExpertGateWeight()}) {
      l.sharedExperts += use(w);
      matmulFlops(w);
    }
    return success();
  }
  if (auto mlp = dyn_cast<MLPOp>(op)) {
    LayerBreakdown &l = layer(currentLayer);
    for (Value w :
         {mlp.getGateWeight(), mlp.getUpWeight(), mlp.getDownWeight()}) {
      l.denseMLP += use(w);
      matmulFlops(w);
    }
    return success();
  }
  if (auto lin = dyn_cast<LinearOp>(op)) {
    double n = use(lin.getWeight()) + use(lin.getBias());
    if (currentLayer < 0)
      report.otherParams += n;
    else
      layer(currentLayer).attention += n;
    matmulFlops(lin.getWeight());
    return success();
  }
  return success();
}

FailureOr<ModelReport> Analyzer::run() {
  report.seqLen = seqLen;
  report.context = context;
  if (auto type = module->getAttrOfType<StringAttr>("moe.model_type"))
    report.modelType = type.getValue().str();

  for (auto param : module.getOps<ParamOp>()) {
    double n = numElements(param.getType());
    report.totalParams += n;
    report.totalBytes += n * elementBytes(param.getType());
  }

  // The forward graph: the `forward` function if present, else every function.
  SmallVector<func::FuncOp> funcs;
  if (auto fwd = module.lookupSymbol<func::FuncOp>("forward"))
    funcs.push_back(fwd);
  else
    llvm::append_range(funcs, module.getOps<func::FuncOp>());
  for (func::FuncOp f : funcs) {
    currentLayer = -1;
    WalkResult r = f.walk([&](Operation *op) {
      return failed(visit(op)) ? WalkResult::interrupt()
                               : WalkResult::advance();
    });
    if (r.wasInterrupted())
      return failure();
  }

  for (auto param : module.getOps<ParamOp>())
    if (!usedParams.contains(param))
      report.unusedParams += numElements(param.getType());

  double layersActive = 0;
  for (auto &[idx, l] : layers) {
    report.layers.push_back(l);
    layersActive += l.active();
    double keep = l.kvWindow > 0 ? std::min<double>(context, l.kvWindow)
                                 : double(context);
    report.kvElementsPerToken += l.kvElementsPerToken;
    report.kvElementsAtContext += l.kvElementsPerToken * keep;
  }
  double nonEmbedding =
      layersActive + report.otherParams + report.headNormParams;
  report.activeParamsNoEmbeddingHead = nonEmbedding;
  report.activeParamsNoEmbedding = nonEmbedding + report.lmHeadParams;
  report.activeParams = nonEmbedding + report.embeddingParams +
                        (report.tiedEmbeddings ? 0.0 : report.lmHeadParams);
  report.kvBytesAtContext = report.kvElementsAtContext * report.kvElementBytes;
  // Everything not sharded is replicated on every rank.
  for (double &r : report.paramsPerRank)
    r += report.totalParams - report.unusedParams - shardedParams;

  // Attention-core FLOPs: decode at context L, prefill averaged over the
  // S causal positions (position p attends to p keys, or at most W).
  for (const AttnCost &c : attnCosts) {
    report.decodeAttentionFlopsPerToken +=
        c.decodeCoeff * effectiveContext(double(context), c.window);
    double sum = 0;
    if (c.window <= 0 || c.window >= seqLen) {
      sum = double(seqLen) * double(seqLen + 1) / 2.0;
    } else {
      double w = double(c.window);
      sum = w * (w + 1) / 2.0 + double(seqLen - c.window) * w;
    }
    report.prefillAttentionFlopsPerToken +=
        seqLen > 0 ? c.prefillCoeff * sum / double(seqLen) : 0.0;
  }
  report.linearFlopsPerToken = linearFlops;
  report.prefillFlopsPerToken =
      linearFlops + report.prefillAttentionFlopsPerToken;
  report.decodeFlopsPerToken =
      linearFlops + report.decodeAttentionFlopsPerToken;
  report.decodeAttentionIntensity =
      report.kvElementsAtContext > 0
          ? report.decodeAttentionFlopsPerToken / report.kvElementsAtContext
          : 0.0;
  return report;
}

FailureOr<ModelReport> mlir::moe::analyzeModel(ModuleOp module, int64_t seqLen,
                                               int64_t context) {
  return Analyzer(module, seqLen, context).run();
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

/// Scales `v` by powers of 1000 with `units` (e.g. 671026419200 -> "671.03 B").
static std::string scaled(double v, ArrayRef<const char *> units) {
  size_t u = 0;
  while (std::abs(v) >= 1000.0 && u + 1 < units.size()) {
    v /= 1000.0;
    ++u;
  }
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format(u == 0 ? "%.0f" : "%.2f", v) << units[u];
  return s;
}
/// Counts: "671.03 B", "20.00 K".
static std::string human(double v) {
  return scaled(v, {"", " K", " M", " B", " T", " P"});
}
/// Decimal bytes: "1.34 TB", "2.56 KB".
static std::string humanBytes(double v) {
  return scaled(v, {" B", " KB", " MB", " GB", " TB", " PB"});
}

static std::string sci(double v) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format("%.4g", v);
  return s;
}

static std::string exact(double v) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format("%.0f", v);
  // Thousands separators.
  std::string out;
  int n = 0;
  for (auto it = s.rbegin(); it != s.rend(); ++it, ++n) {
    if (n && n % 3 == 0 && std::isdigit(*it))
      out.push_back(',');
    out.push_back(*it);
  }
  return std::string(out.rbegin(), out.rend());
}

void ModelReport::printTable(llvm::raw_ostream &os) const {
  auto row = [&](StringRef name, const std::string &value,
                 const std::string &note = "") {
    os << llvm::format("  %-44s %18s", name.str().c_str(), value.c_str());
    if (!note.empty())
      os << "   " << note;
    os << "\n";
  };
  os << "moe-report" << (modelType.empty() ? "" : ": " + modelType)
     << "  (prefill S = " << seqLen << ", decode context L = " << context
     << ")\n";
  os << "parameters\n";
  row("total", human(totalParams), exact(totalParams));
  row("weight bytes (at parameter dtypes)", humanBytes(totalBytes));
  row("active per token, with embedding + LM head", human(activeParams),
      exact(activeParams));
  row("active per token, without input embedding",
      human(activeParamsNoEmbedding), exact(activeParamsNoEmbedding));
  row("active per token, without embedding + LM head",
      human(activeParamsNoEmbeddingHead), exact(activeParamsNoEmbeddingHead));
  row("embedding", human(embeddingParams));
  row(tiedEmbeddings ? "LM head (tied to embedding)" : "LM head",
      human(lmHeadParams));
  if (unusedParams > 0)
    row("declared but unused", human(unusedParams));
  os << "compute per token\n";
  row("linear FLOPs (2 x active matmul weights)", sci(linearFlopsPerToken));
  row("prefill FLOPs at S", sci(prefillFlopsPerToken));
  row("decode FLOPs at L", sci(decodeFlopsPerToken));
  row("attention FLOPs (no linear) per decoded token",
      sci(decodeAttentionFlopsPerToken));
  os << "KV cache\n";
  for (const LayerBreakdown &l : layers)
    if (!l.kvLayout.empty()) {
      row("layout per token (layer " + std::to_string(l.index) + ")",
          l.kvLayout);
      break;
    }
  row("elements per token (all layers)", sci(kvElementsPerToken));
  row("elements at context L", sci(kvElementsAtContext));
  row("bytes at context L", humanBytes(kvBytesAtContext));
  row("decode attention intensity (FLOPs/element)",
      sci(decodeAttentionIntensity));
  if (epSize > 1) {
    os << "expert parallelism (ep = " << epSize << ")\n";
    std::string ranks;
    auto [lo, hi] = std::minmax_element(paramsPerRank.begin(),
                                        paramsPerRank.end());
    if (*lo == *hi)
      ranks = human(*lo) + " each";
    else if (paramsPerRank.size() > 8)
      ranks = human(*lo) + " to " + human(*hi);
    else
      for (double r : paramsPerRank)
        ranks += (ranks.empty() ? "" : ", ") + human(r);
    row("parameters per rank", ranks);
    row("all-to-all bytes per token (dispatch+combine)",
        humanBytes(allToAllBytesPerToken), "uniform routing");
    for (const EPLayer &l : epLayers)
      if (l.load > 0)
        row("expected max/mean rank load (layer " + std::to_string(l.layer) +
                ")",
            llvm::formatv("{0:F3} -> {1:F3}", l.loadContiguous, l.load).str(),
            "contiguous -> placed, from expert statistics");
  }
  os << "layers\n";
  os << llvm::format("  %5s %-4s %-4s %10s %10s %10s %10s %10s %10s %10s %8s\n",
                     "layer", "ffn", "attn", "attention", "norms", "router",
                     "routed", "shared", "dense", "active", "kv/tok");
  for (const LayerBreakdown &l : layers)
    os << llvm::format(
        "  %5lld %-4s %-4s %10s %10s %10s %10s %10s %10s %10s %8.0f\n",
        (long long)l.index, l.isMoE ? "moe" : "mlp", l.attentionKind.c_str(),
        human(l.attention).c_str(), human(l.norms).c_str(),
        human(l.router).c_str(), human(l.routedExperts).c_str(),
        human(l.sharedExperts).c_str(), human(l.denseMLP).c_str(),
        human(l.active()).c_str(), l.kvElementsPerToken);
}

llvm::json::Value ModelReport::toJSON() const {
  llvm::json::Array loads;
  for (const EPLayer &l : epLayers)
    loads.push_back(llvm::json::Object{{"layer", l.layer},
                                       {"contiguous", l.loadContiguous},
                                       {"placed", l.load}});
  llvm::json::Array layerArray;
  for (const LayerBreakdown &l : layers)
    layerArray.push_back(llvm::json::Object{
        {"index", l.index},
        {"ffn", l.isMoE ? "moe" : "mlp"},
        {"attention_kind", l.attentionKind},
        {"kv_layout", l.kvLayout},
        {"attention", l.attention},
        {"norms", l.norms},
        {"router", l.router},
        {"routed_experts", l.routedExperts},
        {"active_routed_experts", l.activeRoutedExperts},
        {"shared_experts", l.sharedExperts},
        {"dense_mlp", l.denseMLP},
        {"num_experts", l.numExperts},
        {"top_k", l.topK},
        {"total", l.total()},
        {"active", l.active()},
        {"kv_elements_per_token", l.kvElementsPerToken},
        {"kv_window", l.kvWindow},
    });
  return llvm::json::Object{
      {"model_type", modelType},
      {"seq_len", seqLen},
      {"context", context},
      {"total_params", totalParams},
      {"weight_bytes", totalBytes},
      {"active_params", activeParams},
      {"active_params_without_embedding", activeParamsNoEmbedding},
      {"active_params_without_embedding_and_head", activeParamsNoEmbeddingHead},
      {"embedding_params", embeddingParams},
      {"lm_head_params", lmHeadParams},
      {"tied_embeddings", tiedEmbeddings},
      {"unused_params", unusedParams},
      {"linear_flops_per_token", linearFlopsPerToken},
      {"prefill_flops_per_token", prefillFlopsPerToken},
      {"decode_flops_per_token", decodeFlopsPerToken},
      {"prefill_attention_flops_per_token", prefillAttentionFlopsPerToken},
      {"decode_attention_flops_per_token", decodeAttentionFlopsPerToken},
      {"kv_elements_per_token", kvElementsPerToken},
      {"kv_elements_at_context", kvElementsAtContext},
      {"kv_bytes_at_context", kvBytesAtContext},
      {"decode_attention_intensity", decodeAttentionIntensity},
      {"layers", std::move(layerArray)},
      {"expert_parallel",
       llvm::json::Object{
           {"ep_size", epSize},
           {"params_per_rank", llvm::json::Array(paramsPerRank)},
           {"all_to_all_bytes_per_token", allToAllBytesPerToken},
           {"load", std::move(loads)},
       }},
  };
}
