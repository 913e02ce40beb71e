//===- CudaEmu.cpp - A CUDA driver that runs the kernels on the CPU -------===//
//
// libcuda.so.1 for tests on machines without a GPU: put its folder first on
// LD_LIBRARY_PATH and `moe-run --device cuda` runs its CUDA backend (device
// memory, uploads, parameter packing, launch geometry, block versions) on the
// CPU. It implements the driver entry points the runtime binds
// (runtime/cuda/Driver.cpp) and nothing else:
//
// - one device, "moe-mlir CUDA emulator (CPU)", compute capability 9.0, 132
//   multiprocessors; device memory is host memory; streams are synchronous.
// - cuModuleLoadData accepts the artifact's cubin but cannot run it: the
//   kernels come from MOE_CUDA_EMU_KERNELS, else kernels.so beside this
//   library (the build makes it): a shared object built from the same kernel
//   library with the block versions emulated (test/kernels/build_kernels_so.sh
//   with MOE_OPT; moe-gpu-blocks-to-cpu).
//   cuModuleGetFunction("mxg_<name>") finds `mxemu_<name>_signature` there.
// - cuLaunchKernel regroups the expanded parameters with that signature and
//   calls, through libffi, the emulated block version `@mxemu_<name>` for each
//   block (BlockEmu.h runs its threads as fibers) when the launch is a block
//   launch (grid = nwg blocks of the version's size), else the CPU kernel
//   `@<name>` for each work item wg < nwg (a generic entry: one per thread).
// - cuTensorMapEncodeTiled is not supported (the Hopper templates are PTX
//   only): run with `--cuda-templates off`. cuBLASLt is emulated beside it
//   (CublasLtEmu.cpp, libcublasLt.so.13 in the same folder).
//
//===----------------------------------------------------------------------===//

#include "BlockEmu.h"

#include <dlfcn.h>
#include <ffi.h>

#include <cstdlib>
#include <map>
#include <set>

namespace {

using CUresult = int;
enum : CUresult {
  kSuccess = 0,
  kInvalidValue = 1,
  kOutOfMemory = 2,
  kNotInitialized = 3,
  kNoDevice = 100,
  kInvalidDevice = 101,
  kInvalidImage = 200,
  kInvalidHandle = 400,
  kNotFound = 500,
  kLaunchFailed = 719,
  kNotSupported = 801,
};

struct Function {
  std::string name;      // without "mxg_"
  std::string signature; // see moe-gpu-blocks-to-cpu
  void *block = nullptr; // _mlir_ciface_mxemu_<name>, or null
  int64_t threads = 0;   // its block size
  void *cpu = nullptr;   // _mlir_ciface_<name>
};

struct Emulator {
  bool initialized = false;
  void *kernels = nullptr;
  std::string detail; // the last error, for cuGetErrorString
  std::map<std::string, std::unique_ptr<Function>> functions;
  std::set<void *> allocations;
  size_t bytes = 0;
  int module = 0, context = 0, stream = 0; // their addresses are the handles

  CUresult fail(CUresult r, const std::string &why) {
    detail = why;
    return r;
  }
};

Emulator &emu() {
  static Emulator e;
  return e;
}

constexpr size_t kMemory = size_t(64) << 30; // reported as the device's

} // namespace

