//===- KernelLibrary.cpp - The CPU kernels carried by the compiler --------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
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
const KernelSource kBlockKernels[] = {
#include "lowering/BlockKernelSources.inc"
};
const KernelSource kGpuTemplates[] = {
#include "lowering/GpuTemplateSources.inc"
};
/// Library kernels with an sm_90a template: the template (a file of
/// kernels/gpu/ holding `gpu.func @<template>`).
struct Sm90Template {
  const char *kernel;
  const char *name;
};
const Sm90Template kSm90Templates[] = {
    {"grouped_matmul_nt_bf16", "grouped_matmul_nt_bf16_f32_sm90"},
    {"grouped_swiglu_nt_bf16", "grouped_swiglu_nt_bf16_sm90"},
};
/// Library kernels with a block variant: a second block version (a file of
/// kernels/block/ of that name) with the same arguments, which the runtime
/// launches instead of the first where its rule says (Kernel.gpu_variant_symbol).
struct BlockVariant {
  const char *kernel;
  const char *name;
};
const BlockVariant kBlockVariants[] = {
    {"attention", "attention_tiled"},
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

llvm::StringRef moe::getBlockKernelSource(llvm::StringRef name) {
  for (const KernelSource &k : kBlockKernels)
    if (name == k.name)
      return k.text;
  return {};
}

void moe::eraseKernelIfUnused(ModuleOp module, llvm::StringRef name) {
  auto kernel = module.lookupSymbol<func::FuncOp>(name);
  if (kernel && SymbolTable::symbolKnownUseEmpty(kernel, module))
    kernel.erase();
}

llvm::StringRef moe::getSm90Template(llvm::StringRef kernel) {
  for (const Sm90Template &t : kSm90Templates)
    if (kernel == t.kernel)
      return t.name;
  return {};
}

FailureOr<gpu::GPUModuleOp>
moe::parseSm90Template(MLIRContext *ctx, llvm::StringRef kernel,
                       OwningOpRef<ModuleOp> &holder, Location loc) {
  llvm::StringRef name = getSm90Template(kernel);
  if (name.empty())
    return gpu::GPUModuleOp();
  llvm::StringRef text;
  for (const KernelSource &k : kGpuTemplates)
    if (name == k.name)
      text = k.text;
  holder = parseSourceString<ModuleOp>(text, ParserConfig(ctx));
  gpu::GPUModuleOp module;
  if (holder)
    holder->walk([&](gpu::GPUModuleOp m) {
      if (m.getName() == name && m.lookupSymbol<gpu::GPUFuncOp>(name))
        module = m;
    });
  if (!module)
    return emitError(loc) << "kernel library: kernels/gpu/" << name
                          << ".mlir must hold gpu.module @" << name
                          << " with gpu.func @" << name;
  return module;
}

FailureOr<gpu::GPUFuncOp>
moe::parseBlockKernel(MLIRContext *ctx, llvm::StringRef name,
                      OwningOpRef<ModuleOp> &holder, Location loc) {
  name = getBlockKernelOrigin(name);
  llvm::StringRef text = getBlockKernelSource(name);
  if (text.empty())
    return gpu::GPUFuncOp();
  holder = parseSourceString<ModuleOp>(text, ParserConfig(ctx));
  std::string symbol = ("mxg_" + name).str();
  gpu::GPUFuncOp fn;
  if (holder)
    holder->walk([&](gpu::GPUFuncOp f) {
      if (f.getName() == symbol)
        fn = f;
    });
  if (!fn || !fn.isKernel() || !fn.getKnownBlockSize() ||
      (*fn.getKnownBlockSize())[1] != 1 || (*fn.getKnownBlockSize())[2] != 1)
    return emitError(loc)
           << "kernel library: kernels/block/" << name << ".mlir must hold "
           << "gpu.func @" << symbol << " kernel with known_block_size = "
           << "array<i32: N, 1, 1>";
  return fn;
}

llvm::StringRef moe::getBlockVariant(llvm::StringRef kernel) {
  for (const BlockVariant &v : kBlockVariants)
    if (kernel == v.kernel)
      return v.name;
  return {};
}

llvm::StringRef moe::getBlockKernelOrigin(llvm::StringRef name) {
  llvm::StringRef base = name;
  // matmul_nt_bf16 takes matmul_nt's arguments with x and w bf16.
  if (getBlockKernelSource(name).empty() &&
      (base.consume_back("_wbf16") ||
       (name == "matmul_nt_bf16" && base.consume_back("_bf16"))) &&
      !getBlockKernelSource(base).empty())
    return base;
  return name;
}

int64_t moe::getBlockKernelThreads(MLIRContext *ctx, llvm::StringRef name) {
  OwningOpRef<ModuleOp> holder;
  FailureOr<gpu::GPUFuncOp> fn =
      parseBlockKernel(ctx, name, holder, UnknownLoc::get(ctx));
  if (failed(fn) || !*fn)
    return 0;
  return (*fn->getKnownBlockSize())[0];
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
