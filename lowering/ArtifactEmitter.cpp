//===- ArtifactEmitter.cpp - Planned schedule -> `.mxa` artifact ----------===//

#include "lowering/ArtifactEmitter.h"
#include "lowering/CPUCodegen.h"
#include "lowering/KernelLibrary.h"
#include "lowering/NVVMCodegen.h"
#include "lowering/Passes.h"
#include "lowering/ScheduleAnalysis.h"
#include "passes/Passes.h"

#include "dialects/MoE/IR/MoEOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "runtime/artifact/Artifact.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::moe;
namespace fb = flatbuffers;
namespace mxa = ::moe::mxa;

LogicalResult
mlir::moe::runDefaultPipeline(ModuleOp module,
                              const DefaultPipelineOptions &options) {
  bool planned = false;
  for (auto fn : module.getOps<func::FuncOp>())
    planned |= fn->hasAttr(attrs::kArenaBytes);
  if (planned)
    return success();
  PassManager pm(module.getContext());
  bool lowered = false;
  for (auto fn : module.getOps<func::FuncOp>())
    lowered |= fn->hasAttr(attrs::kEntry);
  auto addExpertParallel = [&] {
    if (options.ep <= 1)
      return;
    MoEExpertParallelOptions ep;
    ep.ep = options.ep;
    ep.placement = options.epPlacement;
    ep.expertStats = options.expertStats;
    ep.replicas = options.epReplicas;
    pm.addPass(createMoEExpertParallel(ep));
  };
  if (!lowered && options.train) {
    addExpertParallel();
    const MoERecomputeOptions &r = options.recompute;
    if (!r.budget.empty() || !r.preset.empty() || !r.modules.empty()) {
      MoERecomputeOptions recompute = r;
      recompute.maxTokens = options.trainMaxTokens;
      pm.addPass(createMoERecompute(recompute));
    }
    MoELowerTrainStepOptions train;
    train.maxTokens = options.trainMaxTokens;
    train.lr = options.lr;
    pm.addPass(createMoELowerTrainStep(train));
    pm.addPass(createCSEPass());
  } else if (!lowered) {
    if (options.fuseRouting)
      pm.addPass(createMoEFuseRouteDispatch());
    addExpertParallel();
    if (!options.overlap.empty()) {
      MoEOverlapA2AOptions overlap;
      overlap.microBatches = options.overlap;
      overlap.target = options.overlapTarget;
      pm.addPass(createMoEOverlapA2A(overlap));
    }
    pm.addPass(createMoELowerToKernels());
    pm.addPass(createCSEPass());
  }
  if (options.weightsBF16)
    pm.addPass(createMoEWeightsToBF16());
  if (options.expertsBF16)
    pm.addPass(createMoEExpertsToBF16());
  if (options.denseBF16)
    pm.addPass(createMoEDenseToBF16());
  if (options.kvCacheBF16)
    pm.addPass(createMoEKVCacheToBF16());
  if (options.tensorCoreAttention)
    pm.addPass(createMoEAttentionTensorCores());
  pm.addPass(createMoEPlanBuffers());
  return pm.run(module);
}

namespace {

mxa::Expr toExpr(const LinExpr &e) {
  return mxa::Expr(e.constant, e.tokens, e.slots, e.context, e.received);
}

class Emitter {
public:
  Emitter(ModuleOp module) : module(module) {}
  LogicalResult emit(StringRef path, const ArtifactOptions &options);

private:
  FailureOr<fb::Offset<mxa::Arg>> arg(Operation *launch, Value v);
  FailureOr<std::vector<fb::Offset<mxa::Arg>>> args(Operation *launch,
                                                    ValueRange values);
  int32_t weightIndex(func::FuncOp fn, unsigned argNo);
  int32_t cacheIndex(func::FuncOp fn, unsigned argNo);
  int32_t stateIndex(func::FuncOp fn, unsigned argNo);
  FailureOr<int32_t> constantIndex(memref::GetGlobalOp get);
  FailureOr<fb::Offset<mxa::Function>> function(func::FuncOp fn);

