"""Kernel-mix on a Hugging Face `BertModel` or `GPT2LMHeadModel` in PyTorch: the benchmark's and the fixture scripts'
reference side, built from the adapter modules and attention blocks of the project's library, `kmix_torch`
(`python/kmix_torch`: `adapters.py`, `attention.py`), so that the fixtures the Swift engine is checked against are made
by the same code the library trains with.

This module adds what the benchmarks and fixture scripts need beyond the library: models over a plain transformers
module (`KernelMixClassifier` on a `BertModel` with its frozen pooler, `KernelMixLM` on a `GPT2LMHeadModel` with the
next-token loss over all real tokens), a plan of ranks only (`Plan`, `LayerBudget`, `preset_plan`), initialisation
from torch's generator (`initialise`) and the fixtures' tensor names in their drawing order (`fixture_views`).
Importing this module does no work.
"""
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from kmix_torch.adapters import PROJECTIONS, LayerAdapters  # noqa: E402
from kmix_torch.attention import KernelMixAttention, KernelMixGPT2Attention  # noqa: E402


@dataclass
class LayerBudget:
    """Ranks of one layer: per head (`heads[p][h]`) and shared (`shared[p]`), for p in q, v, o."""
    heads: dict
    shared: dict


@dataclass
class Plan:
    """Where the adapters go and how they start."""
    layers: list
    init: str = "houlsby"
    dropout: float = 0.1


PRESETS = {
    # name: (per-head ranks q, v, o), (shared ranks q, v, o), init
    "paper-nlu": ((1, 2, 2), (2, 4, 4), "houlsby"),
    "paper-nlg": ((3, 8, 8), (12, 8, 8), "houlsby"),
    "lora-r8": ((0, 0, 0), (8, 8, 0), "lora"),
}


def preset_plan(name, layer_count, head_count):
    """The plan of the preset `name` for a model of `layer_count` layers of `head_count` heads."""
    per_head, shared, init = PRESETS[name]
    layers = [LayerBudget(heads={p: [r] * head_count for p, r in zip(PROJECTIONS, per_head)},
                          shared=dict(zip(PROJECTIONS, shared)))
              for _ in range(layer_count)]
    return Plan(layers=layers, init=init)


def plan_from_fixture(description):
    """The plan written in a fixture's json (`plan.layers[i]` with `q`, `v`, `o` lists and `shared`)."""
    layers = [LayerBudget(heads={p: list(layer[p]) for p in PROJECTIONS}, shared=dict(layer["shared"]))
              for layer in description["plan"]["layers"]]
    return Plan(layers=layers)


class KernelMixClassifier(nn.Module):
    """`BertForSequenceClassification` with a frozen encoder and pooler, Kernel-mix adapters in every
    layer of the plan and a trainable classifier: tanh pooler -> dropout -> linear."""

    def __init__(self, bert, plan, labels=2):
        super().__init__()
        config = bert.config
        bert.requires_grad_(False)
        self.bert = bert
        heads = config.num_attention_heads
        head_size = config.hidden_size // heads
        self.adapters = nn.ModuleList()
        for layer, budget in zip(bert.encoder.layer, plan.layers):
            adapters = LayerAdapters(budget, heads, head_size, plan.dropout)
            self.adapters.append(adapters)
            layer.attention = KernelMixAttention(layer.attention, adapters, config)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.classifier = nn.Linear(config.hidden_size, labels)

    def forward(self, input_ids, attention_mask):
        pooled = self.bert(input_ids=input_ids, attention_mask=attention_mask).pooler_output
        return self.classifier(self.dropout(pooled))

    def adapter_parameters(self):
        """(name, parameter) of every adapter tensor (names relative to `adapters`)."""
        return list(self.adapters.named_parameters())

    def trainable_parameters(self):
        """(name, parameter) of everything that trains: the adapters and the classifier."""
        return [(n, p) for n, p in self.named_parameters() if p.requires_grad]


