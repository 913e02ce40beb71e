#!/usr/bin/env python3
"""Hugging Face transformers eager-mode throughput of a model built from a config.json (random weights).

For comparison with the project's own runtime on the same config. The model is built with
`AutoModelForCausalLM.from_config(config, dtype=..., attn_implementation="eager")` directly on the
device, seed 0, default (random normal) initialisation; with transformers versions that have an experts
implementation switch, the experts also run "eager" (the per-expert loop) unless --experts-impl says
otherwise. A `quantization_config` in the config (e.g. DeepSeek-V3's fp8) is dropped: the weights are
plain --dtype tensors.

Measured, under torch.no_grad(), with torch.cuda.synchronize() around each timed region, after one
untimed warm-up of the same work:
  prefill: one sequence of --prefill-tokens random token ids, `model(ids, use_cache=True)` (only the
           last position's logits when the model accepts `logits_to_keep`); tokens/s = T / time.
  decode:  --decode-batch B sequences of 16 random tokens prefilled (untimed), then --decode-steps S
           greedy steps `model(tok, past_key_values=cache, use_cache=True)`; tokens/s = B*S / time.

    python3 bench/gpu/hf_eager.py --config CONFIG.json --num-layers 4 --dtype bfloat16 \\
        --prefill-tokens 2048 --decode-batch 32 --decode-steps 64 --device cuda --json out.json
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
import transformers  # noqa: E402
from packaging.version import Version  # noqa: E402
from transformers import AutoConfig, AutoModelForCausalLM  # noqa: E402

DECODE_PROMPT = 16


def load_config(path: str, num_layers: int | None):
    """The config from PATH (a config.json or a directory holding one), with the layer count overridden.

    The override is applied to the raw dict before the config object is built, so that fields the config
    class derives from num_hidden_layers (e.g. layer_types) follow it."""
    p = Path(path)
    if p.is_dir():
        p = p / "config.json"
    d = json.loads(p.read_text())
    d.pop("quantization_config", None)
    d.pop("auto_map", None)  # never remote code: the model type's built-in class
    if num_layers is not None:
        d["num_hidden_layers"] = num_layers
        if d.get("first_k_dense_replace", 0) > num_layers:
            d["first_k_dense_replace"] = num_layers
        if isinstance(d.get("layer_types"), list):
            d["layer_types"] = d["layer_types"][:num_layers]
        if isinstance(d.get("mlp_only_layers"), list):
            d["mlp_only_layers"] = [i for i in d["mlp_only_layers"] if i < num_layers]
    config = AutoConfig.for_model(d.pop("model_type"), **d)
    if hasattr(config, "quantization_config"):
        delattr(config, "quantization_config")
    return config


def build_model(config, dtype, device, experts_impl):
    kw = dict(attn_implementation="eager")
    # transformers >= 4.56 names the argument `dtype`; older versions `torch_dtype`.
    kw["dtype" if Version(transformers.__version__).release >= (4, 56) else "torch_dtype"] = dtype
    if experts_impl != "default" and hasattr(type(config), "_experts_implementation"):
        kw["experts_implementation"] = experts_impl
    torch.manual_seed(0)
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(config, **kw)
    return model.to(device=device, dtype=dtype).eval()


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, help="a config.json, or a directory holding one")
    ap.add_argument("--num-layers", type=int, help="override num_hidden_layers")
    ap.add_argument("--dtype", choices=["float32", "bfloat16"], default="float32")
    ap.add_argument("--prefill-tokens", type=int, default=512)
    ap.add_argument("--decode-batch", type=int, default=8)
    ap.add_argument("--decode-steps", type=int, default=32)
    ap.add_argument("--device", choices=["cuda", "cpu"], default="cuda")
    ap.add_argument("--experts-impl", default="eager",
                    help='experts implementation where transformers has the switch ("default": leave it)')
    ap.add_argument("--json", help="also write the result as JSON to this path")
    args = ap.parse_args()

    device = torch.device(args.device)
    dtype = getattr(torch, args.dtype)
    config = load_config(args.config, args.num_layers)
    model = build_model(config, dtype, device, args.experts_impl)
    fwd_params = inspect.signature(model.forward).parameters
    last_only = dict(logits_to_keep=1) if "logits_to_keep" in fwd_params else {}
    vocab = config.vocab_size
    g = torch.Generator().manual_seed(0)
    prefill_ids = torch.randint(0, vocab, (1, args.prefill_tokens), generator=g).to(device)
    prompt_ids = torch.randint(0, vocab, (args.decode_batch, DECODE_PROMPT), generator=g).to(device)

    def prefill():
        sync(device)
        t0 = time.perf_counter()
        model(input_ids=prefill_ids, use_cache=True, **last_only)
        sync(device)
        return time.perf_counter() - t0

    def decode():
        out = model(input_ids=prompt_ids, use_cache=True, **last_only)
        cache = out.past_key_values
        tok = out.logits[:, -1].argmax(-1, keepdim=True)
        sync(device)
        t0 = time.perf_counter()
        for _ in range(args.decode_steps):
            out = model(input_ids=tok, past_key_values=cache, use_cache=True)
            cache = out.past_key_values
            tok = out.logits[:, -1].argmax(-1, keepdim=True)
        sync(device)
        return time.perf_counter() - t0

    with torch.no_grad():
        prefill(), decode()  # warm-up
        t_prefill = prefill()
        t_decode = decode()

    n_params = sum(p.numel() for p in model.parameters())
    res = dict(
        config=str(args.config), model_type=config.model_type, num_layers=config.num_hidden_layers,
        first_k_dense_replace=getattr(config, "first_k_dense_replace", None),
        params=n_params, dtype=args.dtype, device=args.device,
        device_name=torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        torch=torch.__version__, transformers=transformers.__version__,
        attn_implementation=getattr(config, "_attn_implementation", None),
        experts_implementation=getattr(config, "_experts_implementation", None),
        prefill_tokens=args.prefill_tokens, prefill_s=t_prefill, prefill_tok_s=args.prefill_tokens / t_prefill,
        decode_batch=args.decode_batch, decode_steps=args.decode_steps, decode_prompt=DECODE_PROMPT,
        decode_s=t_decode, decode_tok_s=args.decode_batch * args.decode_steps / t_decode)
    print(f"hf-eager {res['model_type']} layers={res['num_layers']} params={n_params / 1e6:.1f}M "
          f"{args.dtype} {res['device_name']} attn={res['attn_implementation']} "
          f"experts={res['experts_implementation']}: prefill {args.prefill_tokens} tok "
          f"{res['prefill_tok_s']:.1f} tok/s | decode {args.decode_batch}x{args.decode_steps} "
          f"{res['decode_tok_s']:.1f} tok/s")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
