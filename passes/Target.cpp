//===- Target.cpp - The machine a cost model prices -----------------------===//

#include "passes/Target.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::moe;

FailureOr<Target> mlir::moe::readTarget(ModuleOp module, StringRef path,
                                        StringRef pass) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    module.emitError() << pass << ": cannot read target '" << path
                       << "'";
    return failure();
  }
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json) {
    module.emitError() << path << ": invalid JSON: "
                       << llvm::toString(json.takeError());
    return failure();
  }
  const llvm::json::Object *obj = json->getAsObject();
  Target t;
  struct Field {
    const char *key;
    double *value;
    bool positive;
  } fields[] = {{"flops_per_second", &t.flops, true},
                {"link_bytes_per_second", &t.linkBytes, true},
                {"link_latency_seconds", &t.latency, false},
                {"launch_overhead_seconds", &t.launchOverhead, false},
                {"overlap_fraction", &t.overlap, false}};
  for (Field &f : fields) {
    std::optional<double> v = obj ? obj->getNumber(f.key) : std::nullopt;
    if (!v || *v < 0 || (f.positive && *v == 0)) {
      module.emitError() << path << ": field '" << f.key << "': expected a "
                         << (f.positive ? "positive" : "non-negative")
                         << " number";
      return failure();
    }
    *f.value = *v;
  }
  if (obj)
    if (std::optional<double> m = obj->getNumber("memory_bytes_per_second")) {
      if (*m <= 0) {
        module.emitError() << path
                           << ": field 'memory_bytes_per_second': expected "
                              "a positive number";
        return failure();
      }
      t.memoryBytes = *m;
    }
  if (obj)
    if (std::optional<double> c = obj->getNumber("memory_capacity_bytes")) {
      if (*c <= 0) {
        module.emitError() << path
                           << ": field 'memory_capacity_bytes': expected a "
                              "positive number";
        return failure();
      }
      t.memoryCapacity = *c;
    }
  if (t.overlap > 1) {
    module.emitError() << path << ": field 'overlap_fraction': expected 0 to 1";
    return failure();
  }
  return t;
}
