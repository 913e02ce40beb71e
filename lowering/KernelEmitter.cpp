//===- KernelEmitter.cpp - Building a schedule of kernel launches ---------===//

#include "lowering/KernelEmitter.h"
#include "lowering/KernelLibrary.h"

using namespace mlir;
using namespace mlir::moe;

func::FuncOp mlir::moe::lookupForward(ModuleOp module, StringRef pass) {
  auto forward = module.lookupSymbol<func::FuncOp>("forward");
  if (!forward || forward.isExternal()) {
    module.emitError(pass) << ": no func.func @forward to lower";
    return {};
  }
  if (forward.getNumArguments() != 3 || forward.getNumResults() != 1) {
    forward.emitError("@forward must take (tokens, positions, sequences) "
                      "and return logits");
    return {};
  }
  return forward;
}

Value KernelEmitter::addArg(Type type, NamedAttrList attrs) {
  unsigned i = fn.getNumArguments();
  if (failed(fn.insertArgument(i, type, attrs.getDictionary(b.getContext()),
                               loc)))
    return {};
  return fn.getArgument(i);
}

Value KernelEmitter::alloc(Value rows, ArrayRef<int64_t> tail, Type elem) {
  SmallVector<int64_t> shape = {ShapedType::kDynamic};
  shape.append(tail.begin(), tail.end());
  return memref::AllocOp::create(
      b, loc, MemRefType::get(shape, elem ? elem : b.getF32Type()),
      ValueRange{rows});
}

Value KernelEmitter::absent(int64_t rank, Type elem) {
  SmallVector<int64_t> shape(rank, ShapedType::kDynamic);
  return AbsentOp::create(
      b, loc, MemRefType::get(shape, elem ? elem : b.getF32Type()));
}

Value KernelEmitter::view(Value base, int64_t offset,
                          ArrayRef<OpFoldResult> sizes,
                          ArrayRef<OpFoldResult> strides) {
  // Views of views (a weight slice's reshapes): relative to the inner view.
  if (auto inner = base.getDefiningOp<memref::ReinterpretCastOp>()) {
    ArrayRef<int64_t> offsets = inner.getStaticOffsets();
    assert(offsets.size() == 1 && !ShapedType::isDynamic(offsets[0]) &&
           "view of a view with a dynamic offset");
    offset += offsets[0];
    base = inner.getSource();
  }
  return memref::ReinterpretCastOp::create(b, loc, base, st(offset), sizes,
                                           strides);
}

Value KernelEmitter::constantTable(StringRef prefix, ArrayRef<double> values) {
  std::vector<double> key(values.begin(), values.end());
  auto known = constantSymbols.find(key);
  auto type = MemRefType::get({static_cast<int64_t>(values.size())},
                              b.getF32Type());
  SmallVector<float> data(values.begin(), values.end());
  auto init = DenseElementsAttr::get(
      RankedTensorType::get(type.getShape(), b.getF32Type()),
      ArrayRef<float>(data));
  if (known != constantSymbols.end())
    return memref::GetGlobalOp::create(b, loc, type, known->second);
  std::string sym =
      (prefix + "_" + name + "_" + std::to_string(numConstants++)).str();
  constantSymbols[key] = sym;
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPoint(fn);
    memref::GlobalOp::create(b, loc, b.getStringAttr(sym),
                             b.getStringAttr("private"), TypeAttr::get(type),
                             init, b.getUnitAttr(), IntegerAttr());
  }
  return memref::GetGlobalOp::create(b, loc, type, sym);
}

void KernelEmitter::launch(StringRef kernel, ArrayRef<Value> args,
                           Value items) {
  if (!getOrInsertKernel(module, kernel, loc))
    return;
  LaunchOp::create(b, loc, kernel, items, args);
}

Value KernelEmitter::matmul(Value x, Value w, Value bias, Value out,
                            bool accumulate) {
  int64_t n = cast<MemRefType>(w.getType()).getDimSize(0);
  assert(!ShapedType::isDynamic(n) && "matmul weight with a dynamic N");
  if (!out)
    out = alloc(dim(x, 0), {n});
  launch("matmul_nt",
         {x, w, bias ? bias : absent(1), out, flag(bias != nullptr),
          flag(accumulate)},
         idx(ceilDiv(n, kMatmulBlock)));
  return out;
}

