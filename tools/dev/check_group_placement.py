#!/usr/bin/env python3
"""Checks the dispersion bound of group-aligned expert placement.

Reads moe-opt output (IR after moe-expert-parallel) and, for every
`moe.ep_dispatch`, checks that each router group (`--groups` groups of
consecutive experts) lies on a single rank. The router picks a token's experts
from at most `--topk-group` groups (HF_MATH 3, group-limited routing), so the
token's rows then reach at most `--topk-group` ranks. Prints one line per layer
and exits 1 if some group is split over ranks.
"""
import argparse
import re
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ir")
    ap.add_argument("--experts", type=int, required=True)
    ap.add_argument("--groups", type=int, required=True)
    ap.add_argument("--topk-group", type=int, required=True)
    a = ap.parse_args()
    size = a.experts // a.groups
    ok = True
    text = open(a.ir).read()
    found = 0
    for m in re.finditer(r"moe\.ep_dispatch [^{]*\{([^}]*)\}", text):
        attrs = m.group(1)
        ep = int(re.search(r"ep_size = (\d+)", attrs).group(1))
        layer = int(re.search(r"layer = (\d+)", attrs).group(1))
        placement = [int(x) for x in re.search(r"placement = array<i64: ([^>]*)>", attrs).group(1).split(",")]
        per = len(placement) // ep
        ranks = {}
        for s, e in enumerate(placement):
            if e >= 0:
                ranks.setdefault(e // size, set()).add(s // per)
        split = {g: sorted(r) for g, r in ranks.items() if len(r) > 1}
        found += 1
        if split:
            ok = False
            g, r = next(iter(sorted(split.items())))
            print(f"layer {layer}: {len(split)} of {a.groups} groups split over ranks "
                  f"(group {g} on ranks {r}); a token may reach more than {a.topk_group} ranks")
        else:
            print(f"layer {layer}: every group on one rank; a token reaches at most "
                  f"{min(a.topk_group, ep)} of {ep} ranks")
    if not found:
        print("no moe.ep_dispatch found")
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
