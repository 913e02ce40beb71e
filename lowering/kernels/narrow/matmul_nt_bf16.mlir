// Narrow-register version (gen_kernels.py --narrow): 2 x 2 and 1 x 4 register tiles in place of
// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; bitwise the same results.
// matmul_nt_bf16: matmul_nt on bf16 rows and a bf16 weight (moe-dense-to-bf16): out[M, N] =
// (accumulate ? out : 0) + f32(x[M, K]) f32(w[N, K])^T (+ bias[N]), f32 accumulation, bias and
// result. matmul_nt's work split and register tiles with x and w loaded as bf16 and extended, so
// the result is bitwise matmul_nt_wbf16's on x rounded to bf16. On CUDA it runs on cuBLASLt (bf16
// inputs, f32 compute and output).
func.func @matmul_nt_bf16(%wg: index, %nwg: index,
    %x: memref<?x?xbf16, strided<[?, ?], offset: ?>>,
    %w: memref<?x?xbf16, strided<[?, ?], offset: ?>>,
    %bias: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %has_bias: i64,
    %accumulate: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %c31 = arith.constant 31 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %vz = arith.constant dense<0.0> : vector<16xf32>
  %vzb = arith.constant dense<0.0> : vector<16xbf16>
  %hb = arith.cmpi ne, %has_bias, %i0 : i64
  %acc = arith.cmpi ne, %accumulate, %i0 : i64
  %M = memref.dim %x, %c0 : memref<?x?xbf16, strided<[?, ?], offset: ?>>
  %K = memref.dim %x, %c1 : memref<?x?xbf16, strided<[?, ?], offset: ?>>
  %N = memref.dim %w, %c0 : memref<?x?xbf16, strided<[?, ?], offset: ?>>
  %NB0 = arith.addi %N, %c31 : index
  %NB = arith.divui %NB0, %c32 : index
  %split_a = arith.muli %wg, %NB : index
  %blo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %NB : index
  %bhi = arith.divui %split_b, %nwg : index
  %Kr = arith.remui %K, %c16 : index
  %Kv = arith.subi %K, %Kr : index
  %kmask = vector.create_mask %Kr : vector<16xi1>
  %xb, %xo, %xsz:2, %xst:2 = memref.extract_strided_metadata %x : memref<?x?xbf16, strided<[?, ?], offset: ?>> -> memref<bf16>, index, index, index, index, index
  %wb, %wo, %wsz:2, %wst:2 = memref.extract_strided_metadata %w : memref<?x?xbf16, strided<[?, ?], offset: ?>> -> memref<bf16>, index, index, index, index, index
  %xu = arith.cmpi eq, %xst#1, %c1 : index
  %wu = arith.cmpi eq, %wst#1, %c1 : index
  %fast = arith.andi %xu, %wu : i1
  scf.if %fast {
    %xv = memref.reinterpret_cast %xb to offset: [%xo], sizes: [%M, %K], strides: [%xst#0, 1] : memref<bf16> to memref<?x?xbf16, strided<[?, 1], offset: ?>>
    %wv = memref.reinterpret_cast %wb to offset: [%wo], sizes: [%N, %K], strides: [%wst#0, 1] : memref<bf16> to memref<?x?xbf16, strided<[?, 1], offset: ?>>
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
      %b136_ms = arith.subi %M, %c0 : index
      %b136_mr = arith.remui %b136_ms, %c2 : index
      %b136_mf = arith.subi %M, %b136_mr : index
      %b136_ns = arith.subi %nhi, %nlo : index
      %b136_nr4 = arith.remui %b136_ns, %c2 : index
      %b136_nf4 = arith.subi %nhi, %b136_nr4 : index
      %b136_nr8 = arith.remui %b136_ns, %c4 : index
      %b136_nf8 = arith.subi %nhi, %b136_nr8 : index
      scf.for %b136_m = %c0 to %b136_mf step %c2 {
        scf.for %b136_n = %nlo to %b136_nf4 step %c2 {
          %t137_r0 = arith.addi %b136_m, %c0 : index
          %t137_r1 = arith.addi %b136_m, %c1 : index
          %t137_n0 = arith.addi %b136_n, %c0 : index
          %t137_n1 = arith.addi %b136_n, %c1 : index
          %t137_res:4 = scf.for %t137_k = %c0 to %Kv step %c16 iter_args(%t137_a0_0 = %vz, %t137_a0_1 = %vz, %t137_a1_0 = %vz, %t137_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t137_x0h = vector.load %xv[%t137_r0, %t137_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t137_x0 = arith.extf %t137_x0h : vector<16xbf16> to vector<16xf32>
            %t137_x1h = vector.load %xv[%t137_r1, %t137_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t137_x1 = arith.extf %t137_x1h : vector<16xbf16> to vector<16xf32>
            %t137_w0h = vector.load %wv[%t137_n0, %t137_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t137_w0 = arith.extf %t137_w0h : vector<16xbf16> to vector<16xf32>
            %t137_w1h = vector.load %wv[%t137_n1, %t137_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t137_w1 = arith.extf %t137_w1h : vector<16xbf16> to vector<16xf32>
            %t137_f0_0 = vector.fma %t137_x0, %t137_w0, %t137_a0_0 : vector<16xf32>
            %t137_f0_1 = vector.fma %t137_x0, %t137_w1, %t137_a0_1 : vector<16xf32>
            %t137_f1_0 = vector.fma %t137_x1, %t137_w0, %t137_a1_0 : vector<16xf32>
            %t137_f1_1 = vector.fma %t137_x1, %t137_w1, %t137_a1_1 : vector<16xf32>
            scf.yield %t137_f0_0, %t137_f0_1, %t137_f1_0, %t137_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t137_tx0h = vector.maskedload %xv[%t137_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t137_tx0 = arith.extf %t137_tx0h : vector<16xbf16> to vector<16xf32>
          %t137_tx1h = vector.maskedload %xv[%t137_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t137_tx1 = arith.extf %t137_tx1h : vector<16xbf16> to vector<16xf32>
          %t137_tw0h = vector.maskedload %wv[%t137_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t137_tw0 = arith.extf %t137_tw0h : vector<16xbf16> to vector<16xf32>
          %t137_tw1h = vector.maskedload %wv[%t137_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t137_tw1 = arith.extf %t137_tw1h : vector<16xbf16> to vector<16xf32>
          %t137_g0_0 = vector.fma %t137_tx0, %t137_tw0, %t137_res#0 : vector<16xf32>
          %t137_s0_0 = vector.reduction <add>, %t137_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e138_b = scf.if %hb -> (f32) {
            %e138_bl = memref.load %bias[%t137_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e138_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e138_p = scf.if %acc -> (f32) {
            %e138_pl = memref.load %out[%t137_r0, %t137_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e138_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e138_vb = arith.addf %t137_s0_0, %e138_b : f32
          %e138_o = arith.addf %e138_p, %e138_vb : f32
          memref.store %e138_o, %out[%t137_r0, %t137_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t137_g0_1 = vector.fma %t137_tx0, %t137_tw1, %t137_res#1 : vector<16xf32>
          %t137_s0_1 = vector.reduction <add>, %t137_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e139_b = scf.if %hb -> (f32) {
            %e139_bl = memref.load %bias[%t137_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e139_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e139_p = scf.if %acc -> (f32) {
            %e139_pl = memref.load %out[%t137_r0, %t137_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e139_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e139_vb = arith.addf %t137_s0_1, %e139_b : f32
          %e139_o = arith.addf %e139_p, %e139_vb : f32
          memref.store %e139_o, %out[%t137_r0, %t137_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t137_g1_0 = vector.fma %t137_tx1, %t137_tw0, %t137_res#2 : vector<16xf32>
          %t137_s1_0 = vector.reduction <add>, %t137_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e140_b = scf.if %hb -> (f32) {
            %e140_bl = memref.load %bias[%t137_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e140_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e140_p = scf.if %acc -> (f32) {
            %e140_pl = memref.load %out[%t137_r1, %t137_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e140_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e140_vb = arith.addf %t137_s1_0, %e140_b : f32
          %e140_o = arith.addf %e140_p, %e140_vb : f32
          memref.store %e140_o, %out[%t137_r1, %t137_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t137_g1_1 = vector.fma %t137_tx1, %t137_tw1, %t137_res#3 : vector<16xf32>
          %t137_s1_1 = vector.reduction <add>, %t137_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e141_b = scf.if %hb -> (f32) {
            %e141_bl = memref.load %bias[%t137_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e141_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e141_p = scf.if %acc -> (f32) {
            %e141_pl = memref.load %out[%t137_r1, %t137_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e141_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e141_vb = arith.addf %t137_s1_1, %e141_b : f32
          %e141_o = arith.addf %e141_p, %e141_vb : f32
          memref.store %e141_o, %out[%t137_r1, %t137_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b136_n1 = %b136_nf4 to %nhi step %c1 {
          %t142_r0 = arith.addi %b136_m, %c0 : index
          %t142_r1 = arith.addi %b136_m, %c1 : index
          %t142_n0 = arith.addi %b136_n1, %c0 : index
          %t142_res:2 = scf.for %t142_k = %c0 to %Kv step %c16 iter_args(%t142_a0_0 = %vz, %t142_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t142_x0h = vector.load %xv[%t142_r0, %t142_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t142_x0 = arith.extf %t142_x0h : vector<16xbf16> to vector<16xf32>
            %t142_x1h = vector.load %xv[%t142_r1, %t142_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t142_x1 = arith.extf %t142_x1h : vector<16xbf16> to vector<16xf32>
            %t142_w0h = vector.load %wv[%t142_n0, %t142_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t142_w0 = arith.extf %t142_w0h : vector<16xbf16> to vector<16xf32>
            %t142_f0_0 = vector.fma %t142_x0, %t142_w0, %t142_a0_0 : vector<16xf32>
            %t142_f1_0 = vector.fma %t142_x1, %t142_w0, %t142_a1_0 : vector<16xf32>
            scf.yield %t142_f0_0, %t142_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t142_tx0h = vector.maskedload %xv[%t142_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t142_tx0 = arith.extf %t142_tx0h : vector<16xbf16> to vector<16xf32>
          %t142_tx1h = vector.maskedload %xv[%t142_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t142_tx1 = arith.extf %t142_tx1h : vector<16xbf16> to vector<16xf32>
          %t142_tw0h = vector.maskedload %wv[%t142_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t142_tw0 = arith.extf %t142_tw0h : vector<16xbf16> to vector<16xf32>
          %t142_g0_0 = vector.fma %t142_tx0, %t142_tw0, %t142_res#0 : vector<16xf32>
          %t142_s0_0 = vector.reduction <add>, %t142_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e143_b = scf.if %hb -> (f32) {
            %e143_bl = memref.load %bias[%t142_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e143_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e143_p = scf.if %acc -> (f32) {
            %e143_pl = memref.load %out[%t142_r0, %t142_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e143_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e143_vb = arith.addf %t142_s0_0, %e143_b : f32
          %e143_o = arith.addf %e143_p, %e143_vb : f32
          memref.store %e143_o, %out[%t142_r0, %t142_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t142_g1_0 = vector.fma %t142_tx1, %t142_tw0, %t142_res#1 : vector<16xf32>
          %t142_s1_0 = vector.reduction <add>, %t142_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e144_b = scf.if %hb -> (f32) {
            %e144_bl = memref.load %bias[%t142_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e144_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e144_p = scf.if %acc -> (f32) {
            %e144_pl = memref.load %out[%t142_r1, %t142_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e144_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e144_vb = arith.addf %t142_s1_0, %e144_b : f32
          %e144_o = arith.addf %e144_p, %e144_vb : f32
          memref.store %e144_o, %out[%t142_r1, %t142_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b136_m1 = %b136_mf to %M step %c1 {
        scf.for %b136_n = %nlo to %b136_nf8 step %c4 {
          %t145_r0 = arith.addi %b136_m1, %c0 : index
          %t145_n0 = arith.addi %b136_n, %c0 : index
          %t145_n1 = arith.addi %b136_n, %c1 : index
          %t145_n2 = arith.addi %b136_n, %c2 : index
          %t145_n3 = arith.addi %b136_n, %c3 : index
          %t145_res:4 = scf.for %t145_k = %c0 to %Kv step %c16 iter_args(%t145_a0_0 = %vz, %t145_a0_1 = %vz, %t145_a0_2 = %vz, %t145_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t145_x0h = vector.load %xv[%t145_r0, %t145_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t145_x0 = arith.extf %t145_x0h : vector<16xbf16> to vector<16xf32>
            %t145_w0h = vector.load %wv[%t145_n0, %t145_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t145_w0 = arith.extf %t145_w0h : vector<16xbf16> to vector<16xf32>
            %t145_w1h = vector.load %wv[%t145_n1, %t145_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t145_w1 = arith.extf %t145_w1h : vector<16xbf16> to vector<16xf32>
            %t145_w2h = vector.load %wv[%t145_n2, %t145_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t145_w2 = arith.extf %t145_w2h : vector<16xbf16> to vector<16xf32>
            %t145_w3h = vector.load %wv[%t145_n3, %t145_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t145_w3 = arith.extf %t145_w3h : vector<16xbf16> to vector<16xf32>
            %t145_f0_0 = vector.fma %t145_x0, %t145_w0, %t145_a0_0 : vector<16xf32>
            %t145_f0_1 = vector.fma %t145_x0, %t145_w1, %t145_a0_1 : vector<16xf32>
            %t145_f0_2 = vector.fma %t145_x0, %t145_w2, %t145_a0_2 : vector<16xf32>
            %t145_f0_3 = vector.fma %t145_x0, %t145_w3, %t145_a0_3 : vector<16xf32>
            scf.yield %t145_f0_0, %t145_f0_1, %t145_f0_2, %t145_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t145_tx0h = vector.maskedload %xv[%t145_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t145_tx0 = arith.extf %t145_tx0h : vector<16xbf16> to vector<16xf32>
          %t145_tw0h = vector.maskedload %wv[%t145_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t145_tw0 = arith.extf %t145_tw0h : vector<16xbf16> to vector<16xf32>
          %t145_tw1h = vector.maskedload %wv[%t145_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t145_tw1 = arith.extf %t145_tw1h : vector<16xbf16> to vector<16xf32>
          %t145_tw2h = vector.maskedload %wv[%t145_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t145_tw2 = arith.extf %t145_tw2h : vector<16xbf16> to vector<16xf32>
          %t145_tw3h = vector.maskedload %wv[%t145_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t145_tw3 = arith.extf %t145_tw3h : vector<16xbf16> to vector<16xf32>
          %t145_g0_0 = vector.fma %t145_tx0, %t145_tw0, %t145_res#0 : vector<16xf32>
          %t145_s0_0 = vector.reduction <add>, %t145_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e146_b = scf.if %hb -> (f32) {
            %e146_bl = memref.load %bias[%t145_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e146_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e146_p = scf.if %acc -> (f32) {
            %e146_pl = memref.load %out[%t145_r0, %t145_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e146_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e146_vb = arith.addf %t145_s0_0, %e146_b : f32
          %e146_o = arith.addf %e146_p, %e146_vb : f32
          memref.store %e146_o, %out[%t145_r0, %t145_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t145_g0_1 = vector.fma %t145_tx0, %t145_tw1, %t145_res#1 : vector<16xf32>
          %t145_s0_1 = vector.reduction <add>, %t145_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e147_b = scf.if %hb -> (f32) {
            %e147_bl = memref.load %bias[%t145_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e147_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e147_p = scf.if %acc -> (f32) {
            %e147_pl = memref.load %out[%t145_r0, %t145_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e147_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e147_vb = arith.addf %t145_s0_1, %e147_b : f32
          %e147_o = arith.addf %e147_p, %e147_vb : f32
          memref.store %e147_o, %out[%t145_r0, %t145_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t145_g0_2 = vector.fma %t145_tx0, %t145_tw2, %t145_res#2 : vector<16xf32>
          %t145_s0_2 = vector.reduction <add>, %t145_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e148_b = scf.if %hb -> (f32) {
            %e148_bl = memref.load %bias[%t145_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e148_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e148_p = scf.if %acc -> (f32) {
            %e148_pl = memref.load %out[%t145_r0, %t145_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e148_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e148_vb = arith.addf %t145_s0_2, %e148_b : f32
          %e148_o = arith.addf %e148_p, %e148_vb : f32
          memref.store %e148_o, %out[%t145_r0, %t145_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t145_g0_3 = vector.fma %t145_tx0, %t145_tw3, %t145_res#3 : vector<16xf32>
          %t145_s0_3 = vector.reduction <add>, %t145_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e149_b = scf.if %hb -> (f32) {
            %e149_bl = memref.load %bias[%t145_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e149_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e149_p = scf.if %acc -> (f32) {
            %e149_pl = memref.load %out[%t145_r0, %t145_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e149_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e149_vb = arith.addf %t145_s0_3, %e149_b : f32
          %e149_o = arith.addf %e149_p, %e149_vb : f32
          memref.store %e149_o, %out[%t145_r0, %t145_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b136_n1 = %b136_nf8 to %nhi step %c1 {
          %t150_r0 = arith.addi %b136_m1, %c0 : index
          %t150_n0 = arith.addi %b136_n1, %c0 : index
          %t150_res:1 = scf.for %t150_k = %c0 to %Kv step %c16 iter_args(%t150_a0_0 = %vz) -> (vector<16xf32>) {
            %t150_x0h = vector.load %xv[%t150_r0, %t150_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t150_x0 = arith.extf %t150_x0h : vector<16xbf16> to vector<16xf32>
            %t150_w0h = vector.load %wv[%t150_n0, %t150_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t150_w0 = arith.extf %t150_w0h : vector<16xbf16> to vector<16xf32>
            %t150_f0_0 = vector.fma %t150_x0, %t150_w0, %t150_a0_0 : vector<16xf32>
            scf.yield %t150_f0_0 : vector<16xf32>
          }
          %t150_tx0h = vector.maskedload %xv[%t150_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t150_tx0 = arith.extf %t150_tx0h : vector<16xbf16> to vector<16xf32>
          %t150_tw0h = vector.maskedload %wv[%t150_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t150_tw0 = arith.extf %t150_tw0h : vector<16xbf16> to vector<16xf32>
          %t150_g0_0 = vector.fma %t150_tx0, %t150_tw0, %t150_res#0 : vector<16xf32>
          %t150_s0_0 = vector.reduction <add>, %t150_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e151_b = scf.if %hb -> (f32) {
            %e151_bl = memref.load %bias[%t150_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e151_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e151_p = scf.if %acc -> (f32) {
            %e151_pl = memref.load %out[%t150_r0, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e151_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e151_vb = arith.addf %t150_s0_0, %e151_b : f32
          %e151_o = arith.addf %e151_p, %e151_vb : f32
          memref.store %e151_o, %out[%t150_r0, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  } else {
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
      scf.for %s152_m = %c0 to %M step %c1 {
        scf.for %s152_n = %nlo to %nhi step %c1 {
          %s152_d = scf.for %s152_k = %c0 to %K step %c1 iter_args(%s152_a = %f0) -> (f32) {
            %s152_xh = memref.load %x[%s152_m, %s152_k] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
            %s152_xv = arith.extf %s152_xh : bf16 to f32
            %s152_wh = memref.load %w[%s152_n, %s152_k] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
            %s152_wv = arith.extf %s152_wh : bf16 to f32
            %s152_a2 = math.fma %s152_xv, %s152_wv, %s152_a : f32
            scf.yield %s152_a2 : f32
          }
          %e153_b = scf.if %hb -> (f32) {
            %e153_bl = memref.load %bias[%s152_n] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e153_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e153_p = scf.if %acc -> (f32) {
            %e153_pl = memref.load %out[%s152_m, %s152_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e153_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e153_vb = arith.addf %s152_d, %e153_b : f32
          %e153_o = arith.addf %e153_p, %e153_vb : f32
          memref.store %e153_o, %out[%s152_m, %s152_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
