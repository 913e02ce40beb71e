// fill: out[i] = value.
// Work: elements split evenly over nwg (contiguous ranges).
func.func @fill(%wg: index, %nwg: index,
    %out: memref<?xf32, strided<[?], offset: ?>>,
    %value: f32)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %N = memref.dim %out, %c0 : memref<?xf32, strided<[?], offset: ?>>
  %split_a = arith.muli %wg, %N : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %N : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %i = %lo to %hi step %c1 {
    memref.store %value, %out[%i] : memref<?xf32, strided<[?], offset: ?>>
  }
  return
}
