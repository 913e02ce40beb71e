//===- Target.h - The machine a cost model prices ---------------*- C++ -*-===//
//
// A target description (JSON, e.g. bench/targets/cpu-dev.json): compute,
// memory and link rates of one rank, read by the passes that choose with a
// cost model (moe-overlap-a2a, moe-recompute; their Passes.td descriptions
// say which fields they use).
//
//===----------------------------------------------------------------------===//

#ifndef MOE_PASSES_TARGET_H
#define MOE_PASSES_TARGET_H

#include "mlir/IR/BuiltinOps.h"

namespace mlir {
namespace moe {

struct Target {
  double flops = 0, linkBytes = 0, latency = 0, launchOverhead = 0, overlap = 1;
  double memoryBytes = 0; // 0: memory traffic is not priced
  double memoryCapacity = 0; // bytes; 0: not given
};

/// Reads the target description at `path`; errors (naming the file and the
/// field) are emitted on `module`, prefixed by `pass` where the file cannot
/// be read.
FailureOr<Target> readTarget(ModuleOp module, StringRef path, StringRef pass);

} // namespace moe
} // namespace mlir

#endif // MOE_PASSES_TARGET_H
