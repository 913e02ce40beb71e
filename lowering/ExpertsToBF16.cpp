//===- ExpertsToBF16.cpp - bf16 rows for the routed experts' GEMMs --------===//
//
// Rewrites each routed-expert chain of bf16-weight launches (gate/up GEMMs,
// unclamped swiglu, down GEMM; no biases) into to_bf16 +
// grouped_swiglu_nt_bf16 + grouped_matmul_nt_bf16. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include <optional>

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEEXPERTSTOBF16
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

// Arguments (after wg, nwg) of the kernels matched.
enum GroupedArg { kX = 0, kW = 1, kOffsets = 3, kOut = 4, kHasBias = 5 };
enum SwigluArg { kGateUp = 0, kAct = 1, kClamped = 2 };
constexpr StringLiteral kGrouped = "grouped_matmul_nt_wbf16";

std::optional<int64_t> constInt(Value v) {
  APInt i;
  if (matchPattern(v, m_ConstantInt(&i)))
    return i.getSExtValue();
  return std::nullopt;
}

bool isView(Operation *op) {
  return isa<memref::ReinterpretCastOp, memref::CastOp>(op);
}

/// The launches using `buffer` or one of its views, with the argument index
/// of each use; false when some other user (not a view or memref.dim) exists.
bool launchUses(Value buffer,
                SmallVectorImpl<std::pair<LaunchOp, unsigned>> &uses) {
  for (OpOperand &use : buffer.getUses()) {
    Operation *user = use.getOwner();
    if (isView(user)) {
      if (!launchUses(user->getResult(0), uses))
        return false;
    } else if (auto launch = dyn_cast<LaunchOp>(user)) {
      uses.push_back({launch, use.getOperandNumber() -
                                  launch.getArgs().getBeginOperandIndex()});
    } else if (!isa<memref::DimOp>(user)) {
      return false;
    }
  }
  return true;
}

/// A bias-free bf16-weight expert GEMM.
bool isGroupedNoBias(LaunchOp l) {
  return l.getKernel() == kGrouped && constInt(l.getArgs()[kHasBias]) == 0;
}

/// The column offset of `v` within a [rows, 2I] buffer, when `v` is the
/// buffer itself (0, all columns: `*whole` set) or a [?, I] view of it with
/// strides [2I, 1].
std::optional<int64_t> columnOffset(Value v, int64_t inter, bool *whole) {
  *whole = false;
  if (isa<BlockArgument>(v) || v.getDefiningOp<memref::AllocOp>()) {
    *whole = true;
    return 0;
  }
  auto cast = v.getDefiningOp<memref::ReinterpretCastOp>();
  if (!cast || cast.getStaticOffsets().size() != 1 ||
      cast.getStaticSizes().size() != 2 || cast.getStaticSizes()[1] != inter ||
      cast.getStaticStrides() != ArrayRef<int64_t>{2 * inter, 1})
    return std::nullopt;
  return cast.getStaticOffsets()[0];
}

/// One routed-expert chain (see Passes.td).
struct Chain {
  LaunchOp swiglu, down;
  /// The gate/up launches, first in program order first.
  SmallVector<LaunchOp, 2> gateUp;
  Value x, offsets, gate, up, gu, act;
  int64_t inter = 0;
  /// gate and up are the halves of one fused [E, 2I, K] weight.
  bool fused = false;
};

