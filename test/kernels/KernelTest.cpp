// Test harness for the CPU kernel library (lowering/kernels/*.mlir).
//
// Usage: kernel_test <libkernels.so>
// dlopens the shared object built from the kernels, calls _mlir_ciface_<name> for each kernel
// on several shapes/flags/views with nwg = 1, 2, 3 (all results must be bitwise identical),
// and compares against naive double-precision references written here (max abs error <= 1e-5
// * max |ref|; integer outputs exact). Prints `PASS <name>` / `FAIL <name>: <why>` per kernel
// and the GFLOP/s of the matmuls and microseconds of decode attention at context 4096; exits
// non-zero on any failure. Plain C++17, no MLIR/LLVM headers.
#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <tuple>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "tools/cuda-emu/BlockEmu.h"

namespace {

void *gLib = nullptr;

// Memref descriptor as passed to _mlir_ciface_* (by pointer).
template <typename T, int N> struct Desc {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[N];
  int64_t strides[N];
};

// A strided view over its own storage.
template <typename T> struct Tensor {
  std::vector<int64_t> shape, strides;
  int64_t offset = 0;
  std::vector<T> store;

  Tensor() = default;
  // Contiguous row-major.
  explicit Tensor(std::vector<int64_t> s) : shape(std::move(s)) {
    strides.resize(shape.size());
    int64_t st = 1;
    for (int i = (int)shape.size() - 1; i >= 0; --i) {
      strides[i] = st;
      st *= shape[i];
    }
    store.assign(std::max<int64_t>(st, 1), T(0));
  }
  // Arbitrary strides (may be 0) and offset; storage covers the reach, filled with `fill`.
  Tensor(std::vector<int64_t> s, std::vector<int64_t> st, int64_t off, T fill = T(0))
      : shape(std::move(s)), strides(std::move(st)), offset(off) {
    int64_t reach = off;
    for (size_t i = 0; i < shape.size(); ++i)
      reach += (shape[i] > 0 ? shape[i] - 1 : 0) * strides[i];
    store.assign(reach + 1, fill);
  }
  int64_t numel() const {
    int64_t n = 1;
    for (int64_t s : shape) n *= s;
    return n;
  }
  int64_t lin(const std::vector<int64_t> &idx) const {
    int64_t o = offset;
    for (size_t i = 0; i < idx.size(); ++i) o += idx[i] * strides[i];
    return o;
  }
  // Logical element i in row-major order.
  T &flat(int64_t i) {
    int64_t o = offset;
    for (int d = (int)shape.size() - 1; d >= 0; --d) {
      o += (i % shape[d]) * strides[d];
      i /= shape[d];
    }
    return store[o];
  }
  T &operator()(int64_t a) { return store[offset + a * strides[0]]; }
  T &operator()(int64_t a, int64_t b) { return store[offset + a * strides[0] + b * strides[1]]; }
  T &operator()(int64_t a, int64_t b, int64_t c) {
    return store[offset + a * strides[0] + b * strides[1] + c * strides[2]];
  }
  T &operator()(int64_t a, int64_t b, int64_t c, int64_t d) {
    return store[offset + a * strides[0] + b * strides[1] + c * strides[2] + d * strides[3]];
  }
  std::vector<double> values() {
    std::vector<double> v(numel());
    for (int64_t i = 0; i < numel(); ++i) v[i] = (double)flat(i);
    return v;
  }
  template <int N> Desc<T, N> desc() {
    Desc<T, N> d;
    d.allocated = d.aligned = store.data();
    d.offset = offset;
    for (int i = 0; i < N; ++i) {
      d.sizes[i] = shape[i];
      d.strides[i] = strides[i];
    }
    return d;
  }
};
using F = Tensor<float>;
using I32 = Tensor<int32_t>;
using I64 = Tensor<int64_t>;
using B16 = Tensor<uint16_t>; // bf16 bits

// Rounds every stored element of `t` to bf16 (nearest even) in place and returns the bf16 bits
// in the same layout: the reference then uses exactly the values the _wbf16 kernels read.
B16 toBf16(F &t) {
  B16 b;
  b.shape = t.shape;
  b.strides = t.strides;
  b.offset = t.offset;
  b.store.resize(t.store.size());
  for (size_t i = 0; i < t.store.size(); ++i) {
    uint32_t u;
    std::memcpy(&u, &t.store[i], 4);
    u += 0x7fff + ((u >> 16) & 1);
    b.store[i] = static_cast<uint16_t>(u >> 16);
    u = static_cast<uint32_t>(b.store[i]) << 16;
    std::memcpy(&t.store[i], &u, 4);
  }
  return b;
}

template <typename T, int N> Desc<T, N> absent() {
  Desc<T, N> d;
  std::memset(&d, 0, sizeof d);
  return d;
}

std::mt19937 rng(12345);
void randomize(F &t, float lo = -1.f, float hi = 1.f) {
  std::uniform_real_distribution<float> u(lo, hi);
  for (auto &v : t.store) v = u(rng);
}
int64_t randint(int64_t lo, int64_t hi) { // inclusive
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

void *sym(const std::string &name, const std::string &prefix = "_mlir_ciface_") {
  void *p = dlsym(gLib, (prefix + name).c_str());
  if (!p) {
    std::fprintf(stderr, "missing symbol %s%s\n", prefix.c_str(), name.c_str());
    std::exit(2);
  }
  return p;
}
// --block: kernels with a CUDA block version run it, emulated (BlockEmu.h), instead of the CPU
// kernel; counts of those calls per kernel.
bool gBlockMode = false;
std::map<std::string, int64_t> gEmulatedCalls;

template <typename... A> void call(const std::string &name, int64_t wg, int64_t nwg, A... a) {
  if (gBlockMode) {
    if (void *emu = dlsym(gLib, ("_mlir_ciface_mxemu_" + name).c_str())) {
      auto threads = reinterpret_cast<int64_t (*)()>(sym("mxemu_" + name + "_threads", ""));
      auto fn = reinterpret_cast<void (*)(int64_t, int64_t, A...)>(emu);
      if (wg == 0) blockemu::beginLaunch(); // every launch here starts with block 0
      blockemu::run(name, wg, threads(), [&] { fn(wg, nwg, a...); });
      ++gEmulatedCalls[name];
      return;
    }
  }
  reinterpret_cast<void (*)(int64_t, int64_t, A...)>(sym(name))(wg, nwg, a...);
}
template <typename... A> void callAll(const std::string &name, int64_t nwg, A... a) {
  for (int64_t wg = 0; wg < nwg; ++wg) call(name, wg, nwg, a...);
}

// Per-kernel result collection.
struct Check {
  std::string name;
  std::string err;
  void fail(const std::string &why) {
    if (err.empty()) err = why;
  }
  void close(const std::string &what, const std::vector<double> &got, const std::vector<double> &ref,
             double tol = 1e-5) {
    if (got.size() != ref.size()) return fail(what + ": size mismatch");
    double mx = 0, err = 0;
    size_t at = 0;
    for (size_t i = 0; i < ref.size(); ++i) mx = std::max(mx, std::fabs(ref[i]));
    for (size_t i = 0; i < ref.size(); ++i) {
      double e = std::fabs(got[i] - ref[i]);
      if (!(e <= err)) { // also catches NaN
        err = std::isnan(e) ? INFINITY : e;
        at = i;
      }
    }
    if (err > tol * std::max(mx, 1e-30)) {
      char buf[256];
      std::snprintf(buf, sizeof buf, "%s: rel err %.3g at %zu (got %.8g ref %.8g, max|ref| %.4g)",
                    what.c_str(), err / std::max(mx, 1e-30), at, got[at], ref[at], mx);
      fail(buf);
    }
  }
  // Bitwise when the CPU kernels run; within `tol` (as `close`) with --block, where one side may be
  // an emulated CUDA block version that sums in another order.
  void exactOnCpu(const std::string &what, const std::vector<double> &got, const std::vector<double> &ref,
                  double tol) {
    if (gBlockMode) close(what, got, ref, tol);
    else exact(what, got, ref);
  }
  void same(const std::string &what, const std::vector<double> &a, const std::vector<double> &b) {
    if (a.size() != b.size() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) != 0)
      fail(what + ": nwg results differ");
  }
  void exact(const std::string &what, const std::vector<double> &got, const std::vector<double> &ref) {
    if (got != ref) {
      for (size_t i = 0; i < got.size() && i < ref.size(); ++i)
        if (got[i] != ref[i]) {
          char buf[200];
          std::snprintf(buf, sizeof buf, "%s: mismatch at %zu (got %g ref %g)", what.c_str(), i, got[i],
                        ref[i]);
          return fail(buf);
        }
      fail(what + ": size mismatch");
    }
  }
};

// Runs `run(nwg)` (which must reset outputs and return the flattened outputs) for nwg = 1, 2, 3,
// checks they agree bitwise, and returns the nwg = 1 result.
std::vector<double> forAllNwg(Check &c, const std::string &what,
                              const std::function<std::vector<double>(int64_t)> &run) {
  std::vector<double> r1 = run(1);
  for (int64_t nwg : {2, 3, 5}) c.same(what + " nwg=" + std::to_string(nwg), run(nwg), r1);
  return r1;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
std::string tag(std::initializer_list<int64_t> v) {
  std::string s;
  for (int64_t x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
  return "[" + s + "]";
}
// A 2-D view with padded rows and the given inner stride.
F view2(int64_t r, int64_t c, int64_t inner = 1, int64_t pad = 3, int64_t off = 5) {
  F t({r, c}, {c * inner + pad, inner}, off);
  randomize(t);
  return t;
}

//===----------------------------------------------------------------------===//

Check testAdd() {
  Check c{"add"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {7, 33}}) for (int64_t R = (int64_t)std::get<0>(tup_), C = (int64_t)std::get<1>(tup_), once_ = 1; once_; once_ = 0) {
    for (int alias = 0; alias < 2; ++alias) {
      F a = view2(R, C), b({R, C});
      randomize(b);
      F a0 = a;
      std::vector<double> ref(R * C);
      for (int64_t i = 0; i < R * C; ++i) ref[i] = (double)a0.flat(i) + (double)b.flat(i);
      auto got = forAllNwg(c, "add", [&](int64_t nwg) {
        a = a0;
        F out({R, C});
        auto da = a.desc<2>(), db = b.desc<2>(), dout = out.desc<2>();
        callAll("add", nwg, &da, &db, alias ? &da : &dout);
        return alias ? a.values() : out.values();
      });
      c.close("add " + tag({R, C, alias}), got, ref);
    }
  }
  return c;
}

Check testClamp() {
  Check c{"clamp"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {4, 19}}) for (int64_t R = (int64_t)std::get<0>(tup_), C = (int64_t)std::get<1>(tup_), once_ = 1; once_; once_ = 0) {
    F x({R, C});
    randomize(x, -3, 3);
    float lim = 1.25f;
    std::vector<double> ref(R * C);
    for (int64_t i = 0; i < R * C; ++i) ref[i] = std::min(std::max((double)x.flat(i), -1.25), 1.25);
    auto got = forAllNwg(c, "clamp", [&](int64_t nwg) {
      F out = view2(R, C);
      auto dx = x.desc<2>(), d = out.desc<2>();
      callAll("clamp", nwg, &dx, &d, lim);
      return out.values();
    });
    c.close("clamp", got, ref);
  }
  return c;
}

Check testEmbedding(bool w16) {
  Check c{w16 ? "embedding_wbf16" : "embedding"};
  for (auto tup_ : std::vector<std::array<int64_t, 3>>{{1, 1, 1}, {11, 7, 5}, {50, 64, 9}}) for (int64_t V = (int64_t)std::get<0>(tup_), H = (int64_t)std::get<1>(tup_), T = (int64_t)std::get<2>(tup_), once_ = 1; once_; once_ = 0) {
    F table = view2(V, H);
    B16 table16 = w16 ? toBf16(table) : B16();
    I64 ids({T});
    for (int64_t t = 0; t < T; ++t) ids(t) = randint(0, V - 1);
    std::vector<double> ref(T * H);
    for (int64_t t = 0; t < T; ++t)
      for (int64_t h = 0; h < H; ++h) ref[t * H + h] = table(ids(t), h);
    auto got = forAllNwg(c, c.name, [&](int64_t nwg) {
      F out({T, H});
      auto dt = table.desc<2>(), dout = out.desc<2>();
      auto di = ids.desc<1>();
      if (w16) {
        auto dt16 = table16.desc<2>();
        callAll(c.name, nwg, &dt16, &di, &dout);
      } else
        callAll(c.name, nwg, &dt, &di, &dout);
      return out.values();
    });
    c.exact(c.name, got, ref);
  }
  return c;
}

Check testRmsNorm() {
  Check c{"rms_norm"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {5, 128}}) for (int64_t R = (int64_t)std::get<0>(tup_), D = (int64_t)std::get<1>(tup_), once_ = 1; once_; once_ = 0)
    for (int hw = 0; hw < 2; ++hw)
      for (int alias = 0; alias < 2; ++alias) {
        F x0 = view2(R, D), w({D});
        randomize(w);
        float eps = 1e-6f;
        std::vector<double> ref(R * D);
        for (int64_t r = 0; r < R; ++r) {
          double ss = 0;
          for (int64_t d = 0; d < D; ++d) ss += (double)x0(r, d) * x0(r, d);
          double inv = 1.0 / std::sqrt(ss / D + (double)eps);
          for (int64_t d = 0; d < D; ++d) ref[r * D + d] = x0(r, d) * inv * (hw ? (double)w(d) : 1.0);
        }
        auto got = forAllNwg(c, "rms_norm", [&](int64_t nwg) {
          F x = x0, out({R, D});
          auto dx = x.desc<2>(), dout = out.desc<2>();
          auto dw = hw ? w.desc<1>() : absent<float, 1>();
          callAll("rms_norm", nwg, &dx, &dw, alias ? &dx : &dout, eps, (int64_t)hw);
          return alias ? x.values() : out.values();
        });
        c.close("rms_norm " + tag({R, D, hw, alias}), got, ref);
      }
  return c;
}

Check testLayerNorm() {
  Check c{"layer_norm"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {5, 128}}) for (int64_t R = (int64_t)std::get<0>(tup_), D = (int64_t)std::get<1>(tup_), once_ = 1; once_; once_ = 0)
    for (int hw = 0; hw < 2; ++hw)
      for (int hb = 0; hb < 2; ++hb) {
        int alias = hw ^ hb;
        F x0 = view2(R, D), w({D}), b({D});
        randomize(x0, 0.5, 2.0);
        randomize(w);
        randomize(b);
        float eps = 1e-5f;
        std::vector<double> ref(R * D);
        for (int64_t r = 0; r < R; ++r) {
          double mean = 0, var = 0;
          for (int64_t d = 0; d < D; ++d) mean += x0(r, d);
          mean /= D;
          for (int64_t d = 0; d < D; ++d) var += (x0(r, d) - mean) * (x0(r, d) - mean);
          var /= D;
          double inv = 1.0 / std::sqrt(var + (double)eps);
          for (int64_t d = 0; d < D; ++d)
            ref[r * D + d] = (x0(r, d) - mean) * inv * (hw ? (double)w(d) : 1.0) + (hb ? (double)b(d) : 0.0);
        }
        auto got = forAllNwg(c, "layer_norm", [&](int64_t nwg) {
          F x = x0, out({R, D});
          auto dx = x.desc<2>(), dout = out.desc<2>();
          auto dw = hw ? w.desc<1>() : absent<float, 1>();
          auto db = hb ? b.desc<1>() : absent<float, 1>();
          callAll("layer_norm", nwg, &dx, &dw, &db, alias ? &dx : &dout, eps, (int64_t)hw, (int64_t)hb);
          return alias ? x.values() : out.values();
        });
        c.close("layer_norm " + tag({R, D, hw, hb}), got, ref);
      }
  return c;
}

