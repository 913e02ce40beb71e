//===- Driver.cpp - The CUDA driver API, loaded at run time ---------------===//

#include "runtime/cuda/Driver.h"

#include <cstdlib>
#include <dlfcn.h>
#include <mutex>

namespace moe {
namespace runtime {
namespace cuda {

std::string Driver::message(const char *call, CUresult r) const {
  const char *name = nullptr, *text = nullptr;
  if (getErrorName)
    getErrorName(r, &name);
  if (getErrorString)
    getErrorString(r, &text);
  return std::string(call) + ": " +
         (name ? name : "CUDA error " + std::to_string(r)) +
         (text ? std::string(" (") + text + ")" : "");
}

void *openToolkitLibrary(const std::vector<std::string> &sonames,
                         const char *only, const std::string &what,
                         std::string &error) {
  std::vector<std::string> candidates = sonames;
  if (const char *home = std::getenv("CUDA_HOME"))
    candidates.push_back(std::string(home) + "/lib64/" + sonames.front());
  candidates.push_back("/usr/local/cuda/lib64/" + sonames.front());
  if (only)
    candidates = {only};
  std::string tried;
  for (const std::string &c : candidates) {
    if (void *lib = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL))
      return lib;
    tried += (tried.empty() ? "" : ", ") + c;
  }
  error = "no " + what + ": cannot load " + tried;
  return nullptr;
}

namespace {

struct Loaded {
  Driver driver{};
  std::string error;
};

Loaded load() {
  Loaded l;
  void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *e = dlerror();
    l.error = std::string("no CUDA driver: cannot load libcuda.so.1 (") +
              (e ? e : "unknown error") + ")";
    return l;
  }
  Driver &d = l.driver;
  bool ok = true;
  auto bind = [&](auto &fn, const char *symbol) {
    void *p = dlsym(lib, symbol);
    if (!p && ok) {
      ok = false;
      l.error = std::string("the CUDA driver lacks ") + symbol;
    }
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(p);
  };
  bind(d.init, "cuInit");
  bind(d.getErrorName, "cuGetErrorName");
  bind(d.getErrorString, "cuGetErrorString");
  bind(d.deviceGetCount, "cuDeviceGetCount");
  bind(d.deviceGet, "cuDeviceGet");
  bind(d.deviceGetName, "cuDeviceGetName");
  bind(d.deviceGetAttribute, "cuDeviceGetAttribute");
  bind(d.primaryCtxRetain, "cuDevicePrimaryCtxRetain");
  bind(d.primaryCtxRelease, "cuDevicePrimaryCtxRelease_v2");
  bind(d.ctxSetCurrent, "cuCtxSetCurrent");
  bind(d.ctxSetLimit, "cuCtxSetLimit");
  bind(d.moduleLoadData, "cuModuleLoadData");
  bind(d.moduleUnload, "cuModuleUnload");
  bind(d.moduleGetFunction, "cuModuleGetFunction");
  bind(d.memAlloc, "cuMemAlloc_v2");
  bind(d.memFree, "cuMemFree_v2");
  bind(d.memGetInfo, "cuMemGetInfo_v2");
  bind(d.memcpyHtoDAsync, "cuMemcpyHtoDAsync_v2");
  bind(d.memcpyDtoHAsync, "cuMemcpyDtoHAsync_v2");
  bind(d.memcpyDtoDAsync, "cuMemcpyDtoDAsync_v2");
  bind(d.memsetD8Async, "cuMemsetD8Async");
  bind(d.launchKernel, "cuLaunchKernel");
  bind(d.funcSetAttribute, "cuFuncSetAttribute");
  bind(d.tensorMapEncodeTiled, "cuTensorMapEncodeTiled");
  bind(d.streamCreate, "cuStreamCreate");
  bind(d.streamDestroy, "cuStreamDestroy_v2");
  bind(d.streamSynchronize, "cuStreamSynchronize");
  if (!ok)
    return l;
  if (CUresult r = d.init(0); r != CUDA_SUCCESS)
    l.error = d.message("cuInit", r);
  return l;
}

} // namespace

Expected<const Driver *> loadDriver() {
  static Loaded loaded = load();
  if (!loaded.error.empty())
    return Expected<const Driver *>::error(loaded.error);
  return Expected<const Driver *>(&loaded.driver);
}

} // namespace cuda
} // namespace runtime
} // namespace moe
