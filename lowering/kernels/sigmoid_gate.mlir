// sigmoid_gate: out[t, :] = (accumulate ? out[t, :] : 0) + sigmoid(g[t, 0]) * y[t, :].
// Work: tokens split evenly over nwg.
func.func @sigmoid_gate(%wg: index, %nwg: index,
    %y: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %g: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %accumulate: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %y, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %y, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %acc = arith.cmpi ne, %accumulate, %i0 : i64
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %gv = memref.load %g[%t, %c0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    %ng = arith.negf %gv : f32
    %e = math.exp %ng : f32
    %den = arith.addf %f1, %e : f32
    %sg = arith.divf %f1, %den : f32
    scf.for %c = %c0 to %H step %c1 {
      %v = memref.load %y[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %m = arith.mulf %sg, %v : f32
      %r = scf.if %acc -> (f32) {
        %o = memref.load %out[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %s = arith.addf %o, %m : f32
        scf.yield %s : f32
      } else {
        scf.yield %m : f32
      }
      memref.store %r, %out[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
