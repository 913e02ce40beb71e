// sigmoid_gate, CUDA block version: the same arguments and result as
// lowering/kernels/sigmoid_gate.mlir (out[t, :] = (accumulate ? out[t, :] : 0) + sigmoid(g[t, 0]) *
// y[t, :]), one 256-thread block per token: the runtime launches nwg = T blocks (block b also does
// tokens b + nwg, ... when fewer). Every thread computes the token's sigmoid(g[t, 0]) (the same
// value) and strides the row. Each element of out is read (when accumulating) and written by the
// thread that reads y there, so out may alias y. The same arithmetic per element as the CPU kernel.
gpu.module @mxa_block_kernels {
gpu.func @mxg_sigmoid_gate(%nwg: index,
    %y: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %g: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %accumulate: i64)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %T = memref.dim %y, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %y, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %acc = arith.cmpi ne, %accumulate, %i0 : i64
  scf.for %t = %block to %T step %nwg {
    %gv = memref.load %g[%t, %c0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    %ng = arith.negf %gv : f32
    %e = math.exp %ng : f32
    %den = arith.addf %f1, %e : f32
    %sg = arith.divf %f1, %den : f32
    scf.for %c = %tid to %H step %c256 {
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
  gpu.return
}
}
