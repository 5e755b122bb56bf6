#!/usr/bin/env python3
"""Measures what one kmix_torch training step of a RoBERTa-large-sized model costs, for docs/scale-out.md: the
floating-point operations of the forward and backward pass (torch.utils.flop_counter), the bytes the backward pass
keeps (saved-tensor hooks: each storage once, the model's weights left out), the trainable parameters of the plan, and this machine's time for the step.

No weights are downloaded: the model is RobertaModel with roberta-large's configuration and random weights (the cost
does not depend on the values). Usage:

    python3 Benchmarks/scale-out/estimate.py [--preset paper-nlu] [--batch 8] [--length 128] [--precision fp32|bf16]

prints one JSON object. FLOPs and saved bytes scale linearly with the batch (at a fixed length).
"""
import argparse
import json
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
from transformers import RobertaConfig, RobertaModel

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from kmix_torch import families  # noqa: E402
from kmix_torch import plan as plans  # noqa: E402
from kmix_torch.model import KernelMixClassifier  # noqa: E402

ROBERTA_LARGE = dict(vocab_size=50265, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                     intermediate_size=4096, max_position_embeddings=514, type_vocab_size=1, pad_token_id=1,
                     layer_norm_eps=1e-5)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--preset", default="paper-nlu")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--length", type=int, default=128)
    parser.add_argument("--precision", choices=("fp32", "bf16"), default="fp32")
    args = parser.parse_args()
    torch.manual_seed(0)
    module = RobertaModel(RobertaConfig(**ROBERTA_LARGE), add_pooling_layer=True).eval()
    module.requires_grad_(False)
    pooler = (module.pooler.dense.weight.detach().clone(), module.pooler.dense.bias.detach().clone())
    module.pooler = None
    base = families.BaseModel(folder="roberta-large (random weights)", family="roberta", module=module,
                              tokenizer=None, pooler=pooler)
    plan = plans.preset(args.preset, base.shape, "pooler")
    model = KernelMixClassifier(base, plan, labels=2).train()
    trainable = sum(p.numel() for _, p in model.trainable_parameters())
    frozen = sum(p.numel() for p in module.parameters())
    ids = torch.randint(3, ROBERTA_LARGE["vocab_size"], (args.batch, args.length))
    mask = torch.ones_like(ids)
    labels = torch.randint(0, 2, (args.batch,))
    autocast = (torch.autocast("cpu", dtype=torch.bfloat16) if args.precision == "bf16"
                else torch.autocast("cpu", enabled=False))

    # Each storage once, and not the model's own weights (a linear layer saves its weight for the backward pass).
    weights = {t.untyped_storage().data_ptr() for t in list(model.parameters()) + list(model.buffers())}
    saved = {}

    def pack(tensor):
        storage = tensor.untyped_storage()
        if storage.data_ptr() not in weights:
            saved[storage.data_ptr()] = storage.nbytes()
        return tensor

    counter = FlopCounterMode(display=False)
    with counter:
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t), autocast:
            loss = F.cross_entropy(model(ids, mask).float(), labels)
        forward = counter.get_total_flops()
        loss.backward()
    total = counter.get_total_flops()
    model.zero_grad(set_to_none=True)
    began = time.perf_counter()
    with autocast:
        loss = F.cross_entropy(model(ids, mask).float(), labels)
    loss.backward()
    seconds = time.perf_counter() - began
    print(json.dumps({
        "model": "roberta-large shape (24 layers, 16 heads, d 1024), random weights", "preset": args.preset,
        "batch": args.batch, "length": args.length, "precision": args.precision,
        "frozen_parameters": frozen, "trainable_parameters": trainable,
        "adapter_parameters": plan.adapter_parameter_count(),
        "forward_flops": forward, "backward_flops": total - forward, "step_flops": total,
        "step_flops_per_token": total / (args.batch * args.length),
        "saved_for_backward_bytes": sum(saved.values()),
        "saved_bytes_per_token": sum(saved.values()) / (args.batch * args.length),
        "cpu_seconds_for_the_step": round(seconds, 2), "cpu_threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }, indent=2))


if __name__ == "__main__":
    main()
