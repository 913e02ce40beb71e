//===- Weights.cpp - Binding an artifact's weights as f32 buffers ---------===//
//
// See Weights.h.
//
//===----------------------------------------------------------------------===//

#include "runtime/weights/Weights.h"
#include "runtime/artifact/Verify.h"
#include "runtime/support/Memory.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <new>
#include <set>
#include <sys/stat.h>
#include <thread>
#include <vector>

namespace moe {
namespace runtime {

namespace st = moe::safetensors;

Expected<std::unique_ptr<FloatBuffer>>
FloatBuffer::allocate(size_t count, const std::string &what) {
  using R = Expected<std::unique_ptr<FloatBuffer>>;
  std::unique_ptr<FloatBuffer> buf(new FloatBuffer());
  if (count > (SIZE_MAX - 63) / sizeof(float))
    return R::error(outOfMemoryMessage(what, UINT64_MAX));
  size_t bytes = (count * sizeof(float) + 63) / 64 * 64;
  if (bytes) {
    buf->data_ = static_cast<float *>(std::aligned_alloc(64, bytes));
    if (!buf->data_)
      return R::error(outOfMemoryMessage(what, bytes));
    std::memset(buf->data_, 0, bytes);
  }
  buf->size_ = count;
  return R(std::move(buf));
}

/// `FloatBuffer::allocate` (zeroed) for shared ownership.
static Expected<std::shared_ptr<FloatBuffer>>
sharedBuffer(const std::string &path, size_t count, const std::string &what) {
  auto buf = FloatBuffer::allocate(count, what);
  if (!buf)
    return Expected<std::shared_ptr<FloatBuffer>>::error(path + ": " +
                                                         buf.errorMessage());
  return Expected<std::shared_ptr<FloatBuffer>>(
      std::shared_ptr<FloatBuffer>(std::move(*buf)));
}

/// Runs fn(lo, hi) over [0, n) split across the hardware threads, with at
/// least `grain` elements per part (small tensors stay on this thread).
static void parallelRanges(int64_t n, int64_t grain,
                           const std::function<void(int64_t, int64_t)> &fn) {
  int64_t parts = std::min<int64_t>(
      std::max(1u, std::thread::hardware_concurrency()), n / grain + 1);
  std::vector<std::thread> threads;
  for (int64_t p = 1; p < parts; ++p)
    threads.emplace_back(fn, n * p / parts, n * (p + 1) / parts);
  fn(0, n / parts);
  for (std::thread &t : threads)
    t.join();
}

/// f32 -> bf16 bits, rounded to nearest even (NaNs stay quiet NaNs).
static uint16_t toBf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  if ((u & 0x7fffffffu) > 0x7f800000u)
    return static_cast<uint16_t>((u >> 16) | 0x40);
  u += 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}

/// What a weight's buffer is, for out-of-memory messages.
static std::string weightLabel(const mxa::Weight &w) {
  return "weight '" + st::printable(w.param()->str()) + "'";
}

/// A new buffer holding the `n` f32 values at `src` as weight `w` stores
/// them: f32, or for BF16 the values rounded, two per 4-byte word (so
/// `size()` counts words; FloatBuffer keeps the 64-byte alignment the
/// kernels like).
static Expected<std::shared_ptr<FloatBuffer>>
storedCopy(const std::string &path, const mxa::Weight &w, const float *src,
           size_t n) {
  bool bf16 = w.storage() == mxa::ElementType_BF16;
  auto buf = sharedBuffer(path, bf16 ? (n + 1) / 2 : n,
                          weightLabel(w) + (bf16 ? " (bf16)" : ""));
  if (!buf)
    return buf;
  if (!bf16) {
    std::copy(src, src + n, (*buf)->data());
    return buf;
  }
  auto *dst = reinterpret_cast<uint16_t *>((*buf)->data());
  parallelRanges(static_cast<int64_t>(n), int64_t(1) << 18,
                 [&](int64_t lo, int64_t hi) {
                   for (int64_t i = lo; i < hi; ++i)
                     dst[i] = toBf16(src[i]);
                 });
  return buf;
}

/// Calls `fn(tensorName, tensorShape, dst)` for each checkpoint tensor of a
/// param in param form: the param itself, or each stacked tensor (`*`
/// replaced by its index) at its slice of `dst`.
using TensorFn = std::function<Status(const std::string &,
                                      const std::vector<int64_t> &, float *)>;
/// With `experts`, a stacked param reads only those tensors, expert
/// experts[i] at slice i of `dst` (-1: left zero).
static Status forEachTensor(const std::string &param,
                            const std::vector<int64_t> &pshape, float *dst,
                            const TensorFn &fn,
                            const std::vector<int64_t> *experts = nullptr) {
  size_t star = param.find('*');
  if (star == std::string::npos)
    return fn(param, pshape, dst);
  std::vector<int64_t> shape(pshape.begin() + 1, pshape.end());
  int64_t per = 0;
  shapeProduct(shape, per);
  int64_t n = experts ? static_cast<int64_t>(experts->size()) : pshape[0];
  for (int64_t i = 0; i < n; ++i) {
    int64_t e = experts ? (*experts)[i] : i;
    if (e < 0)
      continue;
    std::string name =
        param.substr(0, star) + std::to_string(e) + param.substr(star + 1);
    Status s = fn(name, shape, dst + i * per);
    if (!s)
      return s;
  }
  return Status::ok();
}

static std::vector<int64_t> toVector(const flatbuffers::Vector<int64_t> *v) {
  return v ? std::vector<int64_t>(v->begin(), v->end())
           : std::vector<int64_t>();
}

/// Applies `t` to `data` viewed as `shape` (updated).
static void applyTransform(mxa::Transform t, std::vector<int64_t> &shape,
                           std::vector<float> &data) {
  std::vector<float> out(data.size());
  size_t r = shape.size();
  if (t == mxa::Transform_Transpose) {
    size_t a = shape[r - 2], b = shape[r - 1], mat = a * b;
    for (size_t base = 0; base < data.size(); base += mat)
      for (size_t i = 0; i < a; ++i)
        for (size_t j = 0; j < b; ++j)
          out[base + j * a + i] = data[base + i * b + j];
    std::swap(shape[r - 2], shape[r - 1]);
  } else { // Deinterleave
    size_t n = shape[r - 1], h = n / 2;
    for (size_t base = 0; base < data.size(); base += n)
      for (size_t j = 0; j < h; ++j) {
        out[base + j] = data[base + 2 * j];
        out[base + h + j] = data[base + 2 * j + 1];
      }
  }
  data.swap(out);
}

/// Keeps the box [offsets, offsets + sizes) of `data` viewed as `shape`
/// (updated); no-op without a box. The verifier checked the box fits.
static void applySlice(const std::vector<int64_t> &offsets,
                       const std::vector<int64_t> &sizes,
                       std::vector<int64_t> &shape, std::vector<float> &data) {
  if (sizes.empty())
    return;
  size_t rank = shape.size();
  std::vector<int64_t> strides(rank, 1);
  for (size_t d = rank; d-- > 1;)
    strides[d - 1] = strides[d] * shape[d];
  int64_t count = 1;
  for (int64_t s : sizes)
    count *= s;
  std::vector<float> out(static_cast<size_t>(count));
  std::vector<int64_t> index(rank, 0); // within the box
  for (int64_t i = 0; i < count; ++i) {
    int64_t at = 0;
    for (size_t d = 0; d < rank; ++d)
      at += (offsets[d] + index[d]) * strides[d];
    out[static_cast<size_t>(i)] = data[static_cast<size_t>(at)];
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < sizes[d])
        break;
      index[d] = 0;
    }
  }
  shape = sizes;
  data.swap(out);
}

