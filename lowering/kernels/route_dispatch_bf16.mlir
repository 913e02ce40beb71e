// route_dispatch_bf16: route_dispatch with bf16 rows (moe-experts-to-bf16): rows[r] =
// bf16(src[t] (* weights[t, k] if scale_rows)), rounded to nearest even (NaNs stay quiet NaNs) as
// to_bf16 rounds; everything else as route_dispatch, whose documentation follows.
// route_dispatch: moe.route_dispatch after the gate logits, in three phases (launches):
// phase 0 (items NB): routes each token exactly as `router` (ids, weights) and counts the rows of
//   each expert of the workgroup's token block into hist[wg, :] (blocks = the even split of the T
//   tokens over nwg; wg 0 also zeroes hist rows nwg..NB-1).
// phase 1 (items 1): wg 0 turns hist into each block's first row per expert (expert-major,
//   block-minor) and writes counts[e] and the exclusive offsets (offsets[E] = T*K).
// phase 2 (items NB, the same nwg as phase 0): each block places its (t, k) pairs in ascending
//   token order: perm[r] = t*K+k, inv[t*K+k] = r, rows[r] = src[t] (* weights[t, k] if scale_rows).
// So rows of one expert are in ascending token order whatever nwg is. hist is [NB, E] i32 with
// NB >= nwg; phases 0 and 2 must be launched with equal items (hence equal nwg).
// scoring 0 softmax, 1 sigmoid, 2 softmax_topk, 3 sigmoid_topk; group_score 0 max, 1 top2_sum;
// renorm 0 none, 1 sum. A per-workgroup stack buffer sc[0:E] holds the scores s, sc[E:2E] the
// selection scores sel = s (+ corr); groups (n_group > 1, group size E / n_group) outside the
// topk_group best are masked to -inf. Top-k: one pass over sel keeping a sorted list of K
// (value desc, id asc) by insertion (a later id enters only when strictly greater), so ties pick
// the lower expert id; slot = rank.
func.func @route_dispatch_bf16(%wg: index, %nwg: index,
    %logits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %corr: memref<?xf32, strided<[?], offset: ?>>,
    %src: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %ids: memref<?x?xi32, strided<[?, ?], offset: ?>>,
    %weights: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %rows: memref<?x?xbf16, strided<[?, ?], offset: ?>>,
    %counts: memref<?xi32, strided<[?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %perm: memref<?xi32, strided<[?], offset: ?>>,
    %inv: memref<?xi32, strided<[?], offset: ?>>,
    %hist: memref<?x?xi32, strided<[?, ?], offset: ?>>,
    %phase: i64,
    %scoring: i64,
    %n_group: i64,
    %topk_group: i64,
    %group_score: i64,
    %renorm: i64,
    %renorm_eps: f32,
    %scaling: f32,
    %has_corr: i64,
    %scale_rows: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %rb_abs = arith.constant 2147483647 : i32
  %rb_inf = arith.constant 2139095040 : i32
  %rb_q = arith.constant 4194304 : i32
  %rb_h = arith.constant 32767 : i32
  %rb_16 = arith.constant 16 : i32
  %rb_1 = arith.constant 1 : i32
  %T = memref.dim %logits, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %E = memref.dim %logits, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %ids, %c1 : memref<?x?xi32, strided<[?, ?], offset: ?>>
  %H = memref.dim %src, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %NB = memref.dim %hist, %c0 : memref<?x?xi32, strided<[?, ?], offset: ?>>
  %z32 = arith.constant 0 : i32
  %o32 = arith.constant 1 : i32
  %ph1 = arith.constant 1 : i64
  %ph2 = arith.constant 2 : i64
  %is_p0 = arith.cmpi eq, %phase, %i0 : i64
  %is_p1 = arith.cmpi eq, %phase, %ph1 : i64
  %is_p2 = arith.cmpi eq, %phase, %ph2 : i64
  %first = arith.cmpi eq, %wg, %c0 : index
  %scale = arith.cmpi ne, %scale_rows, %i0 : i64
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.if %is_p0 {
    %E64 = arith.index_cast %E : index to i64
    %i1 = arith.constant 1 : i64
    %i2 = arith.constant 2 : i64
    %i3 = arith.constant 3 : i64
    %ninf = arith.constant 0xFF800000 : f32
    %is_softmax = arith.cmpi eq, %scoring, %i0 : i64
    %is_sigmoid = arith.cmpi eq, %scoring, %i1 : i64
    %is_smtopk = arith.cmpi eq, %scoring, %i2 : i64
    %is_sgtopk = arith.cmpi eq, %scoring, %i3 : i64
    %plain = arith.cmpi ult, %scoring, %i2 : i64
    %hc = arith.cmpi ne, %has_corr, %i0 : i64
    %top2 = arith.cmpi ne, %group_score, %i0 : i64
    %do_renorm = arith.cmpi ne, %renorm, %i0 : i64
    %grouped = arith.cmpi sgt, %n_group, %i1 : i64
    %NG0 = arith.index_cast %n_group : i64 to index
    %NG = arith.maxsi %NG0, %c1 : index
    %GS = arith.divui %E, %NG : index
    %gs_gt1 = arith.cmpi ugt, %GS, %c1 : index
    %TKG = arith.index_cast %topk_group : i64 to index
    %Km1 = arith.subi %K, %c1 : index
    %E2 = arith.addi %E, %E : index
    %gsb = memref.alloca(%NG) : memref<?xf32>
    %sc = memref.alloca(%E2) : memref<?xf32>
    %tv = memref.alloca(%K) : memref<?xf32>
    %ti = memref.alloca(%K) : memref<?xi64>
    scf.for %e = %c0 to %E step %c1 {
      memref.store %z32, %hist[%wg, %e] : memref<?x?xi32, strided<[?, ?], offset: ?>>
    }
    scf.for %t = %lo to %hi step %c1 {
      // 1. scores s -> sc[0:E]
      scf.if %is_softmax {
        %mx = scf.for %e = %c0 to %E step %c1 iter_args(%m = %ninf) -> (f32) {
          %l = memref.load %logits[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %m2 = arith.maximumf %m, %l : f32
          scf.yield %m2 : f32
        }
        %sum = scf.for %e = %c0 to %E step %c1 iter_args(%a = %f0) -> (f32) {
          %l = memref.load %logits[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %d = arith.subf %l, %mx : f32
          %x = math.exp %d : f32
          memref.store %x, %sc[%e] : memref<?xf32>
          %a2 = arith.addf %a, %x : f32
          scf.yield %a2 : f32
        }
        scf.for %e = %c0 to %E step %c1 {
          %x = memref.load %sc[%e] : memref<?xf32>
          %y = arith.divf %x, %sum : f32
          memref.store %y, %sc[%e] : memref<?xf32>
        }
      } else {
        scf.for %e = %c0 to %E step %c1 {
          %l = memref.load %logits[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %y = scf.if %is_sigmoid -> (f32) {
            %nl = arith.negf %l : f32
            %x = math.exp %nl : f32
            %den = arith.addf %f1, %x : f32
            %sg = arith.divf %f1, %den : f32
            scf.yield %sg : f32
          } else {
            scf.yield %l : f32
          }
          memref.store %y, %sc[%e] : memref<?xf32>
        }
      }
      // 2. selection scores sel -> sc[E:2E]
      scf.for %e = %c0 to %E step %c1 {
        %s = memref.load %sc[%e] : memref<?xf32>
        %sel = scf.if %hc -> (f32) {
          %cv = memref.load %corr[%e] : memref<?xf32, strided<[?], offset: ?>>
          %a = arith.addf %s, %cv : f32
          scf.yield %a : f32
        } else {
          scf.yield %s : f32
        }
        %eE = arith.addi %e, %E : index
        memref.store %sel, %sc[%eE] : memref<?xf32>
      }
      // 3. group limiting
      scf.if %grouped {
        scf.for %g = %c0 to %NG step %c1 {
          %gb = arith.muli %g, %GS : index
          %ge = arith.addi %gb, %GS : index
          %m:2 = scf.for %e = %gb to %ge step %c1 iter_args(%m1 = %ninf, %m2 = %ninf) -> (f32, f32) {
            %eE = arith.addi %e, %E : index
            %v = memref.load %sc[%eE] : memref<?xf32>
            %gt1 = arith.cmpf ogt, %v, %m1 : f32
            %gt2 = arith.cmpf ogt, %v, %m2 : f32
            %n2a = arith.select %gt2, %v, %m2 : f32
            %n2 = arith.select %gt1, %m1, %n2a : f32
            %n1 = arith.select %gt1, %v, %m1 : f32
            scf.yield %n1, %n2 : f32, f32
          }
          %second = arith.select %gs_gt1, %m#1, %f0 : f32
          %sum2 = arith.addf %m#0, %second : f32
          %gsc = arith.select %top2, %sum2, %m#0 : f32
          memref.store %gsc, %gsb[%g] : memref<?xf32>
        }
        scf.for %g = %c0 to %NG step %c1 {
          %sg = memref.load %gsb[%g] : memref<?xf32>
          %rank = scf.for %h = %c0 to %NG step %c1 iter_args(%rk = %c0) -> (index) {
            %sh = memref.load %gsb[%h] : memref<?xf32>
            %gt = arith.cmpf ogt, %sh, %sg : f32
            %eq = arith.cmpf oeq, %sh, %sg : f32
            %lt = arith.cmpi ult, %h, %g : index
            %eql = arith.andi %eq, %lt : i1
            %before = arith.ori %gt, %eql : i1
            %rk1 = arith.addi %rk, %c1 : index
            %rk2 = arith.select %before, %rk1, %rk : index
            scf.yield %rk2 : index
          }
          %drop = arith.cmpi uge, %rank, %TKG : index
          scf.if %drop {
            %gb = arith.muli %g, %GS : index
            %ge = arith.addi %gb, %GS : index
            scf.for %e = %gb to %ge step %c1 {
              %eE = arith.addi %e, %E : index
              memref.store %ninf, %sc[%eE] : memref<?xf32>
            }
          }
        }
      }
      // 4. top-k by (sel desc, id asc): sorted insertion into tv/ti
      %nsel = scf.for %e = %c0 to %E step %c1 iter_args(%n = %c0) -> (index) {
        %eE = arith.addi %e, %E : index
        %v = memref.load %sc[%eE] : memref<?xf32>
        %notfull = arith.cmpi ult, %n, %K : index
        %enter = scf.if %notfull -> (i1) {
          %true = arith.constant true
          scf.yield %true : i1
        } else {
          %lv = memref.load %tv[%Km1] : memref<?xf32>
          %gtl = arith.cmpf ogt, %v, %lv : f32
          scf.yield %gtl : i1
        }
        %n2 = scf.if %enter -> (index) {
          %m = arith.minui %n, %Km1 : index
          %p = scf.for %j = %c0 to %m step %c1 iter_args(%pp = %c0) -> (index) {
            %tj = memref.load %tv[%j] : memref<?xf32>
            %ge = arith.cmpf oge, %tj, %v : f32
            %pp1 = arith.addi %pp, %c1 : index
            %pr = arith.select %ge, %pp1, %pp : index
            scf.yield %pr : index
          }
          %nsh = arith.subi %m, %p : index
          scf.for %i = %c0 to %nsh step %c1 {
            %j0 = arith.subi %m, %i : index
            %j = arith.subi %j0, %c1 : index
            %sv = memref.load %tv[%j] : memref<?xf32>
            %si = memref.load %ti[%j] : memref<?xi64>
            memref.store %sv, %tv[%j0] : memref<?xf32>
            memref.store %si, %ti[%j0] : memref<?xi64>
          }
          %e64 = arith.index_cast %e : index to i64
          memref.store %v, %tv[%p] : memref<?xf32>
          memref.store %e64, %ti[%p] : memref<?xi64>
          %nn = arith.addi %n, %c1 : index
          %n3 = arith.minui %nn, %K : index
          scf.yield %n3 : index
        } else {
          scf.yield %n : index
        }
        scf.yield %n2 : index
      }
      // raw weights -> weights[t, k]
      scf.for %k = %c0 to %K step %c1 {
        %bi = memref.load %ti[%k] : memref<?xi64>
        %bi32 = arith.trunci %bi : i64 to i32
        memref.store %bi32, %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %bix = arith.index_cast %bi : i64 to index
        %w = scf.if %plain -> (f32) {
          %sv = memref.load %sc[%bix] : memref<?xf32>
          scf.yield %sv : f32
        } else {
          %l = memref.load %logits[%t, %bix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %w2 = scf.if %is_sgtopk -> (f32) {
            %nl = arith.negf %l : f32
            %x = math.exp %nl : f32
            %den = arith.addf %f1, %x : f32
            %sg = arith.divf %f1, %den : f32
            scf.yield %sg : f32
          } else {
            scf.yield %l : f32
          }
          scf.yield %w2 : f32
        }
        memref.store %w, %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
      // 5. softmax over the selected logits (softmax_topk)
      scf.if %is_smtopk {
        %mx = scf.for %k = %c0 to %K step %c1 iter_args(%m = %ninf) -> (f32) {
          %l = memref.load %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %m2 = arith.maximumf %m, %l : f32
          scf.yield %m2 : f32
        }
        %sum = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
          %l = memref.load %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %d = arith.subf %l, %mx : f32
          %x = math.exp %d : f32
          memref.store %x, %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %a2 = arith.addf %a, %x : f32
          scf.yield %a2 : f32
        }
        scf.for %k = %c0 to %K step %c1 {
          %x = memref.load %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %y = arith.divf %x, %sum : f32
          memref.store %y, %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
      // 6. renormalisation and 7. routed scaling factor
      %sumw = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
        %x = memref.load %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %a2 = arith.addf %a, %x : f32
        scf.yield %a2 : f32
      }
      %den = arith.addf %sumw, %renorm_eps : f32
      scf.for %k = %c0 to %K step %c1 {
        %x = memref.load %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %y = scf.if %do_renorm -> (f32) {
          %q = arith.divf %x, %den : f32
          scf.yield %q : f32
        } else {
          scf.yield %x : f32
        }
        %z = arith.mulf %y, %scaling : f32
        memref.store %z, %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
      scf.for %k = %c0 to %K step %c1 {
        %he32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %he = arith.index_cast %he32 : i32 to index
        %hn = memref.load %hist[%wg, %he] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %hn1 = arith.addi %hn, %o32 : i32
        memref.store %hn1, %hist[%wg, %he] : memref<?x?xi32, strided<[?, ?], offset: ?>>
      }
    }
    scf.if %first {
      scf.for %bz = %nwg to %NB step %c1 {
        scf.for %e = %c0 to %E step %c1 {
          memref.store %z32, %hist[%bz, %e] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  %scan = arith.andi %is_p1, %first : i1
  scf.if %scan {
    %tot = scf.for %e = %c0 to %E step %c1 iter_args(%run = %z32) -> (i32) {
      memref.store %run, %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
      %end = scf.for %bb = %c0 to %NB step %c1 iter_args(%cur = %run) -> (i32) {
        %h = memref.load %hist[%bb, %e] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        memref.store %cur, %hist[%bb, %e] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %cur2 = arith.addi %cur, %h : i32
        scf.yield %cur2 : i32
      }
      %cnt = arith.subi %end, %run : i32
      memref.store %cnt, %counts[%e] : memref<?xi32, strided<[?], offset: ?>>
      scf.yield %end : i32
    }
    memref.store %tot, %offsets[%E] : memref<?xi32, strided<[?], offset: ?>>
  }
  scf.if %is_p2 {
    scf.for %t = %lo to %hi step %c1 {
      scf.for %k = %c0 to %K step %c1 {
        %e32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %e = arith.index_cast %e32 : i32 to index
        %r32 = memref.load %hist[%wg, %e] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %r1 = arith.addi %r32, %o32 : i32
        memref.store %r1, %hist[%wg, %e] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %r = arith.index_cast %r32 : i32 to index
        %tk0 = arith.muli %t, %K : index
        %tk = arith.addi %tk0, %k : index
        %tk32 = arith.index_cast %tk : index to i32
        memref.store %tk32, %perm[%r] : memref<?xi32, strided<[?], offset: ?>>
        memref.store %r32, %inv[%tk] : memref<?xi32, strided<[?], offset: ?>>
        %w = scf.if %scale -> (f32) {
          %wv = memref.load %weights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          scf.yield %wv : f32
        } else {
          scf.yield %f1 : f32
        }
        scf.for %c = %c0 to %H step %c1 {
          %xv = memref.load %src[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %y = arith.mulf %xv, %w : f32
          %q301_b = arith.bitcast %y : f32 to i32
          %q301_a = arith.andi %q301_b, %rb_abs : i32
          %q301_nan = arith.cmpi ugt, %q301_a, %rb_inf : i32
          %q301_l0 = arith.shrui %q301_b, %rb_16 : i32
          %q301_l = arith.andi %q301_l0, %rb_1 : i32
          %q301_bias = arith.addi %q301_l, %rb_h : i32
          %q301_r = arith.addi %q301_b, %q301_bias : i32
          %q301_qn = arith.ori %q301_b, %rb_q : i32
          %q301_s = arith.select %q301_nan, %q301_qn, %q301_r : i32
          %q301_hi = arith.shrui %q301_s, %rb_16 : i32
          %q301_t = arith.trunci %q301_hi : i32 to i16
          %yh = arith.bitcast %q301_t : i16 to bf16
          memref.store %yh, %rows[%r, %c] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