// x: 0 contiguous, 1 padded rows; w: 0 contiguous, 1 padded, 2 inner stride 2 (slow path);
// out: 0 contiguous, 1 padded, 2 transposed (column-major).
// w16: matmul_nt_wbf16 on the weights rounded to bf16.
// x16: matmul_nt_bf16 on the rows and weights rounded to bf16, also bitwise against
// matmul_nt_wbf16 on the rounded rows.
void matmulCase(Check &c, int64_t M, int64_t N, int64_t K, int hb, int acc, int xl, int wl, int ol,
                bool w16 = false, bool x16 = false) {
  F x = xl ? view2(M, K) : F({M, K});
  if (!xl) randomize(x);
  B16 x16t = x16 ? toBf16(x) : B16();
  F w = wl == 0 ? F({N, K}) : view2(N, K, wl == 2 ? 2 : 1);
  if (wl == 0) randomize(w);
  B16 w16t = w16 ? toBf16(w) : B16();
  F bias({N});
  randomize(bias);
  F out0 = ol == 2 ? F({M, N}, {1, M + 1}, 2) : (ol ? view2(M, N) : F({M, N}));
  randomize(out0);
  std::vector<double> ref(M * N);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double a = 0;
      for (int64_t k = 0; k < K; ++k) a += (double)x(m, k) * w(n, k);
      ref[m * N + n] = (acc ? (double)out0(m, n) : 0.0) + a + (hb ? (double)bias(n) : 0.0);
    }
  auto got = forAllNwg(c, c.name, [&](int64_t nwg) {
    F out = out0;
    auto dx = x.desc<2>(), dw = w.desc<2>(), dout = out.desc<2>();
    auto db = hb ? bias.desc<1>() : absent<float, 1>();
    if (x16) {
      auto dx16 = x16t.desc<2>();
      auto dw16 = w16t.desc<2>();
      callAll(c.name, nwg, &dx16, &dw16, &db, &dout, (int64_t)hb, (int64_t)acc);
    } else if (w16) {
      auto dw16 = w16t.desc<2>();
      callAll(c.name, nwg, &dx, &dw16, &db, &dout, (int64_t)hb, (int64_t)acc);
    } else
      callAll(c.name, nwg, &dx, &dw, &db, &dout, (int64_t)hb, (int64_t)acc);
    return out.values();
  });
  std::string what = c.name + " " + tag({M, N, K, hb, acc, xl, wl, ol});
  c.close(what, got, ref);
  if (x16) {
    F out = out0;
    auto dx = x.desc<2>(), dout = out.desc<2>();
    auto db = hb ? bias.desc<1>() : absent<float, 1>();
    auto dw16 = w16t.desc<2>();
    callAll("matmul_nt_wbf16", 1, &dx, &dw16, &db, &dout, (int64_t)hb, (int64_t)acc);
    c.exact(what + " vs matmul_nt_wbf16", got, out.values());
  }
}

Check testMatmul(bool w16, bool x16 = false) {
  Check c{x16 ? "matmul_nt_bf16" : w16 ? "matmul_nt_wbf16" : "matmul_nt"};
  w16 |= x16;
  std::vector<std::array<int64_t, 3>> shapes = {{1, 1, 1},   {1, 37, 17}, {3, 5, 16},  {5, 70, 33},
                                                {7, 65, 100}, {16, 96, 64}, {1, 100, 513}, {9, 33, 15},
                                                {4, 8, 32}};
  int i = 0;
  for (auto tup_ : shapes) for (int64_t M = (int64_t)std::get<0>(tup_), N = (int64_t)std::get<1>(tup_), K = (int64_t)std::get<2>(tup_), once_ = 1; once_; once_ = 0) {
    for (int hb = 0; hb < 2; ++hb)
      for (int acc = 0; acc < 2; ++acc) matmulCase(c, M, N, K, hb, acc, 0, 0, 0, w16, x16);
    matmulCase(c, M, N, K, i & 1, 1, 1, 1, 1, w16, x16);
    matmulCase(c, M, N, K, 1, i & 1, 1, 2, 2, w16, x16);
    matmulCase(c, M, N, K, 0, 0, 0, 1, 2, w16, x16);
    ++i;
  }
  return c;
}

// The grouped GEMM cases: E experts, N outputs, K inputs, rows per expert; wl: 0 contiguous
// weights, 1 padded, 2 inner stride 2 (the scalar path).
struct GroupedCase { int64_t E, N, K; std::vector<int32_t> counts; int wl; };
const std::vector<GroupedCase> kGroupedCases = {
    {1, 1, 1, {1}, 0},            {3, 37, 17, {2, 0, 5}, 0}, {4, 70, 33, {1, 6, 0, 3}, 1},
    {2, 33, 64, {9, 4}, 2},       {3, 16, 100, {0, 0, 1}, 0}};
// offsets[E + 1] of the case's groups.
I32 groupOffsets(const GroupedCase &cs) {
  I32 offs({cs.E + 1});
  offs(0) = 0;
  for (int64_t e = 0; e < cs.E; ++e) offs(e + 1) = offs(e) + cs.counts[e];
  return offs;
}

Check testGroupedMatmul(bool w16) {
  Check c{w16 ? "grouped_matmul_nt_wbf16" : "grouped_matmul_nt"};
  for (auto &cs : kGroupedCases)
    for (int hb = 0; hb < 2; ++hb) {
      int64_t E = cs.E, N = cs.N, K = cs.K;
      I32 offs = groupOffsets(cs);
      int64_t R = offs(E);
      F x = view2(R, K);
      F w = cs.wl == 0 ? F({E, N, K}) : F({E, N, K}, {N * K * 2 + 7, K * 2 + 1, cs.wl == 2 ? 2 : 1}, 3);
      randomize(w);
      B16 w16t = w16 ? toBf16(w) : B16();
      F bias = view2(E, N);
      std::vector<double> ref(R * N);
      for (int64_t e = 0; e < E; ++e)
        for (int64_t r = offs(e); r < offs(e + 1); ++r)
          for (int64_t n = 0; n < N; ++n) {
            double a = 0;
            for (int64_t k = 0; k < K; ++k) a += (double)x(r, k) * w(e, n, k);
            ref[r * N + n] = a + (hb ? (double)bias(e, n) : 0.0);
          }
      auto got = forAllNwg(c, c.name, [&](int64_t nwg) {
        F out = view2(R, N);
        auto dx = x.desc<2>(), dout = out.desc<2>();
        auto dw = w.desc<3>();
        auto db = hb ? bias.desc<2>() : absent<float, 2>();
        auto doff = offs.desc<1>();
        if (w16) {
          auto dw16 = w16t.desc<3>();
          callAll(c.name, nwg, &dx, &dw16, &db, &doff, &dout, (int64_t)hb);
        } else {
          callAll(c.name, nwg, &dx, &dw, &db, &doff, &dout, (int64_t)hb);
        }
        return out.values();
      });
      c.close(c.name + " " + tag({E, N, K, hb, cs.wl}), got, ref);
    }
  return c;
}

// The runtime's f32 -> bf16 rounding (runtime/weights/Weights.cpp): nearest even, quiet NaNs.
uint16_t bf16Bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  if ((u & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((u >> 16) | 0x40);
  u += 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}
double bf16Value(uint16_t b) {
  uint32_t u = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
std::vector<double> bf16Values(B16 &t) {
  std::vector<double> v(t.numel());
  for (int64_t i = 0; i < t.numel(); ++i) v[i] = bf16Value(t.flat(i));
  return v;
}
B16 bf16Like(int64_t r, int64_t c, int64_t pad = 3) {
  B16 t({r, c}, {c + pad, 1}, 2);
  return t;
}

// to_bf16: every bit pattern class (ties both ways, NaN, infinities, overflow to inf, subnormals).
Check testToBf16() {
  Check c{"to_bf16"};
  const uint32_t specials[] = {0x3f808000u, 0x3f818000u, 0x3f80ffffu, 0x7fc00001u, 0x7f800001u,
                               0xff800000u, 0x7f7fffffu, 0x80000001u, 0x00008000u, 0x80000000u};
  for (auto rc : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {5, 40}}) {
    int64_t R = rc.first, C = rc.second;
    F x = view2(R, C);
    randomize(x, -1e3, 1e3);
    for (int64_t i = 0; i < std::min<int64_t>(R * C, 10); ++i) std::memcpy(&x.flat(i), &specials[i], 4);
    std::vector<double> ref(R * C);
    for (int64_t i = 0; i < R * C; ++i) ref[i] = bf16Bits(x.flat(i));
    auto got = forAllNwg(c, "to_bf16", [&](int64_t nwg) {
      B16 out = bf16Like(R, C);
      auto dx = x.desc<2>();
      auto dout = out.desc<2>();
      callAll("to_bf16", nwg, &dx, &dout);
      return out.values(); // the bits
    });
    c.exact("to_bf16 " + tag({R, C}), got, ref);
  }
  return c;
}

// grouped_matmul_nt_bf16 / grouped_swiglu_nt_bf16 on bf16 x and weights. Checked twice: against
// a double-precision reference, and bitwise against their decomposition into the f32-activation
// kernels on x rounded to bf16 (grouped_matmul_nt_wbf16, then swiglu and to_bf16), which is what
// the e2e test relies on. The grouped GEMM cases, and one more of whole 32-column blocks.
Check testGroupedBf16(bool swiglu) {
  Check c{swiglu ? "grouped_swiglu_nt_bf16" : "grouped_matmul_nt_bf16"};
  std::vector<GroupedCase> cases = kGroupedCases;
  cases.push_back({2, 64, 48, {5, 7}, 0});
  for (auto &cs : cases) {
    int64_t E = cs.E, N = cs.N, K = cs.K;
    I32 offs = groupOffsets(cs);
    int64_t R = offs(E);
    F x = view2(R, K);
    B16 xb = toBf16(x);
    auto weight = [&] {
      F w = cs.wl == 0 ? F({E, N, K}) : F({E, N, K}, {N * K * 2 + 7, K * 2 + 1, cs.wl == 2 ? 2 : 1}, 3);
      randomize(w);
      return w;
    };
    F w = weight(), wu = weight();
    B16 w16 = toBf16(w), wu16 = toBf16(wu);
    std::vector<double> ref(R * N);
    for (int64_t e = 0; e < E; ++e)
      for (int64_t r = offs(e); r < offs(e + 1); ++r)
        for (int64_t n = 0; n < N; ++n) {
          double g = 0, u = 0;
          for (int64_t k = 0; k < K; ++k) {
            g += (double)x(r, k) * w(e, n, k);
            u += (double)x(r, k) * wu(e, n, k);
          }
          ref[r * N + n] = swiglu ? g * sigmoid(g) * u : g;
        }
    auto doff = offs.desc<1>();
    auto dx = xb.desc<2>();
    auto dw = w16.desc<3>(), dwu = wu16.desc<3>();
    std::string what = c.name + " " + tag({E, N, K, cs.wl});
    if (!swiglu) {
      auto got = forAllNwg(c, c.name, [&](int64_t nwg) {
        F out = view2(R, N);
        auto dout = out.desc<2>();
        callAll(c.name, nwg, &dx, &dw, &doff, &dout);
        return out.values();
      });
      c.close(what, got, ref);
      // Decomposition: grouped_matmul_nt_wbf16 on the f32 x holding the rounded values.
      F out = view2(R, N);
      auto dxf = x.desc<2>(), dout = out.desc<2>();
      auto db = absent<float, 2>();
      callAll("grouped_matmul_nt_wbf16", 1, &dxf, &dw, &db, &doff, &dout, (int64_t)0);
      c.exactOnCpu(what + " vs grouped_matmul_nt_wbf16", got, out.values(), 1e-5);
      continue;
    }
    auto got = forAllNwg(c, c.name, [&](int64_t nwg) {
      B16 out = bf16Like(R, N);
      auto dout = out.desc<2>();
      callAll(c.name, nwg, &dx, &dw, &dwu, &doff, &dout);
      return bf16Values(out);
    });
    // One bf16 rounding of a value whose f32 sums differ from the reference's by f32 rounding.
    for (size_t i = 0; i < ref.size(); ++i)
      if (!(std::fabs(got[i] - ref[i]) <= std::ldexp(std::fabs(ref[i]), -8) + 1e-6)) {
        char buf[200];
        std::snprintf(buf, sizeof buf, "%s: got %.8g ref %.8g at %zu (> 2^-8 relative)", what.c_str(),
                      got[i], ref[i], i);
        c.fail(buf);
        break;
      }
    // Decomposition: the two wbf16 GEMMs into gu, swiglu, to_bf16.
    F gu = view2(R, 2 * N), act = view2(R, N);
    B16 actb = bf16Like(R, N);
    auto dxf = x.desc<2>();
    auto db = absent<float, 2>();
    auto dg = gu.desc<2>(), dact = act.desc<2>();
    auto dactb = actb.desc<2>();
    Desc<float, 2> dgate = dg, dup = dg;
    dgate.sizes[1] = N;
    dup.sizes[1] = N;
    dup.offset += N;
    callAll("grouped_matmul_nt_wbf16", 1, &dxf, &dw, &db, &doff, &dgate, (int64_t)0);
    callAll("grouped_matmul_nt_wbf16", 1, &dxf, &dwu, &db, &doff, &dup, (int64_t)0);
    callAll("swiglu", 1, &dg, &dact, (int64_t)0, 0.0f, 0.0f);
    callAll("to_bf16", 1, &dact, &dactb);
    c.exactOnCpu(what + " vs wbf16 + swiglu + to_bf16", got, bf16Values(actb), 1.0 / 128);
  }
  return c;
}

Check testSwiglu() {
  Check c{"swiglu"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {4, 64}}) for (int64_t R = (int64_t)std::get<0>(tup_), I = (int64_t)std::get<1>(tup_), once_ = 1; once_; once_ = 0)
    for (int cl = 0; cl < 2; ++cl) {
      F gu = view2(R, 2 * I);
      randomize(gu, -9, 9);
      float alpha = 1.702f, limit = 7.0f;
      std::vector<double> ref(R * I);
      for (int64_t r = 0; r < R; ++r)
        for (int64_t i = 0; i < I; ++i) {
          double g = gu(r, i), u = gu(r, I + i);
          if (cl) {
            g = std::min(g, (double)limit);
            u = std::clamp(u, -(double)limit, (double)limit);
            ref[r * I + i] = (u + 1) * g * sigmoid((double)alpha * g);
          } else {
            ref[r * I + i] = g * sigmoid(g) * u;
          }
        }
      auto got = forAllNwg(c, "swiglu", [&](int64_t nwg) {
        F out({R, I});
        auto dg = gu.desc<2>(), dout = out.desc<2>();
        callAll("swiglu", nwg, &dg, &dout, (int64_t)cl, alpha, limit);
        return out.values();
      });
      c.close("swiglu " + tag({R, I, cl}), got, ref);
    }
  return c;
}

Check testRope() {
  Check c{"rope"};
  struct Case { int64_t T, NH, D, half; };
  for (auto cs : std::vector<Case>{{1, 1, 2, 1}, {3, 2, 16, 8}, {4, 3, 64, 32}, {2, 2, 24, 8}})
    for (int il = 0; il < 2; ++il) {
      int64_t T = cs.T, NH = cs.NH, D = cs.D, half = cs.half;
      F x0({T, NH, D}, {NH * D + 5, D + 1, 1}, 2);
      randomize(x0);
      I64 pos({T});
      for (int64_t t = 0; t < T; ++t) pos(t) = randint(0, 200);
      F inv({half});
      for (int64_t j = 0; j < half; ++j) inv(j) = (float)(1.0 / std::pow(10000.0, 2.0 * j / (2 * half)));
      float af = 1.1f;
      std::vector<double> ref = x0.values();
      for (int64_t t = 0; t < T; ++t)
        for (int64_t h = 0; h < NH; ++h)
          for (int64_t j = 0; j < half; ++j) {
            double ang = (double)((float)pos(t) * inv(j)); // angle in f32, as specified
            double co = std::cos(ang) * af, si = std::sin(ang) * af;
            int64_t a = il ? 2 * j : j, b = il ? 2 * j + 1 : j + half;
            double xa = x0(t, h, a), xb = x0(t, h, b);
            ref[(t * NH + h) * D + a] = xa * co - xb * si;
            ref[(t * NH + h) * D + b] = xb * co + xa * si;
          }
      auto got = forAllNwg(c, "rope", [&](int64_t nwg) {
        F x = x0;
        auto dx = x.desc<3>();
        auto dp = pos.desc<1>();
        auto di = inv.desc<1>();
        callAll("rope", nwg, &dx, &dp, &di, (int64_t)il, af);
        return x.values();
      });
      c.close("rope " + tag({T, NH, D, half, il}), got, ref);
    }
  return c;
}

// c16: kv_store_cbf16 (moe-kv-cache-to-bf16), the cache bf16: every stored row rounded to nearest
// even, bit for bit, and the other rows untouched.
Check testKvStore(bool c16) {
  const char *kernel = c16 ? "kv_store_cbf16" : "kv_store";
  Check c{kernel};
  for (auto tup_ : std::vector<std::array<int64_t, 3>>{{1, 1, 1}, {5, 2, 17}, {3, 4, 64}}) for (int64_t T = (int64_t)std::get<0>(tup_), H = (int64_t)std::get<1>(tup_), D = (int64_t)std::get<2>(tup_), once_ = 1; once_; once_ = 0) {
    int64_t S = 3, C = 16;
    F src = F({T, H, D});
    randomize(src);
    I64 pos({T}), slots({T});
    for (int64_t t = 0; t < T; ++t) {
      slots(t) = t % S;
      pos(t) = t; // distinct (slot, pos) pairs
    }
    F cache0({S, C, H, D});
    randomize(cache0);
    // c16: the cache's bf16 bits, and those of src rounded.
    F rounded = src;
    B16 cacheb0 = toBf16(cache0), srcb = toBf16(rounded);
    std::vector<double> ref = c16 ? cacheb0.values() : cache0.values();
    for (int64_t t = 0; t < T; ++t)
      for (int64_t h = 0; h < H; ++h)
        for (int64_t d = 0; d < D; ++d)
          ref[((slots(t) * C + pos(t)) * H + h) * D + d] = c16 ? srcb(t, h, d) : src(t, h, d);
    auto got = forAllNwg(c, kernel, [&](int64_t nwg) {
      F cache = cache0;
      B16 cacheb = cacheb0;
      auto ds = src.desc<3>();
      auto dp = pos.desc<1>(), dsl = slots.desc<1>();
      if (c16) {
        auto dc = cacheb.desc<4>();
        callAll(kernel, nwg, &ds, &dc, &dp, &dsl);
      } else {
        auto dc = cache.desc<4>();
        callAll(kernel, nwg, &ds, &dc, &dp, &dsl);
      }
      return c16 ? cacheb.values() : cache.values();
    });
    c.exact(kernel, got, ref);
  }
  return c;
}

