// cross_entropy, CUDA block version: the same arguments and result as
// lowering/kernels/cross_entropy.mlir (per token t with labels[t] >= 0: lse = m + log(sum_v
// exp(logits[t, v] - m)), m the row's max, loss[t] = lse - logits[t, labels[t]], dlogits[t, v] =
// (exp(logits[t, v] - lse) - [v == labels[t]]) / max(count[0], 1); labels[t] < 0: loss[t] = 0 and a
// zero row; dlogits may alias logits), one 256-thread block per token: the runtime launches
// nwg = T blocks (block b also does tokens b + nwg, ... when fewer). Threads stride the row: the
// max and then the sum of exponentials are reduced by xor shuffles within each warp and over the
// 8 warps through shared memory (layer_norm's two-buffer scheme: 0..7 the maxima, 8..15 the sums,
// two barriers per row); then each thread writes the gradient of the elements it read, and the
// thread that owns the label's column also the loss, from its own read of that logit, so that a
// dlogits aliasing logits is never read after another thread wrote it. The max is exact; only
// the sum's order differs from the CPU kernel's (f32 rounding).
gpu.module @mxa_block_kernels {
gpu.func @mxg_cross_entropy(%nwg: index,
    %logits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %labels: memref<?xi64, strided<[?], offset: ?>>,
    %count: memref<?xi64, strided<[?], offset: ?>>,
    %dlogits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %loss: memref<?xf32, strided<[?], offset: ?>>)
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
  %ninf = arith.constant 0xFF800000 : f32
  %i0 = arith.constant 0 : i64
  %i1 = arith.constant 1 : i64
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
  %T = memref.dim %logits, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %V = memref.dim %logits, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %n = memref.load %count[%c0] : memref<?xi64, strided<[?], offset: ?>>
  %n1 = arith.maxsi %n, %i1 : i64
  %nf = arith.sitofp %n1 : i64 to f32
  %inv_n = arith.divf %f1, %nf : f32
  scf.for %t = %block to %T step %nwg {
    %lab = memref.load %labels[%t] : memref<?xi64, strided<[?], offset: ?>>
    %valid = arith.cmpi sge, %lab, %i0 : i64
    scf.if %valid {
      %labx = arith.index_cast %lab : i64 to index
      // Pass 1: the row's max.
      %part = scf.for %v = %tid to %V step %c256 iter_args(%a = %ninf) -> (f32) {
        %x = memref.load %logits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %a2 = arith.maximumf %a, %x : f32
        scf.yield %a2 : f32
      }
      %s16, %v16 = gpu.shuffle xor %part, %o16, %width : f32
      %r16 = arith.maximumf %part, %s16 : f32
      %s8, %v8 = gpu.shuffle xor %r16, %o8, %width : f32
      %r8 = arith.maximumf %r16, %s8 : f32
      %s4, %v4 = gpu.shuffle xor %r8, %o4, %width : f32
      %r4 = arith.maximumf %r8, %s4 : f32
      %s2, %v2 = gpu.shuffle xor %r4, %o2, %width : f32
      %r2 = arith.maximumf %r4, %s2 : f32
      %s1, %v1 = gpu.shuffle xor %r2, %o1, %width : f32
      %warpMax = arith.maximumf %r2, %s1 : f32
      scf.if %first {
        memref.store %warpMax, %partial[%warp] : memref<16xf32, #gpu.address_space<workgroup>>
      }
      gpu.barrier
      %m = scf.for %i = %c0 to %c8 step %c1 iter_args(%a = %ninf) -> (f32) {
        %p = memref.load %partial[%i] : memref<16xf32, #gpu.address_space<workgroup>>
        %a2 = arith.maximumf %a, %p : f32
        scf.yield %a2 : f32
      }
      // Pass 2: the sum of exp(logits - m).
      %epart = scf.for %v = %tid to %V step %c256 iter_args(%a = %f0) -> (f32) {
        %x = memref.load %logits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %d = arith.subf %x, %m : f32
        %e = math.exp %d : f32
        %a2 = arith.addf %a, %e : f32
        scf.yield %a2 : f32
      }
      %t16, %u16 = gpu.shuffle xor %epart, %o16, %width : f32
      %q16 = arith.addf %epart, %t16 : f32
      %t8, %u8 = gpu.shuffle xor %q16, %o8, %width : f32
      %q8 = arith.addf %q16, %t8 : f32
      %t4, %u4 = gpu.shuffle xor %q8, %o4, %width : f32
      %q4 = arith.addf %q8, %t4 : f32
      %t2, %u2 = gpu.shuffle xor %q4, %o2, %width : f32
      %q2 = arith.addf %q4, %t2 : f32
      %t1, %u1 = gpu.shuffle xor %q2, %o1, %width : f32
      %warpSum = arith.addf %q2, %t1 : f32
      scf.if %first {
        memref.store %warpSum, %partial[%warp8] : memref<16xf32, #gpu.address_space<workgroup>>
      }
      gpu.barrier
      %s = scf.for %i = %c8 to %c16 step %c1 iter_args(%a = %f0) -> (f32) {
        %p = memref.load %partial[%i] : memref<16xf32, #gpu.address_space<workgroup>>
        %a2 = arith.addf %a, %p : f32
        scf.yield %a2 : f32
      }
      %ls = math.log %s : f32
      %lse = arith.addf %m, %ls : f32
      // The gradient (and the loss, by the label column's owner), as the CPU kernel computes it.
      scf.for %v = %tid to %V step %c256 {
        %x = memref.load %logits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %is = arith.cmpi eq, %v, %labx : index
        scf.if %is {
          %lo_t = arith.subf %lse, %x : f32
          memref.store %lo_t, %loss[%t] : memref<?xf32, strided<[?], offset: ?>>
        }
        %d = arith.subf %x, %lse : f32
        %p = math.exp %d : f32
        %ind = arith.select %is, %f1, %f0 : f32
        %g = arith.subf %p, %ind : f32
        %g2 = arith.mulf %g, %inv_n : f32
        memref.store %g2, %dlogits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    } else {
      scf.if %thread0 {
        memref.store %f0, %loss[%t] : memref<?xf32, strided<[?], offset: ?>>
      }
      scf.for %v = %tid to %V step %c256 {
        memref.store %f0, %dlogits[%t, %v] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
  }
  gpu.return
}
}
