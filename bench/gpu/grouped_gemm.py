#!/usr/bin/env python3
"""Checks and times the Hopper grouped GEMM kernel written in MLIR
(lowering/kernels/gpu/grouped_matmul_nt_bf16_sm90.mlir) against torch._grouped_mm.

Kernel: for every expert e and row offsets[e] <= r < offsets[e+1],
Y[r, :] = bf16(X[r, :] . W[e]^T) with X bf16 [R, K], W bf16 [E, N, K], offsets int32 [E+1],
f32 accumulation; rows outside every group are left untouched. Needs K % 64 == 0 and
N % 128 == 0 (checked here). The cubin comes from bench/gpu/build_cubins.sh.

The CUDA driver is called through ctypes (libcuda.so.1): cuModuleLoadData, cuModuleGetFunction,
cuFuncSetAttribute (dynamic shared memory), cuTensorMapEncodeTiled (two 2-D bf16 tensor maps,
box 64 x 128, 128-byte swizzle, copied to device memory; the kernel takes their device
addresses), cuLaunchKernel on torch's current stream. Tensors are torch tensors.

  (a) correctness: small ragged cases (empty groups, 1-row groups, groups not a multiple of 128,
      rows before offsets[0] and after offsets[E], R < 128, several k-blocks around the 4-stage
      ring), each with several grid sizes (1 CTA walking every tile, a few CTAs, one per SM).
      Y is filled with a sentinel first, with guard rows around it: rows outside the groups and
      the guard rows must keep the sentinel bit for bit; rows inside must satisfy
      max|Y - ref| / max|ref| <= 2e-2, ref = per-group f32 matmul of the same bf16 inputs.
  (a') the two variants generated from it by lowering/kernels/gen/gen_sm90.py (the sm_90a
      versions of moe-experts-to-bf16's kernels), from cubins beside --cubin:
      grouped_matmul_nt_bf16_f32_sm90 (f32 Y, max rel err <= 1e-3) and
      grouped_swiglu_nt_bf16_sm90 (Y = bf16(silu(X G^T) * (X U^T)), separate G and U and the two
      halves of one fused [E, 2I, K] weight, <= 2e-2); rows outside the groups untouched.
  (b) timings (unless --check-only): DeepSeek-V3 (E = 32 local experts, 16384 routed rows,
      gate_up K=7168 -> N=4096, down K=2048 -> N=7168) and Qwen3-30B-A3B (E = 128, 65536 rows,
      gate_up K=2048 -> N=1536, down K=768 -> N=2048), each "balanced" (equal rows per expert)
      and "skewed" (bench/gpu/anchors.py's law: rows per expert = 1 + a multinomial draw, seed 0,
      over a Zipf pmf p_i ~ 1/rank^1.2 with the ranks shuffled). CUDA events, warm-up, median of
      --reps (>= 20) calls; TFLOP/s = 2 R K N / time. The same bf16 tensors go to
      torch._grouped_mm(x, w.transpose(-2, -1), offs=int32 cumulative row ends). Both outputs
      are compared with the f32 reference (max|diff| / max|ref|).

    python3 bench/gpu/grouped_gemm.py --cubin .gpu/grouped_matmul_nt_bf16_sm90.cubin
    python3 bench/gpu/grouped_gemm.py --cubin ... --check-only
Exit status: 0 all checks passed; 1 a check failed; 2 a driver call or launch failed (its
CUresult name is printed); 3 the kernel did not finish within --timeout seconds (deadlock).
"""

from __future__ import annotations

import argparse
import ctypes
import math
import os
import statistics
import sys
import time

import numpy as np
import torch

from anchors import split_rows  # the same balanced / skewed rows as the anchors

KERNEL = b"grouped_matmul_nt_bf16_sm90"
BLOCK_THREADS = 288                 # the kernel's .maxntid
DYNAMIC_SMEM = 165888               # 4 x 16 KB X ring + 4 x 16 KB W ring + 34816 staging
TILE_M, TILE_N, TILE_K = 128, 128, 64

