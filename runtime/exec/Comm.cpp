//===- Comm.cpp - Collectives between expert-parallel ranks ---------------===//
//
// See Comm.h.
//
//===----------------------------------------------------------------------===//

#include "runtime/exec/Comm.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#ifdef MOE_HAVE_MPI
#include <mpi.h>
#endif

namespace moe {
namespace runtime {

Status Comm::wait(CommRequest &request, const char *what) {
  auto begin = std::chrono::steady_clock::now();
  for (long spins = 0;; ++spins) {
    auto done = test(request, what);
    if (!done)
      return Status::error(done.errorMessage());
    if (*done)
      return Status::ok();
    if (spins < 256)
      continue;
    double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
            .count();
    if (waited > timeoutSeconds())
      abort(std::string(what) + ": no progress for " +
                std::to_string(static_cast<int>(timeoutSeconds())) +
                " s (a rank died or stalls); aborting every rank",
            3);
    if (spins < 4096)
      std::this_thread::yield();
    else
      std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

Status Comm::allReduceSumF32(float *values, int64_t n, const char *what) {
  const int64_t P = size();
  if (P == 1 || n == 0)
    return Status::ok();
  const int64_t chunk = std::max<int64_t>(1, (int64_t{1} << 20) / P);
  std::vector<float> all(static_cast<size_t>(std::min(n, chunk) * P));
  for (int64_t at = 0; at < n; at += chunk) {
    int64_t m = std::min(chunk, n - at);
    Status s = allGather(values + at, m, all.data(), what);
    if (!s)
      return s;
    for (int64_t i = 0; i < m; ++i) {
      float sum = all[static_cast<size_t>(i)];
      for (int64_t p = 1; p < P; ++p)
        sum += all[static_cast<size_t>(p * m + i)];
      values[at + i] = sum;
    }
  }
  return Status::ok();
}

namespace {

/// A request that finished when it started (one process).
class DoneRequest final : public CommRequest {};

class SelfComm final : public Comm {
public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  int localRank() const override { return 0; }
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
  Expected<std::unique_ptr<CommRequest>>
  startAllToAll(const int64_t *send, int64_t *recv, int64_t perPeer,
                const char *what) override {
    Status s = allToAll(send, recv, perPeer, what);
    if (!s)
      return Expected<std::unique_ptr<CommRequest>>::error(s.errorMessage());
    return Expected<std::unique_ptr<CommRequest>>(
        std::make_unique<DoneRequest>());
  }
  Expected<std::unique_ptr<CommRequest>>
  startAllToAllRows(const float *send, const std::vector<int64_t> &sendRows,
                    float *recv, const std::vector<int64_t> &recvRows,
                    int64_t rowElems, const char *what) override {
    Status s = allToAllRows(send, sendRows, recv, recvRows, rowElems, what);
    if (!s)
      return Expected<std::unique_ptr<CommRequest>>::error(s.errorMessage());
    return Expected<std::unique_ptr<CommRequest>>(
        std::make_unique<DoneRequest>());
  }
  Expected<bool> test(CommRequest &, const char *) override { return true; }
  double timeoutSeconds() const override { return 0; }
  Expected<std::unique_ptr<Comm>> duplicate() override {
    return Expected<std::unique_ptr<Comm>>(std::make_unique<SelfComm>());
  }
  Status allReduceSum(int64_t *, int64_t, const char *) override {
    return Status::ok();
  }
  Status allReduceMax(int64_t *, int64_t, const char *) override {
    return Status::ok();
  }
  Status allGather(const float *mine, int64_t n, float *all,
                   const char *) override {
    if (n > 0)
      std::memcpy(all, mine, static_cast<size_t>(n) * sizeof(float));
    return Status::ok();
  }
  Status broadcast(void *, int64_t, int, const char *) override {
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

/// An MPI request and the row datatype it uses (freed with it).
class MPIRequest final : public CommRequest {
public:
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  // The counts and displacements of an Ialltoallv must outlive the call.
  std::vector<int> sc, sd, rc, rd;
  ~MPIRequest() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized)
      return;
    if (request != MPI_REQUEST_NULL) // never finished: the job is ending
      MPI_Request_free(&request);
    if (type != MPI_DATATYPE_NULL)
      MPI_Type_free(&type);
  }
};

class MPIComm final : public Comm {
public:
  /// MPI_COMM_WORLD (owns MPI: finalizes it), or a duplicate of it.
  MPIComm(MPI_Comm comm, bool ownsMPI, double timeoutSeconds)
      : comm_(comm), ownsMPI_(ownsMPI), timeout_(timeoutSeconds) {
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
    MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
    MPI_Comm node;
    if (MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL,
                            &node) == MPI_SUCCESS) {
      MPI_Comm_rank(node, &localRank_);
      MPI_Comm_free(&node);
    }
  }
  ~MPIComm() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized)
      return;
    if (!ownsMPI_)
      MPI_Comm_free(&comm_);
    else
      MPI_Finalize();
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int localRank() const override { return localRank_; }
  double timeoutSeconds() const override { return timeout_; }

  Expected<std::unique_ptr<Comm>> duplicate() override {
    MPI_Comm dup;
    int rc = MPI_Comm_dup(comm_, &dup);
    if (rc != MPI_SUCCESS)
      return Expected<std::unique_ptr<Comm>>::error(
          mpiError(rc, "duplicating the communicator").errorMessage());
    return Expected<std::unique_ptr<Comm>>(
        std::make_unique<MPIComm>(dup, false, timeout_));
  }

  Status allToAll(const int64_t *send, int64_t *recv, int64_t perPeer,
                  const char *what) override {
    auto r = startAllToAll(send, recv, perPeer, what);
    return r ? wait(**r, what) : Status::error(r.errorMessage());
  }

  Status allToAllRows(const float *send, const std::vector<int64_t> &sendRows,
                      float *recv, const std::vector<int64_t> &recvRows,
                      int64_t rowElems, const char *what) override {
    auto r = startAllToAllRows(send, sendRows, recv, recvRows, rowElems, what);
    return r ? wait(**r, what) : Status::error(r.errorMessage());
  }

  Expected<std::unique_ptr<CommRequest>>
  startAllToAll(const int64_t *send, int64_t *recv, int64_t perPeer,
                const char *what) override {
    using R = Expected<std::unique_ptr<CommRequest>>;
    int n;
    if (!toInt(perPeer, n))
      return R::error(tooLarge(what).errorMessage());
    auto req = std::make_unique<MPIRequest>();
    int rc = MPI_Ialltoall(send, n, MPI_INT64_T, recv, n, MPI_INT64_T, comm_,
                           &req->request);
    if (rc != MPI_SUCCESS)
      return R::error(mpiError(rc, what).errorMessage());
    return R(std::move(req));
  }

  Expected<std::unique_ptr<CommRequest>>
  startAllToAllRows(const float *send, const std::vector<int64_t> &sendRows,
                    float *recv, const std::vector<int64_t> &recvRows,
                    int64_t rowElems, const char *what) override {
    using R = Expected<std::unique_ptr<CommRequest>>;
    int elems;
    if (!toInt(rowElems, elems))
      return R::error(tooLarge(what).errorMessage());
    auto req = std::make_unique<MPIRequest>();
    req->sc.resize(size_);
    req->sd.resize(size_);
    req->rc.resize(size_);
    req->rd.resize(size_);
    int64_t so = 0, ro = 0;
    for (int p = 0; p < size_; ++p) {
      if (!toInt(sendRows[p], req->sc[p]) || !toInt(so, req->sd[p]) ||
          !toInt(recvRows[p], req->rc[p]) || !toInt(ro, req->rd[p]))
        return R::error(tooLarge(what).errorMessage());
      so += sendRows[p];
      ro += recvRows[p];
    }
    MPI_Type_contiguous(elems, MPI_FLOAT, &req->type);
    MPI_Type_commit(&req->type);
    int rc = MPI_Ialltoallv(send, req->sc.data(), req->sd.data(), req->type,
                            recv, req->rc.data(), req->rd.data(), req->type,
                            comm_, &req->request);
    if (rc != MPI_SUCCESS)
      return R::error(mpiError(rc, what).errorMessage());
    return R(std::move(req));
  }

  Expected<bool> test(CommRequest &request, const char *what) override {
    auto &r = static_cast<MPIRequest &>(request);
    if (r.request == MPI_REQUEST_NULL)
      return true;
    int done = 0;
    int rc = MPI_Test(&r.request, &done, MPI_STATUS_IGNORE);
    if (rc != MPI_SUCCESS)
      return Expected<bool>::error(mpiError(rc, what).errorMessage());
    return done != 0;
  }

  Status allReduceSum(int64_t *values, int64_t n, const char *what) override {
    return allReduce(values, n, MPI_SUM, what);
  }
  Status allReduceMax(int64_t *values, int64_t n, const char *what) override {
    return allReduce(values, n, MPI_MAX, what);
  }

  Status broadcast(void *data, int64_t bytes, int root,
                   const char *what) override {
    int count;
    if (!toInt(bytes, count))
      return tooLarge(what);
    MPI_Request req;
    return waitMPI(MPI_Ibcast(data, count, MPI_BYTE, root, comm_, &req), req,
                   what);
  }

  Status gather(const std::string &mine, std::vector<std::string> &out,
                const char *what) override {
    int64_t len = static_cast<int64_t>(mine.size());
    std::vector<int64_t> lens(size_);
    MPI_Request req;
    Status s = waitMPI(MPI_Igather(&len, 1, MPI_INT64_T, lens.data(), 1,
                                   MPI_INT64_T, 0, comm_, &req),
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
    s = waitMPI(MPI_Igatherv(mine.data(), mineLen, MPI_CHAR, all.data(),
                             counts.data(), displs.data(), MPI_CHAR, 0, comm_,
                             &req),
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

  Status allGather(const float *mine, int64_t n, float *all,
                   const char *what) override {
    int count;
    if (!toInt(n, count))
      return tooLarge(what);
    MPI_Request req;
    return waitMPI(MPI_Iallgather(mine, count, MPI_FLOAT, all, count,
                                  MPI_FLOAT, comm_, &req),
                   req, what);
  }

  Status allReduce(int64_t *values, int64_t n, MPI_Op op, const char *what) {
    int count;
    if (!toInt(n, count))
      return tooLarge(what);
    MPI_Request req;
    return waitMPI(MPI_Iallreduce(MPI_IN_PLACE, values, count, MPI_INT64_T, op,
                                  comm_, &req),
                   req, what);
  }

  /// Waits for a started `req` (see Comm::wait).
  Status waitMPI(int started, MPI_Request req, const char *what) {
    if (started != MPI_SUCCESS)
      return mpiError(started, what);
    MPIRequest r;
    r.request = req;
    return wait(r, what);
  }

  Status mpiError(int rc, const char *what) {
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, text, &len);
    return Status::error("rank " + std::to_string(rank_) + ": " + what +
                         ": MPI error: " + std::string(text, len));
  }

  MPI_Comm comm_;
  bool ownsMPI_;
  int rank_ = 0, size_ = 1, localRank_ = 0;
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
  return R(std::make_unique<MPIComm>(MPI_COMM_WORLD, true, timeoutSeconds));
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
