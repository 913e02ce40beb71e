//===- Train.h - moe-run --train: training steps of a train_step artifact ===//

#ifndef MOE_TOOLS_MOE_RUN_TRAIN_H
#define MOE_TOOLS_MOE_RUN_TRAIN_H

#include "runtime/exec/Model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace moe {
namespace runtime {

/// One batch of S sequences of C tokens and their labels (row-major [S, C]).
struct TrainBatch {
  int64_t sequences = 0, length = 0;
  std::vector<int64_t> tokens, labels;
};

/// Reads DIR/train.json (`batch`, `seq_len`, `tokens`, `labels`), checking
/// ids against `vocab`.
Status readTrainBatch(const std::string &dir, int64_t vocab, TrainBatch &out);

/// Random tokens uniform in [0, vocab) from `seed`; labels are the next
/// token of each sequence, -1 at its end.
TrainBatch randomTrainBatch(int64_t sequences, int64_t length, int64_t vocab,
                            uint64_t seed);

struct TrainRunOptions {
  int64_t steps = 1;
  /// A golden fixture directory with grads.safetensors: compare the first
  /// step's loss, logits and every parameter gradient, and the loss of each
  /// step with `adamw.loss` (max|a - e| / max|e| per tensor).
  std::string golden;
  double tol = 1e-4;
  /// Write the loss of every step (one per line) here.
  std::string lossFile;
  /// Expert parallelism: the job's ranks (null: one process), and the index
  /// in the whole batch of this rank's first sequence (its logits rows in the
  /// golden). Rank 0 prints the loss of the whole batch and the verdicts.
  Comm *comm = nullptr;
  int64_t firstSequence = 0, totalSequences = 0;
};

/// The sequences [first, first + count) of `batch` that rank `rank` of
/// `ranks` trains on: contiguous blocks, as even as possible.
TrainBatch rankSlice(const TrainBatch &batch, int rank, int ranks,
                     int64_t &first);

/// Runs `steps` train_step calls on `batch`, printing the loss of each and
/// the step times; with `golden`, the comparison. Returns the exit code.
int runTraining(Model &model, const TrainBatch &batch,
                const TrainRunOptions &options);

} // namespace runtime
} // namespace moe

#endif // MOE_TOOLS_MOE_RUN_TRAIN_H