// Double attention forward on logical row-major values: q [T, NH, D], kc [S, C, NKV, D],
// vc [S, C, NKV, DV], sinks [NH] -> out [T, NH, DV] (the reference of testAttention; its
// central differences check attention_grad).
struct AttnDims { int64_t T, NH, NKV, D, DV, S, C; };
int64_t attnKeyLo(int64_t p, int64_t window, int64_t chunk) {
  int64_t lo = 0;
  if (window > 0) lo = std::max<int64_t>(lo, p - window + 1);
  if (chunk > 0) lo = std::max<int64_t>(lo, (p / chunk) * chunk);
  return lo;
}
std::vector<double> attentionFwd(const AttnDims &a, const std::vector<double> &q, const std::vector<double> &kc,
                                 const std::vector<double> &vc, const std::vector<double> &sinks,
                                 const std::vector<int64_t> &pos, const std::vector<int64_t> &slots, double scale,
                                 int64_t window, int64_t chunk, bool hasSinks) {
  int64_t T = a.T, NH = a.NH, NKV = a.NKV, D = a.D, DV = a.DV, C = a.C;
  std::vector<double> ref(T * NH * DV, 0.0);
  for (int64_t t = 0; t < T; ++t)
    for (int64_t h = 0; h < NH; ++h) {
      int64_t kh = h / (NH / NKV), p = pos[t], s = slots[t], lo = attnKeyLo(p, window, chunk);
      std::vector<double> sc;
      double mx = -INFINITY;
      for (int64_t j = lo; j <= p; ++j) {
        double dot = 0;
        for (int64_t d = 0; d < D; ++d) dot += q[(t * NH + h) * D + d] * kc[((s * C + j) * NKV + kh) * D + d];
        sc.push_back(dot * scale);
        mx = std::max(mx, sc.back());
      }
      if (hasSinks) mx = std::max(mx, sinks[h]);
      double den = 0;
      for (double &v : sc) den += (v = std::exp(v - mx));
      if (hasSinks) den += std::exp(sinks[h] - mx);
      for (int64_t j = lo; j <= p; ++j)
        for (int64_t d = 0; d < DV; ++d)
          ref[(t * NH + h) * DV + d] += sc[j - lo] / den * vc[((s * C + j) * NKV + kh) * DV + d];
    }
  return ref;
}

// kv16: attention_kvbf16 (moe-kv-cache-to-bf16), kc and vc bf16: the same reference on the
// caches rounded, and bit for bit attention on the rounded f32 caches (within 1e-5 with --block).
Check testAttention(bool kv16) {
  Check c{kv16 ? "attention_kvbf16" : "attention"};
  // Tokens: Random slots and positions; Prefill, two sequences (slot 1 then slot 0, positions
  // counting up from 3 and 0; the boundary falls inside a token group of the block version's
  // tiles); Decode, a slot per token. The block version tiles prefill and wide GQA decode.
  enum Tokens { Random, Prefill, Decode };
  struct Case { int64_t T, NH, NKV, D, DV, window, chunk, sinks; bool strided; Tokens tokens = Random; };
  std::vector<Case> cases = {{1, 1, 1, 1, 1, 0, 0, 0, false},    {3, 4, 2, 19, 17, 0, 0, 1, false},
                             {4, 4, 1, 64, 64, 5, 0, 0, false},   {5, 6, 3, 32, 16, 0, 8, 1, false},
                             {2, 2, 2, 40, 33, 7, 16, 1, false},  {3, 4, 2, 19, 17, 4, 0, 1, true},
                             {2, 8, 8, 128, 128, 0, 0, 0, false},
                             {70, 8, 2, 72, 40, 0, 0, 0, false, Prefill},
                             {80, 2, 2, 64, 64, 0, 0, 1, false, Prefill},
                             {50, 4, 4, 33, 130, 9, 0, 1, false, Prefill},
                             {45, 12, 2, 16, 8, 0, 16, 0, false, Prefill},
                             {40, 4, 2, 19, 17, 4, 0, 1, true, Prefill},
                             {3, 40, 1, 96, 70, 0, 0, 1, false, Decode},
                             {4, 16, 1, 80, 64, 0, 0, 0, false, Decode},
                             // absorbed MLA's shape: one KV head, DV over the tiles' 256-column chunk
                             {2, 32, 1, 36, 300, 0, 0, 1, false, Decode}};
  for (auto &cs : cases) {
    int64_t T = cs.T, NH = cs.NH, NKV = cs.NKV, D = cs.D, DV = cs.DV;
    int64_t S = cs.tokens == Decode ? T : 2, Cc = cs.tokens == Prefill ? T + 3 : 40;
    F q = cs.strided ? F({T, NH, D}, {NH * D * 2 + 1, D * 2, 2}, 1) : F({T, NH, D});
    randomize(q, -2, 2);
    F kc = cs.strided ? F({S, Cc, NKV, D}, {Cc * NKV * D + 3, NKV * D, D, 1}, 4) : F({S, Cc, NKV, D});
    F vc = F({S, Cc, NKV, DV});
    randomize(kc, -2, 2);
    randomize(vc);
    B16 kb, vb;
    if (kv16) kb = toBf16(kc), vb = toBf16(vc); // kc, vc now hold the rounded values
    I64 pos({T}), slots({T});
    for (int64_t t = 0; t < T; ++t) {
      slots(t) = cs.tokens == Random ? randint(0, S - 1) : cs.tokens == Decode ? t : t < T - 11 ? 1 : 0;
      pos(t) = cs.tokens == Random ? randint(0, Cc - 1) : cs.tokens == Decode ? randint(0, Cc - 1)
               : t < T - 11 ? t + 3 : t - (T - 11);
    }
    F sinks({NH});
    randomize(sinks, -1, 3);
    float scale = 1.0f / std::sqrt((float)D);
    std::vector<int64_t> pv(T), sv(T);
    for (int64_t t = 0; t < T; ++t) pv[t] = pos(t), sv[t] = slots(t);
    std::vector<double> ref = attentionFwd({T, NH, NKV, D, DV, S, Cc}, q.values(), kc.values(), vc.values(),
                                           sinks.values(), pv, sv, scale, cs.window, cs.chunk, cs.sinks);
    // --block: attention's block variant too (block/attention_tiled.mlir, same arguments).
    auto run = [&](const std::string &kernel, bool bf16) {
      return forAllNwg(c, kernel, [&](int64_t nwg) {
        F out = cs.strided ? F({T, NH, DV}, {NH * DV * 3, DV * 3, 3}, 0, NAN) : F({T, NH, DV});
        if (!cs.strided) std::fill(out.store.begin(), out.store.end(), NAN);
        auto dq = q.desc<3>(), dout = out.desc<3>();
        auto dp = pos.desc<1>(), ds = slots.desc<1>();
        auto dsk = cs.sinks ? sinks.desc<1>() : absent<float, 1>();
        if (bf16) {
          auto dk = kb.desc<4>(), dv = vb.desc<4>();
          callAll(kernel, nwg, &dq, &dk, &dv, &dp, &ds, &dsk, &dout, scale, cs.window, cs.chunk, cs.sinks);
        } else {
          auto dk = kc.desc<4>(), dv = vc.desc<4>();
          callAll(kernel, nwg, &dq, &dk, &dv, &dp, &ds, &dsk, &dout, scale, cs.window, cs.chunk, cs.sinks);
        }
        return out.values();
      });
    };
    std::string what = tag({T, NH, NKV, D, DV, cs.window, cs.chunk, cs.sinks, cs.strided, cs.tokens});
    // attention_tc (tensor cores: q, K, V and the softmax weights rounded to bf16) in its tiles,
    // attention_tiled's f32 per-item path elsewhere: each output within 1e-5 of the reference, or
    // else within 4e-3 of max |out| of the reference on q, K and V rounded (the weights' rounding).
    std::vector<double> refTc;
    if (gBlockMode) {
      F qr = q, kr = kc, vr = vc;
      toBf16(qr), toBf16(kr), toBf16(vr);
      refTc = attentionFwd({T, NH, NKV, D, DV, S, Cc}, qr.values(), kr.values(), vr.values(), sinks.values(), pv,
                           sv, scale, cs.window, cs.chunk, cs.sinks);
    }
    for (std::string kernel : {"attention", "attention_tiled", "attention_tc"}) {
      if (!gBlockMode && kernel != "attention") continue;
      bool tc = kernel == "attention_tc";
      std::vector<double> got = run(kernel, false);
      if (kv16) {
        std::vector<double> f32 = got;
        kernel += "_kvbf16";
        got = run(kernel, true);
        c.exactOnCpu(kernel + " vs " + kernel.substr(0, kernel.size() - 7) + " " + what, got, f32, 1e-5);
      }
      if (!tc) {
        c.close(kernel + " " + what, got, ref);
        continue;
      }
      double mx = 0;
      for (double v : ref) mx = std::max(mx, std::fabs(v));
      std::vector<double> either = refTc;
      for (size_t i = 0; i < got.size() && i < ref.size(); ++i)
        if (std::fabs(got[i] - ref[i]) <= 1e-5 * mx) either[i] = ref[i];
      c.close(kernel + " " + what, got, either, 4e-3);
    }
  }
  return c;
}

// Reference router (the interpreter's Executor::router after the logits), double precision.
void routerRef(const std::vector<double> &logits, int64_t T, int64_t E, int64_t K, const std::vector<double> *corr,
               int scoring, int64_t nGroup, int64_t topkGroup, int groupScore, int renorm, double renormEps,
               double rsf, std::vector<double> &ids, std::vector<double> &wts) {
  auto topk = [](const std::vector<double> &v, int64_t k) {
    std::vector<int64_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) { return v[a] > v[b]; });
    idx.resize(std::min<int64_t>(k, v.size()));
    return idx;
  };
  ids.assign(T * K, 0);
  wts.assign(T * K, 0);
  for (int64_t t = 0; t < T; ++t) {
    std::vector<double> l(&logits[t * E], &logits[(t + 1) * E]), s(E), sel(E);
    if (scoring == 0) {
      double mx = *std::max_element(l.begin(), l.end()), sum = 0;
      for (int64_t e = 0; e < E; ++e) sum += (s[e] = std::exp(l[e] - mx));
      for (double &v : s) v /= sum;
    } else if (scoring == 1) {
      for (int64_t e = 0; e < E; ++e) s[e] = sigmoid(l[e]);
    } else {
      s = l;
    }
    for (int64_t e = 0; e < E; ++e) sel[e] = s[e] + (corr ? (*corr)[e] : 0.0);
    if (nGroup > 1) {
      int64_t gs = E / nGroup;
      std::vector<double> gscore(nGroup);
      for (int64_t g = 0; g < nGroup; ++g) {
        std::vector<double> grp(sel.begin() + g * gs, sel.begin() + (g + 1) * gs);
        std::sort(grp.begin(), grp.end(), std::greater<double>());
        gscore[g] = groupScore == 1 ? grp[0] + (gs > 1 ? grp[1] : 0.0) : grp[0];
      }
      std::vector<int64_t> keep = topk(gscore, topkGroup);
      for (int64_t g = 0; g < nGroup; ++g)
        if (std::find(keep.begin(), keep.end(), g) == keep.end())
          for (int64_t e = g * gs; e < (g + 1) * gs; ++e) sel[e] = -INFINITY;
    }
    std::vector<int64_t> idx = topk(sel, K);
    std::vector<double> w(K);
    for (int64_t k = 0; k < K; ++k) {
      int64_t e = idx[k];
      w[k] = scoring <= 1 ? s[e] : scoring == 3 ? sigmoid(l[e]) : l[e];
    }
    if (scoring == 2) {
      double mx = *std::max_element(w.begin(), w.end()), sum = 0;
      for (double &v : w) sum += (v = std::exp(v - mx));
      for (double &v : w) v /= sum;
    }
    if (renorm == 1) {
      double sum = std::accumulate(w.begin(), w.end(), 0.0);
      for (double &v : w) v /= (sum + renormEps);
    }
    for (int64_t k = 0; k < K; ++k) {
      ids[t * K + k] = (double)idx[k];
      wts[t * K + k] = w[k] * rsf;
    }
  }
}

// Router variants: scoring 0 softmax, 1 sigmoid, 2 softmax_topk, 3 sigmoid_topk, with groups,
// top2_sum group scores, renorm and correction biases; {3, 7, 7} has top-k = E, {1, 16, 2}
// leaves experts without tokens.
struct RouterCase { int64_t T, E, K; int scoring; int64_t nGroup, topkGroup; int gs, renorm, hasCorr; };
std::vector<RouterCase> routerCases() {
  return {{1, 1, 1, 0, 1, 1, 0, 0, 0},  {3, 8, 2, 0, 1, 1, 0, 1, 0},  {4, 16, 4, 1, 4, 2, 1, 1, 1},
          {5, 16, 6, 1, 8, 3, 0, 1, 1}, {3, 12, 3, 2, 1, 1, 0, 0, 0}, {3, 10, 4, 3, 1, 1, 0, 1, 1},
          {2, 32, 8, 1, 8, 4, 1, 1, 1}, {3, 7, 7, 0, 1, 1, 0, 0, 0},  {4, 24, 5, 3, 4, 2, 1, 0, 1},
          {1, 16, 2, 1, 4, 2, 1, 1, 1}, {37, 64, 8, 1, 8, 4, 1, 1, 1}};
}

Check testRouter() {
  Check c{"router"};
  int ci = 0;
  for (auto &cs : routerCases()) {
    int64_t T = cs.T, E = cs.E, K = cs.K;
    F logits = view2(T, E);
    randomize(logits, -3, 3);
    // Ties: duplicate some logits so tie-breaking by lower id is exercised.
    for (int64_t t = 0; t < T; ++t)
      if (E > 3) logits(t, E - 1) = logits(t, 1), logits(t, E - 2) = logits(t, 0);
    F corr({E});
    randomize(corr, -0.1f, 0.1f);
    if (ci % 2 == 0)
      for (int64_t e = 0; e < E; ++e) corr(e) = 0.f; // keep ties alive
    float eps = ci % 3 == 0 ? 1e-20f : 0.f, rsf = ci % 2 ? 2.5f : 1.0f;
    std::vector<double> lg = logits.values(), cv = corr.values(), rid, rw;
    routerRef(lg, T, E, K, cs.hasCorr ? &cv : nullptr, cs.scoring, cs.nGroup, cs.topkGroup, cs.gs, cs.renorm, eps,
              rsf, rid, rw);
    std::vector<double> gotIds;
    auto got = forAllNwg(c, "router", [&](int64_t nwg) {
      F wts = view2(T, K);
      I32 ids({T, K});
      auto dl = logits.desc<2>(), dw = wts.desc<2>();
      auto dc = cs.hasCorr ? corr.desc<1>() : absent<float, 1>();
      auto di = ids.desc<2>();
      callAll("router", nwg, &dl, &dc, &di, &dw, (int64_t)cs.scoring, cs.nGroup, cs.topkGroup, (int64_t)cs.gs,
              (int64_t)cs.renorm, eps, rsf, (int64_t)cs.hasCorr);
      std::vector<double> r = ids.values(), w = wts.values();
      r.insert(r.end(), w.begin(), w.end());
      return r;
    });
    std::string t = "router case " + std::to_string(ci);
    c.exact(t + " ids", std::vector<double>(got.begin(), got.begin() + T * K), rid);
    c.close(t + " weights", std::vector<double>(got.begin() + T * K, got.end()), rw);
    ++ci;
  }
  return c;
}

