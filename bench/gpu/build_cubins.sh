#!/usr/bin/env bash
# Builds the sm_90a cubins of the CUDA kernels that the GPU benchmarks load
# directly, on a machine with the compiler:
#   OUT/block/<name>.cubin   each CUDA block kernel (lowering/kernels/block/, and the
#                            derived bf16-storage variants), for bench/gpu/block_kernels.py;
#   OUT/grouped_*_sm90.cubin the Hopper grouped GEMM templates
#                            (lowering/kernels/gpu/), for bench/gpu/grouped_gemm.py.
# moe-opt lowers each to PTX (gpu-module-to-binary format=isa), the PTX text is
# taken out of the gpu.binary, and ptxas -arch=sm_90a -O3 assembles it; the
# .ptx is kept beside the .cubin. Fails if a kernel spills or uses a stack
# frame (except route_dispatch, route_dispatch_bf16 and rope, see below), printing ptxas's resource
# line for each.
#
# Usage: bench/gpu/build_cubins.sh [OUT_DIR=.gpu]
# MOE_OPT (default build/bin/moe-opt) and CUDA_HOME (default /usr/local/cuda)
# override the tools.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.gpu}
opt=${MOE_OPT:-build/bin/moe-opt}
ptxas=${CUDA_HOME:-/usr/local/cuda}/bin/ptxas
for tool in "$opt" "$ptxas"; do
  if [[ ! -x $tool ]]; then
    echo "build_cubins.sh: $tool not found or not executable" >&2
    exit 1
  fi
done
mkdir -p "$out/block"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The grouped GEMM template's pipeline, as in
# test/lowering/grouped-matmul-nt-bf16-sm90.test.
template_pipeline='builtin.module(nvvm-attach-target{chip=sm_90a features=+ptx80 O=3}, gpu.module(convert-nvgpu-to-nvvm, convert-scf-to-cf, expand-strided-metadata, lower-affine, convert-gpu-to-nvvm, convert-nvvm-to-llvm, convert-vector-to-llvm, convert-arith-to-llvm, convert-index-to-llvm, canonicalize, cse, reconcile-unrealized-casts), gpu-module-to-binary{format=isa})'

# cubin SRC OUT_STEM MOE_OPT_ARGS...: moe-opt, the PTX, ptxas.
cubin() {
  local src=$1 stem=$2
  shift 2
  "$opt" "$src" "$@" -o "$tmp/isa.mlir"
  # The PTX is the `assembly` string of the #gpu.object, printed with MLIR's
  # string escapes: \XX (two hex digits) for non-printable bytes and '"',
  # \\ for a backslash.
  python3 - "$tmp/isa.mlir" "$stem.ptx" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r'assembly = "((?:[^"\\]|\\.)*)"', text)
if not m:
    sys.exit("build_cubins.sh: no `assembly = \"...\"` in the moe-opt output")
body, out, i = m.group(1), bytearray(), 0
while i < len(body):
    if body[i] != "\\":
        out += body[i].encode()
        i += 1
    elif body[i + 1] == "\\":
        out.append(0x5C)
        i += 2
    else:
        out.append(int(body[i + 1:i + 3], 16))
        i += 3
open(sys.argv[2], "wb").write(out)
PY
  "$ptxas" -arch=sm_90a -O3 -v "$stem.ptx" -o "$stem.cubin" 2>"$tmp/ptxas.log" || {
    cat "$tmp/ptxas.log" >&2
    exit 1
  }
  grep -E "registers" "$tmp/ptxas.log" | sed "s/ptxas info *: /$(basename "$stem"): /"
  # Stack frames by design: route_dispatch (and route_dispatch_bf16) keeps the CPU kernel's per-thread
  # score buffers (memref.alloca of 2E + groups floats); rope's is libdevice's
  # sin/cos range reduction (a small local array, as in the generic entry).
  # Every function of the cubin (a derived kernel's holds its block variant too).
  if [[ ! $(basename "$stem") =~ ^(route_dispatch|route_dispatch_bf16|rope)$ ]] &&
     [[ $(grep -c "bytes stack frame" "$tmp/ptxas.log") -ne \
        $(grep -c "0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads" "$tmp/ptxas.log") ]]; then
    echo "build_cubins.sh: $(basename "$stem") spills or uses a stack frame" >&2
    exit 1
  fi
}

for f in lowering/kernels/block/*.mlir; do
  cubin "$f" "$out/block/$(basename "$f" .mlir)" --moe-kernels-to-ptx="chip=sm_90a format=isa"
done
# The kernels the compiler derives without a file of their own (the bf16-storage variants of
# moe-kv-cache-to-bf16; attention_kvbf16's cubin holds attention_tiled_kvbf16 too, and
# attention_tc_kvbf16's attention_kvbf16 with attention_tc_kvbf16).
echo 'module {}' > "$tmp/empty.mlir"
for name in kv_store_cbf16 attention_kvbf16; do
  cubin "$tmp/empty.mlir" "$out/block/$name" --moe-insert-kernels="names=$name" \
    --moe-kernels-to-ptx="chip=sm_90a format=isa"
done
# attention_kvbf16 with its tensor-core variant attention_tc_kvbf16 (moe-attention-tensor-cores).
cubin "$tmp/empty.mlir" "$out/block/attention_tc_kvbf16" --moe-insert-kernels="names=attention_kvbf16" \
  --moe-attention-tensor-cores --moe-kernels-to-ptx="chip=sm_90a format=isa"
for name in grouped_matmul_nt_bf16_sm90 grouped_matmul_nt_bf16_f32_sm90 \
  grouped_swiglu_nt_bf16_sm90; do
  cubin "lowering/kernels/gpu/$name.mlir" "$out/$name" \
    --pass-pipeline="$template_pipeline"
done
