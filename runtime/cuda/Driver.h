//===- Driver.h - The CUDA driver API, loaded at run time --------*- C++ -*-===//
//
// The runtime builds and links without CUDA: the driver (libcuda.so.1, part
// of the NVIDIA driver, not of the toolkit) is dlopen'ed on first use and the
// few entry points the CUDA backend calls are looked up into a table. The
// types are the driver API's, declared here with their ABI (cuda.h).
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_CUDA_DRIVER_H
#define MOE_RUNTIME_CUDA_DRIVER_H

#include "runtime/support/Status.h"

#include <cstddef>
#include <string>
#include <vector>

namespace moe {
namespace runtime {
namespace cuda {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;

constexpr CUresult CUDA_SUCCESS = 0;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
constexpr unsigned CU_STREAM_NON_BLOCKING = 1;
constexpr int CU_LIMIT_STACK_SIZE = 0;
constexpr int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
constexpr int CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8;
/// cuTensorMapEncodeTiled's enums (the values the templates use) and map.
constexpr int CU_TENSOR_MAP_DATA_TYPE_BFLOAT16 = 9;
constexpr int CU_TENSOR_MAP_INTERLEAVE_NONE = 0;
constexpr int CU_TENSOR_MAP_SWIZZLE_128B = 3;
constexpr int CU_TENSOR_MAP_L2_PROMOTION_L2_256B = 3;
constexpr int CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE = 0;
struct alignas(128) CUtensorMap {
  unsigned long long opaque[16];
};

/// dlopen()s the first of `sonames` that loads, else the first soname under
/// $CUDA_HOME/lib64 and /usr/local/cuda/lib64 (where the toolkit keeps its
/// libraries); with `only` set (e.g. from an environment variable), exactly
/// that file. Null if none loads: `error` says "no <what>: cannot load ..."
/// with every path tried.
void *openToolkitLibrary(const std::vector<std::string> &sonames,
                         const char *only, const std::string &what,
                         std::string &error);

/// The driver entry points used by the backend (versioned symbols where the
/// driver has them, e.g. cuMemAlloc_v2).
struct Driver {
  CUresult (*init)(unsigned flags);
  CUresult (*getErrorName)(CUresult, const char **);
  CUresult (*getErrorString)(CUresult, const char **);
  CUresult (*deviceGetCount)(int *);
  CUresult (*deviceGet)(CUdevice *, int ordinal);
  CUresult (*deviceGetName)(char *, int len, CUdevice);
  CUresult (*deviceGetAttribute)(int *, int attribute, CUdevice);
  CUresult (*primaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*primaryCtxRelease)(CUdevice);
  CUresult (*ctxSetCurrent)(CUcontext);
  CUresult (*ctxSetLimit)(int limit, size_t value);
  CUresult (*moduleLoadData)(CUmodule *, const void *image);
  CUresult (*moduleUnload)(CUmodule);
  CUresult (*moduleGetFunction)(CUfunction *, CUmodule, const char *name);
  CUresult (*memAlloc)(CUdeviceptr *, size_t);
  CUresult (*memFree)(CUdeviceptr);
  CUresult (*memGetInfo)(size_t *free, size_t *total);
  CUresult (*memcpyHtoDAsync)(CUdeviceptr, const void *, size_t, CUstream);
  CUresult (*memcpyDtoHAsync)(void *, CUdeviceptr, size_t, CUstream);
  CUresult (*memcpyDtoDAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*memsetD8Async)(CUdeviceptr, unsigned char, size_t, CUstream);
  CUresult (*launchKernel)(CUfunction, unsigned gx, unsigned gy, unsigned gz,
                           unsigned bx, unsigned by, unsigned bz,
                           unsigned sharedBytes, CUstream, void **params,
                           void **extra);
  CUresult (*funcSetAttribute)(CUfunction, int attribute, int value);
  CUresult (*tensorMapEncodeTiled)(
      CUtensorMap *, int dataType, unsigned rank, void *globalAddress,
      const unsigned long long *globalDim,
      const unsigned long long *globalStrides, const unsigned *boxDim,
      const unsigned *elementStrides, int interleave, int swizzle,
      int l2Promotion, int oobFill);
  CUresult (*streamCreate)(CUstream *, unsigned flags);
  CUresult (*streamDestroy)(CUstream);
  CUresult (*streamSynchronize)(CUstream);

  /// "cuFoo: CUDA_ERROR_X (description)" for a failed call.
  std::string message(const char *call, CUresult r) const;
};

/// The driver table, loading libcuda.so.1 and calling cuInit(0) on first use;
/// an error names what is missing (no driver library, a missing symbol, or
/// cuInit's error, e.g. no device).
Expected<const Driver *> loadDriver();

} // namespace cuda
} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_CUDA_DRIVER_H
