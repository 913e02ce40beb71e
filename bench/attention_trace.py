#!/usr/bin/env python3
"""Time of the `attention` launches in a moe-run --trace file, prefill and decode apart.

usage: attention_trace.py TRACE.json NEW_TOKENS

Each entry call (a prefill chunk or a decode step) begins with its `embedding` launch; the last
NEW_TOKENS - 1 calls are the decode steps (the first new token comes from the prefill). Prints
one line: the prefill's attention time in ms summed over its calls, and the decode steps'
attention time in microseconds per launch (per layer and step).
"""
import json
import sys


def main():
    events = sorted((e for e in json.load(open(sys.argv[1]))["traceEvents"]
                     if e["ph"] == "X" and e["cat"] == "compute" and e["pid"] == 0),
                    key=lambda e: e["ts"])
    steps = int(sys.argv[2]) - 1
    calls = []
    for e in events:
        if e["name"] == "embedding":
            calls.append([])
        if calls and e["name"] == "attention":
            calls[-1].append(e["dur"])
    prefill, decode = calls[:len(calls) - steps], calls[len(calls) - steps:]
    pre = sum(sum(c) for c in prefill) / 1000.0
    dec = [d for c in decode for d in c]
    print("prefill_attention_ms %.1f decode_attention_us %.1f" %
          (pre, sum(dec) / len(dec) if dec else 0.0))


if __name__ == "__main__":
    main()
