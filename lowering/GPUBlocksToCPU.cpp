//===- GPUBlocksToCPU.cpp - CUDA block kernels as emulated CPU code -------===//
//
// moe-gpu-blocks-to-cpu: see Passes.td. Each block-version entry of
// `gpu.module @mxa_kernels` becomes the body of one GPU thread as a CPU
// function; the calls that need the other threads of the block (thread id,
// barrier, shuffles) go to the emulator of test/kernels/BlockEmu.h.
//
//===----------------------------------------------------------------------===//

#include "lowering/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEGPUBLOCKSTOCPU
#include "lowering/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {

constexpr const char *kPass = "moe-gpu-blocks-to-cpu: ";

/// The emulator's functions, declared once in `module`.
func::FuncOp getOrDeclare(ModuleOp module, StringRef name, TypeRange inputs,
                          TypeRange results) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  OpBuilder b(module.getBodyRegion());
  auto fn = func::FuncOp::create(
      b, module.getLoc(), name, b.getFunctionType(inputs, results));
  fn.setPrivate();
  return fn;
}

/// `t` without a `#gpu.address_space` memory space.
MemRefType dropSpace(MemRefType t) {
  return MemRefType::get(t.getShape(), t.getElementType(), t.getLayout(),
                         Attribute());
}

/// Rewrites each warp-level `nvvm.mma.sync` of `fn` (bf16 m16n8k16, row x
/// col, f32 accumulators: the one shape the block versions use) into a call
/// of the emulator, `@mxemu_mma_bf16_m16n8k16(a0..a3, b0, b1, c0..c3, d)`,
/// which returns this lane's four results in `d` (a memref<4xf32> allocated
/// once at the function's entry); the `llvm.extractvalue`s of its result
/// become loads of `d`.
LogicalResult rewriteMmas(ModuleOp module, func::FuncOp fn) {
  SmallVector<NVVM::MmaOp> mmas;
  fn.walk([&](NVVM::MmaOp mma) { mmas.push_back(mma); });
  if (mmas.empty())
    return success();
  OpBuilder b(fn.getContext());
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  b.setInsertionPointToStart(&fn.getBody().front());
  auto dType = MemRefType::get({4}, f32);
  Value d = memref::AllocaOp::create(b, fn.getLoc(), dType);
  for (NVVM::MmaOp mma : mmas) {
    NVVM::MMAShapeAttr shape = mma.getShape();
    bool supported =
        shape.getM() == 16 && shape.getN() == 8 && shape.getK() == 16 &&
        mma.getMultiplicandAPtxType() == NVVM::MMATypes::bf16 &&
        mma.getMultiplicandBPtxType() == NVVM::MMATypes::bf16 &&
        mma.getLayoutA() == NVVM::MMALayout::row &&
        mma.getLayoutB() == NVVM::MMALayout::col &&
        mma.getOperandA().size() == 4 && mma.getOperandB().size() == 2 &&
        mma.getOperandC().size() == 4 &&
        llvm::all_of(mma.getOperandC().getTypes(),
                     [](Type t) { return t.isF32(); });
    if (!supported)
      return mma.emitError(kPass)
             << "cannot emulate this mma.sync in @" << fn.getSymName()
             << ", expected bf16 m16n8k16, row x col, f32 accumulators";
    SmallVector<Value> args(mma.getOperandA());
    llvm::append_range(args, mma.getOperandB());
    llvm::append_range(args, mma.getOperandC());
    args.push_back(d);
    b.setInsertionPoint(mma);
    Location loc = mma.getLoc();
    func::CallOp::create(
        b, loc,
        getOrDeclare(module, "mxemu_mma_bf16_m16n8k16",
                     TypeRange{i32, i32, i32, i32, i32, i32, f32, f32, f32,
                               f32, dType},
                     {}),
        args);
    Value parts[4];
    for (int64_t i = 0; i < 4; ++i)
      parts[i] = memref::LoadOp::create(
          b, loc, d, ValueRange{arith::ConstantIndexOp::create(b, loc, i)});
    for (Operation *user : llvm::make_early_inc_range(mma->getUsers())) {
      auto extract = dyn_cast<LLVM::ExtractValueOp>(user);
      if (!extract || extract.getPosition().size() != 1 ||
          extract.getPosition()[0] < 0 || extract.getPosition()[0] > 3)
        return user->emitError(kPass)
               << "cannot emulate this use of an mma.sync result in @"
               << fn.getSymName() << ", expected llvm.extractvalue [0..3]";
      extract.replaceAllUsesWith(parts[extract.getPosition()[0]]);
      extract.erase();
    }
    mma.erase();
  }
  return success();
}

