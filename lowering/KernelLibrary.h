//===- KernelLibrary.h - The CPU kernels carried by the compiler -*- C++ -*-===//
//
// The kernels of lowering/kernels/*.mlir, embedded at build time. Each is one
// `func.func @<name>` following the ABI of lowering/kernels/README.md.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_LOWERING_KERNELLIBRARY_H
#define MOE_LOWERING_KERNELLIBRARY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir {
namespace moe {

/// The MLIR source of kernel `name`, or an empty string.
llvm::StringRef getKernelSource(llvm::StringRef name);

/// Makes sure `module` holds kernel `name` (parsed from the library and
/// cloned in once, marked `moe.kernel`); returns it, or null after emitting
/// an error at `loc`.
func::FuncOp getOrInsertKernel(ModuleOp module, llvm::StringRef name,
                               Location loc);

/// The textual pass pipeline lowering kernels to the LLVM dialect
/// (lowering/kernels/pipeline.txt).
llvm::StringRef getKernelPipeline();

/// The textual pass pipeline lowering the `gpu.module` of moe-kernels-to-gpu
/// to the NVVM/LLVM dialects (lowering/kernels/pipeline-nvvm.txt).
llvm::StringRef getNVVMKernelPipeline();

} // namespace moe
} // namespace mlir

#endif // MOE_LOWERING_KERNELLIBRARY_H
