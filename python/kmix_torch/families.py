"""What differs between the model families kmix supports (BERT, RoBERTa, GPT-2), in one place: how a base model is
loaded, where its layers and pooler are, its dropout, its shape, and kmix's hash of its weights."""
import hashlib
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import torch
import transformers
from safetensors import safe_open
from transformers import AutoConfig, AutoModel, AutoTokenizer, GPT2LMHeadModel

FAMILIES = ("bert", "roberta", "gpt2")


class ModelError(ValueError):
    """A model that cannot be used, in one sentence."""


@dataclass
class BaseModel:
    """A frozen base model, its family and tokenizer, and the pooler kmix reads from its checkpoint (or None)."""
    folder: str
    family: str
    module: torch.nn.Module
    tokenizer: object
    pooler: tuple = None
    sha256: str = None

    @property
    def config(self):
        return self.module.config

    @property
    def is_causal(self):
        return self.family == "gpt2"

    @property
    def shape(self):
        """(layers, heads, hidden size) for plans."""
        c = self.config
        if self.family == "gpt2":
            return (c.n_layer, c.n_head, c.n_embd)
        return (c.num_hidden_layers, c.num_attention_heads, c.hidden_size)

    @property
    def hidden_dropout(self):
        return self.config.resid_pdrop if self.family == "gpt2" else self.config.hidden_dropout_prob

    @property
    def max_positions(self):
        """Tokens a sequence may have (RoBERTa's position table starts after the padding index)."""
        c = self.config
        if self.family == "gpt2":
            return c.n_positions
        offset = c.pad_token_id + 1 if self.family == "roberta" else 0
        return c.max_position_embeddings - offset

    @property
    def pad_id(self):
        pad = self.tokenizer.pad_token_id
        return 0 if pad is None else pad

    def layers(self):
        """The transformer layers (BERT/RoBERTa `encoder.layer`, GPT-2 `h`)."""
        core = self.module.transformer if isinstance(self.module, GPT2LMHeadModel) else self.module
        return core.h if self.family == "gpt2" else core.encoder.layer

    def default_task_head(self):
        """kmix's default: the checkpoint's pooler when it has one, else `last` for a decoder and `cls` otherwise."""
        if self.pooler is not None:
            return "pooler"
        return "last" if self.is_causal else "cls"

    def compute_hash(self):
        """kmix's `base_model_sha256`: sizes and the bit patterns of the first 256 word-embedding values and of the
        first 256 values of the last layer's fused query/key/value weight (`BaseModelHash.swift`); computed when the
        model is loaded, before adapters replace its attention blocks (`sha256`)."""
        c = self.config
        core = self.module.transformer if isinstance(self.module, GPT2LMHeadModel) else self.module
        if self.family == "gpt2":
            sizes = (c.n_layer, c.n_head, c.n_embd, c.n_inner or 4 * c.n_embd, c.vocab_size, c.n_positions, 1)
            words = core.wte.weight
            qkv = core.h[-1].attn.c_attn.weight.t()
        else:
            types = getattr(c, "type_vocab_size", 2 if self.family == "bert" else 1)
            sizes = (c.num_hidden_layers, c.num_attention_heads, c.hidden_size, c.intermediate_size, c.vocab_size,
                     self.max_positions, types)
            words = core.embeddings.word_embeddings.weight
            qkv = core.encoder.layer[-1].attention.self.query.weight
        text = ("bert layers={} heads={} hidden={} intermediate={} vocab={} positions={} types={};".format(*sizes))
        for sample in (words, qkv):
            values = sample.detach().float().contiguous().flatten()[:256].tolist()
            text += ",".join(format(struct.unpack("<I", struct.pack("<f", v))[0], "x") for v in values) + ";"
        return hashlib.sha256(text.encode()).hexdigest()


def resolve(model):
    """The folder of `model`: a folder path, or a Hugging Face id in kmix's cache ($KMIX_HOME/models/ORG--NAME,
    default ~/.cache/kmix) or Hugging Face's cache; otherwise the id itself (transformers downloads it)."""
    if os.path.isdir(model):
        return str(Path(model).resolve())
    home = os.environ.get("KMIX_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "kmix")
    cached = os.path.join(home, "models", model.replace("/", "--"))
    if os.path.isdir(cached):
        return cached
    return model


def load(model, language_model=False):
    """The frozen base model `model` (folder or id) in float32, evaluation-ready: `AutoModel` (BERT, RoBERTa, GPT-2)
    or, for a language model, `GPT2LMHeadModel`."""
    folder = resolve(model)
    try:
        config = AutoConfig.from_pretrained(folder)
    except (OSError, ValueError) as error:
        raise ModelError(f"{model} is not a model folder or a known model id: {str(error).splitlines()[0]}") from None
    family = config.model_type
    if family not in FAMILIES:
        raise ModelError(f"{model} is a {family} model; kmix_torch supports {', '.join(FAMILIES)}")
    if language_model and family != "gpt2":
        raise ModelError(f"{model} is an encoder ({family}); generation needs a GPT-2 model")
    loader = GPT2LMHeadModel if language_model else AutoModel
    verbosity = transformers.logging.get_verbosity()
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    try:
        module = loader.from_pretrained(folder, dtype=torch.float32)
    finally:
        transformers.logging.set_verbosity(verbosity)
    module.requires_grad_(False)
    pooler = None
    if not language_model and family != "gpt2":
        pooler = _checkpoint_pooler(folder, family, module)
        module.pooler = None
    tokenizer = AutoTokenizer.from_pretrained(folder)
    base = BaseModel(folder=folder, family=family, module=module, tokenizer=tokenizer, pooler=pooler)
    base.sha256 = base.compute_hash()
    return base


def _checkpoint_pooler(folder, family, module):
    """kmix's pooler: the checkpoint's `pooler.dense` (RoBERTa: its sequence classifier's `classifier.dense` first),
    or None when the checkpoint has neither (a pooler transformers would draw at random is not used)."""
    names = _checkpoint_names(folder)
    if family == "roberta":
        for prefix in ("classifier.dense.", "roberta.classifier.dense."):
            if prefix + "weight" in names:
                return _read(folder, prefix + "weight"), _read(folder, prefix + "bias")
    if any(n.endswith("pooler.dense.weight") for n in names) and getattr(module, "pooler", None) is not None:
        dense = module.pooler.dense
        return dense.weight.detach().clone(), dense.bias.detach().clone()
    return None


def _checkpoint_names(folder):
    path = os.path.join(folder, "model.safetensors")
    if os.path.exists(path):
        with safe_open(path, "pt") as f:
            return set(f.keys())
    path = os.path.join(folder, "pytorch_model.bin")
    if os.path.exists(path):
        return set(torch.load(path, map_location="cpu", weights_only=True))
    return set()


def _read(folder, name):
    path = os.path.join(folder, "model.safetensors")
    if os.path.exists(path):
        with safe_open(path, "pt") as f:
            return f.get_tensor(name).float()
    return torch.load(os.path.join(folder, "pytorch_model.bin"), map_location="cpu", weights_only=True)[name].float()

