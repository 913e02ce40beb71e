// kv_load, CUDA block version: the same arguments and result as lowering/kernels/kv_load.mlir
// (the rows (m_t, positions[t]] of slot slots[t] copied from cache to out, m_t = max(-1,
// max{positions[t'] : t' < t, slots[t'] = slots[t]})), one 256-thread block per token: the
// runtime launches nwg = T blocks (block b also does tokens b + nwg, ... when fewer). Every
// thread scans the earlier tokens for m_t (the same loads in every thread: uniform control
// flow), then the threads stride the rows' H x D values (i = (j - jlo) * H * D + h * D + d).
// Its bf16-storage variant kv_load_cbf16 (moe-kv-cache-to-bf16) is derived from this file.
gpu.module @mxa_block_kernels {
gpu.func @mxg_kv_load(%nwg: index,
    %cache: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>,
    %positions: memref<?xi64, strided<[?], offset: ?>>,
    %slots: memref<?xi64, strided<[?], offset: ?>>,
    %out: memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>)
    kernel attributes {known_block_size = array<i32: 256, 1, 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c256 = arith.constant 256 : index
  %im1 = arith.constant -1 : i64
  %i1 = arith.constant 1 : i64
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %T = memref.dim %positions, %c0 : memref<?xi64, strided<[?], offset: ?>>
  %H = memref.dim %cache, %c2 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %D = memref.dim %cache, %c3 : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %HD = arith.muli %H, %D : index
  scf.for %t = %block to %T step %nwg {
    %p64 = memref.load %positions[%t] : memref<?xi64, strided<[?], offset: ?>>
    %s64 = memref.load %slots[%t] : memref<?xi64, strided<[?], offset: ?>>
    %s = arith.index_cast %s64 : i64 to index
    %m64 = scf.for %tp = %c0 to %t step %c1 iter_args(%m = %im1) -> (i64) {
      %sp = memref.load %slots[%tp] : memref<?xi64, strided<[?], offset: ?>>
      %pp = memref.load %positions[%tp] : memref<?xi64, strided<[?], offset: ?>>
      %same = arith.cmpi eq, %sp, %s64 : i64
      %mx = arith.maxsi %m, %pp : i64
      %m2 = arith.select %same, %mx, %m : i64
      scf.yield %m2 : i64
    }
    %jlo64 = arith.addi %m64, %i1 : i64
    %jhi64 = arith.addi %p64, %i1 : i64
    %jlo = arith.index_cast %jlo64 : i64 to index
    %jhi0 = arith.index_cast %jhi64 : i64 to index
    %jhi = arith.maxsi %jhi0, %jlo : index
    %rows = arith.subi %jhi, %jlo : index
    %n = arith.muli %rows, %HD : index
    scf.for %i = %tid to %n step %c256 {
      %jr = arith.divui %i, %HD : index
      %r = arith.remui %i, %HD : index
      %j = arith.addi %jlo, %jr : index
      %h = arith.divui %r, %D : index
      %d = arith.remui %r, %D : index
      %v = memref.load %cache[%s, %j, %h, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
      memref.store %v, %out[%s, %j, %h, %d] : memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
    }
  }
  gpu.return
}
}
