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

namespace {
/// max|a - e| / max|e| of `a` against the golden tensor `e`.
struct Compare {
  double worst = 0;
  std::string where;
  std::vector<std::pair<std::string, double>> all;
  void add(const std::string &name, const float *a,
           const std::vector<double> &e) {
    double diff = 0, scale = 0;
    for (size_t i = 0; i < e.size(); ++i) {
      diff = std::max(diff, std::fabs(a[i] - e[i]));
      scale = std::max(scale, std::fabs(e[i]));
    }
    double rel = scale > 0 ? diff / scale : diff;
    all.push_back({name, rel});
    if (rel >= worst) {
      worst = rel;
      where = name;
    }
  }
};
} // namespace

/// Compares the first step's loss, logits and gradients with `g`
/// (DIR/grads.safetensors); prints one line per check.
static Status compareFirstStep(Model &model, const st::File &g,
                               const std::string &dir, double loss,
                               const std::vector<float> &logits, double tol,
                               bool &pass) {
  auto get = [&](const std::string &name) -> Expected<std::vector<double>> {
    auto t = g.get(name);
    if (!t)
      return Expected<std::vector<double>>::error(t.errorMessage());
    return (*t)->toDoubles();
  };
  auto eLoss = get("loss");
  auto eLogits = get("logits");
  if (!eLoss)
    return Status::error(eLoss.errorMessage());
  if (!eLogits)
    return Status::error(eLogits.errorMessage());
  if (eLogits->size() != logits.size())
    return Status::error(dir + "/grads.safetensors: logits: " +
                         std::to_string(eLogits->size()) +
                         " values, expected " + std::to_string(logits.size()));
  double lossRel = std::fabs(loss - (*eLoss)[0]) / std::fabs((*eLoss)[0]);
  Compare cl;
  cl.add("logits", logits.data(), *eLogits);
  // Gradients: every parameter's "grad.<param>" state; a stacked param
  // ("...experts.*...") is compared expert by expert.
  Compare cg;
  const mxa::Artifact &a = model.artifact().artifact();
  int64_t params = 0;
  for (size_t i = 0; a.weights() && i < a.weights()->size(); ++i) {
    std::string param = a.weights()->Get(i)->param()->str();
    const FloatBuffer *grad = model.state("grad." + param);
    if (!grad)
      continue; // frozen (no gradient)
    ++params;
    size_t star = param.find('*');
    if (star == std::string::npos) {
      auto e = get("grad." + param);
      if (!e)
        return Status::error(e.errorMessage());
      if (e->size() != grad->size())
        return Status::error(dir + "/grads.safetensors: grad." + param +
                             ": size mismatch");
      cg.add(param, grad->data(), *e);
      continue;
    }
    int64_t experts = a.weights()->Get(i)->param_shape()->Get(0);
    size_t per = grad->size() / static_cast<size_t>(experts);
    for (int64_t x = 0; x < experts; ++x) {
      std::string name = param.substr(0, star) + std::to_string(x) +
                         param.substr(star + 1);
      auto e = get("grad." + name);
      if (!e)
        return Status::error(e.errorMessage());
      if (e->size() != per)
        return Status::error(dir + "/grads.safetensors: grad." + name +
                             ": size mismatch");
      cg.add(name, grad->data() + x * per, *e);
    }
  }
  auto verdict = [&](double v) { return v <= tol ? "PASS" : "FAIL"; };
  std::printf("golden loss: %.7f vs %.7f, rel %.3g %s\n", loss, (*eLoss)[0],
              lossRel, verdict(lossRel));
  std::printf("golden logits: max rel %.3g %s\n", cl.worst,
              verdict(cl.worst));
  std::printf("golden gradients (%lld params): worst max rel %.3g (%s) %s\n",
              static_cast<long long>(params), cg.worst, cg.where.c_str(),
              verdict(cg.worst));
  // On failure, every tensor over the tolerance (in the artifact's order).
  for (const auto &[name, rel] : cg.all)
    if (rel > tol)
      std::printf("  %s: max rel %.3g FAIL\n", name.c_str(), rel);
  pass = lossRel <= tol && cl.worst <= tol && cg.worst <= tol;
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
    double sum = 0;
    int64_t counted = 0;
    for (size_t t = 0; t < losses.size(); ++t)
      if (batch.labels[t] >= 0) {
        sum += losses[t];
        ++counted;
      }
    double loss = counted ? sum / counted : 0;
    curve.push_back(loss);
    std::printf("step %lld: loss %.6f (%.1f ms)\n",
                static_cast<long long>(step), loss, secs * 1e3);
    if (step == 1 && golden) {
      bool ok = false;
      s = compareFirstStep(model, *golden, o.golden, loss, logits, o.tol, ok);
      if (!s) {
        std::fprintf(stderr, "moe-run: error: %s\n",
                     s.errorMessage().c_str());
        return 1;
      }
      pass &= ok;
    }
  }
  int64_t T = batch.sequences * batch.length;
  std::printf("train: %lld steps of %lld x %lld tokens, %.1f ms/step, %.0f "
              "tokens/s; arena %.2f MiB (activations kept for the backward "
              "%lld bytes), states %.2f MiB\n",
              static_cast<long long>(o.steps),
              static_cast<long long>(batch.sequences),
              static_cast<long long>(batch.length), total / o.steps * 1e3,
              T * o.steps / total,
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
