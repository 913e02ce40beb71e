//===- Blas.h - cuBLASLt for the dense GEMMs, loaded at run time -*- C++ -*-===//
//
// The CUDA backend hands its dense f32 GEMMs (the `matmul_nt` launches:
// projections, shared experts, dense MLPs, the LM head; `head_matmul`,
// MLA's per-head absorption products; `mla_expand`'s products, batches
// over heads sharing one x; and the training step's dense weight gradients,
// `matmul_tn`) to cuBLASLt instead of the generated kernels.
// Like the driver (Driver.h), libcublasLt is dlopen'ed on first use, so the
// runtime builds and links without the CUDA toolkit; the few types and
// enum values used are declared here with the ABI of cublasLt.h (checked
// against the real header in AbiCheck.cpp when the toolkit is present).
//
// Numerics: f32 inputs, f32 accumulation (CUBLAS_COMPUTE_32F, no TF32), so
// results match the CPU path to rounding order; or, when asked for, TF32
// tensor cores (CUBLAS_COMPUTE_32F_FAST_TF32: inputs rounded to 10-bit
// mantissas, f32 accumulation; about 1e-3 relative).
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_CUDA_BLAS_H
#define MOE_RUNTIME_CUDA_BLAS_H

#include "runtime/cuda/Device.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>

namespace moe {
namespace runtime {
namespace cuda {

/// The cublasLt.h ABI subset the backend uses.
namespace lt {
using Status = int; // cublasStatus_t
using Handle = struct cublasLtContext *;
using MatmulDesc = struct cublasLtMatmulDescOpaque *;
using MatrixLayout = struct cublasLtMatrixLayoutOpaque *;
using Preference = struct cublasLtMatmulPreferenceOpaque *;
struct Algo {
  uint64_t data[8];
};
struct HeuristicResult {
  Algo algo;
  size_t workspaceSize;
  Status state;
  float wavesCount;
  int reserved[4];
};
constexpr Status CUBLAS_STATUS_SUCCESS = 0;
constexpr int CUBLAS_COMPUTE_32F = 68;
constexpr int CUBLAS_COMPUTE_32F_FAST_TF32 = 77;
constexpr int CUDA_R_32F = 0;
constexpr int CUDA_R_16BF = 14;
constexpr int32_t CUBLAS_OP_N = 0, CUBLAS_OP_T = 1;
constexpr int CUBLASLT_MATMUL_DESC_TRANSA = 3;
constexpr int CUBLASLT_MATMUL_DESC_TRANSB = 4;
constexpr int CUBLASLT_MATMUL_DESC_EPILOGUE = 7;
constexpr int CUBLASLT_MATMUL_DESC_BIAS_POINTER = 8;
constexpr uint32_t CUBLASLT_EPILOGUE_DEFAULT = 1, CUBLASLT_EPILOGUE_BIAS = 4;
constexpr int CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT = 5;
constexpr int CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET = 6;
constexpr int CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES = 1;
constexpr int CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES = 5;
constexpr int CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES = 6;
constexpr int CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES = 7;
constexpr int CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES = 8;

/// The library's entry points.
struct Api {
  Status (*create)(Handle *);
  Status (*destroy)(Handle);
  size_t (*getVersion)();
  const char *(*getStatusName)(Status);
  Status (*matmulDescCreate)(MatmulDesc *, int computeType, int scaleType);
  Status (*matmulDescDestroy)(MatmulDesc);
  Status (*matmulDescSetAttribute)(MatmulDesc, int attr, const void *,
                                   size_t);
  Status (*matrixLayoutCreate)(MatrixLayout *, int type, uint64_t rows,
                               uint64_t cols, int64_t ld);
  Status (*matrixLayoutDestroy)(MatrixLayout);
  Status (*matrixLayoutSetAttribute)(MatrixLayout, int attr, const void *,
                                     size_t);
  Status (*preferenceCreate)(Preference *);
  Status (*preferenceDestroy)(Preference);
  Status (*preferenceSetAttribute)(Preference, int attr, const void *,
                                   size_t);
  Status (*algoGetHeuristic)(Handle, MatmulDesc, MatrixLayout A,
                             MatrixLayout B, MatrixLayout C, MatrixLayout D,
                             Preference, int requested,
                             HeuristicResult *results, int *returned);
  Status (*matmul)(Handle, MatmulDesc, const void *alpha, const void *A,
                   MatrixLayout, const void *B, MatrixLayout,
                   const void *beta, const void *C, MatrixLayout, void *D,
                   MatrixLayout, const Algo *, void *workspace,
                   size_t workspaceBytes, CUstream);
};
} // namespace lt

/// `batch` row-major f32 products on the device, each
///   out[M, N] = (accumulate ? out : 0) + x[M, K] w[N, K]^T (+ bias[N])
/// with unit stride along K (x, w) and N (out, bias); `ld*` are the row
/// strides and `batch*` the strides between the batch's matrices (0: one
/// matrix for the whole batch), in elements. `bias` 0 means none (only
/// without a batch). With `bf16`, x and w are bf16 (f32 compute, bias and
/// out: tensor cores, no TF32 rounding). With `tn` (weight gradients), the
/// products are instead
///   out[M, N] = (accumulate ? out : 0) + x[K, M]^T w[K, N]
/// with unit stride along M (x) and N (w, out), `ld*` still the row strides.
struct Gemm {
  int64_t m = 0, n = 0, k = 0, batch = 1;
  CUdeviceptr x = 0, w = 0, out = 0, bias = 0;
  int64_t ldx = 0, ldw = 0, ldout = 0;
  int64_t batchX = 0, batchW = 0, batchOut = 0;
  bool accumulate = false;
  bool bf16 = false;
  bool tn = false;
};

class Blas {
public:
  /// Loads libcublasLt (the soname of CUDA 13, then 12, then under
  /// $CUDA_HOME/lib64 and /usr/local/cuda/lib64), creates a handle and a
  /// workspace on `device`. The error names what is missing.
  static Expected<std::unique_ptr<Blas>> open(Device &device,
                                              bool tf32 = false);
  ~Blas();
  Blas(const Blas &) = delete;
  Blas &operator=(const Blas &) = delete;

