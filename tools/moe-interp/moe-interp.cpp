//===- moe-interp.cpp - Run a moe module with the reference interpreter ---===//
//
//   moe-interp model.mlir --weights model.safetensors --prompt-ids 1,2,3
//              [--prompt-ids ...] [--decode-steps N | --decode-ids 4,5 ...]
//              [--dump-logits out.bin|out.npy]
//   moe-interp --golden test/golden/<family> [--tol 1e-4] [--perturb RULE]
//   moe-interp --inspect-safetensors file.safetensors
//
//===----------------------------------------------------------------------===//

#include "dialects/MoE/IR/MoEDialect.h"
#include "frontends/hf/HFImporter.h"
#include "interpreter/Interpreter.h"
#include "runtime/safetensors/Safetensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace mlir::moe;
namespace cl = llvm::cl;
namespace st = ::moe::safetensors;

static cl::OptionCategory interpCategory("moe-interp options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.mlir>"),
                                      cl::init(""), cl::cat(interpCategory));
static cl::opt<std::string> weightsFile("weights",
                                        cl::desc("weights .safetensors"),
                                        cl::init(""), cl::cat(interpCategory));
static cl::list<std::string>
    promptIds("prompt-ids", cl::desc("comma-separated token ids (repeatable)"),
              cl::cat(interpCategory));
static cl::opt<int> decodeSteps("decode-steps",
                                cl::desc("greedy decode steps per prompt"),
                                cl::init(0), cl::cat(interpCategory));
static cl::list<std::string> decodeIds(
    "decode-ids",
    cl::desc("teacher-forced decode tokens of the i-th prompt (comma-separated, "
             "repeatable, one per prompt; replaces --decode-steps): step s "
             "feeds id s at position len + s"),
    cl::cat(interpCategory));
static cl::opt<std::string> dumpLogits(
    "dump-logits",
    cl::desc("write all logits (f32) here: every prefill row (prompt order), "
             "then every decode row (step order, by prompt within a step), as "
             "moe-run does; a NumPy [rows, vocab] file if the name ends in "
             ".npy, raw floats otherwise"),
    cl::init(""), cl::cat(interpCategory));
static cl::opt<std::string>
    goldenDir("golden", cl::desc("golden fixture directory to check against"),
              cl::init(""), cl::cat(interpCategory));
static cl::opt<double> tolerance("tol",
                                 cl::desc("max relative error (golden mode)"),
                                 cl::init(1e-4), cl::cat(interpCategory));
static cl::opt<bool>
    batched("batched",
            cl::desc("golden mode: run all prompts together as sequences of "
                     "one batch (prefill, then each decode step)"),
            cl::init(false), cl::cat(interpCategory));
static cl::list<std::string>
    perturbRules("perturb", cl::desc("apply a deliberately wrong variant"),
                 cl::cat(interpCategory));
static cl::opt<std::string>
    inspectFile("inspect-safetensors",
                cl::desc("validate a safetensors file and list its tensors"),
                cl::init(""), cl::cat(interpCategory));

static int fail(const std::string &msg) {
  llvm::errs() << "moe-interp: error: " << msg << "\n";
  return 1;
}

static int inspect() {
  auto file = st::File::open(inspectFile);
  if (!file)
    return fail(file.errorMessage());
  for (const std::string &name : (*file)->names()) {
    const st::TensorView *t = (*file)->find(name);
    llvm::outs() << name << " " << st::dtypeName(t->dtype) << " [";
    for (size_t i = 0; i < t->shape.size(); ++i)
      llvm::outs() << (i ? ", " : "") << t->shape[i];
    llvm::outs() << "]";
    if (t->numElements() <= 16) {
      llvm::outs() << " =";
      for (double v : t->toDoubles())
        llvm::outs() << " " << v;
    }
    llvm::outs() << "\n";
  }
  return 0;
}

static std::vector<int64_t> argmaxRows(const interp::Tensor &t) {
  int64_t V = t.dim(-1);
  std::vector<int64_t> r;
  for (int64_t i = 0; i < t.numElements() / V; ++i) {
    auto b = t.data.begin() + i * V;
    r.push_back(std::max_element(b, b + V) - b);
  }
  return r;
}

/// max |a - e| / max |e| over the rows of `got` against `expect[off...]`.
static double relError(const interp::Tensor &got, const std::vector<double> &e,
                       size_t off) {
  double maxDiff = 0, maxAbs = 0;
  for (size_t i = 0; i < got.data.size(); ++i) {
    maxDiff = std::max(maxDiff, std::fabs(got.data[i] - e[off + i]));
    maxAbs = std::max(maxAbs, std::fabs(e[off + i]));
  }
  return maxAbs > 0 ? maxDiff / maxAbs : maxDiff;
}

