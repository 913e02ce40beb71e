// clamp_grad, CUDA block version: the same arguments and result as
// lowering/kernels/clamp_grad.mlir (dx = (-limit <= x && x <= limit) ? dy : 0; dx may alias dy),
// one 256-thread block per row: the runtime launches nwg = R blocks (block b also does rows
// b + nwg, ... when fewer). Threads stride the row, each element as the CPU kernel computes it
// (bitwise); an element is read and written by one thread, so dx may alias dy.
gpu.module @mxa_block_kernels {
gpu.func @mxg_clamp_grad(%nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dx: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %limit: f32)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %R = memref.dim %dx, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %C = memref.dim %dx, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %nl = arith.negf %limit : f32
  scf.for %r = %block to %R step %nwg {
    scf.for %c = %tid to %C step %c256 {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = memref.load %dy[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %in1 = arith.cmpf oge, %v, %nl : f32
      %in2 = arith.cmpf ole, %v, %limit : f32
      %in = arith.andi %in1, %in2 : i1
      %o = arith.select %in, %d, %f0 : f32
      memref.store %o, %dx[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
