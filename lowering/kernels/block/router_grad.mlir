// router_grad, CUDA block version: the same arguments and result as
// lowering/kernels/router_grad.mlir (the gradient of the router's weights w.r.t. the logits for
// the given ids: scores a_k recomputed, da_k = dweights[t, k] * scaling, renormalised when
// renorm; softmax: dlogits[t, e] = s_e (ds_e - sum_k a_k da_k) over all E; sigmoid:
// da_k a_k (1 - a_k) at the ids; softmax_topk: a_k (da_k - sum_j a_j da_j) at the ids; 0
// elsewhere; dlogits may alias logits), one 256-thread block per token: the runtime launches
// nwg = T blocks (block b also does tokens b + nwg, ... when fewer).
//
// Each score is a(l) = sigmoid(l), or exp(l - m) / z (the CPU kernel's ops, inlined where
// used) with (m, z) the max and the sum of exponentials over all E logits (softmax: threads
// stride the row, reduced by xor shuffles and over the 8 warps in shared memory, layer_norm's
// two-buffer scheme) or over the K selected logits (softmax_topk: every thread, in slot order).
// Every thread then runs the K-long sums (sum a, sum dw w, sum a da) itself, in the CPU
// kernel's order. After a barrier (all of the row's logits read), each thread writes the
// columns it owns (e = tid, tid + 256, ...): it rereads its own logit, finds its slot among the
// ids, if any, and stores the CPU kernel's expression. Sums over E differ in order from the CPU
// kernel's (f32 rounding).
gpu.module @mxa_block_kernels {
gpu.func @mxg_router_grad(%nwg: index,
    %logits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %ids: memref<?x?xi32, strided<[?, ?], offset: ?>>,
    %dweights: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dlogits: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %scoring: i64,
    %renorm: i64,
    %renorm_eps: f32,
    %scaling: f32)
    workgroup(%partial: memref<16xf32, #gpu.address_space<workgroup>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c256 = arith.constant 256 : index
  %cm1 = arith.constant -1 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
  %i2 = arith.constant 2 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %width = arith.constant 32 : i32
  %o16 = arith.constant 16 : i32
  %o8 = arith.constant 8 : i32
  %o4 = arith.constant 4 : i32
  %o2 = arith.constant 2 : i32
  %o1 = arith.constant 1 : i32
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %lane = arith.remui %tid, %c32 : index
  %warp = arith.divui %tid, %c32 : index
  %warp8 = arith.addi %warp, %c8 : index
  %first = arith.cmpi eq, %lane, %c0 : index
  %T = memref.dim %logits, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %E = memref.dim %logits, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %K = memref.dim %ids, %c1 : memref<?x?xi32, strided<[?, ?], offset: ?>>
  %is_softmax = arith.cmpi eq, %scoring, %i0 : i64
  %is_smtopk = arith.cmpi eq, %scoring, %i2 : i64
  %not_sigmoid = arith.ori %is_softmax, %is_smtopk : i1
  %do_renorm = arith.cmpi ne, %renorm, %i0 : i64
  scf.for %t = %block to %T step %nwg {
    // (m, z) of the scores' normalisation.
    %mz:2 = scf.if %is_softmax -> (f32, f32) {
      %pm = scf.for %e = %tid to %E step %c256 iter_args(%m = %ninf) -> (f32) {
        %l = memref.load %logits[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %m2 = arith.maximumf %m, %l : f32
        scf.yield %m2 : f32
      }
      %mx16, %mv16 = gpu.shuffle xor %pm, %o16, %width : f32
      %mr16 = arith.maximumf %pm, %mx16 : f32
      %mx8, %mv8 = gpu.shuffle xor %mr16, %o8, %width : f32
      %mr8 = arith.maximumf %mr16, %mx8 : f32
      %mx4, %mv4 = gpu.shuffle xor %mr8, %o4, %width : f32
      %mr4 = arith.maximumf %mr8, %mx4 : f32
      %mx2, %mv2 = gpu.shuffle xor %mr4, %o2, %width : f32
      %mr2 = arith.maximumf %mr4, %mx2 : f32
      %mx1, %mv1 = gpu.shuffle xor %mr2, %o1, %width : f32
      %wm = arith.maximumf %mr2, %mx1 : f32
      scf.if %first {
        memref.store %wm, %partial[%warp] : memref<16xf32, #gpu.address_space<workgroup>>
      }
      gpu.barrier
      %mx = scf.for %i = %c0 to %c8 step %c1 iter_args(%m = %ninf) -> (f32) {
        %p = memref.load %partial[%i] : memref<16xf32, #gpu.address_space<workgroup>>
        %m2 = arith.maximumf %m, %p : f32
        scf.yield %m2 : f32
      }
      %ps = scf.for %e = %tid to %E step %c256 iter_args(%a = %f0) -> (f32) {
        %l = memref.load %logits[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %d = arith.subf %l, %mx : f32
        %x = math.exp %d : f32
        %a2 = arith.addf %a, %x : f32
        scf.yield %a2 : f32
      }
      %sx16, %sv16 = gpu.shuffle xor %ps, %o16, %width : f32
      %sr16 = arith.addf %ps, %sx16 : f32
      %sx8, %sv8 = gpu.shuffle xor %sr16, %o8, %width : f32
      %sr8 = arith.addf %sr16, %sx8 : f32
      %sx4, %sv4 = gpu.shuffle xor %sr8, %o4, %width : f32
      %sr4 = arith.addf %sr8, %sx4 : f32
      %sx2, %sv2 = gpu.shuffle xor %sr4, %o2, %width : f32
      %sr2 = arith.addf %sr4, %sx2 : f32
      %sx1, %sv1 = gpu.shuffle xor %sr2, %o1, %width : f32
      %ws = arith.addf %sr2, %sx1 : f32
      scf.if %first {
        memref.store %ws, %partial[%warp8] : memref<16xf32, #gpu.address_space<workgroup>>
      }
      gpu.barrier
      %sum = scf.for %i = %c8 to %c16 step %c1 iter_args(%a = %f0) -> (f32) {
        %p = memref.load %partial[%i] : memref<16xf32, #gpu.address_space<workgroup>>
        %a2 = arith.addf %a, %p : f32
        scf.yield %a2 : f32
      }
      scf.yield %mx, %sum : f32, f32
    } else {
      // softmax_topk over the K selected logits (sigmoid: unused).
      %mk = scf.for %k = %c0 to %K step %c1 iter_args(%m = %ninf) -> (f32) {
        %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %ix = arith.index_cast %i32 : i32 to index
        %l = memref.load %logits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %m2 = arith.maximumf %m, %l : f32
        scf.yield %m2 : f32
      }
      %zk = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
        %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %ix = arith.index_cast %i32 : i32 to index
        %l = memref.load %logits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %d = arith.subf %l, %mk : f32
        %x = math.exp %d : f32
        %a2 = arith.addf %a, %x : f32
        scf.yield %a2 : f32
      }
      scf.yield %mk, %zk : f32, f32
    }
    // The K-long sums, every thread in slot order: sum a, then sum dw (a / den), then sum a da.
    %suma = scf.for %k = %c0 to %K step %c1 iter_args(%acc = %f0) -> (f32) {
      %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
      %ix = arith.index_cast %i32 : i32 to index
      %l = memref.load %logits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %a = scf.if %not_sigmoid -> (f32) {
        %sc1_d = arith.subf %l, %mz#0 : f32
        %sc1_x = math.exp %sc1_d : f32
        %sc1_y = arith.divf %sc1_x, %mz#1 : f32
        scf.yield %sc1_y : f32
      } else {
        %sc1_n = arith.negf %l : f32
        %sc1_e = math.exp %sc1_n : f32
        %sc1_den = arith.addf %f1, %sc1_e : f32
        %sc1_y = arith.divf %f1, %sc1_den : f32
        scf.yield %sc1_y : f32
      }
      %acc2 = arith.addf %acc, %a : f32
      scf.yield %acc2 : f32
    }
    %den = arith.addf %suma, %renorm_eps : f32
    %sdw = scf.for %k = %c0 to %K step %c1 iter_args(%acc = %f0) -> (f32) {
      %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
      %ix = arith.index_cast %i32 : i32 to index
      %l = memref.load %logits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %a = scf.if %not_sigmoid -> (f32) {
        %sc2_d = arith.subf %l, %mz#0 : f32
        %sc2_x = math.exp %sc2_d : f32
        %sc2_y = arith.divf %sc2_x, %mz#1 : f32
        scf.yield %sc2_y : f32
      } else {
        %sc2_n = arith.negf %l : f32
        %sc2_e = math.exp %sc2_n : f32
        %sc2_den = arith.addf %f1, %sc2_e : f32
        %sc2_y = arith.divf %f1, %sc2_den : f32
        scf.yield %sc2_y : f32
      }
      %dwr = memref.load %dweights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %dw = arith.mulf %dwr, %scaling : f32
      %w = arith.divf %a, %den : f32
      %p = arith.mulf %dw, %w : f32
      %acc2 = arith.addf %acc, %p : f32
      scf.yield %acc2 : f32
    }
    %dot = scf.for %k = %c0 to %K step %c1 iter_args(%acc = %f0) -> (f32) {
      %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
      %ix = arith.index_cast %i32 : i32 to index
      %l = memref.load %logits[%t, %ix] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %a = scf.if %not_sigmoid -> (f32) {
        %sc3_d = arith.subf %l, %mz#0 : f32
        %sc3_x = math.exp %sc3_d : f32
        %sc3_y = arith.divf %sc3_x, %mz#1 : f32
        scf.yield %sc3_y : f32
      } else {
        %sc3_n = arith.negf %l : f32
        %sc3_e = math.exp %sc3_n : f32
        %sc3_den = arith.addf %f1, %sc3_e : f32
        %sc3_y = arith.divf %f1, %sc3_den : f32
        scf.yield %sc3_y : f32
      }
      %dwr = memref.load %dweights[%t, %k] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %da5_dw = arith.mulf %dwr, %scaling : f32
      %da = scf.if %do_renorm -> (f32) {
        %da5_q = arith.subf %da5_dw, %sdw : f32
        %da5_q2 = arith.divf %da5_q, %den : f32
        scf.yield %da5_q2 : f32
      } else {
        scf.yield %da5_dw : f32
      }
      %p = arith.mulf %a, %da : f32
      %acc2 = arith.addf %acc, %p : f32
      scf.yield %acc2 : f32
    }
    // Every read of the row is done (dlogits may alias logits; the reduction buffer is free
    // for the next token).
    gpu.barrier
    %ndot = arith.negf %dot : f32
    scf.for %e = %tid to %E step %c256 {
      %l = memref.load %logits[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      // This column's slot among the ids, or -1.
      %kk = scf.for %k = %c0 to %K step %c1 iter_args(%found = %cm1) -> (index) {
        %i32 = memref.load %ids[%t, %k] : memref<?x?xi32, strided<[?, ?], offset: ?>>
        %ix = arith.index_cast %i32 : i32 to index
        %hit = arith.cmpi eq, %ix, %e : index
        %f2 = arith.select %hit, %k, %found : index
        scf.yield %f2 : index
      }
      %selected = arith.cmpi sge, %kk, %c0 : index
      %kc = arith.maxsi %kk, %c0 : index
      %a = scf.if %not_sigmoid -> (f32) {
        %sc4_d = arith.subf %l, %mz#0 : f32
        %sc4_x = math.exp %sc4_d : f32
        %sc4_y = arith.divf %sc4_x, %mz#1 : f32
        scf.yield %sc4_y : f32
      } else {
        %sc4_n = arith.negf %l : f32
        %sc4_e = math.exp %sc4_n : f32
        %sc4_den = arith.addf %f1, %sc4_e : f32
        %sc4_y = arith.divf %f1, %sc4_den : f32
        scf.yield %sc4_y : f32
      }
      %o = scf.if %selected -> (f32) {
        %dwr = memref.load %dweights[%t, %kc] : memref<?x?xf32, strided<[?, ?], offset: ?>>
        %da6_dw = arith.mulf %dwr, %scaling : f32
        %da = scf.if %do_renorm -> (f32) {
          %da6_q = arith.subf %da6_dw, %sdw : f32
          %da6_q2 = arith.divf %da6_q, %den : f32
          scf.yield %da6_q2 : f32
        } else {
          scf.yield %da6_dw : f32
        }
        %q = arith.subf %da, %dot : f32
        %oma = arith.subf %f1, %a : f32
        %qs = arith.mulf %da, %a : f32
        %sg = arith.mulf %qs, %oma : f32
        %sm = arith.mulf %a, %q : f32
        %osel = arith.select %not_sigmoid, %sm, %sg : f32
        scf.yield %osel : f32
      } else {
        %sm = arith.mulf %a, %ndot : f32
        %o0 = arith.select %is_softmax, %sm, %f0 : f32
        scf.yield %o0 : f32
      }
      memref.store %o, %dlogits[%t, %e] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
