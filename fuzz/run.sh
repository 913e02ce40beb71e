#!/usr/bin/env bash
# Runs one fuzz target until 10 million executions or SECONDS (default 1800)
# have passed, whichever comes first, on a corpus seeded from the repository's
# fixtures, and prints one summary line. Builds the fuzz preset if needed.
#
#   fuzz/run.sh safetensors|artifact|config [SECONDS] [extra libFuzzer flags]
#
# Crashes land in build-fuzz/crashes/TARGET/ (and fail the run); the log is
# build-fuzz/fuzz-TARGET.log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${1:?usage: fuzz/run.sh safetensors|artifact|config [SECONDS]}"
SECONDS_MAX="${2:-1800}"
shift $(( $# >= 2 ? 2 : 1 ))
case "$TARGET" in
  safetensors) EXTRA=(-max_len=65536) ;;
  artifact) EXTRA=(-max_len=262144) ;;
  config) EXTRA=(-max_len=16384 "-dict=$ROOT/fuzz/config.dict") ;;
  *) echo "fuzz/run.sh: unknown target '$TARGET', expected safetensors, artifact or config" >&2; exit 2 ;;
esac
FUZZ="$ROOT/build-fuzz"
"$ROOT/scripts/deps.sh"
[ -f "$FUZZ/build.ninja" ] || (cd "$ROOT" && cmake --preset fuzz >/dev/null)
cmake --build "$FUZZ" --target moe-fuzzers >/dev/null
"$ROOT/scripts/build.sh" >/dev/null # seeds are compiled by the main build's moe-opt

CORPUS="$FUZZ/corpus/$TARGET"
if [ ! -d "$CORPUS" ]; then
  python3 "$ROOT/fuzz/make_seeds.py" "$ROOT" "$ROOT/build/bin" "$FUZZ/seeds" >/dev/null
  mkdir -p "$CORPUS" && cp "$FUZZ/seeds/$TARGET"/* "$CORPUS"/
fi
mkdir -p "$FUZZ/crashes/$TARGET"
LOG="$FUZZ/fuzz-$TARGET.log"
start=$(date +%s)
set +e
"$FUZZ/bin/moe-fuzz-$TARGET" "$CORPUS" -runs=10000000 -max_total_time="$SECONDS_MAX" \
  -rss_limit_mb=4096 -timeout=25 -print_final_stats=1 \
  -artifact_prefix="$FUZZ/crashes/$TARGET/" "${EXTRA[@]}" "$@" > "$LOG" 2>&1
status=$?
set -e
secs=$(( $(date +%s) - start ))
execs=$(grep -E '^stat::number_of_executed_units' "$LOG" | awk '{print $2}')
rate=$(grep -E '^stat::average_exec_per_sec' "$LOG" | awk '{print $2}')
last=$(grep -E '#[0-9]+.*(cov|ft):' "$LOG" | tail -1)
cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
corp=$(sed -nE 's/.*corp: ([0-9]+\/[0-9A-Za-z]+).*/\1/p' <<<"$last")
files=$(ls "$CORPUS" | wc -l)
echo "fuzz $TARGET: ${execs:-?} executions in ${secs} s (${rate:-?}/s), corpus ${corp:-?} inputs ($files files on disk), coverage ${cov:-?} edges / ${ft:-?} features, exit $status"
if [ $status -ne 0 ]; then
  echo "fuzz $TARGET: FAILED, see $LOG and $FUZZ/crashes/$TARGET/" >&2
  exit $status
fi
