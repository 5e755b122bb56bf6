"""Kernel-mix adapters on a Hugging Face `BertModel` or `GPT2LMHeadModel`, in PyTorch (the benchmark's
reference side).

The function is the one of `docs/kernel-mix.md`. Each layer's `BertAttention` is replaced by a
`KernelMixAttention` (each GPT-2 block's `attn` by a `KernelMixGPT2Attention`) that reuses the layer's
frozen projections, dropouts and LayerNorm and adds:

- Q, per head, input X:                   q_h += X A_h^T B_h^T + b_h
- V, per head, input the frozen key k_h:  v_h += k_h A_h^T B_h^T + b_h
- O, per head, input the head output a_h: out += concat_h(a_h A_h^T) B^T + b   (one B and b per layer)
- shared low-rank (LoRA, no bias) on Q and V (input X) and on O (input concat_h a_h).

Per-head ranks may differ and may be 0 (no parameters at all). The per-head tensors of a projection
are stored packed (the A_h stacked as rows, the B_h side by side as columns), and each forward pass
expands them into block-diagonal matrices so that every adapter costs two GEMMs whatever the plan.
Each adapter has its own dropout on its input in training mode.

Models: `KernelMixClassifier` (BERT encoder, frozen pooler, trainable classifier) and `KernelMixLM`
(GPT-2 with its tied LM head frozen; the loss is the next-token cross-entropy over the real tokens).
On GPT-2 the frozen q, k, v come from the fused `c_attn` (a `Conv1D`, weight d x 3d, input x output)
and the output projection is `c_proj`; X is the block's attention input (ln_1's output).
Importing this module does no work; `fixture_views` names every tensor as kmix does.
"""
import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from transformers.modeling_utils import ALL_ATTENTION_FUNCTIONS
from transformers.models.bert.modeling_bert import eager_attention_forward
from transformers.models.gpt2.modeling_gpt2 import eager_attention_forward as gpt2_eager_attention_forward

PROJECTIONS = ("q", "v", "o")


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


class SharedAdapter(nn.Module):
    """Plain low-rank update x A^T B^T over the whole projection (no bias)."""

    def __init__(self, rank, width, dropout):
        super().__init__()
        self.A = nn.Parameter(torch.empty(rank, width))
        self.B = nn.Parameter(torch.empty(width, rank))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return F.linear(F.linear(self.dropout(x), self.A), self.B)


class KernelAdapter(nn.Module):
    """The per-head (kernel-wise) low-rank terms of one projection, packed over the heads.

    `input_heads`: A_h reads only head h's slice of the input (V, O) instead of all of it (Q).
    `output_heads`: B_h and b_h write only head h's slice of the output (Q, V); otherwise one
    B (d x sum of ranks) and one bias d serve the whole layer (O).
    Stored: A (R x dh or d, the A_h stacked), B (dh x R, the B_h side by side; or d x R) and
    b (one row of dh per head of nonzero rank; or d), R the sum of the ranks.
    """

    def __init__(self, ranks, head_size, input_heads, output_heads, dropout):
        super().__init__()
        heads, total = len(ranks), sum(ranks)
        width = heads * head_size
        self.ranks, self.head_size = list(ranks), head_size
        self.input_heads, self.output_heads = input_heads, output_heads
        owners = torch.tensor([h for h, r in enumerate(ranks) for _ in range(r)])
        self.register_buffer("owner", F.one_hot(owners, heads).float(), persistent=False)  # R x H
        active = [h for h, r in enumerate(ranks) if r > 0]
        self.register_buffer("active", torch.tensor(active), persistent=False)
        self.A = nn.Parameter(torch.empty(total, head_size if input_heads else width))
        self.B = nn.Parameter(torch.empty(head_size if output_heads else width, total))
        self.b = nn.Parameter(torch.empty(len(active), head_size) if output_heads else torch.empty(width))
        self.dropout = nn.Dropout(dropout)

    def down(self):
        """A as a R x d matrix (block-diagonal over the heads when it reads head slices)."""
        if not self.input_heads:
            return self.A
        return (self.owner[:, :, None] * self.A[:, None, :]).flatten(1)

    def up(self):
        """B as a d x R matrix (block-diagonal over the heads when it writes head slices)."""
        if not self.output_heads:
            return self.B
        return (self.owner.t()[:, None, :] * self.B[None, :, :]).flatten(0, 1)

    def bias(self):
        """The bias over the whole output width (zero on heads of rank 0)."""
        if not self.output_heads:
            return self.b
        full = self.b.new_zeros(len(self.ranks), self.head_size)
        return full.index_copy(0, self.active, self.b).flatten()

    def forward(self, x):
        return F.linear(F.linear(self.dropout(x), self.down()), self.up(), self.bias())

    def head_views(self, head, gradients=False):
        """Head `head`'s own tensors as views ({"A", "B", "b"}; only "A" when B and b are per layer)."""
        A, B, b = (t.grad if gradients else t for t in (self.A, self.B, self.b))
        start = sum(self.ranks[:head])
        columns = slice(start, start + self.ranks[head])
        views = {"A": A[columns]}
        if self.output_heads:
            views["B"] = B[:, columns]
            views["b"] = b[self.active.tolist().index(head)]
        return views


