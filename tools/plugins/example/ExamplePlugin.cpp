//===- ExamplePlugin.cpp - Example moe-opt pass plugin --------------------===//
//
// An example of a research pass living outside the tree: it is loaded with
//   moe-opt --load-pass-plugin=MoEExamplePlugin.so \
//           --pass-pipeline='builtin.module(moe-example-count-experts)'
// and annotates every `moe.experts` op with the expert count, total expert
// parameters and the layer's share of the module's expert parameters.
//
//===----------------------------------------------------------------------===//

#include "dialects/MoE/IR/MoEOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

using namespace mlir;

namespace {
struct CountExpertsPass
    : public PassWrapper<CountExpertsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CountExpertsPass)

  StringRef getArgument() const final { return "moe-example-count-experts"; }
  StringRef getDescription() const final {
    return "Example plugin pass: annotates moe.experts ops with expert counts";
  }

  void runOnOperation() override {
    int64_t layers = 0, experts = 0;
    getOperation().walk([&](moe::ExpertsOp op) {
      ++layers;
      experts += op.getNumExperts();
      Builder b(op.getContext());
      op->setAttr("example.num_experts",
                  b.getI64IntegerAttr(op.getNumExperts()));
      op->setAttr("example.intermediate_size",
                  b.getI64IntegerAttr(op.getIntermediateSize()));
    });
    Builder b(&getContext());
    getOperation()->setAttr("example.moe_layers", b.getI64IntegerAttr(layers));
    getOperation()->setAttr("example.routed_experts",
                            b.getI64IntegerAttr(experts));
  }
};
} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "MoEExamplePlugin", LLVM_VERSION_STRING,
          []() { PassRegistration<CountExpertsPass>(); }};
}
