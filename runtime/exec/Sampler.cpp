//===- Sampler.cpp - Next-token selection from logits ---------------------===//

#include "runtime/exec/Sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace moe {
namespace runtime {

uint64_t splitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double unitInterval(uint64_t bits) {
  // 53 random bits fill a double's mantissa exactly: k / 2^53, k < 2^53.
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

int64_t argmaxRow(const float *row, int64_t n) {
  return std::max_element(row, row + n) - row; // first maximum
}

/// The engine's seed for (seed, stream): mixed twice so that neighbouring
/// seeds and neighbouring streams start far apart.
static uint64_t streamSeed(uint64_t seed, uint64_t stream) {
  return splitMix64(splitMix64(seed) + stream);
}

Sampler::Sampler(const SamplingOptions &options, uint64_t stream)
    : options_(options), rng_(streamSeed(options.seed, stream)) {}

/// NaN ranks below every number (the sort needs a strict weak order).
static float rankKey(float l) {
  return std::isnan(l) ? -std::numeric_limits<float>::infinity() : l;
}

int64_t Sampler::next(const float *logits, int64_t vocab) {
  if (options_.greedy())
    return argmaxRow(logits, vocab);
  // Descending logit, ties to the lower id: the order of top-k and top-p.
  auto before = [&](int64_t a, int64_t b) {
    float ka = rankKey(logits[a]), kb = rankKey(logits[b]);
    return ka > kb || (ka == kb && a < b);
  };
  ids_.resize(static_cast<size_t>(vocab));
  std::iota(ids_.begin(), ids_.end(), int64_t(0));
  bool sorted = false;
  if (options_.topK > 0 && options_.topK < vocab) {
    std::partial_sort(ids_.begin(), ids_.begin() + options_.topK, ids_.end(),
                      before);
    ids_.resize(static_cast<size_t>(options_.topK));
    sorted = true;
  }
  // Top-p walks the candidates from the most probable; without it the
  // (unsorted) id order serves as well and saves the sort.
  if (options_.topP < 1 && !sorted)
    std::sort(ids_.begin(), ids_.end(), before);

  float maxLogit = -std::numeric_limits<float>::infinity();
  for (int64_t id : ids_)
    maxLogit = std::max(maxLogit, rankKey(logits[id]));
  // Nothing finite to weigh (all -inf or NaN, or a +inf): fall back to the
  // argmax among the candidates, which is what the limit of the softmax picks.
  if (!std::isfinite(maxLogit))
    return *std::min_element(ids_.begin(), ids_.end(), before);

  // Unnormalized softmax of logits / temperature, in double.
  weights_.resize(ids_.size());
  double total = 0;
  for (size_t i = 0; i < ids_.size(); ++i) {
    double l = rankKey(logits[ids_[i]]);
    weights_[i] = std::exp((l - maxLogit) / options_.temperature);
    total += weights_[i];
  }
  if (options_.topP < 1) {
    // Keep candidates while the mass before them is < p: the smallest prefix
    // whose mass reaches p, never empty (the first weight is exp(0) = 1).
    double mass = 0;
    size_t keep = 0;
    while (keep < ids_.size() && mass < options_.topP * total)
      mass += weights_[keep++];
    ids_.resize(keep);
    weights_.resize(keep);
    total = mass;
  }

  // Inverse CDF over the candidates in their order; the running sum repeats
  // the additions of `total`, so it ends exactly at `total`.
  double u = unitInterval(rng_()) * total, acc = 0;
  for (size_t i = 0; i < ids_.size(); ++i) {
    acc += weights_[i];
    if (u < acc)
      return ids_[i];
  }
  // u rounded up to `total`: the last candidate of positive weight.
  for (size_t i = ids_.size(); i-- > 0;)
    if (weights_[i] > 0)
      return ids_[i];
  return ids_.front();
}

} // namespace runtime
} // namespace moe
