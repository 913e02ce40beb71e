// grouped_matmul_nt_bf16: bf16 rows and bf16 expert weights, f32 accumulation and result
// (moe-experts-to-bf16): out[r, :] = f32(x[r, :]) f32(w[e])^T for rows offsets[e] <= r < offsets[e+1]
// (other rows of out are not written). The work split and register tiles of grouped_matmul_nt with x
// and w loaded as bf16 and extended to f32. On sm_90a the Hopper template
// lowering/kernels/gpu/grouped_matmul_nt_bf16_sm90.mlir computes the same (tensor cores).
func.func @grouped_matmul_nt_bf16(%wg: index, %nwg: index,
    %x: memref<?x?xbf16, strided<[?, ?], offset: ?>>,
    %w: memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>)
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
  %fast = arith.andi %xu, %wu1 : i1
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
      %b186_ms = arith.subi %mhi, %mlo : index
      %b186_mr = arith.remui %b186_ms, %c4 : index
      %b186_mf = arith.subi %mhi, %b186_mr : index
      %b186_ns = arith.subi %nhi, %nlo : index
      %b186_nr4 = arith.remui %b186_ns, %c4 : index
      %b186_nf4 = arith.subi %nhi, %b186_nr4 : index
      %b186_nr8 = arith.remui %b186_ns, %c8 : index
      %b186_nf8 = arith.subi %nhi, %b186_nr8 : index
      scf.for %b186_m = %mlo to %b186_mf step %c4 {
        scf.for %b186_n = %nlo to %b186_nf4 step %c4 {
          %t187_r0 = arith.addi %b186_m, %c0 : index
          %t187_r1 = arith.addi %b186_m, %c1 : index
          %t187_r2 = arith.addi %b186_m, %c2 : index
          %t187_r3 = arith.addi %b186_m, %c3 : index
          %t187_n0 = arith.addi %b186_n, %c0 : index
          %t187_n1 = arith.addi %b186_n, %c1 : index
          %t187_n2 = arith.addi %b186_n, %c2 : index
          %t187_n3 = arith.addi %b186_n, %c3 : index
          %t187_res:16 = scf.for %t187_k = %c0 to %Kv step %c16 iter_args(%t187_a0_0 = %vz, %t187_a0_1 = %vz, %t187_a0_2 = %vz, %t187_a0_3 = %vz, %t187_a1_0 = %vz, %t187_a1_1 = %vz, %t187_a1_2 = %vz, %t187_a1_3 = %vz, %t187_a2_0 = %vz, %t187_a2_1 = %vz, %t187_a2_2 = %vz, %t187_a2_3 = %vz, %t187_a3_0 = %vz, %t187_a3_1 = %vz, %t187_a3_2 = %vz, %t187_a3_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t187_x0h = vector.load %xv[%t187_r0, %t187_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t187_x0 = arith.extf %t187_x0h : vector<16xbf16> to vector<16xf32>
            %t187_x1h = vector.load %xv[%t187_r1, %t187_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t187_x1 = arith.extf %t187_x1h : vector<16xbf16> to vector<16xf32>
            %t187_x2h = vector.load %xv[%t187_r2, %t187_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t187_x2 = arith.extf %t187_x2h : vector<16xbf16> to vector<16xf32>
            %t187_x3h = vector.load %xv[%t187_r3, %t187_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t187_x3 = arith.extf %t187_x3h : vector<16xbf16> to vector<16xf32>
            %t187_w0h = vector.load %wv[%t187_n0, %t187_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t187_w0 = arith.extf %t187_w0h : vector<16xbf16> to vector<16xf32>
            %t187_w1h = vector.load %wv[%t187_n1, %t187_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t187_w1 = arith.extf %t187_w1h : vector<16xbf16> to vector<16xf32>
            %t187_w2h = vector.load %wv[%t187_n2, %t187_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t187_w2 = arith.extf %t187_w2h : vector<16xbf16> to vector<16xf32>
            %t187_w3h = vector.load %wv[%t187_n3, %t187_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t187_w3 = arith.extf %t187_w3h : vector<16xbf16> to vector<16xf32>
            %t187_f0_0 = vector.fma %t187_x0, %t187_w0, %t187_a0_0 : vector<16xf32>
            %t187_f0_1 = vector.fma %t187_x0, %t187_w1, %t187_a0_1 : vector<16xf32>
            %t187_f0_2 = vector.fma %t187_x0, %t187_w2, %t187_a0_2 : vector<16xf32>
            %t187_f0_3 = vector.fma %t187_x0, %t187_w3, %t187_a0_3 : vector<16xf32>
            %t187_f1_0 = vector.fma %t187_x1, %t187_w0, %t187_a1_0 : vector<16xf32>
            %t187_f1_1 = vector.fma %t187_x1, %t187_w1, %t187_a1_1 : vector<16xf32>
            %t187_f1_2 = vector.fma %t187_x1, %t187_w2, %t187_a1_2 : vector<16xf32>
            %t187_f1_3 = vector.fma %t187_x1, %t187_w3, %t187_a1_3 : vector<16xf32>
            %t187_f2_0 = vector.fma %t187_x2, %t187_w0, %t187_a2_0 : vector<16xf32>
            %t187_f2_1 = vector.fma %t187_x2, %t187_w1, %t187_a2_1 : vector<16xf32>
            %t187_f2_2 = vector.fma %t187_x2, %t187_w2, %t187_a2_2 : vector<16xf32>
            %t187_f2_3 = vector.fma %t187_x2, %t187_w3, %t187_a2_3 : vector<16xf32>
            %t187_f3_0 = vector.fma %t187_x3, %t187_w0, %t187_a3_0 : vector<16xf32>
            %t187_f3_1 = vector.fma %t187_x3, %t187_w1, %t187_a3_1 : vector<16xf32>
            %t187_f3_2 = vector.fma %t187_x3, %t187_w2, %t187_a3_2 : vector<16xf32>
            %t187_f3_3 = vector.fma %t187_x3, %t187_w3, %t187_a3_3 : vector<16xf32>
            scf.yield %t187_f0_0, %t187_f0_1, %t187_f0_2, %t187_f0_3, %t187_f1_0, %t187_f1_1, %t187_f1_2, %t187_f1_3, %t187_f2_0, %t187_f2_1, %t187_f2_2, %t187_f2_3, %t187_f3_0, %t187_f3_1, %t187_f3_2, %t187_f3_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t187_tx0h = vector.maskedload %xv[%t187_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t187_tx0 = arith.extf %t187_tx0h : vector<16xbf16> to vector<16xf32>
          %t187_tx1h = vector.maskedload %xv[%t187_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t187_tx1 = arith.extf %t187_tx1h : vector<16xbf16> to vector<16xf32>
          %t187_tx2h = vector.maskedload %xv[%t187_r2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t187_tx2 = arith.extf %t187_tx2h : vector<16xbf16> to vector<16xf32>
          %t187_tx3h = vector.maskedload %xv[%t187_r3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t187_tx3 = arith.extf %t187_tx3h : vector<16xbf16> to vector<16xf32>
          %t187_tw0h = vector.maskedload %wv[%t187_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t187_tw0 = arith.extf %t187_tw0h : vector<16xbf16> to vector<16xf32>
          %t187_tw1h = vector.maskedload %wv[%t187_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t187_tw1 = arith.extf %t187_tw1h : vector<16xbf16> to vector<16xf32>
          %t187_tw2h = vector.maskedload %wv[%t187_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t187_tw2 = arith.extf %t187_tw2h : vector<16xbf16> to vector<16xf32>
          %t187_tw3h = vector.maskedload %wv[%t187_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t187_tw3 = arith.extf %t187_tw3h : vector<16xbf16> to vector<16xf32>
          %t187_g0_0 = vector.fma %t187_tx0, %t187_tw0, %t187_res#0 : vector<16xf32>
          %t187_s0_0 = vector.reduction <add>, %t187_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s0_0, %out[%t187_r0, %t187_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g0_1 = vector.fma %t187_tx0, %t187_tw1, %t187_res#1 : vector<16xf32>
          %t187_s0_1 = vector.reduction <add>, %t187_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s0_1, %out[%t187_r0, %t187_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g0_2 = vector.fma %t187_tx0, %t187_tw2, %t187_res#2 : vector<16xf32>
          %t187_s0_2 = vector.reduction <add>, %t187_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s0_2, %out[%t187_r0, %t187_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g0_3 = vector.fma %t187_tx0, %t187_tw3, %t187_res#3 : vector<16xf32>
          %t187_s0_3 = vector.reduction <add>, %t187_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s0_3, %out[%t187_r0, %t187_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g1_0 = vector.fma %t187_tx1, %t187_tw0, %t187_res#4 : vector<16xf32>
          %t187_s1_0 = vector.reduction <add>, %t187_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s1_0, %out[%t187_r1, %t187_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g1_1 = vector.fma %t187_tx1, %t187_tw1, %t187_res#5 : vector<16xf32>
          %t187_s1_1 = vector.reduction <add>, %t187_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s1_1, %out[%t187_r1, %t187_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g1_2 = vector.fma %t187_tx1, %t187_tw2, %t187_res#6 : vector<16xf32>
          %t187_s1_2 = vector.reduction <add>, %t187_g1_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s1_2, %out[%t187_r1, %t187_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g1_3 = vector.fma %t187_tx1, %t187_tw3, %t187_res#7 : vector<16xf32>
          %t187_s1_3 = vector.reduction <add>, %t187_g1_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s1_3, %out[%t187_r1, %t187_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g2_0 = vector.fma %t187_tx2, %t187_tw0, %t187_res#8 : vector<16xf32>
          %t187_s2_0 = vector.reduction <add>, %t187_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s2_0, %out[%t187_r2, %t187_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g2_1 = vector.fma %t187_tx2, %t187_tw1, %t187_res#9 : vector<16xf32>
          %t187_s2_1 = vector.reduction <add>, %t187_g2_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s2_1, %out[%t187_r2, %t187_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g2_2 = vector.fma %t187_tx2, %t187_tw2, %t187_res#10 : vector<16xf32>
          %t187_s2_2 = vector.reduction <add>, %t187_g2_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s2_2, %out[%t187_r2, %t187_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g2_3 = vector.fma %t187_tx2, %t187_tw3, %t187_res#11 : vector<16xf32>
          %t187_s2_3 = vector.reduction <add>, %t187_g2_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s2_3, %out[%t187_r2, %t187_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g3_0 = vector.fma %t187_tx3, %t187_tw0, %t187_res#12 : vector<16xf32>
          %t187_s3_0 = vector.reduction <add>, %t187_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s3_0, %out[%t187_r3, %t187_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g3_1 = vector.fma %t187_tx3, %t187_tw1, %t187_res#13 : vector<16xf32>
          %t187_s3_1 = vector.reduction <add>, %t187_g3_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s3_1, %out[%t187_r3, %t187_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g3_2 = vector.fma %t187_tx3, %t187_tw2, %t187_res#14 : vector<16xf32>
          %t187_s3_2 = vector.reduction <add>, %t187_g3_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s3_2, %out[%t187_r3, %t187_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t187_g3_3 = vector.fma %t187_tx3, %t187_tw3, %t187_res#15 : vector<16xf32>
          %t187_s3_3 = vector.reduction <add>, %t187_g3_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t187_s3_3, %out[%t187_r3, %t187_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b186_n1 = %b186_nf4 to %nhi step %c1 {
          %t188_r0 = arith.addi %b186_m, %c0 : index
          %t188_r1 = arith.addi %b186_m, %c1 : index
          %t188_r2 = arith.addi %b186_m, %c2 : index
          %t188_r3 = arith.addi %b186_m, %c3 : index
          %t188_n0 = arith.addi %b186_n1, %c0 : index
          %t188_res:4 = scf.for %t188_k = %c0 to %Kv step %c16 iter_args(%t188_a0_0 = %vz, %t188_a1_0 = %vz, %t188_a2_0 = %vz, %t188_a3_0 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t188_x0h = vector.load %xv[%t188_r0, %t188_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t188_x0 = arith.extf %t188_x0h : vector<16xbf16> to vector<16xf32>
            %t188_x1h = vector.load %xv[%t188_r1, %t188_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t188_x1 = arith.extf %t188_x1h : vector<16xbf16> to vector<16xf32>
            %t188_x2h = vector.load %xv[%t188_r2, %t188_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t188_x2 = arith.extf %t188_x2h : vector<16xbf16> to vector<16xf32>
            %t188_x3h = vector.load %xv[%t188_r3, %t188_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t188_x3 = arith.extf %t188_x3h : vector<16xbf16> to vector<16xf32>
            %t188_w0h = vector.load %wv[%t188_n0, %t188_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t188_w0 = arith.extf %t188_w0h : vector<16xbf16> to vector<16xf32>
            %t188_f0_0 = vector.fma %t188_x0, %t188_w0, %t188_a0_0 : vector<16xf32>
            %t188_f1_0 = vector.fma %t188_x1, %t188_w0, %t188_a1_0 : vector<16xf32>
            %t188_f2_0 = vector.fma %t188_x2, %t188_w0, %t188_a2_0 : vector<16xf32>
            %t188_f3_0 = vector.fma %t188_x3, %t188_w0, %t188_a3_0 : vector<16xf32>
            scf.yield %t188_f0_0, %t188_f1_0, %t188_f2_0, %t188_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t188_tx0h = vector.maskedload %xv[%t188_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t188_tx0 = arith.extf %t188_tx0h : vector<16xbf16> to vector<16xf32>
          %t188_tx1h = vector.maskedload %xv[%t188_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t188_tx1 = arith.extf %t188_tx1h : vector<16xbf16> to vector<16xf32>
          %t188_tx2h = vector.maskedload %xv[%t188_r2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t188_tx2 = arith.extf %t188_tx2h : vector<16xbf16> to vector<16xf32>
          %t188_tx3h = vector.maskedload %xv[%t188_r3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t188_tx3 = arith.extf %t188_tx3h : vector<16xbf16> to vector<16xf32>
          %t188_tw0h = vector.maskedload %wv[%t188_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t188_tw0 = arith.extf %t188_tw0h : vector<16xbf16> to vector<16xf32>
          %t188_g0_0 = vector.fma %t188_tx0, %t188_tw0, %t188_res#0 : vector<16xf32>
          %t188_s0_0 = vector.reduction <add>, %t188_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t188_s0_0, %out[%t188_r0, %t188_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t188_g1_0 = vector.fma %t188_tx1, %t188_tw0, %t188_res#1 : vector<16xf32>
          %t188_s1_0 = vector.reduction <add>, %t188_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t188_s1_0, %out[%t188_r1, %t188_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t188_g2_0 = vector.fma %t188_tx2, %t188_tw0, %t188_res#2 : vector<16xf32>
          %t188_s2_0 = vector.reduction <add>, %t188_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t188_s2_0, %out[%t188_r2, %t188_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t188_g3_0 = vector.fma %t188_tx3, %t188_tw0, %t188_res#3 : vector<16xf32>
          %t188_s3_0 = vector.reduction <add>, %t188_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t188_s3_0, %out[%t188_r3, %t188_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b186_m1 = %b186_mf to %mhi step %c1 {
        scf.for %b186_n = %nlo to %b186_nf8 step %c8 {
          %t189_r0 = arith.addi %b186_m1, %c0 : index
          %t189_n0 = arith.addi %b186_n, %c0 : index
          %t189_n1 = arith.addi %b186_n, %c1 : index
          %t189_n2 = arith.addi %b186_n, %c2 : index
          %t189_n3 = arith.addi %b186_n, %c3 : index
          %t189_n4 = arith.addi %b186_n, %c4 : index
          %t189_n5 = arith.addi %b186_n, %c5 : index
          %t189_n6 = arith.addi %b186_n, %c6 : index
          %t189_n7 = arith.addi %b186_n, %c7 : index
          %t189_res:8 = scf.for %t189_k = %c0 to %Kv step %c16 iter_args(%t189_a0_0 = %vz, %t189_a0_1 = %vz, %t189_a0_2 = %vz, %t189_a0_3 = %vz, %t189_a0_4 = %vz, %t189_a0_5 = %vz, %t189_a0_6 = %vz, %t189_a0_7 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t189_x0h = vector.load %xv[%t189_r0, %t189_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t189_x0 = arith.extf %t189_x0h : vector<16xbf16> to vector<16xf32>
            %t189_w0h = vector.load %wv[%t189_n0, %t189_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t189_w0 = arith.extf %t189_w0h : vector<16xbf16> to vector<16xf32>
            %t189_w1h = vector.load %wv[%t189_n1, %t189_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t189_w1 = arith.extf %t189_w1h : vector<16xbf16> to vector<16xf32>
            %t189_w2h = vector.load %wv[%t189_n2, %t189_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t189_w2 = arith.extf %t189_w2h : vector<16xbf16> to vector<16xf32>
            %t189_w3h = vector.load %wv[%t189_n3, %t189_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t189_w3 = arith.extf %t189_w3h : vector<16xbf16> to vector<16xf32>
            %t189_w4h = vector.load %wv[%t189_n4, %t189_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t189_w4 = arith.extf %t189_w4h : vector<16xbf16> to vector<16xf32>
            %t189_w5h = vector.load %wv[%t189_n5, %t189_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t189_w5 = arith.extf %t189_w5h : vector<16xbf16> to vector<16xf32>
            %t189_w6h = vector.load %wv[%t189_n6, %t189_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t189_w6 = arith.extf %t189_w6h : vector<16xbf16> to vector<16xf32>
            %t189_w7h = vector.load %wv[%t189_n7, %t189_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t189_w7 = arith.extf %t189_w7h : vector<16xbf16> to vector<16xf32>
            %t189_f0_0 = vector.fma %t189_x0, %t189_w0, %t189_a0_0 : vector<16xf32>
            %t189_f0_1 = vector.fma %t189_x0, %t189_w1, %t189_a0_1 : vector<16xf32>
            %t189_f0_2 = vector.fma %t189_x0, %t189_w2, %t189_a0_2 : vector<16xf32>
            %t189_f0_3 = vector.fma %t189_x0, %t189_w3, %t189_a0_3 : vector<16xf32>
            %t189_f0_4 = vector.fma %t189_x0, %t189_w4, %t189_a0_4 : vector<16xf32>
            %t189_f0_5 = vector.fma %t189_x0, %t189_w5, %t189_a0_5 : vector<16xf32>
            %t189_f0_6 = vector.fma %t189_x0, %t189_w6, %t189_a0_6 : vector<16xf32>
            %t189_f0_7 = vector.fma %t189_x0, %t189_w7, %t189_a0_7 : vector<16xf32>
            scf.yield %t189_f0_0, %t189_f0_1, %t189_f0_2, %t189_f0_3, %t189_f0_4, %t189_f0_5, %t189_f0_6, %t189_f0_7 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t189_tx0h = vector.maskedload %xv[%t189_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t189_tx0 = arith.extf %t189_tx0h : vector<16xbf16> to vector<16xf32>
          %t189_tw0h = vector.maskedload %wv[%t189_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t189_tw0 = arith.extf %t189_tw0h : vector<16xbf16> to vector<16xf32>
          %t189_tw1h = vector.maskedload %wv[%t189_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t189_tw1 = arith.extf %t189_tw1h : vector<16xbf16> to vector<16xf32>
          %t189_tw2h = vector.maskedload %wv[%t189_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t189_tw2 = arith.extf %t189_tw2h : vector<16xbf16> to vector<16xf32>
          %t189_tw3h = vector.maskedload %wv[%t189_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t189_tw3 = arith.extf %t189_tw3h : vector<16xbf16> to vector<16xf32>
          %t189_tw4h = vector.maskedload %wv[%t189_n4, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t189_tw4 = arith.extf %t189_tw4h : vector<16xbf16> to vector<16xf32>
          %t189_tw5h = vector.maskedload %wv[%t189_n5, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t189_tw5 = arith.extf %t189_tw5h : vector<16xbf16> to vector<16xf32>
          %t189_tw6h = vector.maskedload %wv[%t189_n6, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t189_tw6 = arith.extf %t189_tw6h : vector<16xbf16> to vector<16xf32>
          %t189_tw7h = vector.maskedload %wv[%t189_n7, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t189_tw7 = arith.extf %t189_tw7h : vector<16xbf16> to vector<16xf32>
          %t189_g0_0 = vector.fma %t189_tx0, %t189_tw0, %t189_res#0 : vector<16xf32>
          %t189_s0_0 = vector.reduction <add>, %t189_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t189_s0_0, %out[%t189_r0, %t189_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t189_g0_1 = vector.fma %t189_tx0, %t189_tw1, %t189_res#1 : vector<16xf32>
          %t189_s0_1 = vector.reduction <add>, %t189_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t189_s0_1, %out[%t189_r0, %t189_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t189_g0_2 = vector.fma %t189_tx0, %t189_tw2, %t189_res#2 : vector<16xf32>
          %t189_s0_2 = vector.reduction <add>, %t189_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t189_s0_2, %out[%t189_r0, %t189_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t189_g0_3 = vector.fma %t189_tx0, %t189_tw3, %t189_res#3 : vector<16xf32>
          %t189_s0_3 = vector.reduction <add>, %t189_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t189_s0_3, %out[%t189_r0, %t189_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t189_g0_4 = vector.fma %t189_tx0, %t189_tw4, %t189_res#4 : vector<16xf32>
          %t189_s0_4 = vector.reduction <add>, %t189_g0_4 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t189_s0_4, %out[%t189_r0, %t189_n4] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t189_g0_5 = vector.fma %t189_tx0, %t189_tw5, %t189_res#5 : vector<16xf32>
          %t189_s0_5 = vector.reduction <add>, %t189_g0_5 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t189_s0_5, %out[%t189_r0, %t189_n5] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t189_g0_6 = vector.fma %t189_tx0, %t189_tw6, %t189_res#6 : vector<16xf32>
          %t189_s0_6 = vector.reduction <add>, %t189_g0_6 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t189_s0_6, %out[%t189_r0, %t189_n6] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t189_g0_7 = vector.fma %t189_tx0, %t189_tw7, %t189_res#7 : vector<16xf32>
          %t189_s0_7 = vector.reduction <add>, %t189_g0_7 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t189_s0_7, %out[%t189_r0, %t189_n7] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b186_n1 = %b186_nf8 to %nhi step %c1 {
          %t190_r0 = arith.addi %b186_m1, %c0 : index
          %t190_n0 = arith.addi %b186_n1, %c0 : index
          %t190_res:1 = scf.for %t190_k = %c0 to %Kv step %c16 iter_args(%t190_a0_0 = %vz) -> (vector<16xf32>) {
            %t190_x0h = vector.load %xv[%t190_r0, %t190_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t190_x0 = arith.extf %t190_x0h : vector<16xbf16> to vector<16xf32>
            %t190_w0h = vector.load %wv[%t190_n0, %t190_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t190_w0 = arith.extf %t190_w0h : vector<16xbf16> to vector<16xf32>
            %t190_f0_0 = vector.fma %t190_x0, %t190_w0, %t190_a0_0 : vector<16xf32>
            scf.yield %t190_f0_0 : vector<16xf32>
          }
          %t190_tx0h = vector.maskedload %xv[%t190_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t190_tx0 = arith.extf %t190_tx0h : vector<16xbf16> to vector<16xf32>
          %t190_tw0h = vector.maskedload %wv[%t190_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t190_tw0 = arith.extf %t190_tw0h : vector<16xbf16> to vector<16xf32>
          %t190_g0_0 = vector.fma %t190_tx0, %t190_tw0, %t190_res#0 : vector<16xf32>
          %t190_s0_0 = vector.reduction <add>, %t190_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t190_s0_0, %out[%t190_r0, %t190_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    } else {
      scf.for %s191_m = %mlo to %mhi step %c1 {
        scf.for %s191_n = %nlo to %nhi step %c1 {
          %s191_d = scf.for %s191_k = %c0 to %K step %c1 iter_args(%s191_a = %f0) -> (f32) {
            %s191_xvh = memref.load %x[%s191_m, %s191_k] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
            %s191_xv = arith.extf %s191_xvh : bf16 to f32
            %s191_wvh = memref.load %w[%e, %s191_n, %s191_k] : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>
            %s191_wv = arith.extf %s191_wvh : bf16 to f32
            %s191_a2 = math.fma %s191_xv, %s191_wv, %s191_a : f32
            scf.yield %s191_a2 : f32
          }
          memref.store %s191_d, %out[%s191_m, %s191_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
