// swiglu_grad: gradient of swiglu w.r.t. gu = [g | u] (g = gu[:, i], u = gu[:, I+i]).
// Not clamped: s = sigmoid(g); dgu[:, i] = dout * u * s * (1 + g * (1 - s)); dgu[:, I+i] = dout * g * s.
// Clamped (gpt-oss; torch.clamp gradients pass through where min <= x <= max, inclusive):
// g' = min(g, limit), u' = clamp(u, -limit, limit), s = sigmoid(alpha * g');
// dg = g <= limit ? dout * (u' + 1) * (s + alpha * g' * s * (1 - s)) : 0;
// du = -limit <= u <= limit ? dout * g' * s : 0.
// dgu may alias gu (each (g, u) pair is read before it is written).
// Work: rows split evenly over nwg.
func.func @swiglu_grad(%wg: index, %nwg: index,
    %gu: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dout: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dgu: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %clamped: i64,
    %alpha: f32,
    %limit: f32)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %R = memref.dim %dout, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %I = memref.dim %dout, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %cl = arith.cmpi ne, %clamped, %i0 : i64
  %nl = arith.negf %limit : f32
  %split_a = arith.muli %wg, %R : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %R : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %r = %lo to %hi step %c1 {
    scf.for %i = %c0 to %I step %c1 {
      %iu = arith.addi %i, %I : index
      %g = memref.load %gu[%r, %i] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %u = memref.load %gu[%r, %iu] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %do = memref.load %dout[%r, %i] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %dg, %du = scf.if %cl -> (f32, f32) {
        %g2 = arith.minimumf %g, %limit : f32
        %u1 = arith.maximumf %u, %nl : f32
        %u2 = arith.minimumf %u1, %limit : f32
        %ag = arith.mulf %alpha, %g2 : f32
        %s_n = arith.negf %ag : f32
        %s_e = math.exp %s_n : f32
        %s_den = arith.addf %f1, %s_e : f32
        %s = arith.divf %f1, %s_den : f32
        %oms = arith.subf %f1, %s : f32
        %agp = arith.mulf %alpha, %g2 : f32
        %t1 = arith.mulf %agp, %s : f32
        %t2 = arith.mulf %t1, %oms : f32
        %t3 = arith.addf %s, %t2 : f32
        %up1 = arith.addf %u2, %f1 : f32
        %a1 = arith.mulf %do, %up1 : f32
        %dg0 = arith.mulf %a1, %t3 : f32
        %gin = arith.cmpf ole, %g, %limit : f32
        %dgc = arith.select %gin, %dg0, %f0 : f32
        %b1 = arith.mulf %do, %g2 : f32
        %du0 = arith.mulf %b1, %s : f32
        %uin1 = arith.cmpf oge, %u, %nl : f32
        %uin2 = arith.cmpf ole, %u, %limit : f32
        %uin = arith.andi %uin1, %uin2 : i1
        %duc = arith.select %uin, %du0, %f0 : f32
        scf.yield %dgc, %duc : f32, f32
      } else {
        %s_n = arith.negf %g : f32
        %s_e = math.exp %s_n : f32
        %s_den = arith.addf %f1, %s_e : f32
        %s = arith.divf %f1, %s_den : f32
        %oms = arith.subf %f1, %s : f32
        %t1 = arith.mulf %g, %oms : f32
        %t2 = arith.addf %f1, %t1 : f32
        %a1 = arith.mulf %do, %u : f32
        %a2 = arith.mulf %a1, %s : f32
        %dg0 = arith.mulf %a2, %t2 : f32
        %b1 = arith.mulf %do, %g : f32
        %du0 = arith.mulf %b1, %s : f32
        scf.yield %dg0, %du0 : f32, f32
      }
      memref.store %dg, %dgu[%r, %i] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      memref.store %du, %dgu[%r, %iu] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
