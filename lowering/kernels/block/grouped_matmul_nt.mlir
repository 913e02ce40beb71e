// grouped_matmul_nt, CUDA block version: the same arguments and result as
// lowering/kernels/grouped_matmul_nt.mlir (out[r, :] = x[r, :] w[e]^T (+ bias[e]) for the rows
// offsets[e] <= r < offsets[e+1] of each expert e), one 128-thread block per work item instead
// of one thread: the runtime launches nwg = E * ceil(N/32) blocks (the launch's items), block b
// computing the 32-column block b % ceil(N/32) of expert b / ceil(N/32) for all of the expert's
// rows (with fewer blocks, block b also does items b + nwg, b + 2 nwg, ...).
//
// Each of the 4 warps owns 8 of the 32 columns. Rows go 4 at a time: lane l walks k = l, l + 32,
// ... (loads of x and w coalesced across the warp when K has unit stride), accumulating the
// 4 x 8 partial dot products in registers (4 vector<8xf32>). The warp then sums its 32 partial
// vectors through shared memory: lane l writes its 32 partials as row l of a padded 32 x 33
// tile (conflict-free), and after a barrier lane l adds up column l = (row rr = l / 8,
// column jj = l % 8) over the 32 rows and stores it: one store per lane. A decode step (a few
// rows per expert) reads each expert's weight block once; experts with no rows do nothing.
// Rows and columns past the end are clamped for the loads (no out-of-bounds access) and skipped
// at the store. Any strides. Summation order differs from the CPU kernel's (f32 rounding).
gpu.module @mxa_block_kernels {
gpu.func @mxg_grouped_matmul_nt(%nwg: index,
    %x: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %w: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %bias: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %has_bias: i64)
    workgroup(%partials: memref<4x32x33xf32, #gpu.address_space<workgroup>>)
    kernel attributes {known_block_size = array<i32: 128, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c0_ = arith.constant 0 : index
  %c1_ = arith.constant 1 : index
  %c2_ = arith.constant 2 : index
  %c3_ = arith.constant 3 : index
  %c4_ = arith.constant 4 : index
  %c5_ = arith.constant 5 : index
  %c6_ = arith.constant 6 : index
  %c7_ = arith.constant 7 : index
  %c16 = arith.constant 16 : index
  %c24 = arith.constant 24 : index
  %c32 = arith.constant 32 : index
  %i0 = arith.constant 0 : i64
  %f0 = arith.constant 0.0 : f32
  %zero8 = arith.constant dense<0.0> : vector<8xf32>
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %lane = arith.remui %tid, %c32 : index
  %warp = arith.divui %tid, %c32 : index
  %n = memref.dim %w, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %k = memref.dim %w, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %experts = memref.dim %w, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %nblk = arith.ceildivui %n, %c32 : index
  %items = arith.muli %experts, %nblk : index
  // Block b does items b, b + nwg, ... (nwg = items when launched by the
  // runtime: one item each).
  scf.for %item = %block to %items step %nwg {
    %e = arith.divui %item, %nblk : index
    %cb = arith.remui %item, %nblk : index
    %e1 = arith.addi %e, %c1 : index
    %r0i = memref.load %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
    %r1i = memref.load %offsets[%e1] : memref<?xi32, strided<[?], offset: ?>>
    %r0 = arith.index_cast %r0i : i32 to index
    %r1 = arith.index_cast %r1i : i32 to index
    %rlast = arith.subi %r1, %c1 : index
    // This warp's 8 columns, j0 .. j0 + 7 (clamped to n - 1 for the loads).
    %cb32 = arith.muli %cb, %c32 : index
    %w8 = arith.muli %warp, %c8 : index
    %j0 = arith.addi %cb32, %w8 : index
    %nlast = arith.subi %n, %c1 : index
    %withBias = arith.cmpi ne, %has_bias, %i0 : i64
    // The lane that stores sum (rr, jj) is rr * 8 + jj.
    %myRow = arith.divui %lane, %c8 : index
    %myCol = arith.remui %lane, %c8 : index
    %jmine = arith.addi %j0, %myCol : index
    %colOk = arith.cmpi ult, %jmine, %n : index
    scf.for %r = %r0 to %r1 step %c4 {
      // Rows r .. r + 3, clamped to the expert's last row for the loads.
      %ra = arith.minui %r, %rlast : index
      %rb0 = arith.addi %r, %c1 : index
      %rb = arith.minui %rb0, %rlast : index
      %rc0 = arith.addi %r, %c2 : index
      %rc = arith.minui %rc0, %rlast : index
      %rd0 = arith.addi %r, %c3 : index
      %rd = arith.minui %rd0, %rlast : index
      %acc:4 = scf.for %kk = %lane to %k step %c32
          iter_args(%a0 = %zero8, %a1 = %zero8, %a2 = %zero8, %a3 = %zero8)
          -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
        // w[e, j0 .. j0 + 7, kk], columns clamped to n - 1.
        %col0a = arith.addi %j0, %c0_ : index
        %col0 = arith.minui %col0a, %nlast : index
        %w0 = memref.load %w[%e, %col0, %kk] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %col1a = arith.addi %j0, %c1_ : index
        %col1 = arith.minui %col1a, %nlast : index
        %w1 = memref.load %w[%e, %col1, %kk] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %col2a = arith.addi %j0, %c2_ : index
        %col2 = arith.minui %col2a, %nlast : index
        %w2 = memref.load %w[%e, %col2, %kk] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %col3a = arith.addi %j0, %c3_ : index
        %col3 = arith.minui %col3a, %nlast : index
        %w3 = memref.load %w[%e, %col3, %kk] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %col4a = arith.addi %j0, %c4_ : index
        %col4 = arith.minui %col4a, %nlast : index
        %w4 = memref.load %w[%e, %col4, %kk] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %col5a = arith.addi %j0, %c5_ : index
        %col5 = arith.minui %col5a, %nlast : index
        %w5 = memref.load %w[%e, %col5, %kk] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %col6a = arith.addi %j0, %c6_ : index
        %col6 = arith.minui %col6a, %nlast : index
        %w6 = memref.load %w[%e, %col6, %kk] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %col7a = arith.addi %j0, %c7_ : index
        %col7 = arith.minui %col7a, %nlast : index
        %w7 = memref.load %w[%e, %col7, %kk] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        %wv = vector.from_elements %w0, %w1, %w2, %w3, %w4, %w5, %w6, %w7 : vector<8xf32>
        %xa = memref.load %x[%ra, %kk] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %xb = memref.load %x[%rb, %kk] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %xc = memref.load %x[%rc, %kk] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %xd = memref.load %x[%rd, %kk] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %va = vector.broadcast %xa : f32 to vector<8xf32>
        %vb = vector.broadcast %xb : f32 to vector<8xf32>
        %vc = vector.broadcast %xc : f32 to vector<8xf32>
        %vd = vector.broadcast %xd : f32 to vector<8xf32>
        %n0 = vector.fma %va, %wv, %a0 : vector<8xf32>
        %n1 = vector.fma %vb, %wv, %a1 : vector<8xf32>
        %n2 = vector.fma %vc, %wv, %a2 : vector<8xf32>
        %n3 = vector.fma %vd, %wv, %a3 : vector<8xf32>
        scf.yield %n0, %n1, %n2, %n3 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
      }
      // Sum (rr, jj) over the warp through shared memory (see the header).
      vector.store %acc#0, %partials[%warp, %lane, %c0] : memref<4x32x33xf32, #gpu.address_space<workgroup>>, vector<8xf32>
      vector.store %acc#1, %partials[%warp, %lane, %c8] : memref<4x32x33xf32, #gpu.address_space<workgroup>>, vector<8xf32>
      vector.store %acc#2, %partials[%warp, %lane, %c16] : memref<4x32x33xf32, #gpu.address_space<workgroup>>, vector<8xf32>
      vector.store %acc#3, %partials[%warp, %lane, %c24] : memref<4x32x33xf32, #gpu.address_space<workgroup>>, vector<8xf32>
      gpu.barrier
      %mine = scf.for %src = %c0 to %c32 step %c1 iter_args(%sum = %f0) -> (f32) {
        %p = memref.load %partials[%warp, %src, %lane] : memref<4x32x33xf32, #gpu.address_space<workgroup>>
        %next = arith.addf %sum, %p : f32
        scf.yield %next : f32
      }
      // The next rows' partials overwrite the tile.
      gpu.barrier
      %row = arith.addi %r, %myRow : index
      %rowOk = arith.cmpi ult, %row, %r1 : index
      %store = arith.andi %rowOk, %colOk : i1
      scf.if %store {
        %val = scf.if %withBias -> (f32) {
          %bj = memref.load %bias[%e, %jmine] : memref<?x?xf32, strided<[?, ?], offset: ?>>
          %sum = arith.addf %mine, %bj : f32
          scf.yield %sum : f32
        } else {
          scf.yield %mine : f32
        }
        memref.store %val, %out[%row, %jmine] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      }
    }
  }
  gpu.return
}
}