/// Reads `path`: a Hugging Face config.json (by content) is imported in f32,
/// anything else is parsed as MLIR. On failure returns null and sets `err`.
static OwningOpRef<ModuleOp> loadModel(const std::string &path,
                                       MLIRContext &ctx, std::string &err) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf) {
    err = path + ": cannot read";
    return nullptr;
  }
  if (looksLikeHFConfig((*buf)->getBuffer())) {
    HFImportOptions opts;
    opts.dtype = "f32";
    return importHFConfig(path, (*buf)->getBuffer(), &ctx, opts, err);
  }
  llvm::SourceMgr sm;
  sm.AddNewSourceBuffer(std::move(*buf), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sm, &ctx);
  if (!module)
    err = path + ": cannot parse";
  return module;
}

static int runGolden(MLIRContext &ctx, interp::Perturbations &perturb) {
  std::string dir = goldenDir;
  std::string family = llvm::sys::path::filename(dir).str();
  if (family.empty())
    family = llvm::sys::path::filename(llvm::sys::path::parent_path(dir)).str();
  std::string err;
  OwningOpRef<ModuleOp> module = loadModel(dir + "/config.json", ctx, err);
  if (!module)
    return fail(err);
  auto weights = st::File::open(dir + "/model.safetensors");
  if (!weights)
    return fail(weights.errorMessage());
  auto expected = st::File::open(dir + "/expected.safetensors");
  if (!expected)
    return fail(expected.errorMessage());
  std::unique_ptr<interp::Interpreter> in =
      interp::Interpreter::create(*module, {weights->get()}, err);
  if (!in)
    return fail(err);
  in->perturbations() = perturb;

  std::string inputsPath = dir + "/inputs.json";
  auto ibuf = llvm::MemoryBuffer::getFile(inputsPath);
  if (!ibuf)
    return fail(inputsPath + ": cannot read");
  auto json = llvm::json::parse((*ibuf)->getBuffer());
  if (!json)
    return fail(inputsPath + ": " + llvm::toString(json.takeError()));
  const llvm::json::Object *root = json->getAsObject();
  const llvm::json::Array *prompts = root ? root->getArray("prompts") : nullptr;
  if (!prompts)
    return fail(inputsPath + ": expected an object with 'prompts'");

  struct Prompt {
    std::vector<int64_t> toks;
    std::vector<double> preE, decE, tokE;
    int64_t n = 0, steps = 0;
    double preDiff = 0, preAbs = 0, decErr = 0;
    int mismatches = 0;
  };
  std::vector<Prompt> ps;
  int64_t V = 0;
  for (size_t p = 0; p < prompts->size(); ++p) {
    const llvm::json::Array *arr = (*prompts)[p].getAsArray();
    if (!arr)
      return fail(inputsPath + ": prompts[" + std::to_string(p) +
                  "] is not an array");
    Prompt pr;
    for (auto &v : *arr)
      pr.toks.push_back(v.getAsInteger().value_or(-1));
    std::string idx = std::to_string(p);
    auto pre = (*expected)->get("prefill_logits." + idx);
    auto dec = (*expected)->get("decode_logits." + idx);
    auto dtok = (*expected)->get("decode_tokens." + idx);
    for (auto *e : {&pre, &dec, &dtok})
      if (!*e)
        return fail(e->errorMessage());
    pr.preE = (*pre)->toDoubles();
    pr.decE = (*dec)->toDoubles();
    pr.tokE = (*dtok)->toDoubles();
    pr.n = static_cast<int64_t>(pr.toks.size());
    pr.steps = (*dec)->shape[0];
    V = (*pre)->shape.back();
    if ((*pre)->numElements() != pr.n * V ||
        (*dec)->numElements() != pr.steps * V ||
        (*dtok)->numElements() < pr.steps)
      return fail(dir + "/expected.safetensors: shapes of prompt " + idx +
                  " do not match its " + std::to_string(pr.n) + " tokens");
    ps.push_back(std::move(pr));
  }

  // Runs one batch: rows[i] = (prompt, token, position); checks each row's
  // logits against prefill (step < 0) or decode step `step`.
  struct Row {
    size_t prompt;
    int64_t token, position, step;
  };
  auto runBatch = [&](const std::vector<Row> &rows) -> bool {
    std::vector<int64_t> toks, pos, seq;
    for (const Row &r : rows) {
      toks.push_back(r.token);
      pos.push_back(r.position);
      seq.push_back(static_cast<int64_t>(r.prompt));
    }
    interp::Tensor logits;
    if (!in->run(toks, pos, seq, logits, err))
      return false;
    if (logits.numElements() != static_cast<int64_t>(rows.size()) * V) {
      err = "logits have " + std::to_string(logits.numElements()) +
            " elements, expected " + std::to_string(rows.size() * V);
      return false;
    }
    std::vector<int64_t> am = argmaxRows(logits);
    for (size_t i = 0; i < rows.size(); ++i) {
      Prompt &pr = ps[rows[i].prompt];
      interp::Tensor row({1, V});
      std::copy(logits.data.begin() + i * V, logits.data.begin() + (i + 1) * V,
                row.data.begin());
      int64_t next;
      if (rows[i].step < 0) {
        // Prefill: max |diff| / max |expected| over the whole [n, V] matrix.
        for (int64_t c = 0; c < V; ++c) {
          double e = pr.preE[rows[i].position * V + c];
          pr.preDiff = std::max(pr.preDiff, std::fabs(row.data[c] - e));
          pr.preAbs = std::max(pr.preAbs, std::fabs(e));
        }
        next = rows[i].position == pr.n - 1 ? 0 : -1;
      } else {
        pr.decErr =
            std::max(pr.decErr, relError(row, pr.decE, rows[i].step * V));
        next = rows[i].step + 1 < pr.steps ? rows[i].step + 1 : -1;
      }
      if (next >= 0 && am[i] != static_cast<int64_t>(pr.tokE[next]))
        ++pr.mismatches;
    }
    return true;
  };
  in->resetCache();
  if (batched) {
    // All prompts in one prefill batch (sequence id = prompt index), then
    // every decode step of all prompts in one batch.
    std::vector<Row> rows;
    int64_t maxSteps = 0;
    for (size_t p = 0; p < ps.size(); ++p) {
      for (int64_t i = 0; i < ps[p].n; ++i)
        rows.push_back({p, ps[p].toks[i], i, -1});
      maxSteps = std::max(maxSteps, ps[p].steps);
    }
    if (!runBatch(rows))
      return fail(err);
    for (int64_t s = 0; s < maxSteps; ++s) {
      rows.clear();
      for (size_t p = ps.size(); p-- > 0;) // reversed: order must not matter
        if (s < ps[p].steps)
          rows.push_back(
              {p, static_cast<int64_t>(ps[p].tokE[s]), ps[p].n + s, s});
      if (!runBatch(rows))
        return fail(err);
    }
  } else {
    for (size_t p = 0; p < ps.size(); ++p) {
      in->resetCache();
      std::vector<Row> rows;
      for (int64_t i = 0; i < ps[p].n; ++i)
        rows.push_back({p, ps[p].toks[i], i, -1});
      if (!runBatch(rows))
        return fail(err);
      for (int64_t s = 0; s < ps[p].steps; ++s)
        if (!runBatch(
                {{p, static_cast<int64_t>(ps[p].tokE[s]), ps[p].n + s, s}}))
          return fail(err);
    }
  }

  bool ok = true;
  double worst = 0;
  for (size_t p = 0; p < ps.size(); ++p) {
    const Prompt &pr = ps[p];
    double preErr = pr.preAbs > 0 ? pr.preDiff / pr.preAbs : pr.preDiff;
    double e = std::max(preErr, pr.decErr);
    worst = std::max(worst, e);
    char line[256];
    std::snprintf(line, sizeof line,
                  "%s prompt %zu: prefill max_rel_err %.3e, decode max_rel_err "
                  "%.3e (%lld steps), greedy token mismatches %d\n",
                  family.c_str(), p, preErr, pr.decErr,
                  static_cast<long long>(pr.steps), pr.mismatches);
    llvm::outs() << line;
    if (!(e <= tolerance))
      ok = false;
  }
  char line[256];
  std::snprintf(line, sizeof line, "%s: %s max_rel_err %.3e (tol %.1e)\n",
                family.c_str(), ok ? "PASS" : "FAIL", worst,
                static_cast<double>(tolerance));
  llvm::outs() << line;
  return ok ? 0 : 1;
}

