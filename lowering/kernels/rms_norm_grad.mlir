// rms_norm_grad: input gradient of rms_norm (y = x * r (* w), r = 1/sqrt(mean(x^2) + eps)).
// Per row: rstd[row] = r; g = dy (* w if has_weight); c = sum_d(g * x) / D;
// dx = r * (g - x * r * r * c). dx may alias dy (c is computed before dx is written).
// Work: rows split evenly over nwg; f32 accumulation.
func.func @rms_norm_grad(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?xf32, strided<[?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dx: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %rstd: memref<?xf32, strided<[?], offset: ?>>,
    %eps: f32,
    %has_weight: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D64 = arith.index_cast %D : index to i64
  %Df = arith.sitofp %D64 : i64 to f32
  %hw = arith.cmpi ne, %has_weight, %i0 : i64
  %split_a = arith.muli %wg, %R : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %R : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %r = %lo to %hi step %c1 {
    %ss = scf.for %c = %c0 to %D step %c1 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %acc2 = math.fma %v, %v, %acc fastmath<reassoc, contract> : f32
      scf.yield %acc2 : f32
    }
    %mean = arith.divf %ss, %Df : f32
    %me = arith.addf %mean, %eps : f32
    %sq = math.sqrt %me : f32
    %inv = arith.divf %f1, %sq : f32
    memref.store %inv, %rstd[%r] : memref<?xf32, strided<[?], offset: ?>>
    %gx = scf.for %c = %c0 to %D step %c1 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = memref.load %dy[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %g = scf.if %hw -> (f32) {
        %wv = memref.load %w[%c] : memref<?xf32, strided<[?], offset: ?>>
        %m = arith.mulf %d, %wv : f32
        scf.yield %m : f32
      } else {
        scf.yield %d : f32
      }
      %acc2 = math.fma %g, %v, %acc fastmath<reassoc, contract> : f32
      scf.yield %acc2 : f32
    }
    %cc = arith.divf %gx, %Df : f32
    %r2 = arith.mulf %inv, %inv : f32
    %k = arith.mulf %r2, %cc : f32
    scf.for %c = %c0 to %D step %c1 {
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
  return
}
