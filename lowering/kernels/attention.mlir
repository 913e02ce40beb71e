// attention: for token t, head h (kv head h / (NH/NKV)), p = positions[t], s = slots[t]:
// keys j in [lo, p] of cache slot s (lo = max(0, p-window+1) if window > 0, and >= (p/chunk)*chunk
// if chunk > 0); out[t, h] = softmax_j(scale * q.k_j) . v_j, the sink logit sinks[h] counted in the
// max and the denominator when has_sinks. One pass with an online (rescaled) softmax that
// accumulates straight into out[t, h, :].
// Fast path (unit stride along the head dim of q, kc, vc, out): items (token, KV head, group
// of G of its query heads), G = clamp(ceil(T*NH / nwg), 1, min(NH/NKV, 16)), split evenly over
// nwg; keys in blocks of 16, each block taken by every head of the group in turn while its K and
// V rows are in cache: the head's scores (vector<16xf32> dot products with masked tails, skipped
// when the head dims are multiples of 16: a bf16 masked load is scalarized on x86) and their max,
// then exp(s - max) into a 16-float stack buffer, then each 16-column chunk of out[t, h] rescaled
// once and updated by the block's value rows in a register (one exp per key plus one per block,
// one load/store of out per block); the group's first head prefetches the next block's K and
// V rows (memref.prefetch). A head's operations and their order do not depend on G or nwg.
// Other strides: T*NH (token, head) items split evenly over nwg, scalar, key by key.
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
  %cKB = arith.constant 16 : index
  %c4 = arith.constant 4 : index
  %c32 = arith.constant 32 : index
  %c48 = arith.constant 48 : index
  %c64 = arith.constant 64 : index
  %cGM = arith.constant 16 : index
  %sbuf = memref.alloca() : memref<16xf32>
  %mbuf = memref.alloca() : memref<16xf32>
  %lbuf = memref.alloca() : memref<16xf32>
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
  %DVr64 = arith.remui %DV, %c64 : index
  %DV64 = arith.subi %DV, %DVr64 : index
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
  scf.if %fast {
    // heads per item: G = clamp(ceil(T*NH / nwg), 1, min(rep, GMAX)), so that every
    // workgroup has a share while the heads of a KV head read its keys together
    %g0 = arith.ceildivui %NI, %nwg : index
    %g1 = arith.minui %g0, %rep : index
    %g2 = arith.minui %g1, %cGM : index
    %G = arith.maxui %g2, %c1 : index
    %NG = arith.ceildivui %rep, %G : index
    %KG = arith.muli %NKV, %NG : index
    %NIg = arith.muli %T, %KG : index
    %split_a = arith.muli %wg, %NIg : index
    %ilo = arith.divui %split_a, %nwg : index
    %split_w1 = arith.addi %wg, %c1 : index
    %split_b = arith.muli %split_w1, %NIg : index
    %ihi = arith.divui %split_b, %nwg : index
    scf.for %it = %ilo to %ihi step %c1 {
      %t = arith.divui %it, %KG : index
      %r = arith.remui %it, %KG : index
      %kh = arith.divui %r, %NG : index
      %g = arith.remui %r, %NG : index
      %hk = arith.muli %kh, %rep : index
      %hg = arith.muli %g, %G : index
      %h0 = arith.addi %hk, %hg : index
      %he0 = arith.addi %h0, %G : index
      %he1 = arith.addi %hk, %rep : index
      %h1 = arith.minui %he0, %he1 : index
      %ng = arith.subi %h1, %h0 : index
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
      // each head's softmax state (max, denominator), seeded with the sink logit; out zeroed
      scf.for %hi = %c0 to %ng step %c1 {
        %h = arith.addi %h0, %hi : index
        %m0, %l0 = scf.if %hs -> (f32, f32) {
          %sk = memref.load %sinks[%h] : memref<?xf32, strided<[?], offset: ?>>
          scf.yield %sk, %f1 : f32, f32
        } else {
          scf.yield %ninf, %f0 : f32, f32
        }
        memref.store %m0, %mbuf[%hi] : memref<16xf32>
        memref.store %l0, %lbuf[%hi] : memref<16xf32>
        scf.for %d = %c0 to %DVv step %c16 {
          vector.store %vz, %ov[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
        }
        vector.maskedstore %ov[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
      }
      scf.for %jb = %lo to %p1 step %cKB {
        %je0 = arith.addi %jb, %cKB : index
        %je = arith.minui %je0, %p1 : index
        %nb = arith.subi %je, %jb : index
        scf.for %hi = %c0 to %ng step %c1 {
          %h = arith.addi %h0, %hi : index
          %m = memref.load %mbuf[%hi] : memref<16xf32>
          %l = memref.load %lbuf[%hi] : memref<16xf32>
          // the block's scores into %sbuf (4 keys at a time, then one by one), and their max; the
          // group's first head also prefetches the K and V rows of the next block
          %nbr = arith.remui %nb, %c4 : index
          %nb4 = arith.subi %nb, %nbr : index
          %first = arith.cmpi eq, %hi, %c0 : index
          %bm = scf.if %first -> (f32) {
            %bm4 = scf.for %i = %c0 to %nb4 step %c4 iter_args(%mx = %ninf) -> (f32) {
              %j0 = arith.addi %jb, %i : index
              %ik1 = arith.addi %i, %c1 : index
              %j1 = arith.addi %jb, %ik1 : index
              %ik2 = arith.addi %i, %c2 : index
              %j2 = arith.addi %jb, %ik2 : index
              %ik3 = arith.addi %i, %c3 : index
              %j3 = arith.addi %jb, %ik3 : index
              %jq0 = arith.addi %j0, %cKB : index
              %jn0 = arith.minui %jq0, %p : index
              %jq1 = arith.addi %j1, %cKB : index
              %jn1 = arith.minui %jq1, %p : index
              %jq2 = arith.addi %j2, %cKB : index
              %jn2 = arith.minui %jq2, %p : index
              %jq3 = arith.addi %j3, %cKB : index
              %jn3 = arith.minui %jq3, %p : index
              scf.for %d = %c0 to %DV step %c16 {
                memref.prefetch %vv[%sl, %jn0, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
                memref.prefetch %vv[%sl, %jn1, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
                memref.prefetch %vv[%sl, %jn2, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
                memref.prefetch %vv[%sl, %jn3, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
              }
              %da:4 = scf.for %d = %c0 to %Dv step %c16 iter_args(%a0 = %vz, %a1 = %vz, %a2 = %vz, %a3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
                %qa = vector.load %qv[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
                memref.prefetch %kv[%sl, %jn0, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
                memref.prefetch %kv[%sl, %jn1, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
                memref.prefetch %kv[%sl, %jn2, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
                memref.prefetch %kv[%sl, %jn3, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
                %ka0 = vector.load %kv[%sl, %j0, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b0 = vector.fma %qa, %ka0, %a0 : vector<16xf32>
                %ka1 = vector.load %kv[%sl, %j1, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b1 = vector.fma %qa, %ka1, %a1 : vector<16xf32>
                %ka2 = vector.load %kv[%sl, %j2, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b2 = vector.fma %qa, %ka2, %a2 : vector<16xf32>
                %ka3 = vector.load %kv[%sl, %j3, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b3 = vector.fma %qa, %ka3, %a3 : vector<16xf32>
                scf.yield %b0, %b1, %b2, %b3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
              }
              %dt:4 = scf.if %ktail -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
                %qt = vector.maskedload %qv[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %kt0 = vector.maskedload %kv[%sl, %j0, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e0 = vector.fma %qt, %kt0, %da#0 : vector<16xf32>
                %kt1 = vector.maskedload %kv[%sl, %j1, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e1 = vector.fma %qt, %kt1, %da#1 : vector<16xf32>
                %kt2 = vector.maskedload %kv[%sl, %j2, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e2 = vector.fma %qt, %kt2, %da#2 : vector<16xf32>
                %kt3 = vector.maskedload %kv[%sl, %j3, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e3 = vector.fma %qt, %kt3, %da#3 : vector<16xf32>
                scf.yield %e0, %e1, %e2, %e3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
              } else {
                scf.yield %da#0, %da#1, %da#2, %da#3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
              }
              %dot0 = vector.reduction <add>, %dt#0 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc0 = arith.mulf %dot0, %scale : f32
              %si0 = arith.subi %j0, %jb : index
              memref.store %sc0, %sbuf[%si0] : memref<16xf32>
              %mx0 = arith.maximumf %mx, %sc0 : f32
              %dot1 = vector.reduction <add>, %dt#1 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc1 = arith.mulf %dot1, %scale : f32
              %si1 = arith.subi %j1, %jb : index
              memref.store %sc1, %sbuf[%si1] : memref<16xf32>
              %mx1 = arith.maximumf %mx0, %sc1 : f32
              %dot2 = vector.reduction <add>, %dt#2 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc2 = arith.mulf %dot2, %scale : f32
              %si2 = arith.subi %j2, %jb : index
              memref.store %sc2, %sbuf[%si2] : memref<16xf32>
              %mx2 = arith.maximumf %mx1, %sc2 : f32
              %dot3 = vector.reduction <add>, %dt#3 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc3 = arith.mulf %dot3, %scale : f32
              %si3 = arith.subi %j3, %jb : index
              memref.store %sc3, %sbuf[%si3] : memref<16xf32>
              %mx3 = arith.maximumf %mx2, %sc3 : f32
              scf.yield %mx3 : f32
            }
            %bm1 = scf.for %i = %nb4 to %nb step %c1 iter_args(%mx = %bm4) -> (f32) {
              %j0 = arith.addi %jb, %i : index
              %jq0 = arith.addi %j0, %cKB : index
              %jn0 = arith.minui %jq0, %p : index
              scf.for %d = %c0 to %DV step %c16 {
                memref.prefetch %vv[%sl, %jn0, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
              }
              %da:1 = scf.for %d = %c0 to %Dv step %c16 iter_args(%a0 = %vz) -> (vector<16xf32>) {
                %qa = vector.load %qv[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
                memref.prefetch %kv[%sl, %jn0, %kh, %d], read, locality<3>, data : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>
                %ka0 = vector.load %kv[%sl, %j0, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b0 = vector.fma %qa, %ka0, %a0 : vector<16xf32>
                scf.yield %b0 : vector<16xf32>
              }
              %dt:1 = scf.if %ktail -> (vector<16xf32>) {
                %qt = vector.maskedload %qv[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %kt0 = vector.maskedload %kv[%sl, %j0, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e0 = vector.fma %qt, %kt0, %da#0 : vector<16xf32>
                scf.yield %e0 : vector<16xf32>
              } else {
                scf.yield %da#0 : vector<16xf32>
              }
              %dot0 = vector.reduction <add>, %dt#0 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc0 = arith.mulf %dot0, %scale : f32
              %si0 = arith.subi %j0, %jb : index
              memref.store %sc0, %sbuf[%si0] : memref<16xf32>
              %mx0 = arith.maximumf %mx, %sc0 : f32
              scf.yield %mx0 : f32
            }
            scf.yield %bm1 : f32
          } else {
            %bm4 = scf.for %i = %c0 to %nb4 step %c4 iter_args(%mx = %ninf) -> (f32) {
              %j0 = arith.addi %jb, %i : index
              %ik1 = arith.addi %i, %c1 : index
              %j1 = arith.addi %jb, %ik1 : index
              %ik2 = arith.addi %i, %c2 : index
              %j2 = arith.addi %jb, %ik2 : index
              %ik3 = arith.addi %i, %c3 : index
              %j3 = arith.addi %jb, %ik3 : index
              %da:4 = scf.for %d = %c0 to %Dv step %c16 iter_args(%a0 = %vz, %a1 = %vz, %a2 = %vz, %a3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
                %qa = vector.load %qv[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
                %ka0 = vector.load %kv[%sl, %j0, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b0 = vector.fma %qa, %ka0, %a0 : vector<16xf32>
                %ka1 = vector.load %kv[%sl, %j1, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b1 = vector.fma %qa, %ka1, %a1 : vector<16xf32>
                %ka2 = vector.load %kv[%sl, %j2, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b2 = vector.fma %qa, %ka2, %a2 : vector<16xf32>
                %ka3 = vector.load %kv[%sl, %j3, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b3 = vector.fma %qa, %ka3, %a3 : vector<16xf32>
                scf.yield %b0, %b1, %b2, %b3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
              }
              %dt:4 = scf.if %ktail -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
                %qt = vector.maskedload %qv[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %kt0 = vector.maskedload %kv[%sl, %j0, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e0 = vector.fma %qt, %kt0, %da#0 : vector<16xf32>
                %kt1 = vector.maskedload %kv[%sl, %j1, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e1 = vector.fma %qt, %kt1, %da#1 : vector<16xf32>
                %kt2 = vector.maskedload %kv[%sl, %j2, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e2 = vector.fma %qt, %kt2, %da#2 : vector<16xf32>
                %kt3 = vector.maskedload %kv[%sl, %j3, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e3 = vector.fma %qt, %kt3, %da#3 : vector<16xf32>
                scf.yield %e0, %e1, %e2, %e3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
              } else {
                scf.yield %da#0, %da#1, %da#2, %da#3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
              }
              %dot0 = vector.reduction <add>, %dt#0 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc0 = arith.mulf %dot0, %scale : f32
              %si0 = arith.subi %j0, %jb : index
              memref.store %sc0, %sbuf[%si0] : memref<16xf32>
              %mx0 = arith.maximumf %mx, %sc0 : f32
              %dot1 = vector.reduction <add>, %dt#1 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc1 = arith.mulf %dot1, %scale : f32
              %si1 = arith.subi %j1, %jb : index
              memref.store %sc1, %sbuf[%si1] : memref<16xf32>
              %mx1 = arith.maximumf %mx0, %sc1 : f32
              %dot2 = vector.reduction <add>, %dt#2 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc2 = arith.mulf %dot2, %scale : f32
              %si2 = arith.subi %j2, %jb : index
              memref.store %sc2, %sbuf[%si2] : memref<16xf32>
              %mx2 = arith.maximumf %mx1, %sc2 : f32
              %dot3 = vector.reduction <add>, %dt#3 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc3 = arith.mulf %dot3, %scale : f32
              %si3 = arith.subi %j3, %jb : index
              memref.store %sc3, %sbuf[%si3] : memref<16xf32>
              %mx3 = arith.maximumf %mx2, %sc3 : f32
              scf.yield %mx3 : f32
            }
            %bm1 = scf.for %i = %nb4 to %nb step %c1 iter_args(%mx = %bm4) -> (f32) {
              %j0 = arith.addi %jb, %i : index
              %da:1 = scf.for %d = %c0 to %Dv step %c16 iter_args(%a0 = %vz) -> (vector<16xf32>) {
                %qa = vector.load %qv[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
                %ka0 = vector.load %kv[%sl, %j0, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
                %b0 = vector.fma %qa, %ka0, %a0 : vector<16xf32>
                scf.yield %b0 : vector<16xf32>
              }
              %dt:1 = scf.if %ktail -> (vector<16xf32>) {
                %qt = vector.maskedload %qv[%t, %h, %Dv], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %kt0 = vector.maskedload %kv[%sl, %j0, %kh, %Dv], %kmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
                %e0 = vector.fma %qt, %kt0, %da#0 : vector<16xf32>
                scf.yield %e0 : vector<16xf32>
              } else {
                scf.yield %da#0 : vector<16xf32>
              }
              %dot0 = vector.reduction <add>, %dt#0 fastmath<reassoc, contract> : vector<16xf32> into f32
              %sc0 = arith.mulf %dot0, %scale : f32
              %si0 = arith.subi %j0, %jb : index
              memref.store %sc0, %sbuf[%si0] : memref<16xf32>
              %mx0 = arith.maximumf %mx, %sc0 : f32
              scf.yield %mx0 : f32
            }
            scf.yield %bm1 : f32
          }
          %mn = arith.maximumf %m, %bm : f32
          %dm = arith.subf %m, %mn : f32
          %alpha = math.exp %dm : f32
          // p_j = exp(s_j - max) in place, and their sum
          %ps = scf.for %i = %c0 to %nb step %c1 iter_args(%su = %f0) -> (f32) {
            %sc = memref.load %sbuf[%i] : memref<16xf32>
            %ds = arith.subf %sc, %mn : f32
            %pj = math.exp %ds : f32
            memref.store %pj, %sbuf[%i] : memref<16xf32>
            %su2 = arith.addf %su, %pj : f32
            scf.yield %su2 : f32
          }
          %la = arith.mulf %l, %alpha : f32
          %ln = arith.addf %la, %ps : f32
          memref.store %mn, %mbuf[%hi] : memref<16xf32>
          memref.store %ln, %lbuf[%hi] : memref<16xf32>
          // out[t, h] = alpha * out[t, h] + sum_j p_j v_j: 64 columns at a time, then 16
          %avec = vector.broadcast %alpha : f32 to vector<16xf32>
          scf.for %d = %c0 to %DV64 step %c64 {
            %d0 = arith.addi %d, %c0 : index
            %o0 = vector.load %ov[%t, %h, %d0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %oa0 = arith.mulf %o0, %avec : vector<16xf32>
            %d1 = arith.addi %d, %c16 : index
            %o1 = vector.load %ov[%t, %h, %d1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %oa1 = arith.mulf %o1, %avec : vector<16xf32>
            %d2 = arith.addi %d, %c32 : index
            %o2 = vector.load %ov[%t, %h, %d2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %oa2 = arith.mulf %o2, %avec : vector<16xf32>
            %d3 = arith.addi %d, %c48 : index
            %o3 = vector.load %ov[%t, %h, %d3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %oa3 = arith.mulf %o3, %avec : vector<16xf32>
            %u:4 = scf.for %i = %c0 to %nb step %c1 iter_args(%a0 = %oa0, %a1 = %oa1, %a2 = %oa2, %a3 = %oa3) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
              %j = arith.addi %jb, %i : index
              %pj = memref.load %sbuf[%i] : memref<16xf32>
              %pvec = vector.broadcast %pj : f32 to vector<16xf32>
              %vv0 = vector.load %vv[%sl, %j, %kh, %d0] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
              %b0 = vector.fma %pvec, %vv0, %a0 : vector<16xf32>
              %vv1 = vector.load %vv[%sl, %j, %kh, %d1] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
              %b1 = vector.fma %pvec, %vv1, %a1 : vector<16xf32>
              %vv2 = vector.load %vv[%sl, %j, %kh, %d2] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
              %b2 = vector.fma %pvec, %vv2, %a2 : vector<16xf32>
              %vv3 = vector.load %vv[%sl, %j, %kh, %d3] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
              %b3 = vector.fma %pvec, %vv3, %a3 : vector<16xf32>
              scf.yield %b0, %b1, %b2, %b3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
            }
            vector.store %u#0, %ov[%t, %h, %d0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %u#1, %ov[%t, %h, %d1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %u#2, %ov[%t, %h, %d2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %u#3, %ov[%t, %h, %d3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          }
          scf.for %d = %DV64 to %DVv step %c16 {
            %d0 = arith.addi %d, %c0 : index
            %o0 = vector.load %ov[%t, %h, %d0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %oa0 = arith.mulf %o0, %avec : vector<16xf32>
            %u:1 = scf.for %i = %c0 to %nb step %c1 iter_args(%a0 = %oa0) -> (vector<16xf32>) {
              %j = arith.addi %jb, %i : index
              %pj = memref.load %sbuf[%i] : memref<16xf32>
              %pvec = vector.broadcast %pj : f32 to vector<16xf32>
              %vv0 = vector.load %vv[%sl, %j, %kh, %d0] : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xf32>
              %b0 = vector.fma %pvec, %vv0, %a0 : vector<16xf32>
              scf.yield %b0 : vector<16xf32>
            }
            vector.store %u#0, %ov[%t, %h, %d0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          }
          scf.if %vtail {
            %ot = vector.maskedload %ov[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
            %ota = arith.mulf %ot, %avec : vector<16xf32>
            %ot2 = scf.for %i = %c0 to %nb step %c1 iter_args(%a = %ota) -> (vector<16xf32>) {
              %j = arith.addi %jb, %i : index
              %pj = memref.load %sbuf[%i] : memref<16xf32>
              %pvec = vector.broadcast %pj : f32 to vector<16xf32>
              %vt = vector.maskedload %vv[%sl, %j, %kh, %DVv], %vmask, %vz : memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %a2 = vector.fma %pvec, %vt, %a : vector<16xf32>
              scf.yield %a2 : vector<16xf32>
            }
            vector.maskedstore %ov[%t, %h, %DVv], %vmask, %ot2 : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
          }
        }
      }
      // out[t, h] /= denominator
      scf.for %hi = %c0 to %ng step %c1 {
        %h = arith.addi %h0, %hi : index
        %l = memref.load %lbuf[%hi] : memref<16xf32>
        %inv = arith.divf %f1, %l : f32
        %iv = vector.broadcast %inv : f32 to vector<16xf32>
        scf.for %d = %c0 to %DVv step %c16 {
          %o = vector.load %ov[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          %o2 = arith.mulf %o, %iv : vector<16xf32>
          vector.store %o2, %ov[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
        }
        %ot = vector.maskedload %ov[%t, %h, %DVv], %vmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %ot2 = arith.mulf %ot, %iv : vector<16xf32>
        vector.maskedstore %ov[%t, %h, %DVv], %vmask, %ot2 : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
      }
    }
  } else {
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
