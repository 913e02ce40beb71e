//===- moe-opt.cpp - The moe-mlir optimizer driver ------------------------===//
//
// A full mlir-opt (every upstream dialect and pass, plus --load-pass-plugin and
// --load-dialect-plugin) with the moe dialect and passes registered. An input
// that is a Hugging Face config.json (recognised by content) is imported first.
//
//===----------------------------------------------------------------------===//

#include "dialects/MoE/IR/MoEDialect.h"
#include "frontends/hf/HFImporter.h"
#include "lowering/ArtifactEmitter.h"
#include "lowering/NVVMCodegen.h"
#include "lowering/Passes.h"
#include "passes/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace mlir;

static llvm::cl::OptionCategory importCategory("moe-opt config import options");
static llvm::cl::opt<int64_t>
    numLayers("num-layers",
              llvm::cl::desc("config.json input: keep only the first N decoder "
                             "layers (a slice)"),
              llvm::cl::init(0), llvm::cl::cat(importCategory));
static llvm::cl::opt<std::string>
    dtype("dtype",
          llvm::cl::desc("config.json input: compute/parameter dtype, bf16 | "
                         "f32 | f16 (default: the config's torch_dtype)"),
          llvm::cl::init(""), llvm::cl::cat(importCategory));

static llvm::cl::opt<bool> mxaCudaBlockKernels(
    "mxa-cuda-block-kernels",
    llvm::cl::desc("-o X.mxa with --mxa-cuda-arch: use the CUDA block "
                   "versions of the kernels that have one "
                   "(lowering/kernels/block/: one thread block per work "
                   "item); false: every kernel runs one work item per GPU "
                   "thread (default: true)"),
    llvm::cl::init(true), llvm::cl::cat(importCategory));
