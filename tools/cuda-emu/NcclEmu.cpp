//===- NcclEmu.cpp - NCCL's point-to-point calls over MPI -----------------===//
//
// libnccl.so.2 beside the CUDA driver emulator (CudaEmu.cpp): several moe-run
// processes under mpirun, each with the emulated driver (whose "device
// memory" is host memory and whose streams are synchronous), exchange device
// buffers through the NCCL entry points the runtime binds
// (runtime/cuda/Nccl.cpp), carried by OpenMPI. Point-to-point only (no
// collectives). Written against the C ABI of nccl.h (NCCL 2.28), which is not
// included. Semantics:
//
// - MPI must be initialized by the application (moe-run calls
//   MPI_Init_thread); else ncclCommInitRank returns ncclSystemError.
// - ncclGetUniqueId: 128 bytes, the magic "moe-nccl-emu-id" then the pid, a
//   clock and random bits; needs no MPI.
// - ncclCommInitRank(comm, nranks, id, rank): one communicator spanning
//   MPI_COMM_WORLD in world-rank order (an emulator limitation): nranks must
//   be the world size and rank the world rank, and id must come from
//   ncclGetUniqueId, else ncclInvalidArgument (checked locally: nothing
//   collective is started, so ranks that did not fail wait for this one
//   until the deadline below). Otherwise collective
//   over the world: MPI_COMM_WORLD is duplicated (errors return, not abort),
//   rank 0's id is broadcast, and if any rank passed a different id every
//   rank returns ncclInvalidArgument ("ranks passed different unique ids").
// - ncclSend / ncclRecv: count elements of datatype (bytes = count * size).
//   Inside ncclGroupStart/ncclGroupEnd (which nest) they are only recorded;
//   the outermost ncclGroupEnd posts every recorded recv (MPI_Irecv), then
//   every send (MPI_Issend: synchronous, so that a send completes only once
//   its recv has matched it, as in NCCL, and an unmatched one is caught by
//   the deadline below), and returns once all have completed: as streams
//   are synchronous, the data is in place when ncclGroupEnd returns. A call
//   outside a group is a group of one (it returns when its peer has matched
//   it). Ops between two ranks match in the order they were posted (one tag
//   on the duplicated communicator; MPI does not overtake). A rank may send
//   to itself. A count of 0 still sends a (0-byte) message, so it must be
//   matched by a recv of 0 as NCCL's "same count" rule says. Messages over
//   INT_MAX bytes go as 1 GiB chunks, split the same way on both sides.
// - A recv must get exactly its count: a smaller matching send (MPI_Get_count)
//   or a larger one (MPI_ERR_TRUNCATE) makes ncclGroupEnd return
//   ncclInvalidUsage ("ncclRecv from rank P expected N elements, rank P sent
//   M"). The other ops of the group still complete first.
// - Completion is polled against a deadline of MOE_NCCL_EMU_TIMEOUT seconds
//   (default 60): past it (an unmatched send or recv; a real NCCL would hang)
//   the pending ops are printed to stderr and the job is ended with
//   MPI_Abort(MPI_COMM_WORLD, 1). ncclCommInitRank waits for the other ranks
//   under the same deadline.
// - Invalid arguments (a null or destroyed comm, a peer out of range, an
//   unknown datatype, a null buffer with count > 0, ncclGroupEnd without
//   ncclGroupStart, ...) return ncclInvalidArgument or ncclInvalidUsage. An
//   invalid ncclSend/ncclRecv inside a group makes the whole group fail:
//   ncclGroupEnd posts none of its ops and returns that error (as NCCL does).
//   An error returned by ncclGroupEnd is remembered for
//   ncclCommGetAsyncError of the communicators in the group (else
//   ncclSuccess).
// - ncclGetLastError(comm) is the message of this thread's last error
//   (whatever the comm; "" before any). Errors of ncclCommInitRank and
//   timeouts are also printed to stderr; the others only with NCCL_DEBUG set
//   to WARN, INFO or TRACE. Group state is per thread, as in NCCL.
// - ncclGetVersion reports 22809 (nccl.h's NCCL_VERSION_CODE).
//
//===----------------------------------------------------------------------===//

#include <mpi.h>

#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <strings.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

