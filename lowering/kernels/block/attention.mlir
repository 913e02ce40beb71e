// attention, CUDA block version: the same arguments and result as lowering/kernels/attention.mlir
// (out[t, h] = softmax_j(scale * q[t, h] . k_j) . v_j over the keys j in [lo, p] of cache slot s,
// p = positions[t], s = slots[t], lo from window and chunk, the sink logit sinks[h] counted in the
// max and the denominator when has_sinks), one 128-thread block per (token, head) item: the
// runtime launches nwg = T * NH blocks (block b also does items b + nwg, ... when fewer).
//
// Flash decoding inside the block: warp w takes the key tiles lo + 32 w, lo + 32 (w + 4), ... of
// 32 keys, one key per lane. A lane computes its key's score (a dot product over the head dim);
// the warp's online softmax (running max m and denominator l, tile max and sum by xor shuffles)
// rescales its output accumulator, which lives in shared memory (acc[w][d]); then for each
// accumulator element (lanes along d: coalesced loads of v rows) the tile's 32 weights are
// broadcast by index shuffles. Last, the 4 warps' (m, l, acc) are merged: M = max m_w,
// L = sum l_w exp(m_w - M), out = sum acc_w exp(m_w - M) / L (warp 0 is seeded with the sink).
// Outputs go 1024 at a time (the shared tile); a wider DV repeats the key loop per 1024-wide
// chunk. Summation order differs from the CPU kernel's (f32 rounding).
gpu.module @mxa_block_kernels {
gpu.func @mxg_attention(%nwg: index,
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
    workgroup(%acc: memref<4x1024xf32, #gpu.address_space<workgroup>>,
              %stats: memref<2x4xf32, #gpu.address_space<workgroup>>)
    kernel attributes {known_block_size = array<i32: 128, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c32 = arith.constant 32 : index
  %c128 = arith.constant 128 : index
  %c1024 = arith.constant 1024 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %width = arith.constant 32 : i32
  %o16 = arith.constant 16 : i32
  %o8 = arith.constant 8 : i32
  %o4 = arith.constant 4 : i32
  %o2 = arith.constant 2 : i32
  %o1 = arith.constant 1 : i32
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %lane = arith.remui %tid, %c32 : index
  %warp = arith.divui %tid, %c32 : index
  %T = memref.dim %q, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NH = memref.dim %q, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %D = memref.dim %q, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NKV = memref.dim %kc, %c2 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %DV = memref.dim %vc, %c3 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %rep = arith.divui %NH, %NKV : index
  %hs = arith.cmpi ne, %has_sinks, %i0 : i64
  %win = arith.cmpi sgt, %window, %i0 : i64
  %chk = arith.cmpi sgt, %chunk, %i0 : i64
  %winx = arith.index_cast %window : i64 to index
  %chunkx = arith.index_cast %chunk : i64 to index
  %isWarp0 = arith.cmpi eq, %warp, %c0 : index
  %items = arith.muli %T, %NH : index
  scf.for %it = %block to %items step %nwg {
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
    %w32 = arith.muli %warp, %c32 : index
    %jw32 = arith.addi %lo, %w32 : index
    // Warp 0 starts from the sink logit (m = sink, l = 1), the others empty.
    %sink = scf.if %hs -> (f32) {
      %sk = memref.load %sinks[%h] : memref<?xf32, strided<[?], offset: ?>>
      scf.yield %sk : f32
    } else {
      scf.yield %ninf : f32
    }
    %withSink = arith.andi %hs, %isWarp0 : i1
    %m0 = arith.select %withSink, %sink, %ninf : f32
    %l0 = arith.select %withSink, %f1, %f0 : f32
    scf.for %dv0 = %c0 to %DV step %c1024 {
      %left = arith.subi %DV, %dv0 : index
      %cw = arith.minui %left, %c1024 : index
      scf.for %d = %lane to %cw step %c32 {
        memref.store %f0, %acc[%warp, %d] : memref<4x1024xf32, #gpu.address_space<workgroup>>
      }
      %ml:2 = scf.for %tile = %jw32 to %p1 step %c128 iter_args(%m = %m0, %l = %l0) -> (f32, f32) {
        // This lane's key and its score (-inf past p).
        %j = arith.addi %tile, %lane : index
        %valid = arith.cmpi ult, %j, %p1 : index
        %jc = arith.minui %j, %p : index
        %dot = scf.for %d = %c0 to %D step %c1 iter_args(%a = %f0) -> (f32) {
          %qd = memref.load %q[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %kd = memref.load %kc[%sl, %jc, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          %a2 = math.fma %qd, %kd, %a : f32
          scf.yield %a2 : f32
        }
        %sc0 = arith.mulf %dot, %scale : f32
        %sc = arith.select %valid, %sc0, %ninf : f32
        // The tile's max over the warp.
        %x16, %y16 = gpu.shuffle xor %sc, %o16, %width : f32
        %r16 = arith.maximumf %sc, %x16 : f32
        %x8, %y8 = gpu.shuffle xor %r16, %o8, %width : f32
        %r8 = arith.maximumf %r16, %x8 : f32
        %x4, %y4 = gpu.shuffle xor %r8, %o4, %width : f32
        %r4 = arith.maximumf %r8, %x4 : f32
        %x2, %y2 = gpu.shuffle xor %r4, %o2, %width : f32
        %r2 = arith.maximumf %r4, %x2 : f32
        %x1, %y1 = gpu.shuffle xor %r2, %o1, %width : f32
        %tmax = arith.maximumf %r2, %x1 : f32
        %mn = arith.maximumf %m, %tmax : f32
        %dm = arith.subf %m, %mn : f32
        %alpha = math.exp %dm : f32
        %ds = arith.subf %sc, %mn : f32
        %pj = math.exp %ds : f32
        // The tile's sum of weights over the warp.
        %z16, %u16 = gpu.shuffle xor %pj, %o16, %width : f32
        %q16 = arith.addf %pj, %z16 : f32
        %z8, %u8 = gpu.shuffle xor %q16, %o8, %width : f32
        %q8 = arith.addf %q16, %z8 : f32
        %z4, %u4 = gpu.shuffle xor %q8, %o4, %width : f32
        %q4 = arith.addf %q8, %z4 : f32
        %z2, %u2 = gpu.shuffle xor %q4, %o2, %width : f32
        %q2 = arith.addf %q4, %z2 : f32
        %z1, %u1 = gpu.shuffle xor %q2, %o1, %width : f32
        %tsum = arith.addf %q2, %z1 : f32
        %la = arith.mulf %l, %alpha : f32
        %ln = arith.addf %la, %tsum : f32
        // acc[w][d] = alpha acc[w][d] + sum_i p_i v[tile + i][d], over the
        // tile's keys up to p.
        %avail = arith.subi %p1, %tile : index
        %nk = arith.minui %avail, %c32 : index
        // Every lane runs every d0 step (the index shuffles need the whole warp); lanes past
        // cw read a clamped column and store nothing.
        %cwm1 = arith.subi %cw, %c1 : index
        scf.for %d0 = %c0 to %cw step %c32 {
          %d = arith.addi %d0, %lane : index
          %inside = arith.cmpi ult, %d, %cw : index
          %dc = arith.minui %d, %cwm1 : index
          %dd = arith.addi %dv0, %dc : index
          %o = memref.load %acc[%warp, %dc] : memref<4x1024xf32, #gpu.address_space<workgroup>>
          %oa = arith.mulf %o, %alpha : f32
          %sum = scf.for %i = %c0 to %nk step %c1 iter_args(%y = %oa) -> (f32) {
            %i32 = arith.index_cast %i : index to i32
            %pi, %ok = gpu.shuffle idx %pj, %i32, %width : f32
            %ji = arith.addi %tile, %i : index
            %vd = memref.load %vc[%sl, %ji, %kh, %dd] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %acc2 = math.fma %pi, %vd, %y : f32
            scf.yield %acc2 : f32
          }
          scf.if %inside {
            memref.store %sum, %acc[%warp, %d] : memref<4x1024xf32, #gpu.address_space<workgroup>>
          }
        }
        scf.yield %mn, %ln : f32, f32
      }
      // Merge the warps: lane 0 of each posts (m, l).
      %first = arith.cmpi eq, %lane, %c0 : index
      scf.if %first {
        memref.store %ml#0, %stats[%c0, %warp] : memref<2x4xf32, #gpu.address_space<workgroup>>
        memref.store %ml#1, %stats[%c1, %warp] : memref<2x4xf32, #gpu.address_space<workgroup>>
      }
      gpu.barrier
      %ma = memref.load %stats[%c0, %c0] : memref<2x4xf32, #gpu.address_space<workgroup>>
      %mb = memref.load %stats[%c0, %c1] : memref<2x4xf32, #gpu.address_space<workgroup>>
      %mc = memref.load %stats[%c0, %c2] : memref<2x4xf32, #gpu.address_space<workgroup>>
      %md = memref.load %stats[%c0, %c3] : memref<2x4xf32, #gpu.address_space<workgroup>>
      %la_ = memref.load %stats[%c1, %c0] : memref<2x4xf32, #gpu.address_space<workgroup>>
      %lb_ = memref.load %stats[%c1, %c1] : memref<2x4xf32, #gpu.address_space<workgroup>>
      %lc_ = memref.load %stats[%c1, %c2] : memref<2x4xf32, #gpu.address_space<workgroup>>
      %ld_ = memref.load %stats[%c1, %c3] : memref<2x4xf32, #gpu.address_space<workgroup>>
      %mab = arith.maximumf %ma, %mb : f32
      %mcd = arith.maximumf %mc, %md : f32
      %M = arith.maximumf %mab, %mcd : f32
      // exp(m_w - M); an empty warp (m_w = -inf) weighs 0.
      %xa = arith.subf %ma, %M : f32
      %xb = arith.subf %mb, %M : f32
      %xc = arith.subf %mc, %M : f32
      %xd = arith.subf %md, %M : f32
      %ea = math.exp %xa : f32
      %eb = math.exp %xb : f32
      %ec = math.exp %xc : f32
      %ed = math.exp %xd : f32
      %wa = arith.mulf %la_, %ea : f32
      %wb = arith.mulf %lb_, %eb : f32
      %wc = arith.mulf %lc_, %ec : f32
      %wd = arith.mulf %ld_, %ed : f32
      %wab = arith.addf %wa, %wb : f32
      %wcd = arith.addf %wc, %wd : f32
      %L = arith.addf %wab, %wcd : f32
      %inv = arith.divf %f1, %L : f32
      %ga = arith.mulf %ea, %inv : f32
      %gb = arith.mulf %eb, %inv : f32
      %gc = arith.mulf %ec, %inv : f32
      %gd = arith.mulf %ed, %inv : f32
      scf.for %d = %tid to %cw step %c128 {
        %aa = memref.load %acc[%c0, %d] : memref<4x1024xf32, #gpu.address_space<workgroup>>
        %ab = memref.load %acc[%c1, %d] : memref<4x1024xf32, #gpu.address_space<workgroup>>
        %ac = memref.load %acc[%c2, %d] : memref<4x1024xf32, #gpu.address_space<workgroup>>
        %ad = memref.load %acc[%c3, %d] : memref<4x1024xf32, #gpu.address_space<workgroup>>
        %ya = arith.mulf %aa, %ga : f32
        %yb = math.fma %ab, %gb, %ya : f32
        %yc = math.fma %ac, %gc, %yb : f32
        %yd = math.fma %ad, %gd, %yc : f32
        %dd = arith.addi %dv0, %d : index
        memref.store %yd, %out[%t, %h, %dd] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      }
      // The tile and the stats are reused by the next chunk or item.
      gpu.barrier
    }
  }
  gpu.return
}
}
