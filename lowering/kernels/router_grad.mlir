// router_grad: gradient of the router weights w.r.t. the gate logits for fixed expert ids
// (selection: top-k, groups, correction bias gets no gradient). Recomputes a_k = the score of
// expert ids[t, k]: scoring 0 softmax over all E logits (at ids[t, k]), 1 / 3 sigmoid(logit),
// 2 softmax among the K selected logits. dw_k = dweights[t, k] * scaling; renorm:
// D = sum_j a_j + renorm_eps, w_k = a_k / D, da_k = (dw_k - sum_j dw_j * w_j) / D; else da_k = dw_k.
// dlogits[t, :] = 0 except: softmax: dlogits[t, e] = s_e * (ds_e - sum_k a_k da_k) for all e
// (ds_e = da_k at e = ids[t, k], else 0; s = softmax over all E); sigmoid: dlogits[t, ids[t, k]] =
// da_k * a_k * (1 - a_k); softmax_topk: dlogits[t, ids[t, k]] = a_k * (da_k - sum_j a_j da_j).
// Sums over k run in slot order. ids within a row must be distinct, 0 <= ids < E. dlogits may
// alias logits (everything is read into per-workgroup stack buffers before the row is written).
// Work: tokens split evenly over nwg.
func.func @router_grad(%wg: index, %nwg: index,
    %logits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %ids: memref<?x?xi32, strided<[?, ?], offset: ?>>,
    %dweights: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dlogits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %scoring: i64,
    %renorm: i64,
    %renorm_eps: f32,
    %scaling: f32)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %i1 = arith.constant 1 : i64
  %i2 = arith.constant 2 : i64
  %T = memref.dim %logits, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %E = memref.dim %logits, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %ids, %c1 : memref<?x?xi32, strided<[?, ?], offset: ?>>
  %is_softmax = arith.cmpi eq, %scoring, %i0 : i64
  %is_smtopk = arith.cmpi eq, %scoring, %i2 : i64
  %do_renorm = arith.cmpi ne, %renorm, %i0 : i64
  %sc = memref.alloca(%E) : memref<?xf32>
  %av = memref.alloca(%K) : memref<?xf32>
  %dav = memref.alloca(%K) : memref<?xf32>
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    // 1. a_k -> av (softmax: s -> sc[0:E] too)
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
      scf.for %k = %c0 to %K step %c1 {
        %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %ix = arith.index_cast %i32 : i32 to index
        %y = memref.load %sc[%ix] : memref<?xf32>
        memref.store %y, %av[%k] : memref<?xf32>
      }
    } else {
      scf.if %is_smtopk {
        %mx = scf.for %k = %c0 to %K step %c1 iter_args(%m = %ninf) -> (f32) {
          %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
          %ix = arith.index_cast %i32 : i32 to index
          %l = memref.load %logits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %m2 = arith.maximumf %m, %l : f32
          scf.yield %m2 : f32
        }
        %sum = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
          %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
          %ix = arith.index_cast %i32 : i32 to index
          %l = memref.load %logits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %d = arith.subf %l, %mx : f32
          %x = math.exp %d : f32
          memref.store %x, %av[%k] : memref<?xf32>
          %a2 = arith.addf %a, %x : f32
          scf.yield %a2 : f32
        }
        scf.for %k = %c0 to %K step %c1 {
          %x = memref.load %av[%k] : memref<?xf32>
          %y = arith.divf %x, %sum : f32
          memref.store %y, %av[%k] : memref<?xf32>
        }
      } else {
        scf.for %k = %c0 to %K step %c1 {
          %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
          %ix = arith.index_cast %i32 : i32 to index
          %l = memref.load %logits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %sg_n = arith.negf %l : f32
          %sg_e = math.exp %sg_n : f32
          %sg_den = arith.addf %f1, %sg_e : f32
          %sg = arith.divf %f1, %sg_den : f32
          memref.store %sg, %av[%k] : memref<?xf32>
        }
      }
    }
    // 2. da_k -> dav
    %suma = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
      %x = memref.load %av[%k] : memref<?xf32>
      %a2 = arith.addf %a, %x : f32
      scf.yield %a2 : f32
    }
    %den = arith.addf %suma, %renorm_eps : f32
    %sdw = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
      %dwr = memref.load %dweights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %dw = arith.mulf %dwr, %scaling : f32
      %x = memref.load %av[%k] : memref<?xf32>
      %w = arith.divf %x, %den : f32
      %p = arith.mulf %dw, %w : f32
      %a2 = arith.addf %a, %p : f32
      scf.yield %a2 : f32
    }
    scf.for %k = %c0 to %K step %c1 {
      %dwr = memref.load %dweights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %dw = arith.mulf %dwr, %scaling : f32
      %da = scf.if %do_renorm -> (f32) {
        %q = arith.subf %dw, %sdw : f32
        %q2 = arith.divf %q, %den : f32
        scf.yield %q2 : f32
      } else {
        scf.yield %dw : f32
      }
      memref.store %da, %dav[%k] : memref<?xf32>
    }
    // 3. dot = sum_k a_k da_k (softmax, softmax_topk)
    %dot = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
      %x = memref.load %av[%k] : memref<?xf32>
      %y = memref.load %dav[%k] : memref<?xf32>
      %p = arith.mulf %x, %y : f32
      %a2 = arith.addf %a, %p : f32
      scf.yield %a2 : f32
    }
    // 4. dlogits row
    scf.if %is_softmax {
      %ndot = arith.negf %dot : f32
      scf.for %e = %c0 to %E step %c1 {
        %s = memref.load %sc[%e] : memref<?xf32>
        %o = arith.mulf %s, %ndot : f32
        memref.store %o, %dlogits[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
      scf.for %k = %c0 to %K step %c1 {
        %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %ix = arith.index_cast %i32 : i32 to index
        %s = memref.load %sc[%ix] : memref<?xf32>
        %da = memref.load %dav[%k] : memref<?xf32>
        %q = arith.subf %da, %dot : f32
        %o = arith.mulf %s, %q : f32
        memref.store %o, %dlogits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    } else {
      scf.for %e = %c0 to %E step %c1 {
        memref.store %f0, %dlogits[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
      scf.for %k = %c0 to %K step %c1 {
        %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %ix = arith.index_cast %i32 : i32 to index
        %a = memref.load %av[%k] : memref<?xf32>
        %da = memref.load %dav[%k] : memref<?xf32>
        %o = scf.if %is_smtopk -> (f32) {
          %q = arith.subf %da, %dot : f32
          %o1 = arith.mulf %a, %q : f32
          scf.yield %o1 : f32
        } else {
          %oma = arith.subf %f1, %a : f32
          %q = arith.mulf %da, %a : f32
          %o1 = arith.mulf %q, %oma : f32
          scf.yield %o1 : f32
        }
        memref.store %o, %dlogits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
  }
  return
}
