//===- Model.cpp - Executing an artifact's functions on the CPU -----------===//
//
// See Model.h.
//
//===----------------------------------------------------------------------===//

#include "runtime/exec/Model.h"
#include "runtime/cuda/Blas.h"
#include "runtime/cuda/Device.h"
#include "runtime/cuda/Nccl.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <optional>
#include <set>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>

namespace moe {
namespace runtime {

using cuda::CUdeviceptr;

/// The Hopper templates' launch (lowering/kernels/gpu/ header comments).
constexpr unsigned kTemplateThreads = 288;
constexpr unsigned kTemplateSharedBytes = 165888;
// Tensor maps cached for the templates (128 bytes of device memory each).
constexpr size_t kMaxTensorMaps = 4096;

/// The device address of element `elements` of a memref descriptor's view
/// ({allocated, aligned, offset, sizes, strides}, as runLaunch fills it).
static CUdeviceptr viewAddress(const int64_t *d, int64_t elementBytes,
                        int64_t elements = 0) {
  return static_cast<CUdeviceptr>(d[1]) +
         static_cast<CUdeviceptr>((d[2] + elements) * elementBytes);
}

/// The launch of `fn` that may run on a subset of the logits rows, or -1:
/// its last launch, a row-wise dense GEMM (`matmul_nt` or a bf16 variant:
/// row i of out depends on row i of x only) from an arena view x [T, K]
/// with unit column stride into the logits [T, V] (Output 0), no other
/// size, offset or stride of its arguments depending on T.
static int64_t findLogitsLaunch(const mxa::Artifact &a,
                                const mxa::Function &fn) {
  if (!fn.launches() || fn.launches()->size() == 0)
    return -1;
  size_t l = fn.launches()->size() - 1;
  const mxa::Launch *launch = fn.launches()->Get(l);
  if (launch->exchange() || !launch->args() || launch->args()->size() < 4)
    return -1;
  std::string name = a.kernels()->Get(launch->kernel())->name()->str();
  if (name != "matmul_nt" && name != "matmul_nt_wbf16" &&
      name != "matmul_nt_bf16")
    return -1;
  auto is = [](const mxa::Expr *e, int64_t constant, int64_t tokens) {
    return e && e->constant() == constant && e->tokens() == tokens &&
           e->slots() == 0 && e->context() == 0 && e->received() == 0;
  };
  auto fixed = [](const mxa::Expr *e) {
    return !e || (e->tokens() == 0 && e->received() == 0);
  };
  const mxa::Arg *x = launch->args()->Get(0), *out = launch->args()->Get(3);
  auto rows = [&](const mxa::Arg *arg) { // [T, n] with unit column stride
    return arg->sizes() && arg->sizes()->size() == 2 && arg->strides() &&
           arg->strides()->size() == 2 && is(arg->sizes()->Get(0), 0, 1) &&
           is(arg->strides()->Get(1), 1, 0);
  };
  if (x->kind() != mxa::ArgKind_Arena || out->kind() != mxa::ArgKind_Output ||
      out->index() != 0 || !rows(x) || !rows(out))
    return -1;
  for (size_t i = 0; i < launch->args()->size(); ++i) {
    const mxa::Arg *arg = launch->args()->Get(i);
    if (!fixed(arg->offset()))
      return -1;
    for (size_t d = 0; arg->sizes() && d < arg->sizes()->size(); ++d)
      if (!fixed(arg->sizes()->Get(d)) && !((i == 0 || i == 3) && d == 0))
        return -1;
    for (size_t d = 0; arg->strides() && d < arg->strides()->size(); ++d)
      if (!fixed(arg->strides()->Get(d)))
        return -1;
  }
  return static_cast<int64_t>(l);
}

/// ModelOptions::cuda: device copies of the model's buffers (by the same
/// indices as the host ones) and the kernels' CUDA entries.
struct Model::Gpu {
  std::unique_ptr<cuda::Device> device;
  std::vector<cuda::CUfunction> kernels;
  // The dense GEMM kernels (by kernel index) that cuBLASLt runs instead
  // (mla_expand: its products, and `copy` its rope columns).
  enum class Gemm {
    None,
    MatmulNT,
    MatmulNTBF16,
    HeadMatmul,
    MlaExpand,
    MatmulTN
  };
  std::vector<Gemm> gemms;
  std::unique_ptr<cuda::Blas> blas; // null: the generated kernels
  // Expert parallelism: the rows of expert exchanges (null with one rank).
  std::unique_ptr<cuda::Nccl> nccl;
  // The kernels' Hopper templates (by kernel index; null: none or off) and
  // the tensor maps made for them, by (address, rows, k, row bytes, box);
  // at most kMaxTensorMaps (templateGpu).
  std::vector<cuda::CUfunction> templates;
  std::map<std::array<uint64_t, 5>, CUdeviceptr> tensorMaps;
  // The artifact's `copy` kernel (-1: none), which mla_expand's rope
  // columns take when cuBLASLt runs its products (mlaExpandGpu).
  int copyKernel = -1;
  // The kernels' block variants (by kernel index; null: none or off), and
  // the current call's tokens per run of equal slots (their rule's input).
  std::vector<cuda::CUfunction> variants;
  // Their trace labels: " [tc]" for attention_tc (tensor cores), else
  // " [tiled]".
  std::vector<std::string> variantLabels;
  int64_t tokensPerRun = 1;
  std::vector<CUdeviceptr> weights, caches, states, constants;
  std::vector<size_t> cacheBytes;
  std::vector<CUdeviceptr> arenas; // by function (one lane)
  CUdeviceptr inputs[5] = {};      // i64 [max tokens] ([1] for the step)
  const int64_t *hostInputs[5] = {}; // the current call's, on the host
  CUdeviceptr logits = 0, losses = 0;
  // Per-launch kernel parameters: 8-byte words and pointers to them.
  std::vector<uint64_t> words;
  std::vector<void *> params;

