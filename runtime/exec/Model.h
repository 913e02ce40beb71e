//===- Model.h - Executing an artifact's functions on the CPU ---*- C++ -*-===//
//
// A `Model` owns everything a compiled artifact needs at run time: the bound
// weights, the KV caches (each `Cache`: f32 [S, C, shape_tail...], zeroed),
// one 64-byte aligned arena per function, the kernel code (the ELF shared
// object of the host's `Code` entry, written to a memfd and dlopen'ed), and a
// thread pool. `run` evaluates each launch's `Expr`s with (T, S, C), builds
// the memref descriptors of the packed kernel ABI (lowering/kernels/README.md)
// and runs workgroups wg in [0, nwg), nwg = min(threads, max(items, 1)),
// skipping launches whose `items` evaluate to 0.
//
// Micro-batches (moe-overlap-a2a, `Function.micro_batches` > 1, expert
// parallelism only): a call is cut at sequence boundaries into N lanes, each
// with its own arena, symbols (T, R), exchanges and communicator. The lanes
// run the same schedule interleaved on this thread: a lane runs until it
// has started an exchange or must wait for one, then the next lane runs;
// exchanges in flight are advanced (MPI_Test) after every launch. Results do
// not depend on N: every token's math is the same.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_EXEC_MODEL_H
#define MOE_RUNTIME_EXEC_MODEL_H

#include "runtime/artifact/Artifact.h"
#include "runtime/artifact/Verify.h"
#include "runtime/exec/Comm.h"
#include "runtime/exec/Exchange.h"
#include "runtime/exec/ThreadPool.h"
#include "runtime/weights/Weights.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace moe {
namespace runtime {

struct ModelOptions {
  /// S: KV-cache sequence slots.
  int64_t slots = 1;
  /// C: KV-cache context length (positions 0 .. C-1).
  int64_t context = 64;
  /// Threads including the caller.
  int threads = 1;
  /// The expert-parallel ranks (not owned; must outlive the model). Null:
  /// one process. An artifact with ep_size > 1 needs a world of that size.
  Comm *comm = nullptr;
  /// Record a span per launch and exchange (`trace()`).
  bool trace = false;
  /// Run on CUDA device 0 with the artifact's cubin (moe-opt
  /// --mxa-cuda-arch) instead of the CPU code: weights, caches, states,
  /// arenas and the call's inputs and outputs live in device memory (weights
  /// uploaded once), launches are queued on one stream, each kernel
  /// workgroup a GPU thread. Single process only (expert-parallel exchanges
  /// over NCCL are not implemented yet).
  bool cuda = false;
  /// On CUDA, who runs the dense GEMMs (`matmul_nt`, `head_matmul`):
  /// cuBLASLt (f32, no TF32), cuBLASLt on TF32 tensor cores (about 1e-3
  /// relative), the generated kernels, or cuBLASLt (f32) when it loads and
  /// the kernels otherwise (`denseGemmLibrary()` says which).
  enum class DenseGemm { Auto, CuBLASLt, CuBLASLtTF32, Kernels };
  DenseGemm denseGemm = DenseGemm::Auto;
  /// On an sm_90 device, launch the kernels' Hopper templates
  /// (`Kernel.gpu_template`) where a launch meets their assumptions.
  bool cudaTemplates = true;
  /// On CUDA, launch attention's tiled block variant
  /// (`Kernel.gpu_variant_symbol`) where a call's tiles have 16 or more
  /// query rows (prefill, or many query heads per KV head).
  bool cudaAttentionTiles = true;
};

/// One span of a run's timeline: a kernel launch, an exchange in flight
/// (from its start until its data has arrived) or a wait for one.
struct TraceSpan {
  std::string name;
  enum Kind { Compute, Comm, Wait } kind = Compute;
  int lane = 0;
  int layer = -1;
  double begin = 0, end = 0; // seconds since the model was created
};

/// Success when `worldSize` processes may run `artifact` (its ep_size;
/// 1 without expert parallelism), else the one-line error.
Status checkWorldSize(const ArtifactFile &artifact, int worldSize);

class Model {
public:
  /// Checks the extents of every argument for `options`' S and C, allocates
  /// caches and arenas and loads the kernels.
  static Expected<std::unique_ptr<Model>>
  create(std::shared_ptr<const ArtifactFile> artifact, BoundWeights weights,
         const ModelOptions &options);
  ~Model();
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;

