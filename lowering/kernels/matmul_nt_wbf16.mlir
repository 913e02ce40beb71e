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
      %b113_ms = arith.subi %M, %c0 : index
      %b113_mr = arith.remui %b113_ms, %c4 : index
      %b113_mf = arith.subi %M, %b113_mr : index
      %b113_ns = arith.subi %nhi, %nlo : index
      %b113_nr4 = arith.remui %b113_ns, %c4 : index
      %b113_nf4 = arith.subi %nhi, %b113_nr4 : index
      %b113_nr8 = arith.remui %b113_ns, %c8 : index
      %b113_nf8 = arith.subi %nhi, %b113_nr8 : index
      scf.for %b113_m = %c0 to %b113_mf step %c4 {
        scf.for %b113_n = %nlo to %b113_nf4 step %c4 {
          %t114_r0 = arith.addi %b113_m, %c0 : index
          %t114_r1 = arith.addi %b113_m, %c1 : index
          %t114_r2 = arith.addi %b113_m, %c2 : index
          %t114_r3 = arith.addi %b113_m, %c3 : index
          %t114_n0 = arith.addi %b113_n, %c0 : index
          %t114_n1 = arith.addi %b113_n, %c1 : index
          %t114_n2 = arith.addi %b113_n, %c2 : index
          %t114_n3 = arith.addi %b113_n, %c3 : index
          %t114_res:16 = scf.for %t114_k = %c0 to %Kv step %c16 iter_args(%t114_a0_0 = %vz, %t114_a0_1 = %vz, %t114_a0_2 = %vz, %t114_a0_3 = %vz, %t114_a1_0 = %vz, %t114_a1_1 = %vz, %t114_a1_2 = %vz, %t114_a1_3 = %vz, %t114_a2_0 = %vz, %t114_a2_1 = %vz, %t114_a2_2 = %vz, %t114_a2_3 = %vz, %t114_a3_0 = %vz, %t114_a3_1 = %vz, %t114_a3_2 = %vz, %t114_a3_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t114_x0 = vector.load %xv[%t114_r0, %t114_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t114_x1 = vector.load %xv[%t114_r1, %t114_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t114_x2 = vector.load %xv[%t114_r2, %t114_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t114_x3 = vector.load %xv[%t114_r3, %t114_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t114_w0h = vector.load %wv[%t114_n0, %t114_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t114_w0 = arith.extf %t114_w0h : vector<16xbf16> to vector<16xf32>
            %t114_w1h = vector.load %wv[%t114_n1, %t114_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t114_w1 = arith.extf %t114_w1h : vector<16xbf16> to vector<16xf32>
            %t114_w2h = vector.load %wv[%t114_n2, %t114_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t114_w2 = arith.extf %t114_w2h : vector<16xbf16> to vector<16xf32>
            %t114_w3h = vector.load %wv[%t114_n3, %t114_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t114_w3 = arith.extf %t114_w3h : vector<16xbf16> to vector<16xf32>
            %t114_f0_0 = vector.fma %t114_x0, %t114_w0, %t114_a0_0 : vector<16xf32>
            %t114_f0_1 = vector.fma %t114_x0, %t114_w1, %t114_a0_1 : vector<16xf32>
            %t114_f0_2 = vector.fma %t114_x0, %t114_w2, %t114_a0_2 : vector<16xf32>
            %t114_f0_3 = vector.fma %t114_x0, %t114_w3, %t114_a0_3 : vector<16xf32>
            %t114_f1_0 = vector.fma %t114_x1, %t114_w0, %t114_a1_0 : vector<16xf32>
            %t114_f1_1 = vector.fma %t114_x1, %t114_w1, %t114_a1_1 : vector<16xf32>
            %t114_f1_2 = vector.fma %t114_x1, %t114_w2, %t114_a1_2 : vector<16xf32>
            %t114_f1_3 = vector.fma %t114_x1, %t114_w3, %t114_a1_3 : vector<16xf32>
            %t114_f2_0 = vector.fma %t114_x2, %t114_w0, %t114_a2_0 : vector<16xf32>
            %t114_f2_1 = vector.fma %t114_x2, %t114_w1, %t114_a2_1 : vector<16xf32>
            %t114_f2_2 = vector.fma %t114_x2, %t114_w2, %t114_a2_2 : vector<16xf32>
            %t114_f2_3 = vector.fma %t114_x2, %t114_w3, %t114_a2_3 : vector<16xf32>
            %t114_f3_0 = vector.fma %t114_x3, %t114_w0, %t114_a3_0 : vector<16xf32>
            %t114_f3_1 = vector.fma %t114_x3, %t114_w1, %t114_a3_1 : vector<16xf32>
            %t114_f3_2 = vector.fma %t114_x3, %t114_w2, %t114_a3_2 : vector<16xf32>
            %t114_f3_3 = vector.fma %t114_x3, %t114_w3, %t114_a3_3 : vector<16xf32>
            scf.yield %t114_f0_0, %t114_f0_1, %t114_f0_2, %t114_f0_3, %t114_f1_0, %t114_f1_1, %t114_f1_2, %t114_f1_3, %t114_f2_0, %t114_f2_1, %t114_f2_2, %t114_f2_3, %t114_f3_0, %t114_f3_1, %t114_f3_2, %t114_f3_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t114_tx0 = vector.maskedload %xv[%t114_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t114_tx1 = vector.maskedload %xv[%t114_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t114_tx2 = vector.maskedload %xv[%t114_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t114_tx3 = vector.maskedload %xv[%t114_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t114_tw0h = vector.maskedload %wv[%t114_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t114_tw0 = arith.extf %t114_tw0h : vector<16xbf16> to vector<16xf32>
          %t114_tw1h = vector.maskedload %wv[%t114_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t114_tw1 = arith.extf %t114_tw1h : vector<16xbf16> to vector<16xf32>
          %t114_tw2h = vector.maskedload %wv[%t114_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t114_tw2 = arith.extf %t114_tw2h : vector<16xbf16> to vector<16xf32>
          %t114_tw3h = vector.maskedload %wv[%t114_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t114_tw3 = arith.extf %t114_tw3h : vector<16xbf16> to vector<16xf32>
          %t114_g0_0 = vector.fma %t114_tx0, %t114_tw0, %t114_res#0 : vector<16xf32>
          %t114_s0_0 = vector.reduction <add>, %t114_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e115_b = scf.if %hb -> (f32) {
            %e115_bl = memref.load %bias[%t114_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e115_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e115_p = scf.if %acc -> (f32) {
            %e115_pl = memref.load %out[%t114_r0, %t114_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e115_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e115_vb = arith.addf %t114_s0_0, %e115_b : f32
          %e115_o = arith.addf %e115_p, %e115_vb : f32
          memref.store %e115_o, %out[%t114_r0, %t114_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g0_1 = vector.fma %t114_tx0, %t114_tw1, %t114_res#1 : vector<16xf32>
          %t114_s0_1 = vector.reduction <add>, %t114_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e116_b = scf.if %hb -> (f32) {
            %e116_bl = memref.load %bias[%t114_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e116_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e116_p = scf.if %acc -> (f32) {
            %e116_pl = memref.load %out[%t114_r0, %t114_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e116_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e116_vb = arith.addf %t114_s0_1, %e116_b : f32
          %e116_o = arith.addf %e116_p, %e116_vb : f32
          memref.store %e116_o, %out[%t114_r0, %t114_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g0_2 = vector.fma %t114_tx0, %t114_tw2, %t114_res#2 : vector<16xf32>
          %t114_s0_2 = vector.reduction <add>, %t114_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e117_b = scf.if %hb -> (f32) {
            %e117_bl = memref.load %bias[%t114_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e117_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e117_p = scf.if %acc -> (f32) {
            %e117_pl = memref.load %out[%t114_r0, %t114_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e117_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e117_vb = arith.addf %t114_s0_2, %e117_b : f32
          %e117_o = arith.addf %e117_p, %e117_vb : f32
          memref.store %e117_o, %out[%t114_r0, %t114_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g0_3 = vector.fma %t114_tx0, %t114_tw3, %t114_res#3 : vector<16xf32>
          %t114_s0_3 = vector.reduction <add>, %t114_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e118_b = scf.if %hb -> (f32) {
            %e118_bl = memref.load %bias[%t114_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e118_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e118_p = scf.if %acc -> (f32) {
            %e118_pl = memref.load %out[%t114_r0, %t114_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e118_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e118_vb = arith.addf %t114_s0_3, %e118_b : f32
          %e118_o = arith.addf %e118_p, %e118_vb : f32
          memref.store %e118_o, %out[%t114_r0, %t114_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g1_0 = vector.fma %t114_tx1, %t114_tw0, %t114_res#4 : vector<16xf32>
          %t114_s1_0 = vector.reduction <add>, %t114_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e119_b = scf.if %hb -> (f32) {
            %e119_bl = memref.load %bias[%t114_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e119_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e119_p = scf.if %acc -> (f32) {
            %e119_pl = memref.load %out[%t114_r1, %t114_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e119_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e119_vb = arith.addf %t114_s1_0, %e119_b : f32
          %e119_o = arith.addf %e119_p, %e119_vb : f32
          memref.store %e119_o, %out[%t114_r1, %t114_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g1_1 = vector.fma %t114_tx1, %t114_tw1, %t114_res#5 : vector<16xf32>
          %t114_s1_1 = vector.reduction <add>, %t114_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e120_b = scf.if %hb -> (f32) {
            %e120_bl = memref.load %bias[%t114_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e120_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e120_p = scf.if %acc -> (f32) {
            %e120_pl = memref.load %out[%t114_r1, %t114_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e120_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e120_vb = arith.addf %t114_s1_1, %e120_b : f32
          %e120_o = arith.addf %e120_p, %e120_vb : f32
          memref.store %e120_o, %out[%t114_r1, %t114_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g1_2 = vector.fma %t114_tx1, %t114_tw2, %t114_res#6 : vector<16xf32>
          %t114_s1_2 = vector.reduction <add>, %t114_g1_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e121_b = scf.if %hb -> (f32) {
            %e121_bl = memref.load %bias[%t114_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e121_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e121_p = scf.if %acc -> (f32) {
            %e121_pl = memref.load %out[%t114_r1, %t114_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e121_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e121_vb = arith.addf %t114_s1_2, %e121_b : f32
          %e121_o = arith.addf %e121_p, %e121_vb : f32
          memref.store %e121_o, %out[%t114_r1, %t114_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g1_3 = vector.fma %t114_tx1, %t114_tw3, %t114_res#7 : vector<16xf32>
          %t114_s1_3 = vector.reduction <add>, %t114_g1_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e122_b = scf.if %hb -> (f32) {
            %e122_bl = memref.load %bias[%t114_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e122_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e122_p = scf.if %acc -> (f32) {
            %e122_pl = memref.load %out[%t114_r1, %t114_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e122_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e122_vb = arith.addf %t114_s1_3, %e122_b : f32
          %e122_o = arith.addf %e122_p, %e122_vb : f32
          memref.store %e122_o, %out[%t114_r1, %t114_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g2_0 = vector.fma %t114_tx2, %t114_tw0, %t114_res#8 : vector<16xf32>
          %t114_s2_0 = vector.reduction <add>, %t114_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e123_b = scf.if %hb -> (f32) {
            %e123_bl = memref.load %bias[%t114_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e123_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e123_p = scf.if %acc -> (f32) {
            %e123_pl = memref.load %out[%t114_r2, %t114_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e123_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e123_vb = arith.addf %t114_s2_0, %e123_b : f32
          %e123_o = arith.addf %e123_p, %e123_vb : f32
          memref.store %e123_o, %out[%t114_r2, %t114_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g2_1 = vector.fma %t114_tx2, %t114_tw1, %t114_res#9 : vector<16xf32>
          %t114_s2_1 = vector.reduction <add>, %t114_g2_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e124_b = scf.if %hb -> (f32) {
            %e124_bl = memref.load %bias[%t114_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e124_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e124_p = scf.if %acc -> (f32) {
            %e124_pl = memref.load %out[%t114_r2, %t114_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e124_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e124_vb = arith.addf %t114_s2_1, %e124_b : f32
          %e124_o = arith.addf %e124_p, %e124_vb : f32
          memref.store %e124_o, %out[%t114_r2, %t114_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g2_2 = vector.fma %t114_tx2, %t114_tw2, %t114_res#10 : vector<16xf32>
          %t114_s2_2 = vector.reduction <add>, %t114_g2_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e125_b = scf.if %hb -> (f32) {
            %e125_bl = memref.load %bias[%t114_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e125_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e125_p = scf.if %acc -> (f32) {
            %e125_pl = memref.load %out[%t114_r2, %t114_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e125_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e125_vb = arith.addf %t114_s2_2, %e125_b : f32
          %e125_o = arith.addf %e125_p, %e125_vb : f32
          memref.store %e125_o, %out[%t114_r2, %t114_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g2_3 = vector.fma %t114_tx2, %t114_tw3, %t114_res#11 : vector<16xf32>
          %t114_s2_3 = vector.reduction <add>, %t114_g2_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e126_b = scf.if %hb -> (f32) {
            %e126_bl = memref.load %bias[%t114_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e126_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e126_p = scf.if %acc -> (f32) {
            %e126_pl = memref.load %out[%t114_r2, %t114_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e126_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e126_vb = arith.addf %t114_s2_3, %e126_b : f32
          %e126_o = arith.addf %e126_p, %e126_vb : f32
          memref.store %e126_o, %out[%t114_r2, %t114_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g3_0 = vector.fma %t114_tx3, %t114_tw0, %t114_res#12 : vector<16xf32>
          %t114_s3_0 = vector.reduction <add>, %t114_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e127_b = scf.if %hb -> (f32) {
            %e127_bl = memref.load %bias[%t114_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e127_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e127_p = scf.if %acc -> (f32) {
            %e127_pl = memref.load %out[%t114_r3, %t114_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e127_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e127_vb = arith.addf %t114_s3_0, %e127_b : f32
          %e127_o = arith.addf %e127_p, %e127_vb : f32
          memref.store %e127_o, %out[%t114_r3, %t114_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g3_1 = vector.fma %t114_tx3, %t114_tw1, %t114_res#13 : vector<16xf32>
          %t114_s3_1 = vector.reduction <add>, %t114_g3_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e128_b = scf.if %hb -> (f32) {
            %e128_bl = memref.load %bias[%t114_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e128_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e128_p = scf.if %acc -> (f32) {
            %e128_pl = memref.load %out[%t114_r3, %t114_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e128_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e128_vb = arith.addf %t114_s3_1, %e128_b : f32
          %e128_o = arith.addf %e128_p, %e128_vb : f32
          memref.store %e128_o, %out[%t114_r3, %t114_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g3_2 = vector.fma %t114_tx3, %t114_tw2, %t114_res#14 : vector<16xf32>
          %t114_s3_2 = vector.reduction <add>, %t114_g3_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e129_b = scf.if %hb -> (f32) {
            %e129_bl = memref.load %bias[%t114_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e129_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e129_p = scf.if %acc -> (f32) {
            %e129_pl = memref.load %out[%t114_r3, %t114_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e129_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e129_vb = arith.addf %t114_s3_2, %e129_b : f32
          %e129_o = arith.addf %e129_p, %e129_vb : f32
          memref.store %e129_o, %out[%t114_r3, %t114_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t114_g3_3 = vector.fma %t114_tx3, %t114_tw3, %t114_res#15 : vector<16xf32>
          %t114_s3_3 = vector.reduction <add>, %t114_g3_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e130_b = scf.if %hb -> (f32) {
            %e130_bl = memref.load %bias[%t114_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e130_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e130_p = scf.if %acc -> (f32) {
            %e130_pl = memref.load %out[%t114_r3, %t114_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e130_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e130_vb = arith.addf %t114_s3_3, %e130_b : f32
          %e130_o = arith.addf %e130_p, %e130_vb : f32
          memref.store %e130_o, %out[%t114_r3, %t114_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b113_n1 = %b113_nf4 to %nhi step %c1 {
          %t131_r0 = arith.addi %b113_m, %c0 : index
          %t131_r1 = arith.addi %b113_m, %c1 : index
          %t131_r2 = arith.addi %b113_m, %c2 : index
          %t131_r3 = arith.addi %b113_m, %c3 : index
          %t131_n0 = arith.addi %b113_n1, %c0 : index
          %t131_res:4 = scf.for %t131_k = %c0 to %Kv step %c16 iter_args(%t131_a0_0 = %vz, %t131_a1_0 = %vz, %t131_a2_0 = %vz, %t131_a3_0 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t131_x0 = vector.load %xv[%t131_r0, %t131_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t131_x1 = vector.load %xv[%t131_r1, %t131_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t131_x2 = vector.load %xv[%t131_r2, %t131_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t131_x3 = vector.load %xv[%t131_r3, %t131_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t131_w0h = vector.load %wv[%t131_n0, %t131_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t131_w0 = arith.extf %t131_w0h : vector<16xbf16> to vector<16xf32>
            %t131_f0_0 = vector.fma %t131_x0, %t131_w0, %t131_a0_0 : vector<16xf32>
            %t131_f1_0 = vector.fma %t131_x1, %t131_w0, %t131_a1_0 : vector<16xf32>
            %t131_f2_0 = vector.fma %t131_x2, %t131_w0, %t131_a2_0 : vector<16xf32>
            %t131_f3_0 = vector.fma %t131_x3, %t131_w0, %t131_a3_0 : vector<16xf32>
            scf.yield %t131_f0_0, %t131_f1_0, %t131_f2_0, %t131_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t131_tx0 = vector.maskedload %xv[%t131_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t131_tx1 = vector.maskedload %xv[%t131_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t131_tx2 = vector.maskedload %xv[%t131_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t131_tx3 = vector.maskedload %xv[%t131_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t131_tw0h = vector.maskedload %wv[%t131_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t131_tw0 = arith.extf %t131_tw0h : vector<16xbf16> to vector<16xf32>
          %t131_g0_0 = vector.fma %t131_tx0, %t131_tw0, %t131_res#0 : vector<16xf32>
          %t131_s0_0 = vector.reduction <add>, %t131_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e132_b = scf.if %hb -> (f32) {
            %e132_bl = memref.load %bias[%t131_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e132_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e132_p = scf.if %acc -> (f32) {
            %e132_pl = memref.load %out[%t131_r0, %t131_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e132_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e132_vb = arith.addf %t131_s0_0, %e132_b : f32
          %e132_o = arith.addf %e132_p, %e132_vb : f32
          memref.store %e132_o, %out[%t131_r0, %t131_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t131_g1_0 = vector.fma %t131_tx1, %t131_tw0, %t131_res#1 : vector<16xf32>
          %t131_s1_0 = vector.reduction <add>, %t131_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e133_b = scf.if %hb -> (f32) {
            %e133_bl = memref.load %bias[%t131_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e133_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e133_p = scf.if %acc -> (f32) {
            %e133_pl = memref.load %out[%t131_r1, %t131_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e133_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e133_vb = arith.addf %t131_s1_0, %e133_b : f32
          %e133_o = arith.addf %e133_p, %e133_vb : f32
          memref.store %e133_o, %out[%t131_r1, %t131_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t131_g2_0 = vector.fma %t131_tx2, %t131_tw0, %t131_res#2 : vector<16xf32>
          %t131_s2_0 = vector.reduction <add>, %t131_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e134_b = scf.if %hb -> (f32) {
            %e134_bl = memref.load %bias[%t131_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e134_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e134_p = scf.if %acc -> (f32) {
            %e134_pl = memref.load %out[%t131_r2, %t131_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e134_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e134_vb = arith.addf %t131_s2_0, %e134_b : f32
          %e134_o = arith.addf %e134_p, %e134_vb : f32
          memref.store %e134_o, %out[%t131_r2, %t131_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t131_g3_0 = vector.fma %t131_tx3, %t131_tw0, %t131_res#3 : vector<16xf32>
          %t131_s3_0 = vector.reduction <add>, %t131_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e135_b = scf.if %hb -> (f32) {
            %e135_bl = memref.load %bias[%t131_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e135_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e135_p = scf.if %acc -> (f32) {
            %e135_pl = memref.load %out[%t131_r3, %t131_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e135_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e135_vb = arith.addf %t131_s3_0, %e135_b : f32
          %e135_o = arith.addf %e135_p, %e135_vb : f32
          memref.store %e135_o, %out[%t131_r3, %t131_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b113_m1 = %b113_mf to %M step %c1 {
        scf.for %b113_n = %nlo to %b113_nf8 step %c8 {
          %t136_r0 = arith.addi %b113_m1, %c0 : index
          %t136_n0 = arith.addi %b113_n, %c0 : index
          %t136_n1 = arith.addi %b113_n, %c1 : index
          %t136_n2 = arith.addi %b113_n, %c2 : index
          %t136_n3 = arith.addi %b113_n, %c3 : index
          %t136_n4 = arith.addi %b113_n, %c4 : index
          %t136_n5 = arith.addi %b113_n, %c5 : index
          %t136_n6 = arith.addi %b113_n, %c6 : index
          %t136_n7 = arith.addi %b113_n, %c7 : index
          %t136_res:8 = scf.for %t136_k = %c0 to %Kv step %c16 iter_args(%t136_a0_0 = %vz, %t136_a0_1 = %vz, %t136_a0_2 = %vz, %t136_a0_3 = %vz, %t136_a0_4 = %vz, %t136_a0_5 = %vz, %t136_a0_6 = %vz, %t136_a0_7 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t136_x0 = vector.load %xv[%t136_r0, %t136_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t136_w0h = vector.load %wv[%t136_n0, %t136_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t136_w0 = arith.extf %t136_w0h : vector<16xbf16> to vector<16xf32>
            %t136_w1h = vector.load %wv[%t136_n1, %t136_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t136_w1 = arith.extf %t136_w1h : vector<16xbf16> to vector<16xf32>
            %t136_w2h = vector.load %wv[%t136_n2, %t136_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t136_w2 = arith.extf %t136_w2h : vector<16xbf16> to vector<16xf32>
            %t136_w3h = vector.load %wv[%t136_n3, %t136_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t136_w3 = arith.extf %t136_w3h : vector<16xbf16> to vector<16xf32>
            %t136_w4h = vector.load %wv[%t136_n4, %t136_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t136_w4 = arith.extf %t136_w4h : vector<16xbf16> to vector<16xf32>
            %t136_w5h = vector.load %wv[%t136_n5, %t136_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t136_w5 = arith.extf %t136_w5h : vector<16xbf16> to vector<16xf32>
            %t136_w6h = vector.load %wv[%t136_n6, %t136_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t136_w6 = arith.extf %t136_w6h : vector<16xbf16> to vector<16xf32>
            %t136_w7h = vector.load %wv[%t136_n7, %t136_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t136_w7 = arith.extf %t136_w7h : vector<16xbf16> to vector<16xf32>
            %t136_f0_0 = vector.fma %t136_x0, %t136_w0, %t136_a0_0 : vector<16xf32>
            %t136_f0_1 = vector.fma %t136_x0, %t136_w1, %t136_a0_1 : vector<16xf32>
            %t136_f0_2 = vector.fma %t136_x0, %t136_w2, %t136_a0_2 : vector<16xf32>
            %t136_f0_3 = vector.fma %t136_x0, %t136_w3, %t136_a0_3 : vector<16xf32>
            %t136_f0_4 = vector.fma %t136_x0, %t136_w4, %t136_a0_4 : vector<16xf32>
            %t136_f0_5 = vector.fma %t136_x0, %t136_w5, %t136_a0_5 : vector<16xf32>
            %t136_f0_6 = vector.fma %t136_x0, %t136_w6, %t136_a0_6 : vector<16xf32>
            %t136_f0_7 = vector.fma %t136_x0, %t136_w7, %t136_a0_7 : vector<16xf32>
            scf.yield %t136_f0_0, %t136_f0_1, %t136_f0_2, %t136_f0_3, %t136_f0_4, %t136_f0_5, %t136_f0_6, %t136_f0_7 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t136_tx0 = vector.maskedload %xv[%t136_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t136_tw0h = vector.maskedload %wv[%t136_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t136_tw0 = arith.extf %t136_tw0h : vector<16xbf16> to vector<16xf32>
          %t136_tw1h = vector.maskedload %wv[%t136_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t136_tw1 = arith.extf %t136_tw1h : vector<16xbf16> to vector<16xf32>
          %t136_tw2h = vector.maskedload %wv[%t136_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t136_tw2 = arith.extf %t136_tw2h : vector<16xbf16> to vector<16xf32>
          %t136_tw3h = vector.maskedload %wv[%t136_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t136_tw3 = arith.extf %t136_tw3h : vector<16xbf16> to vector<16xf32>
          %t136_tw4h = vector.maskedload %wv[%t136_n4, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t136_tw4 = arith.extf %t136_tw4h : vector<16xbf16> to vector<16xf32>
          %t136_tw5h = vector.maskedload %wv[%t136_n5, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t136_tw5 = arith.extf %t136_tw5h : vector<16xbf16> to vector<16xf32>
          %t136_tw6h = vector.maskedload %wv[%t136_n6, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t136_tw6 = arith.extf %t136_tw6h : vector<16xbf16> to vector<16xf32>
          %t136_tw7h = vector.maskedload %wv[%t136_n7, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t136_tw7 = arith.extf %t136_tw7h : vector<16xbf16> to vector<16xf32>
          %t136_g0_0 = vector.fma %t136_tx0, %t136_tw0, %t136_res#0 : vector<16xf32>
          %t136_s0_0 = vector.reduction <add>, %t136_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e137_b = scf.if %hb -> (f32) {
            %e137_bl = memref.load %bias[%t136_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e137_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e137_p = scf.if %acc -> (f32) {
            %e137_pl = memref.load %out[%t136_r0, %t136_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e137_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e137_vb = arith.addf %t136_s0_0, %e137_b : f32
          %e137_o = arith.addf %e137_p, %e137_vb : f32
          memref.store %e137_o, %out[%t136_r0, %t136_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t136_g0_1 = vector.fma %t136_tx0, %t136_tw1, %t136_res#1 : vector<16xf32>
          %t136_s0_1 = vector.reduction <add>, %t136_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e138_b = scf.if %hb -> (f32) {
            %e138_bl = memref.load %bias[%t136_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e138_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e138_p = scf.if %acc -> (f32) {
            %e138_pl = memref.load %out[%t136_r0, %t136_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e138_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e138_vb = arith.addf %t136_s0_1, %e138_b : f32
          %e138_o = arith.addf %e138_p, %e138_vb : f32
          memref.store %e138_o, %out[%t136_r0, %t136_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t136_g0_2 = vector.fma %t136_tx0, %t136_tw2, %t136_res#2 : vector<16xf32>
          %t136_s0_2 = vector.reduction <add>, %t136_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e139_b = scf.if %hb -> (f32) {
            %e139_bl = memref.load %bias[%t136_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e139_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e139_p = scf.if %acc -> (f32) {
            %e139_pl = memref.load %out[%t136_r0, %t136_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e139_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e139_vb = arith.addf %t136_s0_2, %e139_b : f32
          %e139_o = arith.addf %e139_p, %e139_vb : f32
          memref.store %e139_o, %out[%t136_r0, %t136_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t136_g0_3 = vector.fma %t136_tx0, %t136_tw3, %t136_res#3 : vector<16xf32>
          %t136_s0_3 = vector.reduction <add>, %t136_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e140_b = scf.if %hb -> (f32) {
            %e140_bl = memref.load %bias[%t136_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e140_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e140_p = scf.if %acc -> (f32) {
            %e140_pl = memref.load %out[%t136_r0, %t136_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e140_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e140_vb = arith.addf %t136_s0_3, %e140_b : f32
          %e140_o = arith.addf %e140_p, %e140_vb : f32
          memref.store %e140_o, %out[%t136_r0, %t136_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t136_g0_4 = vector.fma %t136_tx0, %t136_tw4, %t136_res#4 : vector<16xf32>
          %t136_s0_4 = vector.reduction <add>, %t136_g0_4 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e141_b = scf.if %hb -> (f32) {
            %e141_bl = memref.load %bias[%t136_n4] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e141_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e141_p = scf.if %acc -> (f32) {
            %e141_pl = memref.load %out[%t136_r0, %t136_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e141_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e141_vb = arith.addf %t136_s0_4, %e141_b : f32
          %e141_o = arith.addf %e141_p, %e141_vb : f32
          memref.store %e141_o, %out[%t136_r0, %t136_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t136_g0_5 = vector.fma %t136_tx0, %t136_tw5, %t136_res#5 : vector<16xf32>
          %t136_s0_5 = vector.reduction <add>, %t136_g0_5 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e142_b = scf.if %hb -> (f32) {
            %e142_bl = memref.load %bias[%t136_n5] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e142_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e142_p = scf.if %acc -> (f32) {
            %e142_pl = memref.load %out[%t136_r0, %t136_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e142_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e142_vb = arith.addf %t136_s0_5, %e142_b : f32
          %e142_o = arith.addf %e142_p, %e142_vb : f32
          memref.store %e142_o, %out[%t136_r0, %t136_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t136_g0_6 = vector.fma %t136_tx0, %t136_tw6, %t136_res#6 : vector<16xf32>
          %t136_s0_6 = vector.reduction <add>, %t136_g0_6 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e143_b = scf.if %hb -> (f32) {
            %e143_bl = memref.load %bias[%t136_n6] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e143_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e143_p = scf.if %acc -> (f32) {
            %e143_pl = memref.load %out[%t136_r0, %t136_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e143_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e143_vb = arith.addf %t136_s0_6, %e143_b : f32
          %e143_o = arith.addf %e143_p, %e143_vb : f32
          memref.store %e143_o, %out[%t136_r0, %t136_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t136_g0_7 = vector.fma %t136_tx0, %t136_tw7, %t136_res#7 : vector<16xf32>
          %t136_s0_7 = vector.reduction <add>, %t136_g0_7 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e144_b = scf.if %hb -> (f32) {
            %e144_bl = memref.load %bias[%t136_n7] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e144_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e144_p = scf.if %acc -> (f32) {
            %e144_pl = memref.load %out[%t136_r0, %t136_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e144_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e144_vb = arith.addf %t136_s0_7, %e144_b : f32
          %e144_o = arith.addf %e144_p, %e144_vb : f32
          memref.store %e144_o, %out[%t136_r0, %t136_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b113_n1 = %b113_nf8 to %nhi step %c1 {
          %t145_r0 = arith.addi %b113_m1, %c0 : index
          %t145_n0 = arith.addi %b113_n1, %c0 : index
          %t145_res:1 = scf.for %t145_k = %c0 to %Kv step %c16 iter_args(%t145_a0_0 = %vz) -> (vector<16xf32>) {
            %t145_x0 = vector.load %xv[%t145_r0, %t145_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t145_w0h = vector.load %wv[%t145_n0, %t145_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t145_w0 = arith.extf %t145_w0h : vector<16xbf16> to vector<16xf32>
            %t145_f0_0 = vector.fma %t145_x0, %t145_w0, %t145_a0_0 : vector<16xf32>
            scf.yield %t145_f0_0 : vector<16xf32>
          }
          %t145_tx0 = vector.maskedload %xv[%t145_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t145_tw0h = vector.maskedload %wv[%t145_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t145_tw0 = arith.extf %t145_tw0h : vector<16xbf16> to vector<16xf32>
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
        }
      }
    }
  } else {
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
      scf.for %s147_m = %c0 to %M step %c1 {
        scf.for %s147_n = %nlo to %nhi step %c1 {
          %s147_d = scf.for %s147_k = %c0 to %K step %c1 iter_args(%s147_a = %f0) -> (f32) {
            %s147_xv = memref.load %x[%s147_m, %s147_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s147_wh = memref.load %w[%s147_n, %s147_k] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
            %s147_wv = arith.extf %s147_wh : bf16 to f32
            %s147_a2 = math.fma %s147_xv, %s147_wv, %s147_a : f32
            scf.yield %s147_a2 : f32
          }
          %e148_b = scf.if %hb -> (f32) {
            %e148_bl = memref.load %bias[%s147_n] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e148_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e148_p = scf.if %acc -> (f32) {
            %e148_pl = memref.load %out[%s147_m, %s147_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e148_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e148_vb = arith.addf %s147_d, %e148_b : f32
          %e148_o = arith.addf %e148_p, %e148_vb : f32
          memref.store %e148_o, %out[%s147_m, %s147_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
