//===- FuzzCheck.h - Invariants shared by the fuzz targets ------*- C++ -*-===//

#ifndef MOE_FUZZ_FUZZCHECK_H
#define MOE_FUZZ_FUZZCHECK_H

#include <cstdio>
#include <cstdlib>
#include <string>

namespace moe {
namespace fuzz {

/// Aborts (a crash libFuzzer records) when `cond` is false.
inline void check(bool cond, const char *target, const char *what) {
  if (cond)
    return;
  std::fprintf(stderr, "%s: invariant broken: %s\n", target, what);
  std::abort();
}

/// A refusal must be one non-empty line that starts with the file's name.
inline void checkError(const std::string &message, const char *path,
                       const char *target) {
  if (!message.empty() && message.find('\n') == std::string::npos &&
      message.rfind(path, 0) == 0)
    return;
  std::fprintf(stderr, "%s: bad error message: [%s]\n", target,
               message.c_str());
  std::abort();
}

} // namespace fuzz
} // namespace moe

#endif // MOE_FUZZ_FUZZCHECK_H
