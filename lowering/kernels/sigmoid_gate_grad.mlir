// sigmoid_gate_grad: gradient of sigmoid_gate (out = sigmoid(gate[t, 0]) * y[t, :]):
// s = sigmoid(gate[t, 0]); dgate[t, 0] = s * (1 - s) * sum_h dout[t, h] * y[t, h]; dy[t, :] = s * dout[t, :].
// dy may alias dout (the sum is taken before dy is written).
// Work: tokens split evenly over nwg.
func.func @sigmoid_gate_grad(%wg: index, %nwg: index,
    %y: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %gate: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dout: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dgate: memref<?x?xf32, strided<[?, ?], offset: ?>>)
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
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %gv = memref.load %gate[%t, %c0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    %s_n = arith.negf %gv : f32
    %s_e = math.exp %s_n : f32
    %s_den = arith.addf %f1, %s_e : f32
    %s = arith.divf %f1, %s_den : f32
    %sum = scf.for %h = %c0 to %H step %c1 iter_args(%a = %f0) -> (f32) {
      %d = memref.load %dout[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %v = memref.load %y[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %a2 = math.fma %d, %v, %a : f32
      scf.yield %a2 : f32
    }
    %oms = arith.subf %f1, %s : f32
    %ss = arith.mulf %s, %oms : f32
    %dg = arith.mulf %ss, %sum : f32
    memref.store %dg, %dgate[%t, %c0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    scf.for %h = %c0 to %H step %c1 {
      %d = memref.load %dout[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %o = arith.mulf %s, %d : f32
      memref.store %o, %dy[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
