//===- Exchange.cpp - Expert-parallel dispatch and combine ----------------===//
//
// See Exchange.h.
//
//===----------------------------------------------------------------------===//

#include "runtime/exec/Exchange.h"

#include <cstring>
#include <numeric>

namespace moe {
namespace runtime {

/// Rows over all ranks of a per-rank row count.
static int64_t sum(const std::vector<int64_t> &rows) {
  return std::accumulate(rows.begin(), rows.end(), int64_t{0});
}

static void copyRows(float *dst, const float *src, int64_t rows,
                     int64_t hidden) {
  if (rows > 0)
    std::memcpy(dst, src, static_cast<size_t>(rows * hidden) * sizeof(float));
}

Status ExpertExchange::dispatch(Comm &comm, const mxa::Exchange &x,
                                const float *rows, const int32_t *offsets,
                                int64_t experts, int64_t hidden, float *recv,
                                int64_t capacity, int32_t *counts,
                                int32_t *slotOffsets, int64_t &received) {
  Status s = startDispatch(comm, x, rows, offsets, experts, hidden, capacity);
  return s ? finishDispatch(comm, x, recv, counts, slotOffsets, received) : s;
}

Status ExpertExchange::combine(Comm &comm, const mxa::Exchange &x,
                               const float *expertOut, float *out,
                               int64_t hidden) {
  Status s = startCombine(comm, x, expertOut, hidden);
  return s ? finishCombine(comm, x, out) : s;
}

Status ExpertExchange::layout(Comm &comm, const mxa::Exchange &x,
                              const int32_t *offsets, int64_t experts,
                              int64_t hidden, int64_t capacity, State *&out) {
  const int P = comm.size(), r = comm.rank();
  const auto *placement = x.placement();
  const int64_t slots = static_cast<int64_t>(placement->size());
  const std::string where = "exchange of layer " + std::to_string(x.layer());
  if (slots % P != 0)
    return Status::error(where + ": " + std::to_string(slots) +
                         " expert slots do not split over " +
                         std::to_string(P) +
                         " ranks (the artifact's "
                         "ep_size must equal the number of MPI ranks)");
  auto old = states_.find(x.id());
  if (old != states_.end() && old->second.step != Step::Done)
    return Status::error(where + ": dispatch " + std::to_string(x.id()) +
                         " started while the previous one is in flight");
  const int64_t L = slots / P;
  // Slots of each expert, ascending.
  std::vector<std::vector<int64_t>> holders(static_cast<size_t>(experts));
  for (int64_t s = 0; s < slots; ++s) {
    int64_t e = placement->Get(static_cast<flatbuffers::uoffset_t>(s));
    if (e >= experts)
      return Status::error(where + ": placement slot " + std::to_string(s) +
                           " holds expert " + std::to_string(e) + " of " +
                           std::to_string(experts));
    if (e >= 0)
      holders[static_cast<size_t>(e)].push_back(s);
  }
  State &st = states_[x.id()];
  st = State();
  st.slotsPerRank = L;
  st.hidden = hidden;
  st.capacity = capacity;
  st.layer = x.layer();
  st.sendCounts.assign(P * L, 0);
  st.recvCounts.assign(P * L, 0);
  st.chunks.assign(P * L, Chunk{});
  st.sendRows.assign(P, 0);
  st.recvRows.assign(P, 0);
  for (int64_t e = 0; e < experts; ++e) {
    int64_t begin = offsets[e], c = offsets[e + 1] - offsets[e];
    if (c < 0 || begin < 0)
      return Status::error(where + ": offsets of expert " + std::to_string(e) +
                           " are not ascending");
    if (c == 0)
      continue;
    const std::vector<int64_t> &h = holders[static_cast<size_t>(e)];
    if (h.empty())
      return Status::error(where + ": expert " + std::to_string(e) +
                           " has rows but no slot");
    int64_t n = static_cast<int64_t>(h.size());
    for (int64_t j = 0; j < n; ++j) {
      int64_t lo = c * j / n, hi = c * (j + 1) / n;
      int64_t s = h[static_cast<size_t>((j + r) % n)];
      st.chunks[s] = Chunk{begin + lo, hi - lo};
      st.sendCounts[s] = hi - lo;
      st.sendRows[s / L] += hi - lo;
    }
  }
  out = &st;
  return Status::ok();
}

Status ExpertExchange::startDispatch(Comm &comm, const mxa::Exchange &x,
                                     const float *rows, const int32_t *offsets,
                                     int64_t experts, int64_t hidden,
                                     int64_t capacity) {
  State *laid = nullptr;
  Status s = layout(comm, x, offsets, experts, hidden, capacity, laid);
  if (!s)
    return s;
  State &st = *laid;
  const int64_t P = comm.size(), L = st.slotsPerRank;
  // Pack by destination rank, then slot (only local facts are needed).
  st.send.resize(static_cast<size_t>(sum(st.sendRows) * hidden));
  float *out = st.send.data();
  for (int64_t q = 0; q < P * L; ++q) {
    copyRows(out, rows + st.chunks[q].start * hidden, st.chunks[q].rows,
             hidden);
    out += st.chunks[q].rows * hidden;
  }
  auto req = comm.startAllToAll(st.sendCounts.data(), st.recvCounts.data(), L,
                                "expert dispatch (counts)");
  if (!req)
    return Status::error(req.errorMessage());
  st.request = std::move(*req);
  st.step = Step::Counts;
  st.combining = false;
  st.startedAt = std::chrono::steady_clock::now();
  return advance(comm, st);
}

/// Sums the per-slot counts received into rows per source rank; checks them
/// against the planned capacity.
Status ExpertExchange::countsArrived(Comm &comm, State &st) {
  const int P = comm.size();
  const int64_t L = st.slotsPerRank;
  for (int p = 0; p < P; ++p) {
    st.recvRows[p] = 0;
    for (int64_t l = 0; l < L; ++l)
      st.recvRows[p] += st.recvCounts[p * L + l];
  }
  int64_t total = sum(st.recvRows);
  if (total > st.capacity)
    return Status::error("exchange of layer " + std::to_string(st.layer) +
                         ": received " + std::to_string(total) +
                         " rows, the schedule was planned for at most " +
                         std::to_string(st.capacity));
  return Status::ok();
}

/// Moves `st` as far as its requests allow: counts arrived -> post the rows;
/// rows arrived -> Arrived.
Status ExpertExchange::advance(Comm &comm, State &st) {
  const char *what =
      st.combining ? "expert combine (rows)" : "expert dispatch (rows)";
  if (st.step == Step::Counts) {
    auto done = comm.test(*st.request, "expert dispatch (counts)");
    if (!done)
      return Status::error(done.errorMessage());
    if (!*done)
      return Status::ok();
    Status s = countsArrived(comm, st);
    if (!s)
      return s;
    st.recv.resize(static_cast<size_t>(sum(st.recvRows) * st.hidden));
    auto req =
        comm.startAllToAllRows(st.send.data(), st.sendRows, st.recv.data(),
                               st.recvRows, st.hidden, what);
    if (!req)
      return Status::error(req.errorMessage());
    st.request = std::move(*req);
    st.step = Step::Rows;
  }
  if (st.step == Step::Rows) {
    auto done = comm.test(*st.request, what);
    if (!done)
      return Status::error(done.errorMessage());
    if (*done) {
      st.request.reset();
      st.step = Step::Arrived;
      st.arrivedAt = std::chrono::steady_clock::now();
    }
  }
  return Status::ok();
}

std::pair<std::chrono::steady_clock::time_point,
          std::chrono::steady_clock::time_point>
ExpertExchange::flight(int id) const {
  auto it = states_.find(id);
  if (it == states_.end())
    return {};
  return {it->second.startedAt, it->second.arrivedAt};
}

Status ExpertExchange::progress(Comm &comm) {
  for (auto &[id, st] : states_)
    if (st.step == Step::Counts || st.step == Step::Rows) {
      Status s = advance(comm, st);
      if (!s)
        return s;
    }
  return Status::ok();
}

int64_t ExpertExchange::received(int id) const {
  auto it = states_.find(id);
  return it == states_.end() || !it->second.dispatched
             ? 0
             : sum(it->second.recvRows);
}

bool ExpertExchange::arrived(int id) const {
  auto it = states_.find(id);
  return it == states_.end() ||
         (it->second.step != Step::Counts && it->second.step != Step::Rows);
}

/// Polls `st` until its data has arrived; past the timeout, aborts the job.
Status ExpertExchange::waitArrived(Comm &comm, State &st, const char *what) {
  Status s = advance(comm, st);
  if (!s || st.step == Step::Arrived)
    return s;
  if (st.step == Step::Counts) {
    s = comm.wait(*st.request, "expert dispatch (counts)");
    if (s)
      s = advance(comm, st);
    if (!s || st.step == Step::Arrived)
      return s;
  }
  s = comm.wait(*st.request, what);
  if (!s)
    return s;
  st.request.reset();
  st.step = Step::Arrived;
  st.arrivedAt = std::chrono::steady_clock::now();
  return Status::ok();
}

Status ExpertExchange::waitStarted(Comm &comm, const mxa::Exchange &x,
                                   bool combine, State *&st) {
  auto it = states_.find(x.id());
  if (it == states_.end() || it->second.combining != combine ||
      it->second.step == Step::Done)
    return Status::error("exchange of layer " + std::to_string(x.layer()) +
                         (combine ? ": combine " : ": dispatch ") +
                         std::to_string(x.id()) + " finished before it started");
  st = &it->second;
  return waitArrived(comm, *st, combine ? "expert combine (rows)"
                                        : "expert dispatch (rows)");
}

/// The received rows' slot-major layout: `counts` [L] and `slotOffsets`
/// [L + 1]; `at[p * L + l]` is where the rows of slot l from rank p start.
static void slotMajor(const std::vector<int64_t> &recvCounts, int64_t P,
                      int64_t L, int32_t *counts, int32_t *slotOffsets,
                      std::vector<int64_t> &at) {
  at.assign(static_cast<size_t>(P * L), 0);
  int64_t next = 0;
  for (int64_t l = 0; l < L; ++l) {
    slotOffsets[l] = static_cast<int32_t>(next);
    for (int64_t p = 0; p < P; ++p) {
      at[p * L + l] = next;
      next += recvCounts[p * L + l];
    }
    counts[l] = static_cast<int32_t>(next - slotOffsets[l]);
  }
  slotOffsets[L] = static_cast<int32_t>(next);
}

void ExpertExchange::record(Comm &comm, const mxa::Exchange &x,
                            const State &st, bool combine) {
  const int r = comm.rank();
  int64_t received = sum(st.recvRows), sent = sum(st.sendRows);
  int64_t bytes = st.hidden * static_cast<int64_t>(sizeof(float));
  int64_t out = (sent - st.sendRows[r]) * bytes,
          in = (received - st.recvRows[r]) * bytes;
  ExchangeStats &stats = stats_[x.layer()];
  if (!combine) {
    ++stats.dispatches;
    stats.rowsReceived += received;
  }
  // A combine sends back what its dispatch received.
  stats.bytesSent += combine ? in : out;
  stats.bytesReceived += combine ? out : in;
}

Status ExpertExchange::finishDispatch(Comm &comm, const mxa::Exchange &x,
                                      float *recv, int32_t *counts,
                                      int32_t *slotOffsets, int64_t &received) {
  State *started = nullptr;
  Status s = waitStarted(comm, x, /*combine=*/false, started);
  if (!s)
    return s;
  State &st = *started;
  const int64_t P = comm.size(), L = st.slotsPerRank, hidden = st.hidden;
  // Unpack slot-major: slot, then source rank.
  slotMajor(st.recvCounts, P, L, counts, slotOffsets, st.at);
  const float *in = st.recv.data();
  for (int64_t q = 0; q < P * L; ++q) {
    copyRows(recv + st.at[q] * hidden, in, st.recvCounts[q], hidden);
    in += st.recvCounts[q] * hidden;
  }
  st.dispatched = true;
  st.step = Step::Done;
  received = sum(st.recvRows);
  record(comm, x, st, /*combine=*/false);
  return Status::ok();
}

Status ExpertExchange::planDispatch(Comm &comm, const mxa::Exchange &x,
                                    const int32_t *offsets, int64_t experts,
                                    int64_t hidden, int64_t capacity,
                                    int32_t *counts, int32_t *slotOffsets,
                                    int64_t &received,
                                    std::vector<Transfer> &sends,
                                    std::vector<Transfer> &recvs) {
  State *laid = nullptr;
  Status s = layout(comm, x, offsets, experts, hidden, capacity, laid);
  if (!s)
    return s;
  State &st = *laid;
  const int64_t P = comm.size(), L = st.slotsPerRank;
  st.startedAt = std::chrono::steady_clock::now();
  s = comm.allToAll(st.sendCounts.data(), st.recvCounts.data(), L,
                    "expert dispatch (counts)");
  if (!s || !(s = countsArrived(comm, st)))
    return s;
  slotMajor(st.recvCounts, P, L, counts, slotOffsets, st.at);
  sends.clear();
  recvs.clear();
  // Rank order, then slot order on both sides: the pairs match in order.
  for (int64_t q = 0; q < P * L; ++q) {
    if (st.chunks[q].rows > 0)
      sends.push_back({static_cast<int>(q / L), st.chunks[q].start,
                       st.chunks[q].rows});
    if (st.recvCounts[q] > 0)
      recvs.push_back({static_cast<int>(q / L), st.at[q], st.recvCounts[q]});
  }
  st.dispatched = true;
  st.step = Step::Done;
  st.arrivedAt = std::chrono::steady_clock::now();
  received = sum(st.recvRows);
  record(comm, x, st, /*combine=*/false);
  return Status::ok();
}

Status ExpertExchange::planCombine(Comm &comm, const mxa::Exchange &x,
                                   std::vector<Transfer> &sends,
                                   std::vector<Transfer> &recvs) {
  State *st = nullptr;
  Status s = dispatched(x, st);
  if (!s)
    return s;
  const int64_t P = comm.size(), L = st->slotsPerRank;
  sends.clear();
  recvs.clear();
  for (int64_t q = 0; q < P * L; ++q) {
    if (st->recvCounts[q] > 0)
      sends.push_back({static_cast<int>(q / L), st->at[q], st->recvCounts[q]});
    if (st->chunks[q].rows > 0)
      recvs.push_back({static_cast<int>(q / L), st->chunks[q].start,
                       st->chunks[q].rows});
  }
  st->startedAt = st->arrivedAt = std::chrono::steady_clock::now();
  record(comm, x, *st, /*combine=*/true);
  return Status::ok();
}

Status ExpertExchange::dispatched(const mxa::Exchange &x, State *&st) {
  auto it = states_.find(x.id());
  if (it == states_.end() || it->second.step != Step::Done ||
      !it->second.dispatched)
    return Status::error("exchange of layer " + std::to_string(x.layer()) +
                         ": combine " + std::to_string(x.id()) +
                         " before its dispatch");
  st = &it->second;
  return Status::ok();
}

Status ExpertExchange::startCombine(Comm &comm, const mxa::Exchange &x,
                                    const float *expertOut, int64_t hidden) {
  State *dispatchedState = nullptr;
  if (Status s = dispatched(x, dispatchedState); !s)
    return s;
  State &st = *dispatchedState;
  const int64_t P = comm.size(), L = st.slotsPerRank;
  int64_t total = sum(st.recvRows), back = sum(st.sendRows);
  // Pack by source rank, then slot: the inverse of the dispatch's unpack.
  st.send.resize(static_cast<size_t>(total * hidden));
  st.recv.resize(static_cast<size_t>(back * hidden));
  float *packed = st.send.data();
  for (int64_t q = 0; q < P * L; ++q) {
    copyRows(packed, expertOut + st.at[q] * hidden, st.recvCounts[q], hidden);
    packed += st.recvCounts[q] * hidden;
  }
  st.hidden = hidden;
  st.combining = true;
  auto req =
      comm.startAllToAllRows(st.send.data(), st.recvRows, st.recv.data(),
                             st.sendRows, hidden, "expert combine (rows)");
  if (!req)
    return Status::error(req.errorMessage());
  st.request = std::move(*req);
  st.step = Step::Rows;
  st.startedAt = std::chrono::steady_clock::now();
  return advance(comm, st);
}

Status ExpertExchange::finishCombine(Comm &comm, const mxa::Exchange &x,
                                     float *out) {
  State *started = nullptr;
  Status s = waitStarted(comm, x, /*combine=*/true, started);
  if (!s)
    return s;
  State &st = *started;
  const int64_t P = comm.size(), L = st.slotsPerRank, hidden = st.hidden;
  const float *in = st.recv.data();
  for (int64_t q = 0; q < P * L; ++q) {
    copyRows(out + st.chunks[q].start * hidden, in, st.chunks[q].rows, hidden);
    in += st.chunks[q].rows * hidden;
  }
  record(comm, x, st, /*combine=*/true);
  st.step = Step::Done;
  st.combining = false;
  return Status::ok();
}

} // namespace runtime
} // namespace moe
