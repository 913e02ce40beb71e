#!/usr/bin/env python3
"""The kernels that take the most time in a moe-run trace (`--trace t.json`, Chrome trace
events): per name, the summed duration of its complete ("X") events, in ms and as a share.

    python3 bench/gpu/trace_top.py TRACE.json "WHAT THE RUN WAS" [TOP=8]
"""
import collections
import json
import sys

ev = json.load(open(sys.argv[1]))["traceEvents"]
top = int(sys.argv[3]) if len(sys.argv) > 3 else 8
t = collections.Counter()
for e in ev:
    if e.get("ph") == "X":
        t[e["name"]] += e.get("dur", 0)
total = sum(t.values()) or 1
print(f"per-kernel CUDA time ({sys.argv[2]}), ms:")
for k, v in t.most_common(top):
    print(f"  {k:28s} {v / 1e3:10.2f}  {100 * v / total:5.1f}%")
