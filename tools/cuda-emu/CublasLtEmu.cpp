//===- CublasLtEmu.cpp - cuBLASLt's matmul on the CPU ---------------------===//
//
// libcublasLt.so.13 beside the CUDA driver emulator (CudaEmu.cpp): the
// cublasLt entry points the runtime binds (runtime/cuda/Blas.cpp), computing
// cublasLtMatmul as the cuBLASLt documentation defines it, so that the
// runtime's mapping of its row-major GEMMs onto cuBLASLt's column-major ones
// (transposes, leading dimensions, strided batches, the bias epilogue,
// accumulation through beta) is checked without a GPU. Written from the
// documented semantics, not from Blas.cpp:
//
//   D = alpha * op(A) op(B) + beta * C (+ bias[i] on every column j of D),
//
// every matrix column-major as its layout says (rows, cols, ld: element (i, j)
// at [i + j * ld], batch b at + b * STRIDED_BATCH_OFFSET), op(A) m x k,
// op(B) k x n, C and D m x n; beta == 0 reads no C. Products are summed in
// double and rounded once. CUBLAS_COMPUTE_32F_FAST_TF32 rounds A and B to
// TF32 (10 mantissa bits, nearest, ties away) first. Inconsistent shapes,
// ld < rows, a bias with a batch, or type combinations cuBLASLt does not
// take for these are refused with CUBLAS_STATUS_INVALID_VALUE or
// _NOT_SUPPORTED. Speed and the algorithm choice are not emulated.
//
//===----------------------------------------------------------------------===//

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

using Status = int;
enum : Status {
  kSuccess = 0,
  kInvalidValue = 7,
  kNotSupported = 15,
};
enum { kR32F = 0, kR16BF = 14 };
enum { kCompute32F = 68, kCompute32FFastTF32 = 77 };

struct Layout {
  int type = kR32F;
  uint64_t rows = 0, cols = 0;
  int64_t ld = 0;
  int32_t batch = 1;
  int64_t batchStride = 0;
};

struct Desc {
  int compute = kCompute32F, scale = kR32F;
  int32_t transA = 0, transB = 0;
  uint32_t epilogue = 1;
  const void *bias = nullptr;
};

struct Handle {
  int unused = 0;
};
struct Preference {
  int unused = 0;
};

float tf32(float v) {
  uint32_t u;
  std::memcpy(&u, &v, 4);
  if ((u & 0x7f800000u) != 0x7f800000u) // not inf / NaN
    u = (u + 0x1000u) & 0xffffe000u;
  std::memcpy(&v, &u, 4);
  return v;
}

double element(const void *base, const Layout &l, int64_t b, uint64_t i, uint64_t j, bool round) {
  int64_t at = static_cast<int64_t>(i) + static_cast<int64_t>(j) * l.ld + b * l.batchStride;
  float v;
  if (l.type == kR16BF) {
    uint32_t u = static_cast<uint32_t>(static_cast<const uint16_t *>(base)[at]) << 16;
    std::memcpy(&v, &u, 4);
  } else {
    v = static_cast<const float *>(base)[at];
  }
  return round ? tf32(v) : v;
}

// op(X)'s dimensions from its layout.
void opDims(const Layout &l, int32_t trans, uint64_t &r, uint64_t &c) {
  r = trans ? l.cols : l.rows;
  c = trans ? l.rows : l.cols;
}

Status check(const Desc &d, const Layout &a, const Layout &b, const Layout &c, const Layout &dl) {
  uint64_t am, ak, bk, bn;
  opDims(a, d.transA, am, ak);
  opDims(b, d.transB, bk, bn);
  if (ak != bk || c.rows != am || c.cols != bn || dl.rows != am || dl.cols != bn)
    return kInvalidValue;
  for (const Layout *l : {&a, &b, &c, &dl})
    if (l->ld < static_cast<int64_t>(l->rows) || l->rows == 0 || l->cols == 0)
      return kInvalidValue;
  if (a.batch != b.batch || a.batch != c.batch || a.batch != dl.batch)
    return kInvalidValue;
  if (a.type != b.type || (a.type != kR32F && a.type != kR16BF) || c.type != kR32F ||
      dl.type != kR32F || d.scale != kR32F)
    return kNotSupported;
  if (d.compute == kCompute32FFastTF32 ? a.type != kR32F : d.compute != kCompute32F)
    return kNotSupported;
  if (d.epilogue != 1 && d.epilogue != 4)
    return kNotSupported;
  if (d.epilogue == 4 && dl.batch > 1)
    return kNotSupported;
  return kSuccess;
}

template <typename T> Status create(T **out) {
  *out = new T();
  return kSuccess;
}
template <typename T> Status destroy(T *p) {
  delete p;
  return kSuccess;
}

template <typename T> Status set(T &field, const void *buf, size_t size) {
  if (size != sizeof(T)) return kInvalidValue;
  std::memcpy(&field, buf, sizeof(T));
  return kSuccess;
}

} // namespace

