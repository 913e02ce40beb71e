//===- Train.cpp - moe-run --train: training steps of a train_step artifact ===//

#include "tools/moe-run/Train.h"

#include "runtime/safetensors/Safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace moe {
namespace runtime {

namespace st = moe::safetensors;

Status readTrainBatch(const std::string &dir, int64_t vocab, TrainBatch &out) {
  std::string path = dir + "/train.json";
  std::ifstream in(path);
  if (!in)
    return Status::error(path + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object())
    return Status::error(path + ": not a JSON object");
  for (const char *key : {"batch", "seq_len"})
    if (!json.contains(key) || !json[key].is_number_integer() ||
        json[key].get<int64_t>() < 1)
      return Status::error(path + ": " + key + ": expected a positive integer");
  out.sequences = json["batch"].get<int64_t>();
  out.length = json["seq_len"].get<int64_t>();
  for (const char *key : {"tokens", "labels"}) {
    const auto &rows = json[key];
    if (!rows.is_array() || static_cast<int64_t>(rows.size()) != out.sequences)
      return Status::error(path + ": " + key + ": expected " +
                           std::to_string(out.sequences) + " lists");
    std::vector<int64_t> &dst =
        std::string(key) == "tokens" ? out.tokens : out.labels;
    for (size_t s = 0; s < rows.size(); ++s) {
      std::string where = path + ": " + key + "[" + std::to_string(s) + "]";
      if (!rows[s].is_array() ||
          static_cast<int64_t>(rows[s].size()) != out.length)
        return Status::error(where + ": expected " +
                             std::to_string(out.length) + " ids");
      for (const auto &v : rows[s]) {
        bool label = &dst == &out.labels;
        if (!v.is_number_integer() || v.get<int64_t>() >= vocab ||
            (!label && v.get<int64_t>() < 0))
          return Status::error(where + ": expected ids in [0, " +
                               std::to_string(vocab) + ")" +
                               (label ? " or negative (no loss)" : ""));
        dst.push_back(v.get<int64_t>());
      }
    }
  }
  return Status::ok();
}

TrainBatch randomTrainBatch(int64_t sequences, int64_t length, int64_t vocab,
                            uint64_t seed) {
  TrainBatch b;
  b.sequences = sequences;
  b.length = length;
  uint64_t x = seed;
  auto next = [&] { // SplitMix64
    uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  for (int64_t i = 0; i < sequences * length; ++i)
    b.tokens.push_back(static_cast<int64_t>(next() % vocab));
  for (int64_t i = 0; i < sequences * length; ++i)
    b.labels.push_back((i + 1) % length == 0 ? -1 : b.tokens[i + 1]);
  return b;
}

TrainBatch rankSlice(const TrainBatch &batch, int rank, int ranks,
                     int64_t &first) {
  first = batch.sequences * rank / ranks;
  int64_t last = batch.sequences * (rank + 1) / ranks;
  TrainBatch b;
  b.sequences = last - first;
  b.length = batch.length;
  auto cut = [&](const std::vector<int64_t> &v) {
    return std::vector<int64_t>(v.begin() + first * b.length,
                                v.begin() + last * b.length);
  };
  b.tokens = cut(batch.tokens);
  b.labels = cut(batch.labels);
  return b;
}

namespace {
/// max|a - e| of `a` against the golden values `e`, and max|e|.
struct Diff {
  double diff = 0, scale = 0;
  void add(const float *a, const double *e, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      diff = std::max(diff, std::fabs(a[i] - e[i]));
      scale = std::max(scale, std::fabs(e[i]));
    }
  }
  double rel() const { return scale > 0 ? diff / scale : diff; }
};

/// The results of the ranks (one process: itself) at rank 0, each rank's
/// `mine` a few lines.
Expected<std::vector<std::string>> gatherLines(Comm *comm,
                                               const std::string &mine,
                                               const char *what) {
  std::vector<std::string> all = {mine};
  if (comm) {
    Status s = comm->gather(mine, all, what);
    if (!s)
      return Expected<std::vector<std::string>>::error(s.errorMessage());
  }
  return all;
}
} // namespace

/// Compares the first step's loss, logits and gradients with `g`
/// (DIR/grads.safetensors); rank 0 prints one line per check. Each rank
/// compares its logits rows and its local experts' gradients; the replicated
/// parameters' gradients (the same on every rank) are compared on rank 0.
static Status compareFirstStep(Model &model, const st::File &g,
                               const std::string &dir, double loss,
                               const std::vector<float> &logits,
                               const TrainRunOptions &o, bool &pass) {
  auto get = [&](const std::string &name) -> Expected<std::vector<double>> {
    auto t = g.get(name);
    if (!t)
      return Expected<std::vector<double>>::error(t.errorMessage());
    return (*t)->toDoubles();
  };
  const int rank = o.comm ? o.comm->rank() : 0;
  const int ranks = o.comm ? o.comm->size() : 1;
  auto eLogits = get("logits");
  if (!eLogits)
    return Status::error(eLogits.errorMessage());
  // This rank's rows: its sequences' logits ([S, C, V] in the golden).
  const std::vector<int64_t> &shape = g.find("logits")->shape;
  size_t sequences = shape.empty() ? 1 : static_cast<size_t>(shape[0]);
  size_t perSequence = sequences ? eLogits->size() / sequences : 0;
  size_t at = static_cast<size_t>(o.firstSequence) * perSequence;
  if (at + logits.size() > eLogits->size())
    return Status::error(dir + "/grads.safetensors: logits: " +
                         std::to_string(eLogits->size()) +
                         " values, expected at least " +
                         std::to_string(at + logits.size()));
  Diff dl;
  dl.add(logits.data(), eLogits->data() + at, logits.size());
  char line[256];
  std::snprintf(line, sizeof line, "logits\t%a\t%a\n", dl.diff, dl.scale);
  std::string mine = line;
  // Gradients: every parameter's "grad.<param>" state; a stacked param
  // ("...experts.*...") is compared expert by expert, a rank's local
  // experts (Weight.expert_slots) slot by slot.
  const mxa::Artifact &a = model.artifact().artifact();
  int64_t params = 0;
  for (size_t i = 0; a.weights() && i < a.weights()->size(); ++i) {
    const mxa::Weight &w = *a.weights()->Get(i);
    std::string param = w.param()->str();
    const FloatBuffer *grad = model.state("grad." + param);
    if (!grad)
      continue; // frozen (no gradient)
    ++params;
    bool local = w.expert_slots() && w.expert_slots()->size() > 0;
    if (!local && rank != 0)
      continue;
    size_t star = param.find('*');
    int64_t experts = w.param_shape()->Get(0);
    // (slot in the buffer, expert) pairs; the whole tensor: slot -1.
    std::vector<std::pair<int64_t, int64_t>> parts;
    int64_t slots = experts;
    if (local) {
      slots = static_cast<int64_t>(w.expert_slots()->size()) / ranks;
      for (int64_t l = 0; l < slots; ++l) {
        int64_t e = w.expert_slots()->Get(
            static_cast<flatbuffers::uoffset_t>(rank * slots + l));
        if (e >= 0)
          parts.push_back({l, e});
      }
    } else if (star != std::string::npos) {
      for (int64_t e = 0; e < experts; ++e)
        parts.push_back({e, e});
    } else {
      parts.push_back({-1, -1});
    }
    if (parts.empty())
      continue; // every slot of this rank is empty
    bool wholeTensor = parts[0].first < 0;
    size_t per = grad->size() / static_cast<size_t>(wholeTensor ? 1 : slots);
    std::vector<double> whole;
    for (auto [slot, e] : parts) {
      std::string name = param;
      if (star != std::string::npos)
        name = param.substr(0, star) + std::to_string(e) +
               param.substr(star + 1);
      bool sliced = slot >= 0 && star == std::string::npos;
      if (!sliced || whole.empty()) {
        auto t = get("grad." + name);
        if (!t)
          return Status::error(t.errorMessage());
        whole = std::move(*t);
      }
      size_t offset = sliced ? static_cast<size_t>(e) * per : 0;
      size_t n = slot < 0 ? grad->size() : per;
      if (sliced ? offset + per > whole.size() : whole.size() != n)
        return Status::error(dir + "/grads.safetensors: grad." + name +
                             ": size mismatch");
      Diff d;
      d.add(grad->data() + (slot < 0 ? 0 : slot * per), whole.data() + offset,
            n);
      std::string label =
          sliced ? name + "[" + std::to_string(e) + "]" : name;
      std::snprintf(line, sizeof line, "grad\t%a\t", d.rel());
      mine += line + label + "\n";
      if (star != std::string::npos)
        whole.clear();
    }
  }
  auto all = gatherLines(o.comm, mine, "golden gradients");
  if (!all)
    return Status::error(all.errorMessage());
  if (rank != 0)
    return Status::ok();
  // Rank 0: the whole batch's logits, every gradient.
  Diff logitsAll;
  double worst = 0;
  std::string where;
  std::vector<std::pair<std::string, double>> grads;
  for (const std::string &text : *all) {
    std::istringstream in(text);
    std::string kind, a1, a2;
    while (std::getline(in, kind, '\t') && std::getline(in, a1, '\t') &&
           std::getline(in, a2)) {
      if (kind == "logits") {
        logitsAll.diff = std::max(logitsAll.diff, std::strtod(a1.c_str(), 0));
        logitsAll.scale =
            std::max(logitsAll.scale, std::strtod(a2.c_str(), 0));
        continue;
      }
      double rel = std::strtod(a1.c_str(), 0);
      grads.push_back({a2, rel});
      if (rel >= worst) {
        worst = rel;
        where = a2;
      }
    }
  }
  auto eLoss = get("loss");
  if (!eLoss)
    return Status::error(eLoss.errorMessage());
  double lossRel = std::fabs(loss - (*eLoss)[0]) / std::fabs((*eLoss)[0]);
  double tol = o.tol;
  auto verdict = [&](double v) { return v <= tol ? "PASS" : "FAIL"; };
  std::printf("golden loss: %.7f vs %.7f, rel %.3g %s\n", loss, (*eLoss)[0],
              lossRel, verdict(lossRel));
  std::printf("golden logits: max rel %.3g %s\n", logitsAll.rel(),
              verdict(logitsAll.rel()));
  std::printf("golden gradients (%lld params): worst max rel %.3g (%s) %s\n",
              static_cast<long long>(params), worst, where.c_str(),
              verdict(worst));
  // On failure, every tensor over the tolerance.
  for (const auto &[name, rel] : grads)
    if (rel > tol)
      std::printf("  %s: max rel %.3g FAIL\n", name.c_str(), rel);
  pass = lossRel <= tol && logitsAll.rel() <= tol && worst <= tol;
  return Status::ok();
}

int runTraining(Model &model, const TrainBatch &batch,
                const TrainRunOptions &o) {
  std::unique_ptr<st::File> golden;
  if (!o.golden.empty()) {
    auto file = st::File::open(o.golden + "/grads.safetensors");
    if (!file) {
      std::fprintf(stderr, "moe-run: error: %s\n",
                   file.errorMessage().c_str());
      return 1;
    }
    golden = std::move(*file);
  }
  const int rank = o.comm ? o.comm->rank() : 0;
  std::vector<float> logits, losses;
  std::vector<double> curve;
  bool pass = true;
  double total = 0;
  for (int64_t step = 1; step <= o.steps; ++step) {
    auto t0 = std::chrono::steady_clock::now();
    Status s = model.trainStep(batch.tokens, batch.labels, step, logits,
                               losses);
    double secs = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
    if (!s) {
      std::fprintf(stderr, "moe-run: error: %s\n", s.errorMessage().c_str());
      return 1;
    }
    total += secs;
    // The mean over the whole batch's labels (every rank's, in rank order).
    double sum = 0;
    int64_t counted = 0;
    for (size_t t = 0; t < losses.size(); ++t)
      if (batch.labels[t] >= 0) {
        sum += losses[t];
        ++counted;
      }
    char mine[64];
    std::snprintf(mine, sizeof mine, "%a %lld", sum,
                  static_cast<long long>(counted));
    auto all = gatherLines(o.comm, mine, "training loss");
    if (!all) {
      std::fprintf(stderr, "moe-run: error: %s\n", all.errorMessage().c_str());
      return 1;
    }
    sum = 0;
    counted = 0;
    for (const std::string &r : *all) {
      char *end = nullptr;
      sum += std::strtod(r.c_str(), &end);
      counted += std::strtoll(end, nullptr, 10);
    }
    double loss = counted ? sum / counted : 0;
    curve.push_back(loss);
    if (rank == 0)
      std::printf("step %lld: loss %.6f (%.1f ms)\n",
                  static_cast<long long>(step), loss, secs * 1e3);
    if (step == 1 && golden) {
      bool ok = false;
      s = compareFirstStep(model, *golden, o.golden, loss, logits, o, ok);
      if (!s) {
        std::fprintf(stderr, "moe-run: error: %s\n",
                     s.errorMessage().c_str());
        return 1;
      }
      pass &= ok;
    }
  }
  if (rank != 0)
    return 0; // rank 0 reports for the job
  int64_t S = o.totalSequences ? o.totalSequences : batch.sequences;
  int64_t T = S * batch.length;
  std::string ranks;
  if (o.comm && o.comm->size() > 1)
    ranks = " on " + std::to_string(o.comm->size()) + " ranks";
  std::printf("train: %lld steps of %lld x %lld tokens%s, %.1f ms/step, %.0f "
              "tokens/s; arena %.2f MiB (activations kept for the backward "
              "%lld bytes), states %.2f MiB\n",
              static_cast<long long>(o.steps), static_cast<long long>(S),
              static_cast<long long>(batch.length), ranks.c_str(),
              total / o.steps * 1e3, T * o.steps / total,
              model.arenaBytes("train_step") / 1048576.0,
              static_cast<long long>(model.stashBytes("train_step")),
              model.stateBytes() / 1048576.0);
  if (golden) {
    if (const st::TensorView *e = golden->find("adamw.loss")) {
      // max|a - e| / max|e| over the curve, as for the other tensors.
      std::vector<double> want = e->toDoubles();
      size_t n = std::min(want.size(), curve.size());
      double worst = 0, scale = 0;
      size_t at = 0;
      for (size_t i = 0; i < n; ++i)
        scale = std::max(scale, std::fabs(want[i]));
      for (size_t i = 0; i < n; ++i) {
        double rel = std::fabs(curve[i] - want[i]) / scale;
        if (rel >= worst) {
          worst = rel;
          at = i + 1;
        }
      }
      bool ok = worst <= o.tol;
      std::printf("golden AdamW losses (%zu steps): max rel %.3g at step "
                  "%zu %s\n",
                  n, worst, at, ok ? "PASS" : "FAIL");
      pass &= ok;
    }
    std::printf("%s\n", pass ? "PASS" : "FAIL");
  }
  if (!o.lossFile.empty()) {
    std::ofstream out(o.lossFile);
    for (double l : curve) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.9g\n", l);
      out << buf;
    }
    if (!out)
      std::fprintf(stderr, "moe-run: error: %s: cannot write\n",
                   o.lossFile.c_str());
  }
  return pass ? 0 : 1;
}

} // namespace runtime
} // namespace moe
