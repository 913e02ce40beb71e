//===- Memory.cpp - Allocation with an out-of-memory report ---------------===//
//
// See Memory.h.
//
//===----------------------------------------------------------------------===//

#include "runtime/support/Memory.h"

#include <cstdio>
#include <cstring>
#include <sys/resource.h>

namespace moe {
namespace runtime {

/// A "Key:   N kB" field of a /proc file in bytes, or -1.
static int64_t procField(const char *file, const char *key) {
  FILE *f = std::fopen(file, "r");
  if (!f)
    return -1;
  char line[256];
  int64_t out = -1;
  size_t n = std::strlen(key);
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, key, n) == 0 && line[n] == ':') {
      long long kb = 0;
      if (std::sscanf(line + n + 1, "%lld", &kb) == 1)
        out = static_cast<int64_t>(kb) * 1024;
      break;
    }
  std::fclose(f);
  return out;
}

int64_t availableBytes(std::string *source) {
  int64_t best = procField("/proc/meminfo", "MemAvailable");
  if (source)
    *source = "MemAvailable";
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    int64_t used = procField("/proc/self/status", "VmSize");
    int64_t left = static_cast<int64_t>(rl.rlim_cur) - (used > 0 ? used : 0);
    if (left < 0)
      left = 0;
    if (best < 0 || left < best) {
      best = left;
      if (source)
        *source = "address-space limit, ulimit -v";
    }
  }
  return best;
}

static std::string gib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GiB",
                static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
  return buf;
}

std::string outOfMemoryMessage(const std::string &what, uint64_t bytes) {
  std::string source;
  int64_t avail = availableBytes(&source);
  std::string msg = "out of memory: " + what + " needs " +
                    std::to_string(bytes) + " bytes (" + gib(bytes) + "), ";
  if (avail < 0)
    return msg + "available memory unknown";
  return msg + std::to_string(avail) + " bytes (" +
         gib(static_cast<uint64_t>(avail)) + ") available (" + source + ")";
}

} // namespace runtime
} // namespace moe
