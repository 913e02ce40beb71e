#!/usr/bin/env bash
# Overlap of the expert all-to-all with computation (moe-overlap-a2a) on CPU
# under mpirun, DeepSeek-V3-shaped small model (bench/configs/
# deepseek_v3_small.json: 64 experts top-8, H 512, 3 MoE layers), random
# weights, one thread per rank. For EP = 2 and 4 and several batches (16
# sequences of P prompt tokens, then D decode steps), runs the blocking
# schedule and two micro-batches and prints a markdown table: rank 0's
# prefill and decode wall time (best of 3), for the blocking schedule the
# MoE-layer time and the share of it spent in exchanges, for both the time
# every micro-batch waited (bench/overlap_trace.py on --trace), the measured
# ratio and the cost model's predicted ratio (moe-overlap-a2a
# print-cost-model with bench/targets/cpu-dev.json) at the per-rank tokens
# of a call of the phase. 4 ranks share the 2 cores (oversubscribed).
#   bash bench/overlap.sh [BUILD_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/build}/bin"
CFG="$ROOT/bench/configs/deepseek_v3_small.json"
TARGET="$ROOT/bench/targets/cpu-dev.json"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
prompts() { # count length -> --prompt-ids flags
  python3 -c "
import random, sys
r = random.Random(7)
print(' '.join('--prompt-ids ' + ','.join(str(r.randrange(2, 1000)) for _ in range($2)) for _ in range($1)))"
}
secs() { sed -nE "s/^$1: [0-9]+ tokens in ([0-9.]+) s.*/\1/p" "$2"; }
echo "| EP | sequences x prompt, decode steps | schedule | prefill s | decode s | MoE-layer ms | exchange share of MoE-layer time | exposed wait ms | measured 2 mb / blocking (prefill / decode) | predicted t2/t1 (prefill / decode) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for ep in 2 4; do
  "$BIN/moe-opt" "$CFG" --ep "$ep" -o "$TMP/blocking.mxa"
  "$BIN/moe-opt" "$CFG" --ep "$ep" --overlap-a2a 2 -o "$TMP/mb2.mxa"
  for shape in "16 8 8" "16 32 8" "16 64 4"; do
    set -- $shape
    seqs=$1 len=$2 steps=$3
    args="--random-weights 1 --threads 1 --max-new-tokens $steps $(prompts "$seqs" "$len")"
    # The model's view: per-rank tokens of the largest prefill call and of decode.
    pT=$(( seqs / ep * len > 256 ? 256 : seqs / ep * len )); dT=$(( seqs / ep ))
    pred=$("$BIN/moe-opt" "$CFG" --moe-fuse-route-dispatch --moe-expert-parallel=ep=$ep \
      "--moe-overlap-a2a=micro-batches=auto target=$TARGET print-cost-model=true prefill-max-tokens=256 decode-max-tokens=64" \
      | awk -v p="$pT" -v d="$dT" '
          # "phase T=n: 1 micro-batch t1 s, 2 micro-batches t2 s -> decision"
          /^moe-overlap-a2a:/ {
            split($3, a, "="); t = a[2] + 0; r = sprintf("%.2f", $10 / $6)
            if ($2 == "prefill" && t <= p) pre = r
            if ($2 == "decode" && t <= d) dec = r
          }
          END { print pre " / " dec }')
    for sched in blocking mb2; do
      best=""
      for rep in 1 2 3; do
        mpirun --oversubscribe -np "$ep" "$BIN/moe-run" "$TMP/$sched.mxa" $args \
          --trace "$TMP/t.json" > "$TMP/out.txt"
        p=$(secs prefill "$TMP/out.txt"); d=$(secs decode "$TMP/out.txt")
        layer=$(python3 "$ROOT/bench/overlap_trace.py" "$TMP/t.json")
        line="$p $d $layer"
        # Keep the repetition with the least prefill + decode time.
        if [ -z "$best" ] || awk -v a="$p" -v b="$d" -v c="$best" 'BEGIN { split(c, x, " "); exit !(a + b < x[1] + x[2]) }'; then
          best="$line"
        fi
      done
      set -- $best
      if [ "$sched" = blocking ]; then
        bp=$1 bd=$2 ratio="-" predicted="-" layer="$4" share="$6"
      else
        ratio=$(awk -v a="$1" -v b="$bp" -v c="$2" -v d="$bd" 'BEGIN { printf "%.2f / %.2f", a / b, c / d }')
        predicted="$pred" layer="-" share="-"
      fi
      echo "| $ep | $seqs x $len, $steps | $sched | $1 | $2 | $layer | $share | $8 | $ratio | $predicted |"
    done
  done
done
