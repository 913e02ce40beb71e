#!/usr/bin/env bash
# Measured expert load imbalance of expert parallelism over 4 MPI ranks (CPU),
# without and with hot-expert replicas, on a DeepSeek-V3-shaped small model
# (bench/configs/deepseek_v3_small.json: 64 experts top-8, 4 layers, 3 MoE)
# with random weights. Traffic is skewed: prompts draw tokens from a Zipf
# distribution over 64 ids, so a few experts get most rows. Statistics are
# recorded (moe-run --expert-stats) on workload A; the artifacts are compiled
# with contiguous placement and with the balancer (1 and 2 extra slots per
# rank); all are measured on a different workload B of the same kind. Prints
# a markdown table: per MoE layer, max/mean rows per rank as moe-run measures
# it (1.0 = balanced), and the balancer's prediction from A.
#   bash bench/ep_replicas.sh [BUILD_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/build}/bin"
CFG="$ROOT/bench/configs/deepseek_v3_small.json"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN="mpirun --oversubscribe -np 4"
prompts() { # seed -> 8 --prompt-ids flags of 48 Zipf-distributed tokens
  python3 - "$1" <<'PY'
import random, sys
r = random.Random(int(sys.argv[1]))
ids = list(range(100, 164))
w = [1.0 / (i + 1) ** 1.2 for i in range(len(ids))]
print(" ".join("--prompt-ids " + ",".join(str(t) for t in r.choices(ids, w, k=48)) for _ in range(8)))
PY
}
A=$(prompts 1); B=$(prompts 2)
"$BIN/moe-opt" "$CFG" -o "$TMP/ep1.mxa"
"$BIN/moe-run" "$TMP/ep1.mxa" --random-weights 1 $A --max-new-tokens 8 --threads 1 \
  --expert-stats "$TMP/stats.json" > /dev/null
"$BIN/moe-opt" "$CFG" --ep 4 -o "$TMP/contiguous.mxa"
"$BIN/moe-opt" "$CFG" --ep 4 --expert-stats "$TMP/stats.json" --ep-replicas 1 -o "$TMP/replicas1.mxa"
"$BIN/moe-opt" "$CFG" --ep 4 --expert-stats "$TMP/stats.json" --ep-replicas 2 -o "$TMP/replicas2.mxa"
"$BIN/moe-opt" "$CFG" --moe-expert-parallel="ep=4 expert-stats=$TMP/stats.json replicas=2" \
  > "$TMP/replicas2.mlir"
echo "| placement | slots/rank | layer | measured max/mean rows per rank (workload B) | predicted from A (contiguous -> balanced) |"
echo "|---|---|---|---|---|"
for a in contiguous replicas1 replicas2; do
  out=$($MPIRUN "$BIN/moe-run" "$TMP/$a.mxa" --random-weights 1 $B --max-new-tokens 8 --threads 1)
  case $a in contiguous) slots=16 ;; replicas1) slots=17 ;; *) slots=18 ;; esac
  while read -r layer ratio; do
    pred=""
    if [ "$a" = replicas2 ]; then
      pred=$(grep "moe.ep_dispatch.*layer = $layer : i64" "$TMP/replicas2.mlir" | sed -n \
        's/.*moe.ep_load = \([0-9.e+-]*\) : f64, moe.ep_load_contiguous = \([0-9.e+-]*\) : f64.*/\2 -> \1/p' | head -1)
    fi
    echo "| $a | $slots | $layer | $ratio | $pred |"
  done < <(sed -n 's/^ep layer \([0-9]*\): .*(max\/mean \([0-9.]*\)).*/\1 \2/p' <<<"$out")
done
