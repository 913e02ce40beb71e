// swiglu_grad, CUDA block version: the same arguments and result as
// lowering/kernels/swiglu_grad.mlir (the gradient of swiglu w.r.t. gu = [g | u], torch.clamp
// gradients when clamped; dgu may alias gu), one 256-thread block per row: the runtime launches
// nwg = R blocks (block b also does rows b + nwg, ... when fewer). Threads stride the row's I
// (g, u) pairs, each with the CPU kernel's arithmetic (bitwise its results); a pair is read and
// written by one thread, so dgu may alias gu.
gpu.module @mxa_block_kernels {
gpu.func @mxg_swiglu_grad(%nwg: index,
    %gu: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dout: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dgu: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %clamped: i64,
    %alpha: f32,
    %limit: f32)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %R = memref.dim %dout, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %I = memref.dim %dout, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %cl = arith.cmpi ne, %clamped, %i0 : i64
  %nl = arith.negf %limit : f32
  scf.for %r = %block to %R step %nwg {
    scf.for %i = %tid to %I step %c256 {
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
  gpu.return
}
}