/// Rewrites the thread-level ops of `fn` (the moved body of a block
/// version with N = `threads`): see Passes.td.
LogicalResult rewriteOps(ModuleOp module, func::FuncOp fn, int64_t threads) {
  if (failed(rewriteMmas(module, fn)))
    return failure();
  OpBuilder b(fn.getContext());
  Type index = b.getIndexType(), i32 = b.getI32Type();
  Value wg = fn.getArgument(0), nwg = fn.getArgument(1);
  SmallVector<Operation *> ops;
  fn.walk([&](Operation *op) { ops.push_back(op); });
  for (Operation *op : ops) {
    Location loc = op->getLoc();
    b.setInsertionPoint(op);
    auto constant = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    auto call = [&](StringRef name, TypeRange results,
                    ValueRange args) -> func::CallOp {
      func::FuncOp callee =
          getOrDeclare(module, name, args.getTypes(), results);
      return func::CallOp::create(b, loc, callee, args);
    };
    bool isX = true;
    if (auto dim = op->getAttrOfType<gpu::DimensionAttr>("dimension"))
      isX = dim.getValue() == gpu::Dimension::x;
    if (isa<gpu::BlockIdOp>(op)) {
      op->replaceAllUsesWith(ValueRange{isX ? wg : constant(0)});
    } else if (isa<gpu::GridDimOp>(op)) {
      op->replaceAllUsesWith(ValueRange{isX ? nwg : constant(1)});
    } else if (isa<gpu::BlockDimOp>(op)) {
      op->replaceAllUsesWith(ValueRange{constant(isX ? threads : 1)});
    } else if (isa<gpu::ThreadIdOp>(op)) {
      Value id = isX ? call("mxemu_thread_id", index, {}).getResult(0)
                     : constant(0);
      op->replaceAllUsesWith(ValueRange{id});
    } else if (isa<gpu::BarrierOp>(op)) {
      call("mxemu_barrier", {}, {});
    } else if (auto shuffle = dyn_cast<gpu::ShuffleOp>(op)) {
      Type type = shuffle.getShuffleResult().getType();
      StringRef name = type.isF32()                 ? "mxemu_shuffle_f32"
                       : type.isSignlessInteger(32) ? "mxemu_shuffle_i32"
                                                    : "";
      if (name.empty())
        return op->emitError(kPass) << "cannot emulate a shuffle of " << type
                                    << " in @" << fn.getSymName()
                                    << ", expected f32 or i32";
      Value mode = arith::ConstantIntOp::create(
          b, loc, i32, static_cast<int64_t>(shuffle.getMode()));
      Value value = call(name, type,
                         {shuffle.getValue(), shuffle.getOffset(),
                          shuffle.getWidth(), mode})
                        .getResult(0);
      Value valid = shuffle.getValid();
      if (!valid.use_empty())
        valid.replaceAllUsesWith(
            call("mxemu_shuffle_valid", b.getI1Type(),
                 {shuffle.getOffset(), shuffle.getWidth(), mode})
                .getResult(0));
      shuffle.getShuffleResult().replaceAllUsesWith(value);
    } else if (isa<gpu::ReturnOp>(op)) {
      func::ReturnOp::create(b, loc);
    } else if (llvm::is_contained({"gpu", "nvvm", "nvgpu", "llvm"},
                                  op->getName().getDialectNamespace())) {
      return op->emitError(kPass)
             << "cannot emulate '" << op->getName() << "' in @"
             << fn.getSymName();
    } else {
      continue;
    }
    op->erase();
  }
  return success();
}

/// The element `indices` address in `memory`, counted from its aligned
/// pointer: offset + sum of index * stride.
Value linearElement(OpBuilder &b, Location loc, Value memory,
                    ValueRange indices) {
  auto meta = memref::ExtractStridedMetadataOp::create(b, loc, memory);
  Value element = meta.getOffset();
  for (auto [idx, stride] : llvm::zip(indices, meta.getStrides()))
    element = arith::AddIOp::create(
        b, loc, element, arith::MulIOp::create(b, loc, idx, stride));
  return element;
}

