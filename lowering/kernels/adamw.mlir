// adamw: one torch.optim.AdamW step (single-tensor, not amsgrad) in f32, in place on p, m, v:
// st = step[0] (>= 1); bc1 = 1 - beta1^st, bc2 = 1 - beta2^st in f64 (math.powf on f64);
// step_size = f32(lr / bc1), bc2_sqrt = f32(sqrt(bc2)), decay = f32(1 - lr * weight_decay),
// omb1 = f32(1 - beta1), omb2 = f32(1 - beta2) (all in f64 from the f32 arguments, then to f32);
// p = p * decay; m = m + omb1 * (g - m) (torch lerp, weight < 0.5); v = v * beta2 + omb2 * g * g;
// p = p - step_size * (m / (sqrt(v) / bc2_sqrt + eps)).
// Work: elements split evenly over nwg (contiguous ranges).
func.func @adamw(%wg: index, %nwg: index,
    %p: memref<?xf32, strided<[?], offset: ?>>,
    %g: memref<?xf32, strided<[?], offset: ?>>,
    %m: memref<?xf32, strided<[?], offset: ?>>,
    %v: memref<?xf32, strided<[?], offset: ?>>,
    %step: memref<?xi64, strided<[?], offset: ?>>,
    %lr: f32,
    %beta1: f32,
    %beta2: f32,
    %eps: f32,
    %weight_decay: f32)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %d1 = arith.constant 1.0 : f64
  %N = memref.dim %p, %c0 : memref<?xf32, strided<[?], offset: ?>>
  %st64 = memref.load %step[%c0] : memref<?xi64, strided<[?], offset: ?>>
  %st = arith.sitofp %st64 : i64 to f64
  %b1d = arith.extf %beta1 : f32 to f64
  %b2d = arith.extf %beta2 : f32 to f64
  %lrd = arith.extf %lr : f32 to f64
  %wdd = arith.extf %weight_decay : f32 to f64
  %pw1 = math.powf %b1d, %st : f64
  %pw2 = math.powf %b2d, %st : f64
  %bc1 = arith.subf %d1, %pw1 : f64
  %bc2 = arith.subf %d1, %pw2 : f64
  %ssd = arith.divf %lrd, %bc1 : f64
  %step_size = arith.truncf %ssd : f64 to f32
  %bc2sd = math.sqrt %bc2 : f64
  %bc2s = arith.truncf %bc2sd : f64 to f32
  %lwd = arith.mulf %lrd, %wdd : f64
  %decd = arith.subf %d1, %lwd : f64
  %decay = arith.truncf %decd : f64 to f32
  %omb1d = arith.subf %d1, %b1d : f64
  %omb1 = arith.truncf %omb1d : f64 to f32
  %omb2d = arith.subf %d1, %b2d : f64
  %omb2 = arith.truncf %omb2d : f64 to f32
  %split_a = arith.muli %wg, %N : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %N : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %i = %lo to %hi step %c1 {
    %pv = memref.load %p[%i] : memref<?xf32, strided<[?], offset: ?>>
    %gv = memref.load %g[%i] : memref<?xf32, strided<[?], offset: ?>>
    %mv = memref.load %m[%i] : memref<?xf32, strided<[?], offset: ?>>
    %vv = memref.load %v[%i] : memref<?xf32, strided<[?], offset: ?>>
    %p1 = arith.mulf %pv, %decay : f32
    %gm = arith.subf %gv, %mv : f32
    %wgm = arith.mulf %omb1, %gm : f32
    %m1 = arith.addf %mv, %wgm : f32
    %vb = arith.mulf %vv, %beta2 : f32
    %og = arith.mulf %omb2, %gv : f32
    %ogg = arith.mulf %og, %gv : f32
    %v1 = arith.addf %vb, %ogg : f32
    %sv = math.sqrt %v1 : f32
    %sb = arith.divf %sv, %bc2s : f32
    %den = arith.addf %sb, %eps : f32
    %q = arith.divf %m1, %den : f32
    %u = arith.mulf %step_size, %q : f32
    %p2 = arith.subf %p1, %u : f32
    memref.store %p2, %p[%i] : memref<?xf32, strided<[?], offset: ?>>
    memref.store %m1, %m[%i] : memref<?xf32, strided<[?], offset: ?>>
    memref.store %v1, %v[%i] : memref<?xf32, strided<[?], offset: ?>>
  }
  return
}
