// attention_grad, CUDA block version: the same arguments and results as
// lowering/kernels/attention_grad.mlir (two launches with the same arguments; phase 0 per
// (token, head): lse, delta, dq and dsinks; phase 1 per key row (slot, key, kv head): dkc and dvc,
// written for every row, zero where no query attends), one 128-thread block per work item: the
// runtime launches nwg = the phase's items blocks (block b also does items b + nwg, ... when
// fewer). Every dot product is a warp's: lanes stride the head dim (coalesced rows), the sum by
// xor shuffles, so every lane holds it and each warp's control flow stays uniform.
//
// Phase 0, item (t, h) (T * NH items): every warp sums delta = dout[t, h] . out[t, h] itself.
// Warp w takes the keys lo + w, lo + w + 4, ...: first the logits' running max and sum per warp
// (warp 0 seeded with the sink), merged over the 4 warps through shared memory into lse; then
// per key again the logit and dP = dout[t, h] . v_j, dS = exp(logit - lse) (dP - delta), and the
// warp's lanes add dS k_j into their columns of the warp's row of a shared accumulator; the 4
// rows are summed into dq = scale * sum. Head dims over 1024 repeat the key loop per 1024-wide
// chunk.
// Phase 1, item (s, j, g) (S * C * NKV items): warp w takes the tokens w, w + 4, ...; a token of
// slot s whose key range holds j contributes, per head h of group g, the logit and dP recomputed
// from lse and delta: dS q[t, h] into the warp's dk row and P dout[t, h] into its dv row; the
// 4 warps' rows are summed into dkc = scale * sum and dvc. Head dims over 1024 as phase 0.
//
// Summation order differs from the CPU kernel's (f32 rounding); a work item is one block's, so
// the results do not depend on nwg.
gpu.module @mxa_block_kernels {
gpu.func @mxg_attention_grad(%nwg: index,
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
    workgroup(%acc: memref<8x1024xf32, #gpu.address_space<workgroup>>,
              %stats: memref<2x4xf32, #gpu.address_space<workgroup>>)
    kernel attributes {known_block_size = array<i32: 128, 1, 1>, nvvm.maxnreg = 96 : i32} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
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
  %warp4 = arith.addi %warp, %c4 : index
  %first = arith.cmpi eq, %lane, %c0 : index
  %thread0 = arith.cmpi eq, %tid, %c0 : index
  %isWarp0 = arith.cmpi eq, %warp, %c0 : index
  %T = memref.dim %q, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NH = memref.dim %q, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %D = memref.dim %q, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %S = memref.dim %kc, %c0 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %C = memref.dim %kc, %c1 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %NKV = memref.dim %kc, %c2 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %DV = memref.dim %vc, %c3 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %rep = arith.divui %NH, %NKV : index
  %hs = arith.cmpi ne, %has_sinks, %i0 : i64
  %win = arith.cmpi sgt, %window, %i0 : i64
  %chk = arith.cmpi sgt, %chunk, %i0 : i64
  %winx = arith.index_cast %window : i64 to index
  %chunkx = arith.index_cast %chunk : i64 to index
  %chd = arith.select %chk, %chunkx, %c1 : index
  %is_p0 = arith.cmpi eq, %phase, %i0 : i64
  scf.if %is_p0 {
    %items0 = arith.muli %T, %NH : index
    scf.for %it = %block to %items0 step %nwg {
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
      %pc0 = arith.divui %p, %chd : index
      %pc = arith.muli %pc0, %chd : index
      %lo2 = arith.maxsi %lo1, %pc : index
      %lo = arith.select %chk, %lo2, %lo1 : index
      %jw = arith.addi %lo, %warp : index
      // delta = dout[t, h] . out[t, h], summed by every warp.
      %dl_part = scf.for %d = %lane to %DV step %c32 iter_args(%a = %f0) -> (f32) {
        %x = memref.load %dout[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %y = memref.load %out[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %a2 = math.fma %x, %y, %a : f32
        scf.yield %a2 : f32
      }
      %dl_x16, %dl_v16 = gpu.shuffle xor %dl_part, %o16, %width : f32
      %dl_r16 = arith.addf %dl_part, %dl_x16 : f32
      %dl_x8, %dl_v8 = gpu.shuffle xor %dl_r16, %o8, %width : f32
      %dl_r8 = arith.addf %dl_r16, %dl_x8 : f32
      %dl_x4, %dl_v4 = gpu.shuffle xor %dl_r8, %o4, %width : f32
      %dl_r4 = arith.addf %dl_r8, %dl_x4 : f32
      %dl_x2, %dl_v2 = gpu.shuffle xor %dl_r4, %o2, %width : f32
      %dl_r2 = arith.addf %dl_r4, %dl_x2 : f32
      %dl_x1, %dl_v1 = gpu.shuffle xor %dl_r2, %o1, %width : f32
      %dl = arith.addf %dl_r2, %dl_x1 : f32
      // lse: each warp's running max and sum of exp over its keys (warp 0 starts from the
      // sink logit: m = sink, l = 1), merged over the warps.
      %sink = scf.if %hs -> (f32) {
        %sk = memref.load %sinks[%h] : memref<?xf32, strided<[?], offset: ?>>
        scf.yield %sk : f32
      } else {
        scf.yield %ninf : f32
      }
      %withSink = arith.andi %hs, %isWarp0 : i1
      %m0 = arith.select %withSink, %sink, %ninf : f32
      %l0 = arith.select %withSink, %f1, %f0 : f32
      %ml:2 = scf.for %j = %jw to %p1 step %c4 iter_args(%m = %m0, %l = %l0) -> (f32, f32) {
        %sp = scf.for %d = %lane to %D step %c32 iter_args(%a = %f0) -> (f32) {
          %x = memref.load %q[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %y = memref.load %kc[%sl, %j, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
          %a2 = math.fma %x, %y, %a : f32
          scf.yield %a2 : f32
        }
        %sp_x16, %sp_v16 = gpu.shuffle xor %sp, %o16, %width : f32
        %sp_r16 = arith.addf %sp, %sp_x16 : f32
        %sp_x8, %sp_v8 = gpu.shuffle xor %sp_r16, %o8, %width : f32
        %sp_r8 = arith.addf %sp_r16, %sp_x8 : f32
        %sp_x4, %sp_v4 = gpu.shuffle xor %sp_r8, %o4, %width : f32
        %sp_r4 = arith.addf %sp_r8, %sp_x4 : f32
        %sp_x2, %sp_v2 = gpu.shuffle xor %sp_r4, %o2, %width : f32
        %sp_r2 = arith.addf %sp_r4, %sp_x2 : f32
        %sp_x1, %sp_v1 = gpu.shuffle xor %sp_r2, %o1, %width : f32
        %qk = arith.addf %sp_r2, %sp_x1 : f32
        %sc = arith.mulf %qk, %scale : f32
        %mn = arith.maximumf %m, %sc : f32
        %dm = arith.subf %m, %mn : f32
        %alpha = math.exp %dm : f32
        %ds = arith.subf %sc, %mn : f32
        %e = math.exp %ds : f32
        %la = arith.mulf %l, %alpha : f32
        %ln = arith.addf %la, %e : f32
        scf.yield %mn, %ln : f32, f32
      }
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
      // exp(m_w - M); a warp without keys (m_w = -inf) weighs 0.
      %xa = arith.subf %ma, %M : f32
      %xb = arith.subf %mb, %M : f32
      %xc = arith.subf %mc, %M : f32
      %xd = arith.subf %md, %M : f32
      %ea = math.exp %xa : f32
      %eb = math.exp %xb : f32
      %ec = math.exp %xc : f32
      %ed = math.exp %xd : f32
      %wa = arith.mulf %la_, %ea : f32
      %wb = math.fma %lb_, %eb, %wa : f32
      %wc = math.fma %lc_, %ec, %wb : f32
      %L = math.fma %ld_, %ed, %wc : f32
      %logL = math.log %L : f32
      %lsev = arith.addf %M, %logL : f32
      // dq, per 1024-wide chunk of the head dim: acc[w][d] = sum over warp w's keys of dS k[d].
      scf.for %cd = %c0 to %D step %c1024 {
        %left = arith.subi %D, %cd : index
        %cw = arith.minui %left, %c1024 : index
        scf.for %d = %lane to %cw step %c32 {
          memref.store %f0, %acc[%warp, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
        }
        scf.for %j = %jw to %p1 step %c4 {
          %gp = scf.for %d = %lane to %D step %c32 iter_args(%a = %f0) -> (f32) {
            %x = memref.load %q[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %y = memref.load %kc[%sl, %j, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %a2 = math.fma %x, %y, %a : f32
            scf.yield %a2 : f32
          }
          %vp = scf.for %d = %lane to %DV step %c32 iter_args(%a = %f0) -> (f32) {
            %x = memref.load %dout[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %y = memref.load %vc[%sl, %j, %kh, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %a2 = math.fma %x, %y, %a : f32
            scf.yield %a2 : f32
          }
          %gp_x16, %gp_v16 = gpu.shuffle xor %gp, %o16, %width : f32
          %gp_r16 = arith.addf %gp, %gp_x16 : f32
          %gp_x8, %gp_v8 = gpu.shuffle xor %gp_r16, %o8, %width : f32
          %gp_r8 = arith.addf %gp_r16, %gp_x8 : f32
          %gp_x4, %gp_v4 = gpu.shuffle xor %gp_r8, %o4, %width : f32
          %gp_r4 = arith.addf %gp_r8, %gp_x4 : f32
          %gp_x2, %gp_v2 = gpu.shuffle xor %gp_r4, %o2, %width : f32
          %gp_r2 = arith.addf %gp_r4, %gp_x2 : f32
          %gp_x1, %gp_v1 = gpu.shuffle xor %gp_r2, %o1, %width : f32
          %qk = arith.addf %gp_r2, %gp_x1 : f32
          %vp_x16, %vp_v16 = gpu.shuffle xor %vp, %o16, %width : f32
          %vp_r16 = arith.addf %vp, %vp_x16 : f32
          %vp_x8, %vp_v8 = gpu.shuffle xor %vp_r16, %o8, %width : f32
          %vp_r8 = arith.addf %vp_r16, %vp_x8 : f32
          %vp_x4, %vp_v4 = gpu.shuffle xor %vp_r8, %o4, %width : f32
          %vp_r4 = arith.addf %vp_r8, %vp_x4 : f32
          %vp_x2, %vp_v2 = gpu.shuffle xor %vp_r4, %o2, %width : f32
          %vp_r2 = arith.addf %vp_r4, %vp_x2 : f32
          %vp_x1, %vp_v1 = gpu.shuffle xor %vp_r2, %o1, %width : f32
          %dP = arith.addf %vp_r2, %vp_x1 : f32
          %sc = arith.mulf %qk, %scale : f32
          %z = arith.subf %sc, %lsev : f32
          %P = math.exp %z : f32
          %dd = arith.subf %dP, %dl : f32
          %dS = arith.mulf %P, %dd : f32
          scf.for %d = %lane to %cw step %c32 {
            %col = arith.addi %cd, %d : index
            %k = memref.load %kc[%sl, %j, %kh, %col] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
            %a = memref.load %acc[%warp, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
            %a2 = math.fma %dS, %k, %a : f32
            memref.store %a2, %acc[%warp, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          }
        }
        gpu.barrier
        scf.for %d = %tid to %cw step %c128 {
          %aa = memref.load %acc[%c0, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %ab = memref.load %acc[%c1, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %ac = memref.load %acc[%c2, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %ad = memref.load %acc[%c3, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %sab = arith.addf %aa, %ab : f32
          %scd = arith.addf %ac, %ad : f32
          %sum = arith.addf %sab, %scd : f32
          %g = arith.mulf %sum, %scale : f32
          %col = arith.addi %cd, %d : index
          memref.store %g, %dq[%t, %h, %col] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
        // The accumulator (and the stats) are reused by the next chunk or item.
        gpu.barrier
      }
      scf.if %thread0 {
        memref.store %lsev, %lse[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        memref.store %dl, %delta[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        scf.if %hs {
          %zs = arith.subf %sink, %lsev : f32
          %ske = math.exp %zs : f32
          %nske = arith.negf %ske : f32
          %dsk = arith.mulf %nske, %dl : f32
          memref.store %dsk, %dsinks[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  } else {
    %CK = arith.muli %C, %NKV : index
    %items1 = arith.muli %S, %CK : index
    %DM = arith.maxui %D, %DV : index
    scf.for %it = %block to %items1 step %nwg {
      %s = arith.divui %it, %CK : index
      %jg = arith.remui %it, %CK : index
      %j = arith.divui %jg, %NKV : index
      %gk = arith.remui %jg, %NKV : index
      %h0 = arith.muli %gk, %rep : index
      %h1 = arith.addi %h0, %rep : index
      // Per 1024-wide chunk of the head dims: rows warp (dk) and 4 + warp (dv) of acc.
      scf.for %cd = %c0 to %DM step %c1024 {
        %lk = arith.subi %D, %cd : index
        %lk0 = arith.maxsi %lk, %c0 : index
        %cwk = arith.minsi %lk0, %c1024 : index
        %lv = arith.subi %DV, %cd : index
        %lv0 = arith.maxsi %lv, %c0 : index
        %cwv = arith.minsi %lv0, %c1024 : index
        scf.for %d = %lane to %cwk step %c32 {
          memref.store %f0, %acc[%warp, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
        }
        scf.for %d = %lane to %cwv step %c32 {
          memref.store %f0, %acc[%warp4, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
        }
        scf.for %t = %warp to %T step %c4 {
          %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
          %s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
          %p = arith.index_cast %p64 : i64 to index
          %ts = arith.index_cast %s64 : i64 to index
          %p1 = arith.addi %p, %c1 : index
          %pw = arith.subi %p1, %winx : index
          %pwc = arith.maxsi %pw, %c0 : index
          %lo1 = arith.select %win, %pwc, %c0 : index
          %pc0 = arith.divui %p, %chd : index
          %pc = arith.muli %pc0, %chd : index
          %lo2 = arith.maxsi %lo1, %pc : index
          %lo = arith.select %chk, %lo2, %lo1 : index
          %same = arith.cmpi eq, %ts, %s : index
          %ge = arith.cmpi sge, %j, %lo : index
          %le = arith.cmpi sle, %j, %p : index
          %in0 = arith.andi %same, %ge : i1
          %in = arith.andi %in0, %le : i1
          scf.if %in {
            scf.for %h = %h0 to %h1 step %c1 {
              %gp = scf.for %d = %lane to %D step %c32 iter_args(%a = %f0) -> (f32) {
                %x = memref.load %q[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
                %y = memref.load %kc[%s, %j, %gk, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
                %a2 = math.fma %x, %y, %a : f32
                scf.yield %a2 : f32
              }
              %vp = scf.for %d = %lane to %DV step %c32 iter_args(%a = %f0) -> (f32) {
                %x = memref.load %dout[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
                %y = memref.load %vc[%s, %j, %gk, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
                %a2 = math.fma %x, %y, %a : f32
                scf.yield %a2 : f32
              }
              %gp_x16, %gp_v16 = gpu.shuffle xor %gp, %o16, %width : f32
              %gp_r16 = arith.addf %gp, %gp_x16 : f32
              %gp_x8, %gp_v8 = gpu.shuffle xor %gp_r16, %o8, %width : f32
              %gp_r8 = arith.addf %gp_r16, %gp_x8 : f32
              %gp_x4, %gp_v4 = gpu.shuffle xor %gp_r8, %o4, %width : f32
              %gp_r4 = arith.addf %gp_r8, %gp_x4 : f32
              %gp_x2, %gp_v2 = gpu.shuffle xor %gp_r4, %o2, %width : f32
              %gp_r2 = arith.addf %gp_r4, %gp_x2 : f32
              %gp_x1, %gp_v1 = gpu.shuffle xor %gp_r2, %o1, %width : f32
              %qk = arith.addf %gp_r2, %gp_x1 : f32
              %vp_x16, %vp_v16 = gpu.shuffle xor %vp, %o16, %width : f32
              %vp_r16 = arith.addf %vp, %vp_x16 : f32
              %vp_x8, %vp_v8 = gpu.shuffle xor %vp_r16, %o8, %width : f32
              %vp_r8 = arith.addf %vp_r16, %vp_x8 : f32
              %vp_x4, %vp_v4 = gpu.shuffle xor %vp_r8, %o4, %width : f32
              %vp_r4 = arith.addf %vp_r8, %vp_x4 : f32
              %vp_x2, %vp_v2 = gpu.shuffle xor %vp_r4, %o2, %width : f32
              %vp_r2 = arith.addf %vp_r4, %vp_x2 : f32
              %vp_x1, %vp_v1 = gpu.shuffle xor %vp_r2, %o1, %width : f32
              %dP = arith.addf %vp_r2, %vp_x1 : f32
              %lsev = memref.load %lse[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %dl = memref.load %delta[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %sc = arith.mulf %qk, %scale : f32
              %z = arith.subf %sc, %lsev : f32
              %P = math.exp %z : f32
              %dd = arith.subf %dP, %dl : f32
              %dS = arith.mulf %P, %dd : f32
              scf.for %d = %lane to %cwk step %c32 {
                %col = arith.addi %cd, %d : index
                %x = memref.load %q[%t, %h, %col] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
                %a = memref.load %acc[%warp, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
                %a2 = math.fma %dS, %x, %a : f32
                memref.store %a2, %acc[%warp, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
              }
              scf.for %d = %lane to %cwv step %c32 {
                %col = arith.addi %cd, %d : index
                %x = memref.load %dout[%t, %h, %col] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
                %a = memref.load %acc[%warp4, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
                %a2 = math.fma %P, %x, %a : f32
                memref.store %a2, %acc[%warp4, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
              }
            }
          }
        }
        gpu.barrier
        scf.for %d = %tid to %cwk step %c128 {
          %aa = memref.load %acc[%c0, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %ab = memref.load %acc[%c1, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %ac = memref.load %acc[%c2, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %ad = memref.load %acc[%c3, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %sab = arith.addf %aa, %ab : f32
          %scd = arith.addf %ac, %ad : f32
          %sum = arith.addf %sab, %scd : f32
          %r = arith.mulf %sum, %scale : f32
          %col = arith.addi %cd, %d : index
          memref.store %r, %dkc[%s, %j, %gk, %col] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
        }
        scf.for %d = %tid to %cwv step %c128 {
          %aa = memref.load %acc[%c4, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %ab = memref.load %acc[%c5, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %ac = memref.load %acc[%c6, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %ad = memref.load %acc[%c7, %d] : memref<8x1024xf32, #gpu.address_space<workgroup>>
          %sab = arith.addf %aa, %ab : f32
          %scd = arith.addf %ac, %ad : f32
          %sum = arith.addf %sab, %scd : f32
          %col = arith.addi %cd, %d : index
          memref.store %sum, %dvc[%s, %j, %gk, %col] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
        }
        // The accumulator is reused by the next chunk or item.
        gpu.barrier
      }
    }
  }
  gpu.return
}
}
