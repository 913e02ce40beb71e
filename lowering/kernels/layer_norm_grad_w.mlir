// layer_norm_grad_w: weight gradient of layer_norm, accumulated:
// dw[d] += sum_{rows r ascending} dy[r, d] * ((x[r, d] - mean[r]) * rstd[r]) (the row sum in f32
// from 0, then added to dw[d]); xhat is computed as in layer_norm_grad.
// Work: columns d split evenly over nwg. Fast path (x, dy, dw unit stride along d): blocks of 16
// columns as vector<16xf32> lanes (masked at the end of the workgroup's range) with the rows in the
// inner loop; each lane does exactly the scalar path's operations, so results do not depend on nwg.
func.func @layer_norm_grad_w(%wg: index, %nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %mean: memref<?xf32, strided<[?], offset: ?>>,
    %rstd: memref<?xf32, strided<[?], offset: ?>>,
    %dw: memref<?xf32, strided<[?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %f0 = arith.constant 0.0 : f32
  %c16 = arith.constant 16 : index
  %vz = arith.constant dense<0.0> : vector<16xf32>
  %R = memref.dim %x, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %D = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %x_b, %x_o, %x_sz:2, %x_st:2 = memref.extract_strided_metadata %x : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  %dy_b, %dy_o, %dy_sz:2, %dy_st:2 = memref.extract_strided_metadata %dy : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  %dw_b, %dw_o, %dw_sz:1, %dw_st:1 = memref.extract_strided_metadata %dw : memref<?xf32, strided<[?], offset: ?>> -> memref<f32>, index, index, index
  %x_unit = arith.cmpi eq, %x_st#1, %c1 : index
  %dy_unit = arith.cmpi eq, %dy_st#1, %c1 : index
  %dw_unit = arith.cmpi eq, %dw_st#0, %c1 : index
  %fast_0 = arith.andi %x_unit, %dy_unit : i1
  %fast = arith.andi %fast_0, %dw_unit : i1
  %split_a = arith.muli %wg, %D : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %D : index
  %hi = arith.divui %split_b, %nwg : index
  scf.if %fast {
    %x_u = memref.reinterpret_cast %x_b to offset: [%x_o], sizes: [%x_sz#0, %x_sz#1], strides: [%x_st#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
    %dy_u = memref.reinterpret_cast %dy_b to offset: [%dy_o], sizes: [%dy_sz#0, %dy_sz#1], strides: [%dy_st#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
    %dw_u = memref.reinterpret_cast %dw_b to offset: [%dw_o], sizes: [%dw_sz#0], strides: [1] : memref<f32> to memref<?xf32, strided<[1], offset: ?>>
    scf.for %db = %lo to %hi step %c16 {
      %rem = arith.subi %hi, %db : index
      %cnt = arith.minui %rem, %c16 : index
      %mask = vector.create_mask %cnt : vector<16xi1>
      %acc = scf.for %r = %c0 to %R step %c1 iter_args(%a = %vz) -> (vector<16xf32>) {
        %xv = vector.maskedload %x_u[%r, %db], %mask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %gv = vector.maskedload %dy_u[%r, %db], %mask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %ms = memref.load %mean[%r] : memref<?xf32, strided<[?], offset: ?>>
        %rs = memref.load %rstd[%r] : memref<?xf32, strided<[?], offset: ?>>
        %mv = vector.broadcast %ms : f32 to vector<16xf32>
        %rv = vector.broadcast %rs : f32 to vector<16xf32>
        %xm = arith.subf %xv, %mv : vector<16xf32>
        %xh = arith.mulf %xm, %rv : vector<16xf32>
        %p = arith.mulf %gv, %xh : vector<16xf32>
        %a2 = arith.addf %a, %p : vector<16xf32>
        scf.yield %a2 : vector<16xf32>
      }
      %old = vector.maskedload %dw_u[%db], %mask, %vz : memref<?xf32, strided<[1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
      %new = arith.addf %old, %acc : vector<16xf32>
      vector.maskedstore %dw_u[%db], %mask, %new : memref<?xf32, strided<[1], offset: ?>>, vector<16xi1>, vector<16xf32>
    }
  } else {
    scf.for %d = %lo to %hi step %c1 {
      %acc = scf.for %r = %c0 to %R step %c1 iter_args(%a = %f0) -> (f32) {
        %xv = memref.load %x[%r, %d] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %gv = memref.load %dy[%r, %d] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %ms = memref.load %mean[%r] : memref<?xf32, strided<[?], offset: ?>>
        %rs = memref.load %rstd[%r] : memref<?xf32, strided<[?], offset: ?>>
        %xm = arith.subf %xv, %ms : f32
        %xh = arith.mulf %xm, %rs : f32
        %p = arith.mulf %gv, %xh : f32
        %a2 = arith.addf %a, %p : f32
        scf.yield %a2 : f32
      }
      %old = memref.load %dw[%d] : memref<?xf32, strided<[?], offset: ?>>
      %new = arith.addf %old, %acc : f32
      memref.store %new, %dw[%d] : memref<?xf32, strided<[?], offset: ?>>
    }
  }
  return
}
