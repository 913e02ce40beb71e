#!/usr/bin/env python3
"""Splits moe-run's batched --dump-logits rows into one .npy per sequence.

    split_npy.py BATCH.npy STDOUT.txt --lengths 3,1,6 OUT_PREFIX

moe-run writes the rows of a batch as: every prefill row, prompts in order
(prompt i contributes lengths[i] rows), then decode step by step, one row per
sequence still running at that step, by sequence index. Sequence i runs
generated[i] - 1 decode steps, generated[i] being the number of ids on its
`seq i:` line of STDOUT.txt (moe-run's standard output). Writes
OUT_PREFIX.<i>.npy with sequence i's rows in its own order (prefill, then
decode), which is the row order of the same prompt run alone. Checks that the
row counts add up. Python 3 standard library only (reads .npy with
tools/dev/npy_compare.py's reader).
"""

import argparse
import os
import re
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "tools", "dev"))
from npy_compare import read_npy  # noqa: E402


def write_npy(path, rows, cols, values):
    header = ("{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }"
              % (rows, cols))
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(values.tobytes())


def generated_counts(stdout_path):
    counts = {}
    with open(stdout_path) as f:
        for line in f:
            m = re.match(r"seq (\d+):(.*)$", line.rstrip("\n"))
            if m:
                counts[int(m.group(1))] = len(m.group(2).split())
    return [counts[i] for i in range(len(counts))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("batch")
    ap.add_argument("stdout")
    ap.add_argument("--lengths", required=True)
    ap.add_argument("prefix")
    args = ap.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    generated = generated_counts(args.stdout)
    if len(generated) != len(lengths):
        print("split_npy: %d prompt lengths but %d `seq` lines"
              % (len(lengths), len(generated)), file=sys.stderr)
        return 1
    (rows, cols), values = read_npy(args.batch)
    per_seq = [[] for _ in lengths]
    r = 0
    for i, n in enumerate(lengths):  # prefill, packed in prompt order
        per_seq[i].extend(range(r, r + n))
        r += n
    step = 1
    while True:  # decode steps: sequences with more tokens to feed
        running = [i for i, g in enumerate(generated) if g - 1 >= step]
        if not running:
            break
        for i in running:
            per_seq[i].append(r)
            r += 1
        step += 1
    if r != rows:
        print("split_npy: expected %d rows, %s has %d" % (r, args.batch, rows),
              file=sys.stderr)
        return 1
    for i, idx in enumerate(per_seq):
        out = values[:0]
        for row in idx:
            out.extend(values[row * cols:(row + 1) * cols])
        write_npy("%s.%d.npy" % (args.prefix, i), len(idx), cols, out)
        print("seq %d: %d rows" % (i, len(idx)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
