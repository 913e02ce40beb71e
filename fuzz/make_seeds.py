#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from the repository's real fixtures.

usage: make_seeds.py SRC_ROOT BUILD_BIN OUT_DIR

OUT_DIR/config:       every config.json of test/ (golden fixtures, published
                      configs, the importer's malformed inputs).
OUT_DIR/safetensors:  byte 0 = 0 then a safetensors file: each golden
                      fixture's expected.safetensors, and a file with the six
                      smallest tensors of its model.safetensors (real names,
                      dtypes, shapes, bytes); byte 0 = 1 then a sharded index
                      naming the fixture's tensors.
OUT_DIR/artifact:     the runtime test artifact and the tiny example models
                      compiled by moe-opt (plain, EP=2, EP=2 with micro-batches
                      and start/wait exchanges, bf16 weights, bf16 expert
                      rows).
"""
import glob
import json
import os
import struct
import subprocess
import sys


def small_model(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    base = 8 + n
    picked = sorted(header.items(),
                    key=lambda kv: kv[1]["data_offsets"][1] - kv[1]["data_offsets"][0])[:6]
    out_header, data = {"__metadata__": {"format": "pt"}}, b""
    for name, t in picked:
        b, e = t["data_offsets"]
        out_header[name] = {"dtype": t["dtype"], "shape": t["shape"],
                            "data_offsets": [len(data), len(data) + e - b]}
        data += raw[base + b:base + e]
    h = json.dumps(out_header).encode()
    return struct.pack("<Q", len(h)) + h + data, [name for name, _ in header.items()]


def main():
    src, bindir, out = sys.argv[1:4]
    for d in ("config", "safetensors", "artifact"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    configs = sorted(glob.glob(os.path.join(src, "test/golden/*/config.json")) +
                     glob.glob(os.path.join(src, "test/frontends/hf/Inputs/**/*.json"),
                               recursive=True))
    for i, c in enumerate(configs):
        with open(os.path.join(out, "config", "%03d.json" % i), "wb") as f:
            f.write(open(c, "rb").read())
    for fixture in sorted(glob.glob(os.path.join(src, "test/golden/*/"))):
        family = os.path.basename(fixture.rstrip("/"))
        model = os.path.join(fixture, "model.safetensors")
        expected = os.path.join(fixture, "expected.safetensors")
        if os.path.exists(expected):
            with open(os.path.join(out, "safetensors", family + "-expected"), "wb") as f:
                f.write(b"\0" + open(expected, "rb").read())
        if os.path.exists(model):
            data, names = small_model(model)
            with open(os.path.join(out, "safetensors", family + "-model"), "wb") as f:
                f.write(b"\0" + data)
            index = {"metadata": {"total_size": 0},
                     "weight_map": {n: "model-%05d-of-00002.safetensors" % (1 + i % 2)
                                    for i, n in enumerate(names)}}
            with open(os.path.join(out, "safetensors", family + "-index"), "wb") as f:
                f.write(b"\1" + json.dumps(index, indent=2).encode())
    artifacts = os.path.join(out, "artifact")
    subprocess.run([os.path.join(bindir, "moe-runtime-test"), "write-artifact",
                    os.path.join(artifacts, "runtime-test.mxa")], check=True)
    for example in ("tiny_qwen3_moe", "tiny_deepseek_v3"):
        subprocess.run([os.path.join(bindir, "moe-opt"),
                        os.path.join(src, "examples", example + ".mlir"),
                        "-o", os.path.join(artifacts, example + ".mxa")], check=True)
    subprocess.run([os.path.join(bindir, "moe-opt"),
                    os.path.join(src, "examples", "tiny_qwen3_moe.mlir"), "--ep", "2",
                    "-o", os.path.join(artifacts, "tiny_qwen3_moe-ep2.mxa")], check=True)
    subprocess.run([os.path.join(bindir, "moe-opt"),
                    os.path.join(src, "examples", "tiny_deepseek_v3.mlir"), "--ep", "2",
                    "--overlap-a2a", "2",
                    "-o", os.path.join(artifacts, "tiny_deepseek_v3-ep2-overlap.mxa")],
                   check=True)
    subprocess.run([os.path.join(bindir, "moe-opt"),
                    os.path.join(src, "examples", "tiny_qwen3_moe.mlir"), "--mxa-weights=bf16",
                    "-o", os.path.join(artifacts, "tiny_qwen3_moe-bf16.mxa")], check=True)
    subprocess.run([os.path.join(bindir, "moe-opt"),
                    os.path.join(src, "examples", "tiny_qwen3_moe.mlir"), "--mxa-weights=bf16",
                    "--mxa-experts=bf16",
                    "-o", os.path.join(artifacts, "tiny_qwen3_moe-bf16x.mxa")], check=True)
    for d in ("config", "safetensors", "artifact"):
        print("seeds: %-12s %3d files" % (d, len(os.listdir(os.path.join(out, d)))))


if __name__ == "__main__":
    main()