// route_dispatch: routing as routerRef, then the dispatch layout (stable by token) and the rows,
// over three launches (phases) with nwg 1, 2, 3, 5 for phases 0 and 2 and 1 for phase 1.
// route_dispatch_bf16 (bf16): the same, its rows bitwise the kernel's own f32 products (src times
// the weights it wrote) rounded as to_bf16 rounds.
Check testRouteDispatch(bool bf16) {
  const char *kernel = bf16 ? "route_dispatch_bf16" : "route_dispatch";
  Check c{kernel};
  const int64_t NB = 8;
  int ci = 0;
  for (auto &cs : routerCases()) {
    ++ci;
    for (int64_t scaleRows = 0; scaleRows < 2; ++scaleRows) {
      int64_t T = cs.T, E = cs.E, K = cs.K, H = 5 + T + scaleRows, R = T * K;
      F logits = view2(T, E);
      randomize(logits, -3, 3);
      for (int64_t t = 0; t < T; ++t) // ties, and all-equal logits in the last token
        for (int64_t e = 0; e < E; ++e)
          if (t == T - 1 && T > 1) logits(t, e) = 0.5f;
          else if (E > 3 && e >= E - 2) logits(t, e) = logits(t, e - (E - 2));
      F corr({E});
      randomize(corr, -0.2f, 0.0f); // negative correction biases
      F x = view2(T, H);
      std::vector<double> lg = logits.values(), cv = corr.values(), rid, rw;
      routerRef(lg, T, E, K, cs.hasCorr ? &cv : nullptr, cs.scoring, cs.nGroup, cs.topkGroup, cs.gs, cs.renorm,
                1e-20, 1.5, rid, rw);
      // Reference layout: rows by (expert, t*K+k).
      std::vector<double> cnt(E, 0), off(E + 1, 0), perm, inv(R), rows;
      for (int64_t e = 0; e < E; ++e)
        for (int64_t tk = 0; tk < R; ++tk)
          if (rid[tk] == e) {
            cnt[e]++;
            inv[tk] = perm.size();
            perm.push_back(tk);
            for (int64_t h = 0; h < H; ++h)
              rows.push_back(x(tk / K, h) * (scaleRows ? rw[tk] : 1.0));
          }
      for (int64_t e = 0; e < E; ++e) off[e + 1] = off[e] + cnt[e];
      std::vector<double> rowBits; // bf16: the rounded rows of the first call
      auto got = forAllNwg(c, kernel, [&](int64_t nwg) {
        F wts = view2(T, K), out = view2(R, H);
        B16 outb = bf16Like(R, H);
        I32 ids({T, K}), counts({E}), offs({E + 1}), pm({R}), iv({R}), hist({NB, E});
        for (auto *b : {&ids, &counts, &offs, &pm, &iv, &hist}) std::fill(b->store.begin(), b->store.end(), -7);
        auto dl = logits.desc<2>(), dx = x.desc<2>(), dw = wts.desc<2>(), dout = out.desc<2>();
        auto doutb = outb.desc<2>();
        auto dc = cs.hasCorr ? corr.desc<1>() : absent<float, 1>();
        auto di = ids.desc<2>(), dh = hist.desc<2>();
        auto dn = counts.desc<1>(), dof = offs.desc<1>(), dp = pm.desc<1>(), dv = iv.desc<1>();
        for (int64_t phase = 0; phase < 3; ++phase) {
          void *rowsDesc = bf16 ? static_cast<void *>(&doutb) : static_cast<void *>(&dout);
          callAll(kernel, phase == 1 ? 1 : nwg, &dl, &dc, &dx, &di, &dw, rowsDesc, &dn, &dof, &dp, &dv,
                  &dh, phase, (int64_t)cs.scoring, cs.nGroup, cs.topkGroup, (int64_t)cs.gs, (int64_t)cs.renorm,
                  1e-20f, 1.5f, (int64_t)cs.hasCorr, scaleRows);
        }
        std::vector<double> r = ids.values();
        for (auto *b : {&counts, &offs, &pm, &iv}) {
          auto v = b->values();
          r.insert(r.end(), v.begin(), v.end());
        }
        auto w = wts.values();
        r.insert(r.end(), w.begin(), w.end());
        if (bf16) {
          // Bitwise: src times the weight the kernel wrote, in f32, rounded.
          std::vector<double> bits = outb.values(), want(R * H);
          for (int64_t q = 0; q < R; ++q) {
            int64_t tk = pm.flat(q), t = tk / K, k = tk % K;
            for (int64_t h = 0; h < H; ++h)
              want[q * H + h] = bf16Bits(x(t, h) * (scaleRows ? wts(t, k) : 1.0f));
          }
          c.exact(std::string(kernel) + " rounded rows nwg " + std::to_string(nwg), bits, want);
          // The rows' values, against the double reference below.
          for (int64_t i = 0; i < R * H; ++i) r.push_back(bf16Value(outb.flat(i)));
        } else {
          auto v = out.values();
          r.insert(r.end(), v.begin(), v.end());
        }
        return r;
      });
      std::string t = std::string(kernel) + " case " + std::to_string(ci - 1) + (scaleRows ? " scaled" : "");
      std::vector<double> layout = rid;
      for (auto *v : {&cnt, &off, &perm, &inv}) layout.insert(layout.end(), v->begin(), v->end());
      size_t n = layout.size();
      c.exact(t + " ids/layout", std::vector<double>(got.begin(), got.begin() + n), layout);
      c.close(t + " weights", std::vector<double>(got.begin() + n, got.begin() + n + R), rw);
      // bf16 rows: half an ulp of rounding, at most 2^-8 of the value (close scales by max-abs).
      c.close(t + " rows", std::vector<double>(got.begin() + n + R, got.end()), rows,
              bf16 ? 1.0 / 256 : 1e-5);
    }
  }
  return c;
}

Check testDispatchCount() {
  Check c{"dispatch_count"};
  for (auto tup_ : std::vector<std::array<int64_t, 3>>{{1, 1, 1}, {5, 3, 4}, {17, 2, 8}, {9, 4, 16}}) for (int64_t T = (int64_t)std::get<0>(tup_), K = (int64_t)std::get<1>(tup_), E = (int64_t)std::get<2>(tup_), once_ = 1; once_; once_ = 0) {
    I32 ids({T, K});
    for (int64_t i = 0; i < T * K; ++i) ids.flat(i) = (int32_t)randint(0, E - 1);
    std::vector<double> cnt(E, 0), off(E + 1, 0), perm, inv(T * K);
    for (int64_t e = 0; e < E; ++e)
      for (int64_t tk = 0; tk < T * K; ++tk)
        if (ids.flat(tk) == e) {
          cnt[e]++;
          inv[tk] = perm.size();
          perm.push_back(tk);
        }
    for (int64_t e = 0; e < E; ++e) off[e + 1] = off[e] + cnt[e];
    std::vector<double> ref = cnt;
    ref.insert(ref.end(), off.begin(), off.end());
    ref.insert(ref.end(), perm.begin(), perm.end());
    ref.insert(ref.end(), inv.begin(), inv.end());
    auto got = forAllNwg(c, "dispatch_count", [&](int64_t nwg) {
      I32 counts({E}), offs({E + 1}), pm({T * K}), iv({T * K});
      for (auto *b : {&counts, &offs, &pm, &iv}) std::fill(b->store.begin(), b->store.end(), -7);
      auto di = ids.desc<2>();
      auto dc = counts.desc<1>(), doff = offs.desc<1>(), dp = pm.desc<1>(), dv = iv.desc<1>();
      callAll("dispatch_count", nwg, &di, &dc, &doff, &dp, &dv);
      std::vector<double> r = counts.values();
      for (auto *b : {&offs, &pm, &iv}) {
        auto v = b->values();
        r.insert(r.end(), v.begin(), v.end());
      }
      return r;
    });
    c.exact("dispatch_count " + tag({T, K, E}), got, ref);
  }
  return c;
}

Check testGatherRows() {
  Check c{"gather_rows"};
  for (auto tup_ : std::vector<std::array<int64_t, 3>>{{1, 1, 1}, {5, 2, 17}, {4, 3, 64}}) for (int64_t T = (int64_t)std::get<0>(tup_), K = (int64_t)std::get<1>(tup_), H = (int64_t)std::get<2>(tup_), once_ = 1; once_; once_ = 0)
    for (int hw = 0; hw < 2; ++hw) {
      int64_t R = T * K;
      F x = view2(T, H), w({T * K});
      randomize(w);
      I32 perm({R});
      std::vector<int32_t> p(R);
      std::iota(p.begin(), p.end(), 0);
      std::shuffle(p.begin(), p.end(), rng);
      for (int64_t r = 0; r < R; ++r) perm(r) = p[r];
      std::vector<double> ref(R * H);
      for (int64_t r = 0; r < R; ++r)
        for (int64_t h = 0; h < H; ++h) ref[r * H + h] = (double)x(p[r] / K, h) * (hw ? (double)w(p[r]) : 1.0);
      auto got = forAllNwg(c, "gather_rows", [&](int64_t nwg) {
        F out({R, H});
        auto dx = x.desc<2>(), dout = out.desc<2>();
        auto dw = hw ? w.desc<1>() : absent<float, 1>();
        auto dp = perm.desc<1>();
        callAll("gather_rows", nwg, &dx, &dp, &dw, &dout, K, (int64_t)hw);
        return out.values();
      });
      c.close("gather_rows " + tag({T, K, H, hw}), got, ref);
    }
  return c;
}

Check testCombine() {
  Check c{"combine"};
  for (auto tup_ : std::vector<std::array<int64_t, 3>>{{1, 1, 1}, {5, 2, 17}, {4, 3, 64}}) for (int64_t T = (int64_t)std::get<0>(tup_), K = (int64_t)std::get<1>(tup_), H = (int64_t)std::get<2>(tup_), once_ = 1; once_; once_ = 0)
    for (int hw = 0; hw < 2; ++hw)
      for (int acc = 0; acc < 2; ++acc) {
        int64_t R = T * K;
        F rows = view2(R, H), w({T * K}), out0 = view2(T, H);
        randomize(w);
        I32 inv({R});
        std::vector<int32_t> p(R);
        std::iota(p.begin(), p.end(), 0);
        std::shuffle(p.begin(), p.end(), rng);
        for (int64_t r = 0; r < R; ++r) inv(r) = p[r];
        std::vector<double> ref(T * H);
        for (int64_t t = 0; t < T; ++t)
          for (int64_t h = 0; h < H; ++h) {
            double a = acc ? (double)out0(t, h) : 0.0;
            for (int64_t k = 0; k < K; ++k) a += (hw ? (double)w(t * K + k) : 1.0) * rows(p[t * K + k], h);
            ref[t * H + h] = a;
          }
        auto got = forAllNwg(c, "combine", [&](int64_t nwg) {
          F out = out0;
          auto dr = rows.desc<2>(), dout = out.desc<2>();
          auto dw = hw ? w.desc<1>() : absent<float, 1>();
          auto di = inv.desc<1>();
          callAll("combine", nwg, &dr, &di, &dw, &dout, K, (int64_t)hw, (int64_t)acc);
          return out.values();
        });
        c.close("combine " + tag({T, K, H, hw, acc}), got, ref);
      }
  return c;
}

Check testTemperatureScale() {
  Check c{"temperature_scale"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {6, 33}}) for (int64_t T = (int64_t)std::get<0>(tup_), W = (int64_t)std::get<1>(tup_), once_ = 1; once_; once_ = 0) {
    F q0 = view2(T, W);
    I64 pos({T});
    for (int64_t t = 0; t < T; ++t) pos(t) = t == 0 ? 8191 : randint(0, 40000);
    float fs = 8192.f, as = 0.1f;
    std::vector<double> ref(T * W);
    for (int64_t t = 0; t < T; ++t) {
      double m = std::log1p(std::floor((pos(t) + 1) / (double)fs)) * (double)as + 1.0;
      for (int64_t w = 0; w < W; ++w) ref[t * W + w] = q0(t, w) * m;
    }
    auto got = forAllNwg(c, "temperature_scale", [&](int64_t nwg) {
      F q = q0;
      auto dq = q.desc<2>();
      auto dp = pos.desc<1>();
      callAll("temperature_scale", nwg, &dq, &dp, fs, as);
      return q.values();
    });
    c.close("temperature_scale " + tag({T, W}), got, ref);
  }
  return c;
}

Check testSigmoidGate() {
  Check c{"sigmoid_gate"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {5, 33}}) for (int64_t T = (int64_t)std::get<0>(tup_), H = (int64_t)std::get<1>(tup_), once_ = 1; once_; once_ = 0)
    for (int acc = 0; acc < 2; ++acc) {
      F y = view2(T, H), g = view2(T, 1), out0 = view2(T, H);
      randomize(g, -4, 4);
      std::vector<double> ref(T * H);
      for (int64_t t = 0; t < T; ++t)
        for (int64_t h = 0; h < H; ++h)
          ref[t * H + h] = (acc ? (double)out0(t, h) : 0.0) + sigmoid(g(t, 0)) * y(t, h);
      auto got = forAllNwg(c, "sigmoid_gate", [&](int64_t nwg) {
        F out = out0;
        auto dy = y.desc<2>(), dg = g.desc<2>(), dout = out.desc<2>();
        callAll("sigmoid_gate", nwg, &dy, &dg, &dout, (int64_t)acc);
        return out.values();
      });
      c.close("sigmoid_gate " + tag({T, H, acc}), got, ref);
    }
  return c;
}

Check testCopy() {
  Check c{"copy"};
  struct Case { int64_t A, B, C; std::vector<int64_t> st; };
  for (auto &cs : std::vector<Case>{{1, 1, 1, {1, 1, 1}}, {3, 4, 5, {20, 5, 1}}, {5, 3, 7, {0, 7, 1}},
                                    {4, 2, 9, {9, 0, 1}}, {3, 3, 3, {0, 0, 0}}, {2, 3, 5, {1, 2, 6}}}) {
    F src({cs.A, cs.B, cs.C}, cs.st, 3);
    randomize(src);
    std::vector<double> ref = src.values();
    auto got = forAllNwg(c, "copy", [&](int64_t nwg) {
      F dst({cs.A, cs.B, cs.C}, {cs.B * cs.C * 2, cs.C + 1, 1}, 1);
      auto ds = src.desc<3>(), dd = dst.desc<3>();
      callAll("copy", nwg, &ds, &dd);
      return dst.values();
    });
    c.exact("copy " + tag({cs.A, cs.B, cs.C}), got, ref);
  }
  return c;
}

// x: a strided view [T, NH, K] of [T, NH, K+3] rows (padded; xl 2: inner stride 2, slow path);
// w: 0 contiguous, 1 padded (unit inner), 2 inner stride 2 (slow path); out contiguous or padded.
void headMatmulCase(Check &c, int64_t T, int64_t NH, int64_t K, int64_t N, int xl, int wl, int ol) {
  int64_t KR = K + 3, xi = xl == 2 ? 2 : 1;
  F x = xl ? F({T, NH, K}, {NH * KR * xi + 1, KR * xi, xi}, 2) : F({T, NH, K});
  randomize(x);
  F w = wl == 0 ? F({NH, N, K}) : F({NH, N, K}, {N * (K * 2 + 1) + 5, K * 2 + 1, wl == 2 ? 2 : 1}, 3);
  randomize(w);
  std::vector<double> ref(T * NH * N);
  for (int64_t t = 0; t < T; ++t)
    for (int64_t h = 0; h < NH; ++h)
      for (int64_t n = 0; n < N; ++n) {
        double a = 0;
        for (int64_t k = 0; k < K; ++k) a += (double)x(t, h, k) * w(h, n, k);
        ref[(t * NH + h) * N + n] = a;
      }
  auto got = forAllNwg(c, "head_matmul", [&](int64_t nwg) {
    F out = ol ? F({T, NH, N}, {NH * (N + 2) + 1, N + 2, 1}, 1, NAN) : F({T, NH, N});
    if (!ol) std::fill(out.store.begin(), out.store.end(), NAN);
    auto dx = x.desc<3>(), dw = w.desc<3>(), dout = out.desc<3>();
    callAll("head_matmul", nwg, &dx, &dw, &dout);
    return out.values();
  });
  c.close("head_matmul " + tag({T, NH, K, N, xl, wl, ol}), got, ref);
}

Check testHeadMatmul() {
  Check c{"head_matmul"};
  int i = 0;
  for (int64_t T : {1, 3, 7})
    for (int64_t NH : {1, 3})
      for (int64_t K : {5, 16, 37})
        for (int64_t N : {1, 17, 40}) {
          headMatmulCase(c, T, NH, K, N, 1, i % 2, i % 2);
          headMatmulCase(c, T, NH, K, N, i % 3 == 0 ? 2 : 0, i % 3 == 0 ? 1 : 2, (i + 1) % 2);
          ++i;
        }
  headMatmulCase(c, 5, 2, 130, 70, 1, 0, 0);
  headMatmulCase(c, 9, 2, 128, 64, 1, 1, 1);
  headMatmulCase(c, 4, 3, 48, 33, 1, 2, 0);
  return c;
}

