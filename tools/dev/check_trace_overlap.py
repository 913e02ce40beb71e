#!/usr/bin/env python3
"""Checks a moe-run --trace file for communication under computation.

usage: check_trace_overlap.py TRACE.json [--expect-none]

Counts, per rank, the compute spans of one micro-batch that lie entirely
inside an exchange span (start until the data arrived) of another
micro-batch, and prints "overlapped compute spans: N of M, micro-batches: K".
Exits 1 when N is 0 (or, with --expect-none, when N > 0).
"""
import json
import sys


def main():
    path = sys.argv[1]
    expect_none = "--expect-none" in sys.argv[2:]
    events = [e for e in json.load(open(path))["traceEvents"] if e["ph"] == "X"]
    comm = [e for e in events if e["cat"] == "comm"]
    compute = [e for e in events if e["cat"] == "compute"]
    lanes = {e["tid"] // 2 for e in events}
    hidden = 0
    for k in compute:
        for c in comm:
            if (c["pid"] == k["pid"] and c["tid"] // 2 != k["tid"] // 2 and
                    c["ts"] <= k["ts"] and k["ts"] + k["dur"] <= c["ts"] + c["dur"]):
                hidden += 1
                break
    print("overlapped compute spans: %d of %d, micro-batches: %d" %
          (hidden, len(compute), len(lanes)))
    ok = hidden == 0 if expect_none else hidden > 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
