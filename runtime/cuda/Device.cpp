//===- Device.cpp - One CUDA device: memory, kernels, a stream ------------===//

#include "runtime/cuda/Device.h"

namespace moe {
namespace runtime {
namespace cuda {

int deviceCount() {
  auto driver = loadDriver();
  int count = 0;
  return driver && (*driver)->deviceGetCount(&count) == CUDA_SUCCESS ? count
                                                                     : 0;
}

bool deviceAvailable() { return deviceCount() > 0; }

Expected<std::unique_ptr<Device>> Device::open(int ordinal) {
  using R = Expected<std::unique_ptr<Device>>;
  auto driver = loadDriver();
  if (!driver)
    return R::error(driver.errorMessage());
  const Driver &d = **driver;
  int count = 0;
  if (CUresult r = d.deviceGetCount(&count); r != CUDA_SUCCESS)
    return R::error(d.message("cuDeviceGetCount", r));
  if (ordinal < 0 || ordinal >= count)
    return R::error("no CUDA device " + std::to_string(ordinal) + " (" +
                    std::to_string(count) + " found)");
  std::unique_ptr<Device> dev(new Device());
  dev->d_ = &d;
  CUresult r = d.deviceGet(&dev->device_, ordinal);
  if (r != CUDA_SUCCESS)
    return R::error(d.message("cuDeviceGet", r));
  char name[256] = {};
  d.deviceGetName(name, sizeof name - 1, dev->device_);
  dev->name_ = name;
  int major = 0, minor = 0;
  d.deviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                       dev->device_);
  d.deviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                       dev->device_);
  dev->cc_ = major * 10 + minor;
  d.deviceGetAttribute(&dev->sms_, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                       dev->device_);
  if ((r = d.primaryCtxRetain(&dev->ctx_, dev->device_)) != CUDA_SUCCESS)
    return R::error(d.message("cuDevicePrimaryCtxRetain", r));
  if ((r = d.ctxSetCurrent(dev->ctx_)) != CUDA_SUCCESS)
    return R::error(d.message("cuCtxSetCurrent", r));
  if ((r = d.ctxSetLimit(CU_LIMIT_STACK_SIZE, kStackBytes)) != CUDA_SUCCESS)
    return R::error(d.message("cuCtxSetLimit(stack)", r));
  if ((r = d.streamCreate(&dev->stream_, CU_STREAM_NON_BLOCKING)) !=
      CUDA_SUCCESS)
    return R::error(d.message("cuStreamCreate", r));
  return R(std::move(dev));
}

Device::~Device() {
  if (!d_)
    return;
  if (stream_)
    d_->streamSynchronize(stream_);
  for (CUdeviceptr p : allocations_)
    d_->memFree(p);
  for (CUdeviceptr p : tensorMapAllocations_)
    d_->memFree(p);
  if (module_)
    d_->moduleUnload(module_);
  if (stream_)
    d_->streamDestroy(stream_);
  if (ctx_)
    d_->primaryCtxRelease(device_);
}

Expected<CUdeviceptr> Device::allocate(size_t bytes, const std::string &what) {
  CUdeviceptr p = 0;
  // A zero-byte buffer still gets a distinct (unused) address.
  CUresult r = d_->memAlloc(&p, bytes ? bytes : 64);
  if (r != CUDA_SUCCESS) {
    size_t free = 0, total = 0;
    d_->memGetInfo(&free, &total);
    return Expected<CUdeviceptr>::error(
        "CUDA: cannot allocate " + std::to_string(bytes) + " bytes for " +
        what + " (" + std::to_string(free >> 20) + " MiB free of " +
        std::to_string(total >> 20) + " MiB): " + d_->message("cuMemAlloc", r));
  }
  allocations_.push_back(p);
  Status s = zero(p, bytes);
  if (!s)
    return Expected<CUdeviceptr>::error(s.errorMessage());
  return Expected<CUdeviceptr>(p);
}

Status Device::upload(CUdeviceptr dst, const void *src, size_t bytes) {
  if (!bytes)
    return Status::ok();
  CUresult r = d_->memcpyHtoDAsync(dst, src, bytes, stream_);
  return r == CUDA_SUCCESS ? Status::ok()
                           : Status::error(d_->message("cuMemcpyHtoDAsync", r));
}

Status Device::copy(CUdeviceptr dst, CUdeviceptr src, size_t bytes) {
  if (!bytes)
    return Status::ok();
  CUresult r = d_->memcpyDtoDAsync(dst, src, bytes, stream_);
  return r == CUDA_SUCCESS ? Status::ok()
                           : Status::error(d_->message("cuMemcpyDtoDAsync", r));
}

Status Device::download(void *dst, CUdeviceptr src, size_t bytes) {
  if (bytes) {
    CUresult r = d_->memcpyDtoHAsync(dst, src, bytes, stream_);
    if (r != CUDA_SUCCESS)
      return Status::error(d_->message("cuMemcpyDtoHAsync", r));
  }
  return synchronize("a device-to-host copy");
}

Status Device::zero(CUdeviceptr dst, size_t bytes) {
  if (!bytes)
    return Status::ok();
  CUresult r = d_->memsetD8Async(dst, 0, bytes, stream_);
  return r == CUDA_SUCCESS ? Status::ok()
                           : Status::error(d_->message("cuMemsetD8Async", r));
}

Status Device::loadModule(const void *image, const std::string &what) {
  CUresult r = d_->moduleLoadData(&module_, image);
  if (r != CUDA_SUCCESS)
    return Status::error(what + ": " + d_->message("cuModuleLoadData", r));
  return Status::ok();
}

Expected<CUfunction> Device::function(const std::string &symbol) {
  CUfunction fn = nullptr;
  CUresult r = module_ ? d_->moduleGetFunction(&fn, module_, symbol.c_str())
                       : CUDA_SUCCESS;
  if (!module_ || r != CUDA_SUCCESS)
    return Expected<CUfunction>::error(
        "CUDA kernel '" + symbol + "': " +
        (module_ ? d_->message("cuModuleGetFunction", r) : "no module"));
  return Expected<CUfunction>(fn);
}

Status Device::launch(CUfunction fn, int64_t threads, void **params) {
  return launchBlocks(fn, (threads + kBlockThreads - 1) / kBlockThreads,
                      kBlockThreads, params);
}

Status Device::launchBlocks(CUfunction fn, int64_t blocks,
                            unsigned blockThreads, void **params) {
  if (blocks > 0x7fffffff)
    return Status::error(std::to_string(blocks) +
                         " blocks exceed the CUDA grid");
  CUresult r = d_->launchKernel(fn, static_cast<unsigned>(blocks), 1, 1,
                                blockThreads, 1, 1, 0, stream_, params,
                                nullptr);
  return r == CUDA_SUCCESS ? Status::ok()
                           : Status::error(d_->message("cuLaunchKernel", r));
}

Status Device::launchGrid(CUfunction fn, unsigned blocks,
                          unsigned blockThreads, unsigned sharedBytes,
                          void **params) {
  CUresult r = d_->launchKernel(fn, blocks, 1, 1, blockThreads, 1, 1,
                                sharedBytes, stream_, params, nullptr);
  return r == CUDA_SUCCESS ? Status::ok()
                           : Status::error(d_->message("cuLaunchKernel", r));
}

Status Device::allowSharedMemory(CUfunction fn, unsigned bytes) {
  CUresult r = d_->funcSetAttribute(
      fn, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
      static_cast<int>(bytes));
  return r == CUDA_SUCCESS ? Status::ok()
                           : Status::error(d_->message("cuFuncSetAttribute", r));
}

Expected<CUdeviceptr> Device::bf16TensorMap(CUdeviceptr at, uint64_t rows,
                                            uint64_t k, uint64_t rowBytes,
                                            unsigned boxRows) {
  using R = Expected<CUdeviceptr>;
  auto map = std::make_unique<CUtensorMap>();
  const unsigned long long dims[2] = {k, rows}, strides[1] = {rowBytes};
  const unsigned box[2] = {64, boxRows}, elementStrides[2] = {1, 1};
  CUresult r = d_->tensorMapEncodeTiled(
      map.get(), CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, 2,
      reinterpret_cast<void *>(at), dims, strides, box, elementStrides,
      CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
      CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  if (r != CUDA_SUCCESS)
    return R::error(d_->message("cuTensorMapEncodeTiled", r) + " (rows " +
                    std::to_string(rows) + ", k " + std::to_string(k) + ")");
  CUdeviceptr p = 0;
  r = d_->memAlloc(&p, sizeof(CUtensorMap));
  if (r != CUDA_SUCCESS)
    return R::error("CUDA: cannot allocate a tensor map: " +
                    d_->message("cuMemAlloc", r));
  tensorMapAllocations_.push_back(p);
  Status s = upload(p, map.get(), sizeof(CUtensorMap));
  if (!s)
    return R::error(s.errorMessage());
  tensorMaps_.push_back(std::move(map));
  return R(p);
}

Status Device::releaseTensorMaps() {
  Status s = synchronize("the launches reading tensor maps");
  if (!s)
    return s;
  for (CUdeviceptr p : tensorMapAllocations_)
    d_->memFree(p);
  tensorMapAllocations_.clear();
  tensorMaps_.clear();
  return Status::ok();
}

Status Device::synchronize(const std::string &what) {
  CUresult r = d_->streamSynchronize(stream_);
  return r == CUDA_SUCCESS
             ? Status::ok()
             : Status::error("CUDA, after " + what + ": " +
                             d_->message("cuStreamSynchronize", r));
}

} // namespace cuda
} // namespace runtime
} // namespace moe
