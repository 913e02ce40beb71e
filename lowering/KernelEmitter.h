//===- KernelEmitter.h - Building a schedule of kernel launches -*- C++ -*-===//
//
// The shared vocabulary of the lowerings that build an entry function over
// memrefs (`moe-lower-to-kernels`, `moe-lower-train-step`): scalars, buffers
// with a dynamic leading dimension, row-major views, constant tables and
// `moe.launch`es of the kernels of lowering/kernels/.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_LOWERING_KERNELEMITTER_H
#define MOE_LOWERING_KERNELEMITTER_H

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <string>
#include <vector>

namespace mlir {
namespace moe {

/// Column block of `matmul_nt`'s work items (kernels/README.md).
constexpr int64_t kMatmulBlock = 32;

inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The module's `func.func @forward(tokens, positions, sequences) -> logits`,
/// or null after an error naming `pass`.
func::FuncOp lookupForward(ModuleOp module, StringRef pass);

class KernelEmitter {
public:
  KernelEmitter(ModuleOp module, StringRef name, Location loc)
      : module(module), b(module.getContext()), loc(loc), name(name) {}

protected:
  /// Appends an argument to the entry `fn`.
  Value addArg(Type type, NamedAttrList attrs);
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value i64(int64_t v) {
    return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
  }
  Value f32(double v) {
    return arith::ConstantFloatOp::create(b, loc, b.getF32Type(),
                                          APFloat(static_cast<float>(v)));
  }
  Value flag(bool v) { return i64(v ? 1 : 0); }
  Value tokensTimes(int64_t c) {
    return c == 1 ? T : arith::MulIOp::create(b, loc, T, idx(c)).getResult();
  }
  Value dim(Value memref, int64_t i) {
    return memref::DimOp::create(b, loc, memref, i);
  }
  /// A buffer [rows, tail...] with a dynamic leading dimension.
  Value alloc(Value rows, ArrayRef<int64_t> tail, Type elem = {});
  /// A null buffer of `rank` standing for an absent optional operand.
  Value absent(int64_t rank, Type elem = {});
  /// A static 1-D buffer [n] (per-expert counts and offsets).
  Value vec(int64_t n, Type elem) {
    return memref::AllocOp::create(b, loc, MemRefType::get({n}, elem));
  }
  /// A view of `base` from `offset` elements past the start of `base` (a
  /// view's own static offset included), with `sizes` and `strides`.
  Value view(Value base, int64_t offset, ArrayRef<OpFoldResult> sizes,
             ArrayRef<OpFoldResult> strides);
  OpFoldResult dyn(Value v) { return v; }
  OpFoldResult st(int64_t v) { return b.getIndexAttr(v); }
  /// An f32 `memref.global` holding `values` (one per distinct content).
  Value constantTable(StringRef prefix, ArrayRef<double> values);
  void launch(StringRef kernel, ArrayRef<Value> args, Value items);
  /// `matmul_nt`: out = (accumulate ? out : 0) + x w^T (+ bias), w [N, K];
  /// a new [rows(x), N] buffer when `out` is null.
  Value matmul(Value x, Value w, Value bias, Value out = {},
               bool accumulate = false);
  /// `rms_norm` of the rows of x into `out` (may be x); `w` may be null.
  void rmsNorm(Value x, Value w, Value out, double eps);
  /// `layer_norm` of x into out (w, bias optional; out may alias x).
  void layerNorm(Value x, Value w, Value bias, Value out, double eps);
  /// `grouped_matmul_nt`: rows offsets[e] <= r < offsets[e+1] of out =
  /// in w[e]^T (+ bias[e]), w [E, N, K].
  void groupedMatmul(Value in, Value w, Value bias, Value offsets, Value out);
  /// `rope` in place on x3d [T, heads, dim] at `positions`; `inverse`: the
  /// transposed rotation (by the negated angles).
  void rope(Value x3d, RopeAttr rope, bool inverse = false);
  /// The buffers of a dispatch: rows grouped by expert (`dispatch_count`,
  /// then `gather_rows` of x, scaled by `weights` [T, K] when given).
  struct Dispatch {
    Value rows, counts, offsets, perm, inv;
  };
  Dispatch dispatch(Value x, Value ids, Value weights, int64_t experts);
  /// The `gather_rows` of a dispatch: rows[r] = x[perm[r] / K] (times
  /// weights [T, K] flattened, when given), K = `topK`.
  Value gatherRows(Value x, Value perm, Value weights, int64_t topK);
  /// The 8 scalars of the `router` kernel after its buffers.
  SmallVector<Value> routingScalars(RoutingOpInterface op, bool hasCorrection);

  ModuleOp module;
  OpBuilder b;
  Location loc;
  StringRef name;
  func::FuncOp fn;
  /// The entry's token count T and its token ids, positions and sequence
  /// (cache slot) inputs.
  Value T, tokens, positions, slots;

private:
  int64_t numConstants = 0;
  std::map<std::vector<double>, std::string> constantSymbols;
};

} // namespace moe
} // namespace mlir

#endif // MOE_LOWERING_KERNELEMITTER_H
