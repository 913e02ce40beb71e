//===- safetensors_fuzzer.cpp - libFuzzer target: safetensors reader ------===//
//
// Input byte 0 selects what the rest is: even -> a `.safetensors` file
// (header length, JSON header, dtypes, shapes, offsets, overlaps), odd -> a
// sharded `model.safetensors.index.json`. Every input must either be refused
// with a one-line error naming the file or give tensors whose every byte can
// be read (ASan checks the reads).
//
//===----------------------------------------------------------------------===//

#include "fuzz/FuzzCheck.h"
#include "runtime/safetensors/Safetensors.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace moe::safetensors;

static void check(bool cond, const char *what) {
  moe::fuzz::check(cond, "safetensors_fuzzer", what);
}
static void checkError(const std::string &message, const char *path) {
  moe::fuzz::checkError(message, path, "safetensors_fuzzer");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  bool index = data[0] & 1;
  ++data;
  --size;
  if (index) {
    const char *path = "fuzz/model.safetensors.index.json";
    auto entries = parseIndex(path, reinterpret_cast<const char *>(data), size);
    if (!entries) {
      checkError(entries.errorMessage(), path);
      return 0;
    }
    for (auto &[tensor, shard] : *entries)
      check(!shard.empty() && shard.find('/') == std::string::npos,
            "shard outside the directory accepted");
    return 0;
  }
  const char *path = "fuzz.safetensors";
  auto file = File::fromBytes(path, std::vector<uint8_t>(data, data + size));
  if (!file) {
    checkError(file.errorMessage(), path);
    return 0;
  }
  volatile double sum = 0;
  for (const std::string &name : (*file)->names()) {
    const TensorView *t = (*file)->find(name);
    check(t != nullptr, "listed tensor not found");
    check(static_cast<size_t>(t->numElements()) * dtypeSize(t->dtype) ==
              t->numBytes,
          "tensor bytes differ from its shape");
    for (double v : t->toDoubles())
      sum = sum + (std::isnan(v) ? 0.0 : v);
  }
  return 0;
}
