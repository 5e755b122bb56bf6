"""Attention blocks with Kernel-mix adapters, one per family: BERT and RoBERTa (`KernelMixAttention`, which replaces a
layer's `BertAttention`/`RobertaAttention`) and GPT-2 (`KernelMixGPT2Attention`, which replaces a block's `attn`).
Both reuse the frozen projections, dropouts and LayerNorm of the block they replace and compute the attention through
transformers' configured attention function (sdpa or eager)."""
from torch import nn
from transformers.modeling_utils import ALL_ATTENTION_FUNCTIONS
from transformers.models.bert.modeling_bert import eager_attention_forward
from transformers.models.gpt2.modeling_gpt2 import eager_attention_forward as gpt2_eager_attention_forward

from .adapters import add


class KernelMixAttention(nn.Module):
    """A BERT or RoBERTa attention block (self-attention and its output block) with Kernel-mix adapters."""

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

    def forward(self, hidden_states, attention_mask=None, *args, **kwargs):
        x, ad = hidden_states, self.adapters
        q, k, v = self.query(x), self.key(x), self.value(x)
        q = add(add(q, ad.q_heads, x), ad.q_shared, x)
        v = add(add(v, ad.v_heads, k), ad.v_shared, x)
        split = (*x.shape[:-1], self.heads, self.head_size)
        attend = ALL_ATTENTION_FUNCTIONS.get_interface(self.config._attn_implementation, eager_attention_forward)
        context, _ = attend(self, *(t.view(split).transpose(1, 2) for t in (q, k, v)), attention_mask,
                            dropout=self.attention_dropout if self.training else 0.0,
                            scaling=self.head_size ** -0.5)
        context = context.reshape(x.shape)
        out = self.dense(context)
        out = add(add(out, ad.o_heads, context), ad.o_shared, context)
        return self.LayerNorm(self.dropout(out) + x), None


class KernelMixGPT2Attention(nn.Module):
    """A `GPT2Attention` (causal self-attention, without cross-attention) with Kernel-mix adapters.

    With X the block's attention input (ln_1's output):

        q = X Wq + bq + per-head Q terms (input X) + shared Q (input X)
        k = X Wk + bk                                               (frozen)
        v = X Wv + bv + per-head V terms (input head h's frozen key k_h, bias included) + shared V (input X)
        context = concat_h softmax(q_h k_h^T / sqrt(dh) + causal mask) v_h   (attention dropout)
        out = resid_dropout(c_proj(context) + per-head O terms (input a_h) + shared O (input context))

    A key/value cache (generation) stores the frozen keys and the adapted values.
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

    def forward(self, hidden_states, cache=None, attention_mask=None, output_attentions=False, past_key_values=None,
                **kwargs):
        x, ad = hidden_states, self.adapters
        cache = cache if cache is not None else past_key_values
        q, k, v = self.c_attn(x).split(self.split_size, dim=2)
        q = add(add(q, ad.q_heads, x), ad.q_shared, x)
        v = add(add(v, ad.v_heads, k), ad.v_shared, x)
        split = (*x.shape[:-1], self.heads, self.head_size)
        q, k, v = (t.view(split).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            k, v = cache.update(k, v, self.layer_idx)
        attend = ALL_ATTENTION_FUNCTIONS.get_interface(self.config._attn_implementation, gpt2_eager_attention_forward)
        context, weights = attend(self, q, k, v, attention_mask,
                                  dropout=self.attn_dropout.p if self.training else 0.0, scaling=self.scaling,
                                  **kwargs)
        context = context.reshape(*context.shape[:-2], -1).contiguous()
        out = self.c_proj(context)
        out = add(add(out, ad.o_heads, context), ad.o_shared, context)
        return self.resid_dropout(out), weights
