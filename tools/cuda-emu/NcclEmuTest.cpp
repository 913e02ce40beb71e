//===- NcclEmuTest.cpp - Test of the NCCL emulator under mpirun -----------===//
//
// moe-nccl-emu-test CASE, run as `mpirun -np 3 moe-nccl-emu-test CASE`,
// linked against the NCCL emulator (NcclEmu.cpp) with its C ABI declared
// here as in nccl.h. Host memory stands for device memory. Cases
// (test/cuda-emu/nccl-emu.test checks their output):
//
//   ragged     every rank sends a different number of floats (0 included, to
//              itself too) to every rank, several messages to one peer in one
//              (nested) group, sends recorded before recvs, plus one large
//              message; every value and the guard after it is checked.
//   mismatch   recvs that expect more, then fewer, elements than their peer
//              sends: ncclGroupEnd returns ncclInvalidUsage on rank 0 and the
//              other ops of the group complete.
//   unmatched  a send nobody receives: the job aborts at the deadline
//              (MOE_NCCL_EMU_TIMEOUT).
//   badargs    calls refused with their result codes and messages: before
//              MPI_Init, nranks / rank not the world's, different unique ids,
//              a bad peer, datatype, buffer or comm, an unbalanced group.
//
// Rank 0 prints the details; every rank ends with "rank R: CASE ok" (or
// "rank R: FAIL ..." and exit status 1).
//
//===----------------------------------------------------------------------===//

#include <mpi.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
struct ncclComm;
typedef ncclComm *ncclComm_t;
typedef struct {
  char internal[128];
} ncclUniqueId;
enum ncclResult_t {
  ncclSuccess = 0,
  ncclSystemError = 2,
  ncclInvalidArgument = 4,
  ncclInvalidUsage = 5,
};
enum ncclDataType_t { ncclFloat32 = 7, ncclNumTypes = 12 };
typedef void *cudaStream_t;

ncclResult_t ncclGetVersion(int *version);
ncclResult_t ncclGetUniqueId(ncclUniqueId *uniqueId);
ncclResult_t ncclCommInitRank(ncclComm_t *comm, int nranks, ncclUniqueId commId,
                              int rank);
ncclResult_t ncclCommDestroy(ncclComm_t comm);
ncclResult_t ncclCommAbort(ncclComm_t comm);
ncclResult_t ncclCommCount(const ncclComm_t comm, int *count);
ncclResult_t ncclCommUserRank(const ncclComm_t comm, int *rank);
ncclResult_t ncclCommGetAsyncError(ncclComm_t comm, ncclResult_t *asyncError);
const char *ncclGetErrorString(ncclResult_t result);
const char *ncclGetLastError(ncclComm_t comm);
ncclResult_t ncclGroupStart();
ncclResult_t ncclGroupEnd();
ncclResult_t ncclSend(const void *sendbuff, size_t count,
                      ncclDataType_t datatype, int peer, ncclComm_t comm,
                      cudaStream_t stream);
ncclResult_t ncclRecv(void *recvbuff, size_t count, ncclDataType_t datatype,
                      int peer, ncclComm_t comm, cudaStream_t stream);
}

