//===- CPUCodegen.cpp - Kernels -> an ELF shared object for the host ------===//

#include "lowering/CPUCodegen.h"
#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"
#include "runtime/artifact/CpuFeatures.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::moe;

std::string mlir::moe::packedKernelSymbol(StringRef name) {
  return ("mxa_" + name).str();
}

/// Adds `void mxa_<name>(ptr args)` calling `_mlir_ciface_<name>` with the
/// pointed-to arguments: descriptor pointers as they are, scalars loaded.
static LogicalResult addPackedEntry(llvm::Module &m, StringRef name,
                                    Location loc) {
  llvm::Function *callee = m.getFunction(("_mlir_ciface_" + name).str());
  if (!callee)
    return emitError(loc) << "kernel @" << name
                          << " has no C interface (llvm.emit_c_interface)";
  llvm::LLVMContext &ctx = m.getContext();
  llvm::Type *ptr = llvm::PointerType::get(ctx, 0);
  auto *type =
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptr}, false);
  auto *fn = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                    packedKernelSymbol(name), m);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  SmallVector<llvm::Value *> args;
  for (auto [i, param] : llvm::enumerate(callee->args())) {
    llvm::Value *slot = b.CreateConstGEP1_64(ptr, fn->getArg(0), i);
    llvm::Value *p = b.CreateLoad(ptr, slot);
    args.push_back(param.getType()->isPointerTy()
                       ? p
                       : b.CreateLoad(param.getType(), p));
  }
  b.CreateCall(callee, args);
  b.CreateRetVoid();
  return success();
}

static FailureOr<std::string> linkSharedObject(StringRef object,
                                               Location loc) {
  SmallString<128> objPath, soPath;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("moe-kernels", "o", fd, objPath) ||
      llvm::sys::fs::createTemporaryFile("moe-kernels", "so", soPath))
    return emitError(loc) << "cannot create temporary files for linking";
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << object;
  }
  llvm::scope_exit cleanup([&] {
    llvm::sys::fs::remove(objPath);
    llvm::sys::fs::remove(soPath);
  });
  std::string linker;
  for (const char *name : {"ld.lld-22", "ld.lld", "ld"})
    if (auto p = llvm::sys::findProgramByName(name)) {
      linker = *p;
      break;
    }
  if (linker.empty())
    return emitError(loc) << "no linker found (ld.lld or ld) to build the "
                             "kernel shared object";
  // compiler-rt's builtins for the calls the backend may emit (e.g.
  // __truncsfbf2 for bf16 without AVX512-BF16); only those members link in.
  SmallVector<StringRef> argv = {linker, "-shared", "-o", soPath, objPath,
                                 MOE_CLANG_RT_BUILTINS};
  std::string err;
  if (llvm::sys::ExecuteAndWait(linker, argv, std::nullopt, {}, 0, 0, &err))
    return emitError(loc) << "linking kernels with " << linker
                          << " failed" << (err.empty() ? "" : ": ") << err;
  auto so = llvm::MemoryBuffer::getFile(soPath);
  if (!so)
    return emitError(loc) << "cannot read the linked kernel object";
  return (*so)->getBuffer().str();
}

/// Kernel `fn`'s narrow-register version (a clone with `fn`'s attributes),
/// null if the library has none; an error if it does not match `fn`.
static FailureOr<func::FuncOp> narrowKernel(func::FuncOp fn) {
  StringRef text = getNarrowKernelSource(fn.getSymName());
  if (text.empty())
    return func::FuncOp();
  OwningOpRef<ModuleOp> lib =
      parseSourceString<ModuleOp>(text, ParserConfig(fn.getContext()));
  auto src = lib ? lib->lookupSymbol<func::FuncOp>(fn.getSymName()) : nullptr;
  if (!src || src.getFunctionType() != fn.getFunctionType())
    return fn.emitError("kernel library: kernels/narrow/")
           << fn.getSymName() << ".mlir does not define func.func @"
           << fn.getSymName() << " of type " << fn.getFunctionType();
  auto clone = cast<func::FuncOp>(src->clone());
  clone->setAttrs(fn->getAttrs());
  return clone;
}

