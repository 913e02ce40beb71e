#!/usr/bin/env bash
# The main job on a small built-in example: builds the tools, prints the
# analysis report of a tiny DeepSeek-V3-like model written in the moe
# dialect, compiles it to an artifact (kernels -> schedule -> x86 machine
# code -> .mxa) and generates from two prompts with moe-run on deterministic
# random weights; then compiles the Qwen3-MoE golden fixture's config.json and
# checks moe-run against the Hugging Face transformers logits.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${MOE_BUILD_DIR:-$ROOT/build}"
OUT="$BUILD/examples"

"$ROOT/scripts/build.sh" >/dev/null
mkdir -p "$OUT"
echo "== moe-opt examples/tiny_deepseek_v3.mlir --moe-report"
"$BUILD/bin/moe-opt" "$ROOT/examples/tiny_deepseek_v3.mlir" --moe-report -o /dev/null
echo "== moe-opt examples/tiny_deepseek_v3.mlir -o $OUT/tiny_deepseek_v3.mxa"
"$BUILD/bin/moe-opt" "$ROOT/examples/tiny_deepseek_v3.mlir" -o "$OUT/tiny_deepseek_v3.mxa"
echo "== moe-run tiny_deepseek_v3.mxa --random-weights 1 (two prompts, 8 new tokens each)"
"$BUILD/bin/moe-run" "$OUT/tiny_deepseek_v3.mxa" --random-weights 1 \
  --prompt-ids 1,2,3,4,5 --prompt-ids 7,8 --max-new-tokens 8
echo "== moe-opt test/golden/qwen3_moe/config.json -o $OUT/qwen3_moe.mxa; moe-run --golden"
"$BUILD/bin/moe-opt" "$ROOT/test/golden/qwen3_moe/config.json" -o "$OUT/qwen3_moe.mxa"
"$BUILD/bin/moe-run" "$OUT/qwen3_moe.mxa" --golden "$ROOT/test/golden/qwen3_moe"
