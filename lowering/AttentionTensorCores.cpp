//===- AttentionTensorCores.cpp - attention's CUDA tiles on tensor cores --===//
//
// Marks each kernel function with a block variant on tensor cores (today
// attention's, attention_tc) to use it on CUDA. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEATTENTIONTENSORCORES
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

struct AttentionTensorCores
    : public moe::impl::MoEAttentionTensorCoresBase<AttentionTensorCores> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (!fn->hasAttr(attrs::kKernel))
        continue;
      SmallVector<StringRef> tc =
          getBlockVariants(fn.getSymName(), /*tensorCoresOnly=*/true);
      if (!tc.empty())
        fn->setAttr(attrs::kGpuBlockVariant,
                    StringAttr::get(&getContext(), tc.front()));
    }
  }
};

} // namespace
