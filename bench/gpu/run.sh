#!/usr/bin/env bash
# The CUDA checks and timings, on the GPU machine, in one call (device tool):
#   bench/gpu/run.sh [all | check,block,grouped,e2e,dsv3,train,anchors]   (bundle from bench/gpu/prepare.sh in .gpu/)
# check: the cuBLASLt GEMM mapping (moe-runtime-test blas-check), the NCCL
#        binding on one rank (moe-runtime-test nccl-check), every
#        golden fixture on CUDA (f32 path, tolerance 1e-4; dense GEMMs on
#        cuBLASLt, and once more on the generated kernels), bf16 expert rows
#        with and without the Hopper templates vs the CPU, bf16-weight
#        artifacts on CUDA against the CPU (1e-4), the training
#        goldens (gradients vs PyTorch, 5 AdamW steps), and compute-sanitizer
#        memcheck on one inference and one training run, and memcheck and
#        racecheck on a golden that prefills through attention_tiled.
# e2e:   moe-run on CUDA (cuBLASLt; generated kernels) vs CPU on a
#        Qwen3-30B-A3B one-layer slice;
# block: the CUDA block kernels alone (bench/gpu/block_kernels.py): checks
#        against PyTorch, then MoE decode and attention decode GB/s against
#        the copy bandwidth;
# grouped: the Hopper bf16 grouped GEMM template (TMA + wgmma) alone
#        (bench/gpu/grouped_gemm.py): checks, then TFLOP/s against
#        torch._grouped_mm at the DeepSeek-V3 and Qwen3-30B-A3B shapes;
# dsv3:  the DeepSeek-V3 4-layer slice (random weights; f32, bf16 weights, then
#        bf16 weights with bf16 expert and dense rows on the tensor cores,
#        and that with MLA absorbed and a latent cache):
#        one 4096-token prefill, and 64 sequences x 64 decode steps, moe-run
#        on CUDA against HF transformers eager (bf16, bench/gpu/hf_eager.py);
# train: the training step of bench/configs/deepseek_v3_small.json (2 x 256
#        tokens) on CUDA (cuBLASLt; generated kernels) and the CPU, ms/step,
#        and a per-kernel breakdown of the CUDA step;
# anchors: the
#        PyTorch anchors (bench/gpu/anchors.py).
# Logs go to $OUT (when set) and the summary table is printed last.
set -uo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
dir=$(mktemp -d)
tar xf .gpu/bundle.tar.xz -C "$dir"
run=$dir/moe-run
log=${OUT:-$dir}
summary=()
note() { summary+=("$1"); echo "== $1"; }

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
if [[ $what == *check* || $what == all ]]; then
  for mode in "" --tf32 --bf16; do
    $dir/moe-runtime-test blas-check $mode >"$log/blas-check$mode.log" 2>&1
    note "blas-check $mode (cuBLASLt GEMM mapping vs double): exit $? ($(grep -c ' ok$' "$log/blas-check$mode.log") cases ok; $(tail -1 "$log/blas-check$mode.log"))"
  done
  # The NCCL binding (one rank: sends to itself), with the toolkit's NCCL or
  # PyTorch's (nvidia-nccl wheel) when the loader does not find one.
  nccl_lib=$(python3 -c "import nvidia.nccl, os; print(os.path.join(list(nvidia.nccl.__path__)[0], 'lib', 'libnccl.so.2'))" 2>/dev/null || true)
  if ldconfig -p | grep -q libnccl.so.2 || [[ -f /usr/local/cuda/lib64/libnccl.so.2 ]] || [[ ! -f $nccl_lib ]]; then nccl_lib=; fi
  env ${nccl_lib:+MOE_NCCL_LIBRARY=$nccl_lib} $dir/moe-runtime-test nccl-check >"$log/nccl-check.log" 2>&1
  note "nccl-check (NCCL binding, 1 rank): exit $? $(tail -1 "$log/nccl-check.log")"
  for f in qwen3_moe mixtral olmoe qwen2_moe deepseek_v2 deepseek_v3 kimi_k2 \
           gpt_oss llama4 dbrx; do
    line=$($run "$dir/$f.mxa" --golden test/golden/$f --device cuda 2>&1 | tail -1)
    note "golden cuda $f: $line"
    line=$($run "$dir/$f.mxa" --golden test/golden/$f --device cuda \
           --cuda-gemm kernels 2>&1 | tail -1)
    note "golden cuda $f (generated GEMM kernels): $line"
  done
  line=$($run "$dir/deepseek_v2.absorbed.mxa" --golden test/golden/deepseek_v2 \
         --device cuda 2>&1 | tail -1)
  note "golden cuda deepseek_v2 (absorbed MLA): $line"
  # Prefill's logits on each prompt's last row only (the default) against
  # every row (--all-logits): cuBLASLt may pick another algorithm for fewer
  # rows, so the greedy tokens are compared, not the bits.
  gen=(--random-weights 2 --max-new-tokens 8 --prompt-ids 1,2,3,4,5,6,7 --prompt-ids 8,9 --device cuda)
  a=$($run "$dir/qwen3_moe.mxa" "${gen[@]}" --all-logits 2>&1 | grep '^seq')
  b=$($run "$dir/qwen3_moe.mxa" "${gen[@]}" 2>&1 | grep '^seq')
  note "last-row logits cuda qwen3_moe: $([[ -n $a && $a == "$b" ]] && echo PASS || echo FAIL)"
  # bf16 weights: the same rounded weights on both sides, so CUDA must equal
  # the CPU up to summation order (1e-4 of the largest logit).
  for f in qwen3_moe deepseek_v3 gpt_oss; do
    $run "$dir/$f.bf16.mxa" --golden test/golden/$f --tol 1 --device cpu \
      --dump-logits "$log/$f.bf16.cpu.npy" >/dev/null 2>&1
    $run "$dir/$f.bf16.mxa" --golden test/golden/$f --tol 1 --device cuda \
      --dump-logits "$log/$f.bf16.cuda.npy" >/dev/null 2>&1
    note "bf16 weights cuda vs cpu $f: $(python3 -c "
