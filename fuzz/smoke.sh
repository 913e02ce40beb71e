#!/usr/bin/env bash
# CI's short check of the fuzz targets: builds them (preset `fuzz`) and runs
# each for a fixed number of inputs with a fixed seed from the seed corpus
# (reproducible), failing on any crash. The long runs are fuzz/run.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$ROOT/build-fuzz"
RUNS="${FUZZ_SMOKE_RUNS:-20000}"

"$ROOT/scripts/deps.sh"
[ -f "$FUZZ/build.ninja" ] || (cd "$ROOT" && cmake --preset fuzz >/dev/null)
cmake --build "$FUZZ" --target moe-fuzzers
rm -rf "$FUZZ/smoke" && mkdir -p "$FUZZ/smoke"
python3 "$ROOT/fuzz/make_seeds.py" "$ROOT" "$ROOT/build/bin" "$FUZZ/smoke/seeds"
status=0
for target in safetensors artifact config; do
  runs=$RUNS
  [ "$target" = artifact ] && runs=$(( RUNS / 20 )) # 200 KB inputs
  extra=()
  [ "$target" = config ] && extra=("-dict=$ROOT/fuzz/config.dict")
  mkdir -p "$FUZZ/smoke/$target"
  if "$FUZZ/bin/moe-fuzz-$target" "$FUZZ/smoke/$target" "$FUZZ/smoke/seeds/$target" \
      -runs="$runs" -seed=1 -rss_limit_mb=4096 -timeout=25 "${extra[@]}" \
      -artifact_prefix="$FUZZ/smoke/$target-" > "$FUZZ/smoke/$target.log" 2>&1; then
    echo "fuzz smoke $target: $runs inputs, no crash"
  else
    echo "fuzz smoke $target: FAILED (see $FUZZ/smoke/$target.log)"
    tail -30 "$FUZZ/smoke/$target.log"
    status=1
  fi
done
exit $status
