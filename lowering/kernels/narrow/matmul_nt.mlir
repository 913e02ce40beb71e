// Narrow-register version (gen_kernels.py --narrow): 2 x 2 and 1 x 4 register tiles in place of
// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; bitwise the same results.
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
      %b1_mr = arith.remui %b1_ms, %c2 : index
      %b1_mf = arith.subi %M, %b1_mr : index
      %b1_ns = arith.subi %nhi, %nlo : index
      %b1_nr4 = arith.remui %b1_ns, %c2 : index
      %b1_nf4 = arith.subi %nhi, %b1_nr4 : index
      %b1_nr8 = arith.remui %b1_ns, %c4 : index
      %b1_nf8 = arith.subi %nhi, %b1_nr8 : index
      scf.for %b1_m = %c0 to %b1_mf step %c2 {
        scf.for %b1_n = %nlo to %b1_nf4 step %c2 {
          %t2_r0 = arith.addi %b1_m, %c0 : index
          %t2_r1 = arith.addi %b1_m, %c1 : index
          %t2_n0 = arith.addi %b1_n, %c0 : index
          %t2_n1 = arith.addi %b1_n, %c1 : index
          %t2_res:4 = scf.for %t2_k = %c0 to %Kv step %c16 iter_args(%t2_a0_0 = %vz, %t2_a0_1 = %vz, %t2_a1_0 = %vz, %t2_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t2_x0 = vector.load %xv[%t2_r0, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_x1 = vector.load %xv[%t2_r1, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_w0 = vector.load %wv[%t2_n0, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_w1 = vector.load %wv[%t2_n1, %t2_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t2_f0_0 = vector.fma %t2_x0, %t2_w0, %t2_a0_0 : vector<16xf32>
            %t2_f0_1 = vector.fma %t2_x0, %t2_w1, %t2_a0_1 : vector<16xf32>
            %t2_f1_0 = vector.fma %t2_x1, %t2_w0, %t2_a1_0 : vector<16xf32>
            %t2_f1_1 = vector.fma %t2_x1, %t2_w1, %t2_a1_1 : vector<16xf32>
            scf.yield %t2_f0_0, %t2_f0_1, %t2_f1_0, %t2_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t2_tx0 = vector.maskedload %xv[%t2_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tx1 = vector.maskedload %xv[%t2_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tw0 = vector.maskedload %wv[%t2_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t2_tw1 = vector.maskedload %wv[%t2_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
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
          %t2_g1_0 = vector.fma %t2_tx1, %t2_tw0, %t2_res#2 : vector<16xf32>
          %t2_s1_0 = vector.reduction <add>, %t2_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e5_b = scf.if %hb -> (f32) {
            %e5_bl = memref.load %bias[%t2_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e5_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e5_p = scf.if %acc -> (f32) {
            %e5_pl = memref.load %out[%t2_r1, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e5_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e5_vb = arith.addf %t2_s1_0, %e5_b : f32
          %e5_o = arith.addf %e5_p, %e5_vb : f32
          memref.store %e5_o, %out[%t2_r1, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t2_g1_1 = vector.fma %t2_tx1, %t2_tw1, %t2_res#3 : vector<16xf32>
          %t2_s1_1 = vector.reduction <add>, %t2_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e6_b = scf.if %hb -> (f32) {
            %e6_bl = memref.load %bias[%t2_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e6_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e6_p = scf.if %acc -> (f32) {
            %e6_pl = memref.load %out[%t2_r1, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e6_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e6_vb = arith.addf %t2_s1_1, %e6_b : f32
          %e6_o = arith.addf %e6_p, %e6_vb : f32
          memref.store %e6_o, %out[%t2_r1, %t2_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b1_n1 = %b1_nf4 to %nhi step %c1 {
          %t7_r0 = arith.addi %b1_m, %c0 : index
          %t7_r1 = arith.addi %b1_m, %c1 : index
          %t7_n0 = arith.addi %b1_n1, %c0 : index
          %t7_res:2 = scf.for %t7_k = %c0 to %Kv step %c16 iter_args(%t7_a0_0 = %vz, %t7_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t7_x0 = vector.load %xv[%t7_r0, %t7_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t7_x1 = vector.load %xv[%t7_r1, %t7_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t7_w0 = vector.load %wv[%t7_n0, %t7_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t7_f0_0 = vector.fma %t7_x0, %t7_w0, %t7_a0_0 : vector<16xf32>
            %t7_f1_0 = vector.fma %t7_x1, %t7_w0, %t7_a1_0 : vector<16xf32>
            scf.yield %t7_f0_0, %t7_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t7_tx0 = vector.maskedload %xv[%t7_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t7_tx1 = vector.maskedload %xv[%t7_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t7_tw0 = vector.maskedload %wv[%t7_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t7_g0_0 = vector.fma %t7_tx0, %t7_tw0, %t7_res#0 : vector<16xf32>
          %t7_s0_0 = vector.reduction <add>, %t7_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e8_b = scf.if %hb -> (f32) {
            %e8_bl = memref.load %bias[%t7_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e8_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e8_p = scf.if %acc -> (f32) {
            %e8_pl = memref.load %out[%t7_r0, %t7_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e8_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e8_vb = arith.addf %t7_s0_0, %e8_b : f32
          %e8_o = arith.addf %e8_p, %e8_vb : f32
          memref.store %e8_o, %out[%t7_r0, %t7_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t7_g1_0 = vector.fma %t7_tx1, %t7_tw0, %t7_res#1 : vector<16xf32>
          %t7_s1_0 = vector.reduction <add>, %t7_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e9_b = scf.if %hb -> (f32) {
            %e9_bl = memref.load %bias[%t7_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e9_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e9_p = scf.if %acc -> (f32) {
            %e9_pl = memref.load %out[%t7_r1, %t7_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e9_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e9_vb = arith.addf %t7_s1_0, %e9_b : f32
          %e9_o = arith.addf %e9_p, %e9_vb : f32
          memref.store %e9_o, %out[%t7_r1, %t7_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b1_m1 = %b1_mf to %M step %c1 {
        scf.for %b1_n = %nlo to %b1_nf8 step %c4 {
          %t10_r0 = arith.addi %b1_m1, %c0 : index
          %t10_n0 = arith.addi %b1_n, %c0 : index
          %t10_n1 = arith.addi %b1_n, %c1 : index
          %t10_n2 = arith.addi %b1_n, %c2 : index
          %t10_n3 = arith.addi %b1_n, %c3 : index
          %t10_res:4 = scf.for %t10_k = %c0 to %Kv step %c16 iter_args(%t10_a0_0 = %vz, %t10_a0_1 = %vz, %t10_a0_2 = %vz, %t10_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t10_x0 = vector.load %xv[%t10_r0, %t10_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t10_w0 = vector.load %wv[%t10_n0, %t10_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t10_w1 = vector.load %wv[%t10_n1, %t10_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t10_w2 = vector.load %wv[%t10_n2, %t10_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t10_w3 = vector.load %wv[%t10_n3, %t10_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t10_f0_0 = vector.fma %t10_x0, %t10_w0, %t10_a0_0 : vector<16xf32>
            %t10_f0_1 = vector.fma %t10_x0, %t10_w1, %t10_a0_1 : vector<16xf32>
            %t10_f0_2 = vector.fma %t10_x0, %t10_w2, %t10_a0_2 : vector<16xf32>
            %t10_f0_3 = vector.fma %t10_x0, %t10_w3, %t10_a0_3 : vector<16xf32>
            scf.yield %t10_f0_0, %t10_f0_1, %t10_f0_2, %t10_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t10_tx0 = vector.maskedload %xv[%t10_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t10_tw0 = vector.maskedload %wv[%t10_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t10_tw1 = vector.maskedload %wv[%t10_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t10_tw2 = vector.maskedload %wv[%t10_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t10_tw3 = vector.maskedload %wv[%t10_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t10_g0_0 = vector.fma %t10_tx0, %t10_tw0, %t10_res#0 : vector<16xf32>
          %t10_s0_0 = vector.reduction <add>, %t10_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e11_b = scf.if %hb -> (f32) {
            %e11_bl = memref.load %bias[%t10_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e11_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e11_p = scf.if %acc -> (f32) {
            %e11_pl = memref.load %out[%t10_r0, %t10_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e11_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e11_vb = arith.addf %t10_s0_0, %e11_b : f32
          %e11_o = arith.addf %e11_p, %e11_vb : f32
          memref.store %e11_o, %out[%t10_r0, %t10_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t10_g0_1 = vector.fma %t10_tx0, %t10_tw1, %t10_res#1 : vector<16xf32>
          %t10_s0_1 = vector.reduction <add>, %t10_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e12_b = scf.if %hb -> (f32) {
            %e12_bl = memref.load %bias[%t10_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e12_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e12_p = scf.if %acc -> (f32) {
            %e12_pl = memref.load %out[%t10_r0, %t10_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e12_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e12_vb = arith.addf %t10_s0_1, %e12_b : f32
          %e12_o = arith.addf %e12_p, %e12_vb : f32
          memref.store %e12_o, %out[%t10_r0, %t10_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t10_g0_2 = vector.fma %t10_tx0, %t10_tw2, %t10_res#2 : vector<16xf32>
          %t10_s0_2 = vector.reduction <add>, %t10_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e13_b = scf.if %hb -> (f32) {
            %e13_bl = memref.load %bias[%t10_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e13_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e13_p = scf.if %acc -> (f32) {
            %e13_pl = memref.load %out[%t10_r0, %t10_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e13_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e13_vb = arith.addf %t10_s0_2, %e13_b : f32
          %e13_o = arith.addf %e13_p, %e13_vb : f32
          memref.store %e13_o, %out[%t10_r0, %t10_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t10_g0_3 = vector.fma %t10_tx0, %t10_tw3, %t10_res#3 : vector<16xf32>
          %t10_s0_3 = vector.reduction <add>, %t10_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e14_b = scf.if %hb -> (f32) {
            %e14_bl = memref.load %bias[%t10_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e14_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e14_p = scf.if %acc -> (f32) {
            %e14_pl = memref.load %out[%t10_r0, %t10_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e14_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e14_vb = arith.addf %t10_s0_3, %e14_b : f32
          %e14_o = arith.addf %e14_p, %e14_vb : f32
          memref.store %e14_o, %out[%t10_r0, %t10_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b1_n1 = %b1_nf8 to %nhi step %c1 {
          %t15_r0 = arith.addi %b1_m1, %c0 : index
          %t15_n0 = arith.addi %b1_n1, %c0 : index
          %t15_res:1 = scf.for %t15_k = %c0 to %Kv step %c16 iter_args(%t15_a0_0 = %vz) -> (vector<16xf32>) {
            %t15_x0 = vector.load %xv[%t15_r0, %t15_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t15_w0 = vector.load %wv[%t15_n0, %t15_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t15_f0_0 = vector.fma %t15_x0, %t15_w0, %t15_a0_0 : vector<16xf32>
            scf.yield %t15_f0_0 : vector<16xf32>
          }
          %t15_tx0 = vector.maskedload %xv[%t15_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t15_tw0 = vector.maskedload %wv[%t15_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t15_g0_0 = vector.fma %t15_tx0, %t15_tw0, %t15_res#0 : vector<16xf32>
          %t15_s0_0 = vector.reduction <add>, %t15_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e16_b = scf.if %hb -> (f32) {
            %e16_bl = memref.load %bias[%t15_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e16_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e16_p = scf.if %acc -> (f32) {
            %e16_pl = memref.load %out[%t15_r0, %t15_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e16_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e16_vb = arith.addf %t15_s0_0, %e16_b : f32
          %e16_o = arith.addf %e16_p, %e16_vb : f32
          memref.store %e16_o, %out[%t15_r0, %t15_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  } else {
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
      scf.for %s17_m = %c0 to %M step %c1 {
        scf.for %s17_n = %nlo to %nhi step %c1 {
          %s17_d = scf.for %s17_k = %c0 to %K step %c1 iter_args(%s17_a = %f0) -> (f32) {
            %s17_xv = memref.load %x[%s17_m, %s17_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s17_wv = memref.load %w[%s17_n, %s17_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s17_a2 = math.fma %s17_xv, %s17_wv, %s17_a : f32
            scf.yield %s17_a2 : f32
          }
          %e18_b = scf.if %hb -> (f32) {
            %e18_bl = memref.load %bias[%s17_n] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e18_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e18_p = scf.if %acc -> (f32) {
            %e18_pl = memref.load %out[%s17_m, %s17_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e18_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e18_vb = arith.addf %s17_d, %e18_b : f32
          %e18_o = arith.addf %e18_p, %e18_vb : f32
          memref.store %e18_o, %out[%s17_m, %s17_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
