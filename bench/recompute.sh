#!/usr/bin/env bash
# Activation recomputation (moe-recompute) on a DeepSeek-V3-shaped small model
# (bench/configs/deepseek_v3_small.json: hidden 512, 4 layers (1 dense), MLA,
# 64 experts top-8 with groups, 1 shared expert), one fixed training batch.
#
# Compiles a training step (moe-opt --mode=train) with --recompute = none,
# deepseek-v3, kimi-k2, full, and the pass with byte budgets: the exact stash of
# the deepseek-v3 and kimi-k2 presets (the pass at the preset's memory), and
# 75% / 50% / 25% of the no-recompute stash. Runs each with moe-run --train
# (random weights, one random batch, STEPS steps, the first WARMUP not timed)
# and prints a markdown table: activations kept (report's prediction and
# moe-run's measurement), arena, median ms/step (and the 25th-75th percentile
# of the per-step times), the extra time over `none`, the report's predicted
# recompute time, whether the losses are bitwise those of `none`, and the CPU
# load other processes put on the machine during the runs (see QUIET_MAX).
# Every artifact runs ROUNDS times, round-robin (so slow drift on a shared
# machine hits all rows alike; even rounds in reverse order), and the timed
# steps are pooled. Last, the pass at each preset's memory is compared with the
# preset round by round (they run next to each other): differences of the
# per-round medians. A run takes about 9 x ROUNDS x 17 s on the dev VM.
#
# Checks (each failure prints a FAIL line; exit status 1 if any):
#   measured kept bytes == the report's "kept for the backward" bytes;
#   kept bytes <= the budget for the budget rows;
#   the loss file of every run is bitwise identical to the `none` one.
#
#   bash bench/recompute.sh
#   MOE_BUILD_DIR=build-rt ROUNDS=5 bash bench/recompute.sh
# Environment (defaults): MOE_BUILD_DIR (build, relative to the repository
# root unless absolute), CONFIG (bench/configs/deepseek_v3_small.json),
# BATCH (2), SEQ (256), STEPS (12), WARMUP (2), THREADS (2), ROUNDS (3),
# SEED (1, random weights), QUIET_MAX (900 s), QUIET_CORES (0.05),
# NOISE_MAX (0.10 cores), RETRIES (3), TARGET (empty: moe-opt's default
# cost-model target; else passed as --recompute-target), KEEP_TMP (0; 1 keeps
# the temp dir).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${MOE_BUILD_DIR:-build}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
CFG="${CONFIG:-$ROOT/bench/configs/deepseek_v3_small.json}"
BATCH="${BATCH:-2}"; SEQ="${SEQ:-256}"; STEPS="${STEPS:-12}"; WARMUP="${WARMUP:-2}"
THREADS="${THREADS:-2}"; ROUNDS="${ROUNDS:-3}"; SEED="${SEED:-1}"; TARGET="${TARGET:-}"
MAXTOK=$((BATCH * SEQ))
(( STEPS > WARMUP )) || { echo "STEPS ($STEPS) must exceed WARMUP ($WARMUP)" >&2; exit 2; }

TMP="$(mktemp -d)"
if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "temp dir: $TMP" >&2
else trap 'rm -rf "$TMP"' EXIT; fi

# Snapshot the binaries: the build directory may be rebuilt while this runs.
for b in moe-opt moe-run; do
  [[ -x "$BUILD/bin/$b" ]] || { echo "missing $BUILD/bin/$b" >&2; exit 2; }
  cp "$BUILD/bin/$b" "$TMP/$b"
done
OPT="$TMP/moe-opt"; RUN="$TMP/moe-run"
TARGET_ARGS=()
[[ -n "$TARGET" ]] && TARGET_ARGS=(--recompute-target "$TARGET")

FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

# compile NAME RECOMPUTE: NAME.mxa and NAME.rep (the --recompute-report)
compile() {
  "$OPT" "$CFG" --mode=train --train-max-tokens "$MAXTOK" --recompute="$2" \
    "${TARGET_ARGS[@]}" --recompute-report="$TMP/$1.rep" -o "$TMP/$1.mxa"
}
# Figures from a report: kept bytes / predicted recompute us / bytes without recompute.
rep_kept() { sed -n 's/^ *kept for the backward: \([0-9]*\) bytes.*/\1/p' "$TMP/$1.rep"; }
rep_us() { sed -n 's/^ *predicted recompute time: \([0-9.]*\) us per step.*/\1/p' "$TMP/$1.rep"; }
rep_total() { sed -n 's/.* of \([0-9]*\) without recompute.*/\1/p' "$TMP/$1.rep"; }

