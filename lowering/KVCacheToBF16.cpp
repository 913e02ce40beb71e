//===- KVCacheToBF16.cpp - bf16 storage for the KV caches -----------------===//
//
// Every KV cache argument of an entry point (not the scratch of MLA's naive
// prefill) becomes bf16; the launches reading or writing one switch to the
// kernels' bf16-storage variants. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/SetVector.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEKVCACHETOBF16
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

/// Retypes `v`'s views (reinterpret_cast, cast) to bf16 and collects the
/// launches using `v` or a view; fails, with an error naming `cache`, on any
/// other use.
LogicalResult retypeViews(Value v, StringRef cache,
                          llvm::SetVector<LaunchOp> &launches) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    if (isa<memref::DimOp>(user))
      continue;
    if (auto launch = dyn_cast<LaunchOp>(user)) {
      launches.insert(launch);
      continue;
    }
    if (isa<memref::ReinterpretCastOp, memref::CastOp>(user) &&
        use.getOperandNumber() == 0) {
      user->getResult(0).setType(toBF16(user->getResult(0).getType()));
      if (failed(retypeViews(user->getResult(0), cache, launches)))
        return failure();
      continue;
    }
    return user->emitError("moe-kv-cache-to-bf16: KV cache '")
           << cache << "' is used by " << user->getName()
           << ", expected a launch or a view";
  }
  return success();
}

struct KVCacheToBF16 : public moe::impl::MoEKVCacheToBF16Base<KVCacheToBF16> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::SmallSetVector<StringRef, 4> replaced;
    for (auto fn : module.getOps<func::FuncOp>()) {
      if (!fn->hasAttr(attrs::kEntry))
        continue;
      llvm::SetVector<LaunchOp> launches;
      llvm::SmallPtrSet<Value, 8> caches;
      SmallVector<Type> argTypes(fn.getArgumentTypes());
      for (BlockArgument arg : fn.getArguments()) {
        auto name = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                    attrs::kCache);
        auto type = dyn_cast<MemRefType>(arg.getType());
        // The scratch of MLA's naive prefill holds per-call products
        // (mla_expand's output), not cached rows.
        if (!name || name.getValue().starts_with("scratch.") || !type ||
            !type.getElementType().isF32())
          continue;
        arg.setType(toBF16(type));
        argTypes[arg.getArgNumber()] = arg.getType();
        caches.insert(arg);
        if (failed(retypeViews(arg, name.getValue(), launches)))
          return signalPassFailure();
      }
      fn.setType(FunctionType::get(module.getContext(), argTypes,
                                   fn.getResultTypes()));
      for (LaunchOp launch : launches) {
        SmallVector<int> args;
        for (auto [i, v] : llvm::enumerate(launch.getArgs()))
          if (caches.contains(getViewRoot(v)))
            args.push_back(static_cast<int>(i));
        StringRef kernel = launch.getKernel();
        const BF16StorageVariant *variant =
            findBF16StorageVariant(kernel, args);
        if (!variant) {
          InFlightDiagnostic d = launch.emitError(
              "moe-kv-cache-to-bf16: kernel '");
          d << kernel << "' has no variant taking operand";
          d << (args.size() > 1 ? "s " : " ");
          llvm::interleaveComma(args, d);
          d << " as a bf16 KV cache";
          return signalPassFailure();
        }
        if (!getOrInsertKernel(module, variant->name, launch.getLoc()))
          return signalPassFailure();
        replaced.insert(kernel);
        launch.setKernelAttr(
            FlatSymbolRefAttr::get(module.getContext(), variant->name));
      }
    }
    for (StringRef name : replaced)
      eraseKernelIfUnused(module, name);
  }
};

} // namespace