extern "C" {

Status cublasLtCreate(Handle **h) { return create(h); }
Status cublasLtDestroy(Handle *h) { return destroy(h); }
size_t cublasLtGetVersion() { return 130100; }
const char *cublasLtGetStatusName(Status s) {
  switch (s) {
  case kSuccess: return "CUBLAS_STATUS_SUCCESS";
  case kInvalidValue: return "CUBLAS_STATUS_INVALID_VALUE";
  case kNotSupported: return "CUBLAS_STATUS_NOT_SUPPORTED";
  default: return "CUBLAS_STATUS_UNKNOWN";
  }
}

Status cublasLtMatmulDescCreate(Desc **d, int compute, int scale) {
  create(d);
  (*d)->compute = compute;
  (*d)->scale = scale;
  return kSuccess;
}
Status cublasLtMatmulDescDestroy(Desc *d) { return destroy(d); }
Status cublasLtMatmulDescSetAttribute(Desc *d, int attr, const void *buf, size_t size) {
  switch (attr) {
  case 3: return set(d->transA, buf, size);
  case 4: return set(d->transB, buf, size);
  case 7: return set(d->epilogue, buf, size);
  case 8: return set(d->bias, buf, size);
  default: return kNotSupported;
  }
}

Status cublasLtMatrixLayoutCreate(Layout **l, int type, uint64_t rows, uint64_t cols, int64_t ld) {
  create(l);
  (*l)->type = type;
  (*l)->rows = rows;
  (*l)->cols = cols;
  (*l)->ld = ld;
  return kSuccess;
}
Status cublasLtMatrixLayoutDestroy(Layout *l) { return destroy(l); }
Status cublasLtMatrixLayoutSetAttribute(Layout *l, int attr, const void *buf, size_t size) {
  switch (attr) {
  case 5: return set(l->batch, buf, size);
  case 6: return set(l->batchStride, buf, size);
  default: return kNotSupported;
  }
}

Status cublasLtMatmulPreferenceCreate(Preference **p) { return create(p); }
Status cublasLtMatmulPreferenceDestroy(Preference *p) { return destroy(p); }
Status cublasLtMatmulPreferenceSetAttribute(Preference *, int attr, const void *, size_t) {
  return attr == 1 || (attr >= 5 && attr <= 8) ? kSuccess : kNotSupported;
}

struct HeuristicResult {
  uint64_t algo[8];
  size_t workspaceSize;
  Status state;
  float wavesCount;
  int reserved[4];
};

Status cublasLtMatmulAlgoGetHeuristic(Handle *, Desc *d, Layout *a, Layout *b, Layout *c,
                                      Layout *dl, Preference *, int requested,
                                      HeuristicResult *results, int *returned) {
  if (requested < 1) return kInvalidValue;
  if (Status s = check(*d, *a, *b, *c, *dl)) {
    *returned = 0;
    return s;
  }
  // MOE_CUDA_EMU_LT_NO_STRIDE0=1: no algorithm for a batch whose A or B has batch stride 0
  // (as a cuBLASLt that does not broadcast an operand over the batch would answer), to test
  // the runtime's fallback.
  if (const char *env = std::getenv("MOE_CUDA_EMU_LT_NO_STRIDE0"); env && *env == '1')
    for (const Layout *l : {a, b})
      if (l->batch > 1 && l->batchStride == 0) {
        *returned = 0;
        return kNotSupported;
      }
  std::memset(results, 0, sizeof *results);
  results->wavesCount = 1.0f;
  *returned = 1;
  return kSuccess;
}

Status cublasLtMatmul(Handle *, Desc *d, const void *alpha, const void *A, Layout *a, const void *B,
                      Layout *b, const void *beta, const void *C, Layout *c, void *D, Layout *dl,
                      const void *, void *, size_t, void *) {
  if (Status s = check(*d, *a, *b, *c, *dl)) return s;
  if (d->epilogue == 4 && !d->bias) return kInvalidValue;
  float al = *static_cast<const float *>(alpha), be = *static_cast<const float *>(beta);
  bool round = d->compute == kCompute32FFastTF32;
  uint64_t m, k, kb, n;
  opDims(*a, d->transA, m, k);
  opDims(*b, d->transB, kb, n);
  std::vector<double> out(m * n);
  for (int64_t bt = 0; bt < dl->batch; ++bt) {
    for (uint64_t j = 0; j < n; ++j)
      for (uint64_t i = 0; i < m; ++i) {
        double acc = 0;
        for (uint64_t p = 0; p < k; ++p) {
          double x = d->transA ? element(A, *a, bt, p, i, round) : element(A, *a, bt, i, p, round);
          double y = d->transB ? element(B, *b, bt, j, p, round) : element(B, *b, bt, p, j, round);
          acc += x * y;
        }
        double v = al * acc;
        if (be != 0) v += be * element(C, *c, bt, i, j, false);
        if (d->epilogue == 4) v += static_cast<const float *>(d->bias)[i];
        out[i + j * m] = v;
      }
    // Written after all of it is read: D may be C.
    for (uint64_t j = 0; j < n; ++j)
      for (uint64_t i = 0; i < m; ++i)
        static_cast<float *>(D)[static_cast<int64_t>(i) + static_cast<int64_t>(j) * dl->ld +
                                bt * dl->batchStride] = static_cast<float>(out[i + j * m]);
  }
  return kSuccess;
}

} // extern "C"
