//===- Recompute.cpp - Activations to recompute under a memory budget -----===//
//
// Chooses which activations of a training step are recomputed in the
// backward instead of kept from the forward: by budget (a cost-model
// optimum, see the pass description in Passes.td), by a published preset or
// by a list of activation classes. The choice is `moe.recompute` on each op.
//
//===----------------------------------------------------------------------===//

#include "dialects/MoE/IR/MoEOps.h"
#include "passes/ActivationModel.h"
#include "passes/Passes.h"
#include "passes/Target.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOERECOMPUTE
#include "passes/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

/// bench/targets/cpu-dev.json (measured on the 2-core dev VM, 2026-11-23).
Target devCpu() {
  Target t;
  t.flops = 3e10;
  t.linkBytes = 2e9;
  t.latency = 2.5e-5;
  t.launchOverhead = 6e-6;
  t.overlap = 0;
  t.memoryBytes = 1.78e10;
  return t;
}

const char *const kKinds[] = {"norm",      "qkv",      "core_attn", "mla_down",
                              "mla_up",    "router",   "rows",      "expert_up",
                              "swiglu",    "moe_down", "mlp_up",    "mlp_down",
                              "gate",      "embedding"};

/// Seconds of one recompute of `a`.
double seconds(const Target &t, const Activation &a) {
  const RecomputeCost &c = a.cost;
  double compute = c.flops / t.flops;
  if (t.memoryBytes > 0)
    compute = std::max(compute, c.memoryBytes / t.memoryBytes);
  double link = c.exchanges * t.latency +
                (c.exchangeBytes > 0 ? c.exchangeBytes / t.linkBytes : 0);
  return compute + c.launches * t.launchOverhead + link;
}

/// Predicted time of recomputing the dropped activations among `subset`
/// (indices ascending; dependencies of a dropped activation that are dropped
/// too must be in `subset`): each dropped activation runs once per backward
/// rule that needs it, directly or to recompute a dropped dependent.
/// `uses` receives, per activation of `subset`, the rules that run it.
double recomputeSeconds(const ActivationModel &m, const std::vector<double> &t,
                        const std::vector<bool> &drop,
                        ArrayRef<unsigned> subset,
                        std::vector<int> *uses = nullptr) {
  // Rules (readers) of the subset, as bits.
  SmallVector<Operation *, 16> rules;
  DenseMap<unsigned, uint64_t> need;
  for (unsigned i : subset)
    for (Operation *r : m.activations[i].readers)
      if (!llvm::is_contained(rules, r))
        rules.push_back(r);
  assert(rules.size() <= 64 && "too many rules in one group");
  for (unsigned i : subset) {
    uint64_t bits = 0;
    for (Operation *r : m.activations[i].readers)
      bits |= uint64_t(1) << (llvm::find(rules, r) - rules.begin());
    need[i] = bits;
  }
  double total = 0;
  for (auto it = subset.rbegin(); it != subset.rend(); ++it) {
    unsigned i = *it;
    if (!drop[i])
      continue;
    uint64_t bits = need[i];
    for (unsigned d : m.activations[i].deps)
      if (drop[d])
        need[d] |= bits;
    int n = llvm::popcount(bits);
    total += n * t[i];
    if (uses)
      (*uses)[i] = n;
  }
  return total;
}

struct Plan {
  std::vector<bool> drop;
  int64_t keptBytes = 0, fixedBytes = 0;
  double seconds = 0;
  /// Per activation: the backward rules that recompute it.
  std::vector<int> uses;
  /// Groups and the knapsack unit (budget mode).
  int64_t groups = 0, unit = 0;
};

/// Bytes of the activations every schedule keeps.
int64_t fixedBytes(const ActivationModel &m) {
  int64_t n = 0;
  for (const Activation &a : m.activations)
    if (!a.droppable)
      n += a.bytes;
  return n;
}

struct MoERecomputePass
    : public moe::impl::MoERecomputeBase<MoERecomputePass> {
  using MoERecomputeBase::MoERecomputeBase;

  void runOnOperation() override;

private:
  /// Groups of droppable activations that recompute each other.
  std::vector<SmallVector<unsigned>> groups(const ActivationModel &m);
  FailureOr<Plan> solve(const ActivationModel &m,
                        const std::vector<double> &t, int64_t budgetBytes);
  FailureOr<int64_t> parseBudget(ModuleOp module, const Target &target);
  void print(raw_ostream &os, const ActivationModel &m,
             const std::vector<double> &t, const Plan &plan,
             StringRef mode);
};