static int runModel(MLIRContext &ctx, interp::Perturbations &perturb) {
  if (inputFile.empty())
    return fail("no input model (positional argument, .mlir or config.json)");
  std::string err;
  OwningOpRef<ModuleOp> module = loadModel(inputFile, ctx, err);
  if (!module)
    return fail(err);
  if (weightsFile.empty())
    return fail("--weights is required");
  auto weights = st::File::open(weightsFile);
  if (!weights)
    return fail(weights.errorMessage());
  auto in = interp::Interpreter::create(*module, {weights->get()}, err);
  if (!in)
    return fail(err);
  in->perturbations() = perturb;
  if (!decodeIds.empty() && decodeIds.size() != promptIds.size())
    return fail("--decode-ids: given " + std::to_string(decodeIds.size()) +
                " times for " + std::to_string(promptIds.size()) + " prompts");
  auto parseIds = [](const std::string &list, const char *flag,
                     std::vector<int64_t> &out, std::string &err) {
    llvm::SmallVector<llvm::StringRef> parts;
    llvm::StringRef(list).split(parts, ',', -1, false);
    for (llvm::StringRef s : parts) {
      long long v;
      if (s.trim().getAsInteger(10, v)) {
        err = std::string(flag) + ": '" + s.str() + "' is not an integer";
        return false;
      }
      out.push_back(v);
    }
    return true;
  };
  int64_t V = 0;
  // rows[p] = prefill rows of prompt p, then its decode rows.
  std::vector<std::vector<std::vector<float>>> rows(promptIds.size());
  std::vector<size_t> prefillRows(promptIds.size());
  auto keep = [&](size_t p, const interp::Tensor &logits) {
    V = logits.dim(-1);
    for (int64_t r = 0; r < logits.numElements() / V; ++r)
      rows[p].emplace_back(logits.data.begin() + r * V,
                           logits.data.begin() + (r + 1) * V);
  };
  for (size_t p = 0; p < promptIds.size(); ++p) {
    std::vector<int64_t> toks, forced;
    if (!parseIds(promptIds[p], "--prompt-ids", toks, err))
      return fail(err);
    if (!decodeIds.empty() &&
        !parseIds(decodeIds[p], "--decode-ids", forced, err))
      return fail(err);
    int64_t n = static_cast<int64_t>(toks.size()),
            seqId = static_cast<int64_t>(p);
    int64_t steps = decodeIds.empty() ? decodeSteps.getValue()
                                      : static_cast<int64_t>(forced.size());
    std::vector<int64_t> pos(n), seq(n, seqId);
    for (int64_t i = 0; i < n; ++i)
      pos[i] = i;
    interp::Tensor logits;
    if (!in->run(toks, pos, seq, logits, err))
      return fail(err);
    keep(p, logits);
    prefillRows[p] = rows[p].size();
    std::vector<int64_t> gen = {argmaxRows(logits).back()};
    for (int64_t s = 0; s < steps; ++s) {
      std::vector<int64_t> t1 = {decodeIds.empty() ? gen.back() : forced[s]},
                           p1 = {n + s}, s1 = {seqId};
      if (!in->run(t1, p1, s1, logits, err))
        return fail(err);
      keep(p, logits);
      gen.push_back(argmaxRows(logits)[0]);
    }
    if (steps == 0 && decodeIds.empty())
      gen.clear();
    llvm::outs() << "prompt " << p << ": generated";
    for (int64_t g : gen)
      llvm::outs() << " " << g;
    llvm::outs() << "\n";
  }
  if (!dumpLogits.empty()) {
    std::vector<float> dump;
    for (size_t p = 0; p < rows.size(); ++p)
      for (size_t r = 0; r < prefillRows[p]; ++r)
        dump.insert(dump.end(), rows[p][r].begin(), rows[p][r].end());
    for (size_t step = 0;; ++step) {
      bool any = false;
      for (size_t p = 0; p < rows.size(); ++p)
        if (prefillRows[p] + step < rows[p].size()) {
          const std::vector<float> &r = rows[p][prefillRows[p] + step];
          dump.insert(dump.end(), r.begin(), r.end());
          any = true;
        }
      if (!any)
        break;
    }
    std::error_code ec;
    llvm::raw_fd_ostream os(dumpLogits, ec);
    if (ec)
      return fail(dumpLogits + ": " + ec.message());
    if (llvm::StringRef(dumpLogits).ends_with(".npy")) {
      // NumPy format 1.0: magic, version, header length, then a dict padded
      // with spaces and ending in a newline to a multiple of 64 bytes.
      std::string header =
          "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
          std::to_string(V ? dump.size() / V : 0) + ", " + std::to_string(V) +
          "), }";
      header.append(64 - (10 + header.size() + 1) % 64, ' ');
      header += '\n';
      os << "\x93NUMPY" << '\x01' << '\x00';
      os << static_cast<char>(header.size() & 0xff)
         << static_cast<char>(header.size() >> 8) << header;
    }
    os.write(reinterpret_cast<const char *>(dump.data()),
             dump.size() * sizeof(float));
  }
  return 0;
}

int main(int argc, char **argv) {
  cl::HideUnrelatedOptions(interpCategory);
  cl::ParseCommandLineOptions(argc, argv, "moe reference interpreter\n");
  if (!inspectFile.empty())
    return inspect();
  interp::Perturbations perturb;
  for (const std::string &rule : perturbRules)
    if (!perturb.enable(rule))
      return fail("unknown --perturb rule '" + rule + "', expected one of " +
                  interp::Perturbations::ruleNames());
  DialectRegistry registry;
  registry.insert<MoEDialect, func::FuncDialect, tensor::TensorDialect>();
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  if (!goldenDir.empty())
    return runGolden(ctx, perturb);
  return runModel(ctx, perturb);
}