  /// The words as cuLaunchKernel's parameter array.
  void **wordParams() {
    params.resize(words.size());
    for (size_t i = 0; i < words.size(); ++i)
      params[i] = &words[i];
    return params.data();
  }
  /// Queues `fn` with the words on `items` work items: one block of
  /// `blockThreads` each (a block version), or one thread each (0).
  Status launchItems(cuda::CUfunction fn, int64_t items,
                     unsigned blockThreads) {
    void **p = wordParams();
    return blockThreads ? device->launchBlocks(fn, items, blockThreads, p)
                        : device->launch(fn, items, p);
  }
};

Status checkWorldSize(const ArtifactFile &artifact, int worldSize) {
  int ep = epSize(artifact.artifact());
  if (worldSize == ep)
    return Status::ok();
  return Status::error(
      artifact.path() + ": compiled for expert parallelism over " +
      std::to_string(ep) + " ranks, running on " + std::to_string(worldSize) +
      (ep > 1 ? " (run it with mpirun -np " + std::to_string(ep) + ")" : ""));
}

Expected<std::unique_ptr<Model>>
Model::create(std::shared_ptr<const ArtifactFile> artifact,
              BoundWeights weights, const ModelOptions &options) {
  using R = Expected<std::unique_ptr<Model>>;
  const mxa::Artifact &a = artifact->artifact();
  const std::string &path = artifact->path();
  if (options.slots < 1 || options.context < 1 || options.threads < 1)
    return R::error(path + ": slots, context and threads must be >= 1");
  Status s = verifyExtents(path, a, options.slots, options.context);
  if (!s)
    return R::error(s.errorMessage());

  std::unique_ptr<Model> m(new Model());
  m->comm_ = options.comm;
  if (!m->comm_) {
    m->selfComm_ = makeSelfComm();
    m->comm_ = m->selfComm_.get();
  }
  s = checkWorldSize(*artifact, m->comm_->size());
  if (!s)
    return R::error(s.errorMessage());
  m->artifact_ = std::move(artifact);
  m->options_ = options;
  m->weights_ = std::move(weights);
  if (a.caches() && !options.cuda)
    for (size_t i = 0; i < a.caches()->size(); ++i) {
      // f32 or bf16 elements, in whole floats.
      auto buf = FloatBuffer::allocate(
          static_cast<size_t>(
              (cacheStorageBytes(*a.caches()->Get(i), options.slots,
                          options.context) +
               3) /
              4),
          "KV cache " + std::to_string(i) + " (" +
              std::to_string(options.slots) + " slots x context " +
              std::to_string(options.context) + ")");
      if (!buf)
        return R::error(path + ": " + buf.errorMessage());
      m->caches_.push_back(std::move(*buf));
    }
  if (a.states())
    for (size_t i = 0; i < a.states()->size(); ++i) {
      const mxa::State *st = a.states()->Get(i);
      auto buf = FloatBuffer::allocate(
          static_cast<size_t>(stateElements(*st)),
          "training state '" + safetensors::printable(st->name()->str()) +
              "'");
      if (!buf)
        return R::error(path + ": " + buf.errorMessage());
      m->stateIndex_[st->name()->str()] = i;
      m->states_.push_back(std::move(*buf));
    }
  size_t maxArgs = 0;
  if (a.functions())
    for (size_t f = 0; f < a.functions()->size(); ++f) {
      const mxa::Function *fn = a.functions()->Get(f);
      m->functions_[fn->name()->str()] = f;
      m->logitsLaunch_.push_back(findLogitsLaunch(a, *fn));
      // One arena per micro-batch lane (lanes only under expert parallelism).
      int lanes = m->comm_->size() > 1 ? std::max(fn->micro_batches(), 1) : 1;
      m->arenas_.emplace_back();
      for (int lane = 0; lane < lanes && !options.cuda; ++lane) {
        auto arena = FloatBuffer::allocate(
            static_cast<size_t>((fn->arena_bytes() + 3) / 4),
            "arena of '" + safetensors::printable(fn->name()->str()) +
                "' (micro-batch " + std::to_string(lane) + ")");
        if (!arena)
          return R::error(path + ": " + arena.errorMessage());
        m->arenas_.back().push_back(std::move(*arena));
      }
      // Every rank makes the same communicators in the same order.
      while (static_cast<int>(m->laneComms_.size()) + 1 < lanes) {
        auto dup = m->comm_->duplicate();
        if (!dup)
          return R::error(path + ": " + dup.errorMessage());
        m->laneComms_.push_back(std::move(*dup));
      }
      if (fn->launches())
        for (const mxa::Launch *l : *fn->launches())
          maxArgs =
              std::max<size_t>(maxArgs, l->args() ? l->args()->size() : 0);
    }
  m->exchanges_.resize(m->laneComms_.size() + 1);
  m->epoch_ = std::chrono::steady_clock::now();
  s = options.cuda ? m->openGpu() : m->loadCode();
  if (!s)
    return R::error(s.errorMessage());
  m->pool_ = std::make_unique<ThreadPool>(options.threads);
  m->slots_.resize(maxArgs);
  m->packed_.resize(static_cast<size_t>(options.threads) * (maxArgs + 2));
  for (int i = 0; i < options.threads; ++i)
    m->workgroupIds_.push_back(i);
  return R(std::move(m));
}

Model::~Model() {
  pool_.reset();
  if (library_)
    dlclose(library_);
}

Status Model::loadCode() {
  const mxa::Artifact &a = artifact_->artifact();
  const mxa::Code *code = artifact_->hostCode();
  if (!code)
    return Status::ok(); // no kernels
  const std::string &path = artifact_->path();
  ByteSpan bytes = artifact_->segment(*code->segment());
  int fd = memfd_create("mxa-kernels", MFD_CLOEXEC);
  if (fd < 0)
    return Status::error(
        path + ": code: memfd_create failed: " + std::strerror(errno));
  size_t written = 0;
  while (written < bytes.size) {
    ssize_t n = ::write(fd, bytes.data + written, bytes.size - written);
    if (n <= 0) {
      ::close(fd);
      return Status::error(
          path + ": code: writing the memfd failed: " + std::strerror(errno));
    }
    written += static_cast<size_t>(n);
  }
  std::string fdPath = "/proc/self/fd/" + std::to_string(fd);
  library_ = dlopen(fdPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  ::close(fd);
  if (!library_) {
    const char *e = dlerror();
    return Status::error(path +
                         ": code.segment: cannot load the kernel code (" +
                         std::string(e ? e : "unknown error") + ")");
  }
  for (size_t k = 0; k < a.kernels()->size(); ++k) {
    const mxa::Kernel *kernel = a.kernels()->Get(k);
    void *sym = dlsym(library_, kernel->symbol()->c_str());
    if (!sym)
      return Status::error(path + ": kernels[" + std::to_string(k) +
                           "].symbol: '" +
                           safetensors::printable(kernel->symbol()->str()) +
                           "' not found in the kernel code");
    kernels_.push_back(reinterpret_cast<KernelFn>(sym));
  }
  return Status::ok();
}

int64_t Model::maxTokens(const std::string &function) const {
  auto it = functions_.find(function);
  return it == functions_.end()
             ? 0
             : artifact_->artifact().functions()->Get(it->second)->max_tokens();
}

const FloatBuffer *Model::state(const std::string &name) const {
  auto it = stateIndex_.find(name);
  return it == stateIndex_.end() ? nullptr : states_[it->second].get();
}

static int64_t bytesOf(const std::vector<std::unique_ptr<FloatBuffer>> &v) {
  int64_t n = 0;
  for (const auto &b : v)
    n += static_cast<int64_t>(b->size() * sizeof(float));
  return n;
}

int64_t Model::cacheBytes() const {
  if (!gpu_)
    return bytesOf(caches_);
  int64_t n = 0;
  for (size_t b : gpu_->cacheBytes)
    n += static_cast<int64_t>(b);
  return n;
}
int64_t Model::stateBytes() const { return bytesOf(states_); }
int64_t Model::arenaBytes(const std::string &function) const {
  auto it = functions_.find(function);
  if (it == functions_.end())
    return 0;
  return gpu_ ? artifact_->artifact().functions()->Get(it->second)->arena_bytes()
              : bytesOf(arenas_[it->second]);
}

int64_t Model::stashBytes(const std::string &function) const {
  auto it = functions_.find(function);
  return it == functions_.end()
             ? 0
             : artifact_->artifact().functions()->Get(it->second)->stash_bytes();
}

void Model::resetCache() {
  for (auto &c : caches_)
    std::memset(c->data(), 0, c->size() * sizeof(float));
  if (gpu_)
    for (size_t i = 0; i < gpu_->caches.size(); ++i)
      (void)gpu_->device->zero(gpu_->caches[i], gpu_->cacheBytes[i]);
}

std::string Model::deviceName() const {
  return gpu_ ? gpu_->device->name() : "";
}

/// The NCCL communicator of the job's ranks: rank 0 makes its unique id and
/// broadcasts it (with whether that worked, so no rank waits on a failure).
Status Model::openNccl() {
  struct {
    char ok = 0;
    cuda::nccl::UniqueId id{};
    char error[256] = {};
  } msg;
  if (comm_->rank() == 0) {
    auto id = cuda::Nccl::uniqueId();
    msg.ok = id ? 1 : 0;
    if (id)
      msg.id = *id;
    else
      std::snprintf(msg.error, sizeof msg.error, "%s",
                    id.errorMessage().c_str());
  }
  Status s = comm_->broadcast(&msg, sizeof msg, 0, "NCCL unique id");
  if (!s)
    return s;
  if (!msg.ok)
    return Status::error(std::string("rank 0: ") + msg.error);
  auto nccl = cuda::Nccl::create(msg.id, comm_->size(), comm_->rank(),
                                 gpu_->device->stream());
  if (!nccl)
    return Status::error(nccl.errorMessage());
  gpu_->nccl = std::move(*nccl);
  return Status::ok();
}

Status Model::openGpu() {
  const mxa::Artifact &a = artifact_->artifact();
  const std::string &path = artifact_->path();
  // One device per rank of a node: its local rank modulo the devices.
  int devices = cuda::deviceCount();
  auto device = cuda::Device::open(devices > 0 ? comm_->localRank() % devices
                                               : 0);
  if (!device)
    return Status::error(device.errorMessage());
  gpu_ = std::make_unique<Gpu>();
  Gpu &g = *gpu_;
  g.device = std::move(*device);
  cuda::Device &dev = *g.device;
  // The cubin for this device's compute capability, else its PTX (the
  // driver compiles it), e.g. "sm_90a" / "sm_90" for capability 90.
  const mxa::Code *cubin = nullptr, *ptx = nullptr;
  std::string chips;
  if (a.code())
    for (const mxa::Code *c : *a.code()) {
      if (c->format() == mxa::CodeFormat_ElfSharedObject)
        continue;
      std::string chip = c->cpu() ? c->cpu()->str() : "";
      chips += (chips.empty() ? "" : ", ") + safetensors::printable(chip);
      std::string cc = chip.rfind("sm_", 0) == 0 ? chip.substr(3) : "";
      while (!cc.empty() && !isdigit(static_cast<unsigned char>(cc.back())))
        cc.pop_back();
      if (cc != std::to_string(dev.computeCapability()))
        continue;
      (c->format() == mxa::CodeFormat_Cubin ? cubin : ptx) = c;
    }
  if (!cubin && !ptx)
    return Status::error(
        path + ": no CUDA code for " + dev.name() + " (compute capability " +
        std::to_string(dev.computeCapability()) + ")" +
        (chips.empty() ? "; compile with moe-opt --mxa-cuda-arch=sm_90a"
                       : "; the artifact has " + chips));
  // The driver reads a cubin in place; PTX text must end with a NUL.
  ByteSpan b = artifact_->segment(*(cubin ? cubin : ptx)->segment());
  std::string ptxText;
  if (!cubin)
    ptxText.assign(reinterpret_cast<const char *>(b.data), b.size);
  Status s = dev.loadModule(cubin ? static_cast<const void *>(b.data)
                                  : ptxText.c_str(),
                            path + ": code (CUDA)");
  if (!s)
    return s;
  for (size_t k = 0; k < a.kernels()->size(); ++k) {
    const mxa::Kernel *kernel = a.kernels()->Get(k);
    if (!kernel->gpu_symbol())
      return Status::error(path + ": kernels[" + std::to_string(k) +
                           "].gpu_symbol: missing (no CUDA entry)");
    auto fn = dev.function(kernel->gpu_symbol()->str());
    if (!fn)
      return Status::error(path + ": kernels[" + std::to_string(k) +
                           "].gpu_symbol: " + fn.errorMessage());
    g.kernels.push_back(*fn);
    // A Hopper template: sm_90 only; 165888 bytes of dynamic shared memory.
    g.templates.push_back(nullptr);
    if (kernel->gpu_template() != mxa::GpuTemplate_None &&
        options_.cudaTemplates && dev.computeCapability() == 90) {
      auto t = dev.function(kernel->gpu_template_symbol()->str());
      if (!t)
        return Status::error(path + ": kernels[" + std::to_string(k) +
                             "].gpu_template_symbol: " + t.errorMessage());
      s = dev.allowSharedMemory(*t, kTemplateSharedBytes);
      if (!s)
        return Status::error(path + ": kernels[" + std::to_string(k) +
                             "]: " + s.errorMessage());
      g.templates.back() = *t;
    }
    g.variants.push_back(nullptr);
    g.variantLabels.emplace_back();
    if (kernel->gpu_variant_symbol() && options_.cudaAttentionTiles) {
      std::string symbol = kernel->gpu_variant_symbol()->str();
      auto v = dev.function(symbol);
      if (!v)
        return Status::error(path + ": kernels[" + std::to_string(k) +
                             "].gpu_variant_symbol: " + v.errorMessage());
      g.variants.back() = *v;
      g.variantLabels.back() =
          symbol.rfind("mxg_attention_tc", 0) == 0 ? " [tc]" : " [tiled]";
    }
    std::string name = kernel->name() ? kernel->name()->str() : "";
    if (name == "copy")
      g.copyKernel = static_cast<int>(k);
    g.gemms.push_back(name == "matmul_nt"        ? Gpu::Gemm::MatmulNT
                      : name == "matmul_nt_bf16" ? Gpu::Gemm::MatmulNTBF16
                      : name == "head_matmul"    ? Gpu::Gemm::HeadMatmul
                      : name == "mla_expand"     ? Gpu::Gemm::MlaExpand
                      : name == "matmul_tn"      ? Gpu::Gemm::MatmulTN
                                                 : Gpu::Gemm::None);
  }
  denseGemmLibrary_ = "generated kernels";
  if (options_.denseGemm != ModelOptions::DenseGemm::Kernels) {
    auto blas = cuda::Blas::open(
        dev, options_.denseGemm == ModelOptions::DenseGemm::CuBLASLtTF32);
    if (blas) {
      g.blas = std::move(*blas);
      denseGemmLibrary_ = g.blas->version();
    } else if (options_.denseGemm != ModelOptions::DenseGemm::Auto) {
      return Status::error(blas.errorMessage());
    } else {
      denseGemmLibrary_ += " (" + blas.errorMessage() + ")";
    }
  }
  auto upload = [&](const void *data, size_t bytes, const std::string &what,
                    std::vector<CUdeviceptr> &to) -> Status {
    auto p = dev.allocate(bytes, what);
    if (!p)
      return Status::error(p.errorMessage());
    to.push_back(*p);
    return data ? dev.upload(*p, data, bytes) : Status::ok();
  };
  for (size_t i = 0; i < weights_.buffers.size() && s; ++i)
    s = upload(weights_.buffers[i]->data(),
               weights_.buffers[i]->size() * sizeof(float),
               "weight " + std::to_string(i), g.weights);
  if (a.constants())
    for (size_t i = 0; i < a.constants()->size() && s; ++i) {
      auto *data = a.constants()->Get(i)->data();
      s = upload(data->data(), data->size() * sizeof(float),
                 "constant " + std::to_string(i), g.constants);
    }
  if (a.caches())
    for (size_t i = 0; i < a.caches()->size() && s; ++i) {
      size_t bytes = static_cast<size_t>(cacheStorageBytes(
          *a.caches()->Get(i), options_.slots, options_.context));
      g.cacheBytes.push_back(bytes);
      s = upload(nullptr, bytes, "KV cache " + std::to_string(i), g.caches);
    }
  for (size_t i = 0; i < states_.size() && s; ++i)
    s = upload(nullptr, states_[i]->size() * sizeof(float),
               "training state " + std::to_string(i), g.states);
  int64_t maxT = 1;
  if (a.functions())
    for (size_t f = 0; f < a.functions()->size() && s; ++f) {
      const mxa::Function *fn = a.functions()->Get(f);
      maxT = std::max(maxT, fn->max_tokens());
      s = upload(nullptr, static_cast<size_t>(fn->arena_bytes()),
                 "arena of '" + safetensors::printable(fn->name()->str()) +
                     "'",
                 g.arenas);
    }
  std::vector<CUdeviceptr> io;
  for (int k = 0; k < 5 && s; ++k)
    s = upload(nullptr, (k == 4 ? 1 : maxT) * sizeof(int64_t),
               "inputs", io);
  if (s)
    s = upload(nullptr, maxT * vocabSize() * sizeof(float), "logits", io);
  if (s)
    s = upload(nullptr, maxT * sizeof(float), "losses", io);
  if (!s)
    return s;
  for (int k = 0; k < 5; ++k)
    g.inputs[k] = io[k];
  g.logits = io[5];
  g.losses = io[6];
  return dev.synchronize("uploading the weights");
}

namespace {
/// One launch's workgroups: packed args arrays of `stride` pointers.
struct LaunchJob {
  void (*kernel)(void **);
  void **packed;
  size_t stride;
};
} // namespace

static void runWorkgroup(void *context, int64_t wg) {
  auto *job = static_cast<LaunchJob *>(context);
  job->kernel(job->packed + wg * job->stride);
}

/// Checks that `values` are in [lo, hi).
static Status checkRange(const std::string &fn, const char *name,
                         const std::vector<int64_t> &values, int64_t hi,
                         const char *what) {
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i] < 0 || values[i] >= hi)
      return Status::error(fn + ": " + name + "[" + std::to_string(i) +
                           "] = " + std::to_string(values[i]) +
                           " out of range, expected 0 <= " + name + " < " +
                           std::to_string(hi) + " (" + what + ")");
  return Status::ok();
}

/// The state of one micro-batch lane during a call.
struct Model::Lane {
  int index = 0;
  SymbolValues sv;
  const int64_t *inputs[5] = {};
  float *logits = nullptr; // this lane's rows of the output
  float *losses = nullptr; // train_step: this lane's per-token losses
  uint8_t *arena = nullptr;
  size_t next = 0; // next launch
  Comm *comm = nullptr;
  ExpertExchange *exchange = nullptr;
};

double Model::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       epoch_)
      .count();
}