std::optional<Chain> match(LaunchOp swiglu) {
  Chain c;
  c.swiglu = swiglu;
  c.gu = swiglu.getArgs()[kGateUp];
  c.act = swiglu.getArgs()[kAct];
  if (constInt(swiglu.getArgs()[kClamped]) != 0 ||
      !c.gu.getDefiningOp<memref::AllocOp>() ||
      !c.act.getDefiningOp<memref::AllocOp>())
    return std::nullopt;
  int64_t twoI = cast<MemRefType>(c.gu.getType()).getDimSize(1);
  if (ShapedType::isDynamic(twoI) || twoI % 2)
    return std::nullopt;
  c.inter = twoI / 2;

  // The writers of gu: one launch on all of it (a fused weight) or two on
  // its halves, gate then up.
  SmallVector<std::pair<LaunchOp, unsigned>> uses;
  if (!launchUses(c.gu, uses))
    return std::nullopt;
  LaunchOp half[2] = {nullptr, nullptr}, whole = nullptr;
  for (auto [launch, arg] : uses) {
    if (launch == swiglu && arg == kGateUp)
      continue;
    if (!isGroupedNoBias(launch) || arg != kOut)
      return std::nullopt;
    bool all;
    std::optional<int64_t> col =
        columnOffset(launch.getArgs()[kOut], c.inter, &all);
    if (!col)
      return std::nullopt;
    LaunchOp &slot = all ? whole : half[*col == c.inter ? 1 : 0];
    if (slot || (!all && *col != 0 && *col != c.inter))
      return std::nullopt;
    slot = launch;
  }
  if (whole && !half[0] && !half[1]) {
    c.fused = true;
    c.gateUp.push_back(whole);
  } else if (!whole && half[0] && half[1]) {
    c.gateUp.assign({half[0], half[1]});
    if (half[1]->isBeforeInBlock(half[0]))
      std::swap(c.gateUp[0], c.gateUp[1]);
  } else {
    return std::nullopt;
  }
  LaunchOp first = c.gateUp.front();
  c.x = first.getArgs()[kX];
  c.offsets = first.getArgs()[kOffsets];
  for (LaunchOp l : c.gateUp)
    if (l->getBlock() != swiglu->getBlock() ||
        !l->isBeforeInBlock(swiglu) || l.getArgs()[kX] != c.x ||
        l.getArgs()[kOffsets] != c.offsets)
      return std::nullopt;
  auto xType = cast<MemRefType>(c.x.getType());
  if (xType.getRank() != 2 || ShapedType::isDynamic(xType.getDimSize(1)))
    return std::nullopt;

  // The only reader of act: the down GEMM, over the same groups.
  uses.clear();
  if (!launchUses(c.act, uses))
    return std::nullopt;
  for (auto [launch, arg] : uses) {
    if (launch == swiglu && arg == kAct)
      continue;
    if (c.down || !isGroupedNoBias(launch) || arg != kX ||
        launch.getArgs()[kX] != c.act ||
        launch.getArgs()[kOffsets] != c.offsets ||
        launch->getBlock() != swiglu->getBlock() ||
        !swiglu->isBeforeInBlock(launch))
      return std::nullopt;
    c.down = launch;
  }
  if (!c.down)
    return std::nullopt;

  if (!c.fused) {
    c.gate = half[0].getArgs()[kW];
    c.up = half[1].getArgs()[kW];
    return c;
  }
  // A fused [E, 2I, K] weight with a static layout: its gate and up halves
  // as two [E, I, K] views of the same buffer.
  Value w = whole.getArgs()[kW];
  auto wType = cast<MemRefType>(w.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!wType.hasStaticShape() ||
      failed(wType.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  OpBuilder b(whole);
  Value source = getViewRoot(w);
  auto halfView = [&](int64_t at) -> Value {
    SmallVector<int64_t> sizes{wType.getDimSize(0), c.inter,
                               wType.getDimSize(2)};
    auto layout = StridedLayoutAttr::get(b.getContext(), at, strides);
    auto type = MemRefType::get(sizes, wType.getElementType(), layout);
    return memref::ReinterpretCastOp::create(b, whole.getLoc(), type, source,
                                             at, sizes, strides);
  };
  c.gate = halfView(offset);
  c.up = halfView(offset + c.inter * strides[1]);
  return c;
}

/// Erases `v`'s views without users, then `v`'s defining op (an alloc or a
/// view) when nothing uses it.
void eraseIfDead(Value v) {
  for (Operation *user : llvm::make_early_inc_range(v.getUsers()))
    if (isView(user) || isa<memref::DimOp>(user))
      eraseIfDead(user->getResult(0));
  if (v.use_empty())
    if (Operation *def = v.getDefiningOp())
      def->erase();
}

/// route_dispatch's `rows` argument (after wg, nwg).
constexpr unsigned kDispatchRows = 5;

/// The route_dispatch launches that write the chain's rows `c.x`, when they
/// alone write its buffer (a [?, K] alloc, as their rows) and the chain's
/// gate/up launches alone read it; else none.
SmallVector<LaunchOp> dispatchWriters(const Chain &c) {
  auto alloc = c.x.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc.getDynamicSizes().size() != 1)
    return {};
  SmallVector<std::pair<LaunchOp, unsigned>> uses;
  if (!launchUses(c.x, uses))
    return {};
  SmallVector<LaunchOp> writers;
  for (auto [launch, arg] : uses) {
    if (launch.getKernel() == "route_dispatch" && arg == kDispatchRows &&
        launch.getArgs()[arg] == c.x)
      writers.push_back(launch);
    else if (!llvm::is_contained(c.gateUp, launch) || arg != kX)
      return {};
  }
  return writers;
}

LogicalResult rewrite(ModuleOp module, Chain &c, bool roundInDispatch) {
  SmallVector<LaunchOp> writers;
  if (roundInDispatch)
    writers = dispatchWriters(c);
  for (StringRef kernel : {writers.empty() ? "to_bf16" : "route_dispatch_bf16",
                           "grouped_swiglu_nt_bf16", "grouped_matmul_nt_bf16"})
    if (!getOrInsertKernel(module, kernel, c.swiglu.getLoc()))
      return failure();
  Location loc = c.swiglu.getLoc();
  OpBuilder b(c.gateUp.front());
  Type bf16 = b.getBF16Type();
  int64_t k = cast<MemRefType>(c.x.getType()).getDimSize(1);
  auto xbType = MemRefType::get({ShapedType::kDynamic, k}, bf16);
  Value xb, rows;
  if (writers.empty()) {
    rows = memref::DimOp::create(b, loc, c.x, 0);
    xb = memref::AllocOp::create(b, loc, xbType, rows);
    LaunchOp::create(b, loc, "to_bf16", rows, ValueRange{c.x, xb});
  } else {
    // The dispatch writes the bf16 rows itself; the f32 rows go.
    auto alloc = c.x.getDefiningOp<memref::AllocOp>();
    rows = alloc.getDynamicSizes()[0];
    OpBuilder at(alloc);
    at.setInsertionPointAfter(alloc);
    xb = memref::AllocOp::create(at, alloc.getLoc(), xbType, rows);
    for (LaunchOp w : writers) {
      at.setInsertionPoint(w);
      SmallVector<Value> args(w.getArgs());
      args[kDispatchRows] = xb;
      auto bf16Launch = LaunchOp::create(at, w.getLoc(), "route_dispatch_bf16",
                                         w.getItems(), args);
      bf16Launch->setDiscardableAttrs(w->getDiscardableAttrDictionary());
      w.erase();
    }
    b.setInsertionPoint(c.gateUp.front());
  }
  Value actb = memref::AllocOp::create(
      b, loc, MemRefType::get({ShapedType::kDynamic, c.inter}, bf16), rows);
  int64_t experts = cast<MemRefType>(c.gate.getType()).getDimSize(0);
  Value items = arith::ConstantIndexOp::create(
      b, loc, experts * llvm::divideCeil(c.inter, 32));
  LaunchOp::create(b, loc, "grouped_swiglu_nt_bf16", items,
                   ValueRange{xb, c.gate, c.up, c.offsets, actb});
  b.setInsertionPoint(c.down);
  LaunchOp::create(b, c.down.getLoc(), "grouped_matmul_nt_bf16",
                   c.down.getItems(),
                   ValueRange{actb, c.down.getArgs()[kW], c.offsets,
                              c.down.getArgs()[kOut]});
  c.down.erase();
  c.swiglu.erase();
  for (LaunchOp l : c.gateUp)
    l.erase();
  eraseIfDead(c.gu);
  eraseIfDead(c.act);
  eraseIfDead(c.x);
  return success();
}

struct ExpertsToBF16
    : public moe::impl::MoEExpertsToBF16Base<ExpertsToBF16> {
  using MoEExpertsToBF16Base::MoEExpertsToBF16Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<LaunchOp> swiglus;
    module.walk([&](LaunchOp l) {
      if (l.getKernel() == "swiglu")
        swiglus.push_back(l);
    });
    for (LaunchOp swiglu : swiglus) {
      std::optional<Chain> chain = match(swiglu);
      if (chain && failed(rewrite(module, *chain, roundInDispatch)))
        return signalPassFailure();
    }
    // The kernels no launch uses any more.
    for (StringRef name :
         {"swiglu", "grouped_matmul_nt_wbf16", "route_dispatch"})
      eraseKernelIfUnused(module, name);
  }
};

} // namespace
