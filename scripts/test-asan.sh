#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer
# (CMakePresets.json `asan`, into build-asan/) and runs the whole test suite
# on it (scripts/test.sh on that build); prints "asan: N passed, N failed,
# N skipped". Any sanitizer report aborts the process that made it
# (-fno-sanitize-recover), so fails its test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/deps.sh"
[ -f "$ROOT/build-asan/build.ninja" ] || (cd "$ROOT" && cmake --preset asan >/dev/null)
MOE_BUILD_DIR="$ROOT/build-asan" MOE_TEST_LABEL="asan: " exec "$ROOT/scripts/test.sh" "$@"
