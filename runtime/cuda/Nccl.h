//===- Nccl.h - NCCL point-to-point for expert exchanges ---------*- C++ -*-===//
//
// The expert exchanges of an expert-parallel run on CUDA move rows between
// the ranks' device buffers with NCCL: each (peer, expert slot) chunk is one
// ncclSend / ncclRecv, addressed in place (no packing), all of an exchange in
// one ncclGroupStart/End and queued on the device's stream behind the
// kernels that wrote the rows. Like the driver (Driver.h), libnccl.so.2 (or
// the library MOE_NCCL_LIBRARY names) is dlopen'ed on first use, so the
// runtime builds and links without NCCL; the few types and values used are
// declared here with the ABI of nccl.h (checked against the real header in
// AbiCheck.cpp when the toolkit is present).
//
// The communicator spans the job's ranks in their order; rank 0 makes the
// unique id and the caller hands it to every rank (Comm::broadcast). NCCL
// (since 2.5) refuses two ranks on one GPU ("Duplicate GPU detected"), so a
// job needs one device per rank.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_CUDA_NCCL_H
#define MOE_RUNTIME_CUDA_NCCL_H

#include "runtime/cuda/Driver.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace moe {
namespace runtime {
namespace cuda {

/// The nccl.h ABI subset the backend uses.
namespace nccl {
using Result = int; // ncclResult_t
using Comm = struct ncclComm *;
using DataType = int; // ncclDataType_t
struct UniqueId {
  char internal[128];
};
constexpr Result ncclSuccess = 0;
constexpr DataType ncclFloat32 = 7;

/// The library's entry points.
struct Api {
  Result (*getVersion)(int *);
  Result (*getUniqueId)(UniqueId *);
  Result (*commInitRank)(Comm *, int nranks, UniqueId, int rank);
  Result (*commDestroy)(Comm);
  Result (*commAbort)(Comm);
  const char *(*getErrorString)(Result);
  const char *(*getLastError)(Comm);
  Result (*groupStart)();
  Result (*groupEnd)();
  Result (*send)(const void *, size_t count, DataType, int peer, Comm,
                 CUstream);
  Result (*recv)(void *, size_t count, DataType, int peer, Comm, CUstream);
};
} // namespace nccl

class Nccl {
public:
  /// A unique id for a new communicator (on rank 0; loads NCCL).
  static Expected<nccl::UniqueId> uniqueId();
  /// Joins the communicator of `ranks` ranks named by `id` as `rank`
  /// (collective over the ranks); transfers are queued on `stream`.
  static Expected<std::unique_ptr<Nccl>> create(const nccl::UniqueId &id,
                                                int ranks, int rank,
                                                CUstream stream);
  ~Nccl();
  Nccl(const Nccl &) = delete;
  Nccl &operator=(const Nccl &) = delete;

  /// e.g. "NCCL 22809".
  std::string version() const;

  /// `floats` f32 values at `data` to or from rank `peer`.
  struct Transfer {
    int peer = 0;
    CUdeviceptr data = 0;
    int64_t floats = 0;
  };
  /// Queues every send and receive as one group on the stream. Between two
  /// ranks, sends and receives match in the order given.
  Status exchange(const std::vector<Transfer> &sends,
                  const std::vector<Transfer> &recvs, const std::string &what);

private:
  Nccl() = default;
  std::string message(const std::string &what, nccl::Result r) const;
  const nccl::Api *api_ = nullptr;
  nccl::Comm comm_ = nullptr;
  CUstream stream_ = nullptr;
  int ranks_ = 0;
};

} // namespace cuda
} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_CUDA_NCCL_H
