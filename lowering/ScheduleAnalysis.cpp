//===- ScheduleAnalysis.cpp - Symbolic sizes and views of a schedule ------===//

#include "lowering/ScheduleAnalysis.h"
#include "lowering/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::moe;

static FailureOr<LinExpr> product(const LinExpr &a, const LinExpr &b) {
  if (a.isConstant())
    return b.scaled(a.constant);
  if (b.isConstant())
    return a.scaled(b.constant);
  return failure();
}

FailureOr<LinExpr> moe::evalIndex(Value v) {
  APInt c;
  if (matchPattern(v, m_ConstantInt(&c)))
    return LinExpr::of(c.getSExtValue());
  Operation *def = v.getDefiningOp();
  if (!def)
    return failure();
  if (isa<ReceivedRowsOp>(def))
    return LinExpr{0, 0, 0, 0, 1};
  if (auto dim = dyn_cast<memref::DimOp>(def)) {
    std::optional<int64_t> i = dim.getConstantIndex();
    FailureOr<ViewInfo> info = resolveView(dim.getSource());
    if (!i || failed(info) || *i >= static_cast<int64_t>(info->sizes.size()))
      return failure();
    return info->sizes[*i];
  }
  if (isa<arith::AddIOp, arith::SubIOp, arith::MulIOp>(def)) {
    FailureOr<LinExpr> a = evalIndex(def->getOperand(0)),
                       b = evalIndex(def->getOperand(1));
    if (failed(a) || failed(b))
      return failure();
    if (isa<arith::AddIOp>(def))
      return *a + *b;
    if (isa<arith::SubIOp>(def))
      return *a + b->scaled(-1);
    return product(*a, *b);
  }
  return failure();
}

/// Row-major strides of `sizes`.
static FailureOr<SmallVector<LinExpr>> identityStrides(ArrayRef<LinExpr> sizes) {
  SmallVector<LinExpr> strides(sizes.size());
  LinExpr run = LinExpr::of(1);
  for (int64_t i = static_cast<int64_t>(sizes.size()) - 1; i >= 0; --i) {
    strides[i] = run;
    if (i == 0)
      break;
    FailureOr<LinExpr> next = product(run, sizes[i]);
    if (failed(next))
      return failure();
    run = *next;
  }
  return strides;
}

/// Sizes of a memref type, dynamic ones from `dynamic` (in order).
static FailureOr<SmallVector<LinExpr>> typeSizes(MemRefType type,
                                                 ValueRange dynamic) {
  SmallVector<LinExpr> sizes;
  unsigned next = 0;
  for (int64_t d : type.getShape()) {
    if (!ShapedType::isDynamic(d)) {
      sizes.push_back(LinExpr::of(d));
      continue;
    }
    if (next >= dynamic.size())
      return failure();
    FailureOr<LinExpr> e = evalIndex(dynamic[next++]);
    if (failed(e))
      return failure();
    sizes.push_back(*e);
  }
  return sizes;
}

static FailureOr<ViewInfo> rootView(Value root, SmallVector<LinExpr> sizes,
                                    LinExpr offset = {}) {
  FailureOr<SmallVector<LinExpr>> strides = identityStrides(sizes);
  if (failed(strides))
    return failure();
  ViewInfo info;
  info.root = root;
  info.offset = offset;
  info.baseOffset = offset;
  info.sizes = std::move(sizes);
  info.strides = std::move(*strides);
  return info;
}

FailureOr<ViewInfo> moe::resolveView(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  if (!type)
    return failure();
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    auto fn = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
    if (!fn)
      return failure();
    unsigned i = arg.getArgNumber();
    SmallVector<LinExpr> sizes;
    bool isCache = fn.getArgAttr(i, attrs::kCache) ||
                   fn.getArgAttr(i, attrs::kBatchShape);
    for (auto [d, size] : llvm::enumerate(type.getShape())) {
      if (!ShapedType::isDynamic(size)) {
        sizes.push_back(LinExpr::of(size));
      } else if (isCache) {
        sizes.push_back(d == 0 ? LinExpr{0, 0, 1, 0} : LinExpr{0, 0, 0, 1});
      } else if (d == 0 && (fn.getArgAttr(i, attrs::kInput) ||
                            fn.getArgAttr(i, attrs::kOutput))) {
        sizes.push_back(LinExpr{0, 1, 0, 0});
      } else if (fn.getArgAttr(i, attrs::kArena)) {
        sizes.push_back(LinExpr::of(0));
      } else {
        return failure();
      }
    }
    return rootView(v, std::move(sizes));
  }
  Operation *def = v.getDefiningOp();
  if (auto alloc = dyn_cast<memref::AllocOp>(def)) {
    FailureOr<SmallVector<LinExpr>> sizes =
        typeSizes(type, alloc.getDynamicSizes());
    if (failed(sizes))
      return failure();
    return rootView(v, std::move(*sizes));
  }
  if (isa<memref::GetGlobalOp, AbsentOp>(def)) {
    SmallVector<LinExpr> sizes;
    for (int64_t d : type.getShape())
      sizes.push_back(LinExpr::of(ShapedType::isDynamic(d) ? 0 : d));
    return rootView(v, std::move(sizes));
  }
  if (auto view = dyn_cast<memref::ViewOp>(def)) {
    FailureOr<LinExpr> shift = evalIndex(view.getByteShift());
    FailureOr<SmallVector<LinExpr>> sizes = typeSizes(type, view.getSizes());
    int64_t bytes = type.getElementTypeBitWidth() / 8;
    if (failed(shift) || failed(sizes) || !shift->isConstant() ||
        shift->constant % bytes)
      return failure();
    FailureOr<ViewInfo> root = resolveView(view.getSource());
    if (failed(root))
      return failure();
    return rootView(root->root, std::move(*sizes),
                    LinExpr::of(shift->constant / bytes));
  }
  if (auto cast = dyn_cast<memref::CastOp>(def))
    return resolveView(cast.getSource());
  if (auto rc = dyn_cast<memref::ReinterpretCastOp>(def)) {
    FailureOr<ViewInfo> src = resolveView(rc.getSource());
    if (failed(src))
      return failure();
    auto fold = [](OpFoldResult r) -> FailureOr<LinExpr> {
      if (auto a = dyn_cast<Attribute>(r))
        return LinExpr::of(cast<IntegerAttr>(a).getInt());
      return evalIndex(cast<Value>(r));
    };
    ViewInfo info;
    info.root = src->root;
    info.baseOffset = src->baseOffset;
    FailureOr<LinExpr> off = fold(rc.getMixedOffsets()[0]);
    if (failed(off))
      return failure();
    info.offset = src->baseOffset + *off;
    for (OpFoldResult s : rc.getMixedSizes()) {
      FailureOr<LinExpr> e = fold(s);
      if (failed(e))
        return failure();
      info.sizes.push_back(*e);
    }
    for (OpFoldResult s : rc.getMixedStrides()) {
      FailureOr<LinExpr> e = fold(s);
      if (failed(e))
        return failure();
      info.strides.push_back(*e);
    }
    return info;
  }
  return failure();
}