class KernelMixLM(nn.Module):
    """`GPT2LMHeadModel` with a frozen base (embeddings, blocks, ln_f and the tied LM head) and
    Kernel-mix adapters in every layer of the plan (layers beyond the plan's have none).

    `forward(input_ids, attention_mask)` returns the logits of every position; `loss` is the next-token
    cross-entropy: position t predicts token t+1, over the real tokens only (sequences right-padded,
    `attention_mask` 1 on the real tokens), averaged over all predicted tokens of the batch."""

    def __init__(self, lm, plan):
        super().__init__()
        config = lm.config
        lm.requires_grad_(False)
        self.lm = lm
        heads = config.n_head
        head_size = config.n_embd // heads
        if len(plan.layers) > config.n_layer:
            raise ValueError(f"the plan has {len(plan.layers)} layers, the model {config.n_layer}")
        self.adapters = nn.ModuleList()
        for block, budget in zip(lm.transformer.h, plan.layers):
            adapters = LayerAdapters(budget, heads, head_size, plan.dropout)
            self.adapters.append(adapters)
            block.attn = KernelMixGPT2Attention(block.attn, adapters, config)

    def forward(self, input_ids, attention_mask=None):
        return self.lm(input_ids=input_ids, attention_mask=attention_mask).logits

    @staticmethod
    def token_losses(logits, input_ids, attention_mask):
        """(cross-entropy of each prediction (batch x n-1), 1 where it counts): position t predicts
        token t+1 where both are real tokens."""
        predicted, targets = logits[:, :-1], input_ids[:, 1:]
        counted = attention_mask[:, 1:].bool() & attention_mask[:, :-1].bool()
        losses = F.cross_entropy(predicted.reshape(-1, predicted.shape[-1]), targets.reshape(-1),
                                 reduction="none").view(targets.shape)
        return losses * counted, counted

    @classmethod
    def loss(cls, logits, input_ids, attention_mask):
        """Mean next-token cross-entropy over every counted prediction of the batch (sequences of
        n real tokens contribute n-1 predictions each)."""
        losses, counted = cls.token_losses(logits, input_ids, attention_mask)
        return losses.sum() / counted.sum()

    @staticmethod
    def target_loss(logits, input_ids, attention_mask, target_starts, label_smoothing=0.0):
        """Mean cross-entropy over the target tokens only, as kmix trains a source/target pair: token j of
        sequence i is a target when j >= target_starts[i] (and real); position j-1 predicts it. With
        `label_smoothing`, PyTorch's smoothed cross-entropy; the mean is over all target tokens of the batch."""
        predicted, targets = logits[:, :-1], input_ids[:, 1:]
        positions = torch.arange(1, input_ids.shape[1]).unsqueeze(0)
        starts = torch.as_tensor(target_starts).unsqueeze(1)
        counted = attention_mask[:, 1:].bool() & (positions >= starts)
        losses = F.cross_entropy(predicted.reshape(-1, predicted.shape[-1]), targets.reshape(-1),
                                 reduction="none", label_smoothing=label_smoothing).view(targets.shape)
        return (losses * counted).sum() / counted.sum()

    def adapter_parameters(self):
        """(name, parameter) of every adapter tensor (names relative to `adapters`)."""
        return list(self.adapters.named_parameters())

    def trainable_parameters(self):
        """(name, parameter) of everything that trains: the adapters."""
        return [(n, p) for n, p in self.named_parameters() if p.requires_grad]


def initialise(model, init, generator=None):
    """Draws the adapters ("houlsby": truncated normal * 0.01 for every tensor, biases included;
    "lora": A kaiming-uniform, B and biases zero) and the classifier, when the model has one
    (normal(0, 0.02), bias 0)."""
    with torch.no_grad():
        for name, tensor in model.adapter_parameters():
            if init == "houlsby":
                tensor.copy_(torch.fmod(torch.randn(tensor.shape, generator=generator), 2) * 0.01)
            elif name.endswith(".A"):
                bound = 1 / math.sqrt(tensor.shape[1])  # kaiming_uniform_(a=sqrt(5))
                tensor.uniform_(-bound, bound, generator=generator)
            else:
                tensor.zero_()
        if getattr(model, "classifier", None) is not None:
            model.classifier.weight.normal_(0, 0.02, generator=generator)
            model.classifier.bias.zero_()


def head_views(kernel, head, gradients=False):
    """Head `head`'s own tensors of a packed per-head adapter as views ({"A", "B", "b"}; only "A" when B and b are
    per layer)."""
    A, B, b = (t.grad if gradients else t for t in (kernel.A, kernel.B, kernel.b))
    columns = kernel.columns(head)
    views = {"A": A[columns]}
    if kernel.output_heads:
        views["B"] = B[:, columns]
        views["b"] = b[kernel.active.index(head)]
    return views


def fixture_views(model, gradients=False):
    """(fixture name, view) for every tensor named as in `Tests/KMixTests/Fixtures/kernelmix-ragged.json`
    (`layers.L.q.heads.H.A`, `layers.L.o.B`, `layers.L.v.shared.A`, `classifier.weight`, ...),
    the view reading our parameter (or its gradient). A model without a classifier (`KernelMixLM`)
    has only the adapter tensors."""
    def pick(t):
        return t.grad if gradients else t

    for index, layer in enumerate(model.adapters):
        for p in PROJECTIONS:
            prefix = f"layers.{index}.{p}"
            kernel, shared = getattr(layer, f"{p}_heads"), getattr(layer, f"{p}_shared")
            if kernel is not None:
                for head, rank in enumerate(kernel.ranks):
                    if rank > 0:
                        for key, view in head_views(kernel, head, gradients).items():
                            yield f"{prefix}.heads.{head}.{key}", view
                if not kernel.output_heads:
                    yield f"{prefix}.B", pick(kernel.B)
                    yield f"{prefix}.b", pick(kernel.b)
            if shared is not None:
                yield f"{prefix}.shared.A", pick(shared.A)
                yield f"{prefix}.shared.B", pick(shared.B)
    if getattr(model, "classifier", None) is not None:
        yield "classifier.weight", pick(model.classifier.weight)
        yield "classifier.bias", pick(model.classifier.bias)
