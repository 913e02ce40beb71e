#!/usr/bin/env bash
# bf16 KV caches (moe-opt --mxa-kv-cache=bf16, moe-kv-cache-to-bf16) checked
# against the f32-cache artifact of the same model and weights, prefill and
# teacher-forced decode of every prompt of a golden fixture:
#   - the cache bytes per token halve (moe-run's "kv cache:" line);
#   - the logits move (K, V and MLA's latent rows are rounded as they are
#     cached), the median logits row by at most 1e-2 relative to its max
#     |logit| (tools/dev/npy_compare.py --rows). Single rows move further
#     where the rounding flips a token's experts in these tiny random models;
#     a wrong half of a bf16 value or a misplaced row moves every row by O(1).
# Exactness of the rewrite itself is checked bitwise by test/kernels (each
# variant against its f32 kernel on rows rounded beforehand).
#
#   kv_cache_bf16.sh BIN_DIR TMP_DIR
#
# Cases: the ten golden families; DeepSeek-V3 with --moe-mla-absorb (the
# latent cache; naive prefill through kv_load_cbf16 and mla_expand) and with
# absorb_prefill (every entry over the latent cache).
set -u -o pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BIN_DIR TMP_DIR" >&2
  exit 2
fi
bin=$1 tmp=$2
here=$(cd "$(dirname "$0")" && pwd)
golden=$(cd "$here/../golden" && pwd)
rm -rf "$tmp" && mkdir -p "$tmp" || exit 1

cacheBytes() { # artifact -> bytes per token of its per-layer caches
  "$bin/moe-run" "$1" --random-weights 1 --prompt-ids 1 --max-new-tokens 1 \
    --threads 1 | sed -n 's/^kv cache: .*, \([0-9]*\) bytes per token.*$/\1/p'
}

failed=0 cases=0
# check NAME FAMILY [moe-opt flags...]
check() {
  local name=$1 family=$2
  shift 2
  local t="$tmp/$name" f32 bf16 dev
  cases=$((cases + 1))
  if ! "$bin/moe-opt" "$golden/$family/config.json" "$@" -o "$t.f32.mxa" ||
    ! "$bin/moe-opt" "$golden/$family/config.json" "$@" --mxa-kv-cache=bf16 \
      -o "$t.bf16.mxa" ||
    ! "$bin/moe-run" "$t.f32.mxa" --golden "$golden/$family" --tol 1 \
      --dump-logits "$t.f32.npy" > /dev/null ||
    ! "$bin/moe-run" "$t.bf16.mxa" --golden "$golden/$family" --tol 1 \
      --dump-logits "$t.bf16.npy" > /dev/null; then
    echo "$name: FAIL (a step failed)"
    failed=$((failed + 1))
    return
  fi
  f32=$(cacheBytes "$t.f32.mxa")
  bf16=$(cacheBytes "$t.bf16.mxa")
  if [ -z "$f32" ] || [ -z "$bf16" ] || [ $((2 * bf16)) -ne "$f32" ]; then
    echo "$name: FAIL: cache bytes per token ${f32:-?} -> ${bf16:-?}, expected half"
    failed=$((failed + 1))
  elif cmp -s "$t.f32.npy" "$t.bf16.npy"; then
    echo "$name: FAIL: bf16 caches gave bitwise the f32 logits"
    failed=$((failed + 1))
  elif ! dev=$(python3 "$here/../../tools/dev/npy_compare.py" "$t.bf16.npy" \
    "$t.f32.npy" --rows --tol 1e-2); then
    echo "$name: FAIL: $dev"
    failed=$((failed + 1))
  else
    echo "$name: cache $f32 -> $bf16 bytes per token, $dev"
  fi
}

for family in deepseek_v3 kimi_k2 deepseek_v2 qwen3_moe qwen2_moe mixtral \
  olmoe gpt_oss dbrx llama4; do
  check "$family" "$family"
done
check deepseek_v3-absorbed deepseek_v3 --moe-mla-absorb
check deepseek_v3-absorb-prefill deepseek_v3 \
  "--moe-mla-absorb=prefill=absorbed"

if [ "$failed" -eq 0 ]; then
  echo "kv-cache-bf16: PASS ($cases cases)"
else
  echo "kv-cache-bf16: FAIL ($failed of $cases cases)"
  exit 1
fi
