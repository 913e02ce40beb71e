//===- grouped_matmul_nt_bf16_sm90.mlir - Hopper bf16 grouped GEMM -------===//
//
// The MoE expert GEMM ("nt" layout) for sm_90a, written with TMA, mbarriers
// and wgmma (gpu / nvgpu / nvvm dialects). A target-specific template: it is
// not part of the CPU kernel library (lowering/kernels/*.mlir) and is lowered
// on its own (see README.md in this folder).
//
// Computes, for every expert e and row offsets[e] <= r < offsets[e+1]:
//   Y[r, :] = bf16(X[r, :] . W[e]^T)       (f32 accumulation, RNE to bf16)
//   X bf16 [R, K] row-major, rows sorted by expert
//   W bf16 [E, N, K] row-major (seen by TMA as [E*N, K])
//   offsets i32 [E+1], nondecreasing, offsets[E] <= R; groups may be empty
//   Y bf16 [R, N] row-major; rows outside every group are not written.
// Assumes (the host checks): K % 64 == 0 and K >= 64, N % 128 == 0,
// R < 2^31 and E*N < 2^31 (TMA coordinates are i32), contiguous tensors
// with 16-byte aligned bases.
//
// Tiles: 128 (rows) x 128 (N) x 64 (K), both operands K-major in shared
// memory with the 128-byte swizzle (64 bf16 = one 128-byte row), a ring of
// 4 stages (X box 128x64 + W box 128x64 = 32 KB a stage). Warp roles:
//   threads   0..127  consumer warpgroup 0: tile rows  0..63
//   threads 128..255  consumer warpgroup 1: tile rows 64..127
//                     (4 x wgmma m64n128k16 bf16 per stage, f32
//                     accumulators: 64 registers a thread)
//   thread  256       producer: waits empty[s], arrive.expect_tx full[s]
//                     (32768 bytes), two cp.async.bulk.tensor loads
//   threads 257..287  idle (the rest of warp 8)
// Persistent CTAs walk the flattened tile list t = blockIdx.x, + gridDim.x,
// ...: all tiles of expert 0, then expert 1, ...; within an expert, n-tile
// major and m-tile minor (ceil(rows_e / 128) m-tiles, N / 128 n-tiles). An
// X box starts at row offsets[e] + 128 m: rows past R are zero-filled by
// TMA, rows of the next group are loaded but never stored.
// Epilogue per warpgroup: registers -> bf16 -> a padded shared staging tile
// (128 x 136 bf16) -> 16-byte stores of the rows < offsets[e+1].
//
// Launch (CUDA driver API):
//   grid   (min(#SMs, total tiles), 1, 1); any grid size >= 1 is correct,
//          total tiles = (N / 128) * sum_e ceil((offsets[e+1]-offsets[e]) / 128)
//   block  (288, 1, 1)  (the PTX has .maxntid 288, 1, 1)
//   dynamic shared memory 165888 bytes: 4 x 16384 (X ring) + 4 x 16384
//          (W ring) + 34816 (staging); set cuFuncSetAttribute(f,
//          CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, 165888) first.
//          Static shared memory: 64 bytes of mbarriers, which ptxas pads to
//          1024 so that the dynamic window starts 1024-byte aligned.
//
// Kernel parameters of the lowered .entry, in order (15, each 8 bytes):
//    0 tensor map of X   u64  device pointer to a 128-byte CUtensorMap
//    1 tensor map of W   u64  device pointer to a 128-byte CUtensorMap
//    2 offsets.allocated u64  \
//    3 offsets.aligned   u64   | memref<?xi32>: the i32 [E+1] array;
//    4 offsets.offset    i64   | offset 0, size E+1, stride 1
//    5 offsets.size      i64   |
//    6 offsets.stride    i64  /
//    7 y.allocated       u64  \
//    8 y.aligned         u64   | memref<?x?xbf16>: Y [R, N];
//    9 y.offset          i64   | offset 0, sizes R, N, strides N, 1
//   10 y.size0 = R       i64   |
//   11 y.size1 = N       i64   |
//   12 y.stride0 = N     i64   |
//   13 y.stride1 = 1     i64  /
//   14 K                 i64
// Tensor maps (cuTensorMapEncodeTiled; what upstream MLIR's
// mgpuTensorMapEncodeTiledMemref does, then cuMemAlloc + cuMemcpy of the
// 128 bytes, passing the device pointer): data type BFLOAT16, rank 2,
// globalDim {K, R} for X and {K, E*N} for W, globalStrides {2K} bytes,
// boxDim {64, 128}, elementStrides {1, 1}, interleave NONE, swizzle 128B,
// L2 promotion 256B, OOB fill NONE (zeros). The lowered cp.async.bulk.tensor
// takes the map by its generic address (a param, const or global one).
//
// wgmma matrix descriptor (PTX ISA "Matrix Descriptor Format"), the same
// bits nvgpu.warpgroup.generate.descriptor produces for a 128x64 16-bit tile
// with the 128-byte swizzle: start address >> 4 in bits 0..13, leading byte
// offset 16384 >> 4 = 1024 in bits 16..29 (unused by swizzled K-major
// layouts), stride byte offset 1024 >> 4 = 64 (8 rows of 128 bytes) in bits
// 32..45, base offset 0, swizzle mode 1 (128B) in bits 62..63. B (W) is
// K-major too: layout <col> = imm-trans-b 0. Each k16 slice is +32 bytes.
//
// Lower to PTX: test/lowering/grouped-matmul-nt-bf16-sm90.test has the
// pipeline; bench/gpu/build_cubins.sh builds the cubin.
//
// The repetitive parts (4 wgmma per stage, 32 fragment stores) were written
// out by a throwaway script; the stage count appears in !gg_bar, %cStages
// and the byte offsets %cWRing, %cStagingOff and the shared size.
//
//===----------------------------------------------------------------------===//

