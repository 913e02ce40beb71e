//===- Memory.h - Allocation with an out-of-memory report -------*- C++ -*-===//
//
// Large runtime buffers (bound weights, KV caches, arenas) are allocated
// through `FloatBuffer::allocate` (runtime/weights/Weights.h), which turns a
// failed allocation into a one-line error naming what was being allocated, the
// bytes asked for and the bytes available, e.g.
//   out of memory: KV cache 0 needs 4294967296 bytes (4.00 GiB), 1.20 GiB
//   available (MemAvailable)
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_SUPPORT_MEMORY_H
#define MOE_RUNTIME_SUPPORT_MEMORY_H

#include "runtime/support/Status.h"

#include <cstdint>
#include <string>

namespace moe {
namespace runtime {

/// Memory this process can still get: the smaller of the kernel's
/// MemAvailable and what the address-space limit (ulimit -v) leaves; `source`
/// names the one that bounds it. -1 when neither can be read.
int64_t availableBytes(std::string *source = nullptr);

/// "<what> needs N bytes (X GiB), Y GiB available (source)".
std::string outOfMemoryMessage(const std::string &what, uint64_t bytes);

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_SUPPORT_MEMORY_H
