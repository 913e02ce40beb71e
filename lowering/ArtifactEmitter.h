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

#include "lowering/CPUCodegen.h"
#include "passes/Passes.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace mlir {
namespace moe {

struct ArtifactOptions {
  /// LLVM CPU name for the kernels, or "native".
  std::string cpu = "native";
  /// The GEMM kernels' register tiles (CPUCodegen.h).
  CPUTiles cpuTiles = CPUTiles::Auto;
  /// CUDA chip to compile the kernels for as well (e.g. "sm_90a"); empty:
  /// CPU code only.
  std::string cudaArch;
  /// With cudaArch: use the kernels' CUDA block versions
  /// (lowering/kernels/block/) where the library has one.
  bool cudaBlockKernels = true;
};

/// Writes the artifact of `module` to `path`; errors are emitted as
/// diagnostics.
LogicalResult emitArtifact(ModuleOp module, StringRef path,
                           const ArtifactOptions &options);

struct DefaultPipelineOptions {
  /// Run `moe-fuse-route-dispatch` before lowering.
  bool fuseRouting = true;
  /// `moe-expert-parallel` options, run (after fusion) when ep > 1.
  int64_t ep = 1;
  std::string epPlacement = "contiguous";
  std::string expertStats;
  int64_t epReplicas = 1;
  /// `moe-overlap-a2a` micro-batches ("N" or "auto"), run after
  /// `moe-expert-parallel` when not empty; `overlapTarget` for "auto".
  std::string overlap;
  std::string overlapTarget;
  /// Run `moe-weights-to-bf16` on the lowered entry points (inference).
  bool weightsBF16 = false;
  /// Then `moe-experts-to-bf16` (bf16 rows for the routed experts).
  bool expertsBF16 = false;
  /// Then `moe-dense-to-bf16` (bf16 rows for the dense GEMMs).
  bool denseBF16 = false;
  /// Run `moe-kv-cache-to-bf16` (bf16 KV caches; inference).
  bool kvCacheBF16 = false;
  /// Then `moe-attention-tensor-cores` (attention's CUDA tiles on tensor
  /// cores).
  bool tensorCoreAttention = false;
  /// Training (`moe-lower-train-step` instead of the inference lowering;
  /// no routing fusion).
  bool train = false;
  int64_t trainMaxTokens = 1024;
  double lr = 1e-3;
  /// `moe-recompute` before the training lowering, when one of budget,
  /// preset, modules is set (its max-tokens is trainMaxTokens).
  MoERecomputeOptions recompute;
};

/// Runs the steps of the default pipeline that `module` has not had yet:
/// `moe-fuse-route-dispatch` (unless disabled), `moe-expert-parallel` (when
/// ep > 1), `moe-overlap-a2a` (when asked) and `moe-lower-to-kernels` +
/// `cse` on the graph, `moe-weights-to-bf16`, `moe-experts-to-bf16` and
/// `moe-dense-to-bf16`, `moe-kv-cache-to-bf16` and
/// `moe-attention-tensor-cores` (when asked), then `moe-plan-buffers`. A planned module (entry
/// points with `moe.arena_bytes`) is left as it is.
LogicalResult runDefaultPipeline(ModuleOp module,
                                 const DefaultPipelineOptions &options = {});

} // namespace moe
} // namespace mlir

#endif // MOE_LOWERING_ARTIFACTEMITTER_H
