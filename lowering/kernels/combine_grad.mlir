// combine_grad: gradient of combine w.r.t. its weights:
// dweights[t, k] = sum_h dout[t, h] * rows[inv[t*K+k], h] (K = dim 1 of dweights).
// Work: tokens split evenly over nwg. Fast path (dout, rows unit stride along h): vector<16xf32>
// fma dot products with a masked tail; otherwise scalar.
func.func @combine_grad(%wg: index, %nwg: index,
    %dout: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %rows: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %inv: memref<?xi32, strided<[?], offset: ?>>,
    %dweights: memref<?x?xf32, strided<[?, ?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %c16 = arith.constant 16 : index
  %vz = arith.constant dense<0.0> : vector<16xf32>
  %T = memref.dim %dout, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %dout, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %dweights, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %Hr = arith.remui %H, %c16 : index
  %Hv = arith.subi %H, %Hr : index
  %hmask = vector.create_mask %Hr : vector<16xi1>
  %dout_b, %dout_o, %dout_sz:2, %dout_st:2 = memref.extract_strided_metadata %dout : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  %rows_b, %rows_o, %rows_sz:2, %rows_st:2 = memref.extract_strided_metadata %rows : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  %dout_unit = arith.cmpi eq, %dout_st#1, %c1 : index
  %rows_unit = arith.cmpi eq, %rows_st#1, %c1 : index
  %fast = arith.andi %dout_unit, %rows_unit : i1
  %dout_u = memref.reinterpret_cast %dout_b to offset: [%dout_o], sizes: [%dout_sz#0, %dout_sz#1], strides: [%dout_st#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  %rows_u = memref.reinterpret_cast %rows_b to offset: [%rows_o], sizes: [%rows_sz#0, %rows_sz#1], strides: [%rows_st#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
  %split_a = arith.muli %wg, %T : index
  %lo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %T : index
  %hi = arith.divui %split_b, %nwg : index
  scf.for %t = %lo to %hi step %c1 {
    %tk0 = arith.muli %t, %K : index
    scf.for %k = %c0 to %K step %c1 {
      %tk = arith.addi %tk0, %k : index
      %r32 = memref.load %inv[%tk] : memref<?xi32, strided<[?], offset: ?>>
      %r = arith.index_cast %r32 : i32 to index
      %dw = scf.if %fast -> (f32) {
        %vd_v = scf.for %vd_d = %c0 to %Hv step %c16 iter_args(%vd_a = %vz) -> (vector<16xf32>) {
          %vd_x = vector.load %dout_u[%t, %vd_d] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
          %vd_y = vector.load %rows_u[%r, %vd_d] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
          %vd_a2 = vector.fma %vd_x, %vd_y, %vd_a : vector<16xf32>
          scf.yield %vd_a2 : vector<16xf32>
        }
        %vd_tx = vector.maskedload %dout_u[%t, %Hv], %hmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %vd_ty = vector.maskedload %rows_u[%r, %Hv], %hmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %vd_f = vector.fma %vd_tx, %vd_ty, %vd_v : vector<16xf32>
        %vd = vector.reduction <add>, %vd_f fastmath<reassoc, contract> : vector<16xf32> into f32
        scf.yield %vd : f32
      } else {
        %sd = scf.for %sd_d = %c0 to %H step %c1 iter_args(%sd_a = %f0) -> (f32) {
          %sd_x = memref.load %dout[%t, %sd_d] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %sd_y = memref.load %rows[%r, %sd_d] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %sd_a2 = math.fma %sd_x, %sd_y, %sd_a : f32
          scf.yield %sd_a2 : f32
        }
        scf.yield %sd : f32
      }
      memref.store %dw, %dweights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  return
}
