#!/usr/bin/env bash
# Time `moe-opt` compiling the full 61-layer DeepSeek-V3 config to an .mxa artifact.
#   bench/compile_dsv3.sh [CONFIG] [RUNS]
# CONFIG defaults to ../shared/configs/DeepSeek-V3.json (relative to the repo root), RUNS to 3.
# Prints every wall time, the median and the artifact size.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONFIG=${1:-$ROOT/../shared/configs/DeepSeek-V3.json}
RUNS=${2:-${RUNS:-3}}
MOE_OPT=${MOE_OPT:-$ROOT/build/bin/moe-opt}
OUT=$(mktemp -d)/dsv3.mxa
trap 'rm -rf "$(dirname "$OUT")"' EXIT

times=()
for i in $(seq "$RUNS"); do
  t0=$(date +%s.%N)
  "$MOE_OPT" "$CONFIG" -o "$OUT"
  t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc -l)
  times+=("$t")
  printf 'run %d: %.3f s\n' "$i" "$t"
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
size=$(stat -c %s "$OUT")
printf 'config: %s\nmedian of %d: %.3f s\nartifact: %d bytes (%.1f KiB)\n' "$CONFIG" "$RUNS" "$median" "$size" "$(echo "$size/1024" | bc -l)"
