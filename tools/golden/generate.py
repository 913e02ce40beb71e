#!/usr/bin/env python3
"""Generate golden fixtures for the moe-mlir importer from Hugging Face transformers.

For every model family this writes, under ``<out>/<family>/``:

* ``config.json``         shrunk config in the key layout of the real published ``config.json``
* ``model.safetensors``   random f32 weights under the tensor names real checkpoints use
* ``inputs.json``         prompts (token ids) and the number of greedy decode steps
* ``expected.safetensors``  ``prefill_logits.<i>`` [len_i, vocab] f32, ``decode_logits.<i>`` [steps, vocab] f32,
                            ``decode_tokens.<i>`` [steps] int64
* ``train.json``          a fixed training batch (tokens [2, 8], per-position labels), loss definition, AdamW settings
* ``grads.safetensors``   ``loss`` [1], ``logits`` [2, 8, vocab], ``grad.<name>`` (d loss / d tensor, for every tensor of
                            model.safetensors, same name/shape), ``adamw.loss`` [50] (loss before each AdamW step)

For gpt_oss it also writes ``<out>/gpt_oss_mxfp4/``: the same model with the expert matrices stored as MXFP4
blocks/scales, the format of the published gpt-oss checkpoints (same expected logits).

Run it through ``tools/golden/run.sh`` (pinned venv). See ``test/golden/README.md``.

Every fixture is self-checked before it is written:

* the stored files are loaded back with ``from_pretrained`` (so the tensor names / layouts are the ones the pinned
  transformers converts into its in-memory modules) and must reproduce the in-memory model bit for bit;
* KV-cache decoding must equal a no-cache forward over prompt + generated tokens, and ``generate()``;
* each structural feature named in ``FEATURE_CHECKS`` must change the logits when it is switched off, so the
  fixture really exercises it (sliding window, chunked attention, QK clipping, routing bias, ...);
* the training references map HF's parameter gradients to checkpoint names through the same save_pretrained
  conversion, proven to be a pure permutation of parameter elements (it must reproduce model.safetensors bit for
  bit); the batched forward must equal each row run alone; a float64 central finite difference must agree with the
  gradient on a few entries.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import copy
import inspect
import json
import math
import os
import re
import shutil
import sys
import tempfile
import zlib
from pathlib import Path

os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from safetensors import safe_open  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

import transformers  # noqa: E402
from transformers import AutoModelForCausalLM  # noqa: E402
from transformers.models.deepseek_v3 import DeepseekV3Config, DeepseekV3ForCausalLM  # noqa: E402
from torch.overrides import TorchFunctionMode  # noqa: E402

transformers.utils.logging.disable_progress_bar()

PINNED_TRANSFORMERS = "5.23.0"
PINNED_TORCH = "2.15.0"

ROOT = Path(__file__).resolve().parents[2]
SHARED_CONFIGS = Path(os.environ.get("MOE_MLIR_SHARED_CONFIGS", ROOT.parent / "shared" / "configs"))

# grads.safetensors holds one f32 gradient per checkpoint tensor, i.e. it is as large as model.safetensors: the
# limits were 2 MB / 20 MB before the training references were added.
MAX_FIXTURE_BYTES = 4 * 1024 * 1024
MAX_TOTAL_BYTES = 24 * 1024 * 1024

VOCAB = 256
PROMPT_LENGTHS = (5, 9)
DECODE_STEPS = 10
BASE_SEED = 20240601
# Greedy decoding must not hinge on near-ties: the top-1/top-2 logit gap of every greedy step must exceed this.
MIN_ARGMAX_MARGIN = 1e-2
MIN_DISTINCT_DECODE_TOKENS = 5
# Cached decode vs. no-cache recompute (both f32 on CPU, different op orders).
CACHE_TOL = 2e-4
# A feature check passes when switching the feature off moves some logit by more than this.
FEATURE_DELTA = 1e-3

COMMON_DROP = ("quantization_config", "auto_map")

# Training references (train.json / grads.safetensors).
TRAIN_BATCH = 2
TRAIN_SEQ_LEN = 8
TRAIN_SEED_OFFSET = 500  # family_seed + 500: distinct from the prompt seeds (+7 + 1000*attempt) and MTP (+1)
TRAIN_MIN_TOKEN = 2  # token ids are drawn from [2, vocab)
IGNORE_INDEX = -100
ADAMW = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.01}
ADAMW_STEPS = 50
# A row run alone vs. inside the [2, 8] batch (same f32 math, possibly different reduction blocking).
ROW_VS_BATCH_TOL = 1e-5
# Float64 central finite differences: step and the largest accepted relative error vs. the float64 gradient.
FD_STEP = 1e-5
FD_TOL = 1e-5


# ----------------------------------------------------------------------------------------------------------------
# Family definitions
# ----------------------------------------------------------------------------------------------------------------


def _load_shared(name: str) -> dict:
    path = SHARED_CONFIGS / name
    with open(path) as f:
        return json.load(f)


def _base(name: str, drop=COMMON_DROP) -> dict:
    d = _load_shared(name)
    for k in drop:
        d.pop(k, None)
    return d


def cfg_deepseek_v3() -> dict:
    d = _base("DeepSeek-V3.json")
    d.update(
        vocab_size=VOCAB,
        hidden_size=64,
        intermediate_size=96,
        moe_intermediate_size=16,
        num_hidden_layers=4,
        first_k_dense_replace=2,  # layers 0-1 dense, 2-3 MoE
        num_attention_heads=4,
        num_key_value_heads=4,
        n_routed_experts=16,
        n_group=4,
        topk_group=2,
        num_experts_per_tok=4,
        n_shared_experts=1,
        q_lora_rank=32,
        kv_lora_rank=32,
        qk_nope_head_dim=24,
        qk_rope_head_dim=16,
        v_head_dim=16,
        num_nextn_predict_layers=1,  # an MTP layer model.layers.4.* is stored and must be ignored
    )
    return d


def cfg_kimi_k2() -> dict:
    # No shared config and no native HF class: DeepSeek-V3 math with Kimi-K2 values (HF_MATH 2).
    d = _base("DeepSeek-V3.json")
    d.update(
        model_type="kimi_k2",
        architectures=["DeepseekV3ForCausalLM"],
        vocab_size=VOCAB,
        hidden_size=64,
        intermediate_size=96,
        moe_intermediate_size=16,
        num_hidden_layers=3,
        first_k_dense_replace=1,
        num_attention_heads=4,
        num_key_value_heads=4,
        n_routed_experts=16,
        n_group=1,
        topk_group=1,
        num_experts_per_tok=4,
        n_shared_experts=1,
        q_lora_rank=32,
        kv_lora_rank=32,
        qk_nope_head_dim=24,
        qk_rope_head_dim=16,
        v_head_dim=16,
        max_position_embeddings=131072,
        rope_theta=50000.0,
        rope_scaling={
            "beta_fast": 1.0,
            "beta_slow": 1.0,
            "factor": 32.0,
            "mscale": 1.0,
            "mscale_all_dim": 1.0,
            "original_max_position_embeddings": 4096,
            "type": "yarn",
        },
        routed_scaling_factor=2.827,
        num_nextn_predict_layers=0,
    )
    return d


def cfg_deepseek_v2() -> dict:
    # DeepSeek-V2 (full) routing (group_limited_greedy, 16x routed scaling) with V2-Lite attention (q_lora_rank null).
    d = _base("DeepSeek-V2-Lite.json")
    d.update(
        vocab_size=VOCAB,
        hidden_size=64,
        intermediate_size=96,
        moe_intermediate_size=16,
        num_hidden_layers=3,
        first_k_dense_replace=1,
        num_attention_heads=4,
        num_key_value_heads=4,
        n_routed_experts=16,
        n_group=4,
        topk_group=2,
        topk_method="group_limited_greedy",
        num_experts_per_tok=3,
        n_shared_experts=2,
        routed_scaling_factor=16.0,
        q_lora_rank=None,
        kv_lora_rank=32,
        qk_nope_head_dim=24,
        qk_rope_head_dim=16,
        v_head_dim=16,
        bos_token_id=0,
        eos_token_id=1,
    )
    return d


def cfg_qwen3_moe() -> dict:
    d = _base("Qwen3-30B-A3B.json")
    d.update(
        vocab_size=VOCAB,
        hidden_size=64,
        head_dim=32,  # != hidden/heads = 16, as in the real model
        num_attention_heads=4,
        num_key_value_heads=2,
        intermediate_size=96,
        moe_intermediate_size=16,
        num_experts=16,
        num_experts_per_tok=4,
        num_hidden_layers=3,
        max_window_layers=3,
        bos_token_id=0,
        eos_token_id=1,
    )
    return d


def cfg_qwen2_moe() -> dict:
    d = _base("Qwen1.5-MoE-A2.7B-Chat.json")
    d.update(
        vocab_size=VOCAB,
        hidden_size=64,
        num_attention_heads=4,
        num_key_value_heads=4,
        intermediate_size=96,
        moe_intermediate_size=16,
        shared_expert_intermediate_size=64,
        num_experts=12,
        num_experts_per_tok=4,
        num_hidden_layers=3,
        max_window_layers=2,
        bos_token_id=0,
        eos_token_id=1,
    )
    return d


def cfg_mixtral() -> dict:
    d = _base("Mixtral-8x7B-v0.1.json")
    d.update(
        vocab_size=VOCAB,
        hidden_size=64,
        num_attention_heads=8,
        num_key_value_heads=2,
        intermediate_size=32,
        num_local_experts=8,
        num_experts_per_tok=2,
        num_hidden_layers=3,
    )
    return d


def cfg_olmoe() -> dict:
    d = _base("OLMoE-1B-7B-0924.json")
    d.update(
        vocab_size=VOCAB,
        hidden_size=64,
        num_attention_heads=4,
        num_key_value_heads=4,
        intermediate_size=16,
        num_experts=16,
        num_experts_per_tok=4,
        num_hidden_layers=3,
        eos_token_id=2,
        pad_token_id=1,
    )
    return d


def cfg_gpt_oss() -> dict:
    d = _base("gpt-oss-20b.json")
    n_layers = 4
    d.update(
        vocab_size=VOCAB,
        hidden_size=64,
        head_dim=16,  # heads*head_dim = 128 != hidden, as in the real model
        num_attention_heads=8,
        num_key_value_heads=2,
        intermediate_size=32,
        num_local_experts=8,
        num_experts_per_tok=4,
        experts_per_token=4,
        num_hidden_layers=n_layers,
        layer_types=["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(n_layers)],
        sliding_window=4,
        eos_token_id=2,
        pad_token_id=1,
    )
    return d


def cfg_dbrx() -> dict:
    d = _base("DBRX.json")
    d.update(d_model=64, n_heads=4, n_layers=3, vocab_size=VOCAB)
    d["attn_config"] = dict(d["attn_config"], kv_n_heads=2, clip_qkv=2)
    d["ffn_config"] = dict(
        d["ffn_config"],
        ffn_hidden_size=16,
        moe_num_experts=16,
        moe_top_k=4,
        # The real config stores the int 1; transformers 5.23's strict config validation rejects an int here.
        moe_normalize_expert_weights=1.0,
    )
    return d


def cfg_llama4() -> dict:
    full = _load_shared("Llama-4-Scout-17B-16E.json")
    d = copy.deepcopy(full["text_config"])
    d["architectures"] = ["Llama4ForCausalLM"]
    d.update(
        vocab_size=VOCAB,
        hidden_size=64,
        head_dim=16,
        num_attention_heads=4,
        num_key_value_heads=2,
        intermediate_size=32,  # routed experts and the shared expert
        intermediate_size_mlp=64,  # dense (non-MoE) layers
        num_local_experts=8,
        num_experts_per_tok=1,
        num_hidden_layers=4,  # no_rope_layer_interval 4 -> layer 3 is NoPE (full attention)
        interleave_moe_layer_step=2,  # layers 1, 3 MoE; 0, 2 dense
        attention_chunk_size=8,
        floor_scale=4,
        # Scout's llama3 scaling (factor 16, low_freq_factor == high_freq_factor == 1, i.e. an empty smooth band)
        # with original_max_position_embeddings 8192 -> 64, so that the scaled band reaches frequencies whose
        # angles matter at fixture positions (< 20).
        rope_scaling=dict(full["text_config"]["rope_scaling"], original_max_position_embeddings=64),
        # The real config stores the int 4 (truthy); transformers 5.23's strict validation wants a bool.
        attn_temperature_tuning=True,
        bos_token_id=0,
        eos_token_id=[1, 2],
        pad_token_id=3,
    )
    return d


# name -> (config builder, feature checks)
# A feature check is (description, mutation) where mutation(config_dict) switches the feature off in the config
# dict (the same weights are then loaded into the mutated model) - the logits must change.
def _set(**kw):
    def f(d):
        d.update(kw)

    return f


def _set_sub(sub, **kw):
    def f(d):
        d[sub] = dict(d[sub], **kw)

    return f


def _rope_scaling_none(d):
    # An explicit "default" entry: some classes (gpt-oss) substitute YaRN when rope_scaling is absent.
    d["rope_scaling"] = {"rope_type": "default"}


FAMILIES = {
    "deepseek_v3": (
        cfg_deepseek_v3,
        [
            ("e_score_correction_bias used for selection", "zero_bias"),
            ("group-limited selection (n_group/topk_group)", _set(topk_group=4)),
            ("norm_topk_prob", _set(norm_topk_prob=False)),
            ("routed_scaling_factor", _set(routed_scaling_factor=1.0)),
            ("YaRN (rope + mscale^2 softmax scale)", _rope_scaling_none),
        ],
    ),
    "kimi_k2": (
        cfg_kimi_k2,
        [
            ("e_score_correction_bias used for selection", "zero_bias"),
            ("routed_scaling_factor", _set(routed_scaling_factor=1.0)),
            ("YaRN (rope + mscale^2 softmax scale)", _rope_scaling_none),
        ],
    ),
    "deepseek_v2": (
        cfg_deepseek_v2,
        [
            ("group_limited_greedy vs greedy", _set(topk_method="greedy")),
            ("routed_scaling_factor", _set(routed_scaling_factor=1.0)),
            ("YaRN (rope + mscale^2 softmax scale)", _rope_scaling_none),
        ],
    ),
    "qwen3_moe": (cfg_qwen3_moe, [("norm_topk_prob", _set(norm_topk_prob=False))]),
    "qwen2_moe": (cfg_qwen2_moe, [("norm_topk_prob stays false", _set(norm_topk_prob=True))]),
    "mixtral": (cfg_mixtral, []),
    "olmoe": (cfg_olmoe, [("norm_topk_prob stays false", _set(norm_topk_prob=True))]),
    "gpt_oss": (
        cfg_gpt_oss,
        [
            ("sliding window on even layers", _set(layer_types=["full_attention"] * 4)),
            ("swiglu clamp (limit 7)", _set(swiglu_limit=1.0e6)),
            ("YaRN (incl. cos/sin attention_factor)", _rope_scaling_none),
            ("attention sinks", "zero_sinks"),
        ],
    ),
    "dbrx": (
        cfg_dbrx,
        [
            ("clip_qkv", _set_sub("attn_config", clip_qkv=1.0e6)),  # None crashes in 5.23 (clamp(None, None))
            ("moe_normalize_expert_weights (L1)", _set_sub("ffn_config", moe_normalize_expert_weights=None)),
            # what unpatched transformers 5.23 would use (it ignores attn_config.rope_theta)
            ("attn_config.rope_theta 500000 (vs 10000)", _set_sub("attn_config", rope_theta=10000)),
        ],
    ),
    "llama4": (
        cfg_llama4,
        [
            ("chunked attention (chunk 8)", _set(attention_chunk_size=4096)),
            ("attention temperature tuning on NoPE layers", _set(attn_temperature_tuning=False)),
            ("QK L2 norm on RoPE layers", _set(use_qk_norm=False)),
            ("llama3 rope scaling", _rope_scaling_none),
        ],
    ),
}


# ----------------------------------------------------------------------------------------------------------------
# Config loading (including the workaround for transformers bugs)
# ----------------------------------------------------------------------------------------------------------------


def load_config(family: str, config_dict: dict):
    d = copy.deepcopy(config_dict)
    if family == "kimi_k2":
        # No native kimi_k2 class: the real checkpoint points at DeepSeek-V3 remote code.
        d.pop("model_type")
        cfg = DeepseekV3Config.from_dict(d)
    else:
        mt = d["model_type"]
        cls = transformers.models.auto.configuration_auto.CONFIG_MAPPING[mt]
        cfg = cls.from_dict({k: v for k, v in d.items() if k != "model_type"})
    if family == "dbrx":
        # transformers 5.x bug: DbrxConfig ignores attn_config.rope_theta (the only place DBRX configs store it) and
        # builds the rotary embedding from the default rope_parameters (theta 10000). transformers 4.x and the
        # reference use attn_config.rope_theta (500000 for DBRX). Patch it so the golden is right.
        theta = float(d["attn_config"]["rope_theta"])
        cfg.rope_parameters = {"rope_type": "default", "rope_theta": theta}
    cfg._attn_implementation = "eager"
    cfg._experts_implementation = "eager"
    cfg.dtype = torch.float32
    return cfg


def build_model(family: str, config_dict: dict):
    cfg = load_config(family, config_dict)
    if family == "kimi_k2":
        model = DeepseekV3ForCausalLM._from_config(cfg, attn_implementation="eager", experts_implementation="eager")
    else:
        model = AutoModelForCausalLM.from_config(cfg, attn_implementation="eager", experts_implementation="eager")
    model = model.to(torch.float32).eval()
    post_build_checks(family, model, config_dict)
    return model


def post_build_checks(family: str, model, d: dict):
    if family == "dbrx":
        hd = d["d_model"] // d["n_heads"]
        theta = d["attn_config"]["rope_theta"]
        want = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=torch.float) / hd))
        got = model.transformer.rotary_emb.inv_freq
        assert torch.allclose(got, want), "DBRX rope_theta workaround not effective"


def load_pretrained(family: str, path: Path, config_dict: dict):
    # The config is read back from the written config.json, which must be exactly what the model was built from.
    on_disk = json.loads((path / "config.json").read_text())
    assert on_disk == json.loads(json.dumps(config_dict)), f"{family}: config.json differs from the build config"
    config_dict = on_disk
    cfg = load_config(family, config_dict)
    cls = DeepseekV3ForCausalLM if family == "kimi_k2" else AutoModelForCausalLM
    model = cls.from_pretrained(
        str(path), config=cfg, dtype=torch.float32, attn_implementation="eager", experts_implementation="eager"
    )
    model = model.eval()
    post_build_checks(family, model, config_dict)
    return model


# ----------------------------------------------------------------------------------------------------------------
# Deterministic re-initialisation
# ----------------------------------------------------------------------------------------------------------------


def family_seed(family: str) -> int:
    return BASE_SEED + zlib.crc32(family.encode())


def _normal(gen, shape, std):
    return torch.randn(shape, generator=gen, dtype=torch.float32) * std


def _uniform(gen, shape, lo, hi):
    return torch.rand(shape, generator=gen, dtype=torch.float32) * (hi - lo) + lo


def fan_in(family: str, name: str, shape) -> int:
    """Input width of a (possibly fused 3-D) weight as laid out in HF memory."""
    if family == "dbrx" and name.endswith(("mlp.w1", "mlp.v1")):
        return shape[1]  # [E*ffn, d] applied as x @ w.T
    if family == "dbrx" and name.endswith("mlp.w2"):
        return None  # [E*ffn, d] applied untransposed: fan_in = ffn (set by caller)
    if len(shape) == 3:
        if family in ("gpt_oss", "llama4"):
            return shape[1]  # [E, in, out]
        return shape[2]  # [E, out, in]
    return shape[-1]


def reinit(family: str, model, config_dict: dict) -> None:
    """Overwrite every parameter and persistent buffer with deterministic, well-scaled random values.

    HF's default init (std 0.02, unit norm weights, zero biases) makes router logits nearly equal and every norm
    trivial; a fixture built that way would not notice a wrong routing or a missing norm weight.
    """
    gen = torch.Generator().manual_seed(family_seed(family))
    sd = model.state_dict()
    dbrx_ffn = config_dict.get("ffn_config", {}).get("ffn_hidden_size")
    new = {}
    for name in sorted(sd):
        t = sd[name]
        shape = tuple(t.shape)
        leaf = name.split(".")[-1]
        if t.dtype not in (torch.float32,):
            new[name] = t
            continue
        if re.search(r"(embed_tokens|wte)\.weight$", name):
            v = _normal(gen, shape, 1.0)
        elif name.endswith("e_score_correction_bias"):
            v = _normal(gen, shape, 0.15)
        elif leaf == "sinks":
            v = _normal(gen, shape, 1.0)
        elif len(shape) == 1 and ("norm" in name):
            v = _uniform(gen, shape, 0.5, 1.5)
        elif len(shape) == 1 or leaf.endswith("bias"):
            v = _normal(gen, shape, 0.1)
        elif name == "lm_head.weight":
            v = _normal(gen, shape, 2.0 / math.sqrt(shape[1]))
        elif re.search(r"(mlp\.gate|\.router|router\.layer|shared_expert_gate)\.weight$", name) or name.endswith(
            "feed_forward.router.weight"
        ):
            v = _normal(gen, shape, 1.5 / math.sqrt(shape[-1]))
        else:
            fi = fan_in(family, name, shape)
            if fi is None:
                fi = dbrx_ffn
            gain = 1.0
            if family == "gpt_oss" and name.endswith("experts.gate_up_proj"):
                gain = 3.5  # make |gate|, |up| exceed swiglu_limit (7) for a share of the tokens
            if family == "dbrx" and name.endswith("Wqkv.weight"):
                gain = 1.5  # make a share of q/k/v exceed clip_qkv
            v = _normal(gen, shape, gain / math.sqrt(fi))
        new[name] = v.to(t.dtype)
    model.load_state_dict(new, strict=True)
    if family == "gpt_oss":
        _mxfp4_exact_experts(model, gen)


# MXFP4 (e2m1) values; element code k -> FP4_VALUES[k].
FP4_VALUES = torch.tensor(
    [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, -0.0, -0.5, -1.0, -1.5, -2.0, -3.0, -4.0, -6.0], dtype=torch.float32
)


def _mxfp4_exact_experts(model, gen) -> None:
    """Snap gpt-oss expert matrices to values exactly representable in MXFP4 (32-element blocks sharing a power-of-2
    scale along the input dimension). The f32 fixture is then bit-identical to its MXFP4 form."""
    with torch.no_grad():
        for layer in model.model.layers:
            ex = layer.mlp.experts
            for pname in ("gate_up_proj", "down_proj"):
                p = getattr(ex, pname)  # [E, in, out]
                w = p.data.transpose(1, 2).contiguous()  # [E, out, in]
                E, out, inn = w.shape
                assert inn % 32 == 0
                blocks = w.view(E, out, inn // 32, 32)
                amax = blocks.abs().amax(-1, keepdim=True).clamp_min(1e-30)
                scale_exp = torch.ceil(torch.log2(amax / 6.0))  # largest |value| maps into [..., 6]
                scaled = blocks / torch.exp2(scale_exp)
                # nearest representable magnitude
                mags = FP4_VALUES[:8]
                idx = (scaled.abs().unsqueeze(-1) - mags).abs().argmin(-1)
                q = mags[idx] * torch.sign(scaled)
                deq = (q * torch.exp2(scale_exp)).view(E, out, inn)
                p.data.copy_(deq.transpose(1, 2).contiguous())


# ----------------------------------------------------------------------------------------------------------------
# Checkpoint writing
# ----------------------------------------------------------------------------------------------------------------

# Tensor names that must (or must not) appear, per family, to match the real published checkpoints.
NAME_RULES = {
    "deepseek_v3": [r"^model\.layers\.2\.mlp\.experts\.15\.gate_proj\.weight$", r"^model\.layers\.2\.mlp\.gate\.e_score_correction_bias$",
                    r"^model\.layers\.2\.mlp\.shared_experts\.up_proj\.weight$", r"^model\.layers\.0\.self_attn\.q_a_proj\.weight$",
                    r"^model\.layers\.4\.eh_proj\.weight$"],
    "kimi_k2": [r"^model\.layers\.1\.mlp\.experts\.0\.down_proj\.weight$", r"^model\.layers\.1\.mlp\.gate\.e_score_correction_bias$",
                r"^model\.layers\.0\.self_attn\.q_b_proj\.weight$"],
    "deepseek_v2": [r"^model\.layers\.1\.mlp\.experts\.0\.up_proj\.weight$", r"^model\.layers\.0\.self_attn\.q_proj\.weight$",
                    r"^model\.layers\.1\.mlp\.shared_experts\.gate_proj\.weight$"],
    "qwen3_moe": [r"^model\.layers\.0\.mlp\.experts\.0\.gate_proj\.weight$", r"^model\.layers\.0\.self_attn\.q_norm\.weight$"],
    "qwen2_moe": [r"^model\.layers\.0\.mlp\.experts\.11\.down_proj\.weight$", r"^model\.layers\.0\.mlp\.shared_expert_gate\.weight$",
                  r"^model\.layers\.0\.mlp\.shared_expert\.gate_proj\.weight$", r"^model\.layers\.0\.self_attn\.q_proj\.bias$"],
    "mixtral": [r"^model\.layers\.0\.block_sparse_moe\.experts\.7\.w1\.weight$", r"^model\.layers\.0\.block_sparse_moe\.gate\.weight$"],
    "olmoe": [r"^model\.layers\.0\.mlp\.experts\.0\.gate_proj\.weight$", r"^model\.layers\.0\.self_attn\.q_norm\.weight$"],
    "gpt_oss": [r"^model\.layers\.0\.mlp\.experts\.gate_up_proj$", r"^model\.layers\.0\.mlp\.experts\.down_proj_bias$",
                r"^model\.layers\.0\.mlp\.router\.bias$", r"^model\.layers\.0\.self_attn\.sinks$"],
    "dbrx": [r"^transformer\.blocks\.0\.ffn\.experts\.mlp\.w1$", r"^transformer\.blocks\.0\.norm_attn_norm\.attn\.Wqkv\.weight$",
             r"^transformer\.blocks\.0\.ffn\.router\.layer\.weight$", r"^transformer\.wte\.weight$"],
    "llama4": [r"^model\.layers\.1\.feed_forward\.experts\.gate_up_proj$", r"^model\.layers\.1\.feed_forward\.router\.weight$",
               r"^model\.layers\.1\.feed_forward\.shared_expert\.down_proj\.weight$", r"^model\.layers\.0\.feed_forward\.gate_proj\.weight$"],
}
# In-memory fused names that must NOT be in checkpoints whose real counterparts store one tensor per expert.
PER_EXPERT_FAMILIES = {"deepseek_v3", "kimi_k2", "deepseek_v2", "qwen3_moe", "qwen2_moe", "mixtral", "olmoe"}


def mtp_tensors(family: str, config_dict: dict, tensors: dict) -> dict:
    """DeepSeek-V3 checkpoints carry the multi-token-prediction module as one extra layer, model.layers.<L>.*
    (L = num_hidden_layers); plain forward ignores it. Emit one so importers are tested on skipping it."""
    n = config_dict.get("num_nextn_predict_layers", 0)
    if not n:
        return {}
    L = config_dict["num_hidden_layers"]
    H = config_dict["hidden_size"]
    V = config_dict["vocab_size"]
    gen = torch.Generator().manual_seed(family_seed(family) + 1)
    src = L - 1  # an MoE layer: copy its tensor names/shapes
    extra = {}
    prefix = f"model.layers.{src}."
    for name in sorted(tensors):
        if name.startswith(prefix):
            t = tensors[name]
            new_name = f"model.layers.{L}." + name[len(prefix):]
            if t.dim() == 1:
                v = _uniform(gen, t.shape, 0.5, 1.5) if "norm" in name else _normal(gen, t.shape, 0.15)
            else:
                v = _normal(gen, t.shape, 1.0 / math.sqrt(t.shape[-1]))
            extra[new_name] = v
    extra[f"model.layers.{L}.embed_tokens.weight"] = _normal(gen, (V, H), 1.0)
    extra[f"model.layers.{L}.enorm.weight"] = _uniform(gen, (H,), 0.5, 1.5)
    extra[f"model.layers.{L}.hnorm.weight"] = _uniform(gen, (H,), 0.5, 1.5)
    extra[f"model.layers.{L}.eh_proj.weight"] = _normal(gen, (H, 2 * H), 1.0 / math.sqrt(2 * H))
    extra[f"model.layers.{L}.shared_head.norm.weight"] = _uniform(gen, (H,), 0.5, 1.5)
    extra[f"model.layers.{L}.shared_head.head.weight"] = _normal(gen, (V, H), 2.0 / math.sqrt(H))
    return extra


def read_safetensors(path: Path) -> dict:
    out = {}
    with safe_open(str(path), framework="pt") as f:
        for k in f.keys():
            out[k] = f.get_tensor(k)
    return out


def write_checkpoint(family: str, model, config_dict: dict, fixture_dir: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp, safe_serialization=True)
        files = sorted(p.name for p in Path(tmp).glob("*.safetensors"))
        assert files == ["model.safetensors"], f"unexpected shards {files}"
        tensors = read_safetensors(Path(tmp) / "model.safetensors")
    check_names(family, tensors)
    tensors.update(mtp_tensors(family, config_dict, tensors))
    tensors = {k: v.contiguous() for k, v in sorted(tensors.items())}
    write_safetensors(fixture_dir / "model.safetensors", tensors)
    return tensors


def check_names(family: str, tensors: dict) -> None:
    names = list(tensors)
    for pat in NAME_RULES[family]:
        if pat.startswith(r"^model\.layers\.4\.eh_proj"):
            continue  # added after this check (MTP)
        assert any(re.match(pat, n) for n in names), f"{family}: no tensor matches {pat}"
    if family in PER_EXPERT_FAMILIES:
        bad = [n for n in names if re.search(r"experts\.(gate_up_proj|down_proj)$", n)]
        assert not bad, f"{family}: fused expert tensors written: {bad[:3]}"
    for n, t in tensors.items():
        assert t.dtype == torch.float32, f"{family}: {n} has dtype {t.dtype}"


# ----------------------------------------------------------------------------------------------------------------
# Running the model
# ----------------------------------------------------------------------------------------------------------------


def make_prompts(family: str, attempt: int) -> list[list[int]]:
    gen = torch.Generator().manual_seed(family_seed(family) + 7 + 1000 * attempt)
    return [torch.randint(0, VOCAB, (n,), generator=gen).tolist() for n in PROMPT_LENGTHS]


@torch.no_grad()
def run_prompt(model, prompt: list[int], steps: int):
    ids = torch.tensor([prompt], dtype=torch.long)
    out = model(input_ids=ids, use_cache=True)
    prefill = out.logits[0].float().clone()
    past = out.past_key_values
    tok = int(prefill[-1].argmax())
    dec_logits, dec_tokens = [], []
    for _ in range(steps):
        dec_tokens.append(tok)
        out = model(input_ids=torch.tensor([[tok]], dtype=torch.long), past_key_values=past, use_cache=True)
        past = out.past_key_values
        lg = out.logits[0, -1].float().clone()
        dec_logits.append(lg)
        tok = int(lg.argmax())
    return prefill, torch.stack(dec_logits), torch.tensor(dec_tokens, dtype=torch.int64)


@torch.no_grad()
def full_logits(model, seq: list[int]) -> torch.Tensor:
    return model(input_ids=torch.tensor([seq], dtype=torch.long), use_cache=False).logits[0].float()


def argmax_margin(logits: torch.Tensor) -> float:
    top2 = logits.topk(2, dim=-1).values
    return float((top2[..., 0] - top2[..., 1]).min())


@torch.no_grad()
def compute_expected(family: str, model, prompts: list[list[int]]):
    expected = {}
    for i, prompt in enumerate(prompts):
        prefill, dec_logits, dec_tokens = run_prompt(model, prompt, DECODE_STEPS)
        for name, t in (("prefill", prefill), ("decode", dec_logits)):
            assert torch.isfinite(t).all(), f"{family}: non-finite {name} logits"
        # 1) KV-cache path == no-cache path over the whole sequence.
        seq = prompt + dec_tokens.tolist()
        full = full_logits(model, seq)
        n = len(prompt)
        err_prefill = (full[:n] - prefill).abs().max().item()
        err_decode = (full[n:] - dec_logits).abs().max().item()
        assert err_prefill <= CACHE_TOL and err_decode <= CACHE_TOL, (
            f"{family}: prompt {i}: cache vs no-cache mismatch prefill {err_prefill:.3g} decode {err_decode:.3g}"
        )
        # 2) greedy tokens == generate().
        gen_out = model.generate(
            torch.tensor([prompt]),
            attention_mask=torch.ones(1, n, dtype=torch.long),
            max_new_tokens=DECODE_STEPS,
            do_sample=False,
            num_beams=1,
            eos_token_id=None,
            pad_token_id=0,
            min_new_tokens=DECODE_STEPS,
        )
        assert gen_out[0, n:].tolist() == dec_tokens.tolist(), f"{family}: generate() disagrees with manual greedy"
        # 3) greedy choices are not near-ties (the caller retries with other prompts otherwise).
        margin = min(argmax_margin(prefill[-1:]), argmax_margin(dec_logits))
        if margin < MIN_ARGMAX_MARGIN:
            print(f"    prompt {i}: greedy near-tie (margin {margin:.3g}), trying other prompts")
            return None
        # 4) a degenerate continuation (one token repeated) tests little of the decode path.
        if len(set(dec_tokens.tolist())) < MIN_DISTINCT_DECODE_TOKENS:
            print(f"    prompt {i}: degenerate continuation {dec_tokens.tolist()}, trying other prompts")
            return None
        expected[f"prefill_logits.{i}"] = prefill.contiguous()
        expected[f"decode_logits.{i}"] = dec_logits.contiguous()
        expected[f"decode_tokens.{i}"] = dec_tokens.contiguous()
        print(
            f"    prompt {i}: len {n}, tokens {dec_tokens.tolist()}, cache-vs-full {max(err_prefill, err_decode):.2e}, "
            f"min argmax margin {margin:.3f}"
        )
    return expected


@torch.no_grad()
def feature_checks(family: str, config_dict: dict, state: dict, prompts, expected) -> list[tuple[str, float]]:
    """Switch each structural feature off and make sure the logits move."""
    results = []
    seq = prompts[-1] + expected[f"decode_tokens.{len(prompts) - 1}"].tolist()
    ref = torch.cat([expected[f"prefill_logits.{len(prompts) - 1}"], expected[f"decode_logits.{len(prompts) - 1}"]])
    for desc, mutate in FAMILIES[family][1]:
        d = copy.deepcopy(config_dict)
        st = dict(state)
        if mutate == "zero_bias":
            st = {k: (torch.zeros_like(v) if k.endswith("e_score_correction_bias") else v) for k, v in st.items()}
        elif mutate == "zero_sinks":
            st = {k: (torch.zeros_like(v) if k.endswith(".sinks") else v) for k, v in st.items()}
        else:
            mutate(d)
        m = build_model(family, d)
        m.load_state_dict(st, strict=True)
        got = full_logits(m, seq)
        delta = (got - ref).abs().max().item()
        results.append((desc, delta))
        status = "ok" if delta > FEATURE_DELTA else "NOT EXERCISED"
        print(f"    feature '{desc}': max |dlogit| {delta:.3g} {status}")
        assert delta > FEATURE_DELTA, f"{family}: feature '{desc}' does not change the logits"
    return results


@torch.no_grad()
def feature_stats(family: str, model, prompts) -> None:
    """Print how often the clamps of gpt-oss / DBRX fire (they must fire for the fixture to test them)."""
    hooks, counts = [], {"hit": 0, "total": 0}
    if family == "dbrx":
        limit = model.config.attn_config.clip_qkv

        def hook(mod, inp, out):
            counts["hit"] += int((out.abs() > limit).sum())
            counts["total"] += out.numel()

        for blk in model.transformer.blocks:
            hooks.append(blk.norm_attn_norm.attn.Wqkv.register_forward_hook(hook))
    elif family == "gpt_oss":
        limit = model.config.swiglu_limit
        for layer in model.model.layers:
            ex = layer.mlp.experts
            orig = ex._apply_gate

            def patched(gate_up, _orig=orig):
                g, u = gate_up[..., ::2], gate_up[..., 1::2]
                counts["hit"] += int((g > limit).sum() + (u.abs() > limit).sum())
                counts["total"] += g.numel() + u.numel()
                return _orig(gate_up)

            ex._apply_gate = patched
    else:
        return
    for p in prompts:
        full_logits(model, p)
    for h in hooks:
        h.remove()
    if family == "gpt_oss":
        for layer in model.model.layers:
            del layer.mlp.experts._apply_gate
    frac = counts["hit"] / max(counts["total"], 1)
    print(f"    clamp fires on {counts['hit']}/{counts['total']} values ({100 * frac:.1f}%)")
    assert counts["hit"] > 0, f"{family}: clamp never fires"


# ----------------------------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------------------------


def write_json(path: Path, obj) -> None:
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True)
        f.write("\n")
    os.chmod(path, 0o644)


def write_safetensors(path: Path, tensors: dict) -> None:
    # Tensors in name order and a single metadata key: safetensors serialises the metadata map in hash order,
    # so more keys would make the bytes vary from run to run.
    save_file({k: tensors[k].contiguous() for k in sorted(tensors)}, str(path), metadata={"format": "pt"})
    os.chmod(path, 0o644)


def generate_family(family: str, out_dir: Path) -> None:
    print(f"== {family}")
    torch.manual_seed(family_seed(family))
    builder = FAMILIES[family][0]
    config_dict = builder()
    config_dict["torch_dtype"] = "float32"
    config_dict["transformers_version"] = PINNED_TRANSFORMERS

    fixture_dir = out_dir / family
    if fixture_dir.exists():
        shutil.rmtree(fixture_dir)
    fixture_dir.mkdir(parents=True)

    model = build_model(family, config_dict)
    reinit(family, model, config_dict)
    state = {k: v.clone() for k, v in model.state_dict().items()}

    write_json(fixture_dir / "config.json", config_dict)
    tensors = write_checkpoint(family, model, config_dict, fixture_dir)
    for pat in NAME_RULES[family]:
        assert any(re.match(pat, n) for n in tensors), f"{family}: no tensor matches {pat}"

    # Reload exactly what was written; the goldens come from the reloaded model.
    reloaded = load_pretrained(family, fixture_dir, config_dict)
    rsd = reloaded.state_dict()
    assert set(rsd) == set(state), f"{family}: reload changes parameter set: {set(rsd) ^ set(state)}"
    for k in state:
        assert torch.equal(rsd[k], state[k]), f"{family}: reload changes {k}"

    for attempt in range(20):
        prompts = make_prompts(family, attempt)
        expected = compute_expected(family, reloaded, prompts)
        if expected is not None:
            break
    else:
        raise AssertionError(f"{family}: no prompts without greedy near-ties")
    feature_stats(family, reloaded, prompts)
    feature_checks(family, config_dict, state, prompts, expected)

    write_json(
        fixture_dir / "inputs.json",
        {
            "family": family,
            "model_type": config_dict["model_type"],
            "dtype": "float32",
            "prompts": prompts,
            "decode_steps": DECODE_STEPS,
            "batch_size": 1,
            "generated_by": {
                "script": "tools/golden/generate.py",
                "transformers": transformers.__version__,
                "torch": torch.__version__.split("+")[0],
            },
            "notes": (
                "Each prompt is run alone as a batch of 1 (no padding, no attention mask), positions 0..len-1. "
                "decode_tokens.<i>[0] = argmax(prefill_logits.<i>[-1]); decode step s feeds decode_tokens.<i>[s] at "
                "position len+s through the KV cache and yields decode_logits.<i>[s]; "
                "decode_tokens.<i>[s+1] = argmax(decode_logits.<i>[s]). EOS is ignored."
            ),
        },
    )
    write_safetensors(fixture_dir / "expected.safetensors", expected)
    n_params = sum(v.numel() for v in tensors.values())
    print(f"    {len(tensors)} tensors, {n_params} params")
    if family == "gpt_oss":
        write_gpt_oss_mxfp4(config_dict, tensors, fixture_dir, out_dir / "gpt_oss_mxfp4")
    write_train_references(family, config_dict, fixture_dir)


def pack_mxfp4(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Pack an HF-layout gpt-oss expert weight [E, in, out] (values exactly representable) into the checkpoint's
    MXFP4 form: blocks uint8 [E, out, in/32, 16] (element 2k in the low nibble of byte k, 2k+1 in the high nibble)
    and scales uint8 [E, out, in/32] (value = FP4_VALUES[code] * 2^(scale - 127))."""
    w = w.transpose(1, 2).contiguous()  # [E, out, in]
    E, out, inn = w.shape
    blocks = w.view(E, out, inn // 32, 32)
    amax = blocks.abs().amax(-1, keepdim=True).clamp_min(2.0**-120)
    exp = torch.ceil(torch.log2(amax / 6.0))
    scaled = blocks / torch.exp2(exp)
    mags = FP4_VALUES[:8]
    mag_idx = (scaled.abs().unsqueeze(-1) - mags).abs().argmin(-1)
    assert torch.equal(mags[mag_idx], scaled.abs()), "weight not exactly representable in MXFP4"
    codes = (mag_idx + 8 * (scaled < 0).long()).to(torch.uint8)  # [E, out, G, 32]
    packed = codes[..., 0::2] | (codes[..., 1::2] << 4)
    scales = (exp.squeeze(-1) + 127).to(torch.int64)
    assert int(scales.min()) >= 0 and int(scales.max()) <= 255
    return packed.contiguous(), scales.to(torch.uint8).contiguous()


def write_gpt_oss_mxfp4(config_dict: dict, tensors: dict, f32_dir: Path, fixture_dir: Path) -> None:
    """The published gpt-oss checkpoints store the expert matrices in MXFP4 (`*_blocks` / `*_scales`, with
    quantization_config.quant_method = mxfp4). The f32 gpt_oss fixture's expert weights are exactly representable,
    so the same model is written again in that form; its expected logits are identical to the f32 fixture's."""
    from transformers.integrations.mxfp4 import _convert_moe_packed_tensors

    print("== gpt_oss_mxfp4 (same model as gpt_oss, experts stored as MXFP4 blocks/scales)")
    if fixture_dir.exists():
        shutil.rmtree(fixture_dir)
    fixture_dir.mkdir(parents=True)
    d = copy.deepcopy(config_dict)
    d["quantization_config"] = copy.deepcopy(_load_shared("gpt-oss-20b.json")["quantization_config"])
    out = {}
    for name, t in tensors.items():
        if re.search(r"mlp\.experts\.(gate_up_proj|down_proj)$", name):
            blocks, scales = pack_mxfp4(t)
            # Same dequantization transformers applies at load time must give back the exact f32 weight.
            deq = _convert_moe_packed_tensors(blocks, scales, dtype=torch.float32)
            assert torch.equal(deq, t), f"MXFP4 round trip differs for {name}"
            out[name + "_blocks"] = blocks
            out[name + "_scales"] = scales
        else:
            out[name] = t
    write_json(fixture_dir / "config.json", d)
    write_safetensors(fixture_dir / "model.safetensors", out)
    inputs = json.loads((f32_dir / "inputs.json").read_text())
    inputs["family"] = "gpt_oss_mxfp4"
    write_json(fixture_dir / "inputs.json", inputs)
    shutil.copyfile(f32_dir / "expected.safetensors", fixture_dir / "expected.safetensors")
    # transformers dequantizes MXFP4 on CPU at load time; the result must reproduce the goldens.
    try:
        model = load_pretrained("gpt_oss", fixture_dir, d)
    except Exception as e:  # pragma: no cover - depends on optional kernels
        print(f"    note: transformers could not load the MXFP4 checkpoint on CPU ({type(e).__name__}: {e})")
        return
    exp = read_safetensors(fixture_dir / "expected.safetensors")
    for i, prompt in enumerate(inputs["prompts"]):
        seq = prompt + exp[f"decode_tokens.{i}"].tolist()
        ref = torch.cat([exp[f"prefill_logits.{i}"], exp[f"decode_logits.{i}"]])
        err = (full_logits(model, seq) - ref).abs().max().item()
        print(f"    prompt {i}: transformers-loaded MXFP4 model vs goldens: max |dlogit| {err:.2e}")
        assert err <= CACHE_TOL, "MXFP4 checkpoint does not reproduce the goldens"


# ----------------------------------------------------------------------------------------------------------------
# Training references: train.json + grads.safetensors
# ----------------------------------------------------------------------------------------------------------------


def make_train_batch(family: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Tokens [2, 8] from a per-family generator (its own seed offset: the prompts do not change) and labels spelled
    out per position: labels[b, i] = tokens[b, i + 1], labels[b, -1] = -100 (HF's labels=input_ids shift)."""
    gen = torch.Generator().manual_seed(family_seed(family) + TRAIN_SEED_OFFSET)
    tokens = torch.randint(TRAIN_MIN_TOKEN, VOCAB, (TRAIN_BATCH, TRAIN_SEQ_LEN), generator=gen)
    labels = torch.full_like(tokens, IGNORE_INDEX)
    labels[:, :-1] = tokens[:, 1:]
    return tokens, labels


def train_forward(model, tokens: torch.Tensor, labels: torch.Tensor | None = None):
    """Logits of the batch (no attention mask, positions 0..T-1 per row) and, with labels, the mean next-token cross
    entropy computed here from the logits: never the model's own labels= loss, which may add a router aux loss."""
    kwargs = {"use_cache": False}
    if "output_router_logits" in inspect.signature(model.forward).parameters:
        kwargs["output_router_logits"] = False
    out = model(input_ids=tokens, **kwargs)
    assert getattr(out, "aux_loss", None) is None and getattr(out, "loss", None) is None
    logits = out.logits
    if labels is None:
        return None, logits
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=IGNORE_INDEX)
    return loss, logits


def _saved_tensors(model) -> dict:
    """What save_pretrained writes for this model (HF's own in-memory -> checkpoint conversion)."""
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp, safe_serialization=True)
        files = sorted(p.name for p in Path(tmp).glob("*.safetensors"))
        assert files == ["model.safetensors"], f"unexpected shards {files}"
        return read_safetensors(Path(tmp) / "model.safetensors")


class CheckpointMap:
    """HF parameters -> checkpoint tensors, derived by running save_pretrained's conversion on a copy of the model
    whose parameters hold their own global element index (exact in f32 below 2^24) and whose persistent buffers hold
    negative markers. Every checkpoint element must then be exactly one parameter element (or a buffer): the
    conversion is a pure permutation (split/transpose/un-fuse), so d loss / d checkpoint tensor is the same
    permutation of the parameter gradients. Tied parameters would appear once in named_parameters() (their gradient
    is the total) and an index used twice in the checkpoint would fail the bijection check below."""

    def __init__(self, family: str, model):
        self.family = family
        self.params = list(model.named_parameters())  # deduplicated: a tied parameter appears once
        self.offsets, n = [], 0
        for name, p in self.params:
            assert p.dtype == torch.float32 and p.is_contiguous(), f"{family}: parameter {name} {p.dtype}"
            self.offsets.append(n)
            n += p.numel()
        self.numel = n
        assert n < 2**24, f"{family}: {n} parameter elements are not exactly representable as f32 indices"
        marked = copy.deepcopy(model)
        mparams = dict(marked.named_parameters())
        self.buffer_names = sorted(k for k in marked.state_dict() if k not in mparams)
        with torch.no_grad():
            for (name, p), off in zip(self.params, self.offsets):
                mparams[name].copy_(torch.arange(off, off + p.numel(), dtype=torch.float64).view(p.shape))
            for j, name in enumerate(self.buffer_names):
                marked.get_buffer(name).fill_(-(j + 1))
        saved = _saved_tensors(marked)
        self.index, self.buffers = {}, {}
        uses = torch.zeros(n, dtype=torch.int64)
        for name, t in sorted(saved.items()):
            assert t.dtype == torch.float32, f"{family}: {name} saved as {t.dtype}"
            if bool((t >= 0).all()):
                idx = t.to(torch.int64)
                assert torch.equal(idx.to(torch.float32), t), f"{family}: {name}: conversion is not a relayout"
                uses.index_add_(0, idx.reshape(-1), torch.ones(idx.numel(), dtype=torch.int64))
                self.index[name] = idx
            else:
                vals = t.unique().tolist()
                assert len(vals) == 1 and vals[0] < 0, f"{family}: {name} mixes parameter and buffer elements"
                self.buffers[name] = self.buffer_names[-int(vals[0]) - 1]
                assert tuple(model.get_buffer(self.buffers[name]).shape) == tuple(t.shape)
        assert bool((uses == 1).all()), (
            f"{family}: save_pretrained conversion is not a bijection onto the parameters "
            f"({int((uses == 0).sum())} elements unused, {int((uses > 1).sum())} stored twice)"
        )

    def flat(self, tensors) -> torch.Tensor:
        return torch.cat([t.reshape(-1) for t in tensors])

    def to_checkpoint(self, flat: torch.Tensor) -> dict:
        assert flat.numel() == self.numel
        return {name: flat[idx].contiguous() for name, idx in self.index.items()}

    def locate(self, ckpt_name: str, element: int) -> tuple[str, int]:
        """Parameter name and flat offset inside it holding element `element` of checkpoint tensor `ckpt_name`."""
        g = int(self.index[ckpt_name].reshape(-1)[element])
        k = bisect.bisect_right(self.offsets, g) - 1
        return self.params[k][0], g - self.offsets[k]


def _bits_equal(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and torch.equal(a.view(torch.int32), b.view(torch.int32))


class Float64Mode(TorchFunctionMode):
    """Inside this mode every request for float32 (a dtype= argument, Tensor.to/type/float) gets float64 instead, and
    every float32 tensor result is counted: the HF modules upcast to f32 internally (RMSNorm, attention softmax,
    rotary, routers), which would make a float64 finite difference only f32-accurate."""

    def __init__(self):
        super().__init__()
        self.f32_results = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if kwargs.get("dtype") is torch.float32:
            kwargs["dtype"] = torch.float64
        if func is torch.Tensor.float:
            func, args = torch.Tensor.to, (args[0], torch.float64)
        elif func in (torch.Tensor.to, torch.Tensor.type):
            args = tuple(torch.float64 if a is torch.float32 else a for a in args)
        out = func(*args, **kwargs)
        if isinstance(out, torch.Tensor) and out.dtype == torch.float32:
            self.f32_results += 1
        return out


def fd_entries(grads: dict, cmap: CheckpointMap) -> list[tuple[str, str, int]]:
    """A few checkpoint entries to check by finite differences: the largest |grad| overall, in a router and in a
    routed expert tensor."""
    picks = []
    groups = [
        ("largest |grad|", lambda n: True),
        ("router", lambda n: re.search(r"(\.gate|\.router|router\.layer)\.weight$", n) is not None),
        ("routed expert", lambda n: re.search(r"experts\.", n) is not None and "shared" not in n),
        ("attention", lambda n: re.search(r"(self_attn|\.attn)\.", n) is not None),
    ]
    for desc, pred in groups:
        best = None
        for name in sorted(cmap.index):
            if not pred(name):
                continue
            g = grads[name].reshape(-1).abs()
            j = int(g.argmax())
            if best is None or float(g[j]) > best[0]:
                best = (float(g[j]), name, j)
        if best is not None and all((best[1], best[2]) != (n, j) for _, n, j in picks):
            picks.append((desc, best[1], best[2]))
    return picks


def finite_difference_check(family: str, model, cmap: CheckpointMap, tokens, labels, grads: dict) -> list:
    """Central differences in float64 (model copied to f64, f32 upcasts redirected to f64 by Float64Mode) on a few
    checkpoint entries, located through the checkpoint map; compared with float64 autograd and the stored f32 grads.
    Only printed, never stored."""
    m64 = copy.deepcopy(model).to(torch.float64)
    m64.zero_grad(set_to_none=True)
    mode = Float64Mode()
    with mode:
        loss64, logits64 = train_forward(m64, tokens, labels)
        loss64.backward()
    if mode.f32_results or logits64.dtype != torch.float64:
        print(f"    finite differences: SKIPPED, {mode.f32_results} float32 results remain in the f64 forward")
        return []
    p64 = dict(m64.named_parameters())
    # Whole gradient: stored f32 vs float64 autograd (same map).
    g64 = cmap.to_checkpoint(cmap.flat([p.grad if p.grad is not None else torch.zeros_like(p) for p in p64.values()]))
    gdiff = max(float((grads[n].double() - g).abs().max()) for n, g in g64.items())
    ldiff = float((logits64.detach() - train_forward(model, tokens)[1].detach().double()).abs().max())
    print(f"    f32 vs f64 autograd: max |dgrad| {gdiff:.2e} over all tensors, max |dlogit| {ldiff:.2e}")
    assert gdiff <= 1e-4, f"{family}: f32 gradients differ from float64 ones by {gdiff}"
    results = []
    for desc, name, j in fd_entries(grads, cmap):
        pname, off = cmap.locate(name, j)
        p = p64[pname]
        flat = p.data.view(-1)
        orig = flat[off].item()
        vals = []
        with torch.no_grad(), Float64Mode():
            for sign in (1.0, -1.0):
                flat[off] = orig + sign * FD_STEP
                vals.append(float(train_forward(m64, tokens, labels)[0]))
            flat[off] = orig
        fd = (vals[0] - vals[1]) / (2 * FD_STEP)
        g64 = float(p.grad.view(-1)[off])
        g32 = float(grads[name].reshape(-1)[j])
        rel_fd = abs(fd - g64) / max(abs(g64), 1e-12)
        rel_32 = abs(g32 - g64) / max(abs(g64), 1e-12)
        print(
            f"    finite difference ({desc}) {name}[{j}] (= {pname}[{off}]): fd {fd:.9e}, f64 autograd {g64:.9e} "
            f"(rel {rel_fd:.1e}), stored f32 {g32:.9e} (rel {rel_32:.1e})"
        )
        assert rel_fd <= FD_TOL, f"{family}: finite difference disagrees with autograd on {name}[{j}]"
        assert rel_32 <= 1e-3, f"{family}: f32 gradient far from the f64 one on {name}[{j}]"
        results.append((name, j, fd, g64, g32))
    with torch.no_grad():
        loss32 = train_forward(model, tokens, labels)[0].item()
    print(f"    f64 loss {loss64.item():.9f} (f32 {loss32:.9f})")
    return results


def run_adamw(model, tokens, labels, float64: bool = False) -> torch.Tensor:
    """ADAMW_STEPS AdamW steps on the fixed batch; returns the loss before each step. Every parameter is updated;
    a parameter the loss does not reach gets a zero gradient (so weight decay still applies to it). Buffers (DeepSeek
    e_score_correction_bias) are not parameters and stay fixed. float64=True runs the same trajectory in float64
    (Float64Mode), only to measure how sensitive the f32 trajectory is to rounding."""
    m = copy.deepcopy(model)
    m.zero_grad(set_to_none=True)
    if float64:
        m = m.to(torch.float64)
    params = [p for _, p in m.named_parameters()]
    opt = torch.optim.AdamW(params, amsgrad=False, maximize=False, foreach=False, **ADAMW)
    losses = []
    for _ in range(ADAMW_STEPS):
        opt.zero_grad(set_to_none=True)
        with Float64Mode() if float64 else contextlib.nullcontext():
            loss, _ = train_forward(m, tokens, labels)
            loss.backward()
        losses.append(loss.detach().reshape(1))
        for p in params:
            if p.grad is None:
                p.grad = torch.zeros_like(p)
        opt.step()
    return torch.cat(losses)


def num_routed_experts(d: dict) -> int:
    for k in ("n_routed_experts", "num_local_experts", "num_experts"):
        if d.get(k):
            return int(d[k])
    return int(d["ffn_config"]["moe_num_experts"])


def write_train_references(family: str, config_dict: dict, fixture_dir: Path) -> None:
    print(f"   training references ({family})")
    ckpt = read_safetensors(fixture_dir / "model.safetensors")
    model = load_pretrained(family, fixture_dir, config_dict)  # eval(): no dropout, no router jitter
    tokens, labels = make_train_batch(family)

    cmap = CheckpointMap(family, model)
    # The map applied to the parameters themselves must reproduce the written checkpoint bit for bit.
    params_flat = cmap.flat([p.detach() for _, p in cmap.params])
    for name, t in cmap.to_checkpoint(params_flat).items():
        assert _bits_equal(t, ckpt[name]), f"{family}: checkpoint map does not reproduce {name}"
    for name, buf in cmap.buffers.items():
        assert _bits_equal(model.get_buffer(buf).detach().contiguous(), ckpt[name]), f"{family}: buffer {name}"
    extra = sorted(set(ckpt) - set(cmap.index) - set(cmap.buffers))
    for name in extra:  # only the DeepSeek-V3 MTP layer, which HF drops at load
        assert re.match(rf"^model\.layers\.{config_dict['num_hidden_layers']}\.", name), f"{family}: {name} unmapped"

    # The batched forward must equal each row run alone (the prefill goldens run prompts alone).
    with torch.no_grad():
        _, batch_logits = train_forward(model, tokens)
        row_err = max(
            (train_forward(model, tokens[b : b + 1])[1][0] - batch_logits[b]).abs().max().item() for b in range(TRAIN_BATCH)
        )
        # Training mode must not change the forward either (no dropout / jitter configured); only reported.
        model.train()
        with torch.random.fork_rng():
            torch.manual_seed(0)
            train_mode_err = (train_forward(model, tokens)[1] - batch_logits).abs().max().item()
        model.eval()
    print(f"    row alone vs in batch: max |dlogit| {row_err:.2e}; train() vs eval() forward: {train_mode_err:.2e}")
    assert row_err <= ROW_VS_BATCH_TOL, f"{family}: batched logits differ from single-row logits by {row_err}"

    model.zero_grad(set_to_none=True)
    loss, logits = train_forward(model, tokens, labels)
    loss.backward()
    n_loss = int((labels != IGNORE_INDEX).sum())
    assert n_loss == TRAIN_BATCH * (TRAIN_SEQ_LEN - 1)
    grad_flat = cmap.flat([p.grad if p.grad is not None else torch.zeros_like(p) for _, p in cmap.params])
    grads = cmap.to_checkpoint(grad_flat)
    # Second path: save_pretrained of a copy that holds the gradients must give the same tensors.
    gm = copy.deepcopy(model)
    with torch.no_grad():
        for (_, p), (_, q) in zip(cmap.params, gm.named_parameters()):
            q.copy_(p.grad if p.grad is not None else torch.zeros_like(p))
    via_save = _saved_tensors(gm)
    for name, g in grads.items():
        assert _bits_equal(via_save[name], g), f"{family}: gradient mapping paths disagree on {name}"
    del gm

    # Parameters (trained by AdamW) whose gradient is exactly zero on this batch: informational.
    no_grad_params = {n for n, p in cmap.params if p.grad is None}
    zero_grad_params = {}
    for name in sorted(grads):
        owners = {cmap.locate(name, j)[0] for j in (0, grads[name].numel() - 1)}
        if owners & no_grad_params:
            zero_grad_params[name] = "not used by the HF forward (no gradient)"
        elif not bool(grads[name].any()):
            zero_grad_params[name] = (
                "expert selected by no token of the batch" if re.search(r"experts\.\d+\.", name) else "gradient is exactly 0"
            )
        elif re.search(r"experts\.(gate_up_proj|down_proj)(_bias)?$|experts\.mlp\.(w1|v1|w2)$", name):
            # fused expert tensors (gpt-oss, Llama-4: [E, ...]; DBRX: [E*ffn, H]): report the unselected experts
            n_exp = num_routed_experts(config_dict)
            per_expert = grads[name].reshape(n_exp, -1)
            for e in range(n_exp):
                if not bool(per_expert[e].any()):
                    zero_grad_params[f"{name}[expert {e}]"] = "expert selected by no token of the batch"
    # Checkpoint tensors that are not parameters of the HF module: zero gradient, never trained.
    zero_grad = {}
    for name in sorted(ckpt):
        if name in grads:
            continue
        grads[name] = torch.zeros_like(ckpt[name])
        if name in cmap.buffers:
            zero_grad[name] = (
                f"buffer of the HF module ({cmap.buffers[name]}), not a parameter: only used for the top-k expert "
                "selection, which is not differentiable"
            )
        else:
            zero_grad[name] = (
                "multi-token-prediction layer (num_nextn_predict_layers): not part of the HF forward, dropped at load"
            )
    for name, t in ckpt.items():
        g = grads[name]
        assert g.shape == t.shape and g.dtype == torch.float32 and bool(torch.isfinite(g).all()), name

    fd = finite_difference_check(family, model, cmap, tokens, labels, grads)

    adamw_loss = run_adamw(model, tokens, labels)
    assert _bits_equal(adamw_loss[:1], loss.detach().reshape(1)), f"{family}: adamw.loss[0] != loss"
    adamw64 = run_adamw(model, tokens, labels, float64=True)
    diff = (adamw_loss.double() - adamw64).abs()
    rel = diff / adamw64
    print(
        f"    adamw.loss f32 vs the same trajectory in f64: max |diff| {float(diff.max()):.2e} at step "
        f"{int(diff.argmax())}, max rel diff {float(rel.max()):.2e} at step {int(rel.argmax())} "
        f"(steps 0-9: {float(rel[:10].max()):.2e}); last f64 loss {float(adamw64[-1]):.6f}"
    )

    out = {"loss": loss.detach().reshape(1).contiguous(), "logits": logits.detach().contiguous(), "adamw.loss": adamw_loss}
    for name, g in grads.items():
        out["grad." + name] = g
    write_safetensors(fixture_dir / "grads.safetensors", out)

    max_grad = max(float(g.abs().max()) for g in grads.values())
    max_name = max(grads, key=lambda n: float(grads[n].abs().max()))
    print(
        f"    loss {loss.item():.6f}, max |grad| {max_grad:.4e} ({max_name}), adamw loss {float(adamw_loss[0]):.6f} -> "
        f"{float(adamw_loss[-1]):.6f} after {ADAMW_STEPS - 1} steps; {len(fd)} finite-difference checks"
    )
    for why in sorted(set(zero_grad.values())):
        names = [n for n, w in zero_grad.items() if w == why]
        print(f"    zero gradient, not a parameter ({why}): {names if len(names) <= 4 else f'{len(names)} tensors'}")
    for name, why in zero_grad_params.items():
        print(f"    zero gradient, parameter: {name}: {why}")
    write_json(
        fixture_dir / "train.json",
        {
            "family": family,
            "model_type": config_dict["model_type"],
            "dtype": "float32",
            "batch": TRAIN_BATCH,
            "seq_len": TRAIN_SEQ_LEN,
            "tokens": tokens.tolist(),
            "labels": labels.tolist(),
            "ignore_index": IGNORE_INDEX,
            "loss": "mean next-token cross entropy over all labels != -100",
            "loss_formula": (
                "torch.nn.functional.cross_entropy(logits.view(-1, vocab), labels.view(-1), ignore_index=-100), "
                "float32: the mean over the 14 positions whose label is not -100; no router auxiliary loss"
            ),
            "num_loss_positions": n_loss,
            "zero_grad_tensors": zero_grad,
            "zero_grad_parameters": zero_grad_params,
            "adamw": {
                "optimizer": "torch.optim.AdamW (foreach=False, amsgrad=False, maximize=False)",
                "lr": ADAMW["lr"],
                "betas": list(ADAMW["betas"]),
                "eps": ADAMW["eps"],
                "weight_decay": ADAMW["weight_decay"],
                "steps": ADAMW_STEPS,
                "notes": (
                    "Full-batch steps on the same fixed batch from the fixture weights, no LR schedule, no gradient "
                    "clipping. adamw.loss[s] is the loss before step s (adamw.loss[0] == loss). Every parameter of "
                    "the HF module is updated, including those with zero gradient (decoupled weight decay "
                    "p *= 1 - lr*weight_decay still applies, e.g. to zero_grad_parameters). Checkpoint tensors that "
                    "are not parameters (zero_grad_tensors: e_score_correction_bias buffers, MTP layers) stay fixed."
                ),
            },
            "generated_by": {
                "script": "tools/golden/generate.py",
                "transformers": transformers.__version__,
                "torch": torch.__version__.split("+")[0],
            },
            "notes": (
                "One batch [2, 8], no padding, no attention mask, positions 0..7 for each row (each row gives the same "
                "logits as when run alone). labels[b][i] = tokens[b][i+1] for i < 7, labels[b][7] = -100 (already "
                "shifted: compare logits[b][i] with labels[b][i]). The model is in eval() mode (no dropout, no router "
                "jitter) with autograd on, float32. grads.safetensors: loss [1], logits [2, 8, vocab], "
                "grad.<name> = d loss / d <name> for every tensor <name> of model.safetensors (same shape, f32; "
                "all zero for the tensors in zero_grad_tensors, which are not parameters of the HF module, and in "
                "zero_grad_parameters, parameters the batch does not reach), adamw.loss [50]."
            ),
        },
    )


def check_sizes(out_dir: Path, families) -> None:
    total = 0
    failed = False
    print("== sizes")
    for fam in families:
        d = out_dir / fam
        size = 0
        for p in sorted(d.iterdir()):
            s = p.stat().st_size
            size += s
            print(f"    {fam}/{p.name}: {s} bytes")
        print(f"    {fam}: {size} bytes total")
        if size > MAX_FIXTURE_BYTES:
            print(f"ERROR: fixture {fam} is {size} bytes > {MAX_FIXTURE_BYTES}")
            failed = True
        total += size
    print(f"    all fixtures: {total} bytes")
    if total > MAX_TOTAL_BYTES:
        print(f"ERROR: fixtures total {total} bytes > {MAX_TOTAL_BYTES}")
        failed = True
    if failed:
        sys.exit(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "test" / "golden")
    ap.add_argument("--check-sizes-only", action="store_true", help="only check fixture sizes")
    ap.add_argument("families", nargs="*", help=f"subset of {list(FAMILIES)}")
    args = ap.parse_args()

    families = args.families or list(FAMILIES)
    for f in families:
        if f not in FAMILIES:
            ap.error(f"unknown family {f}")

    if not args.check_sizes_only:
        if transformers.__version__ != PINNED_TRANSFORMERS or torch.__version__.split("+")[0] != PINNED_TORCH:
            sys.exit(
                f"version mismatch: transformers {transformers.__version__} torch {torch.__version__}; "
                f"run tools/golden/run.sh (pins {PINNED_TRANSFORMERS} / {PINNED_TORCH})"
            )
        torch.set_num_threads(1)
        torch.use_deterministic_algorithms(True)
        args.out.mkdir(parents=True, exist_ok=True)
        for f in families:
            generate_family(f, args.out)
    check_sizes(args.out, [f for f in list(FAMILIES) + ["gpt_oss_mxfp4"] if (args.out / f).is_dir()])


if __name__ == "__main__":
    main()
