#!/usr/bin/env python3
"""Writes small random MoE configs and prompts for randomized end-to-end tests.

    random_models.py --seed S --out DIR --count N [--golden-root test/golden]

Case i takes the golden fixture config of FAMILIES[i % len(FAMILIES)] (real key
layout) and re-draws its sizes with random.Random(f"{S}:{i}"), keeping each
family's constraints (heads divisible by KV heads, even RoPE dims, n_group
dividing the routed experts, top_k <= experts, the dense/MoE layer pattern,
sliding-window and chunked-attention patterns). It writes

    DIR/case<i>/config.json   the config
    DIR/case<i>/case.json     {"family", "model_type", "prompts" (1..3 prompts
                              of odd lengths), "max_new_tokens", "summary"}

The output depends only on the seed, the count and the golden configs.
Python 3 standard library only.
"""

import argparse
import copy
import json
import os
import random
import sys

FAMILIES = ["qwen3_moe", "deepseek_v3", "mixtral", "gpt_oss", "llama4", "dbrx",
            "olmoe", "qwen2_moe", "deepseek_v2", "kimi_k2"]

HIDDEN = [24, 40, 48, 56, 64, 72]
INTER = [8, 16, 24, 40]
VOCAB = [61, 97, 131, 256]
PROMPT_LENGTHS = [1, 3, 5, 7, 9, 13]