/// Reports each access to workgroup buffer `id` (`memory`, a static
/// memref) to the emulator's race check before it happens:
/// `@mxemu_shared_access(id, first element, element count, kind)`, kind 0
/// read, 1 write, 2 atomic.
LogicalResult checkSharedAccesses(ModuleOp module, func::FuncOp fn,
                                  Value memory, int64_t id) {
  OpBuilder b(fn.getContext());
  Type index = b.getIndexType(), i32 = b.getI32Type();
  for (Operation *user : llvm::make_early_inc_range(memory.getUsers())) {
    ValueRange indices;
    int64_t count = 1, kind = 0;
    if (auto load = dyn_cast<memref::LoadOp>(user)) {
      indices = load.getIndices();
    } else if (auto store = dyn_cast<memref::StoreOp>(user)) {
      indices = store.getIndices();
      kind = 1;
    } else if (auto load = dyn_cast<vector::LoadOp>(user)) {
      indices = load.getIndices();
      count = load.getVectorType().getNumElements();
    } else if (auto store = dyn_cast<vector::StoreOp>(user)) {
      indices = store.getIndices();
      count = store.getVectorType().getNumElements();
      kind = 1;
    } else if (auto rmw = dyn_cast<memref::AtomicRMWOp>(user)) {
      indices = rmw.getIndices();
      kind = 2;
    } else {
      return user->emitError(kPass)
             << "cannot race-check workgroup memory used by '"
             << user->getName() << "' in @" << fn.getSymName()
             << ", expected memref or vector loads and stores, or "
                "memref.atomic_rmw";
    }
    Location loc = user->getLoc();
    b.setInsertionPoint(user);
    Value args[] = {arith::ConstantIntOp::create(b, loc, i32, id),
                    linearElement(b, loc, memory, indices),
                    arith::ConstantIndexOp::create(b, loc, count),
                    arith::ConstantIntOp::create(b, loc, i32, kind)};
    func::CallOp::create(
        b, loc,
        getOrDeclare(module, "mxemu_shared_access",
                     TypeRange{i32, index, index, i32}, {}),
        args);
  }
  return success();
}

/// Reports each store and atomic to global memory (a memref argument of
/// `fn`) to the emulator's race check before it happens:
/// `@mxemu_global_store(argument, aligned pointer, element, element bytes,
/// atomic)`: the kernel's argument (0 = the first after wg and nwg), the
/// element counted from the aligned pointer.
void checkGlobalStores(ModuleOp module, func::FuncOp fn) {
  OpBuilder b(fn.getContext());
  Type index = b.getIndexType(), i32 = b.getI32Type();
  SmallVector<Operation *> stores;
  fn.walk([&](Operation *op) {
    if (isa<memref::StoreOp, memref::AtomicRMWOp>(op))
      stores.push_back(op);
  });
  for (Operation *op : stores) {
    auto store = dyn_cast<memref::StoreOp>(op);
    Value memory = store ? store.getMemRef()
                         : cast<memref::AtomicRMWOp>(op).getMemref();
    auto arg = dyn_cast<BlockArgument>(memory);
    if (!arg || arg.getOwner() != &fn.getBody().front())
      continue; // workgroup or private memory
    auto type = cast<MemRefType>(memory.getType());
    ValueRange indices = store ? store.getIndices()
                               : cast<memref::AtomicRMWOp>(op).getIndices();
    Location loc = op->getLoc();
    b.setInsertionPoint(op);
    Value element = linearElement(b, loc, memory, indices);
    Value pointer =
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memory);
    Value args[] = {
        arith::ConstantIntOp::create(b, loc, i32, arg.getArgNumber() - 2),
        pointer,
        element,
        arith::ConstantIndexOp::create(
            b, loc, type.getElementTypeBitWidth() / 8),
        arith::ConstantIntOp::create(b, loc, i32, store ? 0 : 1)};
    func::CallOp::create(
        b, loc,
        getOrDeclare(module, "mxemu_global_store",
                     TypeRange{i32, index, index, index, i32}, {}),
        args);
  }
}

