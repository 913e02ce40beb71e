#!/usr/bin/env bash
# CPU prefill and decode throughput with the GEMM kernels' wide register tiles (4 x 4
# vector<16xf32> accumulators: 32 vector registers, AVX-512) against the narrow ones (2 x 2,
# lowering/kernels/narrow/), moe-opt --mxa-cpu-tiles=wide|narrow. On an x86 CPU without
# AVX-512 the wide tiles spill in their K loop (a vector<16xf32> takes 2 of AVX2's 16 ymm) and
# auto takes the narrow ones. Models: the two small bench models (bench/configs/), random
# weights, 128-token prompts (1 and 8 sequences), 32 new tokens, 1 and 2 threads; each variant
# 3 times alternating; median tokens/s; and whether both generate the same tokens.
#   bash bench/cpu_tiles.sh [BUILD_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
echo "| model | prompts x tokens | threads | tiles | prefill tokens/s | decode tokens/s | same tokens |"
echo "|---|---|---|---|---|---|---|"
for model in qwen3_moe_small deepseek_v3_small; do
  for t in wide narrow; do
    "$BIN/moe-opt" "$ROOT/bench/configs/$model.json" --mxa-cpu-tiles=$t -o "$TMP/$model.$t.mxa"
  done
  for batch in 1 8; do
    for threads in 1 2; do
      args=(--random-weights 1 --threads "$threads" --max-new-tokens 32)
      for s in $(seq 1 "$batch"); do args+=(--prompt-ids "$(prompt 128 "$s")"); done
      declare -A pre dec seqs
      for t in wide narrow; do pre[$t]=""; dec[$t]=""; done
      for rep in 1 2 3; do
        for t in wide narrow; do
          out=$("$BIN/moe-run" "$TMP/$model.$t.mxa" "${args[@]}")
          pre[$t]+=" $(rate prefill "$out")"
          dec[$t]+=" $(rate decode "$out")"
          seqs[$t]=$(grep '^seq' <<<"$out")
        done
      done
      same=$([ "${seqs[wide]}" = "${seqs[narrow]}" ] && echo yes || echo NO)
      for t in wide narrow; do
        echo "| $model | $batch x 128 | $threads | $t | $(median "${pre[$t]}") | $(median "${dec[$t]}") | $same |"
      done
    done
  done
done
