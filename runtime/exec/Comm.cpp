//===- Comm.cpp - Collectives between expert-parallel ranks ---------------===//
//
// See Comm.h.
//
//===----------------------------------------------------------------------===//

#include "runtime/exec/Comm.h"

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#ifdef MOE_HAVE_MPI
#include <mpi.h>
#endif

namespace moe {
namespace runtime {

namespace {

class SelfComm final : public Comm {
public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  Status allToAll(const int64_t *send, int64_t *recv, int64_t perPeer,
                  const char *) override {
    std::memcpy(recv, send, static_cast<size_t>(perPeer) * sizeof(int64_t));
    return Status::ok();
  }
  Status allToAllRows(const float *send, const std::vector<int64_t> &sendRows,
                      float *recv, const std::vector<int64_t> &,
                      int64_t rowElems, const char *) override {
    std::memcpy(recv, send,
                static_cast<size_t>(sendRows[0] * rowElems) * sizeof(float));
    return Status::ok();
  }
  Status allReduceSum(int64_t *, int64_t, const char *) override {
    return Status::ok();
  }
  Status allReduceMax(int64_t *, int64_t, const char *) override {
    return Status::ok();
  }
  Status gather(const std::string &mine, std::vector<std::string> &out,
                const char *) override {
    out = {mine};
    return Status::ok();
  }
  [[noreturn]] void abort(const std::string &message, int code) override {
    std::fprintf(stderr, "error: %s\n", message.c_str());
    std::exit(code);
  }
};

} // namespace

std::unique_ptr<Comm> makeSelfComm() { return std::make_unique<SelfComm>(); }

bool launchedByMPI() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") ||
         std::getenv("PMIX_RANK");
}

#ifdef MOE_HAVE_MPI

bool haveMPI() { return true; }

namespace {

class MPIComm final : public Comm {
public:
  explicit MPIComm(double timeoutSeconds) : timeout_(timeoutSeconds) {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  }
  ~MPIComm() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized)
      MPI_Finalize();
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  Status allToAll(const int64_t *send, int64_t *recv, int64_t perPeer,
                  const char *what) override {
    int n;
    if (!toInt(perPeer, n))
      return tooLarge(what);
    MPI_Request req;
    return wait(MPI_Ialltoall(send, n, MPI_INT64_T, recv, n, MPI_INT64_T,
                              MPI_COMM_WORLD, &req),
                req, what);
  }

  Status allToAllRows(const float *send, const std::vector<int64_t> &sendRows,
                      float *recv, const std::vector<int64_t> &recvRows,
                      int64_t rowElems, const char *what) override {
    int elems;
    if (!toInt(rowElems, elems))
      return tooLarge(what);
    std::vector<int> sc(size_), sd(size_), rc(size_), rd(size_);
    int64_t so = 0, ro = 0;
    for (int p = 0; p < size_; ++p) {
      if (!toInt(sendRows[p], sc[p]) || !toInt(so, sd[p]) ||
          !toInt(recvRows[p], rc[p]) || !toInt(ro, rd[p]))
        return tooLarge(what);
      so += sendRows[p];
      ro += recvRows[p];
    }
    MPI_Datatype row;
    MPI_Type_contiguous(elems, MPI_FLOAT, &row);
    MPI_Type_commit(&row);
    MPI_Request req;
    Status s = wait(MPI_Ialltoallv(send, sc.data(), sd.data(), row, recv,
                                   rc.data(), rd.data(), row, MPI_COMM_WORLD,
                                   &req),
                    req, what);
    MPI_Type_free(&row);
    return s;
  }

  Status allReduceSum(int64_t *values, int64_t n, const char *what) override {
    return allReduce(values, n, MPI_SUM, what);
  }
  Status allReduceMax(int64_t *values, int64_t n, const char *what) override {
    return allReduce(values, n, MPI_MAX, what);
  }

