// swiglu, CUDA block version: the same arguments and result as lowering/kernels/swiglu.mlir
// (g = gu[:, :I], u = gu[:, I:]; out = silu(g) * u, or when clamped (gpt-oss): g = min(g, limit);
// u = clamp(u, -limit, limit); out = (u + 1) * g * sigmoid(alpha * g)), one 256-thread block per
// row: the runtime launches nwg = R blocks (block b also does rows b + nwg, ... when fewer);
// threads stride the row. The same arithmetic per element as the CPU kernel.
gpu.module @mxa_block_kernels {
gpu.func @mxg_swiglu(%nwg: index,
    %gu: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %clamped: i64,
    %alpha: f32,
    %limit: f32)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %R = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %I = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %cl = arith.cmpi ne, %clamped, %i0 : i64
  %nl = arith.negf %limit : f32
  scf.for %r = %block to %R step %nwg {
    scf.for %i = %tid to %I step %c256 {
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
  gpu.return
}
}
