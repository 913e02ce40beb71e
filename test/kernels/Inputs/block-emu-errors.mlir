// Block kernels with the bugs the block emulator (tools/cuda-emu/BlockEmu.h) must report;
// test/kernels/block-emu-errors.test. Each takes (%nwg, %out) and runs as one block.
gpu.module @mxa_kernels {
  // Correct: thread 0 writes, a barrier, every thread reads.
  gpu.func @mxg_ok(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      workgroup(%sh: memref<1xf32, #gpu.address_space<workgroup>>)
      kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %one = arith.constant 1.0 : f32
    %tid = gpu.thread_id x
    %first = arith.cmpi eq, %tid, %c0 : index
    scf.if %first {
      memref.store %one, %sh[%c0] : memref<1xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %v = memref.load %sh[%c0] : memref<1xf32, #gpu.address_space<workgroup>>
    memref.store %v, %out[%tid] : memref<?xf32, strided<[?], offset: ?>>
    gpu.return
  }
  // The same without the barrier: thread 32 (another warp) reads what thread 0 wrote.
  gpu.func @mxg_race(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      workgroup(%sh: memref<1xf32, #gpu.address_space<workgroup>>)
      kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %c32 = arith.constant 32 : index
    %one = arith.constant 1.0 : f32
    %tid = gpu.thread_id x
    %first = arith.cmpi eq, %tid, %c0 : index
    scf.if %first {
      memref.store %one, %sh[%c0] : memref<1xf32, #gpu.address_space<workgroup>>
    }
    %other = arith.cmpi eq, %tid, %c32 : index
    scf.if %other {
      %v = memref.load %sh[%c0] : memref<1xf32, #gpu.address_space<workgroup>>
      memref.store %v, %out[%tid] : memref<?xf32, strided<[?], offset: ?>>
    }
    gpu.return
  }
  // Within one warp a shuffle orders the accesses: lane 0 writes, a shuffle, lane 1 reads.
  gpu.func @mxg_warp_ok(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      workgroup(%sh: memref<1xf32, #gpu.address_space<workgroup>>)
      kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %one = arith.constant 1.0 : f32
    %o1 = arith.constant 1 : i32
    %w = arith.constant 32 : i32
    %tid = gpu.thread_id x
    %first = arith.cmpi eq, %tid, %c0 : index
    scf.if %first {
      memref.store %one, %sh[%c0] : memref<1xf32, #gpu.address_space<workgroup>>
    }
    %s, %ok = gpu.shuffle xor %one, %o1, %w : f32
    %second = arith.cmpi eq, %tid, %c1 : index
    scf.if %second {
      %v = memref.load %sh[%c0] : memref<1xf32, #gpu.address_space<workgroup>>
      memref.store %v, %out[%tid] : memref<?xf32, strided<[?], offset: ?>>
    }
    gpu.return
  }
  // Two threads write one element in the same barrier interval.
  gpu.func @mxg_write_write(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      workgroup(%sh: memref<1xf32, #gpu.address_space<workgroup>>)
      kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %one = arith.constant 1.0 : f32
    memref.store %one, %sh[%c0] : memref<1xf32, #gpu.address_space<workgroup>>
    gpu.return
  }
  // A read of shared memory nobody wrote in this block.
  gpu.func @mxg_uninitialized(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      workgroup(%sh: memref<2xf32, #gpu.address_space<workgroup>>)
      kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %one = arith.constant 1.0 : f32
    %tid = gpu.thread_id x
    %first = arith.cmpi eq, %tid, %c0 : index
    scf.if %first {
      memref.store %one, %sh[%c0] : memref<2xf32, #gpu.address_space<workgroup>>
    }
    gpu.barrier
    %v = memref.load %sh[%c1] : memref<2xf32, #gpu.address_space<workgroup>>
    memref.store %v, %out[%tid] : memref<?xf32, strided<[?], offset: ?>>
    gpu.return
  }
  // A barrier only half the block reaches.
  gpu.func @mxg_divergent_barrier(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c32 = arith.constant 32 : index
    %tid = gpu.thread_id x
    %low = arith.cmpi ult, %tid, %c32 : index
    scf.if %low {
      gpu.barrier
    }
    gpu.return
  }
  // A shuffle only half a warp reaches.
  gpu.func @mxg_divergent_shuffle(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
    %c16 = arith.constant 16 : index
    %one = arith.constant 1.0 : f32
    %o1 = arith.constant 1 : i32
    %w = arith.constant 32 : i32
    %tid = gpu.thread_id x
    %low = arith.cmpi ult, %tid, %c16 : index
    scf.if %low {
      %s, %ok = gpu.shuffle xor %one, %o1, %w : f32
      memref.store %s, %out[%tid] : memref<?xf32, strided<[?], offset: ?>>
    }
    gpu.return
  }
  // An access past the end of a buffer (out has 1024 elements).
  gpu.func @mxg_out_of_bounds(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
    %c1024 = arith.constant 1024 : index
    %one = arith.constant 1.0 : f32
    %tid = gpu.thread_id x
    %i = arith.addi %tid, %c1024 : index
    memref.store %one, %out[%i] : memref<?xf32, strided<[?], offset: ?>>
    gpu.return
  }
  // Every block's thread 0 writes out[0]: two blocks of one launch write one element.
  gpu.func @mxg_blocks_write(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
    %c0 = arith.constant 0 : index
    %one = arith.constant 1.0 : f32
    %tid = gpu.thread_id x
    %first = arith.cmpi eq, %tid, %c0 : index
    scf.if %first {
      memref.store %one, %out[%c0] : memref<?xf32, strided<[?], offset: ?>>
    }
    gpu.return
  }
  // Thread t writes out[t / 2]: two threads of a block write one element.
  gpu.func @mxg_threads_write(%nwg: index, %out: memref<?xf32, strided<[?], offset: ?>>)
      kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
    %c2 = arith.constant 2 : index
    %one = arith.constant 1.0 : f32
    %tid = gpu.thread_id x
    %i = arith.divui %tid, %c2 : index
    memref.store %one, %out[%i] : memref<?xf32, strided<[?], offset: ?>>
    gpu.return
  }
}