  ModuleOp module;
  /// Set by emit().
  const ArtifactOptions *options = nullptr;
  fb::FlatBufferBuilder fbb;
  llvm::StringMap<int32_t> kernelIndex, weightIndexByKey, cacheIndexByName,
      constantIndexByName, stateIndexByName;
  std::vector<fb::Offset<mxa::Kernel>> kernels;
  std::vector<fb::Offset<mxa::Weight>> weights;
  std::vector<fb::Offset<mxa::Cache>> caches;
  std::vector<fb::Offset<mxa::Constant>> constants;
  std::vector<fb::Offset<mxa::State>> states;
  int64_t epSize = 1;
};

int32_t Emitter::weightIndex(func::FuncOp fn, unsigned argNo) {
  auto param = fn.getArgAttrOfType<StringAttr>(argNo, attrs::kParam);
  auto transforms = fn.getArgAttrOfType<ArrayAttr>(argNo, attrs::kTransforms);
  auto viewShape =
      fn.getArgAttrOfType<DenseI64ArrayAttr>(argNo, attrs::kViewShape);
  auto paramOp = module.lookupSymbol<ParamOp>(param.getValue());
  ArrayRef<int64_t> paramShape = paramOp.getTensorType().getShape();
  ArrayRef<int64_t> shape = viewShape ? viewShape.asArrayRef() : paramShape;
  // bf16 storage (moe-weights-to-bf16) is part of the weight's identity.
  bool bf16 = cast<MemRefType>(fn.getArgument(argNo).getType())
                  .getElementType()
                  .isBF16();
  std::string key = param.getValue().str() + (bf16 ? "|bf16|" : "|");
  for (int64_t d : shape)
    key += std::to_string(d) + ",";
  std::vector<int8_t> ts;
  if (transforms)
    for (Attribute t : transforms) {
      StringRef name = cast<StringAttr>(t).getValue();
      key += "|" + name.str();
      ts.push_back(static_cast<int8_t>(name == "transpose"
                                           ? mxa::Transform_Transpose
                                           : mxa::Transform_Deinterleave));
    }
  auto sliceOffsets =
      fn.getArgAttrOfType<DenseI64ArrayAttr>(argNo, attrs::kSliceOffsets);
  auto sliceSizes =
      fn.getArgAttrOfType<DenseI64ArrayAttr>(argNo, attrs::kSliceSizes);
  std::vector<int64_t> boxOffsets, boxSizes;
  if (sliceOffsets && sliceSizes) {
    boxOffsets.assign(sliceOffsets.asArrayRef().begin(),
                      sliceOffsets.asArrayRef().end());
    boxSizes.assign(sliceSizes.asArrayRef().begin(),
                    sliceSizes.asArrayRef().end());
  }
  auto slotsAttr =
      fn.getArgAttrOfType<DenseI64ArrayAttr>(argNo, attrs::kExpertSlots);
  std::vector<int64_t> slots;
  if (slotsAttr)
    slots.assign(slotsAttr.asArrayRef().begin(), slotsAttr.asArrayRef().end());
  for (const std::vector<int64_t> *box : {&boxOffsets, &boxSizes, &slots}) {
    key += "|";
    for (int64_t d : *box)
      key += std::to_string(d) + ",";
  }
  auto it = weightIndexByKey.find(key);
  if (it != weightIndexByKey.end())
    return it->second;
  std::string dtype;
  llvm::raw_string_ostream os(dtype);
  os << paramOp.getTensorType().getElementType();
  auto w = mxa::CreateWeight(
      fbb, fbb.CreateString(param.getValue().str()),
      fbb.CreateVector(
          std::vector<int64_t>(paramShape.begin(), paramShape.end())),
      fbb.CreateString(dtype),
      fbb.CreateVector(std::vector<int64_t>(shape.begin(), shape.end())),
      fbb.CreateVector(ts), boxSizes.empty() ? 0 : fbb.CreateVector(boxOffsets),
      boxSizes.empty() ? 0 : fbb.CreateVector(boxSizes),
      slots.empty() ? 0 : fbb.CreateVector(slots),
      bf16 ? mxa::ElementType_BF16 : mxa::ElementType_F32);
  int32_t index = static_cast<int32_t>(weights.size());
  weights.push_back(w);
  weightIndexByKey[key] = index;
  return index;
}

int32_t Emitter::cacheIndex(func::FuncOp fn, unsigned argNo) {
  StringRef name =
      fn.getArgAttrOfType<StringAttr>(argNo, attrs::kCache).getValue();
  auto it = cacheIndexByName.find(name);
  if (it != cacheIndexByName.end())
    return it->second;
  auto type = cast<MemRefType>(fn.getArgument(argNo).getType());
  std::vector<int64_t> tail(type.getShape().begin() + 2, type.getShape().end());
  // "<kind>.<layer>"; scratch shared by all layers has layer -1.
  int layer = -1;
  if (name.rsplit('.').second.getAsInteger(10, layer))
    layer = -1;
  auto c = mxa::CreateCache(fbb, fbb.CreateString(name.str()), layer,
                            fbb.CreateVector(tail),
                            type.getElementType().isBF16()
                                ? mxa::ElementType_BF16
                                : mxa::ElementType_F32);
  int32_t index = static_cast<int32_t>(caches.size());
  caches.push_back(c);
  cacheIndexByName[name] = index;
  return index;
}

int32_t Emitter::stateIndex(func::FuncOp fn, unsigned argNo) {
  StringRef name =
      fn.getArgAttrOfType<StringAttr>(argNo, attrs::kState).getValue();
  auto it = stateIndexByName.find(name);
  if (it != stateIndexByName.end())
    return it->second;
  ArrayRef<int64_t> shape =
      cast<MemRefType>(fn.getArgument(argNo).getType()).getShape();
  auto st = mxa::CreateState(
      fbb, fbb.CreateString(name.str()),
      fbb.CreateVector(std::vector<int64_t>(shape.begin(), shape.end())));
  int32_t index = static_cast<int32_t>(states.size());
  states.push_back(st);
  stateIndexByName[name] = index;
  return index;
}

FailureOr<int32_t> Emitter::constantIndex(memref::GetGlobalOp get) {
  auto it = constantIndexByName.find(get.getName());
  if (it != constantIndexByName.end())
    return it->second;
  auto global = module.lookupSymbol<memref::GlobalOp>(get.getNameAttr());
  auto init =
      global ? dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr())
             : nullptr;
  if (!init || !init.getElementType().isF32())
    return get.emitError("constant table must be an f32 memref.global");
  std::vector<float> data(init.getValues<float>().begin(),
                          init.getValues<float>().end());
  ArrayRef<int64_t> shape = global.getType().getShape();
  auto c = mxa::CreateConstant(
      fbb, fbb.CreateString(get.getName().str()),
      fbb.CreateVector(std::vector<int64_t>(shape.begin(), shape.end())),
      fbb.CreateVector(data));
  int32_t index = static_cast<int32_t>(constants.size());
  constants.push_back(c);
  constantIndexByName[get.getName()] = index;
  return index;
}