void Model::span(const std::string &name, TraceSpan::Kind kind, int lane,
                 int layer, double begin) {
  if (options_.trace)
    trace_.push_back(TraceSpan{name, kind, lane, layer, begin, now()});
}

std::map<int, ExchangeStats> Model::exchangeStats() const {
  std::map<int, ExchangeStats> all;
  for (const ExpertExchange &x : exchanges_)
    for (auto &[layer, st] : x.stats()) {
      ExchangeStats &t = all[layer];
      t.dispatches += st.dispatches;
      t.rowsReceived += st.rowsReceived;
      t.bytesSent += st.bytesSent;
      t.bytesReceived += st.bytesReceived;
    }
  return all;
}

/// Cuts tokens [0, T) into `n` contiguous parts at sequence boundaries, each
/// close to T / n tokens; fewer non-empty parts when the sequences do not
/// allow more (a sequence's tokens stay in one part, in order). Lanes switch
/// only at exchanges, which lie in MoE blocks: scratch shared within an
/// attention block is never used by two lanes at once.
static std::vector<std::pair<int64_t, int64_t>>
splitLanes(const std::vector<int64_t> &slots, int n) {
  int64_t T = static_cast<int64_t>(slots.size());
  // A sequence whose tokens are not consecutive cannot be cut safely (its
  // later tokens attend to the earlier ones' cache entries): everything in
  // the first micro-batch, the others empty (they still join the exchanges).
  std::set<int64_t> seen;
  for (int64_t t = 0; t < T; ++t)
    if ((t == 0 || slots[t] != slots[t - 1]) && !seen.insert(slots[t]).second) {
      std::vector<std::pair<int64_t, int64_t>> parts(n, {T, T});
      parts[0] = {0, T};
      return parts;
    }
  std::vector<int64_t> cuts = {0};
  for (int i = 1; i < n; ++i) {
    int64_t want = T * i / n, at = want;
    // Nearest sequence boundary at or after `want`.
    while (at > 0 && at < T && slots[at] == slots[at - 1])
      ++at;
    cuts.push_back(std::max(at, cuts.back()));
  }
  cuts.push_back(T);
  std::vector<std::pair<int64_t, int64_t>> parts;
  for (int i = 0; i < n; ++i)
    parts.push_back({cuts[i], cuts[i + 1]});
  return parts;
}

