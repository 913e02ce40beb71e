#!/usr/bin/env bash
# CPU decode throughput and memory of bf16 KV caches (moe-opt --mxa-kv-cache=bf16,
# moe-kv-cache-to-bf16) against f32 caches, at long contexts where decode attention reads
# the whole cache every step. Models: the two small bench models (bench/configs/):
# DeepSeek-V3-shaped with MLA absorbed (a latent cache row of 128 + 32 per layer and token),
# and Qwen3-MoE-shaped (GQA, K and V of 4 KV heads x 64).
# Each artifact runs with random weights, 2 threads: a batch of 8 sequences with prompts of
# 2048 tokens and 32 new tokens, 3 times, the two variants alternating. Prints a markdown
# table: the cache bytes per token (moe-run's summary), peak RSS, and the median prefill and
# decode tokens/s of the 3 runs.
#   bash bench/kv_cache_bf16.sh [BUILD_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
args=(--max-new-tokens 32)
for s in $(seq 1 8); do args+=(--prompt-ids "$(prompt 2048 "$s")"); done
echo "| model | kv cache | cache bytes per token | peak RSS MiB | prefill tokens/s | decode tokens/s |"
echo "|---|---|---|---|---|---|"
for model in deepseek_v3_small qwen3_moe_small; do
  extra=()
  [ "$model" = deepseek_v3_small ] && extra=(--moe-mla-absorb)
  for c in f32 bf16; do
    "$BIN/moe-opt" "$ROOT/bench/configs/$model.json" "${extra[@]}" --mxa-kv-cache=$c \
      -o "$TMP/$model.$c.mxa"
  done
  declare -A pre dec bpt rss
  for c in f32 bf16; do pre[$c]=""; dec[$c]=""; done
  for rep in 1 2 3; do
    for c in f32 bf16; do
      out=$("$BIN/moe-run" "$TMP/$model.$c.mxa" --random-weights 1 --threads 2 "${args[@]}")
      bpt[$c]=$(sed -n 's/^kv cache: .*, \([0-9]*\) bytes per token.*/\1/p' <<<"$out")
      rss[$c]=$(sed -n 's/^peak memory: \([0-9.]*\) MiB/\1/p' <<<"$out")
      pre[$c]+=" $(rate prefill "$out")"
      dec[$c]+=" $(rate decode "$out")"
    done
  done
  for c in f32 bf16; do
    echo "| $model | $c | ${bpt[$c]} | ${rss[$c]} | $(median "${pre[$c]}") | $(median "${dec[$c]}") |"
  done
done