  Status gather(const std::string &mine, std::vector<std::string> &out,
                const char *what) override {
    int64_t len = static_cast<int64_t>(mine.size());
    std::vector<int64_t> lens(size_);
    MPI_Request req;
    Status s = wait(MPI_Igather(&len, 1, MPI_INT64_T, lens.data(), 1,
                                MPI_INT64_T, 0, MPI_COMM_WORLD, &req),
                    req, what);
    if (!s)
      return s;
    std::vector<int> counts(size_), displs(size_);
    int64_t total = 0;
    for (int p = 0; rank_ == 0 && p < size_; ++p) {
      if (!toInt(lens[p], counts[p]) || !toInt(total, displs[p]))
        return tooLarge(what);
      total += lens[p];
    }
    std::string all(static_cast<size_t>(total), '\0');
    int mineLen;
    if (!toInt(len, mineLen))
      return tooLarge(what);
    s = wait(MPI_Igatherv(mine.data(), mineLen, MPI_CHAR, all.data(),
                          counts.data(), displs.data(), MPI_CHAR, 0,
                          MPI_COMM_WORLD, &req),
             req, what);
    if (!s || rank_ != 0)
      return s;
    out.clear();
    for (int p = 0; p < size_; ++p)
      out.push_back(all.substr(static_cast<size_t>(displs[p]),
                               static_cast<size_t>(counts[p])));
    return Status::ok();
  }

  [[noreturn]] void abort(const std::string &message, int code) override {
    std::fprintf(stderr, "error: rank %d: %s\n", rank_, message.c_str());
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, code);
    std::exit(code);
  }

private:
  static bool toInt(int64_t v, int &out) {
    if (v < 0 || v > INT_MAX)
      return false;
    out = static_cast<int>(v);
    return true;
  }
  Status tooLarge(const char *what) {
    return Status::error("rank " + std::to_string(rank_) + ": " + what +
                         ": a count exceeds MPI's int range");
  }

  Status allReduce(int64_t *values, int64_t n, MPI_Op op, const char *what) {
    int count;
    if (!toInt(n, count))
      return tooLarge(what);
    MPI_Request req;
    return wait(MPI_Iallreduce(MPI_IN_PLACE, values, count, MPI_INT64_T, op,
                               MPI_COMM_WORLD, &req),
                req, what);
  }

  /// Polls `req` until it completes; past the deadline, aborts the job.
  Status wait(int started, MPI_Request &req, const char *what) {
    if (started != MPI_SUCCESS)
      return mpiError(started, what);
    auto begin = std::chrono::steady_clock::now();
    for (long spins = 0;; ++spins) {
      int done = 0;
      int rc = MPI_Test(&req, &done, MPI_STATUS_IGNORE);
      if (rc != MPI_SUCCESS)
        return mpiError(rc, what);
      if (done)
        return Status::ok();
      if (spins < 256)
        continue;
      double waited = std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - begin)
                          .count();
      if (waited > timeout_)
        abort(std::string(what) + ": no progress for " +
                  std::to_string(static_cast<int>(timeout_)) +
                  " s (a rank died or stalls); aborting every rank",
              3);
      if (spins < 4096)
        std::this_thread::yield();
      else
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  }

  Status mpiError(int rc, const char *what) {
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, text, &len);
    return Status::error("rank " + std::to_string(rank_) + ": " + what +
                         ": MPI error: " + std::string(text, len));
  }

  int rank_ = 0, size_ = 1;
  double timeout_;
};

} // namespace

Expected<std::unique_ptr<Comm>> makeMPIComm(int *argc, char ***argv,
                                            double timeoutSeconds) {
  using R = Expected<std::unique_ptr<Comm>>;
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) !=
      MPI_SUCCESS)
    return R::error("MPI_Init_thread failed");
  return R(std::make_unique<MPIComm>(timeoutSeconds));
}

#else // !MOE_HAVE_MPI

bool haveMPI() { return false; }

Expected<std::unique_ptr<Comm>> makeMPIComm(int *, char ***, double) {
  return Expected<std::unique_ptr<Comm>>::error(
      "this moe-run was built without MPI (install libopenmpi-dev and "
      "reconfigure): expert-parallel runs are not available");
}

#endif

} // namespace runtime
} // namespace moe
