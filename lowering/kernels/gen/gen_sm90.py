#!/usr/bin/env python3
"""Generates the variants of the Hopper grouped GEMM template (lowering/kernels/gpu/).

lowering/kernels/gpu/grouped_matmul_nt_bf16_sm90.mlir (bf16 rows, bf16 weights, bf16 result; the
benchmark kernel of bench/gpu/grouped_gemm.py) is the reviewed source. This script derives, by
replacements that must each apply exactly once, the sm_90a versions of the two expert kernels of
moe-experts-to-bf16 (lowering/kernels/grouped_*_bf16.mlir):

  grouped_matmul_nt_bf16_f32_sm90.mlir  the down GEMM: f32 result, stored straight from the
                                        accumulator fragments (no staging tile);
  grouped_swiglu_nt_bf16_sm90.mlir      the gate/up GEMMs with SwiGLU in the epilogue: each 128-row
                                        W stage holds 64 gate rows and the same 64 up rows (two TMA
                                        boxes of 64 x 64 from two tensor maps), so a thread's
                                        accumulator holds g (columns 0..63) and u (64..127) of the
                                        same outputs; out[r, n0 + c] = bf16(silu(g) * u), 64
                                        columns per tile.

Both take one more parameter than the source, the weight's rows per expert (so a [E, I, K] half of
a fused [E, 2I, K] gate/up weight works: 2I rows per expert). Edit the source (or this script),
then run `python3 lowering/kernels/gen/gen_sm90.py` (`--out DIR` writes the variants to DIR
instead, for the test that they are up to date).
"""
import os
import sys

GPU = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gpu")
SRC = open(os.path.join(GPU, "grouped_matmul_nt_bf16_sm90.mlir")).read()
OUT = sys.argv[2] if len(sys.argv) == 3 and sys.argv[1] == "--out" else GPU
BODY = SRC[SRC.index("!gg_acc = "):]


def once(text, old, new):
    assert text.count(old) == 1, (old, text.count(old))
    return text.replace(old, new)


def common(text, name):
    """Renames module, function and shared window; adds the rows-per-expert parameter."""
    text = once(text, "gpu.module @grouped_matmul_nt_bf16_sm90 {", f"gpu.module @{name} {{")
    text = once(text, "gpu.func @grouped_matmul_nt_bf16_sm90(", f"gpu.func @{name}(")
    text = text.replace("@grouped_gemm_smem", f"@{name}_smem")
    text = once(text, "%y: memref<?x?xbf16>, %kSize: index) kernel",
                "%y: memref<?x?xYT>, %kSize: index, %wExpertRows: index) kernel")
    text = once(text, "%nSize = memref.dim %y, %c1 : memref<?x?xbf16>",
                "%nSize = memref.dim %y, %c1 : memref<?x?xYT>")
    text = once(text, "%eRow = arith.muli %e, %nSize : index",
                "%eRow = arith.muli %e, %wExpertRows : index")
    return text


EPI_START = "        // ---- Epilogue: registers -> bf16 staging tile -> masked rows of Y.\n"
EPI_END = "      %tNext = arith.addi %t, %numBlocks : index\n"


def replace_epilogue(text, new):
    a = text.index(EPI_START)
    b = text.index(EPI_END)
    # The consumer region's closing brace stays.
    close = "      }\n"
    assert text[b - len(close):b] == close
    return text[:a] + new + text[b - len(close):]


FRAG = """        // Accumulator fragment (PTX ISA "wgmma D matrix fragment", m64nNk16
        // f32): warp w, lane l owns rows 16w + l/4 (+8) and columns
        // 8j + 2(l%4) (+1); registers 4j, 4j+1 (row) and 4j+2, 4j+3 (row + 8).
        %warpRow = arith.muli %warp, %c16 : index
        %laneRow = arith.divui %lane, %c4 : index
        %fragRow0 = arith.addi %wgRow, %warpRow : index
        %fragRow = arith.addi %fragRow0, %laneRow : index
        %fragRow8 = arith.addi %fragRow, %c8 : index
        %laneCol = arith.remui %lane, %c4 : index
        %fragCol = arith.muli %laneCol, %c2 : index
"""


