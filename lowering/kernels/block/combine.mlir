// combine, CUDA block version: the same arguments and result as lowering/kernels/combine.mlir
// (out[t, :] = (accumulate ? out[t, :] : 0) + sum_{k ascending} (weights[t*K+k] *)
// rows[inv[t*K+k], :]), one 256-thread block per token: the runtime launches nwg = T blocks
// (block b also does tokens b + nwg, ... when fewer). Each thread owns columns c = tid, tid + 256,
// ... and sums the K rows into a register in the CPU kernel's order.
gpu.module @mxa_block_kernels {
gpu.func @mxg_combine(%nwg: index,
    %rows: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %inv: memref<?xi32, strided<[?], offset: ?>>,
    %weights: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %top_k: i64,
    %has_weights: i64,
    %accumulate: i64)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %T = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = arith.index_cast %top_k : i64 to index
  %hw = arith.cmpi ne, %has_weights, %i0 : i64
  %acc = arith.cmpi ne, %accumulate, %i0 : i64
  scf.for %t = %block to %T step %nwg {
    %tk0 = arith.muli %t, %K : index
    scf.for %c = %tid to %H step %c256 {
      %init = scf.if %acc -> (f32) {
        %o = memref.load %out[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        scf.yield %o : f32
      } else {
        scf.yield %f0 : f32
      }
      %sum = scf.for %k = %c0 to %K step %c1 iter_args(%s = %init) -> (f32) {
        %tk = arith.addi %tk0, %k : index
        %r32 = memref.load %inv[%tk] : memref<?xi32, strided<[?], offset: ?>>
        %r = arith.index_cast %r32 : i32 to index
        %wt = scf.if %hw -> (f32) {
          %wv = memref.load %weights[%tk] : memref<?xf32, strided<[?], offset: ?>>
          scf.yield %wv : f32
        } else {
          scf.yield %f1 : f32
        }
        %v = memref.load %rows[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %m = arith.mulf %wt, %v : f32
        %s2 = arith.addf %s, %m : f32
        scf.yield %s2 : f32
      }
      memref.store %sum, %out[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
