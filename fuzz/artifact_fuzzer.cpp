//===- artifact_fuzzer.cpp - libFuzzer target: the `.mxa` loader ----------===//
//
// The input is an artifact file. The footer's checksum is recomputed over
// the mutated bytes first (otherwise nearly every mutation would stop at the
// checksum), so the FlatBuffers verifier, the schema version and every
// semantic check of runtime/artifact/Verify.cpp are reached; an artifact
// that passes is then checked for extents at two cache sizes, as moe-run
// does before running it. Every input must be refused with one line naming
// the file, or be safe to run (ASan/UBSan watch every read).
//
//===----------------------------------------------------------------------===//

#include "fuzz/FuzzCheck.h"
#include "runtime/artifact/Artifact.h"
#include "runtime/artifact/Verify.h"

#include <cstdlib>
#include <cstring>

using namespace moe;
using namespace moe::runtime;

static void check(bool cond, const char *what) {
  moe::fuzz::check(cond, "artifact_fuzzer", what);
}
static void checkError(const std::string &message, const char *path) {
  moe::fuzz::checkError(message, path, "artifact_fuzzer");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  if (bytes.size() >= kFooterSize) {
    size_t body = bytes.size() - kFooterSize;
    uint64_t hash = fnv1a64(bytes.data(), body);
    for (int i = 0; i < 8; ++i)
      bytes[body + i] = static_cast<uint8_t>(hash >> (8 * i));
    std::memcpy(bytes.data() + body + 8, kFooterMagic, 8);
  }
  const char *path = "fuzz.mxa";
  auto file = ArtifactFile::fromBytes(path, std::move(bytes));
  if (!file) {
    checkError(file.errorMessage(), path);
    return 0;
  }
  const mxa::Artifact &a = (*file)->artifact();
  for (int64_t slots : {1, 3})
    for (int64_t context : {1, 37}) {
      Status s = verifyExtents(path, a, slots, context);
      if (!s)
        checkError(s.errorMessage(), path);
    }
  if (a.functions())
    for (const mxa::Function *fn : *a.functions())
      check((*file)->findFunction(fn->name()->str()) != nullptr,
            "function not found by its name");
  return 0;
}
