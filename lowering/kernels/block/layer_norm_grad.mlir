// layer_norm_grad, CUDA block version: the same arguments and result as
// lowering/kernels/layer_norm_grad.mlir (per row: mean and rstd as layer_norm computes them,
// stored to mean_out[row] and rstd[row]; g = dy (* w if has_weight), mg = sum(g) / D,
// mgx = sum(g xhat) / D, dx = rstd ((g - mg) - xhat mgx); dx may alias dy), one 256-thread block
// per row: the runtime launches nwg = R blocks (block b also does rows b + nwg, ... when fewer).
// Threads stride the row; the sum of x, then the fma chain of (x - mean)^2, then sum(g) beside
// sum(g xhat) are each reduced by xor shuffles within each warp and over the 8 warps through
// shared memory (%partial: 0..7, 8..15, then 16..23 and 24..31; a barrier after each, and one
// at the end of the row before the next row rewrites them). Thread 0 stores mean and rstd; each
// thread writes the dx of the elements it read (dx may alias dy), with the CPU kernel's
// arithmetic per element. Only the sums' order differs from the CPU kernel's.
gpu.module @mxa_block_kernels {
gpu.func @mxg_layer_norm_grad(%nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?xf32, strided<[?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dx: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %mean_out: memref<?xf32, strided<[?], offset: ?>>,
    %rstd: memref<?xf32, strided<[?], offset: ?>>,
    %eps: f32,
    %has_weight: i64)
    workgroup(%partial: memref<32xf32, #gpu.address_space<workgroup>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c24 = arith.constant 24 : index
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
  %warp16 = arith.addi %warp, %c16 : index
  %warp24 = arith.addi %warp, %c24 : index
  %first = arith.cmpi eq, %lane, %c0 : index
  %thread0 = arith.cmpi eq, %tid, %c0 : index
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D64 = arith.index_cast %D : index to i64
  %Df = arith.sitofp %D64 : i64 to f32
  %hw = arith.cmpi ne, %has_weight, %i0 : i64
  scf.for %r = %block to %R step %nwg {
    // The mean.
    %part = scf.for %c = %tid to %D step %c256 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %acc2 = arith.addf %acc, %v : f32
      scf.yield %acc2 : f32
    }
    %a16, %b16 = gpu.shuffle xor %part, %o16, %width : f32
    %p16 = arith.addf %part, %a16 : f32
    %a8, %b8 = gpu.shuffle xor %p16, %o8, %width : f32
    %p8 = arith.addf %p16, %a8 : f32
    %a4, %b4 = gpu.shuffle xor %p8, %o4, %width : f32
    %p4 = arith.addf %p8, %a4 : f32
    %a2, %b2 = gpu.shuffle xor %p4, %o2, %width : f32
    %p2 = arith.addf %p4, %a2 : f32
    %a1, %b1 = gpu.shuffle xor %p2, %o1, %width : f32
    %warpSum = arith.addf %p2, %a1 : f32
    scf.if %first {
      memref.store %warpSum, %partial[%warp] : memref<32xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %s = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %f0) -> (f32) {
      %p = memref.load %partial[%i] : memref<32xf32, #gpu.address_space<workgroup>>
      %acc2 = arith.addf %acc, %p : f32
      scf.yield %acc2 : f32
    }
    %mean = arith.divf %s, %Df : f32
    // The biased variance and rstd.
    %vpart = scf.for %c = %tid to %D step %c256 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = arith.subf %v, %mean : f32
      %acc2 = math.fma %d, %d, %acc : f32
      scf.yield %acc2 : f32
    }
    %e16, %f16 = gpu.shuffle xor %vpart, %o16, %width : f32
    %q16 = arith.addf %vpart, %e16 : f32
    %e8, %f8 = gpu.shuffle xor %q16, %o8, %width : f32
    %q8 = arith.addf %q16, %e8 : f32
    %e4, %f4 = gpu.shuffle xor %q8, %o4, %width : f32
    %q4 = arith.addf %q8, %e4 : f32
    %e2, %f2 = gpu.shuffle xor %q4, %o2, %width : f32
    %q2 = arith.addf %q4, %e2 : f32
    %e1, %f1b = gpu.shuffle xor %q2, %o1, %width : f32
    %warpVs = arith.addf %q2, %e1 : f32
    scf.if %first {
      memref.store %warpVs, %partial[%warp8] : memref<32xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %vs = scf.for %i = %c8 to %c16 step %c1 iter_args(%acc = %f0) -> (f32) {
      %p = memref.load %partial[%i] : memref<32xf32, #gpu.address_space<workgroup>>
      %acc2 = arith.addf %acc, %p : f32
      scf.yield %acc2 : f32
    }
    %var = arith.divf %vs, %Df : f32
    %ve = arith.addf %var, %eps : f32
    %sq = math.sqrt %ve : f32
    %inv = arith.divf %f1, %sq : f32
    scf.if %thread0 {
      memref.store %mean, %mean_out[%r] : memref<?xf32, strided<[?], offset: ?>>
      memref.store %inv, %rstd[%r] : memref<?xf32, strided<[?], offset: ?>>
    }
    // sum(g) and sum(g * xhat), one pass.
    %gp:2 = scf.for %c = %tid to %D step %c256 iter_args(%ag = %f0, %agx = %f0) -> (f32, f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = memref.load %dy[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %g = scf.if %hw -> (f32) {
        %wv = memref.load %w[%c] : memref<?xf32, strided<[?], offset: ?>>
        %m = arith.mulf %d, %wv : f32
        scf.yield %m : f32
      } else {
        scf.yield %d : f32
      }
      %xm = arith.subf %v, %mean : f32
      %xh = arith.mulf %xm, %inv : f32
      %ag2 = arith.addf %ag, %g : f32
      %agx2 = math.fma %g, %xh, %agx : f32
      scf.yield %ag2, %agx2 : f32, f32
    }
    %g16, %h16 = gpu.shuffle xor %gp#0, %o16, %width : f32
    %gs16 = arith.addf %gp#0, %g16 : f32
    %g8, %h8 = gpu.shuffle xor %gs16, %o8, %width : f32
    %gs8 = arith.addf %gs16, %g8 : f32
    %g4, %h4 = gpu.shuffle xor %gs8, %o4, %width : f32
    %gs4 = arith.addf %gs8, %g4 : f32
    %g2, %h2 = gpu.shuffle xor %gs4, %o2, %width : f32
    %gs2 = arith.addf %gs4, %g2 : f32
    %g1, %h1 = gpu.shuffle xor %gs2, %o1, %width : f32
    %warpG = arith.addf %gs2, %g1 : f32
    %x16, %y16 = gpu.shuffle xor %gp#1, %o16, %width : f32
    %xs16 = arith.addf %gp#1, %x16 : f32
    %x8, %y8 = gpu.shuffle xor %xs16, %o8, %width : f32
    %xs8 = arith.addf %xs16, %x8 : f32
    %x4, %y4 = gpu.shuffle xor %xs8, %o4, %width : f32
    %xs4 = arith.addf %xs8, %x4 : f32
    %x2, %y2 = gpu.shuffle xor %xs4, %o2, %width : f32
    %xs2 = arith.addf %xs4, %x2 : f32
    %x1, %y1 = gpu.shuffle xor %xs2, %o1, %width : f32
    %warpGx = arith.addf %xs2, %x1 : f32
    scf.if %first {
      memref.store %warpG, %partial[%warp16] : memref<32xf32, #gpu.address_space<workgroup>>
      memref.store %warpGx, %partial[%warp24] : memref<32xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %sums:2 = scf.for %i = %c0 to %c8 step %c1 iter_args(%ag = %f0, %agx = %f0) -> (f32, f32) {
      %i16 = arith.addi %i, %c16 : index
      %i24 = arith.addi %i, %c24 : index
      %pg = memref.load %partial[%i16] : memref<32xf32, #gpu.address_space<workgroup>>
      %pgx = memref.load %partial[%i24] : memref<32xf32, #gpu.address_space<workgroup>>
      %ag2 = arith.addf %ag, %pg : f32
      %agx2 = arith.addf %agx, %pgx : f32
      scf.yield %ag2, %agx2 : f32, f32
    }
    %mg = arith.divf %sums#0, %Df : f32
    %mgx = arith.divf %sums#1, %Df : f32
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
      %xm = arith.subf %v, %mean : f32
      %xh = arith.mulf %xm, %inv : f32
      %t = arith.subf %g, %mg : f32
      %u = arith.mulf %xh, %mgx : f32
      %tu = arith.subf %t, %u : f32
      %o = arith.mulf %inv, %tu : f32
      memref.store %o, %dx[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
    // The partial sums are rewritten by the next row.
    gpu.barrier
  }
  gpu.return
}
}
