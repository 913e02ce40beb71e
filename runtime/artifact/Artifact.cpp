//===- Artifact.cpp - Reading and writing `.mxa` files --------------------===//
//
// File layout, hashing and the structural checks of a `.mxa` file; the
// semantic checks are in Verify.cpp.
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/Artifact.h"
#include "runtime/artifact/Verify.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace moe {
namespace runtime {

uint64_t fnv1a64(const uint8_t *data, size_t size, uint64_t hash) {
  for (size_t i = 0; i < size; ++i) {
    hash ^= data[i];
    hash *= 0x100000001b3ull;
  }
  return hash;
}

static uint64_t alignUp(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

std::vector<uint64_t>
computeSegmentOffsets(const std::vector<uint64_t> &sizes) {
  std::vector<uint64_t> offsets;
  uint64_t next = 0;
  for (uint64_t s : sizes) {
    offsets.push_back(next);
    next = alignUp(next + s, kSegmentAlignment);
  }
  return offsets;
}

static uint32_t readLE32(const uint8_t *p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

static uint64_t readLE64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = v << 8 | p[i];
  return v;
}

Expected<std::vector<uint8_t>>
serializeArtifact(const uint8_t *sizePrefixedBuffer, size_t size,
                  const std::vector<ByteSpan> &segments) {
  using R = Expected<std::vector<uint8_t>>;
  if (size < 8 || readLE32(sizePrefixedBuffer) != size - 4)
    return R::error("artifact writer: the FlatBuffer is not size-prefixed "
                    "(expected a 4-byte length equal to the remaining " +
                    std::to_string(size >= 4 ? size - 4 : 0) + " bytes)");
  std::vector<uint64_t> sizes;
  for (const ByteSpan &s : segments)
    sizes.push_back(s.size);
  std::vector<uint64_t> offsets = computeSegmentOffsets(sizes);
  uint64_t areaStart = alignUp(size, kSegmentAlignment);
  uint64_t areaSize = segments.empty() ? 0 : offsets.back() + sizes.back();
  std::vector<uint8_t> out(areaStart + areaSize + kFooterSize, 0);
  std::memcpy(out.data(), sizePrefixedBuffer, size);
  for (size_t i = 0; i < segments.size(); ++i)
    if (segments[i].size)
      std::memcpy(out.data() + areaStart + offsets[i], segments[i].data,
                  segments[i].size);
  size_t footer = out.size() - kFooterSize;
  uint64_t hash = fnv1a64(out.data(), footer);
  for (int i = 0; i < 8; ++i)
    out[footer + i] = static_cast<uint8_t>(hash >> (8 * i));
  std::memcpy(out.data() + footer + 8, kFooterMagic, 8);
  return R(std::move(out));
}

Status writeArtifactFile(const std::string &path,
                         const uint8_t *sizePrefixedBuffer, size_t size,
                         const std::vector<ByteSpan> &segments) {
  auto bytes = serializeArtifact(sizePrefixedBuffer, size, segments);
  if (!bytes)
    return Status::error(path + ": " + bytes.errorMessage());
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f)
    return Status::error(path +
                         ": cannot open for writing: " + std::strerror(errno));
  bool ok = std::fwrite(bytes->data(), 1, bytes->size(), f) == bytes->size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok)
    return Status::error(path + ": write failed: " + std::strerror(errno));
  return Status::ok();
}

Expected<std::unique_ptr<ArtifactFile>>
ArtifactFile::open(const std::string &path) {
  using R = Expected<std::unique_ptr<ArtifactFile>>;
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return R::error(path + ": cannot open: " + std::strerror(errno));
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0)
    bytes.insert(bytes.end(), chunk, chunk + n);
  bool readError = std::ferror(f);
  std::fclose(f);
  if (readError)
    return R::error(path + ": read failed");
  return fromBytes(path, std::move(bytes));
}

Expected<std::unique_ptr<ArtifactFile>>
ArtifactFile::fromBytes(const std::string &path, std::vector<uint8_t> bytes) {
  using R = Expected<std::unique_ptr<ArtifactFile>>;
  auto err = [&](const std::string &msg) {
    return R::error(path + ": " + msg);
  };
  size_t size = bytes.size();
  if (size < kFooterSize + 8)
    return err("file is " + std::to_string(size) +
               " bytes, expected at least 24 (size prefix, buffer, footer); "
               "truncated or not an .mxa file");
  const uint8_t *b = bytes.data();
  size_t footer = size - kFooterSize;
  if (std::memcmp(b + footer + 8, kFooterMagic, 8) != 0)
    return err("missing footer \"MXAFOOT1\" at the end of the file; "
               "truncated or not an .mxa file");
  if (fnv1a64(b, footer) != readLE64(b + footer))
    return err("checksum mismatch (file corrupted)");
  uint64_t bufSize = readLE32(b);
  if (bufSize + 4 > footer)
    return err("size prefix " + std::to_string(bufSize) + " exceeds the " +
               std::to_string(footer - 4) + " bytes before the footer");
  if (!flatbuffers::BufferHasIdentifier(b, mxa::ArtifactIdentifier(), true))
    return err("file identifier \"" +
               safetensors::printable(
                   std::string(reinterpret_cast<const char *>(b + 8), 4)) +
               "\", expected \"" + mxa::ArtifactIdentifier() + "\"");
  flatbuffers::Verifier verifier(b, bufSize + 4, /*max_depth=*/64,
                                 /*max_tables=*/1u << 28);
  if (!mxa::VerifySizePrefixedArtifactBuffer(verifier))
    return err("the FlatBuffers verifier rejects the Artifact table "
               "(malformed buffer or missing required field)");
  const mxa::Artifact *a = mxa::GetSizePrefixedArtifact(b);
  // Version 5 only added fields and values (training), so a version 4 file
  // reads the same.
  if (a->schema_version() != kSchemaVersion &&
      a->schema_version() != kOldestSchemaVersion)
    return err("schema version " + std::to_string(a->schema_version()) +
               ", this runtime reads " + std::to_string(kOldestSchemaVersion) +
               " to " + std::to_string(kSchemaVersion));
  uint64_t areaStart = alignUp(bufSize + 4, kSegmentAlignment);
  if (areaStart > footer)
    return err("segment area start " + std::to_string(areaStart) +
               " is past the footer at " + std::to_string(footer));
  Status s = verifySemantics(path, *a, footer - areaStart);
  if (!s)
    return R::error(s.errorMessage());
  auto code = selectHostCode(path, *a);
  if (!code)
    return R::error(code.errorMessage());

  std::unique_ptr<ArtifactFile> file(new ArtifactFile());
  file->path_ = path;
  file->bytes_ = std::move(bytes);
  file->segmentAreaStart_ = areaStart;
  // The vector's heap buffer did not move: `a` and `*code` stay valid.
  file->artifact_ = a;
  file->hostCode_ = *code;
  return R(std::move(file));
}

ByteSpan ArtifactFile::segment(const mxa::Segment &s) const {
  return {bytes_.data() + segmentAreaStart_ + s.offset(),
          static_cast<size_t>(s.size())};
}

const mxa::Function *ArtifactFile::findFunction(const std::string &name,
                                                size_t *index) const {
  if (!artifact_->functions())
    return nullptr;
  for (size_t i = 0; i < artifact_->functions()->size(); ++i) {
    const mxa::Function *f = artifact_->functions()->Get(i);
    if (f->name()->str() == name) {
      if (index)
        *index = i;
      return f;
    }
  }
  return nullptr;
}

} // namespace runtime
} // namespace moe
