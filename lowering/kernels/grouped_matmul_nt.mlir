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
      %b37_ms = arith.subi %mhi, %mlo : index
      %b37_mr = arith.remui %b37_ms, %c4 : index
      %b37_mf = arith.subi %mhi, %b37_mr : index
      %b37_ns = arith.subi %nhi, %nlo : index
      %b37_nr4 = arith.remui %b37_ns, %c4 : index
      %b37_nf4 = arith.subi %nhi, %b37_nr4 : index
      %b37_nr8 = arith.remui %b37_ns, %c8 : index
      %b37_nf8 = arith.subi %nhi, %b37_nr8 : index
      scf.for %b37_m = %mlo to %b37_mf step %c4 {
        scf.for %b37_n = %nlo to %b37_nf4 step %c4 {
          %t38_r0 = arith.addi %b37_m, %c0 : index
          %t38_r1 = arith.addi %b37_m, %c1 : index
          %t38_r2 = arith.addi %b37_m, %c2 : index
          %t38_r3 = arith.addi %b37_m, %c3 : index
          %t38_n0 = arith.addi %b37_n, %c0 : index
          %t38_n1 = arith.addi %b37_n, %c1 : index
          %t38_n2 = arith.addi %b37_n, %c2 : index
          %t38_n3 = arith.addi %b37_n, %c3 : index
          %t38_res:16 = scf.for %t38_k = %c0 to %Kv step %c16 iter_args(%t38_a0_0 = %vz, %t38_a0_1 = %vz, %t38_a0_2 = %vz, %t38_a0_3 = %vz, %t38_a1_0 = %vz, %t38_a1_1 = %vz, %t38_a1_2 = %vz, %t38_a1_3 = %vz, %t38_a2_0 = %vz, %t38_a2_1 = %vz, %t38_a2_2 = %vz, %t38_a2_3 = %vz, %t38_a3_0 = %vz, %t38_a3_1 = %vz, %t38_a3_2 = %vz, %t38_a3_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t38_x0 = vector.load %xv[%t38_r0, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_x1 = vector.load %xv[%t38_r1, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_x2 = vector.load %xv[%t38_r2, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_x3 = vector.load %xv[%t38_r3, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_w0 = vector.load %wv[%t38_n0, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_w1 = vector.load %wv[%t38_n1, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_w2 = vector.load %wv[%t38_n2, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_w3 = vector.load %wv[%t38_n3, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_f0_0 = vector.fma %t38_x0, %t38_w0, %t38_a0_0 : vector<16xf32>
            %t38_f0_1 = vector.fma %t38_x0, %t38_w1, %t38_a0_1 : vector<16xf32>
            %t38_f0_2 = vector.fma %t38_x0, %t38_w2, %t38_a0_2 : vector<16xf32>
            %t38_f0_3 = vector.fma %t38_x0, %t38_w3, %t38_a0_3 : vector<16xf32>
            %t38_f1_0 = vector.fma %t38_x1, %t38_w0, %t38_a1_0 : vector<16xf32>
            %t38_f1_1 = vector.fma %t38_x1, %t38_w1, %t38_a1_1 : vector<16xf32>
            %t38_f1_2 = vector.fma %t38_x1, %t38_w2, %t38_a1_2 : vector<16xf32>
            %t38_f1_3 = vector.fma %t38_x1, %t38_w3, %t38_a1_3 : vector<16xf32>
            %t38_f2_0 = vector.fma %t38_x2, %t38_w0, %t38_a2_0 : vector<16xf32>
            %t38_f2_1 = vector.fma %t38_x2, %t38_w1, %t38_a2_1 : vector<16xf32>
            %t38_f2_2 = vector.fma %t38_x2, %t38_w2, %t38_a2_2 : vector<16xf32>
            %t38_f2_3 = vector.fma %t38_x2, %t38_w3, %t38_a2_3 : vector<16xf32>
            %t38_f3_0 = vector.fma %t38_x3, %t38_w0, %t38_a3_0 : vector<16xf32>
            %t38_f3_1 = vector.fma %t38_x3, %t38_w1, %t38_a3_1 : vector<16xf32>
            %t38_f3_2 = vector.fma %t38_x3, %t38_w2, %t38_a3_2 : vector<16xf32>
            %t38_f3_3 = vector.fma %t38_x3, %t38_w3, %t38_a3_3 : vector<16xf32>
            scf.yield %t38_f0_0, %t38_f0_1, %t38_f0_2, %t38_f0_3, %t38_f1_0, %t38_f1_1, %t38_f1_2, %t38_f1_3, %t38_f2_0, %t38_f2_1, %t38_f2_2, %t38_f2_3, %t38_f3_0, %t38_f3_1, %t38_f3_2, %t38_f3_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t38_tx0 = vector.maskedload %xv[%t38_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tx1 = vector.maskedload %xv[%t38_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tx2 = vector.maskedload %xv[%t38_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tx3 = vector.maskedload %xv[%t38_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tw0 = vector.maskedload %wv[%t38_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tw1 = vector.maskedload %wv[%t38_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tw2 = vector.maskedload %wv[%t38_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tw3 = vector.maskedload %wv[%t38_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_g0_0 = vector.fma %t38_tx0, %t38_tw0, %t38_res#0 : vector<16xf32>
          %t38_s0_0 = vector.reduction <add>, %t38_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e39_b = scf.if %hb -> (f32) {
            %e39_bl = memref.load %bias[%e, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e39_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e39_p = scf.if %acc -> (f32) {
            %e39_pl = memref.load %out[%t38_r0, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e39_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e39_vb = arith.addf %t38_s0_0, %e39_b : f32
          %e39_o = arith.addf %e39_p, %e39_vb : f32
          memref.store %e39_o, %out[%t38_r0, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g0_1 = vector.fma %t38_tx0, %t38_tw1, %t38_res#1 : vector<16xf32>
          %t38_s0_1 = vector.reduction <add>, %t38_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e40_b = scf.if %hb -> (f32) {
            %e40_bl = memref.load %bias[%e, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e40_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e40_p = scf.if %acc -> (f32) {
            %e40_pl = memref.load %out[%t38_r0, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e40_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e40_vb = arith.addf %t38_s0_1, %e40_b : f32
          %e40_o = arith.addf %e40_p, %e40_vb : f32
          memref.store %e40_o, %out[%t38_r0, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g0_2 = vector.fma %t38_tx0, %t38_tw2, %t38_res#2 : vector<16xf32>
          %t38_s0_2 = vector.reduction <add>, %t38_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e41_b = scf.if %hb -> (f32) {
            %e41_bl = memref.load %bias[%e, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e41_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e41_p = scf.if %acc -> (f32) {
            %e41_pl = memref.load %out[%t38_r0, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e41_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e41_vb = arith.addf %t38_s0_2, %e41_b : f32
          %e41_o = arith.addf %e41_p, %e41_vb : f32
          memref.store %e41_o, %out[%t38_r0, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g0_3 = vector.fma %t38_tx0, %t38_tw3, %t38_res#3 : vector<16xf32>
          %t38_s0_3 = vector.reduction <add>, %t38_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e42_b = scf.if %hb -> (f32) {
            %e42_bl = memref.load %bias[%e, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e42_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e42_p = scf.if %acc -> (f32) {
            %e42_pl = memref.load %out[%t38_r0, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e42_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e42_vb = arith.addf %t38_s0_3, %e42_b : f32
          %e42_o = arith.addf %e42_p, %e42_vb : f32
          memref.store %e42_o, %out[%t38_r0, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g1_0 = vector.fma %t38_tx1, %t38_tw0, %t38_res#4 : vector<16xf32>
          %t38_s1_0 = vector.reduction <add>, %t38_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e43_b = scf.if %hb -> (f32) {
            %e43_bl = memref.load %bias[%e, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e43_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e43_p = scf.if %acc -> (f32) {
            %e43_pl = memref.load %out[%t38_r1, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e43_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e43_vb = arith.addf %t38_s1_0, %e43_b : f32
          %e43_o = arith.addf %e43_p, %e43_vb : f32
          memref.store %e43_o, %out[%t38_r1, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g1_1 = vector.fma %t38_tx1, %t38_tw1, %t38_res#5 : vector<16xf32>
          %t38_s1_1 = vector.reduction <add>, %t38_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e44_b = scf.if %hb -> (f32) {
            %e44_bl = memref.load %bias[%e, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e44_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e44_p = scf.if %acc -> (f32) {
            %e44_pl = memref.load %out[%t38_r1, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e44_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e44_vb = arith.addf %t38_s1_1, %e44_b : f32
          %e44_o = arith.addf %e44_p, %e44_vb : f32
          memref.store %e44_o, %out[%t38_r1, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g1_2 = vector.fma %t38_tx1, %t38_tw2, %t38_res#6 : vector<16xf32>
          %t38_s1_2 = vector.reduction <add>, %t38_g1_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e45_b = scf.if %hb -> (f32) {
            %e45_bl = memref.load %bias[%e, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e45_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e45_p = scf.if %acc -> (f32) {
            %e45_pl = memref.load %out[%t38_r1, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e45_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e45_vb = arith.addf %t38_s1_2, %e45_b : f32
          %e45_o = arith.addf %e45_p, %e45_vb : f32
          memref.store %e45_o, %out[%t38_r1, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g1_3 = vector.fma %t38_tx1, %t38_tw3, %t38_res#7 : vector<16xf32>
          %t38_s1_3 = vector.reduction <add>, %t38_g1_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e46_b = scf.if %hb -> (f32) {
            %e46_bl = memref.load %bias[%e, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e46_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e46_p = scf.if %acc -> (f32) {
            %e46_pl = memref.load %out[%t38_r1, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e46_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e46_vb = arith.addf %t38_s1_3, %e46_b : f32
          %e46_o = arith.addf %e46_p, %e46_vb : f32
          memref.store %e46_o, %out[%t38_r1, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g2_0 = vector.fma %t38_tx2, %t38_tw0, %t38_res#8 : vector<16xf32>
          %t38_s2_0 = vector.reduction <add>, %t38_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e47_b = scf.if %hb -> (f32) {
            %e47_bl = memref.load %bias[%e, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e47_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e47_p = scf.if %acc -> (f32) {
            %e47_pl = memref.load %out[%t38_r2, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e47_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e47_vb = arith.addf %t38_s2_0, %e47_b : f32
          %e47_o = arith.addf %e47_p, %e47_vb : f32
          memref.store %e47_o, %out[%t38_r2, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g2_1 = vector.fma %t38_tx2, %t38_tw1, %t38_res#9 : vector<16xf32>
          %t38_s2_1 = vector.reduction <add>, %t38_g2_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e48_b = scf.if %hb -> (f32) {
            %e48_bl = memref.load %bias[%e, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e48_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e48_p = scf.if %acc -> (f32) {
            %e48_pl = memref.load %out[%t38_r2, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e48_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e48_vb = arith.addf %t38_s2_1, %e48_b : f32
          %e48_o = arith.addf %e48_p, %e48_vb : f32
          memref.store %e48_o, %out[%t38_r2, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g2_2 = vector.fma %t38_tx2, %t38_tw2, %t38_res#10 : vector<16xf32>
          %t38_s2_2 = vector.reduction <add>, %t38_g2_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e49_b = scf.if %hb -> (f32) {
            %e49_bl = memref.load %bias[%e, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e49_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e49_p = scf.if %acc -> (f32) {
            %e49_pl = memref.load %out[%t38_r2, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e49_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e49_vb = arith.addf %t38_s2_2, %e49_b : f32
          %e49_o = arith.addf %e49_p, %e49_vb : f32
          memref.store %e49_o, %out[%t38_r2, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g2_3 = vector.fma %t38_tx2, %t38_tw3, %t38_res#11 : vector<16xf32>
          %t38_s2_3 = vector.reduction <add>, %t38_g2_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e50_b = scf.if %hb -> (f32) {
            %e50_bl = memref.load %bias[%e, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e50_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e50_p = scf.if %acc -> (f32) {
            %e50_pl = memref.load %out[%t38_r2, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e50_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e50_vb = arith.addf %t38_s2_3, %e50_b : f32
          %e50_o = arith.addf %e50_p, %e50_vb : f32
          memref.store %e50_o, %out[%t38_r2, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g3_0 = vector.fma %t38_tx3, %t38_tw0, %t38_res#12 : vector<16xf32>
          %t38_s3_0 = vector.reduction <add>, %t38_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e51_b = scf.if %hb -> (f32) {
            %e51_bl = memref.load %bias[%e, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e51_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e51_p = scf.if %acc -> (f32) {
            %e51_pl = memref.load %out[%t38_r3, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e51_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e51_vb = arith.addf %t38_s3_0, %e51_b : f32
          %e51_o = arith.addf %e51_p, %e51_vb : f32
          memref.store %e51_o, %out[%t38_r3, %t38_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g3_1 = vector.fma %t38_tx3, %t38_tw1, %t38_res#13 : vector<16xf32>
          %t38_s3_1 = vector.reduction <add>, %t38_g3_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e52_b = scf.if %hb -> (f32) {
            %e52_bl = memref.load %bias[%e, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e52_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e52_p = scf.if %acc -> (f32) {
            %e52_pl = memref.load %out[%t38_r3, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e52_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e52_vb = arith.addf %t38_s3_1, %e52_b : f32
          %e52_o = arith.addf %e52_p, %e52_vb : f32
          memref.store %e52_o, %out[%t38_r3, %t38_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g3_2 = vector.fma %t38_tx3, %t38_tw2, %t38_res#14 : vector<16xf32>
          %t38_s3_2 = vector.reduction <add>, %t38_g3_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e53_b = scf.if %hb -> (f32) {
            %e53_bl = memref.load %bias[%e, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e53_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e53_p = scf.if %acc -> (f32) {
            %e53_pl = memref.load %out[%t38_r3, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e53_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e53_vb = arith.addf %t38_s3_2, %e53_b : f32
          %e53_o = arith.addf %e53_p, %e53_vb : f32
          memref.store %e53_o, %out[%t38_r3, %t38_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t38_g3_3 = vector.fma %t38_tx3, %t38_tw3, %t38_res#15 : vector<16xf32>
          %t38_s3_3 = vector.reduction <add>, %t38_g3_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e54_b = scf.if %hb -> (f32) {
            %e54_bl = memref.load %bias[%e, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e54_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e54_p = scf.if %acc -> (f32) {
            %e54_pl = memref.load %out[%t38_r3, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e54_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e54_vb = arith.addf %t38_s3_3, %e54_b : f32
          %e54_o = arith.addf %e54_p, %e54_vb : f32
          memref.store %e54_o, %out[%t38_r3, %t38_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b37_n1 = %b37_nf4 to %nhi step %c1 {
          %t55_r0 = arith.addi %b37_m, %c0 : index
          %t55_r1 = arith.addi %b37_m, %c1 : index
          %t55_r2 = arith.addi %b37_m, %c2 : index
          %t55_r3 = arith.addi %b37_m, %c3 : index
          %t55_n0 = arith.addi %b37_n1, %c0 : index
          %t55_res:4 = scf.for %t55_k = %c0 to %Kv step %c16 iter_args(%t55_a0_0 = %vz, %t55_a1_0 = %vz, %t55_a2_0 = %vz, %t55_a3_0 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t55_x0 = vector.load %xv[%t55_r0, %t55_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t55_x1 = vector.load %xv[%t55_r1, %t55_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t55_x2 = vector.load %xv[%t55_r2, %t55_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t55_x3 = vector.load %xv[%t55_r3, %t55_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t55_w0 = vector.load %wv[%t55_n0, %t55_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t55_f0_0 = vector.fma %t55_x0, %t55_w0, %t55_a0_0 : vector<16xf32>
            %t55_f1_0 = vector.fma %t55_x1, %t55_w0, %t55_a1_0 : vector<16xf32>
            %t55_f2_0 = vector.fma %t55_x2, %t55_w0, %t55_a2_0 : vector<16xf32>
            %t55_f3_0 = vector.fma %t55_x3, %t55_w0, %t55_a3_0 : vector<16xf32>
            scf.yield %t55_f0_0, %t55_f1_0, %t55_f2_0, %t55_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t55_tx0 = vector.maskedload %xv[%t55_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t55_tx1 = vector.maskedload %xv[%t55_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t55_tx2 = vector.maskedload %xv[%t55_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t55_tx3 = vector.maskedload %xv[%t55_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t55_tw0 = vector.maskedload %wv[%t55_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t55_g0_0 = vector.fma %t55_tx0, %t55_tw0, %t55_res#0 : vector<16xf32>
          %t55_s0_0 = vector.reduction <add>, %t55_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e56_b = scf.if %hb -> (f32) {
            %e56_bl = memref.load %bias[%e, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e56_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e56_p = scf.if %acc -> (f32) {
            %e56_pl = memref.load %out[%t55_r0, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e56_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e56_vb = arith.addf %t55_s0_0, %e56_b : f32
          %e56_o = arith.addf %e56_p, %e56_vb : f32
          memref.store %e56_o, %out[%t55_r0, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t55_g1_0 = vector.fma %t55_tx1, %t55_tw0, %t55_res#1 : vector<16xf32>
          %t55_s1_0 = vector.reduction <add>, %t55_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e57_b = scf.if %hb -> (f32) {
            %e57_bl = memref.load %bias[%e, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e57_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e57_p = scf.if %acc -> (f32) {
            %e57_pl = memref.load %out[%t55_r1, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e57_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e57_vb = arith.addf %t55_s1_0, %e57_b : f32
          %e57_o = arith.addf %e57_p, %e57_vb : f32
          memref.store %e57_o, %out[%t55_r1, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t55_g2_0 = vector.fma %t55_tx2, %t55_tw0, %t55_res#2 : vector<16xf32>
          %t55_s2_0 = vector.reduction <add>, %t55_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e58_b = scf.if %hb -> (f32) {
            %e58_bl = memref.load %bias[%e, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e58_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e58_p = scf.if %acc -> (f32) {
            %e58_pl = memref.load %out[%t55_r2, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e58_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e58_vb = arith.addf %t55_s2_0, %e58_b : f32
          %e58_o = arith.addf %e58_p, %e58_vb : f32
          memref.store %e58_o, %out[%t55_r2, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t55_g3_0 = vector.fma %t55_tx3, %t55_tw0, %t55_res#3 : vector<16xf32>
          %t55_s3_0 = vector.reduction <add>, %t55_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e59_b = scf.if %hb -> (f32) {
            %e59_bl = memref.load %bias[%e, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e59_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e59_p = scf.if %acc -> (f32) {
            %e59_pl = memref.load %out[%t55_r3, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e59_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e59_vb = arith.addf %t55_s3_0, %e59_b : f32
          %e59_o = arith.addf %e59_p, %e59_vb : f32
          memref.store %e59_o, %out[%t55_r3, %t55_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b37_m1 = %b37_mf to %mhi step %c1 {
        scf.for %b37_n = %nlo to %b37_nf8 step %c8 {
          %t60_r0 = arith.addi %b37_m1, %c0 : index
          %t60_n0 = arith.addi %b37_n, %c0 : index
          %t60_n1 = arith.addi %b37_n, %c1 : index
          %t60_n2 = arith.addi %b37_n, %c2 : index
          %t60_n3 = arith.addi %b37_n, %c3 : index
          %t60_n4 = arith.addi %b37_n, %c4 : index
          %t60_n5 = arith.addi %b37_n, %c5 : index
          %t60_n6 = arith.addi %b37_n, %c6 : index
          %t60_n7 = arith.addi %b37_n, %c7 : index
          %t60_res:8 = scf.for %t60_k = %c0 to %Kv step %c16 iter_args(%t60_a0_0 = %vz, %t60_a0_1 = %vz, %t60_a0_2 = %vz, %t60_a0_3 = %vz, %t60_a0_4 = %vz, %t60_a0_5 = %vz, %t60_a0_6 = %vz, %t60_a0_7 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t60_x0 = vector.load %xv[%t60_r0, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_w0 = vector.load %wv[%t60_n0, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_w1 = vector.load %wv[%t60_n1, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_w2 = vector.load %wv[%t60_n2, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_w3 = vector.load %wv[%t60_n3, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_w4 = vector.load %wv[%t60_n4, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_w5 = vector.load %wv[%t60_n5, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_w6 = vector.load %wv[%t60_n6, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_w7 = vector.load %wv[%t60_n7, %t60_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t60_f0_0 = vector.fma %t60_x0, %t60_w0, %t60_a0_0 : vector<16xf32>
            %t60_f0_1 = vector.fma %t60_x0, %t60_w1, %t60_a0_1 : vector<16xf32>
            %t60_f0_2 = vector.fma %t60_x0, %t60_w2, %t60_a0_2 : vector<16xf32>
            %t60_f0_3 = vector.fma %t60_x0, %t60_w3, %t60_a0_3 : vector<16xf32>
            %t60_f0_4 = vector.fma %t60_x0, %t60_w4, %t60_a0_4 : vector<16xf32>
            %t60_f0_5 = vector.fma %t60_x0, %t60_w5, %t60_a0_5 : vector<16xf32>
            %t60_f0_6 = vector.fma %t60_x0, %t60_w6, %t60_a0_6 : vector<16xf32>
            %t60_f0_7 = vector.fma %t60_x0, %t60_w7, %t60_a0_7 : vector<16xf32>
            scf.yield %t60_f0_0, %t60_f0_1, %t60_f0_2, %t60_f0_3, %t60_f0_4, %t60_f0_5, %t60_f0_6, %t60_f0_7 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t60_tx0 = vector.maskedload %xv[%t60_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tw0 = vector.maskedload %wv[%t60_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tw1 = vector.maskedload %wv[%t60_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tw2 = vector.maskedload %wv[%t60_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tw3 = vector.maskedload %wv[%t60_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tw4 = vector.maskedload %wv[%t60_n4, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tw5 = vector.maskedload %wv[%t60_n5, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tw6 = vector.maskedload %wv[%t60_n6, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_tw7 = vector.maskedload %wv[%t60_n7, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t60_g0_0 = vector.fma %t60_tx0, %t60_tw0, %t60_res#0 : vector<16xf32>
          %t60_s0_0 = vector.reduction <add>, %t60_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e61_b = scf.if %hb -> (f32) {
            %e61_bl = memref.load %bias[%e, %t60_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
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
            %e62_bl = memref.load %bias[%e, %t60_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
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
          %t60_g0_2 = vector.fma %t60_tx0, %t60_tw2, %t60_res#2 : vector<16xf32>
          %t60_s0_2 = vector.reduction <add>, %t60_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e63_b = scf.if %hb -> (f32) {
            %e63_bl = memref.load %bias[%e, %t60_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e63_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e63_p = scf.if %acc -> (f32) {
            %e63_pl = memref.load %out[%t60_r0, %t60_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e63_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e63_vb = arith.addf %t60_s0_2, %e63_b : f32
          %e63_o = arith.addf %e63_p, %e63_vb : f32
          memref.store %e63_o, %out[%t60_r0, %t60_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t60_g0_3 = vector.fma %t60_tx0, %t60_tw3, %t60_res#3 : vector<16xf32>
          %t60_s0_3 = vector.reduction <add>, %t60_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e64_b = scf.if %hb -> (f32) {
            %e64_bl = memref.load %bias[%e, %t60_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e64_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e64_p = scf.if %acc -> (f32) {
            %e64_pl = memref.load %out[%t60_r0, %t60_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e64_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e64_vb = arith.addf %t60_s0_3, %e64_b : f32
          %e64_o = arith.addf %e64_p, %e64_vb : f32
          memref.store %e64_o, %out[%t60_r0, %t60_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t60_g0_4 = vector.fma %t60_tx0, %t60_tw4, %t60_res#4 : vector<16xf32>
          %t60_s0_4 = vector.reduction <add>, %t60_g0_4 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e65_b = scf.if %hb -> (f32) {
            %e65_bl = memref.load %bias[%e, %t60_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e65_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e65_p = scf.if %acc -> (f32) {
            %e65_pl = memref.load %out[%t60_r0, %t60_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e65_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e65_vb = arith.addf %t60_s0_4, %e65_b : f32
          %e65_o = arith.addf %e65_p, %e65_vb : f32
          memref.store %e65_o, %out[%t60_r0, %t60_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t60_g0_5 = vector.fma %t60_tx0, %t60_tw5, %t60_res#5 : vector<16xf32>
          %t60_s0_5 = vector.reduction <add>, %t60_g0_5 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e66_b = scf.if %hb -> (f32) {
            %e66_bl = memref.load %bias[%e, %t60_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e66_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e66_p = scf.if %acc -> (f32) {
            %e66_pl = memref.load %out[%t60_r0, %t60_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e66_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e66_vb = arith.addf %t60_s0_5, %e66_b : f32
          %e66_o = arith.addf %e66_p, %e66_vb : f32
          memref.store %e66_o, %out[%t60_r0, %t60_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t60_g0_6 = vector.fma %t60_tx0, %t60_tw6, %t60_res#6 : vector<16xf32>
          %t60_s0_6 = vector.reduction <add>, %t60_g0_6 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e67_b = scf.if %hb -> (f32) {
            %e67_bl = memref.load %bias[%e, %t60_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e67_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e67_p = scf.if %acc -> (f32) {
            %e67_pl = memref.load %out[%t60_r0, %t60_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e67_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e67_vb = arith.addf %t60_s0_6, %e67_b : f32
          %e67_o = arith.addf %e67_p, %e67_vb : f32
          memref.store %e67_o, %out[%t60_r0, %t60_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t60_g0_7 = vector.fma %t60_tx0, %t60_tw7, %t60_res#7 : vector<16xf32>
          %t60_s0_7 = vector.reduction <add>, %t60_g0_7 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e68_b = scf.if %hb -> (f32) {
            %e68_bl = memref.load %bias[%e, %t60_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e68_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e68_p = scf.if %acc -> (f32) {
            %e68_pl = memref.load %out[%t60_r0, %t60_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e68_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e68_vb = arith.addf %t60_s0_7, %e68_b : f32
          %e68_o = arith.addf %e68_p, %e68_vb : f32
          memref.store %e68_o, %out[%t60_r0, %t60_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b37_n1 = %b37_nf8 to %nhi step %c1 {
          %t69_r0 = arith.addi %b37_m1, %c0 : index
          %t69_n0 = arith.addi %b37_n1, %c0 : index
          %t69_res:1 = scf.for %t69_k = %c0 to %Kv step %c16 iter_args(%t69_a0_0 = %vz) -> (vector<16xf32>) {
            %t69_x0 = vector.load %xv[%t69_r0, %t69_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t69_w0 = vector.load %wv[%t69_n0, %t69_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t69_f0_0 = vector.fma %t69_x0, %t69_w0, %t69_a0_0 : vector<16xf32>
            scf.yield %t69_f0_0 : vector<16xf32>
          }
          %t69_tx0 = vector.maskedload %xv[%t69_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t69_tw0 = vector.maskedload %wv[%t69_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t69_g0_0 = vector.fma %t69_tx0, %t69_tw0, %t69_res#0 : vector<16xf32>
          %t69_s0_0 = vector.reduction <add>, %t69_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e70_b = scf.if %hb -> (f32) {
            %e70_bl = memref.load %bias[%e, %t69_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e70_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e70_p = scf.if %acc -> (f32) {
            %e70_pl = memref.load %out[%t69_r0, %t69_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e70_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e70_vb = arith.addf %t69_s0_0, %e70_b : f32
          %e70_o = arith.addf %e70_p, %e70_vb : f32
          memref.store %e70_o, %out[%t69_r0, %t69_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    } else {
      scf.for %s71_m = %mlo to %mhi step %c1 {
        scf.for %s71_n = %nlo to %nhi step %c1 {
          %s71_d = scf.for %s71_k = %c0 to %K step %c1 iter_args(%s71_a = %f0) -> (f32) {
            %s71_xv = memref.load %x[%s71_m, %s71_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s71_wv = memref.load %w[%e, %s71_n, %s71_k] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %s71_a2 = math.fma %s71_xv, %s71_wv, %s71_a : f32
            scf.yield %s71_a2 : f32
          }
          %e72_b = scf.if %hb -> (f32) {
            %e72_bl = memref.load %bias[%e, %s71_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e72_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e72_p = scf.if %acc -> (f32) {
            %e72_pl = memref.load %out[%s71_m, %s71_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e72_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e72_vb = arith.addf %s71_d, %e72_b : f32
          %e72_o = arith.addf %e72_p, %e72_vb : f32
          memref.store %e72_o, %out[%s71_m, %s71_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
