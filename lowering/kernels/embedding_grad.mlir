// embedding_grad: dtable[v, :] += sum_{t ascending, ids[t] == v} dh[t, :] (accumulated into
// dtable row by row: dtable[v] = (dtable[v] + dh[t0]) + dh[t1] ...). ids outside [0, V) are ignored.
// Work: table rows v split evenly over nwg; each workgroup scans all T ids once and adds the rows
// of the tokens whose id falls in its range, so every table row gets its tokens in ascending order.
func.func @embedding_grad(%wg: index, %nwg: index,
    %ids: memref<?xi64, strided<[?], offset: ?>>,
    %dh: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dtable: memref<?x?xf32, strided<[?, ?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %T = memref.dim %dh, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %dh, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %V = memref.dim %dtable, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %split_a = arith.muli %wg, %V : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %V : index
  %hi = arith.divui %split_b, %nwg : index
  %lo64 = arith.index_cast %lo : index to i64
  %hi64 = arith.index_cast %hi : index to i64
  scf.for %t = %c0 to %T step %c1 {
    %id = memref.load %ids[%t] : memref<?xi64, strided<[?], offset: ?>>
    %ge = arith.cmpi sge, %id, %lo64 : i64
    %lt = arith.cmpi slt, %id, %hi64 : i64
    %mine = arith.andi %ge, %lt : i1
    scf.if %mine {
      %v = arith.index_cast %id : i64 to index
      scf.for %h = %c0 to %H step %c1 {
        %a = memref.load %dtable[%v, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %b = memref.load %dh[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %s = arith.addf %a, %b : f32
        memref.store %s, %dtable[%v, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
  }
  return
}
