#!/usr/bin/env python3
"""The CUDA block kernels (lowering/kernels/block/) alone on the GPU: correctness and decode GB/s.

Checks every block kernel against PyTorch (grouped_matmul_nt, attention, rms_norm, swiglu, add,
embedding, combine, gather_rows, kv_store, copy, layer_norm, rope, sigmoid_gate, clamp,
temperature_scale), tolerance 1e-5 of max |reference| (1e-6 for sigmoid_gate, clamp and
temperature_scale, which do the CPU kernel's arithmetic per element); then times the two that
matter for decode.

Loads the cubins bench/gpu/prepare.sh makes of lowering/kernels/block/*.mlir (one per kernel,
`--cubins DIR`), launches them through the CUDA driver (ctypes on libcuda.so.1, on PyTorch's
current stream) with arguments laid out as the runtime lays them out (runtime/exec/Model.cpp:
`nwg`, then each memref expanded to allocated, aligned, offset, sizes, strides; each scalar an
i64 or f32), and compares with PyTorch in f32 (TF32 off). Then the decode figures the issue asks
for, against a device-to-device copy measured in the same run:

  moe decode:  grouped_matmul_nt at 1, 16, 128 tokens (top-k routed uniformly at random, seed 0),
               gate_up and down of DeepSeek-V3 (256 experts, 7168 -> 2 x 2048, 2048 -> 7168) and
               Qwen3-30B-A3B (128 experts, 2048 -> 2 x 768, 768 -> 2048); GB/s = bytes touched
               (the weights of the experts hit, the rows in and out) / time.
  attention:   decode (one query per sequence at position ctx - 1), batch 32, contexts 4096 and
               32768: GQA as Qwen3-30B-A3B (32 heads, 4 KV heads, head dim 128) and the absorbed-MLA
               shape of DeepSeek-V3 (128 heads over one latent KV head, D = 576, DV = 512, V = the
               first 512 of the latent); GB/s = KV-cache bytes of the batch / time. Both block
               versions: `attention` (a (token, head) per block) and its variant `attention_tiled`
               (up to 32 query rows sharing a slot and KV head per block), which moe-run picks for
               16 or more query heads per KV head; and both again over a bf16 cache
               (`attention_kvbf16`, `attention_tiled_kvbf16`: moe-opt --mxa-kv-cache=bf16), whose
               GB/s count the bf16 bytes read; and the tensor-core variants `attention_tc` and
               `attention_tc_kvbf16` (moe-opt --mxa-cuda-attention=tc: bf16 mma.sync, checked
               per element within 1e-5 of the f32 reference or 4e-3 of the reference on q, K, V
               rounded to bf16, as test/kernels/KernelTest.cpp does).
  prefill:     attention over one 4096-token sequence (causal), DeepSeek-V3 (128 heads, D = 192,
               DV = 128) and Qwen3-30B-A3B (32 heads, 4 KV heads, 128): TFLOP/s of the causal
               FLOPs (2 T (T + 1) / 2 NH (D + DV)) for both block versions, and PyTorch's
               scaled_dot_product_attention (f32, causal) on the same shapes as the anchor.

  backward:    attention_grad (both phases) over one 4096-token sequence, Qwen3-30B-A3B's GQA,
               TFLOP/s of 2.5 x the causal forward FLOPs, against PyTorch's SDPA backward (f32);
               checked first against PyTorch autograd (1e-4; its failure skips only this table).

Times: CUDA events around each launch, median of --reps after 3 warm-ups. f32 everywhere (the
runtime's path today).

    python3 bench/gpu/block_kernels.py --cubins DIR [--reps 20] [--check-only]
"""

from __future__ import annotations

import argparse
import ctypes
import math
import statistics
import sys

import torch

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False


class Driver:
    """The few CUDA driver calls the harness needs (PyTorch has made the primary context current)."""

    def __init__(self):
        self.lib = ctypes.CDLL("libcuda.so.1")
        self.lib.cuModuleLoadData.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]
        self.lib.cuModuleGetFunction.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p,
                                                 ctypes.c_char_p]
        self.lib.cuLaunchKernel.argtypes = [ctypes.c_void_p] + [ctypes.c_uint] * 7 + [
            ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]

    def check(self, r, what):
        if r != 0:
            name = ctypes.c_char_p()
            self.lib.cuGetErrorName(r, ctypes.byref(name))
            sys.exit(f"block_kernels.py: {what}: {name.value.decode() if name.value else r}")

    def function(self, cubin_path, symbol):
        image = open(cubin_path, "rb").read()
        module = ctypes.c_void_p()
        self.check(self.lib.cuModuleLoadData(ctypes.byref(module), image), f"cuModuleLoadData({cubin_path})")
        fn = ctypes.c_void_p()
        self.check(self.lib.cuModuleGetFunction(ctypes.byref(fn), module, symbol.encode()),
                   f"cuModuleGetFunction({symbol})")
        return fn

    def launch(self, fn, blocks, threads, params):
        """params: a list of ctypes scalars (kept alive by the caller's list)."""
        arr = (ctypes.c_void_p * len(params))(*[ctypes.addressof(p) for p in params])
        stream = ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)
        self.check(self.lib.cuLaunchKernel(fn, blocks, 1, 1, threads, 1, 1, 0, stream, arr, None),
                   "cuLaunchKernel")