import numpy as np, sys
a, b = (np.load(sys.argv[i]) for i in (1, 2))
e = float(np.abs(a - b).max() / np.abs(b).max())
print(f'max_rel_err {e:.3e}', 'PASS' if e <= 1e-4 else 'FAIL')
" "$log/$f.bf16.cuda.npy" "$log/$f.bf16.cpu.npy" 2>&1 | tail -1)"
  done
  # bf16 KV caches (moe-kv-cache-to-bf16): the rows entering the cache may
  # differ in summation order and round differently, so the median row within
  # 1e-3 of the largest logit, as on the CUDA emulator (bf16-cuda-emu.test).
  for f in qwen3_moe deepseek_v3; do
    $run "$dir/$f.kvbf16.mxa" --golden test/golden/$f --tol 1 --device cpu \
      --dump-logits "$log/$f.kvbf16.cpu.npy" >/dev/null 2>&1
    $run "$dir/$f.kvbf16.mxa" --golden test/golden/$f --tol 1 --device cuda \
      --dump-logits "$log/$f.kvbf16.cuda.npy" >"$log/$f.kvbf16.log" 2>&1
    note "bf16 kv cache cuda vs cpu $f: exit $? $(python3 tools/dev/npy_compare.py "$log/$f.kvbf16.cuda.npy" "$log/$f.kvbf16.cpu.npy" --rows --tol 1e-3 2>&1 | tail -1)"
  done
  # Tensor-core attention tiles (--mxa-cuda-attention=tc): q, K, V and the
  # softmax weights rounded to bf16 on CUDA only, so within 2e-2 of the largest
  # logit of the CPU's (1.85e-3 on the CUDA emulator: bf16-cuda-emu.test).
  $run "$dir/qwen3_moe.tc.mxa" --golden test/golden/qwen3_moe --tol 1 --device cpu \
    --dump-logits "$log/qwen3_moe.tc.cpu.npy" >/dev/null 2>&1
  $run "$dir/qwen3_moe.tc.mxa" --golden test/golden/qwen3_moe --tol 2e-2 --device cuda \
    --trace "$log/qwen3_moe.tc.trace.json" --dump-logits "$log/qwen3_moe.tc.cuda.npy" \
    >"$log/qwen3_moe.tc.log" 2>&1
  note "tensor-core attention cuda vs cpu qwen3_moe: exit $? $(grep -o '"name": *"attention_kvbf16 \[tc\]"' "$log/qwen3_moe.tc.trace.json" 2>/dev/null | wc -l) [tc] spans, $(python3 tools/dev/npy_compare.py "$log/qwen3_moe.tc.cuda.npy" "$log/qwen3_moe.tc.cpu.npy" --tol 2e-2 2>&1 | tail -1)"
  # bf16 expert rows (moe-experts-to-bf16) at template shapes: CUDA with the
  # Hopper templates (counted in the trace) and without (--cuda-templates off:
  # the kernels' generic entries) against the CPU. Rounding points are the
  # same; a bf16 rounding may flip where the f32 sums differ in order, so the
  # median row must be within 1e-3 of the largest logit (3e-3 with bf16 dense rows,
  # whose many more roundings flip with the summation order: 1.1e-3 measured on the
  # CUDA emulator, test/cuda-emu/bf16-cuda-emu.test).
  # x: bf16 expert rows; xd: and bf16 dense rows (cuBLASLt bf16).
  for f in qwen3_moe llama4; do
    targs=(--random-weights 3 --prompt-ids 1,2,3,4,5,6,7,8,9,10,11,12
           --prompt-ids 5,6,7 --max-new-tokens 1)
    for v in x xd; do
      tol=1e-3; [ $v = xd ] && tol=3e-3
      $run "$dir/$f.t.$v.mxa" "${targs[@]}" --device cpu \
        --dump-logits "$log/$f.t.$v.cpu.npy" >/dev/null 2>&1
      for t in on off; do
        $run "$dir/$f.t.$v.mxa" "${targs[@]}" --device cuda --cuda-templates $t \
          --trace "$log/$f.t.$v.$t.json" --dump-logits "$log/$f.t.$v.$t.npy" \
          >"$log/$f.t.$v.$t.log" 2>&1
        rc=$?
        note "bf16 rows ($v) cuda (templates $t, $(grep -o 'sm90 template' "$log/$f.t.$v.$t.json" 2>/dev/null | wc -l) template launches) vs cpu $f: exit $rc $(python3 tools/dev/npy_compare.py "$log/$f.t.$v.$t.npy" "$log/$f.t.$v.cpu.npy" --rows --tol $tol 2>&1 | tail -1)"
      done
    done
  done
  line=$($run "$dir/qwen3_moe.thread.mxa" --golden test/golden/qwen3_moe \
         --device cuda 2>&1 | tail -1)
  note "golden cuda qwen3_moe (no block kernels): $line"
  for f in qwen3_moe mixtral olmoe qwen2_moe deepseek_v2 deepseek_v3 kimi_k2 \
           gpt_oss llama4 dbrx; do
    line=$($run "$dir/$f.train.mxa" --train --golden-train test/golden/$f \
           --steps 5 --device cuda 2>&1 | grep -E "PASS|FAIL|error" | tail -1)
    note "train cuda $f: $line"
  done
  if command -v compute-sanitizer >/dev/null; then
    compute-sanitizer --tool memcheck --error-exitcode 9 $run \
      "$dir/qwen3_moe.mxa" --golden test/golden/qwen3_moe --device cuda \
      >"$log/sanitizer-infer.log" 2>&1
    note "compute-sanitizer memcheck qwen3_moe golden: exit $? ($(grep -c 'Invalid\|ERROR SUMMARY: [1-9]' "$log/sanitizer-infer.log") error lines)"
    # attention_tiled (gpt_oss prefills through it): memcheck and the shared
    # memory race check.
    for tool in memcheck racecheck; do
      compute-sanitizer --tool $tool --error-exitcode 9 $run \
        "$dir/gpt_oss.mxa" --golden test/golden/gpt_oss --device cuda \
        >"$log/sanitizer-$tool-tiled.log" 2>&1
      note "compute-sanitizer $tool gpt_oss golden (attention_tiled): exit $? ($(grep -c 'Invalid\|hazard\|ERROR SUMMARY: [1-9]' "$log/sanitizer-$tool-tiled.log") error lines)"
    done
    compute-sanitizer --tool memcheck --error-exitcode 9 $run \
      "$dir/deepseek_v3.train.mxa" --train --golden-train test/golden/deepseek_v3 \
      --steps 2 --device cuda >"$log/sanitizer-train.log" 2>&1
    note "compute-sanitizer memcheck deepseek_v3 train: exit $? ($(grep -c 'Invalid\|ERROR SUMMARY: [1-9]' "$log/sanitizer-train.log") error lines)"
  fi
