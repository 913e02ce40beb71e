// gather_rows, CUDA block version: the same arguments and result as
// lowering/kernels/gather_rows.mlir (out[r, :] = x[perm[r] / top_k, :] (* weights[perm[r]] if
// has_weights)), one 256-thread block per row: the runtime launches nwg = R blocks (block b also
// does rows b + nwg, ... when fewer); threads stride the row.
gpu.module @mxa_block_kernels {
gpu.func @mxg_gather_rows(%nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %perm: memref<?xi32, strided<[?], offset: ?>>,
    %weights: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %top_k: i64,
    %has_weights: i64)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %R = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = arith.index_cast %top_k : i64 to index
  %hw = arith.cmpi ne, %has_weights, %i0 : i64
  scf.for %r = %block to %R step %nwg {
    %p32 = memref.load %perm[%r] : memref<?xi32, strided<[?], offset: ?>>
    %p = arith.index_cast %p32 : i32 to index
    %t = arith.divui %p, %K : index
    %wt = scf.if %hw -> (f32) {
      %wv = memref.load %weights[%p] : memref<?xf32, strided<[?], offset: ?>>
      scf.yield %wv : f32
    } else {
      scf.yield %f1 : f32
    }
    scf.for %c = %tid to %H step %c256 {
      %v = memref.load %x[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %y = arith.mulf %v, %wt : f32
      memref.store %y, %out[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
