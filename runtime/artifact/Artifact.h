//===- Artifact.h - Reading and writing `.mxa` files ------------*- C++ -*-===//
//
// The `.mxa` file layout (runtime/schema/mxa.fbs): a size-prefixed FlatBuffer
// `Artifact` (identifier "MXA1"), zero padding to a 64-byte aligned file
// offset where the segment area starts (every `Segment.offset` is relative
// to it and 64-aligned), then a 16-byte footer: the FNV-1a 64 hash of all
// preceding bytes (little-endian) and "MXAFOOT1".
//
// Writer (MLIR-free, used by the compiler): compute the segment offsets from
// the blob sizes, fill `Segment`s with them, finish the FlatBuffer with
// `FinishSizePrefixedArtifactBuffer`, then `writeArtifactFile`.
// Reader: `ArtifactFile::open` checks the footer and hash, the size prefix,
// the identifier, the FlatBuffers verifier, the schema version and the
// semantic rules of Verify.h, and picks the code usable on this host.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_RUNTIME_ARTIFACT_ARTIFACT_H
#define MOE_RUNTIME_ARTIFACT_ARTIFACT_H

#include "runtime/schema/mxa_generated.h"
#include "runtime/support/Status.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace moe {
namespace runtime {

/// The schema version this runtime reads and writes.
constexpr uint32_t kSchemaVersion = 5;
/// The oldest version it still reads (later versions only appended).
constexpr uint32_t kOldestSchemaVersion = 4;
/// Alignment of the segment area and of every segment in it.
constexpr uint64_t kSegmentAlignment = 64;
/// Footer: u64 hash then these 8 bytes.
constexpr char kFooterMagic[] = "MXAFOOT1";
constexpr size_t kFooterSize = 16;

/// FNV-1a 64-bit hash of `size` bytes, continuing from `hash`.
uint64_t fnv1a64(const uint8_t *data, size_t size,
                 uint64_t hash = 0xcbf29ce484222325ull);

/// A read-only byte range (a segment blob).
struct ByteSpan {
  const uint8_t *data = nullptr;
  size_t size = 0;
};

/// Offsets (relative to the segment area) of segments of the given sizes laid
/// out in order, each 64-byte aligned. `writeArtifactFile` places the blobs at
/// exactly these offsets, so the compiler fills `Segment{offset, size}` with
/// them before finishing the FlatBuffer.
std::vector<uint64_t> computeSegmentOffsets(const std::vector<uint64_t> &sizes);

/// The complete file contents: `sizePrefixedBuffer` (the finished
/// size-prefixed FlatBuffer: 4-byte length then the buffer), padding, the
/// `segments` at `computeSegmentOffsets` of their sizes, and the footer.
/// Fails if the size prefix does not match `size`.
Expected<std::vector<uint8_t>>
serializeArtifact(const uint8_t *sizePrefixedBuffer, size_t size,
                  const std::vector<ByteSpan> &segments);

/// `serializeArtifact` written to `path`.
Status writeArtifactFile(const std::string &path,
                         const uint8_t *sizePrefixedBuffer, size_t size,
                         const std::vector<ByteSpan> &segments);

/// A verified artifact held in memory.
class ArtifactFile {
public:
  /// Reads and verifies `path` (everything but the extents, see Verify.h).
  static Expected<std::unique_ptr<ArtifactFile>> open(const std::string &path);
  /// Verifies file contents already in memory; `path` names it in errors.
  static Expected<std::unique_ptr<ArtifactFile>>
  fromBytes(const std::string &path, std::vector<uint8_t> bytes);

  const std::string &path() const { return path_; }
  const mxa::Artifact &artifact() const { return *artifact_; }
  /// The code entry for this host (null when there are no kernels).
  const mxa::Code *hostCode() const { return hostCode_; }
  /// The bytes of a segment (verified to lie in the segment area).
  ByteSpan segment(const mxa::Segment &s) const;
  /// The function `name` and its index, or null.
  const mxa::Function *findFunction(const std::string &name,
                                    size_t *index = nullptr) const;

private:
  ArtifactFile() = default;
  std::string path_;
  std::vector<uint8_t> bytes_;
  size_t segmentAreaStart_ = 0;
  const mxa::Artifact *artifact_ = nullptr;
  const mxa::Code *hostCode_ = nullptr;
};

} // namespace runtime
} // namespace moe

#endif // MOE_RUNTIME_ARTIFACT_ARTIFACT_H
