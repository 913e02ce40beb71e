// add, CUDA block version: the same arguments and result as lowering/kernels/add.mlir (out = a + b
// over [R, C]; out may alias a or b), one 256-thread block per row: the runtime launches nwg = R
// blocks (block b also does rows b + nwg, ... when fewer); threads stride the row.
gpu.module @mxa_block_kernels {
gpu.func @mxg_add(%nwg: index,
    %a: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %b: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %R = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %C = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  scf.for %r = %block to %R step %nwg {
    scf.for %c = %tid to %C step %c256 {
      %x = memref.load %a[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %y = memref.load %b[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %s = arith.addf %x, %y : f32
      memref.store %s, %out[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
