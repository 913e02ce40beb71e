//===- CpuFeatures.h - x86 extensions of host code, and this CPU's -*- C++ -*-===//
//
// An artifact's host code is compiled for one CPU (moe-opt --mxa-cpu, default
// the compiling machine's), and on a CPU without an extension it uses dies of
// SIGILL. So moe-opt records in `Code.features` which of the extensions below
// the code generator had enabled (LLVM's names), and the runtime refuses code
// that needs one this CPU lacks, with one line naming it.
//
// MOE_RUN_DISABLE_CPU_FEATURES=a,b makes the runtime treat those extensions
// as absent (to test the refusal on any machine).
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_ARTIFACT_CPUFEATURES_H
#define MOE_RUNTIME_ARTIFACT_CPUFEATURES_H

#include <string>
#include <vector>

namespace moe {
namespace runtime {

/// The x86 extensions recorded and checked, in LLVM's spelling.
const std::vector<std::string> &checkedCpuFeatures();

/// Whether this CPU (and OS) supports `feature`, one of checkedCpuFeatures();
/// false for any other name.
bool cpuHasFeature(const std::string &feature);

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_ARTIFACT_CPUFEATURES_H
