//===- HFImporter.h - Hugging Face config.json -> moe dialect ---*- C++ -*-===//
//
// Imports a Hugging Face `config.json` as a `moe` module that states the
// model's exact forward math (shared/HF_MATH.md). Parameter symbols are the
// checkpoints' safetensors tensor names.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_FRONTENDS_HF_HFIMPORTER_H
#define MOE_FRONTENDS_HF_HFIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir {
namespace moe {

struct HFImportOptions {
  /// Keep only the first N decoder layers (for slices); all when unset.
  std::optional<int64_t> numLayers;
  /// Compute/parameter dtype: "bf16", "f32" or "f16"; the config's
  /// `torch_dtype` (else bf16) when empty.
  std::string dtype;
};

/// True when `contents` looks like a JSON object (a config), not MLIR.
bool looksLikeHFConfig(llvm::StringRef contents);

/// Imports the config `contents` read from `path`. On failure returns null and
/// sets `error` to one line naming the file, the field and what was expected.
OwningOpRef<ModuleOp> importHFConfig(llvm::StringRef path,
                                     llvm::StringRef contents,
                                     MLIRContext *context,
                                     const HFImportOptions &options,
                                     std::string &error);

} // namespace moe
} // namespace mlir

#endif // MOE_FRONTENDS_HF_HFIMPORTER_H
