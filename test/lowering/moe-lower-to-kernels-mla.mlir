// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-mla-absorb --moe-lower-to-kernels --cse | FileCheck %s
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-mla-absorb=prefill=absorbed --moe-lower-to-kernels --cse | FileCheck %s --check-prefix=ABSPREFILL
// RUN: moe-opt %moe_src_root/examples/tiny_deepseek_v3.mlir --moe-lower-to-kernels --cse | FileCheck %s --check-prefix=NAIVE

// MLA after moe-mla-absorb (tiny DeepSeek-V3: 2 heads, nope 8, rope 4, v 8,
// kv_lora 16). Both entries keep one latent cache row [c_kv | k_rot] (20
// wide) per token and layer. Prefill (naive form) expands per-head K/V of the
// attended positions from it into scratch shared by the layers; decode
// (absorbed form) binds W_UK^T and W_UV as load-time slices of kv_b (viewed
// [2, 16, 16]) and attends over the latent as one KV head.

// CHECK-LABEL: func.func @prefill(
// CHECK-SAME: %[[KVB:[a-z0-9]+]]: memref<32x16xf32> {moe.param = "model.layers.0.self_attn.kv_b_proj.weight"}
// CHECK-SAME: %[[KV:[a-z0-9]+]]: memref<?x?x1x20xf32> {moe.cache = "kv.0"}
// CHECK-SAME: %[[KX:[a-z0-9]+]]: memref<?x?x2x12xf32> {moe.cache = "scratch.mla_k.2x12x8.-1"}
// CHECK-SAME: %[[VX:[a-z0-9]+]]: memref<?x?x2x8xf32> {moe.cache = "scratch.mla_v.2x12x8.-1"}
// CHECK-NOT: moe.cache = "k.0"
// CHECK: %[[ROW:.*]] = memref.reinterpret_cast %{{.*}} to offset: [0], sizes: [%{{.*}}, 1, 20], strides: [20, 20, 1]
// CHECK: moe.launch @kv_store(%[[ROW]], %[[KV]], %{{.*}}, %{{.*}}) items
// CHECK: moe.launch @mla_expand(%[[KV]], %[[KVB]], %{{.*}}, %{{.*}}, %[[KX]], %[[VX]]) items
// CHECK: moe.launch @attention(%{{.*}}, %[[KX]], %[[VX]],
// CHECK-NOT: @head_matmul
// CHECK-LABEL: func.func @decode(
// CHECK-SAME: %[[UK:[a-z0-9]+]]: memref<2x16x8xf32> {moe.param = "model.layers.0.self_attn.kv_b_proj.weight", moe.slice_offsets = array<i64: 0, 0, 0>, moe.slice_sizes = array<i64: 2, 8, 16>, moe.transforms = ["transpose"], moe.view_shape = array<i64: 2, 16, 16>}
// CHECK-SAME: %[[UV:[a-z0-9]+]]: memref<2x8x16xf32> {moe.param = "model.layers.0.self_attn.kv_b_proj.weight", moe.slice_offsets = array<i64: 0, 8, 0>, moe.slice_sizes = array<i64: 2, 8, 16>, moe.view_shape = array<i64: 2, 16, 16>}
// CHECK-SAME: %[[DKV:[a-z0-9]+]]: memref<?x?x1x20xf32> {moe.cache = "kv.0"}
// CHECK: moe.launch @kv_store(%{{.*}}, %[[DKV]],
// CHECK: moe.launch @head_matmul(%{{.*}}, %[[UK]], %[[QABS:.*]]) items(%c2) : memref<?x2x8xf32, strided<[24, 12, 1]>>, memref<2x16x8xf32>, memref<?x2x16xf32, strided<[40, 20, 1]>>
// CHECK: moe.launch @copy(
// The values are c_kv alone: a view of the same cache rows without k_rot.
// CHECK: %[[CKV:.*]] = memref.reinterpret_cast %[[DKV]] to offset: [0], sizes: [%{{.*}}, %{{.*}}, 1, 16], strides: [%{{.*}}, 20, 20, 1]
// CHECK: moe.launch @attention(%{{.*}}, %[[DKV]], %[[CKV]], {{.*}}) : memref<?x2x20xf32, strided<[40, 20, 1]>>, memref<?x?x1x20xf32>, memref<?x?x1x16xf32, strided<[?, 20, 20, 1]>>, {{.*}}, memref<?x2x16xf32, strided<[32, 16, 1]>>
// CHECK: moe.launch @head_matmul(%{{.*}}, %[[UV]], %{{.*}}) items(%c2) : memref<?x2x16xf32, strided<[32, 16, 1]>>, memref<2x8x16xf32>, memref<?x2x8xf32, strided<[16, 8, 1]>>
// CHECK-NOT: @mla_expand

// ABSPREFILL-LABEL: func.func @prefill(
// ABSPREFILL-NOT: scratch
// ABSPREFILL: moe.launch @head_matmul
// ABSPREFILL-NOT: @mla_expand
// ABSPREFILL-LABEL: func.func @decode(

// Without the pass: per-head K/V caches [S, C, 2, 12] and [S, C, 2, 8].
// NAIVE-LABEL: func.func @prefill(
// NAIVE-SAME: {moe.cache = "k.0"}
// NAIVE-NOT: moe.cache = "kv.0"
