#!/usr/bin/env bash
# bf16 weight storage (moe-opt --mxa-weights=bf16, moe-weights-to-bf16) checked
# against the f32 path: the bf16 artifact run on a golden fixture's weights
# must give bitwise the logits of the f32 artifact run on the same weights
# rounded to bf16 beforehand (round_weights_bf16.py), prefill and decode, since
# the _wbf16 kernels extend each weight to f32 before the f32 kernels' FMAs.
#
#   bf16_weights.sh BIN_DIR TMP_DIR MPIRUN
#
# Cases: the ten golden families; DeepSeek-V3 with --moe-mla-absorb (kv_b
# stays f32: its slices feed head_matmul); Qwen3-MoE at EP = 2 under MPIRUN
# (each rank rounds its own experts), bitwise equal to one process. Prints the
# bound weight bytes of both artifacts per case, then PASS or FAIL.
#
# Each case also compiles --mxa-experts=bf16 (moe-experts-to-bf16: the routed
# experts' rows and SwiGLU output rounded to bf16) and compares its logits with
# the bf16-weight artifact's, row by row (max |diff| / max |logit| per logits
# row): they must differ (the rows are rounded), the median row by at most
# 1e-2 (measured: 0.8e-3 to 2.9e-3; single rows up to 0.49 where the rounding
# flips a token's experts in these tiny random models; a wrong weight half or
# row moves every row by O(1)), and be bitwise equal for gpt_oss (clamped
# SwiGLU with biases: not rewritten).
# Exactness of the rewrite itself is checked bitwise by test/kernels (the
# fused kernels against their decomposition into the wbf16 GEMMs).
#
# And --mxa-dense=bf16 (moe-dense-to-bf16: the rows of every bf16-weight
# dense GEMM rounded to bf16; matmul_nt_bf16 is bitwise matmul_nt_wbf16 on
# the rounded rows, test/kernels): the logits must differ from the
# bf16-weight artifact's, the median row by at most 2e-2 (measured: 3e-3 to
# 7e-3: every projection's input is rounded, through all layers).
set -u -o pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 BIN_DIR TMP_DIR MPIRUN" >&2
  exit 2
fi
bin=$1 tmp=$2 mpirun=$3
here=$(cd "$(dirname "$0")" && pwd)
golden=$(cd "$here/../golden" && pwd)
rm -rf "$tmp" && mkdir -p "$tmp" || exit 1

weightBytes() { # artifact -> bytes of its bound weights (random values)
  "$bin/moe-run" "$1" --random-weights 1 --prompt-ids 1 --max-new-tokens 1 \
    --threads 1 | sed -n 's/^weights: .* MiB (\([0-9]*\) bytes)$/\1/p'
}

