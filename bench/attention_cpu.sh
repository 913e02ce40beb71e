#!/usr/bin/env bash
# CPU attention at a long context: the `attention` launches' time (moe-run --trace, split into
# prefill and decode by bench/attention_trace.py) and the tokens/s of two small models, one
# sequence with a 4096-token prompt, 64 new tokens, random weights, 2 threads:
# bench/configs/qwen3_moe_small.json (GQA, 8 heads on 4 KV heads) and
# bench/configs/deepseek_v3_small.json with --moe-mla-absorb (decode attends 8 heads over one
# latent row). With a second build directory, the same with that build's moe-opt and moe-run
# (a baseline), runs alternating. Each figure is the median of 3 runs (this VM's timings vary by
# up to 2x from run to run). Prints a markdown table.
#   bash bench/attention_cpu.sh [BUILD_DIR [BASELINE_BUILD_DIR]]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
BUILDS=("${1:-$ROOT/build}")
[ $# -ge 2 ] && BUILDS+=("$2")
CTX=4096
NEW=64
ids=$(prompt $CTX 0)
echo "| build | model | prefill attention, s | decode attention, us per launch | prefill tokens/s | decode tokens/s |"
echo "|---|---|---:|---:|---:|---:|"
for model in qwen3_moe_small deepseek_v3_small; do
  flags=()
  [ $model = deepseek_v3_small ] && flags=(--moe-mla-absorb)
  for i in "${!BUILDS[@]}"; do
    "${BUILDS[$i]}/bin/moe-opt" "$ROOT/bench/configs/$model.json" "${flags[@]}" -o "$TMP/$model.$i.mxa"
  done
  declare -A fig=()
  for rep in 1 2 3; do
    for i in "${!BUILDS[@]}"; do
      out=$("${BUILDS[$i]}/bin/moe-run" "$TMP/$model.$i.mxa" --random-weights 1 --prompt-ids "$ids" \
            --max-new-tokens $NEW --threads 2 --trace "$TMP/trace.json")
      read -r _ pre _ dec < <(python3 "$ROOT/bench/attention_trace.py" "$TMP/trace.json" $NEW)
      fig[$i.pre]+=" $(python3 -c "print('%.2f' % ($pre / 1000))")" fig[$i.dec]+=" $dec"
      fig[$i.ptok]+=" $(rate prefill "$out")" fig[$i.dtok]+=" $(rate decode "$out")"
    done
  done
  for i in "${!BUILDS[@]}"; do
    echo "| ${BUILDS[$i]} | $model${flags:+ ${flags[*]}} | $(median "${fig[$i.pre]}") | $(median "${fig[$i.dec]}") |" \
         "$(median "${fig[$i.ptok]}") | $(median "${fig[$i.dtok]}") |"
  done
done
