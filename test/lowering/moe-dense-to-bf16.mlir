// RUN: moe-opt %moe_src_root/test/golden/qwen3_moe/config.json --num-layers 1 --moe-fuse-route-dispatch --moe-lower-to-kernels --moe-weights-to-bf16 --moe-dense-to-bf16 | FileCheck %s
// RUN: moe-opt %moe_src_root/test/golden/qwen3_moe/config.json --num-layers 1 --moe-lower-to-kernels --moe-dense-to-bf16 | FileCheck %s --check-prefix=F32

// Qwen3-MoE, one layer: each bf16-weight dense GEMM reads bf16 rows. The q, k
// and v projections share one rounded copy of the normed input; the router
// gate (f32 weight) and the experts' grouped GEMMs are not touched; o_proj
// and the LM head round their own inputs.
// CHECK-LABEL: func.func @prefill(
// CHECK-SAME: %[[Q:[a-z0-9]+]]: memref<128x64xbf16> {moe.param = "model.layers.0.self_attn.q_proj.weight"}
// CHECK-SAME: %[[K:[a-z0-9]+]]: memref<64x64xbf16> {moe.param = "model.layers.0.self_attn.k_proj.weight"}
// CHECK-SAME: %[[V:[a-z0-9]+]]: memref<64x64xbf16> {moe.param = "model.layers.0.self_attn.v_proj.weight"}
// CHECK-SAME: %[[O:[a-z0-9]+]]: memref<64x128xbf16> {moe.param = "model.layers.0.self_attn.o_proj.weight"}
// CHECK-SAME: %[[HEAD:[a-z0-9]+]]: memref<256x64xbf16> {moe.param = "lm_head.weight"}
// CHECK: moe.launch @rms_norm(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[H:[a-z0-9_]+]],
// CHECK: %[[HB:.*]] = memref.alloc(%{{.*}}) : memref<?x64xbf16>
// CHECK-NEXT: moe.launch @to_bf16(%[[H]], %[[HB]])
// CHECK-NEXT: moe.launch @matmul_nt_bf16(%[[HB]], %[[Q]],
// CHECK-NOT: moe.launch @to_bf16
// CHECK: moe.launch @matmul_nt_bf16(%[[HB]], %[[K]],
// CHECK-NOT: moe.launch @to_bf16
// CHECK: moe.launch @matmul_nt_bf16(%[[HB]], %[[V]],
// CHECK: moe.launch @attention(
// CHECK: moe.launch @to_bf16(%[[A:[a-z0-9_]+]], %[[AB:[a-z0-9_]+]])
// CHECK-NEXT: moe.launch @matmul_nt_bf16(%[[AB]], %[[O]],
// CHECK-SAME: memref<?x128xbf16>, memref<64x128xbf16>, memref<?xf32>, memref<?x64xf32>, i64, i64
// CHECK: moe.launch @matmul_nt(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[LOGITS:[a-z0-9_]+]],
// CHECK: moe.launch @route_dispatch(%[[LOGITS]],
// CHECK: moe.launch @grouped_matmul_nt_wbf16(
// CHECK: moe.launch @to_bf16(
// CHECK-NEXT: moe.launch @matmul_nt_bf16(%{{[a-z0-9_]+}}, %[[HEAD]],
// CHECK-NOT: func.func @matmul_nt_wbf16(
// CHECK-DAG: func.func @matmul_nt_bf16(
// CHECK-DAG: func.func @to_bf16(

// Without moe-weights-to-bf16 there is nothing to rewrite.
// F32-NOT: _bf16
