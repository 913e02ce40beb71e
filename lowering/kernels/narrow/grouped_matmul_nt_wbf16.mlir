// Narrow-register version (gen_kernels.py --narrow): 2 x 2 and 1 x 4 register tiles in place of
// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; bitwise the same results.
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
      %b77_ms = arith.subi %mhi, %mlo : index
      %b77_mr = arith.remui %b77_ms, %c2 : index
      %b77_mf = arith.subi %mhi, %b77_mr : index
      %b77_ns = arith.subi %nhi, %nlo : index
      %b77_nr4 = arith.remui %b77_ns, %c2 : index
      %b77_nf4 = arith.subi %nhi, %b77_nr4 : index
      %b77_nr8 = arith.remui %b77_ns, %c4 : index
      %b77_nf8 = arith.subi %nhi, %b77_nr8 : index
      scf.for %b77_m = %mlo to %b77_mf step %c2 {
        scf.for %b77_n = %nlo to %b77_nf4 step %c2 {
          %t78_r0 = arith.addi %b77_m, %c0 : index
          %t78_r1 = arith.addi %b77_m, %c1 : index
          %t78_n0 = arith.addi %b77_n, %c0 : index
          %t78_n1 = arith.addi %b77_n, %c1 : index
          %t78_res:4 = scf.for %t78_k = %c0 to %Kv step %c16 iter_args(%t78_a0_0 = %vz, %t78_a0_1 = %vz, %t78_a1_0 = %vz, %t78_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t78_x0 = vector.load %xv[%t78_r0, %t78_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t78_x1 = vector.load %xv[%t78_r1, %t78_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t78_w0h = vector.load %wv[%t78_n0, %t78_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t78_w0 = arith.extf %t78_w0h : vector<16xbf16> to vector<16xf32>
            %t78_w1h = vector.load %wv[%t78_n1, %t78_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t78_w1 = arith.extf %t78_w1h : vector<16xbf16> to vector<16xf32>
            %t78_f0_0 = vector.fma %t78_x0, %t78_w0, %t78_a0_0 : vector<16xf32>
            %t78_f0_1 = vector.fma %t78_x0, %t78_w1, %t78_a0_1 : vector<16xf32>
            %t78_f1_0 = vector.fma %t78_x1, %t78_w0, %t78_a1_0 : vector<16xf32>
            %t78_f1_1 = vector.fma %t78_x1, %t78_w1, %t78_a1_1 : vector<16xf32>
            scf.yield %t78_f0_0, %t78_f0_1, %t78_f1_0, %t78_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t78_tx0 = vector.maskedload %xv[%t78_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t78_tx1 = vector.maskedload %xv[%t78_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t78_tw0h = vector.maskedload %wv[%t78_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t78_tw0 = arith.extf %t78_tw0h : vector<16xbf16> to vector<16xf32>
          %t78_tw1h = vector.maskedload %wv[%t78_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t78_tw1 = arith.extf %t78_tw1h : vector<16xbf16> to vector<16xf32>
          %t78_g0_0 = vector.fma %t78_tx0, %t78_tw0, %t78_res#0 : vector<16xf32>
          %t78_s0_0 = vector.reduction <add>, %t78_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e79_b = scf.if %hb -> (f32) {
            %e79_bl = memref.load %bias[%e, %t78_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e79_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e79_p = scf.if %acc -> (f32) {
            %e79_pl = memref.load %out[%t78_r0, %t78_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e79_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e79_vb = arith.addf %t78_s0_0, %e79_b : f32
          %e79_o = arith.addf %e79_p, %e79_vb : f32
          memref.store %e79_o, %out[%t78_r0, %t78_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t78_g0_1 = vector.fma %t78_tx0, %t78_tw1, %t78_res#1 : vector<16xf32>
          %t78_s0_1 = vector.reduction <add>, %t78_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e80_b = scf.if %hb -> (f32) {
            %e80_bl = memref.load %bias[%e, %t78_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e80_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e80_p = scf.if %acc -> (f32) {
            %e80_pl = memref.load %out[%t78_r0, %t78_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e80_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e80_vb = arith.addf %t78_s0_1, %e80_b : f32
          %e80_o = arith.addf %e80_p, %e80_vb : f32
          memref.store %e80_o, %out[%t78_r0, %t78_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t78_g1_0 = vector.fma %t78_tx1, %t78_tw0, %t78_res#2 : vector<16xf32>
          %t78_s1_0 = vector.reduction <add>, %t78_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e81_b = scf.if %hb -> (f32) {
            %e81_bl = memref.load %bias[%e, %t78_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e81_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e81_p = scf.if %acc -> (f32) {
            %e81_pl = memref.load %out[%t78_r1, %t78_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e81_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e81_vb = arith.addf %t78_s1_0, %e81_b : f32
          %e81_o = arith.addf %e81_p, %e81_vb : f32
          memref.store %e81_o, %out[%t78_r1, %t78_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t78_g1_1 = vector.fma %t78_tx1, %t78_tw1, %t78_res#3 : vector<16xf32>
          %t78_s1_1 = vector.reduction <add>, %t78_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e82_b = scf.if %hb -> (f32) {
            %e82_bl = memref.load %bias[%e, %t78_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e82_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e82_p = scf.if %acc -> (f32) {
            %e82_pl = memref.load %out[%t78_r1, %t78_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e82_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e82_vb = arith.addf %t78_s1_1, %e82_b : f32
          %e82_o = arith.addf %e82_p, %e82_vb : f32
          memref.store %e82_o, %out[%t78_r1, %t78_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b77_n1 = %b77_nf4 to %nhi step %c1 {
          %t83_r0 = arith.addi %b77_m, %c0 : index
          %t83_r1 = arith.addi %b77_m, %c1 : index
          %t83_n0 = arith.addi %b77_n1, %c0 : index
          %t83_res:2 = scf.for %t83_k = %c0 to %Kv step %c16 iter_args(%t83_a0_0 = %vz, %t83_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t83_x0 = vector.load %xv[%t83_r0, %t83_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t83_x1 = vector.load %xv[%t83_r1, %t83_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t83_w0h = vector.load %wv[%t83_n0, %t83_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t83_w0 = arith.extf %t83_w0h : vector<16xbf16> to vector<16xf32>
            %t83_f0_0 = vector.fma %t83_x0, %t83_w0, %t83_a0_0 : vector<16xf32>
            %t83_f1_0 = vector.fma %t83_x1, %t83_w0, %t83_a1_0 : vector<16xf32>
            scf.yield %t83_f0_0, %t83_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t83_tx0 = vector.maskedload %xv[%t83_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t83_tx1 = vector.maskedload %xv[%t83_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t83_tw0h = vector.maskedload %wv[%t83_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t83_tw0 = arith.extf %t83_tw0h : vector<16xbf16> to vector<16xf32>
          %t83_g0_0 = vector.fma %t83_tx0, %t83_tw0, %t83_res#0 : vector<16xf32>
          %t83_s0_0 = vector.reduction <add>, %t83_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e84_b = scf.if %hb -> (f32) {
            %e84_bl = memref.load %bias[%e, %t83_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e84_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e84_p = scf.if %acc -> (f32) {
            %e84_pl = memref.load %out[%t83_r0, %t83_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e84_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e84_vb = arith.addf %t83_s0_0, %e84_b : f32
          %e84_o = arith.addf %e84_p, %e84_vb : f32
          memref.store %e84_o, %out[%t83_r0, %t83_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t83_g1_0 = vector.fma %t83_tx1, %t83_tw0, %t83_res#1 : vector<16xf32>
          %t83_s1_0 = vector.reduction <add>, %t83_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e85_b = scf.if %hb -> (f32) {
            %e85_bl = memref.load %bias[%e, %t83_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e85_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e85_p = scf.if %acc -> (f32) {
            %e85_pl = memref.load %out[%t83_r1, %t83_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e85_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e85_vb = arith.addf %t83_s1_0, %e85_b : f32
          %e85_o = arith.addf %e85_p, %e85_vb : f32
          memref.store %e85_o, %out[%t83_r1, %t83_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b77_m1 = %b77_mf to %mhi step %c1 {
        scf.for %b77_n = %nlo to %b77_nf8 step %c4 {
          %t86_r0 = arith.addi %b77_m1, %c0 : index
          %t86_n0 = arith.addi %b77_n, %c0 : index
          %t86_n1 = arith.addi %b77_n, %c1 : index
          %t86_n2 = arith.addi %b77_n, %c2 : index
          %t86_n3 = arith.addi %b77_n, %c3 : index
          %t86_res:4 = scf.for %t86_k = %c0 to %Kv step %c16 iter_args(%t86_a0_0 = %vz, %t86_a0_1 = %vz, %t86_a0_2 = %vz, %t86_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t86_x0 = vector.load %xv[%t86_r0, %t86_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t86_w0h = vector.load %wv[%t86_n0, %t86_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t86_w0 = arith.extf %t86_w0h : vector<16xbf16> to vector<16xf32>
            %t86_w1h = vector.load %wv[%t86_n1, %t86_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t86_w1 = arith.extf %t86_w1h : vector<16xbf16> to vector<16xf32>
            %t86_w2h = vector.load %wv[%t86_n2, %t86_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t86_w2 = arith.extf %t86_w2h : vector<16xbf16> to vector<16xf32>
            %t86_w3h = vector.load %wv[%t86_n3, %t86_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t86_w3 = arith.extf %t86_w3h : vector<16xbf16> to vector<16xf32>
            %t86_f0_0 = vector.fma %t86_x0, %t86_w0, %t86_a0_0 : vector<16xf32>
            %t86_f0_1 = vector.fma %t86_x0, %t86_w1, %t86_a0_1 : vector<16xf32>
            %t86_f0_2 = vector.fma %t86_x0, %t86_w2, %t86_a0_2 : vector<16xf32>
            %t86_f0_3 = vector.fma %t86_x0, %t86_w3, %t86_a0_3 : vector<16xf32>
            scf.yield %t86_f0_0, %t86_f0_1, %t86_f0_2, %t86_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t86_tx0 = vector.maskedload %xv[%t86_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t86_tw0h = vector.maskedload %wv[%t86_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t86_tw0 = arith.extf %t86_tw0h : vector<16xbf16> to vector<16xf32>
          %t86_tw1h = vector.maskedload %wv[%t86_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t86_tw1 = arith.extf %t86_tw1h : vector<16xbf16> to vector<16xf32>
          %t86_tw2h = vector.maskedload %wv[%t86_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t86_tw2 = arith.extf %t86_tw2h : vector<16xbf16> to vector<16xf32>
          %t86_tw3h = vector.maskedload %wv[%t86_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t86_tw3 = arith.extf %t86_tw3h : vector<16xbf16> to vector<16xf32>
          %t86_g0_0 = vector.fma %t86_tx0, %t86_tw0, %t86_res#0 : vector<16xf32>
          %t86_s0_0 = vector.reduction <add>, %t86_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e87_b = scf.if %hb -> (f32) {
            %e87_bl = memref.load %bias[%e, %t86_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e87_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e87_p = scf.if %acc -> (f32) {
            %e87_pl = memref.load %out[%t86_r0, %t86_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e87_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e87_vb = arith.addf %t86_s0_0, %e87_b : f32
          %e87_o = arith.addf %e87_p, %e87_vb : f32
          memref.store %e87_o, %out[%t86_r0, %t86_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t86_g0_1 = vector.fma %t86_tx0, %t86_tw1, %t86_res#1 : vector<16xf32>
          %t86_s0_1 = vector.reduction <add>, %t86_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e88_b = scf.if %hb -> (f32) {
            %e88_bl = memref.load %bias[%e, %t86_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e88_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e88_p = scf.if %acc -> (f32) {
            %e88_pl = memref.load %out[%t86_r0, %t86_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e88_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e88_vb = arith.addf %t86_s0_1, %e88_b : f32
          %e88_o = arith.addf %e88_p, %e88_vb : f32
          memref.store %e88_o, %out[%t86_r0, %t86_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t86_g0_2 = vector.fma %t86_tx0, %t86_tw2, %t86_res#2 : vector<16xf32>
          %t86_s0_2 = vector.reduction <add>, %t86_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e89_b = scf.if %hb -> (f32) {
            %e89_bl = memref.load %bias[%e, %t86_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e89_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e89_p = scf.if %acc -> (f32) {
            %e89_pl = memref.load %out[%t86_r0, %t86_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e89_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e89_vb = arith.addf %t86_s0_2, %e89_b : f32
          %e89_o = arith.addf %e89_p, %e89_vb : f32
          memref.store %e89_o, %out[%t86_r0, %t86_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t86_g0_3 = vector.fma %t86_tx0, %t86_tw3, %t86_res#3 : vector<16xf32>
          %t86_s0_3 = vector.reduction <add>, %t86_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e90_b = scf.if %hb -> (f32) {
            %e90_bl = memref.load %bias[%e, %t86_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e90_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e90_p = scf.if %acc -> (f32) {
            %e90_pl = memref.load %out[%t86_r0, %t86_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e90_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e90_vb = arith.addf %t86_s0_3, %e90_b : f32
          %e90_o = arith.addf %e90_p, %e90_vb : f32
          memref.store %e90_o, %out[%t86_r0, %t86_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b77_n1 = %b77_nf8 to %nhi step %c1 {
          %t91_r0 = arith.addi %b77_m1, %c0 : index
          %t91_n0 = arith.addi %b77_n1, %c0 : index
          %t91_res:1 = scf.for %t91_k = %c0 to %Kv step %c16 iter_args(%t91_a0_0 = %vz) -> (vector<16xf32>) {
            %t91_x0 = vector.load %xv[%t91_r0, %t91_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t91_w0h = vector.load %wv[%t91_n0, %t91_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t91_w0 = arith.extf %t91_w0h : vector<16xbf16> to vector<16xf32>
            %t91_f0_0 = vector.fma %t91_x0, %t91_w0, %t91_a0_0 : vector<16xf32>
            scf.yield %t91_f0_0 : vector<16xf32>
          }
          %t91_tx0 = vector.maskedload %xv[%t91_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t91_tw0h = vector.maskedload %wv[%t91_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t91_tw0 = arith.extf %t91_tw0h : vector<16xbf16> to vector<16xf32>
          %t91_g0_0 = vector.fma %t91_tx0, %t91_tw0, %t91_res#0 : vector<16xf32>
          %t91_s0_0 = vector.reduction <add>, %t91_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e92_b = scf.if %hb -> (f32) {
            %e92_bl = memref.load %bias[%e, %t91_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e92_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e92_p = scf.if %acc -> (f32) {
            %e92_pl = memref.load %out[%t91_r0, %t91_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e92_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e92_vb = arith.addf %t91_s0_0, %e92_b : f32
          %e92_o = arith.addf %e92_p, %e92_vb : f32
          memref.store %e92_o, %out[%t91_r0, %t91_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    } else {
      scf.for %s93_m = %mlo to %mhi step %c1 {
        scf.for %s93_n = %nlo to %nhi step %c1 {
          %s93_d = scf.for %s93_k = %c0 to %K step %c1 iter_args(%s93_a = %f0) -> (f32) {
            %s93_xv = memref.load %x[%s93_m, %s93_k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %s93_wh = memref.load %w[%e, %s93_n, %s93_k] : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>
            %s93_wv = arith.extf %s93_wh : bf16 to f32
            %s93_a2 = math.fma %s93_xv, %s93_wv, %s93_a : f32
            scf.yield %s93_a2 : f32
          }
          %e94_b = scf.if %hb -> (f32) {
            %e94_bl = memref.load %bias[%e, %s93_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e94_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e94_p = scf.if %acc -> (f32) {
            %e94_pl = memref.load %out[%s93_m, %s93_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e94_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e94_vb = arith.addf %s93_d, %e94_b : f32
          %e94_o = arith.addf %e94_p, %e94_vb : f32
          memref.store %e94_o, %out[%s93_m, %s93_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