Status Model::run(const std::string &function,
                  const std::vector<int64_t> &tokens,
                  const std::vector<int64_t> &positions,
                  const std::vector<int64_t> &slots,
                  std::vector<float> &logits,
                  const std::vector<int64_t> *logitRows) {
  const mxa::Artifact &a = artifact_->artifact();
  auto it = functions_.find(function);
  if (it == functions_.end())
    return Status::error(artifact_->path() + ": no function '" + function +
                         "'");
  const mxa::Function *fn = a.functions()->Get(it->second);
  int64_t T = static_cast<int64_t>(tokens.size());
  int64_t minT = comm_->size() > 1 ? 0 : 1; // idle EP ranks join with T = 0
  if (T < minT || T > fn->max_tokens())
    return Status::error(function + ": " + std::to_string(T) +
                         " tokens, expected " + std::to_string(minT) + " to " +
                         std::to_string(fn->max_tokens()) + " (max_tokens)");
  if (positions.size() != tokens.size() || slots.size() != tokens.size())
    return Status::error(function + ": " + std::to_string(T) + " tokens but " +
                         std::to_string(positions.size()) + " positions and " +
                         std::to_string(slots.size()) + " slots");
  int64_t V = vocabSize();
  Status s = checkRange(function, "tokens", tokens, V, "vocab_size");
  if (s)
    s = checkRange(function, "positions", positions, options_.context,
                   "context length");
  if (s)
    s = checkRange(function, "slots", slots, options_.slots, "cache slots");
  if (!s)
    return s;
  for (size_t i = 0; logitRows && i < logitRows->size(); ++i) {
    int64_t r = (*logitRows)[i];
    if (r < 0 || r >= T || (i > 0 && r <= (*logitRows)[i - 1]))
      return Status::error(function + ": logits row " + std::to_string(r) +
                           " at " + std::to_string(i) +
                           ", expected increasing rows in [0, " +
                           std::to_string(T) + ")");
  }
  logits.assign(static_cast<size_t>(T * V), 0.0f);
  const int64_t *inputs[5] = {tokens.data(), positions.data(), slots.data(),
                              nullptr, nullptr};
  keepRows_ = logitsLaunch_[it->second] >= 0 ? logitRows : nullptr;
  s = call(it->second, T, inputs, slots, logits.data(), nullptr);
  bool pruned = keepRows_ != nullptr; // call drops it for micro-batches
  keepRows_ = nullptr;
  if (!s || !logitRows)
    return s;
  if (!pruned) // computed every row: keep the ones asked for
    for (size_t i = 0; i < logitRows->size(); ++i)
      std::copy_n(logits.begin() + (*logitRows)[i] * V, V,
                  logits.begin() + static_cast<int64_t>(i) * V);
  logits.resize(logitRows->size() * static_cast<size_t>(V));
  return Status::ok();
}

bool Model::prunesLogits(const std::string &function) const {
  auto it = functions_.find(function);
  return it != functions_.end() && logitsLaunch_[it->second] >= 0;
}

Status Model::trainStep(const std::vector<int64_t> &tokens,
                        const std::vector<int64_t> &labels, int64_t step,
                        std::vector<float> &logits,
                        std::vector<float> &losses) {
  const std::string function = "train_step";
  auto it = functions_.find(function);
  if (it == functions_.end())
    return Status::error(artifact_->path() +
                         ": no function 'train_step' (compile with "
                         "moe-opt --mode=train)");
  const mxa::Function *fn = artifact_->artifact().functions()->Get(it->second);
  int64_t S = options_.slots, C = options_.context, T = S * C;
  if (T > fn->max_tokens())
    return Status::error(function + ": batch " + std::to_string(S) + " x " +
                         std::to_string(C) + " = " + std::to_string(T) +
                         " tokens, expected at most " +
                         std::to_string(fn->max_tokens()) + " (max_tokens)");
  if (static_cast<int64_t>(tokens.size()) != T ||
      static_cast<int64_t>(labels.size()) != T)
    return Status::error(function + ": " + std::to_string(tokens.size()) +
                         " tokens and " + std::to_string(labels.size()) +
                         " labels, expected " + std::to_string(T) + " (" +
                         std::to_string(S) + " sequences of " +
                         std::to_string(C) + ")");
  if (step < 1)
    return Status::error(function + ": step " + std::to_string(step) +
                         ", expected >= 1");
  int64_t V = vocabSize();
  Status s = checkRange(function, "tokens", tokens, V, "vocab_size");
  if (!s)
    return s;
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] >= V)
      return Status::error(function + ": labels[" + std::to_string(i) +
                           "] = " + std::to_string(labels[i]) +
                           " out of range, expected < " + std::to_string(V) +
                           " (vocab_size; negative: no loss)");
  std::vector<int64_t> positions(T), slots(T);
  for (int64_t t = 0; t < T; ++t) {
    positions[t] = t % C;
    slots[t] = t / C;
  }
  logits.assign(static_cast<size_t>(T * V), 0.0f);
  losses.assign(static_cast<size_t>(T), 0.0f);
  const int64_t *inputs[5] = {tokens.data(), positions.data(), slots.data(),
                              labels.data(), &step};
  return call(it->second, T, inputs, slots, logits.data(), losses.data());
}

Status Model::call(size_t fnIndex, int64_t T, const int64_t *const inputs[5],
                   const std::vector<int64_t> &slots, float *logits,
                   float *losses) {
  const mxa::Function *fn = artifact_->artifact().functions()->Get(fnIndex);
  int64_t V = vocabSize();
  Status s = Status::ok();
  if (!fn->launches())
    return Status::ok();

  // Micro-batches: every rank must agree, so the decision uses the largest
  // T of the call over all ranks.
  int n = gpu_ ? 1 : static_cast<int>(arenas_[fnIndex].size());
  if (n > 1) {
    int64_t maxT = T;
    s = comm_->allReduceMax(&maxT, 1, "micro-batch size");
    if (!s)
      return s;
    if (maxT < std::max<int64_t>(fn->micro_batch_min_tokens(), n))
      n = 1;
  }
  if (n > 1) {
    ++splitCalls_;
    keepRows_ = nullptr; // lanes hold parts of the rows: compute them all
  }
  std::vector<Lane> lanes(static_cast<size_t>(n));
  auto parts = n > 1 ? splitLanes(slots, n)
                     : std::vector<std::pair<int64_t, int64_t>>{{0, T}};
  for (int i = 0; i < n; ++i) {
    Lane &lane = lanes[i];
    auto [begin, end] = parts[i];
    lane.index = i;
    lane.sv = SymbolValues{end - begin, options_.slots, options_.context, 0};
    for (int k = 0; k < 5; ++k)
      lane.inputs[k] =
          !inputs[k] ? nullptr : k == 4 ? inputs[k] : inputs[k] + begin;
    lane.logits = logits + begin * V;
    lane.losses = losses ? losses + begin : nullptr;
    if (gpu_) { // one lane: device buffers
      int64_t runs = T > 0 ? 1 : 0;
      for (int64_t t = 1; t < T; ++t)
        runs += slots[t] != slots[t - 1];
      gpu_->tokensPerRun = runs ? T / runs : 1;
      for (int k = 0; k < 5; ++k) {
        gpu_->hostInputs[k] = inputs[k];
        if (!inputs[k])
          continue;
        s = gpu_->device->upload(gpu_->inputs[k], inputs[k],
                                 (k == 4 ? 1 : T) * sizeof(int64_t));
        if (!s)
          return s;
        lane.inputs[k] = reinterpret_cast<const int64_t *>(gpu_->inputs[k]);
      }
      lane.logits = reinterpret_cast<float *>(gpu_->logits);
      lane.losses = losses ? reinterpret_cast<float *>(gpu_->losses) : nullptr;
      lane.arena = reinterpret_cast<uint8_t *>(gpu_->arenas[fnIndex]);
    } else {
      lane.arena = reinterpret_cast<uint8_t *>(arenas_[fnIndex][i]->data());
    }
    lane.comm = i == 0 ? comm_ : laneComms_[i - 1].get();
    lane.exchange = &exchanges_[i];
  }
  size_t numLaunches = fn->launches()->size();
  double lastStep = now();
  int idleLane = -1; // while every lane waits: the first, for the trace
  while (true) {
    bool allDone = true, ran = false;
    for (Lane &lane : lanes) {
      if (lane.next >= numLaunches)
        continue;
      allDone = false;
      s = runLane(lane, lanes, *fn, fnIndex, ran);
      if (!s)
        return s;
    }
    if (idleLane >= 0 && (ran || allDone)) {
      span("idle wait", TraceSpan::Wait, idleLane, -1, lastStep);
      idleLane = -1;
    }
    if (allDone)
      break;
    if (ran) {
      lastStep = now();
      continue;
    }
    if (idleLane < 0)
      for (Lane &lane : lanes)
        if (lane.next < numLaunches) {
          idleLane = lane.index;
          break;
        }
    // Every unfinished lane waits for data from other ranks.
    s = progressAll(lanes);
    if (!s)
      return s;
    if (now() - lastStep > comm_->timeoutSeconds())
      comm_->abort(
          "expert exchange: no progress for " +
              std::to_string(static_cast<int>(comm_->timeoutSeconds())) +
              " s (a rank died or stalls); aborting every rank",
          3);
    std::this_thread::yield();
  }
  if (gpu_) {
    cuda::Device &dev = *gpu_->device;
    int64_t rows = keepRows_ ? static_cast<int64_t>(keepRows_->size()) : T;
    s = dev.download(logits, gpu_->logits, rows * V * sizeof(float));
    if (s && losses)
      s = dev.download(losses, gpu_->losses, T * sizeof(float));
    for (size_t i = 0; s && losses && i < states_.size(); ++i)
      s = dev.download(states_[i]->data(), gpu_->states[i],
                       states_[i]->size() * sizeof(float));
    if (!s)
      return Status::error(artifact_->path() + ": " +
                           fn->name()->str() + ": " + s.errorMessage());
  }
  return Status::ok();
}

Status Model::progressAll(std::vector<Lane> &lanes) {
  for (Lane &lane : lanes) {
    Status s = lane.exchange->progress(*lane.comm);
    if (!s)
      return s;
  }
  return Status::ok();
}

