#!/usr/bin/env python3
"""Compares two float32 .npy files (NumPy format 1.0, C order).

    npy_compare.py GOT.npy REF.npy [--tol 1e-4] [--rows]

Prints `max_rel_err <x>` with x = max|a - b| / max|b| over the whole array
(b = the reference; max|a - b| if b is all zero) and exits 1 if the shapes
differ or x > tol. With --rows (2-D arrays, e.g. logits [rows, vocab]) x is
computed per row and the tolerance applies to the median row: prints
`median_row_rel_err <m> max_row_rel_err <x>` (a few rows may move more, e.g.
where a perturbation flips a token's experts). NaNs count as infinite errors.
Python 3 standard library only.
"""

import argparse
import array
import ast
import struct
import sys


def read_npy(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        raise ValueError(path + ": not a .npy file")
    major = data[6]
    if major == 1:
        (hlen,) = struct.unpack("<H", data[8:10])
        start = 10
    elif major in (2, 3):
        (hlen,) = struct.unpack("<I", data[8:12])
        start = 12
    else:
        raise ValueError("%s: unsupported .npy version %d" % (path, major))
    header = ast.literal_eval(data[start:start + hlen].decode("latin1"))
    if header.get("descr") != "<f4" or header.get("fortran_order"):
        raise ValueError("%s: expected C-order '<f4', got %r" % (path, header))
    shape = tuple(header["shape"])
    values = array.array("f")
    values.frombytes(data[start + hlen:])
    if sys.byteorder != "little":
        values.byteswap()
    count = 1
    for d in shape:
        count *= d
    if len(values) != count:
        raise ValueError("%s: shape %r needs %d values, file has %d"
                         % (path, shape, count, len(values)))
    return shape, values


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("got")
    ap.add_argument("ref")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--rows", action="store_true",
                    help="tolerance on the median row's relative error")
    args = ap.parse_args()
    try:
        sa, a = read_npy(args.got)
        sb, b = read_npy(args.ref)
    except (OSError, ValueError, SyntaxError) as e:
        print("npy_compare: error: %s" % e, file=sys.stderr)
        return 1
    if sa != sb:
        print("shape mismatch: %r vs %r" % (sa, sb))
        return 1
    if args.rows:
        if len(sa) != 2 or sa[0] == 0:
            print("--rows needs a 2-D array with rows, got shape %r" % (sa,))
            return 1
        n = sa[1]
        errs = sorted(rel_err(a[i * n:(i + 1) * n], b[i * n:(i + 1) * n])
                      for i in range(sa[0]))
        median = errs[(len(errs) - 1) // 2]
        print("median_row_rel_err %.3e max_row_rel_err %.3e"
              % (median, errs[-1]))
        return 0 if median <= args.tol else 1
    err = rel_err(a, b)
    print("max_rel_err %.3e" % err)
    return 0 if err <= args.tol else 1


def rel_err(a, b):
    """max|a - b| / max|b| (max|a - b| when b is all zero); inf on NaN."""
    max_diff = 0.0
    for x, y in zip(a, b):
        d = abs(x - y)
        if not d <= max_diff:
            max_diff = d if d == d else float("inf")
    max_abs = max((abs(y) for y in b), default=0.0)
    return max_diff / max_abs if max_abs > 0 else max_diff


if __name__ == "__main__":
    sys.exit(main())