std::vector<SmallVector<unsigned>>
MoERecomputePass::groups(const ActivationModel &m) {
  size_t n = m.activations.size();
  std::vector<unsigned> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  std::function<unsigned(unsigned)> find = [&](unsigned i) {
    return parent[i] == i ? i : parent[i] = find(parent[i]);
  };
  for (size_t i = 0; i < n; ++i) {
    if (!m.activations[i].droppable)
      continue;
    for (unsigned d : m.activations[i].deps)
      if (m.activations[d].droppable)
        parent[find(i)] = find(d);
  }
  std::map<unsigned, SmallVector<unsigned>> byRoot;
  for (size_t i = 0; i < n; ++i)
    if (m.activations[i].droppable)
      byRoot[find(i)].push_back(i);
  std::vector<SmallVector<unsigned>> out;
  for (auto &[root, members] : byRoot)
    out.push_back(members);
  return out;
}

FailureOr<Plan> MoERecomputePass::solve(const ActivationModel &m,
                                        const std::vector<double> &t,
                                        int64_t budgetBytes) {
  Plan plan;
  plan.drop.assign(m.activations.size(), false);
  plan.fixedBytes = fixedBytes(m);
  int64_t droppable = m.totalBytes() - plan.fixedBytes;
  ModuleOp module = getOperation();
  if (budgetBytes < plan.fixedBytes) {
    module.emitError() << "moe-recompute: budget " << budgetBytes
                       << " bytes is below the " << plan.fixedBytes
                       << " bytes every schedule keeps (residual stream, "
                          "routing metadata)";
    return failure();
  }
  int64_t unit = std::max<int64_t>(64, (droppable + 16383) / 16384);
  int64_t capacity =
      std::min((budgetBytes - plan.fixedBytes) / unit, droppable / unit + 1);
  std::vector<SmallVector<unsigned>> gs = groups(m);
  // Pareto front of each group: (kept units, seconds, dropped mask).
  struct Point {
    int64_t units;
    double seconds;
    uint32_t mask;
  };
  std::vector<std::vector<Point>> fronts;
  for (const SmallVector<unsigned> &g : gs) {
    if (g.size() > 20) {
      module.emitError() << "moe-recompute: a group of " << g.size()
                         << " activations (at most 20 are enumerated)";
      return failure();
    }
    std::vector<Point> all;
    std::vector<bool> drop(m.activations.size(), false);
    for (uint32_t mask = 0; mask < (uint32_t(1) << g.size()); ++mask) {
      int64_t kept = 0;
      for (size_t j = 0; j < g.size(); ++j) {
        drop[g[j]] = mask >> j & 1;
        if (!drop[g[j]])
          kept += m.activations[g[j]].bytes;
      }
      all.push_back({(kept + unit - 1) / unit, recomputeSeconds(m, t, drop, g),
                     mask});
    }
    llvm::sort(all, [](const Point &a, const Point &b) {
      return a.units != b.units ? a.units < b.units : a.seconds < b.seconds;
    });
    std::vector<Point> front;
    for (const Point &p : all)
      if (front.empty() || p.seconds < front.back().seconds)
        front.push_back(p);
    fronts.push_back(front);
  }
  // Multiple-choice knapsack: best[j] = least seconds keeping <= j units.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> best(capacity + 1, 0), next(capacity + 1);
  std::vector<std::vector<uint16_t>> choice(
      fronts.size(), std::vector<uint16_t>(capacity + 1, 0));
  for (size_t gi = 0; gi < fronts.size(); ++gi) {
    for (int64_t j = 0; j <= capacity; ++j) {
      next[j] = kInf;
      for (size_t p = 0; p < fronts[gi].size(); ++p) {
        const Point &pt = fronts[gi][p];
        if (pt.units > j)
          break;
        double s = best[j - pt.units] + pt.seconds;
        if (s < next[j]) {
          next[j] = s;
          choice[gi][j] = static_cast<uint16_t>(p);
        }
      }
    }
    std::swap(best, next);
  }
  if (best[capacity] == kInf) {
    module.emitError("moe-recompute: no schedule fits the budget");
    return failure();
  }
  int64_t j = capacity;
  for (size_t gi = fronts.size(); gi-- > 0;) {
    const Point &pt = fronts[gi][choice[gi][j]];
    for (size_t k = 0; k < gs[gi].size(); ++k)
      plan.drop[gs[gi][k]] = pt.mask >> k & 1;
    j -= pt.units;
  }
  plan.groups = static_cast<int64_t>(fronts.size());
  plan.unit = unit;
  return plan;
}