!gg_acc = !llvm.struct<(f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32)>
!gg_bar = !nvgpu.mbarrier.group<memorySpace = #gpu.address_space<workgroup>, num_barriers = 4>
!gg_tmap = !nvgpu.tensormap.descriptor<tensor = memref<128x64xbf16, #gpu.address_space<workgroup>>, swizzle = swizzle_128b, l2promo = l2promo_256b, oob = zero, interleave = none>
!gg_tile = memref<128x64xbf16, #gpu.address_space<workgroup>>
!gg_staging = memref<128x136xbf16, #gpu.address_space<workgroup>>
!gg_smem = memref<165888xi8, #gpu.address_space<workgroup>>

gpu.module @grouped_matmul_nt_bf16_sm90 {
  // The dynamic shared memory: an uninitialised external shared array prints
  // as `.extern .shared .align 1024 .b8 grouped_gemm_smem[];`, which is how
  // PTX names the dynamic shared memory window. (gpu.dynamic_shared_memory
  // lowers to an *internal* zero-size global in MLIR 22, which LLVM demotes
  // to a 1-byte static variable or folds away: not usable here.)
  memref.global "public" @grouped_gemm_smem : memref<0xi8, #gpu.address_space<workgroup>> {alignment = 1024 : i64}

  gpu.func @grouped_matmul_nt_bf16_sm90(%tmapXPtr: !llvm.ptr, %tmapWPtr: !llvm.ptr,
      %offsets: memref<?xi32>, %y: memref<?x?xbf16>, %kSize: index) kernel
      attributes {known_block_size = array<i32: 288, 1, 1>} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %c16 = arith.constant 16 : index
    %c24 = arith.constant 24 : index
    %c32 = arith.constant 32 : index
    %c40 = arith.constant 40 : index
    %c48 = arith.constant 48 : index
    %c56 = arith.constant 56 : index
    %c64 = arith.constant 64 : index
    %c72 = arith.constant 72 : index
    %c80 = arith.constant 80 : index
    %c88 = arith.constant 88 : index
    %c96 = arith.constant 96 : index
    %c104 = arith.constant 104 : index
    %c112 = arith.constant 112 : index
    %c120 = arith.constant 120 : index
    %c128 = arith.constant 128 : index
    %c256 = arith.constant 256 : index
    %c8192 = arith.constant 8192 : index
    %c16384 = arith.constant 16384 : index
    %c32768 = arith.constant 32768 : index
    %cStages = arith.constant 4 : index
    %cWRing = arith.constant 65536 : index
    %cStagingOff = arith.constant 131072 : index
    %c2_i64 = arith.constant 2 : i64
    %c4_i64 = arith.constant 4 : i64
    %c6_i64 = arith.constant 6 : i64
    %cAddrMask = arith.constant 16383 : i64
    %cDescHi = arith.constant 4611686293372403712 : i64
    %c128_i32 = arith.constant 128 : i32
    %ticks = arith.constant 10000000 : index
    %true = arith.constant true

    // The tensor maps arrive as generic pointers to 128-byte CUtensorMap
    // objects in global memory; nvgpu's TMA ops take them as typed values
    // (the casts fold away: the lowered TMA ops use the pointer itself).
    %tmapX = builtin.unrealized_conversion_cast %tmapXPtr : !llvm.ptr to !gg_tmap
    %tmapW = builtin.unrealized_conversion_cast %tmapWPtr : !llvm.ptr to !gg_tmap

    %tid = gpu.thread_id x
    %bid = gpu.block_id x
    %numBlocks = gpu.grid_dim x

    // Problem sizes: E = dim(offsets) - 1, N = dim(Y, 1); K is an argument.
    %numOffsets = memref.dim %offsets, %c0 : memref<?xi32>
    %numExperts = arith.subi %numOffsets, %c1 : index
    %nSize = memref.dim %y, %c1 : memref<?x?xbf16>
    %nTiles = arith.divui %nSize, %c128 : index
    %kBlocks = arith.divui %kSize, %c64 : index

    // Dynamic shared memory. Its declaration is 1024-byte aligned (ptxas
    // rounds the static shared memory, the mbarriers, up to 1024 bytes so the
    // dynamic window starts aligned): the 128B-swizzled TMA boxes and the
    // wgmma descriptors (base offset 0) need 1024-byte aligned tiles.
    // Addresses are shared-window addresses, as the descriptors encode them.
    %smemGlobal = memref.get_global @grouped_gemm_smem : memref<0xi8, #gpu.address_space<workgroup>>
    %smem = memref.reinterpret_cast %smemGlobal to offset: [0], sizes: [165888], strides: [1]
        : memref<0xi8, #gpu.address_space<workgroup>> to !gg_smem
    %smemBase = memref.extract_aligned_pointer_as_index %smem : !gg_smem -> index
    %staging = memref.view %smem[%cStagingOff][] : !gg_smem to !gg_staging

    // full[s]: the producer's arrive.expect_tx + the TMA bytes of stage s.
    // empty[s]: one arrive per consumer warpgroup once its wgmma on stage s
    // has completed (so count 2).
    %full = nvgpu.mbarrier.create -> !gg_bar
    %empty = nvgpu.mbarrier.create -> !gg_bar
    %isThread0 = arith.cmpi eq, %tid, %c0 : index
    scf.if %isThread0 {
      scf.for %s = %c0 to %cStages step %c1 {
        nvgpu.mbarrier.init %full[%s], %c1 : !gg_bar
        nvgpu.mbarrier.init %empty[%s], %c2 : !gg_bar
      }
      nvvm.fence.mbarrier.init
    }
    gpu.barrier

    // Roles: threads 0..255 are two consumer warpgroups (rows 0..63 and
    // 64..127 of the tile), thread 256 (warp 8, lane 0) is the TMA producer;
    // lanes 1..31 of warp 8 have nothing to do.
    %isProducer = arith.cmpi eq, %tid, %c256 : index
    %isConsumer = arith.cmpi ult, %tid, %c256 : index
    %wg = arith.divui %tid, %c128 : index
    %tl = arith.remui %tid, %c128 : index
    %isWgLeader = arith.cmpi eq, %tl, %c0 : index
    %warp = arith.divui %tl, %c32 : index
    %lane = arith.remui %tid, %c32 : index
    %wgRow = arith.muli %wg, %c64 : index

    scf.if %isProducer {
      nvgpu.tma.prefetch.descriptor %tmapX : !gg_tmap
      nvgpu.tma.prefetch.descriptor %tmapW : !gg_tmap
    }

    // Persistent loop over the flattened tile list t = bid, bid + grid, ...
    // Tiles of expert e are numbered after those of experts < e; inside an
    // expert, n-tile major, m-tile minor (CTAs running together share a W
    // block). The cursor (expert e, its first tile index) only moves forward.
    // `it` counts the k-blocks this CTA has pushed through the ring so far
    // (producer and consumers walk the same tiles, so they agree on it).
    %done:4 = scf.while (%t = %bid, %e = %c0, %tileBase = %c0, %it = %c0)
        : (index, index, index, index) -> (index, index, index, index) {
      %eCur, %baseCur, %tilesCur = scf.while (%ee = %e, %bb = %tileBase)
          : (index, index) -> (index, index, index) {
        %inRange = arith.cmpi ult, %ee, %numExperts : index
        %tilesE = scf.if %inRange -> (index) {
          %eNext = arith.addi %ee, %c1 : index
          %o0 = memref.load %offsets[%ee] : memref<?xi32>
          %o1 = memref.load %offsets[%eNext] : memref<?xi32>
          %rowsI = arith.subi %o1, %o0 : i32
          %rows = arith.index_cast %rowsI : i32 to index
          %mT = arith.ceildivui %rows, %c128 : index
          %tE = arith.muli %mT, %nTiles : index
          scf.yield %tE : index
        } else {
          scf.yield %c0 : index
        }
        %endE = arith.addi %bb, %tilesE : index
        %past = arith.cmpi uge, %t, %endE : index
        %go = arith.andi %inRange, %past : i1
        scf.condition(%go) %ee, %bb, %tilesE : index, index, index
      } do {
      ^bb0(%ee: index, %bb: index, %tilesE: index):
        %eNext = arith.addi %ee, %c1 : index
        %bNext = arith.addi %bb, %tilesE : index
        scf.yield %eNext, %bNext : index, index
      }
      %hasTile = arith.cmpi ult, %eCur, %numExperts : index
      scf.condition(%hasTile) %t, %eCur, %baseCur, %it : index, index, index, index
    } do {
    ^bb0(%t: index, %e: index, %tileBase: index, %it: index):
      // Tile (e, m-tile, n-tile): X rows [rowStart, rowStart + 128), of which
      // validRows belong to expert e; W rows [e*N + n0, e*N + n0 + 128).
      %eNext = arith.addi %e, %c1 : index
      %rowBeginI = memref.load %offsets[%e] : memref<?xi32>
      %rowEndI = memref.load %offsets[%eNext] : memref<?xi32>
      %rowBegin = arith.index_cast %rowBeginI : i32 to index
      %rowEnd = arith.index_cast %rowEndI : i32 to index
      %rows = arith.subi %rowEnd, %rowBegin : index
      %mTiles = arith.ceildivui %rows, %c128 : index
      %local = arith.subi %t, %tileBase : index
      %nIdx = arith.divui %local, %mTiles : index
      %mIdx = arith.remui %local, %mTiles : index
      %mOff = arith.muli %mIdx, %c128 : index
      %rowStart = arith.addi %rowBegin, %mOff : index
      %n0 = arith.muli %nIdx, %c128 : index
      %rowsLeft = arith.subi %rowEnd, %rowStart : index
      %validRows = arith.minui %rowsLeft, %c128 : index
      %eRow = arith.muli %e, %nSize : index
      %wRow = arith.addi %eRow, %n0 : index

      // ---- Producer: one TMA pair (X 128x64, W 128x64) per k-block. ----
      scf.if %isProducer {
        scf.for %kb = %c0 to %kBlocks step %c1 {
          %g = arith.addi %it, %kb : index
          %s = arith.remui %g, %cStages : index
          %round = arith.divui %g, %cStages : index
          %roundBit = arith.andi %round, %c1 : index
          %odd = arith.cmpi eq, %roundBit, %c1 : index
          // Use `round` of stage s needs the consumers' release of use
          // round-1, i.e. phase round-1 of empty[s] (parity !odd); for round
          // 0 that is the phase "before" the first, which counts as done.
          %emptyParity = arith.xori %odd, %true : i1
          nvgpu.mbarrier.try_wait.parity %empty[%s], %emptyParity, %ticks : !gg_bar
          nvgpu.mbarrier.arrive.expect_tx %full[%s], %c32768 : !gg_bar
          %k0 = arith.muli %kb, %c64 : index
          %sOff = arith.muli %s, %c16384 : index
          %wOff = arith.addi %sOff, %cWRing : index
          %xTile = memref.view %smem[%sOff][] : !gg_smem to !gg_tile
          %wTile = memref.view %smem[%wOff][] : !gg_smem to !gg_tile
          // Coordinates innermost first: (k, row).
          nvgpu.tma.async.load %tmapX[%k0, %rowStart], %full[%s] to %xTile : !gg_tmap, !gg_bar -> !gg_tile
          nvgpu.tma.async.load %tmapW[%k0, %wRow], %full[%s] to %wTile : !gg_tmap, !gg_bar -> !gg_tile
        }
      }

      // ---- Consumers: 64x128 f32 accumulator per warpgroup. ----
      scf.if %isConsumer {
        %zero = llvm.mlir.zero : !gg_acc
        %accOut = scf.for %kb = %c0 to %kBlocks step %c1 iter_args(%acc = %zero) -> (!gg_acc) {
          %g = arith.addi %it, %kb : index
          %s = arith.remui %g, %cStages : index
          %round = arith.divui %g, %cStages : index
          %roundBit = arith.andi %round, %c1 : index
          %odd = arith.cmpi eq, %roundBit, %c1 : index
          nvgpu.mbarrier.try_wait.parity %full[%s], %odd, %ticks : !gg_bar

          // Matrix descriptors (K-major, 128B swizzle): start address of
          // this warpgroup's 64 X rows and of the 128 W rows of stage s.
          %sOff = arith.muli %s, %c16384 : index
          %xStage = arith.addi %smemBase, %sOff : index
          %wgOff = arith.muli %wg, %c8192 : index
          %xAddr = arith.addi %xStage, %wgOff : index
          %wAddr = arith.addi %xStage, %cWRing : index
          %xAddr64 = arith.index_cast %xAddr : index to i64
          %wAddr64 = arith.index_cast %wAddr : index to i64
          %xAddr16 = arith.shrui %xAddr64, %c4_i64 : i64
          %wAddr16 = arith.shrui %wAddr64, %c4_i64 : i64
          %xAddrBits = arith.andi %xAddr16, %cAddrMask : i64
          %wAddrBits = arith.andi %wAddr16, %cAddrMask : i64
          %descA = arith.ori %xAddrBits, %cDescHi : i64
          %descB = arith.ori %wAddrBits, %cDescHi : i64

          // 4 x m64n128k16; the k-th slice starts 32 bytes (encoded +2)
          // further along each 128-byte row.
          nvvm.wgmma.fence.aligned
        %d0 = nvvm.wgmma.mma_async %descA, %descB, %acc, #nvvm.shape<m = 64, n = 128, k = 16>, D[<f32>, <one>, <wrapped>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <col>] : !gg_acc -> !gg_acc
        %descA1 = arith.addi %descA, %c2_i64 : i64
        %descB1 = arith.addi %descB, %c2_i64 : i64
        %d1 = nvvm.wgmma.mma_async %descA1, %descB1, %d0, #nvvm.shape<m = 64, n = 128, k = 16>, D[<f32>, <one>, <wrapped>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <col>] : !gg_acc -> !gg_acc
        %descA2 = arith.addi %descA, %c4_i64 : i64
        %descB2 = arith.addi %descB, %c4_i64 : i64
        %d2 = nvvm.wgmma.mma_async %descA2, %descB2, %d1, #nvvm.shape<m = 64, n = 128, k = 16>, D[<f32>, <one>, <wrapped>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <col>] : !gg_acc -> !gg_acc
        %descA3 = arith.addi %descA, %c6_i64 : i64
        %descB3 = arith.addi %descB, %c6_i64 : i64
        %d3 = nvvm.wgmma.mma_async %descA3, %descB3, %d2, #nvvm.shape<m = 64, n = 128, k = 16>, D[<f32>, <one>, <wrapped>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <col>] : !gg_acc -> !gg_acc
          nvvm.wgmma.commit.group.sync.aligned
          // Keep this k-block's group in flight; the previous one is done,
          // so its stage goes back to the producer.
          nvvm.wgmma.wait.group.sync.aligned 1
          %notFirst = arith.cmpi ugt, %kb, %c0 : index
          %release = arith.andi %notFirst, %isWgLeader : i1
          scf.if %release {
            %gPrev = arith.subi %g, %c1 : index
            %sPrev = arith.remui %gPrev, %cStages : index
            %tok = nvgpu.mbarrier.arrive %empty[%sPrev] : !gg_bar -> !nvgpu.mbarrier.token
          }
          scf.yield %d3 : !gg_acc
        }
        nvvm.wgmma.wait.group.sync.aligned 0
        scf.if %isWgLeader {
          %gEnd = arith.addi %it, %kBlocks : index
          %gLast = arith.subi %gEnd, %c1 : index
          %sLast = arith.remui %gLast, %cStages : index
          %tok = nvgpu.mbarrier.arrive %empty[%sLast] : !gg_bar -> !nvgpu.mbarrier.token
        }

        // ---- Epilogue: registers -> bf16 staging tile -> masked rows of Y.
        // Named barrier 1 + wg over this warpgroup's 128 threads: first so
        // that the previous tile's copy-out has finished reading the staging
        // rows, then so that every fragment is in place before the copy-out.
        %wg1 = arith.addi %wg, %c1 : index
        %barId = arith.index_cast %wg1 : index to i32
        nvvm.barrier id = %barId number_of_threads = %c128_i32
        // Accumulator fragment (PTX ISA "wgmma D matrix fragment", m64nNk16
        // f32): warp w, lane l owns rows 16w + l/4 (+8) and columns
        // 8j + 2(l%4) (+1); registers 4j, 4j+1 (row) and 4j+2, 4j+3 (row + 8).
        %warpRow = arith.muli %warp, %c16 : index
        %laneRow = arith.divui %lane, %c4 : index
        %fragRow0 = arith.addi %wgRow, %warpRow : index
        %fragRow = arith.addi %fragRow0, %laneRow : index
        %fragRow8 = arith.addi %fragRow, %c8 : index
        %laneCol = arith.remui %lane, %c4 : index
        %fragCol = arith.muli %laneCol, %c2 : index
        %col0 = arith.addi %fragCol, %c0 : index
        %col1 = arith.addi %fragCol, %c8 : index
        %col2 = arith.addi %fragCol, %c16 : index
        %col3 = arith.addi %fragCol, %c24 : index
        %col4 = arith.addi %fragCol, %c32 : index
        %col5 = arith.addi %fragCol, %c40 : index
        %col6 = arith.addi %fragCol, %c48 : index
        %col7 = arith.addi %fragCol, %c56 : index
        %col8 = arith.addi %fragCol, %c64 : index
        %col9 = arith.addi %fragCol, %c72 : index
        %col10 = arith.addi %fragCol, %c80 : index
        %col11 = arith.addi %fragCol, %c88 : index
        %col12 = arith.addi %fragCol, %c96 : index
        %col13 = arith.addi %fragCol, %c104 : index
        %col14 = arith.addi %fragCol, %c112 : index
        %col15 = arith.addi %fragCol, %c120 : index
        %f0 = llvm.extractvalue %accOut[0] : !gg_acc
        %f1 = llvm.extractvalue %accOut[1] : !gg_acc
        %v0 = vector.from_elements %f0, %f1 : vector<2xf32>
        %h0 = arith.truncf %v0 : vector<2xf32> to vector<2xbf16>
        vector.store %h0, %staging[%fragRow, %col0] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f2 = llvm.extractvalue %accOut[2] : !gg_acc
        %f3 = llvm.extractvalue %accOut[3] : !gg_acc
        %v2 = vector.from_elements %f2, %f3 : vector<2xf32>
        %h2 = arith.truncf %v2 : vector<2xf32> to vector<2xbf16>
        vector.store %h2, %staging[%fragRow8, %col0] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f4 = llvm.extractvalue %accOut[4] : !gg_acc
        %f5 = llvm.extractvalue %accOut[5] : !gg_acc
        %v4 = vector.from_elements %f4, %f5 : vector<2xf32>
        %h4 = arith.truncf %v4 : vector<2xf32> to vector<2xbf16>
        vector.store %h4, %staging[%fragRow, %col1] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f6 = llvm.extractvalue %accOut[6] : !gg_acc
        %f7 = llvm.extractvalue %accOut[7] : !gg_acc
        %v6 = vector.from_elements %f6, %f7 : vector<2xf32>
        %h6 = arith.truncf %v6 : vector<2xf32> to vector<2xbf16>
        vector.store %h6, %staging[%fragRow8, %col1] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f8 = llvm.extractvalue %accOut[8] : !gg_acc
        %f9 = llvm.extractvalue %accOut[9] : !gg_acc
        %v8 = vector.from_elements %f8, %f9 : vector<2xf32>
        %h8 = arith.truncf %v8 : vector<2xf32> to vector<2xbf16>
        vector.store %h8, %staging[%fragRow, %col2] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f10 = llvm.extractvalue %accOut[10] : !gg_acc
        %f11 = llvm.extractvalue %accOut[11] : !gg_acc
        %v10 = vector.from_elements %f10, %f11 : vector<2xf32>
        %h10 = arith.truncf %v10 : vector<2xf32> to vector<2xbf16>
        vector.store %h10, %staging[%fragRow8, %col2] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f12 = llvm.extractvalue %accOut[12] : !gg_acc
        %f13 = llvm.extractvalue %accOut[13] : !gg_acc
        %v12 = vector.from_elements %f12, %f13 : vector<2xf32>
        %h12 = arith.truncf %v12 : vector<2xf32> to vector<2xbf16>
        vector.store %h12, %staging[%fragRow, %col3] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f14 = llvm.extractvalue %accOut[14] : !gg_acc
        %f15 = llvm.extractvalue %accOut[15] : !gg_acc
        %v14 = vector.from_elements %f14, %f15 : vector<2xf32>
        %h14 = arith.truncf %v14 : vector<2xf32> to vector<2xbf16>
        vector.store %h14, %staging[%fragRow8, %col3] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f16 = llvm.extractvalue %accOut[16] : !gg_acc
        %f17 = llvm.extractvalue %accOut[17] : !gg_acc
        %v16 = vector.from_elements %f16, %f17 : vector<2xf32>
        %h16 = arith.truncf %v16 : vector<2xf32> to vector<2xbf16>
        vector.store %h16, %staging[%fragRow, %col4] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f18 = llvm.extractvalue %accOut[18] : !gg_acc
        %f19 = llvm.extractvalue %accOut[19] : !gg_acc
        %v18 = vector.from_elements %f18, %f19 : vector<2xf32>
        %h18 = arith.truncf %v18 : vector<2xf32> to vector<2xbf16>
        vector.store %h18, %staging[%fragRow8, %col4] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f20 = llvm.extractvalue %accOut[20] : !gg_acc
        %f21 = llvm.extractvalue %accOut[21] : !gg_acc
        %v20 = vector.from_elements %f20, %f21 : vector<2xf32>
        %h20 = arith.truncf %v20 : vector<2xf32> to vector<2xbf16>
        vector.store %h20, %staging[%fragRow, %col5] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f22 = llvm.extractvalue %accOut[22] : !gg_acc
        %f23 = llvm.extractvalue %accOut[23] : !gg_acc
        %v22 = vector.from_elements %f22, %f23 : vector<2xf32>
        %h22 = arith.truncf %v22 : vector<2xf32> to vector<2xbf16>
        vector.store %h22, %staging[%fragRow8, %col5] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f24 = llvm.extractvalue %accOut[24] : !gg_acc
        %f25 = llvm.extractvalue %accOut[25] : !gg_acc
        %v24 = vector.from_elements %f24, %f25 : vector<2xf32>
        %h24 = arith.truncf %v24 : vector<2xf32> to vector<2xbf16>
        vector.store %h24, %staging[%fragRow, %col6] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f26 = llvm.extractvalue %accOut[26] : !gg_acc
        %f27 = llvm.extractvalue %accOut[27] : !gg_acc
        %v26 = vector.from_elements %f26, %f27 : vector<2xf32>
        %h26 = arith.truncf %v26 : vector<2xf32> to vector<2xbf16>
        vector.store %h26, %staging[%fragRow8, %col6] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f28 = llvm.extractvalue %accOut[28] : !gg_acc
        %f29 = llvm.extractvalue %accOut[29] : !gg_acc
        %v28 = vector.from_elements %f28, %f29 : vector<2xf32>
        %h28 = arith.truncf %v28 : vector<2xf32> to vector<2xbf16>
        vector.store %h28, %staging[%fragRow, %col7] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f30 = llvm.extractvalue %accOut[30] : !gg_acc
        %f31 = llvm.extractvalue %accOut[31] : !gg_acc
        %v30 = vector.from_elements %f30, %f31 : vector<2xf32>
        %h30 = arith.truncf %v30 : vector<2xf32> to vector<2xbf16>
        vector.store %h30, %staging[%fragRow8, %col7] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f32 = llvm.extractvalue %accOut[32] : !gg_acc
        %f33 = llvm.extractvalue %accOut[33] : !gg_acc
        %v32 = vector.from_elements %f32, %f33 : vector<2xf32>
        %h32 = arith.truncf %v32 : vector<2xf32> to vector<2xbf16>
        vector.store %h32, %staging[%fragRow, %col8] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f34 = llvm.extractvalue %accOut[34] : !gg_acc
        %f35 = llvm.extractvalue %accOut[35] : !gg_acc
        %v34 = vector.from_elements %f34, %f35 : vector<2xf32>
        %h34 = arith.truncf %v34 : vector<2xf32> to vector<2xbf16>
        vector.store %h34, %staging[%fragRow8, %col8] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f36 = llvm.extractvalue %accOut[36] : !gg_acc
        %f37 = llvm.extractvalue %accOut[37] : !gg_acc
        %v36 = vector.from_elements %f36, %f37 : vector<2xf32>
        %h36 = arith.truncf %v36 : vector<2xf32> to vector<2xbf16>
        vector.store %h36, %staging[%fragRow, %col9] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f38 = llvm.extractvalue %accOut[38] : !gg_acc
        %f39 = llvm.extractvalue %accOut[39] : !gg_acc
        %v38 = vector.from_elements %f38, %f39 : vector<2xf32>
        %h38 = arith.truncf %v38 : vector<2xf32> to vector<2xbf16>
        vector.store %h38, %staging[%fragRow8, %col9] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f40 = llvm.extractvalue %accOut[40] : !gg_acc
        %f41 = llvm.extractvalue %accOut[41] : !gg_acc
        %v40 = vector.from_elements %f40, %f41 : vector<2xf32>
        %h40 = arith.truncf %v40 : vector<2xf32> to vector<2xbf16>
        vector.store %h40, %staging[%fragRow, %col10] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f42 = llvm.extractvalue %accOut[42] : !gg_acc
        %f43 = llvm.extractvalue %accOut[43] : !gg_acc
        %v42 = vector.from_elements %f42, %f43 : vector<2xf32>
        %h42 = arith.truncf %v42 : vector<2xf32> to vector<2xbf16>
        vector.store %h42, %staging[%fragRow8, %col10] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f44 = llvm.extractvalue %accOut[44] : !gg_acc
        %f45 = llvm.extractvalue %accOut[45] : !gg_acc
        %v44 = vector.from_elements %f44, %f45 : vector<2xf32>
        %h44 = arith.truncf %v44 : vector<2xf32> to vector<2xbf16>
        vector.store %h44, %staging[%fragRow, %col11] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f46 = llvm.extractvalue %accOut[46] : !gg_acc
        %f47 = llvm.extractvalue %accOut[47] : !gg_acc
        %v46 = vector.from_elements %f46, %f47 : vector<2xf32>
        %h46 = arith.truncf %v46 : vector<2xf32> to vector<2xbf16>
        vector.store %h46, %staging[%fragRow8, %col11] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f48 = llvm.extractvalue %accOut[48] : !gg_acc
        %f49 = llvm.extractvalue %accOut[49] : !gg_acc
        %v48 = vector.from_elements %f48, %f49 : vector<2xf32>
        %h48 = arith.truncf %v48 : vector<2xf32> to vector<2xbf16>
        vector.store %h48, %staging[%fragRow, %col12] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f50 = llvm.extractvalue %accOut[50] : !gg_acc
        %f51 = llvm.extractvalue %accOut[51] : !gg_acc
        %v50 = vector.from_elements %f50, %f51 : vector<2xf32>
        %h50 = arith.truncf %v50 : vector<2xf32> to vector<2xbf16>
        vector.store %h50, %staging[%fragRow8, %col12] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f52 = llvm.extractvalue %accOut[52] : !gg_acc
        %f53 = llvm.extractvalue %accOut[53] : !gg_acc
        %v52 = vector.from_elements %f52, %f53 : vector<2xf32>
        %h52 = arith.truncf %v52 : vector<2xf32> to vector<2xbf16>
        vector.store %h52, %staging[%fragRow, %col13] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f54 = llvm.extractvalue %accOut[54] : !gg_acc
        %f55 = llvm.extractvalue %accOut[55] : !gg_acc
        %v54 = vector.from_elements %f54, %f55 : vector<2xf32>
        %h54 = arith.truncf %v54 : vector<2xf32> to vector<2xbf16>
        vector.store %h54, %staging[%fragRow8, %col13] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f56 = llvm.extractvalue %accOut[56] : !gg_acc
        %f57 = llvm.extractvalue %accOut[57] : !gg_acc
        %v56 = vector.from_elements %f56, %f57 : vector<2xf32>
        %h56 = arith.truncf %v56 : vector<2xf32> to vector<2xbf16>
        vector.store %h56, %staging[%fragRow, %col14] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f58 = llvm.extractvalue %accOut[58] : !gg_acc
        %f59 = llvm.extractvalue %accOut[59] : !gg_acc
        %v58 = vector.from_elements %f58, %f59 : vector<2xf32>
        %h58 = arith.truncf %v58 : vector<2xf32> to vector<2xbf16>
        vector.store %h58, %staging[%fragRow8, %col14] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f60 = llvm.extractvalue %accOut[60] : !gg_acc
        %f61 = llvm.extractvalue %accOut[61] : !gg_acc
        %v60 = vector.from_elements %f60, %f61 : vector<2xf32>
        %h60 = arith.truncf %v60 : vector<2xf32> to vector<2xbf16>
        vector.store %h60, %staging[%fragRow, %col15] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        %f62 = llvm.extractvalue %accOut[62] : !gg_acc
        %f63 = llvm.extractvalue %accOut[63] : !gg_acc
        %v62 = vector.from_elements %f62, %f63 : vector<2xf32>
        %h62 = arith.truncf %v62 : vector<2xf32> to vector<2xbf16>
        vector.store %h62, %staging[%fragRow8, %col15] {alignment = 4 : i64} : !gg_staging, vector<2xbf16>
        nvvm.barrier id = %barId number_of_threads = %c128_i32
        // Copy-out: 16 threads per 256-byte row, 8 rows per pass, 8 passes
        // over this warpgroup's 64 rows; rows >= validRows are not stored.
        %cpRow = arith.divui %tl, %c16 : index
        %cpChunk = arith.remui %tl, %c16 : index
        %cpCol = arith.muli %cpChunk, %c8 : index
        %yCol = arith.addi %n0, %cpCol : index
        scf.for %p = %c0 to %c8 step %c1 {
          %pRow = arith.muli %p, %c8 : index
          %r0 = arith.addi %pRow, %cpRow : index
          %r = arith.addi %r0, %wgRow : index
          %inGroup = arith.cmpi ult, %r, %validRows : index
          scf.if %inGroup {
            %v = vector.load %staging[%r, %cpCol] {alignment = 16 : i64} : !gg_staging, vector<8xbf16>
            %yRow = arith.addi %rowStart, %r : index
            vector.store %v, %y[%yRow, %yCol] {alignment = 16 : i64} : memref<?x?xbf16>, vector<8xbf16>
          }
        }
      }
      %tNext = arith.addi %t, %numBlocks : index
      %itNext = arith.addi %it, %kBlocks : index
      scf.yield %tNext, %e, %tileBase, %itNext : index, index, index, index
    }
    gpu.return
  }
}
