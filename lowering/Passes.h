//===- Passes.h - Lowering passes of moe-mlir -------------------*- C++ -*-===//

#ifndef MOE_LOWERING_PASSES_H
#define MOE_LOWERING_PASSES_H

#include "dialects/MoE/IR/MoEDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace moe {

#define GEN_PASS_DECL
#include "lowering/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "lowering/Passes.h.inc"

/// The buffer a chain of `memref.reinterpret_cast` / `memref.cast` views
/// starts from (`v` itself when it is no view).
inline Value getViewRoot(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (!isa<memref::ReinterpretCastOp, memref::CastOp>(def))
      break;
    v = def->getOperand(0);
  }
  return v;
}

/// The memref type `type` (a memref) with bf16 elements, same shape and
/// layout.
inline MemRefType toBF16(Type type) {
  auto m = cast<MemRefType>(type);
  return MemRefType::get(m.getShape(), BFloat16Type::get(type.getContext()),
                         m.getLayout(), m.getMemorySpace());
}

/// Attribute names shared by the lowering passes and the artifact emitter.
namespace attrs {
constexpr const char *kEntry = "moe.entry";
constexpr const char *kMaxTokens = "moe.max_tokens";
constexpr const char *kArenaBytes = "moe.arena_bytes";
constexpr const char *kKernel = "moe.kernel";
/// On a kernel function: the block variant it uses on CUDA (a string,
/// set by moe-attention-tensor-cores; KernelLibrary.h getBlockVariant).
constexpr const char *kGpuBlockVariant = "moe.gpu_block_variant";
constexpr const char *kInput = "moe.input";
constexpr const char *kOutput = "moe.output";
constexpr const char *kParam = "moe.param";
constexpr const char *kTransforms = "moe.transforms";
constexpr const char *kViewShape = "moe.view_shape";
constexpr const char *kSliceOffsets = "moe.slice_offsets";
constexpr const char *kSliceSizes = "moe.slice_sizes";
constexpr const char *kCache = "moe.cache";
constexpr const char *kArena = "moe.arena";
/// Expert parallelism: the entry's ranks and bound of received rows; a
/// weight argument's slot -> expert placement (rank r binds its L slots).
constexpr const char *kEpSize = "moe.ep_size";
constexpr const char *kMaxReceived = "moe.max_received";
constexpr const char *kExpertSlots = "moe.expert_slots";
/// moe-overlap-a2a: on `moe.ep_dispatch` / `moe.ep_combine`, lower to an
/// exchange `start` there and its `wait` just before the first user of a
/// result; on the module, {prefill = [N, min_tokens], decode = [...]}
/// micro-batching, copied to each entry as the two attributes below.
constexpr const char *kAsync = "moe.async";
constexpr const char *kOverlap = "moe.overlap";
constexpr const char *kMicroBatches = "moe.micro_batches";
constexpr const char *kMicroBatchMinTokens = "moe.micro_batch_min_tokens";
/// moe-lower-train-step: a persistent training buffer argument ("grad.<p>",
/// "adam_m.<p>", "adam_v.<p>"), and the batch-shape argument (a
/// `memref<?x?xi8>` never passed to a kernel: its dims are S and C).
constexpr const char *kState = "moe.state";
constexpr const char *kBatchShape = "moe.batch_shape";
/// moe-lower-train-step: on the launch that starts the backward pass (the
/// loss); moe-plan-buffers then records on the entry the bytes of the buffers
/// live across it (the activations the forward keeps for the backward).
constexpr const char *kBackwardStart = "moe.backward_start";
constexpr const char *kStashBytes = "moe.stash_bytes";
} // namespace attrs

} // namespace moe
} // namespace mlir

#endif // MOE_LOWERING_PASSES_H
