// matmul_nt: out[M, N] = (accumulate ? out : 0) + x[M, K] w[N, K]^T (+ bias[N]).
// Work: ceil(N/32) column blocks of 32 split evenly over nwg; each workgroup does all M rows of
// its blocks. Fast path (x and w unit stride along K, checked at run time): register tiles of
// 4 rows x 4 columns (16 vector<16xf32> accumulators, vector.fma along K), a 1 x 8 tile for the
// remaining rows (M = 1 decode GEMV), 4 x 1 / 1 x 1 for the remaining columns; K % 16 tail by
// masked loads; vector.reduction <add> at the end. Other strides: a scalar loop. out may be any
// strided view (scalar stores).
func.func @matmul_nt(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?x?xf32, strided<[?, ?], offset: ?>>,
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
  %hb = arith.cmpi ne, %has_bias, %i0 : i64
  %acc = arith.cmpi ne, %accumulate, %i0 : i64
  %M = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %N = memref.dim %w, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
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
  %wb, %wo, %wsz:2, %wst:2 = memref.extract_strided_metadata %w : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  %xu = arith.cmpi eq, %xst#1, %c1 : index
  %wu = arith.cmpi eq, %wst#1, %c1 : index
  %fast = arith.andi %xu, %wu : i1
  scf.if %fast {
    %xv = memref.reinterpret_cast %xb to offset: [%xo], sizes: [%M, %K], strides: [%xst#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
    %wv = memref.reinterpret_cast %wb to offset: [%wo], sizes: [%N, %K], strides: [%wst#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
      %b1_ms = arith.subi %M, %c0 : index
      %b1_mr = arith.remui %b1_ms, %c4 : index
      %b1_mf = arith.subi %M, %b1_mr : index
      %b1_ns = arith.subi %nhi, %nlo : index
      %b1_nr4 = arith.remui %b1_ns, %c4 : index
      %b1_nf4 = arith.subi %nhi, %b1_nr4 : index
      %b1_nr8 = arith.remui %b1_ns, %c8 : index
      %b1_nf8 = arith.subi %nhi, %b1_nr8 : index
      scf.for %b1_m = %c0 to %b1_mf step %c4 {
        scf.for %b1_n = %nlo to %b1_nf4 step %c4 {
          %t2_r0 = arith.addi %b1_m, %c0 : index
          %t2_r1 = arith.addi %b1_m, %c1 : index
          %t2_r2 = arith.addi %b1_m, %c2 : index
          %t2_r3 = arith.addi %b1_m, %c3 : index
          %t2_n0 = arith.addi %b1_n, %c0 : index
          %t2_n1 = arith.addi %b1_n, %c1 : index
          %t2_n2 = arith.addi %b1_n, %c2 : index
          %t2_n3 = arith.addi %b1_n, %c3 : index
          %t2_res:16 = scf.for %t2_k = %c0 to %Kv step %c16 iter_args(%t2_a0_0 = %vz, %t2_a0_1 = %vz, %t2_a0_2 = %vz, %t2_a0_3 = %vz, %t2_a1_0 = %vz, %t2_a1_1 = %vz, %t2_a1_2 = %vz, %t2_a1_3 = %vz, %t2_a2_0 = %vz, %t2_a2_1 = %vz, %t2_a2_2 = %vz, %t2_a2_3 = %vz, %t2_a3_0 = %vz, %t2_a3_1 = %vz, %t2_a3_2 = %vz, %t2_a3_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t2_x0 = vector.load %xv[%t2_r0, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_x1 = vector.load %xv[%t2_r1, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_x2 = vector.load %xv[%t2_r2, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_x3 = vector.load %xv[%t2_r3, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_w0 = vector.load %wv[%t2_n0, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_w1 = vector.load %wv[%t2_n1, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_w2 = vector.load %wv[%t2_n2, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_w3 = vector.load %wv[%t2_n3, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_f0_0 = vector.fma %t2_x0, %t2_w0, %t2_a0_0 : vector<16xf32>
            %t2_f0_1 = vector.fma %t2_x0, %t2_w1, %t2_a0_1 : vector<16xf32>
            %t2_f0_2 = vector.fma %t2_x0, %t2_w2, %t2_a0_2 : vector<16xf32>
            %t2_f0_3 = vector.fma %t2_x0, %t2_w3, %t2_a0_3 : vector<16xf32>
            %t2_f1_0 = vector.fma %t2_x1, %t2_w0, %t2_a1_0 : vector<16xf32>
            %t2_f1_1 = vector.fma %t2_x1, %t2_w1, %t2_a1_1 : vector<16xf32>
            %t2_f1_2 = vector.fma %t2_x1, %t2_w2, %t2_a1_2 : vector<16xf32>
            %t2_f1_3 = vector.fma %t2_x1, %t2_w3, %t2_a1_3 : vector<16xf32>
            %t2_f2_0 = vector.fma %t2_x2, %t2_w0, %t2_a2_0 : vector<16xf32>
            %t2_f2_1 = vector.fma %t2_x2, %t2_w1, %t2_a2_1 : vector<16xf32>
            %t2_f2_2 = vector.fma %t2_x2, %t2_w2, %t2_a2_2 : vector<16xf32>
            %t2_f2_3 = vector.fma %t2_x2, %t2_w3, %t2_a2_3 : vector<16xf32>
            %t2_f3_0 = vector.fma %t2_x3, %t2_w0, %t2_a3_0 : vector<16xf32>
            %t2_f3_1 = vector.fma %t2_x3, %t2_w1, %t2_a3_1 : vector<16xf32>
            %t2_f3_2 = vector.fma %t2_x3, %t2_w2, %t2_a3_2 : vector<16xf32>
            %t2_f3_3 = vector.fma %t2_x3, %t2_w3, %t2_a3_3 : vector<16xf32>
            scf.yield %t2_f0_0, %t2_f0_1, %t2_f0_2, %t2_f0_3, %t2_f1_0, %t2_f1_1, %t2_f1_2, %t2_f1_3, %t2_f2_0, %t2_f2_1, %t2_f2_2, %t2_f2_3, %t2_f3_0, %t2_f3_1, %t2_f3_2, %t2_f3_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t2_tx0 = vector.maskedload %xv[%t2_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tx1 = vector.maskedload %xv[%t2_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tx2 = vector.maskedload %xv[%t2_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tx3 = vector.maskedload %xv[%t2_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tw0 = vector.maskedload %wv[%t2_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tw1 = vector.maskedload %wv[%t2_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tw2 = vector.maskedload %wv[%t2_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tw3 = vector.maskedload %wv[%t2_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_g0_0 = vector.fma %t2_tx0, %t2_tw0, %t2_res#0 : vector<16xf32>
          %t2_s0_0 = vector.reduction <add>, %t2_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e3_b = scf.if %hb -> (f32) {
            %e3_bl = memref.load %bias[%t2_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e3_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e3_p = scf.if %acc -> (f32) {
            %e3_pl = memref.load %out[%t2_r0, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e3_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e3_vb = arith.addf %t2_s0_0, %e3_b : f32
          %e3_o = arith.addf %e3_p, %e3_vb : f32
          memref.store %e3_o, %out[%t2_r0, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g0_1 = vector.fma %t2_tx0, %t2_tw1, %t2_res#1 : vector<16xf32>
          %t2_s0_1 = vector.reduction <add>, %t2_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e4_b = scf.if %hb -> (f32) {
            %e4_bl = memref.load %bias[%t2_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e4_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e4_p = scf.if %acc -> (f32) {
            %e4_pl = memref.load %out[%t2_r0, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e4_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e4_vb = arith.addf %t2_s0_1, %e4_b : f32
          %e4_o = arith.addf %e4_p, %e4_vb : f32
          memref.store %e4_o, %out[%t2_r0, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g0_2 = vector.fma %t2_tx0, %t2_tw2, %t2_res#2 : vector<16xf32>
          %t2_s0_2 = vector.reduction <add>, %t2_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e5_b = scf.if %hb -> (f32) {
            %e5_bl = memref.load %bias[%t2_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e5_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e5_p = scf.if %acc -> (f32) {
            %e5_pl = memref.load %out[%t2_r0, %t2_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e5_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e5_vb = arith.addf %t2_s0_2, %e5_b : f32
          %e5_o = arith.addf %e5_p, %e5_vb : f32
          memref.store %e5_o, %out[%t2_r0, %t2_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g0_3 = vector.fma %t2_tx0, %t2_tw3, %t2_res#3 : vector<16xf32>
          %t2_s0_3 = vector.reduction <add>, %t2_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e6_b = scf.if %hb -> (f32) {
            %e6_bl = memref.load %bias[%t2_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e6_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e6_p = scf.if %acc -> (f32) {
            %e6_pl = memref.load %out[%t2_r0, %t2_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e6_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e6_vb = arith.addf %t2_s0_3, %e6_b : f32
          %e6_o = arith.addf %e6_p, %e6_vb : f32
          memref.store %e6_o, %out[%t2_r0, %t2_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g1_0 = vector.fma %t2_tx1, %t2_tw0, %t2_res#4 : vector<16xf32>
          %t2_s1_0 = vector.reduction <add>, %t2_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e7_b = scf.if %hb -> (f32) {
            %e7_bl = memref.load %bias[%t2_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e7_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e7_p = scf.if %acc -> (f32) {
            %e7_pl = memref.load %out[%t2_r1, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e7_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e7_vb = arith.addf %t2_s1_0, %e7_b : f32
          %e7_o = arith.addf %e7_p, %e7_vb : f32
          memref.store %e7_o, %out[%t2_r1, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g1_1 = vector.fma %t2_tx1, %t2_tw1, %t2_res#5 : vector<16xf32>
          %t2_s1_1 = vector.reduction <add>, %t2_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e8_b = scf.if %hb -> (f32) {
            %e8_bl = memref.load %bias[%t2_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e8_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e8_p = scf.if %acc -> (f32) {
            %e8_pl = memref.load %out[%t2_r1, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e8_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e8_vb = arith.addf %t2_s1_1, %e8_b : f32
          %e8_o = arith.addf %e8_p, %e8_vb : f32
          memref.store %e8_o, %out[%t2_r1, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g1_2 = vector.fma %t2_tx1, %t2_tw2, %t2_res#6 : vector<16xf32>
          %t2_s1_2 = vector.reduction <add>, %t2_g1_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e9_b = scf.if %hb -> (f32) {
            %e9_bl = memref.load %bias[%t2_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e9_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e9_p = scf.if %acc -> (f32) {
            %e9_pl = memref.load %out[%t2_r1, %t2_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e9_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e9_vb = arith.addf %t2_s1_2, %e9_b : f32
          %e9_o = arith.addf %e9_p, %e9_vb : f32
          memref.store %e9_o, %out[%t2_r1, %t2_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g1_3 = vector.fma %t2_tx1, %t2_tw3, %t2_res#7 : vector<16xf32>
          %t2_s1_3 = vector.reduction <add>, %t2_g1_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e10_b = scf.if %hb -> (f32) {
            %e10_bl = memref.load %bias[%t2_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e10_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e10_p = scf.if %acc -> (f32) {
            %e10_pl = memref.load %out[%t2_r1, %t2_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e10_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e10_vb = arith.addf %t2_s1_3, %e10_b : f32
          %e10_o = arith.addf %e10_p, %e10_vb : f32
          memref.store %e10_o, %out[%t2_r1, %t2_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g2_0 = vector.fma %t2_tx2, %t2_tw0, %t2_res#8 : vector<16xf32>
          %t2_s2_0 = vector.reduction <add>, %t2_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e11_b = scf.if %hb -> (f32) {
            %e11_bl = memref.load %bias[%t2_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e11_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e11_p = scf.if %acc -> (f32) {
            %e11_pl = memref.load %out[%t2_r2, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e11_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e11_vb = arith.addf %t2_s2_0, %e11_b : f32
          %e11_o = arith.addf %e11_p, %e11_vb : f32
          memref.store %e11_o, %out[%t2_r2, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g2_1 = vector.fma %t2_tx2, %t2_tw1, %t2_res#9 : vector<16xf32>
          %t2_s2_1 = vector.reduction <add>, %t2_g2_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e12_b = scf.if %hb -> (f32) {
            %e12_bl = memref.load %bias[%t2_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e12_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e12_p = scf.if %acc -> (f32) {
            %e12_pl = memref.load %out[%t2_r2, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e12_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e12_vb = arith.addf %t2_s2_1, %e12_b : f32
          %e12_o = arith.addf %e12_p, %e12_vb : f32
          memref.store %e12_o, %out[%t2_r2, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g2_2 = vector.fma %t2_tx2, %t2_tw2, %t2_res#10 : vector<16xf32>
          %t2_s2_2 = vector.reduction <add>, %t2_g2_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e13_b = scf.if %hb -> (f32) {
            %e13_bl = memref.load %bias[%t2_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e13_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e13_p = scf.if %acc -> (f32) {
            %e13_pl = memref.load %out[%t2_r2, %t2_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e13_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e13_vb = arith.addf %t2_s2_2, %e13_b : f32
          %e13_o = arith.addf %e13_p, %e13_vb : f32
          memref.store %e13_o, %out[%t2_r2, %t2_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g2_3 = vector.fma %t2_tx2, %t2_tw3, %t2_res#11 : vector<16xf32>
          %t2_s2_3 = vector.reduction <add>, %t2_g2_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e14_b = scf.if %hb -> (f32) {
            %e14_bl = memref.load %bias[%t2_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e14_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e14_p = scf.if %acc -> (f32) {
            %e14_pl = memref.load %out[%t2_r2, %t2_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e14_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e14_vb = arith.addf %t2_s2_3, %e14_b : f32
          %e14_o = arith.addf %e14_p, %e14_vb : f32
          memref.store %e14_o, %out[%t2_r2, %t2_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g3_0 = vector.fma %t2_tx3, %t2_tw0, %t2_res#12 : vector<16xf32>
          %t2_s3_0 = vector.reduction <add>, %t2_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e15_b = scf.if %hb -> (f32) {
            %e15_bl = memref.load %bias[%t2_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e15_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e15_p = scf.if %acc -> (f32) {
            %e15_pl = memref.load %out[%t2_r3, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e15_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e15_vb = arith.addf %t2_s3_0, %e15_b : f32
          %e15_o = arith.addf %e15_p, %e15_vb : f32
          memref.store %e15_o, %out[%t2_r3, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g3_1 = vector.fma %t2_tx3, %t2_tw1, %t2_res#13 : vector<16xf32>
          %t2_s3_1 = vector.reduction <add>, %t2_g3_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e16_b = scf.if %hb -> (f32) {
            %e16_bl = memref.load %bias[%t2_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e16_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e16_p = scf.if %acc -> (f32) {
            %e16_pl = memref.load %out[%t2_r3, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e16_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e16_vb = arith.addf %t2_s3_1, %e16_b : f32
          %e16_o = arith.addf %e16_p, %e16_vb : f32
          memref.store %e16_o, %out[%t2_r3, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g3_2 = vector.fma %t2_tx3, %t2_tw2, %t2_res#14 : vector<16xf32>
          %t2_s3_2 = vector.reduction <add>, %t2_g3_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e17_b = scf.if %hb -> (f32) {
            %e17_bl = memref.load %bias[%t2_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e17_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e17_p = scf.if %acc -> (f32) {
            %e17_pl = memref.load %out[%t2_r3, %t2_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e17_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e17_vb = arith.addf %t2_s3_2, %e17_b : f32
          %e17_o = arith.addf %e17_p, %e17_vb : f32
          memref.store %e17_o, %out[%t2_r3, %t2_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g3_3 = vector.fma %t2_tx3, %t2_tw3, %t2_res#15 : vector<16xf32>
          %t2_s3_3 = vector.reduction <add>, %t2_g3_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e18_b = scf.if %hb -> (f32) {
            %e18_bl = memref.load %bias[%t2_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e18_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e18_p = scf.if %acc -> (f32) {
            %e18_pl = memref.load %out[%t2_r3, %t2_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e18_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e18_vb = arith.addf %t2_s3_3, %e18_b : f32
          %e18_o = arith.addf %e18_p, %e18_vb : f32
          memref.store %e18_o, %out[%t2_r3, %t2_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b1_n1 = %b1_nf4 to %nhi step %c1 {
          %t19_r0 = arith.addi %b1_m, %c0 : index
          %t19_r1 = arith.addi %b1_m, %c1 : index
          %t19_r2 = arith.addi %b1_m, %c2 : index
          %t19_r3 = arith.addi %b1_m, %c3 : index
          %t19_n0 = arith.addi %b1_n1, %c0 : index
          %t19_res:4 = scf.for %t19_k = %c0 to %Kv step %c16 iter_args(%t19_a0_0 = %vz, %t19_a1_0 = %vz, %t19_a2_0 = %vz, %t19_a3_0 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t19_x0 = vector.load %xv[%t19_r0, %t19_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t19_x1 = vector.load %xv[%t19_r1, %t19_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t19_x2 = vector.load %xv[%t19_r2, %t19_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t19_x3 = vector.load %xv[%t19_r3, %t19_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t19_w0 = vector.load %wv[%t19_n0, %t19_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t19_f0_0 = vector.fma %t19_x0, %t19_w0, %t19_a0_0 : vector<16xf32>
            %t19_f1_0 = vector.fma %t19_x1, %t19_w0, %t19_a1_0 : vector<16xf32>
            %t19_f2_0 = vector.fma %t19_x2, %t19_w0, %t19_a2_0 : vector<16xf32>
            %t19_f3_0 = vector.fma %t19_x3, %t19_w0, %t19_a3_0 : vector<16xf32>
            scf.yield %t19_f0_0, %t19_f1_0, %t19_f2_0, %t19_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t19_tx0 = vector.maskedload %xv[%t19_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t19_tx1 = vector.maskedload %xv[%t19_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t19_tx2 = vector.maskedload %xv[%t19_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t19_tx3 = vector.maskedload %xv[%t19_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t19_tw0 = vector.maskedload %wv[%t19_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t19_g0_0 = vector.fma %t19_tx0, %t19_tw0, %t19_res#0 : vector<16xf32>
          %t19_s0_0 = vector.reduction <add>, %t19_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e20_b = scf.if %hb -> (f32) {
            %e20_bl = memref.load %bias[%t19_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e20_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e20_p = scf.if %acc -> (f32) {
            %e20_pl = memref.load %out[%t19_r0, %t19_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e20_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e20_vb = arith.addf %t19_s0_0, %e20_b : f32
          %e20_o = arith.addf %e20_p, %e20_vb : f32
          memref.store %e20_o, %out[%t19_r0, %t19_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t19_g1_0 = vector.fma %t19_tx1, %t19_tw0, %t19_res#1 : vector<16xf32>
          %t19_s1_0 = vector.reduction <add>, %t19_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e21_b = scf.if %hb -> (f32) {
            %e21_bl = memref.load %bias[%t19_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e21_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e21_p = scf.if %acc -> (f32) {
            %e21_pl = memref.load %out[%t19_r1, %t19_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e21_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e21_vb = arith.addf %t19_s1_0, %e21_b : f32
          %e21_o = arith.addf %e21_p, %e21_vb : f32
          memref.store %e21_o, %out[%t19_r1, %t19_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t19_g2_0 = vector.fma %t19_tx2, %t19_tw0, %t19_res#2 : vector<16xf32>
          %t19_s2_0 = vector.reduction <add>, %t19_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e22_b = scf.if %hb -> (f32) {
            %e22_bl = memref.load %bias[%t19_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e22_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e22_p = scf.if %acc -> (f32) {
            %e22_pl = memref.load %out[%t19_r2, %t19_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e22_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e22_vb = arith.addf %t19_s2_0, %e22_b : f32
          %e22_o = arith.addf %e22_p, %e22_vb : f32
          memref.store %e22_o, %out[%t19_r2, %t19_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t19_g3_0 = vector.fma %t19_tx3, %t19_tw0, %t19_res#3 : vector<16xf32>
          %t19_s3_0 = vector.reduction <add>, %t19_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e23_b = scf.if %hb -> (f32) {
            %e23_bl = memref.load %bias[%t19_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e23_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e23_p = scf.if %acc -> (f32) {
            %e23_pl = memref.load %out[%t19_r3, %t19_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e23_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e23_vb = arith.addf %t19_s3_0, %e23_b : f32
          %e23_o = arith.addf %e23_p, %e23_vb : f32
          memref.store %e23_o, %out[%t19_r3, %t19_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b1_m1 = %b1_mf to %M step %c1 {
        scf.for %b1_n = %nlo to %b1_nf8 step %c8 {
          %t24_r0 = arith.addi %b1_m1, %c0 : index
          %t24_n0 = arith.addi %b1_n, %c0 : index
          %t24_n1 = arith.addi %b1_n, %c1 : index
          %t24_n2 = arith.addi %b1_n, %c2 : index
          %t24_n3 = arith.addi %b1_n, %c3 : index
          %t24_n4 = arith.addi %b1_n, %c4 : index
          %t24_n5 = arith.addi %b1_n, %c5 : index
          %t24_n6 = arith.addi %b1_n, %c6 : index
          %t24_n7 = arith.addi %b1_n, %c7 : index
          %t24_res:8 = scf.for %t24_k = %c0 to %Kv step %c16 iter_args(%t24_a0_0 = %vz, %t24_a0_1 = %vz, %t24_a0_2 = %vz, %t24_a0_3 = %vz, %t24_a0_4 = %vz, %t24_a0_5 = %vz, %t24_a0_6 = %vz, %t24_a0_7 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t24_x0 = vector.load %xv[%t24_r0, %t24_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t24_w0 = vector.load %wv[%t24_n0, %t24_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t24_w1 = vector.load %wv[%t24_n1, %t24_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t24_w2 = vector.load %wv[%t24_n2, %t24_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t24_w3 = vector.load %wv[%t24_n3, %t24_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t24_w4 = vector.load %wv[%t24_n4, %t24_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t24_w5 = vector.load %wv[%t24_n5, %t24_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t24_w6 = vector.load %wv[%t24_n6, %t24_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t24_w7 = vector.load %wv[%t24_n7, %t24_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t24_f0_0 = vector.fma %t24_x0, %t24_w0, %t24_a0_0 : vector<16xf32>
            %t24_f0_1 = vector.fma %t24_x0, %t24_w1, %t24_a0_1 : vector<16xf32>
            %t24_f0_2 = vector.fma %t24_x0, %t24_w2, %t24_a0_2 : vector<16xf32>
            %t24_f0_3 = vector.fma %t24_x0, %t24_w3, %t24_a0_3 : vector<16xf32>
            %t24_f0_4 = vector.fma %t24_x0, %t24_w4, %t24_a0_4 : vector<16xf32>
            %t24_f0_5 = vector.fma %t24_x0, %t24_w5, %t24_a0_5 : vector<16xf32>
            %t24_f0_6 = vector.fma %t24_x0, %t24_w6, %t24_a0_6 : vector<16xf32>
            %t24_f0_7 = vector.fma %t24_x0, %t24_w7, %t24_a0_7 : vector<16xf32>
            scf.yield %t24_f0_0, %t24_f0_1, %t24_f0_2, %t24_f0_3, %t24_f0_4, %t24_f0_5, %t24_f0_6, %t24_f0_7 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t24_tx0 = vector.maskedload %xv[%t24_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t24_tw0 = vector.maskedload %wv[%t24_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t24_tw1 = vector.maskedload %wv[%t24_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t24_tw2 = vector.maskedload %wv[%t24_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t24_tw3 = vector.maskedload %wv[%t24_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t24_tw4 = vector.maskedload %wv[%t24_n4, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t24_tw5 = vector.maskedload %wv[%t24_n5, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t24_tw6 = vector.maskedload %wv[%t24_n6, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t24_tw7 = vector.maskedload %wv[%t24_n7, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t24_g0_0 = vector.fma %t24_tx0, %t24_tw0, %t24_res#0 : vector<16xf32>
          %t24_s0_0 = vector.reduction <add>, %t24_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e25_b = scf.if %hb -> (f32) {
            %e25_bl = memref.load %bias[%t24_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e25_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e25_p = scf.if %acc -> (f32) {
            %e25_pl = memref.load %out[%t24_r0, %t24_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e25_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e25_vb = arith.addf %t24_s0_0, %e25_b : f32
          %e25_o = arith.addf %e25_p, %e25_vb : f32
          memref.store %e25_o, %out[%t24_r0, %t24_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t24_g0_1 = vector.fma %t24_tx0, %t24_tw1, %t24_res#1 : vector<16xf32>
          %t24_s0_1 = vector.reduction <add>, %t24_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e26_b = scf.if %hb -> (f32) {
            %e26_bl = memref.load %bias[%t24_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e26_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e26_p = scf.if %acc -> (f32) {
            %e26_pl = memref.load %out[%t24_r0, %t24_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e26_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e26_vb = arith.addf %t24_s0_1, %e26_b : f32
          %e26_o = arith.addf %e26_p, %e26_vb : f32
          memref.store %e26_o, %out[%t24_r0, %t24_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t24_g0_2 = vector.fma %t24_tx0, %t24_tw2, %t24_res#2 : vector<16xf32>
          %t24_s0_2 = vector.reduction <add>, %t24_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e27_b = scf.if %hb -> (f32) {
            %e27_bl = memref.load %bias[%t24_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e27_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e27_p = scf.if %acc -> (f32) {
            %e27_pl = memref.load %out[%t24_r0, %t24_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e27_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e27_vb = arith.addf %t24_s0_2, %e27_b : f32
          %e27_o = arith.addf %e27_p, %e27_vb : f32
          memref.store %e27_o, %out[%t24_r0, %t24_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t24_g0_3 = vector.fma %t24_tx0, %t24_tw3, %t24_res#3 : vector<16xf32>
          %t24_s0_3 = vector.reduction <add>, %t24_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e28_b = scf.if %hb -> (f32) {
            %e28_bl = memref.load %bias[%t24_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e28_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e28_p = scf.if %acc -> (f32) {
            %e28_pl = memref.load %out[%t24_r0, %t24_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e28_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e28_vb = arith.addf %t24_s0_3, %e28_b : f32
          %e28_o = arith.addf %e28_p, %e28_vb : f32
          memref.store %e28_o, %out[%t24_r0, %t24_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t24_g0_4 = vector.fma %t24_tx0, %t24_tw4, %t24_res#4 : vector<16xf32>
          %t24_s0_4 = vector.reduction <add>, %t24_g0_4 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e29_b = scf.if %hb -> (f32) {
            %e29_bl = memref.load %bias[%t24_n4] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e29_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e29_p = scf.if %acc -> (f32) {
            %e29_pl = memref.load %out[%t24_r0, %t24_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e29_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e29_vb = arith.addf %t24_s0_4, %e29_b : f32
          %e29_o = arith.addf %e29_p, %e29_vb : f32
          memref.store %e29_o, %out[%t24_r0, %t24_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t24_g0_5 = vector.fma %t24_tx0, %t24_tw5, %t24_res#5 : vector<16xf32>
          %t24_s0_5 = vector.reduction <add>, %t24_g0_5 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e30_b = scf.if %hb -> (f32) {
            %e30_bl = memref.load %bias[%t24_n5] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e30_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e30_p = scf.if %acc -> (f32) {
            %e30_pl = memref.load %out[%t24_r0, %t24_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e30_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e30_vb = arith.addf %t24_s0_5, %e30_b : f32
          %e30_o = arith.addf %e30_p, %e30_vb : f32
          memref.store %e30_o, %out[%t24_r0, %t24_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t24_g0_6 = vector.fma %t24_tx0, %t24_tw6, %t24_res#6 : vector<16xf32>
          %t24_s0_6 = vector.reduction <add>, %t24_g0_6 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e31_b = scf.if %hb -> (f32) {
            %e31_bl = memref.load %bias[%t24_n6] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e31_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e31_p = scf.if %acc -> (f32) {
            %e31_pl = memref.load %out[%t24_r0, %t24_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e31_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e31_vb = arith.addf %t24_s0_6, %e31_b : f32
          %e31_o = arith.addf %e31_p, %e31_vb : f32
          memref.store %e31_o, %out[%t24_r0, %t24_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t24_g0_7 = vector.fma %t24_tx0, %t24_tw7, %t24_res#7 : vector<16xf32>
          %t24_s0_7 = vector.reduction <add>, %t24_g0_7 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e32_b = scf.if %hb -> (f32) {
            %e32_bl = memref.load %bias[%t24_n7] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e32_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e32_p = scf.if %acc -> (f32) {
            %e32_pl = memref.load %out[%t24_r0, %t24_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e32_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e32_vb = arith.addf %t24_s0_7, %e32_b : f32
          %e32_o = arith.addf %e32_p, %e32_vb : f32
          memref.store %e32_o, %out[%t24_r0, %t24_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b1_n1 = %b1_nf8 to %nhi step %c1 {
          %t33_r0 = arith.addi %b1_m1, %c0 : index
          %t33_n0 = arith.addi %b1_n1, %c0 : index
          %t33_res:1 = scf.for %t33_k = %c0 to %Kv step %c16 iter_args(%t33_a0_0 = %vz) -> (vector<16xf32>) {
            %t33_x0 = vector.load %xv[%t33_r0, %t33_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t33_w0 = vector.load %wv[%t33_n0, %t33_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t33_f0_0 = vector.fma %t33_x0, %t33_w0, %t33_a0_0 : vector<16xf32>
            scf.yield %t33_f0_0 : vector<16xf32>
          }
          %t33_tx0 = vector.maskedload %xv[%t33_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t33_tw0 = vector.maskedload %wv[%t33_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t33_g0_0 = vector.fma %t33_tx0, %t33_tw0, %t33_res#0 : vector<16xf32>
          %t33_s0_0 = vector.reduction <add>, %t33_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e34_b = scf.if %hb -> (f32) {
            %e34_bl = memref.load %bias[%t33_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e34_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e34_p = scf.if %acc -> (f32) {
            %e34_pl = memref.load %out[%t33_r0, %t33_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e34_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e34_vb = arith.addf %t33_s0_0, %e34_b : f32
          %e34_o = arith.addf %e34_p, %e34_vb : f32
          memref.store %e34_o, %out[%t33_r0, %t33_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  } else {
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
      scf.for %s35_m = %c0 to %M step %c1 {
        scf.for %s35_n = %nlo to %nhi step %c1 {
          %s35_d = scf.for %s35_k = %c0 to %K step %c1 iter_args(%s35_a = %f0) -> (f32) {
            %s35_xv = memref.load %x[%s35_m, %s35_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s35_wv = memref.load %w[%s35_n, %s35_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s35_a2 = math.fma %s35_xv, %s35_wv, %s35_a : f32
            scf.yield %s35_a2 : f32
          }
          %e36_b = scf.if %hb -> (f32) {
            %e36_bl = memref.load %bias[%s35_n] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e36_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e36_p = scf.if %acc -> (f32) {
            %e36_pl = memref.load %out[%s35_m, %s35_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e36_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e36_vb = arith.addf %s35_d, %e36_b : f32
          %e36_o = arith.addf %e36_p, %e36_vb : f32
          memref.store %e36_o, %out[%s35_m, %s35_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
