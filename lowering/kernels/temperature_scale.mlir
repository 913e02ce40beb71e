// temperature_scale: in place, q[t, :] *= log1p(floor((p + 1) / floor_scale)) * attn_scale + 1
// (the per-token multiplier is computed in f64).
// Work: tokens split evenly over nwg.
func.func @temperature_scale(%wg: index, %nwg: index,
    %q: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %floor_scale: f32,
    %attn_scale: f32)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %q, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %W = memref.dim %q, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %d1 = arith.constant 1.0 : f64
  %fs = arith.extf %floor_scale : f32 to f64
  %as = arith.extf %attn_scale : f32 to f64
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %pd = arith.sitofp %p64 : i64 to f64
    %p1 = arith.addf %pd, %d1 : f64
    %qq = arith.divf %p1, %fs : f64
    %fl = math.floor %qq : f64
    %lg = math.log1p %fl : f64
    %m1 = arith.mulf %lg, %as : f64
    %m2 = arith.addf %m1, %d1 : f64
    %m = arith.truncf %m2 : f64 to f32
    scf.for %c = %c0 to %W step %c1 {
      %v = memref.load %q[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %y = arith.mulf %v, %m : f32
      memref.store %y, %q[%t, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
