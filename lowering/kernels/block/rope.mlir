// rope, CUDA block version: the same arguments and result as lowering/kernels/rope.mlir (in place
// on x[T, NH, D]; half = size(inv_freq), only the first 2 * half values of each head rotate;
// angle = f32(pos) * inv_freq[j], c = cos(angle) * af, s = sin(angle) * af; pairs (2j, 2j+1) if
// interleaved else (j, j+half): x_a' = x_a c - x_b s, x_b' = x_b c + x_a s), one 256-thread block
// per token: the runtime launches nwg = T blocks (block b also does tokens b + nwg, ... when
// fewer). Threads stride the token's NH * half (head, pair) items, i = h * half + j (pairs fastest,
// so the half-split layout is coalesced). A thread keeps the (c, s) of its last j and recomputes
// them only when j changes: once per token when half divides 256 (e.g. 32, 64); recomputing gives
// the same values, so this does not change the result. Each pair is read and written by one thread. The same arithmetic per
// element as the CPU kernel.
// ptxas gives it a 32-byte stack frame and no spills: the local array of libdevice's sinf/cosf
// range reduction for large angles (the generic entry of lowering/kernels/rope.mlir has it too).
gpu.module @mxa_block_kernels {
gpu.func @mxg_rope(%nwg: index,
    %x: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %inv_freq: memref<?xf32, strided<[?], offset: ?>>,
    %interleaved: i64,
    %attention_factor: f32)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %i0 = arith.constant 0 : i64
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %T = memref.dim %x, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NH = memref.dim %x, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %half = memref.dim %inv_freq, %c0 : memref<?xf32, strided<[?], offset: ?>>
  %n = arith.muli %NH, %half : index
  %il = arith.cmpi ne, %interleaved, %i0 : i64
  scf.for %t = %block to %T step %nwg {
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %pf = arith.sitofp %p64 : i64 to f32
    // (last j, c, s); j = half (no pair) at the start of each token.
    %last:3 = scf.for %i = %tid to %n step %c256
        iter_args(%jp = %half, %cp = %f0, %sp = %f0) -> (index, f32, f32) {
      %h = arith.divui %i, %half : index
      %j = arith.remui %i, %half : index
      %same = arith.cmpi eq, %j, %jp : index
      %cs:2 = scf.if %same -> (f32, f32) {
        scf.yield %cp, %sp : f32, f32
      } else {
        %fr = memref.load %inv_freq[%j] : memref<?xf32, strided<[?], offset: ?>>
        %ang = arith.mulf %pf, %fr : f32
        %co = math.cos %ang : f32
        %si = math.sin %ang : f32
        %cn = arith.mulf %co, %attention_factor : f32
        %sn = arith.mulf %si, %attention_factor : f32
        scf.yield %cn, %sn : f32, f32
      }
      %j2 = arith.muli %j, %c2 : index
      %j21 = arith.addi %j2, %c1 : index
      %jh = arith.addi %j, %half : index
      %ia = arith.select %il, %j2, %j : index
      %ib = arith.select %il, %j21, %jh : index
      %xa = memref.load %x[%t, %h, %ia] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      %xb = memref.load %x[%t, %h, %ib] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      %ac = arith.mulf %xa, %cs#0 : f32
      %bs = arith.mulf %xb, %cs#1 : f32
      %na = arith.subf %ac, %bs : f32
      %bc = arith.mulf %xb, %cs#0 : f32
      %as = arith.mulf %xa, %cs#1 : f32
      %nb = arith.addf %bc, %as : f32
      memref.store %na, %x[%t, %h, %ia] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      memref.store %nb, %x[%t, %h, %ib] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      scf.yield %j, %cs#0, %cs#1 : index, f32, f32
    }
  }
  gpu.return
}
}