Status Model::runLane(Lane &lane, std::vector<Lane> &lanes,
                      const mxa::Function &fn, size_t fnIndex, bool &ran) {
  size_t numLaunches = fn.launches()->size();
  while (lane.next < numLaunches) {
    const mxa::Launch *launch = fn.launches()->Get(lane.next);
    const mxa::Exchange *x = launch->exchange();
    if (x && x->phase() == mxa::ExchangePhase_Wait &&
        !lane.exchange->arrived(x->id())) {
      Status s = lane.exchange->progress(*lane.comm);
      if (!s || !lane.exchange->arrived(x->id()))
        return s; // blocked: let another lane run
    }
    Status s = runLaunch(lane, fn, fnIndex, lane.next++);
    if (!s)
      return s;
    ran = true;
    if (lanes.size() > 1) {
      s = progressAll(lanes);
      if (!s)
        return s;
      if (x && x->phase() == mxa::ExchangePhase_Start)
        return Status::ok(); // data in flight: another lane computes
    }
  }
  return Status::ok();
}

Status Model::runLaunch(Lane &lane, const mxa::Function &fn, size_t fnIndex,
                        size_t l) {
  const mxa::Artifact &a = artifact_->artifact();
  const mxa::Launch *launch = fn.launches()->Get(l);
  SymbolValues sv = lane.sv;
  if (keepRows_ && static_cast<int64_t>(l) == logitsLaunch_[fnIndex]) {
    // The LM head on the rows asked for only: moved to the first rows.
    Status s = gatherLogitRows(lane, fn, fnIndex, *launch);
    if (!s)
      return s;
    sv.tokens = static_cast<int64_t>(keepRows_->size());
  }
  int64_t T = sv.tokens, V = vocabSize();
  if (launch->exchange())
    return runExchange(lane, *launch, fn,
                       artifact_->path() + ": functions[" +
                           std::to_string(fnIndex) + "].launches[" +
                           std::to_string(l) + "]");
  int64_t items = 0;
  evalExpr(launch->items(), sv, items);
  if (items <= 0)
    return Status::ok();
  double begin = options_.trace ? now() : 0;
  int64_t nwg = std::min<int64_t>(options_.threads, items);
  size_t numArgs = launch->args() ? launch->args()->size() : 0;
  auto device = [](CUdeviceptr p) { return reinterpret_cast<void *>(p); };
  for (size_t i = 0; i < numArgs; ++i) {
    const mxa::Arg &arg = *launch->args()->Get(i);
    Slot &slot = slots_[i];
    std::memset(slot.words, 0, sizeof slot.words);
    void *base = nullptr;
    int64_t root = 0;
    switch (arg.kind()) {
    case mxa::ArgKind_None:
      continue;
    case mxa::ArgKind_Int: {
      int64_t v = arg.int_value();
      std::memcpy(slot.words, &v, sizeof v);
      continue;
    }
    case mxa::ArgKind_Float: {
      float v = static_cast<float>(arg.float_value());
      std::memcpy(slot.words, &v, sizeof v);
      continue;
    }
    case mxa::ArgKind_Input:
      base = const_cast<int64_t *>(lane.inputs[arg.index()]);
      root = inputElements(arg.index(), T);
      break;
    case mxa::ArgKind_Output:
      base = arg.index() == 1 ? static_cast<void *>(lane.losses) : lane.logits;
      root = outputElements(arg.index(), T, V);
      break;
    case mxa::ArgKind_State: {
      FloatBuffer &st = *states_[arg.index()];
      base = gpu_ ? device(gpu_->states[arg.index()]) : st.data();
      root = static_cast<int64_t>(st.size());
      break;
    }
    case mxa::ArgKind_Weight: {
      FloatBuffer &w = *weights_.buffers[arg.index()];
      base = gpu_ ? device(gpu_->weights[arg.index()]) : w.data();
      root = static_cast<int64_t>(w.size() * sizeof(float)) /
             elementSize(arg.element_type()); // f32 or packed bf16
      break;
    }
    case mxa::ArgKind_Cache: {
      // In the cache's elements (f32 or bf16).
      root = cacheElements(*a.caches()->Get(arg.index()), options_.slots,
                           options_.context);
      base = gpu_ ? device(gpu_->caches[arg.index()])
                  : caches_[arg.index()]->data();
      break;
    }
    case mxa::ArgKind_Constant: {
      auto *data = a.constants()->Get(arg.index())->data();
      base = gpu_ ? device(gpu_->constants[arg.index()])
                  : const_cast<float *>(data->data());
      root = data->size();
      break;
    }
    default: // Arena
      base = lane.arena;
      root = fn.arena_bytes() / elementSize(arg.element_type());
      break;
    }
    if (!base && root > 0)
      return Status::error(artifact_->path() + ": functions[" +
                           std::to_string(fnIndex) + "].launches[" +
                           std::to_string(l) + "].args[" + std::to_string(i) +
                           "]: " + mxa::EnumNameArgKind(arg.kind()) + " " +
                           std::to_string(arg.index()) +
                           " is not given by this call");
    View view;
    std::string why;
    if (!evalView(arg, sv, view, why) || !viewWithin(view, root, why))
      return Status::error(artifact_->path() + ": functions[" +
                           std::to_string(fnIndex) + "].launches[" +
                           std::to_string(l) + "].args[" + std::to_string(i) +
                           "] (T=" + std::to_string(T) + "): " + why);
    // {allocated, aligned, offset, sizes[rank], strides[rank]}
    uint64_t ptr = reinterpret_cast<uintptr_t>(base);
    slot.words[0] = ptr;
    slot.words[1] = ptr;
    slot.words[2] = static_cast<uint64_t>(view.offset);
    for (int d = 0; d < view.rank; ++d) {
      slot.words[3 + d] = static_cast<uint64_t>(view.sizes[d]);
      slot.words[3 + view.rank + d] = static_cast<uint64_t>(view.strides[d]);
    }
  }
  if (gpu_)
    return launchGpu(*launch, numArgs, items, l, fnIndex, lane.index, begin);
  size_t stride = numArgs + 2;
  for (int64_t wg = 0; wg < nwg; ++wg) {
    void **p = packed_.data() + wg * stride;
    p[0] = &workgroupIds_[wg];
    p[1] = &nwg;
    for (size_t i = 0; i < numArgs; ++i)
      p[2 + i] = slots_[i].words;
  }
  LaunchJob job{kernels_[launch->kernel()], packed_.data(), stride};
  pool_->run(nwg, runWorkgroup, &job);
  if (options_.trace)
    span(a.kernels()->Get(launch->kernel())->name()->str(), TraceSpan::Compute,
         lane.index, -1, begin);
  return Status::ok();
}

Status Model::gatherLogitRows(Lane &lane, const mxa::Function &fn,
                              size_t fnIndex, const mxa::Launch &launch) {
  const mxa::Arg &x = *launch.args()->Get(0);
  View view;
  std::string why;
  int64_t root = fn.arena_bytes() / elementSize(x.element_type());
  if (!evalView(x, lane.sv, view, why) || !viewWithin(view, root, why))
    return Status::error(artifact_->path() + ": " + fn.name()->str() +
                         ": the LM head's input: " + why);
  int64_t bytes = elementSize(x.element_type());
  size_t rowBytes = static_cast<size_t>(view.sizes[1] * bytes);
  // Row keepRows_[i] >= i goes to row i: increasing, so no row is
  // overwritten before it is moved (x is dead after the LM head).
  for (size_t i = 0; i < keepRows_->size(); ++i) {
    int64_t from = (*keepRows_)[i], to = static_cast<int64_t>(i);
    if (from == to)
      continue;
    int64_t src = (view.offset + from * view.strides[0]) * bytes,
            dst = (view.offset + to * view.strides[0]) * bytes;
    if (gpu_) {
      CUdeviceptr arena = gpu_->arenas[fnIndex];
      Status s = gpu_->device->copy(arena + static_cast<CUdeviceptr>(dst),
                                    arena + static_cast<CUdeviceptr>(src),
                                    rowBytes);
      if (!s)
        return Status::error(artifact_->path() + ": " + fn.name()->str() +
                             ": " + s.errorMessage());
    } else {
      std::memcpy(lane.arena + dst, lane.arena + src, rowBytes);
    }
  }
  return Status::ok();
}

