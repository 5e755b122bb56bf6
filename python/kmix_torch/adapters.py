"""Kernel-mix adapter modules (`docs/kernel-mix.md`) and their tensors under kmix's names.

Per layer and projection p in q, v, o:

- Q, per head, input X:                   q_h += X A_h^T B_h^T + b_h
- V, per head, input the frozen key k_h:  v_h += k_h A_h^T B_h^T + b_h
- O, per head, input the head output a_h: out += concat_h(a_h A_h^T) B^T + b   (one B and b per layer)
- shared low-rank (LoRA, no bias) on Q and V (input X) and on O (input concat_h a_h), scaled by lora_alpha / s when
  the plan sets lora_alpha.

Per-head ranks may differ and may be 0 (no parameters at all). The per-head tensors of a projection are stored packed
(the A_h stacked as rows, the B_h side by side as columns) and expanded into block-diagonal matrices in each forward
pass, so that every adapter costs two GEMMs whatever the plan. `kmix_entries` names every tensor (and its view into
the packed parameter) as kmix's parameter store does, in the store's order.
"""
import math

import numpy
import torch
import torch.nn.functional as F
from torch import nn

from .plan import PROJECTIONS
from .rng import SeededGenerator


class SharedAdapter(nn.Module):
    """Plain low-rank update scale * x A^T B^T over the whole projection (no bias)."""

    def __init__(self, rank, width, dropout, scale=1.0):
        super().__init__()
        self.A = nn.Parameter(torch.zeros(rank, width))
        self.B = nn.Parameter(torch.zeros(width, rank))
        self.dropout = nn.Dropout(dropout)
        self.scale = scale

    def forward(self, x):
        out = F.linear(F.linear(self.dropout(x), self.A), self.B)
        return out if self.scale == 1.0 else out * self.scale


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
        self.active = [h for h, r in enumerate(ranks) if r > 0]
        self.register_buffer("active_index", torch.tensor(self.active), persistent=False)
        self.A = nn.Parameter(torch.zeros(total, head_size if input_heads else width))
        self.B = nn.Parameter(torch.zeros(head_size if output_heads else width, total))
        self.b = nn.Parameter(torch.zeros(len(self.active), head_size) if output_heads else torch.zeros(width))
        self.dropout = nn.Dropout(dropout)

    def down(self):
        """A as a R x d matrix (block-diagonal over the heads when it reads head slices)."""
        if not self.input_heads:
            return self.A
        return (self.owner.to(self.A.dtype)[:, :, None] * self.A[:, None, :]).flatten(1)

    def up(self):
        """B as a d x R matrix (block-diagonal over the heads when it writes head slices)."""
        if not self.output_heads:
            return self.B
        return (self.owner.to(self.B.dtype).t()[:, None, :] * self.B[None, :, :]).flatten(0, 1)

    def bias(self):
        """The bias over the whole output width (zero on heads of rank 0)."""
        if not self.output_heads:
            return self.b
        full = self.b.new_zeros(len(self.ranks), self.head_size)
        return full.index_copy(0, self.active_index, self.b).flatten()

    def forward(self, x):
        return F.linear(F.linear(self.dropout(x), self.down()), self.up(), self.bias())

    def columns(self, head):
        """Head `head`'s rows of A (and columns of B)."""
        start = sum(self.ranks[:head])
        return slice(start, start + self.ranks[head])


class LayerAdapters(nn.Module):
    """The adapters of one layer: `q_heads`, `q_shared`, `v_heads`, ... (None where the rank is 0)."""

    def __init__(self, budget, heads, head_size, dropout, lora_alpha=None):
        super().__init__()
        width = heads * head_size
        for p in PROJECTIONS:
            ranks = budget.heads[p]
            kernel = (KernelAdapter(ranks, head_size, input_heads=p != "q", output_heads=p != "o", dropout=dropout)
                      if sum(ranks) > 0 else None)
            s = budget.shared[p]
            shared = SharedAdapter(s, width, dropout, shared_scale(lora_alpha, s)) if s > 0 else None
            setattr(self, f"{p}_heads", kernel)
            setattr(self, f"{p}_shared", shared)


