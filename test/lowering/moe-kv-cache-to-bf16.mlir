// RUN: moe-opt %moe_src_root/test/golden/qwen3_moe/config.json --num-layers 1 --moe-fuse-route-dispatch --moe-lower-to-kernels --moe-kv-cache-to-bf16 | FileCheck %s
// RUN: moe-opt %moe_src_root/test/golden/deepseek_v3/config.json --num-layers 1 --moe-mla-absorb --moe-lower-to-kernels --moe-kv-cache-to-bf16 | FileCheck %s --check-prefix=MLA
// RUN: moe-opt %s --split-input-file --moe-kv-cache-to-bf16 --verify-diagnostics

// One Qwen3-MoE layer: the K and V caches become bf16; kv_store and
// attention run their bf16-storage variants; the f32 kernels are removed.
// CHECK-LABEL: func.func @prefill(
// CHECK-SAME: %[[K:[a-z0-9]+]]: memref<?x?x2x32xbf16> {moe.cache = "k.0"}
// CHECK-SAME: %[[V:[a-z0-9]+]]: memref<?x?x2x32xbf16> {moe.cache = "v.0"}
// CHECK: moe.launch @kv_store_cbf16(%{{[a-z0-9_]+}}, %[[K]],
// CHECK: moe.launch @kv_store_cbf16(%{{[a-z0-9_]+}}, %[[V]],
// CHECK: moe.launch @attention_kvbf16(%{{[a-z0-9_]+}}, %[[K]], %[[V]],
// CHECK-LABEL: func.func @decode(
// CHECK-SAME: memref<?x?x2x32xbf16> {moe.cache = "k.0"}
// CHECK-NOT: func.func @kv_store(
// CHECK-NOT: func.func @attention(
// The variants: the f32 kernels with the caches bf16, loads extended to f32
// and stores rounded (to nearest even: the to_bf16 bit sequence).
// CHECK-LABEL: func.func @attention_kvbf16(
// CHECK-SAME: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, %{{[a-z0-9]+}}: memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>>, %{{[a-z0-9]+}}: memref<?x?x?x?xbf16,
// CHECK-SAME: moe.kernel
// CHECK: %[[KA:.*]] = vector.load %{{.*}} : memref<?x?x?x?xbf16, strided<[?, ?, ?, 1], offset: ?>>, vector<16xbf16>
// CHECK-NEXT: arith.extf %[[KA]] : vector<16xbf16> to vector<16xf32>
// CHECK: %[[KM:.*]] = vector.maskedload {{.*}} vector<16xbf16> into vector<16xbf16>
// CHECK-NEXT: arith.extf %[[KM]] : vector<16xbf16> to vector<16xf32>
// CHECK: %[[KS:.*]] = memref.load %{{.*}} : memref<?x?x?x?xbf16, strided<[?, ?, ?, ?], offset: ?>>
// CHECK-NEXT: arith.extf %[[KS]] : bf16 to f32
// CHECK-LABEL: func.func @kv_store_cbf16(
// CHECK: %[[X:.*]] = memref.load %{{.*}} : memref<?x?x?xf32
// CHECK: %[[BITS:.*]] = arith.bitcast %[[X]] : f32 to i32
// CHECK: arith.cmpi ugt
// CHECK: arith.select
// CHECK: %[[HI:.*]] = arith.trunci %{{.*}} : i32 to i16
// CHECK: %[[B:.*]] = arith.bitcast %[[HI]] : i16 to bf16
// CHECK: memref.store %[[B]], %{{.*}} : memref<?x?x?x?xbf16

// With absorbed MLA the latent cache becomes bf16; the naive prefill's
// scratch (per-head K/V expanded from it) stays f32, and so does the
// attention over it; mla_expand reads the latent rows widened to f32 by
// kv_load_cbf16 into a new scratch argument.
// MLA-LABEL: func.func @prefill(
// MLA-SAME: %[[KV:[a-z0-9]+]]: memref<?x?x1x48xbf16> {moe.cache = "kv.0"}
// MLA-SAME: %[[SK:[a-z0-9]+]]: memref<?x?x4x40xf32> {moe.cache = "scratch.mla_k.4x40x16.-1"}
// MLA-SAME: %[[SV:[a-z0-9]+]]: memref<?x?x4x16xf32> {moe.cache = "scratch.mla_v.4x40x16.-1"}
// MLA-SAME: %[[KVF:[a-z0-9]+]]: memref<?x?x1x48xf32> {moe.cache = "scratch.mla_kv.1x48.-1"})
// MLA: moe.launch @kv_store_cbf16(%{{[a-z0-9_]+}}, %[[KV]],
// MLA: moe.launch @kv_load_cbf16(%[[KV]], %[[POS:[a-z0-9_]+]], %[[SLOTS:[a-z0-9_]+]], %[[KVF]])
// MLA-NEXT: moe.launch @mla_expand(%[[KVF]], %{{[a-z0-9_]+}}, %[[POS]], %[[SLOTS]], %[[SK]], %[[SV]])
// MLA: moe.launch @attention(%{{[a-z0-9_]+}}, %[[SK]], %[[SV]],
// MLA: func.func @mla_expand(
// MLA: func.func @attention(
// MLA-LABEL: func.func @decode(
// MLA-SAME: %[[DKV:[a-z0-9]+]]: memref<?x?x1x48xbf16> {moe.cache = "kv.0"}
// MLA: %[[CKV:[a-z0-9_]+]] = memref.reinterpret_cast %[[DKV]] {{.*}} to memref<?x?x1x32xbf16, strided<[?, 48, 48, 1]>>
// MLA: moe.launch @attention_kvbf16(%{{[a-z0-9_]+}}, %[[DKV]], %[[CKV]],
// MLA-DAG: func.func @attention_kvbf16(
// MLA-DAG: func.func @kv_load_cbf16(
// MLA-DAG: func.func @kv_store_cbf16(

