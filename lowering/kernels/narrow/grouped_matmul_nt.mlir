// Narrow-register version (gen_kernels.py --narrow): 2 x 2 and 1 x 4 register tiles in place of
// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; bitwise the same results.
// grouped_matmul_nt: for each expert e, rows offsets[e] <= r < offsets[e+1] of x[R, K] get
// out[r, :] = x[r, :] w[e]^T (+ bias[e]) (out rows outside every range are not written).
// Work: E * ceil(N/32) items (expert, 32-column block) split evenly over nwg. Same register-tiled
// vector code as matmul_nt on the fast path (x and w unit stride along K), scalar otherwise.
func.func @grouped_matmul_nt(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %bias: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %has_bias: i64)
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
  %acc = arith.constant false
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %E = memref.dim %w, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %N = memref.dim %w, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NB0 = arith.addi %N, %c31 : index
  %NB = arith.divui %NB0, %c32 : index
  %NI = arith.muli %E, %NB : index
  %split_a = arith.muli %wg, %NI : index
  %ilo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %NI : index
  %ihi = arith.divui %split_b, %nwg : index
  %Kr = arith.remui %K, %c16 : index
  %Kv = arith.subi %K, %Kr : index
  %kmask = vector.create_mask %Kr : vector<16xi1>
  %xb, %xo, %xsz:2, %xst:2 = memref.extract_strided_metadata %x : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  %wb, %wo, %wsz:3, %wst:3 = memref.extract_strided_metadata %w : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %xu = arith.cmpi eq, %xst#1, %c1 : index
  %wu = arith.cmpi eq, %wst#2, %c1 : index
  %fast = arith.andi %xu, %wu : i1
  %xv = memref.reinterpret_cast %xb to offset: [%xo], sizes: [%R, %K], strides: [%xst#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  scf.for %it = %ilo to %ihi step %c1 {
    %e = arith.divui %it, %NB : index
    %jb = arith.remui %it, %NB : index
    %e1 = arith.addi %e, %c1 : index
    %r032 = memref.load %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
    %r132 = memref.load %offsets[%e1] : memref<?xi32, strided<[?], offset: ?>>
    %mlo = arith.index_cast %r032 : i32 to index
    %mhi = arith.index_cast %r132 : i32 to index
    %nlo = arith.muli %jb, %c32 : index
    %nhi0 = arith.addi %nlo, %c32 : index
    %nhi = arith.minui %nhi0, %N : index
    scf.if %fast {
      %eo0 = arith.muli %e, %wst#0 : index
      %eo = arith.addi %wo, %eo0 : index
      %wv = memref.reinterpret_cast %wb to offset: [%eo], sizes: [%N, %K], strides: [%wst#1, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      %b19_ms = arith.subi %mhi, %mlo : index
      %b19_mr = arith.remui %b19_ms, %c2 : index
      %b19_mf = arith.subi %mhi, %b19_mr : index
      %b19_ns = arith.subi %nhi, %nlo : index
      %b19_nr4 = arith.remui %b19_ns, %c2 : index
      %b19_nf4 = arith.subi %nhi, %b19_nr4 : index
      %b19_nr8 = arith.remui %b19_ns, %c4 : index
      %b19_nf8 = arith.subi %nhi, %b19_nr8 : index
      scf.for %b19_m = %mlo to %b19_mf step %c2 {
        scf.for %b19_n = %nlo to %b19_nf4 step %c2 {
          %t20_r0 = arith.addi %b19_m, %c0 : index
          %t20_r1 = arith.addi %b19_m, %c1 : index
          %t20_n0 = arith.addi %b19_n, %c0 : index
          %t20_n1 = arith.addi %b19_n, %c1 : index
          %t20_res:4 = scf.for %t20_k = %c0 to %Kv step %c16 iter_args(%t20_a0_0 = %vz, %t20_a0_1 = %vz, %t20_a1_0 = %vz, %t20_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t20_x0 = vector.load %xv[%t20_r0, %t20_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t20_x1 = vector.load %xv[%t20_r1, %t20_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t20_w0 = vector.load %wv[%t20_n0, %t20_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t20_w1 = vector.load %wv[%t20_n1, %t20_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t20_f0_0 = vector.fma %t20_x0, %t20_w0, %t20_a0_0 : vector<16xf32>
            %t20_f0_1 = vector.fma %t20_x0, %t20_w1, %t20_a0_1 : vector<16xf32>
            %t20_f1_0 = vector.fma %t20_x1, %t20_w0, %t20_a1_0 : vector<16xf32>
            %t20_f1_1 = vector.fma %t20_x1, %t20_w1, %t20_a1_1 : vector<16xf32>
            scf.yield %t20_f0_0, %t20_f0_1, %t20_f1_0, %t20_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t20_tx0 = vector.maskedload %xv[%t20_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t20_tx1 = vector.maskedload %xv[%t20_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t20_tw0 = vector.maskedload %wv[%t20_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t20_tw1 = vector.maskedload %wv[%t20_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t20_g0_0 = vector.fma %t20_tx0, %t20_tw0, %t20_res#0 : vector<16xf32>
          %t20_s0_0 = vector.reduction <add>, %t20_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e21_b = scf.if %hb -> (f32) {
            %e21_bl = memref.load %bias[%e, %t20_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e21_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e21_p = scf.if %acc -> (f32) {
            %e21_pl = memref.load %out[%t20_r0, %t20_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e21_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e21_vb = arith.addf %t20_s0_0, %e21_b : f32
          %e21_o = arith.addf %e21_p, %e21_vb : f32
          memref.store %e21_o, %out[%t20_r0, %t20_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t20_g0_1 = vector.fma %t20_tx0, %t20_tw1, %t20_res#1 : vector<16xf32>
          %t20_s0_1 = vector.reduction <add>, %t20_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e22_b = scf.if %hb -> (f32) {
            %e22_bl = memref.load %bias[%e, %t20_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e22_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e22_p = scf.if %acc -> (f32) {
            %e22_pl = memref.load %out[%t20_r0, %t20_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e22_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e22_vb = arith.addf %t20_s0_1, %e22_b : f32
          %e22_o = arith.addf %e22_p, %e22_vb : f32
          memref.store %e22_o, %out[%t20_r0, %t20_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t20_g1_0 = vector.fma %t20_tx1, %t20_tw0, %t20_res#2 : vector<16xf32>
          %t20_s1_0 = vector.reduction <add>, %t20_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e23_b = scf.if %hb -> (f32) {
            %e23_bl = memref.load %bias[%e, %t20_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e23_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e23_p = scf.if %acc -> (f32) {
            %e23_pl = memref.load %out[%t20_r1, %t20_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e23_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e23_vb = arith.addf %t20_s1_0, %e23_b : f32
          %e23_o = arith.addf %e23_p, %e23_vb : f32
          memref.store %e23_o, %out[%t20_r1, %t20_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t20_g1_1 = vector.fma %t20_tx1, %t20_tw1, %t20_res#3 : vector<16xf32>
          %t20_s1_1 = vector.reduction <add>, %t20_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e24_b = scf.if %hb -> (f32) {
            %e24_bl = memref.load %bias[%e, %t20_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e24_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e24_p = scf.if %acc -> (f32) {
            %e24_pl = memref.load %out[%t20_r1, %t20_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e24_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e24_vb = arith.addf %t20_s1_1, %e24_b : f32
          %e24_o = arith.addf %e24_p, %e24_vb : f32
          memref.store %e24_o, %out[%t20_r1, %t20_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b19_n1 = %b19_nf4 to %nhi step %c1 {
          %t25_r0 = arith.addi %b19_m, %c0 : index
          %t25_r1 = arith.addi %b19_m, %c1 : index
          %t25_n0 = arith.addi %b19_n1, %c0 : index
          %t25_res:2 = scf.for %t25_k = %c0 to %Kv step %c16 iter_args(%t25_a0_0 = %vz, %t25_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t25_x0 = vector.load %xv[%t25_r0, %t25_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t25_x1 = vector.load %xv[%t25_r1, %t25_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t25_w0 = vector.load %wv[%t25_n0, %t25_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t25_f0_0 = vector.fma %t25_x0, %t25_w0, %t25_a0_0 : vector<16xf32>
            %t25_f1_0 = vector.fma %t25_x1, %t25_w0, %t25_a1_0 : vector<16xf32>
            scf.yield %t25_f0_0, %t25_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t25_tx0 = vector.maskedload %xv[%t25_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t25_tx1 = vector.maskedload %xv[%t25_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t25_tw0 = vector.maskedload %wv[%t25_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t25_g0_0 = vector.fma %t25_tx0, %t25_tw0, %t25_res#0 : vector<16xf32>
          %t25_s0_0 = vector.reduction <add>, %t25_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e26_b = scf.if %hb -> (f32) {
            %e26_bl = memref.load %bias[%e, %t25_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e26_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e26_p = scf.if %acc -> (f32) {
            %e26_pl = memref.load %out[%t25_r0, %t25_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e26_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e26_vb = arith.addf %t25_s0_0, %e26_b : f32
          %e26_o = arith.addf %e26_p, %e26_vb : f32
          memref.store %e26_o, %out[%t25_r0, %t25_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t25_g1_0 = vector.fma %t25_tx1, %t25_tw0, %t25_res#1 : vector<16xf32>
          %t25_s1_0 = vector.reduction <add>, %t25_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e27_b = scf.if %hb -> (f32) {
            %e27_bl = memref.load %bias[%e, %t25_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e27_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e27_p = scf.if %acc -> (f32) {
            %e27_pl = memref.load %out[%t25_r1, %t25_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e27_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e27_vb = arith.addf %t25_s1_0, %e27_b : f32
          %e27_o = arith.addf %e27_p, %e27_vb : f32
          memref.store %e27_o, %out[%t25_r1, %t25_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b19_m1 = %b19_mf to %mhi step %c1 {
        scf.for %b19_n = %nlo to %b19_nf8 step %c4 {
          %t28_r0 = arith.addi %b19_m1, %c0 : index
          %t28_n0 = arith.addi %b19_n, %c0 : index
          %t28_n1 = arith.addi %b19_n, %c1 : index
          %t28_n2 = arith.addi %b19_n, %c2 : index
          %t28_n3 = arith.addi %b19_n, %c3 : index
          %t28_res:4 = scf.for %t28_k = %c0 to %Kv step %c16 iter_args(%t28_a0_0 = %vz, %t28_a0_1 = %vz, %t28_a0_2 = %vz, %t28_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t28_x0 = vector.load %xv[%t28_r0, %t28_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t28_w0 = vector.load %wv[%t28_n0, %t28_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t28_w1 = vector.load %wv[%t28_n1, %t28_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t28_w2 = vector.load %wv[%t28_n2, %t28_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t28_w3 = vector.load %wv[%t28_n3, %t28_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t28_f0_0 = vector.fma %t28_x0, %t28_w0, %t28_a0_0 : vector<16xf32>
            %t28_f0_1 = vector.fma %t28_x0, %t28_w1, %t28_a0_1 : vector<16xf32>
            %t28_f0_2 = vector.fma %t28_x0, %t28_w2, %t28_a0_2 : vector<16xf32>
            %t28_f0_3 = vector.fma %t28_x0, %t28_w3, %t28_a0_3 : vector<16xf32>
            scf.yield %t28_f0_0, %t28_f0_1, %t28_f0_2, %t28_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t28_tx0 = vector.maskedload %xv[%t28_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t28_tw0 = vector.maskedload %wv[%t28_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t28_tw1 = vector.maskedload %wv[%t28_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t28_tw2 = vector.maskedload %wv[%t28_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t28_tw3 = vector.maskedload %wv[%t28_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t28_g0_0 = vector.fma %t28_tx0, %t28_tw0, %t28_res#0 : vector<16xf32>
          %t28_s0_0 = vector.reduction <add>, %t28_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e29_b = scf.if %hb -> (f32) {
            %e29_bl = memref.load %bias[%e, %t28_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e29_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e29_p = scf.if %acc -> (f32) {
            %e29_pl = memref.load %out[%t28_r0, %t28_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e29_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e29_vb = arith.addf %t28_s0_0, %e29_b : f32
          %e29_o = arith.addf %e29_p, %e29_vb : f32
          memref.store %e29_o, %out[%t28_r0, %t28_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t28_g0_1 = vector.fma %t28_tx0, %t28_tw1, %t28_res#1 : vector<16xf32>
          %t28_s0_1 = vector.reduction <add>, %t28_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e30_b = scf.if %hb -> (f32) {
            %e30_bl = memref.load %bias[%e, %t28_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e30_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e30_p = scf.if %acc -> (f32) {
            %e30_pl = memref.load %out[%t28_r0, %t28_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e30_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e30_vb = arith.addf %t28_s0_1, %e30_b : f32
          %e30_o = arith.addf %e30_p, %e30_vb : f32
          memref.store %e30_o, %out[%t28_r0, %t28_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t28_g0_2 = vector.fma %t28_tx0, %t28_tw2, %t28_res#2 : vector<16xf32>
          %t28_s0_2 = vector.reduction <add>, %t28_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e31_b = scf.if %hb -> (f32) {
            %e31_bl = memref.load %bias[%e, %t28_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e31_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e31_p = scf.if %acc -> (f32) {
            %e31_pl = memref.load %out[%t28_r0, %t28_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e31_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e31_vb = arith.addf %t28_s0_2, %e31_b : f32
          %e31_o = arith.addf %e31_p, %e31_vb : f32
          memref.store %e31_o, %out[%t28_r0, %t28_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t28_g0_3 = vector.fma %t28_tx0, %t28_tw3, %t28_res#3 : vector<16xf32>
          %t28_s0_3 = vector.reduction <add>, %t28_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e32_b = scf.if %hb -> (f32) {
            %e32_bl = memref.load %bias[%e, %t28_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e32_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e32_p = scf.if %acc -> (f32) {
            %e32_pl = memref.load %out[%t28_r0, %t28_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e32_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e32_vb = arith.addf %t28_s0_3, %e32_b : f32
          %e32_o = arith.addf %e32_p, %e32_vb : f32
          memref.store %e32_o, %out[%t28_r0, %t28_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b19_n1 = %b19_nf8 to %nhi step %c1 {
          %t33_r0 = arith.addi %b19_m1, %c0 : index
          %t33_n0 = arith.addi %b19_n1, %c0 : index
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
            %e34_bl = memref.load %bias[%e, %t33_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
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
    } else {
      scf.for %s35_m = %mlo to %mhi step %c1 {
        scf.for %s35_n = %nlo to %nhi step %c1 {
          %s35_d = scf.for %s35_k = %c0 to %K step %c1 iter_args(%s35_a = %f0) -> (f32) {
            %s35_xv = memref.load %x[%s35_m, %s35_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s35_wv = memref.load %w[%e, %s35_n, %s35_k] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %s35_a2 = math.fma %s35_xv, %s35_wv, %s35_a : f32
            scf.yield %s35_a2 : f32
          }
          %e36_b = scf.if %hb -> (f32) {
            %e36_bl = memref.load %bias[%e, %s35_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
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
