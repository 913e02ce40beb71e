//===- KernelLibrary.cpp - The CPU kernels carried by the compiler --------===//

#include "lowering/KernelLibrary.h"
#include "lowering/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringRef.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEINSERTKERNELS
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;

namespace {
struct KernelSource {
  const char *name;
  const char *text;
};
const KernelSource kKernels[] = {
#include "lowering/KernelSources.inc"
};
const KernelSource kBlockKernels[] = {
#include "lowering/BlockKernelSources.inc"
};
const KernelSource kGpuTemplates[] = {
#include "lowering/GpuTemplateSources.inc"
};
const KernelSource kNarrowKernels[] = {
#include "lowering/NarrowKernelSources.inc"
};
/// Library kernels with an sm_90a template: the template (a file of
/// kernels/gpu/ holding `gpu.func @<template>`).
struct Sm90Template {
  const char *kernel;
  const char *name;
};
const Sm90Template kSm90Templates[] = {
    {"grouped_matmul_nt_bf16", "grouped_matmul_nt_bf16_f32_sm90"},
    {"grouped_swiglu_nt_bf16", "grouped_swiglu_nt_bf16_sm90"},
};
/// Library kernels with a block variant: a second block version (a file of
/// kernels/block/ of that name) with the same arguments, which the runtime
/// launches instead of the first where its rule says (Kernel.gpu_variant_symbol).
/// The first of a kernel's is its default; moe-attention-tensor-cores picks
/// the one on tensor cores (attribute moe.gpu_block_variant).
struct BlockVariant {
  const char *kernel;
  const char *name;
  bool tensorCores;
};
const BlockVariant kBlockVariants[] = {
    {"attention", "attention_tiled", false},
    {"attention", "attention_tc", true},
};
/// The bf16-storage variants (moe-kv-cache-to-bf16's KV caches). A block
/// variant of a base with some has its own, of the same arguments.
const moe::BF16StorageVariant kBF16StorageVariants[] = {
    // kv_store(src, cache, positions, slots)
    {"kv_store_cbf16", "kv_store", {1, -1}},
    // attention(q, kc, vc, positions, slots, sinks, out, ...)
    {"attention_kvbf16", "attention", {1, 2}},
    {"attention_tiled_kvbf16", "attention_tiled", {1, 2}},
    {"attention_tc_kvbf16", "attention_tc", {1, 2}},
    // kv_load(cache, positions, slots, out): the latent rows widened to f32
    // for mla_expand
    {"kv_load_cbf16", "kv_load", {0, -1}},
};
const char kPipeline[] =
#include "lowering/KernelPipeline.inc"
    ;
const char kNVVMPipeline[] =
#include "lowering/KernelPipelineNVVM.inc"
    ;
/// The text of file `name` of an embedded kernel folder, or "".
template <size_t N>
llvm::StringRef findSource(const KernelSource (&folder)[N],
                           llvm::StringRef name) {
  for (const KernelSource &k : folder)
    if (name == k.name)
      return k.text;
  return {};
}
} // namespace

llvm::StringRef moe::getKernelSource(llvm::StringRef name) {
  return findSource(kKernels, name);
}

llvm::StringRef moe::getNarrowKernelSource(llvm::StringRef name) {
  return findSource(kNarrowKernels, name);
}

llvm::StringRef moe::getBlockKernelSource(llvm::StringRef name) {
  return findSource(kBlockKernels, name);
}

void moe::eraseKernelIfUnused(ModuleOp module, llvm::StringRef name) {
  auto kernel = module.lookupSymbol<func::FuncOp>(name);
  if (kernel && SymbolTable::symbolKnownUseEmpty(kernel, module))
    kernel.erase();
}

llvm::StringRef moe::getSm90Template(llvm::StringRef kernel) {
  for (const Sm90Template &t : kSm90Templates)
    if (kernel == t.kernel)
      return t.name;
  return {};
}

