//===- ScheduleAnalysis.h - Symbolic sizes and views of a schedule -*- C++ -*-===//
//
// In an entry function (after `moe-lower-to-kernels`) every size is linear in
// the run-time symbols T (tokens of the call), S (KV-cache slots) and C
// (KV-cache context), and every kernel argument is a root buffer or a view of
// one. These helpers recover both, for buffer planning and for the artifact.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_LOWERING_SCHEDULEANALYSIS_H
#define MOE_LOWERING_SCHEDULEANALYSIS_H

#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace mlir {
namespace moe {

/// constant + tokens * T + slots * S + context * C + received * R.
struct LinExpr {
  int64_t constant = 0, tokens = 0, slots = 0, context = 0, received = 0;

  static LinExpr of(int64_t c) { return {c, 0, 0, 0, 0}; }
  bool isConstant() const { return !tokens && !slots && !context && !received; }
  int64_t eval(int64_t t, int64_t s, int64_t c, int64_t r = 0) const {
    return constant + tokens * t + slots * s + context * c + received * r;
  }
  LinExpr operator+(const LinExpr &o) const {
    return {constant + o.constant, tokens + o.tokens, slots + o.slots,
            context + o.context, received + o.received};
  }
  LinExpr scaled(int64_t k) const {
    return {constant * k, tokens * k, slots * k, context * k, received * k};
  }
};

/// The symbolic value of an `index`/integer SSA value, or failure when it is
/// not linear in (T, S, C, R).
FailureOr<LinExpr> evalIndex(Value v);

/// A kernel argument as (root, element offset, sizes, strides).
struct ViewInfo {
  /// A block argument of the entry, a `memref.alloc`, a `memref.get_global`
  /// or a `moe.absent`.
  Value root;
  /// Element offset of the view's first element from the root's base
  /// (for arena views: from the arena base, in units of the element type).
  LinExpr offset;
  /// Element offset of the memref's base pointer (what a
  /// `memref.reinterpret_cast` of it is relative to).
  LinExpr baseOffset;
  SmallVector<LinExpr> sizes, strides;
};

FailureOr<ViewInfo> resolveView(Value memref);

} // namespace moe
} // namespace mlir

#endif // MOE_LOWERING_SCHEDULEANALYSIS_H
