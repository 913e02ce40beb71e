//===- moe-run.cpp - Run a compiled MoE model (.mxa) on the CPU -----------===//
//
// Loads an artifact and its weights (a checkpoint or deterministic random
// values), then either generates (greedy or seeded sampling) for the given
// prompts or checks
// the model against an HF golden fixture (--golden, same report as
// moe-interp --golden). See --help.
//
//===----------------------------------------------------------------------===//

#include "runtime/cuda/Device.h"
#include "runtime/exec/Comm.h"
#include "runtime/exec/Model.h"
#include "runtime/exec/Sampler.h"
#include "runtime/weights/Weights.h"
#include "tools/moe-run/Train.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <thread>

using namespace moe::runtime;
namespace st = moe::safetensors;

static const char *kHelp =
    R"(moe-run - run a compiled MoE model (.mxa) on the CPU

USAGE
  moe-run MODEL.mxa (--weights PATH | --random-weights SEED) [options]
  moe-run MODEL.mxa --golden DIR [--weights PATH] [--tol 1e-4] [options]

WEIGHTS
  --weights PATH          a .safetensors file, or a directory holding
                          model.safetensors or a sharded
                          model.safetensors.index.json; F32/BF16/F16/F64
                          tensors are converted to f32 (then rounded to bf16
                          where the artifact stores a weight as bf16: moe-opt
                          --mxa-weights=bf16)
  --random-weights SEED   deterministic random weights from (SEED, tensor name,
                          element index): rank-1 tensors named *norm* uniform
                          in [0.5, 1.5], other rank-1 tensors in [-0.1, 0.1],
                          tensors named *embed* in [-1.7, 1.7], other matrices
                          in +-sqrt(3 / last dimension)
  --save-weights FILE     write the bound weights as F32 safetensors under
                          their checkpoint names (experts split per index), so
                          other tools can load the same (random) weights; the
                          f32 values, before the bf16 rounding of an artifact
                          compiled with --mxa-weights=bf16

GENERATION
  --prompt-ids 1,2,3      token ids of one prompt; repeat for more sequences
                          (sequence i uses KV-cache slot i). Without prompts
                          moe-run only loads and verifies the model.
  --max-new-tokens N      tokens to generate per sequence (default 16); a
                          sequence also stops at one of the model's EOS ids
  --max-context C         KV-cache context length (default: longest prompt +
                          max-new-tokens, rounded up to 64)
  --threads T             threads including the main one (default: hardware
                          concurrency)
  --device cpu|cuda|auto  where the kernels run (default auto: CUDA device 0
                          when the artifact carries CUDA code, moe-opt
                          --mxa-cuda-arch, and a GPU is present, else the
                          CPU). On CUDA every buffer lives in device memory,
                          kernels with a block version run a thread block per
                          work item and the others a thread per workgroup.
                          Under mpirun (--device cuda; auto stays on the CPU
                          there) each rank takes one GPU, its rank on the
                          node modulo the node's GPUs, and the expert rows
                          move over NCCL, one GPU per rank (NCCL refuses two
                          ranks on one GPU).
                          Without a GPU, LD_LIBRARY_PATH=build/lib/cuda-emu
                          runs the CUDA path on the CPU (tools/cuda-emu: a
                          CUDA driver and cuBLASLt emulator, for tests; no
                          Hopper templates: --cuda-templates off)
  --cuda-gemm auto|cublaslt|cublaslt-tf32|kernels
                          on CUDA, who runs the dense f32 GEMMs (matmul_nt:
                          projections, dense MLPs, LM head; head_matmul:
                          MLA absorption; mla_expand's products: absorbed
                          MLA's prefill; matmul_tn: dense weight gradients):
                          cuBLASLt (f32 compute, no TF32),
                          cuBLASLt on TF32 tensor cores (about 1e-3
                          relative: outside the goldens' 1e-4), the
                          generated kernels, or auto (default): cuBLASLt
                          (f32) when libcublasLt loads, else the kernels.
                          GEMMs on bf16 weights (moe-opt --mxa-weights=bf16)
                          run the generated kernels, unless their rows are
                          bf16 too (--mxa-dense=bf16: cuBLASLt on bf16,
                          f32 compute; not yet run on a GPU)
  --cuda-templates on|off on an sm_90 GPU, run the Hopper templates (TMA +
                          wgmma) the artifact carries for the bf16-row expert
                          kernels (moe-opt --mxa-experts=bf16 --mxa-cuda-arch
                          sm_90a) where a launch meets their shape
                          assumptions (default on; not yet run on a GPU)
  --cuda-attention-tiles on|off
                          on CUDA, run attention's tiled block variant (query
                          rows of the same slot and KV head share each K/V
                          tile in shared memory) for calls whose tiles have
                          16 or more query rows: prefill, or 16 or more query
                          heads per KV head; else one (token, head) per block
                          (default on; checked on the emulator, not yet run
                          on a GPU)
  --dump-logits FILE.npy  float32 [rows, vocab] NumPy file: every prefill row
                          (prompt order), then every decode row (step order,
                          by sequence within a step)
  --all-logits            compute the logits of every prompt token in
                          prefill; by default only those of each prompt's
                          last token (the one sampled from) are: the LM
                          head's GEMM runs on those rows alone (all rows with
                          --dump-logits or --golden)

  Prompts are prefilled through the artifact's `prefill` function in calls of
  at most its max_tokens tokens (packed across and within prompts); then each
  step feeds one token per unfinished sequence through `decode`. Prints
  `seq <i>: <ids>` per sequence, then load time, prefill and decode tokens/s,
  peak memory, the bytes of the bound weights and threads.

SAMPLING (as Hugging Face generate with do_sample)
  --temperature X         0 (default): greedy, argmax with ties to the lowest
                          id, and the other sampling flags are ignored; X > 0:
                          sample from softmax(logits / X)
  --top-k N               keep the N highest logits (ties to the lower id);
                          0 (default): off
  --top-p P               in (0, 1]: keep the smallest set of most probable
                          tokens (after top-k) whose probability sums to >= P;
                          1 (default): off
  --seed S                unsigned 64-bit seed (default 0). Sequence i draws
                          from its own stream of (S, i), so its tokens do not
                          depend on the other prompts of the batch

