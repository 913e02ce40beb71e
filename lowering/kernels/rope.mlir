// rope: in place on x[T, NH, D]; half = size(inv_freq) (the rotated part is the first 2*half
// values of each head, so a partial rotary dim works too). angle = f32(pos) * inv_freq[j];
// c = cos(angle) * af, s = sin(angle) * af; pairs (2j, 2j+1) if interleaved else (j, j+half):
// x_a' = x_a c - x_b s, x_b' = x_b c + x_a s.
// Work: tokens split evenly over nwg.
func.func @rope(%wg: index, %nwg: index,
    %x: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %inv_freq: memref<?xf32, strided<[?], offset: ?>>,
    %interleaved: i64,
    %attention_factor: f32)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %x, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NH = memref.dim %x, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %half = memref.dim %inv_freq, %c0 : memref<?xf32, strided<[?], offset: ?>>
  %il = arith.cmpi ne, %interleaved, %i0 : i64
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %pf = arith.sitofp %p64 : i64 to f32
    scf.for %j = %c0 to %half step %c1 {
      %fr = memref.load %inv_freq[%j] : memref<?xf32, strided<[?], offset: ?>>
      %ang = arith.mulf %pf, %fr : f32
      %co = math.cos %ang : f32
      %si = math.sin %ang : f32
      %c = arith.mulf %co, %attention_factor : f32
      %s = arith.mulf %si, %attention_factor : f32
      %j2 = arith.muli %j, %c2 : index
      %j21 = arith.addi %j2, %c1 : index
      %jh = arith.addi %j, %half : index
      %ia = arith.select %il, %j2, %j : index
      %ib = arith.select %il, %j21, %jh : index
      scf.for %h = %c0 to %NH step %c1 {
        %xa = memref.load %x[%t, %h, %ia] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %xb = memref.load %x[%t, %h, %ib] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %ac = arith.mulf %xa, %c : f32
        %bs = arith.mulf %xb, %s : f32
        %na = arith.subf %ac, %bs : f32
        %bc = arith.mulf %xb, %c : f32
        %as = arith.mulf %xa, %s : f32
        %nb = arith.addf %bc, %as : f32
        memref.store %na, %x[%t, %h, %ia] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        memref.store %nb, %x[%t, %h, %ib] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      }
    }
  }
  return
}