// kv [S, C, 1, L+R] (optionally padded / inner stride 2), w [NH*(DN+DV), L] (optionally inner
// stride 2); kx / vx are prefilled with a sentinel that must survive outside the expanded rows.
Check testMlaExpand() {
  Check c{"mla_expand"};
  struct Case { int64_t L, R, DN, DV, NH; int kvl, wl; };
  std::vector<Case> cases = {{16, 4, 8, 8, 1, 0, 0}, {20, 4, 6, 5, 3, 0, 0}, {16, 4, 6, 5, 3, 1, 0},
                             {20, 4, 8, 8, 3, 1, 1}, {20, 4, 6, 5, 1, 2, 0}, {16, 4, 8, 5, 3, 0, 1},
                             {37, 4, 8, 8, 3, 1, 0}};
  // (slot, position) per token; slot 1 never appears.
  std::vector<std::vector<std::pair<int64_t, int64_t>>> tokenSets = {
      {{0, 3}, {2, 0}, {0, 1}, {2, 5}, {0, 7}, {0, 6}, {2, 2}},
      {{2, 8}, {0, 0}},
      {{0, 2}, {0, 5}, {2, 3}, {0, 4}, {0, 5}, {2, 1}, {2, 6}, {0, 8}}};
  const float sentinel = -7.f;
  for (auto &cs : cases)
    for (auto &toks : tokenSets) {
      int64_t S = 3, C = 9, L = cs.L, R = cs.R, DN = cs.DN, DV = cs.DV, NH = cs.NH, DD = DN + DV;
      int64_t T = (int64_t)toks.size(), LR = L + R;
      int64_t ki = cs.kvl == 2 ? 2 : 1;
      F kv = cs.kvl ? F({S, C, 1, LR}, {C * (LR + 3) * ki + 1, (LR + 3) * ki, LR * ki, ki}, 2)
                    : F({S, C, 1, LR});
      randomize(kv);
      F w = cs.wl ? F({NH * DD, L}, {L * 2 + 3, 2}, 1) : F({NH * DD, L});
      randomize(w);
      I64 pos({T}), slots({T});
      for (int64_t t = 0; t < T; ++t) {
        slots(t) = toks[t].first;
        pos(t) = toks[t].second;
      }
      F kx0({S, C, NH, DN + R}, {C * NH * (DN + R + 1) + 2, NH * (DN + R + 1), DN + R + 1, 1}, 1, sentinel);
      F vx0({S, C, NH, DV}, {C * NH * DV, NH * DV, DV, 1}, 0, sentinel);
      std::vector<double> rk = kx0.values(), rv = vx0.values();
      for (int64_t s = 0; s < S; ++s) {
        int64_t mx = -1;
        for (int64_t t = 0; t < T; ++t)
          if (slots(t) == s) mx = std::max(mx, pos(t));
        for (int64_t j = 0; j <= mx; ++j)
          for (int64_t h = 0; h < NH; ++h) {
            for (int64_t d = 0; d < DD; ++d) {
              double a = 0;
              for (int64_t k = 0; k < L; ++k) a += (double)w(h * DD + d, k) * kv(s, j, 0, k);
              if (d < DN)
                rk[((s * C + j) * NH + h) * (DN + R) + d] = a;
              else
                rv[((s * C + j) * NH + h) * DV + d - DN] = a;
            }
            for (int64_t i = 0; i < R; ++i) rk[((s * C + j) * NH + h) * (DN + R) + DN + i] = kv(s, j, 0, L + i);
          }
      }
      std::vector<double> ref = rk;
      ref.insert(ref.end(), rv.begin(), rv.end());
      auto got = forAllNwg(c, "mla_expand", [&](int64_t nwg) {
        F kx = kx0, vx = vx0;
        auto dkv = kv.desc<4>(), dkx = kx.desc<4>(), dvx = vx.desc<4>();
        auto dw = w.desc<2>();
        auto dp = pos.desc<1>(), ds = slots.desc<1>();
        callAll("mla_expand", nwg, &dkv, &dw, &dp, &ds, &dkx, &dvx);
        std::vector<double> r = kx.values(), r2 = vx.values();
        r.insert(r.end(), r2.begin(), r2.end());
        return r;
      });
      c.close("mla_expand " + tag({L, R, DN, DV, NH, cs.kvl, cs.wl, T}), got, ref);
    }
  return c;
}

// kv_load (the latent rows of the slots in the call copied out, mla_expand's rows) and, c16, its
// bf16-storage variant kv_load_cbf16 (moe-kv-cache-to-bf16: the rows widened from a bf16 cache):
// exact against the copy of the (rounded) rows; every other entry of out untouched.
Check testKvLoad(bool c16) {
  const char *kernel = c16 ? "kv_load_cbf16" : "kv_load";
  Check c{kernel};
  // (slot, position) per token; slot 1 never appears. The last: one token reaching back over
  // many rows (a call after a long prefix).
  std::vector<std::vector<std::pair<int64_t, int64_t>>> tokenSets = {
      {{0, 3}, {2, 0}, {0, 1}, {2, 5}, {0, 7}, {0, 6}, {2, 2}},
      {{2, 8}, {0, 0}},
      {{0, 2}, {0, 5}, {2, 3}, {0, 4}, {0, 5}, {2, 1}, {2, 6}, {0, 8}},
      {{2, 8}}};
  const float sentinel = -7.f;
  for (auto dims : std::vector<std::array<int64_t, 3>>{{1, 1, 1}, {1, 1, 48}, {3, 2, 300}})
    for (auto &toks : tokenSets) {
      int64_t S = 3, C = 9, H = dims[1], D = dims[2], T = (int64_t)toks.size();
      bool strided = dims[0] == 3;
      F cache = strided ? F({S, C, H, D}, {C * H * (D + 2) + 1, H * (D + 2), D + 2, 1}, 1) : F({S, C, H, D});
      randomize(cache);
      B16 cacheb;
      if (c16) cacheb = toBf16(cache); // cache now holds the rounded values
      I64 pos({T}), slots({T});
      for (int64_t t = 0; t < T; ++t) {
        slots(t) = toks[t].first;
        pos(t) = toks[t].second;
      }
      F out0 = strided ? F({S, C, H, D}, {C * H * D * 2, H * D * 2, D * 2, 2}, 0, sentinel)
                       : F({S, C, H, D}, {C * H * D, H * D, D, 1}, 0, sentinel);
      std::vector<double> ref = out0.values();
      for (int64_t s = 0; s < S; ++s) {
        int64_t mx = -1;
        for (int64_t t = 0; t < T; ++t)
          if (slots(t) == s) mx = std::max(mx, pos(t));
        for (int64_t j = 0; j <= mx; ++j)
          for (int64_t h = 0; h < H; ++h)
            for (int64_t d = 0; d < D; ++d) ref[((s * C + j) * H + h) * D + d] = cache(s, j, h, d);
      }
      auto got = forAllNwg(c, kernel, [&](int64_t nwg) {
        F out = out0;
        auto dout = out.desc<4>();
        auto dp = pos.desc<1>(), ds = slots.desc<1>();
        if (c16) {
          auto dc = cacheb.desc<4>();
          callAll(kernel, nwg, &dc, &dp, &ds, &dout);
        } else {
          auto dc = cache.desc<4>();
          callAll(kernel, nwg, &dc, &dp, &ds, &dout);
        }
        return out.values();
      });
      c.exact(std::string(kernel) + " " + tag({H, D, strided, T}), got, ref);
    }
  return c;
}

//===----------------------------------------------------------------------===//
// Training kernels (reverse mode). Each gradient reference is written from its formula in
// double; for the gradients of forward kernels the reference is also checked against a central
// difference of the double forward (L = sum(dout * forward)) at a few entries.

// d L / d param by central differences of the double forward L() (the five-point stencil:
// truncation error O(h^4), so steep forwards such as rms_norm of one element stay checkable),
// against `grad`.
void fdCheck(Check &c, const std::string &what, double &param, double grad, const std::function<double()> &L) {
  double x0 = param, h = 1e-5 * std::max(1.0, std::fabs(x0));
  auto at = [&](double dx) {
    param = x0 + dx;
    return L();
  };
  double num = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
  param = x0;
  if (!(std::fabs(num - grad) <= 1e-6 * std::max(std::fabs(grad), 1e-2))) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s: central difference %.10g vs gradient %.10g", what.c_str(), num, grad);
    c.fail(buf);
  }
}
// close()'s tolerance for a result whose terms are of size `scale` but may cancel to a much
// smaller max|ref| (an error of 1e-5 * scale is then still f32-accurate).
double cancelTol(const std::vector<double> &ref, double scale, double tol = 1e-5) {
  double mx = 0;
  for (double v : ref) mx = std::max(mx, std::fabs(v));
  return tol * std::max(1.0, scale / std::max(mx, 1e-30));
}
std::vector<double> cat(std::initializer_list<std::vector<double>> parts) {
  std::vector<double> r;
  for (auto &p : parts) r.insert(r.end(), p.begin(), p.end());
  return r;
}
std::vector<double> slice(const std::vector<double> &v, size_t at, size_t n) {
  return std::vector<double>(v.begin() + at, v.begin() + at + n);
}

Check testCrossEntropy() {
  Check c{"cross_entropy"};
  struct Case { int64_t T, V; int ignored; }; // ignored: 0 some, 1 none, 2 all
  for (auto cs : std::vector<Case>{{1, 1, 1}, {5, 7, 0}, {9, 37, 0}, {4, 100, 1}, {3, 5, 2}, {17, 64, 0}, {4, 700, 0}})
    for (int layout = 0; layout < 3; ++layout) { // 0 contiguous, 1 padded rows, 2 dlogits aliases logits
      int64_t T = cs.T, V = cs.V;
      F logits0 = layout == 1 ? view2(T, V) : F({T, V});
      randomize(logits0, -4, 4);
      I64 labels({T});
      for (int64_t t = 0; t < T; ++t)
        labels(t) = cs.ignored == 2 || (cs.ignored == 0 && t % 3 == 1) ? -100 : randint(0, V - 1);
      int64_t n = 0;
      for (int64_t t = 0; t < T; ++t) n += labels(t) >= 0;
      double invN = 1.0 / std::max<int64_t>(n, 1);
      std::vector<double> rl(T, 0.0), rd(T * V, 0.0);
      for (int64_t t = 0; t < T; ++t) {
        if (labels(t) < 0) continue;
        double m = -INFINITY, s = 0;
        for (int64_t v = 0; v < V; ++v) m = std::max(m, (double)logits0(t, v));
        for (int64_t v = 0; v < V; ++v) s += std::exp(logits0(t, v) - m);
        double lse = m + std::log(s);
        rl[t] = lse - logits0(t, labels(t));
        for (int64_t v = 0; v < V; ++v)
          rd[t * V + v] = (std::exp(logits0(t, v) - lse) - (v == labels(t) ? 1.0 : 0.0)) * invN;
      }
      // The count comes from label_count (itself checked against n).
      auto got = forAllNwg(c, "cross_entropy", [&](int64_t nwg) {
        F logits = logits0, dl = view2(T, V), loss({T}, {2}, 1, NAN);
        I64 count({1});
        count(0) = -7;
        auto dlg = logits.desc<2>(), ddl = dl.desc<2>();
        auto dls = loss.desc<1>();
        auto dlab = labels.desc<1>(), dcount = count.desc<1>();
        callAll("label_count", nwg, &dlab, &dcount);
        callAll("cross_entropy", nwg, &dlg, &dlab, &dcount, layout == 2 ? &dlg : &ddl, &dls);
        return cat({layout == 2 ? logits.values() : dl.values(), loss.values(),
                    std::vector<double>{static_cast<double>(count(0))}});
      });
      std::string t = "cross_entropy " + tag({T, V, cs.ignored, layout});
      c.close(t + " dlogits", slice(got, 0, T * V), rd);
      c.close(t + " loss", slice(got, T * V, T), rl);
      c.close(t + " label_count", slice(got, T * V + T, 1), {static_cast<double>(n)});
    }
  return c;
}

// Double rms_norm forward loss L = sum(dy * rms_norm(x) (* w)), as in testRmsNorm.
double rmsNormL(const std::vector<double> &x, const std::vector<double> &w, const std::vector<double> &dy, int64_t R,
                int64_t D, bool hw, double eps) {
  double L = 0;
  for (int64_t r = 0; r < R; ++r) {
    double ss = 0;
    for (int64_t d = 0; d < D; ++d) ss += x[r * D + d] * x[r * D + d];
    double inv = 1.0 / std::sqrt(ss / D + eps);
    for (int64_t d = 0; d < D; ++d) L += dy[r * D + d] * x[r * D + d] * inv * (hw ? w[d] : 1.0);
  }
  return L;
}

Check testRmsNormGrad() {
  Check c{"rms_norm_grad"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {5, 128}, {2, 35}, {2, 600}})
    for (int hw = 0; hw < 2; ++hw)
      for (int alias = 0; alias < 2; ++alias) {
        int64_t R = tup_.first, D = tup_.second;
        F x = view2(R, D), w({D}), dy0 = alias ? F({R, D}) : view2(R, D);
        randomize(w);
        randomize(dy0);
        float eps = 1e-6f;
        std::vector<double> xd = x.values(), wd = w.values(), dyd = dy0.values();
        std::vector<double> rdx(R * D), rr(R), rdw(D, 0.0);
        double termMax = 0;
        for (int64_t r = 0; r < R; ++r) {
          double ss = 0, gx = 0;
          for (int64_t d = 0; d < D; ++d) ss += xd[r * D + d] * xd[r * D + d];
          double rs = 1.0 / std::sqrt(ss / D + (double)eps);
          rr[r] = rs;
          for (int64_t d = 0; d < D; ++d) gx += dyd[r * D + d] * (hw ? wd[d] : 1.0) * xd[r * D + d];
          double cc = gx / D;
          for (int64_t d = 0; d < D; ++d) {
            double g = dyd[r * D + d] * (hw ? wd[d] : 1.0);
            rdx[r * D + d] = rs * (g - xd[r * D + d] * rs * rs * cc);
            termMax = std::max(termMax, rs * std::fabs(g));
            rdw[d] += dyd[r * D + d] * xd[r * D + d] * rs; // rms_norm_grad_w's formula
          }
        }
        auto L = [&] { return rmsNormL(xd, wd, dyd, R, D, hw, eps); };
        std::string t = "rms_norm_grad " + tag({R, D, hw, alias});
        for (int i = 0; i < 4; ++i) {
          int64_t r = randint(0, R - 1), d = randint(0, D - 1);
          fdCheck(c, t + " fd dx", xd[r * D + d], rdx[r * D + d], L);
          if (hw) fdCheck(c, t + " fd dw", wd[d], rdw[d], L);
        }
        auto got = forAllNwg(c, "rms_norm_grad", [&](int64_t nwg) {
          F dy = dy0, dx({R, D}, {D + 2, 1}, 3, NAN), rstd({R}, {3}, 1, NAN);
          auto dxd = x.desc<2>(), ddy = dy.desc<2>(), ddx = dx.desc<2>();
          auto drs = rstd.desc<1>();
          auto dw = hw ? w.desc<1>() : absent<float, 1>();
          callAll("rms_norm_grad", nwg, &dxd, &dw, &ddy, alias ? &ddy : &ddx, &drs, eps, (int64_t)hw);
          return cat({alias ? dy.values() : dx.values(), rstd.values()});
        });
        c.close(t + " dx", slice(got, 0, R * D), rdx, cancelTol(rdx, termMax));
        c.close(t + " rstd", slice(got, R * D, R), rr);
      }
  return c;
}

Check testRmsNormGradW() {
  Check c{"rms_norm_grad_w"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {70, 37}, {5, 130}, {9, 16}})
    for (int layout = 0; layout < 3; ++layout) { // 0 contiguous, 1 padded rows, 2 inner stride 2 (scalar path)
      int64_t R = tup_.first, D = tup_.second;
      F x = layout == 0 ? F({R, D}) : view2(R, D, layout == 2 ? 2 : 1), dy = view2(R, D), rstd({R});
      if (layout == 0) randomize(x);
      randomize(rstd, 0.5, 2);
      F dw0 = layout == 2 ? F({D}, {2}, 1) : F({D});
      randomize(dw0);
      std::vector<double> ref = dw0.values();
      for (int64_t d = 0; d < D; ++d) {
        double s = 0;
        for (int64_t r = 0; r < R; ++r) s += (double)dy(r, d) * x(r, d) * rstd(r);
        ref[d] += s;
      }
      auto got = forAllNwg(c, "rms_norm_grad_w", [&](int64_t nwg) {
        F dw = dw0;
        auto dx = x.desc<2>(), ddy = dy.desc<2>();
        auto drs = rstd.desc<1>(), ddw = dw.desc<1>();
        callAll("rms_norm_grad_w", nwg, &dx, &ddy, &drs, &ddw);
        return dw.values();
      });
      c.close("rms_norm_grad_w " + tag({R, D, layout}), got, ref);
    }
  return c;
}

