#!/usr/bin/env bash
# CPU prefill throughput with the logits of each prompt's last token only (moe-run's
# default: the LM head's GEMM on those rows, Model::run's logitRows) against every prompt
# row (--all-logits, what a golden comparison or --dump-logits needs). Models: the two
# small bench models (bench/configs/, vocab 32000, hidden 512), random weights, 2 threads,
# 32 new tokens; prompts of 128 tokens, one sequence and a batch of 8. Each variant runs 3
# times, alternating; prints a markdown table of the median prefill tokens/s and checks
# that both variants generate the same tokens.
#   bash bench/logit_rows.sh [BUILD_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
echo "| model | prompts x tokens | logits | prefill tokens/s (median of 3) | same tokens |"
echo "|---|---|---|---|---|"
for model in qwen3_moe_small deepseek_v3_small; do
  "$BIN/moe-opt" "$ROOT/bench/configs/$model.json" -o "$TMP/$model.mxa"
  for batch in 1 8; do
    args=(--random-weights 1 --threads 2 --max-new-tokens 32)
    for s in $(seq 1 "$batch"); do args+=(--prompt-ids "$(prompt 128 "$s")"); done
    declare -A pre seqs
    pre[last]=""; pre[all]=""
    for rep in 1 2 3; do
      for v in last all; do
        flag=(); [ "$v" = all ] && flag=(--all-logits)
        out=$("$BIN/moe-run" "$TMP/$model.mxa" "${args[@]}" "${flag[@]}")
        pre[$v]+=" $(rate prefill "$out")"
        seqs[$v]=$(grep '^seq' <<<"$out")
      done
    done
    same=$([ "${seqs[last]}" = "${seqs[all]}" ] && echo yes || echo NO)
    echo "| $model | $batch x 128 | last row of each prompt | $(median "${pre[last]}") | $same |"
    echo "| $model | $batch x 128 | every row (--all-logits) | $(median "${pre[all]}") | $same |"
  done
done
