// dispatch_count: stable counting sort of the T*K (token, slot) pairs by expert id.
// counts[e] = #pairs routed to e; offsets = exclusive prefix sums (offsets[E] = T*K);
// perm[r] = t*K+k ordered by (expert, t*K+k); inv[perm[r]] = r.
// Work: sequential, only wg 0 works (the others return at once).
func.func @dispatch_count(%wg: index, %nwg: index,
    %ids: memref<?x?xi32, strided<[?, ?], offset: ?>>,
    %counts: memref<?xi32, strided<[?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %perm: memref<?xi32, strided<[?], offset: ?>>,
    %inv: memref<?xi32, strided<[?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %ids, %c0 : memref<?x?xi32, strided<[?, ?], offset: ?>>
  %K = memref.dim %ids, %c1 : memref<?x?xi32, strided<[?, ?], offset: ?>>
  %E = memref.dim %counts, %c0 : memref<?xi32, strided<[?], offset: ?>>
  %z32 = arith.constant 0 : i32
  %o32 = arith.constant 1 : i32
  %first = arith.cmpi eq, %wg, %c0 : index
  scf.if %first {
    scf.for %e = %c0 to %E step %c1 {
      memref.store %z32, %counts[%e] : memref<?xi32, strided<[?], offset: ?>>
    }
    scf.for %t = %c0 to %T step %c1 {
      scf.for %k = %c0 to %K step %c1 {
        %e32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %e = arith.index_cast %e32 : i32 to index
        %n = memref.load %counts[%e] : memref<?xi32, strided<[?], offset: ?>>
        %n1 = arith.addi %n, %o32 : i32
        memref.store %n1, %counts[%e] : memref<?xi32, strided<[?], offset: ?>>
      }
    }
    // offsets[e] := exclusive prefix sum (used as a running cursor below)
    %tot = scf.for %e = %c0 to %E step %c1 iter_args(%run = %z32) -> (i32) {
      memref.store %run, %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
      %n = memref.load %counts[%e] : memref<?xi32, strided<[?], offset: ?>>
      %run2 = arith.addi %run, %n : i32
      scf.yield %run2 : i32
    }
    memref.store %tot, %offsets[%E] : memref<?xi32, strided<[?], offset: ?>>
    scf.for %t = %c0 to %T step %c1 {
      scf.for %k = %c0 to %K step %c1 {
        %e32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %e = arith.index_cast %e32 : i32 to index
        %r32 = memref.load %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
        %r = arith.index_cast %r32 : i32 to index
        %r1 = arith.addi %r32, %o32 : i32
        memref.store %r1, %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
        %tk0 = arith.muli %t, %K : index
        %tk = arith.addi %tk0, %k : index
        %tk32 = arith.index_cast %tk : index to i32
        memref.store %tk32, %perm[%r] : memref<?xi32, strided<[?], offset: ?>>
        memref.store %r32, %inv[%tk] : memref<?xi32, strided<[?], offset: ?>>
      }
    }
    // restore the exclusive prefix sums
    %tot2 = scf.for %e = %c0 to %E step %c1 iter_args(%run = %z32) -> (i32) {
      memref.store %run, %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
      %n = memref.load %counts[%e] : memref<?xi32, strided<[?], offset: ?>>
      %run2 = arith.addi %run, %n : i32
      scf.yield %run2 : i32
    }
  }
  return
}