# Rows: name, --recompute value, budget ("-" for presets).
NAMES=(); VALUES=(); BUDGETS=()
row() { NAMES+=("$1"); VALUES+=("$2"); BUDGETS+=("$3"); }

echo "compiling ($CFG, train-max-tokens $MAXTOK)..." >&2
compile none none
compile deepseek-v3 deepseek-v3
compile kimi-k2 kimi-k2
compile full full
TOTAL=$(rep_total none)
DS_KEPT=$(rep_kept deepseek-v3); KIMI_KEPT=$(rep_kept kimi-k2)
[[ -n "$TOTAL" && -n "$DS_KEPT" && -n "$KIMI_KEPT" ]] || { echo "cannot parse the reports" >&2; exit 2; }
row none none -
row deepseek-v3 deepseek-v3 -
row "pass @ deepseek-v3" "$DS_KEPT" "$DS_KEPT"
row kimi-k2 kimi-k2 -
row "pass @ kimi-k2" "$KIMI_KEPT" "$KIMI_KEPT"
row full full -
for pct in 75 50 25; do
  b=$((TOTAL * pct / 100))
  row "pass @ ${pct}%" "$b" "$b"
done
for i in "${!NAMES[@]}"; do
  [[ "${BUDGETS[$i]}" == - ]] && continue
  compile "r$i" "${VALUES[$i]}"
done
for i in "${!NAMES[@]}"; do
  [[ "${BUDGETS[$i]}" == - ]] && F[$i]="${VALUES[$i]}" || F[$i]="r$i"
done

# Machine noise: this VM is shared. Before each run, wait (up to QUIET_MAX s)
# until the CPUs are idle; after it, the CPU time the rest of the machine used
# during the run is (busy jiffies of /proc/stat) - (moe-run's user + sys time);
# a run where that exceeds NOISE_MAX cores on average is repeated (at most
# RETRIES times; the last attempt is kept and its load is shown in the table).
HZ=$(getconf CLK_TCK)
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
wait_quiet() {
  local t0=$SECONDS a b
  while :; do
    a=$(busy); sleep 2; b=$(busy)
    awk -v d=$((b - a)) -v hz="$HZ" -v m="$QUIET_CORES" 'BEGIN { exit !(d / hz / 2 < m) }' && return
    if (( SECONDS - t0 > QUIET_MAX )); then echo "  machine not quiet after ${QUIET_MAX}s; running anyway" >&2; return; fi
  done
}
QUIET_MAX="${QUIET_MAX:-900}"; QUIET_CORES="${QUIET_CORES:-0.05}"
NOISE_MAX="${NOISE_MAX:-0.10}"; RETRIES="${RETRIES:-3}"

