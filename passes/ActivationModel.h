//===- ActivationModel.h - What a training step keeps for its backward -*- C++
//-*-===//
//
// The activations the training lowering (`moe-lower-train-step`) keeps from
// the forward for the backward, per `moe` op of `@forward`: their bytes at
// the step's largest batch, which backward rules read them, what recomputing
// one costs (FLOPs, memory traffic, launches, exchanged bytes) and which
// other activations a recompute reads. `moe-recompute` chooses from it; the
// lowering honours the choice (`moe.recompute` on an op names the
// activations it recomputes). docs/training.md lists the activations.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_PASSES_ACTIVATIONMODEL_H
#define MOE_PASSES_ACTIVATIONMODEL_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace mlir {
namespace moe {

/// The attribute naming, on a `moe` op, the activations its training
/// lowering recomputes in the backward instead of keeping them.
constexpr const char *kRecomputeAttr = "moe.recompute";

/// What one recompute of an activation runs.
struct RecomputeCost {
  double flops = 0;
  /// Bytes the recompute's launches read and write.
  double memoryBytes = 0;
  int64_t launches = 0;
  /// Bytes a recompute sends over the link (an expert-parallel exchange
  /// repeated), and how many exchanges.
  double exchangeBytes = 0;
  int64_t exchanges = 0;
};

/// One buffer the forward keeps for the backward.
struct Activation {
  /// The op whose lowering makes it, the name `moe.recompute` uses, and its
  /// class (presets and Megatron-style module lists choose by class: norm,
  /// qkv, core_attn, mla_down, mla_up, router, rows, expert_up, swiglu,
  /// moe_down, mlp_up, mlp_down, gate, embedding, residual, routing).
  Operation *op = nullptr;
  std::string name, kind;
  /// Bytes at the largest batch (64-byte aligned, as the arena places it).
  int64_t bytes = 0;
  /// False: always kept (its recompute would need a tensor the backward does
  /// not keep, e.g. the residual stream, or it is routing metadata).
  bool droppable = false;
  RecomputeCost cost;
  /// Activations (indices) a recompute reads.
  llvm::SmallVector<unsigned> deps;
  /// Ops whose backward rule reads it (a recompute runs once per reader).
  llvm::SmallVector<Operation *> readers;
  /// A short place for reports: "layer 3", "embedding", "head".
  std::string where;
};

struct ActivationModel {
  std::vector<Activation> activations;
  /// Sum of the bytes of every activation (nothing recomputed).
  int64_t totalBytes() const;
};

/// Builds the model of `forward` for batches of `maxTokens` tokens in
/// sequences of `seqLen` (attention's average context). Errors (an op the
/// training lowering has no rule for) are emitted at the op.
FailureOr<ActivationModel> buildActivationModel(func::FuncOp forward,
                                                int64_t maxTokens,
                                                int64_t seqLen);

} // namespace moe
} // namespace mlir

#endif // MOE_PASSES_ACTIVATIONMODEL_H
