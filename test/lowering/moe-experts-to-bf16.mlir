// RUN: moe-opt %moe_src_root/test/golden/qwen3_moe/config.json --num-layers 1 --moe-fuse-route-dispatch --moe-lower-to-kernels --moe-weights-to-bf16 --moe-experts-to-bf16 | FileCheck %s
// RUN: moe-opt %moe_src_root/test/golden/llama4/config.json --num-layers 2 --moe-fuse-route-dispatch --moe-lower-to-kernels --moe-weights-to-bf16 --moe-experts-to-bf16 | FileCheck %s --check-prefix=FUSED
// RUN: moe-opt %moe_src_root/test/golden/gpt_oss/config.json --num-layers 1 --moe-lower-to-kernels --moe-weights-to-bf16 --moe-experts-to-bf16 | FileCheck %s --check-prefix=CLAMPED
// RUN: moe-opt %moe_src_root/test/golden/qwen3_moe/config.json --num-layers 1 --moe-lower-to-kernels --moe-experts-to-bf16 | FileCheck %s --check-prefix=F32
// RUN: moe-opt %moe_src_root/test/golden/qwen3_moe/config.json --num-layers 1 --moe-fuse-route-dispatch --moe-lower-to-kernels --moe-weights-to-bf16 --moe-experts-to-bf16=round-in-dispatch=false | FileCheck %s --check-prefix=TOBF16
// RUN: moe-opt %moe_src_root/test/golden/qwen3_moe/config.json --num-layers 1 --moe-fuse-route-dispatch --moe-expert-parallel=ep=2 --moe-lower-to-kernels --moe-weights-to-bf16 --moe-experts-to-bf16 | FileCheck %s --check-prefix=EP

// Qwen3-MoE (separate gate and up weights): the dispatched rows are rounded
// once, in route_dispatch itself (route_dispatch_bf16, all three phases:
// nothing else reads its f32 rows, which are gone), the gate/up GEMMs and
// swiglu become one launch writing bf16, and the down GEMM reads those bf16
// rows into the f32 rows combine reads. The f32 [rows, 2I] gate/up buffer is
// gone too.
// CHECK-LABEL: func.func @prefill(
// CHECK-SAME: %[[GATE:[a-z0-9]+]]: memref<16x16x64xbf16> {moe.param = "model.layers.0.mlp.experts.*.gate_proj.weight"}
// CHECK-SAME: %[[UP:[a-z0-9]+]]: memref<16x16x64xbf16> {moe.param = "model.layers.0.mlp.experts.*.up_proj.weight"}
// CHECK-SAME: %[[DOWN:[a-z0-9]+]]: memref<16x64x16xbf16> {moe.param = "model.layers.0.mlp.experts.*.down_proj.weight"}
// CHECK: %[[XB:.*]] = memref.alloc(%{{.*}}) : memref<?x64xbf16>
// route_dispatch(logits, bias, x, ids, weights, rows, counts, offsets, ...)
// CHECK-COUNT-3: moe.launch @route_dispatch_bf16(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[XB]], %{{[a-z0-9_]+}}, %[[OFFS:[a-z0-9_]+]],
// CHECK-NOT: moe.launch @to_bf16
// CHECK-NOT: memref<?x32xf32>
// CHECK: %[[ACT:.*]] = memref.alloc(%{{.*}}) : memref<?x16xbf16>
// 16 experts x ceil(16 / 32) column blocks.
// CHECK-NEXT: %[[ITEMS:.*]] = arith.constant 16 : index
// CHECK-NEXT: moe.launch @grouped_swiglu_nt_bf16(%[[XB]], %[[GATE]], %[[UP]], %[[OFFS]], %[[ACT]]) items(%[[ITEMS]])
// CHECK-NOT: moe.launch @swiglu
// CHECK: moe.launch @grouped_matmul_nt_bf16(%[[ACT]], %[[DOWN]], %[[OFFS]], %[[OUT:[a-z0-9_]+]])
// CHECK-SAME: memref<?x16xbf16>, memref<16x64x16xbf16>, memref<17xi32>, memref<?x64xf32>
// CHECK: moe.launch @combine(%[[OUT]],
// The f32 expert kernels no launch uses are removed.
// CHECK-NOT: func.func @swiglu(
// CHECK-NOT: func.func @grouped_matmul_nt_wbf16(
// CHECK-NOT: func.func @route_dispatch(
// CHECK-NOT: func.func @to_bf16(
// CHECK-DAG: func.func @route_dispatch_bf16(
// CHECK-DAG: func.func @grouped_swiglu_nt_bf16(
// CHECK-DAG: func.func @grouped_matmul_nt_bf16(

// Llama 4 (one fused gate_up weight [E, 2I, H] after its transpose): gate
// and up are its two halves, as views of the same buffer. The dense MLP of
// layer 0 (matmul_nt + swiglu) keeps its f32 rows.
// FUSED-LABEL: func.func @prefill(
// FUSED: moe.launch @swiglu(
// FUSED: %[[G:.*]] = memref.reinterpret_cast %[[W:[a-z0-9]+]] to offset: [0], sizes: [8, 32, 64], strides: [4096, 64, 1] : memref<8x64x64xbf16> to memref<8x32x64xbf16, strided<[4096, 64, 1]>>
// FUSED-NEXT: %[[U:.*]] = memref.reinterpret_cast %[[W]] to offset: [2048], sizes: [8, 32, 64], strides: [4096, 64, 1]
// FUSED: moe.launch @grouped_swiglu_nt_bf16(%{{.*}}, %[[G]], %[[U]],
// FUSED: moe.launch @grouped_matmul_nt_bf16(

// gpt-oss (clamped SwiGLU, per-expert biases): not rewritten.
// CLAMPED-NOT: _bf16(
// CLAMPED: moe.launch @grouped_matmul_nt_wbf16(
// CLAMPED: moe.launch @swiglu(
// CLAMPED-NOT: _bf16(

// Without moe-weights-to-bf16 there are no bf16-weight GEMMs to rewrite.
// F32-NOT: moe.launch @to_bf16
// F32: moe.launch @swiglu(
// F32-NOT: moe.launch @to_bf16

// round-in-dispatch=false: route_dispatch writes f32 rows and to_bf16 rounds
// them (the same bits, one more pass over the rows).
// TOBF16: moe.launch @route_dispatch(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[ROWS:[a-z0-9_]+]], %{{[a-z0-9_]+}}, %[[OFFS:[a-z0-9_]+]],
// TOBF16: %[[XB:.*]] = memref.alloc(%{{.*}}) : memref<?x64xbf16>
// TOBF16-NEXT: moe.launch @to_bf16(%[[ROWS]], %[[XB]]) items(%{{.*}}) : memref<?x64xf32>, memref<?x64xbf16>
// TOBF16: moe.launch @grouped_swiglu_nt_bf16(%[[XB]],
// TOBF16-NOT: route_dispatch_bf16

// Expert parallelism: the rows reach the experts through the dispatch
// exchange (f32 on the wire), so to_bf16 rounds what arrives.
// EP: moe.launch @route_dispatch(
// EP: moe.exchange <dispatch>(%{{[a-z0-9_]+}}, %{{[a-z0-9_]+}}, %[[RECV:[a-z0-9_]+]],
// EP: moe.launch @to_bf16(%[[RECV]],
// EP-NOT: route_dispatch_bf16
