// router: routing after the logits, exactly the interpreter's Executor::router.
// scoring 0 softmax, 1 sigmoid, 2 softmax_topk, 3 sigmoid_topk; group_score 0 max, 1 top2_sum;
// renorm 0 none, 1 sum. scratch[t, 0:E] holds the scores s, scratch[t, E:2E] the selection
// scores sel = s (+ corr); groups (n_group > 1, group size E / n_group) outside the topk_group
// best are masked to -inf. Top-k: K passes, each taking the largest sel strictly after the
// previous pick in (value desc, id asc) order, so ties pick the lower expert id; slot = rank.
// Work: tokens split evenly over nwg (group scores live in a small stack buffer).
func.func @router(%wg: index, %nwg: index,
    %logits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %corr: memref<?xf32, strided<[?], offset: ?>>,
    %scratch: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %ids: memref<?x?xi32, strided<[?, ?], offset: ?>>,
    %weights: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %scoring: i64,
    %n_group: i64,
    %topk_group: i64,
    %group_score: i64,
    %renorm: i64,
    %renorm_eps: f32,
    %scaling: f32,
    %has_corr: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %logits, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %E = memref.dim %logits, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %ids, %c1 : memref<?x?xi32, strided<[?, ?], offset: ?>>
  %E64 = arith.index_cast %E : index to i64
  %i1 = arith.constant 1 : i64
  %i2 = arith.constant 2 : i64
  %i3 = arith.constant 3 : i64
  %im1 = arith.constant -1 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %pinf = arith.constant 0x7F800000 : f32
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
  %gsb = memref.alloca(%NG) : memref<?xf32>
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    // 1. scores s -> scratch[t, 0:E]
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
        memref.store %x, %scratch[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %a2 = arith.addf %a, %x : f32
        scf.yield %a2 : f32
      }
      scf.for %e = %c0 to %E step %c1 {
        %x = memref.load %scratch[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %y = arith.divf %x, %sum : f32
        memref.store %y, %scratch[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
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
        memref.store %y, %scratch[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
    // 2. selection scores sel -> scratch[t, E:2E]
    scf.for %e = %c0 to %E step %c1 {
      %s = memref.load %scratch[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %sel = scf.if %hc -> (f32) {
        %cv = memref.load %corr[%e] : memref<?xf32, strided<[?], offset: ?>>
        %a = arith.addf %s, %cv : f32
        scf.yield %a : f32
      } else {
        scf.yield %s : f32
      }
      %eE = arith.addi %e, %E : index
      memref.store %sel, %scratch[%t, %eE] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
    // 3. group limiting
    scf.if %grouped {
      scf.for %g = %c0 to %NG step %c1 {
        %gb = arith.muli %g, %GS : index
        %ge = arith.addi %gb, %GS : index
        %m:2 = scf.for %e = %gb to %ge step %c1 iter_args(%m1 = %ninf, %m2 = %ninf) -> (f32, f32) {
          %eE = arith.addi %e, %E : index
          %v = memref.load %scratch[%t, %eE] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %gt1 = arith.cmpf ogt, %v, %m1 : f32
          %gt2 = arith.cmpf ogt, %v, %m2 : f32
          %n2a = arith.select %gt2, %v, %m2 : f32
          %n2 = arith.select %gt1, %m1, %n2a : f32
          %n1 = arith.select %gt1, %v, %m1 : f32
          scf.yield %n1, %n2 : f32, f32
        }
        %second = arith.select %gs_gt1, %m#1, %f0 : f32
        %sum2 = arith.addf %m#0, %second : f32
        %sc = arith.select %top2, %sum2, %m#0 : f32
        memref.store %sc, %gsb[%g] : memref<?xf32>
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
            memref.store %ninf, %scratch[%t, %eE] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          }
        }
      }
    }
    // 4. top-k by (sel desc, id asc); raw weights -> weights[t, k]
    %fin:2 = scf.for %k = %c0 to %K step %c1 iter_args(%pv = %pinf, %pi = %im1) -> (f32, i64) {
      %best:2 = scf.for %e = %c0 to %E step %c1 iter_args(%bv = %ninf, %bi = %im1) -> (f32, i64) {
        %eE = arith.addi %e, %E : index
        %v = memref.load %scratch[%t, %eE] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %e64 = arith.index_cast %e : index to i64
        %lt = arith.cmpf olt, %v, %pv : f32
        %eq = arith.cmpf oeq, %v, %pv : f32
        %after = arith.cmpi sgt, %e64, %pi : i64
        %eqa = arith.andi %eq, %after : i1
        %elig = arith.ori %lt, %eqa : i1
        %none = arith.cmpi eq, %bi, %im1 : i64
        %better = arith.cmpf ogt, %v, %bv : f32
        %nb = arith.ori %none, %better : i1
        %take = arith.andi %elig, %nb : i1
        %bv2 = arith.select %take, %v, %bv : f32
        %bi2 = arith.select %take, %e64, %bi : i64
        scf.yield %bv2, %bi2 : f32, i64
      }
      %bi32 = arith.trunci %best#1 : i64 to i32
      memref.store %bi32, %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
      %bix = arith.index_cast %best#1 : i64 to index
      %w = scf.if %plain -> (f32) {
        %s = memref.load %scratch[%t, %bix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        scf.yield %s : f32
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
      scf.yield %best#0, %best#1 : f32, i64
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
  }
  return
}
