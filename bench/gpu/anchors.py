#!/usr/bin/env python3
"""Reference figures ("anchors") for the CUDA backend, measured with PyTorch on this GPU.

What is measured (bf16 inputs; the GEMMs accumulate in f32 inside the kernel and write bf16):
  a. grouped GEMM `torch._grouped_mm(x, w, offs=offs)`: x [rows, K] row-major, w [E, K, N] given as the
     transpose of an nn.Linear-style [E, N, K] tensor (column-major B, the layout torch documents for the
     forward pass), offs int32 cumulative row ends [E]. Shapes: DeepSeek-V3 (32 local experts, 16384
     routed rows, gate_up 7168->4096, down 2048->7168) and Qwen3-30B-A3B (128 experts, 65536 rows,
     2048->1536, 768->2048); each "balanced" (equal rows per expert) and "skewed" (rows per expert drawn,
     seed 0, from a multinomial over a Zipf pmf p_i ~ 1/rank^1.2, ranks shuffled; every expert gets >= 1
     row). torch's 2d x 3d grouped GEMM puts no alignment on the group boundaries; --align rounds them.
     TFLOP/s = 2*rows*K*N / time. Balanced cases are also checked against an f32 loop over experts
     (relative error ||out - ref|| / ||ref||).
  b. the naive baseline: a Python loop of per-expert `torch.mm` (bf16) into slices of one output.
  c. device-to-device copy of a 2 GiB tensor; GB/s counts bytes read + bytes written (1 GB = 1e9 B).
  d. dense bf16 `torch.mm` 8192^3 (sanity of the machine).

How: random normal inputs (never zeros); a warm-up of several calls, then per-call CUDA events; the
median is reported. When one input set is smaller than 4x the L2 (50 MB), several sets are made and
rotated so that the timed calls do not read operands still held in L2.

    python3 bench/gpu/anchors.py [--quick] [--json anchors.json]
    python3 bench/gpu/anchors.py --device cpu      # tiny shapes: smoke test of the code paths
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import statistics
import time

import numpy as np
import torch

L2_BYTES = 50 * 1024 * 1024

# (model, E, rows, [(name, K, N), ...])
SHAPES = [
    ("DeepSeek-V3", 32, 16384, [("gate_up", 7168, 4096), ("down", 2048, 7168)]),
    ("Qwen3-30B-A3B", 128, 65536, [("gate_up", 2048, 1536), ("down", 768, 2048)]),
]
TINY_SHAPES = [
    ("tiny-a", 4, 256, [("gate_up", 64, 96), ("down", 48, 64)]),
    ("tiny-b", 8, 512, [("gate_up", 32, 48), ("down", 24, 32)]),
]


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


def bench_ms(fn, nsets, dev, warmup, reps):
    """Median milliseconds of fn(i), i cycling over the nsets input sets."""
    for i in range(warmup):
        fn(i % nsets)
    sync(dev)
    times = []
    for i in range(reps):
        if dev.type == "cuda":
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            fn(i % nsets)
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
        else:
            t0 = time.perf_counter()
            fn(i % nsets)
            times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def num_sets(bytes_per_set):
    return 1 if bytes_per_set >= 4 * L2_BYTES else min(8, math.ceil(4 * L2_BYTES / bytes_per_set))


def split_rows(rows, experts, dist, align):
    """Rows per expert (each a multiple of align, all >= align, summing to rows)."""
    units = rows // align
    assert units * align == rows and units >= experts, "rows must be a multiple of align, >= E*align"
    if dist == "balanced":
        counts = np.full(experts, units // experts)
        counts[: units % experts] += 1
    else:
        rng = np.random.default_rng(0)
        pmf = 1.0 / np.arange(1, experts + 1) ** 1.2
        pmf = rng.permutation(pmf / pmf.sum())
        counts = rng.multinomial(units - experts, pmf) + 1
    return (counts * align).astype(np.int64)


def grouped_case(model, experts, rows, name, K, N, dist, args, dev):
    counts = split_rows(rows, experts, dist, args.align)
    offs = torch.tensor(np.cumsum(counts), dtype=torch.int32, device=dev)
    bounds = [0] + np.cumsum(counts).tolist()
    set_bytes = 2 * (rows * K + experts * N * K)
    nsets = num_sets(set_bytes)
    g = torch.Generator(device=dev).manual_seed(1)
    xs = [torch.randn(rows, K, generator=g, device=dev, dtype=torch.bfloat16) for _ in range(nsets)]
    # nn.Linear layout [E, N, K]; scaled so that outputs stay O(1).
    ws = [(torch.randn(experts, N, K, generator=g, device=dev) / math.sqrt(K)).to(torch.bfloat16)
          for _ in range(nsets)]
    out = torch.empty(rows, N, device=dev, dtype=torch.bfloat16)

    def grouped(i):
        return torch._grouped_mm(xs[i], ws[i].transpose(-2, -1), offs=offs)

    def loop(i):
        x, w = xs[i], ws[i]
        for e in range(experts):
            torch.mm(x[bounds[e]:bounds[e + 1]], w[e].t(), out=out[bounds[e]:bounds[e + 1]])

    flop = 2.0 * rows * K * N
    row = dict(model=model, gemm=name, dist=dist, experts=experts, rows=rows, K=K, N=N,
               rows_min=int(counts.min()), rows_max=int(counts.max()), input_sets=nsets)
    try:
        ms = bench_ms(grouped, nsets, dev, args.warmup, args.reps)
        row.update(grouped_ms=ms, grouped_tflops=flop / ms / 1e9)
    except RuntimeError as e:  # e.g. no grouped GEMM kernel for this device
        row.update(grouped_ms=None, grouped_tflops=None, grouped_error=str(e).splitlines()[0])
    ms = bench_ms(loop, nsets, dev, args.warmup, args.reps)
    row.update(loop_ms=ms, loop_tflops=flop / ms / 1e9)

    if dist == "balanced":  # accuracy of both against an f32 loop over experts
        ref = torch.empty(rows, N, device=dev, dtype=torch.float32)
        for e in range(experts):
            ref[bounds[e]:bounds[e + 1]] = xs[0][bounds[e]:bounds[e + 1]].float() @ ws[0][e].float().t()
        loop(0)
        row["loop_rel_err"] = ((out.float() - ref).norm() / ref.norm()).item()
        if row["grouped_ms"] is not None:
            row["grouped_rel_err"] = ((grouped(0).float() - ref).norm() / ref.norm()).item()
    del xs, ws, out
    return row


def copy_row(args, dev):
    nbytes = (2 << 30) if dev.type == "cuda" else (16 << 20)
    src = torch.randn(nbytes // 4, device=dev)
    dst = torch.empty_like(src)
    ms = bench_ms(lambda i: dst.copy_(src), 1, dev, args.warmup, args.reps)
    assert torch.equal(dst, src)
    return dict(what="d2d copy", bytes=nbytes, ms=ms, gbps=2 * nbytes / ms / 1e6)


def dense_row(args, dev):
    n = 8192 if dev.type == "cuda" else 256
    nsets = num_sets(2 * 2 * n * n)
    g = torch.Generator(device=dev).manual_seed(2)
    a = [torch.randn(n, n, generator=g, device=dev, dtype=torch.bfloat16) for _ in range(nsets)]
    b = [torch.randn(n, n, generator=g, device=dev, dtype=torch.bfloat16) for _ in range(nsets)]
    c = torch.empty(n, n, device=dev, dtype=torch.bfloat16)
    ms = bench_ms(lambda i: torch.mm(a[i], b[i], out=c), nsets, dev, args.warmup, args.reps)
    return dict(what=f"dense bf16 mm {n}^3", n=n, ms=ms, tflops=2.0 * n**3 / ms / 1e9)


def fmt(v, spec):
    return "n/a" if v is None else format(v, spec)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="also write the results as JSON to this path")
    ap.add_argument("--quick", action="store_true", help="fewer warm-up calls and repetitions")
    ap.add_argument("--align", type=int, default=1, help="round rows per expert to a multiple of this")
    ap.add_argument("--device", default="cuda", help=argparse.SUPPRESS)  # cpu: tiny smoke test
    args = ap.parse_args()
    args.warmup, args.reps = (3, 10) if args.quick else (10, 50)
    dev = torch.device(args.device)
    torch.manual_seed(0)
    if hasattr(torch.backends.cuda.matmul, "fp32_precision"):
        torch.backends.cuda.matmul.fp32_precision = "ieee"  # the f32 reference: no TF32
    else:
        torch.backends.cuda.matmul.allow_tf32 = False

    name = torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu"
    head = dict(device=name, torch=torch.__version__, cuda=torch.version.cuda,
                date=datetime.datetime.now().isoformat(timespec="seconds"),
                warmup=args.warmup, reps=args.reps, align=args.align)
    print(f"# CUDA anchors\n\ndevice: {name}  \ntorch: {torch.__version__} (CUDA {torch.version.cuda})  \n"
          f"date: {head['date']}  \ntiming: median of {args.reps} calls after {args.warmup} warm-up calls\n")

    shapes = SHAPES if dev.type == "cuda" else TINY_SHAPES
    grouped = []
    print("| model | GEMM | dist | E | rows | K -> N | rows/expert min..max | grouped_mm ms | TFLOP/s "
          "| per-expert mm ms | TFLOP/s | speedup |")
    print("|---|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|")
    for model, experts, rows, gemms in shapes:
        for gname, K, N in gemms:
            for dist in ("balanced", "skewed"):
                r = grouped_case(model, experts, rows, gname, K, N, dist, args, dev)
                grouped.append(r)
                speed = r["loop_ms"] / r["grouped_ms"] if r["grouped_ms"] else None
                print(f"| {model} | {gname} | {dist} | {experts} | {rows} | {K} -> {N} | "
                      f"{r['rows_min']}..{r['rows_max']} | {fmt(r['grouped_ms'], '.3f')} | "
                      f"{fmt(r['grouped_tflops'], '.1f')} | {r['loop_ms']:.3f} | {r['loop_tflops']:.1f} | "
                      f"{fmt(speed, '.2f')}x |", flush=True)
    print("\nAccuracy vs. an f32 loop over experts (balanced cases), ||out - ref|| / ||ref||:\n")
    for r in grouped:
        if "grouped_error" in r:
            print(f"- {r['model']} {r['gemm']} {r['dist']}: grouped_mm failed: {r['grouped_error']}")
        if r["dist"] == "balanced":
            print(f"- {r['model']} {r['gemm']}: grouped_mm {fmt(r.get('grouped_rel_err'), '.2e')}, "
                  f"per-expert mm {r['loop_rel_err']:.2e}")

    cp, mm = copy_row(args, dev), dense_row(args, dev)
    print("\n| anchor | ms | figure |\n|---|---:|---:|")
    print(f"| {cp['what']} {cp['bytes'] / 2**30:.3g} GiB | {cp['ms']:.3f} | {cp['gbps']:.0f} GB/s (read+write) |")
    print(f"| {mm['what']} | {mm['ms']:.3f} | {mm['tflops']:.1f} TFLOP/s |")

    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(head, grouped_gemm=grouped, copy=cp, dense_mm=mm), f, indent=2)
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