int64_t BoundWeights::bytes() const {
  std::set<const FloatBuffer *> seen;
  int64_t total = 0;
  for (const auto &b : buffers)
    if (seen.insert(b.get()).second)
      total += static_cast<int64_t>(b->size() * sizeof(float));
  return total;
}

/// Reads a param in param form into a zeroed buffer; with `experts`, a
/// stacked param reads only those experts' tensors (see forEachTensor).
using LoadParam = std::function<Status(const mxa::Weight &, float *,
                                       const std::vector<int64_t> *)>;

/// An expert-sharded weight on rank `rank`: the rows of its view's expert
/// dimension that the rank's slots hold, then the slice box and transforms.
static Expected<std::shared_ptr<FloatBuffer>>
bindExperts(const std::string &path, const mxa::Weight &w, int epSize, int rank,
            const LoadParam &loadParam) {
  using R = Expected<std::shared_ptr<FloatBuffer>>;
  std::vector<int64_t> all = toVector(w.expert_slots());
  int64_t L = static_cast<int64_t>(all.size()) / epSize;
  std::vector<int64_t> mine(all.begin() + rank * L,
                            all.begin() + (rank + 1) * L);
  std::vector<int64_t> shape = toVector(w.shape()),
                       pshape = toVector(w.param_shape());
  int64_t per = viewElements(w) / std::max<int64_t>(shape[0], 1);
  std::vector<float> data(static_cast<size_t>(L * per), 0.0f);
  bool stacked = w.param()->str().find('*') != std::string::npos &&
                 !pshape.empty() && pshape[0] == shape[0];
  if (stacked) {
    // Only this rank's experts' tensors are read.
    Status s = loadParam(w, data.data(), &mine);
    if (!s)
      return R::error(s.errorMessage());
  } else {
    auto full = FloatBuffer::allocate(static_cast<size_t>(viewElements(w)),
                                      weightLabel(w));
    if (!full)
      return R::error(path + ": " + full.errorMessage());
    Status s = loadParam(w, (*full)->data(), nullptr);
    if (!s)
      return R::error(s.errorMessage());
    const float *src = (*full)->data();
    for (int64_t i = 0; i < L; ++i)
      if (mine[i] >= 0)
        std::copy(src + mine[i] * per, src + (mine[i] + 1) * per,
                  data.begin() + i * per);
  }
  shape[0] = L;
  std::vector<int64_t> offsets = toVector(w.slice_offsets()),
                       sizes = toVector(w.slice_sizes());
  if (!sizes.empty())
    sizes[0] = L; // the verifier checked the box keeps dimension 0
  applySlice(offsets, sizes, shape, data);
  if (w.transforms())
    for (auto t : *w.transforms())
      applyTransform(static_cast<mxa::Transform>(t), shape, data);
  return storedCopy(path, w, data.data(), data.size());
}

