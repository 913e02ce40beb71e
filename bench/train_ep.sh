#!/usr/bin/env bash
# Expert-parallel training step on a DeepSeek-V3-shaped small model
# (bench/configs/deepseek_v3_small.json: hidden 512, 4 layers (1 dense), MLA,
# 64 experts top-8 with groups, 1 shared expert), one random batch.
#
# Compiles the training step at EP = 1 and EP = 2 (group-aligned placement)
# and runs each with moe-run --train (EP = 2 under mpirun, one rank per
# core, THREADS_EP threads each; EP = 1 with THREADS threads). Prints a
# markdown table: median ms/step over the steps after WARMUP, tokens/s,
# rank 0's arena and training-state MiB (EP = 2: its 32 experts' gradients
# and AdamW moments), and the largest relative difference of the EP = 2 loss
# curve from the EP = 1 one (FAIL above 1e-4).
#
#   bash bench/train_ep.sh
# Environment (defaults): MOE_BUILD_DIR (build), CONFIG, BATCH (2), SEQ (256),
# STEPS (8), WARMUP (2), THREADS (2), THREADS_EP (1).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${MOE_BUILD_DIR:-build}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
CFG="${CONFIG:-$ROOT/bench/configs/deepseek_v3_small.json}"
BATCH="${BATCH:-2}" SEQ="${SEQ:-256}" STEPS="${STEPS:-8}" WARMUP="${WARMUP:-2}"
THREADS="${THREADS:-2}" THREADS_EP="${THREADS_EP:-1}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
T=$((BATCH * SEQ))
run() { # name ep
  local name=$1 ep=$2 extra=()
  [ "$ep" -gt 1 ] && extra=(--ep "$ep" --ep-placement group-aligned)
  "$BUILD/bin/moe-opt" "$CFG" --mode=train --train-max-tokens "$T" \
    "${extra[@]}" -o "$TMP/$name.mxa"
  local cmd=("$BUILD/bin/moe-run" "$TMP/$name.mxa" --train --batch "$BATCH"
    --seq-len "$SEQ" --random-weights 1 --steps "$STEPS"
    --loss-file "$TMP/$name.loss")
  if [ "$ep" -gt 1 ]; then
    mpirun --oversubscribe --allow-run-as-root -np "$ep" "${cmd[@]}" \
      --threads "$THREADS_EP" > "$TMP/$name.log"
  else
    "${cmd[@]}" --threads "$THREADS" > "$TMP/$name.log"
  fi
}
run ep1 1
run ep2 2
python3 - "$TMP" "$WARMUP" "$T" <<'PY'
import re, statistics, sys
tmp, warmup, tokens = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
curves = {}
print("| run | ms/step (median) | tokens/s | arena MiB (rank 0) | states MiB (rank 0) | max rel loss diff vs EP = 1 |")
print("|---|---:|---:|---:|---:|---:|")
ok = True
for name in ("ep1", "ep2"):
    log = open(f"{tmp}/{name}.log").read()
    ms = [float(m) for m in re.findall(r"^step \d+: loss \S+ \(([\d.]+) ms\)", log, re.M)]
    med = statistics.median(ms[warmup:])
    arena, states = re.search(r"arena ([\d.]+) MiB.*states ([\d.]+) MiB", log).groups()
    curves[name] = [float(x) for x in open(f"{tmp}/{name}.loss")]
    diff = max(abs(a - b) / abs(a) for a, b in zip(curves["ep1"], curves[name]))
    ok &= diff <= 1e-4
    label = "EP = 1 (one process)" if name == "ep1" else "EP = 2 (mpirun, group-aligned)"
    print(f"| {label} | {med:.1f} | {tokens / med * 1e3:.0f} | {arena} | {states} | {diff:.2g} |")
print("losses:", " ".join(f"{x:.4f}" for x in curves["ep2"]))
if not ok:
    print("FAIL: the EP = 2 loss curve differs from EP = 1 by more than 1e-4")
    sys.exit(1)
PY
