# Shared set-up of the CPU bench scripts, sourced after `set -euo pipefail` (the script's $1:
# the build directory, default build/): ROOT, BIN, a temporary directory TMP removed at exit,
# prompt N SEED (N token ids, comma-separated, deterministic in SEED, vocabulary 32000),
# median "X Y Z" (the middle of three numbers) and rate prefill|decode "$OUT" (the tokens/s of
# that phase in moe-run's summary OUT).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/build}/bin"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
prompt() { python3 -c "print(','.join(str(($2 + i * 7919) % 32000) for i in range($1)))"; }
median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | sed -n 2p; }
rate() { sed -n "s/^$1: .*(\(.*\) tokens\/s)/\1/p" <<<"$2"; }