def shared_scale(lora_alpha, rank):
    """The scaling of a shared term of rank `rank`: lora_alpha / rank in float32, or 1 without lora_alpha."""
    if lora_alpha is None:
        return 1.0
    return float(numpy.float32(lora_alpha) / numpy.float32(rank))


def add(y, adapter, x):
    """y plus the adapter's term for input x (y itself when there is no adapter)."""
    return y if adapter is None else y + adapter(x)


def layer_entries(index, layer):
    """(kmix name, parameter, index into it, head or None) of one layer's tensors, in kmix's store order."""
    entries = []
    for p in PROJECTIONS:
        prefix = f"layers.{index}.{p}"
        kernel, shared = getattr(layer, f"{p}_heads"), getattr(layer, f"{p}_shared")
        if kernel is not None:
            live = [h for h, r in enumerate(kernel.ranks) if r > 0]
            for h in live:
                entries.append((f"{prefix}.heads.{h}.A", kernel.A, (kernel.columns(h),), h))
            if kernel.output_heads:
                for h in live:
                    entries.append((f"{prefix}.heads.{h}.B", kernel.B, (slice(None), kernel.columns(h)), h))
                for h in live:
                    entries.append((f"{prefix}.heads.{h}.b", kernel.b, (kernel.active.index(h),), h))
            else:
                entries.append((f"{prefix}.B", kernel.B, (), None))
                entries.append((f"{prefix}.b", kernel.b, (), None))
        if shared is not None:
            entries.append((f"{prefix}.shared.A", shared.A, (), None))
            entries.append((f"{prefix}.shared.B", shared.B, (), None))
    return entries


def initialise(entries, init, seed):
    """Draws the tensors exactly as kmix does from `SeededGenerator(seed)`, in store order: "houlsby" every adapter
    value fmod(normal, 2) * 0.01; "lora" A uniform in +-1/sqrt(fan-in), B and biases 0; the classifier weight
    normal * 0.02 and its bias 0; a trained pooler keeps the base model's values."""
    generator = SeededGenerator(seed)
    with torch.no_grad():
        for name, parameter, index, _ in entries:
            view = parameter[index] if index else parameter
            count = view.numel()
            if name.startswith("head."):
                if name == "head.classifier.weight":
                    values = numpy.array([generator.next_normal() * 0.02 for _ in range(count)], dtype=numpy.float32)
                elif name == "head.classifier.bias":
                    values = numpy.zeros(count, dtype=numpy.float32)
                else:
                    continue
            elif init == "houlsby":
                values = numpy.array([math.fmod(generator.next_normal(), 2) * 0.01 for _ in range(count)],
                                     dtype=numpy.float32)
            elif name.endswith(".A"):
                bound = numpy.float32(1) / numpy.sqrt(numpy.float32(view.shape[-1]))
                draws = numpy.array([generator.next_unit_float() for _ in range(count)], dtype=numpy.float32)
                values = (numpy.float32(2) * draws - numpy.float32(1)) * bound
            else:
                values = numpy.zeros(count, dtype=numpy.float32)
            tensor = torch.from_numpy(values).reshape(view.shape).to(parameter.dtype)
            if index:
                parameter[index] = tensor
            else:
                parameter.copy_(tensor)


def head_norms(adapters, heads):
    """The L2 norm of each head's own tensors by projection (`q`, `v`, `o`: layers x heads lists), as kmix reports
    them: A, B and bias for Q and V; for O the head's A and the columns of the layer's B that read it."""
    norms = {p: [[0.0] * heads for _ in adapters] for p in PROJECTIONS}
    with torch.no_grad():
        for index, layer in enumerate(adapters):
            for p in PROJECTIONS:
                kernel = getattr(layer, f"{p}_heads")
                if kernel is None:
                    continue
                for head in kernel.active:
                    columns = kernel.columns(head)
                    parts = [kernel.A[columns], kernel.B[:, columns]]
                    if kernel.output_heads:
                        parts.append(kernel.b[kernel.active.index(head)])
                    norms[p][index][head] = float(sum(t.double().pow(2).sum() for t in parts).sqrt())
    return norms
