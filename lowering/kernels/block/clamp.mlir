// clamp, CUDA block version: the same arguments and result as lowering/kernels/clamp.mlir
// (out = min(max(x, -limit), limit) over [R, C]; out may alias x), one 256-thread block per row:
// the runtime launches nwg = R blocks (block b also does rows b + nwg, ... when fewer); threads
// stride the row, each writing only the elements it reads, so out may alias x. The same arithmetic
// per element as the CPU kernel.
gpu.module @mxa_block_kernels {
gpu.func @mxg_clamp(%nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %limit: f32)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %R = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %C = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %nl = arith.negf %limit : f32
  scf.for %r = %block to %R step %nwg {
    scf.for %c = %tid to %C step %c256 {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %a = arith.maximumf %v, %nl : f32
      %b = arith.minimumf %a, %limit : f32
      memref.store %b, %out[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