FailureOr<gpu::GPUModuleOp>
moe::parseSm90Template(MLIRContext *ctx, llvm::StringRef kernel,
                       OwningOpRef<ModuleOp> &holder, Location loc) {
  llvm::StringRef name = getSm90Template(kernel);
  if (name.empty())
    return gpu::GPUModuleOp();
  llvm::StringRef text = findSource(kGpuTemplates, name);
  holder = parseSourceString<ModuleOp>(text, ParserConfig(ctx));
  gpu::GPUModuleOp module;
  if (holder)
    holder->walk([&](gpu::GPUModuleOp m) {
      if (m.getName() == name && m.lookupSymbol<gpu::GPUFuncOp>(name))
        module = m;
    });
  if (!module)
    return emitError(loc) << "kernel library: kernels/gpu/" << name
                          << ".mlir must hold gpu.module @" << name
                          << " with gpu.func @" << name;
  return module;
}

FailureOr<gpu::GPUFuncOp>
moe::parseBlockKernel(MLIRContext *ctx, llvm::StringRef name,
                      OwningOpRef<ModuleOp> &holder, Location loc) {
  name = getBlockKernelOrigin(name);
  llvm::StringRef text = getBlockKernelSource(name);
  if (text.empty())
    return gpu::GPUFuncOp();
  holder = parseSourceString<ModuleOp>(text, ParserConfig(ctx));
  std::string symbol = ("mxg_" + name).str();
  gpu::GPUFuncOp fn;
  if (holder)
    holder->walk([&](gpu::GPUFuncOp f) {
      if (f.getName() == symbol)
        fn = f;
    });
  if (!fn || !fn.isKernel() || !fn.getKnownBlockSize() ||
      (*fn.getKnownBlockSize())[1] != 1 || (*fn.getKnownBlockSize())[2] != 1)
    return emitError(loc)
           << "kernel library: kernels/block/" << name << ".mlir must hold "
           << "gpu.func @" << symbol << " kernel with known_block_size = "
           << "array<i32: N, 1, 1>";
  return fn;
}

llvm::SmallVector<llvm::StringRef>
moe::getBlockVariants(llvm::StringRef kernel, bool tensorCoresOnly) {
  llvm::SmallVector<llvm::StringRef> out;
  for (const BlockVariant &v : kBlockVariants)
    if (kernel == v.kernel && (v.tensorCores || !tensorCoresOnly))
      out.push_back(v.name);
  if (const BF16StorageVariant *bf16 = getBF16StorageVariant(kernel)) {
    SmallVector<int> args;
    for (int a : bf16->args)
      if (a >= 0)
        args.push_back(a);
    for (llvm::StringRef base : getBlockVariants(bf16->base, tensorCoresOnly))
      if (const BF16StorageVariant *v = findBF16StorageVariant(base, args))
        out.push_back(v->name);
  }
  return out;
}

llvm::StringRef moe::getBlockVariant(func::FuncOp kernel) {
  if (auto chosen =
          kernel->getAttrOfType<StringAttr>(attrs::kGpuBlockVariant))
    return chosen.getValue();
  llvm::SmallVector<llvm::StringRef> all =
      getBlockVariants(kernel.getSymName());
  return all.empty() ? llvm::StringRef() : all.front();
}

const moe::BF16StorageVariant *
moe::getBF16StorageVariant(llvm::StringRef name) {
  for (const BF16StorageVariant &v : kBF16StorageVariants)
    if (name == v.name)
      return &v;
  return nullptr;
}

const moe::BF16StorageVariant *
moe::findBF16StorageVariant(llvm::StringRef base, llvm::ArrayRef<int> args) {
  for (const BF16StorageVariant &v : kBF16StorageVariants) {
    if (base != v.base)
      continue;
    SmallVector<int> own;
    for (int a : v.args)
      if (a >= 0)
        own.push_back(a);
    if (ArrayRef<int>(own) == args)
      return &v;
  }
  return nullptr;
}

