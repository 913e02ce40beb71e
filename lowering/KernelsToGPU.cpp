//===- KernelsToGPU.cpp - The kernels as gpu.func entries -----------------===//
//
// moe-kernels-to-gpu: see Passes.td. The kernels are not rewritten: each one
// is cloned into `gpu.module @mxa_kernels` with a thin `gpu.func` entry that
// maps a GPU thread to one of its workgroups, unless the library has a block
// version of it (lowering/kernels/block/), which is cloned in instead; with
// sm90-templates, a kernel's Hopper template (lowering/kernels/gpu/) too.
//
//===----------------------------------------------------------------------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEKERNELSTOGPU
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

constexpr const char *kGPUModuleName = "mxa_kernels";

/// Adds `gpu.func @mxg_<name>(%nwg: index, args...) kernel` calling `kernel`
/// with (block_id.x * block_dim.x + thread_id.x, %nwg, args...) when the
/// first is below %nwg.
void addEntry(OpBuilder &b, func::FuncOp kernel) {
  Location loc = kernel.getLoc();
  FunctionType type = kernel.getFunctionType();
  SmallVector<Type> inputs(type.getInputs().drop_front(2));
  inputs.insert(inputs.begin(), b.getIndexType());
  auto entry = gpu::GPUFuncOp::create(
      b, loc, ("mxg_" + kernel.getSymName()).str(),
      b.getFunctionType(inputs, {}));
  entry->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  OpBuilder::InsertionGuard guard(b);
  Block &body = entry.getBody().front();
  b.setInsertionPointToStart(&body);
  Value block = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value dim = gpu::BlockDimOp::create(b, loc, gpu::Dimension::x);
  Value thread = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value wg = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, block, dim), thread);
  Value nwg = body.getArgument(0);
  Value active =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, wg, nwg);
  auto ifOp = scf::IfOp::create(b, loc, active, /*withElseRegion=*/false);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  SmallVector<Value> args = {wg, nwg};
  llvm::append_range(args, body.getArguments().drop_front());
  func::CallOp::create(b, loc, kernel, args);
  b.setInsertionPointToEnd(&body);
  gpu::ReturnOp::create(b, loc);
}

/// Adapts the block version of an f32 kernel to its bf16 variant `kernel`
/// (`<base>_wbf16`, `matmul_nt_bf16` or a bf16-storage variant such as
/// `attention_kvbf16`): renames it `mxg_<name>` and stores each memref
/// argument the variant takes as bf16 where the block version takes f32 as
/// bf16 (`storeArgsAsBF16`: loads extended, stores rounded). Fails (with an
/// error) on any other use of such an argument.
LogicalResult widenBlockKernel(gpu::GPUFuncOp block, func::FuncOp kernel,
                               StringRef name) {
  block.setName(("mxg_" + name).str());
  ArrayRef<Type> want = kernel.getFunctionType().getInputs().drop_front(2);
  SmallVector<unsigned> args;
  for (auto [i, type] : llvm::enumerate(want)) {
    auto to = dyn_cast<MemRefType>(type);
    auto from = dyn_cast<MemRefType>(block.getArgument(i + 1).getType());
    if (to && from && to.getElementType().isBF16() &&
        from.getElementType().isF32() && to.getRank() == from.getRank())
      args.push_back(i + 1);
  }
  return storeArgsAsBF16(block, args,
                         ("the block version of " + name).str());
}

