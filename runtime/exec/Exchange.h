//===- Exchange.h - Expert-parallel dispatch and combine --------*- C++ -*-===//
//
// The host steps of an expert-parallel schedule (`mxa::Exchange`, see
// runtime/schema/mxa.fbs and `moe.ep_dispatch` in the dialect):
//
// Dispatch, on rank r of P ranks with L slots each: the rows of expert e
// (consecutive in the expert-sorted input) are cut into n contiguous chunks,
// n = the number of slots holding e, chunk j going to slot
// S_e[(j + r) mod n] (S_e ascending). Per-slot row counts are exchanged
// first (all-to-all of L counts per rank pair), then the rows (ragged
// all-to-all). The received rows are laid out slot-major (slot, then source
// rank, then source order) for the grouped expert GEMMs.
//
// Combine sends each received row back to where it came from: the result
// has the Dispatch input's layout, so `moe.combine` adds a token's experts
// in the same order whatever the number of ranks.
//
// Either step runs at once or in two halves (start, then finish) with
// computation in between; the data and the results are the same.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_EXEC_EXCHANGE_H
#define MOE_RUNTIME_EXEC_EXCHANGE_H

#include "runtime/artifact/Artifact.h"
#include "runtime/exec/Comm.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace moe {
namespace runtime {

/// What one rank's exchanges of one decoder layer moved, summed over calls.
struct ExchangeStats {
  /// Dispatches run (a call split into micro-batches runs one per part).
  int64_t dispatches = 0;
  /// Rows this rank's experts received (its expert load).
  int64_t rowsReceived = 0;
  /// Payload bytes sent to / received from other ranks (both directions,
  /// dispatch and combine; rows kept on this rank are not counted).
  int64_t bytesSent = 0, bytesReceived = 0;
};

class ExpertExchange {
public:
  /// `rows` [N, H] sorted by expert with `offsets` [E + 1]; writes up to
  /// `capacity` received rows to `recv` [R, H] and per-slot `counts` [L] and
  /// `slotOffsets` [L + 1]; sets `received` = R.
  Status dispatch(Comm &comm, const mxa::Exchange &x, const float *rows,
                  const int32_t *offsets, int64_t experts, int64_t hidden,
                  float *recv, int64_t capacity, int32_t *counts,
                  int32_t *slotOffsets, int64_t &received);
  /// `expertOut` [R, H] of Dispatch `x.id()`; writes `out` [N, H].
  Status combine(Comm &comm, const mxa::Exchange &x, const float *expertOut,
                 float *out, int64_t hidden);

  /// The same in two steps (exchange phases Start and Wait): `start*` reads
  /// the inputs (packs them) and posts the collectives; `progress` advances
  /// every exchange in flight (a Dispatch posts its rows once the counts
  /// have arrived); `finish*` waits for the data and writes the outputs.
  Status startDispatch(Comm &comm, const mxa::Exchange &x, const float *rows,
                       const int32_t *offsets, int64_t experts, int64_t hidden,
                       int64_t capacity);
  Status finishDispatch(Comm &comm, const mxa::Exchange &x, float *recv,
                        int32_t *counts, int32_t *slotOffsets,
                        int64_t &received);
  Status startCombine(Comm &comm, const mxa::Exchange &x,
                      const float *expertOut, int64_t hidden);
  Status finishCombine(Comm &comm, const mxa::Exchange &x, float *out);
  Status progress(Comm &comm);

  /// Rows to or from rank `peer`: `rows` rows from row `row` of the buffer
  /// they lie in.
  struct Transfer {
    int peer = 0;
    int64_t row = 0, rows = 0;
  };
  /// A Dispatch whose rows another mover carries in place (NCCL on a CUDA
  /// device): exchanges the per-slot counts over `comm` (waiting), writes
  /// `counts`, `slotOffsets` and `received` as `finishDispatch` does, and
  /// lists the transfers: `sends` from the input rows, `recvs` into the
  /// slot-major received rows. Between two ranks, one's sends and the
  /// other's receives match in list order.
  Status planDispatch(Comm &comm, const mxa::Exchange &x,
                      const int32_t *offsets, int64_t experts, int64_t hidden,
                      int64_t capacity, int32_t *counts, int32_t *slotOffsets,
                      int64_t &received, std::vector<Transfer> &sends,
                      std::vector<Transfer> &recvs);
  /// The Combine of planned Dispatch `x.id()`: `sends` from the expert
  /// outputs (the received rows' layout), `recvs` into the Dispatch input's
  /// layout.
  Status planCombine(Comm &comm, const mxa::Exchange &x,
                     std::vector<Transfer> &sends,
                     std::vector<Transfer> &recvs);
  /// True when exchange `id` has no data in flight (finish will not wait).
  bool arrived(int id) const;
  /// The rows received by the latest finished Dispatch `id` (0 if none).
  int64_t received(int id) const;
  /// When the latest start of exchange `id` posted its collectives, and when
  /// its data was seen to have arrived (by `progress` or a finish).
  std::pair<std::chrono::steady_clock::time_point,
            std::chrono::steady_clock::time_point>
  flight(int id) const;

  const std::map<int, ExchangeStats> &stats() const { return stats_; }

private:
  struct Chunk {
    int64_t start = 0, rows = 0; // in the Dispatch input
  };
  enum class Step { Counts, Rows, Arrived, Done };
  /// One Dispatch's layout, kept for its Combine, and what is in flight.
  struct State {
    int64_t slotsPerRank = 0, hidden = 0, capacity = 0, layer = 0;
    std::vector<int64_t> sendCounts, recvCounts; // [P * L], by (rank, slot)
    std::vector<int64_t> sendRows, recvRows;     // [P]
    std::vector<Chunk> chunks; // [P * L] sent, by (rank, slot)
    // Set when the dispatch finishes: where the rows received from rank p
    // for slot l start in the slot-major received rows, at [p * L + l].
    std::vector<int64_t> at;
    bool dispatched = false;
    Step step = Step::Done;
    bool combining = false;
    std::unique_ptr<CommRequest> request;
    std::vector<float> send, recv;
    std::chrono::steady_clock::time_point startedAt, arrivedAt;
  };
  /// Validates `x` and lays out a new Dispatch's chunks (no data moved).
  Status layout(Comm &comm, const mxa::Exchange &x, const int32_t *offsets,
                int64_t experts, int64_t hidden, int64_t capacity,
                State *&st);
  Status countsArrived(Comm &comm, State &st);
  /// The finished Dispatch of Combine `x`.
  Status dispatched(const mxa::Exchange &x, State *&st);
  /// Adds a finished Dispatch's (or Combine's) rows and bytes to the stats.
  void record(Comm &comm, const mxa::Exchange &x, const State &st,
              bool combine);
  Status advance(Comm &comm, State &st);
  Status waitArrived(Comm &comm, State &st, const char *what);
  /// Sets `st` to the state of `x` started as a dispatch (or, `combine`,
  /// as a combine) and waits until its rows have arrived.
  Status waitStarted(Comm &comm, const mxa::Exchange &x, bool combine,
                     State *&st);
  std::map<int, State> states_;
  std::map<int, ExchangeStats> stats_;
};

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_EXEC_EXCHANGE_H
