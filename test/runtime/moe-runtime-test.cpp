//===- moe-runtime-test.cpp - Test helper of the runtime ------------------===//
//
// Writes the inputs of the runtime's lit tests without the compiler, and runs
// unit checks:
//   moe-runtime-test write-artifact OUT.mxa [--schema-version N]
//       [--identifier XXXX] [--weight-index N] [--triple T] [--symbol S]
//       [--arena-bytes N] [--kernel-index N] [--segment-shift N]
//       [--num-args N] [--micro-batches N] [--all-reduce arena|weight]
//       [--gpu-block-threads N] [--weight-storage N] [--cache-storage N]
//       [--gpu-template N]
//       [--gpu-variant SYMBOL]
//       [--stateful]
//     A minimal artifact (vocab 16, eos 15) whose `prefill` (max_tokens 4)
//     and `decode` (max_tokens 2) run two launches of the test kernels
//     (TestKernels.cpp): arena = 0.5 * table[token] with table = transpose of
//     param 'model.embed.weight', then logits = arena + bias, bias = the stack
//     'model.bias.*' (2 x [8]). The options break one field each, except
//     --stateful: two more launches store each token in cache 'k.0'
//     (f32 [S, C, 2]) at its slot and position, then add to its logits a
//     term < 0.05 hashed from its sequence's cached tokens up to its position
//     (mxa_test_cache_write / mxa_test_cache_mix), so that logits depend on
//     the history as with attention while greedy decoding is unchanged.
//   moe-runtime-test write-weights DIR [--sharded] [--missing] [--wrong-shape]
//     Its weights: model.embed.weight[j][i] = 2 if j == (i+1) % 16 else 0,
//     model.bias.<e>[k] = 0.01 * (8e + k); so the logits of token x are
//     0.01 * j plus 1 at j = (x+1) % 16, and greedy decoding counts up.
//     --sharded: two shards + model.safetensors.index.json; --missing: no
//     model.bias.1; --wrong-shape: model.embed.weight as [8, 32].
//   moe-runtime-test write-golden DIR [--off X]
//     A golden fixture for that model and weights (prompts [1, 2, 3] and
//     [12, 13], 3 decode steps): inputs.json, expected.safetensors (the
//     logits computed here, X added to every expected logit) and
//     model.safetensors.
//   moe-runtime-test flip-byte FILE OFFSET
//   moe-runtime-test sample-stats [--temperature X] [--top-k N] [--top-p P]
//       [--seed S] [--draws N]
//     Draws N (default 200000) tokens with the runtime's Sampler from fixed
//     logits and compares the frequencies with probabilities computed here
//     independently (softmax of logits / X over the top-k, then the top-p
//     prefix, renormalized). Prints both per token and PASS when every
//     |frequency - probability| <= 2 / sqrt(N) (four standard deviations of
//     a frequency at most) and filtered tokens are never drawn; exit 1 on
//     FAIL. Deterministic for a given seed.
//   moe-runtime-test blas-check [--tf32 | --bf16]
//     On CUDA device 0 (needs a GPU): runs the cuBLASLt dense GEMMs of the
//     CUDA backend (runtime/cuda/Blas.h) on random problems: odd and aligned
//     shapes, M = 1, bias and accumulate, row strides wider than a row,
//     operands 1 element past an aligned address, a strided batch with
//     interleaved matrices (head_matmul's layout), batches sharing one x
//     (mla_expand's), and x^T w products (matmul_tn's weight gradients).
//     Each result is compared
//     with a double-precision product computed here: PASS when every
//     |out - ref| <= 1e-5 * (sum_k |x w| + |bias| + |out0|) (2e-3 with
//     --tf32: the TF32 tensor-core mode; --bf16: x and w rounded to bf16 and
//     passed as bf16, the f32-output mode of matmul_nt_bf16); exit 1 on FAIL.
//   moe-runtime-test nccl-check
//     On one CUDA device per rank (the rank on its node modulo the devices;
//     under mpirun, else one rank): the NCCL binding of the CUDA backend's
//     expert exchanges (runtime/cuda/Nccl.h). Every rank sends every rank
//     (itself included) a ragged amount of floats, in two transfers per peer
//     (NCCL matches them in order), one of 4 Mi floats, all in one group;
//     each received value is checked against its sender's formula. Prints
//     PASS per rank; exit 1 on FAIL.
//   moe-runtime-test unit
//     Sampler basics, file layout, verifier, thread pool, transforms and
//     random weights.
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/Artifact.h"
#include "runtime/artifact/Verify.h"
#include "runtime/cuda/Blas.h"
#include "runtime/cuda/Nccl.h"
#include "runtime/exec/Comm.h"
#include "runtime/exec/Model.h"
#include "runtime/exec/Sampler.h"
#include "runtime/exec/ThreadPool.h"
#include "runtime/weights/Weights.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <sys/stat.h>

using namespace moe::runtime;
namespace mxa = moe::mxa;

static int fail(const std::string &msg) {
  std::fprintf(stderr, "moe-runtime-test: error: %s\n", msg.c_str());
  return 1;
}

namespace {
struct ArtifactOptions {
  uint32_t schemaVersion = kSchemaVersion;
  std::string identifier = "MXA1";
  int weightIndex = 0;
  std::string triple = "x86_64-unknown-linux-gnu";
  std::string symbol = "mxa_test_embed";
  int64_t arenaBytes = -1;   // default: max_tokens * 16 floats
  bool stateful = false;     // the cache launches (see the file comment)
  uint32_t kernelIndex = 0;  // of the first launch
  uint64_t segmentShift = 0; // added to the code segment's offset
  uint32_t numArgs = 4;      // of the first kernel
  int32_t microBatches = 1;
  std::vector<mxa::Transform> extraTransforms; // unit: a third weight
  /// An AllReduce exchange appended to each function, over a view of this
  /// kind ("arena", "weight"; empty: none).
  std::string allReduce;
  uint32_t gpuBlockThreads = 0; // of the first kernel
  int weightStorage = 0;        // Weight.storage of weight 0 (ElementType)
  int cacheStorage = 0;         // Cache.element_type of cache 0 (ElementType)
  int gpuTemplate = 0;          // Kernel.gpu_template of the first kernel
  std::string gpuVariant;       // its Kernel.gpu_variant_symbol (empty: none)
};
} // namespace

