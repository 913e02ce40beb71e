//===- Device.h - One CUDA device: memory, kernels, a stream ----*- C++ -*-===//
//
// What the executor needs of a GPU: the device's primary context, one
// non-blocking stream on which every copy and launch is queued in order,
// device allocations (freed with the Device), the artifact's cubin (or PTX,
// JIT-compiled by the driver) and launches of its `gpu.func` entries on a
// 1-D grid of `kBlockThreads`-thread blocks. Every driver call is checked;
// a kernel fault surfaces at the next `synchronize` (or download).
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_CUDA_DEVICE_H
#define MOE_RUNTIME_CUDA_DEVICE_H

#include "runtime/cuda/Driver.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace moe {
namespace runtime {
namespace cuda {

/// Whether the CUDA driver loads and sees at least one device.
bool deviceAvailable();
/// The devices the driver sees (0 without a driver).
int deviceCount();

class Device {
public:
  /// Threads per block of a kernel launch.
  static constexpr unsigned kBlockThreads = 128;
  /// Per-thread stack (the kernels' dynamic `memref.alloca`s: the router's
  /// score rows, 8 * experts bytes and a few more).
  static constexpr size_t kStackBytes = 8192;

  /// Opens device `ordinal` (loading the driver first).
  static Expected<std::unique_ptr<Device>> open(int ordinal = 0);
  ~Device();
  Device(const Device &) = delete;
  Device &operator=(const Device &) = delete;

  /// e.g. "NVIDIA H100 80GB HBM3".
  const std::string &name() const { return name_; }
  /// Compute capability, e.g. 90.
  int computeCapability() const { return cc_; }
  /// The stream every copy and launch is queued on (libraries such as
  /// cuBLASLt queue their work on it too).
  CUstream stream() const { return stream_; }

  /// `bytes` of zeroed device memory, freed with the Device; `what` names
  /// it in an out-of-memory error.
  Expected<CUdeviceptr> allocate(size_t bytes, const std::string &what);
  /// Queued copies and fills; `download` waits for the stream.
  Status upload(CUdeviceptr dst, const void *src, size_t bytes);
  Status download(void *dst, CUdeviceptr src, size_t bytes);
  /// Device to device; the two ranges must not overlap.
  Status copy(CUdeviceptr dst, CUdeviceptr src, size_t bytes);
  Status zero(CUdeviceptr dst, size_t bytes);

  /// Loads the kernels' module (a cubin, or NUL-terminated PTX text).
  Status loadModule(const void *image, const std::string &what);
  /// An entry of the loaded module.
  Expected<CUfunction> function(const std::string &symbol);
  /// Queues `fn` on ceil(threads / kBlockThreads) blocks.
  Status launch(CUfunction fn, int64_t threads, void **params);
  /// Queues `fn` on `blocks` blocks of `blockThreads` threads.
  Status launchBlocks(CUfunction fn, int64_t blocks, unsigned blockThreads,
                      void **params);
  /// Queues `fn` on `blocks` blocks of `blockThreads` threads with
  /// `sharedBytes` of dynamic shared memory (see allowSharedMemory).
  Status launchGrid(CUfunction fn, unsigned blocks, unsigned blockThreads,
                    unsigned sharedBytes, void **params);
  /// Lets `fn` use `bytes` of dynamic shared memory (above the default 48 KB).
  Status allowSharedMemory(CUfunction fn, unsigned bytes);
  /// Streaming multiprocessors.
  int multiprocessors() const { return sms_; }
  /// A 2-D bf16 tensor map (cuTensorMapEncodeTiled) over `rows` rows of `k`
  /// elements, `rowBytes` apart, at `at`: boxes of 64 x boxRows, 128-byte
  /// swizzle, 256-byte L2 promotion, zeros out of bounds. The map is copied
  /// to device memory (freed with the Device or by releaseTensorMaps);
  /// returns its device address, what the templates take.
  Expected<CUdeviceptr> bf16TensorMap(CUdeviceptr at, uint64_t rows,
                                      uint64_t k, uint64_t rowBytes,
                                      unsigned boxRows);
  /// Waits for the stream, then frees every tensor map made so far.
  Status releaseTensorMaps();
  /// Waits for everything queued; reports a kernel fault.
  Status synchronize(const std::string &what);

private:
  Device() = default;
  const Driver *d_ = nullptr;
  CUdevice device_ = 0;
  CUcontext ctx_ = nullptr;
  CUstream stream_ = nullptr;
  CUmodule module_ = nullptr;
  std::string name_;
  int cc_ = 0;
  int sms_ = 0;
  std::vector<CUdeviceptr> allocations_;
  /// The tensor maps' device copies, and their host copies, alive until
  /// their queued upload ran.
  std::vector<CUdeviceptr> tensorMapAllocations_;
  std::vector<std::unique_ptr<CUtensorMap>> tensorMaps_;
};

} // namespace cuda
} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_CUDA_DEVICE_H
