//===- DenseToBF16.cpp - bf16 rows for the bf16-weight dense GEMMs --------===//
//
// Every matmul_nt_wbf16 launch becomes to_bf16 + matmul_nt_bf16. See
// Passes.td.
//
//===----------------------------------------------------------------------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEDENSETOBF16
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

/// Rewrites the matmul_nt_wbf16 launches of one entry point, in order. The
/// rounded copy of a buffer is reused by the next launches reading it (say,
/// the q, k and v projections of one normed input) until another op uses
/// the buffer or one of its views (it may write it).
LogicalResult rewriteEntry(ModuleOp module, Block &block) {
  llvm::DenseMap<Value, Value> rounded; // x -> its bf16 copy
  for (Operation &op : llvm::make_early_inc_range(block)) {
    auto launch = dyn_cast<LaunchOp>(op);
    auto forget = [&](Value v) {
      Value root = getViewRoot(v);
      for (auto it = rounded.begin(); it != rounded.end();) {
        if (getViewRoot(it->first) != root) {
          ++it;
          continue;
        }
        rounded.erase(it);
        it = rounded.begin();
      }
    };
    if (!launch || launch.getKernel() != "matmul_nt_wbf16") {
      if (!isa<memref::DimOp, memref::ReinterpretCastOp, memref::CastOp>(op))
        llvm::for_each(op.getOperands(), forget);
      continue;
    }
    Location loc = launch.getLoc();
    if (!getOrInsertKernel(module, "to_bf16", loc) ||
        !getOrInsertKernel(module, "matmul_nt_bf16", loc))
      return failure();
    // matmul_nt_wbf16(x, w, bias, out, has_bias, accumulate).
    OpBuilder b(launch);
    SmallVector<Value> args(launch.getArgs());
    Value &xb = rounded[args[0]];
    if (!xb) {
      // A contiguous bf16 copy of x (its shape, dynamic sizes from x).
      Value x = args[0];
      auto xType = cast<MemRefType>(x.getType());
      SmallVector<Value> dynamic;
      for (int64_t d = 0; d < xType.getRank(); ++d)
        if (xType.isDynamicDim(d))
          dynamic.push_back(memref::DimOp::create(b, loc, x, d));
      xb = memref::AllocOp::create(
          b, loc, MemRefType::get(xType.getShape(), b.getBF16Type()), dynamic);
      Value rows = xType.isDynamicDim(0)
                       ? dynamic.front()
                       : arith::ConstantIndexOp::create(b, loc,
                                                        xType.getDimSize(0))
                             .getResult();
      LaunchOp::create(b, loc, "to_bf16", rows, ValueRange{x, xb});
    }
    args[0] = xb;
    LaunchOp::create(b, loc, "matmul_nt_bf16", launch.getItems(), args);
    launch.erase();
    forget(args[3]); // out: written
  }
  return success();
}

struct DenseToBF16 : public moe::impl::MoEDenseToBF16Base<DenseToBF16> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto fn : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
      if (fn->hasAttr(attrs::kEntry) &&
          failed(rewriteEntry(module, fn.getBody().front())))
        return signalPassFailure();
    eraseKernelIfUnused(module, "matmul_nt_wbf16");
  }
};

} // namespace
