#!/usr/bin/env python3
"""Routing edge cases end to end, with and without moe-fuse-route-dispatch.

    routing_edge_cases.py BIN_DIR TMP_DIR

Each case takes a golden fixture config (test/golden/<family>/config.json),
changes the routing (top-k, a weight edit that forces ties or negative
correction biases), compiles it twice (the default pipeline, which fuses
router + dispatch into moe.route_dispatch, and --mxa-unfused-routing), runs
both with the same random weights (saved by moe-run, edited here) on the
case's prompts, and checks:
  * fused and unfused logit dumps and generated tokens are bit-identical (the
    fused kernel routes with the router kernel's per-token code and places
    rows in the same stable order);
  * the fused run matches moe-interp (f64) on the same weights, teacher-forced
    with the tokens moe-run generated: max|run - interp| / max|interp| <= 1e-4;
  * moe-interp gives bit-identical logits on the fused IR
    (moe-opt --moe-fuse-route-dispatch) and on the config's unfused IR.
Python 3 standard library only.
"""

import array
import json
import os
import re
import subprocess
import sys

TOL = 1e-4
SEED = 11

# (name, family, config changes, weight edit, prompts, max new tokens)
CASES = [
    ("top-k = experts", "qwen3_moe", {"num_experts_per_tok": 16}, None,
     [[5], [1, 2, 3, 4, 5, 6, 7]], 3),
    ("all-equal gate logits (ties)", "qwen3_moe", {}, "zero_gate",
     [[3, 9, 27]], 3),
    ("negative correction biases + tied gate rows", "deepseek_v3", {},
     "negative_bias_tied_rows", [[7], [1, 2, 3, 4, 5]], 3),
    ("softmax over top-k logits, single token", "gpt_oss", {}, None,
     [[42]], 2),
    ("sigmoid top-1, rows scaled on dispatch", "llama4", {}, None,
     [[1, 2, 3]], 2),
    ("top-1 of 8, one token: experts without tokens", "mixtral",
     {"num_experts_per_tok": 1}, None, [[11]], 2),
    ("softmax without renormalisation", "olmoe", {}, None, [[4, 5, 6]], 2),
]


def read_safetensors(path):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    return data, header, 8 + n