def memref(t: torch.Tensor | None, rank: int):
    """A memref descriptor as kernel parameters: allocated, aligned, offset, sizes, strides."""
    if t is None:  # an absent optional buffer: zeros
        return [ctypes.c_uint64(0)] * 2 + [ctypes.c_int64(0)] * (1 + 2 * rank)
    assert t.dim() == rank and t.dtype in (torch.float32, torch.bfloat16, torch.int32, torch.int64)
    base = t.untyped_storage().data_ptr()
    return ([ctypes.c_uint64(base), ctypes.c_uint64(base), ctypes.c_int64(t.storage_offset())]
            + [ctypes.c_int64(s) for s in t.shape] + [ctypes.c_int64(s) for s in t.stride()])


def timed(run, reps):
    for _ in range(3):
        run()
    times = []
    for _ in range(reps):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record()
        run()
        b.record()
        b.synchronize()
        times.append(a.elapsed_time(b) / 1e3)
    return statistics.median(times)


def rel_err(got, ref):
    return ((got - ref).abs().max() / ref.abs().max().clamp_min(1e-30)).item()


class GroupedMatmul:
    def __init__(self, drv, cubins):
        self.drv = drv
        self.fn = drv.function(f"{cubins}/grouped_matmul_nt.cubin", "mxg_grouped_matmul_nt")

    def __call__(self, x, w, offsets, out, bias=None):
        e, n, _ = w.shape
        items = e * math.ceil(n / 32)
        params = [ctypes.c_int64(items)] + memref(x, 2) + memref(w, 3) + memref(bias, 2) + \
            memref(offsets, 1) + memref(out, 2) + [ctypes.c_int64(1 if bias is not None else 0)]
        self.drv.launch(self.fn, items, 128, params)


def grouped_reference(x, w, offsets, bias=None):
    out = torch.zeros(x.shape[0], w.shape[1], device=x.device)
    off = offsets.tolist()
    for e in range(w.shape[0]):
        if off[e + 1] > off[e]:
            out[off[e]:off[e + 1]] = x[off[e]:off[e + 1]] @ w[e].T + (bias[e] if bias is not None else 0)
    return out


class Attention:
    """A block version of attention, from cubin `cubin` (default: `name`); `bf16` when it takes
    bf16 caches (the variants of moe-kv-cache-to-bf16); `tc` for the tensor-core variants (their
    tiles compute on q, K, V and the softmax weights rounded to bf16)."""
    def __init__(self, drv, cubins, name="attention", cubin=None, bf16=False, tc=False):
        self.drv, self.name, self.bf16, self.tc = drv, name, bf16, tc
        self.fn = drv.function(f"{cubins}/{cubin or name}.cubin", f"mxg_{name}")

    def cache(self, c):
        return c.bfloat16() if self.bf16 else c

    def error(self, out, q, kca, vca, *args):
        """Max error of `out` relative to max |ref|: the f32 reference on the caches as given;
        for `tc`, per element the smaller of that and the error against the reference on q, K
        and V rounded to bf16. Returns (error, tolerance)."""
        ref = attention_reference(q, kca.float(), vca.float(), *args)
        if not self.tc:
            return rel_err(out, ref), 1e-5
        r = lambda t: t.bfloat16().float()
        ref16 = attention_reference(r(q), r(kca.float()), r(vca.float()), *args)
        err = torch.minimum((out - ref).abs(), (out - ref16).abs()).max()
        return (err / ref.abs().max().clamp_min(1e-30)).item(), 4e-3

    def __call__(self, q, kc, vc, positions, slots, out, scale, window=0, chunk=0, sinks=None):
        items = q.shape[0] * q.shape[1]
        params = [ctypes.c_int64(items)] + memref(q, 3) + memref(kc, 4) + memref(vc, 4) + \
            memref(positions, 1) + memref(slots, 1) + memref(sinks, 1) + memref(out, 3) + \
            [ctypes.c_float(scale), ctypes.c_int64(window), ctypes.c_int64(chunk),
             ctypes.c_int64(1 if sinks is not None else 0)]
        self.drv.launch(self.fn, items, 128, params)


