"""Kernel-mix models: a classifier on BERT, RoBERTa or GPT-2 (`KernelMixClassifier`) and a GPT-2 language model
trained on target tokens (`KernelMixLM`). The base model is frozen; the adapters of the plan and the task head train.

`entries()` names every trainable tensor as kmix's parameter store does (`layers.L.q.heads.H.A`, ...,
`head.classifier.weight`, `head.pooler.weight`), in the store's order, each with its view into the module's
parameter: the run folder, checkpoints, initialisation and head norms all go through it."""
import torch
import torch.nn.functional as F
from torch import nn

from .adapters import LayerAdapters, initialise, layer_entries
from .attention import KernelMixAttention, KernelMixGPT2Attention


def attach_adapters(base, plan):
    """Replaces the attention of every layer the plan covers by its Kernel-mix version; returns the adapters."""
    layers, heads, hidden = base.shape
    if tuple(plan.shape) != (layers, heads, hidden):
        raise ValueError(f"the plan is for a model of {plan.shape}, this model is {(layers, heads, hidden)}")
    adapters = nn.ModuleList()
    for layer, budget in zip(base.layers(), plan.layers):
        block = LayerAdapters(budget, heads, hidden // heads, plan.dropout, plan.lora_alpha)
        adapters.append(block)
        if base.family == "gpt2":
            layer.attn = KernelMixGPT2Attention(layer.attn, block, base.config)
        else:
            layer.attention = KernelMixAttention(layer.attention, block, base.config)
    return adapters


class KernelMixClassifier(nn.Module):
    """A frozen base model with Kernel-mix adapters and a task head: `pooler` (the checkpoint's pooler, tanh, dropout,
    linear: `BertForSequenceClassification`), `cls` (the first token), `mean` (the mean over real tokens) or `last`
    (the last real token), each followed by dropout and a trainable linear classifier."""

    def __init__(self, base, plan, labels):
        super().__init__()
        self.base_model = base
        self.family = base.family
        self.plan = plan
        self.encoder = base.module
        self.adapters = attach_adapters(base, plan)
        hidden = base.shape[2]
        self.task_head = plan.task_head
        if self.task_head == "pooler":
            if base.pooler is None:
                raise ValueError(f"the plan's task head is 'pooler', but {base.folder} has no pooler; "
                                 "use 'cls', 'mean' or 'last'")
            weight, bias = base.pooler
            if plan.train_pooler:
                self.pooler_weight, self.pooler_bias = nn.Parameter(weight.clone()), nn.Parameter(bias.clone())
            else:
                self.register_buffer("pooler_weight", weight.clone())
                self.register_buffer("pooler_bias", bias.clone())
        self.dropout = nn.Dropout(base.hidden_dropout)
        self.classifier = nn.Linear(hidden, labels)

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        arguments = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None and self.family == "bert":
            arguments["token_type_ids"] = token_type_ids
        hidden = self.encoder(**arguments).last_hidden_state
        if self.task_head == "mean":
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            features = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        elif self.task_head == "last":
            last = attention_mask.sum(1).clamp(min=1) - 1
            features = hidden[torch.arange(hidden.shape[0]), last]
        else:
            features = hidden[:, 0]
        if self.task_head == "pooler":
            features = torch.tanh(F.linear(features, self.pooler_weight, self.pooler_bias))
        return self.classifier(self.dropout(features))

    def entries(self):
        """(kmix name, parameter, index, head) of every trainable tensor, in kmix's store order."""
        entries = [e for index, layer in enumerate(self.adapters) for e in layer_entries(index, layer)]
        entries += [("head.classifier.weight", self.classifier.weight, (), None),
                    ("head.classifier.bias", self.classifier.bias, (), None)]
        if self.task_head == "pooler" and self.plan.train_pooler:
            entries += [("head.pooler.weight", self.pooler_weight, (), None),
                        ("head.pooler.bias", self.pooler_bias, (), None)]
        return entries

    def initialise(self, seed):
        """Draws the adapters and the classifier exactly as kmix does for `seed`."""
        initialise(self.entries(), self.plan.init, seed)

    def trainable_parameters(self):
        """(name, parameter) of everything that trains."""
        return [(n, p) for n, p in self.named_parameters() if p.requires_grad]


class KernelMixLM(nn.Module):
    """`GPT2LMHeadModel` with a frozen base (embeddings, blocks, ln_f and the tied LM head) and Kernel-mix adapters in
    every layer of the plan (layers beyond the plan's have none). The loss is the cross-entropy over each sequence's
    target tokens (from `target_starts`), optionally label-smoothed, as kmix trains a source/target pair."""

    def __init__(self, base, plan):
        super().__init__()
        self.base_model = base
        self.plan = plan
        self.lm = base.module
        self.adapters = attach_adapters(base, plan)
        # kmix's store always holds a classifier; a language model's has no rows (kept so the files match kmix's).
        self.register_buffer("classifier_weight", torch.zeros(0, base.shape[2]), persistent=False)
        self.register_buffer("classifier_bias", torch.zeros(0), persistent=False)

    def forward(self, input_ids, attention_mask=None):
        return self.lm(input_ids=input_ids, attention_mask=attention_mask).logits

    @staticmethod
    def target_loss(logits, input_ids, attention_mask, target_starts, label_smoothing=0.0, reduction="mean"):
        """Cross-entropy over the target tokens only: token j of sequence i is a target when j >= target_starts[i]
        (and real); position j-1 predicts it. `reduction` "mean" (over all target tokens of the batch) or "sum"."""
        predicted, targets = logits[:, :-1], input_ids[:, 1:]
        positions = torch.arange(1, input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        starts = torch.as_tensor(target_starts, device=input_ids.device).unsqueeze(1)
        counted = attention_mask[:, 1:].bool() & (positions >= starts)
        losses = F.cross_entropy(predicted.reshape(-1, predicted.shape[-1]), targets.reshape(-1),
                                 reduction="none", label_smoothing=label_smoothing).view(targets.shape)
        total = (losses * counted).sum()
        return total if reduction == "sum" else total / counted.sum()

    def entries(self):
        """(kmix name, parameter, index, head) of every adapter tensor, in kmix's store order, and the empty
        classifier kmix's store holds for a language model."""
        return ([e for index, layer in enumerate(self.adapters) for e in layer_entries(index, layer)]
                + [("head.classifier.weight", self.classifier_weight, (), None),
                   ("head.classifier.bias", self.classifier_bias, (), None)])

    def initialise(self, seed):
        """Draws the adapters exactly as kmix does for `seed`."""
        initialise(self.entries(), self.plan.init, seed)

    def trainable_parameters(self):
        """(name, parameter) of everything that trains: the adapters."""
        return [(n, p) for n, p in self.named_parameters() if p.requires_grad]


def named_tensors(model, source=None):
    """{kmix name: tensor} of the model's trainable tensors, or of `source(parameter)` (e.g. an optimiser moment)
    viewed the same way."""
    out = {}
    for name, parameter, index, _ in model.entries():
        tensor = parameter.detach() if source is None else source(parameter)
        out[name] = (tensor[index] if index else tensor).detach().float().contiguous().clone()
    return out


def assign_tensors(model, tensors, target=None, what="tensors"):
    """Sets the model's trainable tensors (or `target(parameter)`) from {kmix name: tensor}; refuses a missing,
    extra or wrongly shaped tensor with one sentence."""
    entries = model.entries()
    expected = {name for name, *_ in entries}
    extra = sorted(set(tensors) - expected)
    if extra:
        raise ValueError(f"the {what} hold {extra[0]}, which the plan does not have")
    with torch.no_grad():
        for name, parameter, index, _ in entries:
            if name not in tensors:
                raise ValueError(f"the {what} lack {name}")
            destination = parameter if target is None else target(parameter)
            view = destination[index] if index else destination
            value = tensors[name]
            if tuple(value.shape) != tuple(view.shape):
                raise ValueError(f"{name} in the {what} has shape {list(value.shape)}, "
                                 f"the plan needs {list(view.shape)}")
            if index:
                destination[index] = value.to(destination.dtype)
            else:
                destination.copy_(value.to(destination.dtype))
