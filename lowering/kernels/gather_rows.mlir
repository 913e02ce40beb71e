// gather_rows: out[r, :] = x[perm[r] / top_k, :] (* weights[perm[r]] if has_weights).
// Work: rows split evenly over nwg.
func.func @gather_rows(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %perm: memref<?xi32, strided<[?], offset: ?>>,
    %weights: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %top_k: i64,
    %has_weights: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %R = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = arith.index_cast %top_k : i64 to index
  %hw = arith.cmpi ne, %has_weights, %i0 : i64
  %split_a = arith.muli %wg, %R : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %R : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %r = %lo to %hi step %c1 {
    %p32 = memref.load %perm[%r] : memref<?xi32, strided<[?], offset: ?>>
    %p = arith.index_cast %p32 : i32 to index
    %t = arith.divui %p, %K : index
    %wt = scf.if %hw -> (f32) {
      %wv = memref.load %weights[%p] : memref<?xf32, strided<[?], offset: ?>>
      scf.yield %wv : f32
    } else {
      scf.yield %f1 : f32
    }
    scf.for %c = %c0 to %H step %c1 {
      %v = memref.load %x[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %y = arith.mulf %v, %wt : f32
      memref.store %y, %out[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