FailureOr<CPUCode> mlir::moe::compileKernelsForCPU(ModuleOp module, StringRef cpu,
                                                   CPUTiles tiles) {
  Location loc = module.getLoc();
  MLIRContext *ctx = module.getContext();
  registerBuiltinDialectTranslation(*ctx);
  registerLLVMDialectTranslation(*ctx);

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  CPUCode code;
  code.triple = llvm::sys::getProcessTriple();
  code.cpu = cpu == "native" ? llvm::sys::getHostCPUName().str() : cpu.str();
  std::string features;
  if (cpu == "native")
    for (auto &f : llvm::sys::getHostCPUFeatures())
      features += (features.empty() ? "" : ",") +
                  std::string(f.second ? "+" : "-") + f.first().str();
  std::string err;
  llvm::Triple triple(code.triple);
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target)
    return emitError(loc) << "no LLVM target for " << code.triple << ": "
                          << err;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, code.cpu, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!tm)
    return emitError(loc) << "cannot create a target machine for "
                          << code.cpu;
  // 16 vector registers (x86 without AVX-512): a 4 x 4 tile of
  // vector<16xf32> accumulators (2 ymm each) spills in the K loop.
  bool narrowTiles =
      tiles == CPUTiles::Narrow ||
      (tiles == CPUTiles::Auto && triple.isX86() &&
       !tm->getMCSubtargetInfo()->checkFeatures("+avx512f"));

  // The kernels, alone in a module.
  OwningOpRef<ModuleOp> kernels = ModuleOp::create(loc);
  SmallVector<std::string> names;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn->hasAttr(attrs::kEntry))
      continue;
    func::FuncOp clone;
    if (narrowTiles && fn->hasAttr(attrs::kKernel)) {
      FailureOr<func::FuncOp> narrow = narrowKernel(fn);
      if (failed(narrow))
        return failure();
      clone = *narrow;
    }
    if (!clone)
      clone = cast<func::FuncOp>(fn->clone());
    if (fn->hasAttr(attrs::kKernel)) {
      names.push_back(fn.getSymName().str());
      clone.setPublic();
    }
    kernels->push_back(clone);
  }
  // The pipeline text is anchored on builtin.module, like mlir-opt's
  // --pass-pipeline; the passes go straight into the module's manager.
  StringRef pipeline = getKernelPipeline();
  if (pipeline.consume_front("builtin.module("))
    pipeline.consume_back(")");
  PassManager pm(ctx, ModuleOp::getOperationName());
  if (failed(parsePassPipeline(pipeline, pm)))
    return emitError(loc) << "invalid kernel pipeline: " << getKernelPipeline();
  if (failed(pm.run(*kernels)))
    return emitError(loc) << "lowering the kernels to LLVM failed";

  llvm::LLVMContext llvmCtx;
  std::unique_ptr<llvm::Module> m = translateModuleToLLVMIR(*kernels, llvmCtx);
  if (!m)
    return emitError(loc) << "translating the kernels to LLVM IR failed";
  for (const std::string &name : names)
    if (failed(addPackedEntry(*m, name, loc)))
      return failure();

  if (triple.isX86())
    for (const std::string &f : ::moe::runtime::checkedCpuFeatures())
      if (tm->getMCSubtargetInfo()->checkFeatures("+" + f))
        code.features.push_back(f);
  m->setTargetTriple(triple);
  m->setDataLayout(tm->createDataLayout());
  if (llvm::verifyModule(*m, &llvm::errs()))
    return emitError(loc) << "kernel LLVM IR does not verify";
  if (llvm::Error e = makeOptimizingTransformer(3, 0, tm.get())(m.get()))
    return emitError(loc) << "optimising the kernels failed: "
                          << llvm::toString(std::move(e));

  SmallString<0> object;
  {
    llvm::raw_svector_ostream os(object);
    llvm::legacy::PassManager codegen;
    if (tm->addPassesToEmitFile(codegen, os, nullptr,
                                llvm::CodeGenFileType::ObjectFile))
      return emitError(loc) << "the target cannot emit object files";
    codegen.run(*m);
  }
  FailureOr<std::string> so = linkSharedObject(object, loc);
  if (failed(so))
    return failure();
  code.bytes = std::move(*so);
  return code;
}
