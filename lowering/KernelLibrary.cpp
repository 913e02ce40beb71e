//===- KernelLibrary.cpp - The CPU kernels carried by the compiler --------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringRef.h"

using namespace mlir;

namespace {
struct KernelSource {
  const char *name;
  const char *text;
};
const KernelSource kKernels[] = {
#include "lowering/KernelSources.inc"
};
const char kPipeline[] =
#include "lowering/KernelPipeline.inc"
    ;
const char kNVVMPipeline[] =
#include "lowering/KernelPipelineNVVM.inc"
    ;
} // namespace

llvm::StringRef moe::getKernelSource(llvm::StringRef name) {
  for (const KernelSource &k : kKernels)
    if (name == k.name)
      return k.text;
  return {};
}

llvm::StringRef moe::getKernelPipeline() {
  return llvm::StringRef(kPipeline).trim();
}

llvm::StringRef moe::getNVVMKernelPipeline() {
  return llvm::StringRef(kNVVMPipeline).trim();
}

func::FuncOp moe::getOrInsertKernel(ModuleOp module, llvm::StringRef name,
                                    Location loc) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  llvm::StringRef text = getKernelSource(name);
  if (text.empty()) {
    emitError(loc) << "no kernel named '" << name << "' in the library";
    return nullptr;
  }
  OwningOpRef<ModuleOp> lib =
      parseSourceString<ModuleOp>(text, ParserConfig(module.getContext()));
  if (!lib) {
    emitError(loc) << "kernel library: cannot parse kernel '" << name << "'";
    return nullptr;
  }
  if (!lib->lookupSymbol<func::FuncOp>(name)) {
    emitError(loc) << "kernel library: file of '" << name
                   << "' has no func.func @" << name;
    return nullptr;
  }
  // Helper functions a kernel file may define come along with it.
  for (auto src : lib->getOps<func::FuncOp>()) {
    if (module.lookupSymbol(src.getSymName()))
      continue;
    auto clone = cast<func::FuncOp>(src->clone());
    if (clone.getSymName() == name)
      clone->setAttr(attrs::kKernel, UnitAttr::get(module.getContext()));
    module.push_back(clone);
  }
  auto fn = module.lookupSymbol<func::FuncOp>(name);
  return fn;
}
