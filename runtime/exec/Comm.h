//===- Comm.h - Collectives between expert-parallel ranks -------*- C++ -*-===//
//
// The few collectives an expert-parallel run needs, over the ranks of one
// job. `SelfComm` is the world of one process (every collective a copy);
// `MPIComm` (when the runtime is built with MPI) uses MPI_COMM_WORLD through
// non-blocking calls polled against a deadline: a collective that has not
// finished after `timeoutSeconds` (a rank died or stalls) reports the error
// and aborts the whole job with MPI_Abort, so no rank hangs.
//
// Payload sizes are in rows of `rowElems` floats; counts are int64 and
// converted to MPI's int with overflow checks.
//
// The two all-to-alls also start without waiting (`start*`, then `test`
// until done): expert exchanges overlap computation that way
// (moe-overlap-a2a). `duplicate` gives a communicator whose collectives never
// match this one's, so micro-batches can have exchanges in flight at once.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_EXEC_COMM_H
#define MOE_RUNTIME_EXEC_COMM_H

#include "runtime/support/Status.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace moe {
namespace runtime {

/// A collective in flight.
class CommRequest {
public:
  virtual ~CommRequest() = default;
};

class Comm {
public:
  virtual ~Comm() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// This rank among the ranks of its node (shared memory), e.g. to pick a
  /// GPU.
  virtual int localRank() const = 0;
  /// Sends `perPeer` int64 values to each rank (send[p * perPeer ..]) and
  /// receives as many from each (recv[p * perPeer ..]).
  virtual Status allToAll(const int64_t *send, int64_t *recv, int64_t perPeer,
                          const char *what) = 0;
  /// Ragged exchange of rows: `sendRows[p]` rows to rank p (contiguous, in
  /// rank order in `send`), `recvRows[p]` rows from rank p into `recv`.
  virtual Status allToAllRows(const float *send,
                              const std::vector<int64_t> &sendRows, float *recv,
                              const std::vector<int64_t> &recvRows,
                              int64_t rowElems, const char *what) = 0;
  /// `allToAll` and `allToAllRows` without waiting: `send` must stay valid
  /// and `recv` is written until `test` reports the request done.
  virtual Expected<std::unique_ptr<CommRequest>>
  startAllToAll(const int64_t *send, int64_t *recv, int64_t perPeer,
                const char *what) = 0;
  virtual Expected<std::unique_ptr<CommRequest>>
  startAllToAllRows(const float *send, const std::vector<int64_t> &sendRows,
                    float *recv, const std::vector<int64_t> &recvRows,
                    int64_t rowElems, const char *what) = 0;
  /// Advances `request`; true once it has finished.
  virtual Expected<bool> test(CommRequest &request, const char *what) = 0;
  /// Polls `request` until it finishes; past `timeoutSeconds` without
  /// finishing, aborts the job.
  Status wait(CommRequest &request, const char *what);
  /// Seconds a wait may take before the job is aborted.
  virtual double timeoutSeconds() const = 0;
  /// The same ranks with separate collectives (MPI_Comm_dup; collective).
  virtual Expected<std::unique_ptr<Comm>> duplicate() = 0;
  /// Element-wise sum (or max) of `n` int64 values over all ranks, in place.
  virtual Status allReduceSum(int64_t *values, int64_t n, const char *what) = 0;
  virtual Status allReduceMax(int64_t *values, int64_t n, const char *what) = 0;
  /// Every rank's `n` floats, in rank order, on every rank (`all`: size * n).
  virtual Status allGather(const float *mine, int64_t n, float *all,
                           const char *what) = 0;
  /// Element-wise sum of `n` floats over all ranks, in place, added in rank
  /// order (rank 0's value first) on every rank: the same bits everywhere,
  /// whatever MPI's reduction algorithm. Gathers in chunks of at most
  /// 2^20 / size elements.
  Status allReduceSumF32(float *values, int64_t n, const char *what);
  /// `bytes` bytes of rank `root`'s `data` into every rank's `data`.
  virtual Status broadcast(void *data, int64_t bytes, int root,
                           const char *what) = 0;
  /// Concatenates every rank's bytes at rank 0 (`out`, rank order); other
  /// ranks get nothing.
  virtual Status gather(const std::string &mine, std::vector<std::string> &out,
                        const char *what) = 0;
  /// Reports `message` and makes every rank of the job exit with `code`.
  [[noreturn]] virtual void abort(const std::string &message, int code) = 0;
};

/// The world of one process.
std::unique_ptr<Comm> makeSelfComm();

/// True when the runtime was built with MPI.
bool haveMPI();

/// MPI_COMM_WORLD (calls MPI_Init_thread); an error if built without MPI.
/// A collective slower than `timeoutSeconds` aborts the job.
Expected<std::unique_ptr<Comm>> makeMPIComm(int *argc, char ***argv,
                                            double timeoutSeconds);

/// True when this process was started by an MPI launcher (mpirun sets
/// OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK).
bool launchedByMPI();

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_EXEC_COMM_H