// Double layer_norm forward loss L = sum(dy * layer_norm(x) (* w)) (no bias), as in testLayerNorm.
double layerNormL(const std::vector<double> &x, const std::vector<double> &w, const std::vector<double> &dy,
                  int64_t R, int64_t D, bool hw, double eps) {
  double L = 0;
  for (int64_t r = 0; r < R; ++r) {
    double mean = 0, var = 0;
    for (int64_t d = 0; d < D; ++d) mean += x[r * D + d];
    mean /= D;
    for (int64_t d = 0; d < D; ++d) var += (x[r * D + d] - mean) * (x[r * D + d] - mean);
    double inv = 1.0 / std::sqrt(var / D + eps);
    for (int64_t d = 0; d < D; ++d) L += dy[r * D + d] * (x[r * D + d] - mean) * inv * (hw ? w[d] : 1.0);
  }
  return L;
}

Check testLayerNormGrad() {
  Check c{"layer_norm_grad"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {5, 128}, {2, 35}, {4, 2}, {2, 600}})
    for (int hw = 0; hw < 2; ++hw)
      for (int alias = 0; alias < 2; ++alias) {
        int64_t R = tup_.first, D = tup_.second;
        F x = view2(R, D), w({D}), dy0 = alias ? F({R, D}) : view2(R, D);
        randomize(x, -1, 3);
        randomize(w);
        randomize(dy0);
        float eps = 1e-5f;
        std::vector<double> xd = x.values(), wd = w.values(), dyd = dy0.values();
        std::vector<double> rdx(R * D), rm(R), rr(R), rdw(D, 0.0);
        double termMax = 0, dwTerm = 0;
        for (int64_t r = 0; r < R; ++r) {
          double mean = 0, var = 0, sg = 0, sgx = 0;
          for (int64_t d = 0; d < D; ++d) mean += xd[r * D + d];
          mean /= D;
          for (int64_t d = 0; d < D; ++d) var += (xd[r * D + d] - mean) * (xd[r * D + d] - mean);
          double rs = 1.0 / std::sqrt(var / D + (double)eps);
          rm[r] = mean;
          rr[r] = rs;
          for (int64_t d = 0; d < D; ++d) {
            double g = dyd[r * D + d] * (hw ? wd[d] : 1.0), xh = (xd[r * D + d] - mean) * rs;
            sg += g;
            sgx += g * xh;
          }
          for (int64_t d = 0; d < D; ++d) {
            double g = dyd[r * D + d] * (hw ? wd[d] : 1.0), xh = (xd[r * D + d] - mean) * rs;
            rdx[r * D + d] = rs * (g - sg / D - xh * sgx / D);
            termMax = std::max(termMax, rs * std::fabs(g));
            rdw[d] += dyd[r * D + d] * xh; // layer_norm_grad_w's formula
            dwTerm = std::max(dwTerm, std::fabs(dyd[r * D + d] * xh));
          }
        }
        auto L = [&] { return layerNormL(xd, wd, dyd, R, D, hw, eps); };
        std::string t = "layer_norm_grad " + tag({R, D, hw, alias});
        for (int i = 0; i < 4; ++i) {
          int64_t r = randint(0, R - 1), d = randint(0, D - 1);
          fdCheck(c, t + " fd dx", xd[r * D + d], rdx[r * D + d], L);
          if (hw) fdCheck(c, t + " fd dw", wd[d], rdw[d], L);
        }
        auto got = forAllNwg(c, "layer_norm_grad", [&](int64_t nwg) {
          F dy = dy0, dx({R, D}, {D + 2, 1}, 3, NAN), mean({R}, {2}, 1, NAN), rstd({R}, {3}, 1, NAN);
          auto dxd = x.desc<2>(), ddy = dy.desc<2>(), ddx = dx.desc<2>();
          auto dmn = mean.desc<1>(), drs = rstd.desc<1>();
          auto dw = hw ? w.desc<1>() : absent<float, 1>();
          callAll("layer_norm_grad", nwg, &dxd, &dw, &ddy, alias ? &ddy : &ddx, &dmn, &drs, eps, (int64_t)hw);
          return cat({alias ? dy.values() : dx.values(), mean.values(), rstd.values()});
        });
        c.close(t + " dx", slice(got, 0, R * D), rdx, cancelTol(rdx, termMax));
        c.close(t + " mean", slice(got, R * D, R), rm);
        c.close(t + " rstd", slice(got, R * D + R, R), rr);
        // The statistics are layer_norm's bit for bit: its output (no weight, no bias) is
        // (x - mean) * rstd in f32 with the stored mean and rstd.
        F mean({R}), rstd({R}), out({R, D});
        for (int64_t r = 0; r < R; ++r) {
          mean(r) = (float)got[R * D + r];
          rstd(r) = (float)got[R * D + R + r];
        }
        {
          auto dxd = x.desc<2>(), dout = out.desc<2>();
          auto nw = absent<float, 1>(), nb = absent<float, 1>();
          callAll("layer_norm", 1, &dxd, &nw, &nb, &dout, eps, (int64_t)0, (int64_t)0);
          std::vector<double> fwd(R * D);
          for (int64_t r = 0; r < R; ++r)
            for (int64_t d = 0; d < D; ++d) {
              float xm = x(r, d) - mean(r);
              fwd[r * D + d] = (double)(float)(xm * rstd(r));
            }
          c.exact(t + " layer_norm statistics", out.values(), fwd);
        }
        // layer_norm_grad_w on the stored statistics gives the weight gradient.
        auto gw = forAllNwg(c, "layer_norm_grad_w", [&](int64_t nwg) {
          F dwt({D});
          auto dxd = x.desc<2>(), ddy = dy0.desc<2>();
          auto dmn = mean.desc<1>(), drs = rstd.desc<1>(), ddw = dwt.desc<1>();
          callAll("layer_norm_grad_w", nwg, &dxd, &ddy, &dmn, &drs, &ddw);
          return dwt.values();
        });
        c.close(t + " dw", gw, rdw, cancelTol(rdw, dwTerm * R));
      }
  return c;
}

Check testLayerNormGradW() {
  Check c{"layer_norm_grad_w"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {70, 37}, {5, 130}, {9, 16}})
    for (int layout = 0; layout < 3; ++layout) { // 0 contiguous, 1 padded rows, 2 inner stride 2 (scalar path)
      int64_t R = tup_.first, D = tup_.second;
      F x = layout == 0 ? F({R, D}) : view2(R, D, layout == 2 ? 2 : 1), dy = view2(R, D), mean({R}, {2}, 1),
        rstd({R});
      randomize(x, -1, 2);
      randomize(mean, -0.5, 1.5);
      randomize(rstd, 0.5, 2);
      F dw0 = layout == 2 ? F({D}, {2}, 1) : F({D});
      randomize(dw0);
      std::vector<double> ref = dw0.values();
      for (int64_t d = 0; d < D; ++d) {
        double s = 0;
        for (int64_t r = 0; r < R; ++r) s += (double)dy(r, d) * (((double)x(r, d) - mean(r)) * rstd(r));
        ref[d] += s;
      }
      auto got = forAllNwg(c, "layer_norm_grad_w", [&](int64_t nwg) {
        F dw = dw0;
        auto dx = x.desc<2>(), ddy = dy.desc<2>();
        auto dmn = mean.desc<1>(), drs = rstd.desc<1>(), ddw = dw.desc<1>();
        callAll("layer_norm_grad_w", nwg, &dx, &ddy, &dmn, &drs, &ddw);
        return dw.values();
      });
      c.close("layer_norm_grad_w " + tag({R, D, layout}), got, ref);
    }
  return c;
}

// dy [R, N], x [R, K], out [E, N, K] (accumulated). xl: 0 contiguous, 1 padded rows, 2 inner
// stride 2 (scalar path), 3 bias: [R, 1] stride-0 view of 1.0 (unit inner stride), 4 the same
// with inner stride 0 (scalar path); ol: 0 contiguous, 1 padded, 2 inner stride 2 (scalar path).
void matmulTnCase(Check &c, int64_t N, int64_t K, const std::vector<int32_t> &counts, bool grouped, int xl, int ol) {
  int64_t E = (int64_t)counts.size();
  I32 offs({E + 1});
  offs(0) = 0;
  for (int64_t e = 0; e < E; ++e) offs(e + 1) = offs(e) + counts[e];
  int64_t R = offs(E) + (grouped ? 2 : 0); // rows past offsets[E] are not read
  if (xl >= 3) K = 1;
  F dy = view2(R, N);
  F x = xl == 0 ? F({R, K}) : xl <= 2 ? view2(R, K, xl == 2 ? 2 : 1) : F({R, 1}, {0, xl == 3 ? 1 : 0}, 0, 1.0f);
  if (xl == 0) randomize(x);
  F out0 = ol == 0 ? F({E, N, K}) : F({E, N, K}, {N * (K + 3) * (ol == 2 ? 2 : 1) + 1, (K + 3) * (ol == 2 ? 2 : 1), ol == 2 ? 2 : 1}, 2);
  randomize(out0);
  std::vector<double> ref = out0.values();
  for (int64_t e = 0; e < E; ++e) {
    int64_t lo = grouped ? offs(e) : 0, hi = grouped ? offs(e + 1) : R;
    for (int64_t n = 0; n < N; ++n)
      for (int64_t k = 0; k < K; ++k) {
        double s = 0;
        for (int64_t r = lo; r < hi; ++r) s += (double)dy(r, n) * x(r, k);
        ref[(e * N + n) * K + k] += s;
      }
  }
  auto got = forAllNwg(c, "matmul_tn", [&](int64_t nwg) {
    F out = out0;
    auto ddy = dy.desc<2>(), dx = x.desc<2>();
    auto dout = out.desc<3>();
    auto doff = grouped ? offs.desc<1>() : absent<int32_t, 1>();
    callAll("matmul_tn", nwg, &ddy, &dx, &doff, &dout, (int64_t)grouped);
    return out.values();
  });
  c.close("matmul_tn " + tag({E, N, K, R, grouped, xl, ol}), got, ref);
}

Check testMatmulTn() {
  Check c{"matmul_tn"};
  std::vector<std::array<int64_t, 3>> dense = {{1, 1, 1},   {5, 3, 17},  {70, 9, 100}, {130, 33, 129},
                                               {64, 8, 64}, {3, 5, 200}, {2, 4, 16},   {67, 13, 48}};
  int i = 0;
  for (auto &s : dense) {
    matmulTnCase(c, s[1], s[2], {(int32_t)s[0]}, false, 0, 0);
    matmulTnCase(c, s[1], s[2], {(int32_t)s[0]}, false, 1 + i % 2, i % 3);
    matmulTnCase(c, s[1], s[2], {(int32_t)s[0]}, false, 3 + i % 2, i % 2);
    ++i;
  }
  struct G { int64_t N, K; std::vector<int32_t> counts; };
  for (auto &g : std::vector<G>{{9, 37, {5, 0, 70}}, {6, 80, {1, 66, 0, 3}}, {1, 1, {0, 2}}, {17, 130, {0, 0, 9}}})
    for (int v = 0; v < 4; ++v) matmulTnCase(c, g.N, g.K, g.counts, true, v == 3 ? 3 : v, v == 3 ? 1 : v);
  return c;
}

Check testEmbeddingGrad() {
  Check c{"embedding_grad"};
  // The last: more rows than a block version's 256 and columns than its threads, repeated ids
  // in several row blocks, ids outside [0, V).
  for (auto s : std::vector<std::array<int64_t, 3>>{{1, 1, 1}, {5, 7, 20}, {11, 33, 9}, {40, 16, 3}, {3, 64, 30},
                                                    {600, 300, 14}}) {
    int64_t V = s[0], H = s[1], T = s[2];
    I64 ids({T});
    for (int64_t t = 0; t < T; ++t) ids(t) = V > 256 ? (t % 4) * 199 : randint(0, V - 1);
    if (V > 256) ids(3) = -1, ids(8) = V;
    F dh = view2(T, H), dt0 = view2(V, H);
    std::vector<double> ref = dt0.values();
    for (int64_t v = 0; v < V; ++v)
      for (int64_t h = 0; h < H; ++h) {
        double a = 0;
        for (int64_t t = 0; t < T; ++t)
          if (ids(t) == v) a += dh(t, h);
        ref[v * H + h] += a;
      }
    auto got = forAllNwg(c, "embedding_grad", [&](int64_t nwg) {
      F dt = dt0;
      auto di = ids.desc<1>();
      auto ddh = dh.desc<2>(), ddt = dt.desc<2>();
      callAll("embedding_grad", nwg, &di, &ddh, &ddt);
      return dt.values();
    });
    c.close("embedding_grad " + tag({V, H, T}), got, ref);
  }
  return c;
}

Check testSwigluGrad() {
  Check c{"swiglu_grad"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {3, 17}, {4, 64}, {2, 300}})
    for (int cl = 0; cl < 2; ++cl)
      for (int alias = 0; alias < 2; ++alias) {
        int64_t R = tup_.first, I = tup_.second;
        F gu0 = view2(R, 2 * I), dout = view2(R, I);
        randomize(gu0, -9, 9);
        float alpha = 1.702f, limit = 7.0f;
        std::vector<double> gud = gu0.values(), dod = dout.values(), ref(R * 2 * I);
        double A = alpha, Lm = limit;
        for (int64_t r = 0; r < R; ++r)
          for (int64_t i = 0; i < I; ++i) {
            double g = gud[r * 2 * I + i], u = gud[r * 2 * I + I + i], d = dod[r * I + i], dg, du;
            if (cl) {
              double g2 = std::min(g, Lm), u2 = std::clamp(u, -Lm, Lm), s = sigmoid(A * g2);
              dg = g <= Lm ? d * (u2 + 1) * (s + A * g2 * s * (1 - s)) : 0.0;
              du = -Lm <= u && u <= Lm ? d * g2 * s : 0.0;
            } else {
              double s = sigmoid(g);
              dg = d * u * s * (1 + g * (1 - s));
              du = d * g * s;
            }
            ref[r * 2 * I + i] = dg;
            ref[r * 2 * I + I + i] = du;
          }
        auto L = [&] { // the forward of testSwiglu
          double l = 0;
          for (int64_t r = 0; r < R; ++r)
            for (int64_t i = 0; i < I; ++i) {
              double g = gud[r * 2 * I + i], u = gud[r * 2 * I + I + i], y;
              if (cl) {
                g = std::min(g, Lm);
                u = std::clamp(u, -Lm, Lm);
                y = (u + 1) * g * sigmoid(A * g);
              } else {
                y = g * sigmoid(g) * u;
              }
              l += dod[r * I + i] * y;
            }
          return l;
        };
        std::string t = "swiglu_grad " + tag({R, I, cl, alias});
        for (int k = 0; k < 6; ++k) {
          int64_t j = randint(0, R * 2 * I - 1);
          fdCheck(c, t + " fd", gud[j], ref[j], L);
        }
        auto got = forAllNwg(c, "swiglu_grad", [&](int64_t nwg) {
          F gu = gu0, dgu({R, 2 * I}, {2 * I + 1, 1}, 2, NAN);
          auto dg = gu.desc<2>(), ddo = dout.desc<2>(), ddg = dgu.desc<2>();
          callAll("swiglu_grad", nwg, &dg, &ddo, alias ? &dg : &ddg, (int64_t)cl, alpha, limit);
          return alias ? gu.values() : dgu.values();
        });
        c.close(t, got, ref);
      }
  return c;
}

Check testClampGrad() {
  Check c{"clamp_grad"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {4, 19}, {7, 33}, {2, 300}})
    for (int alias = 0; alias < 2; ++alias) {
      int64_t R = tup_.first, C = tup_.second;
      F x = view2(R, C), dy0 = alias ? F({R, C}) : view2(R, C);
      randomize(x, -3, 3);
      randomize(dy0);
      float lim = 1.25f;
      // The bounds themselves pass the gradient (torch.clamp); just outside they do not.
      x(0, 0) = lim;
      if (C > 1) x(0, 1) = -lim;
      if (C > 2) x(0, 2) = std::nextafter(lim, INFINITY);
      if (C > 3) x(0, 3) = std::nextafter(-lim, -INFINITY);
      std::vector<double> xd = x.values(), dyd = dy0.values(), ref(R * C);
      double Lm = lim;
      for (int64_t i = 0; i < R * C; ++i) ref[i] = -Lm <= xd[i] && xd[i] <= Lm ? dyd[i] : 0.0;
      auto L = [&] { // the forward of testClamp
        double l = 0;
        for (int64_t i = 0; i < R * C; ++i) l += dyd[i] * std::min(std::max(xd[i], -Lm), Lm);
        return l;
      };
      std::string t = "clamp_grad " + tag({R, C, alias});
      for (int k = 0; k < 6; ++k) {
        int64_t j = randint(0, R * C - 1);
        if (std::fabs(std::fabs(xd[j]) - Lm) > 1e-3) fdCheck(c, t + " fd", xd[j], ref[j], L);
      }
      auto got = forAllNwg(c, "clamp_grad", [&](int64_t nwg) {
        F dy = dy0, dx({R, C}, {C + 1, 1}, 2, NAN);
        auto dxi = x.desc<2>(), ddy = dy.desc<2>(), ddx = dx.desc<2>();
        callAll("clamp_grad", nwg, &dxi, &ddy, alias ? &ddy : &ddx, lim);
        return alias ? dy.values() : dx.values();
      });
      c.exact(t, got, ref);
    }
  return c;
}

