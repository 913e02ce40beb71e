#!/usr/bin/env bash
# Prepares a GPU run (bench/gpu/run.sh) on a machine with the compiler: the
# GPU machine has CUDA and CMake but no LLVM/MLIR and no flatc, so the
# artifacts (with their sm_90a cubins) and a runtime-only moe-run (no MPI:
# it links only the C/C++ runtime libraries) are built here and packed into
# OUT/bundle.tar.xz, to be carried to the GPU machine.
#
# Usage: bench/gpu/prepare.sh [OUT=.gpu]   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.gpu}
opt=build/bin/moe-opt
arch=sm_90a
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DMOE_BUILD_COMPILER=OFF -DMOE_BUILD_RUNTIME_TESTS=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_MPI=ON >/dev/null
ninja -C build-gpu moe-run moe-runtime-test >/dev/null
cp build-gpu/bin/moe-run build-gpu/bin/moe-runtime-test "$stage/"

# Host code for a baseline x86-64 CPU, so that --device cpu runs there too.
common=(--mxa-cuda-arch=$arch --mxa-cpu=x86-64-v3)
for f in qwen3_moe mixtral olmoe qwen2_moe deepseek_v2 deepseek_v3 kimi_k2 \
         gpt_oss llama4 dbrx; do
  $opt test/golden/$f/config.json "${common[@]}" -o "$stage/$f.mxa"
  $opt test/golden/$f/config.json "${common[@]}" --mode=train \
    --train-max-tokens 16 -o "$stage/$f.train.mxa"
done
# bf16 weight storage (moe-weights-to-bf16), checked on CUDA against the CPU.
for f in qwen3_moe deepseek_v3 gpt_oss; do
  $opt test/golden/$f/config.json "${common[@]}" --mxa-weights=bf16 \
    -o "$stage/$f.bf16.mxa"
done
# bf16 KV caches (moe-kv-cache-to-bf16), checked on CUDA against the CPU:
# GQA (the tiled variant in prefill) and absorbed MLA (the latent cache).
$opt test/golden/qwen3_moe/config.json "${common[@]}" --mxa-kv-cache=bf16 \
  -o "$stage/qwen3_moe.kvbf16.mxa"
$opt test/golden/deepseek_v3/config.json "${common[@]}" --moe-mla-absorb \
  --mxa-kv-cache=bf16 -o "$stage/deepseek_v3.kvbf16.mxa"
# ... and with tensor-core attention tiles (moe-attention-tensor-cores).
$opt test/golden/qwen3_moe/config.json "${common[@]}" --mxa-kv-cache=bf16 \
  --mxa-cuda-attention=tc -o "$stage/qwen3_moe.tc.mxa"
# bf16 expert rows (moe-experts-to-bf16) at shapes the Hopper templates take
# (hidden 256 = 2 x 128, expert intermediate 128 = 2 x 64): the golden configs
# widened, random weights; separate gate/up weights (qwen3_moe) and a fused
# gate_up weight (llama4).
for f in qwen3_moe llama4; do
  python3 - test/golden/$f/config.json "$stage/$f.t.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
t = c.get("text_config", c)
t.update(hidden_size=256, intermediate_size=128 if "intermediate_size_mlp" in t else 384)
t.update({"moe_intermediate_size": 128} if "moe_intermediate_size" in t else {"intermediate_size_mlp": 256})
json.dump(c, open(sys.argv[2], "w"))
PY
  $opt "$stage/$f.t.json" "${common[@]}" --mxa-weights=bf16 --mxa-experts=bf16 \
    -o "$stage/$f.t.x.mxa"
  # and the dense GEMMs on bf16 rows (moe-dense-to-bf16: cuBLASLt bf16).
  $opt "$stage/$f.t.json" "${common[@]}" --mxa-weights=bf16 --mxa-experts=bf16 \
    --mxa-dense=bf16 -o "$stage/$f.t.xd.mxa"
done
$opt test/golden/deepseek_v2/config.json "${common[@]}" --moe-mla-absorb \
  -o "$stage/deepseek_v2.absorbed.mxa"
# The generic entries only (no block versions), to tell a block kernel's bug
# from the rest on the GPU.
$opt test/golden/qwen3_moe/config.json "${common[@]}" \
  --mxa-cuda-block-kernels=false -o "$stage/qwen3_moe.thread.mxa"
# A real-size slice for timings: Qwen3-30B-A3B, one decoder layer.
$opt ../shared/configs/Qwen3-30B-A3B.json --num-layers 1 "${common[@]}" \
  -o "$stage/qwen3-30b-a3b.l1.mxa"