def attention_reference(q, kc, vc, positions, slots, scale, window=0, chunk=0, sinks=None):
    t_, nh, _ = q.shape
    nkv = kc.shape[2]
    out = torch.empty(t_, nh, vc.shape[3], device=q.device)
    for t in range(t_):
        p, s = int(positions[t]), int(slots[t])
        lo = max(0, p - window + 1) if window > 0 else 0
        if chunk > 0:
            lo = max(lo, (p // chunk) * chunk)
        k = kc[s, lo:p + 1]  # [J, NKV, D]
        v = vc[s, lo:p + 1]
        rep = nh // nkv
        kh = k.repeat_interleave(rep, dim=1)  # [J, NH, D]
        vh = v.repeat_interleave(rep, dim=1)
        logits = torch.einsum("hd,jhd->hj", q[t], kh) * scale
        if sinks is not None:
            logits = torch.cat([logits, sinks[:, None]], dim=1)
        prob = torch.softmax(logits, dim=1)[:, :k.shape[0]]
        out[t] = torch.einsum("hj,jhd->hd", prob, vh)
    return out


class AttentionGrad:
    """attention_grad's two launches (runtime: lowering/LowerTrainStep.cpp): phase 0 per (token,
    head), then phase 1 per cache row (slot, key, KV head)."""

    def __init__(self, drv, cubins):
        self.drv = drv
        self.fn = drv.function(f"{cubins}/attention_grad.cubin", "mxg_attention_grad")

    def __call__(self, q, kc, vc, positions, slots, out, dout, grads, scale, window=0, chunk=0,
                 sinks=None):
        """grads: (dq, dkc, dvc, lse, delta, dsinks or None), written by the kernel."""
        dq, dkc, dvc, lse, delta, dsinks = grads
        t_, nh = q.shape[0], q.shape[1]
        s_, c_, nkv = kc.shape[0], kc.shape[1], kc.shape[2]
        for phase, items in ((0, t_ * nh), (1, s_ * c_ * nkv)):
            params = [ctypes.c_int64(items)] + memref(q, 3) + memref(kc, 4) + memref(vc, 4) + \
                memref(positions, 1) + memref(slots, 1) + memref(sinks, 1) + memref(out, 3) + \
                memref(dout, 3) + memref(dq, 3) + memref(dkc, 4) + memref(dvc, 4) + \
                memref(lse, 2) + memref(delta, 2) + memref(dsinks, 2) + \
                [ctypes.c_float(scale), ctypes.c_int64(window), ctypes.c_int64(chunk),
                 ctypes.c_int64(1 if sinks is not None else 0), ctypes.c_int64(phase)]
            self.drv.launch(self.fn, items, 128, params)


def attention_grad_buffers(q, kc, vc, sinks, dev):
    """dq, dkc, dvc (NaN: every element must be written), lse, delta, dsinks."""
    t_, nh = q.shape[0], q.shape[1]
    nan = float("nan")
    return (torch.full(q.shape, nan, device=dev), torch.full(kc.shape, nan, device=dev),
            torch.full(vc.shape, nan, device=dev), torch.empty(t_, nh, device=dev),
            torch.empty(t_, nh, device=dev),
            torch.empty(t_, nh, device=dev) if sinks is not None else None)


def attention_grad_checks(ag, dev, gen):
    """attention_grad against PyTorch autograd through attention_reference: two sequences (slot 1
    from position 0, slot 0 continuing a cached prefix of 20 keys no query of the call owns),
    GQA, a window with sinks, chunks, D != DV and a head dim over 1024 (the kernel's chunks).
    Tolerance 1e-4 of max |reference| (f32 sums in another order than PyTorch's)."""
    rows = []
    for nh, nkv, d, dv, window, chunk, sinks in [(8, 2, 64, 64, 0, 0, False),
                                                 (4, 4, 40, 24, 37, 0, True),
                                                 (4, 2, 192, 128, 0, 32, False),
                                                 (2, 1, 1100, 40, 0, 0, True)]:
        lens, ctx = (70, 40), 90
        positions = torch.cat([torch.arange(70), torch.arange(20, 60)]).to(dev)
        slots = torch.cat([torch.ones(70, dtype=torch.int64), torch.zeros(40, dtype=torch.int64)]).to(dev)
        t_ = sum(lens)
        q = torch.randn(t_, nh, d, generator=gen).to(dev).requires_grad_()
        kc = torch.randn(2, ctx, nkv, d, generator=gen).to(dev).requires_grad_()
        vc = torch.randn(2, ctx, nkv, dv, generator=gen).to(dev).requires_grad_()
        sk = torch.randn(nh, generator=gen).to(dev).requires_grad_() if sinks else None
        scale = 1 / math.sqrt(d)
        ref = attention_reference(q, kc, vc, positions, slots, scale, window, chunk, sk)
        dout = torch.randn(t_, nh, dv, generator=gen).to(dev)
        want = torch.autograd.grad(ref, [q, kc, vc] + ([sk] if sinks else []), dout)
        grads = attention_grad_buffers(q, kc, vc, sk, dev)
        ag(q.detach(), kc.detach(), vc.detach(), positions, slots, ref.detach(), dout, grads, scale,
           window, chunk, sk.detach() if sinks else None)
        torch.cuda.synchronize()
        err = max(rel_err(grads[0], want[0]), rel_err(grads[1], want[1]), rel_err(grads[2], want[2]))
        if sinks:
            err = max(err, rel_err(grads[5].sum(0), want[3]))
        rows.append((f"attention_grad {lens} NH={nh} NKV={nkv} D={d} DV={dv} window={window} "
                     f"chunk={chunk} sinks={sinks} (tol 1e-4)", err, err <= 1e-4))
    return rows


class RowKernels:
    """The row-wise block kernels (256 threads, one row per block)."""

    def __init__(self, drv, cubins):
        self.drv = drv
        self.fns = {n: drv.function(f"{cubins}/{n}.cubin", f"mxg_{n}")
                    for n in ("rms_norm", "swiglu", "add", "embedding", "combine", "gather_rows",
                              "kv_store", "copy", "layer_norm", "rope", "sigmoid_gate", "clamp",
                              "temperature_scale")}

    def run(self, name, rows, params, blocks=None):
        """blocks (= nwg, default rows) < rows makes block b also do rows b + nwg, ..."""
        nwg = blocks or rows
        self.drv.launch(self.fns[name], nwg, 256, [ctypes.c_int64(nwg)] + params)


def row_checks(rk, dev, gen):
    rows = []
    x = torch.randn(37, 301, generator=gen).to(dev)
    w = torch.randn(301, generator=gen).to(dev)
    out = torch.empty_like(x)
    rk.run("rms_norm", 37, memref(x, 2) + memref(w, 1) + memref(out, 2) +
           [ctypes.c_float(1e-6), ctypes.c_int64(1)])
    torch.cuda.synchronize()
    ref = x * torch.rsqrt((x * x).mean(1, keepdim=True) + 1e-6) * w
    rows.append(("rms_norm 37 x 301 with weight", rel_err(out, ref)))
    gu = torch.randn(19, 2 * 300, generator=gen).to(dev) * 3
    for clamped in (0, 1):
        out = torch.empty(19, 300, device=dev)
        rk.run("swiglu", 19, memref(gu, 2) + memref(out, 2) +
               [ctypes.c_int64(clamped), ctypes.c_float(1.702), ctypes.c_float(7.0)])
        torch.cuda.synchronize()
        g, u = gu[:, :300], gu[:, 300:]
        if clamped:
            g2, u2 = g.clamp(max=7.0), u.clamp(-7.0, 7.0)
            ref = (u2 + 1) * g2 * torch.sigmoid(1.702 * g2)
        else:
            ref = torch.nn.functional.silu(g) * u
        rows.append((f"swiglu 19 x 300 clamped={clamped}", rel_err(out, ref)))
    a, b = torch.randn(23, 513, generator=gen).to(dev), torch.randn(23, 513, generator=gen).to(dev)
    ref = a + b
    rk.run("add", 23, memref(a, 2) + memref(b, 2) + memref(a, 2))  # out aliases a
    torch.cuda.synchronize()
    rows.append(("add 23 x 513, out = a", rel_err(a, ref)))
    table = torch.randn(50, 77, generator=gen).to(dev)
    ids = torch.tensor([3, 49, 0, 3, 17], dtype=torch.int64, device=dev)
    out = torch.empty(5, 77, device=dev)
    rk.run("embedding", 5, memref(table, 2) + memref(ids, 1) + memref(out, 2))
    torch.cuda.synchronize()
    rows.append(("embedding 5 of 50 x 77", rel_err(out, table[ids])))
    # combine: 6 tokens x top-3 over 18 rows (a permutation), weighted, accumulating.
    k, t_, h = 3, 6, 130
    rows_ = torch.randn(t_ * k, h, generator=gen).to(dev)
    inv = torch.randperm(t_ * k, generator=gen).to(torch.int32).to(dev)
    wts = torch.rand(t_ * k, generator=gen).to(dev)
    out = torch.randn(t_, h, generator=gen).to(dev)
    ref = out + (wts[:, None] * rows_[inv.long()]).view(t_, k, h).sum(1)
    rk.run("combine", t_, memref(rows_, 2) + memref(inv, 1) + memref(wts, 1) + memref(out, 2) +
           [ctypes.c_int64(k), ctypes.c_int64(1), ctypes.c_int64(1)])
    torch.cuda.synchronize()
    rows.append(("combine 6 tokens x top-3, weighted, accumulate", rel_err(out, ref)))
    # gather_rows: the inverse direction, weighted.
    x = torch.randn(t_, h, generator=gen).to(dev)
    perm = torch.randperm(t_ * k, generator=gen).to(torch.int32).to(dev)
    out = torch.empty(t_ * k, h, device=dev)
    rk.run("gather_rows", t_ * k, memref(x, 2) + memref(perm, 1) + memref(wts, 1) + memref(out, 2) +
           [ctypes.c_int64(k), ctypes.c_int64(1)])
    torch.cuda.synchronize()
    ref = x[perm.long() // k] * wts[perm.long()][:, None]
    rows.append(("gather_rows 18 rows, weighted", rel_err(out, ref)))
    # kv_store into a [S, C, H, D] cache at (slot, position) per token.
    src = torch.randn(4, 3, 40, generator=gen).to(dev)
    cache = torch.zeros(2, 16, 3, 40, device=dev)
    pos = torch.tensor([0, 5, 15, 7], dtype=torch.int64, device=dev)
    slot = torch.tensor([1, 0, 1, 1], dtype=torch.int64, device=dev)
    rk.run("kv_store", 4, memref(src, 3) + memref(cache, 4) + memref(pos, 1) + memref(slot, 1))
    torch.cuda.synchronize()
    ref = torch.zeros_like(cache)
    ref[slot, pos] = src
    rows.append(("kv_store 4 tokens into a 2 x 16 x 3 x 40 cache", rel_err(cache, ref)))
    # copy with a broadcast source (stride 0 along the outer dimension).
    base = torch.randn(1, 5, 33, generator=gen).to(dev)
    src = base.expand(7, 5, 33)
    dst = torch.empty(7, 5, 33, device=dev)
    rk.run("copy", 7, memref(src, 3) + memref(dst, 3))
    torch.cuda.synchronize()
    rows.append(("copy 7 x 5 x 33 from a broadcast", rel_err(dst, src)))
    return [(what, err, err <= 1e-5) for what, err in rows]


def more_row_checks(rk, dev, gen):
    """layer_norm, rope, sigmoid_gate, clamp, temperature_scale: (what, err, ok) with each
    check's tolerance (1e-5 where the kernel sums in another order or calls cos/sin, which
    PyTorch may round differently; 1e-6 where it does the CPU kernel's arithmetic per element)."""
    rows = []
    # layer_norm: weight and bias on a strided x (a column slice), 37 rows over 4 blocks (so a
    # block reuses its shared partial sums); then neither, out = x, D < 256 and D > 512.
    xfull = (torch.randn(37, 310, generator=gen) + 3).to(dev)
    x = xfull[:, 5:306]
    w, b = torch.randn(301, generator=gen).to(dev), torch.randn(301, generator=gen).to(dev)
    out = torch.empty(37, 301, device=dev)
    rk.run("layer_norm", 37, memref(x, 2) + memref(w, 1) + memref(b, 1) + memref(out, 2) +
           [ctypes.c_float(1e-5), ctypes.c_int64(1), ctypes.c_int64(1)], blocks=4)
    torch.cuda.synchronize()
    ref = torch.nn.functional.layer_norm(x, (301,), w, b, 1e-5)
    rows.append(("layer_norm 37 x 301 (strided x) with weight and bias, 4 blocks", rel_err(out, ref),
                 1e-5))
    for r_, d in ((9, 100), (6, 1000)):
        x = torch.randn(r_, d, generator=gen).to(dev) * 2 - 1
        ref = torch.nn.functional.layer_norm(x, (d,), None, None, 1e-6)
        rk.run("layer_norm", r_, memref(x, 2) + memref(None, 1) + memref(None, 1) + memref(x, 2) +
               [ctypes.c_float(1e-6), ctypes.c_int64(0), ctypes.c_int64(0)])
        torch.cuda.synchronize()
        rows.append((f"layer_norm {r_} x {d}, out = x", rel_err(x, ref), 1e-5))
    # rope in place on [T, NH, D]: half-split and interleaved, a partial rotary dim (2 * half < D,
    # the tail untouched), half not dividing 256 (cos/sin recomputed as j changes), T over fewer
    # blocks, a large position (libdevice's slow range reduction).
    positions = torch.tensor([0, 1, 17, 4095, 131071], dtype=torch.int64, device=dev)
    for nh, d, half, interleaved, blocks in ((3, 20, 8, 0, None), (5, 24, 10, 1, 2), (20, 64, 32, 0, None),
                                             (20, 64, 32, 1, 3)):
        t_ = positions.shape[0]
        x = torch.randn(t_, nh, d, generator=gen).to(dev)
        inv_freq = (1.0 / 10000 ** (torch.arange(half, dtype=torch.float32) * 2 / (2 * half))).to(dev)
        af = 1.25
        ang = positions.to(torch.float32)[:, None] * inv_freq[None, :]  # the f32 product
        c, s = (torch.cos(ang) * af)[:, None, :], (torch.sin(ang) * af)[:, None, :]
        ia = torch.arange(half, device=dev) * 2 if interleaved else torch.arange(half, device=dev)
        ib = ia + 1 if interleaved else ia + half
        ref = x.clone()
        xa, xb = x[:, :, ia], x[:, :, ib]
        ref[:, :, ia] = xa * c - xb * s
        ref[:, :, ib] = xb * c + xa * s
        rk.run("rope", t_, memref(x, 3) + memref(positions, 1) + memref(inv_freq, 1) +
               [ctypes.c_int64(interleaved), ctypes.c_float(af)], blocks=blocks)
        torch.cuda.synchronize()
        rows.append((f"rope T={t_} NH={nh} D={d} half={half} interleaved={interleaved} "
                     f"blocks={blocks or t_}", rel_err(x, ref), 1e-5))
    # sigmoid_gate: g a strided column of a wider tensor, with and without accumulate.
    y = torch.randn(11, 300, generator=gen).to(dev)
    gfull = torch.randn(11, 4, generator=gen).to(dev) * 4
    g = gfull[:, 2:3]
    for acc in (0, 1):
        out = torch.randn(11, 300, generator=gen).to(dev)
        ref = (out if acc else 0) + torch.sigmoid(g) * y
        rk.run("sigmoid_gate", 11, memref(y, 2) + memref(g, 2) + memref(out, 2) + [ctypes.c_int64(acc)])
        torch.cuda.synchronize()
        rows.append((f"sigmoid_gate 11 x 300 accumulate={acc}", rel_err(out, ref), 1e-6))
    # clamp: out = x, and a separate out from a strided x.
    x = torch.randn(13, 517, generator=gen).to(dev) * 5
    ref = x.clamp(-2.5, 2.5)
    rk.run("clamp", 13, memref(x, 2) + memref(x, 2) + [ctypes.c_float(2.5)])
    torch.cuda.synchronize()
    rows.append(("clamp 13 x 517 limit 2.5, out = x", rel_err(x, ref), 1e-6))
    xfull = torch.randn(13, 600, generator=gen).to(dev) * 5
    x = xfull[:, 40:557]
    out = torch.empty(13, 517, device=dev)
    rk.run("clamp", 13, memref(x, 2) + memref(out, 2) + [ctypes.c_float(1.0)], blocks=5)
    torch.cuda.synchronize()
    rows.append(("clamp 13 x 517 (strided x) limit 1, 5 blocks", rel_err(out, x.clamp(-1.0, 1.0)), 1e-6))
    # temperature_scale in place on a column slice (the other columns untouched), the llama4
    # scales; the multiplier in f64 as the CPU kernel computes it.
    qfull = torch.randn(7, 100, generator=gen).to(dev)
    q = qfull[:, 2:98]
    positions = torch.tensor([0, 1, 8190, 8191, 100000, 3, 500000], dtype=torch.int64, device=dev)
    fs, as_ = 8192.0, 0.1
    m = (torch.log1p(torch.floor((positions.double() + 1) / fs)) * as_ + 1).float()
    ref = qfull.clone()
    ref[:, 2:98] = q * m[:, None]
    rk.run("temperature_scale", 7, memref(q, 2) + memref(positions, 1) +
           [ctypes.c_float(fs), ctypes.c_float(as_)])
    torch.cuda.synchronize()
    rows.append(("temperature_scale 7 x 96 (strided, in place)", rel_err(qfull, ref), 1e-6))
    return [(f"{what} (tol {tol:.0e})", err, err <= tol) for what, err, tol in rows]


def offsets_for(tokens, topk, experts, gen):
    choice = torch.stack([torch.randperm(experts, generator=gen)[:topk] for _ in range(tokens)])
    counts = torch.bincount(choice.flatten(), minlength=experts)
    offsets = torch.zeros(experts + 1, dtype=torch.int32)
    offsets[1:] = torch.cumsum(counts, 0)
    return offsets, int((counts > 0).sum())


def checks(gm, atts, dev):
    gen = torch.Generator().manual_seed(0)
    rows = []
    # grouped_matmul_nt: ragged groups (empty, 1 row, not multiples of 4), N not a multiple of 32,
    # bias, and a strided x (a column slice).
    for e, n, k, sizes, bias, sliced in [(4, 40, 48, [0, 1, 5, 7], False, False),
                                         (3, 96, 130, [9, 0, 4], True, False),
                                         (2, 33, 64, [1, 3], False, True)]:
        off = torch.tensor([0] + list(torch.tensor(sizes).cumsum(0)), dtype=torch.int32, device=dev)
        r = int(off[-1])
        xfull = torch.randn(r, k + 8, generator=gen).to(dev)
        x = xfull[:, 4:4 + k] if sliced else xfull[:, :k].contiguous()
        w = torch.randn(e, n, k, generator=gen).to(dev)
        b = torch.randn(e, n, generator=gen).to(dev) if bias else None
        out = torch.full((r + 2, n), 7.0, device=dev)  # two rows past the groups stay 7
        gm(x, w, off, out, b)
        torch.cuda.synchronize()
        err = rel_err(out[:r], grouped_reference(x, w, off, b))
        untouched = bool((out[r:] == 7.0).all())
        rows.append((f"grouped_matmul_nt E={e} N={n} K={k} rows={sizes} bias={bias} strided_x={sliced}",
                     err, err <= 1e-5 and untouched))
    # attention: GQA with a window, chunks, sinks; several positions and slots.
    for nh, nkv, d, dv, ctx, window, chunk, sinks in [(8, 2, 64, 64, 100, 0, 0, False),
                                                     (4, 4, 40, 24, 300, 37, 0, True),
                                                     (6, 1, 576, 512, 70, 0, 32, False),
                                                     (2, 1, 64, 1100, 50, 0, 0, False)]:
        s_, t_ = 3, 5
        kc = torch.randn(s_, ctx, nkv, d, generator=gen).to(dev)
        vc = torch.randn(s_, ctx, nkv, dv, generator=gen).to(dev)
        q = torch.randn(t_, nh, d, generator=gen).to(dev)
        positions = torch.tensor([0, 1, ctx // 2, ctx - 1, ctx - 2], dtype=torch.int64, device=dev)
        slots = torch.tensor([0, 1, 2, 1, 0], dtype=torch.int64, device=dev)
        sk = torch.randn(nh, generator=gen).to(dev) if sinks else None
        scale = 1 / math.sqrt(d)
        for att in atts:
            # A bf16-cache variant against the reference on the rounded caches.
            kca, vca = att.cache(kc), att.cache(vc)
            out = torch.empty(t_, nh, dv, device=dev)
            att(q, kca, vca, positions, slots, out, scale, window, chunk, sk)
            torch.cuda.synchronize()
            err, tol = att.error(out, q, kca, vca, positions, slots, scale, window, chunk, sk)
            rows.append((f"{att.name} NH={nh} NKV={nkv} D={d} DV={dv} ctx={ctx} window={window} "
                         f"chunk={chunk} sinks={sinks} (tol {tol:g})", err, err <= tol))
    # Prefill: two sequences of 150 and 110 tokens (slots 1 and 0), GQA and MHA, a window.
    for nh, nkv, d, dv, window in [(8, 2, 64, 64, 0), (4, 4, 192, 128, 0), (16, 2, 96, 80, 50)]:
        lens, ctx = (150, 110), 160
        kc = torch.randn(2, ctx, nkv, d, generator=gen).to(dev)
        vc = torch.randn(2, ctx, nkv, dv, generator=gen).to(dev)
        t_ = sum(lens)
        q = torch.randn(t_, nh, d, generator=gen).to(dev)
        positions = torch.cat([torch.arange(n) for n in lens]).to(dev)
        slots = torch.cat([torch.full((n,), 1 - i) for i, n in enumerate(lens)]).to(dev)
        scale = 1 / math.sqrt(d)
        for att in atts:
            kca, vca = att.cache(kc), att.cache(vc)
            out = torch.empty(t_, nh, dv, device=dev)
            att(q, kca, vca, positions, slots, out, scale, window)
            torch.cuda.synchronize()
            err, tol = att.error(out, q, kca, vca, positions, slots, scale, window)
            rows.append((f"{att.name} prefill {lens} NH={nh} NKV={nkv} D={d} DV={dv} window={window} "
                         f"(tol {tol:g})", err, err <= tol))
    return rows


def causal_sequence(t_, nh, nkv, d, dv, dev):
    """One sequence of t_ tokens in cache slot 0 (positions 0 .. t_ - 1), random q and K/V
    cache rows: q [t_, NH, D], kc [1, t_, NKV, D], vc [1, t_, NKV, DV], positions, slots, and an
    output buffer [t_, NH, DV]."""
    return (torch.randn(t_, nh, d, device=dev), torch.randn(1, t_, nkv, d, device=dev),
            torch.randn(1, t_, nkv, dv, device=dev),
            torch.arange(t_, dtype=torch.int64, device=dev),
            torch.zeros(t_, dtype=torch.int64, device=dev), torch.empty(t_, nh, dv, device=dev))


def copy_bandwidth(dev, reps):
    a = torch.empty(1 << 29, device=dev)  # 2 GiB
    b = torch.empty_like(a)
    t = timed(lambda: b.copy_(a), reps)
    return 2 * a.numel() * 4 / t / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cubins", required=True)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--check-only", action="store_true")
    args = ap.parse_args()
    dev = torch.device("cuda")
    drv = Driver()
    gm = GroupedMatmul(drv, args.cubins)
    atts = [Attention(drv, args.cubins), Attention(drv, args.cubins, "attention_tiled"),
            Attention(drv, args.cubins, "attention_kvbf16", bf16=True),
            Attention(drv, args.cubins, "attention_tiled_kvbf16", "attention_kvbf16", bf16=True),
            Attention(drv, args.cubins, "attention_tc", tc=True),
            Attention(drv, args.cubins, "attention_tc_kvbf16", bf16=True, tc=True)]
    print(f"GPU: {torch.cuda.get_device_name()}")
    rk = RowKernels(drv, args.cubins)
    rows = checks(gm, atts, dev) + row_checks(rk, dev, torch.Generator().manual_seed(1)) + \
        more_row_checks(rk, dev, torch.Generator().manual_seed(2))
    # The training kernel apart: its failure keeps its own timing out, not the decode figures'.
    ag = AttentionGrad(drv, args.cubins)
    try:
        ag_rows = attention_grad_checks(ag, dev, torch.Generator().manual_seed(3))
    except Exception as e:  # a harness error here must not cost the forward figures
        ag_rows = [(f"attention_grad checks raised {type(e).__name__}: {e}", float("nan"), False)]
    for what, err, ok in rows + ag_rows:
        print(f"check {'ok  ' if ok else 'FAIL'} {what}: max rel err {err:.2e}")
    failed = sum(not ok for _, _, ok in rows)
    ag_failed = sum(not ok for _, _, ok in ag_rows)
    print(f"checks: {len(rows) + len(ag_rows) - failed - ag_failed}/{len(rows) + len(ag_rows)} ok "
          "(tolerance 1e-5 of max |ref| unless the check says)")
    if failed or args.check_only:
        return 1 if failed or ag_failed else 0

    copy = copy_bandwidth(dev, args.reps)
    print(f"\ndevice-to-device copy (2 GiB, read + write): {copy:.0f} GB/s\n")
    gen = torch.Generator().manual_seed(0)
    print("| model | GEMM | tokens | experts hit | K -> N | ms | GB/s | % of copy |")
    print("|---|---|---:|---:|---|---:|---:|---:|")
    for model, experts, hidden, inter, topk in [("DeepSeek-V3", 256, 7168, 2048, 8),
                                                ("Qwen3-30B-A3B", 128, 2048, 768, 8)]:
        w_gu = torch.randn(experts, 2 * inter, hidden, device=dev) * 0.02
        w_dn = torch.randn(experts, hidden, inter, device=dev) * 0.02
        for tokens in (1, 16, 128):
            off, hit = offsets_for(tokens, topk, experts, gen)
            off = off.to(dev)
            r = tokens * topk
            for name, w in (("gate_up", w_gu), ("down", w_dn)):
                n, k = w.shape[1], w.shape[2]
                x = torch.randn(r, k, device=dev)
                out = torch.empty(r, n, device=dev)
                t = timed(lambda: gm(x, w, off, out), args.reps)
                bytes_ = (hit * n * k + r * k + r * n) * 4
                gbs = bytes_ / t / 1e9
                print(f"| {model} | {name} | {tokens} | {hit} | {k} -> {n} | {t * 1e3:.3f} | {gbs:.0f} | "
                      f"{100 * gbs / copy:.0f}% |")
        del w_gu, w_dn
        torch.cuda.empty_cache()
    print("\n| attention decode | kernel | batch | context | ms | KV GB/s | % of copy |")
    print("|---|---|---:|---:|---:|---:|---:|")
    batch = 32
    for name, nh, nkv, d, dv, shared in [("GQA (Qwen3-30B-A3B)", 32, 4, 128, 128, False),
                                         ("absorbed MLA (DeepSeek-V3)", 128, 1, 576, 512, True)]:
        for ctx in (4096, 32768):
            kc = torch.randn(batch, ctx, nkv, d, device=dev)
            vc = kc[..., :dv] if shared else torch.randn(batch, ctx, nkv, dv, device=dev)
            q = torch.randn(batch, nh, d, device=dev)
            positions = torch.full((batch,), ctx - 1, dtype=torch.int64, device=dev)
            slots = torch.arange(batch, dtype=torch.int64, device=dev)
            out = torch.empty(batch, nh, dv, device=dev)
            for att in atts:
                kca = att.cache(kc)
                vca = kca[..., :dv] if shared else att.cache(vc)
                t = timed(lambda: att(q, kca, vca, positions, slots, out, 1 / math.sqrt(d)), args.reps)
                bytes_ = batch * ctx * nkv * (d + (0 if shared else dv)) * (2 if att.bf16 else 4)
                gbs = bytes_ / t / 1e9
                print(f"| {name} | {att.name} | {batch} | {ctx} | {t * 1e3:.3f} | {gbs:.0f} | "
                      f"{100 * gbs / copy:.0f}% |")
            del kc, vc
            torch.cuda.empty_cache()
    print("\n| attention prefill (causal, 1 sequence) | kernel | tokens | ms | TFLOP/s |")
    print("|---|---|---:|---:|---:|")
    t_ = 4096
    for name, nh, nkv, d, dv in [("DeepSeek-V3 (MHA)", 128, 128, 192, 128),
                                 ("Qwen3-30B-A3B (GQA)", 32, 4, 128, 128)]:
        q, kc, vc, positions, slots, out = causal_sequence(t_, nh, nkv, d, dv, dev)
        flops = 2 * t_ * (t_ + 1) / 2 * nh * (d + dv)
        for att in atts:
            kca, vca = att.cache(kc), att.cache(vc)
            t = timed(lambda: att(q, kca, vca, positions, slots, out, 1 / math.sqrt(d)),
                      max(2, args.reps // 5))
            print(f"| {name} | {att.name} | {t_} | {t * 1e3:.2f} | {flops / t / 1e12:.2f} |")
        # The anchor: PyTorch SDPA on [1, NH, T, D] (K/V repeated over the query heads).
        qs = q.permute(1, 0, 2)[None]
        ks = kc[0].permute(1, 0, 2).repeat_interleave(nh // nkv, 0)[None]
        vs = vc[0].permute(1, 0, 2).repeat_interleave(nh // nkv, 0)[None]
        t = timed(lambda: torch.nn.functional.scaled_dot_product_attention(qs, ks, vs, is_causal=True),
                  max(2, args.reps // 5))
        print(f"| {name} | torch SDPA f32 | {t_} | {t * 1e3:.2f} | {flops / t / 1e12:.2f} |")
        del kc, vc, q, out, qs, ks, vs
        torch.cuda.empty_cache()
    if ag_failed:
        print("\nattention backward: not timed (its checks failed)")
        return 1
    print("\n| attention backward (causal, 1 sequence) | kernel | tokens | ms | TFLOP/s |")
    print("|---|---|---:|---:|---:|")
    t_, nh, nkv, d, dv = 4096, 32, 4, 128, 128
    name = "Qwen3-30B-A3B (GQA)"
    q, kc, vc, positions, slots, out = causal_sequence(t_, nh, nkv, d, dv, dev)
    atts[1](q, kc, vc, positions, slots, out, 1 / math.sqrt(d))
    dout = torch.randn(t_, nh, dv, device=dev)
    grads = attention_grad_buffers(q, kc, vc, None, dev)
    # The backward's five products (Q K^T again, dO V^T, dV, dQ, dK): 2.5 x the forward's FLOPs.
    flops = 2.5 * 2 * t_ * (t_ + 1) / 2 * nh * (d + dv)
    t = timed(lambda: ag(q, kc, vc, positions, slots, out, dout, grads, 1 / math.sqrt(d)),
              max(2, args.reps // 5))
    print(f"| {name} | attention_grad (2 launches) | {t_} | {t * 1e3:.2f} | {flops / t / 1e12:.2f} |")
    qs = q.permute(1, 0, 2)[None].clone().requires_grad_()
    ks = kc[0].permute(1, 0, 2).repeat_interleave(nh // nkv, 0)[None].clone().requires_grad_()
    vs = vc[0].permute(1, 0, 2).repeat_interleave(nh // nkv, 0)[None].clone().requires_grad_()
    os_ = torch.nn.functional.scaled_dot_product_attention(qs, ks, vs, is_causal=True)
    dos = dout.permute(1, 0, 2)[None]
    t = timed(lambda: torch.autograd.grad(os_, (qs, ks, vs), dos, retain_graph=True),
              max(2, args.reps // 5))
    print(f"| {name} | torch SDPA f32 backward | {t_} | {t * 1e3:.2f} | {flops / t / 1e12:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