# cuda.h enums (CUDA 12/13).
CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8
CU_TENSOR_MAP_DATA_TYPE_BFLOAT16 = 9
CU_TENSOR_MAP_INTERLEAVE_NONE = 0
CU_TENSOR_MAP_SWIZZLE_128B = 3
CU_TENSOR_MAP_L2_PROMOTION_L2_256B = 3
CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE = 0   # out-of-bounds elements read as zeros


class DriverError(Exception):
    pass


class Driver:
    """The few CUDA driver entry points the harness needs, through ctypes."""

    def __init__(self):
        self.lib = ctypes.CDLL("libcuda.so.1")
        c = ctypes
        sig = {
            "cuInit": [c.c_uint],
            "cuGetErrorName": [c.c_int, c.POINTER(c.c_char_p)],
            "cuCtxGetCurrent": [c.POINTER(c.c_void_p)],
            "cuCtxSetCurrent": [c.c_void_p],
            "cuDevicePrimaryCtxRetain": [c.POINTER(c.c_void_p), c.c_int],
            "cuModuleLoadData": [c.POINTER(c.c_void_p), c.c_void_p],
            "cuModuleGetFunction": [c.POINTER(c.c_void_p), c.c_void_p, c.c_char_p],
            "cuFuncSetAttribute": [c.c_void_p, c.c_int, c.c_int],
            "cuTensorMapEncodeTiled": [c.c_void_p, c.c_int, c.c_uint32, c.c_void_p,
                                       c.POINTER(c.c_uint64), c.POINTER(c.c_uint64),
                                       c.POINTER(c.c_uint32), c.POINTER(c.c_uint32),
                                       c.c_int, c.c_int, c.c_int, c.c_int],
            "cuLaunchKernel": [c.c_void_p, c.c_uint, c.c_uint, c.c_uint, c.c_uint, c.c_uint,
                               c.c_uint, c.c_uint, c.c_void_p, c.POINTER(c.c_void_p),
                               c.POINTER(c.c_void_p)],
            "cuCtxSynchronize": [],
        }
        for name, args in sig.items():
            fn = getattr(self.lib, name)
            fn.argtypes, fn.restype = args, c.c_int

    def error_name(self, code):
        s = ctypes.c_char_p()
        if self.lib.cuGetErrorName(code, ctypes.byref(s)) != 0 or not s.value:
            return f"CUresult {code}"
        return s.value.decode()

    def check(self, what, code):
        if code != 0:
            raise DriverError(f"{what} failed: {self.error_name(code)} ({code})")

    def __getattr__(self, name):
        fn = getattr(self.lib, name)
        return lambda *a: self.check(name, fn(*a))


