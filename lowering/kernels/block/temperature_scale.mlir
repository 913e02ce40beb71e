// temperature_scale, CUDA block version: the same arguments and result as
// lowering/kernels/temperature_scale.mlir (in place, q[t, :] *= log1p(floor((p + 1) /
// floor_scale)) * attn_scale + 1, the per-token multiplier computed in f64 and rounded to f32), one
// 256-thread block per token: the runtime launches nwg = T blocks (block b also does tokens
// b + nwg, ... when fewer). Every thread computes the token's multiplier (the same value) and
// strides the row. The same arithmetic per element as the CPU kernel.
gpu.module @mxa_block_kernels {
gpu.func @mxg_temperature_scale(%nwg: index,
    %q: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %floor_scale: f32,
    %attn_scale: f32)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %d1 = arith.constant 1.0 : f64
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %T = memref.dim %q, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %W = memref.dim %q, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %fs = arith.extf %floor_scale : f32 to f64
  %as = arith.extf %attn_scale : f32 to f64
  scf.for %t = %block to %T step %nwg {
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %pd = arith.sitofp %p64 : i64 to f64
    %p1 = arith.addf %pd, %d1 : f64
    %qq = arith.divf %p1, %fs : f64
    %fl = math.floor %qq : f64
    %lg = math.log1p %fl : f64
    %m1 = arith.mulf %lg, %as : f64
    %m2 = arith.addf %m1, %d1 : f64
    %m = arith.truncf %m2 : f64 to f32
    scf.for %c = %tid to %W step %c256 {
      %v = memref.load %q[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %y = arith.mulf %v, %m : f32
      memref.store %y, %q[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
