// clamp_grad: gradient of clamp (torch.clamp(x, -limit, limit)) over [R, C]:
// dx = (-limit <= x && x <= limit) ? dy : 0 (pass-through where min <= x <= max, inclusive;
// 0 for NaN x). dx may alias dy.
// Work: rows split evenly over nwg.
func.func @clamp_grad(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dx: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %limit: f32)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f0 = arith.constant 0.0 : f32
  %R = memref.dim %dx, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %C = memref.dim %dx, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %nl = arith.negf %limit : f32
  %split_a = arith.muli %wg, %R : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %R : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %r = %lo to %hi step %c1 {
    scf.for %c = %c0 to %C step %c1 {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = memref.load %dy[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %in1 = arith.cmpf oge, %v, %nl : f32
      %in2 = arith.cmpf ole, %v, %limit : f32
      %in = arith.andi %in1, %in2 : i1
      %o = arith.select %in, %d, %f0 : f32
      memref.store %o, %dx[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