class LayerAdapters(nn.Module):
    """The adapters of one layer: `q_heads`, `q_shared`, `v_heads`, ... (None where the rank is 0)."""

    def __init__(self, budget, heads, head_size, dropout):
        super().__init__()
        width = heads * head_size
        for p in PROJECTIONS:
            ranks = budget.heads[p]
            kernel = (KernelAdapter(ranks, head_size, input_heads=p != "q", output_heads=p != "o",
                                    dropout=dropout) if sum(ranks) > 0 else None)
            shared = SharedAdapter(budget.shared[p], width, dropout) if budget.shared[p] > 0 else None
            setattr(self, f"{p}_heads", kernel)
            setattr(self, f"{p}_shared", shared)


class KernelMixAttention(nn.Module):
    """A `BertAttention` (self-attention and its output block) with Kernel-mix adapters.

    Reuses the frozen modules of `attention`; computes the attention through transformers'
    configured attention function (sdpa or eager) with its attention-probability dropout.
    """

    def __init__(self, attention, adapters, config):
        super().__init__()
        own, output = attention.self, attention.output
        self.query, self.key, self.value = own.query, own.key, own.value
        self.attention_dropout = own.dropout.p
        self.dense, self.dropout, self.LayerNorm = output.dense, output.dropout, output.LayerNorm
        self.heads, self.head_size = own.num_attention_heads, own.attention_head_size
        self.config = config
        self.is_causal = False  # read by transformers' attention functions
        self.adapters = adapters

    def forward(self, hidden_states, attention_mask=None, cache=None, **kwargs):
        x, ad = hidden_states, self.adapters
        q, k, v = self.query(x), self.key(x), self.value(x)
        q = add(q, ad.q_heads, x)
        q = add(q, ad.q_shared, x)
        v = add(v, ad.v_heads, k)
        v = add(v, ad.v_shared, x)
        split = (*x.shape[:-1], self.heads, self.head_size)
        attend = ALL_ATTENTION_FUNCTIONS.get_interface(self.config._attn_implementation, eager_attention_forward)
        context, _ = attend(self, *(t.view(split).transpose(1, 2) for t in (q, k, v)), attention_mask,
                            dropout=self.attention_dropout if self.training else 0.0,
                            scaling=self.head_size ** -0.5)
        context = context.reshape(x.shape)
        out = self.dense(context)
        out = add(out, ad.o_heads, context)
        out = add(out, ad.o_shared, context)
        return self.LayerNorm(self.dropout(out) + x), None


def add(y, adapter, x):
    """y plus the adapter's term for input x (y itself when there is no adapter)."""
    return y if adapter is None else y + adapter(x)


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


class KernelMixGPT2Attention(nn.Module):
    """A `GPT2Attention` (causal self-attention, without cross-attention) with Kernel-mix adapters.

    Reuses the frozen `c_attn` (fused q, k, v), `c_proj` and the dropouts of `attention`. With X the
    block's attention input (ln_1's output):

        q = X Wq + bq + per-head Q terms (input X) + shared Q (input X)
        k = X Wk + bk                                               (frozen)
        v = X Wv + bv + per-head V terms (input head h's frozen key k_h, bias included) + shared V (input X)
        context = concat_h softmax(q_h k_h^T / sqrt(dh) + causal mask) v_h   (attention dropout)
        out = resid_dropout(c_proj(context) + per-head O terms (input a_h) + shared O (input context))

    The attention goes through transformers' configured attention function (sdpa or eager, with GPT-2's
    scaling); a key/value cache (generation) stores the frozen keys and the adapted values.
    """

    def __init__(self, attention, adapters, config):
        super().__init__()
        if attention.is_cross_attention:
            raise ValueError("Kernel-mix on GPT-2 covers self-attention only")
        self.c_attn, self.c_proj = attention.c_attn, attention.c_proj
        self.attn_dropout, self.resid_dropout = attention.attn_dropout, attention.resid_dropout
        self.heads, self.head_size = attention.num_heads, attention.head_dim
        self.split_size, self.scaling = attention.split_size, attention.scaling
        self.layer_idx = attention.layer_idx
        self.config = config
        self.is_causal = True  # read by transformers' attention functions
        self.adapters = adapters

    def forward(self, hidden_states, cache=None, attention_mask=None, output_attentions=False, **kwargs):
        x, ad = hidden_states, self.adapters
        q, k, v = self.c_attn(x).split(self.split_size, dim=2)
        q = add(q, ad.q_heads, x)
        q = add(q, ad.q_shared, x)
        v = add(v, ad.v_heads, k)
        v = add(v, ad.v_shared, x)
        split = (*x.shape[:-1], self.heads, self.head_size)
        q, k, v = (t.view(split).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            k, v = cache.update(k, v, self.layer_idx)
        attend = ALL_ATTENTION_FUNCTIONS.get_interface(self.config._attn_implementation,
                                                       gpt2_eager_attention_forward)
        context, weights = attend(self, q, k, v, attention_mask,
                                  dropout=self.attn_dropout.p if self.training else 0.0,
                                  scaling=self.scaling, **kwargs)
        context = context.reshape(*context.shape[:-2], -1).contiguous()
        out = self.c_proj(context)
        out = add(out, ad.o_heads, context)
        out = add(out, ad.o_shared, context)
        return self.resid_dropout(out), weights


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
                        for key, view in kernel.head_views(head, gradients).items():
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
