// kv_store, CUDA block version: the same arguments and result as lowering/kernels/kv_store.mlir
// (cache[slots[t], positions[t], :, :] = src[t, :, :]), one 256-thread block per token: the
// runtime launches nwg = T blocks (block b also does tokens b + nwg, ... when fewer); threads
// stride the token's H x D values (i = h * D + d).
gpu.module @mxa_block_kernels {
gpu.func @mxg_kv_store(%nwg: index,
    %src: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %cache: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %slots: memref<?xi64, strided<[?], offset: ?>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c256 = arith.constant 256 : index
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %T = memref.dim %src, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %H = memref.dim %src, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %D = memref.dim %src, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %HD = arith.muli %H, %D : index
  scf.for %t = %block to %T step %nwg {
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
    %p = arith.index_cast %p64 : i64 to index
    %s = arith.index_cast %s64 : i64 to index
    scf.for %i = %tid to %HD step %c256 {
      %h = arith.divui %i, %D : index
      %d = arith.remui %i, %D : index
      %v = memref.load %src[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      memref.store %v, %cache[%s, %p, %h, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
