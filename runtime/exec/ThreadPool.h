//===- ThreadPool.h - Persistent low-overhead thread pool -------*- C++ -*-===//
//
// `threads - 1` persistent workers plus the calling thread run the indices
// [0, n) of one job at a time. A step of a model issues thousands of small
// jobs, so publishing a job is one atomic store: workers spin briefly on the
// job word before sleeping on a condition variable. Indices are claimed
// with a compare-and-swap on one word (generation, index bound, next index),
// so a worker that wakes late can never claim an index of a newer job.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_EXEC_THREADPOOL_H
#define MOE_RUNTIME_EXEC_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace moe {
namespace runtime {

class ThreadPool {
public:
  /// A job: called once per index.
  using Fn = void (*)(void *context, int64_t index);

  /// `threads` >= 1 counts the calling thread.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  /// Runs fn(context, i) for i in [0, n) on the pool and the calling thread;
  /// returns when all are done. Not reentrant.
  void run(int64_t n, Fn fn, void *context);

private:
  /// Jobs larger than this run as several published jobs.
  static constexpr int64_t kMaxJobSize = 0xffff;
  /// Publishes and runs one job of n <= kMaxJobSize indices.
  void runJob(int64_t n, Fn fn, void *context);
  void workerLoop();
  /// Claims and runs indices of generation `gen` until none is left.
  void work(uint64_t gen);

  std::vector<std::thread> workers_;
  // The published job; read only after observing its generation in `claim_`.
  std::atomic<Fn> fn_{nullptr};
  std::atomic<void *> context_{nullptr};
  // generation << 32 | index bound << 16 | next unclaimed index.
  std::atomic<uint64_t> claim_{0};
  std::atomic<int64_t> done_{0};
  std::atomic<int> sleeping_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
};

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_EXEC_THREADPOOL_H