// -----

func.func private @copy(index, index, memref<?x?xf32, strided<[?, ?], offset: ?>>,
                        memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {moe.kernel}

// A cache read by a kernel without a bf16-storage variant.
func.func @decode(%tokens: memref<?xi64> {moe.input = 0 : i64},
                  %out: memref<?x8xf32> {moe.output = 0 : i64},
                  %k: memref<?x?x1x8xf32> {moe.cache = "k.0"})
    attributes {moe.entry = "decode", moe.max_tokens = 4 : i64} {
  %c0 = arith.constant 0 : index
  %t = memref.dim %tokens, %c0 : memref<?xi64>
  %row = memref.reinterpret_cast %k to offset: [0], sizes: [%t, 8], strides: [8, 1] : memref<?x?x1x8xf32> to memref<?x8xf32>
  // expected-error @+1 {{moe-kv-cache-to-bf16: kernel 'copy' has no variant taking operand 0 as a bf16 KV cache}}
  moe.launch @copy(%row, %out) items(%t) : memref<?x8xf32>, memref<?x8xf32>
  return
}

// -----

// A cache with a use other than a launch or a view.
func.func @decode(%tokens: memref<?xi64> {moe.input = 0 : i64},
                  %k: memref<?x?x1x8xf32> {moe.cache = "k.0"})
    attributes {moe.entry = "decode", moe.max_tokens = 4 : i64} {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{moe-kv-cache-to-bf16: KV cache 'k.0' is used by memref.load, expected a launch or a view}}
  %v = memref.load %k[%c0, %c0, %c0, %c0] : memref<?x?x1x8xf32>
  return
}

// -----

func.func private @mla_expand(index, index, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xi64, strided<[?], offset: ?>>,
    memref<?xi64, strided<[?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>) attributes {moe.kernel}

// mla_expand over a view of the latent cache: kv_load_cbf16's scratch
// takes the cache itself.
func.func @prefill(%tokens: memref<?xi64> {moe.input = 0 : i64},
                   %positions: memref<?xi64> {moe.input = 1 : i64},
                   %slots: memref<?xi64> {moe.input = 2 : i64},
                   %kv: memref<?x?x1x8xf32> {moe.cache = "kv.0"},
                   %w: memref<12x6xf32> {moe.param = "kv_b"},
                   %kx: memref<?x?x2x4xf32> {moe.cache = "scratch.mla_k.2x4x2.-1"},
                   %vx: memref<?x?x2x2xf32> {moe.cache = "scratch.mla_v.2x4x2.-1"})
    attributes {moe.entry = "prefill", moe.max_tokens = 4 : i64} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %t = memref.dim %tokens, %c0 : memref<?xi64>
  %s = memref.dim %kv, %c0 : memref<?x?x1x8xf32>
  %c = memref.dim %kv, %c1 : memref<?x?x1x8xf32>
  %view = memref.reinterpret_cast %kv to offset: [0], sizes: [%s, %c, 1, 8], strides: [16, 8, 8, 1] : memref<?x?x1x8xf32> to memref<?x?x1x8xf32, strided<[16, 8, 8, 1]>>
  // expected-error @+1 {{moe-kv-cache-to-bf16: mla_expand reads a view of a KV cache, expected the cache itself}}
  moe.launch @mla_expand(%view, %w, %positions, %slots, %kx, %vx) items(%t) : memref<?x?x1x8xf32, strided<[16, 8, 8, 1]>>, memref<12x6xf32>, memref<?xi64>, memref<?xi64>, memref<?x?x2x4xf32>, memref<?x?x2x2xf32>
  return
}