Status Model::launchGpu(const mxa::Launch &launch, size_t numArgs,
                        int64_t items, size_t l, size_t fnIndex, int lane,
                        double begin) {
  const mxa::Artifact &a = artifact_->artifact();
  Gpu &g = *gpu_;
  const std::string &name = a.kernels()->Get(launch.kernel())->name()->str();
  auto failed = [&](const Status &s) {
    return Status::error(artifact_->path() + ": functions[" +
                         std::to_string(fnIndex) + "].launches[" +
                         std::to_string(l) + "] (" + name +
                         "): " + s.errorMessage());
  };
  // What runs instead of the kernel's entry where it takes the launch:
  // `run(used)` queues it and sets `used` (traced as "name [label]").
  auto instead = [&](auto run, const char *what,
                     const char *label) -> std::optional<Status> {
    bool used = false;
    Status s = run(used);
    if (s && used && options_.trace) {
      s = g.device->synchronize(what);
      span(name + " [" + label + "]", TraceSpan::Compute, lane, -1, begin);
    }
    if (!s)
      return failed(s);
    return used ? std::optional<Status>(s) : std::nullopt;
  };
  Gpu::Gemm gemm = g.blas ? g.gemms[launch.kernel()] : Gpu::Gemm::None;
  if (gemm == Gpu::Gemm::MlaExpand) {
    if (auto s = instead([&](bool &used) { return mlaExpandGpu(launch, used); },
                         "a cuBLASLt GEMM", "cuBLASLt"))
      return *s;
  } else if (gemm != Gpu::Gemm::None) {
    if (auto s = instead([&](bool &used) { return denseGemmGpu(launch, used); },
                         "a cuBLASLt GEMM", "cuBLASLt"))
      return *s;
  }
  if (g.templates[launch.kernel()])
    if (auto s = instead([&](bool &used) { return templateGpu(launch, used); },
                         "a template launch", "sm90 template"))
      return *s;
  // The gpu.func's parameters (moe-kernels-to-gpu): nwg, then each memref
  // expanded into 3 + 2 * rank words, each scalar one i64 or f32.
  g.words.clear();
  g.words.push_back(static_cast<uint64_t>(items));
  for (size_t i = 0; i < numArgs; ++i) {
    const mxa::Arg &arg = *launch.args()->Get(i);
    if (arg.kind() == mxa::ArgKind_Int || arg.kind() == mxa::ArgKind_Float) {
      g.words.push_back(slots_[i].words[0]);
      continue;
    }
    size_t rank = arg.sizes() ? arg.sizes()->size() : 0;
    g.words.insert(g.words.end(), slots_[i].words,
                   slots_[i].words + 3 + 2 * rank);
  }
  // A block version runs one work item per block, else one per thread.
  unsigned blockThreads =
      a.kernels()->Get(launch.kernel())->gpu_block_threads();
  cuda::CUfunction fn = g.kernels[launch.kernel()];
  if (cuda::CUfunction tiled = g.variants[launch.kernel()]) {
    // attention_tiled (or attention_tc: the same tiles): its tiles' query
    // rows, min(tokens per slot run, TQ)
    // x HQ (HQ = min(NH / NKV, 32), TQ = 32 / HQ; the header of
    // lowering/kernels/block/attention_tiled.mlir), must be 16 or more.
    // q [T, NH, D] and kc [S, C, NKV, D]: sizes at words 3 + dim.
    auto nh = static_cast<int64_t>(slots_[0].words[4]),
         nkv = static_cast<int64_t>(slots_[1].words[5]);
    int64_t hq = std::min<int64_t>(nkv > 0 ? nh / nkv : 1, 32);
    if (hq > 0 && std::min(g.tokensPerRun, 32 / hq) * hq >= 16)
      fn = tiled;
  }
  Status s = g.launchItems(fn, items, blockThreads);
  if (s && options_.trace) { // a span needs the launch's end
    s = g.device->synchronize("a launch");
    span(fn == g.kernels[launch.kernel()]
             ? name
             : name + g.variantLabels[launch.kernel()],
         TraceSpan::Compute, lane, -1, begin);
  }
  return s ? s : failed(s);
}

Status Model::templateGpu(const mxa::Launch &launch, bool &used) {
  Gpu &g = *gpu_;
  used = false;
  const mxa::Kernel &kernel = *artifact_->artifact().kernels()->Get(
      launch.kernel());
  bool swiglu =
      kernel.gpu_template() == mxa::GpuTemplate_GroupedSwigluNtBF16Sm90;
  // The arguments' descriptor words (runLaunch): {allocated, aligned,
  // offset, sizes, strides}. grouped_matmul_nt_bf16(x, w, offsets, out),
  // grouped_swiglu_nt_bf16(x, w, wu, offsets, out).
  const int64_t *x = descriptor(0), *w = descriptor(1),
                *u = swiglu ? descriptor(2) : nullptr,
                *offsets = descriptor(swiglu ? 3 : 2),
                *y = descriptor(swiglu ? 4 : 3);
  // The templates' memrefs have offset 0: the views' offsets go into the
  // addresses.
  int64_t rows = x[3], k = x[4], experts = w[3], n = w[4];
  int64_t expertStride = w[6], rowStride = w[7];
  int64_t yBytes = swiglu ? 2 : 4;
  uint64_t xAt = viewAddress(x, 2), wAt = viewAddress(w, 2),
           uAt = swiglu ? viewAddress(u, 2) : 0, yAt = viewAddress(y, yBytes);
  // The header comments' assumptions (lowering/kernels/gpu/).
  bool fits =
      k >= 64 && k % 64 == 0 && n % (swiglu ? 64 : 128) == 0 && x[6] == 1 &&
      x[5] * 2 % 16 == 0 && xAt % 16 == 0 && w[5] == k && w[8] == 1 &&
      rowStride * 2 % 16 == 0 && rowStride > 0 &&
      expertStride % rowStride == 0 && wAt % 16 == 0 && offsets[4] == 1 &&
      y[3] == rows && y[4] == n && y[6] == 1 && y[5] * yBytes % 16 == 0 &&
      yAt % 16 == 0 && rows < (int64_t{1} << 31) &&
      // TMA row coordinates are i32.
      (experts - 1) * (expertStride / rowStride) + n < (int64_t{1} << 31) &&
      (!swiglu || (u[3] == experts && u[4] == n && u[5] == k &&
                   u[6] == expertStride && u[7] == rowStride && u[8] == 1 &&
                   uAt % 16 == 0));
  if (!fits)
    return Status::ok();
  used = true;
  if (rows == 0 || experts == 0)
    return Status::ok();
  // The maps are cached by shape, and the rows of x follow the call's
  // tokens: past kMaxTensorMaps (far above the weights' few per layer) the
  // cache starts over, so that a serving loop's many prompt lengths do not
  // grow device memory without bound.
  if (g.tensorMaps.size() + 3 > kMaxTensorMaps) {
    if (Status s = g.device->releaseTensorMaps(); !s)
      return s;
    g.tensorMaps.clear();
  }
  int64_t expertRows = expertStride / rowStride;
  uint64_t wRows = static_cast<uint64_t>((experts - 1) * expertRows + n);
  auto map = [&](uint64_t addr, uint64_t mapRows, uint64_t rowBytes,
                 unsigned box) -> Expected<CUdeviceptr> {
    std::array<uint64_t, 5> key = {addr, mapRows, static_cast<uint64_t>(k),
                                   rowBytes, box};
    auto it = g.tensorMaps.find(key);
    if (it != g.tensorMaps.end())
      return it->second;
    auto m = g.device->bf16TensorMap(addr, mapRows, k, rowBytes, box);
    if (m)
      g.tensorMaps.emplace(key, *m);
    return m;
  };
  unsigned wBox = swiglu ? 64 : 128;
  auto xMap = map(xAt, rows, x[5] * 2, 128);
  auto wMap = map(wAt, wRows, rowStride * 2, wBox);
  auto uMap = swiglu ? map(uAt, wRows, rowStride * 2, wBox) : wMap;
  // A map the driver refuses (say, a box taller than a small tensor on some
  // driver): the kernel's own entry runs instead.
  for (auto *m : {&xMap, &wMap, &uMap})
    if (!*m) {
      used = false;
      return Status::ok();
    }
  // The lowered .entry's parameters (the templates' header comments).
  g.words = {*xMap, *wMap};
  if (swiglu)
    g.words.push_back(*uMap);
  uint64_t offsetsAt = viewAddress(offsets, 4);
  g.words.insert(g.words.end(),
                 {static_cast<uint64_t>(offsets[0]), offsetsAt, 0,
                  static_cast<uint64_t>(offsets[3]), 1,
                  static_cast<uint64_t>(y[0]), yAt, 0,
                  static_cast<uint64_t>(rows), static_cast<uint64_t>(n),
                  static_cast<uint64_t>(y[5]), 1, static_cast<uint64_t>(k),
                  static_cast<uint64_t>(expertRows)});
  // Persistent: one CTA per SM walks the tiles (any grid size is correct).
  unsigned grid =
      static_cast<unsigned>(std::max(1, g.device->multiprocessors()));
  return g.device->launchGrid(g.templates[launch.kernel()], grid,
                              kTemplateThreads, kTemplateSharedBytes,
                              g.wordParams());
}

