// combine: out[t, :] = (accumulate ? out[t, :] : 0) + sum_{k ascending} (weights[t*K+k] *) rows[inv[t*K+k], :].
// Work: tokens split evenly over nwg.
func.func @combine(%wg: index, %nwg: index,
    %rows: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %inv: memref<?xi32, strided<[?], offset: ?>>,
    %weights: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %top_k: i64,
    %has_weights: i64,
    %accumulate: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = arith.index_cast %top_k : i64 to index
  %hw = arith.cmpi ne, %has_weights, %i0 : i64
  %acc = arith.cmpi ne, %accumulate, %i0 : i64
  %nacc = arith.cmpi eq, %accumulate, %i0 : i64
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    scf.if %nacc {
      scf.for %c = %c0 to %H step %c1 {
        memref.store %f0, %out[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
    %tk0 = arith.muli %t, %K : index
    scf.for %k = %c0 to %K step %c1 {
      %tk = arith.addi %tk0, %k : index
      %r32 = memref.load %inv[%tk] : memref<?xi32, strided<[?], offset: ?>>
      %r = arith.index_cast %r32 : i32 to index
      %wt = scf.if %hw -> (f32) {
        %wv = memref.load %weights[%tk] : memref<?xf32, strided<[?], offset: ?>>
        scf.yield %wv : f32
      } else {
        scf.yield %f1 : f32
      }
      scf.for %c = %c0 to %H step %c1 {
        %v = memref.load %rows[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %o = memref.load %out[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %m = arith.mulf %wt, %v : f32
        %s = arith.addf %o, %m : f32
        memref.store %s, %out[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
  }
  return
}
