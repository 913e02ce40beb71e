//===- Interpreter.h - Reference interpreter of the moe dialect -*- C++ -*-===//
//
// Runs `func.func @forward(tokens, positions, sequences)` of a `moe` module op
// by op with plain loops in double precision, binding every `moe.param` from
// safetensors by its symbol name. Attention ops keep a per-layer KV cache
// keyed by (sequence id, position) between calls to `run`.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_INTERPRETER_INTERPRETER_H
#define MOE_INTERPRETER_INTERPRETER_H

#include "mlir/IR/BuiltinOps.h"
#include "runtime/safetensors/Safetensors.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
namespace moe {
namespace interp {

/// A dense row-major tensor of doubles (integer tensors hold exact integers).
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<double> data;
  Tensor() = default;
  explicit Tensor(std::vector<int64_t> s) : shape(std::move(s)) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    data.assign(static_cast<size_t>(n), 0.0);
  }
  int64_t numElements() const { return static_cast<int64_t>(data.size()); }
  int64_t dim(int i) const {
    return shape[i < 0 ? shape.size() + i : static_cast<size_t>(i)];
  }
};

/// Deliberately wrong variants, for testing that comparisons catch them.
struct Perturbations {
  /// Router weights taken from the biased selection scores (DeepSeek-V3).
  bool biasedRouterWeights = false;
  /// Use half-split RoPE pairing where the IR says interleaved.
  bool ropeHalfSplit = false;
  /// Use interleaved RoPE pairing where the IR says half-split.
  bool ropeInterleaved = false;
  /// Ignore attention sink logits.
  bool noSinks = false;
  /// Skip the router's renormalisation.
  bool noRenorm = false;
  /// Parses a rule name; false when unknown.
  bool enable(const std::string &rule);
  static const char *ruleNames();
};

class Interpreter {
public:
  /// Verifies `module`, then binds every `moe.param` from `files` (searched
  /// in order) and checks shapes. On failure returns null and sets `error`
  /// (one line).
  static std::unique_ptr<Interpreter>
  create(ModuleOp module,
         const std::vector<const ::moe::safetensors::File *> &files,
         std::string &error);

  /// Runs @forward on the given tokens; returns logits [T, V]. The KV cache
  /// persists across calls. On failure returns false and sets `error`.
  bool run(const std::vector<int64_t> &tokens,
           const std::vector<int64_t> &positions,
           const std::vector<int64_t> &sequences, Tensor &logits,
           std::string &error);

  /// Forgets every cached key/value.
  void resetCache();

  Perturbations &perturbations() { return perturb_; }

  struct CacheEntry {
    int64_t position;
    std::vector<double> k; // [heads * key_dim]
    std::vector<double> v; // [heads * value_dim]
  };
  /// cache_[layer][sequence] = entries.
  using LayerCache = std::map<int64_t, std::vector<CacheEntry>>;

private:
  Interpreter() = default;
  ModuleOp module_;
  Operation *forward_ = nullptr;
  std::map<std::string, std::shared_ptr<const Tensor>> weights_;
  std::map<int64_t, LayerCache> cache_;
  Perturbations perturb_;
  friend struct Executor;
};

} // namespace interp
} // namespace moe
} // namespace mlir

#endif // MOE_INTERPRETER_INTERPRETER_H
