// layer_norm: out = (x - mean) / sqrt(var + eps) (* w) (+ b), biased variance; out may alias x.
// Work: rows split evenly over nwg; two-pass mean/variance in f32.
func.func @layer_norm(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?xf32, strided<[?], offset: ?>>,
    %b: memref<?xf32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %eps: f32,
    %has_weight: i64,
    %has_bias: i64)
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
  %hb = arith.cmpi ne, %has_bias, %i0 : i64
  %split_a = arith.muli %wg, %R : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %R : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %r = %lo to %hi step %c1 {
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
    scf.for %c = %c0 to %D step %c1 {
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
  return
}
