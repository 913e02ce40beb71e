// kv_store: cache[slots[t], positions[t], :, :] = src[t, :, :].
// Work: tokens split evenly over nwg.
func.func @kv_store(%wg: index, %nwg: index,
    %src: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %cache: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %slots: memref<?xi64, strided<[?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %src, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %H = memref.dim %src, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %D = memref.dim %src, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
    %p = arith.index_cast %p64 : i64 to index
    %s = arith.index_cast %s64 : i64 to index
    scf.for %h = %c0 to %H step %c1 {
      scf.for %d = %c0 to %D step %c1 {
        %v = memref.load %src[%t, %h, %d] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        memref.store %v, %cache[%s, %p, %h, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
      }
    }
  }
  return
}
