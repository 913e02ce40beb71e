//===- KVCacheToBF16.cpp - bf16 storage for the KV caches -----------------===//
//
// Every KV cache argument of an entry point (not the scratch of MLA's naive
// prefill) becomes bf16; the launches reading or writing one switch to the
// kernels' bf16-storage variants, and mla_expand reads the latent rows
// widened to f32 by kv_load_cbf16. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

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

/// mla_expand(kv, ...) on a bf16 latent cache `kv`: reads an f32 copy of the
/// rows it expands instead, made by kv_load_cbf16 into scratch shared by the
/// entry's layers (an f32 kv keeps mla_expand's products on cuBLASLt on CUDA).
LogicalResult widenForMlaExpand(func::FuncOp fn, LaunchOp launch,
                                llvm::StringMap<Value> &scratch) {
  OpOperand &kvOperand = launch.getArgsMutable()[0];
  auto kvType = cast<MemRefType>(kvOperand.get().getType());
  if (!kvType.getLayout().isIdentity() || kvType.getRank() != 4)
    return launch.emitError("moe-kv-cache-to-bf16: mla_expand reads a view "
                            "of a KV cache, expected the cache itself");
  auto f32Type = MemRefType::get(kvType.getShape(),
                                 Float32Type::get(fn.getContext()));
  std::string name = "scratch.mla_kv." + std::to_string(kvType.getDimSize(2)) +
                     "x" + std::to_string(kvType.getDimSize(3)) + ".-1";
  Value &rows = scratch[name];
  if (!rows) {
    unsigned i = fn.getNumArguments();
    OpBuilder b(fn.getContext());
    NamedAttrList attrs;
    attrs.append(attrs::kCache, b.getStringAttr(name));
    if (failed(fn.insertArgument(i, f32Type,
                                 attrs.getDictionary(fn.getContext()),
                                 fn.getLoc())))
      return failure();
    rows = fn.getArgument(i);
  }
  OpBuilder b(launch);
  ValueRange args = launch.getArgs();
  LaunchOp::create(b, launch.getLoc(), "kv_load_cbf16", launch.getItems(),
                   ValueRange{kvOperand.get(), args[2], args[3], rows});
  kvOperand.set(rows);
  return success(static_cast<bool>(
      getOrInsertKernel(fn->getParentOfType<ModuleOp>(), "kv_load_cbf16",
                        launch.getLoc())));
}

struct KVCacheToBF16 : public moe::impl::MoEKVCacheToBF16Base<KVCacheToBF16> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::SmallSetVector<StringRef, 4> replaced;
    for (auto fn : module.getOps<func::FuncOp>()) {
      if (!fn->hasAttr(attrs::kEntry))
        continue;
      llvm::SetVector<LaunchOp> launches;
      llvm::StringMap<Value> scratch;
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
        if (kernel == "mla_expand" && args == ArrayRef<int>{0}) {
          if (failed(widenForMlaExpand(fn, launch, scratch)))
            return signalPassFailure();
          continue;
        }
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