// Router weights for fixed ids (the forward of routerRef after the selection), double.
std::vector<double> routerWeightsFixed(const std::vector<double> &logits, const std::vector<double> &ids, int64_t T,
                                       int64_t E, int64_t K, int scoring, int renorm, double eps, double rsf) {
  std::vector<double> w(T * K);
  for (int64_t t = 0; t < T; ++t) {
    std::vector<double> a(K);
    const double *l = &logits[t * E];
    if (scoring == 0) {
      double mx = -INFINITY, sum = 0;
      for (int64_t e = 0; e < E; ++e) mx = std::max(mx, l[e]);
      for (int64_t e = 0; e < E; ++e) sum += std::exp(l[e] - mx);
      for (int64_t k = 0; k < K; ++k) a[k] = std::exp(l[(int64_t)ids[t * K + k]] - mx) / sum;
    } else if (scoring == 2) {
      double mx = -INFINITY, sum = 0;
      for (int64_t k = 0; k < K; ++k) mx = std::max(mx, l[(int64_t)ids[t * K + k]]);
      for (int64_t k = 0; k < K; ++k) sum += (a[k] = std::exp(l[(int64_t)ids[t * K + k]] - mx));
      for (double &v : a) v /= sum;
    } else {
      for (int64_t k = 0; k < K; ++k) a[k] = sigmoid(l[(int64_t)ids[t * K + k]]);
    }
    double sum = std::accumulate(a.begin(), a.end(), 0.0);
    for (int64_t k = 0; k < K; ++k) w[t * K + k] = rsf * a[k] / (renorm ? sum + eps : 1.0);
  }
  return w;
}

Check testRouterGrad() {
  Check c{"router_grad"};
  struct Case { int64_t T, E, K; };
  int ci = 0;
  for (auto cs : std::vector<Case>{{5, 8, 3}, {1, 4, 4}, {4, 16, 6}, {3, 6, 1}, {3, 300, 8}})
    for (int scoring = 0; scoring < 4; ++scoring)
      for (int renorm = 0; renorm < 2; ++renorm) {
        int64_t T = cs.T, E = cs.E, K = cs.K;
        bool alias = ci % 3 == 2, strided = ci % 2 == 1;
        ++ci;
        F logits0 = strided ? view2(T, E) : F({T, E});
        randomize(logits0, -3, 3);
        float eps = renorm && ci % 2 ? 0.05f : 1e-20f, rsf = ci % 2 ? 2.5f : 1.0f;
        std::vector<double> lg = logits0.values(), rid, rw;
        routerRef(lg, T, E, K, nullptr, scoring, 1, 1, 0, renorm, eps, rsf, rid, rw);
        std::string tg = "router_grad " + tag({T, E, K, scoring, renorm, alias, strided});
        // The fixed-ids forward reproduces routerRef's weights.
        c.close(tg + " forward", routerWeightsFixed(lg, rid, T, E, K, scoring, renorm, eps, rsf), rw, 1e-12);
        I32 ids({T, K});
        for (int64_t i = 0; i < T * K; ++i) ids.flat(i) = (int32_t)rid[i];
        F dw = view2(T, K);
        std::vector<double> dwd = dw.values(), ref(T * E, 0.0);
        for (int64_t t = 0; t < T; ++t) {
          std::vector<double> l(&lg[t * E], &lg[(t + 1) * E]), s(E), a(K), da(K), dwk(K);
          double mx = *std::max_element(l.begin(), l.end()), sum = 0;
          for (int64_t e = 0; e < E; ++e) sum += (s[e] = std::exp(l[e] - mx));
          for (double &v : s) v /= sum;
          if (scoring == 2) {
            double m2 = -INFINITY, s2 = 0;
            for (int64_t k = 0; k < K; ++k) m2 = std::max(m2, l[(int64_t)rid[t * K + k]]);
            for (int64_t k = 0; k < K; ++k) s2 += (a[k] = std::exp(l[(int64_t)rid[t * K + k]] - m2));
            for (double &v : a) v /= s2;
          } else {
            for (int64_t k = 0; k < K; ++k) {
              int64_t e = (int64_t)rid[t * K + k];
              a[k] = scoring == 0 ? s[e] : sigmoid(l[e]);
            }
          }
          for (int64_t k = 0; k < K; ++k) dwk[k] = dwd[t * K + k] * rsf;
          if (renorm) {
            double D = std::accumulate(a.begin(), a.end(), 0.0) + eps, sdw = 0;
            for (int64_t k = 0; k < K; ++k) sdw += dwk[k] * a[k] / D;
            for (int64_t k = 0; k < K; ++k) da[k] = (dwk[k] - sdw) / D;
          } else {
            da = dwk;
          }
          if (scoring == 0) {
            std::vector<double> ds(E, 0.0);
            for (int64_t k = 0; k < K; ++k) ds[(int64_t)rid[t * K + k]] = da[k];
            double dot = 0;
            for (int64_t e = 0; e < E; ++e) dot += s[e] * ds[e];
            for (int64_t e = 0; e < E; ++e) ref[t * E + e] = s[e] * (ds[e] - dot);
          } else if (scoring == 2) {
            double dot = 0;
            for (int64_t k = 0; k < K; ++k) dot += a[k] * da[k];
            for (int64_t k = 0; k < K; ++k) ref[t * E + (int64_t)rid[t * K + k]] = a[k] * (da[k] - dot);
          } else {
            for (int64_t k = 0; k < K; ++k) ref[t * E + (int64_t)rid[t * K + k]] = da[k] * a[k] * (1 - a[k]);
          }
        }
        auto L = [&] {
          std::vector<double> w = routerWeightsFixed(lg, rid, T, E, K, scoring, renorm, eps, rsf);
          double l = 0;
          for (int64_t i = 0; i < T * K; ++i) l += dwd[i] * w[i];
          return l;
        };
        for (int64_t t = 0; t < std::min<int64_t>(T, 2); ++t)
          for (int64_t e = 0; e < E; ++e) fdCheck(c, tg + " fd", lg[t * E + e], ref[t * E + e], L);
        auto got = forAllNwg(c, "router_grad", [&](int64_t nwg) {
          F logits = logits0, dl({T, E}, {E + 1, 1}, 2, NAN);
          auto dlg = logits.desc<2>(), ddw = dw.desc<2>(), ddl = dl.desc<2>();
          auto di = ids.desc<2>();
          callAll("router_grad", nwg, &dlg, &di, &ddw, alias ? &dlg : &ddl, (int64_t)scoring, (int64_t)renorm, eps, rsf);
          return alias ? logits.values() : dl.values();
        });
        double dwMax = 0;
        for (double v : dwd) dwMax = std::max(dwMax, std::fabs(v) * rsf);
        c.close(tg, got, ref, cancelTol(ref, dwMax));
      }
  return c;
}

Check testCombineGrad() {
  Check c{"combine_grad"};
  for (auto s : std::vector<std::array<int64_t, 3>>{{1, 1, 1}, {5, 2, 17}, {4, 3, 64}, {3, 4, 35}, {2, 10, 300}})
    for (int layout = 0; layout < 2; ++layout) { // 0 padded rows (vector path), 1 inner stride 2 (scalar path)
      int64_t T = s[0], K = s[1], H = s[2], R = T * K;
      F dout = view2(T, H), rows = view2(R, H, layout ? 2 : 1), w({T * K});
      randomize(w);
      I32 inv({R});
      std::vector<int32_t> p(R);
      std::iota(p.begin(), p.end(), 0);
      std::shuffle(p.begin(), p.end(), rng);
      for (int64_t r = 0; r < R; ++r) inv(r) = p[r];
      std::vector<double> dod = dout.values(), rwd = rows.values(), wd = w.values(), ref(T * K);
      for (int64_t t = 0; t < T; ++t)
        for (int64_t k = 0; k < K; ++k) {
          double a = 0;
          for (int64_t h = 0; h < H; ++h) a += dod[t * H + h] * rwd[p[t * K + k] * H + h];
          ref[t * K + k] = a;
        }
      auto L = [&] { // the forward of testCombine (has_weights, no accumulate)
        double l = 0;
        for (int64_t t = 0; t < T; ++t)
          for (int64_t h = 0; h < H; ++h) {
            double a = 0;
            for (int64_t k = 0; k < K; ++k) a += wd[t * K + k] * rwd[p[t * K + k] * H + h];
            l += dod[t * H + h] * a;
          }
        return l;
      };
      std::string t = "combine_grad " + tag({T, K, H, layout});
      for (int i = 0; i < 3; ++i) {
        int64_t j = randint(0, T * K - 1);
        fdCheck(c, t + " fd", wd[j], ref[j], L);
      }
      auto got = forAllNwg(c, "combine_grad", [&](int64_t nwg) {
        F dw({T, K}, {K + 2, 1}, 1, NAN);
        auto ddo = dout.desc<2>(), dr = rows.desc<2>(), ddw = dw.desc<2>();
        auto di = inv.desc<1>();
        callAll("combine_grad", nwg, &ddo, &dr, &di, &ddw);
        return dw.values();
      });
      c.close(t, got, ref);
    }
  return c;
}

Check testSigmoidGateGrad() {
  Check c{"sigmoid_gate_grad"};
  for (auto tup_ : std::vector<std::pair<int64_t, int64_t>>{{1, 1}, {5, 33}, {3, 64}, {2, 300}})
    for (int alias = 0; alias < 2; ++alias) {
      int64_t T = tup_.first, H = tup_.second;
      F y = view2(T, H), g = view2(T, 1), dout0 = view2(T, H);
      randomize(g, -4, 4);
      std::vector<double> yd = y.values(), gd = g.values(), dod = dout0.values(), rdy(T * H), rdg(T);
      for (int64_t t = 0; t < T; ++t) {
        double s = sigmoid(gd[t]), a = 0;
        for (int64_t h = 0; h < H; ++h) {
          rdy[t * H + h] = s * dod[t * H + h];
          a += dod[t * H + h] * yd[t * H + h];
        }
        rdg[t] = s * (1 - s) * a;
      }
      auto L = [&] { // the forward of testSigmoidGate (no accumulate)
        double l = 0;
        for (int64_t t = 0; t < T; ++t)
          for (int64_t h = 0; h < H; ++h) l += dod[t * H + h] * sigmoid(gd[t]) * yd[t * H + h];
        return l;
      };
      std::string t = "sigmoid_gate_grad " + tag({T, H, alias});
      for (int i = 0; i < 3; ++i) {
        int64_t tt = randint(0, T - 1), h = randint(0, H - 1);
        fdCheck(c, t + " fd gate", gd[tt], rdg[tt], L);
        fdCheck(c, t + " fd y", yd[tt * H + h], rdy[tt * H + h], L);
      }
      auto got = forAllNwg(c, "sigmoid_gate_grad", [&](int64_t nwg) {
        F dout = dout0, dy({T, H}, {H + 1, 1}, 0, NAN), dg({T, 1}, {2, 1}, 1, NAN);
        auto ddy_in = y.desc<2>(), dgt = g.desc<2>(), ddo = dout.desc<2>(), ddy = dy.desc<2>(), ddg = dg.desc<2>();
        callAll("sigmoid_gate_grad", nwg, &ddy_in, &dgt, &ddo, alias ? &ddo : &ddy, &ddg);
        return cat({alias ? dout.values() : dy.values(), dg.values()});
      });
      c.close(t + " dy", slice(got, 0, T * H), rdy);
      c.close(t + " dgate", slice(got, T * H, T), rdg);
    }
  return c;
}

Check testFill() {
  Check c{"fill"};
  for (int64_t N : {1, 17, 100}) {
    std::vector<double> ref(N, 2.5);
    auto got = forAllNwg(c, "fill", [&](int64_t nwg) {
      F out({N}, {2}, 1, -7.f);
      auto d = out.desc<1>();
      callAll("fill", nwg, &d, 2.5f);
      for (size_t i = 0; i < out.store.size(); ++i)
        if ((i < 1 || (i - 1) % 2 != 0) && out.store[i] != -7.f) c.fail("fill wrote outside the view");
      return out.values();
    });
    c.exact("fill " + tag({N}), got, ref);
  }
  return c;
}

Check testAdamw() {
  Check c{"adamw"};
  for (int64_t N : {1, 37, 1000}) {
    F p0({N}), g1({N}), g2({N}, {2}, 1), m0({N}), v0({N});
    randomize(p0);
    randomize(g1);
    randomize(g2, -2, 2);
    float lr = 0.1f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, wd = 0.01f;
    // Reference: two steps in double from the f32 arguments.
    std::vector<double> p = p0.values(), m(N, 0.0), v(N, 0.0), ref;
    for (int64_t st = 1; st <= 2; ++st) {
      F &g = st == 1 ? g1 : g2;
      double bc1 = 1 - std::pow((double)b1, (double)st), bc2 = 1 - std::pow((double)b2, (double)st);
      for (int64_t i = 0; i < N; ++i) {
        double gi = g(i);
        p[i] *= 1 - (double)lr * wd;
        m[i] += (1 - (double)b1) * (gi - m[i]);
        v[i] = v[i] * b2 + (1 - (double)b2) * gi * gi;
        p[i] -= (double)lr / bc1 * m[i] / (std::sqrt(v[i]) / std::sqrt(bc2) + eps);
      }
      ref = cat({ref, p, m, v});
    }
    auto got = forAllNwg(c, "adamw", [&](int64_t nwg) {
      F pp = p0, mm = m0, vv = v0;
      I64 step({1});
      std::vector<double> r;
      for (int64_t st = 1; st <= 2; ++st) {
        step(0) = st;
        auto dp = pp.desc<1>(), dg = (st == 1 ? g1 : g2).desc<1>(), dm = mm.desc<1>(), dv = vv.desc<1>();
        auto ds = step.desc<1>();
        callAll("adamw", nwg, &dp, &dg, &dm, &dv, &ds, lr, b1, b2, eps, wd);
        r = cat({r, pp.values(), mm.values(), vv.values()});
      }
      return r;
    });
    for (int64_t k = 0; k < 6; ++k)
      c.close("adamw " + tag({N, k / 3 + 1}) + (k % 3 == 0 ? " p" : k % 3 == 1 ? " m" : " v"), slice(got, k * N, N),
              slice(ref, k * N, N));
  }
  return c;
}

