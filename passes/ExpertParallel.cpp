//===- ExpertParallel.cpp - Shard routed experts over EP ranks ------------===//
//
// For each `moe.experts`:
//
//   %r, %c = <dispatch>                  %r, %c = <dispatch>
//   %y = moe.experts %r, %c ...     ->   %lr, %lc = moe.ep_dispatch %r, %c
//                                        %y' = moe.experts %lr, %lc
//                                                (moe.local_experts weights)
//                                        %y = moe.ep_combine %y', %lc
//
// The placement of experts on ranks (contiguous, group-aligned, or balanced
// with replicas from recorded statistics) is computed here, once per layer,
// and carried as an attribute by every op that needs it.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <map>

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEEXPERTPARALLEL
#include "passes/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

/// Slot -> expert (-1: empty) for `ep` ranks of `slotsPerRank` slots.
using Placement = SmallVector<int64_t>;

Placement contiguous(int64_t experts, int64_t ep, int64_t slotsPerRank) {
  int64_t per = (experts + ep - 1) / ep;
  Placement p(ep * slotsPerRank, -1);
  for (int64_t r = 0; r < ep; ++r)
    for (int64_t i = 0; i < per && r * per + i < experts; ++i)
      p[r * slotsPerRank + i] = r * per + i;
  return p;
}

/// Whole groups of `experts / groups` consecutive experts per rank, the
/// groups split as evenly as possible (rank r: groups [r*G/ep, (r+1)*G/ep)).
Placement groupAligned(int64_t experts, int64_t groups, int64_t ep) {
  int64_t size = experts / groups, most = 0;
  for (int64_t r = 0; r < ep; ++r)
    most = std::max(most, (r + 1) * groups / ep - r * groups / ep);
  Placement p(ep * most * size, -1);
  for (int64_t r = 0; r < ep; ++r) {
    int64_t first = r * groups / ep * size, last = (r + 1) * groups / ep * size;
    for (int64_t e = first; e < last; ++e)
      p[r * most * size + (e - first)] = e;
  }
  return p;
}

/// Expected rank loads of `placement` for per-expert token counts `load`,
/// an expert's tokens split evenly among its replicas.
SmallVector<double> rankLoads(ArrayRef<int64_t> placement, int64_t ep,
                              ArrayRef<double> load) {
  SmallVector<int64_t> replicas(load.size(), 0);
  for (int64_t e : placement)
    if (e >= 0)
      ++replicas[e];
  int64_t per = static_cast<int64_t>(placement.size()) / ep;
  SmallVector<double> ranks(ep, 0.0);
  for (auto [s, e] : llvm::enumerate(placement))
    if (e >= 0)
      ranks[s / per] += load[e] / replicas[e];
  return ranks;
}

/// max / mean of the rank loads (1 when nothing is loaded).
double imbalance(ArrayRef<double> ranks) {
  double sum = 0, most = 0;
  for (double r : ranks) {
    sum += r;
    most = std::max(most, r);
  }
  return sum > 0 ? most / (sum / ranks.size()) : 1.0;
}

