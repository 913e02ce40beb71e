#!/usr/bin/env python3
"""moe-run vs. PyTorch eager `transformers` on the same small MoE models, same weights, same workload.

Run with the golden venv (torch + transformers; not needed by CI):

    tools/golden/.venv/bin/python bench/moe_vs_torch.py [--threads 1,2] [--reps 3] [--configs a.json,b.json]

For each config in bench/configs/:
  1. `moe-opt CONFIG -o X.mxa` (wall time measured),
  2. `moe-run X.mxa --random-weights 1 --save-weights W.safetensors` (deterministic random weights, HF names),
  3. the same file loaded by `transformers` (`from_pretrained` of a dir with config.json + model.safetensors;
     the run fails if any key is missing, unexpected or mismatched),
  4. workload: 1 prompt of 128 tokens prefilled, then 32 greedy tokens in all (the first comes out of the
     prefill, 31 decode steps). moe-run's figures are its own internal `prefill:` / `decode:` summary lines
     (model load excluded); the HF figures are wall times of `model(ids, use_cache=True)` and of the 31
     `model(tok, past_key_values=...)` steps under `torch.inference_mode()`, after one warm-up generation.
  5. agreement: moe-run's and HF's greedy token ids are printed and compared, plus max|diff| of the
     prefill logits (moe-run --dump-logits vs. HF), relative to max|logit|.

Each measurement is repeated --reps times; the median is reported. HF engines:
  hf-default: what `from_pretrained` picks on this machine (attention sdpa, experts grouped_mm if it can
              dispatch, else the eager loop; printed),
  hf-eager:   attn_implementation="eager", experts_implementation="eager" (the per-expert Python loop).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import AutoModelForCausalLM  # noqa: E402

transformers.utils.logging.disable_progress_bar()

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / "build" / "bin"
PROMPT_LEN = 128
NEW_TOKENS = 32  # in all: 1 from the prefill + 31 decode steps
MAX_LOAD = 1.5


def prompt_ids() -> list[int]:
    # Fixed, spread-out ids (no tokenizer involved).
    return [(i * 7919 + 13) % 32000 for i in range(PROMPT_LEN)]


def wait_quiet(max_wait_s: float = 120.0) -> float:
    """Wait until the 1-minute load average is under MAX_LOAD (at most max_wait_s); return the load seen."""
    t0 = time.time()
    while True:
        load = os.getloadavg()[0]
        if load < MAX_LOAD or time.time() - t0 > max_wait_s:
            if load >= MAX_LOAD:
                print(f"  [warn] load {load:.2f} still >= {MAX_LOAD} after {max_wait_s:.0f} s; measuring anyway")
            return load
        time.sleep(10)


def load_config(d: dict):
    cls = transformers.models.auto.configuration_auto.CONFIG_MAPPING[d["model_type"]]
    cfg = cls.from_dict({k: v for k, v in d.items() if k != "model_type"})
    cfg.dtype = torch.float32
    return cfg


def load_hf(model_dir: Path, d: dict, eager: bool):
    kw = dict(attn_implementation="eager", experts_implementation="eager") if eager else {}
    model, info = AutoModelForCausalLM.from_pretrained(
        str(model_dir), config=load_config(d), dtype=torch.float32, output_loading_info=True, **kw
    )
    bad = {k: v for k, v in info.items() if v}
    if bad:
        raise SystemExit(f"weights did not load cleanly into transformers: {bad}")
    return model.eval()


def hf_generate(model, ids: list[int]):
    """One greedy generation; returns (tokens, prefill_s, decode_s, prefill_logits)."""
    x = torch.tensor([ids], dtype=torch.long)
    with torch.inference_mode():
        t0 = time.perf_counter()
        out = model(input_ids=x, use_cache=True)
        tok = int(out.logits[0, -1].argmax())
        t1 = time.perf_counter()
        toks = [tok]
        pkv = out.past_key_values
        logits0 = out.logits[0]
        for _ in range(NEW_TOKENS - 1):
            out = model(input_ids=torch.tensor([[tok]]), past_key_values=pkv, use_cache=True)
            pkv = out.past_key_values
            tok = int(out.logits[0, -1].argmax())
            toks.append(tok)
        t2 = time.perf_counter()
    return toks, t1 - t0, t2 - t1, logits0


RE_SEQ = re.compile(r"^seq 0: (.*)$", re.M)
RE_PRE = re.compile(r"^prefill: (\d+) tokens in ([\d.]+) s \(([\d.]+) tokens/s\)", re.M)
RE_DEC = re.compile(r"^decode: (\d+) tokens in ([\d.]+) s \(([\d.]+) tokens/s\)", re.M)


def moe_run(mxa: Path, weights: Path, ids: list[int], threads: int, extra: list[str] = ()):
    cmd = [str(BIN / "moe-run"), str(mxa), "--weights", str(weights), "--prompt-ids", ",".join(map(str, ids)),
           "--max-new-tokens", str(NEW_TOKENS), "--threads", str(threads), *extra]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"moe-run failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    toks = [int(t) for t in RE_SEQ.search(r.stdout).group(1).split()]
    pre, dec = RE_PRE.search(r.stdout), RE_DEC.search(r.stdout)
    return toks, float(pre.group(3)), float(dec.group(3)), r.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--configs", default="bench/configs/qwen3_moe_small.json,bench/configs/deepseek_v3_small.json")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--no-eager", action="store_true", help="skip the hf-eager engine")
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    ids = prompt_ids()
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, "
          f"prompt {PROMPT_LEN} tokens, {NEW_TOKENS} new tokens ({NEW_TOKENS - 1} decode steps), reps {args.reps}")

    rows = []
    work = Path(tempfile.mkdtemp(prefix="moe_vs_torch_"))
    try:
        run_all(args, threads, ids, rows, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # ~0.5 GB of weights per config

    print("\n| config | threads | engine | prefill tok/s | decode tok/s | moe-run ÷ engine (prefill / decode) |")
    print("|---|---|---|---|---|---|")
    for name, t, e, p, dd, ratio in rows:
        print(f"| {name} | {t} | {e} | {p:.1f} | {dd:.1f} | {ratio or '—'} |")
    return 0


def run_all(args, threads, ids, rows, work):
    for cfg_path in args.configs.split(","):
        cfg_path = (ROOT / cfg_path) if not os.path.isabs(cfg_path) else Path(cfg_path)
        name = cfg_path.stem
        d = json.loads(cfg_path.read_text())
        mxa = work / f"{name}.mxa"
        mdir = work / name
        mdir.mkdir()

        compile_s = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            subprocess.run([str(BIN / "moe-opt"), str(cfg_path), "-o", str(mxa)], check=True)
            compile_s.append(time.perf_counter() - t0)
        print(f"\n== {name}: moe-opt compile {statistics.median(compile_s):.3f} s (median of {args.reps}), "
              f"artifact {mxa.stat().st_size} bytes")
        subprocess.run([str(BIN / "moe-run"), str(mxa), "--random-weights", "1", "--save-weights",
                        str(mdir / "model.safetensors")], check=True, capture_output=True)
        (mdir / "config.json").write_text(json.dumps(d, indent=2))

        # Agreement (untimed): tokens and prefill logits.
        dump = work / f"{name}_logits.npy"
        mr_toks, _, _, _ = moe_run(mxa, mdir / "model.safetensors", ids, 2, ["--dump-logits", str(dump)])
        mr_logits = np.load(dump)[:PROMPT_LEN]
        engines = {"hf-default": load_hf(mdir, d, eager=False)}
        if not args.no_eager:
            engines["hf-eager"] = load_hf(mdir, d, eager=True)
        m = engines["hf-default"]
        print(f"  hf-default resolved to attn={m.config._attn_implementation}, "
              f"experts={getattr(m.config, '_experts_implementation', None)}")
        for ename, model in engines.items():
            torch.set_num_threads(2)
            hf_toks, _, _, hf_logits = hf_generate(model, ids)
            hf_logits = hf_logits.numpy()
            rel = float(np.abs(mr_logits - hf_logits).max() / np.abs(hf_logits).max())
            same = next((i for i, (a, b) in enumerate(zip(mr_toks, hf_toks)) if a != b), len(hf_toks))
            print(f"  agreement moe-run vs {ename}: prefill logits max|diff|/max|logit| = {rel:.2e}; "
                  f"greedy tokens identical for the first {same}/{len(hf_toks)}")
            print(f"    moe-run: {' '.join(map(str, mr_toks[:12]))} ...")
            print(f"    {ename}: {' '.join(map(str, hf_toks[:12]))} ...")

        for t in threads:
            load = wait_quiet()
            print(f"  threads {t} (load {load:.2f})")
            pre, dec = [], []
            for _ in range(args.reps):
                _, p, dd, _ = moe_run(mxa, mdir / "model.safetensors", ids, t)
                pre.append(p)
                dec.append(dd)
            res = {"moe-run": (statistics.median(pre), statistics.median(dec))}
            for ename, model in engines.items():
                torch.set_num_threads(t)
                hf_generate(model, ids)  # warm-up
                pre, dec = [], []
                for _ in range(args.reps):
                    _, ps, ds, _ = hf_generate(model, ids)
                    pre.append(PROMPT_LEN / ps)
                    dec.append((NEW_TOKENS - 1) / ds)
                res[ename] = (statistics.median(pre), statistics.median(dec))
            for ename, (p, dd) in res.items():
                mp, md = res["moe-run"]
                ratio = "" if ename == "moe-run" else f"{mp / p:.2f} / {md / dd:.2f}"
                rows.append((name, t, ename, p, dd, ratio))
                print(f"    {ename:10s} prefill {p:8.1f} tok/s  decode {dd:7.1f} tok/s  {ratio}")


if __name__ == "__main__":
    sys.exit(main())
