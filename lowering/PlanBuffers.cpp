//===- PlanBuffers.cpp - Liveness-planned arena for an entry's buffers ----===//
//
// Buffers are sized at the entry's largest token count (and, for expert
// parallelism, its largest received row count); a buffer lives from the first
// to the last launch or exchange that uses it (directly or through a view).
// Placement is greedy: largest first, at the lowest 64-byte aligned offset
// that does not overlap a placed buffer whose live range intersects.
//
// A training step also gets its stash: the bytes of the buffers live across
// the launch that starts the backward pass (used before it and after it).
//
//===----------------------------------------------------------------------===//

#include "lowering/Passes.h"
#include "lowering/ScheduleAnalysis.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/IR/Builders.h"

#include <algorithm>

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEPLANBUFFERS
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

constexpr int64_t kAlign = 64;

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  int64_t first = 0, last = 0;
  int64_t offset = 0;
};

/// Launch indices using `v` or any view of it.
void collectUses(Value v, const DenseMap<Operation *, int64_t> &order,
                 int64_t &first, int64_t &last) {
  for (Operation *user : v.getUsers()) {
    if (isa<memref::ReinterpretCastOp, memref::CastOp>(user)) {
      collectUses(user->getResult(0), order, first, last);
      continue;
    }
    auto it = order.find(user);
    if (it == order.end())
      continue;
    first = std::min(first, it->second);
    last = std::max(last, it->second);
  }
}

LogicalResult planEntry(func::FuncOp fn) {
  auto maxTokens = fn->getAttrOfType<IntegerAttr>(attrs::kMaxTokens);
  if (!maxTokens)
    return fn.emitError("entry point without ") << attrs::kMaxTokens;
  int64_t maxT = maxTokens.getInt();
  auto maxReceived = fn->getAttrOfType<IntegerAttr>(attrs::kMaxReceived);
  int64_t maxR = maxReceived ? maxReceived.getInt() : 0;
  DenseMap<Operation *, int64_t> order;
  SmallVector<Buffer> buffers;
  int64_t n = 0, backwardStart = -1;
  for (Operation &op : fn.getBody().front()) {
    if (op.hasAttr(attrs::kBackwardStart))
      backwardStart = n;
    if (isa<LaunchOp, ExchangeOp>(op))
      order[&op] = n++;
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      Buffer buf;
      buf.alloc = alloc;
      buf.first = buf.last = n;
      buffers.push_back(buf);
    }
  }
  for (Buffer &buf : buffers) {
    MemRefType type = buf.alloc.getType();
    int64_t elems = 1;
    unsigned next = 0;
    for (int64_t d : type.getShape()) {
      if (!ShapedType::isDynamic(d)) {
        elems *= d;
        continue;
      }
      FailureOr<LinExpr> e = evalIndex(buf.alloc.getDynamicSizes()[next++]);
      if (failed(e) || e->slots || e->context)
        return buf.alloc.emitError(
            "buffer size is not linear in the tokens and received rows");
      elems *= std::max<int64_t>(e->eval(maxT, 0, 0, maxR), 0);
    }
    int64_t bytes = elems * type.getElementTypeBitWidth() / 8;
    buf.bytes = (bytes + kAlign - 1) / kAlign * kAlign;
    int64_t first = n, last = -1;
    collectUses(buf.alloc, order, first, last);
    if (last >= 0) {
      buf.first = first;
      buf.last = last;
    }
  }
  if (backwardStart >= 0) {
    int64_t stash = 0;
    for (const Buffer &buf : buffers)
      if (buf.first < backwardStart && buf.last > backwardStart)
        stash += buf.bytes;
    fn->setAttr(attrs::kStashBytes,
                IntegerAttr::get(IntegerType::get(fn.getContext(), 64), stash));
  }
  // Greedy placement, largest first.
  SmallVector<Buffer *> bySize;
  for (Buffer &buf : buffers)
    bySize.push_back(&buf);
  llvm::stable_sort(bySize, [](const Buffer *a, const Buffer *b) {
    return a->bytes > b->bytes;
  });
  SmallVector<Buffer *> placed;
  int64_t arenaBytes = 0;
  for (Buffer *buf : bySize) {
    SmallVector<std::pair<int64_t, int64_t>> busy;
    for (Buffer *p : placed)
      if (p->first <= buf->last && buf->first <= p->last)
        busy.push_back({p->offset, p->offset + p->bytes});
    llvm::sort(busy);
    int64_t offset = 0;
    for (auto [lo, hi] : busy) {
      if (offset + buf->bytes <= lo)
        break;
      offset = std::max(offset, hi);
    }
    buf->offset = offset;
    arenaBytes = std::max(arenaBytes, offset + buf->bytes);
    placed.push_back(buf);
  }
  // Rewrite the allocs as views of the arena.
  OpBuilder b(fn.getContext());
  unsigned argIndex = fn.getNumArguments();
  NamedAttrList attrs;
  attrs.append(attrs::kArena, b.getUnitAttr());
  if (failed(fn.insertArgument(
          argIndex, MemRefType::get({ShapedType::kDynamic}, b.getI8Type()),
          attrs.getDictionary(fn.getContext()), fn.getLoc())))
    return failure();
  Value arena = fn.getArgument(argIndex);
  for (Buffer &buf : buffers) {
    b.setInsertionPoint(buf.alloc);
    Value shift =
        arith::ConstantIndexOp::create(b, buf.alloc.getLoc(), buf.offset);
    Value view = memref::ViewOp::create(b, buf.alloc.getLoc(),
                                        buf.alloc.getType(), arena, shift,
                                        buf.alloc.getDynamicSizes());
    buf.alloc.replaceAllUsesWith(view);
    buf.alloc.erase();
  }
  fn->setAttr(attrs::kArenaBytes, b.getI64IntegerAttr(arenaBytes));
  return success();
}

struct MoEPlanBuffersPass
    : public moe::impl::MoEPlanBuffersBase<MoEPlanBuffersPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (!fn->hasAttr(attrs::kEntry) || fn->hasAttr(attrs::kArenaBytes))
        continue;
      if (failed(planEntry(fn)))
        return signalPassFailure();
    }
  }
};

} // namespace
