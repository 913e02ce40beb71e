// matmul_tn, CUDA block version: the same arguments and result as lowering/kernels/matmul_tn.mlir
// (out[e, n, k] += sum_{r in rows(e) ascending} dy[r, n] * x[r, k], rows(e) = [offsets[e],
// offsets[e+1]) when grouped != 0, else [0, R) with E = 1), one 256-thread block per output row
// (e, n): the runtime launches nwg = E * N blocks (block b also does items b + nwg, ... when
// fewer). Each thread owns the columns k = tid, tid + 256, ... of the row and runs the CPU
// kernel's f32 fma chain over the rows in ascending order, started from out[e, n, k]: results are
// bitwise the CPU kernel's. The weight gradients of the experts (grouped) and the column sums
// take it; the dense weight gradients run on cuBLASLt unless `--cuda-gemm kernels`.
gpu.module @mxa_block_kernels {
gpu.func @mxg_matmul_tn(%nwg: index,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %grouped: i64)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %i0 = arith.constant 0 : i64
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %R = memref.dim %dy, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %N = memref.dim %dy, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %E = memref.dim %out, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %grp = arith.cmpi ne, %grouped, %i0 : i64
  %NI = arith.muli %E, %N : index
  scf.for %it = %block to %NI step %nwg {
    %e = arith.divui %it, %N : index
    %n = arith.remui %it, %N : index
    %rlo, %rhi = scf.if %grp -> (index, index) {
      %e1 = arith.addi %e, %c1 : index
      %a32 = memref.load %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
      %b32 = memref.load %offsets[%e1] : memref<?xi32, strided<[?], offset: ?>>
      %a = arith.index_cast %a32 : i32 to index
      %b = arith.index_cast %b32 : i32 to index
      scf.yield %a, %b : index, index
    } else {
      scf.yield %c0, %R : index, index
    }
    scf.for %k = %tid to %K step %c256 {
      %o = memref.load %out[%e, %n, %k] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      %s = scf.for %r = %rlo to %rhi step %c1 iter_args(%a = %o) -> (f32) {
        %d = memref.load %dy[%r, %n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %xv = memref.load %x[%r, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %a2 = math.fma %d, %xv, %a : f32
        scf.yield %a2 : f32
      }
      memref.store %s, %out[%e, %n, %k] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