def f32_variant():
    name = "grouped_matmul_nt_bf16_f32_sm90"
    text = common(BODY, name).replace("memref<?x?xYT>", "memref<?x?xf32>")
    epi = """        // ---- Epilogue: each thread stores its f32 fragments (pairs of
        // adjacent columns, 8 bytes) to the rows < validRows of Y.
""" + FRAG + """        %yCol = arith.addi %n0, %fragCol : index
        %yRow0 = arith.addi %rowStart, %fragRow : index
        %yRow8 = arith.addi %rowStart, %fragRow8 : index
        %in0 = arith.cmpi ult, %fragRow, %validRows : index
        %in8 = arith.cmpi ult, %fragRow8, %validRows : index
"""
    for half, (cond, row, regs) in enumerate([("%in0", "%yRow0", (0, 1)), ("%in8", "%yRow8", (2, 3))]):
        epi += f"        scf.if {cond} {{\n"
        for j in range(16):
            a, b = 4 * j + regs[0], 4 * j + regs[1]
            col = "%yCol" if j == 0 else f"%yc{half}_{j}"
            if j:
                epi += f"          {col} = arith.addi %yCol, %c{8 * j} : index\n"
            epi += f"""          %o{a} = llvm.extractvalue %accOut[{a}] : !gg_acc
          %o{b} = llvm.extractvalue %accOut[{b}] : !gg_acc
          %ov{a} = vector.from_elements %o{a}, %o{b} : vector<2xf32>
          vector.store %ov{a}, %y[{row}, {col}] {{alignment = 8 : i64}} : memref<?x?xf32>, vector<2xf32>
"""
        epi += "        }\n"
    text = replace_epilogue(text, epi)
    # The staging tile is not used.
    text = once(text, "    %staging = memref.view %smem[%cStagingOff][] : !gg_smem to !gg_staging\n", "")
    header = f"""//===- {name}.mlir - Hopper bf16 grouped GEMM, f32 result -===//
//
// GENERATED by lowering/kernels/gen/gen_sm90.py from grouped_matmul_nt_bf16_sm90.mlir: edit
// that file or the script, then regenerate.
//
// The sm_90a version of library kernel grouped_matmul_nt_bf16 (moe-experts-to-bf16: the experts'
// down GEMM): for every expert e and row offsets[e] <= r < offsets[e+1],
//   Y[r, :] = X[r, :] . W[e]^T   (bf16 X and W, f32 accumulation and f32 Y)
// The source kernel's tiles, TMA ring, warp roles and persistent tile walk (see its header),
// with two differences:
// - W row of (expert e, column n) = e * wExpertRows + n (the source: e * N + n);
// - the epilogue stores each thread's f32 accumulator fragments straight to Y (8-byte stores of
//   two adjacent columns, rows < offsets[e+1] only): no staging tile (the dynamic shared memory
//   keeps the source's size and layout; its staging part is unused).
// Assumes (the host checks): K % 64 == 0, N % 128 == 0, X and W K-contiguous with 16-byte
// aligned rows, Y rows with unit column stride and 8-byte aligned.
//
// Kernel parameters of the lowered .entry (16): the source's 15 (tensor maps of X and W, the
// offsets memref, the Y memref, now f32, K), then wExpertRows (i64).
// Tensor maps as the source's: X {{K, R}}, W {{K, rows}} with rows = (E - 1) * wExpertRows + N,
// box {{64, 128}}, 128-byte swizzle.
//===----------------------------------------------------------------------===//

"""
    open(os.path.join(OUT, name + ".mlir"), "w").write(header + text)


