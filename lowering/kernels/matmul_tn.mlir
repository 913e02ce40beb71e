// matmul_tn: out[e, n, k] += sum_{r in [lo_e, hi_e) ascending} dy[r, n] * x[r, k] (accumulates
// into out: an f32 fma chain over r started from out[e, n, k]). grouped != 0: lo_e = offsets[e],
// hi_e = offsets[e+1]; grouped == 0: E must be 1, offsets is not read, rows [0, R).
// Weight gradients dW = dY^T X (dense: out viewed [1, N, K]; experts: grouped) and column sums
// (x = an [R, 1] stride-0 view of 1.0).
// Work: E*N items (e = i / N, n = i % N) split evenly over nwg. Fast path (x and out unit stride
// along K): per expert, K in chunks of 64 (then 16, then a masked tail), rows in blocks of 64, and
// register tiles of 4 columns n x 4 vector<16xf32> of k (1 column for the left-over n): the tile
// is loaded from out, gets vector.fma(broadcast(dy[r, n]), x[r, k:k+16]) for the rows of the block
// and is stored back. Every element sees the same fma sequence whatever the tiling, so results do
// not depend on nwg (or on which path a lane takes). Otherwise a scalar loop.
func.func @matmul_tn(%wg: index, %nwg: index,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %grouped: i64)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c48 = arith.constant 48 : index
  %c64 = arith.constant 64 : index
  %vz = arith.constant dense<0.0> : vector<16xf32>
  %R = memref.dim %dy, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %N = memref.dim %dy, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %x, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %E = memref.dim %out, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %Nm1 = arith.subi %N, %c1 : index
  %grp = arith.cmpi ne, %grouped, %i0 : i64
  %K64r = arith.remui %K, %c64 : index
  %K64 = arith.subi %K, %K64r : index
  %K16r = arith.remui %K, %c16 : index
  %K16 = arith.subi %K, %K16r : index
  %kmask = vector.create_mask %K16r : vector<16xi1>
  %ktail = arith.cmpi ugt, %K16r, %c0 : index
  %NI = arith.muli %E, %N : index
  %split_a = arith.muli %wg, %NI : index
  %ilo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %NI : index
  %ihi = arith.divui %split_b, %nwg : index
  %x_b, %x_o, %x_sz:2, %x_st:2 = memref.extract_strided_metadata %x : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  %out_b, %out_o, %out_sz:3, %out_st:3 = memref.extract_strided_metadata %out : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %x_unit = arith.cmpi eq, %x_st#1, %c1 : index
  %out_unit = arith.cmpi eq, %out_st#2, %c1 : index
  %fast = arith.andi %x_unit, %out_unit : i1
  %nonempty = arith.cmpi ult, %ilo, %ihi : index
  %go_fast = arith.andi %fast, %nonempty : i1
  scf.if %go_fast {
    %xv = memref.reinterpret_cast %x_b to offset: [%x_o], sizes: [%x_sz#0, %x_sz#1], strides: [%x_st#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
    %ov = memref.reinterpret_cast %out_b to offset: [%out_o], sizes: [%out_sz#0, %out_sz#1, %out_sz#2], strides: [%out_st#0, %out_st#1, 1] : memref<f32> to memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>
    %elo = arith.divui %ilo, %N : index
    %ihN = arith.addi %ihi, %Nm1 : index
    %ehi = arith.divui %ihN, %N : index
    scf.for %e = %elo to %ehi step %c1 {
      %eN = arith.muli %e, %N : index
      %eN1 = arith.addi %eN, %N : index
      %ns0 = arith.maxui %ilo, %eN : index
      %ns = arith.subi %ns0, %eN : index
      %ne0 = arith.minui %ihi, %eN1 : index
      %ne = arith.subi %ne0, %eN : index
      %rlo, %rhi = scf.if %grp -> (index, index) {
        %e1 = arith.addi %e, %c1 : index
        %a32 = memref.load %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
        %b32 = memref.load %offsets[%e1] : memref<?xi32, strided<[?], offset: ?>>
        %a = arith.index_cast %a32 : i32 to index
        %b = arith.index_cast %b32 : i32 to index
        scf.yield %a, %b : index, index
      } else {
        scf.yield %c0, %R : index, index
      }
      %span = arith.subi %ne, %ns : index
      %nr = arith.remui %span, %c4 : index
      %nf = arith.subi %ne, %nr : index
      scf.for %kk1 = %c0 to %K64 step %c64 {
        scf.for %rb = %rlo to %rhi step %c64 {
          %rb64 = arith.addi %rb, %c64 : index
          %rbe = arith.minui %rb64, %rhi : index
          scf.for %n4 = %ns to %nf step %c4 {
            %t1_n0 = arith.addi %n4, %c0 : index
            %t1_n1 = arith.addi %n4, %c1 : index
            %t1_n2 = arith.addi %n4, %c2 : index
            %t1_n3 = arith.addi %n4, %c3 : index
            %t1_k0 = arith.addi %kk1, %c0 : index
            %t1_k1 = arith.addi %kk1, %c16 : index
            %t1_k2 = arith.addi %kk1, %c32 : index
            %t1_k3 = arith.addi %kk1, %c48 : index
            %t1_o0_0 = vector.load %ov[%e, %t1_n0, %t1_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o0_1 = vector.load %ov[%e, %t1_n0, %t1_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o0_2 = vector.load %ov[%e, %t1_n0, %t1_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o0_3 = vector.load %ov[%e, %t1_n0, %t1_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o1_0 = vector.load %ov[%e, %t1_n1, %t1_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o1_1 = vector.load %ov[%e, %t1_n1, %t1_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o1_2 = vector.load %ov[%e, %t1_n1, %t1_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o1_3 = vector.load %ov[%e, %t1_n1, %t1_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o2_0 = vector.load %ov[%e, %t1_n2, %t1_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o2_1 = vector.load %ov[%e, %t1_n2, %t1_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o2_2 = vector.load %ov[%e, %t1_n2, %t1_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o2_3 = vector.load %ov[%e, %t1_n2, %t1_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o3_0 = vector.load %ov[%e, %t1_n3, %t1_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o3_1 = vector.load %ov[%e, %t1_n3, %t1_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o3_2 = vector.load %ov[%e, %t1_n3, %t1_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_o3_3 = vector.load %ov[%e, %t1_n3, %t1_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t1_res:16 = scf.for %t1_r = %rb to %rbe step %c1 iter_args(%t1_a0_0 = %t1_o0_0, %t1_a0_1 = %t1_o0_1, %t1_a0_2 = %t1_o0_2, %t1_a0_3 = %t1_o0_3, %t1_a1_0 = %t1_o1_0, %t1_a1_1 = %t1_o1_1, %t1_a1_2 = %t1_o1_2, %t1_a1_3 = %t1_o1_3, %t1_a2_0 = %t1_o2_0, %t1_a2_1 = %t1_o2_1, %t1_a2_2 = %t1_o2_2, %t1_a2_3 = %t1_o2_3, %t1_a3_0 = %t1_o3_0, %t1_a3_1 = %t1_o3_1, %t1_a3_2 = %t1_o3_2, %t1_a3_3 = %t1_o3_3) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
              %t1_x0 = vector.load %xv[%t1_r, %t1_k0] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t1_x1 = vector.load %xv[%t1_r, %t1_k1] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t1_x2 = vector.load %xv[%t1_r, %t1_k2] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t1_x3 = vector.load %xv[%t1_r, %t1_k3] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t1_d0 = memref.load %dy[%t1_r, %t1_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t1_b0 = vector.broadcast %t1_d0 : f32 to vector<16xf32>
              %t1_d1 = memref.load %dy[%t1_r, %t1_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t1_b1 = vector.broadcast %t1_d1 : f32 to vector<16xf32>
              %t1_d2 = memref.load %dy[%t1_r, %t1_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t1_b2 = vector.broadcast %t1_d2 : f32 to vector<16xf32>
              %t1_d3 = memref.load %dy[%t1_r, %t1_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t1_b3 = vector.broadcast %t1_d3 : f32 to vector<16xf32>
              %t1_f0_0 = vector.fma %t1_b0, %t1_x0, %t1_a0_0 : vector<16xf32>
              %t1_f0_1 = vector.fma %t1_b0, %t1_x1, %t1_a0_1 : vector<16xf32>
              %t1_f0_2 = vector.fma %t1_b0, %t1_x2, %t1_a0_2 : vector<16xf32>
              %t1_f0_3 = vector.fma %t1_b0, %t1_x3, %t1_a0_3 : vector<16xf32>
              %t1_f1_0 = vector.fma %t1_b1, %t1_x0, %t1_a1_0 : vector<16xf32>
              %t1_f1_1 = vector.fma %t1_b1, %t1_x1, %t1_a1_1 : vector<16xf32>
              %t1_f1_2 = vector.fma %t1_b1, %t1_x2, %t1_a1_2 : vector<16xf32>
              %t1_f1_3 = vector.fma %t1_b1, %t1_x3, %t1_a1_3 : vector<16xf32>
              %t1_f2_0 = vector.fma %t1_b2, %t1_x0, %t1_a2_0 : vector<16xf32>
              %t1_f2_1 = vector.fma %t1_b2, %t1_x1, %t1_a2_1 : vector<16xf32>
              %t1_f2_2 = vector.fma %t1_b2, %t1_x2, %t1_a2_2 : vector<16xf32>
              %t1_f2_3 = vector.fma %t1_b2, %t1_x3, %t1_a2_3 : vector<16xf32>
              %t1_f3_0 = vector.fma %t1_b3, %t1_x0, %t1_a3_0 : vector<16xf32>
              %t1_f3_1 = vector.fma %t1_b3, %t1_x1, %t1_a3_1 : vector<16xf32>
              %t1_f3_2 = vector.fma %t1_b3, %t1_x2, %t1_a3_2 : vector<16xf32>
              %t1_f3_3 = vector.fma %t1_b3, %t1_x3, %t1_a3_3 : vector<16xf32>
              scf.yield %t1_f0_0, %t1_f0_1, %t1_f0_2, %t1_f0_3, %t1_f1_0, %t1_f1_1, %t1_f1_2, %t1_f1_3, %t1_f2_0, %t1_f2_1, %t1_f2_2, %t1_f2_3, %t1_f3_0, %t1_f3_1, %t1_f3_2, %t1_f3_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
            }
            vector.store %t1_res#0, %ov[%e, %t1_n0, %t1_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#1, %ov[%e, %t1_n0, %t1_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#2, %ov[%e, %t1_n0, %t1_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#3, %ov[%e, %t1_n0, %t1_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#4, %ov[%e, %t1_n1, %t1_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#5, %ov[%e, %t1_n1, %t1_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#6, %ov[%e, %t1_n1, %t1_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#7, %ov[%e, %t1_n1, %t1_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#8, %ov[%e, %t1_n2, %t1_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#9, %ov[%e, %t1_n2, %t1_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#10, %ov[%e, %t1_n2, %t1_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#11, %ov[%e, %t1_n2, %t1_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#12, %ov[%e, %t1_n3, %t1_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#13, %ov[%e, %t1_n3, %t1_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#14, %ov[%e, %t1_n3, %t1_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t1_res#15, %ov[%e, %t1_n3, %t1_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          }
          scf.for %n1 = %nf to %ne step %c1 {
            %t2_n0 = arith.addi %n1, %c0 : index
            %t2_k0 = arith.addi %kk1, %c0 : index
            %t2_k1 = arith.addi %kk1, %c16 : index
            %t2_k2 = arith.addi %kk1, %c32 : index
            %t2_k3 = arith.addi %kk1, %c48 : index
            %t2_o0_0 = vector.load %ov[%e, %t2_n0, %t2_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t2_o0_1 = vector.load %ov[%e, %t2_n0, %t2_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t2_o0_2 = vector.load %ov[%e, %t2_n0, %t2_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t2_o0_3 = vector.load %ov[%e, %t2_n0, %t2_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t2_res:4 = scf.for %t2_r = %rb to %rbe step %c1 iter_args(%t2_a0_0 = %t2_o0_0, %t2_a0_1 = %t2_o0_1, %t2_a0_2 = %t2_o0_2, %t2_a0_3 = %t2_o0_3) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
              %t2_x0 = vector.load %xv[%t2_r, %t2_k0] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t2_x1 = vector.load %xv[%t2_r, %t2_k1] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t2_x2 = vector.load %xv[%t2_r, %t2_k2] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t2_x3 = vector.load %xv[%t2_r, %t2_k3] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t2_d0 = memref.load %dy[%t2_r, %t2_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t2_b0 = vector.broadcast %t2_d0 : f32 to vector<16xf32>
              %t2_f0_0 = vector.fma %t2_b0, %t2_x0, %t2_a0_0 : vector<16xf32>
              %t2_f0_1 = vector.fma %t2_b0, %t2_x1, %t2_a0_1 : vector<16xf32>
              %t2_f0_2 = vector.fma %t2_b0, %t2_x2, %t2_a0_2 : vector<16xf32>
              %t2_f0_3 = vector.fma %t2_b0, %t2_x3, %t2_a0_3 : vector<16xf32>
              scf.yield %t2_f0_0, %t2_f0_1, %t2_f0_2, %t2_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
            }
            vector.store %t2_res#0, %ov[%e, %t2_n0, %t2_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t2_res#1, %ov[%e, %t2_n0, %t2_k1] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t2_res#2, %ov[%e, %t2_n0, %t2_k2] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t2_res#3, %ov[%e, %t2_n0, %t2_k3] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          }
        }
      }
      scf.for %kk3 = %K64 to %K16 step %c16 {
        scf.for %rb = %rlo to %rhi step %c64 {
          %rb64 = arith.addi %rb, %c64 : index
          %rbe = arith.minui %rb64, %rhi : index
          scf.for %n4 = %ns to %nf step %c4 {
            %t3_n0 = arith.addi %n4, %c0 : index
            %t3_n1 = arith.addi %n4, %c1 : index
            %t3_n2 = arith.addi %n4, %c2 : index
            %t3_n3 = arith.addi %n4, %c3 : index
            %t3_k0 = arith.addi %kk3, %c0 : index
            %t3_o0_0 = vector.load %ov[%e, %t3_n0, %t3_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t3_o1_0 = vector.load %ov[%e, %t3_n1, %t3_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t3_o2_0 = vector.load %ov[%e, %t3_n2, %t3_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t3_o3_0 = vector.load %ov[%e, %t3_n3, %t3_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t3_res:4 = scf.for %t3_r = %rb to %rbe step %c1 iter_args(%t3_a0_0 = %t3_o0_0, %t3_a1_0 = %t3_o1_0, %t3_a2_0 = %t3_o2_0, %t3_a3_0 = %t3_o3_0) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
              %t3_x0 = vector.load %xv[%t3_r, %t3_k0] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t3_d0 = memref.load %dy[%t3_r, %t3_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t3_b0 = vector.broadcast %t3_d0 : f32 to vector<16xf32>
              %t3_d1 = memref.load %dy[%t3_r, %t3_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t3_b1 = vector.broadcast %t3_d1 : f32 to vector<16xf32>
              %t3_d2 = memref.load %dy[%t3_r, %t3_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t3_b2 = vector.broadcast %t3_d2 : f32 to vector<16xf32>
              %t3_d3 = memref.load %dy[%t3_r, %t3_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t3_b3 = vector.broadcast %t3_d3 : f32 to vector<16xf32>
              %t3_f0_0 = vector.fma %t3_b0, %t3_x0, %t3_a0_0 : vector<16xf32>
              %t3_f1_0 = vector.fma %t3_b1, %t3_x0, %t3_a1_0 : vector<16xf32>
              %t3_f2_0 = vector.fma %t3_b2, %t3_x0, %t3_a2_0 : vector<16xf32>
              %t3_f3_0 = vector.fma %t3_b3, %t3_x0, %t3_a3_0 : vector<16xf32>
              scf.yield %t3_f0_0, %t3_f1_0, %t3_f2_0, %t3_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
            }
            vector.store %t3_res#0, %ov[%e, %t3_n0, %t3_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t3_res#1, %ov[%e, %t3_n1, %t3_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t3_res#2, %ov[%e, %t3_n2, %t3_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            vector.store %t3_res#3, %ov[%e, %t3_n3, %t3_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          }
          scf.for %n1 = %nf to %ne step %c1 {
            %t4_n0 = arith.addi %n1, %c0 : index
            %t4_k0 = arith.addi %kk3, %c0 : index
            %t4_o0_0 = vector.load %ov[%e, %t4_n0, %t4_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
            %t4_res:1 = scf.for %t4_r = %rb to %rbe step %c1 iter_args(%t4_a0_0 = %t4_o0_0) -> (vector<16xf32>) {
              %t4_x0 = vector.load %xv[%t4_r, %t4_k0] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
              %t4_d0 = memref.load %dy[%t4_r, %t4_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t4_b0 = vector.broadcast %t4_d0 : f32 to vector<16xf32>
              %t4_f0_0 = vector.fma %t4_b0, %t4_x0, %t4_a0_0 : vector<16xf32>
              scf.yield %t4_f0_0 : vector<16xf32>
            }
            vector.store %t4_res#0, %ov[%e, %t4_n0, %t4_k0] : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xf32>
          }
        }
      }
      scf.if %ktail {
        %kt = arith.addi %K16, %c0 : index
        scf.for %rb = %rlo to %rhi step %c64 {
          %rb64 = arith.addi %rb, %c64 : index
          %rbe = arith.minui %rb64, %rhi : index
          scf.for %n4 = %ns to %nf step %c4 {
            %t5_n0 = arith.addi %n4, %c0 : index
            %t5_n1 = arith.addi %n4, %c1 : index
            %t5_n2 = arith.addi %n4, %c2 : index
            %t5_n3 = arith.addi %n4, %c3 : index
            %t5_k0 = arith.addi %kt, %c0 : index
            %t5_o0_0 = vector.maskedload %ov[%e, %t5_n0, %t5_k0], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
            %t5_o1_0 = vector.maskedload %ov[%e, %t5_n1, %t5_k0], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
            %t5_o2_0 = vector.maskedload %ov[%e, %t5_n2, %t5_k0], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
            %t5_o3_0 = vector.maskedload %ov[%e, %t5_n3, %t5_k0], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
            %t5_res:4 = scf.for %t5_r = %rb to %rbe step %c1 iter_args(%t5_a0_0 = %t5_o0_0, %t5_a1_0 = %t5_o1_0, %t5_a2_0 = %t5_o2_0, %t5_a3_0 = %t5_o3_0) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
              %t5_x0 = vector.maskedload %xv[%t5_r, %t5_k0], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %t5_d0 = memref.load %dy[%t5_r, %t5_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t5_b0 = vector.broadcast %t5_d0 : f32 to vector<16xf32>
              %t5_d1 = memref.load %dy[%t5_r, %t5_n1] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t5_b1 = vector.broadcast %t5_d1 : f32 to vector<16xf32>
              %t5_d2 = memref.load %dy[%t5_r, %t5_n2] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t5_b2 = vector.broadcast %t5_d2 : f32 to vector<16xf32>
              %t5_d3 = memref.load %dy[%t5_r, %t5_n3] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t5_b3 = vector.broadcast %t5_d3 : f32 to vector<16xf32>
              %t5_f0_0 = vector.fma %t5_b0, %t5_x0, %t5_a0_0 : vector<16xf32>
              %t5_f1_0 = vector.fma %t5_b1, %t5_x0, %t5_a1_0 : vector<16xf32>
              %t5_f2_0 = vector.fma %t5_b2, %t5_x0, %t5_a2_0 : vector<16xf32>
              %t5_f3_0 = vector.fma %t5_b3, %t5_x0, %t5_a3_0 : vector<16xf32>
              scf.yield %t5_f0_0, %t5_f1_0, %t5_f2_0, %t5_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
            }
            vector.maskedstore %ov[%e, %t5_n0, %t5_k0], %kmask, %t5_res#0 : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
            vector.maskedstore %ov[%e, %t5_n1, %t5_k0], %kmask, %t5_res#1 : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
            vector.maskedstore %ov[%e, %t5_n2, %t5_k0], %kmask, %t5_res#2 : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
            vector.maskedstore %ov[%e, %t5_n3, %t5_k0], %kmask, %t5_res#3 : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
          }
          scf.for %n1 = %nf to %ne step %c1 {
            %t6_n0 = arith.addi %n1, %c0 : index
            %t6_k0 = arith.addi %kt, %c0 : index
            %t6_o0_0 = vector.maskedload %ov[%e, %t6_n0, %t6_k0], %kmask, %vz : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
            %t6_res:1 = scf.for %t6_r = %rb to %rbe step %c1 iter_args(%t6_a0_0 = %t6_o0_0) -> (vector<16xf32>) {
              %t6_x0 = vector.maskedload %xv[%t6_r, %t6_k0], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
              %t6_d0 = memref.load %dy[%t6_r, %t6_n0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
              %t6_b0 = vector.broadcast %t6_d0 : f32 to vector<16xf32>
              %t6_f0_0 = vector.fma %t6_b0, %t6_x0, %t6_a0_0 : vector<16xf32>
              scf.yield %t6_f0_0 : vector<16xf32>
            }
            vector.maskedstore %ov[%e, %t6_n0, %t6_k0], %kmask, %t6_res#0 : memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>, vector<16xi1>, vector<16xf32>
          }
        }
      }
    }
  } else {
    scf.for %it = %ilo to %ihi step %c1 {
      %e = arith.divui %it, %N : index
      %n = arith.remui %it, %N : index
      %rlo, %rhi = scf.if %grp -> (index, index) {
        %e1 = arith.addi %e, %c1 : index
        %a32 = memref.load %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
        %b32 = memref.load %offsets[%e1] : memref<?xi32, strided<[?], offset: ?>>
        %a = arith.index_cast %a32 : i32 to index
        %b = arith.index_cast %b32 : i32 to index
        scf.yield %a, %b : index, index
      } else {
        scf.yield %c0, %R : index, index
      }
      scf.for %k = %c0 to %K step %c1 {
        %o = memref.load %out[%e, %n, %k] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %s = scf.for %r = %rlo to %rhi step %c1 iter_args(%a = %o) -> (f32) {
          %d = memref.load %dy[%r, %n] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %xv = memref.load %x[%r, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %a2 = math.fma %d, %xv, %a : f32
          scf.yield %a2 : f32
        }
        memref.store %s, %out[%e, %n, %k] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
      }
    }
  }
  return
}
