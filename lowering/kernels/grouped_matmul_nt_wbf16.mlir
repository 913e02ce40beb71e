// grouped_matmul_nt_wbf16: grouped_matmul_nt with bf16 expert weights (moe-weights-to-bf16):
// out[r, :] = x[r, :] f32(w[e])^T (+ bias[e]) for rows offsets[e] <= r < offsets[e+1]. The same work
// split and register tiles as grouped_matmul_nt, w loaded as bf16 and extended to f32.
func.func @grouped_matmul_nt_wbf16(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>,
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
  %vzb = arith.constant dense<0.0> : vector<16xbf16>
  %hb = arith.cmpi ne, %has_bias, %i0 : i64
  %acc = arith.constant false
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %E = memref.dim %w, %c0 : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>
  %N = memref.dim %w, %c1 : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>
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
  %wb, %wo, %wsz:3, %wst:3 = memref.extract_strided_metadata %w : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>> -> memref<bf16>, index, index, index, index, index, index, index
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
      %wv = memref.reinterpret_cast %wb to offset: [%eo], sizes: [%N, %K], strides: [%wst#1, 1] : memref<bf16> to memref<?x?xbf16, strided<[?, 1], offset: ?>>
      %b149_ms = arith.subi %mhi, %mlo : index
      %b149_mr = arith.remui %b149_ms, %c4 : index
      %b149_mf = arith.subi %mhi, %b149_mr : index
      %b149_ns = arith.subi %nhi, %nlo : index
      %b149_nr4 = arith.remui %b149_ns, %c4 : index
      %b149_nf4 = arith.subi %nhi, %b149_nr4 : index
      %b149_nr8 = arith.remui %b149_ns, %c8 : index
      %b149_nf8 = arith.subi %nhi, %b149_nr8 : index
      scf.for %b149_m = %mlo to %b149_mf step %c4 {
        scf.for %b149_n = %nlo to %b149_nf4 step %c4 {
          %t150_r0 = arith.addi %b149_m, %c0 : index
          %t150_r1 = arith.addi %b149_m, %c1 : index
          %t150_r2 = arith.addi %b149_m, %c2 : index
          %t150_r3 = arith.addi %b149_m, %c3 : index
          %t150_n0 = arith.addi %b149_n, %c0 : index
          %t150_n1 = arith.addi %b149_n, %c1 : index
          %t150_n2 = arith.addi %b149_n, %c2 : index
          %t150_n3 = arith.addi %b149_n, %c3 : index
          %t150_res:16 = scf.for %t150_k = %c0 to %Kv step %c16 iter_args(%t150_a0_0 = %vz, %t150_a0_1 = %vz, %t150_a0_2 = %vz, %t150_a0_3 = %vz, %t150_a1_0 = %vz, %t150_a1_1 = %vz, %t150_a1_2 = %vz, %t150_a1_3 = %vz, %t150_a2_0 = %vz, %t150_a2_1 = %vz, %t150_a2_2 = %vz, %t150_a2_3 = %vz, %t150_a3_0 = %vz, %t150_a3_1 = %vz, %t150_a3_2 = %vz, %t150_a3_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t150_x0 = vector.load %xv[%t150_r0, %t150_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t150_x1 = vector.load %xv[%t150_r1, %t150_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t150_x2 = vector.load %xv[%t150_r2, %t150_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t150_x3 = vector.load %xv[%t150_r3, %t150_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t150_w0h = vector.load %wv[%t150_n0, %t150_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t150_w0 = arith.extf %t150_w0h : vector<16xbf16> to vector<16xf32>
            %t150_w1h = vector.load %wv[%t150_n1, %t150_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t150_w1 = arith.extf %t150_w1h : vector<16xbf16> to vector<16xf32>
            %t150_w2h = vector.load %wv[%t150_n2, %t150_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t150_w2 = arith.extf %t150_w2h : vector<16xbf16> to vector<16xf32>
            %t150_w3h = vector.load %wv[%t150_n3, %t150_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t150_w3 = arith.extf %t150_w3h : vector<16xbf16> to vector<16xf32>
            %t150_f0_0 = vector.fma %t150_x0, %t150_w0, %t150_a0_0 : vector<16xf32>
            %t150_f0_1 = vector.fma %t150_x0, %t150_w1, %t150_a0_1 : vector<16xf32>
            %t150_f0_2 = vector.fma %t150_x0, %t150_w2, %t150_a0_2 : vector<16xf32>
            %t150_f0_3 = vector.fma %t150_x0, %t150_w3, %t150_a0_3 : vector<16xf32>
            %t150_f1_0 = vector.fma %t150_x1, %t150_w0, %t150_a1_0 : vector<16xf32>
            %t150_f1_1 = vector.fma %t150_x1, %t150_w1, %t150_a1_1 : vector<16xf32>
            %t150_f1_2 = vector.fma %t150_x1, %t150_w2, %t150_a1_2 : vector<16xf32>
            %t150_f1_3 = vector.fma %t150_x1, %t150_w3, %t150_a1_3 : vector<16xf32>
            %t150_f2_0 = vector.fma %t150_x2, %t150_w0, %t150_a2_0 : vector<16xf32>
            %t150_f2_1 = vector.fma %t150_x2, %t150_w1, %t150_a2_1 : vector<16xf32>
            %t150_f2_2 = vector.fma %t150_x2, %t150_w2, %t150_a2_2 : vector<16xf32>
            %t150_f2_3 = vector.fma %t150_x2, %t150_w3, %t150_a2_3 : vector<16xf32>
            %t150_f3_0 = vector.fma %t150_x3, %t150_w0, %t150_a3_0 : vector<16xf32>
            %t150_f3_1 = vector.fma %t150_x3, %t150_w1, %t150_a3_1 : vector<16xf32>
            %t150_f3_2 = vector.fma %t150_x3, %t150_w2, %t150_a3_2 : vector<16xf32>
            %t150_f3_3 = vector.fma %t150_x3, %t150_w3, %t150_a3_3 : vector<16xf32>
            scf.yield %t150_f0_0, %t150_f0_1, %t150_f0_2, %t150_f0_3, %t150_f1_0, %t150_f1_1, %t150_f1_2, %t150_f1_3, %t150_f2_0, %t150_f2_1, %t150_f2_2, %t150_f2_3, %t150_f3_0, %t150_f3_1, %t150_f3_2, %t150_f3_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t150_tx0 = vector.maskedload %xv[%t150_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t150_tx1 = vector.maskedload %xv[%t150_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t150_tx2 = vector.maskedload %xv[%t150_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t150_tx3 = vector.maskedload %xv[%t150_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t150_tw0h = vector.maskedload %wv[%t150_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t150_tw0 = arith.extf %t150_tw0h : vector<16xbf16> to vector<16xf32>
          %t150_tw1h = vector.maskedload %wv[%t150_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t150_tw1 = arith.extf %t150_tw1h : vector<16xbf16> to vector<16xf32>
          %t150_tw2h = vector.maskedload %wv[%t150_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t150_tw2 = arith.extf %t150_tw2h : vector<16xbf16> to vector<16xf32>
          %t150_tw3h = vector.maskedload %wv[%t150_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t150_tw3 = arith.extf %t150_tw3h : vector<16xbf16> to vector<16xf32>
          %t150_g0_0 = vector.fma %t150_tx0, %t150_tw0, %t150_res#0 : vector<16xf32>
          %t150_s0_0 = vector.reduction <add>, %t150_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e151_b = scf.if %hb -> (f32) {
            %e151_bl = memref.load %bias[%e, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
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
          %t150_g0_1 = vector.fma %t150_tx0, %t150_tw1, %t150_res#1 : vector<16xf32>
          %t150_s0_1 = vector.reduction <add>, %t150_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e152_b = scf.if %hb -> (f32) {
            %e152_bl = memref.load %bias[%e, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e152_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e152_p = scf.if %acc -> (f32) {
            %e152_pl = memref.load %out[%t150_r0, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e152_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e152_vb = arith.addf %t150_s0_1, %e152_b : f32
          %e152_o = arith.addf %e152_p, %e152_vb : f32
          memref.store %e152_o, %out[%t150_r0, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g0_2 = vector.fma %t150_tx0, %t150_tw2, %t150_res#2 : vector<16xf32>
          %t150_s0_2 = vector.reduction <add>, %t150_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e153_b = scf.if %hb -> (f32) {
            %e153_bl = memref.load %bias[%e, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e153_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e153_p = scf.if %acc -> (f32) {
            %e153_pl = memref.load %out[%t150_r0, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e153_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e153_vb = arith.addf %t150_s0_2, %e153_b : f32
          %e153_o = arith.addf %e153_p, %e153_vb : f32
          memref.store %e153_o, %out[%t150_r0, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g0_3 = vector.fma %t150_tx0, %t150_tw3, %t150_res#3 : vector<16xf32>
          %t150_s0_3 = vector.reduction <add>, %t150_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e154_b = scf.if %hb -> (f32) {
            %e154_bl = memref.load %bias[%e, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e154_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e154_p = scf.if %acc -> (f32) {
            %e154_pl = memref.load %out[%t150_r0, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e154_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e154_vb = arith.addf %t150_s0_3, %e154_b : f32
          %e154_o = arith.addf %e154_p, %e154_vb : f32
          memref.store %e154_o, %out[%t150_r0, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g1_0 = vector.fma %t150_tx1, %t150_tw0, %t150_res#4 : vector<16xf32>
          %t150_s1_0 = vector.reduction <add>, %t150_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e155_b = scf.if %hb -> (f32) {
            %e155_bl = memref.load %bias[%e, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e155_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e155_p = scf.if %acc -> (f32) {
            %e155_pl = memref.load %out[%t150_r1, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e155_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e155_vb = arith.addf %t150_s1_0, %e155_b : f32
          %e155_o = arith.addf %e155_p, %e155_vb : f32
          memref.store %e155_o, %out[%t150_r1, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g1_1 = vector.fma %t150_tx1, %t150_tw1, %t150_res#5 : vector<16xf32>
          %t150_s1_1 = vector.reduction <add>, %t150_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e156_b = scf.if %hb -> (f32) {
            %e156_bl = memref.load %bias[%e, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e156_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e156_p = scf.if %acc -> (f32) {
            %e156_pl = memref.load %out[%t150_r1, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e156_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e156_vb = arith.addf %t150_s1_1, %e156_b : f32
          %e156_o = arith.addf %e156_p, %e156_vb : f32
          memref.store %e156_o, %out[%t150_r1, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g1_2 = vector.fma %t150_tx1, %t150_tw2, %t150_res#6 : vector<16xf32>
          %t150_s1_2 = vector.reduction <add>, %t150_g1_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e157_b = scf.if %hb -> (f32) {
            %e157_bl = memref.load %bias[%e, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e157_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e157_p = scf.if %acc -> (f32) {
            %e157_pl = memref.load %out[%t150_r1, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e157_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e157_vb = arith.addf %t150_s1_2, %e157_b : f32
          %e157_o = arith.addf %e157_p, %e157_vb : f32
          memref.store %e157_o, %out[%t150_r1, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g1_3 = vector.fma %t150_tx1, %t150_tw3, %t150_res#7 : vector<16xf32>
          %t150_s1_3 = vector.reduction <add>, %t150_g1_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e158_b = scf.if %hb -> (f32) {
            %e158_bl = memref.load %bias[%e, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e158_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e158_p = scf.if %acc -> (f32) {
            %e158_pl = memref.load %out[%t150_r1, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e158_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e158_vb = arith.addf %t150_s1_3, %e158_b : f32
          %e158_o = arith.addf %e158_p, %e158_vb : f32
          memref.store %e158_o, %out[%t150_r1, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g2_0 = vector.fma %t150_tx2, %t150_tw0, %t150_res#8 : vector<16xf32>
          %t150_s2_0 = vector.reduction <add>, %t150_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e159_b = scf.if %hb -> (f32) {
            %e159_bl = memref.load %bias[%e, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e159_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e159_p = scf.if %acc -> (f32) {
            %e159_pl = memref.load %out[%t150_r2, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e159_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e159_vb = arith.addf %t150_s2_0, %e159_b : f32
          %e159_o = arith.addf %e159_p, %e159_vb : f32
          memref.store %e159_o, %out[%t150_r2, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g2_1 = vector.fma %t150_tx2, %t150_tw1, %t150_res#9 : vector<16xf32>
          %t150_s2_1 = vector.reduction <add>, %t150_g2_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e160_b = scf.if %hb -> (f32) {
            %e160_bl = memref.load %bias[%e, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e160_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e160_p = scf.if %acc -> (f32) {
            %e160_pl = memref.load %out[%t150_r2, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e160_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e160_vb = arith.addf %t150_s2_1, %e160_b : f32
          %e160_o = arith.addf %e160_p, %e160_vb : f32
          memref.store %e160_o, %out[%t150_r2, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g2_2 = vector.fma %t150_tx2, %t150_tw2, %t150_res#10 : vector<16xf32>
          %t150_s2_2 = vector.reduction <add>, %t150_g2_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e161_b = scf.if %hb -> (f32) {
            %e161_bl = memref.load %bias[%e, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e161_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e161_p = scf.if %acc -> (f32) {
            %e161_pl = memref.load %out[%t150_r2, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e161_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e161_vb = arith.addf %t150_s2_2, %e161_b : f32
          %e161_o = arith.addf %e161_p, %e161_vb : f32
          memref.store %e161_o, %out[%t150_r2, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g2_3 = vector.fma %t150_tx2, %t150_tw3, %t150_res#11 : vector<16xf32>
          %t150_s2_3 = vector.reduction <add>, %t150_g2_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e162_b = scf.if %hb -> (f32) {
            %e162_bl = memref.load %bias[%e, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e162_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e162_p = scf.if %acc -> (f32) {
            %e162_pl = memref.load %out[%t150_r2, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e162_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e162_vb = arith.addf %t150_s2_3, %e162_b : f32
          %e162_o = arith.addf %e162_p, %e162_vb : f32
          memref.store %e162_o, %out[%t150_r2, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g3_0 = vector.fma %t150_tx3, %t150_tw0, %t150_res#12 : vector<16xf32>
          %t150_s3_0 = vector.reduction <add>, %t150_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e163_b = scf.if %hb -> (f32) {
            %e163_bl = memref.load %bias[%e, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e163_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e163_p = scf.if %acc -> (f32) {
            %e163_pl = memref.load %out[%t150_r3, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e163_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e163_vb = arith.addf %t150_s3_0, %e163_b : f32
          %e163_o = arith.addf %e163_p, %e163_vb : f32
          memref.store %e163_o, %out[%t150_r3, %t150_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g3_1 = vector.fma %t150_tx3, %t150_tw1, %t150_res#13 : vector<16xf32>
          %t150_s3_1 = vector.reduction <add>, %t150_g3_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e164_b = scf.if %hb -> (f32) {
            %e164_bl = memref.load %bias[%e, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e164_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e164_p = scf.if %acc -> (f32) {
            %e164_pl = memref.load %out[%t150_r3, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e164_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e164_vb = arith.addf %t150_s3_1, %e164_b : f32
          %e164_o = arith.addf %e164_p, %e164_vb : f32
          memref.store %e164_o, %out[%t150_r3, %t150_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g3_2 = vector.fma %t150_tx3, %t150_tw2, %t150_res#14 : vector<16xf32>
          %t150_s3_2 = vector.reduction <add>, %t150_g3_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e165_b = scf.if %hb -> (f32) {
            %e165_bl = memref.load %bias[%e, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e165_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e165_p = scf.if %acc -> (f32) {
            %e165_pl = memref.load %out[%t150_r3, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e165_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e165_vb = arith.addf %t150_s3_2, %e165_b : f32
          %e165_o = arith.addf %e165_p, %e165_vb : f32
          memref.store %e165_o, %out[%t150_r3, %t150_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t150_g3_3 = vector.fma %t150_tx3, %t150_tw3, %t150_res#15 : vector<16xf32>
          %t150_s3_3 = vector.reduction <add>, %t150_g3_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e166_b = scf.if %hb -> (f32) {
            %e166_bl = memref.load %bias[%e, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e166_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e166_p = scf.if %acc -> (f32) {
            %e166_pl = memref.load %out[%t150_r3, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e166_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e166_vb = arith.addf %t150_s3_3, %e166_b : f32
          %e166_o = arith.addf %e166_p, %e166_vb : f32
          memref.store %e166_o, %out[%t150_r3, %t150_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b149_n1 = %b149_nf4 to %nhi step %c1 {
          %t167_r0 = arith.addi %b149_m, %c0 : index
          %t167_r1 = arith.addi %b149_m, %c1 : index
          %t167_r2 = arith.addi %b149_m, %c2 : index
          %t167_r3 = arith.addi %b149_m, %c3 : index
          %t167_n0 = arith.addi %b149_n1, %c0 : index
          %t167_res:4 = scf.for %t167_k = %c0 to %Kv step %c16 iter_args(%t167_a0_0 = %vz, %t167_a1_0 = %vz, %t167_a2_0 = %vz, %t167_a3_0 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t167_x0 = vector.load %xv[%t167_r0, %t167_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t167_x1 = vector.load %xv[%t167_r1, %t167_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t167_x2 = vector.load %xv[%t167_r2, %t167_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t167_x3 = vector.load %xv[%t167_r3, %t167_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t167_w0h = vector.load %wv[%t167_n0, %t167_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t167_w0 = arith.extf %t167_w0h : vector<16xbf16> to vector<16xf32>
            %t167_f0_0 = vector.fma %t167_x0, %t167_w0, %t167_a0_0 : vector<16xf32>
            %t167_f1_0 = vector.fma %t167_x1, %t167_w0, %t167_a1_0 : vector<16xf32>
            %t167_f2_0 = vector.fma %t167_x2, %t167_w0, %t167_a2_0 : vector<16xf32>
            %t167_f3_0 = vector.fma %t167_x3, %t167_w0, %t167_a3_0 : vector<16xf32>
            scf.yield %t167_f0_0, %t167_f1_0, %t167_f2_0, %t167_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t167_tx0 = vector.maskedload %xv[%t167_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t167_tx1 = vector.maskedload %xv[%t167_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t167_tx2 = vector.maskedload %xv[%t167_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t167_tx3 = vector.maskedload %xv[%t167_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t167_tw0h = vector.maskedload %wv[%t167_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t167_tw0 = arith.extf %t167_tw0h : vector<16xbf16> to vector<16xf32>
          %t167_g0_0 = vector.fma %t167_tx0, %t167_tw0, %t167_res#0 : vector<16xf32>
          %t167_s0_0 = vector.reduction <add>, %t167_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e168_b = scf.if %hb -> (f32) {
            %e168_bl = memref.load %bias[%e, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e168_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e168_p = scf.if %acc -> (f32) {
            %e168_pl = memref.load %out[%t167_r0, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e168_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e168_vb = arith.addf %t167_s0_0, %e168_b : f32
          %e168_o = arith.addf %e168_p, %e168_vb : f32
          memref.store %e168_o, %out[%t167_r0, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t167_g1_0 = vector.fma %t167_tx1, %t167_tw0, %t167_res#1 : vector<16xf32>
          %t167_s1_0 = vector.reduction <add>, %t167_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e169_b = scf.if %hb -> (f32) {
            %e169_bl = memref.load %bias[%e, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e169_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e169_p = scf.if %acc -> (f32) {
            %e169_pl = memref.load %out[%t167_r1, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e169_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e169_vb = arith.addf %t167_s1_0, %e169_b : f32
          %e169_o = arith.addf %e169_p, %e169_vb : f32
          memref.store %e169_o, %out[%t167_r1, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t167_g2_0 = vector.fma %t167_tx2, %t167_tw0, %t167_res#2 : vector<16xf32>
          %t167_s2_0 = vector.reduction <add>, %t167_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e170_b = scf.if %hb -> (f32) {
            %e170_bl = memref.load %bias[%e, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e170_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e170_p = scf.if %acc -> (f32) {
            %e170_pl = memref.load %out[%t167_r2, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e170_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e170_vb = arith.addf %t167_s2_0, %e170_b : f32
          %e170_o = arith.addf %e170_p, %e170_vb : f32
          memref.store %e170_o, %out[%t167_r2, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t167_g3_0 = vector.fma %t167_tx3, %t167_tw0, %t167_res#3 : vector<16xf32>
          %t167_s3_0 = vector.reduction <add>, %t167_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e171_b = scf.if %hb -> (f32) {
            %e171_bl = memref.load %bias[%e, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e171_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e171_p = scf.if %acc -> (f32) {
            %e171_pl = memref.load %out[%t167_r3, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e171_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e171_vb = arith.addf %t167_s3_0, %e171_b : f32
          %e171_o = arith.addf %e171_p, %e171_vb : f32
          memref.store %e171_o, %out[%t167_r3, %t167_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b149_m1 = %b149_mf to %mhi step %c1 {
        scf.for %b149_n = %nlo to %b149_nf8 step %c8 {
          %t172_r0 = arith.addi %b149_m1, %c0 : index
          %t172_n0 = arith.addi %b149_n, %c0 : index
          %t172_n1 = arith.addi %b149_n, %c1 : index
          %t172_n2 = arith.addi %b149_n, %c2 : index
          %t172_n3 = arith.addi %b149_n, %c3 : index
          %t172_n4 = arith.addi %b149_n, %c4 : index
          %t172_n5 = arith.addi %b149_n, %c5 : index
          %t172_n6 = arith.addi %b149_n, %c6 : index
          %t172_n7 = arith.addi %b149_n, %c7 : index
          %t172_res:8 = scf.for %t172_k = %c0 to %Kv step %c16 iter_args(%t172_a0_0 = %vz, %t172_a0_1 = %vz, %t172_a0_2 = %vz, %t172_a0_3 = %vz, %t172_a0_4 = %vz, %t172_a0_5 = %vz, %t172_a0_6 = %vz, %t172_a0_7 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t172_x0 = vector.load %xv[%t172_r0, %t172_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t172_w0h = vector.load %wv[%t172_n0, %t172_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t172_w0 = arith.extf %t172_w0h : vector<16xbf16> to vector<16xf32>
            %t172_w1h = vector.load %wv[%t172_n1, %t172_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t172_w1 = arith.extf %t172_w1h : vector<16xbf16> to vector<16xf32>
            %t172_w2h = vector.load %wv[%t172_n2, %t172_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t172_w2 = arith.extf %t172_w2h : vector<16xbf16> to vector<16xf32>
            %t172_w3h = vector.load %wv[%t172_n3, %t172_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t172_w3 = arith.extf %t172_w3h : vector<16xbf16> to vector<16xf32>
            %t172_w4h = vector.load %wv[%t172_n4, %t172_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t172_w4 = arith.extf %t172_w4h : vector<16xbf16> to vector<16xf32>
            %t172_w5h = vector.load %wv[%t172_n5, %t172_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t172_w5 = arith.extf %t172_w5h : vector<16xbf16> to vector<16xf32>
            %t172_w6h = vector.load %wv[%t172_n6, %t172_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t172_w6 = arith.extf %t172_w6h : vector<16xbf16> to vector<16xf32>
            %t172_w7h = vector.load %wv[%t172_n7, %t172_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t172_w7 = arith.extf %t172_w7h : vector<16xbf16> to vector<16xf32>
            %t172_f0_0 = vector.fma %t172_x0, %t172_w0, %t172_a0_0 : vector<16xf32>
            %t172_f0_1 = vector.fma %t172_x0, %t172_w1, %t172_a0_1 : vector<16xf32>
            %t172_f0_2 = vector.fma %t172_x0, %t172_w2, %t172_a0_2 : vector<16xf32>
            %t172_f0_3 = vector.fma %t172_x0, %t172_w3, %t172_a0_3 : vector<16xf32>
            %t172_f0_4 = vector.fma %t172_x0, %t172_w4, %t172_a0_4 : vector<16xf32>
            %t172_f0_5 = vector.fma %t172_x0, %t172_w5, %t172_a0_5 : vector<16xf32>
            %t172_f0_6 = vector.fma %t172_x0, %t172_w6, %t172_a0_6 : vector<16xf32>
            %t172_f0_7 = vector.fma %t172_x0, %t172_w7, %t172_a0_7 : vector<16xf32>
            scf.yield %t172_f0_0, %t172_f0_1, %t172_f0_2, %t172_f0_3, %t172_f0_4, %t172_f0_5, %t172_f0_6, %t172_f0_7 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t172_tx0 = vector.maskedload %xv[%t172_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t172_tw0h = vector.maskedload %wv[%t172_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t172_tw0 = arith.extf %t172_tw0h : vector<16xbf16> to vector<16xf32>
          %t172_tw1h = vector.maskedload %wv[%t172_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t172_tw1 = arith.extf %t172_tw1h : vector<16xbf16> to vector<16xf32>
          %t172_tw2h = vector.maskedload %wv[%t172_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t172_tw2 = arith.extf %t172_tw2h : vector<16xbf16> to vector<16xf32>
          %t172_tw3h = vector.maskedload %wv[%t172_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t172_tw3 = arith.extf %t172_tw3h : vector<16xbf16> to vector<16xf32>
          %t172_tw4h = vector.maskedload %wv[%t172_n4, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t172_tw4 = arith.extf %t172_tw4h : vector<16xbf16> to vector<16xf32>
          %t172_tw5h = vector.maskedload %wv[%t172_n5, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t172_tw5 = arith.extf %t172_tw5h : vector<16xbf16> to vector<16xf32>
          %t172_tw6h = vector.maskedload %wv[%t172_n6, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t172_tw6 = arith.extf %t172_tw6h : vector<16xbf16> to vector<16xf32>
          %t172_tw7h = vector.maskedload %wv[%t172_n7, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t172_tw7 = arith.extf %t172_tw7h : vector<16xbf16> to vector<16xf32>
          %t172_g0_0 = vector.fma %t172_tx0, %t172_tw0, %t172_res#0 : vector<16xf32>
          %t172_s0_0 = vector.reduction <add>, %t172_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e173_b = scf.if %hb -> (f32) {
            %e173_bl = memref.load %bias[%e, %t172_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e173_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e173_p = scf.if %acc -> (f32) {
            %e173_pl = memref.load %out[%t172_r0, %t172_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e173_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e173_vb = arith.addf %t172_s0_0, %e173_b : f32
          %e173_o = arith.addf %e173_p, %e173_vb : f32
          memref.store %e173_o, %out[%t172_r0, %t172_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t172_g0_1 = vector.fma %t172_tx0, %t172_tw1, %t172_res#1 : vector<16xf32>
          %t172_s0_1 = vector.reduction <add>, %t172_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e174_b = scf.if %hb -> (f32) {
            %e174_bl = memref.load %bias[%e, %t172_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e174_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e174_p = scf.if %acc -> (f32) {
            %e174_pl = memref.load %out[%t172_r0, %t172_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e174_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e174_vb = arith.addf %t172_s0_1, %e174_b : f32
          %e174_o = arith.addf %e174_p, %e174_vb : f32
          memref.store %e174_o, %out[%t172_r0, %t172_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t172_g0_2 = vector.fma %t172_tx0, %t172_tw2, %t172_res#2 : vector<16xf32>
          %t172_s0_2 = vector.reduction <add>, %t172_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e175_b = scf.if %hb -> (f32) {
            %e175_bl = memref.load %bias[%e, %t172_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e175_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e175_p = scf.if %acc -> (f32) {
            %e175_pl = memref.load %out[%t172_r0, %t172_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e175_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e175_vb = arith.addf %t172_s0_2, %e175_b : f32
          %e175_o = arith.addf %e175_p, %e175_vb : f32
          memref.store %e175_o, %out[%t172_r0, %t172_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t172_g0_3 = vector.fma %t172_tx0, %t172_tw3, %t172_res#3 : vector<16xf32>
          %t172_s0_3 = vector.reduction <add>, %t172_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e176_b = scf.if %hb -> (f32) {
            %e176_bl = memref.load %bias[%e, %t172_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e176_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e176_p = scf.if %acc -> (f32) {
            %e176_pl = memref.load %out[%t172_r0, %t172_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e176_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e176_vb = arith.addf %t172_s0_3, %e176_b : f32
          %e176_o = arith.addf %e176_p, %e176_vb : f32
          memref.store %e176_o, %out[%t172_r0, %t172_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t172_g0_4 = vector.fma %t172_tx0, %t172_tw4, %t172_res#4 : vector<16xf32>
          %t172_s0_4 = vector.reduction <add>, %t172_g0_4 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e177_b = scf.if %hb -> (f32) {
            %e177_bl = memref.load %bias[%e, %t172_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e177_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e177_p = scf.if %acc -> (f32) {
            %e177_pl = memref.load %out[%t172_r0, %t172_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e177_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e177_vb = arith.addf %t172_s0_4, %e177_b : f32
          %e177_o = arith.addf %e177_p, %e177_vb : f32
          memref.store %e177_o, %out[%t172_r0, %t172_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t172_g0_5 = vector.fma %t172_tx0, %t172_tw5, %t172_res#5 : vector<16xf32>
          %t172_s0_5 = vector.reduction <add>, %t172_g0_5 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e178_b = scf.if %hb -> (f32) {
            %e178_bl = memref.load %bias[%e, %t172_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e178_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e178_p = scf.if %acc -> (f32) {
            %e178_pl = memref.load %out[%t172_r0, %t172_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e178_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e178_vb = arith.addf %t172_s0_5, %e178_b : f32
          %e178_o = arith.addf %e178_p, %e178_vb : f32
          memref.store %e178_o, %out[%t172_r0, %t172_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t172_g0_6 = vector.fma %t172_tx0, %t172_tw6, %t172_res#6 : vector<16xf32>
          %t172_s0_6 = vector.reduction <add>, %t172_g0_6 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e179_b = scf.if %hb -> (f32) {
            %e179_bl = memref.load %bias[%e, %t172_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e179_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e179_p = scf.if %acc -> (f32) {
            %e179_pl = memref.load %out[%t172_r0, %t172_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e179_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e179_vb = arith.addf %t172_s0_6, %e179_b : f32
          %e179_o = arith.addf %e179_p, %e179_vb : f32
          memref.store %e179_o, %out[%t172_r0, %t172_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t172_g0_7 = vector.fma %t172_tx0, %t172_tw7, %t172_res#7 : vector<16xf32>
          %t172_s0_7 = vector.reduction <add>, %t172_g0_7 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e180_b = scf.if %hb -> (f32) {
            %e180_bl = memref.load %bias[%e, %t172_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e180_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e180_p = scf.if %acc -> (f32) {
            %e180_pl = memref.load %out[%t172_r0, %t172_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e180_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e180_vb = arith.addf %t172_s0_7, %e180_b : f32
          %e180_o = arith.addf %e180_p, %e180_vb : f32
          memref.store %e180_o, %out[%t172_r0, %t172_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b149_n1 = %b149_nf8 to %nhi step %c1 {
          %t181_r0 = arith.addi %b149_m1, %c0 : index
          %t181_n0 = arith.addi %b149_n1, %c0 : index
          %t181_res:1 = scf.for %t181_k = %c0 to %Kv step %c16 iter_args(%t181_a0_0 = %vz) -> (vector<16xf32>) {
            %t181_x0 = vector.load %xv[%t181_r0, %t181_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t181_w0h = vector.load %wv[%t181_n0, %t181_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t181_w0 = arith.extf %t181_w0h : vector<16xbf16> to vector<16xf32>
            %t181_f0_0 = vector.fma %t181_x0, %t181_w0, %t181_a0_0 : vector<16xf32>
            scf.yield %t181_f0_0 : vector<16xf32>
          }
          %t181_tx0 = vector.maskedload %xv[%t181_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t181_tw0h = vector.maskedload %wv[%t181_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t181_tw0 = arith.extf %t181_tw0h : vector<16xbf16> to vector<16xf32>
          %t181_g0_0 = vector.fma %t181_tx0, %t181_tw0, %t181_res#0 : vector<16xf32>
          %t181_s0_0 = vector.reduction <add>, %t181_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e182_b = scf.if %hb -> (f32) {
            %e182_bl = memref.load %bias[%e, %t181_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e182_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e182_p = scf.if %acc -> (f32) {
            %e182_pl = memref.load %out[%t181_r0, %t181_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e182_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e182_vb = arith.addf %t181_s0_0, %e182_b : f32
          %e182_o = arith.addf %e182_p, %e182_vb : f32
          memref.store %e182_o, %out[%t181_r0, %t181_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    } else {
      scf.for %s183_m = %mlo to %mhi step %c1 {
        scf.for %s183_n = %nlo to %nhi step %c1 {
          %s183_d = scf.for %s183_k = %c0 to %K step %c1 iter_args(%s183_a = %f0) -> (f32) {
            %s183_xv = memref.load %x[%s183_m, %s183_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s183_wh = memref.load %w[%e, %s183_n, %s183_k] : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>
            %s183_wv = arith.extf %s183_wh : bf16 to f32
            %s183_a2 = math.fma %s183_xv, %s183_wv, %s183_a : f32
            scf.yield %s183_a2 : f32
          }
          %e184_b = scf.if %hb -> (f32) {
            %e184_bl = memref.load %bias[%e, %s183_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e184_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e184_p = scf.if %acc -> (f32) {
            %e184_pl = memref.load %out[%s183_m, %s183_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e184_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e184_vb = arith.addf %s183_d, %e184_b : f32
          %e184_o = arith.addf %e184_p, %e184_vb : f32
          memref.store %e184_o, %out[%s183_m, %s183_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