GOLDEN CHECK
  --golden DIR            run each prompt of DIR/inputs.json alone from an
                          empty cache (prefill, then teacher-forced decode of
                          DIR/expected.safetensors' decode_tokens) and compare
                          the logits: max|a-e|/max|e| per prompt, prefill over
                          the whole [len, vocab] matrix, decode the worst row.
                          Weights default to DIR/model.safetensors. Exit 1 on
                          FAIL. With --dump-logits, writes each prompt's
                          prefill rows then its decode rows, prompt order.
  --tol X                 tolerance of --golden (default 1e-4)

EXPERT PARALLELISM (artifacts compiled with moe-opt --ep N)
  mpirun -np N moe-run MODEL.mxa ...  runs one process per rank (MPI rank and
                          size from the launcher; N must equal the artifact's
                          ep_size). Sequence i (prompt i of --golden) is
                          served by rank i mod N; attention and dense layers
                          run on each rank's own tokens, each rank binds only
                          its experts' weights, and the MoE layers exchange
                          rows with ragged all-to-all over MPI. Rank 0 prints
                          everything: the results in sequence order, weight
                          bytes per rank, and per MoE layer the measured rows
                          per rank (max/mean) and bytes sent/received.
  --ep-timeout S          a collective without progress for S seconds (a rank
                          died or stalls) aborts every rank (default 60)
  --expert-stats FILE     write the tokens routed to each expert per layer,
                          summed over calls and ranks, as JSON (the input of
                          moe-opt --expert-stats)
  --trace FILE.json       write the timeline (Chrome trace events, open in
                          chrome://tracing or Perfetto): per rank (pid) and
                          micro-batch, every kernel launch, every exchange
                          from its start until its data arrived, and every
                          wait for one. Artifacts compiled with
                          moe-overlap-a2a split calls into micro-batches
                          whose exchanges overlap each other's compute.

TRAINING (artifacts compiled with moe-opt --mode=train)
  --train                 run train_step: forward, next-token cross entropy,
                          backward and an AdamW step (hyper-parameters
                          compiled in) on one batch, --steps times; prints
                          the mean loss of each step, ms/step, tokens/s and
                          the arena and gradient/optimiser-state bytes
  --steps N               training steps (default 1)
  --batch S --seq-len C   the batch: S sequences of C tokens (random tokens
                          from --seed; labels = the next token, none at the
                          end of a sequence)
  --golden-train DIR      the batch of DIR/train.json and the weights of
                          DIR/model.safetensors; checks the first step's
                          loss, logits and every parameter gradient against
                          DIR/grads.safetensors (PyTorch autograd), and the
                          losses of the steps against its AdamW curve
                          (max|a-e|/max|e| <= --tol). Exit 1 on FAIL.
  --loss-file FILE        write each step's loss, one per line
  mpirun -np N moe-run T.mxa --train ...  (T.mxa compiled with --ep N):
                          expert-parallel training; rank r trains on the
                          sequences [r*S/N, (r+1)*S/N) of the batch (at least
                          one each) with its experts; rank 0 prints the loss
                          of the whole batch and the golden verdicts

NOT SUPPORTED YET
  CUDA graphs and several GPUs in one process (the CUDA path is checked on
  the CPU emulator, tools/cuda-emu; it has not yet run on a GPU); a
  tokenizer (ids in, ids out), continuous batching (new requests joining while
  others decode), prefix sharing in the KV cache, repetition penalties and
  other logits processors; --save-weights under expert parallelism.
)";

/// The job's ranks (a world of one without mpirun).
static std::unique_ptr<Comm> gComm;

static int fail(const std::string &msg) {
  if (gComm && gComm->size() > 1)
    gComm->abort("moe-run: " + msg, 1); // no rank waits for this one
  std::fprintf(stderr, "moe-run: error: %s\n", msg.c_str());
  return 1;
}

namespace {
struct Options {
  std::string model, weights, saveWeights, dumpLogits, golden, expertStats;
  std::string trace;
  bool train = false;
  bool allLogits = false;
  int64_t steps = 1, batch = 0, seqLen = 0;
  std::string goldenTrain, lossFile;
  double epTimeout = 60;
  bool randomWeights = false;
  uint64_t seed = 0; // of --random-weights
  SamplingOptions sampling;
  bool samplingGiven = false; // any of --temperature/--top-k/--top-p/--seed
  std::vector<std::vector<int64_t>> prompts;
  int64_t maxNewTokens = 16, maxContext = 0, threads = 0;
  double tol = 1e-4;
  std::string device = "auto";
  std::string cudaGemm = "auto";
  bool cudaTemplates = true;
  bool cudaAttentionTiles = true;
};
} // namespace

/// Parses all of `text` as an integer >= `min`.
static bool parseInt(const std::string &text, int64_t min, int64_t &out) {
  if (text.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno || *end || v < min)
    return false;
  out = v;
  return true;
}

/// Parses all of `text` as a finite number.
static bool parseNumber(const std::string &text, double &out) {
  if (text.empty())
    return false;
  char *end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (*end || !std::isfinite(v))
    return false;
  out = v;
  return true;
}

/// Parses all of `text` as an unsigned 64-bit integer (digits only: strtoull
/// would accept and negate a leading '-').
static bool parseUint64(const std::string &text, uint64_t &out) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (errno || *end)
    return false;
  out = v;
  return true;
}

