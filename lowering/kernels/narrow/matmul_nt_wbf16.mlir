// Narrow-register version (gen_kernels.py --narrow): 2 x 2 and 1 x 4 register tiles in place of
// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; bitwise the same results.
// matmul_nt_wbf16: matmul_nt with a bf16 weight (moe-weights-to-bf16): out[M, N] =
// (accumulate ? out : 0) + x[M, K] f32(w[N, K])^T (+ bias[N]). The same work split and register tiles
// as matmul_nt; w is loaded as vector<16xbf16> and extended to f32 before the f32 FMAs, so the
// result equals matmul_nt on the weights rounded to bf16.
func.func @matmul_nt_wbf16(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
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
  %M = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
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
  %xb, %xo, %xsz:2, %xst:2 = memref.extract_strided_metadata %x : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  %wb, %wo, %wsz:2, %wst:2 = memref.extract_strided_metadata %w : memref<?x?xbf16, strided<[?, ?], offset: ?>> -> memref<bf16>, index, index, index, index, index
  %xu = arith.cmpi eq, %xst#1, %c1 : index
  %wu = arith.cmpi eq, %wst#1, %c1 : index
  %fast = arith.andi %xu, %wu : i1
  scf.if %fast {
    %xv = memref.reinterpret_cast %xb to offset: [%xo], sizes: [%M, %K], strides: [%xst#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
    %wv = memref.reinterpret_cast %wb to offset: [%wo], sizes: [%N, %K], strides: [%wst#0, 1] : memref<bf16> to memref<?x?xbf16, strided<[?, 1], offset: ?>>
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
      %b59_ms = arith.subi %M, %c0 : index
      %b59_mr = arith.remui %b59_ms, %c2 : index
      %b59_mf = arith.subi %M, %b59_mr : index
      %b59_ns = arith.subi %nhi, %nlo : index
      %b59_nr4 = arith.remui %b59_ns, %c2 : index
      %b59_nf4 = arith.subi %nhi, %b59_nr4 : index
      %b59_nr8 = arith.remui %b59_ns, %c4 : index
      %b59_nf8 = arith.subi %nhi, %b59_nr8 : index
      scf.for %b59_m = %c0 to %b59_mf step %c2 {
        scf.for %b59_n = %nlo to %b59_nf4 step %c2 {
          %t60_r0 = arith.addi %b59_m, %c0 : index
          %t60_r1 = arith.addi %b59_m, %c1 : index
          %t60_n0 = arith.addi %b59_n, %c0 : index
          %t60_n1 = arith.addi %b59_n, %c1 : index
          %t60_res:4 = scf.for %t60_k = %c0 to %Kv step %c16 iter_args(%t60_a0_0 = %vz, %t60_a0_1 = %vz, %t60_a1_0 = %vz, %t60_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t60_x0 = vector.load %xv[%t60_r0, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_x1 = vector.load %xv[%t60_r1, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_w0h = vector.load %wv[%t60_n0, %t60_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t60_w0 = arith.extf %t60_w0h : vector<16xbf16> to vector<16xf32>
            %t60_w1h = vector.load %wv[%t60_n1, %t60_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t60_w1 = arith.extf %t60_w1h : vector<16xbf16> to vector<16xf32>
            %t60_f0_0 = vector.fma %t60_x0, %t60_w0, %t60_a0_0 : vector<16xf32>
            %t60_f0_1 = vector.fma %t60_x0, %t60_w1, %t60_a0_1 : vector<16xf32>
            %t60_f1_0 = vector.fma %t60_x1, %t60_w0, %t60_a1_0 : vector<16xf32>
            %t60_f1_1 = vector.fma %t60_x1, %t60_w1, %t60_a1_1 : vector<16xf32>
            scf.yield %t60_f0_0, %t60_f0_1, %t60_f1_0, %t60_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t60_tx0 = vector.maskedload %xv[%t60_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tx1 = vector.maskedload %xv[%t60_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tw0h = vector.maskedload %wv[%t60_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t60_tw0 = arith.extf %t60_tw0h : vector<16xbf16> to vector<16xf32>
          %t60_tw1h = vector.maskedload %wv[%t60_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t60_tw1 = arith.extf %t60_tw1h : vector<16xbf16> to vector<16xf32>
          %t60_g0_0 = vector.fma %t60_tx0, %t60_tw0, %t60_res#0 : vector<16xf32>
          %t60_s0_0 = vector.reduction <add>, %t60_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e61_b = scf.if %hb -> (f32) {
            %e61_bl = memref.load %bias[%t60_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e61_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e61_p = scf.if %acc -> (f32) {
            %e61_pl = memref.load %out[%t60_r0, %t60_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e61_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e61_vb = arith.addf %t60_s0_0, %e61_b : f32
          %e61_o = arith.addf %e61_p, %e61_vb : f32
          memref.store %e61_o, %out[%t60_r0, %t60_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t60_g0_1 = vector.fma %t60_tx0, %t60_tw1, %t60_res#1 : vector<16xf32>
          %t60_s0_1 = vector.reduction <add>, %t60_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e62_b = scf.if %hb -> (f32) {
            %e62_bl = memref.load %bias[%t60_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e62_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e62_p = scf.if %acc -> (f32) {
            %e62_pl = memref.load %out[%t60_r0, %t60_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e62_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e62_vb = arith.addf %t60_s0_1, %e62_b : f32
          %e62_o = arith.addf %e62_p, %e62_vb : f32
          memref.store %e62_o, %out[%t60_r0, %t60_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t60_g1_0 = vector.fma %t60_tx1, %t60_tw0, %t60_res#2 : vector<16xf32>
          %t60_s1_0 = vector.reduction <add>, %t60_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e63_b = scf.if %hb -> (f32) {
            %e63_bl = memref.load %bias[%t60_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e63_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e63_p = scf.if %acc -> (f32) {
            %e63_pl = memref.load %out[%t60_r1, %t60_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e63_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e63_vb = arith.addf %t60_s1_0, %e63_b : f32
          %e63_o = arith.addf %e63_p, %e63_vb : f32
          memref.store %e63_o, %out[%t60_r1, %t60_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t60_g1_1 = vector.fma %t60_tx1, %t60_tw1, %t60_res#3 : vector<16xf32>
          %t60_s1_1 = vector.reduction <add>, %t60_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e64_b = scf.if %hb -> (f32) {
            %e64_bl = memref.load %bias[%t60_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e64_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e64_p = scf.if %acc -> (f32) {
            %e64_pl = memref.load %out[%t60_r1, %t60_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e64_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e64_vb = arith.addf %t60_s1_1, %e64_b : f32
          %e64_o = arith.addf %e64_p, %e64_vb : f32
          memref.store %e64_o, %out[%t60_r1, %t60_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b59_n1 = %b59_nf4 to %nhi step %c1 {
          %t65_r0 = arith.addi %b59_m, %c0 : index
          %t65_r1 = arith.addi %b59_m, %c1 : index
          %t65_n0 = arith.addi %b59_n1, %c0 : index
          %t65_res:2 = scf.for %t65_k = %c0 to %Kv step %c16 iter_args(%t65_a0_0 = %vz, %t65_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t65_x0 = vector.load %xv[%t65_r0, %t65_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t65_x1 = vector.load %xv[%t65_r1, %t65_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t65_w0h = vector.load %wv[%t65_n0, %t65_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t65_w0 = arith.extf %t65_w0h : vector<16xbf16> to vector<16xf32>
            %t65_f0_0 = vector.fma %t65_x0, %t65_w0, %t65_a0_0 : vector<16xf32>
            %t65_f1_0 = vector.fma %t65_x1, %t65_w0, %t65_a1_0 : vector<16xf32>
            scf.yield %t65_f0_0, %t65_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t65_tx0 = vector.maskedload %xv[%t65_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t65_tx1 = vector.maskedload %xv[%t65_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t65_tw0h = vector.maskedload %wv[%t65_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t65_tw0 = arith.extf %t65_tw0h : vector<16xbf16> to vector<16xf32>
          %t65_g0_0 = vector.fma %t65_tx0, %t65_tw0, %t65_res#0 : vector<16xf32>
          %t65_s0_0 = vector.reduction <add>, %t65_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e66_b = scf.if %hb -> (f32) {
            %e66_bl = memref.load %bias[%t65_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e66_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e66_p = scf.if %acc -> (f32) {
            %e66_pl = memref.load %out[%t65_r0, %t65_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e66_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e66_vb = arith.addf %t65_s0_0, %e66_b : f32
          %e66_o = arith.addf %e66_p, %e66_vb : f32
          memref.store %e66_o, %out[%t65_r0, %t65_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t65_g1_0 = vector.fma %t65_tx1, %t65_tw0, %t65_res#1 : vector<16xf32>
          %t65_s1_0 = vector.reduction <add>, %t65_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e67_b = scf.if %hb -> (f32) {
            %e67_bl = memref.load %bias[%t65_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e67_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e67_p = scf.if %acc -> (f32) {
            %e67_pl = memref.load %out[%t65_r1, %t65_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e67_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e67_vb = arith.addf %t65_s1_0, %e67_b : f32
          %e67_o = arith.addf %e67_p, %e67_vb : f32
          memref.store %e67_o, %out[%t65_r1, %t65_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b59_m1 = %b59_mf to %M step %c1 {
        scf.for %b59_n = %nlo to %b59_nf8 step %c4 {
          %t68_r0 = arith.addi %b59_m1, %c0 : index
          %t68_n0 = arith.addi %b59_n, %c0 : index
          %t68_n1 = arith.addi %b59_n, %c1 : index
          %t68_n2 = arith.addi %b59_n, %c2 : index
          %t68_n3 = arith.addi %b59_n, %c3 : index
          %t68_res:4 = scf.for %t68_k = %c0 to %Kv step %c16 iter_args(%t68_a0_0 = %vz, %t68_a0_1 = %vz, %t68_a0_2 = %vz, %t68_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t68_x0 = vector.load %xv[%t68_r0, %t68_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t68_w0h = vector.load %wv[%t68_n0, %t68_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t68_w0 = arith.extf %t68_w0h : vector<16xbf16> to vector<16xf32>
            %t68_w1h = vector.load %wv[%t68_n1, %t68_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t68_w1 = arith.extf %t68_w1h : vector<16xbf16> to vector<16xf32>
            %t68_w2h = vector.load %wv[%t68_n2, %t68_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t68_w2 = arith.extf %t68_w2h : vector<16xbf16> to vector<16xf32>
            %t68_w3h = vector.load %wv[%t68_n3, %t68_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t68_w3 = arith.extf %t68_w3h : vector<16xbf16> to vector<16xf32>
            %t68_f0_0 = vector.fma %t68_x0, %t68_w0, %t68_a0_0 : vector<16xf32>
            %t68_f0_1 = vector.fma %t68_x0, %t68_w1, %t68_a0_1 : vector<16xf32>
            %t68_f0_2 = vector.fma %t68_x0, %t68_w2, %t68_a0_2 : vector<16xf32>
            %t68_f0_3 = vector.fma %t68_x0, %t68_w3, %t68_a0_3 : vector<16xf32>
            scf.yield %t68_f0_0, %t68_f0_1, %t68_f0_2, %t68_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t68_tx0 = vector.maskedload %xv[%t68_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t68_tw0h = vector.maskedload %wv[%t68_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t68_tw0 = arith.extf %t68_tw0h : vector<16xbf16> to vector<16xf32>
          %t68_tw1h = vector.maskedload %wv[%t68_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t68_tw1 = arith.extf %t68_tw1h : vector<16xbf16> to vector<16xf32>
          %t68_tw2h = vector.maskedload %wv[%t68_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t68_tw2 = arith.extf %t68_tw2h : vector<16xbf16> to vector<16xf32>
          %t68_tw3h = vector.maskedload %wv[%t68_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t68_tw3 = arith.extf %t68_tw3h : vector<16xbf16> to vector<16xf32>
          %t68_g0_0 = vector.fma %t68_tx0, %t68_tw0, %t68_res#0 : vector<16xf32>
          %t68_s0_0 = vector.reduction <add>, %t68_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e69_b = scf.if %hb -> (f32) {
            %e69_bl = memref.load %bias[%t68_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e69_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e69_p = scf.if %acc -> (f32) {
            %e69_pl = memref.load %out[%t68_r0, %t68_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e69_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e69_vb = arith.addf %t68_s0_0, %e69_b : f32
          %e69_o = arith.addf %e69_p, %e69_vb : f32
          memref.store %e69_o, %out[%t68_r0, %t68_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t68_g0_1 = vector.fma %t68_tx0, %t68_tw1, %t68_res#1 : vector<16xf32>
          %t68_s0_1 = vector.reduction <add>, %t68_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e70_b = scf.if %hb -> (f32) {
            %e70_bl = memref.load %bias[%t68_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e70_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e70_p = scf.if %acc -> (f32) {
            %e70_pl = memref.load %out[%t68_r0, %t68_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e70_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e70_vb = arith.addf %t68_s0_1, %e70_b : f32
          %e70_o = arith.addf %e70_p, %e70_vb : f32
          memref.store %e70_o, %out[%t68_r0, %t68_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t68_g0_2 = vector.fma %t68_tx0, %t68_tw2, %t68_res#2 : vector<16xf32>
          %t68_s0_2 = vector.reduction <add>, %t68_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e71_b = scf.if %hb -> (f32) {
            %e71_bl = memref.load %bias[%t68_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e71_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e71_p = scf.if %acc -> (f32) {
            %e71_pl = memref.load %out[%t68_r0, %t68_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e71_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e71_vb = arith.addf %t68_s0_2, %e71_b : f32
          %e71_o = arith.addf %e71_p, %e71_vb : f32
          memref.store %e71_o, %out[%t68_r0, %t68_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t68_g0_3 = vector.fma %t68_tx0, %t68_tw3, %t68_res#3 : vector<16xf32>
          %t68_s0_3 = vector.reduction <add>, %t68_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e72_b = scf.if %hb -> (f32) {
            %e72_bl = memref.load %bias[%t68_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e72_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e72_p = scf.if %acc -> (f32) {
            %e72_pl = memref.load %out[%t68_r0, %t68_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e72_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e72_vb = arith.addf %t68_s0_3, %e72_b : f32
          %e72_o = arith.addf %e72_p, %e72_vb : f32
          memref.store %e72_o, %out[%t68_r0, %t68_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b59_n1 = %b59_nf8 to %nhi step %c1 {
          %t73_r0 = arith.addi %b59_m1, %c0 : index
          %t73_n0 = arith.addi %b59_n1, %c0 : index
          %t73_res:1 = scf.for %t73_k = %c0 to %Kv step %c16 iter_args(%t73_a0_0 = %vz) -> (vector<16xf32>) {
            %t73_x0 = vector.load %xv[%t73_r0, %t73_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t73_w0h = vector.load %wv[%t73_n0, %t73_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t73_w0 = arith.extf %t73_w0h : vector<16xbf16> to vector<16xf32>
            %t73_f0_0 = vector.fma %t73_x0, %t73_w0, %t73_a0_0 : vector<16xf32>
            scf.yield %t73_f0_0 : vector<16xf32>
          }
          %t73_tx0 = vector.maskedload %xv[%t73_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t73_tw0h = vector.maskedload %wv[%t73_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t73_tw0 = arith.extf %t73_tw0h : vector<16xbf16> to vector<16xf32>
          %t73_g0_0 = vector.fma %t73_tx0, %t73_tw0, %t73_res#0 : vector<16xf32>
          %t73_s0_0 = vector.reduction <add>, %t73_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e74_b = scf.if %hb -> (f32) {
            %e74_bl = memref.load %bias[%t73_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e74_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e74_p = scf.if %acc -> (f32) {
            %e74_pl = memref.load %out[%t73_r0, %t73_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e74_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e74_vb = arith.addf %t73_s0_0, %e74_b : f32
          %e74_o = arith.addf %e74_p, %e74_vb : f32
          memref.store %e74_o, %out[%t73_r0, %t73_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  } else {
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
      scf.for %s75_m = %c0 to %M step %c1 {
        scf.for %s75_n = %nlo to %nhi step %c1 {
          %s75_d = scf.for %s75_k = %c0 to %K step %c1 iter_args(%s75_a = %f0) -> (f32) {
            %s75_xv = memref.load %x[%s75_m, %s75_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s75_wh = memref.load %w[%s75_n, %s75_k] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
            %s75_wv = arith.extf %s75_wh : bf16 to f32
            %s75_a2 = math.fma %s75_xv, %s75_wv, %s75_a : f32
            scf.yield %s75_a2 : f32
          }
          %e76_b = scf.if %hb -> (f32) {
            %e76_bl = memref.load %bias[%s75_n] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e76_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e76_p = scf.if %acc -> (f32) {
            %e76_pl = memref.load %out[%s75_m, %s75_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e76_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e76_vb = arith.addf %s75_d, %e76_b : f32
          %e76_o = arith.addf %e76_p, %e76_vb : f32
          memref.store %e76_o, %out[%s75_m, %s75_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
