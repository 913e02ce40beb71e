// layer_norm, CUDA block version: the same arguments and result as lowering/kernels/layer_norm.mlir
// (out = (x - mean) * 1/sqrt(var + eps) (* w if has_weight) (+ b if has_bias), biased variance;
// out may alias x), one 256-thread block per row: the runtime launches nwg = R blocks (block b
// also does rows b + nwg, ... when fewer). The CPU kernel's two passes: threads stride the row
// summing x, the sum is reduced by xor shuffles within each warp, then over the 8 warps through
// shared memory (rms_norm's reduction) into the mean; then the same for the sum of (x - mean)^2
// (an fma chain per thread) into the variance; then each thread normalises the elements it read,
// with the CPU kernel's arithmetic per element. Each thread reads only the elements it writes, so
// out may alias x. Only the summation order differs from the CPU kernel's (mean and variance equal
// up to f32 rounding).
//
// The two reductions use separate halves of %partial (0..7: the sums, 8..15: the squared
// deviations), so two barriers per row suffice: a warp writes partial[w] of the next row's sum
// only after the row's second barrier, which every warp reaches after reading the row's sums, and
// partial[8 + w] of the next row only after the next row's first barrier, which every warp
// reaches after reading this row's squared deviations.
gpu.module @mxa_block_kernels {
gpu.func @mxg_layer_norm(%nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?xf32, strided<[?], offset: ?>>,
    %b: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %eps: f32,
    %has_weight: i64,
    %has_bias: i64)
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
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D64 = arith.index_cast %D : index to i64
  %Df = arith.sitofp %D64 : i64 to f32
  %hw = arith.cmpi ne, %has_weight, %i0 : i64
  %hb = arith.cmpi ne, %has_bias, %i0 : i64
  scf.for %r = %block to %R step %nwg {
    // Pass 1: the mean.
    %part = scf.for %c = %tid to %D step %c256 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %acc2 = arith.addf %acc, %v : f32
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
      memref.store %warpSum, %partial[%warp] : memref<16xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %s = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %f0) -> (f32) {
      %p = memref.load %partial[%i] : memref<16xf32, #gpu.address_space<workgroup>>
      %acc2 = arith.addf %acc, %p : f32
      scf.yield %acc2 : f32
    }
    %mean = arith.divf %s, %Df : f32
    // Pass 2: the biased variance.
    %vpart = scf.for %c = %tid to %D step %c256 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = arith.subf %v, %mean : f32
      %acc2 = math.fma %d, %d, %acc : f32
      scf.yield %acc2 : f32
    }
    %t16, %u16 = gpu.shuffle xor %vpart, %o16, %width : f32
    %q16 = arith.addf %vpart, %t16 : f32
    %t8, %u8 = gpu.shuffle xor %q16, %o8, %width : f32
    %q8 = arith.addf %q16, %t8 : f32
    %t4, %u4 = gpu.shuffle xor %q8, %o4, %width : f32
    %q4 = arith.addf %q8, %t4 : f32
    %t2, %u2 = gpu.shuffle xor %q4, %o2, %width : f32
    %q2 = arith.addf %q4, %t2 : f32
    %t1, %u1 = gpu.shuffle xor %q2, %o1, %width : f32
    %warpVs = arith.addf %q2, %t1 : f32
    scf.if %first {
      memref.store %warpVs, %partial[%warp8] : memref<16xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %vs = scf.for %i = %c8 to %c16 step %c1 iter_args(%acc = %f0) -> (f32) {
      %p = memref.load %partial[%i] : memref<16xf32, #gpu.address_space<workgroup>>
      %acc2 = arith.addf %acc, %p : f32
      scf.yield %acc2 : f32
    }
    %var = arith.divf %vs, %Df : f32
    %ve = arith.addf %var, %eps : f32
    %sq = math.sqrt %ve : f32
    %inv = arith.divf %f1, %sq : f32
    // The output, as the CPU kernel computes each element.
    scf.for %c = %tid to %D step %c256 {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = arith.subf %v, %mean : f32
      %y = arith.mulf %d, %inv : f32
      %y2 = scf.if %hw -> (f32) {
        %wv = memref.load %w[%c] : memref<?xf32, strided<[?], offset: ?>>
        %m = arith.mulf %y, %wv : f32
        scf.yield %m : f32
      } else {
        scf.yield %y : f32
      }
      %y3 = scf.if %hb -> (f32) {
        %bv = memref.load %b[%c] : memref<?xf32, strided<[?], offset: ?>>
        %m = arith.addf %y2, %bv : f32
        scf.yield %m : f32
      } else {
        scf.yield %y2 : f32
      }
      memref.store %y3, %out[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
