//===- ThreadPool.cpp - Persistent low-overhead thread pool ---------------===//
//
// See ThreadPool.h.
//
//===----------------------------------------------------------------------===//

#include "runtime/exec/ThreadPool.h"

#include <algorithm>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace moe {
namespace runtime {

static inline void cpuRelax() {
#if defined(__x86_64__)
  _mm_pause();
#endif
}

/// Spins before a worker sleeps (about tens of microseconds).
static constexpr int kSpinIterations = 20000;

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i)
    workers_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_all();
  for (std::thread &t : workers_)
    t.join();
}

void ThreadPool::work(uint64_t gen) {
  while (true) {
    // Acquiring `claim_` of generation `gen` with an unclaimed index makes
    // that job's fn_ and context_ visible; they cannot change before its
    // last index is done. The bound n is part of the same word, so a stale
    // worker never pairs one job's claim word with another job's n.
    uint64_t c = claim_.load(std::memory_order_acquire);
    if ((c >> 32) != gen)
      return;
    int64_t index = static_cast<int64_t>(c & 0xffff);
    if (index >= static_cast<int64_t>((c >> 16) & 0xffff))
      return;
    if (!claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel))
      continue;
    fn_.load(std::memory_order_relaxed)(
        context_.load(std::memory_order_relaxed), index);
    done_.fetch_add(1, std::memory_order_release);
  }
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  while (true) {
    uint64_t gen = claim_.load(std::memory_order_acquire) >> 32;
    for (int i = 0; gen == seen && i < kSpinIterations; ++i) {
      cpuRelax();
      gen = claim_.load(std::memory_order_acquire) >> 32;
    }
    if (gen == seen) {
      std::unique_lock<std::mutex> lock(mutex_);
      sleeping_.fetch_add(1);
      while ((gen = claim_.load() >> 32) == seen && !stop_.load())
        wake_.wait(lock);
      sleeping_.fetch_sub(1);
    }
    if (stop_.load())
      return;
    seen = gen;
    work(gen);
  }
}

void ThreadPool::run(int64_t n, Fn fn, void *context) {
  if (workers_.empty() || n == 1) {
    for (int64_t i = 0; i < n; ++i)
      fn(context, i);
    return;
  }
  // At most kMaxJobSize indices per published job.
  for (int64_t begin = 0; begin < n; begin += kMaxJobSize) {
    int64_t count = std::min(kMaxJobSize, n - begin);
    if (begin == 0) {
      runJob(count, fn, context);
      continue;
    }
    struct Offset {
      Fn fn;
      void *context;
      int64_t begin;
    } offset{fn, context, begin};
    runJob(
        count,
        [](void *c, int64_t i) {
          auto *o = static_cast<Offset *>(c);
          o->fn(o->context, o->begin + i);
        },
        &offset);
  }
}

void ThreadPool::runJob(int64_t n, Fn fn, void *context) {
  fn_.store(fn, std::memory_order_relaxed);
  context_.store(context, std::memory_order_relaxed);
  done_.store(0, std::memory_order_relaxed);
  uint64_t gen =
      ((claim_.load(std::memory_order_relaxed) >> 32) + 1) & 0xffffffffu;
  // Publishes the job (seq_cst): generation, bound, next index 0.
  claim_.store(gen << 32 | static_cast<uint64_t>(n) << 16);
  if (sleeping_.load() > 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    wake_.notify_all();
  }
  work(gen);
  // Workers may be descheduled on a busy machine: yield after a short spin.
  for (int i = 0; done_.load(std::memory_order_acquire) < n; ++i) {
    if (i < kSpinIterations)
      cpuRelax();
    else
      std::this_thread::yield();
  }
}

} // namespace runtime
} // namespace moe
