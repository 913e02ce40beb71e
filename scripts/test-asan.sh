#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer
# (CMakePresets.json `asan`, into build-asan/) and runs the whole test suite
# on it; prints "asan: N passed, N failed, N skipped". Any sanitizer report
# aborts the process that made it (-fno-sanitize-recover), so fails its test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-asan"

"$ROOT/scripts/deps.sh"
[ -f "$BUILD/build.ninja" ] || (cd "$ROOT" && cmake --preset asan >/dev/null)
cmake --build "$BUILD" "$@"

LOG="$BUILD/lit.log"
set +e
/usr/lib/llvm-22/bin/lit -sv "$BUILD/test" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e
count() {
  local n
  n=$(grep -E "^\s*$1:" "$LOG" | awk -F: '{print $2}' | awk '{print $1}' | head -1)
  echo "${n:-0}"
}
passed=$(( $(count Passed) + $(count "Expectedly Failed") ))
failed=$(( $(count Failed) + $(count "Unexpectedly Passed") + $(count Unresolved) + $(count "Timed Out") ))
skipped=$(( $(count Unsupported) + $(count Skipped) ))
echo "asan: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
