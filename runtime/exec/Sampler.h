//===- Sampler.h - Next-token selection from logits -------------*- C++ -*-===//
//
// Greedy or seeded random choice of the next token from one row of logits,
// following Hugging Face `generate(do_sample=True)`: the logits are divided
// by the temperature, then filtered by top-k, then by top-p (nucleus) over
// the softmax of the survivors, and a token is drawn from the softmax of what
// is left.
//
// Determinism: each `Sampler` owns its own random stream, a std::mt19937_64
// (whose output sequence the C++ standard fixes) seeded from (seed, stream);
// draws are turned into doubles and tokens by code here, not by
// std::uniform_real_distribution / std::discrete_distribution, whose results
// differ between standard libraries. So a stream's tokens depend only on
// (options, stream, the logits it is given), on every platform; moe-run uses
// one stream per sequence index, so a sequence's tokens do not depend on
// which other sequences share its batch.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_EXEC_SAMPLER_H
#define MOE_RUNTIME_EXEC_SAMPLER_H

#include <cstdint>
#include <random>
#include <vector>

namespace moe {
namespace runtime {

struct SamplingOptions {
  /// 0: greedy (argmax, ties to the lowest id; top-k, top-p and the seed are
  /// then ignored). > 0: logits are divided by it before sampling.
  double temperature = 0;
  /// Keep only the k highest logits (ties at the k-th broken towards lower
  /// ids, so exactly min(k, vocab) tokens stay); 0: off.
  int64_t topK = 0;
  /// In (0, 1]: keep the smallest set of most probable tokens whose
  /// probabilities sum to >= topP (at least one token); 1: off.
  double topP = 1.0;
  /// Seed of every stream.
  uint64_t seed = 0;

  bool greedy() const { return temperature == 0; }
};

/// SplitMix64's output function: a bijective 64-bit mixer.
uint64_t splitMix64(uint64_t x);

/// A double uniform in [0, 1) from the top 53 bits of `bits`.
double unitInterval(uint64_t bits);

/// The first index of the largest value of row[0 .. n).
int64_t argmaxRow(const float *row, int64_t n);

class Sampler {
public:
  /// A sampler drawing from stream `stream` of `options.seed`.
  Sampler(const SamplingOptions &options, uint64_t stream);

  /// The next token for `logits[0 .. vocab)` (vocab >= 1). Greedy options
  /// never draw; sampling draws one 64-bit value per call.
  int64_t next(const float *logits, int64_t vocab);

  const SamplingOptions &options() const { return options_; }

private:
  SamplingOptions options_;
  std::mt19937_64 rng_;
  // Scratch reused between calls: candidate ids and their weights.
  std::vector<int64_t> ids_;
  std::vector<double> weights_;
};

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_EXEC_SAMPLER_H
