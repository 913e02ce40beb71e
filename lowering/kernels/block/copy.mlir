// copy, CUDA block version: the same arguments and result as lowering/kernels/copy.mlir
// (dst = src over [A, B, C]; src strides may be 0: a broadcast), one 256-thread block per index of
// the outer dimension: the runtime launches nwg = A blocks (block b also does b + nwg, ... when
// fewer); threads stride the B x C values (i = b * C + c).
gpu.module @mxa_block_kernels {
gpu.func @mxg_copy(%nwg: index,
    %src: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %dst: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c256 = arith.constant 256 : index
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %A = memref.dim %dst, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %B = memref.dim %dst, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %C = memref.dim %dst, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %BC = arith.muli %B, %C : index
  scf.for %a = %block to %A step %nwg {
    scf.for %i = %tid to %BC step %c256 {
      %b = arith.divui %i, %C : index
      %c = arith.remui %i, %C : index
      %v = memref.load %src[%a, %b, %c] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      memref.store %v, %dst[%a, %b, %c] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