FailureOr<std::vector<fb::Offset<mxa::Arg>>> Emitter::args(Operation *launch,
                                                           ValueRange values) {
  std::vector<fb::Offset<mxa::Arg>> result;
  for (Value v : values) {
    auto a = arg(launch, v);
    if (failed(a))
      return failure();
    result.push_back(*a);
  }
  return result;
}

FailureOr<fb::Offset<mxa::Arg>> Emitter::arg(Operation *launch, Value v) {
  Type type = v.getType();
  if (!isa<MemRefType>(type)) {
    mxa::ArgBuilder a(fbb);
    APInt i;
    APFloat f(0.0f);
    if (matchPattern(v, m_ConstantInt(&i))) {
      a.add_kind(mxa::ArgKind_Int);
      a.add_element_type(mxa::ElementType_I64);
      a.add_int_value(i.getSExtValue());
    } else if (matchPattern(v, m_ConstantFloat(&f))) {
      a.add_kind(mxa::ArgKind_Float);
      a.add_float_value(f.convertToDouble());
    } else {
      return launch->emitError("scalar kernel arguments must be constants");
    }
    return a.Finish();
  }
  FailureOr<ViewInfo> info = resolveView(v);
  if (failed(info))
    return launch->emitError("cannot resolve a kernel argument to a view of "
                             "a buffer (is the schedule planned?)");
  auto memType = cast<MemRefType>(type);
  Type elem = memType.getElementType();
  mxa::ElementType et = elem.isF32()         ? mxa::ElementType_F32
                        : elem.isBF16()        ? mxa::ElementType_BF16
                        : elem.isInteger(32) ? mxa::ElementType_I32
                                             : mxa::ElementType_I64;
  mxa::ArgKind kind = mxa::ArgKind_None;
  int32_t index = 0;
  Value root = info->root;
  if (auto ba = dyn_cast<BlockArgument>(root)) {
    auto fn = cast<func::FuncOp>(ba.getOwner()->getParentOp());
    unsigned n = ba.getArgNumber();
    if (auto in = fn.getArgAttrOfType<IntegerAttr>(n, attrs::kInput)) {
      kind = mxa::ArgKind_Input;
      index = in.getInt();
    } else if (auto out = fn.getArgAttrOfType<IntegerAttr>(n, attrs::kOutput)) {
      kind = mxa::ArgKind_Output;
      index = out.getInt();
    } else if (fn.getArgAttr(n, attrs::kParam)) {
      kind = mxa::ArgKind_Weight;
      index = weightIndex(fn, n);
    } else if (fn.getArgAttr(n, attrs::kCache)) {
      kind = mxa::ArgKind_Cache;
      index = cacheIndex(fn, n);
    } else if (fn.getArgAttr(n, attrs::kState)) {
      kind = mxa::ArgKind_State;
      index = stateIndex(fn, n);
    } else if (fn.getArgAttr(n, attrs::kArena)) {
      kind = mxa::ArgKind_Arena;
    } else {
      return launch->emitError("entry argument ") << n << " has no binding";
    }
  } else if (auto get = root.getDefiningOp<memref::GetGlobalOp>()) {
    FailureOr<int32_t> c = constantIndex(get);
    if (failed(c))
      return failure();
    kind = mxa::ArgKind_Constant;
    index = *c;
  } else if (root.getDefiningOp<AbsentOp>()) {
    kind = mxa::ArgKind_None;
  } else {
    return launch->emitError("kernel argument is an unplanned buffer; run "
                             "moe-plan-buffers first");
  }
  std::vector<mxa::Expr> sizes, strides;
  for (const LinExpr &e : info->sizes)
    sizes.push_back(toExpr(e));
  for (const LinExpr &e : info->strides)
    strides.push_back(toExpr(e));
  auto sizesVec = fbb.CreateVectorOfStructs(sizes);
  auto stridesVec = fbb.CreateVectorOfStructs(strides);
  mxa::ArgBuilder a(fbb);
  a.add_kind(kind);
  a.add_index(index);
  a.add_element_type(et);
  mxa::Expr offset = toExpr(info->offset);
  a.add_offset(&offset);
  a.add_sizes(sizesVec);
  a.add_strides(stridesVec);
  return a.Finish();
}