def heads_for_hidden(r, hidden):
    """(heads, head_dim) with heads * head_dim == hidden and head_dim even."""
    options = [h for h in (1, 2, 3, 4, 5, 6, 8)
               if hidden % h == 0 and (hidden // h) % 2 == 0 and hidden // h >= 4]
    h = r.choice(options)
    return h, hidden // h


def divisor(r, n):
    return r.choice([d for d in range(1, n + 1) if n % d == 0])


def experts_and_top_k(r, lo=2, hi=12, max_k=4):
    e = r.randint(lo, hi)
    return e, r.randint(1, min(max_k, e))


def std_attention(r, c, hidden):
    """Sets num_attention_heads / num_key_value_heads; hidden = heads * dim."""
    heads, _ = heads_for_hidden(r, hidden)
    c["num_attention_heads"] = heads
    c["num_key_value_heads"] = divisor(r, heads)


def explicit_head_dim(r, c):
    heads = r.choice([1, 2, 3, 4, 6])
    c["num_attention_heads"] = heads
    c["num_key_value_heads"] = divisor(r, heads)
    c["head_dim"] = r.choice([6, 8, 12, 16, 20])


def mutate(family, base, r):
    c = copy.deepcopy(base)
    layers = r.randint(1, 2)
    hidden = r.choice(HIDDEN)
    vocab = r.choice(VOCAB)
    c["vocab_size"] = vocab

    if family == "dbrx":
        c["d_model"] = hidden
        c["n_layers"] = layers
        heads, _ = heads_for_hidden(r, hidden)
        c["n_heads"] = heads
        c["attn_config"]["kv_n_heads"] = divisor(r, heads)
        f = c["ffn_config"]
        f["ffn_hidden_size"] = r.choice(INTER)
        f["moe_num_experts"], f["moe_top_k"] = experts_and_top_k(r)
        return c

    c["hidden_size"] = hidden
    c["num_hidden_layers"] = layers

    if family in ("deepseek_v3", "deepseek_v2", "kimi_k2"):
        # HF does not need hidden % heads == 0 for MLA (head sizes come from
        # qk_*_head_dim / v_head_dim), but the importer's common decoder
        # parsing still requires it.
        heads = r.choice([h for h in (1, 2, 3, 4) if hidden % h == 0])
        c["num_attention_heads"] = heads
        c["num_key_value_heads"] = heads
        c["qk_nope_head_dim"] = r.choice([8, 12, 16, 24])
        c["qk_rope_head_dim"] = r.choice([4, 8, 16])
        c["v_head_dim"] = r.choice([8, 12, 16, 20])
        c["kv_lora_rank"] = r.choice([16, 24, 40])
        if family == "deepseek_v2":
            c["q_lora_rank"] = r.choice([None, None, 24])
        else:
            c["q_lora_rank"] = r.choice([16, 24, 40])
        c["intermediate_size"] = r.choice(INTER)
        c["moe_intermediate_size"] = r.choice(INTER)
        c["first_k_dense_replace"] = r.randint(0, layers - 1)
        c["n_shared_experts"] = r.randint(1, 2)
        if family == "kimi_k2":
            n_group, topk_group = 1, 1
            per_group = r.randint(4, 12)
        else:
            n_group = r.choice([1, 2, 4])
            topk_group = r.randint(1, n_group)
            # noaux_tc ranks groups by the sum of their top-2 scores.
            per_group = r.randint(2, 4)
        c["n_group"], c["topk_group"] = n_group, topk_group
        c["n_routed_experts"] = n_group * per_group
        c["num_experts_per_tok"] = r.randint(1, min(4, topk_group * per_group))
        return c

    if family in ("qwen3_moe", "qwen2_moe", "olmoe"):
        if family == "qwen3_moe":
            explicit_head_dim(r, c)
        else:
            std_attention(r, c, hidden)
        c["num_experts"], c["num_experts_per_tok"] = experts_and_top_k(r)
        c["intermediate_size"] = r.choice(INTER)
        if family != "olmoe":
            c["moe_intermediate_size"] = r.choice(INTER)
        if family == "qwen2_moe":
            c["shared_expert_intermediate_size"] = r.choice(INTER)
        if family == "qwen3_moe" and layers == 2 and r.random() < 0.3:
            c["mlp_only_layers"] = [0]
        if "max_window_layers" in c:
            c["max_window_layers"] = layers
        return c

    if family == "mixtral":
        std_attention(r, c, hidden)
        c["intermediate_size"] = r.choice(INTER)
        c["num_local_experts"], c["num_experts_per_tok"] = experts_and_top_k(
            r, hi=8, max_k=3)
        return c

    if family == "gpt_oss":
        explicit_head_dim(r, c)
        c["intermediate_size"] = r.choice(INTER)
        e, k = experts_and_top_k(r, hi=8)
        c["num_local_experts"] = e
        c["experts_per_token"] = c["num_experts_per_tok"] = k
        first = r.choice(["sliding_attention", "full_attention"])
        other = ("full_attention" if first == "sliding_attention"
                 else "sliding_attention")
        c["layer_types"] = [first, other][:layers]
        c["sliding_window"] = r.choice([2, 3, 4, 5])
        return c

    if family == "llama4":
        explicit_head_dim(r, c)
        c["intermediate_size"] = r.choice(INTER)
        c["intermediate_size_mlp"] = r.choice(INTER)
        c["num_local_experts"] = r.randint(2, 8)
        c["num_experts_per_tok"] = 1
        # Layer i is MoE when (i + 1) % step == 0: with step 2 and one layer
        # the model would be dense, so one layer always uses step 1.
        c["interleave_moe_layer_step"] = 1 if layers == 1 else r.choice([1, 2])
        c["attention_chunk_size"] = r.choice([3, 4, 5, 8])
        return c

    raise ValueError("no size rules for family " + family)


def summary(family, c):
    if family == "dbrx":
        hidden, experts = c["d_model"], c["ffn_config"]["moe_num_experts"]
    else:
        hidden = c["hidden_size"]
        experts = c.get("num_experts", c.get("num_local_experts",
                                              c.get("n_routed_experts")))
    return "hidden=%d experts=%d" % (hidden, experts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--golden-root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "golden"))
    args = ap.parse_args()

    for i in range(args.count):
        family = FAMILIES[i % len(FAMILIES)]
        with open(os.path.join(args.golden_root, family, "config.json")) as f:
            base = json.load(f)
        r = random.Random("%d:%d" % (args.seed, i))
        c = mutate(family, base, r)
        vocab = c["vocab_size"]
        prompts = [[r.randrange(vocab) for _ in range(r.choice(PROMPT_LENGTHS))]
                   for _ in range(r.randint(1, 3))]
        case = {
            "family": family,
            "model_type": c["model_type"],
            "prompts": prompts,
            "max_new_tokens": r.randint(2, 6),
            "summary": summary(family, c),
        }
        d = os.path.join(args.out, "case%d" % i)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(c, f, indent=2)
            f.write("\n")
        with open(os.path.join(d, "case.json"), "w") as f:
            json.dump(case, f)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
