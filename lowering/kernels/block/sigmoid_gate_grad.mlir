// sigmoid_gate_grad, CUDA block version: the same arguments and result as
// lowering/kernels/sigmoid_gate_grad.mlir (s = sigmoid(gate[t, 0]); dgate[t, 0] = s (1 - s)
// sum_h dout[t, h] y[t, h]; dy[t, :] = s dout[t, :]; dy may alias dout), one 256-thread block per
// token: the runtime launches nwg = T blocks (block b also does tokens b + nwg, ... when fewer).
// Threads stride the row; the sum is reduced by xor shuffles within each warp and over the 8 warps
// through shared memory (rms_norm's reduction), thread 0 stores dgate, and each thread writes the
// dy of the elements it read (so dy may alias dout), s computed as the CPU kernel does. Only the
// sum's order differs from the CPU kernel's; dy is bitwise its.
gpu.module @mxa_block_kernels {
gpu.func @mxg_sigmoid_gate_grad(%nwg: index,
    %y: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %gate: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dout: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dy: memref<?x?xf32, strided<[?, ?], offset: ?>>,
    %dgate: memref<?x?xf32, strided<[?, ?], offset: ?>>)
    workgroup(%partial: memref<8xf32, #gpu.address_space<workgroup>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %c256 = arith.constant 256 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
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
  %first = arith.cmpi eq, %lane, %c0 : index
  %thread0 = arith.cmpi eq, %tid, %c0 : index
  %T = memref.dim %y, %c0 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  %H = memref.dim %y, %c1 : memref<?x?xf32, strided<[?, ?], offset: ?>>
  scf.for %t = %block to %T step %nwg {
    %gv = memref.load %gate[%t, %c0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    %s_n = arith.negf %gv : f32
    %s_e = math.exp %s_n : f32
    %s_den = arith.addf %f1, %s_e : f32
    %s = arith.divf %f1, %s_den : f32
    %part = scf.for %h = %tid to %H step %c256 iter_args(%a = %f0) -> (f32) {
      %d = memref.load %dout[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %v = memref.load %y[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %a2 = math.fma %d, %v, %a : f32
      scf.yield %a2 : f32
    }
    %s16, %v16 = gpu.shuffle xor %part, %o16, %width : f32
    %r16 = arith.addf %part, %s16 : f32
    %s8, %v8 = gpu.shuffle xor %r16, %o8, %width : f32
    %r8 = arith.addf %r16, %s8 : f32
    %s4, %v4 = gpu.shuffle xor %r8, %o4, %width : f32
    %r4 = arith.addf %r8, %s4 : f32
    %s2, %v2 = gpu.shuffle xor %r4, %o2, %width : f32
    %r2 = arith.addf %r4, %s2 : f32
    %s1, %v1 = gpu.shuffle xor %r2, %o1, %width : f32
    %warpSum = arith.addf %r2, %s1 : f32
    scf.if %first {
      memref.store %warpSum, %partial[%warp] : memref<8xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %sum = scf.for %i = %c0 to %c8 step %c1 iter_args(%a = %f0) -> (f32) {
      %p = memref.load %partial[%i] : memref<8xf32, #gpu.address_space<workgroup>>
      %a2 = arith.addf %a, %p : f32
      scf.yield %a2 : f32
    }
    scf.if %thread0 {
      %oms = arith.subf %f1, %s : f32
      %ss = arith.mulf %s, %oms : f32
      %dg = arith.mulf %ss, %sum : f32
      memref.store %dg, %dgate[%t, %c0] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
    scf.for %h = %tid to %H step %c256 {
      %d = memref.load %dout[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
      %o = arith.mulf %s, %d : f32
      memref.store %o, %dy[%t, %h] : memref<?x?xf32, strided<[?, ?], offset: ?>>
    }
    // The partial sums are rewritten by the next token.
    gpu.barrier
  }
  gpu.return
}
}
