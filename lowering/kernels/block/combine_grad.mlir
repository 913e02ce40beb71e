// combine_grad, CUDA block version: the same arguments and result as
// lowering/kernels/combine_grad.mlir (dweights[t, k] = dout[t, :] . rows[inv[t*K+k], :], K = dim 1
// of dweights), one 256-thread block per token: the runtime launches nwg = T blocks (block b also
// does tokens b + nwg, ... when fewer). Warp w takes the slots k = w, w + 8, ...: its lanes stride
// the row (coalesced), the dot product's sum by xor shuffles, lane 0 stores it. No shared memory,
// no barrier. Summation order differs from the CPU kernel's (f32 rounding).
gpu.module @mxa_block_kernels {
gpu.func @mxg_combine_grad(%nwg: index,
    %dout: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %rows: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %inv: memref<?xi32, strided<[?], offset: ?>>,
    %dweights: memref<?x?xf32, strided<[?, ?], offset: ?>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %f0 = arith.constant 0.0 : f32
  %width = arith.constant 32 : i32
  %o16 = arith.constant 16 : i32
  %o8 = arith.constant 8 : i32
  %o4 = arith.constant 4 : i32
  %o2 = arith.constant 2 : i32
  %o1 = arith.constant 1 : i32
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %lane = arith.remui %tid, %c32 : index
  %warp = arith.divui %tid, %c32 : index
  %first = arith.cmpi eq, %lane, %c0 : index
  %T = memref.dim %dout, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %dout, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %dweights, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  scf.for %t = %block to %T step %nwg {
    %tk0 = arith.muli %t, %K : index
    scf.for %k = %warp to %K step %c8 {
      %tk = arith.addi %tk0, %k : index
      %r32 = memref.load %inv[%tk] : memref<?xi32, strided<[?], offset: ?>>
      %r = arith.index_cast %r32 : i32 to index
      %part = scf.for %h = %lane to %H step %c32 iter_args(%a = %f0) -> (f32) {
        %x = memref.load %dout[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %y = memref.load %rows[%r, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %a2 = math.fma %x, %y, %a : f32
        scf.yield %a2 : f32
      }
      %x16, %y16 = gpu.shuffle xor %part, %o16, %width : f32
      %r16 = arith.addf %part, %x16 : f32
      %x8, %y8 = gpu.shuffle xor %r16, %o8, %width : f32
      %r8 = arith.addf %r16, %x8 : f32
      %x4, %y4 = gpu.shuffle xor %r8, %o4, %width : f32
      %r4 = arith.addf %r8, %x4 : f32
      %x2, %y2 = gpu.shuffle xor %r4, %o2, %width : f32
      %r2 = arith.addf %r4, %x2 : f32
      %x1, %y1 = gpu.shuffle xor %r2, %o1, %width : f32
      %dw = arith.addf %r2, %x1 : f32
      scf.if %first {
        memref.store %dw, %dweights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
  }
  gpu.return
}
}
