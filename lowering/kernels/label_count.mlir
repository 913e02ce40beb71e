// label_count: count[0] = #{t in [0, T): labels[t] >= 0}, the tokens with a loss (the divisor of
// `cross_entropy`'s mean). One workgroup (wg 0) does the work; the others return.
func.func @label_count(%wg: index, %nwg: index,
    %labels: memref<?xi64, strided<[?], offset: ?>>,
    %count: memref<?xi64, strided<[?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %i0 = arith.constant 0 : i64
  %first = arith.cmpi eq, %wg, %c0 : index
  scf.if %first {
    %T = memref.dim %labels, %c0 : memref<?xi64, strided<[?], offset: ?>>
    %n = scf.for %t = %c0 to %T step %c1 iter_args(%a = %i0) -> (i64) {
      %l = memref.load %labels[%t] : memref<?xi64, strided<[?], offset: ?>>
      %ok = arith.cmpi sge, %l, %i0 : i64
      %a1 = arith.extui %ok : i1 to i64
      %a2 = arith.addi %a, %a1 : i64
      scf.yield %a2 : i64
    }
    memref.store %n, %count[%c0] : memref<?xi64, strided<[?], offset: ?>>
  }
  return
}
