// attention_grad: gradient of `attention` (same key ranges: token t, head h, kv head
// g = h / (NH/NKV), p = positions[t], s = slots[t], keys j in [lo, p] of slot s with the window /
// chunk rule; logits scale * q.k; the sink logit sinks[h] in the max and the denominator when
// has_sinks). Two launches with the same arguments:
// phase 0 (items T*NH): per (t, h): m = max of the logits (and the sink), l = sum exp(logit - m)
//   (+ exp(sink - m)), lse[t, h] = m + log(l); delta[t, h] = dout[t, h] . out[t, h];
//   P_j = exp(logit_j - lse), dP_j = dout[t, h] . vc[s, j, g], dS_j = P_j (dP_j - delta);
//   dq[t, h] = scale * sum_j dS_j kc[s, j, g] (written); has_sinks: dsinks[t, h] =
//   -exp(sinks[h] - lse) * delta (dsinks untouched and may be absent otherwise).
// phase 1 (items S*C*NKV, item (s, j, g) row-major): dkc[s, j, g] = scale * sum dS_tj q[t, h],
//   dvc[s, j, g] = sum P_tj dout[t, h] over tokens t ascending with slots[t] == s and j in t's key
//   range, and heads h of group g ascending (an O(T) scan per key row); P and dS recomputed from
//   lse and delta. Both are written for every (s, j, g), zero where no query attends.
// dq, dkc, dvc must not alias q, kc, vc, out or dout. Fast path (unit stride along the head dim of
// q, kc, vc, out, dout, dq, dkc, dvc): vector<16xf32> dot products (vector.reduction) and fma
// updates with masked tails; otherwise scalar. Sums over keys / tokens run in a fixed order, so
// results do not depend on nwg.
func.func @attention_grad(%wg: index, %nwg: index,
    %q: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %kc: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %vc: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %slots: memref<?xi64, strided<[?], offset: ?>>,
    %sinks: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %dout: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %dq: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %dkc: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %dvc: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %lse: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %delta: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dsinks: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %scale: f32,
    %window: i64,
    %chunk: i64,
    %has_sinks: i64,
    %phase: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %c16 = arith.constant 16 : index
  %vz = arith.constant dense<0.0> : vector<16xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %i1 = arith.constant 1 : i64
  %T = memref.dim %q, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NH = memref.dim %q, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %D = memref.dim %q, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %S = memref.dim %kc, %c0 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %C = memref.dim %kc, %c1 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %NKV = memref.dim %kc, %c2 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %DV = memref.dim %vc, %c3 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %rep = arith.divui %NH, %NKV : index
  %Dr = arith.remui %D, %c16 : index
  %Dv = arith.subi %D, %Dr : index
  %kmask = vector.create_mask %Dr : vector<16xi1>
  %DVr = arith.remui %DV, %c16 : index
  %DVv = arith.subi %DV, %DVr : index
  %vmask = vector.create_mask %DVr : vector<16xi1>
  %hs = arith.cmpi ne, %has_sinks, %i0 : i64
  %win = arith.cmpi sgt, %window, %i0 : i64
  %chk = arith.cmpi sgt, %chunk, %i0 : i64
  %winx = arith.index_cast %window : i64 to index
  %chunkx = arith.index_cast %chunk : i64 to index
  %chd = arith.select %chk, %chunkx, %c1 : index
  %is_p0 = arith.cmpi eq, %phase, %i0 : i64
  %q_b, %q_o, %q_sz:3, %q_st:3 = memref.extract_strided_metadata %q : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %kc_b, %kc_o, %kc_sz:4, %kc_st:4 = memref.extract_strided_metadata %kc : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index, index, index
  %vc_b, %vc_o, %vc_sz:4, %vc_st:4 = memref.extract_strided_metadata %vc : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index, index, index
  %out_b, %out_o, %out_sz:3, %out_st:3 = memref.extract_strided_metadata %out : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %dout_b, %dout_o, %dout_sz:3, %dout_st:3 = memref.extract_strided_metadata %dout : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %dq_b, %dq_o, %dq_sz:3, %dq_st:3 = memref.extract_strided_metadata %dq : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %dkc_b, %dkc_o, %dkc_sz:4, %dkc_st:4 = memref.extract_strided_metadata %dkc : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index, index, index
  %dvc_b, %dvc_o, %dvc_sz:4, %dvc_st:4 = memref.extract_strided_metadata %dvc : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index, index, index
  %q_unit = arith.cmpi eq, %q_st#2, %c1 : index
  %kc_unit = arith.cmpi eq, %kc_st#3, %c1 : index
  %vc_unit = arith.cmpi eq, %vc_st#3, %c1 : index
  %out_unit = arith.cmpi eq, %out_st#2, %c1 : index
  %dout_unit = arith.cmpi eq, %dout_st#2, %c1 : index
  %dq_unit = arith.cmpi eq, %dq_st#2, %c1 : index
  %dkc_unit = arith.cmpi eq, %dkc_st#3, %c1 : index
  %dvc_unit = arith.cmpi eq, %dvc_st#3, %c1 : index
  %fast_0 = arith.andi %q_unit, %kc_unit : i1
  %fast_1 = arith.andi %fast_0, %vc_unit : i1
  %fast_2 = arith.andi %fast_1, %out_unit : i1
  %fast_3 = arith.andi %fast_2, %dout_unit : i1
  %fast_4 = arith.andi %fast_3, %dq_unit : i1
  %fast_5 = arith.andi %fast_4, %dkc_unit : i1
  %fast = arith.andi %fast_5, %dvc_unit : i1
  %q_u = memref.reinterpret_cast %q_b to offset: [%q_o], sizes: [%q_sz#0, %q_sz#1, %q_sz#2], strides: [%q_st#0, %q_st#1, 1] : memref<f32> to memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>
  %kc_u = memref.reinterpret_cast %kc_b to offset: [%kc_o], sizes: [%kc_sz#0, %kc_sz#1, %kc_sz#2, %kc_sz#3], strides: [%kc_st#0, %kc_st#1, %kc_st#2, 1] : memref<f32> to memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
  %vc_u = memref.reinterpret_cast %vc_b to offset: [%vc_o], sizes: [%vc_sz#0, %vc_sz#1, %vc_sz#2, %vc_sz#3], strides: [%vc_st#0, %vc_st#1, %vc_st#2, 1] : memref<f32> to memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
  %out_u = memref.reinterpret_cast %out_b to offset: [%out_o], sizes: [%out_sz#0, %out_sz#1, %out_sz#2], strides: [%out_st#0, %out_st#1, 1] : memref<f32> to memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>
  %dout_u = memref.reinterpret_cast %dout_b to offset: [%dout_o], sizes: [%dout_sz#0, %dout_sz#1, %dout_sz#2], strides: [%dout_st#0, %dout_st#1, 1] : memref<f32> to memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>
  %dq_u = memref.reinterpret_cast %dq_b to offset: [%dq_o], sizes: [%dq_sz#0, %dq_sz#1, %dq_sz#2], strides: [%dq_st#0, %dq_st#1, 1] : memref<f32> to memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>
  %dkc_u = memref.reinterpret_cast %dkc_b to offset: [%dkc_o], sizes: [%dkc_sz#0, %dkc_sz#1, %dkc_sz#2, %dkc_sz#3], strides: [%dkc_st#0, %dkc_st#1, %dkc_st#2, 1] : memref<f32> to memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
  %dvc_u = memref.reinterpret_cast %dvc_b to offset: [%dvc_o], sizes: [%dvc_sz#0, %dvc_sz#1, %dvc_sz#2, %dvc_sz#3], strides: [%dvc_st#0, %dvc_st#1, %dvc_st#2, 1] : memref<f32> to memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
  scf.if %is_p0 {
    %NI = arith.muli %T, %NH : index
    %split_a = arith.muli %wg, %NI : index
    %ilo = arith.divui %split_a, %nwg : index
    %split_w1 = arith.addi %wg, %c1 : index
    %split_b = arith.muli %split_w1, %NI : index
    %ihi = arith.divui %split_b, %nwg : index
    scf.for %it = %ilo to %ihi step %c1 {
      %t = arith.divui %it, %NH : index
      %h = arith.remui %it, %NH : index
      %kh = arith.divui %h, %rep : index
      %a_p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
      %s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
      %a_p = arith.index_cast %a_p64 : i64 to index
      %sl = arith.index_cast %s64 : i64 to index
      %a_p1 = arith.addi %a_p, %c1 : index
      %a_pw = arith.subi %a_p1, %winx : index
      %a_pwc = arith.maxsi %a_pw, %c0 : index
      %a_lo1 = arith.select %win, %a_pwc, %c0 : index
      %a_pc0 = arith.divui %a_p, %chd : index
      %a_pc = arith.muli %a_pc0, %chd : index
      %a_lo2 = arith.maxsi %a_lo1, %a_pc : index
      %a_lo = arith.select %chk, %a_lo2, %a_lo1 : index
      %p1 = arith.addi %a_p, %c1 : index
      %lo = arith.addi %a_lo, %c0 : index
      %m0 = scf.if %hs -> (f32) {
        %sk = memref.load %sinks[%h] : memref<?xf32, strided<[?], offset: ?>>
        scf.yield %sk : f32
      } else {
        scf.yield %ninf : f32
      }
      %lse_delta:2 = scf.if %fast -> (f32, f32) {
        %mx = scf.for %j = %lo to %p1 step %c1 iter_args(%m = %m0) -> (f32) {
          %d1_v = scf.for %d1_d = %c0 to %Dv step %c16 iter_args(%d1_a = %vz) -> (vector<16xf32>) {
            %d1_x = vector.load %q_u[%t, %h, %d1_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %d1_y = vector.load %kc_u[%sl, %j, %kh, %d1_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
            %d1_a2 = vector.fma %d1_x, %d1_y, %d1_a : vector<16xf32>
            scf.yield %d1_a2 : vector<16xf32>
          }
          %d1_tx = vector.maskedload %q_u[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %d1_ty = vector.maskedload %kc_u[%sl, %j, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %d1_f = vector.fma %d1_tx, %d1_ty, %d1_v : vector<16xf32>
          %d1 = vector.reduction <add>, %d1_f fastmath<reassoc, contract> : vector<16xf32> into f32
          %sc1 = arith.mulf %d1, %scale : f32
          %m2 = arith.maximumf %m, %sc1 : f32
          scf.yield %m2 : f32
        }
        %l0 = scf.if %hs -> (f32) {
          %sk0 = memref.load %sinks[%h] : memref<?xf32, strided<[?], offset: ?>>
          %skd = arith.subf %sk0, %mx : f32
          %ske = math.exp %skd : f32
          scf.yield %ske : f32
        } else {
          scf.yield %f0 : f32
        }
        %l = scf.for %j = %lo to %p1 step %c1 iter_args(%a = %l0) -> (f32) {
          %d2_v = scf.for %d2_d = %c0 to %Dv step %c16 iter_args(%d2_a = %vz) -> (vector<16xf32>) {
            %d2_x = vector.load %q_u[%t, %h, %d2_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %d2_y = vector.load %kc_u[%sl, %j, %kh, %d2_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
            %d2_a2 = vector.fma %d2_x, %d2_y, %d2_a : vector<16xf32>
            scf.yield %d2_a2 : vector<16xf32>
          }
          %d2_tx = vector.maskedload %q_u[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %d2_ty = vector.maskedload %kc_u[%sl, %j, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %d2_f = vector.fma %d2_tx, %d2_ty, %d2_v : vector<16xf32>
          %d2 = vector.reduction <add>, %d2_f fastmath<reassoc, contract> : vector<16xf32> into f32
          %sc2 = arith.mulf %d2, %scale : f32
          %e2d = arith.subf %sc2, %mx : f32
          %e2 = math.exp %e2d : f32
          %a2 = arith.addf %a, %e2 : f32
          scf.yield %a2 : f32
        }
        %logl = math.log %l : f32
        %lsev = arith.addf %mx, %logl : f32
        %delv_v = scf.for %delv_d = %c0 to %DVv step %c16 iter_args(%delv_a = %vz) -> (vector<16xf32>) {
          %delv_x = vector.load %dout_u[%t, %h, %delv_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          %delv_y = vector.load %out_u[%t, %h, %delv_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          %delv_a2 = vector.fma %delv_x, %delv_y, %delv_a : vector<16xf32>
          scf.yield %delv_a2 : vector<16xf32>
        }
        %delv_tx = vector.maskedload %dout_u[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %delv_ty = vector.maskedload %out_u[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %delv_f = vector.fma %delv_tx, %delv_ty, %delv_v : vector<16xf32>
        %delv = vector.reduction <add>, %delv_f fastmath<reassoc, contract> : vector<16xf32> into f32
        scf.for %zq_d = %c0 to %Dv step %c16 {
          vector.store %vz, %dq_u[%t, %h, %zq_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
        }
        vector.maskedstore %dq_u[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
        scf.for %j = %lo to %p1 step %c1 {
          %d3_v = scf.for %d3_d = %c0 to %Dv step %c16 iter_args(%d3_a = %vz) -> (vector<16xf32>) {
            %d3_x = vector.load %q_u[%t, %h, %d3_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %d3_y = vector.load %kc_u[%sl, %j, %kh, %d3_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
            %d3_a2 = vector.fma %d3_x, %d3_y, %d3_a : vector<16xf32>
            scf.yield %d3_a2 : vector<16xf32>
          }
          %d3_tx = vector.maskedload %q_u[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %d3_ty = vector.maskedload %kc_u[%sl, %j, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %d3_f = vector.fma %d3_tx, %d3_ty, %d3_v : vector<16xf32>
          %d3 = vector.reduction <add>, %d3_f fastmath<reassoc, contract> : vector<16xf32> into f32
          %sc3 = arith.mulf %d3, %scale : f32
          %e3d = arith.subf %sc3, %lsev : f32
          %pj = math.exp %e3d : f32
          %dp_v = scf.for %dp_d = %c0 to %DVv step %c16 iter_args(%dp_a = %vz) -> (vector<16xf32>) {
            %dp_x = vector.load %dout_u[%t, %h, %dp_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %dp_y = vector.load %vc_u[%sl, %j, %kh, %dp_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
            %dp_a2 = vector.fma %dp_x, %dp_y, %dp_a : vector<16xf32>
            scf.yield %dp_a2 : vector<16xf32>
          }
          %dp_tx = vector.maskedload %dout_u[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %dp_ty = vector.maskedload %vc_u[%sl, %j, %kh, %DVv], %vmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %dp_f = vector.fma %dp_tx, %dp_ty, %dp_v : vector<16xf32>
          %dp = vector.reduction <add>, %dp_f fastmath<reassoc, contract> : vector<16xf32> into f32
          %dpd = arith.subf %dp, %delv : f32
          %dsj = arith.mulf %pj, %dpd : f32
          %aq_sv = vector.broadcast %dsj : f32 to vector<16xf32>
          scf.for %aq_d = %c0 to %Dv step %c16 {
            %aq_y = vector.load %dq_u[%t, %h, %aq_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %aq_x = vector.load %kc_u[%sl, %j, %kh, %aq_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
            %aq_r = vector.fma %aq_sv, %aq_x, %aq_y : vector<16xf32>
            vector.store %aq_r, %dq_u[%t, %h, %aq_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          }
          %aq_ty = vector.maskedload %dq_u[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %aq_tx = vector.maskedload %kc_u[%sl, %j, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %aq_tr = vector.fma %aq_sv, %aq_tx, %aq_ty : vector<16xf32>
          vector.maskedstore %dq_u[%t, %h, %Dv], %kmask, %aq_tr : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
        }
        %sq_sv = vector.broadcast %scale : f32 to vector<16xf32>
        scf.for %sq_d = %c0 to %Dv step %c16 {
          %sq_y = vector.load %dq_u[%t, %h, %sq_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          %sq_r = arith.mulf %sq_y, %sq_sv : vector<16xf32>
          vector.store %sq_r, %dq_u[%t, %h, %sq_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
        }
        %sq_ty = vector.maskedload %dq_u[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %sq_tr = arith.mulf %sq_ty, %sq_sv : vector<16xf32>
        vector.maskedstore %dq_u[%t, %h, %Dv], %kmask, %sq_tr : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
        scf.yield %lsev, %delv : f32, f32
      } else {
        %mx = scf.for %j = %lo to %p1 step %c1 iter_args(%m = %m0) -> (f32) {
          %d1 = scf.for %d1_d = %c0 to %D step %c1 iter_args(%d1_a = %f0) -> (f32) {
            %d1_x = memref.load %q[%t, %h, %d1_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %d1_y = memref.load %kc[%sl, %j, %kh, %d1_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %d1_a2 = math.fma %d1_x, %d1_y, %d1_a : f32
            scf.yield %d1_a2 : f32
          }
          %sc1 = arith.mulf %d1, %scale : f32
          %m2 = arith.maximumf %m, %sc1 : f32
          scf.yield %m2 : f32
        }
        %l0 = scf.if %hs -> (f32) {
          %sk0 = memref.load %sinks[%h] : memref<?xf32, strided<[?], offset: ?>>
          %skd = arith.subf %sk0, %mx : f32
          %ske = math.exp %skd : f32
          scf.yield %ske : f32
        } else {
          scf.yield %f0 : f32
        }
        %l = scf.for %j = %lo to %p1 step %c1 iter_args(%a = %l0) -> (f32) {
          %d2 = scf.for %d2_d = %c0 to %D step %c1 iter_args(%d2_a = %f0) -> (f32) {
            %d2_x = memref.load %q[%t, %h, %d2_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %d2_y = memref.load %kc[%sl, %j, %kh, %d2_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %d2_a2 = math.fma %d2_x, %d2_y, %d2_a : f32
            scf.yield %d2_a2 : f32
          }
          %sc2 = arith.mulf %d2, %scale : f32
          %e2d = arith.subf %sc2, %mx : f32
          %e2 = math.exp %e2d : f32
          %a2 = arith.addf %a, %e2 : f32
          scf.yield %a2 : f32
        }
        %logl = math.log %l : f32
        %lsev = arith.addf %mx, %logl : f32
        %delv = scf.for %delv_d = %c0 to %DV step %c1 iter_args(%delv_a = %f0) -> (f32) {
          %delv_x = memref.load %dout[%t, %h, %delv_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %delv_y = memref.load %out[%t, %h, %delv_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %delv_a2 = math.fma %delv_x, %delv_y, %delv_a : f32
          scf.yield %delv_a2 : f32
        }
        scf.for %zq_d = %c0 to %D step %c1 {
          memref.store %f0, %dq[%t, %h, %zq_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
        scf.for %j = %lo to %p1 step %c1 {
          %d3 = scf.for %d3_d = %c0 to %D step %c1 iter_args(%d3_a = %f0) -> (f32) {
            %d3_x = memref.load %q[%t, %h, %d3_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %d3_y = memref.load %kc[%sl, %j, %kh, %d3_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %d3_a2 = math.fma %d3_x, %d3_y, %d3_a : f32
            scf.yield %d3_a2 : f32
          }
          %sc3 = arith.mulf %d3, %scale : f32
          %e3d = arith.subf %sc3, %lsev : f32
          %pj = math.exp %e3d : f32
          %dp = scf.for %dp_d = %c0 to %DV step %c1 iter_args(%dp_a = %f0) -> (f32) {
            %dp_x = memref.load %dout[%t, %h, %dp_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %dp_y = memref.load %vc[%sl, %j, %kh, %dp_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %dp_a2 = math.fma %dp_x, %dp_y, %dp_a : f32
            scf.yield %dp_a2 : f32
          }
          %dpd = arith.subf %dp, %delv : f32
          %dsj = arith.mulf %pj, %dpd : f32
          scf.for %aq_d = %c0 to %D step %c1 {
            %aq_y = memref.load %dq[%t, %h, %aq_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %aq_x = memref.load %kc[%sl, %j, %kh, %aq_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %aq_r = math.fma %dsj, %aq_x, %aq_y : f32
            memref.store %aq_r, %dq[%t, %h, %aq_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          }
        }
        scf.for %sq_d = %c0 to %D step %c1 {
          %sq_y = memref.load %dq[%t, %h, %sq_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %sq_r = arith.mulf %sq_y, %scale : f32
          memref.store %sq_r, %dq[%t, %h, %sq_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
        scf.yield %lsev, %delv : f32, f32
      }
      memref.store %lse_delta#0, %lse[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      memref.store %lse_delta#1, %delta[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      scf.if %hs {
        %sk = memref.load %sinks[%h] : memref<?xf32, strided<[?], offset: ?>>
        %skd = arith.subf %sk, %lse_delta#0 : f32
        %ske = math.exp %skd : f32
        %nske = arith.negf %ske : f32
        %dsk = arith.mulf %nske, %lse_delta#1 : f32
        memref.store %dsk, %dsinks[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
  } else {
    %CK = arith.muli %C, %NKV : index
    %NJ = arith.muli %S, %CK : index
    %split_a = arith.muli %wg, %NJ : index
    %ilo = arith.divui %split_a, %nwg : index
    %split_w1 = arith.addi %wg, %c1 : index
    %split_b = arith.muli %split_w1, %NJ : index
    %ihi = arith.divui %split_b, %nwg : index
    scf.for %it = %ilo to %ihi step %c1 {
      %s = arith.divui %it, %CK : index
      %jg = arith.remui %it, %CK : index
      %j = arith.divui %jg, %NKV : index
      %g = arith.remui %jg, %NKV : index
      %h0 = arith.muli %g, %rep : index
      %h1 = arith.addi %h0, %rep : index
      scf.if %fast {
        scf.for %zk_d = %c0 to %Dv step %c16 {
          vector.store %vz, %dkc_u[%s, %j, %g, %zk_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
        }
        vector.maskedstore %dkc_u[%s, %j, %g, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
        scf.for %zv_d = %c0 to %DVv step %c16 {
          vector.store %vz, %dvc_u[%s, %j, %g, %zv_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
        }
        vector.maskedstore %dvc_u[%s, %j, %g, %DVv], %vmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
        scf.for %t = %c0 to %T step %c1 {
          %b_p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
          %b_s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
          %b_p = arith.index_cast %b_p64 : i64 to index
          %b_s = arith.index_cast %b_s64 : i64 to index
          %b_p1 = arith.addi %b_p, %c1 : index
          %b_pw = arith.subi %b_p1, %winx : index
          %b_pwc = arith.maxsi %b_pw, %c0 : index
          %b_lo1 = arith.select %win, %b_pwc, %c0 : index
          %b_pc0 = arith.divui %b_p, %chd : index
          %b_pc = arith.muli %b_pc0, %chd : index
          %b_lo2 = arith.maxsi %b_lo1, %b_pc : index
          %b_lo = arith.select %chk, %b_lo2, %b_lo1 : index
          %b_same = arith.cmpi eq, %b_s, %s : index
          %b_ge = arith.cmpi sge, %j, %b_lo : index
          %b_le = arith.cmpi sle, %j, %b_p : index
          %b_in0 = arith.andi %b_same, %b_ge : i1
          %b_in = arith.andi %b_in0, %b_le : i1
          scf.if %b_in {
            scf.for %h = %h0 to %h1 step %c1 {
              %d4_v = scf.for %d4_d = %c0 to %Dv step %c16 iter_args(%d4_a = %vz) -> (vector<16xf32>) {
                %d4_x = vector.load %q_u[%t, %h, %d4_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
                %d4_y = vector.load %kc_u[%s, %j, %g, %d4_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %d4_a2 = vector.fma %d4_x, %d4_y, %d4_a : vector<16xf32>
                scf.yield %d4_a2 : vector<16xf32>
              }
              %d4_tx = vector.maskedload %q_u[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %d4_ty = vector.maskedload %kc_u[%s, %j, %g, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %d4_f = vector.fma %d4_tx, %d4_ty, %d4_v : vector<16xf32>
              %d4 = vector.reduction <add>, %d4_f fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc4 = arith.mulf %d4, %scale : f32
              %lse4 = memref.load %lse[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %e4d = arith.subf %sc4, %lse4 : f32
              %pj = math.exp %e4d : f32
              %dp_v = scf.for %dp_d = %c0 to %DVv step %c16 iter_args(%dp_a = %vz) -> (vector<16xf32>) {
                %dp_x = vector.load %dout_u[%t, %h, %dp_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
                %dp_y = vector.load %vc_u[%s, %j, %g, %dp_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %dp_a2 = vector.fma %dp_x, %dp_y, %dp_a : vector<16xf32>
                scf.yield %dp_a2 : vector<16xf32>
              }
              %dp_tx = vector.maskedload %dout_u[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %dp_ty = vector.maskedload %vc_u[%s, %j, %g, %DVv], %vmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %dp_f = vector.fma %dp_tx, %dp_ty, %dp_v : vector<16xf32>
              %dp = vector.reduction <add>, %dp_f fastmath<reassoc, contract> : vector<16xf32> into f32
              %del4 = memref.load %delta[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %dpd = arith.subf %dp, %del4 : f32
              %dsj = arith.mulf %pj, %dpd : f32
              %ak_sv = vector.broadcast %dsj : f32 to vector<16xf32>
              scf.for %ak_d = %c0 to %Dv step %c16 {
                %ak_y = vector.load %dkc_u[%s, %j, %g, %ak_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %ak_x = vector.load %q_u[%t, %h, %ak_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
                %ak_r = vector.fma %ak_sv, %ak_x, %ak_y : vector<16xf32>
                vector.store %ak_r, %dkc_u[%s, %j, %g, %ak_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
              }
              %ak_ty = vector.maskedload %dkc_u[%s, %j, %g, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %ak_tx = vector.maskedload %q_u[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %ak_tr = vector.fma %ak_sv, %ak_tx, %ak_ty : vector<16xf32>
              vector.maskedstore %dkc_u[%s, %j, %g, %Dv], %kmask, %ak_tr : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
              %av_sv = vector.broadcast %pj : f32 to vector<16xf32>
              scf.for %av_d = %c0 to %DVv step %c16 {
                %av_y = vector.load %dvc_u[%s, %j, %g, %av_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %av_x = vector.load %dout_u[%t, %h, %av_d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
                %av_r = vector.fma %av_sv, %av_x, %av_y : vector<16xf32>
                vector.store %av_r, %dvc_u[%s, %j, %g, %av_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
              }
              %av_ty = vector.maskedload %dvc_u[%s, %j, %g, %DVv], %vmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %av_tx = vector.maskedload %dout_u[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %av_tr = vector.fma %av_sv, %av_tx, %av_ty : vector<16xf32>
              vector.maskedstore %dvc_u[%s, %j, %g, %DVv], %vmask, %av_tr : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
            }
          }
        }
        %sk_sv = vector.broadcast %scale : f32 to vector<16xf32>
        scf.for %sk_d = %c0 to %Dv step %c16 {
          %sk_y = vector.load %dkc_u[%s, %j, %g, %sk_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
          %sk_r = arith.mulf %sk_y, %sk_sv : vector<16xf32>
          vector.store %sk_r, %dkc_u[%s, %j, %g, %sk_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
        }
        %sk_ty = vector.maskedload %dkc_u[%s, %j, %g, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %sk_tr = arith.mulf %sk_ty, %sk_sv : vector<16xf32>
        vector.maskedstore %dkc_u[%s, %j, %g, %Dv], %kmask, %sk_tr : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
      } else {
        scf.for %zk_d = %c0 to %D step %c1 {
          memref.store %f0, %dkc[%s, %j, %g, %zk_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
        }
        scf.for %zv_d = %c0 to %DV step %c1 {
          memref.store %f0, %dvc[%s, %j, %g, %zv_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
        }
        scf.for %t = %c0 to %T step %c1 {
          %b_p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
          %b_s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
          %b_p = arith.index_cast %b_p64 : i64 to index
          %b_s = arith.index_cast %b_s64 : i64 to index
          %b_p1 = arith.addi %b_p, %c1 : index
          %b_pw = arith.subi %b_p1, %winx : index
          %b_pwc = arith.maxsi %b_pw, %c0 : index
          %b_lo1 = arith.select %win, %b_pwc, %c0 : index
          %b_pc0 = arith.divui %b_p, %chd : index
          %b_pc = arith.muli %b_pc0, %chd : index
          %b_lo2 = arith.maxsi %b_lo1, %b_pc : index
          %b_lo = arith.select %chk, %b_lo2, %b_lo1 : index
          %b_same = arith.cmpi eq, %b_s, %s : index
          %b_ge = arith.cmpi sge, %j, %b_lo : index
          %b_le = arith.cmpi sle, %j, %b_p : index
          %b_in0 = arith.andi %b_same, %b_ge : i1
          %b_in = arith.andi %b_in0, %b_le : i1
          scf.if %b_in {
            scf.for %h = %h0 to %h1 step %c1 {
              %d4 = scf.for %d4_d = %c0 to %D step %c1 iter_args(%d4_a = %f0) -> (f32) {
                %d4_x = memref.load %q[%t, %h, %d4_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
                %d4_y = memref.load %kc[%s, %j, %g, %d4_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
                %d4_a2 = math.fma %d4_x, %d4_y, %d4_a : f32
                scf.yield %d4_a2 : f32
              }
              %sc4 = arith.mulf %d4, %scale : f32
              %lse4 = memref.load %lse[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %e4d = arith.subf %sc4, %lse4 : f32
              %pj = math.exp %e4d : f32
              %dp = scf.for %dp_d = %c0 to %DV step %c1 iter_args(%dp_a = %f0) -> (f32) {
                %dp_x = memref.load %dout[%t, %h, %dp_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
                %dp_y = memref.load %vc[%s, %j, %g, %dp_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
                %dp_a2 = math.fma %dp_x, %dp_y, %dp_a : f32
                scf.yield %dp_a2 : f32
              }
              %del4 = memref.load %delta[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %dpd = arith.subf %dp, %del4 : f32
              %dsj = arith.mulf %pj, %dpd : f32
              scf.for %ak_d = %c0 to %D step %c1 {
                %ak_y = memref.load %dkc[%s, %j, %g, %ak_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
                %ak_x = memref.load %q[%t, %h, %ak_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
                %ak_r = math.fma %dsj, %ak_x, %ak_y : f32
                memref.store %ak_r, %dkc[%s, %j, %g, %ak_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
              }
              scf.for %av_d = %c0 to %DV step %c1 {
                %av_y = memref.load %dvc[%s, %j, %g, %av_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
                %av_x = memref.load %dout[%t, %h, %av_d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
                %av_r = math.fma %pj, %av_x, %av_y : f32
                memref.store %av_r, %dvc[%s, %j, %g, %av_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
              }
            }
          }
        }
        scf.for %sk_d = %c0 to %D step %c1 {
          %sk_y = memref.load %dkc[%s, %j, %g, %sk_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          %sk_r = arith.mulf %sk_y, %scale : f32
          memref.store %sk_r, %dkc[%s, %j, %g, %sk_d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
