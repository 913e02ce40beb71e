// add: out = a + b over [R, C]; out may alias a or b.
// Work: rows split evenly over nwg.
func.func @add(%wg: index, %nwg: index,
    %a: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %b: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %R = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %C = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %split_a = arith.muli %wg, %R : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %R : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %r = %lo to %hi step %c1 {
    scf.for %c = %c0 to %C step %c1 {
      %x = memref.load %a[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %y = memref.load %b[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %s = arith.addf %x, %y : f32
      memref.store %s, %out[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