/// Binds every weight, reading each distinct param once through `loadParam`
/// (which fills a zeroed buffer of the param's element count).
static Expected<BoundWeights> bindAll(const ArtifactFile &file, bool keepParams,
                                      int rank, const LoadParam &loadParam) {
  using R = Expected<BoundWeights>;
  const mxa::Artifact &a = file.artifact();
  BoundWeights result;
  std::map<std::string, size_t> seen; // param -> index in `params`
  std::vector<std::pair<std::string, ParamData>> params;
  size_t n = a.weights() ? a.weights()->size() : 0;
  int ep = epSize(a);
  // Each param's f32 form is dropped after its last weight (unless kept),
  // so converting to bf16 storage does not hold every f32 form at once.
  std::map<std::string, size_t> lastUse;
  for (size_t i = 0; i < n; ++i)
    lastUse[a.weights()->Get(i)->param()->str()] = i;
  for (size_t i = 0; i < n; ++i) {
    const mxa::Weight &w = *a.weights()->Get(i);
    std::string param = w.param()->str();
    std::vector<int64_t> pshape = toVector(w.param_shape());
    if (w.expert_slots() && w.expert_slots()->size() > 0) {
      if (keepParams)
        return R::error(file.path() + ": weights[" + std::to_string(i) +
                        "]: cannot keep the param forms of an "
                        "expert-parallel artifact (--save-weights)");
      auto buf = bindExperts(file.path(), w, ep, rank, loadParam);
      if (!buf)
        return R::error(buf.errorMessage());
      result.buffers.push_back(std::move(*buf));
      continue;
    }
    auto it = seen.find(param);
    if (it != seen.end() && params[it->second].second.shape != pshape)
      return R::error(
          file.path() + ": weights[" + std::to_string(i) +
          "].param_shape: " + shapeString(pshape) + " differs from " +
          shapeString(params[it->second].second.shape) +
          " of an earlier weight with param '" + st::printable(param) + "'");
    if (it == seen.end()) {
      ParamData pd;
      pd.shape = pshape;
      auto buf = sharedBuffer(file.path(), static_cast<size_t>(viewElements(w)),
                              weightLabel(w));
      if (!buf)
        return R::error(buf.errorMessage());
      pd.data = std::move(*buf);
      Status s = loadParam(w, pd.data->data(), nullptr);
      if (!s)
        return R::error(s.errorMessage());
      it = seen.emplace(param, params.size()).first;
      params.emplace_back(param, std::move(pd));
    }
    std::shared_ptr<FloatBuffer> src = params[it->second].second.data;
    if (!keepParams && lastUse[param] == i)
      params[it->second].second.data.reset();
    bool sliced = w.slice_sizes() && w.slice_sizes()->size() > 0;
    if (!sliced && (!w.transforms() || w.transforms()->size() == 0)) {
      // An f32 weight shares the param form; a bf16 one gets its own copy.
      if (w.storage() == mxa::ElementType_BF16) {
        auto buf = storedCopy(file.path(), w, src->data(), src->size());
        if (!buf)
          return R::error(buf.errorMessage());
        src = std::move(*buf);
      }
      result.buffers.push_back(std::move(src));
      continue;
    }
    std::vector<int64_t> shape = toVector(w.shape());
    std::vector<float> data(src->data(), src->data() + src->size());
    src.reset();
    applySlice(toVector(w.slice_offsets()), toVector(w.slice_sizes()), shape,
               data);
    if (w.transforms())
      for (auto t : *w.transforms())
        applyTransform(static_cast<mxa::Transform>(t), shape, data);
    auto buf = storedCopy(file.path(), w, data.data(), data.size());
    if (!buf)
      return R::error(buf.errorMessage());
    result.buffers.push_back(std::move(*buf));
  }
  if (keepParams)
    result.params = std::move(params);
  return R(std::move(result));
}