# Run every artifact ROUNDS times, round-robin; one process at a time.
# Even rounds go in reverse order, so a drift within a round does not always
# favour the same row of an adjacent pair (preset, pass at its memory).
ORDER=("${!NAMES[@]}"); REVERSED=()
for ((k = ${#ORDER[@]} - 1; k >= 0; k--)); do REVERSED+=("${ORDER[$k]}"); done
for ((r = 1; r <= ROUNDS; r++)); do
  (( r % 2 )) && IDX=("${ORDER[@]}") || IDX=("${REVERSED[@]}")
  for i in "${IDX[@]}"; do
    f=${F[$i]}
    for ((a = 1; a <= RETRIES; a++)); do
      wait_quiet
      b0=$(busy)
      /usr/bin/time -f '%e %U %S' -o "$TMP/time" \
        "$RUN" "$TMP/$f.mxa" --train --batch "$BATCH" --seq-len "$SEQ" --random-weights "$SEED" \
        --steps "$STEPS" --threads "$THREADS" --loss-file "$TMP/$f.$r.loss" > "$TMP/$f.$r.out"
      b1=$(busy)
      other=$(awk -v d=$((b1 - b0)) -v hz="$HZ" '{ o = (d / hz - $2 - $3) / $1; printf "%.2f", o < 0 ? 0 : o }' "$TMP/time")
      echo "round $r/$ROUNDS: ${NAMES[$i]}: other load $other cores (attempt $a)" >&2
      awk -v o="$other" -v m="$NOISE_MAX" 'BEGIN { exit !(o <= m) }' && break
    done
    echo "$other" >> "$TMP/$f.other"
    # per-step times after the warm-up steps
    sed -n 's/^step \([0-9]*\): loss .* (\([0-9.]*\) ms)$/\1 \2/p' "$TMP/$f.$r.out" |
      awk -v w="$WARMUP" '$1 > w { print $2 }' >> "$TMP/$f.steps"
  done
done

round_med() {  # median ms/step of the timed steps of artifact $1, round $2
  sed -n 's/^step \([0-9]*\): loss .* (\([0-9.]*\) ms)$/\1 \2/p' "$TMP/$1.$2.out" |
    awk -v w="$WARMUP" '$1 > w { print $2 }' | sort -g |
    awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
stats() {  # median p25 p75 of a file of numbers
  sort -g "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "? ? ?"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.1f %.1f %.1f\n", m, v[int((NR - 1) * 0.25) + 1], v[int((NR - 1) * 0.75 + 0.5) + 1] }'
}

read -r NONE_MED _ _ < <(stats "$TMP/none.steps")
echo
echo "$(basename "$CFG"), batch $BATCH x $SEQ (train-max-tokens $MAXTOK), $THREADS threads," \
     "$ROUNDS round(s) x $STEPS steps, first $WARMUP of each not timed; no-recompute stash $TOTAL bytes"
echo
echo "| schedule | budget (bytes) | kept, report (bytes) | kept, measured (bytes) | kept / none | arena MiB | median ms/step (p25–p75) | extra vs none (ms) | predicted recompute (ms) | loss bitwise = none | other load (cores, max) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for i in "${!NAMES[@]}"; do
  n=${NAMES[$i]}; f=${F[$i]}; budget=${BUDGETS[$i]}
  kept_rep=$(rep_kept "$f"); us=$(rep_us "$f")
  same=yes
  for ((r = 1; r <= ROUNDS; r++)); do
    line=$(grep '^train: ' "$TMP/$f.$r.out" || true)
    kept_run=$(sed -n 's/.*activations kept for the backward \([0-9]*\) bytes.*/\1/p' <<<"$line")
    arena=$(sed -n 's/.*; arena \([0-9.]*\) MiB.*/\1/p' <<<"$line")
    [[ -n "$kept_run" ]] || fail "$n: no 'train:' line from moe-run (round $r)"
    [[ "$kept_run" == "$kept_rep" ]] ||
      fail "$n: moe-run keeps $kept_run bytes, the report predicted $kept_rep (round $r)"
    if [[ "$budget" != - && -n "$kept_run" ]] && (( kept_run > budget )); then
      fail "$n: keeps $kept_run bytes > budget $budget (round $r)"
    fi
    cmp -s "$TMP/none.1.loss" "$TMP/$f.$r.loss" || same=no
  done
  [[ "$same" == yes ]] || fail "$n: losses differ from none's (cmp)"
  read -r med p25 p75 < <(stats "$TMP/$f.steps")
  extra=$(awk -v a="$med" -v b="$NONE_MED" 'BEGIN { printf "%+.1f", a - b }')
  pred=$(awk -v u="$us" 'BEGIN { printf "%.1f", u / 1000 }')
  frac=$(awk -v k="$kept_run" -v t="$TOTAL" 'BEGIN { printf "%.3f", k / t }')
  oth=$(sort -g "$TMP/$f.other" | tail -1)
  echo "| $n | $budget | $kept_rep | $kept_run | $frac | $arena | $med ($p25–$p75) | $extra | $pred | $same | $oth |"
done
echo
# The pass at a preset's memory vs the preset, paired by round (adjacent runs).
for pair in "2 1" "4 3"; do
  read -r p q <<<"$pair"
  d=(); for ((r = 1; r <= ROUNDS; r++)); do
    d+=("$(awk -v a="$(round_med "${F[$p]}" $r)" -v b="$(round_med "${F[$q]}" $r)" 'BEGIN { printf "%+.1f", a - b }')")
  done
  med=$(printf '%s\n' "${d[@]}" | sort -g |
        awk '{ v[NR] = $1 } END { printf "%+.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  faster=$(printf '%s\n' "${d[@]}" | awk '$1 < 0 { n++ } END { print n + 0 }')
  echo "${NAMES[$p]} minus ${NAMES[$q]}, median ms/step per round: ${d[*]} (median $med; pass faster in $faster of $ROUNDS rounds)"
done
echo
if (( FAILS > 0 )); then echo "$FAILS check(s) FAILED"; exit 1; fi
echo "all checks passed (kept bytes = report, <= budget; losses bitwise identical)"
