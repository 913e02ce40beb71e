// attention: for token t, head h (kv head h / (NH/NKV)), p = positions[t], s = slots[t]:
// keys j in [lo, p] of cache slot s (lo = max(0, p-window+1) if window > 0, and >= (p/chunk)*chunk
// if chunk > 0); out[t, h] = softmax_j(scale * q.k_j) . v_j, the sink logit sinks[h] counted in the
// max and the denominator when has_sinks. One pass with an online (rescaled) softmax that
// accumulates straight into out[t, h, :].
// Work: T*NH (token, head) items split evenly over nwg. Fast path (unit stride along the head
// dim of q, kc, vc, out): vector<16xf32> dot products / updates with masked tails (skipped when
// the head dims are multiples of 16: a bf16 masked load is scalarized on x86); else scalar.
func.func @attention(%wg: index, %nwg: index,
    %q: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %kc: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %vc: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %slots: memref<?xi64, strided<[?], offset: ?>>,
    %sinks: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %scale: f32,
    %window: i64,
    %chunk: i64,
    %has_sinks: i64)
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
  %T = memref.dim %q, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NH = memref.dim %q, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %D = memref.dim %q, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NKV = memref.dim %kc, %c2 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %DV = memref.dim %vc, %c3 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %rep = arith.divui %NH, %NKV : index
  %Dr = arith.remui %D, %c16 : index
  %Dv = arith.subi %D, %Dr : index
  %kmask = vector.create_mask %Dr : vector<16xi1>
  %DVr = arith.remui %DV, %c16 : index
  %DVv = arith.subi %DV, %DVr : index
  %vmask = vector.create_mask %DVr : vector<16xi1>
  %ktail = arith.cmpi ne, %Dr, %c0 : index
  %vtail = arith.cmpi ne, %DVr, %c0 : index
  %hs = arith.cmpi ne, %has_sinks, %i0 : i64
  %win = arith.cmpi sgt, %window, %i0 : i64
  %chk = arith.cmpi sgt, %chunk, %i0 : i64
  %winx = arith.index_cast %window : i64 to index
  %chunkx = arith.index_cast %chunk : i64 to index
  %qb, %qo, %qsz:3, %qst:3 = memref.extract_strided_metadata %q : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %kcb, %kco, %kcsz:4, %kcst:4 = memref.extract_strided_metadata %kc : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index, index, index
  %vcb, %vco, %vcsz:4, %vcst:4 = memref.extract_strided_metadata %vc : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index, index, index
  %outb, %outo, %outsz:3, %outst:3 = memref.extract_strided_metadata %out : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %u1 = arith.cmpi eq, %qst#2, %c1 : index
  %u2 = arith.cmpi eq, %kcst#3, %c1 : index
  %u3 = arith.cmpi eq, %vcst#3, %c1 : index
  %u4 = arith.cmpi eq, %outst#2, %c1 : index
  %u12 = arith.andi %u1, %u2 : i1
  %u34 = arith.andi %u3, %u4 : i1
  %fast = arith.andi %u12, %u34 : i1
  %qv = memref.reinterpret_cast %qb to offset: [%qo], sizes: [%qsz#0, %qsz#1, %qsz#2], strides: [%qst#0, %qst#1, 1] : memref<f32> to memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>
  %kv = memref.reinterpret_cast %kcb to offset: [%kco], sizes: [%kcsz#0, %kcsz#1, %kcsz#2, %kcsz#3], strides: [%kcst#0, %kcst#1, %kcst#2, 1] : memref<f32> to memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
  %vv = memref.reinterpret_cast %vcb to offset: [%vco], sizes: [%vcsz#0, %vcsz#1, %vcsz#2, %vcsz#3], strides: [%vcst#0, %vcst#1, %vcst#2, 1] : memref<f32> to memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
  %ov = memref.reinterpret_cast %outb to offset: [%outo], sizes: [%outsz#0, %outsz#1, %outsz#2], strides: [%outst#0, %outst#1, 1] : memref<f32> to memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>
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
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
    %p = arith.index_cast %p64 : i64 to index
    %sl = arith.index_cast %s64 : i64 to index
    %p1 = arith.addi %p, %c1 : index
    // lo = max(0, p - window + 1) if window > 0; lo >= (p / chunk) * chunk if chunk > 0
    %pw = arith.subi %p1, %winx : index
    %pwc = arith.maxsi %pw, %c0 : index
    %lo1 = arith.select %win, %pwc, %c0 : index
    %chd = arith.select %chk, %chunkx, %c1 : index
    %pc0 = arith.divui %p, %chd : index
    %pc = arith.muli %pc0, %chd : index
    %lo2 = arith.maxsi %lo1, %pc : index
    %lo = arith.select %chk, %lo2, %lo1 : index
    // online softmax state (max, denominator), seeded with the sink logit
    %m0, %l0 = scf.if %hs -> (f32, f32) {
      %sk = memref.load %sinks[%h] : memref<?xf32, strided<[?], offset: ?>>
      scf.yield %sk, %f1 : f32, f32
    } else {
      scf.yield %ninf, %f0 : f32, f32
    }
    scf.if %fast {
      scf.for %v_z = %c0 to %DVv step %c16 {
        vector.store %vz, %ov[%t, %h, %v_z] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
      }
      vector.maskedstore %ov[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
      %v_ml:2 = scf.for %j = %lo to %p1 step %c1 iter_args(%m = %m0, %l = %l0) -> (f32, f32) {
        %v_da = scf.for %d = %c0 to %Dv step %c16 iter_args(%a = %vz) -> (vector<16xf32>) {
          %qa = vector.load %qv[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          %ka = vector.load %kv[%sl, %j, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
          %a2 = vector.fma %qa, %ka, %a : vector<16xf32>
          scf.yield %a2 : vector<16xf32>
        }
        %dat = scf.if %ktail -> (vector<16xf32>) {
          %qt = vector.maskedload %qv[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %kt = vector.maskedload %kv[%sl, %j, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %dt = vector.fma %qt, %kt, %v_da : vector<16xf32>
          scf.yield %dt : vector<16xf32>
        } else {
          scf.yield %v_da : vector<16xf32>
        }
        %dot = vector.reduction <add>, %dat fastmath<reassoc, contract> : vector<16xf32> into f32
        %sc = arith.mulf %dot, %scale : f32
        %mn = arith.maximumf %m, %sc : f32
        %dm = arith.subf %m, %mn : f32
        %alpha = math.exp %dm : f32
        %ds = arith.subf %sc, %mn : f32
        %pj = math.exp %ds : f32
        %la = arith.mulf %l, %alpha : f32
        %ln = arith.addf %la, %pj : f32
        %avec = vector.broadcast %alpha : f32 to vector<16xf32>
        %pvec = vector.broadcast %pj : f32 to vector<16xf32>
        scf.for %d = %c0 to %DVv step %c16 {
          %o = vector.load %ov[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          %vv1 = vector.load %vv[%sl, %j, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
          %oa = arith.mulf %o, %avec : vector<16xf32>
          %o2 = vector.fma %pvec, %vv1, %oa : vector<16xf32>
          vector.store %o2, %ov[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
        }
        scf.if %vtail {
          %ot = vector.maskedload %ov[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %vt = vector.maskedload %vv[%sl, %j, %kh, %DVv], %vmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %ota = arith.mulf %ot, %avec : vector<16xf32>
          %ot2 = vector.fma %pvec, %vt, %ota : vector<16xf32>
          vector.maskedstore %ov[%t, %h, %DVv], %vmask, %ot2 : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
        }
        scf.yield %mn, %ln : f32, f32
      }
      %v_inv = arith.divf %f1, %v_ml#1 : f32
      %v_iv = vector.broadcast %v_inv : f32 to vector<16xf32>
      scf.for %d = %c0 to %DVv step %c16 {
        %o = vector.load %ov[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
        %o2 = arith.mulf %o, %v_iv : vector<16xf32>
        vector.store %o2, %ov[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
      }
      %ot = vector.maskedload %ov[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
      %ot2 = arith.mulf %ot, %v_iv : vector<16xf32>
      vector.maskedstore %ov[%t, %h, %DVv], %vmask, %ot2 : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
    } else {
      scf.for %s_z = %c0 to %DV step %c1 {
        memref.store %f0, %out[%t, %h, %s_z] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      }
      %s_ml:2 = scf.for %j = %lo to %p1 step %c1 iter_args(%m = %m0, %l = %l0) -> (f32, f32) {
        %dot = scf.for %d = %c0 to %D step %c1 iter_args(%a = %f0) -> (f32) {
          %qa = memref.load %q[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %ka = memref.load %kc[%sl, %j, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          %a2 = math.fma %qa, %ka, %a fastmath<reassoc, contract> : f32
          scf.yield %a2 : f32
        }
        %sc = arith.mulf %dot, %scale : f32
        %mn = arith.maximumf %m, %sc : f32
        %dm = arith.subf %m, %mn : f32
        %alpha = math.exp %dm : f32
        %ds = arith.subf %sc, %mn : f32
        %pj = math.exp %ds : f32
        %la = arith.mulf %l, %alpha : f32
        %ln = arith.addf %la, %pj : f32
        scf.for %d = %c0 to %DV step %c1 {
          %o = memref.load %out[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %vv1 = memref.load %vc[%sl, %j, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          %oa = arith.mulf %o, %alpha : f32
          %o2 = math.fma %pj, %vv1, %oa : f32
          memref.store %o2, %out[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
        scf.yield %mn, %ln : f32, f32
      }
      %s_inv = arith.divf %f1, %s_ml#1 : f32
      scf.for %d = %c0 to %DV step %c1 {
        %o = memref.load %out[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %o2 = arith.mulf %o, %s_inv : f32
        memref.store %o2, %out[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      }
    }
  }
  return
}
