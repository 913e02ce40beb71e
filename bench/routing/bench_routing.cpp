// Fused vs unfused routing + dispatch on the CPU kernels (lowering/kernels/*.mlir), issue 7 item 4.
//
// Usage: bench_routing <libkernels.so> [reps=10]      (built and run by bench/routing/run.sh)
//
// Unfused = what moe-lower-to-kernels emits for moe.router + moe.dispatch: launches
//   router (items T) -> dispatch_count (items 1) -> gather_rows (items T*K).
// Fused = moe.route_dispatch: route_dispatch phase 0 (items 64) -> phase 1 (items 1) ->
//   phase 2 (items 64), hist [64, E] i32.
// Both start from the gate logits (the gate GEMM is identical and not timed) and produce ids,
// weights, counts, offsets, perm, inv and the dispatched rows (unscaled: has_weights /
// scale_rows = 0, as moe.dispatch without weights).
// Like the runtime, a launch of n items runs nwg = min(threads, n) workgroups, wg 0 on the
// calling thread, the others on a persistent pool (mutex + condition variable, no spinning;
// the idle wake-up cost per launch is measured and printed), and waits for all of them.
// Shapes (from ../shared/configs/DeepSeek-V3.json and Qwen3-30B-A3B.json), T = 4096 tokens.
// For each shape and thread count: outputs poisoned, both pipelines run, all outputs must be
// bitwise identical (else exit 1); then 2 warm-up and `reps` timed runs of each pipeline,
// alternating which goes first. Prints median / min ms per full pipeline, the speedup as the
// ratio of medians and as the median of the per-rep (adjacent) ratios, the median time of a
// 1-thread glibc memset of the rows (a reference for the cost of writing them; glibc may use
// non-temporal stores, the kernels do not) and the median of each launch.
#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

template <typename T, int N> struct Desc {
  T *allocated, *aligned;
  int64_t offset, sizes[N], strides[N];
};
template <int N, typename T> Desc<T, N> desc(std::vector<T> &v, std::array<int64_t, N> shape) {
  Desc<T, N> d{v.data(), v.data(), 0, {}, {}};
  int64_t st = 1;
  for (int i = N - 1; i >= 0; --i) d.sizes[i] = shape[i], d.strides[i] = st, st *= shape[i];
  return d;
}

void *gLib;
void *sym(const char *name) {
  std::string s = std::string("_mlir_ciface_") + name;
  void *p = dlsym(gLib, s.c_str());
  if (!p) std::fprintf(stderr, "missing %s\n", s.c_str()), std::exit(2);
  return p;
}
template <typename... A> void call(void *fn, int64_t wg, int64_t nwg, A... a) {
  reinterpret_cast<void (*)(int64_t, int64_t, A...)>(fn)(wg, nwg, a...);
}

// Persistent pool: workers 1..threads-1 wait on a generation counter.
class Pool {
public:
  explicit Pool(int threads) : threads_(threads) {
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { loop(i); });
  }
  ~Pool() {
    { std::lock_guard<std::mutex> l(m_); stop_ = true; }
    cv_.notify_all();
    for (auto &w : workers_) w.join();
  }
  // One launch of `items` work items: nwg = min(threads, items) workgroups f(wg, nwg).
  void launch(int64_t items, const std::function<void(int64_t, int64_t)> &f) {
    int64_t nwg = std::min<int64_t>(threads_, items);
    if (nwg == 1) return f(0, 1);
    {
      std::lock_guard<std::mutex> l(m_);
      job_ = &f, nwg_ = nwg, pending_ = (int)workers_.size(), ++gen_;
    }
    cv_.notify_all();
    f(0, nwg);
    std::unique_lock<std::mutex> l(m_);
    done_.wait(l, [&] { return pending_ == 0; });
  }

private:
  void loop(int i) {
    for (uint64_t seen = 0;;) {
      const std::function<void(int64_t, int64_t)> *f;
      int64_t nwg;
      {
        std::unique_lock<std::mutex> l(m_);
        cv_.wait(l, [&] { return stop_ || gen_ != seen; });
        if (stop_) return;
        seen = gen_, f = job_, nwg = nwg_;
      }
      if (i < nwg) (*f)(i, nwg);
      std::lock_guard<std::mutex> l(m_);
      if (--pending_ == 0) done_.notify_one();
    }
  }
  int threads_;
  std::vector<std::thread> workers_;
  std::mutex m_;
  std::condition_variable cv_, done_;
  const std::function<void(int64_t, int64_t)> *job_ = nullptr;
  int64_t nwg_ = 0;
  int pending_ = 0;
  uint64_t gen_ = 0;
  bool stop_ = false;
};

struct Shape {
  const char *name;
  int64_t T, E, K, scoring, nGroup, topkGroup, groupScore, renorm;
  float eps, scaling;
  int64_t hasCorr, H;
};