# The issue's end-to-end slice: DeepSeek-V3, 4 decoder layers (3 dense, 1 MoE
# with 256 experts: 15.1 B parameters, 60 GB in f32), random weights.
$opt test/frontends/hf/Inputs/configs/DeepSeek-V3.json --num-layers 4 \
  "${common[@]}" -o "$stage/deepseek-v3.l4.mxa"
# The same with bf16 weights (30 GB), as HF's bf16 run stores them.
$opt test/frontends/hf/Inputs/configs/DeepSeek-V3.json --num-layers 4 \
  "${common[@]}" --mxa-weights=bf16 -o "$stage/deepseek-v3.l4.bf16.mxa"
# And on the tensor cores: bf16 expert rows into the Hopper templates, bf16
# dense rows into cuBLASLt (moe-experts-to-bf16, moe-dense-to-bf16).
$opt test/frontends/hf/Inputs/configs/DeepSeek-V3.json --num-layers 4 \
  "${common[@]}" --mxa-weights=bf16 --mxa-experts=bf16 --mxa-dense=bf16 \
  -o "$stage/deepseek-v3.l4.bf16x.mxa"
# And with MLA absorbed (moe-mla-absorb): the latent cache, decode through the
# per-head absorption products (cuBLASLt) and attention over the latent rows
# (attention_tiled: 32 of the 128 query heads per tile), prefill through
# mla_expand's products on cuBLASLt.
$opt test/frontends/hf/Inputs/configs/DeepSeek-V3.json --num-layers 4 \
  "${common[@]}" --moe-mla-absorb --mxa-weights=bf16 --mxa-experts=bf16 \
  --mxa-dense=bf16 -o "$stage/deepseek-v3.l4.bf16xa.mxa"

# The training step for run.sh's train stage (bench/train_ep.sh's model, 2 x 256 tokens).
$opt bench/configs/deepseek_v3_small.json --mode=train --train-max-tokens 512 \
  "${common[@]}" -o "$stage/deepseek_v3_small.train.mxa"

# Pre-flight: the golden artifacts through the CUDA backend here, on the CUDA
# emulator (tools/cuda-emu: the driver and cuBLASLt on the CPU, block versions
# emulated; the Hopper templates cannot run there), so that a broken artifact or
# runtime path costs no GPU time.
emu=(env LD_LIBRARY_PATH=build/lib/cuda-emu build/bin/moe-run)
preflight() { # WHAT EXPECT ARGS...: fails unless the last output line holds EXPECT
  local what=$1 expect=$2 line
  shift 2
  line=$("${emu[@]}" "$@" --device cuda 2>&1 | tail -1) || true
  echo "pre-flight (CUDA emulator) $what: $line"
  [[ $line == *"$expect"* ]] || { echo "prepare.sh: pre-flight of $what failed" >&2; exit 1; }
}
for f in qwen3_moe mixtral olmoe qwen2_moe deepseek_v2 deepseek_v3 kimi_k2 \
         gpt_oss llama4 dbrx; do
  preflight $f PASS "$stage/$f.mxa" --golden test/golden/$f
done
preflight deepseek_v2.absorbed PASS "$stage/deepseek_v2.absorbed.mxa" \
  --golden test/golden/deepseek_v2
for f in qwen3_moe deepseek_v3; do
  preflight $f.kvbf16 PASS "$stage/$f.kvbf16.mxa" --golden test/golden/$f --tol 1
done
preflight qwen3_moe.tc PASS "$stage/qwen3_moe.tc.mxa" --golden test/golden/qwen3_moe --tol 1
preflight deepseek_v3.train PASS "$stage/deepseek_v3.train.mxa" --train \
  --golden-train test/golden/deepseek_v3 --steps 5
for v in x xd; do
  preflight qwen3_moe.t.$v "kv cache" "$stage/qwen3_moe.t.$v.mxa" \
    --cuda-templates off --random-weights 3 --prompt-ids 1,2,3 --max-new-tokens 2
done

# The kernels the benchmarks load directly: each CUDA block kernel
# (bench/gpu/block_kernels.py) and the Hopper grouped GEMM templates
# (bench/gpu/grouped_gemm.py).
bench/gpu/build_cubins.sh "$stage" >/dev/null

mkdir -p "$out"
tar -C "$stage" -cJf "$out/bundle.tar.xz" .
ls -la "$out/bundle.tar.xz"