struct MoEKernelsToGPUPass
    : public moe::impl::MoEKernelsToGPUBase<MoEKernelsToGPUPass> {
  using MoEKernelsToGPUBase::MoEKernelsToGPUBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> kernels;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn->hasAttr(attrs::kKernel))
        kernels.push_back(fn);
    if (kernels.empty())
      return;
    if (module.lookupSymbol(kGPUModuleName)) {
      module.emitError("moe-kernels-to-gpu: the module already holds @")
          << kGPUModuleName;
      return signalPassFailure();
    }
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    UnitAttr::get(module.getContext()));
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    auto gpuModule = gpu::GPUModuleOp::create(b, module.getLoc(),
                                              kGPUModuleName);
    b.setInsertionPointToStart(gpuModule.getBody());
    // The block versions, checked to take the kernel's arguments.
    SmallVector<func::FuncOp> threaded;
    for (func::FuncOp kernel : kernels) {
      OwningOpRef<ModuleOp> holder;
      FailureOr<gpu::GPUFuncOp> block =
          blockKernels ? parseBlockKernel(&getContext(), kernel.getSymName(),
                                          holder, kernel.getLoc())
                       : FailureOr<gpu::GPUFuncOp>(gpu::GPUFuncOp());
      if (failed(block))
        return signalPassFailure();
      if (!*block) {
        threaded.push_back(kernel);
        continue;
      }
      bool widened =
          getBlockKernelOrigin(kernel.getSymName()) != kernel.getSymName();
      if (widened &&
          failed(widenBlockKernel(*block, kernel, kernel.getSymName())))
        return signalPassFailure();
      SmallVector<Type> expected = {b.getIndexType()};
      llvm::append_range(expected,
                         kernel.getFunctionType().getInputs().drop_front(2));
      if (block->getFunctionType().getInputs() != ArrayRef<Type>(expected)) {
        kernel.emitError("moe-kernels-to-gpu: the block version of '")
            << kernel.getSymName() << "' takes "
            << block->getFunctionType() << ", expected (index, the kernel's "
            << "arguments after wg and nwg)";
        return signalPassFailure();
      }
      b.clone(**block);
      // Its block variant, if any (every one with all-variants), with the
      // same arguments.
      SmallVector<StringRef> known = getBlockVariants(kernel.getSymName());
      SmallVector<StringRef> variants;
      if (allVariants)
        variants = known;
      else if (StringRef chosen = getBlockVariant(kernel); !chosen.empty())
        variants.push_back(chosen);
      for (StringRef variant : variants) {
        if (!llvm::is_contained(known, variant)) {
          kernel.emitError("moe-kernels-to-gpu: '")
              << kernel.getSymName() << "' has no block variant '" << variant
              << "' (" << attrs::kGpuBlockVariant << ")";
          return signalPassFailure();
        }
        OwningOpRef<ModuleOp> variantHolder;
        FailureOr<gpu::GPUFuncOp> other = parseBlockKernel(
            &getContext(), variant, variantHolder, kernel.getLoc());
        if (failed(other) ||
            (*other && widened &&
             failed(widenBlockKernel(*other, kernel, variant))))
          return signalPassFailure();
        if (!*other || other->getFunctionType() != block->getFunctionType()) {
          kernel.emitError("moe-kernels-to-gpu: the block variant '")
              << variant << "' of '" << kernel.getSymName()
              << "' must take the arguments of its block version";
          return signalPassFailure();
        }
        b.clone(**other);
      }
    }
    // The sm_90a templates: their shared-memory window and gpu.func.
    for (func::FuncOp kernel : sm90Templates ? kernels
                                             : SmallVector<func::FuncOp>()) {
      OwningOpRef<ModuleOp> holder;
      FailureOr<gpu::GPUModuleOp> t = parseSm90Template(
          &getContext(), kernel.getSymName(), holder, kernel.getLoc());
      if (failed(t))
        return signalPassFailure();
      if (*t)
        for (Operation &op : t->getBody()->getOperations())
          b.clone(op);
    }
    for (func::FuncOp kernel : threaded) {
      auto clone = cast<func::FuncOp>(b.clone(*kernel));
      clone.setPrivate();
      clone->removeAttr("llvm.emit_c_interface");
      clone->removeAttr(attrs::kKernel);
    }
    for (func::FuncOp kernel : threaded)
      addEntry(b, gpuModule.lookupSymbol<func::FuncOp>(kernel.getSymName()));
  }
};

} // namespace
