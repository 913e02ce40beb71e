#!/usr/bin/env bash
# CPU decode (and prefill) throughput of a DeepSeek-V3-shaped small model
# (bench/configs/deepseek_v3_small.json: hidden 512, 4 layers, 8 heads, MLA
# kv_lora 128 / nope 64 / rope 32 / v 64, 64 experts top-8) with and without
# moe-mla-absorb, at two prompt lengths (the decode context), one sequence,
# random weights, 2 threads. Prints a markdown table.
#   bash bench/mla_absorb.sh [BUILD_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CFG="$ROOT/bench/configs/deepseek_v3_small.json"
NEW=64
"$BIN/moe-opt" "$CFG" -o "$TMP/naive.mxa"
"$BIN/moe-opt" "$CFG" --moe-mla-absorb -o "$TMP/absorbed.mxa"
"$BIN/moe-opt" "$CFG" --moe-mla-absorb=prefill=absorbed -o "$TMP/absorbed-prefill.mxa"
echo "| artifact | context | cache bytes/token | prefill tokens/s | decode tokens/s |"
echo "|---|---|---|---|---|"
for ctx in 512 4096; do
  ids=$(prompt "$ctx" 0)
  for a in naive absorbed absorbed-prefill; do
    out=$("$BIN/moe-run" "$TMP/$a.mxa" --random-weights 1 --prompt-ids "$ids" \
          --max-new-tokens $NEW --threads 2)
    pre=$(rate prefill "$out")
    dec=$(rate decode "$out")
    cache=$(sed -n 's/^kv cache: .*), \([0-9]*\) bytes per token.*/\1/p' <<<"$out")
    echo "| $a | $ctx | $cache | $pre | $dec |"
  done
done