FailureOr<int64_t> MoERecomputePass::parseBudget(ModuleOp module,
                                                 const Target &target) {
  StringRef text = budget;
  if (text == "auto") {
    if (target.memoryCapacity <= 0) {
      module.emitError("moe-recompute: budget=auto needs a target with "
                       "'memory_capacity_bytes' (target=FILE)");
      return failure();
    }
    double params = 0;
    module.walk([&](ParamOp p) {
      params += static_cast<double>(p.getTensorType().getNumElements());
    });
    return static_cast<int64_t>(target.memoryCapacity - 16 * params);
  }
  int64_t scale = 1;
  for (auto [suffix, s] : {std::pair{"KiB", int64_t(1) << 10},
                           {"MiB", int64_t(1) << 20},
                           {"GiB", int64_t(1) << 30}})
    if (text.consume_back(suffix))
      scale = s;
  int64_t n = 0;
  if (text.getAsInteger(10, n) || n < 0) {
    module.emitError() << "moe-recompute: budget: expected bytes (a "
                          "non-negative integer, optionally with KiB, MiB "
                          "or GiB) or 'auto', got '"
                       << budget << "'";
    return failure();
  }
  return n * scale;
}

void MoERecomputePass::print(raw_ostream &os, const ActivationModel &m,
                             const std::vector<double> &t, const Plan &plan,
                             StringRef mode) {
  const std::vector<int> &uses = plan.uses;
  int64_t total = m.totalBytes();
  os << "moe-recompute: " << mode << "\n";
  os << llvm::format("  kept for the backward: %lld bytes (%.2f MiB) of "
                     "%lld without recompute; %lld always kept\n",
                     static_cast<long long>(plan.keptBytes),
                     plan.keptBytes / 1048576.0,
                     static_cast<long long>(total),
                     static_cast<long long>(plan.fixedBytes));
  os << llvm::format("  predicted recompute time: %.1f us per step\n",
                     plan.seconds * 1e6);
  if (plan.unit > 0)
    os << llvm::format("  optimal within %lld bytes of the budget (%lld "
                       "groups x %lld-byte units)\n",
                       static_cast<long long>(plan.groups * plan.unit),
                       static_cast<long long>(plan.groups),
                       static_cast<long long>(plan.unit));
  os << llvm::format("  %-10s %-14s %-10s %-10s %12s %10s %5s  %s\n", "where",
                     "op", "activation", "class", "bytes", "us/recomp",
                     "rules", "choice");
  for (size_t i = 0; i < m.activations.size(); ++i) {
    const Activation &a = m.activations[i];
    std::string why;
    double perMiB = t[i] * a.readers.size() / (a.bytes / 1048576.0) * 1e6;
    if (!a.droppable)
      why = a.kind == "residual"  ? "kept: the residual stream"
            : a.kind == "routing" ? "kept: routing metadata"
                                  : "kept: its recompute reads a tensor the "
                                    "backward does not keep";
    else if (plan.drop[i])
      why = llvm::formatv("recomputed in {0} rule(s): frees {1} bytes for "
                          "{2:f1} us",
                          uses[i], a.bytes, uses[i] * t[i] * 1e6);
    else
      why = llvm::formatv("kept: recomputing costs {0:f1} us per MiB freed",
                          perMiB);
    os << llvm::format("  %-10s %-14s %-10s %-10s %12lld %10.2f %5zu  ",
                       a.where.c_str(),
                       a.op->getName().stripDialect().str().c_str(),
                       a.name.c_str(), a.kind.c_str(),
                       static_cast<long long>(a.bytes), t[i] * 1e6,
                       a.readers.size())
       << why << "\n";
  }
}

