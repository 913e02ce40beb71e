#!/usr/bin/env bash
# Builds every lowering/kernels/*.mlir into one shared object through the
# pipeline in lowering/kernels/pipeline.txt and runs test/kernels/KernelTest.cpp
# against it. Run from anywhere: bash test/kernels/build_and_run.sh
# Env: LLVM_BIN (default /usr/lib/llvm-22/bin), CLANG/CLANGXX (default clang/clang++),
#      KEEP=1 keeps the temp dir.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LLVM_BIN="${LLVM_BIN:-/usr/lib/llvm-22/bin}"
CLANG="${CLANG:-clang}"
CLANGXX="${CLANGXX:-clang++}"
TMP="$(mktemp -d)"
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "temp dir: $TMP"; fi
NICE="nice -n 10"

# One module: the kernel files are module bodies, so concatenation is a module.
cat "$ROOT"/lowering/kernels/*.mlir > "$TMP/kernels.mlir"
PIPELINE="$(cat "$ROOT/lowering/kernels/pipeline.txt")"
$NICE "$LLVM_BIN/mlir-opt" --pass-pipeline="$PIPELINE" "$TMP/kernels.mlir" -o "$TMP/kernels.llvm.mlir"
$NICE "$LLVM_BIN/mlir-translate" --mlir-to-llvmir "$TMP/kernels.llvm.mlir" -o "$TMP/kernels.ll"
# clang-14 cannot read LLVM 22 IR: optimise and code-generate with LLVM 22's opt/llc,
# then let clang link the object into a shared library (libm for expf/cosf/...).
TRIPLE=x86_64-unknown-linux-gnu
$NICE "$LLVM_BIN/opt" -O3 -mtriple=$TRIPLE -mcpu=native "$TMP/kernels.ll" -o "$TMP/kernels.opt.bc"
$NICE "$LLVM_BIN/llc" -O3 -mtriple=$TRIPLE -mcpu=native -relocation-model=pic -filetype=obj \
  "$TMP/kernels.opt.bc" -o "$TMP/kernels.o"
$NICE "$CLANG" -shared -fPIC "$TMP/kernels.o" -o "$TMP/libkernels.so" -lm
$NICE "$CLANGXX" -O2 -std=c++17 "$ROOT/test/kernels/KernelTest.cpp" -o "$TMP/kernel_test" -ldl
"$TMP/kernel_test" "$TMP/libkernels.so"