failed=0 cases=0
# check NAME FAMILY KEEP_REGEX [moe-opt flags...]
check() {
  local name=$1 family=$2 keep=$3
  shift 3
  local t="$tmp/$name" f32 bf16
  cases=$((cases + 1))
  if ! "$bin/moe-opt" "$golden/$family/config.json" "$@" -o "$t.f32.mxa" ||
    ! "$bin/moe-opt" "$golden/$family/config.json" "$@" --mxa-weights=bf16 \
      -o "$t.bf16.mxa" ||
    ! python3 "$here/round_weights_bf16.py" "$golden/$family/model.safetensors" \
      "$t.rounded.safetensors" "$keep" > /dev/null ||
    ! "$bin/moe-run" "$t.f32.mxa" --golden "$golden/$family" --tol 1 \
      --weights "$t.rounded.safetensors" --dump-logits "$t.f32.npy" > /dev/null ||
    ! "$bin/moe-run" "$t.bf16.mxa" --golden "$golden/$family" --tol 1 \
      --dump-logits "$t.bf16.npy" > /dev/null; then
    echo "$name: FAIL (a step failed)"
    failed=$((failed + 1))
    return
  fi
  f32=$(weightBytes "$t.f32.mxa")
  bf16=$(weightBytes "$t.bf16.mxa")
  if ! cmp -s "$t.f32.npy" "$t.bf16.npy"; then
    echo "$name: FAIL: logits differ from the f32 artifact on rounded weights"
    failed=$((failed + 1))
    return
  fi
  echo "$name: weights $f32 -> $bf16 bytes ($((100 * bf16 / f32))%), logits bitwise equal"
  local dev
  if ! "$bin/moe-opt" "$golden/$family/config.json" "$@" --mxa-weights=bf16 \
    --mxa-experts=bf16 -o "$t.x.mxa" ||
    ! "$bin/moe-run" "$t.x.mxa" --golden "$golden/$family" --tol 1 \
      --dump-logits "$t.x.npy" > /dev/null ||
    ! dev=$(python3 "$here/../../tools/dev/npy_compare.py" "$t.x.npy" \
      "$t.bf16.npy" --rows --tol 1e-2); then
    echo "$name: FAIL: bf16 experts: ${dev:-a step failed}"
    failed=$((failed + 1))
  elif [ "$family" = gpt_oss ] && ! cmp -s "$t.x.npy" "$t.bf16.npy"; then
    echo "$name: FAIL: bf16 experts changed gpt_oss (not rewritten)"
    failed=$((failed + 1))
  elif [ "$family" != gpt_oss ] && cmp -s "$t.x.npy" "$t.bf16.npy"; then
    echo "$name: FAIL: bf16 experts gave bitwise the bf16-weight logits"
    failed=$((failed + 1))
  else
    echo "$name: bf16 experts: $dev"
  fi
  if ! "$bin/moe-opt" "$golden/$family/config.json" "$@" --mxa-weights=bf16 \
    --mxa-dense=bf16 -o "$t.d.mxa" ||
    ! "$bin/moe-run" "$t.d.mxa" --golden "$golden/$family" --tol 1 \
      --dump-logits "$t.d.npy" > /dev/null ||
    ! dev=$(python3 "$here/../../tools/dev/npy_compare.py" "$t.d.npy" \
      "$t.bf16.npy" --rows --tol 2e-2) ||
    cmp -s "$t.d.npy" "$t.bf16.npy"; then
    echo "$name: FAIL: bf16 dense rows: ${dev:-a step failed or no change}"
    failed=$((failed + 1))
  else
    echo "$name: bf16 dense rows: $dev"
  fi
}

for family in deepseek_v3 kimi_k2 deepseek_v2 qwen3_moe qwen2_moe mixtral \
  olmoe gpt_oss dbrx llama4; do
  check "$family" "$family" ""
done
check deepseek_v3-absorbed deepseek_v3 kv_b_proj --moe-mla-absorb

# Expert parallelism: each rank binds (and rounds) only its experts.
# ep2 LABEL REF_NPY TAG [moe-opt flags...]: Qwen3-MoE at EP = 2 under MPIRUN,
# logits bitwise equal to one process's (REF_NPY).
ep2() {
  local label=$1 ref=$2 t="$tmp/qwen3_moe-ep2$3"
  shift 3
  cases=$((cases + 1))
  if "$bin/moe-opt" "$golden/qwen3_moe/config.json" --ep 2 --mxa-weights=bf16 \
    "$@" -o "$t.mxa" &&
    $mpirun -np 2 "$bin/moe-run" "$t.mxa" --golden "$golden/qwen3_moe" --tol 1 \
      --dump-logits "$t.npy" > /dev/null &&
    cmp -s "$t.npy" "$ref"; then
    echo "$label logits bitwise equal to one process"
  else
    echo "$label FAIL"
    failed=$((failed + 1))
  fi
}
ep2 "qwen3_moe-ep2:" "$tmp/qwen3_moe.bf16.npy" ""
ep2 "qwen3_moe-ep2: bf16 experts:" "$tmp/qwen3_moe.x.npy" -x --mxa-experts=bf16

if [ "$failed" -eq 0 ]; then
  echo "bf16-weights: PASS ($cases cases)"
else
  echo "bf16-weights: FAIL ($failed of $cases cases)"
  exit 1
fi
