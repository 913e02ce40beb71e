//===- MLAAbsorb.cpp - MLA weight absorption (HF_MATH 14) -----------------===//
//
// The absorbed weights are views of `kv_b`, not new parameters: the pass
// states them as static slices of the reshaped weight, so that any consumer
// (interpreter, lowering, artifact) derives them from the checkpoint.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEMLAABSORB
#include "passes/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

struct MoEMLAAbsorbPass : public moe::impl::MoEMLAAbsorbBase<MoEMLAAbsorbPass> {
  using MoEMLAAbsorbBase::MoEMLAAbsorbBase;

  void runOnOperation() override {
    if (prefill != "naive" && prefill != "absorbed") {
      getOperation()->emitError()
          << "moe-mla-absorb: prefill must be 'naive' or 'absorbed', got '"
          << prefill << "'";
      return signalPassFailure();
    }
    getOperation()->walk([&](MLAAttentionOp op) {
      if (!op.isAbsorbed())
        absorb(op);
      if (prefill == "absorbed")
        op.setAbsorbPrefill(true);
    });
  }

  void absorb(MLAAttentionOp op) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    auto kvb = cast<RankedTensorType>(op.getKvBWeight().getType());
    int64_t heads = op.getNumHeads(), nope = op.getQkNopeHeadDim(),
            v = op.getVHeadDim(), lora = op.getKvLoraRank();
    auto perHead = RankedTensorType::get({heads, nope + v, lora},
                                         kvb.getElementType());
    Value view = tensor::ExpandShapeOp::create(
        b, loc, perHead, op.getKvBWeight(),
        SmallVector<ReassociationIndices>{{0, 1}, {2}});
    auto slice = [&](int64_t first, int64_t rows) -> Value {
      auto type =
          RankedTensorType::get({heads, rows, lora}, kvb.getElementType());
      return tensor::ExtractSliceOp::create(
          b, loc, type, view, ValueRange{}, ValueRange{}, ValueRange{},
          b.getDenseI64ArrayAttr({0, first, 0}),
          b.getDenseI64ArrayAttr({heads, rows, lora}),
          b.getDenseI64ArrayAttr({1, 1, 1}));
    };
    Value wUk = slice(0, nope), wUv = slice(nope, v);
    op.getWUkMutable().assign(wUk);
    op.getWUvMutable().assign(wUv);
  }
};

} // namespace