/// `bindAll`, with a failed allocation of a temporary (slicing, transforms)
/// reported like the buffers' own: the bytes all bound weights need.
static Expected<BoundWeights> bind(const ArtifactFile &file, bool keepParams,
                                   int rank, const LoadParam &loadParam) {
  try {
    return bindAll(file, keepParams, rank, loadParam);
  } catch (const std::bad_alloc &) {
    const mxa::Artifact &a = file.artifact();
    uint64_t total = 0;
    if (a.weights())
      for (const mxa::Weight *w : *a.weights())
        total += static_cast<uint64_t>(weightElements(*w, epSize(a))) *
                 elementSize(w->storage());
    return Expected<BoundWeights>::error(
        file.path() + ": " +
        outOfMemoryMessage("binding the weights (" + std::to_string(total) +
                               " bytes of weight buffers in all)",
                           total));
  }
}

//===----------------------------------------------------------------------===//
// Checkpoint files
//===----------------------------------------------------------------------===//

namespace {
/// The safetensors files of a checkpoint and where each tensor lives.
struct Checkpoint {
  std::string label; // "dir/" or the file path, for messages
  std::vector<std::unique_ptr<st::File>> files;
  std::map<std::string, const st::File *> byName; // sharded only

  const st::TensorView *find(const std::string &name) const {
    if (files.size() == 1 && byName.empty())
      return files[0]->find(name);
    auto it = byName.find(name);
    return it == byName.end() ? nullptr : it->second->find(name);
  }
};
} // namespace

static bool isDirectory(const std::string &path) {
  struct stat s;
  return ::stat(path.c_str(), &s) == 0 && S_ISDIR(s.st_mode);
}

static bool exists(const std::string &path) {
  struct stat s;
  return ::stat(path.c_str(), &s) == 0;
}

