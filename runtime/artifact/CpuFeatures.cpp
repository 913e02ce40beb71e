//===- CpuFeatures.cpp - x86 extensions of host code, and this CPU's ------===//

#include "runtime/artifact/CpuFeatures.h"

#include <cstdlib>
#include <sstream>
#include <utility>

namespace moe {
namespace runtime {

namespace {

/// Each checked extension and whether this CPU has it
/// (__builtin_cpu_supports, which also asks the OS for the AVX states).
std::vector<std::pair<std::string, bool>> probe() {
#if defined(__x86_64__)
#define MOE_FEATURE(name) {name, __builtin_cpu_supports(name) != 0}
  return {
      MOE_FEATURE("sse3"),        MOE_FEATURE("ssse3"),
      MOE_FEATURE("sse4.1"),      MOE_FEATURE("sse4.2"),
      MOE_FEATURE("popcnt"),      MOE_FEATURE("avx"),
      MOE_FEATURE("avx2"),        MOE_FEATURE("fma"),
      MOE_FEATURE("bmi"),         MOE_FEATURE("bmi2"),
      MOE_FEATURE("avx512f"),     MOE_FEATURE("avx512vl"),
      MOE_FEATURE("avx512bw"),    MOE_FEATURE("avx512dq"),
      MOE_FEATURE("avx512cd"),    MOE_FEATURE("avx512vbmi"),
      MOE_FEATURE("avx512vbmi2"), MOE_FEATURE("avx512ifma"),
      MOE_FEATURE("avx512vnni"),  MOE_FEATURE("avx512bitalg"),
      MOE_FEATURE("avx512vpopcntdq"), MOE_FEATURE("avx512bf16"),
      MOE_FEATURE("gfni"),        MOE_FEATURE("vpclmulqdq"),
  };
#undef MOE_FEATURE
#else
  return {};
#endif
}

const std::vector<std::pair<std::string, bool>> &table() {
  static const std::vector<std::pair<std::string, bool>> t = [] {
    auto t = probe();
    if (const char *off = std::getenv("MOE_RUN_DISABLE_CPU_FEATURES")) {
      std::stringstream list(off);
      for (std::string name; std::getline(list, name, ',');)
        for (auto &[feature, has] : t)
          if (feature == name)
            has = false;
    }
    return t;
  }();
  return t;
}

} // namespace

const std::vector<std::string> &checkedCpuFeatures() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto &[feature, has] : probe())
      n.push_back(feature);
    return n;
  }();
  return names;
}

bool cpuHasFeature(const std::string &feature) {
  for (const auto &[name, has] : table())
    if (name == feature)
      return has;
  return false;
}

} // namespace runtime
} // namespace moe
