// rms_norm_grad, CUDA block version: the same arguments and result as
// lowering/kernels/rms_norm_grad.mlir (per row: rstd[row] = r = 1/sqrt(mean(x^2) + eps),
// g = dy (* w if has_weight), c = sum(g x) / D, dx = r (g - x r^2 c); dx may alias dy), one
// 256-thread block per row: the runtime launches nwg = R blocks (block b also does rows
// b + nwg, ... when fewer). Threads stride the row; the sum of squares and then sum(g x) are
// reduced by xor shuffles within each warp and over the 8 warps through shared memory
// (layer_norm's two-buffer scheme: 0..7 and 8..15, two barriers per row); then each thread
// writes the dx of the elements it read, with the CPU kernel's arithmetic per element (dx may
// alias dy: a thread reads only the dy it writes). Thread 0 stores rstd. Summation order differs
// from the CPU kernel's (f32 rounding).
gpu.module @mxa_block_kernels {
gpu.func @mxg_rms_norm_grad(%nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?xf32, strided<[?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dx: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %rstd: memref<?xf32, strided<[?], offset: ?>>,
    %eps: f32,
    %has_weight: i64)
    workgroup(%partial: memref<16xf32, #gpu.address_space<workgroup>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
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
  %warp8 = arith.addi %warp, %c8 : index
  %first = arith.cmpi eq, %lane, %c0 : index
  %thread0 = arith.cmpi eq, %tid, %c0 : index
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D64 = arith.index_cast %D : index to i64
  %Df = arith.sitofp %D64 : i64 to f32
  %hw = arith.cmpi ne, %has_weight, %i0 : i64
  scf.for %r = %block to %R step %nwg {
    // The sum of squares: r.
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
    %warpSs = arith.addf %r2, %s1 : f32
    scf.if %first {
      memref.store %warpSs, %partial[%warp] : memref<16xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %ss = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %f0) -> (f32) {
      %p = memref.load %partial[%i] : memref<16xf32, #gpu.address_space<workgroup>>
      %acc2 = arith.addf %acc, %p : f32
      scf.yield %acc2 : f32
    }
    %mean = arith.divf %ss, %Df : f32
    %me = arith.addf %mean, %eps : f32
    %sq = math.sqrt %me : f32
    %inv = arith.divf %f1, %sq : f32
    scf.if %thread0 {
      memref.store %inv, %rstd[%r] : memref<?xf32, strided<[?], offset: ?>>
    }
    // sum(g x): c.
    %gpart = scf.for %c = %tid to %D step %c256 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = memref.load %dy[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %g = scf.if %hw -> (f32) {
        %wv = memref.load %w[%c] : memref<?xf32, strided<[?], offset: ?>>
        %m = arith.mulf %d, %wv : f32
        scf.yield %m : f32
      } else {
        scf.yield %d : f32
      }
      %acc2 = math.fma %g, %v, %acc : f32
      scf.yield %acc2 : f32
    }
    %t16, %u16 = gpu.shuffle xor %gpart, %o16, %width : f32
    %q16 = arith.addf %gpart, %t16 : f32
    %t8, %u8 = gpu.shuffle xor %q16, %o8, %width : f32
    %q8 = arith.addf %q16, %t8 : f32
    %t4, %u4 = gpu.shuffle xor %q8, %o4, %width : f32
    %q4 = arith.addf %q8, %t4 : f32
    %t2, %u2 = gpu.shuffle xor %q4, %o2, %width : f32
    %q2 = arith.addf %q4, %t2 : f32
    %t1, %u1 = gpu.shuffle xor %q2, %o1, %width : f32
    %warpGx = arith.addf %q2, %t1 : f32
    scf.if %first {
      memref.store %warpGx, %partial[%warp8] : memref<16xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %gx = scf.for %i = %c8 to %c16 step %c1 iter_args(%acc = %f0) -> (f32) {
      %p = memref.load %partial[%i] : memref<16xf32, #gpu.address_space<workgroup>>
      %acc2 = arith.addf %acc, %p : f32
      scf.yield %acc2 : f32
    }
    %cc = arith.divf %gx, %Df : f32
    %rr = arith.mulf %inv, %inv : f32
    %k = arith.mulf %rr, %cc : f32
    // dx, as the CPU kernel computes each element.
    scf.for %c = %tid to %D step %c256 {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = memref.load %dy[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %g = scf.if %hw -> (f32) {
        %wv = memref.load %w[%c] : memref<?xf32, strided<[?], offset: ?>>
        %m = arith.mulf %d, %wv : f32
        scf.yield %m : f32
      } else {
        scf.yield %d : f32
      }
      %xk = arith.mulf %v, %k : f32
      %gm = arith.subf %g, %xk : f32
      %o = arith.mulf %inv, %gm : f32
      memref.store %o, %dx[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
