#!/usr/bin/env bash
# Randomized end-to-end check: compiled model (moe-opt + moe-run, f32) against
# the reference interpreter (moe-interp, f64) on random configs and prompts.
#
#   random_vs_interp.sh BIN_DIR SEED COUNT TMP_DIR
#
# For each case written by tools/dev/random_models.py: compile the config,
# run it with random weights (saved to safetensors) on a batch of 1..3
# prompts with greedy decoding, then let moe-interp run the same prompts from
# the same weights, teacher-forcing the tokens moe-run generated, so that both
# dumps hold the same rows (every prefill row in prompt order, then the decode
# rows by step, by sequence within a step). The logits must agree to
# max|run - interp| / max|interp| <= 1e-4 over the whole dump.
set -u -o pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 BIN_DIR SEED COUNT TMP_DIR" >&2
  exit 2
fi
bin=$1 seed=$2 count=$3 tmp=$4
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tol=1e-4

rm -rf "$tmp" && mkdir -p "$tmp" || exit 1
python3 "$root/tools/dev/random_models.py" --seed "$seed" --out "$tmp" \
  --count "$count" --golden-root "$root/test/golden" || exit 1

failed=0
for ((i = 0; i < count; i++)); do
  d=$tmp/case$i
  # family, summary, max_new_tokens, prompts (python list), then one
  # --prompt-ids argument per line.
  mapfile -t meta < <(python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
print(c["family"]); print(c["summary"]); print(c["max_new_tokens"])
print("[" + ",".join("[" + ",".join(map(str, p)) + "]" for p in c["prompts"]) + "]")
for p in c["prompts"]:
    print(",".join(map(str, p)))
' "$d/case.json") || { echo "case $i: cannot read $d/case.json"; failed=1; continue; }
  family=${meta[0]} summary=${meta[1]} k=${meta[2]} shown=${meta[3]}
  prompt_args=()
  for p in "${meta[@]:4}"; do prompt_args+=(--prompt-ids "$p"); done
  label="case $i $family $summary prompts=$shown"

  if ! "$bin/moe-opt" "$d/config.json" -o "$d/case.mxa" >"$d/opt.log" 2>&1; then
    echo "$label: moe-opt FAILED ($d/opt.log)"; sed 's/^/  /' "$d/opt.log" | head -5
    failed=1; continue
  fi
  if ! "$bin/moe-run" "$d/case.mxa" --random-weights "$seed" \
      --save-weights "$d/w.safetensors" "${prompt_args[@]}" \
      --max-new-tokens "$k" --dump-logits "$d/run.npy" >"$d/run.log" 2>&1; then
    echo "$label: moe-run FAILED ($d/run.log)"; sed 's/^/  /' "$d/run.log" | head -5
    failed=1; continue
  fi
  # Teacher-force every generated token but the last (moe-run does not feed
  # the last one back; a sequence also ends early at an EOS id).
  decode_args=()
  while read -ra toks; do
    n=${#toks[@]}
    fed=$(IFS=,; echo "${toks[*]:0:$((n > 0 ? n - 1 : 0))}")
    decode_args+=("--decode-ids=$fed")
  done < <(grep '^seq [0-9]*:' "$d/run.log" | sed 's/^seq [0-9]*://')
  if ! "$bin/moe-interp" "$d/config.json" --weights "$d/w.safetensors" \
      "${prompt_args[@]}" "${decode_args[@]}" --dump-logits "$d/interp.npy" \
      >"$d/interp.log" 2>&1; then
    echo "$label: moe-interp FAILED ($d/interp.log)"; sed 's/^/  /' "$d/interp.log" | head -5
    failed=1; continue
  fi
  # The interpreter's greedy choices along the same path (informational:
  # a near tie may legitimately flip between f32 and f64).
  mism=$(paste -d' ' <(grep '^seq ' "$d/run.log" | sed 's/^seq [0-9]*://') \
                      <(sed 's/^prompt [0-9]*: generated//' "$d/interp.log") |
         awk '{ n = NF / 2; for (j = 1; j <= n; j++) if ($j != $(j + n)) m++ } END { print m + 0 }')
  if out=$(python3 "$root/tools/dev/npy_compare.py" "$d/run.npy" "$d/interp.npy" --tol "$tol"); then
    echo "$label: $out, greedy token mismatches $mism"
  else
    echo "$label: $out FAILED (tol $tol), greedy token mismatches $mism"
    failed=1
  fi
done

if [ $failed -eq 0 ]; then
  echo "random-vs-interp: PASS ($count cases)"
else
  echo "random-vs-interp: FAIL"
  exit 1
fi