/// EPLB-style balancing: `extra` replicas go one at a time to the expert
/// with the largest load per replica, then replicas are packed, heaviest
/// first, onto the least loaded rank with a free slot that does not hold the
/// expert yet (ties: lowest expert, lowest rank).
Placement balanced(ArrayRef<double> load, int64_t ep, int64_t slotsPerRank) {
  int64_t experts = static_cast<int64_t>(load.size());
  SmallVector<int64_t> replicas(experts, 1);
  for (int64_t extra = ep * slotsPerRank - experts; extra > 0; --extra) {
    int64_t best = -1;
    for (int64_t e = 0; e < experts; ++e)
      if (replicas[e] < ep &&
          (best < 0 || load[e] / replicas[e] > load[best] / replicas[best]))
        best = e;
    if (best < 0 || load[best] <= 0)
      break;
    ++replicas[best];
  }
  struct Item {
    double load;
    int64_t expert;
  };
  SmallVector<Item> items;
  for (int64_t e = 0; e < experts; ++e)
    for (int64_t j = 0; j < replicas[e]; ++j)
      items.push_back({load[e] / replicas[e], e});
  llvm::stable_sort(items, [](const Item &a, const Item &b) {
    return a.load > b.load;
  });
  SmallVector<double> rankLoad(ep, 0.0);
  SmallVector<SmallVector<int64_t>> held(ep);
  for (const Item &it : items) {
    int64_t best = -1;
    for (bool allowSame : {false, true}) {
      for (int64_t r = 0; r < ep; ++r) {
        if (static_cast<int64_t>(held[r].size()) >= slotsPerRank)
          continue;
        if (!allowSame && llvm::is_contained(held[r], it.expert))
          continue;
        if (best < 0 || rankLoad[r] < rankLoad[best])
          best = r;
      }
      if (best >= 0)
        break;
    }
    held[best].push_back(it.expert);
    rankLoad[best] += it.load;
  }
  Placement p(ep * slotsPerRank, -1);
  for (int64_t r = 0; r < ep; ++r) {
    llvm::sort(held[r]);
    for (auto [i, e] : llvm::enumerate(held[r]))
      p[r * slotsPerRank + i] = e;
  }
  return p;
}

/// Per-layer per-expert token counts from `moe-run --expert-stats`.
FailureOr<std::map<int64_t, SmallVector<double>>>
readStats(ModuleOp module, StringRef path) {
  auto fail = [&](const Twine &what) {
    module.emitError() << "moe-expert-parallel: " << path << ": " << what;
    return failure();
  };
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return fail("cannot read (" + buffer.getError().message() + ")");
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return fail("not valid JSON (" + llvm::toString(json.takeError()) + ")");
  const llvm::json::Object *root = json->getAsObject();
  const llvm::json::Array *layers = root ? root->getArray("layers") : nullptr;
  if (!layers)
    return fail("layers: expected a list of {layer, tokens_per_expert}");
  std::map<int64_t, SmallVector<double>> stats;
  for (auto [i, v] : llvm::enumerate(*layers)) {
    std::string where = "layers[" + std::to_string(i) + "]";
    const llvm::json::Object *o = v.getAsObject();
    std::optional<int64_t> layer = o ? o->getInteger("layer") : std::nullopt;
    const llvm::json::Array *counts =
        o ? o->getArray("tokens_per_expert") : nullptr;
    if (!layer || !counts)
      return fail(where + ": expected {\"layer\": int, \"tokens_per_expert\": "
                          "[counts]}");
    SmallVector<double> &c = stats[*layer];
    for (const llvm::json::Value &n : *counts) {
      std::optional<double> d = n.getAsNumber();
      if (!d || *d < 0)
        return fail(where + ".tokens_per_expert: expected non-negative "
                            "numbers");
      c.push_back(*d);
    }
  }
  return stats;
}

