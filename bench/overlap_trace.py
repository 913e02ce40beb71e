#!/usr/bin/env python3
"""MoE-layer time and its exchange share from a moe-run --trace file.

usage: overlap_trace.py TRACE.json

A MoE layer of one micro-batch on one rank runs from the start of its
routing launch (route_dispatch) to the end of the combine launch that follows
its combine exchange. Prints one line: the mean over ranks of the summed
MoE-layer wall time (ms; with micro-batches, the union of all micro-batches'
MoE-layer intervals), and the share of it spent in exchanges that computation
did not cover (blocking exchanges and waits).
"""
import json
import sys


def union(intervals):
    total, end = 0.0, None
    start = None
    for b, e in sorted(intervals):
        if end is None or b > end:
            if end is not None:
                total += end - start
            start, end = b, e
        else:
            end = max(end, e)
    if end is not None:
        total += end - start
    return total


def main():
    events = [e for e in json.load(open(sys.argv[1]))["traceEvents"] if e["ph"] == "X"]
    ranks = sorted({e["pid"] for e in events})
    layer_ms, exposed_ms = [], []
    for r in ranks:
        mine = sorted((e for e in events if e["pid"] == r), key=lambda e: e["ts"])
        intervals, exposed = [], []
        for lane in sorted({e["tid"] // 2 for e in mine}):
            spans = [e for e in mine if e["tid"] // 2 == lane]
            begin = None
            for e in spans:
                if e["cat"] == "compute" and e["name"] == "route_dispatch":
                    begin = e["ts"]
                if e["cat"] == "compute" and e["name"] == "combine" and begin is not None:
                    intervals.append((begin, e["ts"] + e["dur"]))
                    begin = None
                if e["cat"] == "wait":
                    exposed.append((e["ts"], e["ts"] + e["dur"]))
        # Exposed exchange time: waits not covered by any compute span of the rank.
        compute = [(e["ts"], e["ts"] + e["dur"]) for e in mine if e["cat"] == "compute"]
        covered = union(exposed + compute) - union(compute)
        layer_ms.append(union(intervals) / 1000.0)
        exposed_ms.append(covered / 1000.0)
    n = len(ranks)
    layer = sum(layer_ms) / n
    exposed = sum(exposed_ms) / n
    print("moe_layer_ms %.3f exchange_share %.3f exposed_wait_ms %.3f" %
          (layer, exposed / layer if layer else 0, exposed))


if __name__ == "__main__":
    main()
