#!/usr/bin/env python3
"""The training step with expert weights stored in every layout.

    train_expert_layouts.py BIN_DIR TMP_DIR GOLDEN_DIR

The frontends produce three expert-weight layouts (separate [out, in] gate /
up / down; Llama 4's fused [in, out] gate_up with [in, out] down; gpt-oss's
interleaved [in, out] gate_up with biases), each checked against PyTorch by
train-golden.test. `moe.experts` takes more: this script stores Llama 4's
fixture (GOLDEN_DIR, E = 8 experts, H = 64, I = 32) in the others. For each
variant it edits the imported module (moe-opt config.json), rewrites the
weights and the expected gradients (DIR/model.safetensors,
DIR/grads.safetensors) into that layout, compiles the training step and runs
`moe-run --train --golden-train` on it: the first step's loss, logits and
every gradient, and 50 AdamW losses must match PyTorch (1e-4), and the loss
curve must be bitwise the one of the original layout.

Python 3 standard library only.
"""

import array
import json
import os
import re
import shutil
import subprocess
import sys

E, H, I = 8, 64, 32
EXPERTS = r"(model\.layers\.\d+\.feed_forward\.experts)"


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise SystemExit(path + ": " + name + ": expected F32")
        lo, hi = info["data_offsets"]
        values = array.array("f")
        values.frombytes(data[8 + n + lo:8 + n + hi])
        tensors[name] = (info["shape"], values)
    return tensors


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, (shape, values) in tensors.items():
        blob = values.tobytes()
        header[name] = {"dtype": "F32", "shape": shape,
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little") + text + b"".join(blobs))


def transpose(shape, v):
    """[E, A, B] -> [E, B, A]."""
    e, a, b = shape
    out = array.array("f", [0.0]) * len(v)
    for x in range(e):
        for i in range(a):
            for j in range(b):
                out[(x * b + j) * a + i] = v[(x * a + i) * b + j]
    return [e, b, a], out


def columns(shape, v, pick):
    """[E, A, B] -> [E, A, len(pick)]: columns `pick` of each row."""
    e, a, b = shape
    out = array.array("f")
    for r in range(e * a):
        row = v[r * b:(r + 1) * b]
        out.extend(row[j] for j in pick)
    return [e, a, len(pick)], out


INTERLEAVE = [k // 2 + (k % 2) * I for k in range(2 * I)]


# Each variant: how the IR changes, and how a tensor named by its role in the
# original Llama 4 layout (gate_up [E, H, 2I] in_out concat, down [E, I, H]
# in_out) becomes the variant's tensors.
def fused_out_in(ir):
    # gate_up [E, 2I, H] (concat), down [E, H, I]; H == 2I keeps gate_up's type.
    ir = ir.replace(" {down_layout = #moe.layout<in_out>, "
                    "gate_up_layout = #moe.layout<in_out>}", "")
    return ir.replace("tensor<8x32x64xf32>", "tensor<8x64x32xf32>")


def fused_out_in_tensors(role, name, shape, v):
    return {name: transpose(shape, v)}


def interleaved_out_in(ir):
    # gate_up [E, 2I, H] with gate / up rows interleaved; down stays in_out.
    return ir.replace("gate_up_layout = #moe.layout<in_out>",
                      "gate_up_fusion = #moe.gate_up_fusion<interleaved>")


def interleaved_out_in_tensors(role, name, shape, v):
    if role == "down":
        return {name: (shape, v)}
    shape, v = columns(shape, v, INTERLEAVE)
    return {name: transpose(shape, v)}


def separate_in_out(ir):
    # gate and up [E, H, I] each, [in, out]; down stays in_out.
    ir = re.sub(r"moe\.param @" + EXPERTS + r"\.gate_up_proj : tensor<8x64x64xf32>",
                r"moe.param @\1.gate_proj : tensor<8x64x32xf32>\n"
                r"  moe.param @\1.up_proj : tensor<8x64x32xf32>", ir)
    ir = re.sub(r"(%\w+) = moe\.weight @" + EXPERTS +
                r"\.gate_up_proj : tensor<8x64x64xf32>",
                r"\1 = moe.weight @\2.gate_proj : tensor<8x64x32xf32>\n"
                r"    %up\1 = moe.weight @\2.up_proj : tensor<8x64x32xf32>", ir)
    ir = re.sub(r"gate_up\(%(\w+)\)", r"gate(%\1) up(%up%\1)", ir)
    ir = ir.replace("%up%", "%up")
    return ir.replace("tensor<8xi32>, tensor<8x64x64xf32>, tensor<8x32x64xf32>",
                      "tensor<8xi32>, tensor<8x64x32xf32>, tensor<8x64x32xf32>, "
                      "tensor<8x32x64xf32>")


def separate_in_out_tensors(role, name, shape, v):
    if role == "down":
        return {name: (shape, v)}
    base = name[:-len("gate_up_proj")]
    return {base + "gate_proj": columns(shape, v, range(I)),
            base + "up_proj": columns(shape, v, range(I, 2 * I))}


VARIANTS = [
    ("fused [out, in] gate_up, [out, in] down", fused_out_in, fused_out_in_tensors),
    ("interleaved [out, in] gate_up", interleaved_out_in, interleaved_out_in_tensors),
    ("separate [in, out] gate and up", separate_in_out, separate_in_out_tensors),
]


def convert(tensors, edit, prefix=""):
    out = {}
    for name, (shape, v) in tensors.items():
        m = re.fullmatch(re.escape(prefix) + EXPERTS + r"\.(gate_up_proj|down_proj)", name)
        if not m:
            out[name] = (shape, v)
            continue
        role = "gate_up" if m.group(2) == "gate_up_proj" else "down"
        out.update(edit(role, name, shape, v))
    return out


def run(args, log):
    with open(log, "w") as out:
        r = subprocess.run(args, stdout=out, stderr=subprocess.STDOUT)
    with open(log) as f:
        text = f.read()
    if r.returncode != 0:
        last = text.strip().splitlines()[-1:] or ["no output"]
        raise SystemExit("%s failed (%s): %s" % (os.path.basename(args[0]), log, last[0]))
    return text


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    bindir, tmp, golden = sys.argv[1:]
    os.makedirs(tmp, exist_ok=True)
    opt, mrun = os.path.join(bindir, "moe-opt"), os.path.join(bindir, "moe-run")
    ir = run([opt, os.path.join(golden, "config.json")], os.path.join(tmp, "llama4.mlir"))
    weights = read_safetensors(os.path.join(golden, "model.safetensors"))
    grads = read_safetensors(os.path.join(golden, "grads.safetensors"))

    def train(name, module, w, g):
        d = os.path.join(tmp, name)
        os.makedirs(d, exist_ok=True)
        shutil.copy(os.path.join(golden, "train.json"), d)
        write_safetensors(os.path.join(d, "model.safetensors"), w)
        write_safetensors(os.path.join(d, "grads.safetensors"), g)
        with open(os.path.join(d, "model.mlir"), "w") as f:
            f.write(module)
        mxa = os.path.join(d, "t.mxa")
        run([opt, os.path.join(d, "model.mlir"), "--mode=train",
             "--train-max-tokens", "16", "-o", mxa], os.path.join(d, "opt.log"))
        text = run([mrun, mxa, "--train", "--golden-train", d, "--steps", "50",
                    "--loss-file", os.path.join(d, "loss.txt")], os.path.join(d, "run.log"))
        with open(os.path.join(d, "loss.txt"), "rb") as f:
            return text, f.read()

    _, reference = train("original", ir, weights, grads)
    failed = 0
    for i, (title, edit_ir, edit_tensors) in enumerate(VARIANTS):
        module = edit_ir(ir)
        if module == ir:
            raise SystemExit("variant %d: the module did not change" % i)
        text, losses = train("variant%d" % i, module, convert(weights, edit_tensors),
                             convert(grads, edit_tensors, "grad."))
        grad_line = re.search(r"golden gradients \((\d+) params\): worst max rel (\S+)", text)
        ok = text.rstrip().endswith("PASS") and losses == reference
        failed += not ok
        print("variant %d (%s): %s params, worst gradient max rel %s, losses %s: %s" % (
            i, title, grad_line.group(1) if grad_line else "?",
            grad_line.group(2) if grad_line else "?",
            "bitwise equal" if losses == reference else "DIFFERENT",
            "PASS" if ok else "FAIL"))
    print("train-expert-layouts: %s (%d variants)" % ("FAIL" if failed else "PASS", len(VARIANTS)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
