//===- Blas.cpp - cuBLASLt for the dense GEMMs, loaded at run time --------===//

#include "runtime/cuda/Blas.h"

#include <cstdio>
#include <cstdlib>
#include <utility>
#include <dlfcn.h>
#include <vector>

namespace moe {
namespace runtime {
namespace cuda {

namespace {

struct Loaded {
  lt::Api api{};
  std::string error;
};

Loaded load() {
  Loaded l;
  void *lib = openToolkitLibrary({"libcublasLt.so.13", "libcublasLt.so.12"},
                                 nullptr, "cuBLASLt", l.error);
  if (!lib)
    return l;
  lt::Api &a = l.api;
  auto bind = [&](auto &fn, const char *symbol) {
    void *p = dlsym(lib, symbol);
    if (!p && l.error.empty())
      l.error = std::string("cuBLASLt lacks ") + symbol;
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(p);
  };
  bind(a.create, "cublasLtCreate");
  bind(a.destroy, "cublasLtDestroy");
  bind(a.getVersion, "cublasLtGetVersion");
  bind(a.getStatusName, "cublasLtGetStatusName");
  bind(a.matmulDescCreate, "cublasLtMatmulDescCreate");
  bind(a.matmulDescDestroy, "cublasLtMatmulDescDestroy");
  bind(a.matmulDescSetAttribute, "cublasLtMatmulDescSetAttribute");
  bind(a.matrixLayoutCreate, "cublasLtMatrixLayoutCreate");
  bind(a.matrixLayoutDestroy, "cublasLtMatrixLayoutDestroy");
  bind(a.matrixLayoutSetAttribute, "cublasLtMatrixLayoutSetAttribute");
  bind(a.preferenceCreate, "cublasLtMatmulPreferenceCreate");
  bind(a.preferenceDestroy, "cublasLtMatmulPreferenceDestroy");
  bind(a.preferenceSetAttribute, "cublasLtMatmulPreferenceSetAttribute");
  bind(a.algoGetHeuristic, "cublasLtMatmulAlgoGetHeuristic");
  bind(a.matmul, "cublasLtMatmul");
  return l;
}

/// The largest power of two (at most 256) dividing the start of every row
/// of every matrix of the batch: the base, the row stride and the batch
/// stride in bytes (f32).
uint32_t alignment(CUdeviceptr p, int64_t ld, int64_t batch,
                   int64_t batchStride, int64_t elementBytes = 4) {
  uint64_t bits =
      p | static_cast<uint64_t>(ld * elementBytes) |
      (batch > 1 ? static_cast<uint64_t>(batchStride * elementBytes) : 0);
  uint32_t a = 1;
  while (a < 256 && !(bits & a))
    a <<= 1;
  return a;
}

} // namespace

/// One problem shape's descriptors and chosen algorithm.
struct Blas::Plan {
  const lt::Api *api = nullptr;
  lt::MatmulDesc desc = nullptr;
  lt::MatrixLayout a = nullptr, b = nullptr, c = nullptr;
  lt::Algo algo{};
  size_t workspace = 0;
  ~Plan() {
    if (c)
      api->matrixLayoutDestroy(c);
    if (b)
      api->matrixLayoutDestroy(b);
    if (a)
      api->matrixLayoutDestroy(a);
    if (desc)
      api->matmulDescDestroy(desc);
  }
};

std::string Blas::message(const char *call, lt::Status s) const {
  const char *name = api_->getStatusName ? api_->getStatusName(s) : nullptr;
  return std::string(call) + ": " +
         (name ? name : "cuBLAS status " + std::to_string(s));
}

Expected<std::unique_ptr<Blas>> Blas::open(Device &device, bool tf32) {
  using R = Expected<std::unique_ptr<Blas>>;
  static Loaded loaded = load();
  if (!loaded.error.empty())
    return R::error(loaded.error);
  std::unique_ptr<Blas> blas(new Blas());
  blas->api_ = &loaded.api;
  blas->device_ = &device;
  blas->tf32_ = tf32;
  if (lt::Status s = loaded.api.create(&blas->handle_);
      s != lt::CUBLAS_STATUS_SUCCESS)
    return R::error(blas->message("cublasLtCreate", s));
  auto ws = device.allocate(kWorkspaceBytes, "the cuBLASLt workspace");
  if (!ws)
    return R::error(ws.errorMessage());
  blas->workspace_ = *ws;
  return R(std::move(blas));
}

Blas::~Blas() {
  plans_.clear();
  if (handle_)
    api_->destroy(handle_);
}

std::string Blas::version() const {
  return "cuBLASLt " + std::to_string(api_->getVersion()) +
         (tf32_ ? ", TF32" : "");
}

Expected<Blas::Plan *> Blas::plan(const Gemm &g) {
  using R = Expected<Plan *>;
  int64_t inBytes = g.bf16 ? 2 : 4;
  uint32_t alignA = alignment(g.w, g.ldw, g.batch, g.batchW, inBytes);
  uint32_t alignB = alignment(g.x, g.ldx, g.batch, g.batchX, inBytes);
  uint32_t alignC = alignment(g.out, g.ldout, g.batch, g.batchOut);
  // Alignments are powers of two <= 256: 4 bits of log2 each suffice.
  uint32_t alignBias = g.bias ? alignment(g.bias, 0, 1, 0) : 256;
  uint32_t aligns = static_cast<uint32_t>(__builtin_ctz(alignA)) |
                    static_cast<uint32_t>(__builtin_ctz(alignB)) << 4 |
                    static_cast<uint32_t>(__builtin_ctz(alignC)) << 8 |
                    static_cast<uint32_t>(__builtin_ctz(alignBias)) << 12;
  Key key{g.m,      g.n,      g.k,      g.batch,       g.ldx,
          g.ldw,    g.ldout,  g.batchX, g.batchW,      g.batchOut,
          g.bias != 0, g.accumulate, aligns, g.bf16, g.tn};
  auto it = plans_.find(key);
  if (it != plans_.end())
    return R(it->second.get());

  auto p = std::make_unique<Plan>();
  p->api = api_;
  const lt::Api &a = *api_;
  lt::Status s;
  auto failed = [&](const char *call) { return R::error(message(call, s)); };
  // Column-major view of the row-major problem: out^T[N, M] = w[N, K] .
  // x^T[K, M], i.e. A = w (K x N, transposed), B = x (K x M), C = D = out
  // (N x M): no copy, and the bias (length N) runs along D's rows. `tn`:
  // out^T[N, M] = w^T[N, K] . x[K, M], i.e. A = w (N x K), B = x (M x K,
  // transposed).
  if ((s = a.matmulDescCreate(&p->desc,
                              tf32_ && !g.bf16 ? lt::CUBLAS_COMPUTE_32F_FAST_TF32
                                               : lt::CUBLAS_COMPUTE_32F,
                              lt::CUDA_R_32F)) != lt::CUBLAS_STATUS_SUCCESS)
    return failed("cublasLtMatmulDescCreate");
  int32_t transA = g.tn ? lt::CUBLAS_OP_N : lt::CUBLAS_OP_T,
          transB = g.tn ? lt::CUBLAS_OP_T : lt::CUBLAS_OP_N;
  uint32_t epilogue =
      g.bias ? lt::CUBLASLT_EPILOGUE_BIAS : lt::CUBLASLT_EPILOGUE_DEFAULT;
  if ((s = a.matmulDescSetAttribute(p->desc, lt::CUBLASLT_MATMUL_DESC_TRANSA,
                                    &transA, sizeof transA)) ||
      (s = a.matmulDescSetAttribute(p->desc, lt::CUBLASLT_MATMUL_DESC_TRANSB,
                                    &transB, sizeof transB)) ||
      (s = a.matmulDescSetAttribute(p->desc, lt::CUBLASLT_MATMUL_DESC_EPILOGUE,
                                    &epilogue, sizeof epilogue)))
    return failed("cublasLtMatmulDescSetAttribute");
  // The heuristic sees this call's bias pointer (its alignment is in the
  // key); gemm() sets each call's own.
  if (g.bias && (s = a.matmulDescSetAttribute(
                     p->desc, lt::CUBLASLT_MATMUL_DESC_BIAS_POINTER, &g.bias,
                     sizeof g.bias)))
    return failed("cublasLtMatmulDescSetAttribute(bias)");
  auto layout = [&](lt::MatrixLayout &l, int type, int64_t rows, int64_t cols,
                    int64_t ld, int64_t batchStride) -> lt::Status {
    lt::Status r = a.matrixLayoutCreate(&l, type, rows, cols, ld);
    if (r || g.batch == 1)
      return r;
    int32_t count = static_cast<int32_t>(g.batch);
    if ((r = a.matrixLayoutSetAttribute(
             l, lt::CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &count, sizeof count)))
      return r;
    return a.matrixLayoutSetAttribute(
        l, lt::CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, &batchStride,
        sizeof batchStride);
  };
  int in = g.bf16 ? lt::CUDA_R_16BF : lt::CUDA_R_32F;
  if ((s = g.tn ? layout(p->a, in, g.n, g.k, g.ldw, g.batchW)
                : layout(p->a, in, g.k, g.n, g.ldw, g.batchW)) ||
      (s = g.tn ? layout(p->b, in, g.m, g.k, g.ldx, g.batchX)
                : layout(p->b, in, g.k, g.m, g.ldx, g.batchX)) ||
      (s = layout(p->c, lt::CUDA_R_32F, g.n, g.m, g.ldout, g.batchOut)))
    return failed("cublasLtMatrixLayoutCreate");

  lt::Preference pref = nullptr;
  if ((s = a.preferenceCreate(&pref)))
    return failed("cublasLtMatmulPreferenceCreate");
  uint64_t wsBytes = kWorkspaceBytes;
  s = a.preferenceSetAttribute(pref, lt::CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                               &wsBytes, sizeof wsBytes);
  // The operands' actual alignments (D is C).
  const std::pair<int, uint32_t> alignments[] = {
      {lt::CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES, alignA},
      {lt::CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES, alignB},
      {lt::CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES, alignC},
      {lt::CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES, alignC}};
  for (const auto &[attr, bytes] : alignments)
    if (!s)
      s = a.preferenceSetAttribute(pref, attr, &bytes, sizeof bytes);
  lt::HeuristicResult result{};
  int returned = 0;
  if (!s)
    s = a.algoGetHeuristic(handle_, p->desc, p->a, p->b, p->c, p->c, pref, 1,
                           &result, &returned);
  a.preferenceDestroy(pref);
  if (s)
    return failed("cublasLtMatmulAlgoGetHeuristic");
  if (returned < 1)
    return R::error(std::string("cuBLASLt has no algorithm for the ") +
                    (g.bf16 ? "bf16" : "f32") + " GEMM M=" +
                    std::to_string(g.m) + " N=" + std::to_string(g.n) +
                    " K=" + std::to_string(g.k) +
                    " batch=" + std::to_string(g.batch));
  p->algo = result.algo;
  p->workspace = result.workspaceSize;
  Plan *raw = p.get();
  // A plan's descriptors are read when a GEMM is queued, not when it runs:
  // dropping the cached ones needs no sync.
  if (plans_.size() >= kMaxPlans)
    plans_.clear();
  plans_.emplace(key, std::move(p));
  return R(raw);
}

Status Blas::gemm(const Gemm &g) {
  if (g.m < 1 || g.n < 1 || g.k < 1 || g.batch < 1 || g.batch > INT32_MAX ||
      g.ldw < (g.tn ? g.n : g.k) || g.ldx < (g.tn ? g.m : g.k) ||
      g.ldout < g.n || (g.bias && g.batch > 1))
    return Status::error("cuBLASLt GEMM: invalid problem M=" +
                         std::to_string(g.m) + " N=" + std::to_string(g.n) +
                         " K=" + std::to_string(g.k));
  auto p = plan(g);
  if (!p && g.batch > 1)
    return gemmOneByOne(g, p.errorMessage());
  if (!p)
    return Status::error(p.errorMessage());
  Plan &plan = **p;
  const lt::Api &a = *api_;
  lt::Status s;
  if (g.bias &&
      (s = a.matmulDescSetAttribute(plan.desc,
                                    lt::CUBLASLT_MATMUL_DESC_BIAS_POINTER,
                                    &g.bias, sizeof g.bias)))
    return Status::error(message("cublasLtMatmulDescSetAttribute(bias)", s));
  float alpha = 1.0f, beta = g.accumulate ? 1.0f : 0.0f;
  auto ptr = [](CUdeviceptr v) { return reinterpret_cast<void *>(v); };
  s = a.matmul(handle_, plan.desc, &alpha, ptr(g.w), plan.a, ptr(g.x), plan.b,
               &beta, ptr(g.out), plan.c, ptr(g.out), plan.c, &plan.algo,
               ptr(workspace_), kWorkspaceBytes, device_->stream());
  return s ? Status::error(message("cublasLtMatmul", s)) : Status::ok();
}

Status Blas::gemmOneByOne(const Gemm &g, const std::string &why) {
  // A batch layout cuBLASLt has no plan for (a batch stride of 0, one x for
  // every head as mla_expand's, is the one in use): the batch's products one
  // at a time. Said once per process: it is slower.
  static bool told = false;
  if (!told) {
    std::fprintf(stderr,
                 "moe-run: cuBLASLt has no plan for a batch of %lld GEMMs "
                 "M=%lld N=%lld K=%lld (batch strides x %lld, w %lld, out "
                 "%lld): %s; running such batches one GEMM at a time\n",
                 (long long)g.batch, (long long)g.m, (long long)g.n,
                 (long long)g.k, (long long)g.batchX, (long long)g.batchW,
                 (long long)g.batchOut, why.c_str());
    told = true;
  }
  Gemm one = g;
  one.batch = 1;
  one.batchX = one.batchW = one.batchOut = 0;
  int64_t in = g.bf16 ? 2 : 4;
  for (int64_t b = 0; b < g.batch; ++b) {
    one.x = g.x + static_cast<CUdeviceptr>(b * g.batchX * in);
    one.w = g.w + static_cast<CUdeviceptr>(b * g.batchW * in);
    one.out = g.out + static_cast<CUdeviceptr>(b * g.batchOut * 4);
    if (Status s = gemm(one); !s)
      return s;
  }
  return Status::ok();
}

} // namespace cuda
} // namespace runtime
} // namespace moe