  /// Runs `function` on T = tokens.size() tokens: token ids, their positions
  /// in their sequences and their cache slots; `logits` receives f32 [T, V].
  /// In an expert-parallel run every rank calls each function the same number
  /// of times (a rank with no tokens calls with T = 0 and joins the
  /// exchanges). With `logitRows` (increasing indices into the T tokens),
  /// `logits` receives only those rows, [logitRows.size(), V], and where the
  /// function ends with its LM-head GEMM (`prunesLogits`) only those rows
  /// are computed: a prefill that samples from each sequence's last token
  /// skips the other rows' vocabulary GEMM.
  Status run(const std::string &function, const std::vector<int64_t> &tokens,
             const std::vector<int64_t> &positions,
             const std::vector<int64_t> &slots, std::vector<float> &logits,
             const std::vector<int64_t> *logitRows = nullptr);
  /// Whether `function` computes only the requested rows of its logits
  /// (else `run` computes all and returns the requested ones).
  bool prunesLogits(const std::string &function) const;

  /// One training step of the artifact's "train_step" function on S
  /// sequences of C tokens (S, C: the model's slots and context; T = S * C,
  /// token t at position t % C of sequence t / C): `labels` [T] are the
  /// next tokens (negative: no loss there), `step` counts optimiser steps
  /// from 1. Fills `logits` [T, V] and `losses` [T] (per-token cross
  /// entropy, 0 where the label is negative); the weights are updated in
  /// place and the gradients of this step stay readable (`state`).
  Status trainStep(const std::vector<int64_t> &tokens,
                   const std::vector<int64_t> &labels, int64_t step,
                   std::vector<float> &logits, std::vector<float> &losses);

  /// The training state named `name` ("grad.<param>", ...), or null (on
  /// CUDA, as of the last train step).
  const FloatBuffer *state(const std::string &name) const;
  /// Bytes of the KV caches, the training states and the arenas.
  int64_t cacheBytes() const;
  int64_t stateBytes() const;
  int64_t arenaBytes(const std::string &function) const;
  /// Bytes of the activations `function` keeps from its forward for its
  /// backward (Function.stash_bytes, at max_tokens; 0 for inference).
  int64_t stashBytes(const std::string &function) const;

  /// Zeroes every KV cache.
  void resetCache();

