#!/usr/bin/env python3
"""Writes small valid or deliberately malformed .safetensors files for tests.

usage: make_safetensors.py KIND OUT
"""
import json
import struct
import sys


def tensor_file(tensors, header_override=None, length_override=None, pad=b""):
    """tensors: list of (name, dtype, shape, bytes) laid out back to back."""
    header, data, off = {}, b"", 0
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [off, off + len(raw)]}
        data += raw
        off += len(raw)
    h = header_override if header_override is not None else json.dumps(header).encode()
    n = length_override if length_override is not None else len(h)
    return struct.pack("<Q", n) + h + data + pad


def f32(values):
    return struct.pack("<%df" % len(values), *values)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    ok = [("a", "F32", [2, 2], f32([1, 2, 3, 4])),
          ("b", "BF16", [3], b"\x80\x3f\x00\x40\x40\x40"),
          ("ids", "I64", [2], struct.pack("<2q", 7, -1))]
    if kind == "valid":
        blob = tensor_file(ok)
    elif kind == "truncated":          # fewer than 8 bytes
        blob = b"\x10\x00\x00"
    elif kind == "header-too-long":    # header length beyond the file
        blob = tensor_file(ok, length_override=100000)
    elif kind == "bad-json":
        blob = tensor_file(ok, header_override=b'{"a": {"dtype": "F32",, }')
    elif kind == "unknown-dtype":
        blob = tensor_file([("w", "Q4", [4], b"\0" * 4)])
    elif kind == "offsets-out-of-range":
        h = json.dumps({"w": {"dtype": "F32", "shape": [4],
                              "data_offsets": [0, 64]}}).encode()
        blob = struct.pack("<Q", len(h)) + h + f32([0, 0, 0, 0])
    elif kind == "shape-mismatch":
        h = json.dumps({"w": {"dtype": "F32", "shape": [3, 2],
                              "data_offsets": [0, 16]}}).encode()
        blob = struct.pack("<Q", len(h)) + h + f32([0, 0, 0, 0])
    elif kind == "overlap":
        h = json.dumps({"x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                        "y": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}).encode()
        blob = struct.pack("<Q", len(h)) + h + f32([0, 0, 0])
    elif kind == "begin-after-end":
        h = json.dumps({"w": {"dtype": "F32", "shape": [0],
                              "data_offsets": [8, 4]}}).encode()
        blob = struct.pack("<Q", len(h)) + h + f32([0, 0, 0])
    elif kind == "negative-dim":
        h = json.dumps({"w": {"dtype": "F32", "shape": [2, -1],
                              "data_offsets": [0, 8]}}).encode()
        blob = struct.pack("<Q", len(h)) + h + f32([0, 0])
    elif kind == "duplicate":
        h = b'{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, ' \
            b'"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}'
        blob = struct.pack("<Q", len(h)) + h + f32([0, 0])
    elif kind == "metadata-not-string":
        h = json.dumps({"__metadata__": {"format": 1}}).encode()
        blob = struct.pack("<Q", len(h)) + h
    elif kind == "control-char-name":
        blob = tensor_file([("w\n1", "Q4", [4], b"\0" * 4)])
    elif kind == "tiny-model":
        # embedding [4, 2] and lm_head [3, 2] for test/interpreter/tiny-model.mlir
        blob = tensor_file([("embed", "F32", [4, 2], f32([1, 0, 0, 1, 1, 1, -1, 2])),
                            ("head", "F32", [3, 2], f32([1, 0, 0, 1, 1, -1]))])
    elif kind == "tiny-model-bad-shape":
        blob = tensor_file([("embed", "F32", [2, 4], f32([0] * 8)),
                            ("head", "F32", [3, 2], f32([0] * 6))])
    elif kind == "tiny-model-missing":
        blob = tensor_file([("embed", "F32", [4, 2], f32([0] * 8))])
    else:
        sys.exit("unknown kind " + kind)
    with open(out, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main()
