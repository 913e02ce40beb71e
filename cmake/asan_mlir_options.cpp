//===- asan_mlir_options.cpp - ASan defaults for tools linking libMLIR ----===//
//
// Linked into every sanitized executable that uses LLVM/MLIR (MOE_SANITIZE
// or MOE_FUZZ builds only). The Debian libLLVM/libMLIR are not instrumented,
// but LLVM's headers are: BumpPtrAllocator code instantiated in our
// instrumented files poisons slabs that the library's own copies later hand
// out without unpoisoning, which ASan reports as use-after-poison inside
// MLIR. Turning manual poisoning off keeps every other ASan check (heap,
// stack and global bounds, use-after-free) on.
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}