/// Parses argv; an empty string on success, else the error.
static std::string parseArgs(int argc, char **argv, Options &o, bool &help) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    if (arg == "--help" || arg == "-h") {
      help = true;
      return "";
    }
    if (arg == "--train") {
      o.train = true;
      continue;
    }
    if (arg == "--all-logits") {
      o.allLogits = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      if (!o.model.empty())
        return "unexpected argument '" + arg + "' (the model is '" + o.model +
               "')";
      o.model = arg;
      continue;
    }
    size_t eq = arg.find('=');
    bool inlineValue = eq != std::string::npos;
    std::string flag = inlineValue ? arg.substr(0, eq) : arg;
    static const char *flags[] = {"--weights",     "--random-weights",
                                  "--prompt-ids",  "--max-new-tokens",
                                  "--threads",     "--max-context",
                                  "--dump-logits", "--save-weights",
                                  "--golden",      "--tol",
                                  "--temperature", "--top-k",
                                  "--top-p",       "--seed",
                                  "--ep-timeout",  "--expert-stats",
                                  "--trace",       "--steps",
                                  "--batch",       "--seq-len",
                                  "--golden-train", "--loss-file",
                                  "--device",      "--cuda-gemm",
                                  "--cuda-templates", "--cuda-attention-tiles"};
    if (std::find_if(std::begin(flags), std::end(flags), [&](const char *f) {
          return flag == f;
        }) == std::end(flags))
      return "unknown option '" + flag + "' (see --help)";
    if (inlineValue)
      value = arg.substr(eq + 1);
    else if (i + 1 < argc)
      value = argv[++i];
    else
      return flag + ": expected a value";
    int64_t n;
    if (flag == "--weights")
      o.weights = value;
    else if (flag == "--save-weights")
      o.saveWeights = value;
    else if (flag == "--dump-logits")
      o.dumpLogits = value;
    else if (flag == "--golden")
      o.golden = value;
    else if (flag == "--random-weights") {
      if (!parseInt(value, 0, n))
        return flag + ": expected a non-negative integer seed, got '" + value +
               "'";
      o.randomWeights = true;
      o.seed = static_cast<uint64_t>(n);
    } else if (flag == "--max-new-tokens") {
      if (!parseInt(value, 0, o.maxNewTokens))
        return flag + ": expected a non-negative integer, got '" + value + "'";
    } else if (flag == "--device") {
      if (value != "cpu" && value != "cuda" && value != "auto")
        return "--device: '" + value + "', expected cpu, cuda or auto";
      o.device = value;
    } else if (flag == "--cuda-gemm") {
      if (value != "auto" && value != "cublaslt" && value != "cublaslt-tf32" &&
          value != "kernels")
        return "--cuda-gemm: '" + value +
               "', expected auto, cublaslt, cublaslt-tf32 or kernels";
      o.cudaGemm = value;
    } else if (flag == "--cuda-templates") {
      if (value != "on" && value != "off")
        return "--cuda-templates: '" + value + "', expected on or off";
      o.cudaTemplates = value == "on";
    } else if (flag == "--cuda-attention-tiles") {
      if (value != "on" && value != "off")
        return "--cuda-attention-tiles: '" + value + "', expected on or off";
      o.cudaAttentionTiles = value == "on";
    } else if (flag == "--threads") {
      if (!parseInt(value, 1, o.threads) || o.threads > 1024)
        return flag + ": expected an integer in [1, 1024], got '" + value + "'";
    } else if (flag == "--max-context") {
      if (!parseInt(value, 1, o.maxContext))
        return flag + ": expected a positive integer, got '" + value + "'";
    } else if (flag == "--temperature") {
      o.samplingGiven = true;
      if (!parseNumber(value, o.sampling.temperature) ||
          o.sampling.temperature < 0)
        return flag + ": expected a non-negative number, got '" + value + "'";
    } else if (flag == "--top-k") {
      o.samplingGiven = true;
      if (!parseInt(value, 0, o.sampling.topK))
        return flag + ": expected a non-negative integer, got '" + value + "'";
    } else if (flag == "--top-p") {
      o.samplingGiven = true;
      if (!parseNumber(value, o.sampling.topP) || !(o.sampling.topP > 0) ||
          o.sampling.topP > 1)
        return flag + ": expected a number in (0, 1], got '" + value + "'";
    } else if (flag == "--seed") {
      o.samplingGiven = true;
      if (!parseUint64(value, o.sampling.seed))
        return flag + ": expected an unsigned 64-bit integer, got '" + value +
               "'";
    } else if (flag == "--steps" || flag == "--batch" ||
               flag == "--seq-len") {
      int64_t &dst = flag == "--steps"   ? o.steps
                     : flag == "--batch" ? o.batch
                                         : o.seqLen;
      if (!parseInt(value, 1, dst))
        return flag + ": expected a positive integer, got '" + value + "'";
    } else if (flag == "--golden-train") {
      o.goldenTrain = value;
    } else if (flag == "--loss-file") {
      o.lossFile = value;
    } else if (flag == "--expert-stats") {
      o.expertStats = value;
    } else if (flag == "--trace") {
      o.trace = value;
    } else if (flag == "--ep-timeout") {
      char *end = nullptr;
      o.epTimeout = std::strtod(value.c_str(), &end);
      if (value.empty() || *end || !(o.epTimeout > 0))
        return flag + ": expected a positive number of seconds, got '" + value +
               "'";
    } else if (flag == "--tol") {
      char *end = nullptr;
      o.tol = std::strtod(value.c_str(), &end);
      if (value.empty() || *end || !(o.tol >= 0))
        return flag + ": expected a non-negative number, got '" + value + "'";
    } else { // --prompt-ids
      std::vector<int64_t> ids;
      std::stringstream ss(value);
      std::string item;
      while (std::getline(ss, item, ','))
        if (!parseInt(item, 0, n))
          return flag +
                 ": expected comma-separated non-negative token ids, "
                 "got '" +
                 value + "'";
        else
          ids.push_back(n);
      if (ids.empty())
        return flag + ": expected at least one token id";
      o.prompts.push_back(std::move(ids));
    }
  }
  if (o.model.empty())
    return "no model given (moe-run MODEL.mxa ..., see --help)";
  if (o.randomWeights && !o.weights.empty())
    return "--weights and --random-weights are exclusive";
  bool trainFlags = o.steps != 1 || o.batch || o.seqLen ||
                    !o.goldenTrain.empty() || !o.lossFile.empty();
  if (trainFlags && !o.train)
    return "--steps, --batch, --seq-len, --golden-train and --loss-file need "
           "--train";
  if (o.train) {
    if (!o.golden.empty() || !o.prompts.empty())
      return "--train runs train_step; --golden and --prompt-ids do not "
             "apply (use --golden-train DIR)";
    if (o.goldenTrain.empty() && (!o.batch || !o.seqLen))
      return "--train: give --batch S --seq-len C, or --golden-train DIR";
    if (!o.goldenTrain.empty() && (o.batch || o.seqLen))
      return "--golden-train takes its batch from DIR/train.json; --batch "
             "and --seq-len do not apply";
  }
  if (o.golden.empty() && o.goldenTrain.empty() && !o.randomWeights &&
      o.weights.empty())
    return "no weights: give --weights PATH or --random-weights SEED";
  if (!o.golden.empty() && !o.prompts.empty())
    return "--golden takes its prompts from DIR/inputs.json; --prompt-ids does "
           "not apply";
  if (!o.golden.empty() && o.samplingGiven)
    return "--golden is teacher-forced; --temperature, --top-k, --top-p and "
           "--seed do not apply";
  return "";
}

static double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

/// Writes `rows` x `cols` floats as a NumPy v1.0 .npy file.
static Status writeNpy(const std::string &path, const std::vector<float> &data,
                       int64_t rows, int64_t cols) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                       std::to_string(rows) + ", " + std::to_string(cols) +
                       "), }";
  // magic(6) + version(2) + length(2) + header + '\n', 64-byte aligned.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::ofstream out(path, std::ios::binary);
  if (!out)
    return Status::error(path + ": cannot open for writing");
  uint16_t len = static_cast<uint16_t>(header.size());
  out.write("\x93NUMPY\x01\x00", 8);
  char lenBytes[2] = {static_cast<char>(len & 0xff),
                      static_cast<char>(len >> 8)};
  out.write(lenBytes, 2);
  out.write(header.data(), header.size());
  out.write(reinterpret_cast<const char *>(data.data()),
            data.size() * sizeof(float));
  return out ? Status::ok() : Status::error(path + ": write failed");
}

/// One token of a call: which sequence, its token id and position.
struct Row {
  size_t seq;
  int64_t token, position;
};