  /// e.g. "cuBLASLt 130100" (", TF32" with tf32).
  std::string version() const;
  /// Queues `g` on the device's stream. Plans (descriptors and the
  /// heuristic's algorithm) are cached by shape, strides and alignment. A
  /// batch cuBLASLt has no plan for runs as single GEMMs (a note on stderr,
  /// once).
  Status gemm(const Gemm &g);

  /// Workspace handed to cuBLASLt (split-K and the like).
  static constexpr size_t kWorkspaceBytes = 32u << 20;
  /// Cached plans at most: past it the cache starts over. Shapes vary with
  /// each call's token count and, for mla_expand, with the prefix length,
  /// so a long serving loop would otherwise grow it without bound.
  static constexpr size_t kMaxPlans = 1024;
  /// Plans cached now.
  size_t plans() const { return plans_.size(); }

private:
  struct Plan;
  using Key = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                         int64_t, int64_t, int64_t, int64_t, bool, bool,
                         uint32_t, bool, bool>;
  Expected<Plan *> plan(const Gemm &g);
  /// `g`'s batch as `batch` single GEMMs (`why`: the batch's plan failed).
  Status gemmOneByOne(const Gemm &g, const std::string &why);
  std::string message(const char *call, lt::Status s) const;

  Blas() = default;
  const lt::Api *api_ = nullptr;
  Device *device_ = nullptr;
  bool tf32_ = false;
  lt::Handle handle_ = nullptr;
  CUdeviceptr workspace_ = 0;
  std::map<Key, std::unique_ptr<Plan>> plans_;
};

} // namespace cuda
} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_CUDA_BLAS_H
