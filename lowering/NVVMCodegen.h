//===- NVVMCodegen.h - Kernels -> PTX and a cubin for CUDA -------*- C++ -*-===//
//
// The CUDA side of "one kernel IR, two targets": the kernel functions of a
// module are wrapped as `gpu.func` entries (moe-kernels-to-gpu), lowered
// through upstream MLIR's NVVM path (lowering/kernels/pipeline-nvvm.txt,
// `nvvm-attach-target`, `gpu-module-to-binary{format=isa}`, libdevice linked
// from the CUDA toolkit) to PTX, and assembled to a cubin with the toolkit's
// `ptxas`. The artifact carries both.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_LOWERING_NVVMCODEGEN_H
#define MOE_LOWERING_NVVMCODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>

namespace mlir {
namespace moe {

struct CUDACode {
  /// e.g. "sm_90a".
  std::string chip;
  std::string ptx;
  std::string cubin;
};

/// Adds the passes that turn the kernels of a module into a `gpu.binary`
/// for `chip`: moe-kernels-to-gpu, nvvm-attach-target, the NVVM pipeline
/// (lowering/kernels/pipeline-nvvm.txt), then gpu-module-to-binary with
/// `format` ("isa": PTX text, "bin": a cubin through ptxas).
LogicalResult buildKernelsToPTXPipeline(OpPassManager &pm, StringRef chip,
                                        StringRef format,
                                        bool blockKernels = true);

/// Registers what gpu-module-to-binary needs for NVVM targets: the NVVM
/// target interface and the translations of the dialects it exports.
void registerNVVMCodegenInterfaces(DialectRegistry &registry);

/// Registers `moe-kernels-to-ptx{chip=sm_90a format=isa}`, the pipeline above
/// as one moe-opt flag.
void registerKernelsToPTXPipeline();

/// Compiles every `func.func` marked `moe.kernel` of `module` for `chip`
/// (with their block versions, lowering/kernels/block/, if `blockKernels`).
FailureOr<CUDACode> compileKernelsForCUDA(ModuleOp module, StringRef chip,
                                          bool blockKernels);

/// Symbol of the CUDA entry (`gpu.func`) of kernel `name`.
std::string gpuKernelSymbol(StringRef name);

} // namespace moe
} // namespace mlir

#endif // MOE_LOWERING_NVVMCODEGEN_H
