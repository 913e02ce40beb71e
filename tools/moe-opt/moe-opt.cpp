//===- moe-opt.cpp - The moe-mlir optimizer driver ------------------------===//
//
// A full mlir-opt (every upstream dialect and pass, plus --load-pass-plugin and
// --load-dialect-plugin) with the moe dialect and passes registered.
//
//===----------------------------------------------------------------------===//

#include "dialects/MoE/IR/MoEDialect.h"
#include "passes/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

/// MlirOptMain only warns and carries on when a plugin cannot be loaded; a
/// missing plugin is a usage error here (one line, non-zero exit).
static bool checkPluginPaths(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    for (llvm::StringRef flag : {"--load-pass-plugin", "--load-dialect-plugin",
                                 "-load-pass-plugin", "-load-dialect-plugin"}) {
      llvm::StringRef path;
      if (arg.consume_front(flag) && arg.consume_front("="))
        path = arg;
      else if (llvm::StringRef(argv[i]) == flag && i + 1 < argc)
        path = argv[i + 1];
      else
        continue;
      if (!llvm::sys::fs::exists(path)) {
        llvm::errs() << "moe-opt: " << flag << ": plugin '" << path
                     << "' does not exist\n";
        return false;
      }
    }
  }
  return true;
}

int main(int argc, char **argv) {
  if (!checkPluginPaths(argc, argv))
    return 1;
  mlir::registerAllPasses();
  mlir::moe::registerMoEPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::moe::registerMoEDialect(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "moe-mlir optimizer driver\n", registry));
}
