//===- CPUCodegen.h - Kernels -> an ELF shared object for the host -*- C++ -*-===//
//
// Lowers the kernel functions of a module through upstream MLIR to the LLVM
// dialect (the pipeline of lowering/kernels/pipeline.txt), translates them to
// LLVM IR, adds the packed entry `mxa_<name>(void **args)` of every kernel
// (lowering/kernels/README.md), optimises at O3 for the host CPU, emits an
// object file and links it into a shared object with the system linker.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_LOWERING_CPUCODEGEN_H
#define MOE_LOWERING_CPUCODEGEN_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace mlir {
namespace moe {

struct CPUCode {
  std::string triple;
  std::string cpu;
  /// The x86 extensions the code may use, of those the runtime checks
  /// (runtime/artifact/CpuFeatures.h).
  std::vector<std::string> features;
  /// The ELF shared object.
  std::string bytes;
};

/// Register tiles of the GEMM kernels: Auto takes the narrow-register
/// versions (lowering/kernels/narrow/) for x86 CPUs without AVX-512 (16
/// vector registers), the library's (wide) otherwise.
enum class CPUTiles { Auto, Wide, Narrow };

/// Compiles every `func.func` marked `moe.kernel` of `module` (and the
/// helper functions they call). `cpu` is an LLVM CPU name or "native".
FailureOr<CPUCode> compileKernelsForCPU(ModuleOp module, StringRef cpu,
                                        CPUTiles tiles = CPUTiles::Auto);

/// Symbol of the packed entry of kernel `name`.
std::string packedKernelSymbol(StringRef name);

} // namespace moe
} // namespace mlir

#endif // MOE_LOWERING_CPUCODEGEN_H
