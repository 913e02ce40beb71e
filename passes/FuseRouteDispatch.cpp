//===- FuseRouteDispatch.cpp - moe.router + moe.dispatch -> one op --------===//
//
// One local rewrite covers every router variant: the fused op carries the
// router's operands and attributes unchanged, so its semantics (and kernel)
// are parameterised by the same attributes as `moe.router`.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEFUSEROUTEDISPATCH
#include "passes/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

struct FuseRouterDispatch : OpRewritePattern<DispatchOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DispatchOp dispatch,
                                PatternRewriter &rewriter) const override {
    auto router = dispatch.getExpertIds().getDefiningOp<RouterOp>();
    if (!router)
      return rewriter.notifyMatchFailure(dispatch,
                                         "expert_ids are not a moe.router's");
    if (dispatch.getInput() != router.getInput())
      return rewriter.notifyMatchFailure(
          dispatch, "dispatches other tokens than the router scored");
    if (dispatch.getWeights() && dispatch.getWeights() != router.getWeights())
      return rewriter.notifyMatchFailure(
          dispatch, "scales rows by other weights than the router's");
    if (static_cast<int64_t>(dispatch.getNumExperts()) !=
        router.getNumExperts())
      return rewriter.notifyMatchFailure(
          dispatch, "num_experts differs from the router's gate");

    auto counts = cast<RankedTensorType>(dispatch.getTokensPerExpert().getType());
    auto offsets = RankedTensorType::get({counts.getDimSize(0) + 1},
                                         counts.getElementType());
    Type perm = dispatch.getPermutation().getType();
    // The router dominates the dispatch and the fused op has the router's
    // operands, so it goes where the router was.
    rewriter.setInsertionPoint(router);
    auto fused = RouteDispatchOp::create(
        rewriter, rewriter.getFusedLoc({router.getLoc(), dispatch.getLoc()}),
        router.getExpertIds().getType(), router.getWeights().getType(),
        dispatch.getRows().getType(), counts, offsets, perm, perm,
        router.getInput(), router.getWeight(), router.getBias(),
        router.getCorrectionBias(), router.getTopKAttr(),
        router.getScoringAttr(), router.getNGroupAttr(),
        router.getTopkGroupAttr(), router.getGroupScoreAttr(),
        router.getRenormAttr(), router.getRenormEpsAttr(),
        router.getRoutedScalingFactorAttr(), router.getComputeTypeAttr(),
        dispatch.getWeights() ? rewriter.getUnitAttr() : UnitAttr());
    rewriter.replaceOp(dispatch, {fused.getRows(), fused.getTokensPerExpert(),
                                  fused.getPermutation()});
    rewriter.replaceOp(router, {fused.getExpertIds(), fused.getWeights()});
    return success();
  }
};

struct MoEFuseRouteDispatchPass
    : public moe::impl::MoEFuseRouteDispatchBase<MoEFuseRouteDispatchPass> {
  using MoEFuseRouteDispatchBase::MoEFuseRouteDispatchBase;

  void runOnOperation() override {
    auto countFused = [&] {
      int64_t n = 0;
      getOperation()->walk([&](RouteDispatchOp) { ++n; });
      return n;
    };
    int64_t before = countFused();
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseRouterDispatch>(&getContext());
    // Only this rewrite: no folding or region simplification of the rest.
    GreedyRewriteConfig config;
    config.enableFolding(false).setRegionSimplificationLevel(
        GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      return signalPassFailure();
    numFused += countFused() - before;
  }
};

} // namespace
