// mla_expand: MLA "naive" prefill: expands the latent KV cache kv[S, C, 1, L+R] (per slot and
// position: L latent values, then R rope-key values) through kv_b_proj w[NH*(DN+DV), L] ([out, in];
// rows h*(DN+DV) .. +DN are head h's key rows, the next DV its value rows) into per-head caches
// kx[S, C, NH, DN+R] and vx[S, C, NH, DV]. For every slot s in slots and every position j in
// [0, max{positions[t] : slots[t] = s}]: kx[s, j, h, d] = w[h*(DN+DV) + d, :] . kv[s, j, 0, 0:L]
// (d < DN), kx[s, j, h, DN + i] = kv[s, j, 0, L + i] (i < R), vx[s, j, h, e] =
// w[h*(DN+DV) + DN + e, :] . kv[s, j, 0, 0:L]. Other entries of kx/vx are untouched.
// Sizes from dims: L = dim(w, 1), R = dim(kv, 3) - L, DV = dim(vx, 3), DN = dim(kx, 3) - R,
// NH = dim(kx, 2).
// Work: T tokens split evenly over nwg. Token t expands the rows (m_t, positions[t]] of slot
// s = slots[t], where m_t = max(-1, max{positions[t'] : t' < t, slots[t'] = s}); so every needed
// row is expanded exactly once (by one workgroup, with the same code) whatever the token order or
// nwg. Fast path (kv and w unit stride along the last dim): matmul_nt's register tiles over
// (positions, w rows) (vector<16xf32> vector.fma along L, masked L % 16 tail, vector.reduction
// <add> at the end). Other strides: a scalar loop. kx and vx may be any strided views (scalar
// stores) and must not alias kv or w.
func.func @mla_expand(%wg: index, %nwg: index,
    %kv: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %w: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %slots: memref<?xi64, strided<[?], offset: ?>>,
    %kx: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %vx: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c31 = arith.constant 31 : index
  %c32 = arith.constant 32 : index
  %vz = arith.constant dense<0.0> : vector<16xf32>
  %im1 = arith.constant -1 : i64
  %i1 = arith.constant 1 : i64
  %T = memref.dim %positions, %c0 : memref<?xi64, strided<[?], offset: ?>>
  %C = memref.dim %kv, %c1 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %LR = memref.dim %kv, %c3 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %L = memref.dim %w, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %R = arith.subi %LR, %L : index
  %DV = memref.dim %vx, %c3 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %DNR = memref.dim %kx, %c3 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %DN = arith.subi %DNR, %R : index
  %NH = memref.dim %kx, %c2 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %DD = arith.addi %DN, %DV : index
  %NW = arith.muli %NH, %DD : index
  %Kr = arith.remui %L, %c16 : index
  %Kv = arith.subi %L, %Kr : index
  %kmask = vector.create_mask %Kr : vector<16xi1>
  %kvb, %kvo, %kvsz:4, %kvst:4 = memref.extract_strided_metadata %kv : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index, index, index
  %wb, %wo, %wsz:2, %wst:2 = memref.extract_strided_metadata %w : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  %ku = arith.cmpi eq, %kvst#3, %c1 : index
  %wu = arith.cmpi eq, %wst#1, %c1 : index
  %fast = arith.andi %ku, %wu : i1
  %wv = memref.reinterpret_cast %wb to offset: [%wo], sizes: [%NW, %L], strides: [%wst#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
    %s = arith.index_cast %s64 : i64 to index
    // m_t = max(-1, max{positions[t'] : t' < t, slots[t'] = slots[t]})
    %m64 = scf.for %tp = %c0 to %t step %c1 iter_args(%m = %im1) -> (i64) {
      %sp = memref.load %slots[%tp] : memref<?xi64, strided<[?], offset: ?>>
      %pp = memref.load %positions[%tp] : memref<?xi64, strided<[?], offset: ?>>
      %same = arith.cmpi eq, %sp, %s64 : i64
      %mx = arith.maxsi %m, %pp : i64
      %m2 = arith.select %same, %mx, %m : i64
      scf.yield %m2 : i64
    }
    // rows (m_t, p_t] of slot s
    %jlo64 = arith.addi %m64, %i1 : i64
    %jhi64 = arith.addi %p64, %i1 : i64
    %jlo = arith.index_cast %jlo64 : i64 to index
    %jhi0 = arith.index_cast %jhi64 : i64 to index
    %jhi = arith.maxsi %jhi0, %jlo : index
    scf.if %fast {
      %so0 = arith.muli %s, %kvst#0 : index
      %so = arith.addi %kvo, %so0 : index
      %xv = memref.reinterpret_cast %kvb to offset: [%so], sizes: [%C, %L], strides: [%kvst#1, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      %b78_ms = arith.subi %jhi, %jlo : index
      %b78_mr = arith.remui %b78_ms, %c4 : index
      %b78_mf = arith.subi %jhi, %b78_mr : index
      %b78_ns = arith.subi %NW, %c0 : index
      %b78_nr4 = arith.remui %b78_ns, %c4 : index
      %b78_nf4 = arith.subi %NW, %b78_nr4 : index
      %b78_nr8 = arith.remui %b78_ns, %c8 : index
      %b78_nf8 = arith.subi %NW, %b78_nr8 : index
      scf.for %b78_m = %jlo to %b78_mf step %c4 {
        scf.for %b78_n = %c0 to %b78_nf4 step %c4 {
          %t79_r0 = arith.addi %b78_m, %c0 : index
          %t79_r1 = arith.addi %b78_m, %c1 : index
          %t79_r2 = arith.addi %b78_m, %c2 : index
          %t79_r3 = arith.addi %b78_m, %c3 : index
          %t79_n0 = arith.addi %b78_n, %c0 : index
          %t79_n1 = arith.addi %b78_n, %c1 : index
          %t79_n2 = arith.addi %b78_n, %c2 : index
          %t79_n3 = arith.addi %b78_n, %c3 : index
          %t79_res:16 = scf.for %t79_k = %c0 to %Kv step %c16 iter_args(%t79_a0_0 = %vz, %t79_a0_1 = %vz, %t79_a0_2 = %vz, %t79_a0_3 = %vz, %t79_a1_0 = %vz, %t79_a1_1 = %vz, %t79_a1_2 = %vz, %t79_a1_3 = %vz, %t79_a2_0 = %vz, %t79_a2_1 = %vz, %t79_a2_2 = %vz, %t79_a2_3 = %vz, %t79_a3_0 = %vz, %t79_a3_1 = %vz, %t79_a3_2 = %vz, %t79_a3_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t79_x0 = vector.load %xv[%t79_r0, %t79_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t79_x1 = vector.load %xv[%t79_r1, %t79_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t79_x2 = vector.load %xv[%t79_r2, %t79_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t79_x3 = vector.load %xv[%t79_r3, %t79_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t79_w0 = vector.load %wv[%t79_n0, %t79_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t79_w1 = vector.load %wv[%t79_n1, %t79_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t79_w2 = vector.load %wv[%t79_n2, %t79_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t79_w3 = vector.load %wv[%t79_n3, %t79_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t79_f0_0 = vector.fma %t79_x0, %t79_w0, %t79_a0_0 : vector<16xf32>
            %t79_f0_1 = vector.fma %t79_x0, %t79_w1, %t79_a0_1 : vector<16xf32>
            %t79_f0_2 = vector.fma %t79_x0, %t79_w2, %t79_a0_2 : vector<16xf32>
            %t79_f0_3 = vector.fma %t79_x0, %t79_w3, %t79_a0_3 : vector<16xf32>
            %t79_f1_0 = vector.fma %t79_x1, %t79_w0, %t79_a1_0 : vector<16xf32>
            %t79_f1_1 = vector.fma %t79_x1, %t79_w1, %t79_a1_1 : vector<16xf32>
            %t79_f1_2 = vector.fma %t79_x1, %t79_w2, %t79_a1_2 : vector<16xf32>
            %t79_f1_3 = vector.fma %t79_x1, %t79_w3, %t79_a1_3 : vector<16xf32>
            %t79_f2_0 = vector.fma %t79_x2, %t79_w0, %t79_a2_0 : vector<16xf32>
            %t79_f2_1 = vector.fma %t79_x2, %t79_w1, %t79_a2_1 : vector<16xf32>
            %t79_f2_2 = vector.fma %t79_x2, %t79_w2, %t79_a2_2 : vector<16xf32>
            %t79_f2_3 = vector.fma %t79_x2, %t79_w3, %t79_a2_3 : vector<16xf32>
            %t79_f3_0 = vector.fma %t79_x3, %t79_w0, %t79_a3_0 : vector<16xf32>
            %t79_f3_1 = vector.fma %t79_x3, %t79_w1, %t79_a3_1 : vector<16xf32>
            %t79_f3_2 = vector.fma %t79_x3, %t79_w2, %t79_a3_2 : vector<16xf32>
            %t79_f3_3 = vector.fma %t79_x3, %t79_w3, %t79_a3_3 : vector<16xf32>
            scf.yield %t79_f0_0, %t79_f0_1, %t79_f0_2, %t79_f0_3, %t79_f1_0, %t79_f1_1, %t79_f1_2, %t79_f1_3, %t79_f2_0, %t79_f2_1, %t79_f2_2, %t79_f2_3, %t79_f3_0, %t79_f3_1, %t79_f3_2, %t79_f3_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t79_tx0 = vector.maskedload %xv[%t79_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t79_tx1 = vector.maskedload %xv[%t79_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t79_tx2 = vector.maskedload %xv[%t79_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t79_tx3 = vector.maskedload %xv[%t79_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t79_tw0 = vector.maskedload %wv[%t79_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t79_tw1 = vector.maskedload %wv[%t79_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t79_tw2 = vector.maskedload %wv[%t79_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t79_tw3 = vector.maskedload %wv[%t79_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t79_g0_0 = vector.fma %t79_tx0, %t79_tw0, %t79_res#0 : vector<16xf32>
          %t79_s0_0 = vector.reduction <add>, %t79_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x80_h = arith.divui %t79_n0, %DD : index
          %x80_d = arith.remui %t79_n0, %DD : index
          %x80_k = arith.cmpi ult, %x80_d, %DN : index
          scf.if %x80_k {
            memref.store %t79_s0_0, %kx[%s, %t79_r0, %x80_h, %x80_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x80_e = arith.subi %x80_d, %DN : index
            memref.store %t79_s0_0, %vx[%s, %t79_r0, %x80_h, %x80_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g0_1 = vector.fma %t79_tx0, %t79_tw1, %t79_res#1 : vector<16xf32>
          %t79_s0_1 = vector.reduction <add>, %t79_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x81_h = arith.divui %t79_n1, %DD : index
          %x81_d = arith.remui %t79_n1, %DD : index
          %x81_k = arith.cmpi ult, %x81_d, %DN : index
          scf.if %x81_k {
            memref.store %t79_s0_1, %kx[%s, %t79_r0, %x81_h, %x81_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x81_e = arith.subi %x81_d, %DN : index
            memref.store %t79_s0_1, %vx[%s, %t79_r0, %x81_h, %x81_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g0_2 = vector.fma %t79_tx0, %t79_tw2, %t79_res#2 : vector<16xf32>
          %t79_s0_2 = vector.reduction <add>, %t79_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x82_h = arith.divui %t79_n2, %DD : index
          %x82_d = arith.remui %t79_n2, %DD : index
          %x82_k = arith.cmpi ult, %x82_d, %DN : index
          scf.if %x82_k {
            memref.store %t79_s0_2, %kx[%s, %t79_r0, %x82_h, %x82_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x82_e = arith.subi %x82_d, %DN : index
            memref.store %t79_s0_2, %vx[%s, %t79_r0, %x82_h, %x82_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g0_3 = vector.fma %t79_tx0, %t79_tw3, %t79_res#3 : vector<16xf32>
          %t79_s0_3 = vector.reduction <add>, %t79_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x83_h = arith.divui %t79_n3, %DD : index
          %x83_d = arith.remui %t79_n3, %DD : index
          %x83_k = arith.cmpi ult, %x83_d, %DN : index
          scf.if %x83_k {
            memref.store %t79_s0_3, %kx[%s, %t79_r0, %x83_h, %x83_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x83_e = arith.subi %x83_d, %DN : index
            memref.store %t79_s0_3, %vx[%s, %t79_r0, %x83_h, %x83_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g1_0 = vector.fma %t79_tx1, %t79_tw0, %t79_res#4 : vector<16xf32>
          %t79_s1_0 = vector.reduction <add>, %t79_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x84_h = arith.divui %t79_n0, %DD : index
          %x84_d = arith.remui %t79_n0, %DD : index
          %x84_k = arith.cmpi ult, %x84_d, %DN : index
          scf.if %x84_k {
            memref.store %t79_s1_0, %kx[%s, %t79_r1, %x84_h, %x84_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x84_e = arith.subi %x84_d, %DN : index
            memref.store %t79_s1_0, %vx[%s, %t79_r1, %x84_h, %x84_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g1_1 = vector.fma %t79_tx1, %t79_tw1, %t79_res#5 : vector<16xf32>
          %t79_s1_1 = vector.reduction <add>, %t79_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x85_h = arith.divui %t79_n1, %DD : index
          %x85_d = arith.remui %t79_n1, %DD : index
          %x85_k = arith.cmpi ult, %x85_d, %DN : index
          scf.if %x85_k {
            memref.store %t79_s1_1, %kx[%s, %t79_r1, %x85_h, %x85_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x85_e = arith.subi %x85_d, %DN : index
            memref.store %t79_s1_1, %vx[%s, %t79_r1, %x85_h, %x85_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g1_2 = vector.fma %t79_tx1, %t79_tw2, %t79_res#6 : vector<16xf32>
          %t79_s1_2 = vector.reduction <add>, %t79_g1_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x86_h = arith.divui %t79_n2, %DD : index
          %x86_d = arith.remui %t79_n2, %DD : index
          %x86_k = arith.cmpi ult, %x86_d, %DN : index
          scf.if %x86_k {
            memref.store %t79_s1_2, %kx[%s, %t79_r1, %x86_h, %x86_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x86_e = arith.subi %x86_d, %DN : index
            memref.store %t79_s1_2, %vx[%s, %t79_r1, %x86_h, %x86_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g1_3 = vector.fma %t79_tx1, %t79_tw3, %t79_res#7 : vector<16xf32>
          %t79_s1_3 = vector.reduction <add>, %t79_g1_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x87_h = arith.divui %t79_n3, %DD : index
          %x87_d = arith.remui %t79_n3, %DD : index
          %x87_k = arith.cmpi ult, %x87_d, %DN : index
          scf.if %x87_k {
            memref.store %t79_s1_3, %kx[%s, %t79_r1, %x87_h, %x87_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x87_e = arith.subi %x87_d, %DN : index
            memref.store %t79_s1_3, %vx[%s, %t79_r1, %x87_h, %x87_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g2_0 = vector.fma %t79_tx2, %t79_tw0, %t79_res#8 : vector<16xf32>
          %t79_s2_0 = vector.reduction <add>, %t79_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x88_h = arith.divui %t79_n0, %DD : index
          %x88_d = arith.remui %t79_n0, %DD : index
          %x88_k = arith.cmpi ult, %x88_d, %DN : index
          scf.if %x88_k {
            memref.store %t79_s2_0, %kx[%s, %t79_r2, %x88_h, %x88_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x88_e = arith.subi %x88_d, %DN : index
            memref.store %t79_s2_0, %vx[%s, %t79_r2, %x88_h, %x88_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g2_1 = vector.fma %t79_tx2, %t79_tw1, %t79_res#9 : vector<16xf32>
          %t79_s2_1 = vector.reduction <add>, %t79_g2_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x89_h = arith.divui %t79_n1, %DD : index
          %x89_d = arith.remui %t79_n1, %DD : index
          %x89_k = arith.cmpi ult, %x89_d, %DN : index
          scf.if %x89_k {
            memref.store %t79_s2_1, %kx[%s, %t79_r2, %x89_h, %x89_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x89_e = arith.subi %x89_d, %DN : index
            memref.store %t79_s2_1, %vx[%s, %t79_r2, %x89_h, %x89_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g2_2 = vector.fma %t79_tx2, %t79_tw2, %t79_res#10 : vector<16xf32>
          %t79_s2_2 = vector.reduction <add>, %t79_g2_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x90_h = arith.divui %t79_n2, %DD : index
          %x90_d = arith.remui %t79_n2, %DD : index
          %x90_k = arith.cmpi ult, %x90_d, %DN : index
          scf.if %x90_k {
            memref.store %t79_s2_2, %kx[%s, %t79_r2, %x90_h, %x90_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x90_e = arith.subi %x90_d, %DN : index
            memref.store %t79_s2_2, %vx[%s, %t79_r2, %x90_h, %x90_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g2_3 = vector.fma %t79_tx2, %t79_tw3, %t79_res#11 : vector<16xf32>
          %t79_s2_3 = vector.reduction <add>, %t79_g2_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x91_h = arith.divui %t79_n3, %DD : index
          %x91_d = arith.remui %t79_n3, %DD : index
          %x91_k = arith.cmpi ult, %x91_d, %DN : index
          scf.if %x91_k {
            memref.store %t79_s2_3, %kx[%s, %t79_r2, %x91_h, %x91_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x91_e = arith.subi %x91_d, %DN : index
            memref.store %t79_s2_3, %vx[%s, %t79_r2, %x91_h, %x91_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g3_0 = vector.fma %t79_tx3, %t79_tw0, %t79_res#12 : vector<16xf32>
          %t79_s3_0 = vector.reduction <add>, %t79_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x92_h = arith.divui %t79_n0, %DD : index
          %x92_d = arith.remui %t79_n0, %DD : index
          %x92_k = arith.cmpi ult, %x92_d, %DN : index
          scf.if %x92_k {
            memref.store %t79_s3_0, %kx[%s, %t79_r3, %x92_h, %x92_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x92_e = arith.subi %x92_d, %DN : index
            memref.store %t79_s3_0, %vx[%s, %t79_r3, %x92_h, %x92_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g3_1 = vector.fma %t79_tx3, %t79_tw1, %t79_res#13 : vector<16xf32>
          %t79_s3_1 = vector.reduction <add>, %t79_g3_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x93_h = arith.divui %t79_n1, %DD : index
          %x93_d = arith.remui %t79_n1, %DD : index
          %x93_k = arith.cmpi ult, %x93_d, %DN : index
          scf.if %x93_k {
            memref.store %t79_s3_1, %kx[%s, %t79_r3, %x93_h, %x93_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x93_e = arith.subi %x93_d, %DN : index
            memref.store %t79_s3_1, %vx[%s, %t79_r3, %x93_h, %x93_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g3_2 = vector.fma %t79_tx3, %t79_tw2, %t79_res#14 : vector<16xf32>
          %t79_s3_2 = vector.reduction <add>, %t79_g3_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x94_h = arith.divui %t79_n2, %DD : index
          %x94_d = arith.remui %t79_n2, %DD : index
          %x94_k = arith.cmpi ult, %x94_d, %DN : index
          scf.if %x94_k {
            memref.store %t79_s3_2, %kx[%s, %t79_r3, %x94_h, %x94_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x94_e = arith.subi %x94_d, %DN : index
            memref.store %t79_s3_2, %vx[%s, %t79_r3, %x94_h, %x94_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t79_g3_3 = vector.fma %t79_tx3, %t79_tw3, %t79_res#15 : vector<16xf32>
          %t79_s3_3 = vector.reduction <add>, %t79_g3_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x95_h = arith.divui %t79_n3, %DD : index
          %x95_d = arith.remui %t79_n3, %DD : index
          %x95_k = arith.cmpi ult, %x95_d, %DN : index
          scf.if %x95_k {
            memref.store %t79_s3_3, %kx[%s, %t79_r3, %x95_h, %x95_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x95_e = arith.subi %x95_d, %DN : index
            memref.store %t79_s3_3, %vx[%s, %t79_r3, %x95_h, %x95_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
        }
        scf.for %b78_n1 = %b78_nf4 to %NW step %c1 {
          %t96_r0 = arith.addi %b78_m, %c0 : index
          %t96_r1 = arith.addi %b78_m, %c1 : index
          %t96_r2 = arith.addi %b78_m, %c2 : index
          %t96_r3 = arith.addi %b78_m, %c3 : index
          %t96_n0 = arith.addi %b78_n1, %c0 : index
          %t96_res:4 = scf.for %t96_k = %c0 to %Kv step %c16 iter_args(%t96_a0_0 = %vz, %t96_a1_0 = %vz, %t96_a2_0 = %vz, %t96_a3_0 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t96_x0 = vector.load %xv[%t96_r0, %t96_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t96_x1 = vector.load %xv[%t96_r1, %t96_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t96_x2 = vector.load %xv[%t96_r2, %t96_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t96_x3 = vector.load %xv[%t96_r3, %t96_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t96_w0 = vector.load %wv[%t96_n0, %t96_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t96_f0_0 = vector.fma %t96_x0, %t96_w0, %t96_a0_0 : vector<16xf32>
            %t96_f1_0 = vector.fma %t96_x1, %t96_w0, %t96_a1_0 : vector<16xf32>
            %t96_f2_0 = vector.fma %t96_x2, %t96_w0, %t96_a2_0 : vector<16xf32>
            %t96_f3_0 = vector.fma %t96_x3, %t96_w0, %t96_a3_0 : vector<16xf32>
            scf.yield %t96_f0_0, %t96_f1_0, %t96_f2_0, %t96_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t96_tx0 = vector.maskedload %xv[%t96_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t96_tx1 = vector.maskedload %xv[%t96_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t96_tx2 = vector.maskedload %xv[%t96_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t96_tx3 = vector.maskedload %xv[%t96_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t96_tw0 = vector.maskedload %wv[%t96_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t96_g0_0 = vector.fma %t96_tx0, %t96_tw0, %t96_res#0 : vector<16xf32>
          %t96_s0_0 = vector.reduction <add>, %t96_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x97_h = arith.divui %t96_n0, %DD : index
          %x97_d = arith.remui %t96_n0, %DD : index
          %x97_k = arith.cmpi ult, %x97_d, %DN : index
          scf.if %x97_k {
            memref.store %t96_s0_0, %kx[%s, %t96_r0, %x97_h, %x97_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x97_e = arith.subi %x97_d, %DN : index
            memref.store %t96_s0_0, %vx[%s, %t96_r0, %x97_h, %x97_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t96_g1_0 = vector.fma %t96_tx1, %t96_tw0, %t96_res#1 : vector<16xf32>
          %t96_s1_0 = vector.reduction <add>, %t96_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x98_h = arith.divui %t96_n0, %DD : index
          %x98_d = arith.remui %t96_n0, %DD : index
          %x98_k = arith.cmpi ult, %x98_d, %DN : index
          scf.if %x98_k {
            memref.store %t96_s1_0, %kx[%s, %t96_r1, %x98_h, %x98_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x98_e = arith.subi %x98_d, %DN : index
            memref.store %t96_s1_0, %vx[%s, %t96_r1, %x98_h, %x98_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t96_g2_0 = vector.fma %t96_tx2, %t96_tw0, %t96_res#2 : vector<16xf32>
          %t96_s2_0 = vector.reduction <add>, %t96_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x99_h = arith.divui %t96_n0, %DD : index
          %x99_d = arith.remui %t96_n0, %DD : index
          %x99_k = arith.cmpi ult, %x99_d, %DN : index
          scf.if %x99_k {
            memref.store %t96_s2_0, %kx[%s, %t96_r2, %x99_h, %x99_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x99_e = arith.subi %x99_d, %DN : index
            memref.store %t96_s2_0, %vx[%s, %t96_r2, %x99_h, %x99_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t96_g3_0 = vector.fma %t96_tx3, %t96_tw0, %t96_res#3 : vector<16xf32>
          %t96_s3_0 = vector.reduction <add>, %t96_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x100_h = arith.divui %t96_n0, %DD : index
          %x100_d = arith.remui %t96_n0, %DD : index
          %x100_k = arith.cmpi ult, %x100_d, %DN : index
          scf.if %x100_k {
            memref.store %t96_s3_0, %kx[%s, %t96_r3, %x100_h, %x100_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x100_e = arith.subi %x100_d, %DN : index
            memref.store %t96_s3_0, %vx[%s, %t96_r3, %x100_h, %x100_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
        }
      }
      scf.for %b78_m1 = %b78_mf to %jhi step %c1 {
        scf.for %b78_n = %c0 to %b78_nf8 step %c8 {
          %t101_r0 = arith.addi %b78_m1, %c0 : index
          %t101_n0 = arith.addi %b78_n, %c0 : index
          %t101_n1 = arith.addi %b78_n, %c1 : index
          %t101_n2 = arith.addi %b78_n, %c2 : index
          %t101_n3 = arith.addi %b78_n, %c3 : index
          %t101_n4 = arith.addi %b78_n, %c4 : index
          %t101_n5 = arith.addi %b78_n, %c5 : index
          %t101_n6 = arith.addi %b78_n, %c6 : index
          %t101_n7 = arith.addi %b78_n, %c7 : index
          %t101_res:8 = scf.for %t101_k = %c0 to %Kv step %c16 iter_args(%t101_a0_0 = %vz, %t101_a0_1 = %vz, %t101_a0_2 = %vz, %t101_a0_3 = %vz, %t101_a0_4 = %vz, %t101_a0_5 = %vz, %t101_a0_6 = %vz, %t101_a0_7 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t101_x0 = vector.load %xv[%t101_r0, %t101_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t101_w0 = vector.load %wv[%t101_n0, %t101_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t101_w1 = vector.load %wv[%t101_n1, %t101_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t101_w2 = vector.load %wv[%t101_n2, %t101_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t101_w3 = vector.load %wv[%t101_n3, %t101_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t101_w4 = vector.load %wv[%t101_n4, %t101_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t101_w5 = vector.load %wv[%t101_n5, %t101_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t101_w6 = vector.load %wv[%t101_n6, %t101_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t101_w7 = vector.load %wv[%t101_n7, %t101_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t101_f0_0 = vector.fma %t101_x0, %t101_w0, %t101_a0_0 : vector<16xf32>
            %t101_f0_1 = vector.fma %t101_x0, %t101_w1, %t101_a0_1 : vector<16xf32>
            %t101_f0_2 = vector.fma %t101_x0, %t101_w2, %t101_a0_2 : vector<16xf32>
            %t101_f0_3 = vector.fma %t101_x0, %t101_w3, %t101_a0_3 : vector<16xf32>
            %t101_f0_4 = vector.fma %t101_x0, %t101_w4, %t101_a0_4 : vector<16xf32>
            %t101_f0_5 = vector.fma %t101_x0, %t101_w5, %t101_a0_5 : vector<16xf32>
            %t101_f0_6 = vector.fma %t101_x0, %t101_w6, %t101_a0_6 : vector<16xf32>
            %t101_f0_7 = vector.fma %t101_x0, %t101_w7, %t101_a0_7 : vector<16xf32>
            scf.yield %t101_f0_0, %t101_f0_1, %t101_f0_2, %t101_f0_3, %t101_f0_4, %t101_f0_5, %t101_f0_6, %t101_f0_7 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t101_tx0 = vector.maskedload %xv[%t101_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t101_tw0 = vector.maskedload %wv[%t101_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t101_tw1 = vector.maskedload %wv[%t101_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t101_tw2 = vector.maskedload %wv[%t101_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t101_tw3 = vector.maskedload %wv[%t101_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t101_tw4 = vector.maskedload %wv[%t101_n4, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t101_tw5 = vector.maskedload %wv[%t101_n5, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t101_tw6 = vector.maskedload %wv[%t101_n6, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t101_tw7 = vector.maskedload %wv[%t101_n7, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t101_g0_0 = vector.fma %t101_tx0, %t101_tw0, %t101_res#0 : vector<16xf32>
          %t101_s0_0 = vector.reduction <add>, %t101_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x102_h = arith.divui %t101_n0, %DD : index
          %x102_d = arith.remui %t101_n0, %DD : index
          %x102_k = arith.cmpi ult, %x102_d, %DN : index
          scf.if %x102_k {
            memref.store %t101_s0_0, %kx[%s, %t101_r0, %x102_h, %x102_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x102_e = arith.subi %x102_d, %DN : index
            memref.store %t101_s0_0, %vx[%s, %t101_r0, %x102_h, %x102_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t101_g0_1 = vector.fma %t101_tx0, %t101_tw1, %t101_res#1 : vector<16xf32>
          %t101_s0_1 = vector.reduction <add>, %t101_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x103_h = arith.divui %t101_n1, %DD : index
          %x103_d = arith.remui %t101_n1, %DD : index
          %x103_k = arith.cmpi ult, %x103_d, %DN : index
          scf.if %x103_k {
            memref.store %t101_s0_1, %kx[%s, %t101_r0, %x103_h, %x103_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x103_e = arith.subi %x103_d, %DN : index
            memref.store %t101_s0_1, %vx[%s, %t101_r0, %x103_h, %x103_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t101_g0_2 = vector.fma %t101_tx0, %t101_tw2, %t101_res#2 : vector<16xf32>
          %t101_s0_2 = vector.reduction <add>, %t101_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x104_h = arith.divui %t101_n2, %DD : index
          %x104_d = arith.remui %t101_n2, %DD : index
          %x104_k = arith.cmpi ult, %x104_d, %DN : index
          scf.if %x104_k {
            memref.store %t101_s0_2, %kx[%s, %t101_r0, %x104_h, %x104_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x104_e = arith.subi %x104_d, %DN : index
            memref.store %t101_s0_2, %vx[%s, %t101_r0, %x104_h, %x104_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t101_g0_3 = vector.fma %t101_tx0, %t101_tw3, %t101_res#3 : vector<16xf32>
          %t101_s0_3 = vector.reduction <add>, %t101_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x105_h = arith.divui %t101_n3, %DD : index
          %x105_d = arith.remui %t101_n3, %DD : index
          %x105_k = arith.cmpi ult, %x105_d, %DN : index
          scf.if %x105_k {
            memref.store %t101_s0_3, %kx[%s, %t101_r0, %x105_h, %x105_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x105_e = arith.subi %x105_d, %DN : index
            memref.store %t101_s0_3, %vx[%s, %t101_r0, %x105_h, %x105_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t101_g0_4 = vector.fma %t101_tx0, %t101_tw4, %t101_res#4 : vector<16xf32>
          %t101_s0_4 = vector.reduction <add>, %t101_g0_4 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x106_h = arith.divui %t101_n4, %DD : index
          %x106_d = arith.remui %t101_n4, %DD : index
          %x106_k = arith.cmpi ult, %x106_d, %DN : index
          scf.if %x106_k {
            memref.store %t101_s0_4, %kx[%s, %t101_r0, %x106_h, %x106_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x106_e = arith.subi %x106_d, %DN : index
            memref.store %t101_s0_4, %vx[%s, %t101_r0, %x106_h, %x106_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t101_g0_5 = vector.fma %t101_tx0, %t101_tw5, %t101_res#5 : vector<16xf32>
          %t101_s0_5 = vector.reduction <add>, %t101_g0_5 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x107_h = arith.divui %t101_n5, %DD : index
          %x107_d = arith.remui %t101_n5, %DD : index
          %x107_k = arith.cmpi ult, %x107_d, %DN : index
          scf.if %x107_k {
            memref.store %t101_s0_5, %kx[%s, %t101_r0, %x107_h, %x107_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x107_e = arith.subi %x107_d, %DN : index
            memref.store %t101_s0_5, %vx[%s, %t101_r0, %x107_h, %x107_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t101_g0_6 = vector.fma %t101_tx0, %t101_tw6, %t101_res#6 : vector<16xf32>
          %t101_s0_6 = vector.reduction <add>, %t101_g0_6 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x108_h = arith.divui %t101_n6, %DD : index
          %x108_d = arith.remui %t101_n6, %DD : index
          %x108_k = arith.cmpi ult, %x108_d, %DN : index
          scf.if %x108_k {
            memref.store %t101_s0_6, %kx[%s, %t101_r0, %x108_h, %x108_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x108_e = arith.subi %x108_d, %DN : index
            memref.store %t101_s0_6, %vx[%s, %t101_r0, %x108_h, %x108_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t101_g0_7 = vector.fma %t101_tx0, %t101_tw7, %t101_res#7 : vector<16xf32>
          %t101_s0_7 = vector.reduction <add>, %t101_g0_7 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x109_h = arith.divui %t101_n7, %DD : index
          %x109_d = arith.remui %t101_n7, %DD : index
          %x109_k = arith.cmpi ult, %x109_d, %DN : index
          scf.if %x109_k {
            memref.store %t101_s0_7, %kx[%s, %t101_r0, %x109_h, %x109_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x109_e = arith.subi %x109_d, %DN : index
            memref.store %t101_s0_7, %vx[%s, %t101_r0, %x109_h, %x109_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
        }
        scf.for %b78_n1 = %b78_nf8 to %NW step %c1 {
          %t110_r0 = arith.addi %b78_m1, %c0 : index
          %t110_n0 = arith.addi %b78_n1, %c0 : index
          %t110_res:1 = scf.for %t110_k = %c0 to %Kv step %c16 iter_args(%t110_a0_0 = %vz) -> (vector<16xf32>) {
            %t110_x0 = vector.load %xv[%t110_r0, %t110_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t110_w0 = vector.load %wv[%t110_n0, %t110_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t110_f0_0 = vector.fma %t110_x0, %t110_w0, %t110_a0_0 : vector<16xf32>
            scf.yield %t110_f0_0 : vector<16xf32>
          }
          %t110_tx0 = vector.maskedload %xv[%t110_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t110_tw0 = vector.maskedload %wv[%t110_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t110_g0_0 = vector.fma %t110_tx0, %t110_tw0, %t110_res#0 : vector<16xf32>
          %t110_s0_0 = vector.reduction <add>, %t110_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x111_h = arith.divui %t110_n0, %DD : index
          %x111_d = arith.remui %t110_n0, %DD : index
          %x111_k = arith.cmpi ult, %x111_d, %DN : index
          scf.if %x111_k {
            memref.store %t110_s0_0, %kx[%s, %t110_r0, %x111_h, %x111_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x111_e = arith.subi %x111_d, %DN : index
            memref.store %t110_s0_0, %vx[%s, %t110_r0, %x111_h, %x111_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
        }
      }
    } else {
      scf.for %j = %jlo to %jhi step %c1 {
        scf.for %r = %c0 to %NW step %c1 {
          %dot = scf.for %k = %c0 to %L step %c1 iter_args(%a = %f0) -> (f32) {
            %kvs = memref.load %kv[%s, %j, %c0, %k] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %ws = memref.load %w[%r, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
            %a2 = math.fma %kvs, %ws, %a : f32
            scf.yield %a2 : f32
          }
          %x112_h = arith.divui %r, %DD : index
          %x112_d = arith.remui %r, %DD : index
          %x112_k = arith.cmpi ult, %x112_d, %DN : index
          scf.if %x112_k {
            memref.store %dot, %kx[%s, %j, %x112_h, %x112_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x112_e = arith.subi %x112_d, %DN : index
            memref.store %dot, %vx[%s, %j, %x112_h, %x112_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
        }
      }
    }
    // the rope part of the keys: kx[s, j, h, DN + i] = kv[s, j, 0, L + i]
    scf.for %j = %jlo to %jhi step %c1 {
      scf.for %hh = %c0 to %NH step %c1 {
        scf.for %i = %c0 to %R step %c1 {
          %li = arith.addi %L, %i : index
          %di = arith.addi %DN, %i : index
          %rv = memref.load %kv[%s, %j, %c0, %li] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          memref.store %rv, %kx[%s, %j, %hh, %di] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