// attention_grad: phase 0 then phase 1 with the same nwg; every output prefilled with NaN.
Check testAttentionGrad() {
  Check c{"attention_grad"};
  struct Case { int64_t T, NH, NKV, D, DV, window, chunk, sinks, S; bool strided; };
  std::vector<Case> cases = {{1, 1, 1, 1, 1, 0, 0, 0, 1, false},    {6, 4, 2, 19, 17, 0, 0, 1, 2, false},
                             {7, 4, 2, 32, 16, 5, 0, 0, 2, false},  {6, 4, 1, 20, 33, 0, 4, 1, 3, false},
                             {5, 4, 2, 19, 17, 4, 0, 1, 2, true},   {4, 2, 2, 40, 33, 3, 4, 1, 2, false},
                             {8, 4, 2, 16, 16, 0, 0, 0, 2, false},
                             // Head dims past 1024 (the block version's chunks), each side.
                             {3, 2, 1, 1030, 20, 0, 0, 1, 2, false}, {3, 2, 2, 24, 1030, 2, 0, 0, 2, false}};
  for (auto &cs : cases) {
    int64_t T = cs.T, NH = cs.NH, NKV = cs.NKV, D = cs.D, DV = cs.DV, S = cs.S, Cc = 12;
    AttnDims ad{T, NH, NKV, D, DV, S, Cc};
    F q = cs.strided ? F({T, NH, D}, {NH * D * 2 + 1, D * 2, 2}, 1) : F({T, NH, D});
    randomize(q, -2, 2);
    F kc = cs.strided ? F({S, Cc, NKV, D}, {Cc * NKV * D + 3, NKV * D, D, 1}, 4) : F({S, Cc, NKV, D});
    F vc = F({S, Cc, NKV, DV});
    randomize(kc, -2, 2);
    randomize(vc);
    // Tokens: runs of consecutive positions in slots 0 and 1 (prefill), in shuffled order.
    I64 pos({T}), slots({T});
    std::vector<std::pair<int64_t, int64_t>> toks;
    for (int64_t t = 0; t < T; ++t)
      toks.push_back(S == 1 ? std::make_pair(int64_t(0), t) : t % 2 ? std::make_pair(int64_t(0), t / 2) : std::make_pair(int64_t(1), 3 + t / 2));
    std::shuffle(toks.begin(), toks.end(), rng);
    for (int64_t t = 0; t < T; ++t) slots(t) = toks[t].first, pos(t) = toks[t].second;
    F sinks({NH});
    randomize(sinks, -1, 3);
    float scale = 1.0f / std::sqrt((float)D);
    std::vector<double> qd = q.values(), kd = kc.values(), vd = vc.values(), skd = sinks.values();
    std::vector<int64_t> pv(T), sv(T);
    for (int64_t t = 0; t < T; ++t) pv[t] = pos(t), sv[t] = slots(t);
    std::vector<double> outd = attentionFwd(ad, qd, kd, vd, skd, pv, sv, scale, cs.window, cs.chunk, cs.sinks);
    F out = cs.strided ? F({T, NH, DV}, {NH * DV * 3, DV * 3, 3}, 0) : F({T, NH, DV});
    for (int64_t i = 0; i < T * NH * DV; ++i) out.flat(i) = (float)outd[i];
    F dout({T, NH, DV});
    randomize(dout);
    std::vector<double> dod = dout.values();
    // Reference gradients from the formulas, with `o` as the forward output used for delta.
    auto grads = [&](const std::vector<double> &o, std::vector<double> &dq, std::vector<double> &dk,
                     std::vector<double> &dv, std::vector<double> &lse, std::vector<double> &delta,
                     std::vector<double> &dsk) {
      dq.assign(T * NH * D, 0.0);
      dk.assign(S * Cc * NKV * D, 0.0);
      dv.assign(S * Cc * NKV * DV, 0.0);
      lse.assign(T * NH, 0.0);
      delta.assign(T * NH, 0.0);
      dsk.assign(T * NH, 0.0);
      for (int64_t t = 0; t < T; ++t)
        for (int64_t h = 0; h < NH; ++h) {
          int64_t g = h / (NH / NKV), p = pv[t], s = sv[t], lo = attnKeyLo(p, cs.window, cs.chunk);
          auto K_ = [&](int64_t j, int64_t d) { return kd[((s * Cc + j) * NKV + g) * D + d]; };
          auto V_ = [&](int64_t j, int64_t d) { return vd[((s * Cc + j) * NKV + g) * DV + d]; };
          std::vector<double> lg;
          double m = cs.sinks ? skd[h] : -INFINITY, l = 0, dl = 0;
          for (int64_t j = lo; j <= p; ++j) {
            double a = 0;
            for (int64_t d = 0; d < D; ++d) a += qd[(t * NH + h) * D + d] * K_(j, d);
            lg.push_back(a * scale);
            m = std::max(m, lg.back());
          }
          for (double x : lg) l += std::exp(x - m);
          if (cs.sinks) l += std::exp(skd[h] - m);
          double L = m + std::log(l);
          for (int64_t d = 0; d < DV; ++d) dl += dod[(t * NH + h) * DV + d] * o[(t * NH + h) * DV + d];
          lse[t * NH + h] = L;
          delta[t * NH + h] = dl;
          if (cs.sinks) dsk[t * NH + h] = -std::exp(skd[h] - L) * dl;
          for (int64_t j = lo; j <= p; ++j) {
            double P = std::exp(lg[j - lo] - L), dP = 0;
            for (int64_t d = 0; d < DV; ++d) dP += dod[(t * NH + h) * DV + d] * V_(j, d);
            double dS = P * (dP - dl);
            for (int64_t d = 0; d < D; ++d) {
              dq[(t * NH + h) * D + d] += scale * dS * K_(j, d);
              dk[((s * Cc + j) * NKV + g) * D + d] += scale * dS * qd[(t * NH + h) * D + d];
            }
            for (int64_t d = 0; d < DV; ++d) dv[((s * Cc + j) * NKV + g) * DV + d] += P * dod[(t * NH + h) * DV + d];
          }
        }
    };
    std::vector<double> rdq, rdk, rdv, rlse, rdelta, rdsk;
    std::vector<double> out32 = out.values();
    grads(out32, rdq, rdk, rdv, rlse, rdelta, rdsk);
    std::string tg = "attention_grad " + tag({T, NH, NKV, D, DV, cs.window, cs.chunk, cs.sinks, S, cs.strided});
    {
      // Central differences of the double forward (delta from the double output).
      std::vector<double> fdq, fdk, fdv, flse, fdelta, fdsk;
      grads(outd, fdq, fdk, fdv, flse, fdelta, fdsk);
      auto L = [&] {
        std::vector<double> o = attentionFwd(ad, qd, kd, vd, skd, pv, sv, scale, cs.window, cs.chunk, cs.sinks);
        double l = 0;
        for (int64_t i = 0; i < T * NH * DV; ++i) l += dod[i] * o[i];
        return l;
      };
      for (int i = 0; i < 4; ++i) {
        int64_t a = randint(0, T * NH * D - 1);
        fdCheck(c, tg + " fd dq", qd[a], fdq[a], L);
        int64_t t = randint(0, T - 1), g = randint(0, NKV - 1);
        int64_t j = randint(attnKeyLo(pv[t], cs.window, cs.chunk), pv[t]);
        int64_t kk = ((sv[t] * Cc + j) * NKV + g) * D + randint(0, D - 1);
        fdCheck(c, tg + " fd dkc", kd[kk], fdk[kk], L);
        int64_t vv = ((sv[t] * Cc + j) * NKV + g) * DV + randint(0, DV - 1);
        fdCheck(c, tg + " fd dvc", vd[vv], fdv[vv], L);
        int64_t any = randint(0, S * Cc * NKV * D - 1); // often a key nobody attends
        fdCheck(c, tg + " fd dkc (any)", kd[any], fdk[any], L);
      }
      if (cs.sinks)
        for (int64_t h = 0; h < NH; ++h) {
          double sum = 0;
          for (int64_t t = 0; t < T; ++t) sum += fdsk[t * NH + h];
          fdCheck(c, tg + " fd dsinks", skd[h], sum, L);
        }
    }
    auto got = forAllNwg(c, "attention_grad", [&](int64_t nwg) {
      F dq = cs.strided ? F({T, NH, D}, {NH * D * 2, D * 2, 2}, 1, NAN) : F({T, NH, D}, {NH * D, D, 1}, 0, NAN);
      F dk({S, Cc, NKV, D}, {Cc * NKV * D, NKV * D, D, 1}, 0, NAN), dv({S, Cc, NKV, DV}, {Cc * NKV * DV, NKV * DV, DV, 1}, 0, NAN);
      F lse({T, NH}, {NH, 1}, 0, NAN), delta({T, NH}, {NH + 1, 1}, 0, NAN), dsk({T, NH}, {NH, 1}, 0, NAN);
      auto dqq = q.desc<3>(), dout_ = out.desc<3>(), ddo = dout.desc<3>();
      auto dkk = kc.desc<4>(), dvv = vc.desc<4>();
      auto dp = pos.desc<1>(), ds = slots.desc<1>();
      auto dsi = cs.sinks ? sinks.desc<1>() : absent<float, 1>();
      auto ddq = dq.desc<3>();
      auto ddk = dk.desc<4>(), ddv = dv.desc<4>();
      auto dl = lse.desc<2>(), dd = delta.desc<2>();
      auto dds = cs.sinks ? dsk.desc<2>() : absent<float, 2>();
      for (int64_t phase = 0; phase < 2; ++phase)
        callAll("attention_grad", nwg, &dqq, &dkk, &dvv, &dp, &ds, &dsi, &dout_, &ddo, &ddq, &ddk, &ddv, &dl, &dd, &dds,
                scale, cs.window, cs.chunk, cs.sinks, phase);
      return cat({dq.values(), dk.values(), dv.values(), lse.values(), delta.values(),
                  cs.sinks ? dsk.values() : std::vector<double>()});
    });
    size_t at = 0;
    c.close(tg + " dq", slice(got, at, T * NH * D), rdq), at += T * NH * D;
    c.close(tg + " dkc", slice(got, at, S * Cc * NKV * D), rdk), at += S * Cc * NKV * D;
    c.close(tg + " dvc", slice(got, at, S * Cc * NKV * DV), rdv), at += S * Cc * NKV * DV;
    c.close(tg + " lse", slice(got, at, T * NH), rlse), at += T * NH;
    c.close(tg + " delta", slice(got, at, T * NH), rdelta), at += T * NH;
    if (cs.sinks) c.close(tg + " dsinks", slice(got, at, T * NH), rdsk);
  }
  return c;
}

// Seconds per call of `run`: one warm-up call, then the best of 5 trials of `reps` calls.
double bestSeconds(const std::function<void()> &run, int reps) {
  run();
  double best = 1e30;
  for (int trial = 0; trial < 5; ++trial) {
    auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) run();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps);
  }
  return best;
}

double benchMatmulTn(int64_t R, int64_t N, int64_t K) {
  F dy({R, N}), x({R, K}), out({1, N, K});
  randomize(dy);
  randomize(x);
  auto ddy = dy.desc<2>(), dx = x.desc<2>();
  auto dout = out.desc<3>();
  auto doff = absent<int32_t, 1>();
  double best = bestSeconds([&] { call("matmul_tn", 0, 1, &ddy, &dx, &doff, &dout, (int64_t)0); }, 5);
  return 2.0 * R * N * K / best * 1e-9;
}

double benchMatmul(int64_t M, int64_t N, int64_t K, bool w16 = false) {
  F x({M, K}), w({N, K}), out({M, N});
  randomize(x);
  randomize(w);
  B16 w16t = toBf16(w);
  auto dx = x.desc<2>(), dw = w.desc<2>(), dout = out.desc<2>();
  auto dw16 = w16t.desc<2>();
  auto db = absent<float, 1>();
  auto run = [&] {
    if (w16)
      call("matmul_nt_wbf16", 0, 1, &dx, &dw16, &db, &dout, (int64_t)0, (int64_t)0);
    else
      call("matmul_nt", 0, 1, &dx, &dw, &db, &dout, (int64_t)0, (int64_t)0);
  };
  return 2.0 * M * N * K / bestSeconds(run, M == 1 ? 200 : 10) * 1e-9;
}

// Microseconds per decode call of attention (one token of slot 0 at position C - 1, so C keys),
// nwg = 1, best of 5 trials.
double benchAttention(int64_t NH, int64_t NKV, int64_t D, int64_t DV, int64_t C) {
  F q({1, NH, D}), kc({1, C, NKV, D}), vc({1, C, NKV, DV}), out({1, NH, DV});
  randomize(q);
  randomize(kc);
  randomize(vc);
  I64 pos({1}), slots({1});
  pos(0) = C - 1, slots(0) = 0;
  auto dq = q.desc<3>(), dout = out.desc<3>();
  auto dk = kc.desc<4>(), dv = vc.desc<4>();
  auto dp = pos.desc<1>(), ds = slots.desc<1>();
  auto dsk = absent<float, 1>();
  float scale = 1.0f / std::sqrt((float)D);
  auto run = [&] {
    call("attention", 0, 1, &dq, &dk, &dv, &dp, &ds, &dsk, &dout, scale, (int64_t)0, (int64_t)0, (int64_t)0);
  };
  return bestSeconds(run, 3) * 1e6;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2 || (argc == 3 && std::strcmp(argv[2], "--block") != 0) || argc > 3) {
    std::fprintf(stderr, "usage: %s libkernels.so [--block]\n", argv[0]);
    return 2;
  }
  gBlockMode = argc == 3;
  // A failed bounds check in an emulator-built kernel prints to stdout, then aborts.
  if (gBlockMode) std::setvbuf(stdout, nullptr, _IOLBF, 0);
  gLib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!gLib) {
    std::fprintf(stderr, "dlopen: %s\n", dlerror());
    return 2;
  }
  std::vector<std::function<Check()>> tests = {
      [] { return testEmbedding(false); }, testRmsNorm,   testLayerNorm,   [] { return testMatmul(false); },
      [] { return testGroupedMatmul(false); },  testSwiglu,
      testRope,      [] { return testKvStore(false); }, [] { return testAttention(false); }, testAdd,     testRouter,         [] { return testRouteDispatch(false); }, testDispatchCount,
      testGatherRows, testCombine,  testClamp,       testTemperatureScale, testSigmoidGate, testCopy,
      testHeadMatmul, testMlaExpand, [] { return testKvLoad(false); },
      // bf16-storage variants (moe-kv-cache-to-bf16)
      [] { return testKvStore(true); }, [] { return testAttention(true); }, [] { return testKvLoad(true); },
      // bf16-weight variants (moe-weights-to-bf16)
      [] { return testEmbedding(true); }, [] { return testMatmul(true); },
      [] { return testGroupedMatmul(true); },
      // bf16-activation expert kernels (moe-experts-to-bf16)
      testToBf16, [] { return testGroupedBf16(false); }, [] { return testGroupedBf16(true); },
      [] { return testRouteDispatch(true); },
      // bf16-row dense GEMM (moe-dense-to-bf16)
      [] { return testMatmul(true, true); },
  };
  // The training kernels with a CUDA block version.
  if (gBlockMode) tests.insert(tests.end(), {testCrossEntropy, testRmsNormGrad, testLayerNormGrad, testMatmulTn, testSwigluGrad,
                                          testClampGrad, testSigmoidGateGrad, testAttentionGrad, testCombineGrad,
                                          testRmsNormGradW, testLayerNormGradW, testRouterGrad, testEmbeddingGrad});
  else tests.insert(tests.end(), {
      testCrossEntropy, testRmsNormGrad, testRmsNormGradW, testLayerNormGrad, testLayerNormGradW, testMatmulTn,
      testEmbeddingGrad, testSwigluGrad, testClampGrad, testRouterGrad, testCombineGrad, testAttentionGrad, testAdamw, testSigmoidGateGrad, testFill});
  int failed = 0;
  for (auto &t : tests) {
    Check c = t();
    if (c.err.empty())
      std::printf("PASS %s\n", c.name.c_str());
    else {
      std::printf("FAIL %s: %s\n", c.name.c_str(), c.err.c_str());
      ++failed;
    }
    std::fflush(stdout);
  }
  for (auto &[name, calls] : gEmulatedCalls)
    std::printf("EMULATED %s: %lld block calls\n", name.c_str(), (long long)calls);
  if (gBlockMode) {
    std::printf("%s (%d failed)\n", failed ? "FAILED" : "ALL PASSED", failed);
    return failed ? 1 : 0;
  }
  for (auto tup_ : std::vector<std::array<int64_t, 3>>{{1, 1024, 512}, {128, 1024, 512}}) for (int64_t M = (int64_t)std::get<0>(tup_), N = (int64_t)std::get<1>(tup_), K = (int64_t)std::get<2>(tup_), once_ = 1; once_; once_ = 0)
    std::printf("matmul_nt M=%lld N=%lld K=%lld nwg=1: %.2f GFLOP/s\n", (long long)M, (long long)N, (long long)K,
                benchMatmul(M, N, K));
  for (auto tup_ : std::vector<std::array<int64_t, 3>>{{1, 1024, 512}, {128, 1024, 512}}) for (int64_t M = (int64_t)std::get<0>(tup_), N = (int64_t)std::get<1>(tup_), K = (int64_t)std::get<2>(tup_), once_ = 1; once_; once_ = 0)
    std::printf("matmul_nt_wbf16 M=%lld N=%lld K=%lld nwg=1: %.2f GFLOP/s\n", (long long)M, (long long)N, (long long)K,
                benchMatmul(M, N, K, true));
  std::printf("matmul_tn R=512 N=512 K=512 nwg=1: %.2f GFLOP/s\n", benchMatmulTn(512, 512, 512));
  // Decode attention at context 4096: bench/configs/qwen3_moe_small.json (GQA 8/4 x 64),
  // bench/configs/deepseek_v3_small.json absorbed (8 heads on its latent row), Qwen3-30B-A3B
  // (GQA 32/4 x 128), DeepSeek-V3 absorbed (128 heads, 576 / 512).
  for (auto a : std::vector<std::array<int64_t, 4>>{{8, 4, 64, 64}, {8, 1, 160, 128}, {32, 4, 128, 128}, {128, 1, 576, 512}})
    std::printf("attention decode NH=%lld NKV=%lld D=%lld DV=%lld C=4096 nwg=1: %.0f us\n", (long long)a[0],
                (long long)a[1], (long long)a[2], (long long)a[3], benchAttention(a[0], a[1], a[2], a[3], 4096));
  std::printf("%s (%d failed)\n", failed ? "FAILED" : "ALL PASSED", failed);
  return failed ? 1 : 0;
}
