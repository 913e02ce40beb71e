// cross_entropy: per-token softmax cross entropy and its gradient w.r.t. the logits.
// n = count[0] (the labels >= 0 of the whole batch: `label_count`, summed over the ranks in
// expert-parallel training), inv_n = 1 / max(n, 1).
// Token t with labels[t] < 0 (ignored): loss[t] = 0, dlogits[t, :] = 0. Otherwise m = max_v logits,
// lse = m + log(sum_v exp(logits - m)), loss[t] = lse - logits[t, labels[t]] (not divided by n),
// dlogits[t, v] = (exp(logits[t, v] - lse) - [v == labels[t]]) * inv_n.
// dlogits may alias logits (each row is read before it is overwritten, element by element).
// Work: tokens split evenly over nwg.
func.func @cross_entropy(%wg: index, %nwg: index,
    %logits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %labels: memref<?xi64, strided<[?], offset: ?>>,
    %count: memref<?xi64, strided<[?], offset: ?>>,
    %dlogits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %loss: memref<?xf32, strided<[?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %T = memref.dim %logits, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %V = memref.dim %logits, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %n = memref.load %count[%c0] : memref<?xi64, strided<[?], offset: ?>>
  %i1 = arith.constant 1 : i64
  %n1 = arith.maxsi %n, %i1 : i64
  %nf = arith.sitofp %n1 : i64 to f32
  %inv_n = arith.divf %f1, %nf : f32
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %lab = memref.load %labels[%t] : memref<?xi64, strided<[?], offset: ?>>
    %valid = arith.cmpi sge, %lab, %i0 : i64
    scf.if %valid {
      %labx = arith.index_cast %lab : i64 to index
      %m = scf.for %v = %c0 to %V step %c1 iter_args(%a = %ninf) -> (f32) {
        %x = memref.load %logits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %a2 = arith.maximumf %a, %x : f32
        scf.yield %a2 : f32
      }
      %s = scf.for %v = %c0 to %V step %c1 iter_args(%a = %f0) -> (f32) {
        %x = memref.load %logits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %d = arith.subf %x, %m : f32
        %e = math.exp %d : f32
        %a2 = arith.addf %a, %e : f32
        scf.yield %a2 : f32
      }
      %ls = math.log %s : f32
      %lse = arith.addf %m, %ls : f32
      %xl = memref.load %logits[%t, %labx] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %lo_t = arith.subf %lse, %xl : f32
      memref.store %lo_t, %loss[%t] : memref<?xf32, strided<[?], offset: ?>>
      scf.for %v = %c0 to %V step %c1 {
        %x = memref.load %logits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %d = arith.subf %x, %lse : f32
        %p = math.exp %d : f32
        %is = arith.cmpi eq, %v, %labx : index
        %ind = arith.select %is, %f1, %f0 : f32
        %g = arith.subf %p, %ind : f32
        %g2 = arith.mulf %g, %inv_n : f32
        memref.store %g2, %dlogits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    } else {
      memref.store %f0, %loss[%t] : memref<?xf32, strided<[?], offset: ?>>
      scf.for %v = %c0 to %V step %c1 {
        memref.store %f0, %dlogits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
  }
  return
}
