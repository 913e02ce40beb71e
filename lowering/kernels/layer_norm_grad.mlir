// layer_norm_grad: input gradient of layer_norm (y = xhat (* w) (+ b), xhat = (x - mean) * rstd).
// Per row: mean and rstd exactly as layer_norm computes them (two passes, same fastmath flags,
// var = sum((x - mean)^2) / D, rstd = 1 / sqrt(var + eps)), stored to mean[row], rstd[row];
// g = dy (* w if has_weight); mg = sum_d(g) / D; mgx = sum_d(g * xhat) / D;
// dx = rstd * ((g - mg) - xhat * mgx). dx may alias dy (the sums are taken before dx is written).
// Work: rows split evenly over nwg; f32 accumulation.
func.func @layer_norm_grad(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?xf32, strided<[?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dx: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %mean_out: memref<?xf32, strided<[?], offset: ?>>,
    %rstd: memref<?xf32, strided<[?], offset: ?>>,
    %eps: f32,
    %has_weight: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
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
    // Statistics: layer_norm's code.
    %s = scf.for %c = %c0 to %D step %c1 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %acc2 = arith.addf %acc, %v fastmath<reassoc, contract> : f32
      scf.yield %acc2 : f32
    }
    %mean = arith.divf %s, %Df : f32
    %vs = scf.for %c = %c0 to %D step %c1 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %d = arith.subf %v, %mean : f32
      %acc2 = math.fma %d, %d, %acc fastmath<reassoc, contract> : f32
      scf.yield %acc2 : f32
    }
    %var = arith.divf %vs, %Df : f32
    %ve = arith.addf %var, %eps : f32
    %sq = math.sqrt %ve : f32
    %inv = arith.divf %f1, %sq : f32
    memref.store %mean, %mean_out[%r] : memref<?xf32, strided<[?], offset: ?>>
    memref.store %inv, %rstd[%r] : memref<?xf32, strided<[?], offset: ?>>
    // sum(g) and sum(g * xhat), one pass.
    %sg, %sgx = scf.for %c = %c0 to %D step %c1 iter_args(%ag = %f0, %agx = %f0) -> (f32, f32) {
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
      %ag2 = arith.addf %ag, %g fastmath<reassoc, contract> : f32
      %agx2 = math.fma %g, %xh, %agx fastmath<reassoc, contract> : f32
      scf.yield %ag2, %agx2 : f32, f32
    }
    %mg = arith.divf %sg, %Df : f32
    %mgx = arith.divf %sgx, %Df : f32
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
      %xm = arith.subf %v, %mean : f32
      %xh = arith.mulf %xm, %inv : f32
      %t = arith.subf %g, %mg : f32
      %u = arith.mulf %xh, %mgx : f32
      %tu = arith.subf %t, %u : f32
      %o = arith.mulf %inv, %tu : f32
      memref.store %o, %dx[%r, %c] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