/// Model calls kept in lockstep across expert-parallel ranks (every rank must
/// make as many calls, since each MoE layer is a collective): before each call
/// the ranks agree whether any still has work; `finish` makes idle calls
/// (T = 0, joining the exchanges) until none has.
///
/// Fault injection for the failure tests: MOE_RUN_FAULT="RANK:CALL:kill" (or
/// ":stall") makes rank RANK die of SIGKILL (or stop making progress) at its
/// CALL-th model call.
class Stepper {
public:
  Stepper(Model &model, Comm &comm) : model(model), comm(comm) {
    if (const char *f = std::getenv("MOE_RUN_FAULT")) {
      int rank = -1;
      char kind[8] = {};
      if (std::sscanf(f, "%d:%ld:%7s", &rank, &faultCall, kind) == 3 &&
          rank == comm.rank())
        fault = kind;
    }
  }
  Status run(const std::string &function, const std::vector<int64_t> &tokens,
             const std::vector<int64_t> &positions,
             const std::vector<int64_t> &slots, std::vector<float> &logits,
             const std::vector<int64_t> *logitRows = nullptr) {
    if (!fault.empty() && calls++ == faultCall) {
      std::fprintf(stderr,
                   "moe-run: rank %d: injected fault '%s' at call %ld\n",
                   comm.rank(), fault.c_str(), faultCall);
      std::fflush(stderr);
      if (fault == "kill")
        raise(SIGKILL);
      while (true)
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    if (comm.size() > 1) {
      int64_t busy = 1;
      Status s = comm.allReduceMax(&busy, 1, "step agreement");
      if (!s)
        return s;
    }
    return model.run(function, tokens, positions, slots, logits, logitRows);
  }
  Status finish() {
    std::vector<float> logits;
    while (comm.size() > 1) {
      int64_t busy = 0;
      Status s = comm.allReduceMax(&busy, 1, "step agreement");
      if (!s || !busy)
        return s;
      s = model.run("decode", {}, {}, {}, logits);
      if (!s)
        return s;
    }
    return Status::ok();
  }
  Model &model;
  Comm &comm;

private:
  std::string fault;
  long faultCall = -1, calls = 0;
};

/// Runs `rows` through `function` in calls of at most its max_tokens tokens,
/// using cache slot = seq / ranks (a rank serves sequences rank, rank + N,
/// ...); calls `onRow(row, logits)` for each row in order, or, with
/// `wanted`, for the rows it accepts only (the model then skips the others'
/// logits where it can: Model::run's logitRows).
template <typename OnRow>
static Status runRows(Stepper &step, const std::string &function,
                      const std::vector<Row> &rows, OnRow onRow,
                      const std::function<bool(const Row &)> &wanted = {}) {
  Model &model = step.model;
  size_t chunk = static_cast<size_t>(model.maxTokens(function));
  int64_t V = model.vocabSize();
  std::vector<float> logits;
  std::vector<int64_t> keep;
  for (size_t begin = 0; begin < rows.size(); begin += chunk) {
    size_t end = std::min(rows.size(), begin + chunk);
    std::vector<int64_t> toks, pos, slots;
    keep.clear();
    for (size_t r = begin; r < end; ++r) {
      toks.push_back(rows[r].token);
      pos.push_back(rows[r].position);
      slots.push_back(static_cast<int64_t>(rows[r].seq) / step.comm.size());
      if (!wanted || wanted(rows[r]))
        keep.push_back(static_cast<int64_t>(r - begin));
    }
    Status s = step.run(function, toks, pos, slots, logits,
                        wanted ? &keep : nullptr);
    if (!s)
      return s;
    for (size_t i = 0; i < keep.size(); ++i)
      onRow(rows[begin + keep[i]], logits.data() + i * V);
  }
  return Status::ok();
}

/// Rank 0 prints what the expert exchanges did on every rank: bound weight
/// bytes, and per MoE layer the rows each rank's experts received (its load:
/// max/mean over ranks) and the bytes each rank sent and received.
static Status printExpertParallelReport(const Model &model, Comm &comm,
                                        int64_t weightBytes) {
  std::ostringstream mine;
  mine << weightBytes << "\n";
  for (const auto &[layer, st] : model.exchangeStats())
    mine << layer << " " << st.rowsReceived << " " << st.bytesSent << " "
         << st.bytesReceived << "\n";
  std::vector<std::string> all;
  Status s = comm.gather(mine.str(), all, "expert-parallel report");
  if (!s || comm.rank() != 0)
    return s;
  struct PerRank {
    int64_t rows = 0, sent = 0, received = 0;
  };
  std::map<int, std::vector<PerRank>> layers;
  std::printf("ep: %zu ranks, weights per rank (MiB):", all.size());
  for (size_t r = 0; r < all.size(); ++r) {
    std::istringstream in(all[r]);
    int64_t bytes = 0;
    in >> bytes;
    std::printf(" %.2f", bytes / 1048576.0);
    int layer;
    PerRank p;
    while (in >> layer >> p.rows >> p.sent >> p.received) {
      auto &v = layers[layer];
      v.resize(all.size());
      v[r] = p;
    }
  }
  std::printf("\n");
  for (const auto &[layer, ranks] : layers) {
    int64_t most = 0, total = 0, sent = 0, received = 0;
    std::string rows;
    for (const PerRank &p : ranks) {
      most = std::max(most, p.rows);
      total += p.rows;
      sent += p.sent;
      received += p.received;
      rows += " " + std::to_string(p.rows);
    }
    double mean = static_cast<double>(total) / ranks.size();
    std::printf("ep layer %d: expert rows per rank%s (max/mean %.3f), bytes "
                "sent %lld received %lld (all ranks)\n",
                layer, rows.c_str(), mean > 0 ? most / mean : 1.0,
                static_cast<long long>(sent), static_cast<long long>(received));
  }
  return Status::ok();
}

/// Sums the per-expert token counts over ranks and writes them (rank 0) as
/// {"layers": [{"layer": L, "tokens_per_expert": [...]}, ...]}.
static Status writeExpertStats(const Model &model, Comm &comm,
                               const std::string &path) {
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (const auto &[layer, counts] : model.expertCounts()) {
    std::vector<int64_t> sum = counts;
    Status s = comm.allReduceSum(sum.data(), static_cast<int64_t>(sum.size()),
                                 "expert statistics");
    if (!s)
      return s;
    layers.push_back({{"layer", layer}, {"tokens_per_expert", sum}});
  }
  if (comm.rank() != 0)
    return Status::ok();
  std::ofstream out(path);
  out << nlohmann::ordered_json{{"layers", layers}}.dump(1) << "\n";
  return out ? Status::ok()
             : Status::error(path + ": cannot write the expert statistics");
}

/// The KV-cache layout: per-layer caches (bytes per cached token, all layers)
/// and scratch shared by the layers (per cache position).
static void printCacheSummary(const moe::mxa::Artifact &a) {
  if (!a.caches() || a.caches()->size() == 0)
    return;
  int64_t layerBytes = 0, scratchBytes = 0, layerCaches = 0;
  std::map<std::string, std::string>
      kinds; // kind -> tail, e.g. "kv" -> [1, 576]
  for (const moe::mxa::Cache *c : *a.caches()) {
    bool bf16 = c->element_type() == moe::mxa::ElementType_BF16;
    int64_t n = bf16 ? 2 : 4;
    std::string tail;
    for (int64_t d : *c->shape_tail()) {
      n *= d;
      tail += (tail.empty() ? "" : ", ") + std::to_string(d);
    }
    if (c->layer() < 0) {
      scratchBytes += n;
      continue;
    }
    layerBytes += n;
    ++layerCaches;
    std::string name = c->name()->str();
    kinds.emplace(name.substr(0, name.rfind('.')),
                  "[" + tail + "]" + (bf16 ? " bf16" : ""));
  }
  std::string layout;
  for (const auto &[kind, tail] : kinds)
    layout += (layout.empty() ? "" : ", ") + kind + " " + tail;
  std::printf("kv cache: %lld caches (%s per layer), %lld bytes per token",
              static_cast<long long>(layerCaches), layout.c_str(),
              static_cast<long long>(layerBytes));
  if (scratchBytes > 0)
    std::printf("; shared scratch %lld bytes per position",
                static_cast<long long>(scratchBytes));
  std::printf("\n");
}

/// Bytes of this rank's bound weights.
static int64_t gWeightBytes = 0;

/// Gathers every rank's trace spans and writes them (rank 0) as Chrome trace
/// events: pid = rank, tid = 2 * micro-batch (compute) or 2 * micro-batch + 1
/// (exchanges in flight and waits), times in microseconds.
static Status writeTrace(const Model &model, Comm &comm,
                         const std::string &path) {
  nlohmann::json mine = nlohmann::json::array();
  for (const TraceSpan &t : model.trace()) {
    bool exchange = t.kind != TraceSpan::Compute;
    nlohmann::json e = {{"name", t.name},
                        {"cat", t.kind == TraceSpan::Compute ? "compute"
                                : t.kind == TraceSpan::Comm  ? "comm"
                                                             : "wait"},
                        {"ph", "X"},
                        {"ts", t.begin * 1e6},
                        {"dur", (t.end - t.begin) * 1e6},
                        {"tid", 2 * t.lane + (exchange ? 1 : 0)}};
    if (t.layer >= 0)
      e["args"] = {{"layer", t.layer}};
    mine.push_back(std::move(e));
  }
  std::vector<std::string> all;
  Status s = comm.gather(mine.dump(), all, "trace");
  if (!s || comm.rank() != 0)
    return s;
  nlohmann::json events = nlohmann::json::array();
  for (size_t r = 0; r < all.size(); ++r) {
    nlohmann::json spans = nlohmann::json::parse(all[r], nullptr, false);
    std::set<int> tids;
    for (auto &e : spans) {
      e["pid"] = r;
      tids.insert(e["tid"].get<int>());
      events.push_back(std::move(e));
    }
    events.push_back({{"name", "process_name"},
                      {"ph", "M"},
                      {"pid", r},
                      {"args", {{"name", "rank " + std::to_string(r)}}}});
    for (int tid : tids)
      events.push_back(
          {{"name", "thread_name"},
           {"ph", "M"},
           {"pid", r},
           {"tid", tid},
           {"args",
            {{"name", "micro-batch " + std::to_string(tid / 2) +
                          (tid % 2 ? " exchanges" : " compute")}}}});
  }
  std::ofstream out(path);
  out << nlohmann::json{{"traceEvents", events}, {"displayTimeUnit", "ms"}}
             .dump()
      << "\n";
  return out ? Status::ok() : Status::error(path + ": cannot write the trace");
}

/// After a run: the expert-parallel report, the expert statistics and the
/// trace.
static int finishRun(const Model &model, const Options &o) {
  Status s = Status::ok();
  if (gComm->size() > 1)
    s = printExpertParallelReport(model, *gComm, gWeightBytes);
  if (s && gComm->size() > 1 && gComm->rank() == 0 && model.splitCalls() > 0)
    std::printf("ep overlap: %lld calls split into micro-batches\n",
                static_cast<long long>(model.splitCalls()));
  if (s && !o.expertStats.empty())
    s = writeExpertStats(model, *gComm, o.expertStats);
  if (s && !o.trace.empty())
    s = writeTrace(model, *gComm, o.trace);
  if (!s)
    return fail(s.errorMessage());
  return 0;
}

/// Writes the logits rows of every rank (rank 0), sorted by their keys.
static Status writeMergedLogits(Comm &comm, const std::string &path,
                                const std::vector<std::array<int64_t, 4>> &keys,
                                const std::vector<float> &rows, int64_t V) {
  std::string mine;
  for (size_t i = 0; i < keys.size(); ++i) {
    mine.append(reinterpret_cast<const char *>(keys[i].data()),
                sizeof(keys[i]));
    mine.append(reinterpret_cast<const char *>(rows.data() + i * V),
                static_cast<size_t>(V) * sizeof(float));
  }
  std::vector<std::string> all;
  Status s = comm.gather(mine, all, "logits");
  if (!s || comm.rank() != 0)
    return s;
  std::map<std::array<int64_t, 4>, const char *> sorted;
  size_t rowBytes = sizeof(std::array<int64_t, 4>) + V * sizeof(float);
  for (const std::string &bytes : all)
    for (size_t at = 0; at + rowBytes <= bytes.size(); at += rowBytes) {
      std::array<int64_t, 4> key;
      std::memcpy(key.data(), bytes.data() + at, sizeof(key));
      sorted[key] = bytes.data() + at + sizeof(key);
    }
  std::vector<float> out;
  out.reserve(sorted.size() * V);
  for (const auto &[key, data] : sorted) {
    size_t n = out.size();
    out.resize(n + V);
    std::memcpy(out.data() + n, data, static_cast<size_t>(V) * sizeof(float));
  }
  return writeNpy(path, out, static_cast<int64_t>(sorted.size()), V);
}

static int generate(Model &model, const Options &o, double loadSeconds) {
  Comm &comm = *gComm;
  Stepper step(model, comm);
  auto mine = [&](size_t i) {
    return static_cast<int>(i % comm.size()) == comm.rank();
  };
  int64_t V = model.vocabSize();
  const auto *eosIds = model.artifact().artifact().model()->eos_token_ids();
  auto isEos = [&](int64_t t) {
    return eosIds &&
           std::find(eosIds->begin(), eosIds->end(), t) != eosIds->end();
  };
  size_t n = o.prompts.size();
  std::vector<std::vector<int64_t>> generated(n);
  // Sequences of other ranks count as finished here.
  std::vector<bool> finished(n, o.maxNewTokens == 0);
  for (size_t i = 0; i < n; ++i)
    finished[i] = finished[i] || !mine(i);
  // One random stream per sequence index: a sequence's draws happen in its
  // own step order, whatever else shares its calls.
  std::vector<Sampler> samplers;
  for (size_t i = 0; i < n; ++i)
    samplers.emplace_back(o.sampling, i);
  // --dump-logits rows keyed (phase, decode step, sequence, position): the
  // single-process order, which ranks' rows are merged back into.
  std::vector<std::array<int64_t, 4>> dumpKeys;
  std::vector<float> dump;
  int64_t phase = 0, decodeStep = 0;
  auto accept = [&](const Row &r, const float *logits) {
    if (!o.dumpLogits.empty()) {
      dump.insert(dump.end(), logits, logits + V);
      dumpKeys.push_back(
          {phase, decodeStep, static_cast<int64_t>(r.seq), r.position});
    }
  };
  auto next = [&](size_t seq, const float *logits) {
    int64_t t = samplers[seq].next(logits, V);
    generated[seq].push_back(t);
    if (isEos(t) ||
        static_cast<int64_t>(generated[seq].size()) >= o.maxNewTokens)
      finished[seq] = true;
  };

  // Prefill: every prompt token, packed in prompt order.
  std::vector<Row> rows;
  for (size_t i = 0; i < n; ++i)
    for (size_t p = 0; mine(i) && p < o.prompts[i].size(); ++p)
      rows.push_back({i, o.prompts[i][p], static_cast<int64_t>(p)});
  auto t0 = std::chrono::steady_clock::now();
  auto last = [&](const Row &r) {
    return r.position + 1 == static_cast<int64_t>(o.prompts[r.seq].size());
  };
  std::function<bool(const Row &)> wanted; // every row's logits
  if (!o.allLogits && o.dumpLogits.empty())
    wanted = last;
  Status s = runRows(
      step, "prefill", rows,
      [&](const Row &r, const float *l) {
        accept(r, l);
        if (!finished[r.seq] && last(r))
          next(r.seq, l);
      },
      wanted);
  // Ranks prefill in lockstep: one with fewer prompt tokens idles until
  // every rank is done.
  if (s)
    s = step.finish();
  if (!s)
    return fail(s.errorMessage());
  double prefillSeconds = seconds(t0);
  int64_t prefillTokens = static_cast<int64_t>(rows.size());

  // Decode: one token per unfinished sequence per step.
  int64_t decodeTokens = 0;
  phase = 1;
  t0 = std::chrono::steady_clock::now();
  for (;; ++decodeStep) {
    rows.clear();
    for (size_t i = 0; i < n; ++i)
      if (!finished[i])
        rows.push_back({i, generated[i].back(),
                        static_cast<int64_t>(o.prompts[i].size() +
                                             generated[i].size() - 1)});
    if (rows.empty())
      break;
    s = runRows(step, "decode", rows, [&](const Row &r, const float *l) {
      accept(r, l);
      next(r.seq, l);
    });
    if (!s)
      return fail(s.errorMessage());
    decodeTokens += static_cast<int64_t>(rows.size());
  }
  s = step.finish();
  if (!s)
    return fail(s.errorMessage());
  double decodeSeconds = seconds(t0);

  // "seq i: ids" of every rank's sequences, printed by rank 0 in order.
  std::string lines;
  for (size_t i = 0; i < n; ++i) {
    if (!mine(i))
      continue;
    lines += std::to_string(i) + " seq " + std::to_string(i) + ":";
    for (int64_t t : generated[i])
      lines += " " + std::to_string(t);
    lines += "\n";
  }
  std::vector<std::string> all;
  int64_t totals[2] = {prefillTokens, decodeTokens};
  s = comm.gather(lines, all, "results");
  if (s)
    s = comm.allReduceSum(totals, 2, "token counts");
  if (!s)
    return fail(s.errorMessage());
  prefillTokens = totals[0];
  decodeTokens = totals[1];
  std::map<size_t, std::string> bySeq;
  for (const std::string &text : all) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      size_t space = line.find(' ');
      bySeq[std::stoul(line.substr(0, space))] = line.substr(space + 1);
    }
  }
  for (const auto &[seq, line] : bySeq)
    std::printf("%s\n", line.c_str());
  if (!o.dumpLogits.empty()) {
    s = writeMergedLogits(comm, o.dumpLogits, dumpKeys, dump, V);
    if (!s)
      return fail(s.errorMessage());
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  auto rate = [](int64_t tokens, double secs) {
    return tokens / std::max(secs, 1e-9);
  };
  if (comm.rank() == 0) {
    std::printf("load: %.3f s\n", loadSeconds);
    std::printf("prefill: %lld tokens in %.3f s (%.1f tokens/s)\n",
                static_cast<long long>(prefillTokens), prefillSeconds,
                rate(prefillTokens, prefillSeconds));
    std::printf("decode: %lld tokens in %.3f s (%.1f tokens/s)\n",
                static_cast<long long>(decodeTokens), decodeSeconds,
                rate(decodeTokens, decodeSeconds));
    std::printf("peak memory: %.1f MiB\n", ru.ru_maxrss / 1024.0);
    std::printf("weights: %.2f MiB (%lld bytes)\n", gWeightBytes / 1048576.0,
                static_cast<long long>(gWeightBytes));
    std::printf("threads: %d\n", model.options().threads);
    printCacheSummary(model.artifact().artifact());
  }
  return finishRun(model, o);
}

