#!/usr/bin/env bash
# CPU throughput and memory of bf16 weight storage (moe-opt --mxa-weights=bf16)
# against f32, and of bf16 expert rows on top of it (bf16x: --mxa-weights=bf16
# --mxa-experts=bf16, moe-experts-to-bf16), on the two small bench models (bench/configs/: DeepSeek-V3-shaped
# hidden 512 / 4 layers / 64 experts top-8 / vocab 32000, and Qwen3-MoE-shaped).
# Each artifact runs with random weights, 2 threads: one sequence (prompt 128,
# 128 new tokens), then a batch of 16 sequences (prompts of 32, 32 new tokens),
# 3 times each, the variants alternating. Prints a markdown table: bound weight
# MiB, peak RSS, and the median prefill and decode tokens/s of the 3 runs.
#   bash bench/bf16_weights.sh [BUILD_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
echo "| model | weights | batch | weight MiB | peak RSS MiB | prefill tokens/s | decode tokens/s |"
echo "|---|---|---|---|---|---|---|"
for model in deepseek_v3_small qwen3_moe_small; do
  for w in f32 bf16; do
    "$BIN/moe-opt" "$ROOT/bench/configs/$model.json" --mxa-weights=$w -o "$TMP/$model.$w.mxa"
  done
  "$BIN/moe-opt" "$ROOT/bench/configs/$model.json" --mxa-weights=bf16 --mxa-experts=bf16 \
    -o "$TMP/$model.bf16x.mxa"
  for batch in 1 16; do
    if [ "$batch" = 1 ]; then args=(--prompt-ids "$(prompt 128 1)" --max-new-tokens 128)
    else
      args=(--max-new-tokens 32)
      for s in $(seq 1 16); do args+=(--prompt-ids "$(prompt 32 "$s")"); done
    fi
    declare -A pre dec mib rss
    for w in f32 bf16 bf16x; do pre[$w]=""; dec[$w]=""; done
    for rep in 1 2 3; do
      for w in f32 bf16 bf16x; do
        out=$("$BIN/moe-run" "$TMP/$model.$w.mxa" --random-weights 1 --threads 2 "${args[@]}")
        mib[$w]=$(sed -n 's/^weights: \([0-9.]*\) MiB.*/\1/p' <<<"$out")
        rss[$w]=$(sed -n 's/^peak memory: \([0-9.]*\) MiB/\1/p' <<<"$out")
        pre[$w]+=" $(rate prefill "$out")"
        dec[$w]+=" $(rate decode "$out")"
      done
    done
    for w in f32 bf16 bf16x; do
      echo "| $model | $w | $batch | ${mib[$w]} | ${rss[$w]} | $(median "${pre[$w]}") | $(median "${dec[$w]}") |"
    done
  done
done
