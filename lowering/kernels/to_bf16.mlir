// to_bf16: out[R, C] = bf16(x[R, C]), rounded to nearest even (NaNs stay quiet NaNs), as the
// runtime rounds bf16 weights. Feeds the bf16-activation expert kernels (moe-experts-to-bf16).
// Work: rows split evenly over nwg.
func.func @to_bf16(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %out: memref<?x?xbf16, strided<[?, ?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %rb_abs = arith.constant 2147483647 : i32
  %rb_inf = arith.constant 2139095040 : i32
  %rb_q = arith.constant 4194304 : i32
  %rb_h = arith.constant 32767 : i32
  %rb_16 = arith.constant 16 : i32
  %rb_1 = arith.constant 1 : i32
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %C = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %split_a = arith.muli %wg, %R : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %R : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %r = %lo to %hi step %c1 {
    scf.for %c = %c0 to %C step %c1 {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %q185_b = arith.bitcast %v : f32 to i32
      %q185_a = arith.andi %q185_b, %rb_abs : i32
      %q185_nan = arith.cmpi ugt, %q185_a, %rb_inf : i32
      %q185_l0 = arith.shrui %q185_b, %rb_16 : i32
      %q185_l = arith.andi %q185_l0, %rb_1 : i32
      %q185_bias = arith.addi %q185_l, %rb_h : i32
      %q185_r = arith.addi %q185_b, %q185_bias : i32
      %q185_qn = arith.ori %q185_b, %rb_q : i32
      %q185_s = arith.select %q185_nan, %q185_qn, %q185_r : i32
      %q185_hi = arith.shrui %q185_s, %rb_16 : i32
      %q185_t = arith.trunci %q185_hi : i32 to i16
      %h = arith.bitcast %q185_t : i16 to bf16
      memref.store %h, %out[%r, %c] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
    }
  }
  return
}