namespace {
/// One golden prompt and its expected tensors.
struct GoldenPrompt {
  std::vector<int64_t> toks;
  std::vector<double> preE, decE, tokE;
  int64_t n = 0, steps = 0;
};
} // namespace

/// Reads DIR/inputs.json and DIR/expected.safetensors.
static Status readGolden(const std::string &dir, int64_t V,
                         std::vector<GoldenPrompt> &ps) {
  std::string inputsPath = dir + "/inputs.json";
  std::ifstream in(inputsPath);
  if (!in)
    return Status::error(inputsPath + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded())
    return Status::error(inputsPath + ": not valid JSON");
  if (!json.is_object() || !json.contains("prompts") ||
      !json["prompts"].is_array())
    return Status::error(inputsPath +
                         ": prompts: expected a list of token id lists");
  auto expected = st::File::open(dir + "/expected.safetensors");
  if (!expected)
    return Status::error(expected.errorMessage());
  const auto &prompts = json["prompts"];
  for (size_t p = 0; p < prompts.size(); ++p) {
    std::string where = inputsPath + ": prompts[" + std::to_string(p) + "]";
    GoldenPrompt pr;
    if (!prompts[p].is_array() || prompts[p].empty())
      return Status::error(where + ": expected a non-empty list of token ids");
    for (auto &v : prompts[p]) {
      if (!v.is_number_integer() || v.get<int64_t>() < 0 ||
          v.get<int64_t>() >= V)
        return Status::error(where + ": expected token ids in [0, " +
                             std::to_string(V) + ")");
      pr.toks.push_back(v.get<int64_t>());
    }
    std::string idx = std::to_string(p);
    auto pre = (*expected)->get("prefill_logits." + idx);
    auto dec = (*expected)->get("decode_logits." + idx);
    auto dtok = (*expected)->get("decode_tokens." + idx);
    for (auto *e : {&pre, &dec, &dtok})
      if (!*e)
        return Status::error(e->errorMessage());
    pr.n = static_cast<int64_t>(pr.toks.size());
    pr.steps = (*dec)->shape.empty() ? 0 : (*dec)->shape[0];
    if ((*pre)->numElements() != pr.n * V ||
        (*dec)->numElements() != pr.steps * V ||
        (*dtok)->numElements() < pr.steps)
      return Status::error(dir + "/expected.safetensors: shapes of prompt " +
                           idx + " do not match its " + std::to_string(pr.n) +
                           " tokens and the vocabulary of " +
                           std::to_string(V));
    pr.preE = (*pre)->toDoubles();
    pr.decE = (*dec)->toDoubles();
    pr.tokE = (*dtok)->toDoubles();
    for (int64_t s = 0; s < pr.steps; ++s)
      if (pr.tokE[s] < 0 || pr.tokE[s] >= V)
        return Status::error(dir + "/expected.safetensors: decode_tokens." +
                             idx + "[" + std::to_string(s) +
                             "] out of the vocabulary");
    ps.push_back(std::move(pr));
  }
  return Status::ok();
}

