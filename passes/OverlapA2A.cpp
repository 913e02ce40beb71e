//===- OverlapA2A.cpp - Overlap expert all-to-alls with computation -------===//
//
// Marks the expert-parallel exchanges asynchronous, hoists the work that does
// not depend on a combine (the shared expert) into its flight time, and
// chooses the micro-batching of each entry, by hand or with a cost model.
// See the pass description in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "dialects/MoE/IR/MoEOps.h"
#include "passes/ModelAnalysis.h"
#include "passes/Passes.h"
#include "passes/Target.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEOVERLAPA2A
#include "passes/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

/// One MoE layer of a rank: per token, and the f32 weights it reads.
struct LayerCost {
  double flopsPerToken = 0, bytesPerToken = 0;
  int64_t launches = 0;
  /// Weight bytes read whatever T (attention, norms, router, shared
  /// expert), bytes of one routed expert, the rank's expert slots, top-k.
  double denseWeightBytes = 0, expertBytes = 0;
  int64_t localExperts = 1, topK = 1;
};

/// Predicted time of one MoE layer on T tokens in N micro-batches.
double predict(const Target &t, const LayerCost &l, int64_t ep, double T,
               int64_t N) {
  // Roofline per micro-batch: FLOPs, or the weights it reads (every
  // micro-batch reads the dense weights and the experts its rows touch).
  auto compute = [&](double tokens) {
    double time = tokens * l.flopsPerToken / t.flops;
    if (t.memoryBytes > 0) {
      double L = static_cast<double>(l.localExperts);
      double touched =
          L * (1 - std::pow(1 - 1 / L, tokens * static_cast<double>(l.topK)));
      time = std::max(time, (l.denseWeightBytes + touched * l.expertBytes) /
                                t.memoryBytes);
    }
    return time + l.launches * t.launchOverhead;
  };
  auto comm = [&](double tokens) {
    return 3 * t.latency +
           tokens * l.bytesPerToken * (ep - 1) / ep / t.linkBytes;
  };
  double c = compute(T / N), m = comm(T / N);
  if (N == 1)
    return c + m;
  double pipelined = N * std::max(c, m) + std::min(c, m);
  return t.overlap * pipelined + (1 - t.overlap) * N * (c + m);
}

