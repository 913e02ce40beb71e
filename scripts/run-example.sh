#!/usr/bin/env bash
# The main job on a small built-in example: builds moe-opt, parses and
# verifies a tiny DeepSeek-V3-like model written in the moe dialect, prints
# the verified IR and its analysis report.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${MOE_BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/build.sh" >/dev/null
"$BUILD/bin/moe-opt" "$ROOT/examples/tiny_deepseek_v3.mlir"
"$BUILD/bin/moe-opt" "$ROOT/examples/tiny_deepseek_v3.mlir" --moe-report -o /dev/null