static Expected<std::unique_ptr<Checkpoint>>
openCheckpoint(const std::string &path) {
  using R = Expected<std::unique_ptr<Checkpoint>>;
  auto ck = std::make_unique<Checkpoint>();
  if (!isDirectory(path)) {
    ck->label = path;
    auto f = st::File::open(path);
    if (!f)
      return R::error("weights " + f.errorMessage());
    ck->files.push_back(std::move(*f));
    return R(std::move(ck));
  }
  std::string dir = path.back() == '/' ? path : path + "/";
  ck->label = dir;
  if (exists(dir + "model.safetensors")) {
    auto f = st::File::open(dir + "model.safetensors");
    if (!f)
      return R::error("weights " + f.errorMessage());
    ck->files.push_back(std::move(*f));
    return R(std::move(ck));
  }
  std::string index = dir + "model.safetensors.index.json";
  FILE *fp = std::fopen(index.c_str(), "rb");
  if (!fp)
    return R::error("weights " + dir +
                    ": no model.safetensors or model.safetensors.index.json");
  std::string text;
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, fp)) > 0)
    text.append(chunk, n);
  std::fclose(fp);
  auto entries = st::parseIndex(index, text.data(), text.size());
  if (!entries)
    return R::error("weights " + entries.errorMessage());
  std::map<std::string, const st::File *> shards;
  for (auto &[tensor, shard] : *entries) {
    auto it = shards.find(shard);
    if (it == shards.end()) {
      auto f = st::File::open(dir + shard);
      if (!f)
        return R::error("weights " + f.errorMessage());
      it = shards.emplace(shard, f->get()).first;
      ck->files.push_back(std::move(*f));
    }
    ck->byName[tensor] = it->second;
  }
  return R(std::move(ck));
}

static float halfToFloat(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  float v;
  if (exp == 0)
    v = std::ldexp(static_cast<float>(mant), -24);
  else if (exp == 31)
    v = mant ? NAN : INFINITY;
  else
    v = std::ldexp(static_cast<float>(mant | 0x400), exp - 25);
  return sign ? -v : v;
}

/// Converts a float tensor to f32 into `dst`.
static void toF32(const st::TensorView &t, float *dst) {
  size_t n = static_cast<size_t>(t.numElements());
  const uint8_t *p = t.data;
  for (size_t i = 0; i < n; ++i) {
    switch (t.dtype) {
    case st::DType::F32:
      std::memcpy(&dst[i], p + 4 * i, 4);
      break;
    case st::DType::F64: {
      double d;
      std::memcpy(&d, p + 8 * i, 8);
      dst[i] = static_cast<float>(d);
      break;
    }
    case st::DType::BF16: {
      uint16_t b;
      std::memcpy(&b, p + 2 * i, 2);
      uint32_t u = static_cast<uint32_t>(b) << 16;
      std::memcpy(&dst[i], &u, 4);
      break;
    }
    case st::DType::F16: {
      uint16_t h;
      std::memcpy(&h, p + 2 * i, 2);
      dst[i] = halfToFloat(h);
      break;
    }
    default: // integer dtypes are rejected before
      break;
    }
  }
}

Expected<BoundWeights> loadWeights(const ArtifactFile &artifact,
                                   const std::string &path, bool keepParams,
                                   int rank) {
  auto ck = openCheckpoint(path);
  if (!ck)
    return Expected<BoundWeights>::error(ck.errorMessage());
  const Checkpoint &c = **ck;
  return bind(
      artifact, keepParams, rank,
      [&](const mxa::Weight &w, float *dst,
          const std::vector<int64_t> *experts) {
        std::string param = w.param()->str();
        return forEachTensor(
            param, toVector(w.param_shape()), dst,
            [&](const std::string &name, const std::vector<int64_t> &shape,
                float *out) {
              std::string where = "weights " + c.label + ": tensor '" +
                                  st::printable(name) + "'";
              const st::TensorView *t = c.find(name);
              if (!t)
                return Status::error(where + " not found (needed by weight '" +
                                     st::printable(param) + "')");
              if (t->dtype == st::DType::I64 || t->dtype == st::DType::I32)
                return Status::error(where + " has dtype " +
                                     st::dtypeName(t->dtype) +
                                     ", expected F32, BF16, F16 or F64");
              if (t->shape != shape)
                return Status::error(where + " has shape " +
                                     shapeString(t->shape) + ", expected " +
                                     shapeString(shape) + " (weight '" +
                                     st::printable(param) + "')");
              toF32(*t, out);
              return Status::ok();
            },
            experts);
      });
}