struct MoEOverlapA2APass
    : public moe::impl::MoEOverlapA2ABase<MoEOverlapA2APass> {
  using MoEOverlapA2ABase::MoEOverlapA2ABase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<EPDispatchOp> dispatches;
    module.walk([&](EPDispatchOp op) { dispatches.push_back(op); });
    if (dispatches.empty()) {
      module.emitError("moe-overlap-a2a: no moe.ep_dispatch to overlap (run "
                       "moe-expert-parallel with ep >= 2 first)");
      return signalPassFailure();
    }
    int64_t ep = dispatches.front().getEpSize();
    module.walk([&](Operation *op) {
      if (isa<EPDispatchOp, EPCombineOp>(op))
        op->setAttr("moe.async", UnitAttr::get(op->getContext()));
    });
    module.walk([&](EPCombineOp op) { hoistIndependent(op); });

    // Micro-batching per entry: [N, min_tokens].
    SmallVector<std::pair<StringRef, int64_t>> phases = {
        {"prefill", prefillMaxTokens}, {"decode", decodeMaxTokens}};
    SmallVector<NamedAttribute> plan;
    if (microBatches != "auto") {
      int64_t n = 0;
      if (StringRef(microBatches).getAsInteger(10, n) || n < 1 || n > 64) {
        module.emitError() << "moe-overlap-a2a: micro-batches: expected 1 to "
                              "64 or 'auto', got '"
                           << microBatches << "'";
        return signalPassFailure();
      }
      for (auto [name, maxTokens] : phases)
        plan.push_back(
            NamedAttribute(StringAttr::get(&getContext(), name),
                           DenseI64ArrayAttr::get(&getContext(), {n, n})));
    } else {
      if (target.empty()) {
        module.emitError("moe-overlap-a2a: micro-batches=auto needs "
                         "target=FILE (a target description JSON)");
        return signalPassFailure();
      }
      FailureOr<Target> t = readTarget(module, target, "moe-overlap-a2a");
      if (failed(t))
        return signalPassFailure();
      FailureOr<LayerCost> cost = layerCost(module, dispatches.front(), ep);
      if (failed(cost))
        return signalPassFailure();
      for (auto [name, maxTokens] : phases) {
        auto [n, minTokens] = choose(*t, *cost, ep, name, maxTokens);
        plan.push_back(NamedAttribute(
            StringAttr::get(&getContext(), name),
            DenseI64ArrayAttr::get(&getContext(), {n, minTokens})));
      }
    }
    module->setAttr("moe.overlap", DictionaryAttr::get(&getContext(), plan));
  }

  /// Moves the ops after `combine`'s first user that do not depend on the
  /// combine to just before that user, in order.
  void hoistIndependent(EPCombineOp combine) {
    Block *block = combine->getBlock();
    Operation *firstUser = nullptr;
    for (Operation *user : combine->getUsers())
      if (user->getBlock() == block &&
          (!firstUser || user->isBeforeInBlock(firstUser)))
        firstUser = user;
    if (!firstUser)
      return;
    llvm::SmallPtrSet<Operation *, 16> dependent = {combine};
    SmallVector<Operation *> move;
    llvm::SmallPtrSet<Operation *, 16> moved;
    for (Operation *op = combine->getNextNode(); op; op = op->getNextNode()) {
      bool depends = llvm::any_of(op->getOperands(), [&](Value v) {
        Operation *def = v.getDefiningOp();
        return def && dependent.count(def);
      });
      if (depends || op == firstUser) {
        dependent.insert(op);
        continue;
      }
      if (isa<EPDispatchOp, EPCombineOp>(op) ||
          op->hasTrait<OpTrait::IsTerminator>())
        break;
      // Parameters and constants stay where they are unless a moved op
      // needs them; an op moves only when every operand is available
      // before the first user (or moves with it).
      if (op->getNumOperands() == 0 || !firstUser->isBeforeInBlock(op))
        continue;
      auto available = [&](Value v) {
        Operation *def = v.getDefiningOp();
        return !def || def->isBeforeInBlock(firstUser) || moved.count(def) ||
               def->getNumOperands() == 0;
      };
      if (!llvm::all_of(op->getOperands(), available))
        continue;
      for (Value v : op->getOperands())
        if (Operation *def = v.getDefiningOp();
            def && !def->isBeforeInBlock(firstUser) && moved.insert(def).second)
          move.push_back(def);
      move.push_back(op);
      moved.insert(op);
    }
    for (Operation *op : move)
      op->moveBefore(firstUser);
  }

  /// Per-token compute and exchange bytes of the MoE layer of `dispatch`.
  FailureOr<LayerCost> layerCost(ModuleOp module, EPDispatchOp dispatch,
                                 int64_t ep) {
    FailureOr<ModelReport> report = analyzeModel(module, 1, 1);
    if (failed(report))
      return failure();
    LayerCost cost;
    for (const LayerBreakdown &l : report->layers)
      if (l.isMoE && l.index == static_cast<int64_t>(dispatch.getLayer())) {
        cost.flopsPerToken = 2 * l.active();
        cost.denseWeightBytes = 4 * (l.attention + l.norms + l.router +
                                     l.sharedExperts + l.denseMLP);
        cost.expertBytes =
            4 * l.routedExperts / std::max<int64_t>(l.numExperts, 1);
        cost.localExperts = std::max<int64_t>(l.numExperts / ep, 1);
        cost.topK = std::max<int64_t>(l.topK, 1);
        cost.bytesPerToken =
            2.0 * l.topK *
            cast<RankedTensorType>(dispatch.getRows().getType()).getDimSize(1) *
            4;
      }
    if (cost.flopsPerToken == 0) {
      dispatch.emitError("moe-overlap-a2a: no MoE layer accounted for this "
                         "exchange");
      return failure();
    }
    // Launches of one decoder layer: about one per graph op of the layer
    // (attention, norms, routing, experts, combine; not parameters).
    int64_t ops = 0, layers = std::max<int64_t>(report->layers.size(), 1);
    module.walk([&](Operation *op) {
      if (isa<WeightOp, ParamOp, LocalExpertsOp>(op))
        return;
      if (op->getDialect() && op->getDialect()->getNamespace() == "moe")
        ++ops;
    });
    cost.launches = std::max<int64_t>(ops / layers, 1);
    return cost;
  }

  /// [N, min_tokens] for one phase: two micro-batches from the smallest T
  /// (power of two) from which they are predicted faster at every larger T,
  /// else [1, 0].
  std::pair<int64_t, int64_t> choose(const Target &t, const LayerCost &cost,
                                     int64_t ep, StringRef phase,
                                     int64_t maxTokens) {
    int64_t from = 0;
    for (int64_t T = 1; T <= maxTokens; T *= 2) {
      double t1 = predict(t, cost, ep, T, 1);
      double t2 = T >= 2 ? predict(t, cost, ep, T, 2) : t1;
      bool split = t2 < t1;
      if (printCostModel)
        llvm::outs() << llvm::format("moe-overlap-a2a: %s T=%lld: 1 "
                                     "micro-batch %.3e s, 2 micro-batches "
                                     "%.3e s -> %s\n",
                                     phase.str().c_str(),
                                     static_cast<long long>(T), t1, t2,
                                     split ? "split" : "unsplit");
      if (!split)
        from = 0;
      else if (!from)
        from = T;
    }
    return {from ? 2 : 1, from};
  }
};
} // namespace