fi
if [[ $what == *e2e* || $what == all ]]; then
  ids=$(seq -s, 1 256)
  for dev in cuda cuda-tf32 cuda-kernels cpu; do
    flags=(--device ${dev%%-*})
    [[ $dev == cuda-kernels ]] && flags+=(--cuda-gemm kernels)
    [[ $dev == cuda-tf32 ]] && flags+=(--cuda-gemm cublaslt-tf32)
    $run "$dir/qwen3-30b-a3b.l1.mxa" --random-weights 1 --prompt-ids "$ids" \
      --prompt-ids "$ids" --max-new-tokens 16 "${flags[@]}" \
      >"$log/e2e-$dev.log" 2>&1
    note "moe-run $dev qwen3-30b-a3b 1 layer (2 x 256 prefill, 16 decode): $(grep -E 'dense GEMMs|prefill|decode' "$log/e2e-$dev.log" | tr '\n' ' ')"
  done
  # Per-kernel time on CUDA (the trace synchronises after every launch).
  $run "$dir/qwen3-30b-a3b.l1.mxa" --random-weights 1 --prompt-ids "$ids" \
    --max-new-tokens 4 --device cuda --trace "$log/trace-cuda.json" >/dev/null 2>&1
  python3 bench/gpu/trace_top.py "$log/trace-cuda.json" "1 x 256 prefill + 4 decode steps"
