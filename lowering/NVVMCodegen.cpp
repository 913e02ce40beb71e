//===- NVVMCodegen.cpp - Kernels -> PTX and a cubin for CUDA --------------===//

#include "lowering/NVVMCodegen.h"
#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::moe;

std::string moe::gpuKernelSymbol(StringRef name) {
  return ("mxg_" + name).str();
}

void moe::registerNVVMCodegenInterfaces(DialectRegistry &registry) {
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
}

constexpr const char *kLibdevice = "nvvm/libdevice/libdevice.10.bc";

/// A file of the CUDA toolkit: under $CUDA_HOME, else /usr/local/cuda.
static std::string findToolkitFile(StringRef relative) {
  SmallVector<std::string> roots;
  if (const char *home = std::getenv("CUDA_HOME"))
    roots.push_back(home);
  roots.push_back("/usr/local/cuda");
  for (const std::string &root : roots) {
    SmallString<128> p(root);
    llvm::sys::path::append(p, relative);
    if (llvm::sys::fs::exists(p))
      return p.str().str();
  }
  return "";
}

LogicalResult moe::buildKernelsToPTXPipeline(OpPassManager &pm, StringRef chip,
                                             StringRef format,
                                             bool blockKernels) {
  // libdevice (expf, powf, ...) is linked explicitly: MLIR looks for the
  // toolkit only through environment variables. Without it the PTX keeps
  // `.extern` declarations and ptxas fails on them.
  std::string libdevice = findToolkitFile(kLibdevice);
  StringRef body = getNVVMKernelPipeline();
  if (body.consume_front("builtin.module("))
    body.consume_back(")");
  std::string pipeline =
      ("moe-kernels-to-gpu{block-kernels=" +
       Twine(blockKernels ? "true" : "false") +
       " sm90-templates=" + (chip == "sm_90a" ? "true" : "false") +
       "}, nvvm-attach-target{chip=" +
       chip +
       " features=+ptx80 O=3" + (libdevice.empty() ? "" : " l=" + libdevice) +
       "}, " + body +
       ", gpu-module-to-binary{format=" + format + "}")
          .str();
  return parsePassPipeline(pipeline, pm);
}

namespace {
struct KernelsToPTXOptions : public PassPipelineOptions<KernelsToPTXOptions> {
  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("CUDA chip, e.g. sm_90a"),
                           llvm::cl::init("sm_90a")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("isa (PTX text) or bin (cubin through ptxas)"),
      llvm::cl::init("isa")};
};
} // namespace

void moe::registerKernelsToPTXPipeline() {
  PassPipelineRegistration<KernelsToPTXOptions>(
      "moe-kernels-to-ptx",
      "The kernels (moe.kernel functions) to a gpu.binary for CUDA: "
      "moe-kernels-to-gpu, nvvm-attach-target, the NVVM pipeline and "
      "gpu-module-to-binary",
      [](OpPassManager &pm, const KernelsToPTXOptions &o) {
        // The options are strings spliced into a fixed pipeline: a bad one
        // fails there, when the pipeline runs, with the pass's own error.
        (void)buildKernelsToPTXPipeline(pm, o.chip, o.format);
      });
}

/// The toolkit's ptxas, else one on PATH.
static std::string findPtxas() {
  std::string p = findToolkitFile("bin/ptxas");
  if (p.empty())
    if (auto onPath = llvm::sys::findProgramByName("ptxas"))
      p = *onPath;
  return p;
}

static FailureOr<std::string> assemble(StringRef ptx, StringRef chip,
                                       Location loc) {
  std::string ptxas = findPtxas();
  if (ptxas.empty())
    return emitError(loc) << "--mxa-cuda-arch: no ptxas found (looked in "
                             "$CUDA_HOME/bin, /usr/local/cuda/bin and PATH)";
  SmallString<128> ptxPath, cubinPath, logPath;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("moe-kernels", "ptx", fd, ptxPath) ||
      llvm::sys::fs::createTemporaryFile("moe-kernels", "cubin", cubinPath) ||
      llvm::sys::fs::createTemporaryFile("moe-kernels", "log", logPath))
    return emitError(loc) << "cannot create temporary files for ptxas";
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << ptx;
  }
  llvm::scope_exit cleanup([&] {
    llvm::sys::fs::remove(ptxPath);
    llvm::sys::fs::remove(cubinPath);
    llvm::sys::fs::remove(logPath);
  });
  std::string arch = ("-arch=" + chip).str();
  SmallVector<StringRef> argv = {ptxas, arch, "-O3", ptxPath, "-o", cubinPath};
  std::optional<StringRef> redirects[] = {std::nullopt, logPath, logPath};
  std::string err;
  int rc = llvm::sys::ExecuteAndWait(ptxas, argv, std::nullopt, redirects, 0,
                                     0, &err);
  if (rc != 0) {
    std::string log;
    if (auto buf = llvm::MemoryBuffer::getFile(logPath))
      log = (*buf)->getBuffer().trim().str();
    return emitError(loc) << "ptxas " << arch << " failed"
                          << (err.empty() ? "" : ": ") << err
                          << (log.empty() ? "" : ":\n") << log;
  }
  auto cubin = llvm::MemoryBuffer::getFile(cubinPath);
  if (!cubin)
    return emitError(loc) << "cannot read the cubin ptxas wrote";
  return (*cubin)->getBuffer().str();
}

FailureOr<CUDACode> moe::compileKernelsForCUDA(ModuleOp module,
                                               StringRef chip,
                                               bool blockKernels) {
  Location loc = module.getLoc();
  MLIRContext *ctx = module.getContext();
  DialectRegistry registry;
  registerNVVMCodegenInterfaces(registry);
  ctx->appendDialectRegistry(registry);

  // The kernels, alone in a module (helper functions they call included).
  OwningOpRef<ModuleOp> kernels = ModuleOp::create(loc);
  for (auto fn : module.getOps<func::FuncOp>())
    if (!fn->hasAttr(attrs::kEntry))
      kernels->push_back(fn->clone());

  if (findToolkitFile(kLibdevice).empty())
    return emitError(loc) << "--mxa-cuda-arch: no CUDA toolkit (looked for "
                          << kLibdevice << " under $CUDA_HOME and "
                          << "/usr/local/cuda)";
  PassManager pm(ctx, ModuleOp::getOperationName());
  if (failed(buildKernelsToPTXPipeline(pm, chip, "isa", blockKernels)))
    return emitError(loc) << "invalid CUDA kernel pipeline for " << chip;
  if (failed(pm.run(*kernels)))
    return emitError(loc) << "lowering the kernels to PTX for " << chip
                          << " failed";

  CUDACode code;
  code.chip = chip.str();
  for (auto binary : kernels->getOps<gpu::BinaryOp>())
    for (Attribute a : binary.getObjects())
      if (auto object = dyn_cast<gpu::ObjectAttr>(a))
        code.ptx = object.getObject().getValue().str();
  if (code.ptx.empty())
    return emitError(loc) << "the NVVM pipeline produced no PTX";
  FailureOr<std::string> cubin = assemble(code.ptx, chip, loc);
  if (failed(cubin))
    return failure();
  code.cubin = std::move(*cubin);
  return code;
}