void MoERecomputePass::runOnOperation() {
  ModuleOp module = getOperation();
  auto forward = module.lookupSymbol<func::FuncOp>("forward");
  if (!forward || forward.isExternal()) {
    module.emitError("moe-recompute: expected a `func.func @forward` with "
                     "a body (the moe graph)");
    return signalPassFailure();
  }
  int set = !budget.empty() + !preset.empty() + !modules.empty();
  if (set != 1) {
    module.emitError("moe-recompute: expected exactly one of budget=, "
                     "preset=, modules=");
    return signalPassFailure();
  }
  if (maxTokens < 1 || seqLen < 0) {
    module.emitError("moe-recompute: expected max-tokens >= 1, seq-len >= 0");
    return signalPassFailure();
  }
  Target target = devCpu();
  if (!this->target.empty()) {
    FailureOr<Target> t = readTarget(module, this->target, "moe-recompute");
    if (failed(t))
      return signalPassFailure();
    target = *t;
  }
  FailureOr<ActivationModel> model =
      buildActivationModel(forward, maxTokens, seqLen ? seqLen : maxTokens);
  if (failed(model))
    return signalPassFailure();
  const ActivationModel &m = *model;
  std::vector<double> t;
  for (const Activation &a : m.activations)
    t.push_back(seconds(target, a));

  Plan plan;
  std::string mode;
  if (!budget.empty()) {
    FailureOr<int64_t> bytes = parseBudget(module, target);
    if (failed(bytes))
      return signalPassFailure();
    FailureOr<Plan> p = solve(m, t, *bytes);
    if (failed(p))
      return signalPassFailure();
    plan = *p;
    mode = llvm::formatv("budget {0} bytes ({1:f2} MiB)", *bytes,
                         *bytes / 1048576.0);
  } else {
    llvm::StringSet<> kinds;
    if (!preset.empty()) {
      if (preset == "deepseek-v3")
        kinds = {"norm", "mla_up"};
      else if (preset == "kimi-k2")
        kinds = {"norm", "swiglu", "mla_up", "moe_down"};
      else if (preset == "full")
        for (const char *k : kKinds)
          kinds.insert(k);
      else if (preset != "none") {
        module.emitError() << "moe-recompute: preset: expected none, full, "
                              "deepseek-v3 or kimi-k2, got '"
                           << preset << "'";
        return signalPassFailure();
      }
      mode = "preset " + preset;
    } else {
      SmallVector<StringRef> list;
      StringRef(modules).split(list, ',', -1, /*KeepEmpty=*/false);
      for (StringRef k : list) {
        if (!llvm::is_contained(kKinds, k)) {
          module.emitError() << "moe-recompute: modules: unknown class '" << k
                             << "' (expected one of "
                             << llvm::join(std::begin(kKinds),
                                           std::end(kKinds), ", ")
                             << ")";
          return signalPassFailure();
        }
        kinds.insert(k);
      }
      mode = "modules " + modules;
    }
    plan.drop.assign(m.activations.size(), false);
    for (size_t i = 0; i < m.activations.size(); ++i) {
      const Activation &a = m.activations[i];
      plan.drop[i] = a.droppable && kinds.contains(a.kind);
    }
    plan.fixedBytes = fixedBytes(m);
  }
  std::vector<unsigned> all(m.activations.size());
  std::iota(all.begin(), all.end(), 0);
  plan.uses.assign(m.activations.size(), 0);
  plan.seconds = recomputeSeconds(m, t, plan.drop, all, &plan.uses);
  plan.keptBytes = 0;
  for (size_t i = 0; i < m.activations.size(); ++i)
    if (!plan.drop[i])
      plan.keptBytes += m.activations[i].bytes;

  // The choice, on the ops.
  DenseMap<Operation *, SmallVector<Attribute>> names;
  for (size_t i = 0; i < m.activations.size(); ++i)
    if (plan.drop[i])
      names[m.activations[i].op].push_back(
          StringAttr::get(&getContext(), m.activations[i].name));
  forward.walk([&](Operation *op) { op->removeAttr(kRecomputeAttr); });
  for (auto &[op, list] : names)
    op->setAttr(kRecomputeAttr, ArrayAttr::get(&getContext(), list));

  if (report.empty())
    return;
  if (report == "-") {
    print(llvm::outs(), m, t, plan, mode);
    llvm::outs().flush();
    return;
  }
  std::error_code ec;
  llvm::raw_fd_ostream os(report, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    module.emitError() << "moe-recompute: cannot write report '" << report
                       << "': " << ec.message();
    return signalPassFailure();
  }
  print(os, m, t, plan, mode);
}

} // namespace
