#!/usr/bin/env bash
# Fused vs unfused routing + dispatch on the CPU kernels (see bench_routing.cpp).
# Builds the four kernels it calls (router, dispatch_count, gather_rows, route_dispatch) into one
# shared object exactly as test/kernels/build_and_run.sh builds all of them (mlir-opt with
# lowering/kernels/pipeline.txt, mlir-translate, opt -O3, llc -O3 -mcpu=native, clang -shared),
# compiles the bench with clang++ -O2 -pthread and runs it.
# Run from anywhere: bash bench/routing/run.sh [reps=10]
# Env: LLVM_BIN (default /usr/lib/llvm-22/bin), CLANG/CLANGXX (default clang/clang++), KEEP=1 keeps the temp dir.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LLVM_BIN="${LLVM_BIN:-/usr/lib/llvm-22/bin}"
CLANG="${CLANG:-clang}"
CLANGXX="${CLANGXX:-clang++}"
TMP="$(mktemp -d)"
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "temp dir: $TMP"; fi

K="$ROOT/lowering/kernels"
cat "$K/router.mlir" "$K/dispatch_count.mlir" "$K/gather_rows.mlir" "$K/route_dispatch.mlir" > "$TMP/kernels.mlir"
"$LLVM_BIN/mlir-opt" --pass-pipeline="$(cat "$K/pipeline.txt")" "$TMP/kernels.mlir" -o "$TMP/kernels.llvm.mlir"
"$LLVM_BIN/mlir-translate" --mlir-to-llvmir "$TMP/kernels.llvm.mlir" -o "$TMP/kernels.ll"
TRIPLE=x86_64-unknown-linux-gnu
"$LLVM_BIN/opt" -O3 -mtriple=$TRIPLE -mcpu=native "$TMP/kernels.ll" -o "$TMP/kernels.opt.bc"
"$LLVM_BIN/llc" -O3 -mtriple=$TRIPLE -mcpu=native -relocation-model=pic -filetype=obj \
  "$TMP/kernels.opt.bc" -o "$TMP/kernels.o"
"$CLANG" -shared -fPIC "$TMP/kernels.o" -o "$TMP/libkernels.so" -lm
"$CLANGXX" -O2 -std=c++17 -pthread "$ROOT/bench/routing/bench_routing.cpp" -o "$TMP/bench_routing" -ldl

# Shapes come from these configs (hard-coded in bench_routing.cpp); print the fields for the record.
python3 - "$ROOT/../shared/configs" <<'PY' || true
import json, sys
for f, keys in [("DeepSeek-V3.json", ["hidden_size", "n_routed_experts", "num_experts_per_tok", "scoring_func",
                 "n_group", "topk_group", "topk_method", "norm_topk_prob", "routed_scaling_factor"]),
                ("Qwen3-30B-A3B.json", ["hidden_size", "num_experts", "num_experts_per_tok", "norm_topk_prob"])]:
    c = json.load(open(f"{sys.argv[1]}/{f}"))
    print(f + ":", ", ".join(f"{k}={c.get(k)}" for k in keys))
PY
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$TMP/bench_routing" "$TMP/libkernels.so" "${1:-10}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
