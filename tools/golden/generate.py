#!/usr/bin/env python3
"""Generate golden fixtures for the moe-mlir importer from Hugging Face transformers.

For every model family this writes, under ``<out>/<family>/``:

* ``config.json``         shrunk config in the key layout of the real published ``config.json``
* ``model.safetensors``   random f32 weights under the tensor names real checkpoints use
* ``inputs.json``         prompts (token ids) and the number of greedy decode steps
* ``expected.safetensors``  ``prefill_logits.<i>`` [len_i, vocab] f32, ``decode_logits.<i>`` [steps, vocab] f32,
                            ``decode_tokens.<i>`` [steps] int64

For gpt_oss it also writes ``<out>/gpt_oss_mxfp4/``: the same model with the expert matrices stored as MXFP4
blocks/scales, the format of the published gpt-oss checkpoints (same expected logits).

Run it through ``tools/golden/run.sh`` (pinned venv). See ``test/golden/README.md``.

Every fixture is self-checked before it is written:

* the stored files are loaded back with ``from_pretrained`` (so the tensor names / layouts are the ones the pinned
  transformers converts into its in-memory modules) and must reproduce the in-memory model bit for bit;
* KV-cache decoding must equal a no-cache forward over prompt + generated tokens, and ``generate()``;
* each structural feature named in ``FEATURE_CHECKS`` must change the logits when it is switched off, so the
  fixture really exercises it (sliding window, chunked attention, QK clipping, routing bias, ...).
"""

from __future__ import annotations

import argparse
import copy
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
from safetensors import safe_open  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

import transformers  # noqa: E402
from transformers import AutoModelForCausalLM  # noqa: E402
from transformers.models.deepseek_v3 import DeepseekV3Config, DeepseekV3ForCausalLM  # noqa: E402

transformers.utils.logging.disable_progress_bar()

PINNED_TRANSFORMERS = "5.23.0"
PINNED_TORCH = "2.15.0"

ROOT = Path(__file__).resolve().parents[2]
SHARED_CONFIGS = Path(os.environ.get("MOE_MLIR_SHARED_CONFIGS", ROOT.parent / "shared" / "configs"))

MAX_FIXTURE_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024

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