def edit_weights(path, edit):
    """Edits the F32 tensors of a moe-run --save-weights file in place."""
    data, header, base = read_safetensors(path)

    def tensors(pattern):
        for name, info in header.items():
            if name != "__metadata__" and re.fullmatch(pattern, name):
                if info["dtype"] != "F32":
                    raise SystemExit(path + ": " + name + ": expected F32")
                lo, hi = info["data_offsets"]
                yield name, info["shape"], base + lo, base + hi

    def update(lo, hi, fn):
        values = array.array("f")
        values.frombytes(bytes(data[lo:hi]))
        fn(values)
        data[lo:hi] = values.tobytes()

    found = 0
    if edit == "zero_gate":
        for _, _, lo, hi in tensors(r".*\.mlp\.gate\.weight"):
            update(lo, hi, lambda v: v.__setitem__(slice(None),
                                                   array.array("f", [0.0] * len(v))))
            found += 1
    elif edit == "negative_bias_tied_rows":
        for _, shape, lo, hi in tensors(r".*\.mlp\.gate\.weight"):
            e, h = shape

            def tie(v):
                # Expert e takes expert (e - e/2)'s row for the upper half:
                # equal scores across different groups.
                for x in range(e // 2, e):
                    v[x * h:(x + 1) * h] = v[(x - e // 2) * h:(x - e // 2 + 1) * h]
            update(lo, hi, tie)
            found += 1
        for _, _, lo, hi in tensors(r".*\.mlp\.gate\.e_score_correction_bias"):
            def negative(v):
                # Periodic like the tied rows, so experts e and e + E/2 (and
                # their groups) stay exactly tied after the bias.
                for i in range(len(v)):
                    v[i] = -0.05 - 0.1 * (((i % (len(v) // 2)) * 3) % 5)
            update(lo, hi, negative)
            found += 1
    if edit and not found:
        raise SystemExit(path + ": no tensor to edit for " + edit)
    with open(path, "wb") as f:
        f.write(data)


def run(args, log):
    with open(log, "w") as out:
        r = subprocess.run(args, stdout=out, stderr=subprocess.STDOUT)
    with open(log) as f:
        text = f.read()
    if r.returncode != 0:
        last = text.strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError("%s failed (%s): %s" %
                           (os.path.basename(args[0]), log, last[0]))
    return text


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    bin_dir, tmp = sys.argv[1:]
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    sys.path.insert(0, os.path.join(root, "tools", "dev"))
    import npy_compare

    tool = lambda name: os.path.join(bin_dir, name)
    os.makedirs(tmp, exist_ok=True)
    failed = 0
    for i, (name, family, changes, edit, prompts, steps) in enumerate(CASES):
        d = os.path.join(tmp, "case%d" % i)
        os.makedirs(d, exist_ok=True)
        label = "case %d %s (%s)" % (i, family, name)
        try:
            with open(os.path.join(root, "test", "golden", family,
                                   "config.json")) as f:
                config = json.load(f)
            config.update(changes)
            cfg = os.path.join(d, "config.json")
            with open(cfg, "w") as f:
                json.dump(config, f)
            fused, unfused = os.path.join(d, "f.mxa"), os.path.join(d, "u.mxa")
            run([tool("moe-opt"), cfg, "-o", fused], os.path.join(d, "f.log"))
            run([tool("moe-opt"), cfg, "--mxa-unfused-routing", "-o", unfused],
                os.path.join(d, "u.log"))
            w = os.path.join(d, "w.safetensors")
            run([tool("moe-run"), fused, "--random-weights", str(SEED),
                 "--save-weights", w], os.path.join(d, "save.log"))
            edit_weights(w, edit)
            prompt_args = []
            for p in prompts:
                prompt_args += ["--prompt-ids", ",".join(map(str, p))]
            outs = {}
            for tag, mxa in (("fused", fused), ("unfused", unfused)):
                log = run([tool("moe-run"), mxa, "--weights", w] + prompt_args +
                          ["--max-new-tokens", str(steps), "--dump-logits",
                           os.path.join(d, tag + ".npy")],
                          os.path.join(d, tag + ".log"))
                outs[tag] = [l for l in log.splitlines() if l.startswith("seq ")]
            with open(os.path.join(d, "fused.npy"), "rb") as f:
                a = f.read()
            with open(os.path.join(d, "unfused.npy"), "rb") as f:
                b = f.read()
            identical = a == b and outs["fused"] == outs["unfused"]
            decode_args = []
            for line in outs["fused"]:
                toks = line.split(":", 1)[1].split()
                decode_args.append("--decode-ids=" + ",".join(toks[:-1]))
            fused_ir = os.path.join(d, "fused.mlir")
            run([tool("moe-opt"), cfg, "--moe-fuse-route-dispatch", "-o",
                 fused_ir], os.path.join(d, "fir.log"))
            for model, tag in ((cfg, "interp"), (fused_ir, "interp_fused")):
                run([tool("moe-interp"), model, "--weights", w] + prompt_args +
                    decode_args +
                    ["--dump-logits", os.path.join(d, tag + ".npy")],
                    os.path.join(d, tag + ".log"))
            with open(os.path.join(d, "interp.npy"), "rb") as f:
                a = f.read()
            with open(os.path.join(d, "interp_fused.npy"), "rb") as f:
                interp_identical = a == f.read()
            shape_a, got = npy_compare.read_npy(os.path.join(d, "fused.npy"))
            shape_b, ref = npy_compare.read_npy(os.path.join(d, "interp.npy"))
            if shape_a != shape_b:
                raise RuntimeError("dump shapes differ: %s vs %s" %
                                   (shape_a, shape_b))
            peak = max((abs(x) for x in ref), default=0.0)
            diff = max((abs(x - y) for x, y in zip(got, ref)), default=0.0)
            err = diff / peak if peak > 0 else diff
            ok = identical and interp_identical and err <= TOL
            print("%s: fused vs unfused %s, interpreter fused vs unfused %s, "
                  "vs interpreter max_rel_err %.3e%s" %
                  (label, "bit-identical" if identical else "DIFFER",
                   "bit-identical" if interp_identical else "DIFFER", err,
                   "" if ok else " FAILED"))
            failed += not ok
        except (RuntimeError, OSError, ValueError) as e:
            print("%s: FAILED: %s" % (label, e))
            failed += 1
    print("routing-edge-cases: %s (%d cases)" %
          ("PASS" if not failed else "FAIL", len(CASES)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
