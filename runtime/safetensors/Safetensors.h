//===- Safetensors.h - Minimal safetensors reader (no LLVM/MLIR) -*- C++
//-*-===//
//
// Reads a `.safetensors` file: an 8-byte little-endian header length N, an
// N-byte JSON header mapping tensor names to {dtype, shape, data_offsets},
// then the raw tensor bytes. Every malformed input is reported as a one-line
// error naming the file, the tensor and what was expected; nothing aborts.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_SAFETENSORS_SAFETENSORS_H
#define MOE_RUNTIME_SAFETENSORS_SAFETENSORS_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace moe {
namespace safetensors {

enum class DType { F32, BF16, F16, F64, I64, I32 };

/// Name as in the safetensors header ("F32", ...).
const char *dtypeName(DType dtype);
/// Size of one element in bytes.
size_t dtypeSize(DType dtype);

/// `s` as it may appear inside a one-line error message: control bytes and
/// DEL written as \xNN, and at most `max` bytes kept (then "..."). Every name
/// read from an untrusted file goes through this before it is quoted.
std::string printable(const std::string &s, size_t max = 120);

/// A view of one tensor; `data` points into the file's mapping.
struct TensorView {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  const uint8_t *data = nullptr;
  size_t numBytes = 0;

  int64_t numElements() const;
  /// Converts every element to double (F32/BF16/F16/F64/I64/I32).
  std::vector<double> toDoubles() const;
};

/// A value or a one-line error message.
template <typename T> class Expected {
public:
  Expected(T value) : value_(std::move(value)), ok_(true) {}
  static Expected error(std::string message) {
    Expected e;
    e.error_ = std::move(message);
    return e;
  }
  explicit operator bool() const { return ok_; }
  T &operator*() { return value_; }
  T *operator->() { return &value_; }
  const std::string &errorMessage() const { return error_; }

private:
  Expected() = default;
  T value_{};
  std::string error_;
  bool ok_ = false;
};

/// Parses a sharded checkpoint's `model.safetensors.index.json` (`text`, read
/// from `path`): its `weight_map` {tensor name: file name in the same
/// directory}, as (tensor, file) pairs in file order. Errors name `path` and
/// the entry.
Expected<std::vector<std::pair<std::string, std::string>>>
parseIndex(const std::string &path, const char *text, size_t size);

class File {
public:
  File() = default;
  File(const File &) = delete;
  File &operator=(const File &) = delete;
  File(File &&other) noexcept;
  File &operator=(File &&other) noexcept;
  ~File();

  /// Opens and validates `path`.
  static Expected<std::unique_ptr<File>> open(const std::string &path);
  /// Validates file contents already in memory (the file keeps them); `path`
  /// names it in errors. Used by the fuzz target.
  static Expected<std::unique_ptr<File>> fromBytes(const std::string &path,
                                                   std::vector<uint8_t> bytes);

  const std::string &path() const { return path_; }
  /// Tensor names in header order.
  const std::vector<std::string> &names() const { return names_; }
  /// The tensor `name`, or null.
  const TensorView *find(const std::string &name) const;
  /// The tensor `name`, or a one-line error.
  Expected<const TensorView *> get(const std::string &name) const;
  /// `__metadata__` string entries.
  const std::map<std::string, std::string> &metadata() const {
    return metadata_;
  }

private:
  struct Status {
    bool ok;
    std::string message;
  };
  /// Validates the `size` bytes at `bytes` (the mapping or `owned_`) and
  /// fills the tensor table.
  Status parse(const uint8_t *bytes, size_t size);
  void release();
  std::string path_;
  std::vector<uint8_t> owned_;
  void *mapping_ = nullptr;
  size_t size_ = 0;
  std::vector<std::string> names_;
  std::map<std::string, TensorView> tensors_;
  std::map<std::string, std::string> metadata_;
};

} // namespace safetensors
} // namespace moe

#endif // MOE_RUNTIME_SAFETENSORS_SAFETENSORS_H
