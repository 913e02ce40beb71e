// Narrow-register version (gen_kernels.py --narrow): 2 x 2 and 1 x 4 register tiles in place of
// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; bitwise the same results.
// grouped_swiglu_nt_bf16: the gate and up GEMMs of the routed experts with SwiGLU fused, bf16 in and
// out, f32 accumulation (moe-experts-to-bf16): for rows offsets[e] <= r < offsets[e+1] of x[R, K] and
// columns i < I, g = f32(x[r]) . f32(w[e, i]), u = f32(x[r]) . f32(wu[e, i]) (wu has w's shape
// [E, I, K]) and out[r, i] = bf16(silu(g) * u), rounded to nearest even, silu(g) = g / (1 + exp(-g))
// as in swiglu. Work: E * ceil(I/32) items (expert, 32-column block) split evenly over nwg; each
// register tile runs the gate sums, then the up sums, then the epilogue (grouped_matmul_nt's tiles,
// so g and u are bitwise grouped_matmul_nt_wbf16's on the rounded x). On sm_90a the Hopper template
// lowering/kernels/gpu/grouped_swiglu_nt_bf16_sm90.mlir computes the same.
func.func @grouped_swiglu_nt_bf16(%wg: index, %nwg: index,
    %x: memref<?x?xbf16, strided<[?, ?], offset: ?>>,
    %w: memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>,
    %wu: memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: memref<?x?xbf16, strided<[?, ?], offset: ?>>)
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
  %rb_abs = arith.constant 2147483647 : i32
  %rb_inf = arith.constant 2139095040 : i32
  %rb_q = arith.constant 4194304 : i32
  %rb_h = arith.constant 32767 : i32
  %rb_16 = arith.constant 16 : i32
  %rb_1 = arith.constant 1 : i32
  %R = memref.dim %x, %c0 : memref<?x?xbf16, strided<[?, ?], offset: ?>>
  %K = memref.dim %x, %c1 : memref<?x?xbf16, strided<[?, ?], offset: ?>>
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
  %xb, %xo, %xsz:2, %xst:2 = memref.extract_strided_metadata %x : memref<?x?xbf16, strided<[?, ?], offset: ?>> -> memref<bf16>, index, index, index, index, index
  %wb, %wo, %wsz:3, %wst:3 = memref.extract_strided_metadata %w : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>> -> memref<bf16>, index, index, index, index, index, index, index
  %xu = arith.cmpi eq, %xst#1, %c1 : index
  %wu1 = arith.cmpi eq, %wst#2, %c1 : index
  %ub, %uo, %usz:3, %ust:3 = memref.extract_strided_metadata %wu : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>> -> memref<bf16>, index, index, index, index, index, index, index
  %uu = arith.cmpi eq, %ust#2, %c1 : index
  %fast0 = arith.andi %xu, %wu1 : i1
  %fast = arith.andi %fast0, %uu : i1
  %xv = memref.reinterpret_cast %xb to offset: [%xo], sizes: [%R, %K], strides: [%xst#0, 1] : memref<bf16> to memref<?x?xbf16, strided<[?, 1], offset: ?>>
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
      %ueo0 = arith.muli %e, %ust#0 : index
      %ueo = arith.addi %uo, %ueo0 : index
      %wuv = memref.reinterpret_cast %ub to offset: [%ueo], sizes: [%N, %K], strides: [%ust#1, 1] : memref<bf16> to memref<?x?xbf16, strided<[?, 1], offset: ?>>
      %b102_ms = arith.subi %mhi, %mlo : index
      %b102_mr = arith.remui %b102_ms, %c2 : index
      %b102_mf = arith.subi %mhi, %b102_mr : index
      %b102_ns = arith.subi %nhi, %nlo : index
      %b102_nr4 = arith.remui %b102_ns, %c2 : index
      %b102_nf4 = arith.subi %nhi, %b102_nr4 : index
      %b102_nr8 = arith.remui %b102_ns, %c4 : index
      %b102_nf8 = arith.subi %nhi, %b102_nr8 : index
      scf.for %b102_m = %mlo to %b102_mf step %c2 {
        scf.for %b102_n = %nlo to %b102_nf4 step %c2 {
          %t103_r0 = arith.addi %b102_m, %c0 : index
          %t103_r1 = arith.addi %b102_m, %c1 : index
          %t103_n0 = arith.addi %b102_n, %c0 : index
          %t103_n1 = arith.addi %b102_n, %c1 : index
          %t103_res:4 = scf.for %t103_k = %c0 to %Kv step %c16 iter_args(%t103_a0_0 = %vz, %t103_a0_1 = %vz, %t103_a1_0 = %vz, %t103_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t103_x0h = vector.load %xv[%t103_r0, %t103_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t103_x0 = arith.extf %t103_x0h : vector<16xbf16> to vector<16xf32>
            %t103_x1h = vector.load %xv[%t103_r1, %t103_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t103_x1 = arith.extf %t103_x1h : vector<16xbf16> to vector<16xf32>
            %t103_w0h = vector.load %wv[%t103_n0, %t103_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t103_w0 = arith.extf %t103_w0h : vector<16xbf16> to vector<16xf32>
            %t103_w1h = vector.load %wv[%t103_n1, %t103_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t103_w1 = arith.extf %t103_w1h : vector<16xbf16> to vector<16xf32>
            %t103_f0_0 = vector.fma %t103_x0, %t103_w0, %t103_a0_0 : vector<16xf32>
            %t103_f0_1 = vector.fma %t103_x0, %t103_w1, %t103_a0_1 : vector<16xf32>
            %t103_f1_0 = vector.fma %t103_x1, %t103_w0, %t103_a1_0 : vector<16xf32>
            %t103_f1_1 = vector.fma %t103_x1, %t103_w1, %t103_a1_1 : vector<16xf32>
            scf.yield %t103_f0_0, %t103_f0_1, %t103_f1_0, %t103_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t103_tx0h = vector.maskedload %xv[%t103_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t103_tx0 = arith.extf %t103_tx0h : vector<16xbf16> to vector<16xf32>
          %t103_tx1h = vector.maskedload %xv[%t103_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t103_tx1 = arith.extf %t103_tx1h : vector<16xbf16> to vector<16xf32>
          %t103_tw0h = vector.maskedload %wv[%t103_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t103_tw0 = arith.extf %t103_tw0h : vector<16xbf16> to vector<16xf32>
          %t103_tw1h = vector.maskedload %wv[%t103_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t103_tw1 = arith.extf %t103_tw1h : vector<16xbf16> to vector<16xf32>
          %t103_g0_0 = vector.fma %t103_tx0, %t103_tw0, %t103_res#0 : vector<16xf32>
          %t103_s0_0 = vector.reduction <add>, %t103_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t103_g0_1 = vector.fma %t103_tx0, %t103_tw1, %t103_res#1 : vector<16xf32>
          %t103_s0_1 = vector.reduction <add>, %t103_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t103_g1_0 = vector.fma %t103_tx1, %t103_tw0, %t103_res#2 : vector<16xf32>
          %t103_s1_0 = vector.reduction <add>, %t103_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t103_g1_1 = vector.fma %t103_tx1, %t103_tw1, %t103_res#3 : vector<16xf32>
          %t103_s1_1 = vector.reduction <add>, %t103_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t104_r0 = arith.addi %b102_m, %c0 : index
          %t104_r1 = arith.addi %b102_m, %c1 : index
          %t104_n0 = arith.addi %b102_n, %c0 : index
          %t104_n1 = arith.addi %b102_n, %c1 : index
          %t104_res:4 = scf.for %t104_k = %c0 to %Kv step %c16 iter_args(%t104_a0_0 = %vz, %t104_a0_1 = %vz, %t104_a1_0 = %vz, %t104_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t104_x0h = vector.load %xv[%t104_r0, %t104_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t104_x0 = arith.extf %t104_x0h : vector<16xbf16> to vector<16xf32>
            %t104_x1h = vector.load %xv[%t104_r1, %t104_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t104_x1 = arith.extf %t104_x1h : vector<16xbf16> to vector<16xf32>
            %t104_w0h = vector.load %wuv[%t104_n0, %t104_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t104_w0 = arith.extf %t104_w0h : vector<16xbf16> to vector<16xf32>
            %t104_w1h = vector.load %wuv[%t104_n1, %t104_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t104_w1 = arith.extf %t104_w1h : vector<16xbf16> to vector<16xf32>
            %t104_f0_0 = vector.fma %t104_x0, %t104_w0, %t104_a0_0 : vector<16xf32>
            %t104_f0_1 = vector.fma %t104_x0, %t104_w1, %t104_a0_1 : vector<16xf32>
            %t104_f1_0 = vector.fma %t104_x1, %t104_w0, %t104_a1_0 : vector<16xf32>
            %t104_f1_1 = vector.fma %t104_x1, %t104_w1, %t104_a1_1 : vector<16xf32>
            scf.yield %t104_f0_0, %t104_f0_1, %t104_f1_0, %t104_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t104_tx0h = vector.maskedload %xv[%t104_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t104_tx0 = arith.extf %t104_tx0h : vector<16xbf16> to vector<16xf32>
          %t104_tx1h = vector.maskedload %xv[%t104_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t104_tx1 = arith.extf %t104_tx1h : vector<16xbf16> to vector<16xf32>
          %t104_tw0h = vector.maskedload %wuv[%t104_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t104_tw0 = arith.extf %t104_tw0h : vector<16xbf16> to vector<16xf32>
          %t104_tw1h = vector.maskedload %wuv[%t104_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t104_tw1 = arith.extf %t104_tw1h : vector<16xbf16> to vector<16xf32>
          %t104_g0_0 = vector.fma %t104_tx0, %t104_tw0, %t104_res#0 : vector<16xf32>
          %t104_s0_0 = vector.reduction <add>, %t104_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a105_ng = arith.negf %t103_s0_0 : f32
          %a105_ex = math.exp %a105_ng : f32
          %a105_den = arith.addf %f1, %a105_ex : f32
          %a105_sg = arith.divf %t103_s0_0, %a105_den : f32
          %a105_y = arith.mulf %a105_sg, %t104_s0_0 : f32
          %q106_b = arith.bitcast %a105_y : f32 to i32
          %q106_a = arith.andi %q106_b, %rb_abs : i32
          %q106_nan = arith.cmpi ugt, %q106_a, %rb_inf : i32
          %q106_l0 = arith.shrui %q106_b, %rb_16 : i32
          %q106_l = arith.andi %q106_l0, %rb_1 : i32
          %q106_bias = arith.addi %q106_l, %rb_h : i32
          %q106_r = arith.addi %q106_b, %q106_bias : i32
          %q106_qn = arith.ori %q106_b, %rb_q : i32
          %q106_s = arith.select %q106_nan, %q106_qn, %q106_r : i32
          %q106_hi = arith.shrui %q106_s, %rb_16 : i32
          %q106_t = arith.trunci %q106_hi : i32 to i16
          %a105_h = arith.bitcast %q106_t : i16 to bf16
          memref.store %a105_h, %out[%t104_r0, %t104_n0] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
          %t104_g0_1 = vector.fma %t104_tx0, %t104_tw1, %t104_res#1 : vector<16xf32>
          %t104_s0_1 = vector.reduction <add>, %t104_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a107_ng = arith.negf %t103_s0_1 : f32
          %a107_ex = math.exp %a107_ng : f32
          %a107_den = arith.addf %f1, %a107_ex : f32
          %a107_sg = arith.divf %t103_s0_1, %a107_den : f32
          %a107_y = arith.mulf %a107_sg, %t104_s0_1 : f32
          %q108_b = arith.bitcast %a107_y : f32 to i32
          %q108_a = arith.andi %q108_b, %rb_abs : i32
          %q108_nan = arith.cmpi ugt, %q108_a, %rb_inf : i32
          %q108_l0 = arith.shrui %q108_b, %rb_16 : i32
          %q108_l = arith.andi %q108_l0, %rb_1 : i32
          %q108_bias = arith.addi %q108_l, %rb_h : i32
          %q108_r = arith.addi %q108_b, %q108_bias : i32
          %q108_qn = arith.ori %q108_b, %rb_q : i32
          %q108_s = arith.select %q108_nan, %q108_qn, %q108_r : i32
          %q108_hi = arith.shrui %q108_s, %rb_16 : i32
          %q108_t = arith.trunci %q108_hi : i32 to i16
          %a107_h = arith.bitcast %q108_t : i16 to bf16
          memref.store %a107_h, %out[%t104_r0, %t104_n1] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
          %t104_g1_0 = vector.fma %t104_tx1, %t104_tw0, %t104_res#2 : vector<16xf32>
          %t104_s1_0 = vector.reduction <add>, %t104_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a109_ng = arith.negf %t103_s1_0 : f32
          %a109_ex = math.exp %a109_ng : f32
          %a109_den = arith.addf %f1, %a109_ex : f32
          %a109_sg = arith.divf %t103_s1_0, %a109_den : f32
          %a109_y = arith.mulf %a109_sg, %t104_s1_0 : f32
          %q110_b = arith.bitcast %a109_y : f32 to i32
          %q110_a = arith.andi %q110_b, %rb_abs : i32
          %q110_nan = arith.cmpi ugt, %q110_a, %rb_inf : i32
          %q110_l0 = arith.shrui %q110_b, %rb_16 : i32
          %q110_l = arith.andi %q110_l0, %rb_1 : i32
          %q110_bias = arith.addi %q110_l, %rb_h : i32
          %q110_r = arith.addi %q110_b, %q110_bias : i32
          %q110_qn = arith.ori %q110_b, %rb_q : i32
          %q110_s = arith.select %q110_nan, %q110_qn, %q110_r : i32
          %q110_hi = arith.shrui %q110_s, %rb_16 : i32
          %q110_t = arith.trunci %q110_hi : i32 to i16
          %a109_h = arith.bitcast %q110_t : i16 to bf16
          memref.store %a109_h, %out[%t104_r1, %t104_n0] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
          %t104_g1_1 = vector.fma %t104_tx1, %t104_tw1, %t104_res#3 : vector<16xf32>
          %t104_s1_1 = vector.reduction <add>, %t104_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a111_ng = arith.negf %t103_s1_1 : f32
          %a111_ex = math.exp %a111_ng : f32
          %a111_den = arith.addf %f1, %a111_ex : f32
          %a111_sg = arith.divf %t103_s1_1, %a111_den : f32
          %a111_y = arith.mulf %a111_sg, %t104_s1_1 : f32
          %q112_b = arith.bitcast %a111_y : f32 to i32
          %q112_a = arith.andi %q112_b, %rb_abs : i32
          %q112_nan = arith.cmpi ugt, %q112_a, %rb_inf : i32
          %q112_l0 = arith.shrui %q112_b, %rb_16 : i32
          %q112_l = arith.andi %q112_l0, %rb_1 : i32
          %q112_bias = arith.addi %q112_l, %rb_h : i32
          %q112_r = arith.addi %q112_b, %q112_bias : i32
          %q112_qn = arith.ori %q112_b, %rb_q : i32
          %q112_s = arith.select %q112_nan, %q112_qn, %q112_r : i32
          %q112_hi = arith.shrui %q112_s, %rb_16 : i32
          %q112_t = arith.trunci %q112_hi : i32 to i16
          %a111_h = arith.bitcast %q112_t : i16 to bf16
          memref.store %a111_h, %out[%t104_r1, %t104_n1] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
        }
        scf.for %b102_n1 = %b102_nf4 to %nhi step %c1 {
          %t113_r0 = arith.addi %b102_m, %c0 : index
          %t113_r1 = arith.addi %b102_m, %c1 : index
          %t113_n0 = arith.addi %b102_n1, %c0 : index
          %t113_res:2 = scf.for %t113_k = %c0 to %Kv step %c16 iter_args(%t113_a0_0 = %vz, %t113_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t113_x0h = vector.load %xv[%t113_r0, %t113_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t113_x0 = arith.extf %t113_x0h : vector<16xbf16> to vector<16xf32>
            %t113_x1h = vector.load %xv[%t113_r1, %t113_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t113_x1 = arith.extf %t113_x1h : vector<16xbf16> to vector<16xf32>
            %t113_w0h = vector.load %wv[%t113_n0, %t113_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t113_w0 = arith.extf %t113_w0h : vector<16xbf16> to vector<16xf32>
            %t113_f0_0 = vector.fma %t113_x0, %t113_w0, %t113_a0_0 : vector<16xf32>
            %t113_f1_0 = vector.fma %t113_x1, %t113_w0, %t113_a1_0 : vector<16xf32>
            scf.yield %t113_f0_0, %t113_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t113_tx0h = vector.maskedload %xv[%t113_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t113_tx0 = arith.extf %t113_tx0h : vector<16xbf16> to vector<16xf32>
          %t113_tx1h = vector.maskedload %xv[%t113_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t113_tx1 = arith.extf %t113_tx1h : vector<16xbf16> to vector<16xf32>
          %t113_tw0h = vector.maskedload %wv[%t113_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t113_tw0 = arith.extf %t113_tw0h : vector<16xbf16> to vector<16xf32>
          %t113_g0_0 = vector.fma %t113_tx0, %t113_tw0, %t113_res#0 : vector<16xf32>
          %t113_s0_0 = vector.reduction <add>, %t113_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t113_g1_0 = vector.fma %t113_tx1, %t113_tw0, %t113_res#1 : vector<16xf32>
          %t113_s1_0 = vector.reduction <add>, %t113_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t114_r0 = arith.addi %b102_m, %c0 : index
          %t114_r1 = arith.addi %b102_m, %c1 : index
          %t114_n0 = arith.addi %b102_n1, %c0 : index
          %t114_res:2 = scf.for %t114_k = %c0 to %Kv step %c16 iter_args(%t114_a0_0 = %vz, %t114_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t114_x0h = vector.load %xv[%t114_r0, %t114_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t114_x0 = arith.extf %t114_x0h : vector<16xbf16> to vector<16xf32>
            %t114_x1h = vector.load %xv[%t114_r1, %t114_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t114_x1 = arith.extf %t114_x1h : vector<16xbf16> to vector<16xf32>
            %t114_w0h = vector.load %wuv[%t114_n0, %t114_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t114_w0 = arith.extf %t114_w0h : vector<16xbf16> to vector<16xf32>
            %t114_f0_0 = vector.fma %t114_x0, %t114_w0, %t114_a0_0 : vector<16xf32>
            %t114_f1_0 = vector.fma %t114_x1, %t114_w0, %t114_a1_0 : vector<16xf32>
            scf.yield %t114_f0_0, %t114_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t114_tx0h = vector.maskedload %xv[%t114_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t114_tx0 = arith.extf %t114_tx0h : vector<16xbf16> to vector<16xf32>
          %t114_tx1h = vector.maskedload %xv[%t114_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t114_tx1 = arith.extf %t114_tx1h : vector<16xbf16> to vector<16xf32>
          %t114_tw0h = vector.maskedload %wuv[%t114_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t114_tw0 = arith.extf %t114_tw0h : vector<16xbf16> to vector<16xf32>
          %t114_g0_0 = vector.fma %t114_tx0, %t114_tw0, %t114_res#0 : vector<16xf32>
          %t114_s0_0 = vector.reduction <add>, %t114_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a115_ng = arith.negf %t113_s0_0 : f32
          %a115_ex = math.exp %a115_ng : f32
          %a115_den = arith.addf %f1, %a115_ex : f32
          %a115_sg = arith.divf %t113_s0_0, %a115_den : f32
          %a115_y = arith.mulf %a115_sg, %t114_s0_0 : f32
          %q116_b = arith.bitcast %a115_y : f32 to i32
          %q116_a = arith.andi %q116_b, %rb_abs : i32
          %q116_nan = arith.cmpi ugt, %q116_a, %rb_inf : i32
          %q116_l0 = arith.shrui %q116_b, %rb_16 : i32
          %q116_l = arith.andi %q116_l0, %rb_1 : i32
          %q116_bias = arith.addi %q116_l, %rb_h : i32
          %q116_r = arith.addi %q116_b, %q116_bias : i32
          %q116_qn = arith.ori %q116_b, %rb_q : i32
          %q116_s = arith.select %q116_nan, %q116_qn, %q116_r : i32
          %q116_hi = arith.shrui %q116_s, %rb_16 : i32
          %q116_t = arith.trunci %q116_hi : i32 to i16
          %a115_h = arith.bitcast %q116_t : i16 to bf16
          memref.store %a115_h, %out[%t114_r0, %t114_n0] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
          %t114_g1_0 = vector.fma %t114_tx1, %t114_tw0, %t114_res#1 : vector<16xf32>
          %t114_s1_0 = vector.reduction <add>, %t114_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a117_ng = arith.negf %t113_s1_0 : f32
          %a117_ex = math.exp %a117_ng : f32
          %a117_den = arith.addf %f1, %a117_ex : f32
          %a117_sg = arith.divf %t113_s1_0, %a117_den : f32
          %a117_y = arith.mulf %a117_sg, %t114_s1_0 : f32
          %q118_b = arith.bitcast %a117_y : f32 to i32
          %q118_a = arith.andi %q118_b, %rb_abs : i32
          %q118_nan = arith.cmpi ugt, %q118_a, %rb_inf : i32
          %q118_l0 = arith.shrui %q118_b, %rb_16 : i32
          %q118_l = arith.andi %q118_l0, %rb_1 : i32
          %q118_bias = arith.addi %q118_l, %rb_h : i32
          %q118_r = arith.addi %q118_b, %q118_bias : i32
          %q118_qn = arith.ori %q118_b, %rb_q : i32
          %q118_s = arith.select %q118_nan, %q118_qn, %q118_r : i32
          %q118_hi = arith.shrui %q118_s, %rb_16 : i32
          %q118_t = arith.trunci %q118_hi : i32 to i16
          %a117_h = arith.bitcast %q118_t : i16 to bf16
          memref.store %a117_h, %out[%t114_r1, %t114_n0] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b102_m1 = %b102_mf to %mhi step %c1 {
        scf.for %b102_n = %nlo to %b102_nf8 step %c4 {
          %t119_r0 = arith.addi %b102_m1, %c0 : index
          %t119_n0 = arith.addi %b102_n, %c0 : index
          %t119_n1 = arith.addi %b102_n, %c1 : index
          %t119_n2 = arith.addi %b102_n, %c2 : index
          %t119_n3 = arith.addi %b102_n, %c3 : index
          %t119_res:4 = scf.for %t119_k = %c0 to %Kv step %c16 iter_args(%t119_a0_0 = %vz, %t119_a0_1 = %vz, %t119_a0_2 = %vz, %t119_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t119_x0h = vector.load %xv[%t119_r0, %t119_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t119_x0 = arith.extf %t119_x0h : vector<16xbf16> to vector<16xf32>
            %t119_w0h = vector.load %wv[%t119_n0, %t119_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t119_w0 = arith.extf %t119_w0h : vector<16xbf16> to vector<16xf32>
            %t119_w1h = vector.load %wv[%t119_n1, %t119_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t119_w1 = arith.extf %t119_w1h : vector<16xbf16> to vector<16xf32>
            %t119_w2h = vector.load %wv[%t119_n2, %t119_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t119_w2 = arith.extf %t119_w2h : vector<16xbf16> to vector<16xf32>
            %t119_w3h = vector.load %wv[%t119_n3, %t119_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t119_w3 = arith.extf %t119_w3h : vector<16xbf16> to vector<16xf32>
            %t119_f0_0 = vector.fma %t119_x0, %t119_w0, %t119_a0_0 : vector<16xf32>
            %t119_f0_1 = vector.fma %t119_x0, %t119_w1, %t119_a0_1 : vector<16xf32>
            %t119_f0_2 = vector.fma %t119_x0, %t119_w2, %t119_a0_2 : vector<16xf32>
            %t119_f0_3 = vector.fma %t119_x0, %t119_w3, %t119_a0_3 : vector<16xf32>
            scf.yield %t119_f0_0, %t119_f0_1, %t119_f0_2, %t119_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t119_tx0h = vector.maskedload %xv[%t119_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t119_tx0 = arith.extf %t119_tx0h : vector<16xbf16> to vector<16xf32>
          %t119_tw0h = vector.maskedload %wv[%t119_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t119_tw0 = arith.extf %t119_tw0h : vector<16xbf16> to vector<16xf32>
          %t119_tw1h = vector.maskedload %wv[%t119_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t119_tw1 = arith.extf %t119_tw1h : vector<16xbf16> to vector<16xf32>
          %t119_tw2h = vector.maskedload %wv[%t119_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t119_tw2 = arith.extf %t119_tw2h : vector<16xbf16> to vector<16xf32>
          %t119_tw3h = vector.maskedload %wv[%t119_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t119_tw3 = arith.extf %t119_tw3h : vector<16xbf16> to vector<16xf32>
          %t119_g0_0 = vector.fma %t119_tx0, %t119_tw0, %t119_res#0 : vector<16xf32>
          %t119_s0_0 = vector.reduction <add>, %t119_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t119_g0_1 = vector.fma %t119_tx0, %t119_tw1, %t119_res#1 : vector<16xf32>
          %t119_s0_1 = vector.reduction <add>, %t119_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t119_g0_2 = vector.fma %t119_tx0, %t119_tw2, %t119_res#2 : vector<16xf32>
          %t119_s0_2 = vector.reduction <add>, %t119_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t119_g0_3 = vector.fma %t119_tx0, %t119_tw3, %t119_res#3 : vector<16xf32>
          %t119_s0_3 = vector.reduction <add>, %t119_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t120_r0 = arith.addi %b102_m1, %c0 : index
          %t120_n0 = arith.addi %b102_n, %c0 : index
          %t120_n1 = arith.addi %b102_n, %c1 : index
          %t120_n2 = arith.addi %b102_n, %c2 : index
          %t120_n3 = arith.addi %b102_n, %c3 : index
          %t120_res:4 = scf.for %t120_k = %c0 to %Kv step %c16 iter_args(%t120_a0_0 = %vz, %t120_a0_1 = %vz, %t120_a0_2 = %vz, %t120_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t120_x0h = vector.load %xv[%t120_r0, %t120_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t120_x0 = arith.extf %t120_x0h : vector<16xbf16> to vector<16xf32>
            %t120_w0h = vector.load %wuv[%t120_n0, %t120_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t120_w0 = arith.extf %t120_w0h : vector<16xbf16> to vector<16xf32>
            %t120_w1h = vector.load %wuv[%t120_n1, %t120_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t120_w1 = arith.extf %t120_w1h : vector<16xbf16> to vector<16xf32>
            %t120_w2h = vector.load %wuv[%t120_n2, %t120_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t120_w2 = arith.extf %t120_w2h : vector<16xbf16> to vector<16xf32>
            %t120_w3h = vector.load %wuv[%t120_n3, %t120_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t120_w3 = arith.extf %t120_w3h : vector<16xbf16> to vector<16xf32>
            %t120_f0_0 = vector.fma %t120_x0, %t120_w0, %t120_a0_0 : vector<16xf32>
            %t120_f0_1 = vector.fma %t120_x0, %t120_w1, %t120_a0_1 : vector<16xf32>
            %t120_f0_2 = vector.fma %t120_x0, %t120_w2, %t120_a0_2 : vector<16xf32>
            %t120_f0_3 = vector.fma %t120_x0, %t120_w3, %t120_a0_3 : vector<16xf32>
            scf.yield %t120_f0_0, %t120_f0_1, %t120_f0_2, %t120_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t120_tx0h = vector.maskedload %xv[%t120_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t120_tx0 = arith.extf %t120_tx0h : vector<16xbf16> to vector<16xf32>
          %t120_tw0h = vector.maskedload %wuv[%t120_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t120_tw0 = arith.extf %t120_tw0h : vector<16xbf16> to vector<16xf32>
          %t120_tw1h = vector.maskedload %wuv[%t120_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t120_tw1 = arith.extf %t120_tw1h : vector<16xbf16> to vector<16xf32>
          %t120_tw2h = vector.maskedload %wuv[%t120_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t120_tw2 = arith.extf %t120_tw2h : vector<16xbf16> to vector<16xf32>
          %t120_tw3h = vector.maskedload %wuv[%t120_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t120_tw3 = arith.extf %t120_tw3h : vector<16xbf16> to vector<16xf32>
          %t120_g0_0 = vector.fma %t120_tx0, %t120_tw0, %t120_res#0 : vector<16xf32>
          %t120_s0_0 = vector.reduction <add>, %t120_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a121_ng = arith.negf %t119_s0_0 : f32
          %a121_ex = math.exp %a121_ng : f32
          %a121_den = arith.addf %f1, %a121_ex : f32
          %a121_sg = arith.divf %t119_s0_0, %a121_den : f32
          %a121_y = arith.mulf %a121_sg, %t120_s0_0 : f32
          %q122_b = arith.bitcast %a121_y : f32 to i32
          %q122_a = arith.andi %q122_b, %rb_abs : i32
          %q122_nan = arith.cmpi ugt, %q122_a, %rb_inf : i32
          %q122_l0 = arith.shrui %q122_b, %rb_16 : i32
          %q122_l = arith.andi %q122_l0, %rb_1 : i32
          %q122_bias = arith.addi %q122_l, %rb_h : i32
          %q122_r = arith.addi %q122_b, %q122_bias : i32
          %q122_qn = arith.ori %q122_b, %rb_q : i32
          %q122_s = arith.select %q122_nan, %q122_qn, %q122_r : i32
          %q122_hi = arith.shrui %q122_s, %rb_16 : i32
          %q122_t = arith.trunci %q122_hi : i32 to i16
          %a121_h = arith.bitcast %q122_t : i16 to bf16
          memref.store %a121_h, %out[%t120_r0, %t120_n0] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
          %t120_g0_1 = vector.fma %t120_tx0, %t120_tw1, %t120_res#1 : vector<16xf32>
          %t120_s0_1 = vector.reduction <add>, %t120_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a123_ng = arith.negf %t119_s0_1 : f32
          %a123_ex = math.exp %a123_ng : f32
          %a123_den = arith.addf %f1, %a123_ex : f32
          %a123_sg = arith.divf %t119_s0_1, %a123_den : f32
          %a123_y = arith.mulf %a123_sg, %t120_s0_1 : f32
          %q124_b = arith.bitcast %a123_y : f32 to i32
          %q124_a = arith.andi %q124_b, %rb_abs : i32
          %q124_nan = arith.cmpi ugt, %q124_a, %rb_inf : i32
          %q124_l0 = arith.shrui %q124_b, %rb_16 : i32
          %q124_l = arith.andi %q124_l0, %rb_1 : i32
          %q124_bias = arith.addi %q124_l, %rb_h : i32
          %q124_r = arith.addi %q124_b, %q124_bias : i32
          %q124_qn = arith.ori %q124_b, %rb_q : i32
          %q124_s = arith.select %q124_nan, %q124_qn, %q124_r : i32
          %q124_hi = arith.shrui %q124_s, %rb_16 : i32
          %q124_t = arith.trunci %q124_hi : i32 to i16
          %a123_h = arith.bitcast %q124_t : i16 to bf16
          memref.store %a123_h, %out[%t120_r0, %t120_n1] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
          %t120_g0_2 = vector.fma %t120_tx0, %t120_tw2, %t120_res#2 : vector<16xf32>
          %t120_s0_2 = vector.reduction <add>, %t120_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a125_ng = arith.negf %t119_s0_2 : f32
          %a125_ex = math.exp %a125_ng : f32
          %a125_den = arith.addf %f1, %a125_ex : f32
          %a125_sg = arith.divf %t119_s0_2, %a125_den : f32
          %a125_y = arith.mulf %a125_sg, %t120_s0_2 : f32
          %q126_b = arith.bitcast %a125_y : f32 to i32
          %q126_a = arith.andi %q126_b, %rb_abs : i32
          %q126_nan = arith.cmpi ugt, %q126_a, %rb_inf : i32
          %q126_l0 = arith.shrui %q126_b, %rb_16 : i32
          %q126_l = arith.andi %q126_l0, %rb_1 : i32
          %q126_bias = arith.addi %q126_l, %rb_h : i32
          %q126_r = arith.addi %q126_b, %q126_bias : i32
          %q126_qn = arith.ori %q126_b, %rb_q : i32
          %q126_s = arith.select %q126_nan, %q126_qn, %q126_r : i32
          %q126_hi = arith.shrui %q126_s, %rb_16 : i32
          %q126_t = arith.trunci %q126_hi : i32 to i16
          %a125_h = arith.bitcast %q126_t : i16 to bf16
          memref.store %a125_h, %out[%t120_r0, %t120_n2] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
          %t120_g0_3 = vector.fma %t120_tx0, %t120_tw3, %t120_res#3 : vector<16xf32>
          %t120_s0_3 = vector.reduction <add>, %t120_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a127_ng = arith.negf %t119_s0_3 : f32
          %a127_ex = math.exp %a127_ng : f32
          %a127_den = arith.addf %f1, %a127_ex : f32
          %a127_sg = arith.divf %t119_s0_3, %a127_den : f32
          %a127_y = arith.mulf %a127_sg, %t120_s0_3 : f32
          %q128_b = arith.bitcast %a127_y : f32 to i32
          %q128_a = arith.andi %q128_b, %rb_abs : i32
          %q128_nan = arith.cmpi ugt, %q128_a, %rb_inf : i32
          %q128_l0 = arith.shrui %q128_b, %rb_16 : i32
          %q128_l = arith.andi %q128_l0, %rb_1 : i32
          %q128_bias = arith.addi %q128_l, %rb_h : i32
          %q128_r = arith.addi %q128_b, %q128_bias : i32
          %q128_qn = arith.ori %q128_b, %rb_q : i32
          %q128_s = arith.select %q128_nan, %q128_qn, %q128_r : i32
          %q128_hi = arith.shrui %q128_s, %rb_16 : i32
          %q128_t = arith.trunci %q128_hi : i32 to i16
          %a127_h = arith.bitcast %q128_t : i16 to bf16
          memref.store %a127_h, %out[%t120_r0, %t120_n3] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
        }
        scf.for %b102_n1 = %b102_nf8 to %nhi step %c1 {
          %t129_r0 = arith.addi %b102_m1, %c0 : index
          %t129_n0 = arith.addi %b102_n1, %c0 : index
          %t129_res:1 = scf.for %t129_k = %c0 to %Kv step %c16 iter_args(%t129_a0_0 = %vz) -> (vector<16xf32>) {
            %t129_x0h = vector.load %xv[%t129_r0, %t129_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t129_x0 = arith.extf %t129_x0h : vector<16xbf16> to vector<16xf32>
            %t129_w0h = vector.load %wv[%t129_n0, %t129_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t129_w0 = arith.extf %t129_w0h : vector<16xbf16> to vector<16xf32>
            %t129_f0_0 = vector.fma %t129_x0, %t129_w0, %t129_a0_0 : vector<16xf32>
            scf.yield %t129_f0_0 : vector<16xf32>
          }
          %t129_tx0h = vector.maskedload %xv[%t129_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t129_tx0 = arith.extf %t129_tx0h : vector<16xbf16> to vector<16xf32>
          %t129_tw0h = vector.maskedload %wv[%t129_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t129_tw0 = arith.extf %t129_tw0h : vector<16xbf16> to vector<16xf32>
          %t129_g0_0 = vector.fma %t129_tx0, %t129_tw0, %t129_res#0 : vector<16xf32>
          %t129_s0_0 = vector.reduction <add>, %t129_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %t130_r0 = arith.addi %b102_m1, %c0 : index
          %t130_n0 = arith.addi %b102_n1, %c0 : index
          %t130_res:1 = scf.for %t130_k = %c0 to %Kv step %c16 iter_args(%t130_a0_0 = %vz) -> (vector<16xf32>) {
            %t130_x0h = vector.load %xv[%t130_r0, %t130_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t130_x0 = arith.extf %t130_x0h : vector<16xbf16> to vector<16xf32>
            %t130_w0h = vector.load %wuv[%t130_n0, %t130_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t130_w0 = arith.extf %t130_w0h : vector<16xbf16> to vector<16xf32>
            %t130_f0_0 = vector.fma %t130_x0, %t130_w0, %t130_a0_0 : vector<16xf32>
            scf.yield %t130_f0_0 : vector<16xf32>
          }
          %t130_tx0h = vector.maskedload %xv[%t130_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t130_tx0 = arith.extf %t130_tx0h : vector<16xbf16> to vector<16xf32>
          %t130_tw0h = vector.maskedload %wuv[%t130_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t130_tw0 = arith.extf %t130_tw0h : vector<16xbf16> to vector<16xf32>
          %t130_g0_0 = vector.fma %t130_tx0, %t130_tw0, %t130_res#0 : vector<16xf32>
          %t130_s0_0 = vector.reduction <add>, %t130_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %a131_ng = arith.negf %t129_s0_0 : f32
          %a131_ex = math.exp %a131_ng : f32
          %a131_den = arith.addf %f1, %a131_ex : f32
          %a131_sg = arith.divf %t129_s0_0, %a131_den : f32
          %a131_y = arith.mulf %a131_sg, %t130_s0_0 : f32
          %q132_b = arith.bitcast %a131_y : f32 to i32
          %q132_a = arith.andi %q132_b, %rb_abs : i32
          %q132_nan = arith.cmpi ugt, %q132_a, %rb_inf : i32
          %q132_l0 = arith.shrui %q132_b, %rb_16 : i32
          %q132_l = arith.andi %q132_l0, %rb_1 : i32
          %q132_bias = arith.addi %q132_l, %rb_h : i32
          %q132_r = arith.addi %q132_b, %q132_bias : i32
          %q132_qn = arith.ori %q132_b, %rb_q : i32
          %q132_s = arith.select %q132_nan, %q132_qn, %q132_r : i32
          %q132_hi = arith.shrui %q132_s, %rb_16 : i32
          %q132_t = arith.trunci %q132_hi : i32 to i16
          %a131_h = arith.bitcast %q132_t : i16 to bf16
          memref.store %a131_h, %out[%t130_r0, %t130_n0] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
        }
      }
    } else {
      scf.for %s133_m = %mlo to %mhi step %c1 {
        scf.for %s133_n = %nlo to %nhi step %c1 {
          %s133_d, %s133_du = scf.for %s133_k = %c0 to %K step %c1 iter_args(%s133_a = %f0, %s133_b = %f0) -> (f32, f32) {
            %s133_xvh = memref.load %x[%s133_m, %s133_k] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
            %s133_xv = arith.extf %s133_xvh : bf16 to f32
            %s133_wvh = memref.load %w[%e, %s133_n, %s133_k] : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>
            %s133_wv = arith.extf %s133_wvh : bf16 to f32
            %s133_uvh = memref.load %wu[%e, %s133_n, %s133_k] : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>
            %s133_uv = arith.extf %s133_uvh : bf16 to f32
            %s133_a2 = math.fma %s133_xv, %s133_wv, %s133_a : f32
            %s133_b2 = math.fma %s133_xv, %s133_uv, %s133_b : f32
            scf.yield %s133_a2, %s133_b2 : f32, f32
          }
          %a134_ng = arith.negf %s133_d : f32
          %a134_ex = math.exp %a134_ng : f32
          %a134_den = arith.addf %f1, %a134_ex : f32
          %a134_sg = arith.divf %s133_d, %a134_den : f32
          %a134_y = arith.mulf %a134_sg, %s133_du : f32
          %q135_b = arith.bitcast %a134_y : f32 to i32
          %q135_a = arith.andi %q135_b, %rb_abs : i32
          %q135_nan = arith.cmpi ugt, %q135_a, %rb_inf : i32
          %q135_l0 = arith.shrui %q135_b, %rb_16 : i32
          %q135_l = arith.andi %q135_l0, %rb_1 : i32
          %q135_bias = arith.addi %q135_l, %rb_h : i32
          %q135_r = arith.addi %q135_b, %q135_bias : i32
          %q135_qn = arith.ori %q135_b, %rb_q : i32
          %q135_s = arith.select %q135_nan, %q135_qn, %q135_r : i32
          %q135_hi = arith.shrui %q135_s, %rb_16 : i32
          %q135_t = arith.trunci %q135_hi : i32 to i16
          %a134_h = arith.bitcast %q135_t : i16 to bf16
          memref.store %a134_h, %out[%s133_m, %s133_n] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
