// Narrow-register version (gen_kernels.py --narrow): 2 x 2 and 1 x 4 register tiles in place of
// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; bitwise the same results.
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
      %b37_ms = arith.subi %T, %c0 : index
      %b37_mr = arith.remui %b37_ms, %c2 : index
      %b37_mf = arith.subi %T, %b37_mr : index
      %b37_ns = arith.subi %nhi, %nlo : index
      %b37_nr4 = arith.remui %b37_ns, %c2 : index
      %b37_nf4 = arith.subi %nhi, %b37_nr4 : index
      %b37_nr8 = arith.remui %b37_ns, %c4 : index
      %b37_nf8 = arith.subi %nhi, %b37_nr8 : index
      scf.for %b37_m = %c0 to %b37_mf step %c2 {
        scf.for %b37_n = %nlo to %b37_nf4 step %c2 {
          %t38_r0 = arith.addi %b37_m, %c0 : index
          %t38_r1 = arith.addi %b37_m, %c1 : index
          %t38_n0 = arith.addi %b37_n, %c0 : index
          %t38_n1 = arith.addi %b37_n, %c1 : index
          %t38_res:4 = scf.for %t38_k = %c0 to %Kv step %c16 iter_args(%t38_a0_0 = %vz, %t38_a0_1 = %vz, %t38_a1_0 = %vz, %t38_a1_1 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t38_x0 = vector.load %xv[%t38_r0, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_x1 = vector.load %xv[%t38_r1, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_w0 = vector.load %wv[%t38_n0, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_w1 = vector.load %wv[%t38_n1, %t38_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t38_f0_0 = vector.fma %t38_x0, %t38_w0, %t38_a0_0 : vector<16xf32>
            %t38_f0_1 = vector.fma %t38_x0, %t38_w1, %t38_a0_1 : vector<16xf32>
            %t38_f1_0 = vector.fma %t38_x1, %t38_w0, %t38_a1_0 : vector<16xf32>
            %t38_f1_1 = vector.fma %t38_x1, %t38_w1, %t38_a1_1 : vector<16xf32>
            scf.yield %t38_f0_0, %t38_f0_1, %t38_f1_0, %t38_f1_1 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t38_tx0 = vector.maskedload %xv[%t38_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tx1 = vector.maskedload %xv[%t38_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tw0 = vector.maskedload %wv[%t38_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_tw1 = vector.maskedload %wv[%t38_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t38_g0_0 = vector.fma %t38_tx0, %t38_tw0, %t38_res#0 : vector<16xf32>
          %t38_s0_0 = vector.reduction <add>, %t38_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t38_s0_0, %out[%t38_r0, %h, %t38_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t38_g0_1 = vector.fma %t38_tx0, %t38_tw1, %t38_res#1 : vector<16xf32>
          %t38_s0_1 = vector.reduction <add>, %t38_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t38_s0_1, %out[%t38_r0, %h, %t38_n1] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t38_g1_0 = vector.fma %t38_tx1, %t38_tw0, %t38_res#2 : vector<16xf32>
          %t38_s1_0 = vector.reduction <add>, %t38_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t38_s1_0, %out[%t38_r1, %h, %t38_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t38_g1_1 = vector.fma %t38_tx1, %t38_tw1, %t38_res#3 : vector<16xf32>
          %t38_s1_1 = vector.reduction <add>, %t38_g1_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t38_s1_1, %out[%t38_r1, %h, %t38_n1] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
        scf.for %b37_n1 = %b37_nf4 to %nhi step %c1 {
          %t39_r0 = arith.addi %b37_m, %c0 : index
          %t39_r1 = arith.addi %b37_m, %c1 : index
          %t39_n0 = arith.addi %b37_n1, %c0 : index
          %t39_res:2 = scf.for %t39_k = %c0 to %Kv step %c16 iter_args(%t39_a0_0 = %vz, %t39_a1_0 = %vz) -> (vector<16xf32>, vector<16xf32>) {
            %t39_x0 = vector.load %xv[%t39_r0, %t39_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t39_x1 = vector.load %xv[%t39_r1, %t39_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t39_w0 = vector.load %wv[%t39_n0, %t39_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t39_f0_0 = vector.fma %t39_x0, %t39_w0, %t39_a0_0 : vector<16xf32>
            %t39_f1_0 = vector.fma %t39_x1, %t39_w0, %t39_a1_0 : vector<16xf32>
            scf.yield %t39_f0_0, %t39_f1_0 : vector<16xf32>, vector<16xf32>
          }
          %t39_tx0 = vector.maskedload %xv[%t39_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t39_tx1 = vector.maskedload %xv[%t39_r1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t39_tw0 = vector.maskedload %wv[%t39_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t39_g0_0 = vector.fma %t39_tx0, %t39_tw0, %t39_res#0 : vector<16xf32>
          %t39_s0_0 = vector.reduction <add>, %t39_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t39_s0_0, %out[%t39_r0, %h, %t39_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t39_g1_0 = vector.fma %t39_tx1, %t39_tw0, %t39_res#1 : vector<16xf32>
          %t39_s1_0 = vector.reduction <add>, %t39_g1_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t39_s1_0, %out[%t39_r1, %h, %t39_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
      }
      scf.for %b37_m1 = %b37_mf to %T step %c1 {
        scf.for %b37_n = %nlo to %b37_nf8 step %c4 {
          %t40_r0 = arith.addi %b37_m1, %c0 : index
          %t40_n0 = arith.addi %b37_n, %c0 : index
          %t40_n1 = arith.addi %b37_n, %c1 : index
          %t40_n2 = arith.addi %b37_n, %c2 : index
          %t40_n3 = arith.addi %b37_n, %c3 : index
          %t40_res:4 = scf.for %t40_k = %c0 to %Kv step %c16 iter_args(%t40_a0_0 = %vz, %t40_a0_1 = %vz, %t40_a0_2 = %vz, %t40_a0_3 = %vz) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
            %t40_x0 = vector.load %xv[%t40_r0, %t40_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t40_w0 = vector.load %wv[%t40_n0, %t40_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t40_w1 = vector.load %wv[%t40_n1, %t40_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t40_w2 = vector.load %wv[%t40_n2, %t40_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t40_w3 = vector.load %wv[%t40_n3, %t40_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t40_f0_0 = vector.fma %t40_x0, %t40_w0, %t40_a0_0 : vector<16xf32>
            %t40_f0_1 = vector.fma %t40_x0, %t40_w1, %t40_a0_1 : vector<16xf32>
            %t40_f0_2 = vector.fma %t40_x0, %t40_w2, %t40_a0_2 : vector<16xf32>
            %t40_f0_3 = vector.fma %t40_x0, %t40_w3, %t40_a0_3 : vector<16xf32>
            scf.yield %t40_f0_0, %t40_f0_1, %t40_f0_2, %t40_f0_3 : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
          }
          %t40_tx0 = vector.maskedload %xv[%t40_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t40_tw0 = vector.maskedload %wv[%t40_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t40_tw1 = vector.maskedload %wv[%t40_n1, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t40_tw2 = vector.maskedload %wv[%t40_n2, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t40_tw3 = vector.maskedload %wv[%t40_n3, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t40_g0_0 = vector.fma %t40_tx0, %t40_tw0, %t40_res#0 : vector<16xf32>
          %t40_s0_0 = vector.reduction <add>, %t40_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t40_s0_0, %out[%t40_r0, %h, %t40_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t40_g0_1 = vector.fma %t40_tx0, %t40_tw1, %t40_res#1 : vector<16xf32>
          %t40_s0_1 = vector.reduction <add>, %t40_g0_1 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t40_s0_1, %out[%t40_r0, %h, %t40_n1] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t40_g0_2 = vector.fma %t40_tx0, %t40_tw2, %t40_res#2 : vector<16xf32>
          %t40_s0_2 = vector.reduction <add>, %t40_g0_2 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t40_s0_2, %out[%t40_r0, %h, %t40_n2] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
          %t40_g0_3 = vector.fma %t40_tx0, %t40_tw3, %t40_res#3 : vector<16xf32>
          %t40_s0_3 = vector.reduction <add>, %t40_g0_3 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t40_s0_3, %out[%t40_r0, %h, %t40_n3] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
        }
        scf.for %b37_n1 = %b37_nf8 to %nhi step %c1 {
          %t41_r0 = arith.addi %b37_m1, %c0 : index
          %t41_n0 = arith.addi %b37_n1, %c0 : index
          %t41_res:1 = scf.for %t41_k = %c0 to %Kv step %c16 iter_args(%t41_a0_0 = %vz) -> (vector<16xf32>) {
            %t41_x0 = vector.load %xv[%t41_r0, %t41_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t41_w0 = vector.load %wv[%t41_n0, %t41_k] : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xf32>
            %t41_f0_0 = vector.fma %t41_x0, %t41_w0, %t41_a0_0 : vector<16xf32>
            scf.yield %t41_f0_0 : vector<16xf32>
          }
          %t41_tx0 = vector.maskedload %xv[%t41_r0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t41_tw0 = vector.maskedload %wv[%t41_n0, %Kv], %kmask, %vz : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<16xi1>, vector<16xf32> into vector<16xf32>
          %t41_g0_0 = vector.fma %t41_tx0, %t41_tw0, %t41_res#0 : vector<16xf32>
          %t41_s0_0 = vector.reduction <add>, %t41_g0_0 fastmath<reassoc, contract> : vector<16xf32> into f32
          memref.store %t41_s0_0, %out[%t41_r0, %h, %t41_n0] : memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>
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