/// Moves the block version `entry` (@mxg_<name>, N threads) out of the
/// gpu.module into @mxemu_<name> and @mxemu_<name>_threads.
LogicalResult emulate(ModuleOp module, gpu::GPUFuncOp entry,
                      int64_t threads) {
  std::string name = "mxemu_" + entry.getName().drop_front(4).str();
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  Location loc = entry.getLoc();
  Type index = b.getIndexType();

  auto count = func::FuncOp::create(b, loc, name + "_threads",
                                    b.getFunctionType({}, b.getI64Type()));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(count.addEntryBlock());
    func::ReturnOp::create(
        b, loc, ValueRange{arith::ConstantIntOp::create(b, loc, threads, 64)});
  }

  // (%wg, %nwg, args...): %nwg and the arguments are the entry's own.
  SmallVector<Type> inputs = {index};
  llvm::append_range(inputs, entry.getFunctionType().getInputs());
  unsigned numArgs = entry.getFunctionType().getNumInputs();
  unsigned numShared = entry.getNumWorkgroupAttributions();
  auto fn = func::FuncOp::create(b, loc, name, b.getFunctionType(inputs, {}));
  fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  fn.getBody().takeBody(entry.getBody());
  Block &body = fn.getBody().front();
  body.insertArgument(0u, index, loc);

  // Workgroup memory: one global per attribution; private: an alloca.
  b.setInsertionPointToStart(&body);
  unsigned first = 1 + numArgs;
  for (unsigned i = 0, e = body.getNumArguments() - first; i < e; ++i) {
    BlockArgument arg = body.getArgument(first + i);
    auto type = dropSpace(cast<MemRefType>(arg.getType()));
    Value memory;
    if (i < numShared) {
      std::string symbol = name + "_shared" + std::to_string(i);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(fn);
        memref::GlobalOp::create(b, loc, symbol, b.getStringAttr("private"),
                                 type, Attribute(), /*constant=*/false,
                                 b.getI64IntegerAttr(64));
      }
      memory = memref::GetGlobalOp::create(b, loc, type, symbol);
      arg.replaceAllUsesWith(memory);
      if (failed(checkSharedAccesses(module, fn, memory, i)))
        return failure();
      continue;
    } else {
      memory = memref::AllocaOp::create(b, loc, type);
    }
    arg.replaceAllUsesWith(memory);
  }
  body.eraseArguments(first, body.getNumArguments() - first);

  if (failed(rewriteOps(module, fn, threads)))
    return failure();
  checkGlobalStores(module, fn);
  AttrTypeReplacer replacer;
  replacer.addReplacement([](MemRefType t) -> std::optional<Type> {
    if (isa_and_nonnull<gpu::AddressSpaceAttr>(t.getMemorySpace()))
      return dropSpace(t);
    return std::nullopt;
  });
  replacer.recursivelyReplaceElementsIn(fn, /*replaceAttrs=*/true,
                                        /*replaceLocs=*/false,
                                        /*replaceTypes=*/true);
  return success();
}

/// `@mxemu_<name>_signature`: a NUL-terminated i8 constant describing the
/// parameters of `entry` (@mxg_<name>) after %nwg, one character each: the
/// rank ('0'..'9') of a memref, 'i' an i64, 'f' an f32. The CUDA driver
/// emulator (tools/cuda-emu) regroups cuLaunchKernel's expanded parameters
/// with it.
LogicalResult addSignature(ModuleOp module, gpu::GPUFuncOp entry) {
  std::string sig;
  for (Type t : entry.getFunctionType().getInputs().drop_front()) {
    auto memref = dyn_cast<MemRefType>(t);
    if (memref && memref.getRank() <= 9)
      sig += static_cast<char>('0' + memref.getRank());
    else if (t.isSignlessInteger(64))
      sig += 'i';
    else if (t.isF32())
      sig += 'f';
    else
      return entry.emitError(kPass) << "@" << entry.getName()
                                    << ": cannot describe a parameter of "
                                    << t << ", expected a memref of rank "
                                       "<= 9, i64 or f32";
  }
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  SmallVector<int8_t> bytes(sig.begin(), sig.end());
  bytes.push_back(0);
  auto type = MemRefType::get({static_cast<int64_t>(bytes.size())},
                              b.getI8Type());
  auto value = DenseElementsAttr::get(
      RankedTensorType::get(type.getShape(), b.getI8Type()),
      ArrayRef<int8_t>(bytes));
  memref::GlobalOp::create(
      b, entry.getLoc(),
      ("mxemu_" + entry.getName().drop_front(4) + "_signature").str(),
      /*sym_visibility=*/StringAttr(), type, value, /*constant=*/true,
      IntegerAttr());
  return success();
}

struct MoEGPUBlocksToCPUPass
    : public moe::impl::MoEGPUBlocksToCPUBase<MoEGPUBlocksToCPUPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto gpuModule = module.lookupSymbol<gpu::GPUModuleOp>("mxa_kernels");
    if (!gpuModule)
      return;
    SmallVector<std::pair<gpu::GPUFuncOp, int64_t>> entries;
    for (auto entry : gpuModule.getOps<gpu::GPUFuncOp>()) {
      if (!entry.isKernel() || !entry.getName().starts_with("mxg_"))
        continue;
      if (failed(addSignature(module, entry)))
        return signalPassFailure();
      std::optional<ArrayRef<int32_t>> size = entry.getKnownBlockSize();
      if (!size)
        continue;
      if (size->size() != 3 || (*size)[1] != 1 || (*size)[2] != 1 ||
          (*size)[0] < 1) {
        entry.emitError(kPass) << "@" << entry.getName()
                               << ": known_block_size must be [N, 1, 1] "
                                  "with N >= 1";
        return signalPassFailure();
      }
      entries.push_back({entry, (*size)[0]});
    }
    for (auto [entry, threads] : entries)
      if (failed(emulate(module, entry, threads)))
        return signalPassFailure();
    gpuModule.erase();
    module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());
  }
};

} // namespace
