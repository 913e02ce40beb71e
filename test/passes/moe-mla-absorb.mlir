// RUN: moe-opt %s --moe-mla-absorb | FileCheck %s
// RUN: moe-opt %s --moe-mla-absorb --moe-mla-absorb | FileCheck %s
// RUN: moe-opt %s --moe-mla-absorb=prefill=absorbed | FileCheck %s --check-prefix=PREFILL
// RUN: not moe-opt %s --moe-mla-absorb=prefill=fast 2>&1 | FileCheck %s --check-prefix=BAD

// The per-head key and value slices of kv_b (viewed [heads, nope + v,
// kv_lora]) become the op's w_uk / w_uv; everything else is unchanged.
// Running the pass twice absorbs once.
// CHECK-LABEL: func.func @mla
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x32xf32>, %[[POS:[^:]+]]: tensor<?xi64>, %[[SEQ:[^:]+]]: tensor<?xi64>, %[[Q:[^:]+]]: tensor<24x32xf32>, %[[KVA:[^:]+]]: tensor<20x32xf32>, %[[KVN:[^:]+]]: tensor<16xf32>, %[[KVB:[^:]+]]: tensor<32x16xf32>, %[[O:[^:]+]]: tensor<32x16xf32>)
// CHECK: %[[VIEW:[^ ]+]] = tensor.expand_shape %[[KVB]] {{\[}}[0, 1], [2]] output_shape [2, 16, 16] : tensor<32x16xf32> into tensor<2x16x16xf32>
// CHECK-NEXT: %[[UK:[^ ]+]] = tensor.extract_slice %[[VIEW]][0, 0, 0] [2, 8, 16] [1, 1, 1] : tensor<2x16x16xf32> to tensor<2x8x16xf32>
// CHECK-NEXT: %[[UV:[^ ]+]] = tensor.extract_slice %[[VIEW]][0, 8, 0] [2, 8, 16] [1, 1, 1] : tensor<2x16x16xf32> to tensor<2x8x16xf32>
// CHECK-NEXT: moe.mla_attention %[[X]], %[[POS]], %[[SEQ]] q(%[[Q]]) kv_a(%[[KVA]]) kv_a_norm(%[[KVN]]) kv_b(%[[KVB]]) o(%[[O]]) w_uk(%[[UK]]) w_uv(%[[UV]])
// CHECK-SAME: scale = 2.500000e-01 : f64
// CHECK-NOT: absorb_prefill
// CHECK-NOT: tensor.extract_slice
// PREFILL: moe.mla_attention {{.*}} w_uk({{.*}}) w_uv({{.*}}) {absorb_prefill,
// BAD: moe-mla-absorb: prefill must be 'naive' or 'absorbed', got 'fast'
func.func @mla(%x: tensor<?x32xf32>, %pos: tensor<?xi64>, %seq: tensor<?xi64>,
               %wq: tensor<24x32xf32>, %wkva: tensor<20x32xf32>, %nkv: tensor<16xf32>,
               %wkvb: tensor<32x16xf32>, %wo: tensor<32x16xf32>) -> tensor<?x32xf32> {
  %a = moe.mla_attention %x, %pos, %seq q(%wq) kv_a(%wkva) kv_a_norm(%nkv) kv_b(%wkvb) o(%wo)
         {layer = 0 : i64, num_heads = 2 : i64, q_lora_rank = 0 : i64,
          kv_lora_rank = 16 : i64, qk_nope_head_dim = 8 : i64,
          qk_rope_head_dim = 4 : i64, v_head_dim = 8 : i64, scale = 0.25 : f64,
          rope = #moe.rope<pairing = interleaved, dim = 4>}
      : (tensor<?x32xf32>, tensor<?xi64>, tensor<?xi64>, tensor<24x32xf32>,
         tensor<20x32xf32>, tensor<16xf32>, tensor<32x16xf32>, tensor<32x16xf32>) -> tensor<?x32xf32>
  return %a : tensor<?x32xf32>
}
