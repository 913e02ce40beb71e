// rms_norm_grad_w, CUDA block version: the same arguments and result as
// lowering/kernels/rms_norm_grad_w.mlir (dw[d] += sum_r dy[r, d] x[r, d] rstd[r], the row sum in
// f32 from 0, then added to dw[d]), one 256-thread block per 32-column block: the runtime launches
// nwg = D blocks, of which the first ceil(D / 32) work (block b also does column blocks b + nwg,
// ... when fewer). A lane owns a column (coalesced rows); warp w sums the rows w, w + 8, ... with
// the CPU kernel's arithmetic per term; the 8 warps' partial sums go through shared memory and
// the first warp adds them in warp order, then to dw. Summation order differs from the CPU
// kernel's (f32 rounding).
gpu.module @mxa_block_kernels {
gpu.func @mxg_rms_norm_grad_w(%nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %rstd: memref<?xf32, strided<[?], offset: ?>>,
    %dw: memref<?xf32, strided<[?], offset: ?>>)
    workgroup(%part: memref<8x32xf32, #gpu.address_space<workgroup>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c31 = arith.constant 31 : index
  %c32 = arith.constant 32 : index
  %f0 = arith.constant 0.0 : f32
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %lane = arith.remui %tid, %c32 : index
  %warp = arith.divui %tid, %c32 : index
  %isWarp0 = arith.cmpi eq, %warp, %c0 : index
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D31 = arith.addi %D, %c31 : index
  %NB = arith.divui %D31, %c32 : index
  %Dm1 = arith.subi %D, %c1 : index
  scf.for %cb = %block to %NB step %nwg {
    %c0b = arith.muli %cb, %c32 : index
    %d = arith.addi %c0b, %lane : index
    %inside = arith.cmpi ult, %d, %D : index
    // Lanes past D read the last column and store nothing.
    %dc = arith.minui %d, %Dm1 : index
    %acc = scf.for %r = %warp to %R step %c8 iter_args(%a = %f0) -> (f32) {
      %xv = memref.load %x[%r, %dc] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %gv = memref.load %dy[%r, %dc] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %rs = memref.load %rstd[%r] : memref<?xf32, strided<[?], offset: ?>>
      %p = arith.mulf %gv, %xv : f32
      %p2 = arith.mulf %p, %rs : f32
      %a2 = arith.addf %a, %p2 : f32
      scf.yield %a2 : f32
    }
    memref.store %acc, %part[%warp, %lane] : memref<8x32xf32, #gpu.address_space<workgroup>>
    gpu.barrier
    %w0 = arith.andi %isWarp0, %inside : i1
    scf.if %w0 {
      %sum = scf.for %w = %c0 to %c8 step %c1 iter_args(%s = %f0) -> (f32) {
      %v = memref.load %part[%w, %lane] : memref<8x32xf32, #gpu.address_space<workgroup>>
      %s2 = arith.addf %s, %v : f32
        scf.yield %s2 : f32
      }
      %old = memref.load %dw[%d] : memref<?xf32, strided<[?], offset: ?>>
      %new = arith.addf %old, %sum : f32
      memref.store %new, %dw[%d] : memref<?xf32, strided<[?], offset: ?>>
    }
    // The partial sums are reused by the next column block.
    gpu.barrier
  }
  gpu.return
}
}
