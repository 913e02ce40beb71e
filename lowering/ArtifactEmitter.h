//===- ArtifactEmitter.h - Planned schedule -> `.mxa` artifact --*- C++ -*-===//
//
// Serialises a module after `moe-lower-to-kernels` and `moe-plan-buffers`:
// model metadata, the weight manifest (from the entry arguments), caches,
// constant tables, kernels, the launches of `prefill` and `decode` with their
// arguments as symbolic views (runtime/schema/mxa.fbs), and the kernels'
// machine code as a segment.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_LOWERING_ARTIFACTEMITTER_H
#define MOE_LOWERING_ARTIFACTEMITTER_H

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace mlir {
namespace moe {

struct ArtifactOptions {
  /// LLVM CPU name for the kernels, or "native".
  std::string cpu = "native";
};

/// Writes the artifact of `module` to `path`; errors are emitted as
/// diagnostics.
LogicalResult emitArtifact(ModuleOp module, StringRef path,
                           const ArtifactOptions &options);

/// Runs `moe-lower-to-kernels` and `moe-plan-buffers` on `module` unless it
/// is already planned (entry points with `moe.arena_bytes`).
LogicalResult runDefaultPipeline(ModuleOp module);

} // namespace moe
} // namespace mlir

#endif // MOE_LOWERING_ARTIFACTEMITTER_H