// nccl.h's ABI.
using Result = int;
enum : Result {
  kSuccess = 0,
  kUnhandledCudaError = 1,
  kSystemError = 2,
  kInternalError = 3,
  kInvalidArgument = 4,
  kInvalidUsage = 5,
  kRemoteError = 6,
  kInProgress = 7,
};
constexpr int kNumTypes = 12; // ncclInt8 .. ncclFloat8e5m2
constexpr int kUniqueIdBytes = 128;
constexpr int kVersion = 22809;

struct UniqueId {
  char internal[kUniqueIdBytes];
};

constexpr char kMagic[16] = "moe-nccl-emu-id";
constexpr uint32_t kCommMagic = 0x6e63636c; // "nccl"
constexpr int kTag = 0x6e63;
constexpr size_t kChunkBytes = size_t(1) << 30; // <= INT_MAX

size_t typeSize(int type) {
  static const size_t sizes[kNumTypes] = {1, 1, 4, 4, 8, 8, 2, 4, 8, 2, 1, 1};
  return sizes[type];
}
const char *typeName(int type) {
  static const char *names[kNumTypes] = {
      "ncclInt8",    "ncclUint8",    "ncclInt32",      "ncclUint32",
      "ncclInt64",   "ncclUint64",   "ncclFloat16",    "ncclFloat32",
      "ncclFloat64", "ncclBfloat16", "ncclFloat8e4m3", "ncclFloat8e5m2"};
  return names[type];
}

} // namespace

// The opaque ncclComm_t of nccl.h (`struct ncclComm *`).
struct ncclComm {
  uint32_t magic = kCommMagic;
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0, size = 0;
  Result asyncError = kSuccess;
};

