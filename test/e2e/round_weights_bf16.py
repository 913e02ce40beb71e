#!/usr/bin/env python3
"""Writes a copy of a safetensors checkpoint with the weights that `moe-opt --mxa-weights=bf16`
stores as bf16 rounded to bf16 (nearest even) and kept as F32.

    round_weights_bf16.py IN.safetensors OUT.safetensors [KEEP_REGEX]

Rounded: every F32 tensor of rank >= 2 except biases (gpt-oss's per-expert `*_bias` are rank 2) and
the MoE router gates (names ending in `.gate.weight`, `router.weight` or `router.layer.weight`),
which moe-weights-to-bf16 keeps f32, and names matching KEEP_REGEX (e.g. `kv_b_proj` under
--moe-mla-absorb, whose per-head slices feed head_matmul). An f32 artifact run
on OUT must then give bitwise the logits of the bf16-weight artifact run on IN (test/e2e/bf16-weights.test).
Pure Python (no numpy), for the small golden fixtures.
"""
import array
import json
import re
import struct
import sys

ROUTER = re.compile(r"(\.gate|router(\.layer)?)\.weight$")


def round_bf16(data: bytes) -> bytes:
    words = array.array("I")
    words.frombytes(data)
    for i, u in enumerate(words):
        if (u & 0x7FFFFFFF) > 0x7F800000:  # NaN stays a quiet NaN
            words[i] = (u | 0x00400000) & 0xFFFF0000
        else:
            words[i] = ((u + 0x7FFF + ((u >> 16) & 1)) & 0xFFFF0000) & 0xFFFFFFFF
    return words.tobytes()


def main(src: str, dst: str, keep: str = "") -> None:
    with open(src, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        body = f.read()
    out = bytearray(body)
    rounded = 0
    for name, t in header.items():
        if name == "__metadata__" or t["dtype"] != "F32" or len(t["shape"]) < 2 or "bias" in name \
                or ROUTER.search(name) or (keep and re.search(keep, name)):
            continue
        lo, hi = t["data_offsets"]
        out[lo:hi] = round_bf16(body[lo:hi])
        rounded += 1
    raw = json.dumps(header).encode()
    with open(dst, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw + bytes(out))
    print(f"rounded {rounded} tensors to bf16")


if __name__ == "__main__":
    main(*sys.argv[1:])
