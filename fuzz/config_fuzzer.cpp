//===- config_fuzzer.cpp - libFuzzer target: the Hugging Face importer ----===//
//
// The input is a `config.json`. The importer must return a module that
// passes the MLIR verifier, or no module and a one-line error naming the
// file; anything else (a crash, an unverifiable module, a multi-line or
// empty error) aborts.
//
//===----------------------------------------------------------------------===//

#include "dialects/MoE/IR/MoEDialect.h"
#include "frontends/hf/HFImporter.h"
#include "fuzz/FuzzCheck.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <cstdio>
#include <cstdlib>

static mlir::MLIRContext &context() {
  static mlir::MLIRContext *ctx = [] {
    auto *c = new mlir::MLIRContext();
    c->loadDialect<mlir::moe::MoEDialect, mlir::func::FuncDialect,
                   mlir::tensor::TensorDialect>();
    // Verifier failures are reported by the check below, not printed.
    c->getDiagEngine().registerHandler([](mlir::Diagnostic &) {});
    return c;
  }();
  return *ctx;
}

static void check(bool cond, const char *what) {
  moe::fuzz::check(cond, "config_fuzzer", what);
}
static void checkError(const std::string &message, const char *path) {
  moe::fuzz::checkError(message, path, "config_fuzzer");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef contents(reinterpret_cast<const char *>(data), size);
  const char *path = "fuzz/config.json";
  std::string error;
  mlir::moe::HFImportOptions options;
  auto module =
      mlir::moe::importHFConfig(path, contents, &context(), options, error);
  if (!module) {
    checkError(error, path);
    check(!llvm::StringRef(error).starts_with(std::string(path) +
                                              ": internal error"),
          "the importer built a module that does not verify");
    return 0;
  }
  check(mlir::succeeded(mlir::verify(*module)),
        "imported module fails the verifier");
  return 0;
}