static std::vector<uint8_t> readFile(const std::string &path, bool &ok) {
  std::ifstream in(path, std::ios::binary);
  ok = bool(in);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

static flatbuffers::Offset<mxa::Arg>
view(flatbuffers::FlatBufferBuilder &b, mxa::ArgKind kind, int index,
     mxa::ElementType et, const std::vector<mxa::Expr> &sizes,
     const std::vector<mxa::Expr> &strides) {
  mxa::Expr zero(0, 0, 0, 0, 0);
  return mxa::CreateArg(b, kind, index, et, &zero,
                        b.CreateVectorOfStructs(sizes),
                        b.CreateVectorOfStructs(strides));
}

/// The launches of --stateful (kernels 2 and 3): store the tokens in cache
/// 0 ([S, C, 2]), then mix each sequence's cached tokens into its logits. Two
/// launches, so that a row sees the rows of its sequence earlier in the same
/// call whatever the workgroup split.
static void
addCacheLaunches(flatbuffers::FlatBufferBuilder &b,
                 std::vector<flatbuffers::Offset<mxa::Launch>> &launches) {
  using E = mxa::Expr;
  const E T(0, 1, 0, 0, 0), S(0, 0, 1, 0, 0), C(0, 0, 0, 1, 0),
      C2(0, 0, 0, 2, 0), c1(1, 0, 0, 0, 0), c2(2, 0, 0, 0, 0),
      c16(16, 0, 0, 0, 0);
  auto input = [&](int index) {
    return view(b, mxa::ArgKind_Input, index, mxa::ElementType_I64, {T}, {c1});
  };
  auto cache = [&]() {
    return view(b, mxa::ArgKind_Cache, 0, mxa::ElementType_F32, {S, C, c2},
                {C2, c2, c1});
  };
  std::vector<flatbuffers::Offset<mxa::Arg>> write = {input(0), input(1),
                                                      input(2), cache()};
  launches.push_back(mxa::CreateLaunchDirect(b, 2, &T, &write));
  std::vector<flatbuffers::Offset<mxa::Arg>> mix = {
      input(1), input(2), cache(),
      view(b, mxa::ArgKind_Output, 0, mxa::ElementType_F32, {T, c16},
           {c16, c1})};
  launches.push_back(mxa::CreateLaunchDirect(b, 3, &T, &mix));
}

/// The minimal artifact's file bytes.
static Expected<std::vector<uint8_t>> buildArtifact(const ArtifactOptions &o) {
  bool ok;
  std::vector<uint8_t> code = readFile(MOE_TEST_KERNELS_PATH, ok);
  if (!ok)
    return Expected<std::vector<uint8_t>>::error(
        std::string(MOE_TEST_KERNELS_PATH) + ": cannot read");
  flatbuffers::FlatBufferBuilder b;
  using E = mxa::Expr;
  const E T(0, 1, 0, 0, 0), c1(1, 0, 0, 0, 0), c16(16, 0, 0, 0, 0);
  std::vector<int64_t> eos = {15};
  auto model =
      mxa::CreateModelInfoDirect(b, "test_tiny", 1, 16, 16, &eos, "f32");
  std::vector<flatbuffers::Offset<mxa::Weight>> weights;
  std::vector<int64_t> s16x16 = {16, 16}, s2x8 = {2, 8}, s16 = {16};
  std::vector<int8_t> transpose = {mxa::Transform_Transpose};
  weights.push_back(mxa::CreateWeightDirect(
      b, "model.embed.weight", &s16x16, "f32", &s16x16, &transpose, nullptr,
      nullptr, nullptr, static_cast<mxa::ElementType>(o.weightStorage)));
  weights.push_back(
      mxa::CreateWeightDirect(b, "model.bias.*", &s2x8, "f32", &s16, nullptr));
  if (!o.extraTransforms.empty()) {
    std::vector<int64_t> p = {2, 3, 4}, s = {3, 4, 2};
    std::vector<int8_t> t(o.extraTransforms.begin(), o.extraTransforms.end());
    weights.push_back(mxa::CreateWeightDirect(b, "model.layers.*.experts.w", &p,
                                              "f32", &s, &t));
  }
  std::vector<int64_t> two = {2}, tail = {2};
  std::vector<float> freq = {1.0f, 0.5f};
  std::vector<flatbuffers::Offset<mxa::Constant>> constants = {
      mxa::CreateConstantDirect(b, "rope.inv_freq", &two, &freq)};
  std::vector<flatbuffers::Offset<mxa::Cache>> caches = {
      mxa::CreateCacheDirect(b, "k.0", 0, &tail,
                             static_cast<mxa::ElementType>(o.cacheStorage))};
  std::vector<flatbuffers::Offset<mxa::Kernel>> kernels = {
      mxa::CreateKernelDirect(
          b, "test_embed", o.symbol.c_str(), o.numArgs, nullptr,
          o.gpuBlockThreads, static_cast<mxa::GpuTemplate>(o.gpuTemplate),
          o.gpuTemplate == 1 ? "grouped_matmul_nt_bf16_f32_sm90" : nullptr,
          o.gpuVariant.empty() ? nullptr : o.gpuVariant.c_str()),
      mxa::CreateKernelDirect(b, "test_add_bias", "mxa_test_add_bias", 4)};
  if (o.stateful) {
    kernels.push_back(mxa::CreateKernelDirect(b, "test_cache_write",
                                              "mxa_test_cache_write", 4));
    kernels.push_back(
        mxa::CreateKernelDirect(b, "test_cache_mix", "mxa_test_cache_mix", 4));
  }
  std::vector<uint64_t> offsets = computeSegmentOffsets({code.size()});
  mxa::Segment segment(offsets[0] + o.segmentShift, code.size());
  std::vector<flatbuffers::Offset<mxa::Code>> codes = {
      mxa::CreateCodeDirect(b, o.triple.c_str(), "x86-64",
                            mxa::CodeFormat_ElfSharedObject, &segment)};
  std::vector<flatbuffers::Offset<mxa::Function>> functions;
  for (auto [name, maxTokens] :
       {std::pair<const char *, int64_t>{"prefill", 4}, {"decode", 2}}) {
    std::vector<flatbuffers::Offset<mxa::Launch>> launches;
    std::vector<flatbuffers::Offset<mxa::Arg>> a0 = {
        view(b, mxa::ArgKind_Weight, o.weightIndex, mxa::ElementType_F32,
             {c16, c16}, {c16, c1}),
        view(b, mxa::ArgKind_Input, 0, mxa::ElementType_I64, {T}, {c1}),
        view(b, mxa::ArgKind_Arena, 0, mxa::ElementType_F32, {T, c16},
             {c16, c1}),
        mxa::CreateArg(b, mxa::ArgKind_Float, 0, mxa::ElementType_F32, nullptr,
                       0, 0, 0, 0.5)};
    launches.push_back(mxa::CreateLaunchDirect(b, o.kernelIndex, &T, &a0));
    std::vector<flatbuffers::Offset<mxa::Arg>> a1 = {
        view(b, mxa::ArgKind_Arena, 0, mxa::ElementType_F32, {T, c16},
             {c16, c1}),
        view(b, mxa::ArgKind_Weight, 1, mxa::ElementType_F32, {c16}, {c1}),
        view(b, mxa::ArgKind_Output, 0, mxa::ElementType_F32, {T, c16},
             {c16, c1}),
        mxa::CreateArg(b, mxa::ArgKind_Int, 0, mxa::ElementType_I64, nullptr, 0,
                       0, 1)};
    launches.push_back(mxa::CreateLaunchDirect(b, 1, &T, &a1));
    if (o.stateful)
      addCacheLaunches(b, launches);
    if (!o.allReduce.empty()) {
      std::vector<flatbuffers::Offset<mxa::Arg>> args = {view(
          b, o.allReduce == "weight" ? mxa::ArgKind_Weight : mxa::ArgKind_Arena,
          0, mxa::ElementType_F32, {c16}, {c1})};
      auto x = mxa::CreateExchangeDirect(b, mxa::ExchangeKind_AllReduce, -1,
                                         -1, nullptr);
      E none(0, 0, 0, 0, 0);
      launches.push_back(mxa::CreateLaunchDirect(b, 0, &none, &args, x));
    }
    int64_t arena = o.arenaBytes >= 0 ? o.arenaBytes : maxTokens * 16 * 4;
    functions.push_back(mxa::CreateFunctionDirect(
        b, name, maxTokens, arena, &launches, 0, o.microBatches));
  }
  auto root = mxa::CreateArtifactDirect(b, o.schemaVersion, "moe-runtime-test",
                                        model, &weights, &constants, &caches,
                                        &kernels, &codes, &functions);
  b.FinishSizePrefixed(root, o.identifier.c_str());
  return serializeArtifact(b.GetBufferPointer(), b.GetSize(),
                           {{code.data(), code.size()}});
}

static int writeArtifact(int argc, char **argv) {
  if (argc < 1)
    return fail("write-artifact: expected OUT.mxa");
  ArtifactOptions o;
  for (int i = 1; i < argc; i += 2) {
    std::string f = argv[i];
    if (f == "--stateful") {
      o.stateful = true;
      --i; // a flag without a value
      continue;
    }
    if (i + 1 >= argc)
      return fail("write-artifact: " + f + ": expected a value");
    std::string v = argv[i + 1];
    if (f == "--schema-version")
      o.schemaVersion = std::stoul(v);
    else if (f == "--identifier")
      o.identifier = v;
    else if (f == "--weight-index")
      o.weightIndex = std::stoi(v);
    else if (f == "--triple")
      o.triple = v;
    else if (f == "--symbol")
      o.symbol = v;
    else if (f == "--arena-bytes")
      o.arenaBytes = std::stoll(v);
    else if (f == "--kernel-index")
      o.kernelIndex = std::stoul(v);
    else if (f == "--segment-shift")
      o.segmentShift = std::stoull(v);
    else if (f == "--num-args")
      o.numArgs = std::stoul(v);
    else if (f == "--micro-batches")
      o.microBatches = std::stoi(v);
    else if (f == "--all-reduce")
      o.allReduce = v;
    else if (f == "--gpu-template")
      o.gpuTemplate = std::stoi(v);
    else if (f == "--gpu-variant")
      o.gpuVariant = v;
    else if (f == "--gpu-block-threads")
      o.gpuBlockThreads = std::stoul(v);
    else if (f == "--weight-storage")
      o.weightStorage = std::stoi(v);
    else if (f == "--cache-storage")
      o.cacheStorage = std::stoi(v);
    else
      return fail("write-artifact: unknown option " + f);
  }
  auto bytes = buildArtifact(o);
  if (!bytes)
    return fail(bytes.errorMessage());
  std::ofstream out(argv[0], std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
  return out ? 0 : fail(std::string(argv[0]) + ": write failed");
}

static ParamData param(std::vector<int64_t> shape,
                       const std::vector<float> &values) {
  ParamData p;
  p.shape = std::move(shape);
  auto buf = FloatBuffer::allocate(values.size(), "test param");
  if (!buf) {
    std::fprintf(stderr, "%s\n", buf.errorMessage().c_str());
    std::exit(1);
  }
  p.data = std::move(*buf);
  std::copy(values.begin(), values.end(), p.data->data());
  return p;
}

static int writeWeights(int argc, char **argv) {
  if (argc < 1)
    return fail("write-weights: expected DIR");
  std::string dir = argv[0];
  bool sharded = false, missing = false, wrongShape = false;
  for (int i = 1; i < argc; ++i) {
    std::string f = argv[i];
    sharded |= f == "--sharded";
    missing |= f == "--missing";
    wrongShape |= f == "--wrong-shape";
  }
  ::mkdir(dir.c_str(), 0755);
  std::vector<float> w(256, 0.0f), bias(16);
  for (int i = 0; i < 16; ++i)
    w[((i + 1) % 16) * 16 + i] = 2.0f;
  for (int j = 0; j < 16; ++j)
    bias[j] = 0.01f * j;
  BoundWeights embed, biases;
  embed.params.emplace_back("model.embed.weight",
                            param(wrongShape ? std::vector<int64_t>{8, 32}
                                             : std::vector<int64_t>{16, 16},
                                  w));
  if (missing)
    biases.params.emplace_back("model.bias.0",
                               param({8}, {bias.begin(), bias.begin() + 8}));
  else
    biases.params.emplace_back("model.bias.*", param({2, 8}, bias));
  Status s = Status::ok();
  if (!sharded) {
    BoundWeights all;
    all.params = embed.params;
    all.params.insert(all.params.end(), biases.params.begin(),
                      biases.params.end());
    s = saveWeights(all, dir + "/model.safetensors");
  } else {
    s = saveWeights(embed, dir + "/model-00001-of-00002.safetensors");
    if (s)
      s = saveWeights(biases, dir + "/model-00002-of-00002.safetensors");
    std::ofstream index(dir + "/model.safetensors.index.json");
    index << "{\"metadata\": {\"total_size\": 1088}, \"weight_map\": {\n"
          << "  \"model.embed.weight\": \"model-00001-of-00002.safetensors\",\n"
          << "  \"model.bias.0\": \"model-00002-of-00002.safetensors\",\n"
          << "  \"model.bias.1\": \"model-00002-of-00002.safetensors\"}}\n";
  }
  return s ? 0 : fail(s.errorMessage());
}

/// The minimal model's logits of token x (see write-weights).
static std::vector<float> tinyLogits(int64_t x, float off) {
  std::vector<float> l(16);
  for (int j = 0; j < 16; ++j)
    l[j] = 0.01f * j + (j == (x + 1) % 16 ? 1.0f : 0.0f) + off;
  return l;
}

static int writeGolden(int argc, char **argv) {
  if (argc < 1)
    return fail("write-golden: expected DIR");
  std::string dir = argv[0];
  float off =
      argc >= 3 && std::string(argv[1]) == "--off" ? std::stof(argv[2]) : 0.0f;
  char *weightsArgv[] = {argv[0]};
  if (int rc = writeWeights(1, weightsArgv))
    return rc;
  std::vector<std::vector<int64_t>> prompts = {{1, 2, 3}, {12, 13}};
  const int64_t steps = 3;
  // Tensors of expected.safetensors: name, dtype, shape, raw bytes.
  struct T {
    std::string name, dtype;
    std::vector<int64_t> shape;
    std::string bytes;
  };
  std::vector<T> tensors;
  auto raw = [](const void *p, size_t n) {
    return std::string(static_cast<const char *>(p), n);
  };
  for (size_t i = 0; i < prompts.size(); ++i) {
    std::string pre, dec;
    std::vector<int64_t> toks;
    for (int64_t x : prompts[i]) {
      auto l = tinyLogits(x, off);
      pre += raw(l.data(), 64);
    }
    int64_t tok = (prompts[i].back() + 1) % 16;
    for (int64_t s = 0; s < steps; ++s) {
      toks.push_back(tok);
      auto l = tinyLogits(tok, off);
      dec += raw(l.data(), 64);
      tok = (tok + 1) % 16;
    }
    std::string idx = std::to_string(i);
    int64_t n = static_cast<int64_t>(prompts[i].size());
    tensors.push_back({"prefill_logits." + idx, "F32", {n, 16}, pre});
    tensors.push_back({"decode_logits." + idx, "F32", {steps, 16}, dec});
    tensors.push_back({"decode_tokens." + idx,
                       "I64",
                       {steps},
                       raw(toks.data(), toks.size() * 8)});
  }
  std::string header = "{";
  size_t offset = 0;
  for (const T &t : tensors) {
    std::string shape;
    for (int64_t d : t.shape)
      shape += (shape.empty() ? "" : ",") + std::to_string(d);
    header += (header.size() > 1 ? "," : "") + std::string("\"") + t.name +
              "\":{\"dtype\":\"" + t.dtype + "\",\"shape\":[" + shape +
              "],\"data_offsets\":[" + std::to_string(offset) + "," +
              std::to_string(offset + t.bytes.size()) + "]}";
    offset += t.bytes.size();
  }
  header += "}";
  std::ofstream out(dir + "/expected.safetensors", std::ios::binary);
  uint64_t len = header.size();
  out.write(reinterpret_cast<const char *>(&len), 8);
  out << header;
  for (const T &t : tensors)
    out << t.bytes;
  std::ofstream inputs(dir + "/inputs.json");
  inputs << "{\"prompts\": [[1, 2, 3], [12, 13]], \"decode_steps\": 3}\n";
  return out && inputs ? 0 : fail(dir + ": write failed");
}

static int flipByte(int argc, char **argv) {
  if (argc < 2)
    return fail("flip-byte: expected FILE OFFSET");
  std::fstream f(argv[0], std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(std::stoll(argv[1]));
  char c;
  f.get(c);
  f.seekp(std::stoll(argv[1]));
  f.put(static_cast<char>(c ^ 0x01));
  return f ? 0 : fail(std::string(argv[0]) + ": cannot flip a byte");
}

//===----------------------------------------------------------------------===//
// Sampler statistics
//===----------------------------------------------------------------------===//

/// The probabilities the sampler should draw `logits` with, written
/// straightforwardly: sort descending (ties to the lower id), keep top-k,
/// softmax of logits / temperature, keep the top-p prefix, renormalize.
static std::vector<double> expectedProbs(const std::vector<float> &logits,
                                         const SamplingOptions &o) {
  size_t n = logits.size();
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return logits[a] > logits[b]; });
  if (o.topK > 0 && static_cast<size_t>(o.topK) < n)
    order.resize(o.topK);
  std::vector<double> p(n, 0.0);
  double sum = 0;
  for (size_t i : order)
    sum += p[i] = std::exp((logits[i] - logits[order[0]]) / o.temperature);
  double mass = 0;
  size_t keep = 0;
  while (keep < order.size() && mass < o.topP) // mass of the kept prefix
    mass += p[order[keep++]] / sum;
  double kept = 0;
  for (size_t k = 0; k < order.size(); ++k)
    if (k >= keep)
      p[order[k]] = 0;
    else
      kept += p[order[k]];
  for (double &x : p)
    x /= kept;
  return p;
}

static int sampleStats(int argc, char **argv) {
  SamplingOptions o;
  o.temperature = 1.0;
  int64_t draws = 200000;
  for (int i = 0; i + 1 < argc; i += 2) {
    std::string f = argv[i], v = argv[i + 1];
    if (f == "--temperature")
      o.temperature = std::stod(v);
    else if (f == "--top-k")
      o.topK = std::stoll(v);
    else if (f == "--top-p")
      o.topP = std::stod(v);
    else if (f == "--seed")
      o.seed = std::stoull(v);
    else if (f == "--draws")
      draws = std::stoll(v);
    else
      return fail("sample-stats: unknown option " + f);
  }
  if (!(o.temperature > 0) || draws < 1)
    return fail("sample-stats: expected --temperature > 0 and --draws >= 1");
  // Unsorted, with a tie (ids 1 and 5), so that the order of top-k / top-p
  // and their tie-breaking matter.
  const std::vector<float> logits = {0.5f, 2.0f, -1.0f, 1.0f,
                                     0.0f, 2.0f, -3.0f, 1.5f};
  int64_t V = static_cast<int64_t>(logits.size());
  std::vector<double> want = expectedProbs(logits, o);
  std::vector<int64_t> counts(V, 0);
  Sampler sampler(o, 0);
  for (int64_t d = 0; d < draws; ++d)
    ++counts[sampler.next(logits.data(), V)];
  double tol = 2.0 / std::sqrt(static_cast<double>(draws)), worst = 0;
  bool ok = true;
  for (int64_t t = 0; t < V; ++t) {
    double got = static_cast<double>(counts[t]) / draws;
    worst = std::max(worst, std::fabs(got - want[t]));
    ok &= want[t] > 0 || counts[t] == 0;
    std::printf("token %lld: expected %.4f observed %.4f\n",
                static_cast<long long>(t), want[t], got);
  }
  ok &= worst <= tol;
  std::printf("sample-stats: %lld draws, max |observed - expected| %.4f, "
              "tolerance %.4f: %s\n",
              static_cast<long long>(draws), worst, tol, ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

//===----------------------------------------------------------------------===//
// Unit checks
//===----------------------------------------------------------------------===//

static int failures = 0, checks = 0;
#define CHECK(cond)                                                            \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      ++failures;                                                              \
      std::fprintf(stderr, "CHECK failed at line %d: %s\n", __LINE__, #cond);  \
    }                                                                          \
  } while (0)

static void unitLayout() {
  CHECK((computeSegmentOffsets({10, 64, 1}) ==
         std::vector<uint64_t>{0, 64, 128}));
  CHECK(computeSegmentOffsets({}).empty());
  auto bytes = buildArtifact({});
  CHECK(bool(bytes));
  if (!bytes)
    return;
  // Segment area 64-aligned, footer at the end.
  uint32_t prefix;
  std::memcpy(&prefix, bytes->data(), 4);
  size_t area = (prefix + 4 + 63) / 64 * 64;
  bool ok;
  std::vector<uint8_t> code = readFile(MOE_TEST_KERNELS_PATH, ok);
  CHECK(bytes->size() == area + code.size() + kFooterSize);
  CHECK(std::memcmp(bytes->data() + area, code.data(), code.size()) == 0);
  CHECK(std::memcmp(bytes->data() + bytes->size() - 8, "MXAFOOT1", 8) == 0);
  auto file = ArtifactFile::fromBytes("m.mxa", *bytes);
  CHECK(bool(file));
  if (file) {
    CHECK((*file)->hostCode() != nullptr);
    CHECK((*file)->findFunction("decode")->max_tokens() == 2);
    CHECK(bool(verifyExtents("m.mxa", (*file)->artifact(), 3, 64)));
  }
  // A bad size prefix is refused by the writer.
  uint8_t junk[8] = {9, 0, 0, 0, 0, 0, 0, 0};
  CHECK(!serializeArtifact(junk, 8, {}));
}

static void unitExtents() {
  mxa::Expr sz(2, 1, 0, 0, 0), st(3, 0, 0, 0, 0);
  flatbuffers::FlatBufferBuilder b;
  mxa::Expr off(1, 0, 0, 0, 0);
  std::vector<mxa::Expr> sizes = {sz}, strides = {st};
  b.Finish(mxa::CreateArg(b, mxa::ArgKind_Arena, 0, mxa::ElementType_F32, &off,
                          b.CreateVectorOfStructs(sizes),
                          b.CreateVectorOfStructs(strides)));
  auto *arg = flatbuffers::GetRoot<mxa::Arg>(b.GetBufferPointer());
  View v;
  std::string why;
  CHECK(evalView(*arg, {4, 1, 1}, v, why)); // size 6, stride 3: 1..16
  CHECK(v.rank == 1 && v.sizes[0] == 6 && v.offset == 1);
  CHECK(viewWithin(v, 17, why));
  CHECK(!viewWithin(v, 16, why));
  v.strides[0] = -3;
  v.offset = 15; // 15 down to 0
  CHECK(viewWithin(v, 16, why));
  v.offset = 14;
  CHECK(!viewWithin(v, 16, why));
  v.sizes[0] = 0; // empty: nothing reachable
  CHECK(viewWithin(v, 0, why));
}

static void unitThreadPool() {
  for (int threads : {1, 2, 4}) {
    ThreadPool pool(threads);
    std::atomic<int64_t> sum{0};
    for (int rep = 0; rep < 2000; ++rep) {
      int64_t n = 1 + rep % 7;
      pool.run(
          n,
          [](void *c, int64_t i) {
            static_cast<std::atomic<int64_t> *>(c)->fetch_add(i + 1);
          },
          &sum);
    }
    int64_t want = 0;
    for (int rep = 0; rep < 2000; ++rep) {
      int64_t n = 1 + rep % 7;
      want += n * (n + 1) / 2;
    }
    CHECK(sum.load() == want);
  }
}

static void unitWeights() {
  ArtifactOptions o;
  o.extraTransforms = {mxa::Transform_Transpose, mxa::Transform_Deinterleave};
  auto bytes = buildArtifact(o);
  CHECK(bool(bytes));
  if (!bytes)
    return;
  auto file = ArtifactFile::fromBytes("m.mxa", *bytes);
  CHECK(bool(file));
  if (!file)
    return;
  auto w1 = randomWeights(**file, 7, true);
  auto w2 = randomWeights(**file, 7, false);
  auto w3 = randomWeights(**file, 8, false);
  CHECK(w1 && w2 && w3);
  if (!w1 || !w2 || !w3)
    return;
  CHECK(w1->params.size() == 3 && w2->params.empty());
  const FloatBuffer &a = *w1->buffers[2], &b = *w2->buffers[2],
                    &c = *w3->buffers[2];
  CHECK(std::memcmp(a.data(), b.data(), 24 * 4) == 0);
  CHECK(std::memcmp(a.data(), c.data(), 24 * 4) != 0);
  // Param [2, 3, 4] viewed as v[3, 4, 2], transposed to t[3, 2, 4], then
  // deinterleaved along the last dimension: d[i][b][j] = t[i][b][2j],
  // d[i][b][2 + j] = t[i][b][2j + 1], with t[i][b][a] = v[i][a][b].
  const float *p = w1->params[2].second.data->data();
  auto v = [&](int i, int a, int b) { return p[i * 8 + a * 2 + b]; };
  bool same = true;
  for (int i = 0; i < 3; ++i)
    for (int b = 0; b < 2; ++b)
      for (int j = 0; j < 2; ++j) {
        same &= a.data()[i * 8 + b * 4 + j] == v(i, 2 * j, b);
        same &= a.data()[i * 8 + b * 4 + 2 + j] == v(i, 2 * j + 1, b);
      }
  CHECK(same);
  // Ranges of the random rule: fan-in 4 matrix within sqrt(3/4); the bias
  // stack (rank-1 tensors) within 0.1; the embedding within 1.7.
  bool inRange = true;
  for (size_t i = 0; i < 24; ++i)
    inRange &= std::fabs(p[i]) <= std::sqrt(0.75f);
  for (size_t i = 0; i < 16; ++i)
    inRange &= std::fabs(w1->buffers[1]->data()[i]) <= 0.1f;
  CHECK(inRange);
  // Shared params are read once: both buffers of a transform-free weight
  // alias the param form.
  CHECK(w1->buffers[1] == w1->params[1].second.data);
}

static void unitSampler() {
  // SplitMix64 from state 0: its first output is the published constant.
  CHECK(splitMix64(0) == 0xe220a8397b1dcdafULL);
  CHECK(unitInterval(0) == 0.0);
  CHECK(unitInterval(~0ULL) < 1.0);
  CHECK(unitInterval(1ULL << 63) == 0.5);
  // Greedy: first maximum; never draws, so the stream is irrelevant.
  const float tie[4] = {1.0f, 3.0f, 3.0f, -2.0f};
  CHECK(Sampler(SamplingOptions(), 0).next(tie, 4) == 1);
  CHECK(argmaxRow(tie, 4) == 1);
  // top-k 1 and a tiny top-p keep only the first maximum at any temperature.
  SamplingOptions k1;
  k1.temperature = 100;
  k1.topK = 1;
  SamplingOptions p0 = k1;
  p0.topK = 0;
  p0.topP = 1e-9;
  bool greedy = true;
  Sampler a(k1, 3), b(p0, 4);
  for (int i = 0; i < 100; ++i)
    greedy &= a.next(tie, 4) == 1 && b.next(tie, 4) == 1;
  CHECK(greedy);
  // Same (options, stream): same tokens; another stream: other tokens.
  SamplingOptions t1;
  t1.temperature = 1;
  t1.seed = 42;
  const float flat[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  Sampler s1(t1, 0), s2(t1, 0), s3(t1, 1);
  std::vector<int64_t> x1, x2, x3;
  for (int i = 0; i < 64; ++i) {
    x1.push_back(s1.next(flat, 8));
    x2.push_back(s2.next(flat, 8));
    x3.push_back(s3.next(flat, 8));
  }
  CHECK(x1 == x2);
  CHECK(x1 != x3);
  // -inf logits are never drawn; all -inf falls back to the argmax.
  const float inf = std::numeric_limits<float>::infinity();
  const float masked[3] = {-inf, 0.0f, -inf};
  const float none[2] = {-inf, -inf};
  bool onlyOne = true;
  for (int i = 0; i < 100; ++i)
    onlyOne &= s1.next(masked, 3) == 1;
  CHECK(onlyOne);
  CHECK(s1.next(none, 2) == 0);
}

static int unit() {
  unitSampler();
  unitLayout();
  unitExtents();
  unitThreadPool();
  unitWeights();
  if (failures)
    return fail(std::to_string(failures) + " of " + std::to_string(checks) +
                " checks failed");
  std::printf("unit: all %d checks passed\n", checks);
  return 0;
}

/// blas-check (see the header).
static int blasCheck(int argc, char **argv) {
  bool tf32 = argc > 0 && std::string(argv[0]) == "--tf32";
  bool bf16 = argc > 0 && std::string(argv[0]) == "--bf16";
  if (argc > (tf32 || bf16 ? 1 : 0))
    return fail("blas-check: expected no option but --tf32 or --bf16");
  // --bf16: x and w rounded to bf16 and passed as bf16 (the products are
  // exact in f32, so f32 accumulation keeps the f32 tolerance).
  double tolerance = tf32 ? 2e-3 : 1e-5;
  auto toBf16 = [](float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    u += 0x7fffu + ((u >> 16) & 1u);
    return static_cast<uint16_t>(u >> 16);
  };
  namespace cu = moe::runtime::cuda;
  auto dev = cu::Device::open(0);
  if (!dev)
    return fail(dev.errorMessage());
  auto blas = cu::Blas::open(**dev, tf32);
  if (!blas)
    return fail(blas.errorMessage());
  std::printf("blas-check: %s on %s\n", (*blas)->version().c_str(),
              (*dev)->name().c_str());
  struct Case {
    int64_t m, n, k, batch;
    bool bias, accumulate, padded, shifted;
    bool shared = false; // one x for the whole batch (stride 0: mla_expand)
    bool tn = false;     // out = x^T w, x [K, M] and w [K, N] (matmul_tn)
  };
  const Case cases[] = {
      {1, 1, 1, 1, false, false, false, false},
      {3, 5, 7, 1, true, false, false, false},
      {1, 130, 100, 1, true, true, false, true},
      {17, 32, 16, 1, false, true, true, false},
      {64, 96, 128, 1, true, false, true, true},
      {256, 512, 384, 1, true, true, false, false},
      {5, 24, 40, 4, false, false, false, false},
      {33, 16, 72, 16, false, false, true, true},
      {9, 24, 40, 6, false, false, true, true, true},
      {1, 8, 16, 3, false, false, false, false, true},
      {7, 13, 5, 1, false, true, false, false, false, true},
      {40, 72, 33, 1, false, true, true, true, false, true},
      {1, 9, 1, 1, false, true, false, false, false, true},
  };
  uint64_t rng = 0x9e3779b97f4a7c15ull;
  auto uniform = [&] { // [-1, 1)
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<float>(static_cast<int64_t>(rng >> 11) % 2000000) /
           1e6f - 1.0f;
  };
  int bad = 0;
  for (const Case &c : cases) {
    // Row-major; batched cases interleave the matrices like head_matmul's
    // x[T, NH, K], w[NH, N, K], out[T, NH, N], or share x.
    int64_t pad = c.padded ? 3 : 0, shift = c.shifted ? 1 : 0;
    int64_t ldx = (c.shared ? 1 : c.batch) * c.k + pad, ldw = c.k + pad,
            ldo = c.batch * c.n + pad;
    int64_t bx = c.shared ? 0 : c.k, bw = c.n * ldw, bo = c.n;
    if (c.tn) // x [K, M], w [K, N] (no batch)
      ldx = c.m + pad, ldw = c.n + pad, bw = c.k * ldw;
    std::vector<float> x(shift + (c.tn ? c.k : c.m) * ldx), w(shift + c.batch * bw),
        out(shift + c.m * ldo), bias(shift + c.n);
    for (auto *v : {&x, &w, &out, &bias})
      for (float &f : *v)
        f = uniform();
    std::vector<float> out0 = out;
    std::vector<uint16_t> x16(x.size()), w16(w.size());
    if (bf16)
      for (auto [f, h] : {std::pair{&x, &x16}, std::pair{&w, &w16}})
        for (size_t i = 0; i < f->size(); ++i) {
          (*h)[i] = toBf16((*f)[i]);
          uint32_t u = static_cast<uint32_t>((*h)[i]) << 16;
          std::memcpy(&(*f)[i], &u, 4);
        }
    size_t in = bf16 ? 2 : 4;
    cu::Device &d = **dev;
    size_t bytes[4] = {x.size() * in, w.size() * in, out.size() * 4,
                       bias.size() * 4};
    cu::CUdeviceptr p[4];
    const void *host[4] = {bf16 ? static_cast<const void *>(x16.data()) : x.data(),
                           bf16 ? static_cast<const void *>(w16.data()) : w.data(),
                           out.data(), bias.data()};
    for (int i = 0; i < 4; ++i) {
      auto a = d.allocate(bytes[i], "blas-check");
      if (!a)
        return fail(a.errorMessage());
      p[i] = *a;
      if (moe::runtime::Status s = d.upload(p[i], host[i], bytes[i]); !s)
        return fail(s.errorMessage());
    }
    cu::Gemm g;
    g.m = c.m, g.n = c.n, g.k = c.k, g.batch = c.batch;
    g.x = p[0] + shift * in, g.w = p[1] + shift * in, g.out = p[2] + shift * 4;
    g.bf16 = bf16;
    g.bias = c.bias ? p[3] + shift * 4 : 0;
    g.ldx = ldx, g.ldw = ldw, g.ldout = ldo;
    g.batchX = bx, g.batchW = bw, g.batchOut = bo;
    g.accumulate = c.accumulate;
    g.tn = c.tn;
    if (moe::runtime::Status s = (*blas)->gemm(g); !s)
      return fail(s.errorMessage());
    if (moe::runtime::Status s = d.download(out.data(), p[2], bytes[2]); !s)
      return fail(s.errorMessage());
    double worst = 0;
    for (int64_t b = 0; b < c.batch; ++b)
      for (int64_t i = 0; i < c.m; ++i)
        for (int64_t j = 0; j < c.n; ++j) {
          double ref = 0, mag = 0;
          for (int64_t k = 0; k < c.k; ++k) {
            double t = c.tn ? double(x[shift + k * ldx + i]) *
                                  w[shift + k * ldw + j]
                            : double(x[shift + i * ldx + b * bx + k]) *
                                  w[shift + b * bw + j * ldw + k];
            ref += t;
            mag += std::fabs(t);
          }
          size_t o = shift + i * ldo + b * bo + j;
          if (c.bias)
            ref += bias[shift + j], mag += std::fabs(bias[shift + j]);
          if (c.accumulate)
            ref += out0[o], mag += std::fabs(out0[o]);
          worst = std::max(worst, std::fabs(out[o] - ref) / (mag + 1e-30));
        }
    // Padding and the element before a shifted operand stay untouched.
    bool untouched = !shift || out[0] == out0[0];
    for (int64_t i = 0; i < c.m && pad; ++i)
      for (int64_t q = c.batch * c.n; q < ldo; ++q)
        untouched &= out[shift + i * ldo + q] == out0[shift + i * ldo + q];
    bool ok = worst <= tolerance && untouched;
    bad += !ok;
    std::printf("blas-check: %sM=%lld N=%lld K=%lld batch=%lld%s bias=%d "
                "accumulate=%d padded=%d shifted=%d: max rel err %.2e%s %s\n",
                c.tn ? "x^T w " : "", (long long)c.m, (long long)c.n,
                (long long)c.k, (long long)c.batch,
                c.shared ? " (shared x)" : "", c.bias,
                c.accumulate, c.padded, c.shifted,
                worst, untouched ? "" : " (wrote outside its view)",
                ok ? "ok" : "FAIL");
  }
  // The plan cache is bounded: kMaxPlans + 8 shapes (M = 1, 2, ...), each
  // still right, the cache never over the bound.
  {
    cu::Device &d = **dev;
    const int64_t shapes = static_cast<int64_t>(cu::Blas::kMaxPlans) + 8;
    std::vector<float> x(shapes), w = {0.5f}, out(shapes);
    for (int64_t i = 0; i < shapes; ++i)
      x[i] = static_cast<float>(i % 7);
    cu::CUdeviceptr px = 0, pw = 0, po = 0;
    for (auto [ptr, bytes] : {std::pair{&px, x.size() * 4},
                              std::pair{&pw, w.size() * 4},
                              std::pair{&po, out.size() * 4}}) {
      auto a = d.allocate(bytes, "blas-check");
      if (!a)
        return fail(a.errorMessage());
      *ptr = *a;
    }
    if (moe::runtime::Status s = d.upload(px, x.data(), x.size() * 4); !s)
      return fail(s.errorMessage());
    if (moe::runtime::Status s = d.upload(pw, w.data(), 4); !s)
      return fail(s.errorMessage());
    size_t most = 0;
    for (int64_t m = 1; m <= shapes; ++m) {
      cu::Gemm g; // out[m, 1] = x[m, 1] . w[1, 1]^T (f32)
      g.m = m, g.n = 1, g.k = 1, g.x = px, g.w = pw, g.out = po;
      g.ldx = g.ldw = g.ldout = 1;
      if (moe::runtime::Status s = (*blas)->gemm(g); !s)
        return fail(s.errorMessage());
      most = std::max(most, (*blas)->plans());
    }
    if (moe::runtime::Status s = d.download(out.data(), po, out.size() * 4); !s)
      return fail(s.errorMessage());
    bool right = true;
    for (int64_t i = 0; i < shapes; ++i)
      right &= out[i] == 0.5f * x[i];
    bool ok = right && most <= cu::Blas::kMaxPlans;
    bad += !ok;
    std::printf("blas-check: %lld shapes, at most %zu plans cached (bound "
                "%zu)%s %s\n",
                (long long)shapes, most, cu::Blas::kMaxPlans,
                right ? "" : " (wrong products)", ok ? "ok" : "FAIL");
  }
  std::printf("blas-check: %s\n", bad ? "FAIL" : "PASS");
  return bad ? 1 : 0;
}

/// nccl-check (see the header).
static int ncclCheck(int argc, char **argv) {
  namespace cu = moe::runtime::cuda;
  std::unique_ptr<Comm> comm;
  if (launchedByMPI()) {
    auto c = makeMPIComm(&argc, &argv, 60);
    if (!c)
      return fail(c.errorMessage());
    comm = std::move(*c);
  } else {
    comm = makeSelfComm();
  }
  const int P = comm->size(), r = comm->rank();
  int devices = cu::deviceCount();
  auto dev = cu::Device::open(devices > 0 ? comm->localRank() % devices : 0);
  if (!dev)
    return fail(dev.errorMessage());
  struct {
    char ok = 0;
    cu::nccl::UniqueId id{};
  } msg;
  if (r == 0) {
    auto id = cu::Nccl::uniqueId();
    if (!id)
      std::fprintf(stderr, "moe-runtime-test: rank 0: %s\n",
                   id.errorMessage().c_str());
    msg.ok = id ? 1 : 0;
    if (id)
      msg.id = *id;
  }
  if (Status s = comm->broadcast(&msg, sizeof msg, 0, "NCCL unique id"); !s)
    return fail(s.errorMessage());
  if (!msg.ok)
    return fail("nccl-check: no NCCL unique id from rank 0");
  auto nccl = cu::Nccl::create(msg.id, P, r, (*dev)->stream());
  if (!nccl)
    return fail(nccl.errorMessage());
  // Floats from rank a to rank b: ragged, 0 for some pairs, 4 Mi for one.
  auto count = [&](int a, int b) -> int64_t {
    if (a == 0 && b == P - 1)
      return int64_t{4} << 20;
    return (a * 7 + b * 3) % 5 == 4 ? 0 : 1 + (a * 37 + b * 11) % 300;
  };
  auto value = [](int a, int b, int64_t i) {
    return static_cast<float>(a * 1000 + b) + static_cast<float>(i % 4096) / 8192;
  };
  std::vector<int64_t> sendAt(P + 1, 0), recvAt(P + 1, 0);
  for (int q = 0; q < P; ++q) {
    sendAt[q + 1] = sendAt[q] + count(r, q);
    recvAt[q + 1] = recvAt[q] + count(q, r);
  }
  std::vector<float> host(static_cast<size_t>(sendAt[P]));
  for (int q = 0; q < P; ++q)
    for (int64_t i = 0; i < count(r, q); ++i)
      host[static_cast<size_t>(sendAt[q] + i)] = value(r, q, i);
  size_t sendBytes = host.size() * sizeof(float) + 4,
         recvBytes = static_cast<size_t>(recvAt[P]) * sizeof(float) + 4;
  auto send = (*dev)->allocate(sendBytes, "nccl-check");
  auto recv = (*dev)->allocate(recvBytes, "nccl-check");
  if (!send || !recv)
    return fail(!send ? send.errorMessage() : recv.errorMessage());
  if (Status s = (*dev)->upload(*send, host.data(), host.size() * 4); !s)
    return fail(s.errorMessage());
  // Two transfers per peer (the first third, then the rest), in order.
  std::vector<cu::Nccl::Transfer> sends, recvs;
  auto split = [](std::vector<cu::Nccl::Transfer> &list, int peer,
                  cu::CUdeviceptr base, int64_t at, int64_t n) {
    int64_t first = n / 3;
    for (auto [from, m] : {std::pair<int64_t, int64_t>{0, first},
                           std::pair<int64_t, int64_t>{first, n - first}})
      if (m > 0)
        list.push_back({peer, base + static_cast<cu::CUdeviceptr>(
                                         (at + from) * sizeof(float)),
                        m});
  };
  for (int q = 0; q < P; ++q) {
    split(sends, q, *send, sendAt[q], count(r, q));
    split(recvs, q, *recv, recvAt[q], count(q, r));
  }
  if (Status s = (*nccl)->exchange(sends, recvs, "nccl-check"); !s)
    return fail(s.errorMessage());
  std::vector<float> got(static_cast<size_t>(recvAt[P]));
  if (Status s = (*dev)->download(got.data(), *recv, got.size() * 4); !s)
    return fail(s.errorMessage());
  int64_t bad = 0;
  for (int p = 0; p < P; ++p)
    for (int64_t i = 0; i < count(p, r); ++i)
      if (got[static_cast<size_t>(recvAt[p] + i)] != value(p, r, i) &&
          bad++ < 3)
        std::fprintf(stderr,
                     "nccl-check: rank %d: from rank %d, float %lld: got %g, "
                     "expected %g\n",
                     r, p, static_cast<long long>(i),
                     got[static_cast<size_t>(recvAt[p] + i)], value(p, r, i));
  std::printf("nccl-check: rank %d of %d: %s on %s, %lld floats in, %s\n", r,
              P, (*nccl)->version().c_str(), (*dev)->name().c_str(),
              static_cast<long long>(recvAt[P]), bad ? "FAIL" : "PASS");
  return bad ? 1 : 0;
}

/// logit-rows ART.mxa [--cuda]: Model::run with logitRows against every
/// row: a prefill of two packed prompts (6 tokens in slot 0, 4 in slot 1,
/// random weights; the first T = min(10, max_tokens) of them), rows
/// {T / 2, T - 1}, {0, T / 2 - 1, T - 1} and {} bitwise equal to those of
/// the full run; and rows out of order refused.
static int logitRows(int argc, char **argv) {
  if (argc < 1)
    return fail("logit-rows: expected ART.mxa [--cuda]");
  auto file = ArtifactFile::open(argv[0]);
  if (!file)
    return fail(file.errorMessage());
  std::shared_ptr<const ArtifactFile> artifact = std::move(*file);
  auto weights = randomWeights(*artifact, 1, false);
  if (!weights)
    return fail(weights.errorMessage());
  ModelOptions mo;
  mo.slots = 2;
  mo.context = 16;
  mo.threads = 2;
  mo.cuda = argc > 1 && std::string(argv[1]) == "--cuda";
  auto model = Model::create(artifact, std::move(*weights), mo);
  if (!model)
    return fail(model.errorMessage());
  Model &m = **model;
  std::vector<int64_t> tokens = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3},
                       positions = {0, 1, 2, 3, 4, 5, 0, 1, 2, 3},
                       slots = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
  int64_t T = std::min<int64_t>(10, m.maxTokens("prefill"));
  for (auto *v : {&tokens, &positions, &slots})
    v->resize(static_cast<size_t>(T));
  int64_t V = m.vocabSize();
  std::vector<float> all, some;
  Status s = m.run("prefill", tokens, positions, slots, all);
  if (!s)
    return fail(s.errorMessage());
  std::printf("logit-rows: prefill prunes its logits: %s\n",
              m.prunesLogits("prefill") ? "yes" : "no");
  int bad = 0;
  for (const std::vector<int64_t> &rows :
       {std::vector<int64_t>{T / 2, T - 1}, {0, T / 2 - 1, T - 1}, {}}) {
    m.resetCache();
    s = m.run("prefill", tokens, positions, slots, some, &rows);
    if (!s)
      return fail(s.errorMessage());
    bool same = some.size() == rows.size() * static_cast<size_t>(V);
    for (size_t i = 0; same && i < rows.size(); ++i)
      same = std::memcmp(some.data() + i * V, all.data() + rows[i] * V,
                         V * sizeof(float)) == 0;
    std::string list;
    for (int64_t r : rows)
      list += (list.empty() ? "" : ", ") + std::to_string(r);
    std::printf("logit-rows: rows {%s}: %s\n", list.c_str(),
                same ? "bitwise equal" : "DIFFER");
    bad += !same;
  }
  std::vector<int64_t> unordered = {2, 1};
  s = m.run("prefill", tokens, positions, slots, some, &unordered);
  std::printf("logit-rows: rows {2, 1}: %s\n",
              s ? "accepted" : s.errorMessage().c_str());
  return bad || s ? 1 : 0;
}

int main(int argc, char **argv) {
  std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "logit-rows")
    return logitRows(argc - 2, argv + 2);
  if (cmd == "write-artifact")
    return writeArtifact(argc - 2, argv + 2);
  if (cmd == "write-weights")
    return writeWeights(argc - 2, argv + 2);
  if (cmd == "write-golden")
    return writeGolden(argc - 2, argv + 2);
  if (cmd == "flip-byte")
    return flipByte(argc - 2, argv + 2);
  if (cmd == "sample-stats")
    return sampleStats(argc - 2, argv + 2);
  if (cmd == "unit")
    return unit();
  if (cmd == "blas-check")
    return blasCheck(argc - 2, argv + 2);
  if (cmd == "nccl-check")
    return ncclCheck(argc - 1, argv + 1);
  return fail("usage: moe-runtime-test (write-artifact OUT.mxa [opts] | "
              "write-weights DIR [opts] | write-golden DIR [--off X] | "
              "flip-byte FILE OFFSET | sample-stats [opts] | blas-check [--tf32|--bf16] | "
              "nccl-check | logit-rows ART.mxa [--cuda] | unit)");
}
