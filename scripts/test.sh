#!/usr/bin/env bash
# Builds everything and runs every test (lit + FileCheck), then prints one
# summary line "N passed, N failed, N skipped". Exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${MOE_BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/build.sh" "$@"

LOG="$BUILD/lit.log"
set +e
/usr/lib/llvm-22/bin/lit -sv "$BUILD/test" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e

count() {
  local n
  n=$(grep -E "^\s*$1\s*:" "$LOG" | awk -F: '{print $2}' | awk '{print $1}' | head -1)
  echo "${n:-0}"
}
passed=$(( $(count Passed) + $(count "Expectedly Failed") ))
failed=$(( $(count Failed) + $(count "Unexpectedly Passed") + $(count Unresolved) + $(count "Timed Out") ))
skipped=$(( $(count Unsupported) + $(count Skipped) ))
echo "${MOE_TEST_LABEL:-}${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