/// `v` (f32, or a vector of f32) rounded to bf16 as lowering/kernels/
/// to_bf16.mlir does: to nearest even on the bits, NaNs made quiet.
static Value roundToBF16(OpBuilder &b, Location loc, Value v) {
  auto vec = dyn_cast<VectorType>(v.getType());
  auto like = [&](Type element) -> Type {
    return vec ? Type(VectorType::get(vec.getShape(), element)) : element;
  };
  Type i32 = like(b.getI32Type());
  auto cst = [&](int32_t x) -> Value {
    TypedAttr attr = b.getI32IntegerAttr(x);
    if (vec)
      attr = DenseElementsAttr::get(cast<ShapedType>(i32),
                                    cast<Attribute>(attr));
    return arith::ConstantOp::create(b, loc, attr);
  };
  Value bits = arith::BitcastOp::create(b, loc, i32, v);
  Value abs = arith::AndIOp::create(b, loc, bits, cst(0x7fffffff));
  Value nan = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, abs,
                                    cst(0x7f800000));
  Value lsb = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, bits, cst(16)), cst(1));
  Value bias = arith::AddIOp::create(b, loc, lsb, cst(0x7fff));
  Value rounded = arith::AddIOp::create(b, loc, bits, bias);
  Value quiet = arith::OrIOp::create(b, loc, bits, cst(0x400000));
  Value picked = arith::SelectOp::create(b, loc, nan, quiet, rounded);
  Value high = arith::ShRUIOp::create(b, loc, picked, cst(16));
  Value half = arith::TruncIOp::create(b, loc, like(b.getI16Type()), high);
  return arith::BitcastOp::create(b, loc, like(b.getBF16Type()), half);
}

LogicalResult moe::storeArgsAsBF16(FunctionOpInterface fn,
                                   llvm::ArrayRef<unsigned> args,
                                   llvm::StringRef what) {
  MLIRContext *ctx = fn->getContext();
  Type bf16 = BFloat16Type::get(ctx), f32 = Float32Type::get(ctx);
  auto narrow = [&](Type t) -> Type {
    if (auto m = dyn_cast<MemRefType>(t))
      return MemRefType::get(m.getShape(), bf16, m.getLayout(),
                             m.getMemorySpace());
    if (auto v = dyn_cast<VectorType>(t))
      return VectorType::get(v.getShape(), bf16);
    return bf16;
  };
  auto isF32MemRef = [&](Type t) {
    auto m = dyn_cast<MemRefType>(t);
    return m && m.getElementType() == f32;
  };
  Block &entry = fn.getFunctionBody().front();
  // The inputs (a gpu.func's entry block also holds its attributions).
  SmallVector<Type> inputs(fn.getArgumentTypes());
  SmallVector<Value> worklist;
  for (unsigned n : args) {
    if (n >= inputs.size() ||
        !isF32MemRef(entry.getArgument(n).getType()))
      return fn->emitError("cannot store argument ")
             << n << " of '" << what << "' as bf16: expected an f32 memref";
    inputs[n] = narrow(inputs[n]);
    entry.getArgument(n).setType(inputs[n]);
    worklist.push_back(entry.getArgument(n));
  }
  // A load's result becomes bf16, extended to f32 for its users.
  auto widen = [&](Value loaded) {
    Type wide = loaded.getType();
    loaded.setType(narrow(wide));
    OpBuilder b(ctx);
    b.setInsertionPointAfterValue(loaded);
    auto ext = arith::ExtFOp::create(b, loaded.getLoc(), wide, loaded);
    loaded.replaceAllUsesExcept(ext, ext);
  };
  auto round = [&](Operation *store, OpOperand &value) {
    OpBuilder b(store);
    value.set(roundToBF16(b, store->getLoc(), value.get()));
  };
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (OpOperand &use : llvm::make_early_inc_range(v.getUses())) {
      Operation *user = use.getOwner();
      // A prefetch takes the bf16 memref as it is.
      if (isa<memref::DimOp, memref::PrefetchOp>(user))
        continue;
      if (auto meta = dyn_cast<memref::ExtractStridedMetadataOp>(user)) {
        meta.getBaseBuffer().setType(narrow(meta.getBaseBuffer().getType()));
        worklist.push_back(meta.getBaseBuffer());
        continue;
      }
      if (isa<memref::ReinterpretCastOp, memref::CastOp, memref::SubViewOp>(
              user) &&
          use.getOperandNumber() == 0) {
        user->getResult(0).setType(narrow(user->getResult(0).getType()));
        worklist.push_back(user->getResult(0));
        continue;
      }
      if (isa<memref::LoadOp, vector::LoadOp>(user)) {
        widen(user->getResult(0));
        continue;
      }
      if (auto load = dyn_cast<vector::MaskedLoadOp>(user)) {
        round(load, load.getPassThruMutable());
        widen(load.getResult());
        continue;
      }
      if (auto store = dyn_cast<memref::StoreOp>(user);
          store && store.getMemRef() == v) {
        round(store, store.getValueMutable());
        continue;
      }
      if (auto store = dyn_cast<vector::StoreOp>(user);
          store && store.getBase() == v) {
        round(store, store.getValueToStoreMutable());
        continue;
      }
      if (auto store = dyn_cast<vector::MaskedStoreOp>(user);
          store && store.getBase() == v) {
        round(store, store.getValueToStoreMutable());
        continue;
      }
      return user->emitError("cannot store an argument of '")
             << what << "' as bf16: it is used by " << user->getName()
             << ", expected a load, a store or a view";
    }
  }
  fn.setFunctionTypeAttr(
      TypeAttr::get(FunctionType::get(ctx, inputs, fn.getResultTypes())));
  return success();
}