namespace {

int rank = 0, size = 0;
int failures = 0;

void check(bool ok, const std::string &what) {
  if (!ok) {
    std::printf("rank %d: FAIL %s\n", rank, what.c_str());
    ++failures;
  }
}

// Checks a call's result; rank 0 prints it with ncclGetLastError.
void expect(ncclResult_t got, ncclResult_t want, const char *what,
            ncclComm_t comm = nullptr) {
  check(got == want, std::string(what) + ": result " + std::to_string(got) +
                         ", expected " + std::to_string(want));
  if (rank == 0)
    std::printf("%s: %d (%s): %s\n", what, got, ncclGetErrorString(got),
                got == ncclSuccess ? "" : ncclGetLastError(comm));
}

ncclComm_t makeComm() {
  ncclUniqueId id;
  if (rank == 0 && ncclGetUniqueId(&id) != ncclSuccess)
    check(false, "ncclGetUniqueId");
  MPI_Bcast(&id, sizeof id, MPI_BYTE, 0, MPI_COMM_WORLD);
  ncclComm_t comm = nullptr;
  ncclResult_t r = ncclCommInitRank(&comm, size, id, rank);
  check(r == ncclSuccess && comm,
        std::string("ncclCommInitRank: ") + ncclGetLastError(nullptr));
  return comm;
}

// ragged: messages from rank r to rank p, k = 0 .. kMessages - 1 in one group.
constexpr int kMessages = 3;
size_t raggedCount(int r, int p, int k) {
  if (k == kMessages - 1 && p == (r + 1) % size)
    return 300000 + r;            // one large message per rank
  return (r + 2 * p + 3 * k) % 5; // 0 .. 4; 0 for r = p = k = 0 (self)
}
float raggedValue(int r, int p, int k, size_t i) {
  return static_cast<float>(r * 1000000 + p * 100000 + k * 10000) +
         static_cast<float>(i % 10000);
}

void ragged() {
  ncclComm_t comm = makeComm();
  if (!comm)
    return;
  int n = 0, me = -1, version = 0;
  ncclCommCount(comm, &n);
  ncclCommUserRank(comm, &me);
  ncclGetVersion(&version);
  check(n == size && me == rank, "ncclCommCount / ncclCommUserRank");
  check(version == 22809, "ncclGetVersion " + std::to_string(version));

  std::vector<std::vector<float>> out, in;
  for (int p = 0; p < size; ++p)
    for (int k = 0; k < kMessages; ++k) {
      std::vector<float> o(raggedCount(rank, p, k));
      for (size_t i = 0; i < o.size(); ++i)
        o[i] = raggedValue(rank, p, k, i);
      out.push_back(o);
      // One guard element after each recv.
      in.push_back(std::vector<float>(raggedCount(p, rank, k) + 1, -1.0f));
    }
  // Nested groups; sends recorded before recvs.
  bool ok = ncclGroupStart() == ncclSuccess;
  for (int p = 0; p < size; ++p) {
    ok &= ncclGroupStart() == ncclSuccess;
    for (int k = 0; k < kMessages; ++k) {
      const std::vector<float> &o = out[p * kMessages + k];
      ok &= ncclSend(o.data(), o.size(), ncclFloat32, p, comm, nullptr) ==
            ncclSuccess;
    }
    ok &= ncclGroupEnd() == ncclSuccess;
  }
  for (int p = 0; p < size; ++p)
    for (int k = 0; k < kMessages; ++k) {
      std::vector<float> &i = in[p * kMessages + k];
      ok &= ncclRecv(i.data(), i.size() - 1, ncclFloat32, p, comm, nullptr) ==
            ncclSuccess;
    }
  ncclResult_t end = ncclGroupEnd();
  check(ok && end == ncclSuccess,
        std::string("ragged group: ") + ncclGetLastError(comm));
  size_t bad = 0;
  for (int p = 0; p < size; ++p)
    for (int k = 0; k < kMessages; ++k) {
      const std::vector<float> &v = in[p * kMessages + k];
      for (size_t i = 0; i + 1 < v.size(); ++i)
        bad += v[i] != raggedValue(p, rank, k, i);
      bad += v.back() != -1.0f;
    }
  check(bad == 0, std::to_string(bad) + " wrong values received");

  // A send and recv outside a group (groups of one), around the ring: even
  // ranks send first, odd ones receive first.
  float token = static_cast<float>(rank), got = -1;
  int next = (rank + 1) % size, prev = (rank + size - 1) % size;
  bool first = rank % 2 == 0;
  for (int step = 0; step < 2; ++step) {
    if (first == (step == 0))
      ok &=
          ncclSend(&token, 1, ncclFloat32, next, comm, nullptr) == ncclSuccess;
    else
      ok &= ncclRecv(&got, 1, ncclFloat32, prev, comm, nullptr) == ncclSuccess;
  }
  check(ok && got == static_cast<float>(prev), "ring outside a group");

  ncclResult_t async = ncclInvalidUsage;
  ncclCommGetAsyncError(comm, &async);
  check(async == ncclSuccess, "ncclCommGetAsyncError");
  check(ncclCommDestroy(comm) == ncclSuccess, "ncclCommDestroy");
  if (!failures)
    std::printf("rank %d: ragged ok\n", rank);
}

// mismatch: rank 0 expects 8 floats from rank 1, which sends 5, in a group
// with a correct message from rank 2; then 3 where rank 1 sends 6.
void mismatch() {
  ncclComm_t comm = makeComm();
  if (!comm)
    return;
  std::vector<float> a(8, -1.0f), b(4, -1.0f), c(3, -1.0f), src(6);
  for (size_t i = 0; i < src.size(); ++i)
    src[i] = static_cast<float>(rank * 10 + i);
  ncclResult_t fewer = ncclSuccess, more = ncclSuccess;
  ncclGroupStart();
  if (rank == 0) {
    ncclRecv(a.data(), 8, ncclFloat32, 1, comm, nullptr);
    ncclRecv(b.data(), 4, ncclFloat32, 2, comm, nullptr);
  } else {
    ncclSend(src.data(), rank == 1 ? 5 : 4, ncclFloat32, 0, comm, nullptr);
  }
  fewer = ncclGroupEnd();
  if (rank == 0) {
    expect(fewer, ncclInvalidUsage, "fewer sent", comm);
    check(a[4] == 14 && a[5] == -1 && b[3] == 23,
          "the data that came, around the mismatch");
  } else {
    expect(fewer, ncclSuccess, "fewer sent");
  }
  ncclResult_t async = ncclSuccess;
  ncclCommGetAsyncError(comm, &async);
  if (rank == 0)
    std::printf("async error: %d\n", async);
  check(async == (rank == 0 ? ncclInvalidUsage : ncclSuccess),
        "ncclCommGetAsyncError after the mismatch");

  if (rank == 0)
    more = ncclRecv(c.data(), 3, ncclFloat32, 1, comm, nullptr);
  else if (rank == 1)
    more = ncclSend(src.data(), 6, ncclFloat32, 0, comm, nullptr);
  if (rank == 0)
    expect(more, ncclInvalidUsage, "more sent", comm);
  else
    check(more == ncclSuccess, "the larger send");
  ncclCommDestroy(comm);
  if (!failures)
    std::printf("rank %d: mismatch ok\n", rank);
}

// unmatched: rank 0 sends to rank 1, which never receives; the others wait
// in a barrier until the emulator aborts the job.
void unmatched() {
  ncclComm_t comm = makeComm();
  if (!comm)
    return;
  std::fflush(stdout);
  if (rank == 0) {
    float v[4] = {1, 2, 3, 4};
    ncclResult_t r = ncclSend(v, 4, ncclFloat32, 1, comm, nullptr);
    std::printf("rank 0: FAIL the unmatched send returned %d\n", r);
    ++failures;
  }
  MPI_Barrier(MPI_COMM_WORLD);
  ncclCommDestroy(comm);
}

void badargs() {
  // Before MPI_Init (done by main after this case's first part).
  float v[4] = {0, 1, 2, 3};
  ncclUniqueId id;
  expect(ncclGetUniqueId(&id), ncclSuccess, "ncclGetUniqueId");
  ncclComm_t comm = nullptr;
  expect(ncclCommInitRank(&comm, size + 1, id, rank), ncclInvalidArgument,
         "nranks != world size");
  expect(ncclCommInitRank(&comm, size, id, (rank + 1) % size),
         ncclInvalidArgument, "rank != world rank");
  // Every rank its own id: ranks 1 and 2 differ from rank 0.
  expect(ncclCommInitRank(&comm, size, id, rank), ncclInvalidArgument,
         "different ids");
  check(comm == nullptr, "no comm after a failed ncclCommInitRank");
  std::memset(&id, 0, sizeof id);
  expect(ncclCommInitRank(&comm, size, id, rank), ncclInvalidArgument,
         "zero id");

  comm = makeComm();
  if (!comm)
    return;
  expect(ncclSend(v, 4, ncclFloat32, size, comm, nullptr), ncclInvalidArgument,
         "peer out of range", comm);
  expect(ncclRecv(v, 4, ncclFloat32, -1, comm, nullptr), ncclInvalidArgument,
         "negative peer", comm);
  expect(ncclSend(v, 4, ncclNumTypes, 0, comm, nullptr), ncclInvalidArgument,
         "bad datatype", comm);
  expect(ncclRecv(nullptr, 4, ncclFloat32, 0, comm, nullptr),
         ncclInvalidArgument, "null buffer", comm);
  expect(ncclSend(nullptr, 0, ncclFloat32, 0, nullptr, nullptr),
         ncclInvalidArgument, "null comm");
  expect(ncclGroupEnd(), ncclInvalidUsage, "ncclGroupEnd without start");
  int count = 0;
  expect(ncclCommCount(nullptr, &count), ncclInvalidArgument,
         "ncclCommCount(null)");

  // A bad op fails its whole group: the valid self-exchange is not run.
  float self = -1;
  ncclGroupStart();
  ncclSend(v + 1, 1, ncclFloat32, rank, comm, nullptr);
  ncclRecv(&self, 1, ncclFloat32, rank, comm, nullptr);
  ncclResult_t bad = ncclSend(v, 4, ncclFloat32, size + 1, comm, nullptr);
  ncclResult_t end = ncclGroupEnd();
  check(bad == ncclInvalidArgument, "the bad op in the group");
  expect(end, ncclInvalidArgument, "group with a bad op", comm);
  check(self == -1, "the failed group ran nothing");
  ncclResult_t async = ncclSuccess;
  ncclCommGetAsyncError(comm, &async);
  check(async == ncclInvalidArgument, "async error after the failed group");

  // The communicator still works.
  ncclGroupStart();
  ncclSend(v + 2, 1, ncclFloat32, rank, comm, nullptr);
  ncclRecv(&self, 1, ncclFloat32, rank, comm, nullptr);
  expect(ncclGroupEnd(), ncclSuccess, "self exchange after it");
  check(self == 2, "the self exchange");

  expect(ncclCommDestroy(comm), ncclSuccess, "ncclCommDestroy");
  expect(ncclCommDestroy(nullptr), ncclSuccess, "ncclCommDestroy(null)");
  expect(ncclSend(v, 1, ncclFloat32, 0, comm, nullptr), ncclInvalidArgument,
         "destroyed comm");
  if (!failures)
    std::printf("rank %d: badargs ok\n", rank);
}

} // namespace

int main(int argc, char **argv) {
  std::string which = argc > 1 ? argv[1] : "";
  if (which != "ragged" && which != "mismatch" && which != "unmatched" &&
      which != "badargs") {
    std::fprintf(
        stderr, "usage: moe-nccl-emu-test ragged|mismatch|unmatched|badargs\n");
    return 2;
  }
  if (which == "badargs") {
    // Before MPI_Init: rank from mpirun's environment.
    if (const char *r = std::getenv("OMPI_COMM_WORLD_RANK"))
      rank = std::atoi(r);
    ncclUniqueId id;
    ncclGetUniqueId(&id);
    ncclComm_t comm = nullptr;
    expect(ncclCommInitRank(&comm, 1, id, 0), ncclSystemError,
           "before MPI_Init");
  }
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (which == "ragged")
    ragged();
  else if (which == "mismatch")
    mismatch();
  else if (which == "unmatched")
    unmatched();
  else
    badargs();
  std::fflush(stdout);
  MPI_Finalize();
  return failures ? 1 : 0;
}