namespace {

using Comm = ncclComm;

// Live communicators, so a destroyed or bogus handle is refused, not used.
std::mutex liveMutex;
std::set<const Comm *> live;

bool isLive(const Comm *c) {
  std::lock_guard<std::mutex> lock(liveMutex);
  return live.count(c) != 0;
}

struct Op {
  bool send;
  void *buf;
  size_t count;
  int type;
  int peer;
  Comm *comm;
};

// Per thread, as NCCL's group state.
thread_local std::string lastError;
thread_local int groupDepth = 0;
thread_local std::vector<Op> groupOps;
thread_local Result groupError = kSuccess;
thread_local std::string groupErrorMessage;
thread_local Comm *groupErrorComm = nullptr; // the failed op's, if any

int worldRank() {
  int init = 0, fin = 0;
  MPI_Initialized(&init);
  MPI_Finalized(&fin);
  int r = -1;
  if (init && !fin)
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

std::string rankPrefix() {
  int r = worldRank();
  return r < 0 ? std::string("moe-nccl-emu: ")
               : "moe-nccl-emu (rank " + std::to_string(r) + "): ";
}

bool debugWarn() {
  const char *d = std::getenv("NCCL_DEBUG");
  return d && (!strcasecmp(d, "WARN") || !strcasecmp(d, "INFO") ||
               !strcasecmp(d, "TRACE"));
}

// Records the message for ncclGetLastError and returns r.
Result fail(Result r, const std::string &message, bool print = false) {
  lastError = message;
  if (print || debugWarn())
    std::fprintf(stderr, "%s%s\n", rankPrefix().c_str(), message.c_str());
  return r;
}

double timeoutSeconds() {
  const char *s = std::getenv("MOE_NCCL_EMU_TIMEOUT");
  if (!s || !*s)
    return 60;
  char *end = nullptr;
  double t = std::strtod(s, &end);
  if (end == s || *end || !std::isfinite(t) || t <= 0)
    return 60;
  return t;
}

std::string seconds(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", t);
  return buf;
}

using Clock = std::chrono::steady_clock;

Clock::time_point deadlineFromNow(double t) {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(t));
}

// Sleeps a little longer each time nothing completed (up to 1 ms), so ranks
// oversubscribing the cores leave them to the peers they wait for.
void backOff(int &idle) {
  if (idle < 16) {
    ++idle;
    std::this_thread::yield();
    return;
  }
  int us = std::min(1000, 10 << std::min(idle++ - 16, 7));
  std::this_thread::sleep_for(std::chrono::microseconds(us));
}

[[noreturn]] void abortJob(const std::string &message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  std::fflush(stderr);
  std::fflush(stdout);
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::abort();
}

// Waits for one request of ncclCommInitRank's collective steps.
void waitInit(MPI_Request &req, const char *step, double timeout) {
  auto deadline = deadlineFromNow(timeout);
  int idle = 0;
  for (;;) {
    int done = 0;
    if (MPI_Test(&req, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS || done)
      return;
    if (Clock::now() > deadline)
      abortJob("ncclCommInitRank (emulated): rank " +
               std::to_string(worldRank()) + " waited " + seconds(timeout) +
               " s for the other ranks (" + step +
               "): every rank of MPI_COMM_WORLD must call ncclCommInitRank");
    backOff(idle);
  }
}

std::string describeOp(const Op &op) {
  return std::string(op.send ? "ncclSend of " : "ncclRecv of ") +
         std::to_string(op.count) + " " + typeName(op.type) +
         (op.send ? " to rank " : " from rank ") + std::to_string(op.peer);
}

// Checks comm and, where given, the peer: an error message or "".
std::string checkComm(const Comm *comm, const char *fn) {
  if (!comm)
    return std::string(fn) + ": comm is null";
  if (!isLive(comm))
    return std::string(fn) +
           ": comm is not a live communicator (destroyed, or never made by "
           "ncclCommInitRank)";
  return "";
}

Result checkOp(const Op &op, const char *fn) {
  std::string err = checkComm(op.comm, fn);
  if (!err.empty())
    return fail(kInvalidArgument, err);
  if (op.type < 0 || op.type >= kNumTypes)
    return fail(kInvalidArgument, std::string(fn) + ": unknown datatype " +
                                      std::to_string(op.type));
  if (op.peer < 0 || op.peer >= op.comm->size)
    return fail(kInvalidArgument,
                std::string(fn) + ": peer " + std::to_string(op.peer) +
                    " is out of range (the communicator has " +
                    std::to_string(op.comm->size) + " ranks)");
  if (op.count > SIZE_MAX / typeSize(op.type))
    return fail(kInvalidArgument, std::string(fn) + ": count " +
                                      std::to_string(op.count) +
                                      " overflows the byte size");
  if (!op.buf && op.count > 0)
    return fail(kInvalidArgument, std::string(fn) +
                                      ": the buffer is null (count " +
                                      std::to_string(op.count) + ")");
  return kSuccess;
}

// One MPI message: a chunk of an op.
struct Message {
  size_t op;
  size_t offset; // bytes into the op's buffer
  size_t bytes;
  MPI_Request req = MPI_REQUEST_NULL;
  bool done = false;
};

std::string mismatch(const Op &op, size_t receivedBytes) {
  size_t size = typeSize(op.type);
  std::string sent = receivedBytes % size
                         ? std::to_string(receivedBytes) + " bytes"
                         : std::to_string(receivedBytes / size);
  return "ncclRecv from rank " + std::to_string(op.peer) + " expected " +
         std::to_string(op.count) + " elements, rank " +
         std::to_string(op.peer) + " sent " + sent;
}

std::string mpiError(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  if (MPI_Error_string(code, text, &len) != MPI_SUCCESS)
    return "MPI error " + std::to_string(code);
  return std::string(text, len);
}

// Posts and completes one group's ops; the first error (its message set,
// after `prefix`).
Result runGroup(const std::vector<Op> &ops, const std::string &prefix) {
  std::vector<Message> msgs;
  Result result = kSuccess;
  std::string message;
  auto record = [&](Result r, const std::string &m) {
    if (result == kSuccess) {
      result = r;
      message = m;
    }
  };

  // All recvs first, then all sends, each in the order recorded.
  for (int pass = 0; pass < 2 && result == kSuccess; ++pass) {
    bool sends = pass == 1;
    for (size_t i = 0; i < ops.size() && result == kSuccess; ++i) {
      const Op &op = ops[i];
      if (op.send != sends)
        continue;
      size_t total = op.count * typeSize(op.type), offset = 0;
      do {
        Message m;
        m.op = i;
        m.offset = offset;
        m.bytes = std::min(total - offset, kChunkBytes);
        char *at = static_cast<char *>(op.buf) + offset;
        int n = static_cast<int>(m.bytes), rc;
        if (sends)
          rc =
              MPI_Issend(at, n, MPI_BYTE, op.peer, kTag, op.comm->comm, &m.req);
        else
          rc = MPI_Irecv(at, n, MPI_BYTE, op.peer, kTag, op.comm->comm, &m.req);
        if (rc != MPI_SUCCESS) {
          record(kSystemError, std::string(sends ? "MPI_Issend" : "MPI_Irecv") +
                                   " for " + describeOp(op) +
                                   " failed: " + mpiError(rc));
          break;
        }
        msgs.push_back(m);
        offset += m.bytes;
      } while (offset < total);
    }
  }
  // A failed post: the recvs already posted are cancelled (the sends cannot
  // be), then everything posted is completed below.
  if (result != kSuccess)
    for (Message &m : msgs)
      if (!ops[m.op].send)
        MPI_Cancel(&m.req);

  double timeout = timeoutSeconds();
  auto deadline = deadlineFromNow(timeout);
  size_t left = msgs.size();
  int idle = 0;
  while (left) {
    bool progress = false;
    for (Message &m : msgs) {
      if (m.done)
        continue;
      const Op &op = ops[m.op];
      int flag = 0;
      MPI_Status st;
      std::memset(&st, 0, sizeof st);
      int rc = MPI_Test(&m.req, &flag, &st);
      if (rc == MPI_SUCCESS && !flag)
        continue;
      m.done = true;
      --left;
      progress = true;
      if (rc != MPI_SUCCESS) {
        // Completed in error (the request may be left allocated).
        if (m.req != MPI_REQUEST_NULL)
          MPI_Request_free(&m.req);
        int cls = 0;
        MPI_Error_class(rc, &cls);
        if (!op.send && cls == MPI_ERR_TRUNCATE) {
          int got = 0;
          MPI_Get_count(&st, MPI_BYTE, &got);
          size_t sent = m.offset + static_cast<size_t>(got);
          record(kInvalidUsage,
                 got > 0 && static_cast<size_t>(got) > m.bytes
                     ? mismatch(op, sent)
                     : "ncclRecv from rank " + std::to_string(op.peer) +
                           " expected " + std::to_string(op.count) +
                           " elements, rank " + std::to_string(op.peer) +
                           " sent more");
        } else {
          record(kSystemError, describeOp(op) + " failed: " + mpiError(rc));
        }
        continue;
      }
      if (op.send)
        continue;
      int cancelled = 0;
      MPI_Test_cancelled(&st, &cancelled);
      if (cancelled)
        continue;
      int got = 0;
      MPI_Get_count(&st, MPI_BYTE, &got);
      if (static_cast<size_t>(got) != m.bytes)
        record(kInvalidUsage,
               mismatch(op, m.offset + static_cast<size_t>(got)));
    }
    if (!left)
      break;
    if (progress) {
      idle = 0;
      continue;
    }
    if (Clock::now() > deadline) {
      // The ops (not messages) still pending.
      std::vector<bool> pending(ops.size(), false);
      for (const Message &m : msgs)
        if (!m.done)
          pending[m.op] = true;
      size_t n = 0;
      std::string list;
      for (size_t i = 0; i < ops.size(); ++i)
        if (pending[i]) {
          ++n;
          list += "\n  rank " + std::to_string(ops[i].comm->rank) + ": " +
                  describeOp(ops[i]) + " is pending";
        }
      std::string text = "ncclGroupEnd (emulated): " + std::to_string(n) +
                         " send/recv operations did not complete within " +
                         seconds(timeout) +
                         " s (an unmatched ncclSend/ncclRecv?)" + list;
      if (result != kSuccess)
        text += "\n  (after an earlier error: " + message + ")";
      abortJob(text);
    }
    backOff(idle);
  }
  if (result != kSuccess)
    return fail(result, prefix + message);
  return kSuccess;
}

// Ends the outermost group (or runs a group of one, `single`): runs its ops,
// or fails it whole.
Result endGroup(bool single = false) {
  std::vector<Op> ops;
  ops.swap(groupOps);
  Result r = groupError;
  Comm *failedComm = groupErrorComm;
  groupError = kSuccess;
  groupErrorComm = nullptr;
  if (r != kSuccess)
    fail(r, "ncclGroupEnd: " + groupErrorMessage + " (so none of the " +
                std::to_string(ops.size()) + " other ops of the group ran)");
  else if (!ops.empty())
    r = runGroup(ops, single ? "" : "ncclGroupEnd: ");
  if (r != kSuccess) {
    std::vector<Comm *> comms{failedComm};
    for (const Op &op : ops)
      comms.push_back(op.comm);
    for (Comm *c : comms)
      if (c && isLive(c) && c->asyncError == kSuccess)
        c->asyncError = r;
  }
  return r;
}

Result enqueue(const Op &op, const char *fn) {
  if (Result r = checkOp(op, fn)) {
    if (groupDepth > 0 && groupError == kSuccess) {
      groupError = r;
      groupErrorMessage = lastError;
      groupErrorComm = op.comm;
    }
    return r;
  }
  if (groupDepth > 0) {
    groupOps.push_back(op);
    return kSuccess;
  }
  // A group of one.
  groupOps.push_back(op);
  return endGroup(/*single=*/true);
}

Result destroyComm(Comm *comm, const char *fn) {
  if (!comm)
    return kSuccess; // as NCCL
  std::string err = checkComm(comm, fn);
  if (!err.empty())
    return fail(kInvalidArgument, err);
  for (const Op &op : groupOps)
    if (op.comm == comm)
      return fail(kInvalidUsage,
                  std::string(fn) +
                      ": the communicator has ops in an unfinished group");
  {
    std::lock_guard<std::mutex> lock(liveMutex);
    live.erase(comm);
  }
  int fin = 0;
  MPI_Finalized(&fin);
  if (!fin && comm->comm != MPI_COMM_NULL)
    MPI_Comm_free(&comm->comm);
  comm->magic = 0;
  delete comm;
  return kSuccess;
}

} // namespace

#define NCCL_EMU_API extern "C" __attribute__((visibility("default")))

NCCL_EMU_API Result ncclGetVersion(int *version) {
  if (!version)
    return fail(kInvalidArgument, "ncclGetVersion: version is null");
  *version = kVersion;
  return kSuccess;
}

NCCL_EMU_API Result ncclGetUniqueId(UniqueId *id) {
  if (!id)
    return fail(kInvalidArgument, "ncclGetUniqueId: uniqueId is null");
  std::memset(id->internal, 0, sizeof id->internal);
  std::memcpy(id->internal, kMagic, sizeof kMagic);
  uint64_t words[3];
  words[0] = static_cast<uint64_t>(getpid());
  words[1] = static_cast<uint64_t>(
      std::chrono::system_clock::now().time_since_epoch().count());
  std::random_device rd;
  words[2] = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  std::memcpy(id->internal + sizeof kMagic, words, sizeof words);
  return kSuccess;
}

NCCL_EMU_API Result ncclCommInitRank(ncclComm **out, int nranks, UniqueId id,
                                     int rank) {
  const char *fn = "ncclCommInitRank (emulated)";
  if (!out)
    return fail(kInvalidArgument, std::string(fn) + ": comm is null", true);
  *out = nullptr;
  int init = 0, fin = 0;
  MPI_Initialized(&init);
  MPI_Finalized(&fin);
  if (!init || fin)
    return fail(kSystemError,
                std::string(fn) + ": MPI is " +
                    (fin ? "already finalized" : "not initialized") +
                    ": this NCCL emulator runs over MPI, which the "
                    "application must initialize (MPI_Init_thread) first",
                true);
  int size = 0, wrank = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_rank(MPI_COMM_WORLD, &wrank);
  if (nranks != size || rank != wrank)
    return fail(kInvalidArgument,
                std::string(fn) + ": nranks " + std::to_string(nranks) +
                    ", rank " + std::to_string(rank) + " on MPI world rank " +
                    std::to_string(wrank) + " of " + std::to_string(size) +
                    ": the emulator's communicator spans MPI_COMM_WORLD in "
                    "world-rank order (nranks = world size, rank = world "
                    "rank)",
                true);
  if (std::memcmp(id.internal, kMagic, sizeof kMagic) != 0)
    return fail(kInvalidArgument,
                std::string(fn) +
                    ": the unique id was not made by ncclGetUniqueId",
                true);

  double timeout = timeoutSeconds();
  MPI_Comm dup = MPI_COMM_NULL;
  MPI_Request req;
  if (int rc = MPI_Comm_idup(MPI_COMM_WORLD, &dup, &req))
    return fail(kSystemError,
                std::string(fn) + ": MPI_Comm_idup failed: " + mpiError(rc),
                true);
  waitInit(req, "MPI_Comm_idup", timeout);
  MPI_Comm_set_errhandler(dup, MPI_ERRORS_RETURN);

  UniqueId root = id;
  int rc = MPI_Ibcast(root.internal, kUniqueIdBytes, MPI_BYTE, 0, dup, &req);
  if (rc == MPI_SUCCESS)
    waitInit(req, "broadcast of rank 0's unique id", timeout);
  int same = std::memcmp(root.internal, id.internal, kUniqueIdBytes) == 0;
  std::vector<int> all(size, 0);
  if (rc == MPI_SUCCESS) {
    rc = MPI_Iallgather(&same, 1, MPI_INT, all.data(), 1, MPI_INT, dup, &req);
    if (rc == MPI_SUCCESS)
      waitInit(req, "comparison of the unique ids", timeout);
  }
  if (rc != MPI_SUCCESS) {
    MPI_Comm_free(&dup);
    return fail(kSystemError, std::string(fn) + ": " + mpiError(rc), true);
  }
  std::string differ;
  for (int r = 0; r < size; ++r)
    if (!all[r])
      differ += (differ.empty() ? "" : ", ") + std::to_string(r);
  if (!differ.empty()) {
    MPI_Comm_free(&dup);
    return fail(kInvalidArgument,
                std::string(fn) +
                    ": ranks passed different unique ids (rank(s) " + differ +
                    " differ from rank 0's)",
                true);
  }

  Comm *c = new Comm();
  c->comm = dup;
  c->rank = wrank;
  c->size = size;
  {
    std::lock_guard<std::mutex> lock(liveMutex);
    live.insert(c);
  }
  *out = c;
  return kSuccess;
}

NCCL_EMU_API Result ncclCommDestroy(ncclComm *comm) {
  return destroyComm(comm, "ncclCommDestroy");
}

NCCL_EMU_API Result ncclCommAbort(ncclComm *comm) {
  return destroyComm(comm, "ncclCommAbort");
}

NCCL_EMU_API Result ncclCommCount(const ncclComm *comm, int *count) {
  std::string err = checkComm(comm, "ncclCommCount");
  if (!err.empty())
    return fail(kInvalidArgument, err);
  if (!count)
    return fail(kInvalidArgument, "ncclCommCount: count is null");
  *count = comm->size;
  return kSuccess;
}

NCCL_EMU_API Result ncclCommUserRank(const ncclComm *comm, int *rank) {
  std::string err = checkComm(comm, "ncclCommUserRank");
  if (!err.empty())
    return fail(kInvalidArgument, err);
  if (!rank)
    return fail(kInvalidArgument, "ncclCommUserRank: rank is null");
  *rank = comm->rank;
  return kSuccess;
}

NCCL_EMU_API Result ncclCommGetAsyncError(ncclComm *comm, Result *error) {
  std::string err = checkComm(comm, "ncclCommGetAsyncError");
  if (!err.empty())
    return fail(kInvalidArgument, err);
  if (!error)
    return fail(kInvalidArgument, "ncclCommGetAsyncError: asyncError is null");
  *error = comm->asyncError;
  return kSuccess;
}

NCCL_EMU_API const char *ncclGetErrorString(Result r) {
  switch (r) {
  case kSuccess:
    return "no error";
  case kUnhandledCudaError:
    return "unhandled cuda error";
  case kSystemError:
    return "unhandled system error";
  case kInternalError:
    return "internal error";
  case kInvalidArgument:
    return "invalid argument";
  case kInvalidUsage:
    return "invalid usage";
  case kRemoteError:
    return "remote process exited or there was a network error";
  case kInProgress:
    return "NCCL operation in progress";
  default:
    return "unknown result code";
  }
}

NCCL_EMU_API const char *ncclGetLastError(ncclComm *) {
  return lastError.c_str();
}

NCCL_EMU_API Result ncclGroupStart() {
  ++groupDepth;
  return kSuccess;
}

NCCL_EMU_API Result ncclGroupEnd() {
  if (groupDepth == 0)
    return fail(kInvalidUsage,
                "ncclGroupEnd: no ncclGroupStart to end (group depth 0)");
  if (--groupDepth > 0)
    return kSuccess;
  return endGroup();
}

NCCL_EMU_API Result ncclSend(const void *buf, size_t count, int type, int peer,
                             ncclComm *comm, void * /*stream*/) {
  return enqueue(Op{true, const_cast<void *>(buf), count, type, peer, comm},
                 "ncclSend");
}

NCCL_EMU_API Result ncclRecv(void *buf, size_t count, int type, int peer,
                             ncclComm *comm, void * /*stream*/) {
  return enqueue(Op{false, buf, count, type, peer, comm}, "ncclRecv");
}
