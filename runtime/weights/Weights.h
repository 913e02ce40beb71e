//===- Weights.h - Binding an artifact's weights as f32 buffers -*- C++ -*-===//
//
// Every `Weight` of an artifact becomes one contiguous, 64-byte aligned f32
// row-major buffer: its `param` is read in "param form" (a checkpoint tensor
// of exactly `param_shape`, or for a name with `*` a stack of tensors with `*`
// replaced by 0 .. param_shape[0]-1, each of shape param_shape[1:]), viewed
// as `shape`, and `transforms` are applied in order. Params shared by several
// weights are read once.
//
// Sources: a `.safetensors` file, a directory with `model.safetensors`, or a
// directory with a sharded `model.safetensors.index.json` (`weight_map`:
// tensor name -> file in that directory); F32, BF16, F16 and F64 tensors are
// converted to f32. Or deterministic random values (see `randomWeights`).
// A weight whose `storage` is BF16 (moe-weights-to-bf16) is then rounded to
// bf16 (nearest even) into its own buffer, two values per 4-byte word.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_WEIGHTS_WEIGHTS_H
#define MOE_RUNTIME_WEIGHTS_WEIGHTS_H

#include "runtime/artifact/Artifact.h"

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace moe {
namespace runtime {

/// A 64-byte aligned f32 array (zero-initialized).
class FloatBuffer {
public:
  /// `count` zeroed floats, or a one-line out-of-memory error naming `what`,
  /// the bytes asked for and the bytes available (support/Memory.h).
  static Expected<std::unique_ptr<FloatBuffer>>
  allocate(size_t count, const std::string &what);
  FloatBuffer(const FloatBuffer &) = delete;
  FloatBuffer &operator=(const FloatBuffer &) = delete;
  ~FloatBuffer() { std::free(data_); }
  float *data() { return data_; }
  const float *data() const { return data_; }
  size_t size() const { return size_; }

private:
  FloatBuffer() = default;
  float *data_ = nullptr;
  size_t size_ = 0;
};

/// A param in param form: `param_shape` row-major f32.
struct ParamData {
  std::vector<int64_t> shape;
  std::shared_ptr<FloatBuffer> data;
};

struct BoundWeights {
  /// By weight index: the buffer after transforms (shared with the param
  /// form when a weight has no transforms and is stored as f32), holding f32
  /// or, for `storage` BF16, packed bf16 values.
  std::vector<std::shared_ptr<FloatBuffer>> buffers;
  /// Param forms by param name, in first-use order; kept only when asked
  /// (for `saveWeights`).
  std::vector<std::pair<std::string, ParamData>> params;
  /// Bytes of the distinct bound buffers.
  int64_t bytes() const;
};

/// Reads the weights from `path` (file or directory, see above).
/// `keepParams` keeps the param forms in the result. In an expert-parallel
/// artifact, weights with `expert_slots` are bound for EP rank `rank`: only
/// that rank's experts are read (for a stacked param, only their tensors).
Expected<BoundWeights> loadWeights(const ArtifactFile &artifact,
                                   const std::string &path, bool keepParams,
                                   int rank = 0);

/// Deterministic random weights. Each checkpoint tensor `name` (for a stacked
/// param: each per-expert tensor, `*` replaced by its index) gets element i =
/// lo + (hi - lo) * u(seed, FNV-1a(name), i), u uniform in [0, 1) from
/// SplitMix64, with [lo, hi] by the tensor's shape and name:
///   rank <= 1 and name contains "norm": [0.5, 1.5];
///   other rank <= 1: [-0.1, 0.1];
///   name contains "embed": [-1.7, 1.7];
///   otherwise: +-sqrt(3 / fan_in), fan_in = the tensor's last dimension.
/// So values depend only on (seed, tensor name, shape), not on how an
/// artifact stacks or transforms them.
Expected<BoundWeights> randomWeights(const ArtifactFile &artifact,
                                     uint64_t seed, bool keepParams,
                                     int rank = 0);

/// Writes the param forms (`params`, so load with keepParams) as F32
/// safetensors, stacks split into per-expert tensors with `*` replaced by the
/// index.
Status saveWeights(const BoundWeights &weights, const std::string &path);

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_WEIGHTS_WEIGHTS_H