Status Model::denseGemmGpu(const mxa::Launch &launch, bool &used) {
  Gpu &g = *gpu_;
  used = false;
  // Argument i's memref descriptor {allocated, aligned, offset, sizes,
  // strides} (runLaunch); the operands are f32, except x and w of
  // matmul_nt_bf16.
  struct MemRef {
    CUdeviceptr at;
    const int64_t *sizes, *strides;
  };
  auto memref = [&](size_t i, int rank, int64_t elementBytes = 4) {
    const int64_t *d = descriptor(i);
    return MemRef{viewAddress(d, elementBytes), d + 3, d + 3 + rank};
  };
  cuda::Gemm gemm;
  Gpu::Gemm kind = g.gemms[launch.kernel()];
  if (kind == Gpu::Gemm::MatmulTN) {
    // matmul_tn(dy[R, N], x[R, K], offsets, out[E, N, K], grouped): the
    // dense weight gradients out[0] += dy^T x. The experts' (grouped: row
    // ranges on the device) and column sums (x a stride-0 view) run the
    // kernel.
    MemRef dy = memref(0, 2), x = memref(1, 2), out = memref(3, 3);
    if (slots_[4].words[0] != 0 || out.sizes[0] != 1 || dy.strides[1] != 1 ||
        x.strides[1] != 1 || out.strides[2] != 1)
      return Status::ok();
    gemm.tn = true;
    gemm.m = dy.sizes[1];
    gemm.n = x.sizes[1];
    gemm.k = dy.sizes[0];
    gemm.x = dy.at;
    gemm.w = x.at;
    gemm.out = out.at;
    gemm.ldx = dy.strides[0];
    gemm.ldw = x.strides[0];
    gemm.ldout = out.strides[1];
    gemm.accumulate = true;
  } else if (kind != Gpu::Gemm::HeadMatmul) {
    // matmul_nt(x[M, K], w[N, K], bias[N], out[M, N], has_bias, accumulate),
    // matmul_nt_bf16 the same with bf16 x and w.
    gemm.bf16 = kind == Gpu::Gemm::MatmulNTBF16;
    size_t in = gemm.bf16 ? 2 : sizeof(float);
    MemRef x = memref(0, 2, in), w = memref(1, 2, in), bias = memref(2, 1),
           out = memref(3, 2);
    bool hasBias = slots_[4].words[0] != 0;
    if (x.strides[1] != 1 || w.strides[1] != 1 || out.strides[1] != 1 ||
        (hasBias && bias.strides[0] != 1))
      return Status::ok();
    gemm.m = x.sizes[0];
    gemm.n = w.sizes[0];
    gemm.k = x.sizes[1];
    gemm.x = x.at;
    gemm.w = w.at;
    gemm.out = out.at;
    gemm.bias = hasBias ? bias.at : 0;
    gemm.ldx = x.strides[0];
    gemm.ldw = w.strides[0];
    gemm.ldout = out.strides[0];
    gemm.accumulate = slots_[5].words[0] != 0;
  } else {
    // head_matmul(x[T, NH, K], w[NH, N, K], out[T, NH, N]): one product per
    // head, a strided batch.
    MemRef x = memref(0, 3), w = memref(1, 3), out = memref(2, 3);
    if (x.strides[2] != 1 || w.strides[2] != 1 || out.strides[2] != 1)
      return Status::ok();
    gemm.m = x.sizes[0];
    gemm.batch = x.sizes[1];
    gemm.n = w.sizes[1];
    gemm.k = x.sizes[2];
    gemm.x = x.at;
    gemm.w = w.at;
    gemm.out = out.at;
    gemm.ldx = x.strides[0];
    gemm.ldw = w.strides[1];
    gemm.ldout = out.strides[0];
    gemm.batchX = x.strides[1];
    gemm.batchW = w.strides[0];
    gemm.batchOut = out.strides[1];
  }
  if (gemm.m < 1 || gemm.n < 1 || gemm.k < 1 || gemm.batch < 1)
    return Status::ok();
  // x and w as stored: [M, K] and [N, K], or with tn [K, M] and [K, N]. A
  // single row's stride is never followed: any value cuBLASLt accepts will
  // do.
  int64_t xRows = gemm.tn ? gemm.k : gemm.m, xCols = gemm.tn ? gemm.m : gemm.k,
          wRows = gemm.tn ? gemm.k : gemm.n, wCols = gemm.tn ? gemm.n : gemm.k;
  if (xRows == 1)
    gemm.ldx = std::max(gemm.ldx, xCols);
  if (wRows == 1)
    gemm.ldw = std::max(gemm.ldw, wCols);
  if (gemm.m == 1)
    gemm.ldout = std::max(gemm.ldout, gemm.n);
  // Overlapping rows (e.g. a broadcast with stride 0) are left to the kernel.
  if (gemm.ldx < xCols || gemm.ldw < wCols || gemm.ldout < gemm.n)
    return Status::ok();
  used = true;
  return g.blas->gemm(gemm);
}

Status Model::mlaExpandGpu(const mxa::Launch &launch, bool &used) {
  // mla_expand(kv[S, C, 1, L + R], w[NH (DN + DV), L], positions[T],
  // slots[T], kx[S, C, NH, DN + R], vx[S, C, NH, DV])
  // (lowering/kernels/mla_expand.mlir) writes, for each slot s of the call
  // and each row j <= the largest position of s: kx[s, j, h, :DN] and
  // vx[s, j, h, :] = head h's kv_b rows times the latent kv[s, j, 0, :L],
  // and kx[s, j, h, DN:] = kv[s, j, 0, L:]. Per slot, the products are two
  // strided batches over the heads (the latent rows shared by all: batch
  // stride 0) and the rope columns one launch of the artifact's `copy`
  // kernel (a block per row; the source's head stride 0).
  Gpu &g = *gpu_;
  used = false;
  if (g.copyKernel < 0)
    return Status::ok();
  const mxa::Arg &pos = *launch.args()->Get(2), &slot = *launch.args()->Get(3);
  if (pos.kind() != mxa::ArgKind_Input || slot.kind() != mxa::ArgKind_Input ||
      !g.hostInputs[pos.index()] || !g.hostInputs[slot.index()])
    return Status::ok();
  const int64_t *kv = descriptor(0), *w = descriptor(1), *kx = descriptor(4),
                *vx = descriptor(5);
  // {allocated, aligned, offset, sizes[rank], strides[rank]}: rank 4 sizes
  // at 3..6 and strides at 7..10, rank 2 at 3..4 and 5..6.
  int64_t S = kv[3], C = kv[4], L = w[4], R = kv[6] - L, NH = kx[5],
          DN = kx[6] - R, DV = vx[6];
  // Unit inner strides, rows and heads that do not overlap (else the
  // kernel does it all, as denseGemmGpu leaves such views to theirs).
  if (kv[10] != 1 || w[6] != 1 || kx[10] != 1 || vx[10] != 1 || L < 1 ||
      R < 0 || DN < 0 || w[3] < NH * (DN + DV) || kv[8] < L || w[5] < L ||
      kx[8] < DN || vx[8] < DV ||
      (NH > 1 && (kx[9] < DN || vx[9] < DV)))
    return Status::ok();
  // The call's slots in order of appearance, each with its rows [0, P).
  const int64_t *p = g.hostInputs[pos.index()] + descriptor(2)[2],
                *sl = g.hostInputs[slot.index()] + descriptor(3)[2];
  int64_t T = descriptor(2)[3], ps = descriptor(2)[4], ss = descriptor(3)[4];
  std::vector<std::pair<int64_t, int64_t>> rows; // (slot, P)
  for (int64_t t = 0; t < T; ++t) {
    int64_t s = sl[t * ss], n = p[t * ps] + 1;
    auto it = std::find_if(rows.begin(), rows.end(),
                           [&](const auto &r) { return r.first == s; });
    if (it == rows.end())
      it = rows.insert(rows.end(), {s, 0});
    it->second = std::max(it->second, n);
    if (s < 0 || s >= S || it->second > C)
      return Status::ok(); // the kernel's to report or skip
  }
  for (auto [s, P] : rows) {
    for (int part = 0; part < 2 && P > 0; ++part) {
      cuda::Gemm gemm;
      const int64_t *out = part ? vx : kx;
      gemm.m = P;
      gemm.n = part ? DV : DN;
      gemm.k = L;
      gemm.batch = NH;
      gemm.x = viewAddress(kv, 4, s * kv[7]);
      gemm.ldx = kv[8];
      gemm.batchX = 0;
      gemm.w = viewAddress(w, 4, (part ? DN : 0) * w[5]);
      gemm.ldw = w[5];
      gemm.batchW = (DN + DV) * w[5];
      gemm.out = viewAddress(out, 4, s * out[7]);
      gemm.ldout = out[8];
      gemm.batchOut = out[9];
      if (gemm.n < 1)
        continue;
      if (Status st = g.blas->gemm(gemm); !st)
        return st;
    }
    if (P < 1 || R < 1 || NH < 1)
      continue;
    // copy(src[P, NH, R], dst[P, NH, R]): moe-kernels-to-gpu's parameters,
    // nwg then each memref {allocated, aligned, offset, sizes, strides}.
    auto u = [](int64_t v) { return static_cast<uint64_t>(v); };
    g.words = {u(P),
               u(kv[0]), u(kv[1]), u(kv[2] + s * kv[7] + L * kv[10]),
               u(P), u(NH), u(R), u(kv[8]), 0, u(kv[10]),
               u(kx[0]), u(kx[1]), u(kx[2] + s * kx[7] + DN * kx[10]),
               u(P), u(NH), u(R), u(kx[8]), u(kx[9]), u(kx[10])};
    unsigned copyThreads =
        artifact_->artifact().kernels()->Get(g.copyKernel)->gpu_block_threads();
    if (Status st = g.launchItems(g.kernels[g.copyKernel], P, copyThreads); !st)
      return st;
  }
  used = true;
  return Status::ok();
}

