// Narrow-register version (gen_kernels.py --narrow): 2 x 2 and 1 x 4 register tiles in place of
// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; bitwise the same results.
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
      %b96_ms = arith.subi %mhi, %mlo : index
      %b96_mr = arith.remui %b96_ms, %c2 : index
      %b96_mf = arith.subi %mhi, %b96_mr : index
      %b96_ns = arith.subi %nhi, %nlo : index
      %b96_nr4 = arith.remui %b96_ns, %c2 : index
      %b96_nf4 = arith.subi %nhi, %b96_nr4 : index
      %b96_nr8 = arith.remui %b96_ns, %c4 : index
      %b96_nf8 = arith.subi %nhi, %b96_nr8 : index
      scf.for %b96_m = %mlo to %b96_mf step %c2 {
        scf.for %b96_n = %nlo to %b96_nf4 step %c2 {
          %t97_r0 = arith.addi %b96_m, %c0 : index
          %t97_r1 = arith.addi %b96_m, %c1 : index
          %t97_n0 = arith.addi %b96_n, %c0 : index
          %t97_n1 = arith.addi %b96_n, %c1 : index
          %t97_res:4 = scf.for %t97_k = %c0 to %Kv step %c16 iter_args(%t97_a0_0 = %vz, %t97_a0_1 = %vz, %t97_a1_0 = %vz, %t97_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t97_x0h = vector.load %xv[%t97_r0, %t97_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t97_x0 = arith.extf %t97_x0h : vector<16xbf16> to vector<16xf32>
            %t97_x1h = vector.load %xv[%t97_r1, %t97_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t97_x1 = arith.extf %t97_x1h : vector<16xbf16> to vector<16xf32>
            %t97_w0h = vector.load %wv[%t97_n0, %t97_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t97_w0 = arith.extf %t97_w0h : vector<16xbf16> to vector<16xf32>
            %t97_w1h = vector.load %wv[%t97_n1, %t97_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t97_w1 = arith.extf %t97_w1h : vector<16xbf16> to vector<16xf32>
            %t97_f0_0 = vector.fma %t97_x0, %t97_w0, %t97_a0_0 : vector<16xf32>
            %t97_f0_1 = vector.fma %t97_x0, %t97_w1, %t97_a0_1 : vector<16xf32>
            %t97_f1_0 = vector.fma %t97_x1, %t97_w0, %t97_a1_0 : vector<16xf32>
            %t97_f1_1 = vector.fma %t97_x1, %t97_w1, %t97_a1_1 : vector<16xf32>
            scf.yield %t97_f0_0, %t97_f0_1, %t97_f1_0, %t97_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t97_tx0h = vector.maskedload %xv[%t97_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t97_tx0 = arith.extf %t97_tx0h : vector<16xbf16> to vector<16xf32>
          %t97_tx1h = vector.maskedload %xv[%t97_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t97_tx1 = arith.extf %t97_tx1h : vector<16xbf16> to vector<16xf32>
          %t97_tw0h = vector.maskedload %wv[%t97_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t97_tw0 = arith.extf %t97_tw0h : vector<16xbf16> to vector<16xf32>
          %t97_tw1h = vector.maskedload %wv[%t97_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t97_tw1 = arith.extf %t97_tw1h : vector<16xbf16> to vector<16xf32>
          %t97_g0_0 = vector.fma %t97_tx0, %t97_tw0, %t97_res#0 : vector<16xf32>
          %t97_s0_0 = vector.reduction <add>, %t97_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t97_s0_0, %out[%t97_r0, %t97_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t97_g0_1 = vector.fma %t97_tx0, %t97_tw1, %t97_res#1 : vector<16xf32>
          %t97_s0_1 = vector.reduction <add>, %t97_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t97_s0_1, %out[%t97_r0, %t97_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t97_g1_0 = vector.fma %t97_tx1, %t97_tw0, %t97_res#2 : vector<16xf32>
          %t97_s1_0 = vector.reduction <add>, %t97_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t97_s1_0, %out[%t97_r1, %t97_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t97_g1_1 = vector.fma %t97_tx1, %t97_tw1, %t97_res#3 : vector<16xf32>
          %t97_s1_1 = vector.reduction <add>, %t97_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t97_s1_1, %out[%t97_r1, %t97_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b96_n1 = %b96_nf4 to %nhi step %c1 {
          %t98_r0 = arith.addi %b96_m, %c0 : index
          %t98_r1 = arith.addi %b96_m, %c1 : index
          %t98_n0 = arith.addi %b96_n1, %c0 : index
          %t98_res:2 = scf.for %t98_k = %c0 to %Kv step %c16 iter_args(%t98_a0_0 = %vz, %t98_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t98_x0h = vector.load %xv[%t98_r0, %t98_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t98_x0 = arith.extf %t98_x0h : vector<16xbf16> to vector<16xf32>
            %t98_x1h = vector.load %xv[%t98_r1, %t98_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t98_x1 = arith.extf %t98_x1h : vector<16xbf16> to vector<16xf32>
            %t98_w0h = vector.load %wv[%t98_n0, %t98_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t98_w0 = arith.extf %t98_w0h : vector<16xbf16> to vector<16xf32>
            %t98_f0_0 = vector.fma %t98_x0, %t98_w0, %t98_a0_0 : vector<16xf32>
            %t98_f1_0 = vector.fma %t98_x1, %t98_w0, %t98_a1_0 : vector<16xf32>
            scf.yield %t98_f0_0, %t98_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t98_tx0h = vector.maskedload %xv[%t98_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t98_tx0 = arith.extf %t98_tx0h : vector<16xbf16> to vector<16xf32>
          %t98_tx1h = vector.maskedload %xv[%t98_r1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t98_tx1 = arith.extf %t98_tx1h : vector<16xbf16> to vector<16xf32>
          %t98_tw0h = vector.maskedload %wv[%t98_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t98_tw0 = arith.extf %t98_tw0h : vector<16xbf16> to vector<16xf32>
          %t98_g0_0 = vector.fma %t98_tx0, %t98_tw0, %t98_res#0 : vector<16xf32>
          %t98_s0_0 = vector.reduction <add>, %t98_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t98_s0_0, %out[%t98_r0, %t98_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t98_g1_0 = vector.fma %t98_tx1, %t98_tw0, %t98_res#1 : vector<16xf32>
          %t98_s1_0 = vector.reduction <add>, %t98_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t98_s1_0, %out[%t98_r1, %t98_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      scf.for %b96_m1 = %b96_mf to %mhi step %c1 {
        scf.for %b96_n = %nlo to %b96_nf8 step %c4 {
          %t99_r0 = arith.addi %b96_m1, %c0 : index
          %t99_n0 = arith.addi %b96_n, %c0 : index
          %t99_n1 = arith.addi %b96_n, %c1 : index
          %t99_n2 = arith.addi %b96_n, %c2 : index
          %t99_n3 = arith.addi %b96_n, %c3 : index
          %t99_res:4 = scf.for %t99_k = %c0 to %Kv step %c16 iter_args(%t99_a0_0 = %vz, %t99_a0_1 = %vz, %t99_a0_2 = %vz, %t99_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t99_x0h = vector.load %xv[%t99_r0, %t99_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t99_x0 = arith.extf %t99_x0h : vector<16xbf16> to vector<16xf32>
            %t99_w0h = vector.load %wv[%t99_n0, %t99_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t99_w0 = arith.extf %t99_w0h : vector<16xbf16> to vector<16xf32>
            %t99_w1h = vector.load %wv[%t99_n1, %t99_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t99_w1 = arith.extf %t99_w1h : vector<16xbf16> to vector<16xf32>
            %t99_w2h = vector.load %wv[%t99_n2, %t99_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t99_w2 = arith.extf %t99_w2h : vector<16xbf16> to vector<16xf32>
            %t99_w3h = vector.load %wv[%t99_n3, %t99_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t99_w3 = arith.extf %t99_w3h : vector<16xbf16> to vector<16xf32>
            %t99_f0_0 = vector.fma %t99_x0, %t99_w0, %t99_a0_0 : vector<16xf32>
            %t99_f0_1 = vector.fma %t99_x0, %t99_w1, %t99_a0_1 : vector<16xf32>
            %t99_f0_2 = vector.fma %t99_x0, %t99_w2, %t99_a0_2 : vector<16xf32>
            %t99_f0_3 = vector.fma %t99_x0, %t99_w3, %t99_a0_3 : vector<16xf32>
            scf.yield %t99_f0_0, %t99_f0_1, %t99_f0_2, %t99_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t99_tx0h = vector.maskedload %xv[%t99_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t99_tx0 = arith.extf %t99_tx0h : vector<16xbf16> to vector<16xf32>
          %t99_tw0h = vector.maskedload %wv[%t99_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t99_tw0 = arith.extf %t99_tw0h : vector<16xbf16> to vector<16xf32>
          %t99_tw1h = vector.maskedload %wv[%t99_n1, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t99_tw1 = arith.extf %t99_tw1h : vector<16xbf16> to vector<16xf32>
          %t99_tw2h = vector.maskedload %wv[%t99_n2, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t99_tw2 = arith.extf %t99_tw2h : vector<16xbf16> to vector<16xf32>
          %t99_tw3h = vector.maskedload %wv[%t99_n3, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t99_tw3 = arith.extf %t99_tw3h : vector<16xbf16> to vector<16xf32>
          %t99_g0_0 = vector.fma %t99_tx0, %t99_tw0, %t99_res#0 : vector<16xf32>
          %t99_s0_0 = vector.reduction <add>, %t99_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t99_s0_0, %out[%t99_r0, %t99_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t99_g0_1 = vector.fma %t99_tx0, %t99_tw1, %t99_res#1 : vector<16xf32>
          %t99_s0_1 = vector.reduction <add>, %t99_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t99_s0_1, %out[%t99_r0, %t99_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t99_g0_2 = vector.fma %t99_tx0, %t99_tw2, %t99_res#2 : vector<16xf32>
          %t99_s0_2 = vector.reduction <add>, %t99_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t99_s0_2, %out[%t99_r0, %t99_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %t99_g0_3 = vector.fma %t99_tx0, %t99_tw3, %t99_res#3 : vector<16xf32>
          %t99_s0_3 = vector.reduction <add>, %t99_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t99_s0_3, %out[%t99_r0, %t99_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
        scf.for %b96_n1 = %b96_nf8 to %nhi step %c1 {
          %t100_r0 = arith.addi %b96_m1, %c0 : index
          %t100_n0 = arith.addi %b96_n1, %c0 : index
          %t100_res:1 = scf.for %t100_k = %c0 to %Kv step %c16 iter_args(%t100_a0_0 = %vz) -> (vector<16xf32>) {
            %t100_x0h = vector.load %xv[%t100_r0, %t100_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t100_x0 = arith.extf %t100_x0h : vector<16xbf16> to vector<16xf32>
            %t100_w0h = vector.load %wv[%t100_n0, %t100_k] : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xbf16>
            %t100_w0 = arith.extf %t100_w0h : vector<16xbf16> to vector<16xf32>
            %t100_f0_0 = vector.fma %t100_x0, %t100_w0, %t100_a0_0 : vector<16xf32>
            scf.yield %t100_f0_0 : vector<16xf32>
          }
          %t100_tx0h = vector.maskedload %xv[%t100_r0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t100_tx0 = arith.extf %t100_tx0h : vector<16xbf16> to vector<16xf32>
          %t100_tw0h = vector.maskedload %wv[%t100_n0, %Kv], %kmask, %vzb : memref<?x?xbf16, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xbf16> into vector<16xbf16>
          %t100_tw0 = arith.extf %t100_tw0h : vector<16xbf16> to vector<16xf32>
          %t100_g0_0 = vector.fma %t100_tx0, %t100_tw0, %t100_res#0 : vector<16xf32>
          %t100_s0_0 = vector.reduction <add>, %t100_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t100_s0_0, %out[%t100_r0, %t100_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    } else {
      scf.for %s101_m = %mlo to %mhi step %c1 {
        scf.for %s101_n = %nlo to %nhi step %c1 {
          %s101_d = scf.for %s101_k = %c0 to %K step %c1 iter_args(%s101_a = %f0) -> (f32) {
            %s101_xvh = memref.load %x[%s101_m, %s101_k] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
            %s101_xv = arith.extf %s101_xvh : bf16 to f32
            %s101_wvh = memref.load %w[%e, %s101_n, %s101_k] : memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>
            %s101_wv = arith.extf %s101_wvh : bf16 to f32
            %s101_a2 = math.fma %s101_xv, %s101_wv, %s101_a : f32
            scf.yield %s101_a2 : f32
          }
          memref.store %s101_d, %out[%s101_m, %s101_n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
