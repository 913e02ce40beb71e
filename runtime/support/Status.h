//===- Status.h - Error values of the runtime (no exceptions) ---*- C++ -*-===//
//
// The runtime reports every bad input as a one-line message and never throws:
// functions return `Status` (success or a message) or `Expected<T>` (a value
// or a message; the safetensors reader's type). Also small formatting helpers
// shared by the error messages.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_SUPPORT_STATUS_H
#define MOE_RUNTIME_SUPPORT_STATUS_H

#include "runtime/safetensors/Safetensors.h"

#include <cstdint>
#include <string>
#include <vector>

namespace moe {
namespace runtime {

using safetensors::Expected;

/// Success, or a one-line error message.
class [[nodiscard]] Status {
public:
  static Status ok() { return Status(); }
  static Status error(std::string message) {
    Status s;
    s.message_ = std::move(message);
    s.failed_ = true;
    return s;
  }
  explicit operator bool() const { return !failed_; }
  const std::string &errorMessage() const { return message_; }

private:
  std::string message_;
  bool failed_ = false;
};

/// "[2, 3]"; a shape of more than 8 dimensions (only a corrupt file has
/// one) is cut to "[d0, ..., d7, ... (N dims)]".
inline std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i == 8)
      return s + ", ... (" + std::to_string(shape.size()) + " dims)]";
    s += (i ? ", " : "") + std::to_string(shape[i]);
  }
  return s + "]";
}

/// Product of `shape`; false on a negative dimension or int64 overflow.
inline bool shapeProduct(const std::vector<int64_t> &shape, int64_t &out) {
  int64_t n = 1;
  for (int64_t d : shape)
    if (d < 0 || __builtin_mul_overflow(n, d, &n))
      return false;
  out = n;
  return true;
}

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_SUPPORT_STATUS_H
