#!/usr/bin/env bash
# Builds CPU kernels of lowering/kernels/ into one shared object, outside the
# compiler: mlir-opt with lowering/kernels/pipeline.txt, mlir-translate, then
# LLVM 22's opt -O3 / llc -O3 for this CPU (clang-14 cannot read LLVM 22 IR),
# and clang links the object (libm for expf/cosf/...).
#   build_kernels_so.sh OUT.so [KERNEL.mlir ...]   (default: every kernel)
# Env: LLVM_BIN (default /usr/lib/llvm-22/bin), CLANG (default clang), NICE.
#   NARROW=1 (every kernel): the narrow-register versions of lowering/kernels/narrow/
#   in place of the kernels of the same name.
#   Built from every kernel (no KERNEL.mlir given), the kernels the compiler derives
#   without a source file of their own (the bf16-storage variants of
#   moe-kv-cache-to-bf16) come too, inserted by moe-opt --moe-insert-kernels: needs
#   MOE_OPT or MOE_OPT_VARIANTS (a moe-opt).
#   MOE_OPT=path/to/moe-opt: also emulated CPU versions of the kernels' CUDA block
#   versions (moe-kernels-to-gpu, then moe-gpu-blocks-to-cpu: @mxemu_<name>; they
#   call the mxemu_* functions of tools/cuda-emu/BlockEmu.h, resolved at dlopen),
#   and every kernel's memref accesses bounds-checked (generate-runtime-verification).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LLVM_BIN="${LLVM_BIN:-/usr/lib/llvm-22/bin}"
CLANG="${CLANG:-clang}"
NICE="${NICE:-}"
OUT="$1"; shift
DERIVED=""
if [ $# -eq 0 ]; then
  set -- "$ROOT"/lowering/kernels/*.mlir
  DERIVED="kv_store_cbf16,attention_kvbf16,kv_load_cbf16"
  if [ "${NARROW:-0}" = 1 ]; then
    files=()
    for f in "$@"; do
      n="$ROOT/lowering/kernels/narrow/$(basename "$f")"
      if [ -f "$n" ]; then files+=("$n"); else files+=("$f"); fi
    done
    set -- "${files[@]}"
  fi
fi
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
# One module: the kernel files are module bodies, so concatenation is a module.
cat "$@" > "$WORK/kernels.mlir"
if [ -n "$DERIVED" ]; then
  INSERT_OPT="${MOE_OPT:-${MOE_OPT_VARIANTS:-}}"
  if [ -z "$INSERT_OPT" ]; then
    echo "build_kernels_so.sh: set MOE_OPT or MOE_OPT_VARIANTS (a moe-opt, for the derived kernels $DERIVED)" >&2
    exit 1
  fi
  $NICE "$INSERT_OPT" --moe-insert-kernels="names=$DERIVED" "$WORK/kernels.mlir" -o "$WORK/all.mlir"
  mv "$WORK/all.mlir" "$WORK/kernels.mlir"
fi
if [ -n "${MOE_OPT:-}" ]; then
  # moe-kernels-to-gpu takes the functions marked moe.kernel (as the compiler marks
  # the library kernels it inserts); all-variants: every block variant (attention_tiled
  # and attention_tc), each tested.
  sed 's/attributes {llvm.emit_c_interface}/attributes {moe.kernel, llvm.emit_c_interface}/' \
    "$WORK/kernels.mlir" > "$WORK/marked.mlir"
  # generate-runtime-verification: every memref access is bounds-checked against
  # its view (an out-of-bounds access prints the op and its location, and aborts).
  $NICE "$MOE_OPT" --moe-kernels-to-gpu=all-variants --moe-gpu-blocks-to-cpu "$WORK/marked.mlir" \
    | $NICE "$LLVM_BIN/mlir-opt" --generate-runtime-verification -o "$WORK/kernels.mlir"
fi
$NICE "$LLVM_BIN/mlir-opt" --pass-pipeline="$(cat "$ROOT/lowering/kernels/pipeline.txt")" \
  "$WORK/kernels.mlir" -o "$WORK/kernels.llvm.mlir"
$NICE "$LLVM_BIN/mlir-translate" --mlir-to-llvmir "$WORK/kernels.llvm.mlir" -o "$WORK/kernels.ll"
TRIPLE=x86_64-unknown-linux-gnu
$NICE "$LLVM_BIN/opt" -O3 -mtriple=$TRIPLE -mcpu=native "$WORK/kernels.ll" -o "$WORK/kernels.opt.bc"
$NICE "$LLVM_BIN/llc" -O3 -mtriple=$TRIPLE -mcpu=native -relocation-model=pic -filetype=obj \
  "$WORK/kernels.opt.bc" -o "$WORK/kernels.o"
# compiler-rt's builtins (LLVM 22's; clang-14's lack __truncsfbf2, which llc
# calls for bf16 on CPUs without AVX512-BF16), as moe-opt links them.
BUILTINS="$(ls "$LLVM_BIN"/../lib/clang/*/lib/linux/libclang_rt.builtins-x86_64.a | head -1)"
$NICE "$CLANG" -shared -fPIC "$WORK/kernels.o" "$BUILTINS" -o "$OUT" -lm
