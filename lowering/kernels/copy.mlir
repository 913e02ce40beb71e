// copy: dst = src over [A, B, C]; src strides may be 0 (broadcast).
// Work: the outer dimension split evenly over nwg.
func.func @copy(%wg: index, %nwg: index,
    %src: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %dst: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %A = memref.dim %dst, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %B = memref.dim %dst, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %C = memref.dim %dst, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %split_a = arith.muli %wg, %A : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %A : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %a = %lo to %hi step %c1 {
    scf.for %b = %c0 to %B step %c1 {
      scf.for %c = %c0 to %C step %c1 {
        %v = memref.load %src[%a, %b, %c] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        memref.store %v, %dst[%a, %b, %c] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      }
    }
  }
  return
}
