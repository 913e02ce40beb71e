//===- WeightsToBF16.cpp - bf16 storage for the GEMM/embedding weights ----===//
//
// A weight argument of an entry point becomes bf16 when all of its uses (seen
// through views) are weight operands of kernels with a bf16-weight variant;
// those launches switch to the variant. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEWEIGHTSTOBF16
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

/// A kernel whose weight operand (`operand`, counted after (wg, nwg)) may be
/// bf16 in its variant `bf16`.
struct Variant {
  StringRef kernel;
  unsigned operand;
  StringRef bf16;
};
constexpr Variant kVariants[] = {
    {"matmul_nt", 1, "matmul_nt_wbf16"},
    {"grouped_matmul_nt", 1, "grouped_matmul_nt_wbf16"},
    {"embedding", 0, "embedding_wbf16"},
};

const Variant *variantOf(StringRef kernel) {
  for (const Variant &v : kVariants)
    if (v.kernel == kernel)
      return &v;
  return nullptr;
}

/// True when `launch` computes router logits: its output (operand `out` after
/// (wg, nwg)) is read by a `router` or `route_dispatch` launch.
bool feedsRouter(LaunchOp launch, unsigned out) {
  Value buffer = getViewRoot(launch.getArgs()[out]);
  SmallVector<Value> worklist{buffer};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<memref::ReinterpretCastOp, memref::CastOp>(user))
        worklist.push_back(user->getResult(0));
      else if (auto l = dyn_cast<LaunchOp>(user))
        if (l.getKernel() == "router" || l.getKernel() == "route_dispatch")
          return true;
    }
  }
  return false;
}

/// Collects the views of `v` (into `views`, in def-before-use order) and the
/// launches using `v` or a view as their variant's weight operand; false when
/// some other use exists.
bool collectUses(Value v, SmallVectorImpl<Operation *> &views,
                 SmallVectorImpl<LaunchOp> &launches) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    if (isa<memref::ReinterpretCastOp, memref::CastOp>(user) &&
        use.getOperandNumber() == 0) {
      views.push_back(user);
      if (!collectUses(user->getResult(0), views, launches))
        return false;
      continue;
    }
    if (isa<memref::DimOp>(user))
      continue;
    auto launch = dyn_cast<LaunchOp>(user);
    if (!launch)
      return false;
    const Variant *variant = variantOf(launch.getKernel());
    unsigned first = launch.getArgs().getBeginOperandIndex();
    if (!variant || use.getOperandNumber() != first + variant->operand)
      return false;
    // Router gates stay f32: they are small, and bf16 logits would move
    // tokens to other experts where the top-k scores are close.
    if (variant->kernel == "matmul_nt" && feedsRouter(launch, 3))
      return false;
    launches.push_back(launch);
  }
  return true;
}

struct WeightsToBF16
    : public moe::impl::MoEWeightsToBF16Base<WeightsToBF16> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::SmallSetVector<StringRef, 4> replaced;
    for (auto fn : module.getOps<func::FuncOp>()) {
      if (!fn->hasAttr(attrs::kEntry))
        continue;
      SmallVector<Type> argTypes(fn.getArgumentTypes());
      for (BlockArgument arg : fn.getArguments()) {
        auto type = dyn_cast<MemRefType>(arg.getType());
        if (!fn.getArgAttr(arg.getArgNumber(), attrs::kParam) || !type ||
            !type.getElementType().isF32() || type.getRank() < 2)
          continue;
        SmallVector<Operation *> views;
        SmallVector<LaunchOp> launches;
        if (!collectUses(arg, views, launches) || launches.empty())
          continue;
        arg.setType(toBF16(type));
        argTypes[arg.getArgNumber()] = arg.getType();
        for (Operation *view : views)
          view->getResult(0).setType(toBF16(view->getResult(0).getType()));
        for (LaunchOp launch : launches) {
          const Variant *variant = variantOf(launch.getKernel());
          if (!getOrInsertKernel(module, variant->bf16, launch.getLoc()))
            return signalPassFailure();
          replaced.insert(variant->kernel);
          launch.setKernelAttr(
              FlatSymbolRefAttr::get(module.getContext(), variant->bf16));
        }
      }
      fn.setType(FunctionType::get(module.getContext(), argTypes,
                                   fn.getResultTypes()));
    }
    // The f32 kernels no launch uses any more.
    for (StringRef name : replaced)
      eraseKernelIfUnused(module, name);
  }
};

} // namespace