fi
if [[ $what == *block* || $what == all ]]; then
  timeout 300 python3 bench/gpu/block_kernels.py --cubins "$dir/block" \
    >"$log/block-kernels.log" 2>&1
  note "block kernels (bench/gpu/block_kernels.py): exit $? $(grep -E '^checks:' "$log/block-kernels.log")"
  cat "$log/block-kernels.log"
fi
if [[ $what == *grouped* || $what == all ]]; then
  timeout 300 python3 bench/gpu/grouped_gemm.py --cubin "$dir/grouped_matmul_nt_bf16_sm90.cubin" \
    --out "$log/grouped-gemm.md" >"$log/grouped-gemm.log" 2>&1
  note "grouped GEMM sm90 TMA+wgmma (bench/gpu/grouped_gemm.py): exit $? $(grep -E '^correctness:' "$log/grouped-gemm.log")"
  cat "$log/grouped-gemm.log"
  [[ -f $log/grouped-gemm.md ]] && summary+=("$(cat "$log/grouped-gemm.md")")
fi
if [[ $what == *dsv3* || $what == all ]]; then
  cfg=test/frontends/hf/Inputs/configs/DeepSeek-V3.json
  ids=$(python3 -c "import random; random.seed(0); print(','.join(str(random.randrange(1, 129280)) for _ in range(4096)))")
  prompts=()
  for s in $(seq 64); do prompts+=(--prompt-ids "$(seq -s, $s $((s + 15)))"); done
  # f32 weights (60 GB), bf16 weights (30 GB, --mxa-weights=bf16), bf16
  # weights with bf16 expert and dense rows (tensor cores: .bf16x), and that
  # with MLA absorbed (latent cache: .bf16xa).
  for w in "" .bf16 .bf16x .bf16xa; do
    timeout 300 $run "$dir/deepseek-v3.l4$w.mxa" --random-weights 1 --prompt-ids "$ids" \
      --max-new-tokens 1 --device cuda >"$log/dsv3$w-prefill.log" 2>&1
    note "moe-run cuda deepseek-v3$w 4 layers, 1 x 4096 prefill: exit $? $(grep -E 'dense GEMMs|prefill|weights|error' "$log/dsv3$w-prefill.log" | tr '\n' ' ')"
    timeout 300 $run "$dir/deepseek-v3.l4$w.mxa" --random-weights 1 "${prompts[@]}" \
      --max-new-tokens 64 --device cuda >"$log/dsv3$w-decode.log" 2>&1
    note "moe-run cuda deepseek-v3$w 4 layers, 64 x 16 prefill + 64 decode steps: exit $? $(grep -E 'prefill|decode|error' "$log/dsv3$w-decode.log" | tr '\n' ' ')"
  done
  timeout 600 python3 bench/gpu/hf_eager.py --config $cfg --num-layers 4 --dtype bfloat16 \
    --prefill-tokens 4096 --decode-batch 64 --decode-steps 64 --device cuda \
    --json "$log/dsv3-hf.json" >"$log/dsv3-hf.log" 2>&1
  note "HF eager bf16 deepseek-v3 4 layers (same work): exit $? $(tail -2 "$log/dsv3-hf.log" | tr '\n' ' ')"
fi
if [[ $what == *train* || $what == all ]]; then
  # The training step on CUDA (every training kernel has a block version)
  # against the CPU: DeepSeek-V3-shaped small model (bench/train_ep.sh's),
  # one 2 x 256-token batch, 6 steps; then where the CUDA step's time goes.
  targs=(--train --batch 2 --seq-len 256 --random-weights 1)
  i=0
  for d in "cuda" "cuda --cuda-gemm kernels" "cpu --threads 16"; do
    i=$((i + 1))
    timeout 300 $run "$dir/deepseek_v3_small.train.mxa" "${targs[@]}" --steps 6 \
      --device $d >"$log/train-$i.log" 2>&1
    note "moe-run --train deepseek_v3_small 2 x 256 ($d): exit $? $(grep -E '^train:|error' "$log/train-$i.log" | tr '\n' ' ')"
  done
  timeout 300 $run "$dir/deepseek_v3_small.train.mxa" "${targs[@]}" --steps 2 \
    --device cuda --trace "$log/trace-train.json" >/dev/null 2>&1
  python3 bench/gpu/trace_top.py "$log/trace-train.json" \
    "2 training steps, traced: a sync per launch" 12
fi
if [[ $what == *anchors* || $what == all ]]; then
  if [[ -f bench/gpu/anchors.py ]]; then
    python3 bench/gpu/anchors.py --json "$log/anchors.json" 2>&1 | tee "$log/anchors.log" | tail -30
  fi
fi
echo
echo "## summary ($(date -u +%F), $(nvidia-smi --query-gpu=name --format=csv,noheader))"
printf '%s\n' "${summary[@]}"