void KernelEmitter::rmsNorm(Value x, Value w, Value out, double eps) {
  launch("rms_norm", {x, w ? w : absent(1), out, f32(eps), flag(w != nullptr)},
         dim(x, 0));
}

void KernelEmitter::layerNorm(Value x, Value w, Value bias, Value out,
                              double eps) {
  launch("layer_norm",
         {x, w ? w : absent(1), bias ? bias : absent(1), out, f32(eps),
          flag(w != nullptr), flag(bias != nullptr)},
         dim(x, 0));
}

void KernelEmitter::groupedMatmul(Value in, Value w, Value bias,
                                  Value offsets, Value out) {
  auto type = cast<MemRefType>(w.getType());
  int64_t e = type.getDimSize(0), blocks = ceilDiv(type.getDimSize(1),
                                                   kMatmulBlock);
  // (A transposed copy of the weights has a dynamic expert dimension.)
  Value items = ShapedType::isDynamic(e)
                    ? arith::MulIOp::create(b, loc, dim(w, 0), idx(blocks))
                          .getResult()
                    : idx(e * blocks);
  launch("grouped_matmul_nt",
         {in, w, bias ? bias : absent(2), offsets, out, flag(bias != nullptr)},
         items);
}

void KernelEmitter::rope(Value x3d, RopeAttr attr, bool inverse) {
  SmallVector<double> freq = attr.getInvFreq();
  if (inverse)
    for (double &f : freq)
      f = -f;
  launch("rope",
         {x3d, positions, constantTable("rope_inv_freq", freq),
          flag(attr.getPairing() == RopePairing::Interleaved),
          f32(attr.getAttentionFactorValue())},
         T);
}

KernelEmitter::Dispatch KernelEmitter::dispatch(Value x, Value ids,
                                                Value weights,
                                                int64_t experts) {
  int64_t k = cast<MemRefType>(ids.getType()).getDimSize(1);
  Value n = tokensTimes(k);
  Type i32 = b.getI32Type();
  Dispatch d;
  d.counts = vec(experts, i32);
  d.offsets = vec(experts + 1, i32);
  d.perm = alloc(n, {}, i32);
  d.inv = alloc(n, {}, i32);
  launch("dispatch_count", {ids, d.counts, d.offsets, d.perm, d.inv}, idx(1));
  d.rows = gatherRows(x, d.perm, weights, k);
  return d;
}

Value KernelEmitter::gatherRows(Value x, Value perm, Value weights,
                                int64_t topK) {
  int64_t h = cast<MemRefType>(x.getType()).getDimSize(1);
  Value n = tokensTimes(topK);
  Value flat = weights ? view(weights, 0, {dyn(n)}, {st(1)}) : absent(1);
  Value rows = alloc(n, {h});
  launch("gather_rows",
         {x, perm, flat, rows, i64(topK), flag(weights != nullptr)}, n);
  return rows;
}

SmallVector<Value> KernelEmitter::routingScalars(RoutingOpInterface op,
                                                 bool hasCorrection) {
  int64_t scoring = 0;
  switch (op.getScoring()) {
  case RouterScoring::Softmax:
    scoring = 0;
    break;
  case RouterScoring::Sigmoid:
    scoring = 1;
    break;
  case RouterScoring::SoftmaxTopK:
    scoring = 2;
    break;
  case RouterScoring::SigmoidTopK:
    scoring = 3;
    break;
  }
  return {i64(scoring),
          i64(op.getNGroup()),
          i64(op.getTopkGroup()),
          i64(op.getGroupScore() == GroupScore::Top2Sum ? 1 : 0),
          i64(op.getRenorm() == RouterRenorm::Sum ? 1 : 0),
          f32(op.getRenormEps().convertToDouble()),
          f32(op.getRoutedScalingFactor().convertToDouble()),
          flag(hasCorrection)};
}