class GroupedGemm:
    """The loaded kernel; call() launches it on torch's current stream."""

    def __init__(self, drv: Driver, cubin_path: str, device: torch.device, kernel=KERNEL):
        self.drv = drv
        torch.zeros(1, device=device)  # torch makes its primary context current
        drv.cuInit(0)
        ctx = ctypes.c_void_p()
        drv.cuCtxGetCurrent(ctypes.byref(ctx))
        if not ctx.value:
            drv.cuDevicePrimaryCtxRetain(ctypes.byref(ctx), device.index or 0)
            drv.cuCtxSetCurrent(ctx)
        self.image = open(cubin_path, "rb").read()
        self.module = ctypes.c_void_p()
        drv.cuModuleLoadData(ctypes.byref(self.module), ctypes.c_char_p(self.image))
        self.func = ctypes.c_void_p()
        drv.cuModuleGetFunction(ctypes.byref(self.func), self.module, kernel)
        drv.cuFuncSetAttribute(self.func, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                               DYNAMIC_SMEM)
        self.device = device
        self.num_sms = torch.cuda.get_device_properties(device).multi_processor_count

    def tensor_map(self, t: torch.Tensor) -> torch.Tensor:
        """A 2-D bf16 tensor map over t [rows, K] (box 64 x 128, 128B swizzle), in device memory.

        This is what upstream MLIR's mgpuTensorMapEncodeTiledMemref does (encode, then cuMemAlloc +
        cuMemcpy the 128 bytes): the kernel gets the device address of the CUtensorMap."""
        rows, k = t.shape
        return self.tensor_map_at(t.data_ptr(), rows, k)

    def tensor_map_at(self, ptr: int, rows: int, k: int, box_rows: int = TILE_M) -> torch.Tensor:
        """tensor_map over the bf16 rows [rows, k] (row stride k) at device address ptr, with
        boxes of 64 x box_rows."""
        raw = ctypes.create_string_buffer(128 + 128)  # CUtensorMap is 128-byte aligned
        addr = (ctypes.addressof(raw) + 127) // 128 * 128
        dims = (ctypes.c_uint64 * 2)(k, rows)
        strides = (ctypes.c_uint64 * 1)(k * 2)
        box = (ctypes.c_uint32 * 2)(TILE_K, box_rows)
        elem = (ctypes.c_uint32 * 2)(1, 1)
        self.drv.cuTensorMapEncodeTiled(
            ctypes.c_void_p(addr), CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, 2,
            ctypes.c_void_p(ptr), dims, strides, box, elem,
            CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
            CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE)
        host = torch.frombuffer(bytearray(ctypes.string_at(addr, 128)), dtype=torch.uint8)
        return host.to(self.device)  # torch allocations are >= 256-byte aligned

    def prepare(self, x, w, offsets, y):
        """Checks the operands and builds the launch (tensor maps, parameter block)."""
        R, K = x.shape
        E, N, Kw = w.shape
        assert x.dtype == w.dtype == y.dtype == torch.bfloat16 and offsets.dtype == torch.int32
        assert Kw == K and y.shape == (R, N) and offsets.shape == (E + 1,)
        assert K % TILE_K == 0 and K >= TILE_K, f"K = {K} must be a positive multiple of 64"
        assert N % TILE_N == 0, f"N = {N} must be a multiple of 128"
        for t in (x, w, y, offsets):
            assert t.is_contiguous() and t.data_ptr() % 16 == 0 and t.device == self.device
        offs_host = offsets.cpu().numpy().astype(np.int64)
        assert offs_host[0] >= 0 and offs_host[-1] <= R and (np.diff(offs_host) >= 0).all()
        # X is read through its tensor map only (rows past R read as zeros). Should the driver
        # refuse a 128-row box over a tensor of fewer rows, map a zero-padded copy instead: rows
        # past R never reach a stored output row.
        try:
            xmap = self.tensor_map(x)
        except DriverError as e:
            if R >= TILE_M:
                raise
            print(f"  note: {e}; R = {R} < 128, using a 128-row padded copy of X")
            x = torch.cat([x, x.new_zeros(TILE_M - R, K)])
            xmap = self.tensor_map(x)
        maps = (xmap, self.tensor_map(w.view(E * N, K)))
        tiles = int(sum(-(-int(b - a) // TILE_M) for a, b in zip(offs_host[:-1], offs_host[1:])))
        tiles *= N // TILE_N
        # The order of the lowered .entry parameters (header of the .mlir file).
        vals = [ctypes.c_uint64(maps[0].data_ptr()), ctypes.c_uint64(maps[1].data_ptr()),
                ctypes.c_uint64(offsets.data_ptr()), ctypes.c_uint64(offsets.data_ptr()),
                ctypes.c_int64(0), ctypes.c_int64(E + 1), ctypes.c_int64(1),
                ctypes.c_uint64(y.data_ptr()), ctypes.c_uint64(y.data_ptr()),
                ctypes.c_int64(0), ctypes.c_int64(R), ctypes.c_int64(N),
                ctypes.c_int64(N), ctypes.c_int64(1), ctypes.c_int64(K)]
        params = (ctypes.c_void_p * len(vals))(*[ctypes.addressof(v) for v in vals])
        # Keep everything the launch points to alive with it.
        return dict(maps=maps, vals=vals, params=params, tiles=tiles, keep=(x, w, offsets, y))

    def launch(self, launch, grid=None):
        grid = grid or max(1, min(self.num_sms, launch["tiles"]))
        stream = torch.cuda.current_stream(self.device).cuda_stream
        self.drv.cuLaunchKernel(self.func, grid, 1, 1, BLOCK_THREADS, 1, 1, DYNAMIC_SMEM,
                                ctypes.c_void_p(stream), launch["params"], None)


def wait(drv, timeout_s):
    """Waits for the current stream; a kernel that never finishes (an mbarrier deadlock) ends
    the process with status 3 instead of hanging the machine."""
    ev = torch.cuda.Event()
    ev.record()
    deadline = time.monotonic() + timeout_s
    while not ev.query():
        if time.monotonic() > deadline:
            print(f"TIMEOUT: the kernel did not finish within {timeout_s} s (deadlock?)",
                  flush=True)
            os._exit(3)
        time.sleep(0.001)
    code = drv.lib.cuCtxSynchronize()
    if code != 0:
        raise DriverError(f"kernel execution failed: {drv.error_name(code)} ({code})")


def reference(x, w, bounds):
    """f32 matmul per group of the bf16 inputs; rows outside the groups are 0."""
    ref = torch.zeros(x.shape[0], w.shape[1], device=x.device, dtype=torch.float32)
    for e in range(w.shape[0]):
        a, b = bounds[e], bounds[e + 1]
        if b > a:
            ref[a:b] = x[a:b].float() @ w[e].float().t()
    return ref


def rel_err(out, ref, rows):
    """max |out - ref| / max |ref| over the given row mask."""
    d = (out.float() - ref)[rows].abs().max().item() if rows.any() else 0.0
    m = ref[rows].abs().max().item() if rows.any() else 0.0
    return d / m if m > 0 else d


SENTINEL = -12345.0  # exactly representable in bf16 (0xC641)
GUARD = 8            # guard rows on each side of Y


def check_case(gg, drv, name, sizes, K, N, lead, tail, grids, timeout):
    """One ragged problem: groups of `sizes` rows, `lead` rows before offsets[0] and `tail`
    rows after offsets[E] that belong to no group."""
    dev = gg.device
    E = len(sizes)
    bounds = [lead] + list(lead + np.cumsum(sizes))
    R = bounds[-1] + tail
    g = torch.Generator(device=dev).manual_seed(len(sizes) * 1000 + K + N)
    x = torch.randn(R, K, generator=g, device=dev).to(torch.bfloat16)
    w = (torch.randn(E, N, K, generator=g, device=dev) / math.sqrt(K)).to(torch.bfloat16)
    offsets = torch.tensor(bounds, dtype=torch.int32, device=dev)
    ref = reference(x, w, bounds)
    inside = torch.zeros(R, dtype=torch.bool, device=dev)
    inside[bounds[0]:bounds[-1]] = True
    ok = True
    for grid in grids:
        full = torch.full((R + 2 * GUARD, N), SENTINEL, device=dev, dtype=torch.bfloat16)
        y = full[GUARD:GUARD + R]
        launch = gg.prepare(x, w, offsets, y)
        gg.launch(launch, grid)
        wait(drv, timeout)
        err = rel_err(y, ref, inside)
        bits = full.view(torch.int16)
        sentinel_bits = torch.tensor(SENTINEL, dtype=torch.bfloat16).view(torch.int16).item()
        outside = torch.ones(R + 2 * GUARD, dtype=torch.bool, device=dev)
        outside[GUARD:GUARD + R] = ~inside
        touched = int((bits[outside] != sentinel_bits).sum().item())
        nonfinite = int((~torch.isfinite(y[inside].float())).sum().item())
        good = err <= 2e-2 and touched == 0 and nonfinite == 0
        ok &= good
        g_str = grid if grid else f"{max(1, min(gg.num_sms, launch['tiles']))} (min(SMs, tiles))"
        print(f"  {'PASS' if good else 'FAIL'} {name}: R={R} K={K} N={N} groups={sizes} "
              f"lead={lead} tail={tail} tiles={launch['tiles']} grid={g_str}: "
              f"max rel err {err:.2e}, elements written outside the groups {touched}, "
              f"non-finite {nonfinite}", flush=True)
    return ok


def run_checks(gg, drv, timeout):
    print("correctness (max|Y - ref| / max|ref| <= 2e-2, rows outside the groups untouched):")
    cases = [
        # name, group sizes, K, N, rows before offsets[0], rows after offsets[E]
        ("empty, 1 row, >128, <128", [0, 1, 130, 127], 128, 256, 0, 0),
        ("lead/tail rows, empty middle", [300, 0, 5], 64, 128, 3, 4),
        ("one full tile, K=576 (9 k-blocks)", [128], 576, 384, 0, 0),
        ("R < 128", [3, 2], 192, 128, 0, 0),
        ("all groups empty", [0, 0], 64, 128, 2, 2),
        ("8 random groups", None, 512, 512, 0, 5),
    ]
    rng = np.random.default_rng(0)
    ok = True
    for name, sizes, K, N, lead, tail in cases:
        if sizes is None:
            sizes = [int(s) if rng.random() > 0.3 else 0 for s in rng.integers(1, 300, 8)]
        ok &= check_case(gg, drv, name, sizes, K, N, lead, tail, [1, 3, None], timeout)
    return ok


def bench_ms(fn, warmup, reps, drv, timeout):
    for _ in range(warmup):
        fn()
    wait(drv, timeout)
    times = []
    for _ in range(reps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        wait(drv, timeout)
        times.append(start.elapsed_time(end))
    return statistics.median(times)


SHAPES = [
    ("DeepSeek-V3", 32, 16384, [("gate_up", 7168, 4096), ("down", 2048, 7168)]),
    ("Qwen3-30B-A3B", 128, 65536, [("gate_up", 2048, 1536), ("down", 768, 2048)]),
]


def run_timings(gg, drv, args):
    dev = gg.device
    rows_out = []
    ok = True
    for model, E, R, gemms in SHAPES:
        for gemm, K, N in gemms:
            for dist in ("balanced", "skewed"):
                counts = split_rows(R, E, dist, 1)  # anchors.py's split, align 1
                bounds = [0] + np.cumsum(counts).tolist()
                g = torch.Generator(device=dev).manual_seed(1)
                x = torch.randn(R, K, generator=g, device=dev, dtype=torch.bfloat16)
                w = (torch.randn(E, N, K, generator=g, device=dev) / math.sqrt(K)).to(torch.bfloat16)
                offsets = torch.tensor(bounds, dtype=torch.int32, device=dev)
                offs_end = offsets[1:].contiguous()          # torch wants the cumulative ends
                y = torch.empty(R, N, device=dev, dtype=torch.bfloat16)
                launch = gg.prepare(x, w, offsets, y)
                wt = w.transpose(-2, -1)                      # [E, K, N], K-contiguous
                ours_ms = bench_ms(lambda: gg.launch(launch), args.warmup, args.reps, drv,
                                   args.timeout)
                try:
                    torch_ms = bench_ms(lambda: torch._grouped_mm(x, wt, offs=offs_end),
                                        args.warmup, args.reps, drv, args.timeout)
                    torch_out = torch._grouped_mm(x, wt, offs=offs_end)
                except RuntimeError as e:  # no grouped GEMM for this device / build
                    torch_ms, torch_out = None, None
                    print(f"  torch._grouped_mm failed: {str(e).splitlines()[0]}")
                gg.launch(launch)
                wait(drv, args.timeout)
                ref = reference(x, w, bounds)
                allrows = torch.ones(R, dtype=torch.bool, device=dev)
                err = rel_err(y, ref, allrows)
                terr = rel_err(torch_out, ref, allrows) if torch_out is not None else None
                flop = 2.0 * R * K * N
                row = dict(shape=f"{model} {gemm} E={E} R={R} K={K} N={N}", dist=dist,
                           rows=f"{counts.min()}..{counts.max()}",
                           ours=flop / ours_ms / 1e9,
                           torch=flop / torch_ms / 1e9 if torch_ms else None,
                           err=err, terr=terr)
                ok &= err <= 2e-2
                rows_out.append(row)
                print(f"  {row['shape']} {dist}: ours {ours_ms:.3f} ms"
                      + (f", _grouped_mm {torch_ms:.3f} ms" if torch_ms else ""), flush=True)
                del x, w, y, ref, torch_out, launch
                torch.cuda.empty_cache()
    return rows_out, ok


def table(rows):
    f = lambda v, s: "-" if v is None else format(v, s)
    lines = ["| shape | layout | rows/expert | ours TFLOP/s | _grouped_mm TFLOP/s | ratio "
             "| max rel err ours | max rel err _grouped_mm |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = r["ours"] / r["torch"] if r["torch"] else None
        lines.append(f"| {r['shape']} | {r['dist']} | {r['rows']} | {f(r['ours'], '.1f')} | "
                     f"{f(r['torch'], '.1f')} | {f(ratio, '.2f')} | {f(r['err'], '.1e')} | "
                     f"{f(r['terr'], '.1e')} |")
    lines.append("skewed: rows per expert = 1 + multinomial(R - E, p), p_i ~ 1/rank^1.2 over "
                 "shuffled ranks, seed 0 (bench/gpu/anchors.py); max rel err = "
                 "max|out - ref| / max|ref|, ref = per-expert f32 matmul of the bf16 inputs.")
    return "\n".join(lines)


# ---- The variants generated by lowering/kernels/gen/gen_sm90.py (moe-experts-to-bf16) ----
def memref_vals(t, rows, cols, row_stride):
    """The 7 words of a 2-D memref descriptor over t's storage."""
    return [ctypes.c_uint64(t.data_ptr()), ctypes.c_uint64(t.data_ptr()), ctypes.c_int64(0),
            ctypes.c_int64(rows), ctypes.c_int64(cols), ctypes.c_int64(row_stride),
            ctypes.c_int64(1)]


def launch_variant(gg, kind, x, w, offsets, y, I=None, fused=False, grid=None):
    """kind "f32": y[R, N] f32 = x w^T per group (w [E, N, K]); kind "swiglu": y[R, I] bf16 =
    silu(x g^T) * (x u^T), with g, u the two [E, I, K] halves of w: w [E, 2I, K] (fused: gate
    rows then up rows of each expert) or w = (g, u) two [E, I, K] tensors."""
    R, K = x.shape
    E = offsets.numel() - 1
    offs = [int(v) for v in offsets.cpu()]
    maps = [gg.tensor_map(x)]
    if kind == "f32":
        N = w.shape[1]
        maps.append(gg.tensor_map(w.view(E * N, K)))
        expert_rows, cols, tile_n = N, N, TILE_N
    else:
        if fused:
            expert_rows = 2 * I
            base, up = w.data_ptr(), w.data_ptr() + I * K * 2
        else:
            expert_rows = I
            base, up = w[0].data_ptr(), w[1].data_ptr()
        rows = (E - 1) * expert_rows + I
        maps += [gg.tensor_map_at(base, rows, K, 64), gg.tensor_map_at(up, rows, K, 64)]
        cols, tile_n = I, 64
    vals = [ctypes.c_uint64(m.data_ptr()) for m in maps]
    vals += [ctypes.c_uint64(offsets.data_ptr()), ctypes.c_uint64(offsets.data_ptr()),
             ctypes.c_int64(0), ctypes.c_int64(E + 1), ctypes.c_int64(1)]
    vals += memref_vals(y, R, cols, y.stride(0))
    vals += [ctypes.c_int64(K), ctypes.c_int64(expert_rows)]
    params = (ctypes.c_void_p * len(vals))(*[ctypes.addressof(v) for v in vals])
    tiles = sum(-(-(b - a) // TILE_M) for a, b in zip(offs[:-1], offs[1:])) * (cols // tile_n)
    launch = dict(maps=maps, vals=vals, params=params, tiles=tiles, keep=(x, w, offsets, y))
    gg.launch(launch, grid)
    return launch


def check_variants(drv, dev, cubin_dir, timeout):
    """The f32-result and SwiGLU variants against PyTorch (f32 products of the bf16 operands):
    max rel err <= 1e-3 (f32 result) / 2e-2 (bf16 result), rows outside the groups untouched."""
    ok = True
    for kind, name in (("f32", b"grouped_matmul_nt_bf16_f32_sm90"),
                       ("swiglu", b"grouped_swiglu_nt_bf16_sm90")):
        path = os.path.join(cubin_dir, name.decode() + ".cubin")
        if not os.path.exists(path):
            print(f"  FAIL {name.decode()}: {path} not found (bench/gpu/build_cubins.sh)")
            ok = False
            continue
        gg = GroupedGemm(drv, path, dev, name)
        cases = [([0, 1, 130, 127], 128, 256, False, 2), ([300, 0, 5], 64, 128, False, 3),
                 ([3, 200], 192, 128, True, 0)]
        for sizes, K, N, fused, lead in cases:
            if kind == "f32" and fused:
                continue
            E = len(sizes)
            bounds = [lead] + [lead + int(v) for v in np.cumsum(sizes)]
            R = bounds[-1] + 2
            g = torch.Generator(device=dev).manual_seed(E * 100 + K)
            x = torch.randn(R, K, generator=g, device=dev).to(torch.bfloat16)
            offsets = torch.tensor(bounds, dtype=torch.int32, device=dev)
            inside = torch.zeros(R, dtype=torch.bool, device=dev)
            inside[bounds[0]:bounds[-1]] = True
            mk = lambda n: (torch.randn(E, n, K, generator=g, device=dev) / math.sqrt(K)).to(torch.bfloat16)
            if kind == "f32":
                w = mk(N)
                ref = reference(x, w, bounds)
                y = torch.full((R, N), SENTINEL, device=dev)
                tol = 1e-3
                launch = launch_variant(gg, kind, x, w, offsets, y)
            else:
                I = N // 2
                if fused:
                    w = mk(2 * I)
                    gw, uw = w[:, :I], w[:, I:]
                else:
                    gw, uw = mk(I), mk(I)
                    w = (gw, uw)
                gref, uref = reference(x, gw, bounds), reference(x, uw, bounds)
                ref = torch.nn.functional.silu(gref) * uref
                y = torch.full((R, I), SENTINEL, device=dev, dtype=torch.bfloat16)
                tol = 2e-2
                launch = launch_variant(gg, kind, x, w, offsets, y, I=I, fused=fused)
            wait(drv, timeout)
            err = rel_err(y, ref, inside)
            touched = int((y[~inside].float() != SENTINEL).sum().item())
            good = err <= tol and touched == 0
            ok &= good
            print(f"  {'PASS' if good else 'FAIL'} {name.decode()}: R={R} K={K} N={N} "
                  f"groups={sizes} fused={fused} tiles={launch['tiles']}: max rel err {err:.2e}"
                  f" (tol {tol:g}), elements written outside the groups {touched}", flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cubin", required=True, help="grouped_matmul_nt_bf16_sm90.cubin")
    ap.add_argument("--check-only", action="store_true", help="correctness cases only")
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds before a kernel that has not finished counts as hung")
    ap.add_argument("--out", help="also write the timing table (markdown) here")
    args = ap.parse_args()
    args.reps = max(args.reps, 20)

    if not torch.cuda.is_available():
        print("grouped_gemm.py: no CUDA device")
        return 2
    dev = torch.device("cuda", torch.cuda.current_device())
    cap = torch.cuda.get_device_capability(dev)
    if cap != (9, 0):
        print(f"grouped_gemm.py: the kernel is sm_90a; this device is sm_{cap[0]}{cap[1]}")
        return 2
    print(f"device: {torch.cuda.get_device_name(dev)}, torch {torch.__version__}")
    drv = Driver()
    try:
        gg = GroupedGemm(drv, args.cubin, dev)
        ok = run_checks(gg, drv, args.timeout)
        print("generated variants (lowering/kernels/gen/gen_sm90.py):")
        ok &= check_variants(drv, dev, os.path.dirname(os.path.abspath(args.cubin)), args.timeout)
        print("correctness:", "PASS" if ok else "FAIL", flush=True)
        if ok and not args.check_only:
            print("timings (median of %d, %d warm-up):" % (args.reps, args.warmup))
            rows, tok = run_timings(gg, drv, args)
            ok &= tok
            text = table(rows)
            print(text)
            if args.out:
                with open(args.out, "w") as f:
                    f.write(text + "\n")
    except DriverError as e:
        print(f"grouped_gemm.py: {e}", flush=True)
        return 2
    except RuntimeError as e:  # a sticky CUDA error (e.g. an illegal address) seen by torch
        print(f"grouped_gemm.py: CUDA error: {str(e).splitlines()[0]}", flush=True)
        return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