FailureOr<fb::Offset<mxa::Function>> Emitter::function(func::FuncOp fn) {
  std::vector<fb::Offset<mxa::Launch>> launches;
  for (Operation &op : fn.getBody().front()) {
    if (auto x = dyn_cast<ExchangeOp>(op)) {
      auto a = args(x.getOperation(), x.getArgs());
      if (failed(a))
        return failure();
      if (x.getKind() != ExchangeKind::ExpertCounts)
        epSize = std::max<int64_t>(epSize, x.getEpSize());
      std::vector<int64_t> placement(x.getPlacement().begin(),
                                     x.getPlacement().end());
      auto exchange = mxa::CreateExchange(
          fbb, static_cast<mxa::ExchangeKind>(x.getKind()),
          static_cast<int32_t>(x.getId()), static_cast<int32_t>(x.getLayer()),
          fbb.CreateVector(placement),
          static_cast<mxa::ExchangePhase>(x.getPhase()));
      mxa::Expr none(0, 0, 0, 0, 0);
      launches.push_back(
          mxa::CreateLaunch(fbb, 0, &none, fbb.CreateVector(*a), exchange));
      continue;
    }
    auto launch = dyn_cast<LaunchOp>(op);
    if (!launch)
      continue;
    StringRef kernel = launch.getKernel();
    if (!kernelIndex.count(kernel)) {
      auto kfn = module.lookupSymbol<func::FuncOp>(kernel);
      kernelIndex[kernel] = static_cast<int32_t>(kernels.size());
      // A block version's threads per block (0: one thread per work item).
      int64_t blockThreads =
          !options->cudaArch.empty() && options->cudaBlockKernels
              ? getBlockKernelThreads(module.getContext(), kernel)
              : 0;
      // The sm_90a template moe-kernels-to-gpu added (moe-kernels-to-ptx
      // with chip sm_90a).
      StringRef sm90 =
          options->cudaArch == "sm_90a" ? getSm90Template(kernel) : "";
      StringRef variant = blockThreads ? getBlockVariant(kfn) : "";
      mxa::GpuTemplate gpuTemplate =
          sm90.empty() ? mxa::GpuTemplate_None
          : kernel == "grouped_matmul_nt_bf16"
              ? mxa::GpuTemplate_GroupedMatmulNtBF16Sm90
              : mxa::GpuTemplate_GroupedSwigluNtBF16Sm90;
      kernels.push_back(mxa::CreateKernel(
          fbb, fbb.CreateString(kernel.str()),
          fbb.CreateString(packedKernelSymbol(kernel)),
          kfn.getNumArguments() - 2, fbb.CreateString(gpuKernelSymbol(kernel)),
          static_cast<uint32_t>(blockThreads), gpuTemplate,
          sm90.empty() ? 0 : fbb.CreateString(sm90.str()),
          // moe-kernels-to-gpu added the block variant with the block version.
          variant.empty() ? 0 : fbb.CreateString(("mxg_" + variant).str())));
    }
    auto a = args(launch.getOperation(), launch.getArgs());
    if (failed(a))
      return failure();
    FailureOr<LinExpr> items = evalIndex(launch.getItems());
    if (failed(items))
      return launch->emitError("work items are not linear in (T, S, C, R)");
    mxa::Expr itemsExpr = toExpr(*items);
    launches.push_back(mxa::CreateLaunch(fbb, kernelIndex[kernel], &itemsExpr,
                                         fbb.CreateVector(*a)));
  }
  auto maxTokens = fn->getAttrOfType<IntegerAttr>(attrs::kMaxTokens);
  auto arena = fn->getAttrOfType<IntegerAttr>(attrs::kArenaBytes);
  auto maxReceived = fn->getAttrOfType<IntegerAttr>(attrs::kMaxReceived);
  auto microBatches = fn->getAttrOfType<IntegerAttr>(attrs::kMicroBatches);
  auto minTokens = fn->getAttrOfType<IntegerAttr>(attrs::kMicroBatchMinTokens);
  auto stash = fn->getAttrOfType<IntegerAttr>(attrs::kStashBytes);
  return mxa::CreateFunction(
      fbb, fbb.CreateString(fn.getSymName().str()), maxTokens.getInt(),
      arena.getInt(), fbb.CreateVector(launches),
      maxReceived ? maxReceived.getInt() : 0,
      microBatches ? static_cast<int32_t>(microBatches.getInt()) : 1,
      minTokens ? minTokens.getInt() : 0, stash ? stash.getInt() : 0);
}