//===----------------------------------------------------------------------===//
// Random weights
//===----------------------------------------------------------------------===//

static uint64_t splitmix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

Expected<BoundWeights> randomWeights(const ArtifactFile &artifact,
                                     uint64_t seed, bool keepParams, int rank) {
  return bind(
      artifact, keepParams, rank,
      [&](const mxa::Weight &w, float *dst,
          const std::vector<int64_t> *experts) {
        return forEachTensor(
            w.param()->str(), toVector(w.param_shape()), dst,
            [&](const std::string &name, const std::vector<int64_t> &shape,
                float *out) {
              double bound;
              double lo;
              if (shape.size() <= 1 && name.find("norm") != std::string::npos) {
                lo = 0.5;
                bound = 1.5;
              } else if (shape.size() <= 1) {
                lo = -0.1;
                bound = 0.1;
              } else if (name.find("embed") != std::string::npos) {
                lo = -1.7;
                bound = 1.7;
              } else {
                bound = std::sqrt(3.0 / static_cast<double>(std::max<int64_t>(
                                            shape.back(), 1)));
                lo = -bound;
              }
              uint64_t key = splitmix64(
                  seed ^ fnv1a64(reinterpret_cast<const uint8_t *>(name.data()),
                                 name.size()));
              int64_t n = 0;
              shapeProduct(shape, n);
              // Element i depends on i alone: large tensors are filled by
              // several threads, with the same values.
              auto fill = [&, key, lo, bound](int64_t begin, int64_t end) {
                for (int64_t i = begin; i < end; ++i) {
                  double u =
                      static_cast<double>(
                          splitmix64(key + static_cast<uint64_t>(i)) >> 11) *
                      0x1.0p-53;
                  out[i] = static_cast<float>(lo + (bound - lo) * u);
                }
              };
              parallelRanges(n, int64_t(1) << 18, fill);
              return Status::ok();
            },
            experts);
      });
}

//===----------------------------------------------------------------------===//
// Saving
//===----------------------------------------------------------------------===//

Status saveWeights(const BoundWeights &weights, const std::string &path) {
  struct Entry {
    std::string name;
    std::vector<int64_t> shape;
    const float *data;
    size_t count;
  };
  std::vector<Entry> entries;
  for (auto &p : weights.params) {
    Status s = forEachTensor(
        p.first, p.second.shape, p.second.data->data(),
        [&](const std::string &name, const std::vector<int64_t> &shape,
            float *data) {
          int64_t n = 0;
          shapeProduct(shape, n);
          entries.push_back({name, shape, data, static_cast<size_t>(n)});
          return Status::ok();
        });
    if (!s)
      return s;
  }
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  size_t offset = 0;
  for (const Entry &e : entries) {
    size_t bytes = e.count * sizeof(float);
    header[e.name] = {{"dtype", "F32"},
                      {"shape", e.shape},
                      {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f)
    return Status::error(path +
                         ": cannot open for writing: " + std::strerror(errno));
  uint8_t len[8];
  for (int i = 0; i < 8; ++i)
    len[i] =
        static_cast<uint8_t>(static_cast<uint64_t>(text.size()) >> (8 * i));
  bool ok = std::fwrite(len, 1, 8, f) == 8 &&
            std::fwrite(text.data(), 1, text.size(), f) == text.size();
  for (const Entry &e : entries)
    ok = ok && std::fwrite(e.data, sizeof(float), e.count, f) == e.count;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok)
    return Status::error(path + ": write failed: " + std::strerror(errno));
  return Status::ok();
}

} // namespace runtime
} // namespace moe
