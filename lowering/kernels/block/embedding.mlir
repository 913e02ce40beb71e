// embedding, CUDA block version: the same arguments and result as lowering/kernels/embedding.mlir
// (out[t, :] = table[ids[t], :], ids validated by the runtime), one 256-thread block per token: the
// runtime launches nwg = T blocks (block b also does tokens b + nwg, ... when fewer); threads
// stride the row.
gpu.module @mxa_block_kernels {
gpu.func @mxg_embedding(%nwg: index,
    %table: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %ids: memref<?xi64, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %T = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  scf.for %t = %block to %T step %nwg {
    %id64 = memref.load %ids[%t] : memref<?xi64, strided<[?], offset: ?>>
    %id = arith.index_cast %id64 : i64 to index
    scf.for %h = %tid to %H step %c256 {
      %v = memref.load %table[%id, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      memref.store %v, %out[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