extern "C" {

CUresult cuGetErrorName(CUresult r, const char **name) {
  static const std::map<CUresult, const char *> names = {
      {kSuccess, "CUDA_SUCCESS"},
      {kInvalidValue, "CUDA_ERROR_INVALID_VALUE"},
      {kOutOfMemory, "CUDA_ERROR_OUT_OF_MEMORY"},
      {kNotInitialized, "CUDA_ERROR_NOT_INITIALIZED"},
      {kNoDevice, "CUDA_ERROR_NO_DEVICE"},
      {kInvalidDevice, "CUDA_ERROR_INVALID_DEVICE"},
      {kInvalidImage, "CUDA_ERROR_INVALID_IMAGE"},
      {kInvalidHandle, "CUDA_ERROR_INVALID_HANDLE"},
      {kNotFound, "CUDA_ERROR_NOT_FOUND"},
      {kLaunchFailed, "CUDA_ERROR_LAUNCH_FAILED"},
      {kNotSupported, "CUDA_ERROR_NOT_SUPPORTED"}};
  auto it = names.find(r);
  *name = it == names.end() ? nullptr : it->second;
  return it == names.end() ? kInvalidValue : kSuccess;
}

CUresult cuGetErrorString(CUresult r, const char **text) {
  static std::string s;
  s = "moe-mlir CUDA emulator" + (emu().detail.empty() ? "" : ": " + emu().detail);
  *text = s.c_str();
  return kSuccess;
}

CUresult cuInit(unsigned) {
  Emulator &e = emu();
  if (e.initialized) return kSuccess;
  // MOE_CUDA_EMU_KERNELS, else kernels.so beside this library (the build's).
  std::string path;
  if (const char *env = std::getenv("MOE_CUDA_EMU_KERNELS"); env && *env) {
    path = env;
  } else {
    Dl_info self;
    if (dladdr(reinterpret_cast<void *>(&cuInit), &self) && self.dli_fname) {
      path = self.dli_fname;
      path = path.substr(0, path.rfind('/') + 1) + "kernels.so";
    }
  }
  // The kernels call BlockEmu.h's mxemu_* functions, defined here: make this
  // library's symbols global (the runtime dlopen'ed it RTLD_LOCAL).
  if (!dlopen("libcuda.so.1", RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL))
    return e.fail(kNotInitialized, "cannot export the emulator's symbols");
  // A failed bounds check in a kernel (generate-runtime-verification) prints
  // to stdout, then aborts: line buffering keeps the message.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  e.kernels = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!e.kernels) {
    const char *why = dlerror();
    return e.fail(kNoDevice, "no emulated kernels (MOE_CUDA_EMU_KERNELS, else kernels.so beside "
                             "libcuda.so.1): " + std::string(why ? why : path.c_str()));
  }
  e.initialized = true;
  return kSuccess;
}

CUresult cuDeviceGetCount(int *count) {
  *count = emu().initialized ? 1 : 0;
  return emu().initialized ? kSuccess : kNotInitialized;
}

CUresult cuDeviceGet(int *device, int ordinal) {
  if (ordinal != 0) return emu().fail(kInvalidDevice, "one device (0)");
  *device = 0;
  return kSuccess;
}

CUresult cuDeviceGetName(char *name, int len, int) {
  std::snprintf(name, static_cast<size_t>(len), "%s", "moe-mlir CUDA emulator (CPU)");
  return kSuccess;
}

CUresult cuDeviceGetAttribute(int *value, int attribute, int) {
  switch (attribute) {
  case 75: *value = 9; return kSuccess;   // compute capability major
  case 76: *value = 0; return kSuccess;   // minor
  case 16: *value = 132; return kSuccess; // multiprocessors
  default:
    return emu().fail(kInvalidValue, "device attribute " + std::to_string(attribute));
  }
}

CUresult cuDevicePrimaryCtxRetain(void **ctx, int) {
  *ctx = &emu().context;
  return kSuccess;
}
CUresult cuDevicePrimaryCtxRelease_v2(int) { return kSuccess; }
CUresult cuCtxSetCurrent(void *) { return kSuccess; }
CUresult cuCtxSetLimit(int, size_t) { return kSuccess; }

CUresult cuModuleLoadData(void **module, const void *image) {
  if (!image) return emu().fail(kInvalidImage, "no image");
  const char *p = static_cast<const char *>(image);
  if (std::memcmp(p, "\x7f" "ELF", 4) != 0 && std::strstr(p, ".version") == nullptr)
    return emu().fail(kInvalidImage, "neither a cubin (ELF) nor PTX");
  *module = &emu().module;
  return kSuccess;
}
CUresult cuModuleUnload(void *) { return kSuccess; }

