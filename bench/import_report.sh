#!/usr/bin/env bash
# Times `moe-opt <config> --moe-report` (import + verify + analysis) on the
# full published configs; prints the best and median of N runs per config.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOE_OPT="${MOE_OPT:-$ROOT/build/bin/moe-opt}"
RUNS="${RUNS:-10}"
printf "%-32s %10s %10s\n" "config" "best_s" "median_s"
for cfg in "$ROOT"/test/frontends/hf/Inputs/configs/*.json; do
  times=()
  for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N)
    "$MOE_OPT" "$cfg" --moe-report >/dev/null
    e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc -l)")
  done
  sorted=$(printf "%s\n" "${times[@]}" | sort -g)
  best=$(echo "$sorted" | head -1)
  median=$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf "%-32s %10.3f %10.3f\n" "$(basename "$cfg")" "$best" "$median"
done