  const ArtifactFile &artifact() const { return *artifact_; }
  int64_t vocabSize() const {
    return artifact_->artifact().model()->vocab_size();
  }
  const ModelOptions &options() const { return options_; }
  /// The CUDA device's name, or "" on the CPU.
  std::string deviceName() const;
  /// max_tokens of `function`, or 0 if there is no such function.
  int64_t maxTokens(const std::string &function) const;
  /// Per decoder layer: tokens routed to each expert, summed over calls
  /// (this rank's tokens).
  const std::map<int, std::vector<int64_t>> &expertCounts() const {
    return expertCounts_;
  }
  /// Per decoder layer: what this rank's expert exchanges moved (all lanes).
  std::map<int, ExchangeStats> exchangeStats() const;
  /// The spans recorded so far (ModelOptions::trace).
  const std::vector<TraceSpan> &trace() const { return trace_; }
  /// On CUDA: what runs the dense GEMMs, e.g. "cuBLASLt 130100", or
  /// "generated kernels" (with the reason cuBLASLt is not used, under Auto).
  const std::string &denseGemmLibrary() const { return denseGemmLibrary_; }
  /// Calls split into micro-batches so far.
  int64_t splitCalls() const { return splitCalls_; }

private:
  using KernelFn = void (*)(void **);
  Model() = default;
  Status loadCode();
  struct Gpu;
  Status openGpu();
  struct Lane;
  /// Runs function `fnIndex` on T tokens with the given inputs (null: not
  /// given) and outputs.
  Status call(size_t fnIndex, int64_t T, const int64_t *const inputs[5],
              const std::vector<int64_t> &slots, float *logits, float *losses);
  Status runLaunch(Lane &lane, const mxa::Function &fn, size_t fnIndex,
                   size_t l);
  /// Before the LM-head launch `l` when only keepRows_ are asked for: moves
  /// those rows of its input to the input's first rows.
  Status gatherLogitRows(Lane &lane, const mxa::Function &fn, size_t fnIndex,
                         const mxa::Launch &launch);
  /// Queues launch `l` on the CUDA stream with the descriptors in slots_.
  Status launchGpu(const mxa::Launch &launch, size_t numArgs, int64_t items,
                   size_t l, size_t fnIndex, int lane, double begin);
  /// Runs a `matmul_nt` / `head_matmul` / `matmul_tn` launch (descriptors
  /// in slots_) with cuBLASLt; `used` is false when its views do not fit
  /// cuBLASLt (e.g. a non-unit inner stride, or matmul_tn's expert groups)
  /// and the kernel must run instead.
  Status denseGemmGpu(const mxa::Launch &launch, bool &used);
  /// Runs an `mla_expand` launch as cuBLASLt GEMMs (the K/V columns) and
  /// `copy` launches (the rope columns); `used` is false (nothing queued)
  /// when the views do not fit cuBLASLt or the artifact has no `copy`.
  Status mlaExpandGpu(const mxa::Launch &launch, bool &used);
  /// Launches the kernel's Hopper template instead of its entry; `used` is
  /// false (nothing queued) when the launch's views do not meet its
  /// assumptions.
  Status templateGpu(const mxa::Launch &launch, bool &used);
  Status runExchange(Lane &lane, const mxa::Launch &launch,
                     const mxa::Function &fn, const std::string &where);
  /// `runExchange` on CUDA: expert rows over NCCL (Nccl.h), counts and
  /// all-reduces through the host over the Comm.
  Status exchangeGpu(Lane &lane, const mxa::Launch &launch,
                     const mxa::Function &fn, const std::vector<View> &views,
                     const std::vector<uint8_t *> &ptrs,
                     const std::string &where);
  Status openNccl();
  /// An AllReduce exchange: sums each argument over the ranks through the
  /// host (Comm, rank order: the same bits on every rank and device); device
  /// arguments are staged through host copies.
  Status allReduce(Lane &lane, const mxa::Launch &launch,
                   const std::vector<View> &views,
                   const std::vector<uint8_t *> &ptrs,
                   const std::string &where);
  /// Runs `lane` until it ends, must wait for data, or (with other lanes)
  /// has started an exchange; `ran` is set when a step ran.
  Status runLane(Lane &lane, std::vector<Lane> &lanes, const mxa::Function &fn,
                 size_t fnIndex, bool &ran);
  Status progressAll(std::vector<Lane> &lanes);
  double now() const;
  void span(const std::string &name, TraceSpan::Kind kind, int lane, int layer,
            double begin);

  std::shared_ptr<const ArtifactFile> artifact_;
  ModelOptions options_;
  BoundWeights weights_;
  std::vector<std::unique_ptr<FloatBuffer>> caches_;
  std::vector<std::unique_ptr<FloatBuffer>> states_;
  std::map<std::string, size_t> stateIndex_;
  // By function index, then lane.
  std::vector<std::vector<std::unique_ptr<FloatBuffer>>> arenas_;
  std::map<std::string, size_t> functions_;
  // By function index: its LM-head launch, which can run on a subset of the
  // rows (`findLogitsLaunch`), or -1.
  std::vector<int64_t> logitsLaunch_;
  // During `call`: the logits rows asked for, or null (every row).
  const std::vector<int64_t> *keepRows_ = nullptr;
  std::vector<KernelFn> kernels_;
  void *library_ = nullptr;
  std::unique_ptr<ThreadPool> pool_;
  std::unique_ptr<Comm> selfComm_;
  Comm *comm_ = nullptr;
  // Lane i > 0 exchanges over laneComms_[i - 1]; lane i's exchanges.
  std::vector<std::unique_ptr<Comm>> laneComms_;
  std::vector<ExpertExchange> exchanges_;
  std::vector<TraceSpan> trace_;
  std::chrono::steady_clock::time_point epoch_;
  int64_t splitCalls_ = 0;
  std::map<int, std::vector<int64_t>> expertCounts_;
  // Per-launch scratch: one descriptor/scalar slot per argument and one
  // packed args array per workgroup.
  struct Slot {
    uint64_t words[3 + 2 * kMaxRank];
  };
  std::vector<Slot> slots_;
  /// Argument i's memref descriptor in slots_: {allocated, aligned,
  /// offset, sizes[rank], strides[rank]}.
  const int64_t *descriptor(size_t i) const {
    return reinterpret_cast<const int64_t *>(slots_[i].words);
  }
  std::vector<void *> packed_;
  std::vector<int64_t> workgroupIds_;
  // ModelOptions::cuda: the device and the device copies of every buffer.
  std::unique_ptr<Gpu> gpu_;
  std::string denseGemmLibrary_;
};

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_EXEC_MODEL_H