Status Model::runExchange(Lane &lane, const mxa::Launch &launch,
                          const mxa::Function &fn, const std::string &where) {
  const mxa::Exchange &x = *launch.exchange();
  SymbolValues &sv = lane.sv;
  // Every exchange argument is an arena view, or for an AllReduce a state's
  // (checked by the verifier).
  std::vector<View> views(launch.args()->size());
  std::vector<uint8_t *> ptrs(views.size());
  for (size_t i = 0; i < views.size(); ++i) {
    const mxa::Arg &arg = *launch.args()->Get(i);
    std::string why;
    int64_t size = elementSize(arg.element_type());
    uint8_t *base = lane.arena;
    int64_t root = fn.arena_bytes() / size;
    if (arg.kind() == mxa::ArgKind_State) {
      FloatBuffer &st = *states_[arg.index()];
      base = gpu_ ? reinterpret_cast<uint8_t *>(gpu_->states[arg.index()])
                  : reinterpret_cast<uint8_t *>(st.data());
      root = static_cast<int64_t>(st.size());
    }
    if (!evalView(arg, sv, views[i], why) || !viewWithin(views[i], root, why))
      return Status::error(where + ".args[" + std::to_string(i) + "]: " + why);
    ptrs[i] = base + views[i].offset * size;
  }
  auto f32 = [&](size_t i) { return reinterpret_cast<float *>(ptrs[i]); };
  auto i32 = [&](size_t i) { return reinterpret_cast<int32_t *>(ptrs[i]); };
  if (x.kind() == mxa::ExchangeKind_ExpertCounts) {
    std::vector<int64_t> &c = expertCounts_[x.layer()];
    c.resize(static_cast<size_t>(views[0].sizes[0]), 0);
    std::vector<int32_t> counts(c.size());
    if (!gpu_) {
      std::copy(i32(0), i32(0) + c.size(), counts.begin());
    } else { // contiguous i32 [E] in the device arena
      Status s = gpu_->device->download(
          counts.data(), reinterpret_cast<CUdeviceptr>(ptrs[0]),
          counts.size() * sizeof(int32_t));
      if (!s)
        return Status::error(where + ": " + s.errorMessage());
    }
    for (size_t e = 0; e < c.size(); ++e)
      c[e] += counts[e];
    return Status::ok();
  }
  if (x.kind() == mxa::ExchangeKind_Dispatch) {
    // counts [L] and slot offsets [L + 1]: L slots per rank.
    int64_t P = lane.comm->size(), slots = x.placement()->size();
    if (views[1].sizes[0] < 1)
      return Status::error(where + ".args[1]: no expert offsets, expected "
                                   "experts + 1 of them");
    if (slots % P == 0 && (views[3].sizes[0] != slots / P ||
                           views[4].sizes[0] != slots / P + 1))
      return Status::error(where + ".args[3, 4]: " +
                           std::to_string(views[3].sizes[0]) + " counts and " +
                           std::to_string(views[4].sizes[0]) +
                           " slot offsets, expected " +
                           std::to_string(slots / P) + " and " +
                           std::to_string(slots / P + 1) + " (slots per rank)");
  }
  if (x.kind() == mxa::ExchangeKind_AllReduce)
    return allReduce(lane, launch, views, ptrs, where);
  if (gpu_)
    return exchangeGpu(lane, launch, fn, views, ptrs, where);
  bool dispatch = x.kind() == mxa::ExchangeKind_Dispatch;
  bool start = x.phase() != mxa::ExchangePhase_Wait;
  bool finish = x.phase() != mxa::ExchangePhase_Start;
  std::string name = dispatch ? "dispatch" : "combine";
  double begin = now();
  Comm &comm = *lane.comm;
  ExpertExchange &ex = *lane.exchange;
  Status s = Status::ok();
  if (start) {
    s = dispatch
            ? ex.startDispatch(comm, x, f32(0), i32(1), views[1].sizes[0] - 1,
                               views[0].sizes[1], fn.max_received())
            : ex.startCombine(comm, x, f32(0), views[0].sizes[1]);
    if (!s)
      return Status::error(where + ": " + s.errorMessage());
  }
  if (!finish)
    return Status::ok();
  bool waited = !ex.arrived(x.id());
  if (dispatch) {
    int64_t received = 0;
    s = ex.finishDispatch(comm, x, f32(2), i32(3), i32(4), received);
    sv.received = received;
  } else {
    s = ex.finishCombine(comm, x, f32(1));
  }
  if (!s)
    return Status::error(where + ": " + s.errorMessage());
  if (options_.trace) {
    if (waited)
      span(name + " wait", TraceSpan::Wait, lane.index, x.layer(), begin);
    auto [started, arrived] = ex.flight(x.id());
    auto seconds = [&](std::chrono::steady_clock::time_point t) {
      return std::chrono::duration<double>(t - epoch_).count();
    };
    trace_.push_back(TraceSpan{name, TraceSpan::Comm, lane.index, x.layer(),
                               seconds(started), seconds(arrived)});
  }
  return Status::ok();
}

Status Model::allReduce(Lane &lane, const mxa::Launch &launch,
                        const std::vector<View> &views,
                        const std::vector<uint8_t *> &ptrs,
                        const std::string &where) {
  double begin = now();
  for (size_t i = 0; i < views.size(); ++i) {
    if (views[i].strides[0] != 1 && views[i].sizes[0] > 1)
      return Status::error(where + ".args[" + std::to_string(i) +
                           "]: an all-reduce buffer must be contiguous");
    int64_t n = views[i].sizes[0];
    bool isF32 = launch.args()
                     ->Get(static_cast<flatbuffers::uoffset_t>(i))
                     ->element_type() == mxa::ElementType_F32;
    size_t bytes = static_cast<size_t>(n) * (isF32 ? 4 : 8);
    std::vector<uint8_t> staged(gpu_ ? bytes : 0);
    void *host = gpu_ ? staged.data() : ptrs[i];
    auto device = reinterpret_cast<CUdeviceptr>(ptrs[i]);
    Status s = gpu_ ? gpu_->device->download(host, device, bytes) : Status::ok();
    if (s)
      s = isF32 ? lane.comm->allReduceSumF32(static_cast<float *>(host), n,
                                             "all-reduce (gradients)")
                : lane.comm->allReduceSum(static_cast<int64_t *>(host), n,
                                          "all-reduce (label count)");
    if (s && gpu_)
      s = gpu_->device->upload(device, host, bytes);
    if (!s)
      return Status::error(where + ": " + s.errorMessage());
  }
  if (options_.trace)
    span("all-reduce", TraceSpan::Comm, lane.index, launch.exchange()->layer(),
         begin);
  return Status::ok();
}

/// Device views of an exchange must be dense rows (row stride = row length,
/// unit inner stride): NCCL moves whole row ranges in place.
static Status denseRows(const View &v, const std::string &where, size_t i) {
  if (v.rank == 2 && (v.sizes[0] <= 1 || v.strides[0] == v.sizes[1]) &&
      (v.sizes[1] <= 1 || v.strides[1] == 1))
    return Status::ok();
  return Status::error(where + ".args[" + std::to_string(i) +
                       "]: an exchange on CUDA needs dense rows");
}

Status Model::exchangeGpu(Lane &lane, const mxa::Launch &launch,
                          const mxa::Function &fn,
                          const std::vector<View> &views,
                          const std::vector<uint8_t *> &ptrs,
                          const std::string &where) {
  const mxa::Exchange &x = *launch.exchange();
  Gpu &g = *gpu_;
  cuda::Device &dev = *g.device;
  auto at = [&](size_t i) { return reinterpret_cast<CUdeviceptr>(ptrs[i]); };
  auto fail = [&](const Status &s) {
    return Status::error(where + ": " + s.errorMessage());
  };
  double begin = now();
  Comm &comm = *lane.comm;
  // Dispatch and Combine: the whole exchange at its Start (or single) step,
  // queued on the stream in order with the kernels; the Wait step only
  // hands on the received row count.
  bool dispatch = x.kind() == mxa::ExchangeKind_Dispatch;
  if (x.phase() == mxa::ExchangePhase_Wait) {
    if (dispatch)
      lane.sv.received = lane.exchange->received(x.id());
    return Status::ok();
  }
  for (size_t i : {size_t{0}, size_t{dispatch ? 2u : 1u}})
    if (Status s = denseRows(views[i], where, i); !s)
      return s;
  // The offsets, counts and slot offsets travel between host and device.
  for (size_t i : {1, 3, 4})
    if (dispatch && views[i].sizes[0] > 1 && views[i].strides[0] != 1)
      return Status::error(where + ".args[" + std::to_string(i) +
                           "]: an exchange on CUDA needs contiguous counts");
  int64_t hidden = views[0].sizes[1];
  auto rows = [&](size_t i, int64_t row) {
    return at(i) + static_cast<CUdeviceptr>(row * hidden * 4);
  };
  std::vector<ExpertExchange::Transfer> sends, recvs;
  size_t from = 0, to = 1; // the argument rows are sent from / received into
  Status s = Status::ok();
  if (dispatch) {
    int64_t experts = views[1].sizes[0] - 1, L = views[3].sizes[0];
    std::vector<int32_t> offsets(static_cast<size_t>(experts + 1)),
        counts(static_cast<size_t>(L)), slotOffsets(static_cast<size_t>(L + 1));
    int64_t received = 0;
    s = dev.download(offsets.data(), at(1), offsets.size() * sizeof(int32_t));
    if (s)
      s = lane.exchange->planDispatch(comm, x, offsets.data(), experts, hidden,
                                      fn.max_received(), counts.data(),
                                      slotOffsets.data(), received, sends,
                                      recvs);
    if (s)
      s = dev.upload(at(3), counts.data(), counts.size() * sizeof(int32_t));
    if (s)
      s = dev.upload(at(4), slotOffsets.data(),
                     slotOffsets.size() * sizeof(int32_t));
    if (x.phase() != mxa::ExchangePhase_Start)
      lane.sv.received = received;
    to = 2;
  } else {
    s = lane.exchange->planCombine(comm, x, sends, recvs);
  }
  if (!s)
    return fail(s);
  std::vector<cuda::Nccl::Transfer> out, in;
  for (const ExpertExchange::Transfer &t : sends)
    out.push_back({t.peer, rows(from, t.row), t.rows * hidden});
  for (const ExpertExchange::Transfer &t : recvs)
    in.push_back({t.peer, rows(to, t.row), t.rows * hidden});
  std::string name = dispatch ? "dispatch" : "combine";
  // The communicator is made at the first exchange (every rank reaches it).
  if (!g.nccl && !(s = openNccl()))
    return Status::error(where + ": expert exchanges on CUDA: " +
                         s.errorMessage());
  s = g.nccl->exchange(out, in, "expert " + name + " (rows)");
  if (!s)
    return fail(s);
  if (options_.trace)
    span(name, TraceSpan::Comm, lane.index, x.layer(), begin);
  return Status::ok();
}

} // namespace runtime
} // namespace moe
