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
      %b262_ms = arith.subi %M, %c0 : index
      %b262_mr = arith.remui %b262_ms, %c4 : index
      %b262_mf = arith.subi %M, %b262_mr : index
      %b262_ns = arith.subi %nhi, %nlo : index
      %b262_nr4 = arith.remui %b262_ns, %c4 : index
      %b262_nf4 = arith.subi %nhi, %b262_nr4 : index
      %b262_nr8 = arith.remui %b262_ns, %c8 : index
      %b262_nf8 = arith.subi %nhi, %b262_nr8 : index
      scf.for %b262_m = %c0 to %b262_mf step %c4 {
        scf.for %b262_n = %nlo to %b262_nf4 step %c4 {
          %t263_r0 = arith.addi %b262_m, %c0 : index
          %t263_r1 = arith.addi %b262_m, %c1 : index
          %t263_r2 = arith.addi %b262_m, %c2 : index
          %t263_r3 = arith.addi %b262_m, %c3 : index
          %t263_n0 = arith.addi %b262_n, %c0 : index
          %t263_n1 = arith.addi %b262_n, %c1 : index
          %t263_n2 = arith.addi %b262_n, %c2 : index
          %t263_n3 = arith.addi %b262_n, %c3 : index
          %t263_res:16 = scf.for %t263_k = %c0 to %Kv step %c16 iter_args(%t263_a0_0 = %vz, %t263_a0_1 = %vz, %t263_a0_2 = %vz, %t263_a0_3 = %vz, %t263_a1_0 = %vz, %t263_a1_1 = %vz, %t263_a1_2 = %vz, %t263_a1_3 = %vz, %t263_a2_0 = %vz, %t263_a2_1 = %vz, %t263_a2_2 = %vz, %t263_a2_3 = %vz, %t263_a3_0 = %vz, %t263_a3_1 = %vz, %t263_a3_2 = %vz, %t263_a3_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t263_x0h = vector.load %xv[%t263_r0, %t263_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t263_x0 = arith.extf %t263_x0h : vector<16xbf16> to vector<16xf32>
            %t263_x1h = vector.load %xv[%t263_r1, %t263_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t263_x1 = arith.extf %t263_x1h : vector<16xbf16> to vector<16xf32>
            %t263_x2h = vector.load %xv[%t263_r2, %t263_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t263_x2 = arith.extf %t263_x2h : vector<16xbf16> to vector<16xf32>
            %t263_x3h = vector.load %xv[%t263_r3, %t263_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t263_x3 = arith.extf %t263_x3h : vector<16xbf16> to vector<16xf32>
            %t263_w0h = vector.load %wv[%t263_n0, %t263_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t263_w0 = arith.extf %t263_w0h : vector<16xbf16> to vector<16xf32>
            %t263_w1h = vector.load %wv[%t263_n1, %t263_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t263_w1 = arith.extf %t263_w1h : vector<16xbf16> to vector<16xf32>
            %t263_w2h = vector.load %wv[%t263_n2, %t263_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t263_w2 = arith.extf %t263_w2h : vector<16xbf16> to vector<16xf32>
            %t263_w3h = vector.load %wv[%t263_n3, %t263_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t263_w3 = arith.extf %t263_w3h : vector<16xbf16> to vector<16xf32>
            %t263_f0_0 = vector.fma %t263_x0, %t263_w0, %t263_a0_0 : vector<16xf32>
            %t263_f0_1 = vector.fma %t263_x0, %t263_w1, %t263_a0_1 : vector<16xf32>
            %t263_f0_2 = vector.fma %t263_x0, %t263_w2, %t263_a0_2 : vector<16xf32>
            %t263_f0_3 = vector.fma %t263_x0, %t263_w3, %t263_a0_3 : vector<16xf32>
            %t263_f1_0 = vector.fma %t263_x1, %t263_w0, %t263_a1_0 : vector<16xf32>
            %t263_f1_1 = vector.fma %t263_x1, %t263_w1, %t263_a1_1 : vector<16xf32>
            %t263_f1_2 = vector.fma %t263_x1, %t263_w2, %t263_a1_2 : vector<16xf32>
            %t263_f1_3 = vector.fma %t263_x1, %t263_w3, %t263_a1_3 : vector<16xf32>
            %t263_f2_0 = vector.fma %t263_x2, %t263_w0, %t263_a2_0 : vector<16xf32>
            %t263_f2_1 = vector.fma %t263_x2, %t263_w1, %t263_a2_1 : vector<16xf32>
            %t263_f2_2 = vector.fma %t263_x2, %t263_w2, %t263_a2_2 : vector<16xf32>
            %t263_f2_3 = vector.fma %t263_x2, %t263_w3, %t263_a2_3 : vector<16xf32>
            %t263_f3_0 = vector.fma %t263_x3, %t263_w0, %t263_a3_0 : vector<16xf32>
            %t263_f3_1 = vector.fma %t263_x3, %t263_w1, %t263_a3_1 : vector<16xf32>
            %t263_f3_2 = vector.fma %t263_x3, %t263_w2, %t263_a3_2 : vector<16xf32>
            %t263_f3_3 = vector.fma %t263_x3, %t263_w3, %t263_a3_3 : vector<16xf32>
            scf.yield %t263_f0_0, %t263_f0_1, %t263_f0_2, %t263_f0_3, %t263_f1_0, %t263_f1_1, %t263_f1_2, %t263_f1_3, %t263_f2_0, %t263_f2_1, %t263_f2_2, %t263_f2_3, %t263_f3_0, %t263_f3_1, %t263_f3_2, %t263_f3_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t263_tx0h = vector.maskedload %xv[%t263_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t263_tx0 = arith.extf %t263_tx0h : vector<16xbf16> to vector<16xf32>
          %t263_tx1h = vector.maskedload %xv[%t263_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t263_tx1 = arith.extf %t263_tx1h : vector<16xbf16> to vector<16xf32>
          %t263_tx2h = vector.maskedload %xv[%t263_r2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t263_tx2 = arith.extf %t263_tx2h : vector<16xbf16> to vector<16xf32>
          %t263_tx3h = vector.maskedload %xv[%t263_r3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t263_tx3 = arith.extf %t263_tx3h : vector<16xbf16> to vector<16xf32>
          %t263_tw0h = vector.maskedload %wv[%t263_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t263_tw0 = arith.extf %t263_tw0h : vector<16xbf16> to vector<16xf32>
          %t263_tw1h = vector.maskedload %wv[%t263_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t263_tw1 = arith.extf %t263_tw1h : vector<16xbf16> to vector<16xf32>
          %t263_tw2h = vector.maskedload %wv[%t263_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t263_tw2 = arith.extf %t263_tw2h : vector<16xbf16> to vector<16xf32>
          %t263_tw3h = vector.maskedload %wv[%t263_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t263_tw3 = arith.extf %t263_tw3h : vector<16xbf16> to vector<16xf32>
          %t263_g0_0 = vector.fma %t263_tx0, %t263_tw0, %t263_res#0 : vector<16xf32>
          %t263_s0_0 = vector.reduction <add>, %t263_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e264_b = scf.if %hb -> (f32) {
            %e264_bl = memref.load %bias[%t263_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e264_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e264_p = scf.if %acc -> (f32) {
            %e264_pl = memref.load %out[%t263_r0, %t263_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e264_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e264_vb = arith.addf %t263_s0_0, %e264_b : f32
          %e264_o = arith.addf %e264_p, %e264_vb : f32
          memref.store %e264_o, %out[%t263_r0, %t263_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g0_1 = vector.fma %t263_tx0, %t263_tw1, %t263_res#1 : vector<16xf32>
          %t263_s0_1 = vector.reduction <add>, %t263_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e265_b = scf.if %hb -> (f32) {
            %e265_bl = memref.load %bias[%t263_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e265_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e265_p = scf.if %acc -> (f32) {
            %e265_pl = memref.load %out[%t263_r0, %t263_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e265_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e265_vb = arith.addf %t263_s0_1, %e265_b : f32
          %e265_o = arith.addf %e265_p, %e265_vb : f32
          memref.store %e265_o, %out[%t263_r0, %t263_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g0_2 = vector.fma %t263_tx0, %t263_tw2, %t263_res#2 : vector<16xf32>
          %t263_s0_2 = vector.reduction <add>, %t263_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e266_b = scf.if %hb -> (f32) {
            %e266_bl = memref.load %bias[%t263_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e266_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e266_p = scf.if %acc -> (f32) {
            %e266_pl = memref.load %out[%t263_r0, %t263_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e266_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e266_vb = arith.addf %t263_s0_2, %e266_b : f32
          %e266_o = arith.addf %e266_p, %e266_vb : f32
          memref.store %e266_o, %out[%t263_r0, %t263_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g0_3 = vector.fma %t263_tx0, %t263_tw3, %t263_res#3 : vector<16xf32>
          %t263_s0_3 = vector.reduction <add>, %t263_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e267_b = scf.if %hb -> (f32) {
            %e267_bl = memref.load %bias[%t263_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e267_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e267_p = scf.if %acc -> (f32) {
            %e267_pl = memref.load %out[%t263_r0, %t263_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e267_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e267_vb = arith.addf %t263_s0_3, %e267_b : f32
          %e267_o = arith.addf %e267_p, %e267_vb : f32
          memref.store %e267_o, %out[%t263_r0, %t263_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g1_0 = vector.fma %t263_tx1, %t263_tw0, %t263_res#4 : vector<16xf32>
          %t263_s1_0 = vector.reduction <add>, %t263_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e268_b = scf.if %hb -> (f32) {
            %e268_bl = memref.load %bias[%t263_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e268_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e268_p = scf.if %acc -> (f32) {
            %e268_pl = memref.load %out[%t263_r1, %t263_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e268_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e268_vb = arith.addf %t263_s1_0, %e268_b : f32
          %e268_o = arith.addf %e268_p, %e268_vb : f32
          memref.store %e268_o, %out[%t263_r1, %t263_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g1_1 = vector.fma %t263_tx1, %t263_tw1, %t263_res#5 : vector<16xf32>
          %t263_s1_1 = vector.reduction <add>, %t263_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e269_b = scf.if %hb -> (f32) {
            %e269_bl = memref.load %bias[%t263_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e269_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e269_p = scf.if %acc -> (f32) {
            %e269_pl = memref.load %out[%t263_r1, %t263_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e269_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e269_vb = arith.addf %t263_s1_1, %e269_b : f32
          %e269_o = arith.addf %e269_p, %e269_vb : f32
          memref.store %e269_o, %out[%t263_r1, %t263_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g1_2 = vector.fma %t263_tx1, %t263_tw2, %t263_res#6 : vector<16xf32>
          %t263_s1_2 = vector.reduction <add>, %t263_g1_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e270_b = scf.if %hb -> (f32) {
            %e270_bl = memref.load %bias[%t263_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e270_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e270_p = scf.if %acc -> (f32) {
            %e270_pl = memref.load %out[%t263_r1, %t263_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e270_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e270_vb = arith.addf %t263_s1_2, %e270_b : f32
          %e270_o = arith.addf %e270_p, %e270_vb : f32
          memref.store %e270_o, %out[%t263_r1, %t263_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g1_3 = vector.fma %t263_tx1, %t263_tw3, %t263_res#7 : vector<16xf32>
          %t263_s1_3 = vector.reduction <add>, %t263_g1_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e271_b = scf.if %hb -> (f32) {
            %e271_bl = memref.load %bias[%t263_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e271_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e271_p = scf.if %acc -> (f32) {
            %e271_pl = memref.load %out[%t263_r1, %t263_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e271_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e271_vb = arith.addf %t263_s1_3, %e271_b : f32
          %e271_o = arith.addf %e271_p, %e271_vb : f32
          memref.store %e271_o, %out[%t263_r1, %t263_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g2_0 = vector.fma %t263_tx2, %t263_tw0, %t263_res#8 : vector<16xf32>
          %t263_s2_0 = vector.reduction <add>, %t263_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e272_b = scf.if %hb -> (f32) {
            %e272_bl = memref.load %bias[%t263_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e272_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e272_p = scf.if %acc -> (f32) {
            %e272_pl = memref.load %out[%t263_r2, %t263_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e272_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e272_vb = arith.addf %t263_s2_0, %e272_b : f32
          %e272_o = arith.addf %e272_p, %e272_vb : f32
          memref.store %e272_o, %out[%t263_r2, %t263_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g2_1 = vector.fma %t263_tx2, %t263_tw1, %t263_res#9 : vector<16xf32>
          %t263_s2_1 = vector.reduction <add>, %t263_g2_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e273_b = scf.if %hb -> (f32) {
            %e273_bl = memref.load %bias[%t263_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e273_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e273_p = scf.if %acc -> (f32) {
            %e273_pl = memref.load %out[%t263_r2, %t263_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e273_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e273_vb = arith.addf %t263_s2_1, %e273_b : f32
          %e273_o = arith.addf %e273_p, %e273_vb : f32
          memref.store %e273_o, %out[%t263_r2, %t263_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g2_2 = vector.fma %t263_tx2, %t263_tw2, %t263_res#10 : vector<16xf32>
          %t263_s2_2 = vector.reduction <add>, %t263_g2_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e274_b = scf.if %hb -> (f32) {
            %e274_bl = memref.load %bias[%t263_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e274_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e274_p = scf.if %acc -> (f32) {
            %e274_pl = memref.load %out[%t263_r2, %t263_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e274_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e274_vb = arith.addf %t263_s2_2, %e274_b : f32
          %e274_o = arith.addf %e274_p, %e274_vb : f32
          memref.store %e274_o, %out[%t263_r2, %t263_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g2_3 = vector.fma %t263_tx2, %t263_tw3, %t263_res#11 : vector<16xf32>
          %t263_s2_3 = vector.reduction <add>, %t263_g2_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e275_b = scf.if %hb -> (f32) {
            %e275_bl = memref.load %bias[%t263_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e275_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e275_p = scf.if %acc -> (f32) {
            %e275_pl = memref.load %out[%t263_r2, %t263_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e275_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e275_vb = arith.addf %t263_s2_3, %e275_b : f32
          %e275_o = arith.addf %e275_p, %e275_vb : f32
          memref.store %e275_o, %out[%t263_r2, %t263_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g3_0 = vector.fma %t263_tx3, %t263_tw0, %t263_res#12 : vector<16xf32>
          %t263_s3_0 = vector.reduction <add>, %t263_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e276_b = scf.if %hb -> (f32) {
            %e276_bl = memref.load %bias[%t263_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e276_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e276_p = scf.if %acc -> (f32) {
            %e276_pl = memref.load %out[%t263_r3, %t263_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e276_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e276_vb = arith.addf %t263_s3_0, %e276_b : f32
          %e276_o = arith.addf %e276_p, %e276_vb : f32
          memref.store %e276_o, %out[%t263_r3, %t263_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g3_1 = vector.fma %t263_tx3, %t263_tw1, %t263_res#13 : vector<16xf32>
          %t263_s3_1 = vector.reduction <add>, %t263_g3_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e277_b = scf.if %hb -> (f32) {
            %e277_bl = memref.load %bias[%t263_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e277_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e277_p = scf.if %acc -> (f32) {
            %e277_pl = memref.load %out[%t263_r3, %t263_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e277_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e277_vb = arith.addf %t263_s3_1, %e277_b : f32
          %e277_o = arith.addf %e277_p, %e277_vb : f32
          memref.store %e277_o, %out[%t263_r3, %t263_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g3_2 = vector.fma %t263_tx3, %t263_tw2, %t263_res#14 : vector<16xf32>
          %t263_s3_2 = vector.reduction <add>, %t263_g3_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e278_b = scf.if %hb -> (f32) {
            %e278_bl = memref.load %bias[%t263_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e278_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e278_p = scf.if %acc -> (f32) {
            %e278_pl = memref.load %out[%t263_r3, %t263_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e278_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e278_vb = arith.addf %t263_s3_2, %e278_b : f32
          %e278_o = arith.addf %e278_p, %e278_vb : f32
          memref.store %e278_o, %out[%t263_r3, %t263_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t263_g3_3 = vector.fma %t263_tx3, %t263_tw3, %t263_res#15 : vector<16xf32>
          %t263_s3_3 = vector.reduction <add>, %t263_g3_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e279_b = scf.if %hb -> (f32) {
            %e279_bl = memref.load %bias[%t263_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e279_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e279_p = scf.if %acc -> (f32) {
            %e279_pl = memref.load %out[%t263_r3, %t263_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e279_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e279_vb = arith.addf %t263_s3_3, %e279_b : f32
          %e279_o = arith.addf %e279_p, %e279_vb : f32
          memref.store %e279_o, %out[%t263_r3, %t263_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b262_n1 = %b262_nf4 to %nhi step %c1 {
          %t280_r0 = arith.addi %b262_m, %c0 : index
          %t280_r1 = arith.addi %b262_m, %c1 : index
          %t280_r2 = arith.addi %b262_m, %c2 : index
          %t280_r3 = arith.addi %b262_m, %c3 : index
          %t280_n0 = arith.addi %b262_n1, %c0 : index
          %t280_res:4 = scf.for %t280_k = %c0 to %Kv step %c16 iter_args(%t280_a0_0 = %vz, %t280_a1_0 = %vz, %t280_a2_0 = %vz, %t280_a3_0 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t280_x0h = vector.load %xv[%t280_r0, %t280_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t280_x0 = arith.extf %t280_x0h : vector<16xbf16> to vector<16xf32>
            %t280_x1h = vector.load %xv[%t280_r1, %t280_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t280_x1 = arith.extf %t280_x1h : vector<16xbf16> to vector<16xf32>
            %t280_x2h = vector.load %xv[%t280_r2, %t280_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t280_x2 = arith.extf %t280_x2h : vector<16xbf16> to vector<16xf32>
            %t280_x3h = vector.load %xv[%t280_r3, %t280_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t280_x3 = arith.extf %t280_x3h : vector<16xbf16> to vector<16xf32>
            %t280_w0h = vector.load %wv[%t280_n0, %t280_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t280_w0 = arith.extf %t280_w0h : vector<16xbf16> to vector<16xf32>
            %t280_f0_0 = vector.fma %t280_x0, %t280_w0, %t280_a0_0 : vector<16xf32>
            %t280_f1_0 = vector.fma %t280_x1, %t280_w0, %t280_a1_0 : vector<16xf32>
            %t280_f2_0 = vector.fma %t280_x2, %t280_w0, %t280_a2_0 : vector<16xf32>
            %t280_f3_0 = vector.fma %t280_x3, %t280_w0, %t280_a3_0 : vector<16xf32>
            scf.yield %t280_f0_0, %t280_f1_0, %t280_f2_0, %t280_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t280_tx0h = vector.maskedload %xv[%t280_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t280_tx0 = arith.extf %t280_tx0h : vector<16xbf16> to vector<16xf32>
          %t280_tx1h = vector.maskedload %xv[%t280_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t280_tx1 = arith.extf %t280_tx1h : vector<16xbf16> to vector<16xf32>
          %t280_tx2h = vector.maskedload %xv[%t280_r2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t280_tx2 = arith.extf %t280_tx2h : vector<16xbf16> to vector<16xf32>
          %t280_tx3h = vector.maskedload %xv[%t280_r3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t280_tx3 = arith.extf %t280_tx3h : vector<16xbf16> to vector<16xf32>
          %t280_tw0h = vector.maskedload %wv[%t280_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t280_tw0 = arith.extf %t280_tw0h : vector<16xbf16> to vector<16xf32>
          %t280_g0_0 = vector.fma %t280_tx0, %t280_tw0, %t280_res#0 : vector<16xf32>
          %t280_s0_0 = vector.reduction <add>, %t280_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e281_b = scf.if %hb -> (f32) {
            %e281_bl = memref.load %bias[%t280_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e281_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e281_p = scf.if %acc -> (f32) {
            %e281_pl = memref.load %out[%t280_r0, %t280_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e281_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e281_vb = arith.addf %t280_s0_0, %e281_b : f32
          %e281_o = arith.addf %e281_p, %e281_vb : f32
          memref.store %e281_o, %out[%t280_r0, %t280_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t280_g1_0 = vector.fma %t280_tx1, %t280_tw0, %t280_res#1 : vector<16xf32>
          %t280_s1_0 = vector.reduction <add>, %t280_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e282_b = scf.if %hb -> (f32) {
            %e282_bl = memref.load %bias[%t280_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e282_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e282_p = scf.if %acc -> (f32) {
            %e282_pl = memref.load %out[%t280_r1, %t280_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e282_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e282_vb = arith.addf %t280_s1_0, %e282_b : f32
          %e282_o = arith.addf %e282_p, %e282_vb : f32
          memref.store %e282_o, %out[%t280_r1, %t280_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t280_g2_0 = vector.fma %t280_tx2, %t280_tw0, %t280_res#2 : vector<16xf32>
          %t280_s2_0 = vector.reduction <add>, %t280_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e283_b = scf.if %hb -> (f32) {
            %e283_bl = memref.load %bias[%t280_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e283_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e283_p = scf.if %acc -> (f32) {
            %e283_pl = memref.load %out[%t280_r2, %t280_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e283_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e283_vb = arith.addf %t280_s2_0, %e283_b : f32
          %e283_o = arith.addf %e283_p, %e283_vb : f32
          memref.store %e283_o, %out[%t280_r2, %t280_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t280_g3_0 = vector.fma %t280_tx3, %t280_tw0, %t280_res#3 : vector<16xf32>
          %t280_s3_0 = vector.reduction <add>, %t280_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e284_b = scf.if %hb -> (f32) {
            %e284_bl = memref.load %bias[%t280_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e284_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e284_p = scf.if %acc -> (f32) {
            %e284_pl = memref.load %out[%t280_r3, %t280_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e284_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e284_vb = arith.addf %t280_s3_0, %e284_b : f32
          %e284_o = arith.addf %e284_p, %e284_vb : f32
          memref.store %e284_o, %out[%t280_r3, %t280_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b262_m1 = %b262_mf to %M step %c1 {
        scf.for %b262_n = %nlo to %b262_nf8 step %c8 {
          %t285_r0 = arith.addi %b262_m1, %c0 : index
          %t285_n0 = arith.addi %b262_n, %c0 : index
          %t285_n1 = arith.addi %b262_n, %c1 : index
          %t285_n2 = arith.addi %b262_n, %c2 : index
          %t285_n3 = arith.addi %b262_n, %c3 : index
          %t285_n4 = arith.addi %b262_n, %c4 : index
          %t285_n5 = arith.addi %b262_n, %c5 : index
          %t285_n6 = arith.addi %b262_n, %c6 : index
          %t285_n7 = arith.addi %b262_n, %c7 : index
          %t285_res:8 = scf.for %t285_k = %c0 to %Kv step %c16 iter_args(%t285_a0_0 = %vz, %t285_a0_1 = %vz, %t285_a0_2 = %vz, %t285_a0_3 = %vz, %t285_a0_4 = %vz, %t285_a0_5 = %vz, %t285_a0_6 = %vz, %t285_a0_7 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t285_x0h = vector.load %xv[%t285_r0, %t285_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t285_x0 = arith.extf %t285_x0h : vector<16xbf16> to vector<16xf32>
            %t285_w0h = vector.load %wv[%t285_n0, %t285_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t285_w0 = arith.extf %t285_w0h : vector<16xbf16> to vector<16xf32>
            %t285_w1h = vector.load %wv[%t285_n1, %t285_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t285_w1 = arith.extf %t285_w1h : vector<16xbf16> to vector<16xf32>
            %t285_w2h = vector.load %wv[%t285_n2, %t285_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t285_w2 = arith.extf %t285_w2h : vector<16xbf16> to vector<16xf32>
            %t285_w3h = vector.load %wv[%t285_n3, %t285_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t285_w3 = arith.extf %t285_w3h : vector<16xbf16> to vector<16xf32>
            %t285_w4h = vector.load %wv[%t285_n4, %t285_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t285_w4 = arith.extf %t285_w4h : vector<16xbf16> to vector<16xf32>
            %t285_w5h = vector.load %wv[%t285_n5, %t285_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t285_w5 = arith.extf %t285_w5h : vector<16xbf16> to vector<16xf32>
            %t285_w6h = vector.load %wv[%t285_n6, %t285_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t285_w6 = arith.extf %t285_w6h : vector<16xbf16> to vector<16xf32>
            %t285_w7h = vector.load %wv[%t285_n7, %t285_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t285_w7 = arith.extf %t285_w7h : vector<16xbf16> to vector<16xf32>
            %t285_f0_0 = vector.fma %t285_x0, %t285_w0, %t285_a0_0 : vector<16xf32>
            %t285_f0_1 = vector.fma %t285_x0, %t285_w1, %t285_a0_1 : vector<16xf32>
            %t285_f0_2 = vector.fma %t285_x0, %t285_w2, %t285_a0_2 : vector<16xf32>
            %t285_f0_3 = vector.fma %t285_x0, %t285_w3, %t285_a0_3 : vector<16xf32>
            %t285_f0_4 = vector.fma %t285_x0, %t285_w4, %t285_a0_4 : vector<16xf32>
            %t285_f0_5 = vector.fma %t285_x0, %t285_w5, %t285_a0_5 : vector<16xf32>
            %t285_f0_6 = vector.fma %t285_x0, %t285_w6, %t285_a0_6 : vector<16xf32>
            %t285_f0_7 = vector.fma %t285_x0, %t285_w7, %t285_a0_7 : vector<16xf32>
            scf.yield %t285_f0_0, %t285_f0_1, %t285_f0_2, %t285_f0_3, %t285_f0_4, %t285_f0_5, %t285_f0_6, %t285_f0_7 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t285_tx0h = vector.maskedload %xv[%t285_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t285_tx0 = arith.extf %t285_tx0h : vector<16xbf16> to vector<16xf32>
          %t285_tw0h = vector.maskedload %wv[%t285_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t285_tw0 = arith.extf %t285_tw0h : vector<16xbf16> to vector<16xf32>
          %t285_tw1h = vector.maskedload %wv[%t285_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t285_tw1 = arith.extf %t285_tw1h : vector<16xbf16> to vector<16xf32>
          %t285_tw2h = vector.maskedload %wv[%t285_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t285_tw2 = arith.extf %t285_tw2h : vector<16xbf16> to vector<16xf32>
          %t285_tw3h = vector.maskedload %wv[%t285_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t285_tw3 = arith.extf %t285_tw3h : vector<16xbf16> to vector<16xf32>
          %t285_tw4h = vector.maskedload %wv[%t285_n4, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t285_tw4 = arith.extf %t285_tw4h : vector<16xbf16> to vector<16xf32>
          %t285_tw5h = vector.maskedload %wv[%t285_n5, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t285_tw5 = arith.extf %t285_tw5h : vector<16xbf16> to vector<16xf32>
          %t285_tw6h = vector.maskedload %wv[%t285_n6, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t285_tw6 = arith.extf %t285_tw6h : vector<16xbf16> to vector<16xf32>
          %t285_tw7h = vector.maskedload %wv[%t285_n7, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t285_tw7 = arith.extf %t285_tw7h : vector<16xbf16> to vector<16xf32>
          %t285_g0_0 = vector.fma %t285_tx0, %t285_tw0, %t285_res#0 : vector<16xf32>
          %t285_s0_0 = vector.reduction <add>, %t285_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e286_b = scf.if %hb -> (f32) {
            %e286_bl = memref.load %bias[%t285_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e286_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e286_p = scf.if %acc -> (f32) {
            %e286_pl = memref.load %out[%t285_r0, %t285_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e286_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e286_vb = arith.addf %t285_s0_0, %e286_b : f32
          %e286_o = arith.addf %e286_p, %e286_vb : f32
          memref.store %e286_o, %out[%t285_r0, %t285_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t285_g0_1 = vector.fma %t285_tx0, %t285_tw1, %t285_res#1 : vector<16xf32>
          %t285_s0_1 = vector.reduction <add>, %t285_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e287_b = scf.if %hb -> (f32) {
            %e287_bl = memref.load %bias[%t285_n1] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e287_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e287_p = scf.if %acc -> (f32) {
            %e287_pl = memref.load %out[%t285_r0, %t285_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e287_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e287_vb = arith.addf %t285_s0_1, %e287_b : f32
          %e287_o = arith.addf %e287_p, %e287_vb : f32
          memref.store %e287_o, %out[%t285_r0, %t285_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t285_g0_2 = vector.fma %t285_tx0, %t285_tw2, %t285_res#2 : vector<16xf32>
          %t285_s0_2 = vector.reduction <add>, %t285_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e288_b = scf.if %hb -> (f32) {
            %e288_bl = memref.load %bias[%t285_n2] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e288_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e288_p = scf.if %acc -> (f32) {
            %e288_pl = memref.load %out[%t285_r0, %t285_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e288_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e288_vb = arith.addf %t285_s0_2, %e288_b : f32
          %e288_o = arith.addf %e288_p, %e288_vb : f32
          memref.store %e288_o, %out[%t285_r0, %t285_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t285_g0_3 = vector.fma %t285_tx0, %t285_tw3, %t285_res#3 : vector<16xf32>
          %t285_s0_3 = vector.reduction <add>, %t285_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e289_b = scf.if %hb -> (f32) {
            %e289_bl = memref.load %bias[%t285_n3] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e289_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e289_p = scf.if %acc -> (f32) {
            %e289_pl = memref.load %out[%t285_r0, %t285_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e289_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e289_vb = arith.addf %t285_s0_3, %e289_b : f32
          %e289_o = arith.addf %e289_p, %e289_vb : f32
          memref.store %e289_o, %out[%t285_r0, %t285_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t285_g0_4 = vector.fma %t285_tx0, %t285_tw4, %t285_res#4 : vector<16xf32>
          %t285_s0_4 = vector.reduction <add>, %t285_g0_4 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e290_b = scf.if %hb -> (f32) {
            %e290_bl = memref.load %bias[%t285_n4] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e290_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e290_p = scf.if %acc -> (f32) {
            %e290_pl = memref.load %out[%t285_r0, %t285_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e290_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e290_vb = arith.addf %t285_s0_4, %e290_b : f32
          %e290_o = arith.addf %e290_p, %e290_vb : f32
          memref.store %e290_o, %out[%t285_r0, %t285_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t285_g0_5 = vector.fma %t285_tx0, %t285_tw5, %t285_res#5 : vector<16xf32>
          %t285_s0_5 = vector.reduction <add>, %t285_g0_5 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e291_b = scf.if %hb -> (f32) {
            %e291_bl = memref.load %bias[%t285_n5] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e291_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e291_p = scf.if %acc -> (f32) {
            %e291_pl = memref.load %out[%t285_r0, %t285_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e291_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e291_vb = arith.addf %t285_s0_5, %e291_b : f32
          %e291_o = arith.addf %e291_p, %e291_vb : f32
          memref.store %e291_o, %out[%t285_r0, %t285_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t285_g0_6 = vector.fma %t285_tx0, %t285_tw6, %t285_res#6 : vector<16xf32>
          %t285_s0_6 = vector.reduction <add>, %t285_g0_6 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e292_b = scf.if %hb -> (f32) {
            %e292_bl = memref.load %bias[%t285_n6] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e292_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e292_p = scf.if %acc -> (f32) {
            %e292_pl = memref.load %out[%t285_r0, %t285_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e292_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e292_vb = arith.addf %t285_s0_6, %e292_b : f32
          %e292_o = arith.addf %e292_p, %e292_vb : f32
          memref.store %e292_o, %out[%t285_r0, %t285_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t285_g0_7 = vector.fma %t285_tx0, %t285_tw7, %t285_res#7 : vector<16xf32>
          %t285_s0_7 = vector.reduction <add>, %t285_g0_7 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e293_b = scf.if %hb -> (f32) {
            %e293_bl = memref.load %bias[%t285_n7] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e293_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e293_p = scf.if %acc -> (f32) {
            %e293_pl = memref.load %out[%t285_r0, %t285_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e293_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e293_vb = arith.addf %t285_s0_7, %e293_b : f32
          %e293_o = arith.addf %e293_p, %e293_vb : f32
          memref.store %e293_o, %out[%t285_r0, %t285_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b262_n1 = %b262_nf8 to %nhi step %c1 {
          %t294_r0 = arith.addi %b262_m1, %c0 : index
          %t294_n0 = arith.addi %b262_n1, %c0 : index
          %t294_res:1 = scf.for %t294_k = %c0 to %Kv step %c16 iter_args(%t294_a0_0 = %vz) -> (vector<16xf32>) {
            %t294_x0h = vector.load %xv[%t294_r0, %t294_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t294_x0 = arith.extf %t294_x0h : vector<16xbf16> to vector<16xf32>
            %t294_w0h = vector.load %wv[%t294_n0, %t294_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t294_w0 = arith.extf %t294_w0h : vector<16xbf16> to vector<16xf32>
            %t294_f0_0 = vector.fma %t294_x0, %t294_w0, %t294_a0_0 : vector<16xf32>
            scf.yield %t294_f0_0 : vector<16xf32>
          }
          %t294_tx0h = vector.maskedload %xv[%t294_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t294_tx0 = arith.extf %t294_tx0h : vector<16xbf16> to vector<16xf32>
          %t294_tw0h = vector.maskedload %wv[%t294_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t294_tw0 = arith.extf %t294_tw0h : vector<16xbf16> to vector<16xf32>
          %t294_g0_0 = vector.fma %t294_tx0, %t294_tw0, %t294_res#0 : vector<16xf32>
          %t294_s0_0 = vector.reduction <add>, %t294_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %e295_b = scf.if %hb -> (f32) {
            %e295_bl = memref.load %bias[%t294_n0] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e295_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e295_p = scf.if %acc -> (f32) {
            %e295_pl = memref.load %out[%t294_r0, %t294_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e295_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e295_vb = arith.addf %t294_s0_0, %e295_b : f32
          %e295_o = arith.addf %e295_p, %e295_vb : f32
          memref.store %e295_o, %out[%t294_r0, %t294_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  } else {
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
      scf.for %s296_m = %c0 to %M step %c1 {
        scf.for %s296_n = %nlo to %nhi step %c1 {
          %s296_d = scf.for %s296_k = %c0 to %K step %c1 iter_args(%s296_a = %f0) -> (f32) {
            %s296_xh = memref.load %x[%s296_m, %s296_k] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
            %s296_xv = arith.extf %s296_xh : bf16 to f32
            %s296_wh = memref.load %w[%s296_n, %s296_k] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
            %s296_wv = arith.extf %s296_wh : bf16 to f32
            %s296_a2 = math.fma %s296_xv, %s296_wv, %s296_a : f32
            scf.yield %s296_a2 : f32
          }
          %e297_b = scf.if %hb -> (f32) {
            %e297_bl = memref.load %bias[%s296_n] : memref<?xf32, strided<[?], offset: ?>>
            scf.yield %e297_bl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e297_p = scf.if %acc -> (f32) {
            %e297_pl = memref.load %out[%s296_m, %s296_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            scf.yield %e297_pl : f32
          } else {
            scf.yield %f0 : f32
          }
          %e297_vb = arith.addf %s296_d, %e297_b : f32
          %e297_o = arith.addf %e297_p, %e297_vb : f32
          memref.store %e297_o, %out[%s296_m, %s296_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
