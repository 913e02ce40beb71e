//===- Nccl.cpp - NCCL point-to-point for expert exchanges ----------------===//

#include "runtime/cuda/Nccl.h"

#include <cstdlib>
#include <dlfcn.h>
#include <utility>

namespace moe {
namespace runtime {
namespace cuda {

namespace {

struct Loaded {
  nccl::Api api{};
  std::string error;
};

Loaded load() {
  Loaded l;
  // MOE_NCCL_LIBRARY (when not empty): a chosen NCCL, and only that one.
  const char *chosen = std::getenv("MOE_NCCL_LIBRARY");
  void *lib = openToolkitLibrary({"libnccl.so.2"},
                                 chosen && *chosen ? chosen : nullptr, "NCCL",
                                 l.error);
  if (!lib)
    return l;
  nccl::Api &a = l.api;
  auto bind = [&](auto &fn, const char *symbol) {
    void *p = dlsym(lib, symbol);
    if (!p && l.error.empty())
      l.error = std::string("NCCL lacks ") + symbol;
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(p);
  };
  bind(a.getVersion, "ncclGetVersion");
  bind(a.getUniqueId, "ncclGetUniqueId");
  bind(a.commInitRank, "ncclCommInitRank");
  bind(a.commDestroy, "ncclCommDestroy");
  bind(a.commAbort, "ncclCommAbort");
  bind(a.getErrorString, "ncclGetErrorString");
  bind(a.getLastError, "ncclGetLastError");
  bind(a.groupStart, "ncclGroupStart");
  bind(a.groupEnd, "ncclGroupEnd");
  bind(a.send, "ncclSend");
  bind(a.recv, "ncclRecv");
  return l;
}

Expected<const nccl::Api *> api() {
  static Loaded loaded = load();
  if (!loaded.error.empty())
    return Expected<const nccl::Api *>::error(loaded.error);
  return Expected<const nccl::Api *>(&loaded.api);
}

std::string describe(const nccl::Api &a, nccl::Comm comm, nccl::Result r) {
  std::string text = a.getErrorString(r);
  const char *last = a.getLastError(comm);
  if (last && *last)
    text += std::string(": ") + last;
  return text;
}

} // namespace

Expected<nccl::UniqueId> Nccl::uniqueId() {
  using R = Expected<nccl::UniqueId>;
  auto a = api();
  if (!a)
    return R::error(a.errorMessage());
  nccl::UniqueId id{};
  if (nccl::Result r = (*a)->getUniqueId(&id); r != nccl::ncclSuccess)
    return R::error("ncclGetUniqueId: " + describe(**a, nullptr, r));
  return R(id);
}

Expected<std::unique_ptr<Nccl>> Nccl::create(const nccl::UniqueId &id,
                                             int ranks, int rank,
                                             CUstream stream) {
  using R = Expected<std::unique_ptr<Nccl>>;
  auto a = api();
  if (!a)
    return R::error(a.errorMessage());
  std::unique_ptr<Nccl> n(new Nccl());
  n->api_ = *a;
  n->stream_ = stream;
  n->ranks_ = ranks;
  if (nccl::Result r = n->api_->commInitRank(&n->comm_, ranks, id, rank);
      r != nccl::ncclSuccess) {
    n->comm_ = nullptr;
    return R::error("ncclCommInitRank (rank " + std::to_string(rank) + " of " +
                    std::to_string(ranks) +
                    "): " + describe(*n->api_, nullptr, r));
  }
  return R(std::move(n));
}

Nccl::~Nccl() {
  if (comm_)
    api_->commDestroy(comm_);
}

std::string Nccl::version() const {
  int v = 0;
  api_->getVersion(&v);
  return "NCCL " + std::to_string(v);
}

std::string Nccl::message(const std::string &what, nccl::Result r) const {
  return what + ": " + describe(*api_, comm_, r);
}

Status Nccl::exchange(const std::vector<Transfer> &sends,
                      const std::vector<Transfer> &recvs,
                      const std::string &what) {
  for (const auto *list : {&sends, &recvs})
    for (const Transfer &t : *list)
      if (t.peer < 0 || t.peer >= ranks_ || t.floats < 0)
        return Status::error(what + ": a transfer with rank " +
                             std::to_string(t.peer) + " of " +
                             std::to_string(ranks_) + " and " +
                             std::to_string(t.floats) + " values");
  if (nccl::Result r = api_->groupStart(); r != nccl::ncclSuccess)
    return Status::error(message(what + ": ncclGroupStart", r));
  // Every call of the group is made, so that ncclGroupEnd sees a whole
  // group; the first failure is reported.
  nccl::Result first = nccl::ncclSuccess;
  const char *failed = nullptr;
  for (const Transfer &t : recvs)
    if (nccl::Result r =
            api_->recv(reinterpret_cast<void *>(t.data),
                       static_cast<size_t>(t.floats), nccl::ncclFloat32,
                       t.peer, comm_, stream_);
        r != nccl::ncclSuccess && !failed)
      first = r, failed = "ncclRecv";
  for (const Transfer &t : sends)
    if (nccl::Result r =
            api_->send(reinterpret_cast<const void *>(t.data),
                       static_cast<size_t>(t.floats), nccl::ncclFloat32,
                       t.peer, comm_, stream_);
        r != nccl::ncclSuccess && !failed)
      first = r, failed = "ncclSend";
  nccl::Result end = api_->groupEnd();
  if (failed)
    return Status::error(message(what + ": " + failed, first));
  if (end != nccl::ncclSuccess)
    return Status::error(message(what + ": ncclGroupEnd", end));
  return Status::ok();
}

} // namespace cuda
} // namespace runtime
} // namespace moe