static int golden(Model &model, const std::vector<GoldenPrompt> &ps,
                  const Options &o) {
  Comm &comm = *gComm;
  Stepper stepper(model, comm);
  std::string family =
      model.artifact().artifact().model()->model_type()
          ? model.artifact().artifact().model()->model_type()->str()
          : "model";
  int64_t V = model.vocabSize();
  // Per prompt of this rank: "<prompt> <err> <report line>" and the logits
  // rows for --dump-logits (int64 prompt, int64 floats, floats).
  std::string records, dumps;
  for (size_t p = 0; p < ps.size(); ++p) {
    if (static_cast<int>(p % comm.size()) != comm.rank())
      continue;
    const GoldenPrompt &pr = ps[p];
    double preDiff = 0, preAbs = 0, decErr = 0;
    int mismatches = 0;
    std::vector<float> dump;
    model.resetCache();
    std::vector<Row> rows;
    for (int64_t i = 0; i < pr.n; ++i)
      rows.push_back({0, pr.toks[i], i});
    // Prefill: max |diff| / max |expected| over the whole [n, V] matrix.
    Status s =
        runRows(stepper, "prefill", rows, [&](const Row &r, const float *l) {
          if (!o.dumpLogits.empty())
            dump.insert(dump.end(), l, l + V);
          for (int64_t c = 0; c < V; ++c) {
            double e = pr.preE[r.position * V + c];
            preDiff = std::max(preDiff, std::fabs(l[c] - e));
            preAbs = std::max(preAbs, std::fabs(e));
          }
          if (r.position == pr.n - 1 && pr.steps > 0 &&
              argmaxRow(l, V) != static_cast<int64_t>(pr.tokE[0]))
            ++mismatches;
        });
    // Teacher-forced decode: the worst row's relative error.
    for (int64_t step = 0; s && step < pr.steps; ++step)
      s = runRows(
          stepper, "decode",
          {{0, static_cast<int64_t>(pr.tokE[step]), pr.n + step}},
          [&](const Row &, const float *l) {
            if (!o.dumpLogits.empty())
              dump.insert(dump.end(), l, l + V);
            double maxDiff = 0, maxAbs = 0;
            for (int64_t c = 0; c < V; ++c) {
              double e = pr.decE[step * V + c];
              maxDiff = std::max(maxDiff, std::fabs(l[c] - e));
              maxAbs = std::max(maxAbs, std::fabs(e));
            }
            decErr = std::max(decErr, maxAbs > 0 ? maxDiff / maxAbs : maxDiff);
            if (step + 1 < pr.steps &&
                argmaxRow(l, V) != static_cast<int64_t>(pr.tokE[step + 1]))
              ++mismatches;
          });
    if (!s)
      return fail(s.errorMessage());
    double preErr = preAbs > 0 ? preDiff / preAbs : preDiff;
    double e = std::max(preErr, decErr);
    char line[256];
    std::snprintf(line, sizeof line,
                  "%zu %.17g %s prompt %zu: prefill max_rel_err %.3e, decode "
                  "max_rel_err %.3e (%lld steps), greedy token mismatches %d\n",
                  p, e, family.c_str(), p, preErr, decErr,
                  static_cast<long long>(pr.steps), mismatches);
    records += line;
    int64_t head[2] = {static_cast<int64_t>(p),
                       static_cast<int64_t>(dump.size())};
    dumps.append(reinterpret_cast<const char *>(head), sizeof head);
    dumps.append(reinterpret_cast<const char *>(dump.data()),
                 dump.size() * sizeof(float));
  }
  Status s = stepper.finish();
  std::vector<std::string> allRecords, allDumps;
  if (s)
    s = comm.gather(records, allRecords, "golden results");
  if (s && !o.dumpLogits.empty())
    s = comm.gather(dumps, allDumps, "golden logits");
  if (!s)
    return fail(s.errorMessage());
  if (comm.rank() != 0)
    return finishRun(model, o);
  // Rank 0: the report in prompt order.
  std::map<size_t, std::pair<double, std::string>> byPrompt;
  for (const std::string &text : allRecords) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      size_t p;
      double e;
      fields >> p >> e;
      std::string rest;
      std::getline(fields >> std::ws, rest);
      byPrompt[p] = {e, rest};
    }
  }
  bool ok = byPrompt.size() == ps.size();
  double worst = 0;
  for (const auto &[p, rec] : byPrompt) {
    std::printf("%s\n", rec.second.c_str());
    worst = std::max(worst, rec.first);
    if (!(rec.first <= o.tol))
      ok = false;
  }
  std::printf("%s: %s max_rel_err %.3e (tol %.1e)\n", family.c_str(),
              ok ? "PASS" : "FAIL", worst, o.tol);
  if (!o.dumpLogits.empty()) {
    std::map<int64_t, std::vector<float>> rowsOf;
    for (const std::string &bytes : allDumps)
      for (size_t at = 0; at + 2 * sizeof(int64_t) <= bytes.size();) {
        int64_t head[2];
        std::memcpy(head, bytes.data() + at, sizeof head);
        at += sizeof head;
        std::vector<float> &v = rowsOf[head[0]];
        v.resize(static_cast<size_t>(head[1]));
        std::memcpy(v.data(), bytes.data() + at, v.size() * sizeof(float));
        at += v.size() * sizeof(float);
      }
    std::vector<float> dump;
    for (const auto &[p, v] : rowsOf)
      dump.insert(dump.end(), v.begin(), v.end());
    s = writeNpy(o.dumpLogits, dump, static_cast<int64_t>(dump.size()) / V, V);
    if (!s)
      return fail(s.errorMessage());
  }
  int code = finishRun(model, o);
  return ok && code == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  Options o;
  bool help = false;
  std::string err = parseArgs(argc, argv, o, help);
  if (help) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (!err.empty())
    return fail(err);
  auto t0 = std::chrono::steady_clock::now();
  if (launchedByMPI()) {
    auto comm = makeMPIComm(&argc, &argv, o.epTimeout);
    if (!comm)
      return fail(comm.errorMessage());
    gComm = std::move(*comm);
  } else {
    gComm = makeSelfComm();
  }

  auto file = ArtifactFile::open(o.model);
  if (!file)
    return fail(file.errorMessage());
  std::shared_ptr<const ArtifactFile> artifact = std::move(*file);
  std::vector<const char *> entries = {"prefill", "decode"};
  if (o.train)
    entries = {"train_step"};
  for (const char *fn : entries)
    if (!artifact->findFunction(fn))
      return fail(o.model + ": functions: no '" + fn + "' function" +
                  (o.train ? " (compile with moe-opt --mode=train)" : ""));
  int64_t V = artifact->artifact().model()->vocab_size();

  // Prompts (or golden inputs, or the training batch) first: they fix S and
  // C.
  std::vector<GoldenPrompt> goldenPrompts;
  ModelOptions mo;
  TrainBatch batch;
  int64_t positions = 1; // positions the run writes into the cache
  int64_t firstSequence = 0, totalSequences = 0;
  if (o.train) {
    if (!o.goldenTrain.empty()) {
      Status s = readTrainBatch(o.goldenTrain, V, batch);
      if (!s)
        return fail(s.errorMessage());
    } else {
      batch = randomTrainBatch(o.batch, o.seqLen, V, o.sampling.seed);
    }
    // Expert parallelism: each rank trains on a block of the sequences.
    totalSequences = batch.sequences;
    if (gComm->size() > batch.sequences)
      return fail("--train: " + std::to_string(batch.sequences) +
                  " sequences for " + std::to_string(gComm->size()) +
                  " ranks, expected at least one per rank");
    batch = rankSlice(batch, gComm->rank(), gComm->size(), firstSequence);
    int64_t maxT = artifact->findFunction("train_step")->max_tokens();
    if (batch.sequences * batch.length > maxT)
      return fail("--train: batch " + std::to_string(batch.sequences) +
                  " x " + std::to_string(batch.length) + " tokens" +
                  (gComm->size() > 1 ? " on a rank" : "") +
                  ", the artifact takes at most " + std::to_string(maxT) +
                  " (moe-opt --train-max-tokens)");
    mo.slots = batch.sequences;
    mo.context = batch.length;
  } else if (!o.golden.empty()) {
    Status s = readGolden(o.golden, V, goldenPrompts);
    if (!s)
      return fail(s.errorMessage());
    for (const GoldenPrompt &p : goldenPrompts)
      positions = std::max(positions, p.n + p.steps);
    mo.context = (positions + 63) / 64 * 64;
  } else {
    int64_t longest = 0;
    for (size_t i = 0; i < o.prompts.size(); ++i) {
      longest = std::max<int64_t>(longest, o.prompts[i].size());
      for (size_t j = 0; j < o.prompts[i].size(); ++j)
        if (o.prompts[i][j] >= V)
          return fail("--prompt-ids (prompt " + std::to_string(i) +
                      "): token id " + std::to_string(o.prompts[i][j]) +
                      " at index " + std::to_string(j) +
                      " out of range, expected < " + std::to_string(V) +
                      " (the model's vocab_size)");
    }
    // A rank serves prompts rank, rank + N, ... (one cache slot each).
    int64_t ranks = gComm->size();
    mo.slots = std::max<int64_t>(
        1, (static_cast<int64_t>(o.prompts.size()) + ranks - 1) / ranks);
    // The last token fed is at position longest + max_new_tokens - 2.
    positions = std::max<int64_t>(
        1, longest + std::max<int64_t>(o.maxNewTokens - 1, 0));
    mo.context = (longest + o.maxNewTokens + 63) / 64 * 64;
    if (o.maxContext && o.maxContext < positions)
      return fail("--max-context " + std::to_string(o.maxContext) +
                  ": the longest prompt plus --max-new-tokens needs " +
                  std::to_string(positions) + " positions");
  }
  if (o.maxContext && !o.train)
    mo.context = o.maxContext;
  unsigned hw = std::thread::hardware_concurrency();
  mo.threads = static_cast<int>(o.threads ? o.threads : (hw ? hw : 1));
  mo.trace = !o.trace.empty();
  bool cudaCode = false;
  if (const auto *codes = artifact->artifact().code())
    for (const auto *c : *codes)
      cudaCode |= c->format() != moe::mxa::CodeFormat_ElfSharedObject;
  mo.cuda = o.device == "cuda" ||
            (o.device == "auto" && cudaCode && gComm->size() == 1 &&
             moe::runtime::cuda::deviceAvailable());
  mo.denseGemm =
      o.cudaGemm == "cublaslt"        ? ModelOptions::DenseGemm::CuBLASLt
      : o.cudaGemm == "cublaslt-tf32" ? ModelOptions::DenseGemm::CuBLASLtTF32
      : o.cudaGemm == "kernels"       ? ModelOptions::DenseGemm::Kernels
                                      : ModelOptions::DenseGemm::Auto;
  mo.cudaTemplates = o.cudaTemplates;
  mo.cudaAttentionTiles = o.cudaAttentionTiles;
  if (o.cudaGemm.rfind("cublaslt", 0) == 0 && !mo.cuda)
    return fail("--cuda-gemm " + o.cudaGemm +
                ": the run is on the CPU (cuBLASLt needs --device cuda and an "
                "artifact with CUDA code)");

  // The world size first: a rank past the artifact's ep_size has no experts
  // to bind, and its weight error would race the clear one.
  if (Status s = checkWorldSize(*artifact, gComm->size()); !s)
    return fail(s.errorMessage());
  std::string weightsPath = o.weights;
  if (weightsPath.empty() && !o.golden.empty())
    weightsPath = o.golden + "/model.safetensors";
  if (weightsPath.empty() && !o.goldenTrain.empty())
    weightsPath = o.goldenTrain + "/model.safetensors";
  bool keep = !o.saveWeights.empty();
  mo.comm = gComm.get();
  int rank = gComm->rank();
  auto weights = o.randomWeights
                     ? randomWeights(*artifact, o.seed, keep, rank)
                     : loadWeights(*artifact, weightsPath, keep, rank);
  if (!weights)
    return fail(weights.errorMessage());
  gWeightBytes = weights->bytes();
  if (keep) {
    Status s = saveWeights(*weights, o.saveWeights);
    if (!s)
      return fail(s.errorMessage());
  }
  auto model = Model::create(artifact, std::move(*weights), mo);
  if (!model)
    return fail(model.errorMessage());
  if (mo.cuda && rank == 0)
    std::fprintf(stderr, "moe-run: device cuda (%s), dense GEMMs: %s\n",
                 (*model)->deviceName().c_str(),
                 (*model)->denseGemmLibrary().c_str());
  double loadSeconds = seconds(t0);

  if (o.train) {
    TrainRunOptions to;
    to.steps = o.steps;
    to.golden = o.goldenTrain;
    to.tol = o.tol;
    to.lossFile = o.lossFile;
    to.comm = gComm.get();
    to.firstSequence = firstSequence;
    to.totalSequences = totalSequences;
    int rc = runTraining(**model, batch, to);
    if (rc == 0 && !o.trace.empty())
      if (Status s = writeTrace(**model, *gComm, o.trace); !s)
        return fail(s.errorMessage());
    return rc;
  }
  if (!o.golden.empty())
    return golden(**model, goldenPrompts, o);
  if (o.prompts.empty()) {
    if (rank != 0)
      return 0;
    std::printf(
        "loaded %s (%u weights, %u kernels); no --prompt-ids, nothing "
        "to run\n",
        o.model.c_str(),
        artifact->artifact().weights() ? artifact->artifact().weights()->size()
                                       : 0u,
        artifact->artifact().kernels() ? artifact->artifact().kernels()->size()
                                       : 0u);
    return 0;
  }
  return generate(**model, o, loadSeconds);
}