static llvm::cl::opt<std::string>
    mxaCpu("mxa-cpu",
           llvm::cl::desc("-o X.mxa: LLVM CPU name the kernels are compiled "
                          "for (default: native, this machine's CPU; e.g. "
                          "x86-64-v3 for any AVX2 machine). moe-run refuses "
                          "code using an x86 extension its CPU lacks"),
           llvm::cl::init("native"), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaCpuTiles(
    "mxa-cpu-tiles",
    llvm::cl::desc("-o X.mxa: register tiles of the CPU GEMM kernels: auto "
                   "(default: narrow for x86 CPUs without AVX-512, wide "
                   "otherwise), wide (4 x 4 vector<16xf32> accumulators, "
                   "for 32 vector registers) or narrow (2 x 2, "
                   "lowering/kernels/narrow/); bitwise the same results"),
    llvm::cl::init("auto"), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaCudaArch(
    "mxa-cuda-arch",
    llvm::cl::desc("-o X.mxa: also compile the kernels for this CUDA chip "
                   "(e.g. sm_90a): PTX through MLIR's NVVM path, a cubin "
                   "through the CUDA toolkit's ptxas (default: none)"),
    llvm::cl::init(""), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaWeights(
    "mxa-weights",
    llvm::cl::desc("-o X.mxa: storage of the GEMM and embedding weights: f32 "
                   "(default) or bf16 (moe-weights-to-bf16: half the bytes, "
                   "f32 arithmetic on the weights rounded to bf16; inference "
                   "only)"),
    llvm::cl::init("f32"), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaExperts(
    "mxa-experts",
    llvm::cl::desc("-o X.mxa: precision of the routed experts' rows: f32 "
                   "(default) or bf16 (moe-experts-to-bf16: the dispatched "
                   "rows and the SwiGLU output rounded to bf16, f32 "
                   "accumulation, SwiGLU fused into the gate/up GEMM; needs "
                   "--mxa-weights=bf16)"),
    llvm::cl::init("f32"), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaDense(
    "mxa-dense",
    llvm::cl::desc("-o X.mxa: precision of the dense GEMMs' rows (projections, "
                   "shared experts, dense MLPs, LM head): f32 (default) or "
                   "bf16 (moe-dense-to-bf16: rows rounded to bf16, f32 "
                   "accumulation; cuBLASLt on bf16 on CUDA; needs "
                   "--mxa-weights=bf16)"),
    llvm::cl::init("f32"), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaKVCache(
    "mxa-kv-cache",
    llvm::cl::desc("-o X.mxa: storage of the KV caches (per-head K/V, MLA's "
                   "latent rows): f32 (default) or bf16 (moe-kv-cache-to-bf16: "
                   "half the cache bytes and decode's cache traffic, rows "
                   "rounded to bf16 as they are cached, f32 arithmetic; "
                   "inference only)"),
    llvm::cl::init("f32"), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaCudaAttention(
    "mxa-cuda-attention",
    llvm::cl::desc("-o X.mxa with --mxa-cuda-arch: attention's CUDA tiles "
                   "(prefill; decode with 16+ query heads per KV head): tiled "
                   "(default: f32 on CUDA cores) or tc (moe-attention-tensor-"
                   "cores: bf16 mma.sync on tensor cores, q, K, V and the "
                   "softmax weights rounded to bf16; inference only)"),
    llvm::cl::init("tiled"), llvm::cl::cat(importCategory));

static llvm::cl::opt<bool> mxaUnfusedRouting(
    "mxa-unfused-routing",
    llvm::cl::desc("-o X.mxa: keep moe.router + moe.dispatch unfused (the "
                   "default pipeline otherwise runs moe-fuse-route-dispatch)"),
    llvm::cl::init(false), llvm::cl::cat(importCategory));

static llvm::cl::opt<int64_t> mxaEp(
    "ep",
    llvm::cl::desc("-o X.mxa: expert parallelism over N ranks (runs "
                   "moe-expert-parallel in the default pipeline; run the "
                   "artifact with mpirun -np N moe-run)"),
    llvm::cl::init(1), llvm::cl::cat(importCategory));
static llvm::cl::opt<std::string> mxaEpPlacement(
    "ep-placement",
    llvm::cl::desc("-o X.mxa with --ep: contiguous | group-aligned"),
    llvm::cl::init("contiguous"), llvm::cl::cat(importCategory));
static llvm::cl::opt<std::string> mxaExpertStats(
    "expert-stats",
    llvm::cl::desc("-o X.mxa with --ep: per-expert token counts (moe-run "
                   "--expert-stats) for hot-expert replicas"),
    llvm::cl::init(""), llvm::cl::cat(importCategory));
static llvm::cl::opt<int64_t> mxaEpReplicas(
    "ep-replicas",
    llvm::cl::desc("-o X.mxa with --expert-stats: extra expert slots per rank "
                   "for replicas (default 1)"),
    llvm::cl::init(1), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaOverlap(
    "overlap-a2a",
    llvm::cl::desc("-o X.mxa with --ep: overlap the expert all-to-alls with "
                   "computation (moe-overlap-a2a): N micro-batches, or 'auto' "
                   "(cost model, needs --overlap-target)"),
    llvm::cl::init(""), llvm::cl::cat(importCategory));
static llvm::cl::opt<std::string> mxaOverlapTarget(
    "overlap-target",
    llvm::cl::desc("-o X.mxa with --overlap-a2a auto: target description "
                   "JSON (bench/targets/)"),
    llvm::cl::init(""), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaMode(
    "mode",
    llvm::cl::desc("-o X.mxa: 'infer' (prefill + decode entries, default) or "
                   "'train' (a train_step entry: forward, cross-entropy "
                   "loss, backward, AdamW; moe-lower-train-step; with --ep N "
                   "expert-parallel, without replicas or --overlap-a2a)"),
    llvm::cl::init("infer"), llvm::cl::cat(importCategory));
static llvm::cl::opt<int64_t> mxaTrainMaxTokens(
    "train-max-tokens",
    llvm::cl::desc("-o X.mxa --mode=train: largest batch x sequence length "
                   "one step takes (default 1024)"),
    llvm::cl::init(1024), llvm::cl::cat(importCategory));
static llvm::cl::opt<double>
    mxaLr("lr", llvm::cl::desc("-o X.mxa --mode=train: AdamW learning rate "
                               "(default 1e-3; betas 0.9/0.999, eps 1e-8, "
                               "weight decay 0.01)"),
          llvm::cl::init(1e-3), llvm::cl::cat(importCategory));

static llvm::cl::opt<std::string> mxaRecompute(
    "recompute",
    llvm::cl::desc("-o X.mxa --mode=train: activations to recompute in the "
                   "backward (moe-recompute): none, full, deepseek-v3, "
                   "kimi-k2, a budget in bytes (KiB/MiB/GiB suffixes), auto, "
                   "or modules=CLASS,CLASS"),
    llvm::cl::init(""), llvm::cl::cat(importCategory));
static llvm::cl::opt<std::string> mxaRecomputeTarget(
    "recompute-target",
    llvm::cl::desc("-o X.mxa --recompute: target description JSON for the "
                   "cost model (default: the dev CPU's figures)"),
    llvm::cl::init(""), llvm::cl::cat(importCategory));
static llvm::cl::opt<std::string> mxaRecomputeReport(
    "recompute-report",
    llvm::cl::desc("-o X.mxa --recompute: print the choice to - or a file"),
    llvm::cl::init(""), llvm::cl::cat(importCategory));

/// `-o X.mxa`: import or parse the input, run the passes given on the command
/// line, then the default lowering pipeline (the steps not already done), and
/// write the artifact.
/// Whether `value` is one of `choices`; if not, prints
/// "FLAG=VALUE: expected 'a', 'b' or 'c'".
static bool isOneOf(StringRef flag, StringRef value,
                    ArrayRef<StringRef> choices) {
  if (llvm::is_contained(choices, value))
    return true;
  llvm::errs() << flag << "=" << value << ": expected ";
  for (auto [i, choice] : llvm::enumerate(choices))
    llvm::errs() << (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ")
                 << "'" << choice << "'";
  llvm::errs() << "\n";
  return false;
}

static int compileArtifact(DialectRegistry &registry,
                           MlirOptMainConfig &config,
                           std::unique_ptr<llvm::MemoryBuffer> input,
                           llvm::StringRef inputFilename,
                           llvm::StringRef outputFilename) {
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  OwningOpRef<ModuleOp> module;
  if (moe::looksLikeHFConfig(input->getBuffer())) {
    moe::HFImportOptions options;
    if (numLayers.getNumOccurrences())
      options.numLayers = numLayers;
    options.dtype = dtype;
    std::string error;
    module = moe::importHFConfig(inputFilename, input->getBuffer(), &context,
                                 options, error);
    if (!module) {
      llvm::errs() << error << "\n";
      return 1;
    }
  } else {
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    if (!module)
      return 1;
  }
  if (mxaEp < 1) {
    llvm::errs() << "--ep " << mxaEp << ": expected a rank count >= 1\n";
    return 1;
  }
  if (mxaEp == 1 && (mxaExpertStats.getNumOccurrences() ||
                     mxaEpPlacement.getNumOccurrences())) {
    llvm::errs() << "--expert-stats and --ep-placement need --ep N with N > "
                    "1\n";
    return 1;
  }
  PassManager pm(&context);
  moe::DefaultPipelineOptions pipeline;
  pipeline.fuseRouting = !mxaUnfusedRouting;
  pipeline.ep = mxaEp;
  pipeline.epPlacement = mxaEpPlacement;
  pipeline.expertStats = mxaExpertStats;
  pipeline.epReplicas = mxaEpReplicas;
  if (!mxaOverlap.empty() && mxaEp == 1) {
    llvm::errs() << "--overlap-a2a needs --ep N with N > 1\n";
    return 1;
  }
  pipeline.overlap = mxaOverlap;
  pipeline.overlapTarget = mxaOverlapTarget;
  if (!isOneOf("--mode", mxaMode, {"infer", "train"}))
    return 1;
  pipeline.train = mxaMode == "train";
  // The storage/precision flags: f32 or bf16, each with the rule that may
  // refuse bf16 (its message: "<context><flag>=bf16 <refused>"; null: none).
  struct PrecisionFlag {
    const char *flag;
    const std::string &value;
    bool &bf16;
    const char *context;
    const char *refused;
  };
  const bool weightsBF16 = mxaWeights == "bf16";
  const PrecisionFlag precisionFlags[] = {
      {"--mxa-weights", mxaWeights, pipeline.weightsBF16, "--mode=train: ",
       pipeline.train ? "is for inference (the training step updates its "
                        "weights in f32)"
                      : nullptr},
      {"--mxa-experts", mxaExperts, pipeline.expertsBF16, "",
       weightsBF16 ? nullptr
                   : "needs --mxa-weights=bf16 (the bf16 expert kernels read "
                     "bf16 weights)"},
      {"--mxa-dense", mxaDense, pipeline.denseBF16, "",
       weightsBF16 ? nullptr
                   : "needs --mxa-weights=bf16 (the bf16 dense kernel reads "
                     "bf16 weights)"},
      {"--mxa-kv-cache", mxaKVCache, pipeline.kvCacheBF16, "--mode=train: ",
       pipeline.train ? "is for inference (the training step keeps no KV "
                        "cache)"
                      : nullptr},
  };
  for (const PrecisionFlag &f : precisionFlags) {
    if (!isOneOf(f.flag, f.value, {"f32", "bf16"}))
      return 1;
    f.bf16 = f.value == "bf16";
    if (f.bf16 && f.refused) {
      llvm::errs() << f.context << f.flag << "=bf16 " << f.refused << "\n";
      return 1;
    }
  }
  if (!isOneOf("--mxa-cpu-tiles", mxaCpuTiles, {"auto", "wide", "narrow"}))
    return 1;
  moe::CPUTiles cpuTiles = mxaCpuTiles == "wide"     ? moe::CPUTiles::Wide
                           : mxaCpuTiles == "narrow" ? moe::CPUTiles::Narrow
                                                     : moe::CPUTiles::Auto;
  if (!isOneOf("--mxa-cuda-attention", mxaCudaAttention, {"tiled", "tc"}))
    return 1;
  if (mxaCudaAttention == "tc" && pipeline.train) {
    llvm::errs() << "--mode=train: --mxa-cuda-attention=tc is for inference "
                    "(attention_grad has no tensor-core version)\n";
    return 1;
  }
  if (mxaCudaAttention == "tc" && mxaCudaArch.empty()) {
    llvm::errs() << "--mxa-cuda-attention=tc: needs --mxa-cuda-arch (the "
                    "tensor-core tiles are CUDA code; the CPU kernels stay "
                    "f32)\n";
    return 1;
  }
  pipeline.tensorCoreAttention = mxaCudaAttention == "tc";
  pipeline.trainMaxTokens = mxaTrainMaxTokens;
  pipeline.lr = mxaLr;
  if (!mxaRecompute.empty() || !mxaRecomputeTarget.empty() ||
      !mxaRecomputeReport.empty()) {
    if (!pipeline.train) {
      llvm::errs() << "--recompute, --recompute-target, --recompute-report "
                      "need --mode=train\n";
      return 1;
    }
    llvm::StringRef r = mxaRecompute;
    if (r.empty()) {
      llvm::errs() << "--recompute-target, --recompute-report need "
                      "--recompute\n";
      return 1;
    }
    if (r.starts_with("modules="))
      pipeline.recompute.modules = r.drop_front(8).str();
    else if (r == "auto" || (!r.empty() && llvm::isDigit(r.front())))
      pipeline.recompute.budget = r.str();
    else
      pipeline.recompute.preset = r.str();
    pipeline.recompute.target = mxaRecomputeTarget;
    pipeline.recompute.report = mxaRecomputeReport;
  }
  if (pipeline.train && !mxaOverlap.empty()) {
    llvm::errs() << "--mode=train: --overlap-a2a is not supported for "
                    "training yet (the exchanges of a training step block)\n";
    return 1;
  }
  if (pipeline.train && (mxaExpertStats.getNumOccurrences() ||
                         mxaEpReplicas.getNumOccurrences())) {
    llvm::errs() << "--mode=train: hot-expert replicas (--expert-stats, "
                    "--ep-replicas) are not supported for training (a "
                    "replicated expert's gradients would need summing)\n";
    return 1;
  }
  if (failed(config.setupPassPipeline(pm)) || failed(pm.run(*module)) ||
      failed(moe::runDefaultPipeline(*module, pipeline)))
    return 1;
  moe::ArtifactOptions options;
  options.cpu = mxaCpu;
  options.cpuTiles = cpuTiles;
  options.cudaArch = mxaCudaArch;
  options.cudaBlockKernels = mxaCudaBlockKernels;
  if (failed(moe::emitArtifact(*module, outputFilename, options)))
    return 1;
  return 0;
}

/// MlirOptMain only warns and carries on when a plugin cannot be loaded; a
/// missing plugin is a usage error here (one line, non-zero exit).
static bool checkPluginPaths(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    for (llvm::StringRef flag : {"--load-pass-plugin", "--load-dialect-plugin",
                                 "-load-pass-plugin", "-load-dialect-plugin"}) {
      llvm::StringRef path;
      if (arg.consume_front(flag) && arg.consume_front("="))
        path = arg;
      else if (llvm::StringRef(argv[i]) == flag && i + 1 < argc)
        path = argv[i + 1];
      else
        continue;
      if (!llvm::sys::fs::exists(path)) {
        llvm::errs() << "moe-opt: " << flag << ": plugin '" << path
                     << "' does not exist\n";
        return false;
      }
    }
  }
  return true;
}

/// `--moe-report[=table|json] [--seq-len=S] [--context=L]` is shorthand for the
/// `moe-report` pass with options; with it, the module itself is printed only
/// when `-o` is given. Returns false (after a one-line error) on bad values.
static bool rewriteReportFlags(std::vector<std::string> &args) {
  std::string format, seqLen, context;
  bool report = false, hasOutput = false;
  std::vector<std::string> out;
  for (const std::string &a : args) {
    llvm::StringRef s = a;
    std::string value;
    if (s == "--moe-report" || s == "-moe-report") {
      report = true;
      continue;
    }
    if (s.consume_front("--moe-report=") || s.consume_front("-moe-report=")) {
      report = true;
      if (s == "table" || s == "json") {
        format = s.str();
        continue;
      }
      if (s.contains('=')) { // already pass-option syntax
        out.push_back(a);
        continue;
      }
      llvm::errs() << "moe-opt: --moe-report: expected 'table' or 'json', got '"
                   << s << "'\n";
      return false;
    }
    if (s.consume_front("--seq-len=") || s.consume_front("-seq-len=")) {
      seqLen = s.str();
      continue;
    }
    if (s.consume_front("--context=") || s.consume_front("-context=")) {
      context = s.str();
      continue;
    }
    if (s == "-o" || s.starts_with("-o=") || s.starts_with("--o="))
      hasOutput = true;
    out.push_back(a);
  }
  if (!report && (!seqLen.empty() || !context.empty())) {
    llvm::errs()
        << "moe-opt: --seq-len and --context apply to --moe-report only\n";
    return false;
  }
  for (const std::string *v : {&seqLen, &context}) {
    long long n;
    if (!v->empty() && (llvm::StringRef(*v).getAsInteger(10, n) || n <= 0)) {
      llvm::errs() << "moe-opt: " << (v == &seqLen ? "--seq-len" : "--context")
                   << ": expected a positive integer, got '" << *v << "'\n";
      return false;
    }
  }
  if (report) {
    std::string opts =
        "--moe-report=format=" + (format.empty() ? "table" : format);
    if (!seqLen.empty())
      opts += " seq-len=" + seqLen;
    if (!context.empty())
      opts += " context=" + context;
    out.push_back(opts);
    if (!hasOutput) {
      out.push_back("-o");
      out.push_back("/dev/null");
    }
  }
  args = std::move(out);
  return true;
}

int main(int argc, char **argv) {
  registerAllPasses();
  moe::registerMoEPasses();
  moe::registerMoELoweringPasses();
  moe::registerKernelsToPTXPipeline();

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  moe::registerMoEDialect(registry);
  moe::registerNVVMCodegenInterfaces(registry);

  if (!checkPluginPaths(argc, argv))
    return 1;
  std::vector<std::string> args(argv, argv + argc);
  if (!rewriteReportFlags(args))
    return 1;
  std::vector<char *> cargs;
  for (std::string &a : args)
    cargs.push_back(a.data());
  int nargs = int(cargs.size());
  cargs.push_back(nullptr);

  auto [inputFilename, outputFilename] = registerAndParseCLIOptions(
      nargs, cargs.data(),
      "moe-mlir optimizer driver\n\n"
      "  Input: a .mlir module, or a Hugging Face config.json (recognised by\n"
      "  content) which is imported as a moe module (--num-layers, --dtype).\n"
      "  --moe-report[=table|json] [--seq-len=S] [--context=L] prints the "
      "model\n"
      "  analysis report (the module itself only with -o).\n"
      "  -o X.mxa compiles: the passes given, then moe-lower-to-kernels,\n"
      "  moe-weights-to-bf16 (with --mxa-weights=bf16), moe-experts-to-bf16\n"
      "  (with --mxa-experts=bf16), moe-dense-to-bf16 (with --mxa-dense=bf16),\n"
      "  moe-kv-cache-to-bf16 (with --mxa-kv-cache=bf16),\n"
      "  moe-attention-tensor-cores (with --mxa-cuda-attention=tc) and\n"
      "  moe-plan-buffers\n"
      "  (when not done yet), CPU code generation for\n"
      "  --mxa-cpu (and CUDA code for --mxa-cuda-arch), and the artifact\n"
      "  (run it with moe-run).\n",
      registry);

  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects() || config.shouldListPasses())
    return asMainReturnCode(MlirOptMain(nargs, cargs.data(), inputFilename,
                                        outputFilename, registry));

  // The input is read once (it may be stdin) and sniffed: a JSON object is a
  // Hugging Face config to import, anything else is MLIR.
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFilename, &errorMessage);
  if (!input) {
    llvm::errs() << "moe-opt: " << errorMessage << "\n";
    return 1;
  }
  if (llvm::StringRef(outputFilename).ends_with(".mxa"))
    return compileArtifact(registry, config, std::move(input), inputFilename,
                           outputFilename);
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << "moe-opt: " << errorMessage << "\n";
    return 1;
  }

  if (!moe::looksLikeHFConfig(input->getBuffer())) {
    if (numLayers.getNumOccurrences() || !dtype.empty()) {
      llvm::errs()
          << "moe-opt: " << inputFilename
          << ": --num-layers and --dtype apply to config.json inputs only\n";
      return 1;
    }
    if (failed(MlirOptMain(output->os(), std::move(input), registry, config)))
      return 1;
    output->keep();
    return 0;
  }

  // Import the config, then run the normal mlir-opt flow on the module.
  std::string moduleText;
  {
    MLIRContext context(registry);
    moe::HFImportOptions options;
    if (numLayers.getNumOccurrences())
      options.numLayers = numLayers;
    options.dtype = dtype;
    std::string error;
    OwningOpRef<ModuleOp> module = moe::importHFConfig(
        inputFilename, input->getBuffer(), &context, options, error);
    if (!module) {
      llvm::errs() << error << "\n";
      return 1;
    }
    llvm::raw_string_ostream os(moduleText);
    module->print(os);
  }
  if (failed(MlirOptMain(
          output->os(),
          llvm::MemoryBuffer::getMemBufferCopy(moduleText, inputFilename),
          registry, config)))
    return 1;
  output->keep();
  return 0;
}
