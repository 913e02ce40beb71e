//===- Verify.cpp - Semantic checks of an artifact ------------------------===//
//
// See Verify.h. The FlatBuffers verifier has already checked that every
// offset, vector and string lies inside the buffer and that required fields
// exist; here the values themselves are checked.
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/Verify.h"
#include "runtime/artifact/Artifact.h"
#include "runtime/artifact/CpuFeatures.h"

#include <algorithm>
#include <set>

namespace moe {
namespace runtime {

bool evalExpr(const mxa::Expr *e, const SymbolValues &v, int64_t &out) {
  if (!e) {
    out = 0;
    return true;
  }
  int64_t a, b, c, d;
  int64_t r = e->constant();
  return !__builtin_mul_overflow(e->tokens(), v.tokens, &a) &&
         !__builtin_mul_overflow(e->slots(), v.slots, &b) &&
         !__builtin_mul_overflow(e->context(), v.context, &c) &&
         !__builtin_mul_overflow(e->received(), v.received, &d) &&
         !__builtin_add_overflow(r, a, &r) &&
         !__builtin_add_overflow(r, b, &r) &&
         !__builtin_add_overflow(r, c, &r) &&
         !__builtin_add_overflow(r, d, &out);
}

bool evalView(const mxa::Arg &arg, const SymbolValues &v, View &view,
              std::string &why) {
  view.rank = arg.sizes() ? static_cast<int>(arg.sizes()->size()) : 0;
  if (!evalExpr(arg.offset(), v, view.offset)) {
    why = "offset overflows int64";
    return false;
  }
  for (int d = 0; d < view.rank; ++d) {
    if (!evalExpr(arg.sizes()->Get(d), v, view.sizes[d]) ||
        !evalExpr(arg.strides()->Get(d), v, view.strides[d])) {
      why = "size or stride " + std::to_string(d) + " overflows int64";
      return false;
    }
    if (view.sizes[d] < 0) {
      why = "size " + std::to_string(d) + " is " +
            std::to_string(view.sizes[d]) + ", expected >= 0";
      return false;
    }
  }
  return true;
}

bool viewWithin(const View &view, int64_t rootElements, std::string &why) {
  int64_t lo = view.offset, hi = view.offset;
  for (int d = 0; d < view.rank; ++d)
    if (view.sizes[d] == 0)
      return true; // no element is reachable
  for (int d = 0; d < view.rank; ++d) {
    int64_t span;
    if (__builtin_mul_overflow(view.strides[d], view.sizes[d] - 1, &span) ||
        __builtin_add_overflow(span < 0 ? lo : hi, span,
                               span < 0 ? &lo : &hi)) {
      why = "extent overflows int64";
      return false;
    }
  }
  if (lo < 0 || hi >= rootElements) {
    why = "reaches elements [" + std::to_string(lo) + ", " +
          std::to_string(hi) + "], the root has " +
          std::to_string(rootElements) + " elements";
    return false;
  }
  return true;
}

int64_t elementSize(mxa::ElementType type) {
  return type == mxa::ElementType_I64    ? 8
         : type == mxa::ElementType_BF16 ? 2
                                         : 4;
}

static std::vector<int64_t> toVector(const flatbuffers::Vector<int64_t> *v) {
  return v ? std::vector<int64_t>(v->begin(), v->end())
           : std::vector<int64_t>();
}

int64_t viewElements(const mxa::Weight &w) {
  int64_t n = 0;
  return shapeProduct(toVector(w.shape()), n) ? n : 0;
}

int epSize(const mxa::Artifact &a) { return std::max(a.ep_size(), 1); }

int64_t weightElements(const mxa::Weight &w, int epSize) {
  std::vector<int64_t> shape = toVector(w.shape());
  if (w.slice_sizes() && w.slice_sizes()->size() > 0)
    shape = toVector(w.slice_sizes());
  if (w.expert_slots() && w.expert_slots()->size() > 0 && !shape.empty())
    shape[0] = static_cast<int64_t>(w.expert_slots()->size()) / epSize;
  int64_t n = 0;
  return shapeProduct(shape, n) ? n : 0;
}

int64_t cacheElements(const mxa::Cache &c, int64_t slots, int64_t context) {
  std::vector<int64_t> shape = toVector(c.shape_tail());
  shape.insert(shape.begin(), {slots, context});
  int64_t n = 0;
  return shapeProduct(shape, n) ? n : -1;
}

int64_t cacheStorageBytes(const mxa::Cache &c, int64_t slots,
                          int64_t context) {
  int64_t n = cacheElements(c, slots, context);
  return n < 0 ? -1 : n * elementSize(c.element_type());
}

int64_t stateElements(const mxa::State &st) {
  int64_t n = 0;
  return shapeProduct(toVector(st.shape()), n) ? n : -1;
}

int64_t inputElements(int index, int64_t tokens) {
  return index == 4 ? 1 : tokens;
}

int64_t outputElements(int index, int64_t tokens, int64_t vocab) {
  int64_t n = 0;
  if (index == 1)
    return tokens;
  return __builtin_mul_overflow(tokens, vocab, &n) ? -1 : n;
}

static std::string at(const char *table, size_t i) {
  return std::string(table) + "[" + std::to_string(i) + "]";
}

namespace {
/// Collects the first error as "<path>: <where>: <what>".
struct Checker {
  const std::string &path;
  std::string error;
  bool fail(const std::string &where, const std::string &what) {
    if (error.empty())
      error = path + ": " + where + ": " + what;
    return false;
  }
};
} // namespace

/// The FlatBuffers verifier (2.0) checks the alignment of a vector's length,
/// not of its elements: a crafted file can place 8-byte elements at 4 mod 8,
/// and reading them is undefined behaviour. Checks every vector of 8-byte
/// elements (the buffer itself is 8-byte aligned) before anything reads one.
template <typename T>
static bool aligned(Checker &c, const std::string &where,
                    const flatbuffers::Vector<T> *v) {
  if (!v || v->size() == 0 ||
      reinterpret_cast<uintptr_t>(v->Data()) % alignof(T) == 0)
    return true;
  return c.fail(where, "elements not " + std::to_string(alignof(T)) +
                           "-byte aligned in the file");
}

static bool checkAlignment(Checker &c, const mxa::Artifact &a) {
  if (a.model() &&
      !aligned(c, "model.eos_token_ids", a.model()->eos_token_ids()))
    return false;
  if (a.weights())
    for (size_t i = 0; i < a.weights()->size(); ++i) {
      const mxa::Weight *w = a.weights()->Get(i);
      std::string where = at("weights", i);
      if (!aligned(c, where + ".param_shape", w->param_shape()) ||
          !aligned(c, where + ".shape", w->shape()) ||
          !aligned(c, where + ".slice_offsets", w->slice_offsets()) ||
          !aligned(c, where + ".slice_sizes", w->slice_sizes()) ||
          !aligned(c, where + ".expert_slots", w->expert_slots()))
        return false;
    }
  if (a.constants())
    for (size_t i = 0; i < a.constants()->size(); ++i)
      if (!aligned(c, at("constants", i) + ".shape",
                   a.constants()->Get(i)->shape()))
        return false;
  if (a.caches())
    for (size_t i = 0; i < a.caches()->size(); ++i)
      if (!aligned(c, at("caches", i) + ".shape_tail",
                   a.caches()->Get(i)->shape_tail()))
        return false;
  if (a.states())
    for (size_t i = 0; i < a.states()->size(); ++i)
      if (!aligned(c, at("states", i) + ".shape", a.states()->Get(i)->shape()))
        return false;
  if (a.functions())
    for (size_t f = 0; f < a.functions()->size(); ++f) {
      const mxa::Function *fn = a.functions()->Get(f);
      if (!fn->launches())
        continue;
      for (size_t l = 0; l < fn->launches()->size(); ++l) {
        const mxa::Launch *launch = fn->launches()->Get(l);
        std::string lw = at("functions", f) + "." + at("launches", l);
        if (launch->exchange() && !aligned(c, lw + ".exchange.placement",
                                           launch->exchange()->placement()))
          return false;
        if (!launch->args())
          continue;
        for (size_t i = 0; i < launch->args()->size(); ++i) {
          const mxa::Arg *arg = launch->args()->Get(i);
          std::string aw = lw + "." + at("args", i);
          if (!aligned(c, aw + ".sizes", arg->sizes()) ||
              !aligned(c, aw + ".strides", arg->strides()))
            return false;
        }
      }
    }
  return true;
}

static bool checkWeight(Checker &c, const std::string &where,
                        const mxa::Weight &w, int ep) {
  const std::string &param = w.param()->str();
  if (param.empty())
    return c.fail(where + ".param", "empty name");
  if (w.storage() != mxa::ElementType_F32 &&
      w.storage() != mxa::ElementType_BF16)
    return c.fail(where + ".storage",
                  "element type " + std::to_string(w.storage()) +
                      ", expected F32 or BF16");
  std::vector<int64_t> pshape = toVector(w.param_shape());
  std::vector<int64_t> shape = toVector(w.shape());
  int64_t pn, n;
  if (!shapeProduct(pshape, pn))
    return c.fail(where + ".param_shape",
                  shapeString(pshape) + ": expected non-negative dimensions");
  if (!shapeProduct(shape, n))
    return c.fail(where + ".shape",
                  shapeString(shape) + ": expected non-negative dimensions");
  size_t stars = std::count(param.begin(), param.end(), '*');
  if (stars > 1)
    return c.fail(where + ".param",
                  "'" + safetensors::printable(param) + "' has " +
                      std::to_string(stars) +
                      " '*', expected at most one (the expert index)");
  if (stars == 1 && pshape.empty())
    return c.fail(where + ".param_shape",
                  "stacked param '" + safetensors::printable(param) +
                      "' needs a leading stack dimension, got []");
  if (pn != n)
    return c.fail(where + ".shape",
                  shapeString(shape) + " has " + std::to_string(n) +
                      " elements, param_shape " + shapeString(pshape) +
                      " has " + std::to_string(pn));
  std::vector<int64_t> offsets = toVector(w.slice_offsets()),
                       sizes = toVector(w.slice_sizes());
  if (offsets.size() != sizes.size() ||
      (!sizes.empty() && sizes.size() != shape.size()))
    return c.fail(where + ".slice_sizes",
                  "slice_offsets " + shapeString(offsets) + " and sizes " +
                      shapeString(sizes) +
                      ": expected both empty or both of "
                      "the rank of shape " +
                      shapeString(shape));
  for (size_t d = 0; d < sizes.size(); ++d)
    if (offsets[d] < 0 || sizes[d] < 1 || offsets[d] > shape[d] - sizes[d])
      return c.fail(where + ".slice_sizes",
                    "box offsets " + shapeString(offsets) + " sizes " +
                        shapeString(sizes) + " does not fit in shape " +
                        shapeString(shape));
  std::vector<int64_t> slots = toVector(w.expert_slots());
  if (!slots.empty()) {
    if (ep < 2 || slots.size() % ep != 0 || shape.empty())
      return c.fail(where + ".expert_slots",
                    std::to_string(slots.size()) +
                        " slots, expected a multiple of ep_size " +
                        std::to_string(ep) +
                        " >= 2 and a view with an expert dimension");
    if (!sizes.empty() && (offsets[0] != 0 || sizes[0] != shape[0]))
      return c.fail(where + ".slice_sizes",
                    "an expert-sharded weight's box must keep dimension 0");
    for (size_t i = 0; i < slots.size(); ++i)
      if (slots[i] < -1 || slots[i] >= shape[0])
        return c.fail(where + ".expert_slots",
                      "slot " + std::to_string(i) + " holds expert " +
                          std::to_string(slots[i]) + ", expected -1 or [0, " +
                          std::to_string(shape[0]) + ")");
  }
  if (!sizes.empty())
    shape = sizes;
  if (!slots.empty())
    shape[0] = static_cast<int64_t>(slots.size()) / ep;
  if (w.transforms()) {
    for (size_t t = 0; t < w.transforms()->size(); ++t) {
      std::string tw = where + ".transforms[" + std::to_string(t) + "]";
      switch (w.transforms()->Get(t)) {
      case mxa::Transform_Transpose:
        if (shape.size() < 2)
          return c.fail(tw, "Transpose of a rank-" +
                                std::to_string(shape.size()) +
                                " view, expected rank >= 2");
        std::swap(shape[shape.size() - 1], shape[shape.size() - 2]);
        break;
      case mxa::Transform_Deinterleave:
        if (shape.empty() || shape.back() % 2 != 0)
          return c.fail(tw, "Deinterleave of view " + shapeString(shape) +
                                ", expected an even last dimension");
        break;
      default:
        return c.fail(tw, "unknown transform " +
                              std::to_string(w.transforms()->Get(t)));
      }
    }
  }
  return true;
}

static bool checkArg(Checker &c, const std::string &where, const mxa::Arg &arg,
                     const mxa::Artifact &a) {
  auto count = [](auto *v) -> size_t { return v ? v->size() : 0; };
  int kind = arg.kind();
  if (kind < mxa::ArgKind_MIN || kind > mxa::ArgKind_MAX)
    return c.fail(where + ".kind", "unknown arg kind " + std::to_string(kind));
  if (kind == mxa::ArgKind_None || kind == mxa::ArgKind_Int ||
      kind == mxa::ArgKind_Float)
    return true;
  int et = arg.element_type();
  if (et < mxa::ElementType_MIN || et > mxa::ElementType_MAX)
    return c.fail(where + ".element_type",
                  "unknown element type " + std::to_string(et));
  size_t rank = count(arg.sizes());
  if (rank != count(arg.strides()))
    return c.fail(where, std::to_string(rank) + " sizes but " +
                             std::to_string(count(arg.strides())) +
                             " strides, expected the same number");
  if (rank > static_cast<size_t>(kMaxRank))
    return c.fail(where + ".sizes", "rank " + std::to_string(rank) +
                                        ", expected at most " +
                                        std::to_string(kMaxRank));
  int64_t index = arg.index();
  auto checkIndex = [&](const char *what, size_t n) {
    if (index < 0 || static_cast<size_t>(index) >= n)
      return c.fail(where, std::string(what) + " index " +
                               std::to_string(index) + " out of range (" +
                               std::to_string(n) + " " + what + "s)");
    return true;
  };
  auto checkType = [&](mxa::ElementType want) {
    if (et != want)
      return c.fail(where + ".element_type",
                    std::string(mxa::EnumNameArgKind(arg.kind())) + " arg of " +
                        mxa::EnumNameElementType(arg.element_type()) +
                        ", expected " + mxa::EnumNameElementType(want));
    return true;
  };
  switch (kind) {
  case mxa::ArgKind_Input:
    return checkIndex("input", kNumInputs) && checkType(mxa::ElementType_I64);
  case mxa::ArgKind_Output:
    return checkIndex("output", kNumOutputs) &&
           checkType(mxa::ElementType_F32);
  case mxa::ArgKind_State:
    return checkIndex("state", count(a.states())) &&
           checkType(mxa::ElementType_F32);
  case mxa::ArgKind_Weight:
    return checkIndex("weight", count(a.weights())) &&
           checkType(a.weights()->Get(index)->storage());
  case mxa::ArgKind_Cache:
    return checkIndex("cache", count(a.caches())) &&
           checkType(a.caches()->Get(index)->element_type());
  case mxa::ArgKind_Constant:
    return checkIndex("constant", count(a.constants())) &&
           checkType(mxa::ElementType_F32);
  default: // Arena: any element type.
    return true;
  }
}

/// An exchange step: its args (count, kinds, element types), its placement
/// and, for a Combine, an earlier Dispatch with the same id.
static bool checkExchange(Checker &c, const std::string &where,
                          const mxa::Launch &launch, const mxa::Exchange &x,
                          const mxa::Artifact &a, std::set<int> &dispatchIds) {
  int kind = x.kind();
  if (kind < mxa::ExchangeKind_MIN || kind > mxa::ExchangeKind_MAX)
    return c.fail(where + ".exchange.kind",
                  "unknown exchange kind " + std::to_string(kind));
  // Dispatch, Combine, ExpertCounts: fixed arena buffers (f32 rank 2, i32
  // rank 1); AllReduce: any number of rank-1 f32 / i64 arena or state buffers.
  static const std::vector<mxa::ElementType> kArgs[] = {
      {mxa::ElementType_F32, mxa::ElementType_I32, mxa::ElementType_F32,
       mxa::ElementType_I32, mxa::ElementType_I32},
      {mxa::ElementType_F32, mxa::ElementType_F32},
      {mxa::ElementType_I32},
      {}};
  const bool allReduce = kind == mxa::ExchangeKind_AllReduce;
  const std::vector<mxa::ElementType> &want = kArgs[kind];
  size_t n = launch.args() ? launch.args()->size() : 0;
  if (allReduce && n == 0)
    return c.fail(where + ".args", "0 args, exchange AllReduce takes at "
                                   "least one buffer");
  if (!allReduce && n != want.size())
    return c.fail(where + ".args", std::to_string(n) + " args, exchange " +
                                       mxa::EnumNameExchangeKind(x.kind()) +
                                       " takes " + std::to_string(want.size()));
  for (size_t i = 0; i < n; ++i) {
    const mxa::Arg &arg = *launch.args()->Get(i);
    std::string aw = where + ".args[" + std::to_string(i) + "]";
    if (!checkArg(c, aw, arg, a))
      return false;
    size_t rank = arg.sizes() ? arg.sizes()->size() : 0;
    if (allReduce) {
      bool type = arg.element_type() == mxa::ElementType_F32 ||
                  (arg.element_type() == mxa::ElementType_I64 &&
                   arg.kind() == mxa::ArgKind_Arena);
      if ((arg.kind() != mxa::ArgKind_Arena &&
           arg.kind() != mxa::ArgKind_State) ||
          !type || rank != 1)
        return c.fail(aw, "expected a rank-1 f32 or i64 arena buffer, or a "
                          "rank-1 view of a state");
      continue;
    }
    size_t wantRank = want[i] == mxa::ElementType_F32 ? 2 : 1;
    if (arg.kind() != mxa::ArgKind_Arena || arg.element_type() != want[i] ||
        rank != wantRank)
      return c.fail(
          aw, std::string("expected a rank-") + std::to_string(wantRank) + " " +
                  mxa::EnumNameElementType(want[i]) + " arena buffer");
  }
  if (allReduce && epSize(a) < 2)
    return c.fail(where + ".exchange.kind",
                  "AllReduce in an artifact with ep_size " +
                      std::to_string(epSize(a)) + ", expected >= 2");
  if (allReduce)
    return true;
  if (kind == mxa::ExchangeKind_ExpertCounts)
    return true;
  int ep = epSize(a);
  std::vector<int64_t> placement = toVector(x.placement());
  if (ep < 2 || placement.empty() || placement.size() % ep != 0)
    return c.fail(where + ".exchange.placement",
                  std::to_string(placement.size()) +
                      " slots, expected a positive multiple of ep_size " +
                      std::to_string(ep) + " >= 2");
  for (size_t s = 0; s < placement.size(); ++s)
    if (placement[s] < -1)
      return c.fail(where + ".exchange.placement",
                    "slot " + std::to_string(s) + " holds expert " +
                        std::to_string(placement[s]) + ", expected >= -1");
  if (kind == mxa::ExchangeKind_Dispatch) {
    dispatchIds.insert(x.id());
    return true;
  }
  if (!dispatchIds.count(x.id()))
    return c.fail(where + ".exchange.id",
                  "Combine " + std::to_string(x.id()) +
                      " has no earlier Dispatch with that id");
  return true;
}

Status verifySemantics(const std::string &path, const mxa::Artifact &a,
                       uint64_t segmentAreaSize) {
  Checker c{path, {}};
  auto done = [&] {
    return c.error.empty() ? Status::ok() : Status::error(c.error);
  };
  if (!checkAlignment(c, a))
    return done();
  if (a.model()->vocab_size() < 1)
    return Status::error(path + ": model.vocab_size: " +
                         std::to_string(a.model()->vocab_size()) +
                         ", expected >= 1");
  if (a.weights())
    for (size_t i = 0; i < a.weights()->size(); ++i)
      if (!checkWeight(c, at("weights", i), *a.weights()->Get(i), epSize(a)))
        return done();
  if (a.constants())
    for (size_t i = 0; i < a.constants()->size(); ++i) {
      const mxa::Constant *k = a.constants()->Get(i);
      std::vector<int64_t> shape = toVector(k->shape());
      int64_t n;
      if (!shapeProduct(shape, n) ||
          static_cast<uint64_t>(n) != k->data()->size())
        return Status::error(path + ": " + at("constants", i) +
                             ".data: " + std::to_string(k->data()->size()) +
                             " values, expected the product of shape " +
                             shapeString(shape));
    }
  if (a.caches())
    for (size_t i = 0; i < a.caches()->size(); ++i) {
      std::vector<int64_t> tail = toVector(a.caches()->Get(i)->shape_tail());
      int64_t n;
      if (!shapeProduct(tail, n))
        return Status::error(path + ": " + at("caches", i) +
                             ".shape_tail: " + shapeString(tail) +
                             ", expected non-negative dimensions");
      mxa::ElementType et = a.caches()->Get(i)->element_type();
      if (et != mxa::ElementType_F32 && et != mxa::ElementType_BF16)
        return Status::error(path + ": " + at("caches", i) +
                             ".element_type: " + std::to_string(et) +
                             ", expected F32 or BF16");
    }
  if (a.states())
    for (size_t i = 0; i < a.states()->size(); ++i) {
      const mxa::State *st = a.states()->Get(i);
      std::vector<int64_t> shape = toVector(st->shape());
      if (st->name()->str().empty())
        return Status::error(path + ": " + at("states", i) +
                             ".name: empty name");
      if (stateElements(*st) < 1)
        return Status::error(path + ": " + at("states", i) + ".shape: " +
                             shapeString(shape) +
                             ", expected positive dimensions");
    }
  size_t numKernels = a.kernels() ? a.kernels()->size() : 0;
  for (size_t i = 0; i < numKernels; ++i) {
    const mxa::Kernel *k = a.kernels()->Get(i);
    uint32_t threads = k->gpu_block_threads();
    if (threads % 32 != 0 || threads > 1024)
      return Status::error(path + ": " + at("kernels", i) +
                           ".gpu_block_threads: " + std::to_string(threads) +
                           ", expected 0 or a multiple of 32 up to 1024");
    // A block variant shares the block version's launch (attention's, with
    // f32 or bf16 KV caches, today).
    if (k->gpu_variant_symbol() &&
        (threads == 0 || (k->name()->str() != "attention" &&
                          k->name()->str() != "attention_kvbf16")))
      return Status::error(path + ": " + at("kernels", i) +
                           ".gpu_variant_symbol: only attention's CUDA block "
                           "version has a variant, not '" +
                           safetensors::printable(k->name()->str()) + "'" +
                           (threads ? "" : " (gpu_block_threads is 0)"));
    // A template runs one library kernel: its name and arguments.
    const char *kernelOf[] = {nullptr, "grouped_matmul_nt_bf16",
                              "grouped_swiglu_nt_bf16"};
    const uint32_t argsOf[] = {0, 4, 5};
    mxa::GpuTemplate t = k->gpu_template();
    if (t == mxa::GpuTemplate_None)
      continue;
    if (t < mxa::GpuTemplate_MIN || t > mxa::GpuTemplate_MAX)
      return Status::error(path + ": " + at("kernels", i) +
                           ".gpu_template: " + std::to_string(t) +
                           ", expected 0 (None), 1 (GroupedMatmulNtBF16Sm90) "
                           "or 2 (GroupedSwigluNtBF16Sm90)");
    if (k->name()->str() != kernelOf[t] || k->num_args() != argsOf[t])
      return Status::error(path + ": " + at("kernels", i) +
                           ".gpu_template: " + mxa::EnumNameGpuTemplate(t) +
                           " runs kernel '" + kernelOf[t] + "' (" +
                           std::to_string(argsOf[t]) + " arguments), not '" +
                           safetensors::printable(k->name()->str()) + "' (" +
                           std::to_string(k->num_args()) + ")");
    if (!k->gpu_template_symbol() || k->gpu_template_symbol()->size() == 0)
      return Status::error(path + ": " + at("kernels", i) +
                           ".gpu_template_symbol: missing (gpu_template is " +
                           mxa::EnumNameGpuTemplate(t) + ")");
  }
  if (a.code())
    for (size_t i = 0; i < a.code()->size(); ++i) {
      const mxa::Code *code = a.code()->Get(i);
      const mxa::Segment *s = code->segment();
      if (code->format() > mxa::CodeFormat_MAX)
        return Status::error(path + ": " + at("code", i) +
                             ".format: " + std::to_string(code->format()) +
                             ", expected 0 (ElfSharedObject), 1 (Cubin) or "
                             "2 (Ptx)");
      bool cuda = code->format() != mxa::CodeFormat_ElfSharedObject;
      if (cuda != (code->triple()->str().rfind("nvptx", 0) == 0))
        return Status::error(path + ": " + at("code", i) + ".triple: '" +
                             safetensors::printable(code->triple()->str()) +
                             "' does not match format " +
                             mxa::EnumNameCodeFormat(code->format()) +
                             " (CUDA code has an nvptx triple)");
      if (s->offset() % kSegmentAlignment != 0 ||
          s->offset() > segmentAreaSize ||
          s->size() > segmentAreaSize - s->offset())
        return Status::error(path + ": " + at("code", i) +
                             ".segment: [offset " +
                             std::to_string(s->offset()) + ", size " +
                             std::to_string(s->size()) + "] outside the " +
                             std::to_string(segmentAreaSize) +
                             "-byte segment area or offset not 64-aligned");
    }
  std::set<std::string> names;
  if (a.functions())
    for (size_t f = 0; f < a.functions()->size(); ++f) {
      const mxa::Function *fn = a.functions()->Get(f);
      std::string fw = at("functions", f);
      if (!names.insert(fn->name()->str()).second)
        return Status::error(path + ": " + fw + ".name: duplicate function '" +
                             safetensors::printable(fn->name()->str()) + "'");
      if (fn->max_tokens() < 1)
        return Status::error(path + ": " + fw + ".max_tokens: " +
                             std::to_string(fn->max_tokens()) +
                             ", expected >= 1");
      if (fn->arena_bytes() < 0)
        return Status::error(path + ": " + fw + ".arena_bytes: " +
                             std::to_string(fn->arena_bytes()) +
                             ", expected >= 0");
      if (fn->stash_bytes() < 0 || fn->stash_bytes() > fn->arena_bytes())
        return Status::error(path + ": " + fw + ".stash_bytes: " +
                             std::to_string(fn->stash_bytes()) +
                             ", expected 0 to arena_bytes");
      if (fn->max_received() < 0)
        return Status::error(path + ": " + fw + ".max_received: " +
                             std::to_string(fn->max_received()) +
                             ", expected >= 0");
      if (fn->micro_batches() < 1 || fn->micro_batches() > 64)
        return Status::error(path + ": " + fw + ".micro_batches: " +
                             std::to_string(fn->micro_batches()) +
                             ", expected 1 to 64");
      if (fn->micro_batch_min_tokens() < 0)
        return Status::error(path + ": " + fw + ".micro_batch_min_tokens: " +
                             std::to_string(fn->micro_batch_min_tokens()) +
                             ", expected >= 0");
      if (!fn->launches())
        continue;
      std::set<int> dispatchIds;
      // Started exchanges (kind * 2^31 + id) awaiting their Wait.
      std::set<int64_t> open;
      for (size_t l = 0; l < fn->launches()->size(); ++l) {
        const mxa::Launch *launch = fn->launches()->Get(l);
        std::string lw = fw + ".launches[" + std::to_string(l) + "]";
        if (const mxa::Exchange *x = launch->exchange()) {
          if (!checkExchange(c, lw, *launch, *x, a, dispatchIds))
            return done();
          int phase = x->phase();
          int64_t key = (int64_t(x->kind()) << 31) + x->id();
          if (phase > mxa::ExchangePhase_MAX ||
              (phase != mxa::ExchangePhase_Blocking &&
               (x->kind() == mxa::ExchangeKind_ExpertCounts ||
                x->kind() == mxa::ExchangeKind_AllReduce)))
            return Status::error(path + ": " + lw +
                                 ".exchange.phase: " + std::to_string(phase) +
                                 ", expected Blocking, or Start/Wait for a "
                                 "Dispatch or Combine");
          if (phase == mxa::ExchangePhase_Start && !open.insert(key).second)
            return Status::error(path + ": " + lw +
                                 ".exchange: started twice without a Wait");
          if (phase == mxa::ExchangePhase_Wait && !open.erase(key))
            return Status::error(path + ": " + lw +
                                 ".exchange: Wait without an earlier Start "
                                 "of the same kind and id");
          if (phase == mxa::ExchangePhase_Blocking && open.count(key))
            return Status::error(path + ": " + lw +
                                 ".exchange: Blocking while a Start of the "
                                 "same kind and id waits");
          continue;
        }
        if (launch->kernel() >= numKernels)
          return Status::error(path + ": " + lw + ".kernel: kernel index " +
                               std::to_string(launch->kernel()) +
                               " out of range (" + std::to_string(numKernels) +
                               " kernels)");
        const mxa::Kernel *k = a.kernels()->Get(launch->kernel());
        size_t numArgs = launch->args() ? launch->args()->size() : 0;
        if (numArgs != k->num_args())
          return Status::error(
              path + ": " + lw + ".args: " + std::to_string(numArgs) +
              " args, kernel '" + safetensors::printable(k->name()->str()) +
              "' takes " + std::to_string(k->num_args()));
        for (size_t i = 0; i < numArgs; ++i)
          if (!checkArg(c, lw + ".args[" + std::to_string(i) + "]",
                        *launch->args()->Get(i), a))
            return done();
      }
      if (!open.empty())
        return Status::error(path + ": " + fw + ".launches: exchange " +
                             std::to_string(*open.begin() & INT32_MAX) +
                             " started but never waited for");
    }
  return done();
}

Expected<const mxa::Code *> selectHostCode(const std::string &path,
                                           const mxa::Artifact &a) {
  using R = Expected<const mxa::Code *>;
#if defined(__x86_64__)
  const std::string host = "x86_64";
#elif defined(__aarch64__)
  const std::string host = "aarch64";
#else
  const std::string host = "unknown";
#endif
  size_t numKernels = a.kernels() ? a.kernels()->size() : 0;
  size_t numCode = a.code() ? a.code()->size() : 0;
  std::string found;
  for (size_t i = 0; i < numCode; ++i) {
    const mxa::Code *code = a.code()->Get(i);
    std::string triple = code->triple()->str();
    if (triple.substr(0, triple.find('-')) != host) {
      found +=
          (found.empty() ? "'" : ", '") + safetensors::printable(triple) + "'";
      continue;
    }
    // Code using an extension this CPU lacks would die of SIGILL.
    std::string cpu = code->cpu() ? code->cpu()->str() : "";
    if (code->features())
      for (const flatbuffers::String *f : *code->features()) {
        std::string name = f->str();
        const auto &known = checkedCpuFeatures();
        if (std::find(known.begin(), known.end(), name) == known.end())
          return R::error(path + ": " + at("code", i) + ".features: '" +
                          safetensors::printable(name) +
                          "', an extension this runtime cannot check "
                          "(expected one of those in CpuFeatures.h)");
        if (!cpuHasFeature(name))
          return R::error(path + ": " + at("code", i) + ".features: the " +
                          "kernels (compiled for '" +
                          safetensors::printable(cpu) + "') use " + name +
                          ", which this CPU lacks; recompile them here "
                          "(moe-opt --mxa-cpu=native, the default)");
      }
    return R(code);
  }
  if (numKernels == 0)
    return R(nullptr);
  if (numCode == 0)
    return R::error(path + ": code: no machine code for the " +
                    std::to_string(numKernels) + " kernels");
  return R::error(path + ": code: triples " + found + ", none runs on this " +
                  host + " host");
}

Status verifyExtents(const std::string &path, const mxa::Artifact &a,
                     int64_t slots, int64_t context) {
  if (!a.functions())
    return Status::ok();
  int64_t vocab = a.model()->vocab_size();
  for (size_t f = 0; f < a.functions()->size(); ++f) {
    const mxa::Function *fn = a.functions()->Get(f);
    if (!fn->launches())
      continue;
    for (int64_t T : {int64_t(1), fn->max_tokens()})
      for (int64_t R : {int64_t(0), fn->max_received()}) {
        SymbolValues sv{T, slots, context, R};
        for (size_t l = 0; l < fn->launches()->size(); ++l) {
          const mxa::Launch *launch = fn->launches()->Get(l);
          if (!launch->args())
            continue;
          for (size_t i = 0; i < launch->args()->size(); ++i) {
            const mxa::Arg &arg = *launch->args()->Get(i);
            int64_t root = 0;
            switch (arg.kind()) {
            case mxa::ArgKind_Input:
              root = inputElements(arg.index(), T);
              break;
            case mxa::ArgKind_Output:
              root = outputElements(arg.index(), T, vocab);
              break;
            case mxa::ArgKind_State:
              root = stateElements(*a.states()->Get(arg.index()));
              break;
            case mxa::ArgKind_Weight:
              root = weightElements(*a.weights()->Get(arg.index()), epSize(a));
              break;
            case mxa::ArgKind_Cache:
              root =
                  cacheElements(*a.caches()->Get(arg.index()), slots, context);
              break;
            case mxa::ArgKind_Constant:
              root = a.constants()->Get(arg.index())->data()->size();
              break;
            case mxa::ArgKind_Arena:
              root = fn->arena_bytes() / elementSize(arg.element_type());
              break;
            default:
              continue; // None and scalars have no extent.
            }
            View view;
            std::string why;
            if (!evalView(arg, sv, view, why) || !viewWithin(view, root, why))
              return Status::error(
                  path + ": " + at("functions", f) + ".launches[" +
                  std::to_string(l) + "].args[" + std::to_string(i) + "] (" +
                  mxa::EnumNameArgKind(arg.kind()) + " " +
                  std::to_string(arg.index()) + ", T=" + std::to_string(T) +
                  " S=" + std::to_string(slots) +
                  " C=" + std::to_string(context) +
                  (fn->max_received() ? " R=" + std::to_string(R) : "") +
                  "): " + why);
          }
        }
      }
  }
  return Status::ok();
}

} // namespace runtime
} // namespace moe