def swiglu_variant():
    name = "grouped_swiglu_nt_bf16_sm90"
    text = common(BODY, name).replace("memref<?x?xYT>", "memref<?x?xbf16>")
    text = once(text, "!gg_tile = memref<128x64xbf16, #gpu.address_space<workgroup>>\n",
                "!gg_tile = memref<128x64xbf16, #gpu.address_space<workgroup>>\n"
                "!gg_wtmap = !nvgpu.tensormap.descriptor<tensor = memref<64x64xbf16, #gpu.address_space<workgroup>>, swizzle = swizzle_128b, l2promo = l2promo_256b, oob = zero, interleave = none>\n"
                "!gg_wtile = memref<64x64xbf16, #gpu.address_space<workgroup>>\n")
    text = once(text, "gpu.func @grouped_swiglu_nt_bf16_sm90(%tmapXPtr: !llvm.ptr, %tmapWPtr: !llvm.ptr,",
                "gpu.func @grouped_swiglu_nt_bf16_sm90(%tmapXPtr: !llvm.ptr, %tmapWPtr: !llvm.ptr, %tmapUPtr: !llvm.ptr,")
    text = once(text, "%tmapW = builtin.unrealized_conversion_cast %tmapWPtr : !llvm.ptr to !gg_tmap\n",
                "%tmapW = builtin.unrealized_conversion_cast %tmapWPtr : !llvm.ptr to !gg_wtmap\n"
                "    %tmapU = builtin.unrealized_conversion_cast %tmapUPtr : !llvm.ptr to !gg_wtmap\n")
    text = once(text, "      nvgpu.tma.prefetch.descriptor %tmapW : !gg_tmap\n",
                "      nvgpu.tma.prefetch.descriptor %tmapW : !gg_wtmap\n"
                "      nvgpu.tma.prefetch.descriptor %tmapU : !gg_wtmap\n")
    # 64 output columns (64 gate + 64 up W rows) per tile.
    text = once(text, "%nTiles = arith.divui %nSize, %c128 : index", "%nTiles = arith.divui %nSize, %c64 : index")
    text = once(text, "%n0 = arith.muli %nIdx, %c128 : index", "%n0 = arith.muli %nIdx, %c64 : index")
    text = once(text, "          %wTile = memref.view %smem[%wOff][] : !gg_smem to !gg_tile\n",
                "          %uOff = arith.addi %wOff, %c8192 : index\n"
                "          %wTile = memref.view %smem[%wOff][] : !gg_smem to !gg_wtile\n"
                "          %uTile = memref.view %smem[%uOff][] : !gg_smem to !gg_wtile\n")
    text = once(text, "          nvgpu.tma.async.load %tmapW[%k0, %wRow], %full[%s] to %wTile : !gg_tmap, !gg_bar -> !gg_tile\n",
                "          nvgpu.tma.async.load %tmapW[%k0, %wRow], %full[%s] to %wTile : !gg_wtmap, !gg_bar -> !gg_wtile\n"
                "          nvgpu.tma.async.load %tmapU[%k0, %wRow], %full[%s] to %uTile : !gg_wtmap, !gg_bar -> !gg_wtile\n")
    epi = """        // ---- Epilogue: SwiGLU on the registers (column c < 64 of the
        // accumulator is g, column 64 + c is u of the same output), bf16 ->
        // staging tile (the first 64 of its 136 columns) -> masked rows of Y.
        // Named barrier 1 + wg over this warpgroup's 128 threads: first so
        // that the previous tile's copy-out has finished reading the staging
        // rows, then so that every value is in place before the copy-out.
        %wg1 = arith.addi %wg, %c1 : index
        %barId = arith.index_cast %wg1 : index to i32
        nvvm.barrier id = %barId number_of_threads = %c128_i32
        %one = arith.constant 1.0 : f32
        // exp(-g) = 2^(-g log2(e)) by ex2.approx.ftz (what libdevice's
        // __nv_expf does; no libdevice to link).
        %negLog2e = arith.constant -1.44269504 : f32
""" + FRAG
    for j in range(8):
        col = "%fragCol" if j == 0 else f"%sc{j}"
        if j:
            epi += f"        {col} = arith.addi %fragCol, %c{8 * j} : index\n"
        for (row, regs) in [("%fragRow", (0, 1)), ("%fragRow8", (2, 3))]:
            outs = []
            for r in regs:
                gi, ui = 4 * j + r, 4 * (j + 8) + r
                epi += f"""        %g{gi} = llvm.extractvalue %accOut[{gi}] : !gg_acc
        %u{gi} = llvm.extractvalue %accOut[{ui}] : !gg_acc
        %ng{gi} = arith.mulf %g{gi}, %negLog2e : f32
        %ex{gi} = llvm.call_intrinsic "llvm.nvvm.ex2.approx.ftz.f"(%ng{gi}) : (f32) -> f32
        %den{gi} = arith.addf %one, %ex{gi} : f32
        %sg{gi} = arith.divf %g{gi}, %den{gi} : f32
        %a{gi} = arith.mulf %sg{gi}, %u{gi} : f32
"""
                outs.append(f"%a{gi}")
            v = f"%av{4 * j + regs[0]}"
            epi += f"""        {v} = vector.from_elements {outs[0]}, {outs[1]} : vector<2xf32>
        {v}h = arith.truncf {v} : vector<2xf32> to vector<2xbf16>
        vector.store {v}h, %staging[{row}, {col}] {{alignment = 4 : i64}} : !gg_staging, vector<2xbf16>
"""
    epi += """        nvvm.barrier id = %barId number_of_threads = %c128_i32
        // Copy-out: 8 threads per 128-byte row (64 bf16), 16 rows per pass, 4
        // passes over this warpgroup's 64 rows; rows >= validRows are not stored.
        %cpRow = arith.divui %tl, %c8 : index
        %cpChunk = arith.remui %tl, %c8 : index
        %cpCol = arith.muli %cpChunk, %c8 : index
        %yCol = arith.addi %n0, %cpCol : index
        scf.for %p = %c0 to %c4 step %c1 {
          %pRow = arith.muli %p, %c16 : index
          %r0 = arith.addi %pRow, %cpRow : index
          %r = arith.addi %r0, %wgRow : index
          %inGroup = arith.cmpi ult, %r, %validRows : index
          scf.if %inGroup {
            %v = vector.load %staging[%r, %cpCol] {alignment = 16 : i64} : !gg_staging, vector<8xbf16>
            %yRow = arith.addi %rowStart, %r : index
            vector.store %v, %y[%yRow, %yCol] {alignment = 16 : i64} : memref<?x?xbf16>, vector<8xbf16>
          }
        }
"""
    text = replace_epilogue(text, epi)
    header = f"""//===- {name}.mlir - Hopper bf16 grouped gate/up GEMM + SwiGLU -===//
//
// GENERATED by lowering/kernels/gen/gen_sm90.py from grouped_matmul_nt_bf16_sm90.mlir: edit
// that file or the script, then regenerate.
//
// The sm_90a version of library kernel grouped_swiglu_nt_bf16 (moe-experts-to-bf16: the experts'
// gate and up GEMMs with SwiGLU fused): for every expert e, row offsets[e] <= r < offsets[e+1] and
// column i < I,
//   g = X[r] . G[e, i], u = X[r] . U[e, i] (bf16 in, f32 accumulation),
//   Y[r, i] = bf16(silu(g) * u), silu(g) = g / (1 + exp(-g)).
// The source kernel's TMA ring, warp roles and persistent walk (see its header), with tiles of
// 128 rows x 64 outputs: a W stage (128 x 64 bf16, 128-byte swizzle) is filled by two TMA boxes
// of 64 x 64, rows 0..63 from G and rows 64..127 from U (the same W rows e * wExpertRows + n0 ..
// + 63 of each), so the wgmma m64n128k16 accumulator of a thread holds g in its registers
// 4j + r and u in 4(j + 8) + r for j < 8. The epilogue computes SwiGLU in f32 there, rounds to
// bf16 (cvt.rn: nearest even) and stores through the staging tile (64 of its 136 columns);
// exp(-g) is ex2.approx.ftz(-g log2 e) (about 2 ulp; the CPU kernel calls expf).
// Assumes (the host checks): K % 64 == 0, I % 64 == 0, X, G and U K-contiguous with 16-byte
// aligned rows, Y rows 16-byte aligned with unit column stride.
//
// Kernel parameters of the lowered .entry (17): tensor maps of X, G and U (u64 device pointers
// to 128-byte CUtensorMaps), the offsets memref (5), the Y memref [R, I] bf16 (7), K, then
// wExpertRows (i64: G's and U's rows per expert: I, or 2I for the halves of a fused weight).
// Tensor maps: X as the source's ({{K, R}}, box {{64, 128}}); G and U {{K, rows}} with rows =
// (E - 1) * wExpertRows + I, box {{64, 64}}; all BFLOAT16, 128-byte swizzle, OOB fill zeros.
// Launch: grid (any >= 1; #SMs), block 288, dynamic shared memory 165888 bytes, as the source.
//===----------------------------------------------------------------------===//

"""
    open(os.path.join(OUT, name + ".mlir"), "w").write(header + text)


f32_variant()
swiglu_variant()
print("sm90 variants ok")
