#!/usr/bin/env bash
# Overlap of the expert all-to-all with computation (moe-overlap-a2a) on CPU
# under mpirun, DeepSeek-V3-shaped small model (bench/configs/
# deepseek_v3_small.json: 64 experts top-8, H 512, 3 MoE layers), random
# weights, one thread per rank. For EP = 2 and 4 and several batches (16
# sequences of P prompt tokens, then D decode steps), runs the blocking
# schedule and two micro-batches and prints a markdown table: rank 0's
# prefill and decode wall time, the MoE-layer time and the share of it spent
# waiting for exchanges (bench/overlap_trace.py on --trace), and the cost
# model's prediction (moe-overlap-a2a print-cost-model with
# bench/targets/cpu-dev.json) for the per-rank tokens of the phase.
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
echo "| EP | sequences x prompt, decode steps | schedule | prefill s | decode s | MoE layer ms (rank mean) | exchange wait share | cost model (prefill T/rank, decode T/rank) |"
echo "|---|---|---|---|---|---|---|---|"
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
          /prefill T=/ { split($3, a, "="); t = a[2] + 0; if (t <= p) pre = $NF " (T=" t ")" }
          /decode T=/  { split($3, a, "="); t = a[2] + 0; if (t <= d) dec = $NF " (T=" t ")" }
          END { print pre ", " dec }')
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
      echo "| $ep | $seqs x $len, $steps | $sched | $1 | $2 | $4 | $6 | $pred |"
    done
  done
done
