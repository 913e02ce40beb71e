#!/usr/bin/env bash
# Builds every lowering/kernels/*.mlir into one shared object
# (test/kernels/build_kernels_so.sh) and runs test/kernels/KernelTest.cpp
# against it. Run from anywhere: bash test/kernels/build_and_run.sh [--block|--narrow]
# --block: the kernels' CUDA block versions, emulated on the CPU (BlockEmu.h),
# replace the CPU kernels that have one; needs MOE_OPT (default build/bin/moe-opt).
# --narrow: the narrow-register GEMMs (lowering/kernels/narrow/) replace theirs.
# The kernels the compiler derives (no source file) come from MOE_OPT_VARIANTS (default:
# moe-opt on PATH, else build/bin/moe-opt).
# Env: LLVM_BIN (default /usr/lib/llvm-22/bin), CLANG/CLANGXX (default clang/clang++),
#      KEEP=1 keeps the temp dir.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLANGXX="${CLANGXX:-clang++}"
TMP="$(mktemp -d)"
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "temp dir: $TMP"; fi
NICE="nice -n 10"

if [ "${1:-}" = --block ]; then
  export MOE_OPT="${MOE_OPT:-$ROOT/build/bin/moe-opt}"
fi
if [ "${1:-}" = --narrow ]; then
  export NARROW=1
  shift
fi
# The kernels derived in the compiler (build_kernels_so.sh) come from moe-opt.
if command -v moe-opt > /dev/null; then
  export MOE_OPT_VARIANTS="${MOE_OPT_VARIANTS:-moe-opt}"
else
  export MOE_OPT_VARIANTS="${MOE_OPT_VARIANTS:-$ROOT/build/bin/moe-opt}"
fi
NICE="$NICE" bash "$ROOT/test/kernels/build_kernels_so.sh" "$TMP/libkernels.so"
# -rdynamic: the emulated block kernels call BlockEmu.h's mxemu_* functions.
$NICE "$CLANGXX" -O2 -std=c++17 -rdynamic -I "$ROOT" "$ROOT/test/kernels/KernelTest.cpp" -o "$TMP/kernel_test" -ldl
"$TMP/kernel_test" "$TMP/libkernels.so" "$@"
