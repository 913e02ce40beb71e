// Narrow-register version (gen_kernels.py --narrow): 2 x 2 and 1 x 4 register tiles in place of
// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; bitwise the same results.
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
      %b42_ms = arith.subi %jhi, %jlo : index
      %b42_mr = arith.remui %b42_ms, %c2 : index
      %b42_mf = arith.subi %jhi, %b42_mr : index
      %b42_ns = arith.subi %NW, %c0 : index
      %b42_nr4 = arith.remui %b42_ns, %c2 : index
      %b42_nf4 = arith.subi %NW, %b42_nr4 : index
      %b42_nr8 = arith.remui %b42_ns, %c4 : index
      %b42_nf8 = arith.subi %NW, %b42_nr8 : index
      scf.for %b42_m = %jlo to %b42_mf step %c2 {
        scf.for %b42_n = %c0 to %b42_nf4 step %c2 {
          %t43_r0 = arith.addi %b42_m, %c0 : index
          %t43_r1 = arith.addi %b42_m, %c1 : index
          %t43_n0 = arith.addi %b42_n, %c0 : index
          %t43_n1 = arith.addi %b42_n, %c1 : index
          %t43_res:4 = scf.for %t43_k = %c0 to %Kv step %c16 iter_args(%t43_a0_0 = %vz, %t43_a0_1 = %vz, %t43_a1_0 = %vz, %t43_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t43_x0 = vector.load %xv[%t43_r0, %t43_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t43_x1 = vector.load %xv[%t43_r1, %t43_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t43_w0 = vector.load %wv[%t43_n0, %t43_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t43_w1 = vector.load %wv[%t43_n1, %t43_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t43_f0_0 = vector.fma %t43_x0, %t43_w0, %t43_a0_0 : vector<16xf32>
            %t43_f0_1 = vector.fma %t43_x0, %t43_w1, %t43_a0_1 : vector<16xf32>
            %t43_f1_0 = vector.fma %t43_x1, %t43_w0, %t43_a1_0 : vector<16xf32>
            %t43_f1_1 = vector.fma %t43_x1, %t43_w1, %t43_a1_1 : vector<16xf32>
            scf.yield %t43_f0_0, %t43_f0_1, %t43_f1_0, %t43_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t43_tx0 = vector.maskedload %xv[%t43_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t43_tx1 = vector.maskedload %xv[%t43_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t43_tw0 = vector.maskedload %wv[%t43_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t43_tw1 = vector.maskedload %wv[%t43_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t43_g0_0 = vector.fma %t43_tx0, %t43_tw0, %t43_res#0 : vector<16xf32>
          %t43_s0_0 = vector.reduction <add>, %t43_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x44_h = arith.divui %t43_n0, %DD : index
          %x44_d = arith.remui %t43_n0, %DD : index
          %x44_k = arith.cmpi ult, %x44_d, %DN : index
          scf.if %x44_k {
            memref.store %t43_s0_0, %kx[%s, %t43_r0, %x44_h, %x44_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x44_e = arith.subi %x44_d, %DN : index
            memref.store %t43_s0_0, %vx[%s, %t43_r0, %x44_h, %x44_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t43_g0_1 = vector.fma %t43_tx0, %t43_tw1, %t43_res#1 : vector<16xf32>
          %t43_s0_1 = vector.reduction <add>, %t43_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x45_h = arith.divui %t43_n1, %DD : index
          %x45_d = arith.remui %t43_n1, %DD : index
          %x45_k = arith.cmpi ult, %x45_d, %DN : index
          scf.if %x45_k {
            memref.store %t43_s0_1, %kx[%s, %t43_r0, %x45_h, %x45_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x45_e = arith.subi %x45_d, %DN : index
            memref.store %t43_s0_1, %vx[%s, %t43_r0, %x45_h, %x45_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t43_g1_0 = vector.fma %t43_tx1, %t43_tw0, %t43_res#2 : vector<16xf32>
          %t43_s1_0 = vector.reduction <add>, %t43_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x46_h = arith.divui %t43_n0, %DD : index
          %x46_d = arith.remui %t43_n0, %DD : index
          %x46_k = arith.cmpi ult, %x46_d, %DN : index
          scf.if %x46_k {
            memref.store %t43_s1_0, %kx[%s, %t43_r1, %x46_h, %x46_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x46_e = arith.subi %x46_d, %DN : index
            memref.store %t43_s1_0, %vx[%s, %t43_r1, %x46_h, %x46_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t43_g1_1 = vector.fma %t43_tx1, %t43_tw1, %t43_res#3 : vector<16xf32>
          %t43_s1_1 = vector.reduction <add>, %t43_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x47_h = arith.divui %t43_n1, %DD : index
          %x47_d = arith.remui %t43_n1, %DD : index
          %x47_k = arith.cmpi ult, %x47_d, %DN : index
          scf.if %x47_k {
            memref.store %t43_s1_1, %kx[%s, %t43_r1, %x47_h, %x47_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x47_e = arith.subi %x47_d, %DN : index
            memref.store %t43_s1_1, %vx[%s, %t43_r1, %x47_h, %x47_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
        }
        scf.for %b42_n1 = %b42_nf4 to %NW step %c1 {
          %t48_r0 = arith.addi %b42_m, %c0 : index
          %t48_r1 = arith.addi %b42_m, %c1 : index
          %t48_n0 = arith.addi %b42_n1, %c0 : index
          %t48_res:2 = scf.for %t48_k = %c0 to %Kv step %c16 iter_args(%t48_a0_0 = %vz, %t48_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t48_x0 = vector.load %xv[%t48_r0, %t48_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t48_x1 = vector.load %xv[%t48_r1, %t48_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t48_w0 = vector.load %wv[%t48_n0, %t48_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t48_f0_0 = vector.fma %t48_x0, %t48_w0, %t48_a0_0 : vector<16xf32>
            %t48_f1_0 = vector.fma %t48_x1, %t48_w0, %t48_a1_0 : vector<16xf32>
            scf.yield %t48_f0_0, %t48_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t48_tx0 = vector.maskedload %xv[%t48_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t48_tx1 = vector.maskedload %xv[%t48_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t48_tw0 = vector.maskedload %wv[%t48_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t48_g0_0 = vector.fma %t48_tx0, %t48_tw0, %t48_res#0 : vector<16xf32>
          %t48_s0_0 = vector.reduction <add>, %t48_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x49_h = arith.divui %t48_n0, %DD : index
          %x49_d = arith.remui %t48_n0, %DD : index
          %x49_k = arith.cmpi ult, %x49_d, %DN : index
          scf.if %x49_k {
            memref.store %t48_s0_0, %kx[%s, %t48_r0, %x49_h, %x49_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x49_e = arith.subi %x49_d, %DN : index
            memref.store %t48_s0_0, %vx[%s, %t48_r0, %x49_h, %x49_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t48_g1_0 = vector.fma %t48_tx1, %t48_tw0, %t48_res#1 : vector<16xf32>
          %t48_s1_0 = vector.reduction <add>, %t48_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x50_h = arith.divui %t48_n0, %DD : index
          %x50_d = arith.remui %t48_n0, %DD : index
          %x50_k = arith.cmpi ult, %x50_d, %DN : index
          scf.if %x50_k {
            memref.store %t48_s1_0, %kx[%s, %t48_r1, %x50_h, %x50_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x50_e = arith.subi %x50_d, %DN : index
            memref.store %t48_s1_0, %vx[%s, %t48_r1, %x50_h, %x50_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
        }
      }
      scf.for %b42_m1 = %b42_mf to %jhi step %c1 {
        scf.for %b42_n = %c0 to %b42_nf8 step %c4 {
          %t51_r0 = arith.addi %b42_m1, %c0 : index
          %t51_n0 = arith.addi %b42_n, %c0 : index
          %t51_n1 = arith.addi %b42_n, %c1 : index
          %t51_n2 = arith.addi %b42_n, %c2 : index
          %t51_n3 = arith.addi %b42_n, %c3 : index
          %t51_res:4 = scf.for %t51_k = %c0 to %Kv step %c16 iter_args(%t51_a0_0 = %vz, %t51_a0_1 = %vz, %t51_a0_2 = %vz, %t51_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t51_x0 = vector.load %xv[%t51_r0, %t51_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t51_w0 = vector.load %wv[%t51_n0, %t51_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t51_w1 = vector.load %wv[%t51_n1, %t51_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t51_w2 = vector.load %wv[%t51_n2, %t51_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t51_w3 = vector.load %wv[%t51_n3, %t51_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t51_f0_0 = vector.fma %t51_x0, %t51_w0, %t51_a0_0 : vector<16xf32>
            %t51_f0_1 = vector.fma %t51_x0, %t51_w1, %t51_a0_1 : vector<16xf32>
            %t51_f0_2 = vector.fma %t51_x0, %t51_w2, %t51_a0_2 : vector<16xf32>
            %t51_f0_3 = vector.fma %t51_x0, %t51_w3, %t51_a0_3 : vector<16xf32>
            scf.yield %t51_f0_0, %t51_f0_1, %t51_f0_2, %t51_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t51_tx0 = vector.maskedload %xv[%t51_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t51_tw0 = vector.maskedload %wv[%t51_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t51_tw1 = vector.maskedload %wv[%t51_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t51_tw2 = vector.maskedload %wv[%t51_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t51_tw3 = vector.maskedload %wv[%t51_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t51_g0_0 = vector.fma %t51_tx0, %t51_tw0, %t51_res#0 : vector<16xf32>
          %t51_s0_0 = vector.reduction <add>, %t51_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x52_h = arith.divui %t51_n0, %DD : index
          %x52_d = arith.remui %t51_n0, %DD : index
          %x52_k = arith.cmpi ult, %x52_d, %DN : index
          scf.if %x52_k {
            memref.store %t51_s0_0, %kx[%s, %t51_r0, %x52_h, %x52_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x52_e = arith.subi %x52_d, %DN : index
            memref.store %t51_s0_0, %vx[%s, %t51_r0, %x52_h, %x52_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t51_g0_1 = vector.fma %t51_tx0, %t51_tw1, %t51_res#1 : vector<16xf32>
          %t51_s0_1 = vector.reduction <add>, %t51_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x53_h = arith.divui %t51_n1, %DD : index
          %x53_d = arith.remui %t51_n1, %DD : index
          %x53_k = arith.cmpi ult, %x53_d, %DN : index
          scf.if %x53_k {
            memref.store %t51_s0_1, %kx[%s, %t51_r0, %x53_h, %x53_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x53_e = arith.subi %x53_d, %DN : index
            memref.store %t51_s0_1, %vx[%s, %t51_r0, %x53_h, %x53_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t51_g0_2 = vector.fma %t51_tx0, %t51_tw2, %t51_res#2 : vector<16xf32>
          %t51_s0_2 = vector.reduction <add>, %t51_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x54_h = arith.divui %t51_n2, %DD : index
          %x54_d = arith.remui %t51_n2, %DD : index
          %x54_k = arith.cmpi ult, %x54_d, %DN : index
          scf.if %x54_k {
            memref.store %t51_s0_2, %kx[%s, %t51_r0, %x54_h, %x54_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x54_e = arith.subi %x54_d, %DN : index
            memref.store %t51_s0_2, %vx[%s, %t51_r0, %x54_h, %x54_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
          %t51_g0_3 = vector.fma %t51_tx0, %t51_tw3, %t51_res#3 : vector<16xf32>
          %t51_s0_3 = vector.reduction <add>, %t51_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x55_h = arith.divui %t51_n3, %DD : index
          %x55_d = arith.remui %t51_n3, %DD : index
          %x55_k = arith.cmpi ult, %x55_d, %DN : index
          scf.if %x55_k {
            memref.store %t51_s0_3, %kx[%s, %t51_r0, %x55_h, %x55_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x55_e = arith.subi %x55_d, %DN : index
            memref.store %t51_s0_3, %vx[%s, %t51_r0, %x55_h, %x55_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          }
        }
        scf.for %b42_n1 = %b42_nf8 to %NW step %c1 {
          %t56_r0 = arith.addi %b42_m1, %c0 : index
          %t56_n0 = arith.addi %b42_n1, %c0 : index
          %t56_res:1 = scf.for %t56_k = %c0 to %Kv step %c16 iter_args(%t56_a0_0 = %vz) -> (vector<16xf32>) {
            %t56_x0 = vector.load %xv[%t56_r0, %t56_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t56_w0 = vector.load %wv[%t56_n0, %t56_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t56_f0_0 = vector.fma %t56_x0, %t56_w0, %t56_a0_0 : vector<16xf32>
            scf.yield %t56_f0_0 : vector<16xf32>
          }
          %t56_tx0 = vector.maskedload %xv[%t56_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t56_tw0 = vector.maskedload %wv[%t56_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t56_g0_0 = vector.fma %t56_tx0, %t56_tw0, %t56_res#0 : vector<16xf32>
          %t56_s0_0 = vector.reduction <add>, %t56_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          %x57_h = arith.divui %t56_n0, %DD : index
          %x57_d = arith.remui %t56_n0, %DD : index
          %x57_k = arith.cmpi ult, %x57_d, %DN : index
          scf.if %x57_k {
            memref.store %t56_s0_0, %kx[%s, %t56_r0, %x57_h, %x57_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x57_e = arith.subi %x57_d, %DN : index
            memref.store %t56_s0_0, %vx[%s, %t56_r0, %x57_h, %x57_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
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
          %x58_h = arith.divui %r, %DD : index
          %x58_d = arith.remui %r, %DD : index
          %x58_k = arith.cmpi ult, %x58_d, %DN : index
          scf.if %x58_k {
            memref.store %dot, %kx[%s, %j, %x58_h, %x58_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          } else {
            %x58_e = arith.subi %x58_d, %DN : index
            memref.store %dot, %vx[%s, %j, %x58_h, %x58_e] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
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
