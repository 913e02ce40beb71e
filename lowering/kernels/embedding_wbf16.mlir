// embedding_wbf16: embedding with a bf16 table (moe-weights-to-bf16): out[t, :] = f32(table[ids[t], :]).
// Work: tokens split evenly over nwg.
func.func @embedding_wbf16(%wg: index, %nwg: index,
    %table: memref<?x?xbf16, strided<[?, ?], offset: ?>>,
    %ids: memref<?xi64, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %out, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %out, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %id64 = memref.load %ids[%t] : memref<?xi64, strided<[?], offset: ?>>
    %id = arith.index_cast %id64 : i64 to index
    scf.for %h = %c0 to %H step %c1 {
      %vh = memref.load %table[%id, %h] : memref<?x?xbf16, strided<[?, ?], offset: ?>>
      %v = arith.extf %vh : bf16 to f32
      memref.store %v, %out[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