llvm::StringRef moe::getBlockKernelOrigin(llvm::StringRef name) {
  llvm::StringRef base = name;
  if (const BF16StorageVariant *v = getBF16StorageVariant(name))
    if (getBlockKernelSource(name).empty() &&
        !getBlockKernelSource(v->base).empty())
      return v->base;
  // matmul_nt_bf16 takes matmul_nt's arguments with x and w bf16.
  if (getBlockKernelSource(name).empty() &&
      (base.consume_back("_wbf16") ||
       (name == "matmul_nt_bf16" && base.consume_back("_bf16"))) &&
      !getBlockKernelSource(base).empty())
    return base;
  return name;
}

int64_t moe::getBlockKernelThreads(MLIRContext *ctx, llvm::StringRef name) {
  OwningOpRef<ModuleOp> holder;
  FailureOr<gpu::GPUFuncOp> fn =
      parseBlockKernel(ctx, name, holder, UnknownLoc::get(ctx));
  if (failed(fn) || !*fn)
    return 0;
  return (*fn->getKnownBlockSize())[0];
}

llvm::StringRef moe::getKernelPipeline() {
  return llvm::StringRef(kPipeline).trim();
}

llvm::StringRef moe::getNVVMKernelPipeline() {
  return llvm::StringRef(kNVVMPipeline).trim();
}

func::FuncOp moe::getOrInsertKernel(ModuleOp module, llvm::StringRef name,
                                    Location loc) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  // A bf16-storage variant: its base's function, renamed and retyped.
  const BF16StorageVariant *variant =
      getKernelSource(name).empty() ? getBF16StorageVariant(name) : nullptr;
  llvm::StringRef source = variant ? llvm::StringRef(variant->base) : name;
  llvm::StringRef text = getKernelSource(source);
  if (text.empty()) {
    emitError(loc) << "no kernel named '" << name << "' in the library";
    return nullptr;
  }
  OwningOpRef<ModuleOp> lib =
      parseSourceString<ModuleOp>(text, ParserConfig(module.getContext()));
  if (!lib) {
    emitError(loc) << "kernel library: cannot parse kernel '" << name << "'";
    return nullptr;
  }
  if (!lib->lookupSymbol<func::FuncOp>(source)) {
    emitError(loc) << "kernel library: file of '" << source
                   << "' has no func.func @" << source;
    return nullptr;
  }
  // Helper functions a kernel file may define come along with it.
  for (auto src : lib->getOps<func::FuncOp>()) {
    bool kernel = src.getSymName() == source;
    if (!kernel && module.lookupSymbol(src.getSymName()))
      continue;
    auto clone = cast<func::FuncOp>(src->clone());
    if (kernel) {
      clone->setAttr(attrs::kKernel, UnitAttr::get(module.getContext()));
      if (variant) {
        clone.setSymName(name);
        SmallVector<unsigned> args;
        for (int a : variant->args)
          if (a >= 0)
            args.push_back(static_cast<unsigned>(a) + 2);
        if (failed(storeArgsAsBF16(clone, args, name))) {
          clone->erase();
          return nullptr;
        }
      }
    }
    module.push_back(clone);
  }
  auto fn = module.lookupSymbol<func::FuncOp>(name);
  return fn;
}

namespace {
struct InsertKernels : public moe::impl::MoEInsertKernelsBase<InsertKernels> {
  using MoEInsertKernelsBase::MoEInsertKernelsBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (const std::string &name : names)
      if (!moe::getOrInsertKernel(module, name, module.getLoc()))
        return signalPassFailure();
  }
};
} // namespace