struct MoEExpertParallelPass
    : public moe::impl::MoEExpertParallelBase<MoEExpertParallelPass> {
  using MoEExpertParallelBase::MoEExpertParallelBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (ep < 1) {
      module.emitError("moe-expert-parallel: ep must be >= 1, got ")
          << static_cast<int64_t>(ep);
      return signalPassFailure();
    }
    if (placement != "contiguous" && placement != "group-aligned") {
      module.emitError("moe-expert-parallel: placement must be 'contiguous' "
                       "or 'group-aligned', got '")
          << placement << "'";
      return signalPassFailure();
    }
    if (replicas < 0) {
      module.emitError("moe-expert-parallel: replicas must be >= 0");
      return signalPassFailure();
    }
    if (!expertStats.empty() && placement == "group-aligned") {
      module.emitError("moe-expert-parallel: expert-stats (replicas) and "
                       "group-aligned placement cannot be combined");
      return signalPassFailure();
    }
    if (ep == 1)
      return;
    std::map<int64_t, SmallVector<double>> stats;
    if (!expertStats.empty()) {
      auto read = readStats(module, expertStats);
      if (failed(read))
        return signalPassFailure();
      stats = std::move(*read);
    }
    // The decoder layer of an op: that of the last attention before it.
    int64_t layer = 0;
    WalkResult result = module.walk([&](Operation *op) {
      if (auto a = dyn_cast<AttentionOp>(op))
        layer = a.getLayer();
      else if (auto a = dyn_cast<MLAAttentionOp>(op))
        layer = a.getLayer();
      else if (auto e = dyn_cast<ExpertsOp>(op))
        if (failed(shard(e, layer, stats)))
          return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

  LogicalResult shard(ExpertsOp experts, int64_t layer,
                      const std::map<int64_t, SmallVector<double>> &stats) {
    if (experts.getRows().getDefiningOp<EPDispatchOp>())
      return success(); // already sharded
    int64_t e = experts.getNumExperts();
    Placement p;
    // Expected max/mean rank load of the statistics (0: none given).
    double loadBefore = 0, loadAfter = 0;
    if (placement == "group-aligned") {
      Operation *src = experts.getTokensPerExpert().getDefiningOp();
      auto routing = dyn_cast_or_null<RoutingOpInterface>(src);
      if (auto d = dyn_cast_or_null<DispatchOp>(src))
        routing = d.getExpertIds().getDefiningOp<RoutingOpInterface>();
      if (!routing)
        return experts.emitError("group-aligned placement needs the router "
                                 "that feeds this layer's dispatch");
      int64_t groups = routing.getNGroup();
      if (groups < ep)
        return experts.emitError("group-aligned placement needs ep <= n_group "
                                 "(")
               << static_cast<int64_t>(ep) << " > " << groups << ")";
      p = groupAligned(e, groups, ep);
    } else {
      p = contiguous(e, ep, (e + ep - 1) / ep);
    }
    if (!expertStats.empty()) {
      auto it = stats.find(layer);
      if (it == stats.end())
        return experts.emitError("moe-expert-parallel: ")
               << expertStats << ": no statistics for layer " << layer;
      if (static_cast<int64_t>(it->second.size()) != e)
        return experts.emitError("moe-expert-parallel: ")
               << expertStats << ": layer " << layer << " has "
               << it->second.size() << " expert counts, the model " << e;
      loadBefore = imbalance(rankLoads(p, ep, it->second));
      p = balanced(it->second, ep, (e + ep - 1) / ep + replicas);
      loadAfter = imbalance(rankLoads(p, ep, it->second));
    }

    OpBuilder b(experts);
    Location loc = experts.getLoc();
    int64_t slots = static_cast<int64_t>(p.size()) / ep;
    auto countsType = cast<RankedTensorType>(
        experts.getTokensPerExpert().getType());
    auto dispatch = EPDispatchOp::create(
        b, loc, experts.getRows().getType(),
        RankedTensorType::get({slots}, countsType.getElementType()),
        experts.getRows(), experts.getTokensPerExpert(), ep, layer, p);
    if (!expertStats.empty()) {
      dispatch->setAttr("moe.ep_load_contiguous",
                        b.getF64FloatAttr(loadBefore));
      dispatch->setAttr("moe.ep_load", b.getF64FloatAttr(loadAfter));
    }
    experts.getRowsMutable().assign(dispatch.getLocalRows());
    experts.getTokensPerExpertMutable().assign(dispatch.getLocalCounts());
    for (OpOperand &w : experts->getOpOperands()) {
      if (w.getOperandNumber() < 2)
        continue;
      auto type = cast<RankedTensorType>(w.get().getType());
      SmallVector<int64_t> shape(type.getShape());
      shape[0] = slots;
      w.set(LocalExpertsOp::create(b, loc, type.clone(shape), w.get(), ep, p));
    }
    b.setInsertionPointAfter(experts);
    auto combine = EPCombineOp::create(b, loc, experts.getType(),
                                       experts.getResult(),
                                       dispatch.getLocalCounts());
    experts.getResult().replaceAllUsesExcept(combine.getResult(), combine);
    return success();
  }
};

} // namespace
