//===- KernelLibrary.h - The CPU kernels carried by the compiler -*- C++ -*-===//
//
// The kernels of lowering/kernels/*.mlir, embedded at build time. Each is one
// `func.func @<name>` following the ABI of lowering/kernels/README.md.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_LOWERING_KERNELLIBRARY_H
#define MOE_LOWERING_KERNELLIBRARY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir {
namespace moe {

/// The MLIR source of kernel `name`, or an empty string.
llvm::StringRef getKernelSource(llvm::StringRef name);

/// Makes sure `module` holds kernel `name` (parsed from the library and
/// cloned in once, marked `moe.kernel`); returns it, or null after emitting
/// an error at `loc`.
func::FuncOp getOrInsertKernel(ModuleOp module, llvm::StringRef name,
                               Location loc);

/// A kernel derived from a library kernel by storing some of its memref
/// arguments as bf16 (`storeArgsAsBF16`): `name` runs `base` with the
/// arguments `args` (numbered after wg and nwg; -1 ends the list) bf16.
struct BF16StorageVariant {
  const char *name;
  const char *base;
  int args[2];
};

/// The bf16-storage variant called `name` (e.g. "attention_kvbf16"), or null.
const BF16StorageVariant *getBF16StorageVariant(llvm::StringRef name);

/// The bf16-storage variant of `base` whose bf16 arguments are `args`
/// (numbered after wg and nwg), or null.
const BF16StorageVariant *findBF16StorageVariant(llvm::StringRef base,
                                                 llvm::ArrayRef<int> args);

/// Stores the memref arguments `args` (block argument numbers) of the kernel
/// `fn` (a func.func or gpu.func) as bf16 instead of f32: the arguments and
/// the views taken of them in the body (extract_strided_metadata,
/// reinterpret_cast, cast, subview) are retyped, every load (memref.load,
/// vector.load, vector.maskedload) is extended to f32 after it, and every
/// stored f32 value is rounded to bf16 (to nearest even, NaNs stay quiet
/// NaNs: the rounding of the to_bf16 kernel and of the runtime's bf16
/// weights) before the store; the f32 arithmetic is unchanged; memref.dim and
/// memref.prefetch take the bf16 memref as it is. Fails, with an error naming
/// `what`, on any other use of such a memref.
LogicalResult storeArgsAsBF16(FunctionOpInterface fn,
                              llvm::ArrayRef<unsigned> args,
                              llvm::StringRef what);

/// The sm_90a template of library kernel `kernel` (lowering/kernels/gpu/,
/// e.g. "grouped_swiglu_nt_bf16_sm90" for grouped_swiglu_nt_bf16), or an
/// empty string. The runtime launches it instead of the kernel's CUDA entry
/// when a launch meets its shape assumptions (its header comment).
llvm::StringRef getSm90Template(llvm::StringRef kernel);

/// The `gpu.module` of `kernel`'s sm_90a template (holding its shared-memory
/// global and `gpu.func`), parsed into `holder`; a null op when there is
/// none; failure (an error at `loc`) when its file is malformed.
FailureOr<gpu::GPUModuleOp> parseSm90Template(MLIRContext *ctx,
                                              llvm::StringRef kernel,
                                              OwningOpRef<ModuleOp> &holder,
                                              Location loc);

/// Erases kernel `name` from `module` when no launch uses it any more (after
/// a pass switched its launches to a variant); nothing when it is absent.
void eraseKernelIfUnused(ModuleOp module, llvm::StringRef name);

/// The MLIR source of kernel `name`'s narrow-register version
/// (lowering/kernels/narrow/<name>.mlir: the GEMMs' register tiles for CPUs
/// with 16 vector registers, bitwise the same results), or an empty string.
llvm::StringRef getNarrowKernelSource(llvm::StringRef name);

/// The MLIR source of the CUDA block version of kernel `name`
/// (lowering/kernels/block/<name>.mlir), or an empty string.
llvm::StringRef getBlockKernelSource(llvm::StringRef name);

/// The block variants of kernel `kernel` (e.g. "attention_tiled" and
/// "attention_tc" for attention: lowering/kernels/block/<variant>.mlir,
/// `gpu.func @mxg_<variant>` with the kernel's arguments), its default
/// first; only those on tensor cores with `tensorCoresOnly`. A bf16-storage
/// variant's are its base's, of the same bf16 arguments (e.g.
/// "attention_tiled_kvbf16" for attention_kvbf16).
llvm::SmallVector<llvm::StringRef> getBlockVariants(llvm::StringRef kernel,
                                                    bool tensorCoresOnly = false);

/// The block variant that kernel function `kernel` uses on CUDA: the one its
/// `moe.gpu_block_variant` attribute names (moe-attention-tensor-cores),
/// else its default, else an empty string. moe-kernels-to-gpu adds it beside
/// the kernel's block version; the runtime launches it instead of that one
/// where the variant's rule says (runtime/exec/Model.cpp).
llvm::StringRef getBlockVariant(func::FuncOp kernel);

/// The kernel whose block version `name` runs: `name` itself, or, for a
/// bf16-weight variant `<base>_wbf16` (and for `matmul_nt_bf16`, whose x is
/// bf16 too) without a block file of its own and for a bf16-storage variant
/// (above), `<base>` (moe-kernels-to-gpu then retypes its bf16 arguments).
llvm::StringRef getBlockKernelOrigin(llvm::StringRef name);

/// The block version of kernel `name`: the `gpu.func @mxg_<origin>` (with
/// `known_block_size = array<i32: N, 1, 1>`) of its origin (above), parsed
/// into `holder`; a null op when there is none; failure (an error at `loc`)
/// when its file is malformed.
FailureOr<gpu::GPUFuncOp> parseBlockKernel(MLIRContext *ctx,
                                           llvm::StringRef name,
                                           OwningOpRef<ModuleOp> &holder,
                                           Location loc);

/// N, the threads per block of kernel `name`'s block version; 0 when it has
/// none (its CUDA entry then runs one workgroup per thread).
int64_t getBlockKernelThreads(MLIRContext *ctx, llvm::StringRef name);

/// The textual pass pipeline lowering kernels to the LLVM dialect
/// (lowering/kernels/pipeline.txt).
llvm::StringRef getKernelPipeline();

/// The textual pass pipeline lowering the `gpu.module` of moe-kernels-to-gpu
/// to the NVVM/LLVM dialects (lowering/kernels/pipeline-nvvm.txt).
llvm::StringRef getNVVMKernelPipeline();

} // namespace moe
} // namespace mlir

#endif // MOE_LOWERING_KERNELLIBRARY_H