CUresult cuModuleGetFunction(void **fn, void *module, const char *symbol) {
  Emulator &e = emu();
  if (module != &e.module) return e.fail(kInvalidHandle, "unknown module");
  std::string s = symbol;
  auto &slot = e.functions[s];
  if (!slot) {
    if (s.rfind("mxg_", 0) != 0)
      return e.fail(kNotFound, "'" + s + "' is not a kernel entry (mxg_<name>); the "
                               "Hopper templates cannot run here (--cuda-templates off)");
    auto f = std::make_unique<Function>();
    f->name = s.substr(4);
    auto *sig = static_cast<const char *>(dlsym(e.kernels, ("mxemu_" + f->name + "_signature").c_str()));
    f->cpu = dlsym(e.kernels, ("_mlir_ciface_" + f->name).c_str());
    f->block = dlsym(e.kernels, ("_mlir_ciface_mxemu_" + f->name).c_str());
    auto *threads = reinterpret_cast<int64_t (*)()>(
        dlsym(e.kernels, ("mxemu_" + f->name + "_threads").c_str()));
    if (!sig || (!f->cpu && !f->block) || (f->block && !threads)) {
      e.functions.erase(s);
      return e.fail(kNotFound, "'" + s + "' is not in MOE_CUDA_EMU_KERNELS");
    }
    f->signature = sig;
    f->threads = threads ? threads() : 0;
    slot = std::move(f);
  }
  *fn = slot.get();
  return kSuccess;
}

CUresult cuMemAlloc_v2(unsigned long long *ptr, size_t bytes) {
  Emulator &e = emu();
  if (bytes == 0) return e.fail(kInvalidValue, "a zero-byte allocation");
  if (e.bytes + bytes > kMemory) return e.fail(kOutOfMemory, "out of the emulated 64 GiB");
  void *p = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!p) return e.fail(kOutOfMemory, "host allocation failed");
  // Fresh device memory is not zero: NaN bytes show reads before writes.
  std::memset(p, 0xff, bytes);
  e.allocations.insert(p);
  e.bytes += bytes;
  *ptr = reinterpret_cast<unsigned long long>(p);
  return kSuccess;
}

CUresult cuMemFree_v2(unsigned long long ptr) {
  Emulator &e = emu();
  void *p = reinterpret_cast<void *>(ptr);
  if (!e.allocations.erase(p)) return e.fail(kInvalidValue, "freeing an unknown pointer");
  std::free(p);
  return kSuccess;
}

CUresult cuMemGetInfo_v2(size_t *free, size_t *total) {
  *total = kMemory;
  *free = kMemory - emu().bytes;
  return kSuccess;
}

CUresult cuMemcpyHtoDAsync_v2(unsigned long long dst, const void *src, size_t bytes, void *) {
  std::memcpy(reinterpret_cast<void *>(dst), src, bytes);
  return kSuccess;
}
CUresult cuMemcpyDtoHAsync_v2(void *dst, unsigned long long src, size_t bytes, void *) {
  std::memcpy(dst, reinterpret_cast<const void *>(src), bytes);
  return kSuccess;
}
CUresult cuMemcpyDtoDAsync_v2(unsigned long long dst, unsigned long long src, size_t bytes, void *) {
  std::memcpy(reinterpret_cast<void *>(dst), reinterpret_cast<const void *>(src), bytes);
  return kSuccess;
}
CUresult cuMemsetD8Async(unsigned long long dst, unsigned char value, size_t bytes, void *) {
  std::memset(reinterpret_cast<void *>(dst), value, bytes);
  return kSuccess;
}

CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                        unsigned bz, unsigned sharedBytes, void *, void **params, void **extra) {
  Emulator &e = emu();
  auto *fn = static_cast<Function *>(f);
  if (!fn || !params) return e.fail(kInvalidValue, "no function or no parameters");
  if (gy != 1 || gz != 1 || by != 1 || bz != 1 || extra || sharedBytes)
    return e.fail(kNotSupported, "only 1-D launches without dynamic shared memory or extra");
  int64_t nwg = *static_cast<int64_t *>(params[0]);
  // (wg, nwg, args...): a memref is its descriptor's words gathered, passed
  // by pointer (the C interface); scalars by value.
  size_t n = fn->signature.size();
  std::vector<ffi_type *> types(2 + n, &ffi_type_sint64);
  std::vector<void *> values(2 + n);
  std::vector<std::vector<uint64_t>> descs(n);
  std::vector<void *> descPtrs(n);
  std::vector<int64_t> ints(n);
  std::vector<float> floats(n);
  int64_t wg = 0;
  values[0] = &wg;
  values[1] = &nwg;
  size_t p = 1;
  for (size_t k = 0; k < n; ++k) {
    char c = fn->signature[k];
    if (c >= '0' && c <= '9') {
      size_t words = 3 + 2 * static_cast<size_t>(c - '0');
      for (size_t w = 0; w < words; ++w) descs[k].push_back(*static_cast<uint64_t *>(params[p++]));
      descPtrs[k] = descs[k].data();
      types[2 + k] = &ffi_type_pointer;
      values[2 + k] = &descPtrs[k];
    } else if (c == 'i') {
      ints[k] = *static_cast<int64_t *>(params[p++]);
      values[2 + k] = &ints[k];
    } else {
      std::memcpy(&floats[k], params[p++], sizeof(float));
      types[2 + k] = &ffi_type_float;
      values[2 + k] = &floats[k];
    }
  }
  ffi_cif cif;
  if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, static_cast<unsigned>(2 + n), &ffi_type_void,
                   types.data()) != FFI_OK)
    return e.fail(kLaunchFailed, "ffi_prep_cif failed for " + fn->name);
  if (fn->block && gx == static_cast<uint64_t>(nwg) && bx == fn->threads) {
    blockemu::beginLaunch();
    std::function<void()> thread = [&] { ffi_call(&cif, FFI_FN(fn->block), nullptr, values.data()); };
    for (wg = 0; wg < nwg; ++wg) blockemu::run(fn->name, wg, bx, thread);
    return kSuccess;
  }
  if (!fn->cpu)
    return e.fail(kLaunchFailed, fn->name + ": a launch of " + std::to_string(gx) + " x " +
                                     std::to_string(bx) + " threads for " + std::to_string(nwg) +
                                     " items, expected " + std::to_string(nwg) + " blocks of " +
                                     std::to_string(fn->threads));
  if (static_cast<uint64_t>(gx) * bx < static_cast<uint64_t>(nwg))
    return e.fail(kLaunchFailed, fn->name + ": " + std::to_string(uint64_t(gx) * bx) +
                                     " threads for " + std::to_string(nwg) + " work items");
  for (wg = 0; wg < nwg; ++wg) ffi_call(&cif, FFI_FN(fn->cpu), nullptr, values.data());
  return kSuccess;
}

CUresult cuFuncSetAttribute(void *, int, int) { return kSuccess; }

CUresult cuTensorMapEncodeTiled(void *, int, unsigned, void *, const unsigned long long *,
                                const unsigned long long *, const unsigned *, const unsigned *, int,
                                int, int, int) {
  return emu().fail(kNotSupported, "tensor maps (the Hopper templates cannot run here)");
}

CUresult cuStreamCreate(void **stream, unsigned) {
  *stream = &emu().stream;
  return kSuccess;
}
CUresult cuStreamDestroy_v2(void *) { return kSuccess; }
CUresult cuStreamSynchronize(void *) { return kSuccess; }

} // extern "C"