// Buffers of one pipeline's outputs.
struct Out {
  std::vector<int32_t> ids, counts, offsets, perm, inv;
  std::vector<float> weights, rows;
  Out(const Shape &s)
      : ids(s.T * s.K), counts(s.E), offsets(s.E + 1), perm(s.T * s.K), inv(s.T * s.K), weights(s.T * s.K),
        rows(s.T * s.K * s.H) {}
  void poison() {
    for (auto *v : {&ids, &counts, &offsets, &perm, &inv}) std::fill(v->begin(), v->end(), -7);
    std::memset(weights.data(), 0xff, weights.size() * 4); // NaN
    std::memset(rows.data(), 0xff, rows.size() * 4);
  }
};
template <typename T> bool same(const std::vector<T> &a, const std::vector<T> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

using Clock = std::chrono::steady_clock;
double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

constexpr int64_t kRouteBlocks = 64; // lowering/LowerToKernels.cpp

struct Result {
  std::vector<double> total[2], stage[2][3], ratio, fill; // [unfused, fused]; paired ratios; memset
};

Result benchShape(const Shape &s, int threads, int reps) {
  std::mt19937 rng(2026);
  std::normal_distribution<float> nd(0.f, 1.f);
  std::uniform_real_distribution<float> ud(-0.1f, 0.1f);
  std::vector<float> logits(s.T * s.E), corr(s.E), x(s.T * s.H);
  for (float &v : logits) v = nd(rng);
  for (float &v : corr) v = ud(rng);
  for (float &v : x) v = nd(rng);
  std::vector<int32_t> hist(kRouteBlocks * s.E);
  Out u(s), f(s);
  auto dl = desc<2>(logits, {s.T, s.E}), dx = desc<2>(x, {s.T, s.H});
  auto dc = s.hasCorr ? desc<1>(corr, {s.E}) : Desc<float, 1>{};
  auto dh = desc<2>(hist, {kRouteBlocks, s.E});
  int64_t R = s.T * s.K;
  Pool pool(threads);
  void *kRouter = sym("router"), *kCount = sym("dispatch_count"), *kGather = sym("gather_rows"),
       *kFused = sym("route_dispatch");

  // Unfused: router -> dispatch_count -> gather_rows.
  auto uIds = desc<2>(u.ids, {s.T, s.K});
  auto uW = desc<2>(u.weights, {s.T, s.K});
  auto uWflat = desc<1>(u.weights, {R}); // unused (has_weights = 0), as the lowering's flat view
  auto uCnt = desc<1>(u.counts, {s.E}), uOff = desc<1>(u.offsets, {s.E + 1});
  auto uPerm = desc<1>(u.perm, {R}), uInv = desc<1>(u.inv, {R});
  auto uRows = desc<2>(u.rows, {R, s.H});
  std::function<void(int64_t, int64_t)> router = [&](int64_t wg, int64_t nwg) {
    call(kRouter, wg, nwg, &dl, &dc, &uIds, &uW, s.scoring, s.nGroup, s.topkGroup, s.groupScore, s.renorm, s.eps,
         s.scaling, s.hasCorr);
  };
  std::function<void(int64_t, int64_t)> count = [&](int64_t wg, int64_t nwg) {
    call(kCount, wg, nwg, &uIds, &uCnt, &uOff, &uPerm, &uInv);
  };
  std::function<void(int64_t, int64_t)> gather = [&](int64_t wg, int64_t nwg) {
    call(kGather, wg, nwg, &dx, &uPerm, &uWflat, &uRows, s.K, (int64_t)0);
  };
  // Fused: route_dispatch phases 0, 1, 2.
  auto fIds = desc<2>(f.ids, {s.T, s.K});
  auto fW = desc<2>(f.weights, {s.T, s.K});
  auto fRows = desc<2>(f.rows, {R, s.H});
  auto fCnt = desc<1>(f.counts, {s.E}), fOff = desc<1>(f.offsets, {s.E + 1});
  auto fPerm = desc<1>(f.perm, {R}), fInv = desc<1>(f.inv, {R});
  std::function<void(int64_t, int64_t)> phase[3];
  for (int64_t p = 0; p < 3; ++p)
    phase[p] = [&, p](int64_t wg, int64_t nwg) {
      call(kFused, wg, nwg, &dl, &dc, &dx, &fIds, &fW, &fRows, &fCnt, &fOff, &fPerm, &fInv, &dh, p,
           s.scoring, s.nGroup, s.topkGroup, s.groupScore, s.renorm, s.eps, s.scaling, s.hasCorr, (int64_t)0);
    };

  Result res;
  auto run = [&](int which, bool record) {
    Clock::time_point t[4];
    t[0] = Clock::now();
    if (which == 0) {
      pool.launch(s.T, router), t[1] = Clock::now();
      pool.launch(1, count), t[2] = Clock::now();
      pool.launch(R, gather), t[3] = Clock::now();
    } else {
      for (int p = 0; p < 3; ++p) pool.launch(p == 1 ? 1 : kRouteBlocks, phase[p]), t[p + 1] = Clock::now();
    }
    if (!record) return;
    res.total[which].push_back(ms(t[0], t[3]));
    for (int i = 0; i < 3; ++i) res.stage[which][i].push_back(ms(t[i], t[i + 1]));
  };

  // Check: poisoned outputs, both pipelines, bitwise equal.
  u.poison(), f.poison();
  std::fill(hist.begin(), hist.end(), -7);
  run(0, false), run(1, false);
  bool ok = same(u.ids, f.ids) && same(u.weights, f.weights) && same(u.counts, f.counts) &&
            same(u.offsets, f.offsets) && same(u.perm, f.perm) && same(u.inv, f.inv) && same(u.rows, f.rows);
  int64_t sum = 0;
  for (int32_t c : u.counts) sum += c;
  if (!ok || sum != R || u.offsets[s.E] != R) {
    std::fprintf(stderr, "MISMATCH %s threads %d: fused and unfused outputs differ\n", s.name, threads);
    std::exit(1);
  }
  for (int i = 0; i < 2; ++i) run(0, false), run(1, false); // warm-up
  for (int r = 0; r < reps; ++r) {
    int first = r % 2;
    run(first, true), run(1 - first, true);
    res.ratio.push_back(res.total[0].back() / res.total[1].back());
    auto a = Clock::now(); // floor for any dispatch that writes the rows: a memset of them
    std::memset(f.rows.data(), 0, f.rows.size() * 4);
    res.fill.push_back(ms(a, Clock::now()));
  }
  return res;
}

// Cost of one 2-workgroup launch of an empty function (pool wake-up + join), in microseconds.
double emptyLaunchUs(int threads) {
  Pool pool(threads);
  std::function<void(int64_t, int64_t)> nop = [](int64_t, int64_t) {};
  std::vector<double> v;
  for (int i = 0; i < 2000; ++i) {
    auto a = Clock::now();
    pool.launch(64, nop);
    v.push_back(ms(a, Clock::now()) * 1e3);
  }
  return median(v);
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) return std::fprintf(stderr, "usage: %s <libkernels.so> [reps]\n", argv[0]), 2;
  int reps = argc > 2 ? std::atoi(argv[2]) : 10;
  if (!(gLib = dlopen(argv[1], RTLD_NOW))) return std::fprintf(stderr, "%s\n", dlerror()), 2;
  // DeepSeek-V3: sigmoid, 8 groups / top-4 by top2_sum, correction bias, renorm sum (eps 1e-20),
  // scaling 2.5, hidden 7168 (and 1024 so the routing part is visible). Qwen3-30B-A3B: softmax,
  // renorm sum (norm_topk_prob), no groups, no correction, hidden 2048.
  const Shape shapes[] = {
      {"DeepSeek-V3", 4096, 256, 8, 1, 8, 4, 1, 1, 1e-20f, 2.5f, 1, 1024},
      {"DeepSeek-V3", 4096, 256, 8, 1, 8, 4, 1, 1, 1e-20f, 2.5f, 1, 7168},
      {"Qwen3-30B-A3B", 4096, 128, 8, 0, 1, 1, 0, 1, 0.f, 1.f, 0, 2048},
  };
  std::printf("empty 2-workgroup launch (pool wake + join): %.1f us median\n\n", emptyLaunchUs(2));
  std::printf("| shape | T | E | K | H | threads | unfused median (min) ms | fused median (min) ms | speedup: "
              "medians (paired) | memset rows ms (1 thread) | unfused router / count / gather ms | fused phase 0 / 1 / 2 ms |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const Shape &s : shapes)
    for (int threads : {1, 2}) {
      Result r = benchShape(s, threads, reps);
      double mu = median(r.total[0]), mf = median(r.total[1]);
      double nu = *std::min_element(r.total[0].begin(), r.total[0].end());
      double nf = *std::min_element(r.total[1].begin(), r.total[1].end());
      std::printf("| %s | %lld | %lld | %lld | %lld | %d | %.2f (%.2f) | %.2f (%.2f) | %.2fx (%.2fx) | %.2f | %.2f / %.2f / %.2f | "
                  "%.2f / %.2f / %.2f |\n",
                  s.name, (long long)s.T, (long long)s.E, (long long)s.K, (long long)s.H, threads, mu, nu, mf, nf,
                  mu / mf, median(r.ratio), median(r.fill), median(r.stage[0][0]), median(r.stage[0][1]), median(r.stage[0][2]),
                  median(r.stage[1][0]), median(r.stage[1][1]), median(r.stage[1][2]));
      std::fflush(stdout);
    }
  std::printf("\nall shapes/threads: fused and unfused outputs bitwise identical (ids, weights, counts, offsets, "
              "perm, inv, rows); %d reps after 2 warm-ups\n", reps);
  return 0;
}