LogicalResult Emitter::emit(StringRef path, const ArtifactOptions &options) {
  this->options = &options;
  std::vector<fb::Offset<mxa::Function>> functions;
  int64_t vocab = 0;
  // Inference (@prefill and @decode) or training (@train_step) entries.
  bool train = static_cast<bool>(module.lookupSymbol("train_step"));
  SmallVector<StringRef> entries = {"prefill", "decode"};
  if (train)
    entries = {"train_step"};
  for (StringRef name : entries) {
    auto fn = module.lookupSymbol<func::FuncOp>(name);
    if (!fn || !fn->hasAttr(attrs::kArenaBytes))
      return module.emitError("no planned entry point @")
             << name << " (run moe-lower-to-kernels or moe-lower-train-step, "
             << "then moe-plan-buffers)";
    for (unsigned i = 0; i < fn.getNumArguments(); ++i)
      if (auto out = fn.getArgAttrOfType<IntegerAttr>(i, attrs::kOutput);
          out && out.getInt() == 0)
        vocab = cast<MemRefType>(fn.getArgument(i).getType()).getDimSize(1);
    auto f = function(fn);
    if (failed(f))
      return failure();
    functions.push_back(*f);
  }
  FailureOr<CPUCode> code = compileKernelsForCPU(module, options.cpu, options.cpuTiles);
  if (failed(code))
    return failure();
  // Segments: the host object, then (with a CUDA chip) the cubin and its PTX.
  std::vector<std::string> blobs = {std::move(code->bytes)};
  std::vector<std::tuple<std::string, std::string, mxa::CodeFormat>> codes = {
      {code->triple, code->cpu, mxa::CodeFormat_ElfSharedObject}};
  if (!options.cudaArch.empty()) {
    FailureOr<CUDACode> cuda = compileKernelsForCUDA(module, options.cudaArch,
                                                     options.cudaBlockKernels);
    if (failed(cuda))
      return failure();
    blobs.push_back(std::move(cuda->cubin));
    codes.emplace_back("nvptx64-nvidia-cuda", cuda->chip, mxa::CodeFormat_Cubin);
    blobs.push_back(std::move(cuda->ptx));
    codes.emplace_back("nvptx64-nvidia-cuda", cuda->chip, mxa::CodeFormat_Ptx);
  }
  std::vector<uint64_t> sizes;
  for (const std::string &b : blobs)
    sizes.push_back(b.size());
  std::vector<uint64_t> offsets = ::moe::runtime::computeSegmentOffsets(sizes);
  std::vector<fb::Offset<mxa::Code>> codeTables;
  for (size_t i = 0; i < codes.size(); ++i) {
    mxa::Segment segment(offsets[i], blobs[i].size());
    codeTables.push_back(mxa::CreateCode(
        fbb, fbb.CreateString(std::get<0>(codes[i])),
        fbb.CreateString(std::get<1>(codes[i])), std::get<2>(codes[i]),
        &segment, i == 0 ? fbb.CreateVectorOfStrings(code->features) : 0));
  }

  // Model metadata from the importer's module attributes.
  auto strAttr = [&](StringRef n) {
    std::string s;
    if (auto a = module->getAttrOfType<StringAttr>(n))
      s = a.getValue().str();
    else if (auto t = module->getAttrOfType<TypeAttr>(n))
      llvm::raw_string_ostream(s) << t.getValue();
    return s;
  };
  std::vector<int64_t> eos;
  if (auto list = module->getAttrOfType<ArrayAttr>("moe.eos_token_ids"))
    for (Attribute a : list)
      if (auto i = dyn_cast<IntegerAttr>(a))
        eos.push_back(i.getInt());
  int32_t layers = 0;
  if (auto n = module->getAttrOfType<IntegerAttr>("moe.num_hidden_layers"))
    layers = static_cast<int32_t>(n.getInt());
  // The hidden size is the width of the embedding table.
  int64_t hidden = 0;
  module.walk([&](LaunchOp l) {
    if (l.getKernel() == "embedding" && !hidden)
      hidden = cast<MemRefType>(l.getArgs()[0].getType()).getDimSize(1);
  });
  auto model = mxa::CreateModelInfo(
      fbb, fbb.CreateString(strAttr("moe.model_type")), layers, vocab, hidden,
      fbb.CreateVector(eos), fbb.CreateString(strAttr("moe.dtype")));
  auto artifact = mxa::CreateArtifact(
      fbb, ::moe::runtime::kSchemaVersion, fbb.CreateString("moe-opt"), model,
      fbb.CreateVector(weights), fbb.CreateVector(constants),
      fbb.CreateVector(caches), fbb.CreateVector(kernels),
      fbb.CreateVector(codeTables),
      fbb.CreateVector(functions), static_cast<int32_t>(epSize),
      states.empty() ? 0 : fbb.CreateVector(states));
  mxa::FinishSizePrefixedArtifactBuffer(fbb, artifact);
  std::vector<::moe::runtime::ByteSpan> spans;
  for (const std::string &b : blobs)
    spans.push_back({reinterpret_cast<const uint8_t *>(b.data()), b.size()});
  ::moe::runtime::Status st = ::moe::runtime::writeArtifactFile(
      path.str(), fbb.GetBufferPointer(), fbb.GetSize(), spans);
  if (!st)
    return module.emitError(st.errorMessage());
  return success();
}

} // namespace

LogicalResult mlir::moe::emitArtifact(ModuleOp module, StringRef path,
                                      const ArtifactOptions &options) {
  Emitter emitter(module);
  return emitter.emit(path, options);
}
