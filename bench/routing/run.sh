#!/usr/bin/env bash
# Fused vs unfused routing + dispatch on the CPU kernels (see bench_routing.cpp).
# Builds the four kernels it calls (router, dispatch_count, gather_rows, route_dispatch) into one
# shared object with test/kernels/build_kernels_so.sh (as test/kernels/build_and_run.sh does),
# compiles the bench with clang++ -O2 -pthread and runs it.
# Run from anywhere: bash bench/routing/run.sh [reps=10]
# Env: LLVM_BIN (default /usr/lib/llvm-22/bin), CLANG/CLANGXX (default clang/clang++), KEEP=1 keeps the temp dir.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLANGXX="${CLANGXX:-clang++}"
TMP="$(mktemp -d)"
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "temp dir: $TMP"; fi

K="$ROOT/lowering/kernels"
bash "$ROOT/test/kernels/build_kernels_so.sh" "$TMP/libkernels.so" \
  "$K/router.mlir" "$K/dispatch_count.mlir" "$K/gather_rows.mlir" "$K/route_dispatch.mlir"
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
