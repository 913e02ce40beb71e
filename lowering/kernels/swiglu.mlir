// swiglu: g = gu[:, :I], u = gu[:, I:]; out = silu(g) * u, or when clamped (gpt-oss):
// g = min(g, limit); u = clamp(u, -limit, limit); out = (u + 1) * g * sigmoid(alpha * g).
// Work: rows split evenly over nwg.
func.func @swiglu(%wg: index, %nwg: index,
    %gu: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
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
  %R = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %I = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
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
      %y = scf.if %cl -> (f32) {
        %g2 = arith.minimumf %g, %limit : f32
        %u1 = arith.maximumf %u, %nl : f32
        %u2 = arith.minimumf %u1, %limit : f32
        %ag = arith.mulf %alpha, %g2 : f32
        %nag = arith.negf %ag : f32
        %e = math.exp %nag : f32
        %den = arith.addf %f1, %e : f32
        %sg = arith.divf %g2, %den : f32
        %up1 = arith.addf %u2, %f1 : f32
        %res = arith.mulf %up1, %sg : f32
        scf.yield %res : f32
      } else {
        %ng = arith.negf %g : f32
        %e = math.exp %ng : f32
        %den = arith.addf %f1, %e : f32
        %sg = arith.divf %g, %den : f32
        %res = arith.mulf %sg, %u : f32
        scf.yield %res : f32
      }
      memref.store %y, %out[%r, %i] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
