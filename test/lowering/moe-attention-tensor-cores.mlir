// RUN: moe-opt %s --moe-insert-kernels="names=attention,attention_kvbf16,copy" --moe-attention-tensor-cores | FileCheck %s
// RUN: moe-opt %s --moe-insert-kernels="names=attention,attention_kvbf16" --moe-attention-tensor-cores --moe-kernels-to-gpu | FileCheck %s --check-prefix=GPU
// RUN: moe-opt %s --moe-insert-kernels="names=attention" --moe-kernels-to-gpu | FileCheck %s --check-prefix=TILED
// RUN: moe-opt %s --moe-insert-kernels="names=attention_kvbf16" --moe-kernels-to-gpu=all-variants | FileCheck %s --check-prefix=ALL

// Every attention kernel (f32 or bf16 KV caches) is marked to use its tensor-core block variant
// on CUDA; other kernels are left alone. The CPU functions do not change.
// CHECK-LABEL: func.func @attention(
// CHECK-SAME: moe.gpu_block_variant = "attention_tc"
// CHECK-LABEL: func.func @attention_kvbf16(
// CHECK-SAME: moe.gpu_block_variant = "attention_tc_kvbf16"
// CHECK-LABEL: func.func @copy(
// CHECK-NOT: moe.gpu_block_variant

// moe-kernels-to-gpu then adds attention_tc (its score and output products on mma.sync) beside
// the block version, not attention_tiled; attention_kvbf16's is derived with bf16 caches.
// GPU-DAG: gpu.func @mxg_attention(
// GPU-DAG: gpu.func @mxg_attention_tc(
// GPU-DAG: gpu.func @mxg_attention_kvbf16(
// GPU-DAG: gpu.func @mxg_attention_tc_kvbf16({{.*}}memref<?x?x?x?xbf16
// GPU-DAG: nvvm.mma.sync
// GPU-NOT: @mxg_attention_tiled

// Unmarked: the default variant.
// TILED: gpu.func @mxg_attention_tiled(
// TILED-NOT: @mxg_attention_tc

// all-variants (the block emulator's tests): every one.
// ALL-DAG: gpu.func @mxg_attention_kvbf16(
// ALL-DAG: gpu.func @mxg_attention_tiled_kvbf16(
// ALL-DAG: gpu.func @mxg_attention_tc_kvbf16(

