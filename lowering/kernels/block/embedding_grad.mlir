// embedding_grad, CUDA block version: the same arguments and result as
// lowering/kernels/embedding_grad.mlir (dtable[v, :] += sum_{t ascending, ids[t] == v} dh[t, :],
// added row by row; ids outside [0, V) ignored), one 256-thread block per 256 table rows: the
// runtime launches nwg = V blocks, of which the first ceil(V / 256) work (block b also does row
// blocks b + nwg, ... when fewer). The block scans the ids in order, every thread reading the
// same id (one load per warp); a token whose id falls in the block's rows is a uniform branch,
// and the block's threads stride its H columns, adding dh[t] into that table row. Each element
// gets its tokens in ascending order, one f32 add each: bitwise the CPU kernel's.
gpu.module @mxa_block_kernels {
gpu.func @mxg_embedding_grad(%nwg: index,
    %ids: memref<?xi64, strided<[?], offset: ?>>,
    %dh: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dtable: memref<?x?xf32, strided<[?, ?], offset: ?>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c255 = arith.constant 255 : index
  %c256 = arith.constant 256 : index
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %T = memref.dim %dh, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %dh, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %V = memref.dim %dtable, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %V255 = arith.addi %V, %c255 : index
  %NB = arith.divui %V255, %c256 : index
  scf.for %rb = %block to %NB step %nwg {
    %lo = arith.muli %rb, %c256 : index
    %hi0 = arith.addi %lo, %c256 : index
    %hi = arith.minui %hi0, %V : index
    %lo64 = arith.index_cast %lo : index to i64
    %hi64 = arith.index_cast %hi : index to i64
    scf.for %t = %c0 to %T step %c1 {
      %id = memref.load %ids[%t] : memref<?xi64, strided<[?], offset: ?>>
      %ge = arith.cmpi sge, %id, %lo64 : i64
      %lt = arith.cmpi slt, %id, %hi64 : i64
      %mine = arith.andi %ge, %lt : i1
      scf.if %mine {
        %v = arith.index_cast %id : i64 to index
        scf.for %h = %tid to %H step %c256 {
          %a = memref.load %dtable[%v, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %b = memref.load %dh[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %s = arith.addf %a, %b : f32
          memref.store %s, %dtable[%v, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        }
      }
    }
  }
  gpu.return
}
}
