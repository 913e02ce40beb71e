// rms_norm, CUDA block version: the same arguments and result as lowering/kernels/rms_norm.mlir
// (out = x * 1/sqrt(mean(x^2) + eps) (* w if has_weight); out may alias x), one 256-thread block
// per row: the runtime launches nwg = R blocks (block b also does rows b + nwg, ... when fewer).
// Threads stride the row (coalesced when it has unit stride); the sum of squares is reduced by
// xor shuffles within each warp, then over the 8 warps through shared memory. Each thread reads
// the elements it writes, so out may alias x. Summation order differs from the CPU kernel's.
gpu.module @mxa_block_kernels {
gpu.func @mxg_rms_norm(%nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %eps: f32,
    %has_weight: i64)
    workgroup(%partial: memref<8xf32, #gpu.address_space<workgroup>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %c256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
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
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D64 = arith.index_cast %D : index to i64
  %Df = arith.sitofp %D64 : i64 to f32
  %hw = arith.cmpi ne, %has_weight, %i0 : i64
  scf.for %r = %block to %R step %nwg {
    %part = scf.for %c = %tid to %D step %c256 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %acc2 = math.fma %v, %v, %acc : f32
      scf.yield %acc2 : f32
    }
    %s16, %v16 = gpu.shuffle xor %part, %o16, %width : f32
    %r16 = arith.addf %part, %s16 : f32
    %s8, %v8 = gpu.shuffle xor %r16, %o8, %width : f32
    %r8 = arith.addf %r16, %s8 : f32
    %s4, %v4 = gpu.shuffle xor %r8, %o4, %width : f32
    %r4 = arith.addf %r8, %s4 : f32
    %s2, %v2 = gpu.shuffle xor %r4, %o2, %width : f32
    %r2 = arith.addf %r4, %s2 : f32
    %s1, %v1 = gpu.shuffle xor %r2, %o1, %width : f32
    %warpSum = arith.addf %r2, %s1 : f32
    scf.if %first {
      memref.store %warpSum, %partial[%warp] : memref<8xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %ss = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %f0) -> (f32) {
      %p = memref.load %partial[%i] : memref<8xf32, #gpu.address_space<workgroup>>
      %acc2 = arith.addf %acc, %p : f32
      scf.yield %acc2 : f32
    }
    %mean = arith.divf %ss, %Df : f32
    %me = arith.addf %mean, %eps : f32
    %sq = math.sqrt %me : f32
    %inv = arith.divf %f1, %sq : f32
    scf.for %c = %tid to %D step %c256 {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %y = arith.mulf %v, %inv : f32
      %y2 = scf.if %hw -> (f32) {
        %wv = memref.load %w[%c] : memref<?xf32, strided<[?], offset: ?>>
        %m = arith.mulf %y, %wv : f32
        scf.yield %m : f32
      } else {
        scf.yield %y : f32
      }
      memref.store %y2, %out[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
    // The partial sums are rewritten by the next row.
    gpu.barrier
  }
  gpu.return
}
}
