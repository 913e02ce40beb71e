// head_matmul: per-head batched matmul (MLA q_nope . W_UK absorption, o . W_UV):
// out[t, h, n] = sum_k x[t, h, k] * w[h, n, k] for x[T, NH, K], w[NH, N, K], out[T, NH, N].
// Work: NH * ceil(N/32) items (head, 32-column block) split evenly over nwg; each workgroup does
// all T rows of its items, so every output is computed by one workgroup in a fixed order. Fast
// path (x and w unit stride along K, checked at run time; x may be a strided view, e.g. the
// first K of each head's K+R query entries): matmul_nt's register tiles on per-head 2-D views
// (vector<16xf32> vector.fma along K, masked K % 16 tail, vector.reduction <add> at the end).
// Other strides: a scalar loop. out may be any strided view (scalar stores); it must not alias
// x or w.
func.func @head_matmul(%wg: index, %nwg: index,
    %x: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %w: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>,
    %out: memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>)
    attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c31 = arith.constant 31 : index
  %c32 = arith.constant 32 : index
  %vz = arith.constant dense<0.0> : vector<16xf32>
  %T = memref.dim %x, %c0 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NH = memref.dim %x, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %K = memref.dim %x, %c2 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %N = memref.dim %w, %c1 : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
  %NB0 = arith.addi %N, %c31 : index
  %NB = arith.divui %NB0, %c32 : index
  %NI = arith.muli %NH, %NB : index
  %split_a = arith.muli %wg, %NI : index
  %ilo = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, %NI : index
  %ihi = arith.divui %split_b, %nwg : index
  %Kr = arith.remui %K, %c16 : index
  %Kv = arith.subi %K, %Kr : index
  %kmask = vector.create_mask %Kr : vector<16xi1>
  %xb, %xo, %xsz:3, %xst:3 = memref.extract_strided_metadata %x : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %wb, %wo, %wsz:3, %wst:3 = memref.extract_strided_metadata %w : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index, index, index
  %xu = arith.cmpi eq, %xst#2, %c1 : index
  %wu = arith.cmpi eq, %wst#2, %c1 : index
  %fast = arith.andi %xu, %wu : i1
  scf.for %it = %ilo to %ihi step %c1 {
    %h = arith.divui %it, %NB : index
    %jb = arith.remui %it, %NB : index
    %nlo = arith.muli %jb, %c32 : index
    %nhi0 = arith.addi %nlo, %c32 : index
    %nhi = arith.minui %nhi0, %N : index
    scf.if %fast {
      %xho0 = arith.muli %h, %xst#1 : index
      %xho = arith.addi %xo, %xho0 : index
      %xv = memref.reinterpret_cast %xb to offset: [%xho], sizes: [%T, %K], strides: [%xst#0, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      %who0 = arith.muli %h, %wst#0 : index
      %who = arith.addi %wo, %who0 : index
      %wv = memref.reinterpret_cast %wb to offset: [%who], sizes: [%N, %K], strides: [%wst#1, 1] : memref<f32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
      %b73_ms = arith.subi %T, %c0 : index
      %b73_mr = arith.remui %b73_ms, %c4 : index
      %b73_mf = arith.subi %T, %b73_mr : index
      %b73_ns = arith.subi %nhi, %nlo : index
      %b73_nr4 = arith.remui %b73_ns, %c4 : index
      %b73_nf4 = arith.subi %nhi, %b73_nr4 : index
      %b73_nr8 = arith.remui %b73_ns, %c8 : index
      %b73_nf8 = arith.subi %nhi, %b73_nr8 : index
      scf.for %b73_m = %c0 to %b73_mf step %c4 {
        scf.for %b73_n = %nlo to %b73_nf4 step %c4 {
          %t74_r0 = arith.addi %b73_m, %c0 : index
          %t74_r1 = arith.addi %b73_m, %c1 : index
          %t74_r2 = arith.addi %b73_m, %c2 : index
          %t74_r3 = arith.addi %b73_m, %c3 : index
          %t74_n0 = arith.addi %b73_n, %c0 : index
          %t74_n1 = arith.addi %b73_n, %c1 : index
          %t74_n2 = arith.addi %b73_n, %c2 : index
          %t74_n3 = arith.addi %b73_n, %c3 : index
          %t74_res:16 = scf.for %t74_k = %c0 to %Kv step %c16 iter_args(%t74_a0_0 = %vz, %t74_a0_1 = %vz, %t74_a0_2 = %vz, %t74_a0_3 = %vz, %t74_a1_0 = %vz, %t74_a1_1 = %vz, %t74_a1_2 = %vz, %t74_a1_3 = %vz, %t74_a2_0 = %vz, %t74_a2_1 = %vz, %t74_a2_2 = %vz, %t74_a2_3 = %vz, %t74_a3_0 = %vz, %t74_a3_1 = %vz, %t74_a3_2 = %vz, %t74_a3_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t74_x0 = vector.load %xv[%t74_r0, %t74_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t74_x1 = vector.load %xv[%t74_r1, %t74_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t74_x2 = vector.load %xv[%t74_r2, %t74_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t74_x3 = vector.load %xv[%t74_r3, %t74_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t74_w0 = vector.load %wv[%t74_n0, %t74_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t74_w1 = vector.load %wv[%t74_n1, %t74_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t74_w2 = vector.load %wv[%t74_n2, %t74_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t74_w3 = vector.load %wv[%t74_n3, %t74_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t74_f0_0 = vector.fma %t74_x0, %t74_w0, %t74_a0_0 : vector<16xf32>
            %t74_f0_1 = vector.fma %t74_x0, %t74_w1, %t74_a0_1 : vector<16xf32>
            %t74_f0_2 = vector.fma %t74_x0, %t74_w2, %t74_a0_2 : vector<16xf32>
            %t74_f0_3 = vector.fma %t74_x0, %t74_w3, %t74_a0_3 : vector<16xf32>
            %t74_f1_0 = vector.fma %t74_x1, %t74_w0, %t74_a1_0 : vector<16xf32>
            %t74_f1_1 = vector.fma %t74_x1, %t74_w1, %t74_a1_1 : vector<16xf32>
            %t74_f1_2 = vector.fma %t74_x1, %t74_w2, %t74_a1_2 : vector<16xf32>
            %t74_f1_3 = vector.fma %t74_x1, %t74_w3, %t74_a1_3 : vector<16xf32>
            %t74_f2_0 = vector.fma %t74_x2, %t74_w0, %t74_a2_0 : vector<16xf32>
            %t74_f2_1 = vector.fma %t74_x2, %t74_w1, %t74_a2_1 : vector<16xf32>
            %t74_f2_2 = vector.fma %t74_x2, %t74_w2, %t74_a2_2 : vector<16xf32>
            %t74_f2_3 = vector.fma %t74_x2, %t74_w3, %t74_a2_3 : vector<16xf32>
            %t74_f3_0 = vector.fma %t74_x3, %t74_w0, %t74_a3_0 : vector<16xf32>
            %t74_f3_1 = vector.fma %t74_x3, %t74_w1, %t74_a3_1 : vector<16xf32>
            %t74_f3_2 = vector.fma %t74_x3, %t74_w2, %t74_a3_2 : vector<16xf32>
            %t74_f3_3 = vector.fma %t74_x3, %t74_w3, %t74_a3_3 : vector<16xf32>
            scf.yield %t74_f0_0, %t74_f0_1, %t74_f0_2, %t74_f0_3, %t74_f1_0, %t74_f1_1, %t74_f1_2, %t74_f1_3, %t74_f2_0, %t74_f2_1, %t74_f2_2, %t74_f2_3, %t74_f3_0, %t74_f3_1, %t74_f3_2, %t74_f3_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t74_tx0 = vector.maskedload %xv[%t74_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t74_tx1 = vector.maskedload %xv[%t74_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t74_tx2 = vector.maskedload %xv[%t74_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t74_tx3 = vector.maskedload %xv[%t74_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t74_tw0 = vector.maskedload %wv[%t74_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t74_tw1 = vector.maskedload %wv[%t74_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t74_tw2 = vector.maskedload %wv[%t74_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t74_tw3 = vector.maskedload %wv[%t74_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t74_g0_0 = vector.fma %t74_tx0, %t74_tw0, %t74_res#0 : vector<16xf32>
          %t74_s0_0 = vector.reduction <add>, %t74_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s0_0, %out[%t74_r0, %h, %t74_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g0_1 = vector.fma %t74_tx0, %t74_tw1, %t74_res#1 : vector<16xf32>
          %t74_s0_1 = vector.reduction <add>, %t74_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s0_1, %out[%t74_r0, %h, %t74_n1] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g0_2 = vector.fma %t74_tx0, %t74_tw2, %t74_res#2 : vector<16xf32>
          %t74_s0_2 = vector.reduction <add>, %t74_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s0_2, %out[%t74_r0, %h, %t74_n2] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g0_3 = vector.fma %t74_tx0, %t74_tw3, %t74_res#3 : vector<16xf32>
          %t74_s0_3 = vector.reduction <add>, %t74_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s0_3, %out[%t74_r0, %h, %t74_n3] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g1_0 = vector.fma %t74_tx1, %t74_tw0, %t74_res#4 : vector<16xf32>
          %t74_s1_0 = vector.reduction <add>, %t74_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s1_0, %out[%t74_r1, %h, %t74_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g1_1 = vector.fma %t74_tx1, %t74_tw1, %t74_res#5 : vector<16xf32>
          %t74_s1_1 = vector.reduction <add>, %t74_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s1_1, %out[%t74_r1, %h, %t74_n1] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g1_2 = vector.fma %t74_tx1, %t74_tw2, %t74_res#6 : vector<16xf32>
          %t74_s1_2 = vector.reduction <add>, %t74_g1_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s1_2, %out[%t74_r1, %h, %t74_n2] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g1_3 = vector.fma %t74_tx1, %t74_tw3, %t74_res#7 : vector<16xf32>
          %t74_s1_3 = vector.reduction <add>, %t74_g1_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s1_3, %out[%t74_r1, %h, %t74_n3] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g2_0 = vector.fma %t74_tx2, %t74_tw0, %t74_res#8 : vector<16xf32>
          %t74_s2_0 = vector.reduction <add>, %t74_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s2_0, %out[%t74_r2, %h, %t74_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g2_1 = vector.fma %t74_tx2, %t74_tw1, %t74_res#9 : vector<16xf32>
          %t74_s2_1 = vector.reduction <add>, %t74_g2_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s2_1, %out[%t74_r2, %h, %t74_n1] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g2_2 = vector.fma %t74_tx2, %t74_tw2, %t74_res#10 : vector<16xf32>
          %t74_s2_2 = vector.reduction <add>, %t74_g2_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s2_2, %out[%t74_r2, %h, %t74_n2] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g2_3 = vector.fma %t74_tx2, %t74_tw3, %t74_res#11 : vector<16xf32>
          %t74_s2_3 = vector.reduction <add>, %t74_g2_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s2_3, %out[%t74_r2, %h, %t74_n3] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g3_0 = vector.fma %t74_tx3, %t74_tw0, %t74_res#12 : vector<16xf32>
          %t74_s3_0 = vector.reduction <add>, %t74_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s3_0, %out[%t74_r3, %h, %t74_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g3_1 = vector.fma %t74_tx3, %t74_tw1, %t74_res#13 : vector<16xf32>
          %t74_s3_1 = vector.reduction <add>, %t74_g3_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s3_1, %out[%t74_r3, %h, %t74_n1] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g3_2 = vector.fma %t74_tx3, %t74_tw2, %t74_res#14 : vector<16xf32>
          %t74_s3_2 = vector.reduction <add>, %t74_g3_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s3_2, %out[%t74_r3, %h, %t74_n2] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t74_g3_3 = vector.fma %t74_tx3, %t74_tw3, %t74_res#15 : vector<16xf32>
          %t74_s3_3 = vector.reduction <add>, %t74_g3_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t74_s3_3, %out[%t74_r3, %h, %t74_n3] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
        scf.for %b73_n1 = %b73_nf4 to %nhi step %c1 {
          %t75_r0 = arith.addi %b73_m, %c0 : index
          %t75_r1 = arith.addi %b73_m, %c1 : index
          %t75_r2 = arith.addi %b73_m, %c2 : index
          %t75_r3 = arith.addi %b73_m, %c3 : index
          %t75_n0 = arith.addi %b73_n1, %c0 : index
          %t75_res:4 = scf.for %t75_k = %c0 to %Kv step %c16 iter_args(%t75_a0_0 = %vz, %t75_a1_0 = %vz, %t75_a2_0 = %vz, %t75_a3_0 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t75_x0 = vector.load %xv[%t75_r0, %t75_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t75_x1 = vector.load %xv[%t75_r1, %t75_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t75_x2 = vector.load %xv[%t75_r2, %t75_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t75_x3 = vector.load %xv[%t75_r3, %t75_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t75_w0 = vector.load %wv[%t75_n0, %t75_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t75_f0_0 = vector.fma %t75_x0, %t75_w0, %t75_a0_0 : vector<16xf32>
            %t75_f1_0 = vector.fma %t75_x1, %t75_w0, %t75_a1_0 : vector<16xf32>
            %t75_f2_0 = vector.fma %t75_x2, %t75_w0, %t75_a2_0 : vector<16xf32>
            %t75_f3_0 = vector.fma %t75_x3, %t75_w0, %t75_a3_0 : vector<16xf32>
            scf.yield %t75_f0_0, %t75_f1_0, %t75_f2_0, %t75_f3_0 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t75_tx0 = vector.maskedload %xv[%t75_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t75_tx1 = vector.maskedload %xv[%t75_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t75_tx2 = vector.maskedload %xv[%t75_r2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t75_tx3 = vector.maskedload %xv[%t75_r3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t75_tw0 = vector.maskedload %wv[%t75_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t75_g0_0 = vector.fma %t75_tx0, %t75_tw0, %t75_res#0 : vector<16xf32>
          %t75_s0_0 = vector.reduction <add>, %t75_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t75_s0_0, %out[%t75_r0, %h, %t75_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t75_g1_0 = vector.fma %t75_tx1, %t75_tw0, %t75_res#1 : vector<16xf32>
          %t75_s1_0 = vector.reduction <add>, %t75_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t75_s1_0, %out[%t75_r1, %h, %t75_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t75_g2_0 = vector.fma %t75_tx2, %t75_tw0, %t75_res#2 : vector<16xf32>
          %t75_s2_0 = vector.reduction <add>, %t75_g2_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t75_s2_0, %out[%t75_r2, %h, %t75_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t75_g3_0 = vector.fma %t75_tx3, %t75_tw0, %t75_res#3 : vector<16xf32>
          %t75_s3_0 = vector.reduction <add>, %t75_g3_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t75_s3_0, %out[%t75_r3, %h, %t75_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
      }
      scf.for %b73_m1 = %b73_mf to %T step %c1 {
        scf.for %b73_n = %nlo to %b73_nf8 step %c8 {
          %t76_r0 = arith.addi %b73_m1, %c0 : index
          %t76_n0 = arith.addi %b73_n, %c0 : index
          %t76_n1 = arith.addi %b73_n, %c1 : index
          %t76_n2 = arith.addi %b73_n, %c2 : index
          %t76_n3 = arith.addi %b73_n, %c3 : index
          %t76_n4 = arith.addi %b73_n, %c4 : index
          %t76_n5 = arith.addi %b73_n, %c5 : index
          %t76_n6 = arith.addi %b73_n, %c6 : index
          %t76_n7 = arith.addi %b73_n, %c7 : index
          %t76_res:8 = scf.for %t76_k = %c0 to %Kv step %c16 iter_args(%t76_a0_0 = %vz, %t76_a0_1 = %vz, %t76_a0_2 = %vz, %t76_a0_3 = %vz, %t76_a0_4 = %vz, %t76_a0_5 = %vz, %t76_a0_6 = %vz, %t76_a0_7 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t76_x0 = vector.load %xv[%t76_r0, %t76_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t76_w0 = vector.load %wv[%t76_n0, %t76_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t76_w1 = vector.load %wv[%t76_n1, %t76_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t76_w2 = vector.load %wv[%t76_n2, %t76_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t76_w3 = vector.load %wv[%t76_n3, %t76_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t76_w4 = vector.load %wv[%t76_n4, %t76_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t76_w5 = vector.load %wv[%t76_n5, %t76_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t76_w6 = vector.load %wv[%t76_n6, %t76_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t76_w7 = vector.load %wv[%t76_n7, %t76_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t76_f0_0 = vector.fma %t76_x0, %t76_w0, %t76_a0_0 : vector<16xf32>
            %t76_f0_1 = vector.fma %t76_x0, %t76_w1, %t76_a0_1 : vector<16xf32>
            %t76_f0_2 = vector.fma %t76_x0, %t76_w2, %t76_a0_2 : vector<16xf32>
            %t76_f0_3 = vector.fma %t76_x0, %t76_w3, %t76_a0_3 : vector<16xf32>
            %t76_f0_4 = vector.fma %t76_x0, %t76_w4, %t76_a0_4 : vector<16xf32>
            %t76_f0_5 = vector.fma %t76_x0, %t76_w5, %t76_a0_5 : vector<16xf32>
            %t76_f0_6 = vector.fma %t76_x0, %t76_w6, %t76_a0_6 : vector<16xf32>
            %t76_f0_7 = vector.fma %t76_x0, %t76_w7, %t76_a0_7 : vector<16xf32>
            scf.yield %t76_f0_0, %t76_f0_1, %t76_f0_2, %t76_f0_3, %t76_f0_4, %t76_f0_5, %t76_f0_6, %t76_f0_7 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t76_tx0 = vector.maskedload %xv[%t76_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t76_tw0 = vector.maskedload %wv[%t76_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t76_tw1 = vector.maskedload %wv[%t76_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t76_tw2 = vector.maskedload %wv[%t76_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t76_tw3 = vector.maskedload %wv[%t76_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t76_tw4 = vector.maskedload %wv[%t76_n4, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t76_tw5 = vector.maskedload %wv[%t76_n5, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t76_tw6 = vector.maskedload %wv[%t76_n6, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t76_tw7 = vector.maskedload %wv[%t76_n7, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t76_g0_0 = vector.fma %t76_tx0, %t76_tw0, %t76_res#0 : vector<16xf32>
          %t76_s0_0 = vector.reduction <add>, %t76_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t76_s0_0, %out[%t76_r0, %h, %t76_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t76_g0_1 = vector.fma %t76_tx0, %t76_tw1, %t76_res#1 : vector<16xf32>
          %t76_s0_1 = vector.reduction <add>, %t76_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t76_s0_1, %out[%t76_r0, %h, %t76_n1] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t76_g0_2 = vector.fma %t76_tx0, %t76_tw2, %t76_res#2 : vector<16xf32>
          %t76_s0_2 = vector.reduction <add>, %t76_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t76_s0_2, %out[%t76_r0, %h, %t76_n2] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t76_g0_3 = vector.fma %t76_tx0, %t76_tw3, %t76_res#3 : vector<16xf32>
          %t76_s0_3 = vector.reduction <add>, %t76_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t76_s0_3, %out[%t76_r0, %h, %t76_n3] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t76_g0_4 = vector.fma %t76_tx0, %t76_tw4, %t76_res#4 : vector<16xf32>
          %t76_s0_4 = vector.reduction <add>, %t76_g0_4 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t76_s0_4, %out[%t76_r0, %h, %t76_n4] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t76_g0_5 = vector.fma %t76_tx0, %t76_tw5, %t76_res#5 : vector<16xf32>
          %t76_s0_5 = vector.reduction <add>, %t76_g0_5 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t76_s0_5, %out[%t76_r0, %h, %t76_n5] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t76_g0_6 = vector.fma %t76_tx0, %t76_tw6, %t76_res#6 : vector<16xf32>
          %t76_s0_6 = vector.reduction <add>, %t76_g0_6 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t76_s0_6, %out[%t76_r0, %h, %t76_n6] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t76_g0_7 = vector.fma %t76_tx0, %t76_tw7, %t76_res#7 : vector<16xf32>
          %t76_s0_7 = vector.reduction <add>, %t76_g0_7 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t76_s0_7, %out[%t76_r0, %h, %t76_n7] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
        scf.for %b73_n1 = %b73_nf8 to %nhi step %c1 {
          %t77_r0 = arith.addi %b73_m1, %c0 : index
          %t77_n0 = arith.addi %b73_n1, %c0 : index
          %t77_res:1 = scf.for %t77_k = %c0 to %Kv step %c16 iter_args(%t77_a0_0 = %vz) -> (vector<16xf32>) {
            %t77_x0 = vector.load %xv[%t77_r0, %t77_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t77_w0 = vector.load %wv[%t77_n0, %t77_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t77_f0_0 = vector.fma %t77_x0, %t77_w0, %t77_a0_0 : vector<16xf32>
            scf.yield %t77_f0_0 : vector<16xf32>
          }
          %t77_tx0 = vector.maskedload %xv[%t77_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t77_tw0 = vector.maskedload %wv[%t77_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t77_g0_0 = vector.fma %t77_tx0, %t77_tw0, %t77_res#0 : vector<16xf32>
          %t77_s0_0 = vector.reduction <add>, %t77_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t77_s0_0, %out[%t77_r0, %h, %t77_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
      }
    } else {
      scf.for %t = %c0 to %T step %c1 {
        scf.for %n = %nlo to %nhi step %c1 {
          %d = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
            %xs = memref.load %x[%t, %h, %k] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %ws = memref.load %w[%h, %n, %k] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
            %a2 = math.fma %xs, %ws, %a : f32
            scf.yield %a2 : f32
          }
          memref.store %d, %out[%t, %h, %n] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
      }
    }
  }
  return
}
