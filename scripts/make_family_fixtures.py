#!/usr/bin/env python3
"""Make the tiny RoBERTa and GPT-2 models and the PyTorch reference outputs of the model-family tests.

Run once from the project root (needs torch, transformers, tokenizers, safetensors and numpy; made with
the versions recorded in each .json); the output is committed:

    python3 scripts/make_family_fixtures.py            # writes everything below
    python3 scripts/make_family_fixtures.py check      # remakes it all in a temporary folder and
                                                       # compares with the committed files

Nothing is downloaded: both models are drawn from fixed seeds (the architecture by transformers, every
weight from this script's own torch.Generator), on the byte-level BPE tokenizers committed in
`Tests/KMixTests/Fixtures/families/{gpt2,roberta}-tokenizer/` (`scripts/make_bpe_tokenizers.py`). It
writes, in `Tests/KMixTests/Fixtures/families/` (or `--out DIR`):

- `tiny-roberta/`, `tiny-gpt2/`: Hugging Face model folders (`save_pretrained`, safetensors) with the
  tokenizer files copied in and a `made-with.json` that records the configuration choices and the
  initialisation. `RobertaForSequenceClassification` (2 labels) and `GPT2LMHeadModel` (tied embeddings).
- `roberta-forward.*`: 8 texts (SST-2 sentences from `Datasets/sst2/dev.tsv` and hand-written ones, 2
  of them sentence pairs) through the classifier in float32: token ids, the base `RobertaModel`'s
  `last_hidden_state` and the classification logits.
- `gpt2-forward.*`: 8 texts (E2E-style and SST-2) through the LM in float32: token ids, `last_hidden_state`
  (after ln_f) and the logits of every position.
- `gpt2-generate.json`: 26 prompts, each generated alone (batch 1, no padding) by `model.generate`:
  greedy and two beam-search settings; generated ids and decoded texts, greedy logit gaps and the
  decision margins of the beam searches (from `reference_beam_search`, this file's step-by-step
  re-implementation of transformers' beam search, which must and does give the same outputs).
- `gpt2-kernelmix.*`: Kernel-mix on tiny-gpt2 through `Benchmarks/pytorch/kernelmix.py` (`KernelMixLM`)
  in float64 with a ragged plan: logits, the next-token loss and the gradient of every adapter tensor,
  rounded to float32 when saved; the gradients are checked against central finite differences here.
- `roberta-kernelmix.*`: Kernel-mix on tiny-roberta through the library `kmix_torch` (`python/kmix_torch`,
  `KernelMixClassifier`, the code `python -m kmix_torch.train` trains with) in float64: a ragged plan with
  `lora_alpha` and a trained pooler; logits, loss and the gradient of every trainable tensor under kmix's names,
  checked against central finite differences here.

Each `.safetensors` has a `.json` beside it that says how it was made, what every tensor is and the
tolerance a float32 implementation should meet. Importing this file does no work: the builders
(`build_roberta`, `build_gpt2`, `reference_beam_search`, `kernelmix_model`, ...) can be reused.
"""

import argparse
import csv
import filecmp
import json
import math
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

import numpy
import safetensors
import tokenizers
import torch
import torch.nn.functional as F
import transformers
from safetensors.torch import load_file, save_file
from transformers import (AutoTokenizer, GPT2Config, GPT2LMHeadModel, RobertaConfig,
                          RobertaForSequenceClassification)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Benchmarks" / "pytorch"))
from kernelmix import KernelMixLM, LayerBudget, Plan, fixture_views  # noqa: E402
from kmix_torch import families  # noqa: E402  (kernelmix put python/ on the path)
from kmix_torch import plan as kmix_plans  # noqa: E402
from kmix_torch.model import KernelMixClassifier  # noqa: E402

FAMILIES = ROOT / "Tests" / "KMixTests" / "Fixtures" / "families"
DEV = ROOT / "Datasets" / "sst2" / "dev.tsv"
THREADS = 2
COMMAND = "python3 scripts/make_family_fixtures.py"
TOKENIZER_FILES = ("tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json")

# --- the models --------------------------------------------------------------------------------------

ROBERTA_CONFIG = dict(
    vocab_size=2001, hidden_size=64, num_attention_heads=4, num_hidden_layers=2, intermediate_size=128,
    hidden_act="gelu", layer_norm_eps=1e-5, max_position_embeddings=66, type_vocab_size=1,
    pad_token_id=1, bos_token_id=0, eos_token_id=2, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
    classifier_dropout=None, initializer_range=0.15, num_labels=2,
    id2label={0: "negative", 1: "positive"}, label2id={"negative": 0, "positive": 1},
)
GPT2_CONFIG = dict(
    vocab_size=2001, n_embd=48, n_head=3, n_layer=3, n_inner=None, activation_function="gelu_new",
    layer_norm_epsilon=1e-6, n_positions=96, bos_token_id=2000, eos_token_id=2000, tie_word_embeddings=True,
    resid_pdrop=0.1, embd_pdrop=0.1, attn_pdrop=0.1, initializer_range=0.2,
)
# Every parameter ~ its class's rule below, drawn in `named_parameters()` order from torch.Generator(seed):
# embeddings N(0, embedding^2), other weight matrices N(0, linear^2), biases N(0, bias^2), LayerNorm
# gains 1 + N(0, norm_gain^2) and LayerNorm biases N(0, norm_bias^2).
ROBERTA_INIT = dict(seed=20_260_301, embedding=0.15, linear=0.15, bias=0.05, norm_gain=0.2, norm_bias=0.1)
GPT2_INIT = dict(seed=20_260_306, embedding=0.8, linear=0.2, bias=0.05, norm_gain=0.2, norm_bias=0.1)
EOS_ROW_SCALE = 2.0  # tiny-gpt2's wte row 2000 (<|endoftext|>) is multiplied by this after the draw
EOS = 2000
ROBERTA_PAD = 1


def draw_weights(model, init, norm_marker, embedding_markers):
    """Overwrites every parameter of `model` from torch.Generator(init["seed"]) (see ROBERTA_INIT)."""
    generator = torch.Generator().manual_seed(init["seed"])
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            noise = torch.randn(parameter.shape, generator=generator, dtype=torch.float32)
            if norm_marker in name:
                value = 1 + init["norm_gain"] * noise if name.endswith("weight") else init["norm_bias"] * noise
            elif name.endswith("bias"):
                value = init["bias"] * noise
            elif any(marker in name for marker in embedding_markers):
                value = init["embedding"] * noise
            else:
                value = init["linear"] * noise
            parameter.copy_(value)


def build_roberta():
    """tiny-roberta: `RobertaForSequenceClassification` of ROBERTA_CONFIG with weights of ROBERTA_INIT."""
    torch.manual_seed(0)  # transformers' own initialisation, overwritten below
    model = RobertaForSequenceClassification(RobertaConfig(**ROBERTA_CONFIG))
    draw_weights(model, ROBERTA_INIT, "LayerNorm", ("embeddings",))
    return model.eval()


def build_gpt2():
    """tiny-gpt2: `GPT2LMHeadModel` of GPT2_CONFIG with weights of GPT2_INIT, wte[EOS] scaled."""
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(**GPT2_CONFIG))
    draw_weights(model, GPT2_INIT, ".ln_", ("wte", "wpe"))
    with torch.no_grad():
        model.transformer.wte.weight[EOS] *= EOS_ROW_SCALE
    assert model.lm_head.weight.data_ptr() == model.transformer.wte.weight.data_ptr(), "lm_head is not tied"
    return model.eval()


def save_model(model, folder, tokenizer_folder, made_with):
    """save_pretrained (safetensors) plus the tokenizer files and made-with.json."""
    if folder.exists():
        shutil.rmtree(folder)
    model.save_pretrained(folder)
    for name in TOKENIZER_FILES:
        shutil.copyfile(tokenizer_folder / name, folder / name)
    write_json(folder / "made-with.json", made_with)


# --- texts -------------------------------------------------------------------------------------------

def read_dev_sentences(path=DEV):
    """The `sentence` column of a GLUE-layout TSV, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    column = rows[0].index("sentence")
    return [row[column] for row in rows[1:] if row]


# (first, second or None); ("dev", i) is row i (0-based, after the header) of Datasets/sst2/dev.tsv.
ROBERTA_TEXTS = [
    (("dev", 0), None),
    (("dev", 4), None),
    (("dev", 23), None),  # 62 tokens with <s> and </s>: close to the 64 usable positions
    (("dev", 7), ("dev", 21)),
    ("Hello, World! The café's crème brûlée costs €5 — naïve?", None),
    ("The ending was a <mask> surprise.", None),
    ("Is the movie any good?", "Yes: a gorgeous , witty , seductive movie ."),
    ("Wow!!   so   good", None),
]
GPT2_TEXTS = [
    "name[The Eagle], eatType[coffee shop], food[French], near[Burger King] || The Eagle is a French coffee shop "
    "near Burger King.<|endoftext|>",
    "name[Aromi], eatType[restaurant], food[Chinese], area[city centre]",
    "The Vaults is a cheap pub near Café Adriatic with a 5 star rating.",
    ("dev", 11),
    ("dev", 2),
    ("dev", 33),
    "The",
    "  Prices start at £30 —\n\tcheap?",
]
GENERATE_PROMPTS = [
    "The",
    "a",
    "name",
    "The Eagle",
    "it 's",
    "lovely and poignant .",
    "name[The Vaults]",
    "There is a cheap pub",
    "name[Zizzi], eatType[pub] ||",
    "The Golden Curry is a",
    ("dev", 0),
    ("dev", 21),
    "name[Aromi], eatType[coffee shop], food[Italian], area[city centre] ||",
    "name[Blue Spice], eatType[restaurant], priceRange[less than £20], near[Rainbow Vegetarian Café] ||",
    ("dev", 7),
    ("dev", 4),
    "If you want a family-friendly place near the river, try",
    ("dev", 12),
    "name[The Mill], eatType[coffee shop], food[Fast food], priceRange[high], customer rating[1 out of 5], "
    "area[riverside] ||",
    ("dev", 3),
    ("dev", 15),
    "Ça me plaît : a naïve , warm film",
    ("dev", 2),
    "name[Clowns], eatType[pub], food[Japanese], priceRange[cheap], customer rating[average], area[city centre], "
    "familyFriendly[no], near[The Sorrento] ||",
    ("dev", 37),
    "the film",
]
GREEDY = dict(do_sample=False, num_beams=1, max_new_tokens=24)
BEAMS = {
    "beam4": dict(do_sample=False, num_beams=4, length_penalty=0.9, no_repeat_ngram_size=4, early_stopping=True,
                  max_new_tokens=24),
    "beam3": dict(do_sample=False, num_beams=3, length_penalty=1.5, no_repeat_ngram_size=0, early_stopping=True,
                  max_new_tokens=24),
}
MIN_GREEDY_GAP = 1e-3
MIN_BEAM_MARGIN = 5e-4  # of reference_beam_search, in log-probability units


def resolve(text, dev):
    return dev[text[1]] if isinstance(text, tuple) else text


def describe_text(text):
    return f"Datasets/sst2/dev.tsv row {text[1]} (0-based, after the header)" if isinstance(text, tuple) else "hand-written"


# --- helpers -----------------------------------------------------------------------------------------

def made_with(extra=None):
    record = {
        "command": COMMAND,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "safetensors": safetensors.__version__,
        "numpy": numpy.__version__,
        "torch_threads": torch.get_num_threads(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
    }
    record.update(extra or {})
    return record


def write_json(path, value):
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def save_tensors(path, tensors):
    save_file({name: t.contiguous() for name, t in tensors.items()}, path, metadata={"format": "pt"})


def pad_batch(sequences, pad):
    """(ids batch x longest, padded on the right with `pad`; lengths; attention mask)."""
    width = max(len(s) for s in sequences)
    ids = torch.full((len(sequences), width), pad, dtype=torch.long)
    for row, sequence in enumerate(sequences):
        ids[row, :len(sequence)] = torch.tensor(sequence)
    lengths = torch.tensor([len(s) for s in sequences], dtype=torch.long)
    mask = (torch.arange(width)[None, :] < lengths[:, None]).long()
    return ids, lengths, mask


def zero_padding(tensor, mask):
    """`tensor` (batch x positions x ...) with the padded positions set to 0."""
    shape = (*mask.shape, *([1] * (tensor.dim() - 2)))
    return tensor * mask.view(shape).to(tensor.dtype)


def max_abs_real(a, b, mask):
    return (a - b)[mask.bool()].abs().max().item()


# --- roberta-forward ---------------------------------------------------------------------------------

def roberta_forward(model, batch):
    with torch.inference_mode():
        hidden = model.roberta(input_ids=batch[0], attention_mask=batch[2]).last_hidden_state
        logits = model.classifier(hidden)
    return hidden, logits


def make_roberta_forward(folder, out, provenance):
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = RobertaForSequenceClassification.from_pretrained(folder, dtype=torch.float32).eval()
    dev = read_dev_sentences()
    texts = [(resolve(a, dev), None if b is None else resolve(b, dev)) for a, b in ROBERTA_TEXTS]
    sequences = [tokenizer(a, b)["input_ids"] if b is not None else tokenizer(a)["input_ids"] for a, b in texts]
    usable = model.config.max_position_embeddings - ROBERTA_PAD - 1
    assert max(len(s) for s in sequences) <= usable, "a text is longer than the usable positions"
    batch = pad_batch(sequences, ROBERTA_PAD)
    assert all(ROBERTA_PAD not in s for s in sequences), "a text contains <pad>"
    hidden, logits = roberta_forward(model, batch)
    # checks: the classifier's own forward, one text at a time, float64, eager attention
    with torch.inference_mode():
        own_logits = model(input_ids=batch[0], attention_mask=batch[2]).logits
        single = [roberta_forward(model, pad_batch([s], ROBERTA_PAD)) for s in sequences]
    eager = RobertaForSequenceClassification.from_pretrained(folder, dtype=torch.float32,
                                                             attn_implementation="eager").eval()
    hidden_eager, logits_eager = roberta_forward(eager, batch)
    hidden64, logits64 = roberta_forward(model.to(torch.float64), batch)
    mask = batch[2]
    single_hidden = max(max_abs_real(hidden[i:i + 1, :len(s)], h, torch.ones(1, len(s)))
                        for i, (s, (h, _)) in enumerate(zip(sequences, single)))
    single_logits = max((logits[i] - l[0]).abs().max().item() for i, (_, l) in enumerate(single))
    tensors = {"input_ids": batch[0], "lengths": batch[1], "last_hidden_state": zero_padding(hidden, mask),
               "logits": logits}
    save_tensors(out / "roberta-forward.safetensors", tensors)
    description = {
        "model": "families/tiny-roberta (this script's RobertaForSequenceClassification; see its made-with.json)",
        "method": "transformers, float32, evaluation mode (no dropout), default attention implementation "
                  f"({model.config._attn_implementation}); the 8 texts as one batch padded on the right",
        "texts": [{"first": a, "second": b, "source": [describe_text(x) for x in spec if x is not None],
                   "tokens": len(s)} for (a, b), spec, s in zip(texts, ROBERTA_TEXTS, sequences)],
        "tokenisation": "the fast tokenizer of the folder with special tokens: <s> A </s> for one text, "
                        "<s> A </s></s> B </s> for a pair (one token type, 0, throughout)",
        "tensors": {
            "input_ids": "8 x 62 int64, padded with <pad> = 1 after each text's tokens",
            "lengths": "8 int64: tokens of each text, <s> and </s> included",
            "last_hidden_state": "8 x 62 x 64 float32: the base RobertaModel's output (`model.roberta`, the "
                                 "classifier's encoder; no pooler); zero at padded positions (position >= "
                                 "length), which are not part of the reference",
            "logits": "8 x 2 float32: the classification head on <s>'s hidden state: out_proj(tanh(dense(h_0)))",
        },
        "positions": "RoBERTa's: the real tokens have position ids 2, 3, ... (padding_idx 1 + 1 + index); the "
                     "attention mask hides the padded keys",
        "labels": model.config.id2label,
        "sanity": {
            "logits_vs_the_classifier_forward_max_abs": (logits - own_logits).abs().max().item(),
            "batched_vs_one_text_at_a_time_last_hidden_state_max_abs": single_hidden,
            "batched_vs_one_text_at_a_time_logits_max_abs": single_logits,
            "sdpa_vs_eager_last_hidden_state_max_abs": max_abs_real(hidden, hidden_eager, mask),
            "sdpa_vs_eager_logits_max_abs": (logits - logits_eager).abs().max().item(),
            "float32_vs_float64_last_hidden_state_max_abs": max_abs_real(hidden, hidden64.float(), mask),
            "float32_vs_float64_logits_max_abs": (logits - logits64.float()).abs().max().item(),
            "logits_std_over_texts": logits.std(0).tolist(),
            "last_hidden_state_std": hidden[mask.bool()].std().item(),
        },
        "tolerance": {"last_hidden_state_max_abs": 1e-4, "logits_max_abs": 1e-4},
        "made_with": provenance,
    }
    write_json(out / "roberta-forward.json", description)


# --- gpt2-forward ------------------------------------------------------------------------------------

def gpt2_forward(model, batch):
    with torch.inference_mode():
        hidden = model.transformer(input_ids=batch[0], attention_mask=batch[2]).last_hidden_state
        logits = model.lm_head(hidden)
    return hidden, logits


def make_gpt2_forward(folder, out, provenance):
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = GPT2LMHeadModel.from_pretrained(folder, dtype=torch.float32).eval()
    dev = read_dev_sentences()
    texts = [resolve(t, dev) for t in GPT2_TEXTS]
    sequences = [tokenizer(t)["input_ids"] for t in texts]
    assert max(len(s) for s in sequences) <= model.config.n_positions
    batch = pad_batch(sequences, EOS)
    hidden, logits = gpt2_forward(model, batch)
    with torch.inference_mode():
        own_logits = model(input_ids=batch[0], attention_mask=batch[2]).logits
        single = [gpt2_forward(model, pad_batch([s], EOS)) for s in sequences]
    eager = GPT2LMHeadModel.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager").eval()
    hidden_eager, logits_eager = gpt2_forward(eager, batch)
    hidden64, logits64 = gpt2_forward(model.to(torch.float64), batch)
    mask = batch[2]
    ones = [torch.ones(1, len(s)) for s in sequences]
    tensors = {"input_ids": batch[0], "lengths": batch[1], "last_hidden_state": zero_padding(hidden, mask),
               "logits": zero_padding(logits, mask)}
    save_tensors(out / "gpt2-forward.safetensors", tensors)
    n, width = batch[0].shape
    description = {
        "model": "families/tiny-gpt2 (this script's GPT2LMHeadModel; see its made-with.json)",
        "method": "transformers, float32, evaluation mode (no dropout), default attention implementation "
                  f"({model.config._attn_implementation}); the 8 texts as one batch padded on the right, "
                  "position ids 0, 1, ... in every row",
        "texts": [{"text": t, "source": describe_text(spec), "tokens": len(s)}
                  for t, spec, s in zip(texts, GPT2_TEXTS, sequences)],
        "tokenisation": "the fast tokenizer of the folder; GPT-2 adds no special tokens; '<|endoftext|>' in "
                        "the text is the special token 2000",
        "tensors": {
            "input_ids": f"{n} x {width} int64, padded with 2000 (<|endoftext|>) after each text's tokens",
            "lengths": f"{n} int64: tokens of each text",
            "last_hidden_state": f"{n} x {width} x 48 float32: after ln_f; zero at padded positions",
            "logits": f"{n} x {width} x 2001 float32: the tied LM head (h wte^T) at every position; zero at "
                      "padded positions",
        },
        "sanity": {
            "logits_vs_the_lm_forward_max_abs": max_abs_real(logits, own_logits, mask),
            "batched_vs_one_text_at_a_time_logits_max_abs":
                max(max_abs_real(logits[i:i + 1, :len(s)], l, o) for i, (s, (_, l), o) in
                    enumerate(zip(sequences, single, ones))),
            "sdpa_vs_eager_logits_max_abs": max_abs_real(logits, logits_eager, mask),
            "float32_vs_float64_last_hidden_state_max_abs": max_abs_real(hidden, hidden64.float(), mask),
            "float32_vs_float64_logits_max_abs": max_abs_real(logits, logits64.float(), mask),
            "logits_std": logits[mask.bool()].std().item(),
        },
        "tolerance": {"last_hidden_state_max_abs": 1e-4, "logits_max_abs": 1e-4},
        "made_with": provenance,
    }
    write_json(out / "gpt2-forward.json", description)


# --- gpt2-generate -----------------------------------------------------------------------------------

def reference_beam_search(model, prompt, num_beams, length_penalty, no_repeat_ngram_size, early_stopping,
                          max_new_tokens, eos=EOS):
    """transformers 5.25's beam search (`GenerationMixin._beam_search`, batch 1, one returned sequence,
    `early_stopping` True), step by step, with the model run on each whole hypothesis (no cache).
    Returns (generated ids, final score, the smallest decision margin). Scores are float32 as in
    transformers.

    Each step: log_softmax (float32) of every running hypothesis's last logits; the n-gram ban (when
    no_repeat_ngram_size n > 0: a token is -inf when the hypothesis's last n-1 tokens followed by it
    already occur in the hypothesis, prompt included); plus the hypothesis's running score (the sum of
    its tokens' log-probabilities); then the best 2 * num_beams (hypothesis, token) candidates over all
    running hypotheses, best first (at the first step only one hypothesis, the prompt, is live). A
    candidate ends when its token is eos or when it has max_new_tokens generated tokens. Of those that end,
    the ones ranked among the first num_beams candidates are offered to the finished set, with score =
    running score / generated_length ** length_penalty (generated_length counts the new token, eos
    included); the finished set keeps the best num_beams. The next running hypotheses are the best
    num_beams candidates that do not end. Generation stops as soon as the finished set holds num_beams
    hypotheses (early_stopping True; transformers' early-stop estimate then plays no part) or every
    candidate ended (max_new_tokens reached). The answer is the finished hypothesis of best score."""
    assert early_stopping is True, "only early_stopping=True is reproduced"
    vocabulary = model.config.vocab_size
    keep = 2 * num_beams
    running, running_scores = [list(prompt)], torch.zeros(1, dtype=torch.float32)
    finished = []  # (score, generated ids), best first, at most num_beams
    margins = []
    for step in range(max_new_tokens):
        with torch.inference_mode():
            logits = model(input_ids=torch.tensor(running)).logits[:, -1, :].float()
        log_probs = F.log_softmax(logits, dim=-1)
        n = no_repeat_ngram_size
        if n > 0:
            for row, sequence in enumerate(running):
                suffix = sequence[len(sequence) - n + 1:]
                for start in range(len(sequence) - n + 1):
                    if sequence[start:start + n - 1] == suffix:
                        log_probs[row, sequence[start + n - 1]] = -math.inf
        accumulated = (log_probs + running_scores[:, None]).reshape(-1)
        order = torch.argsort(accumulated, descending=True, stable=True)
        order = order[torch.isfinite(accumulated[order])]
        generated = step + 1
        candidates = []  # (score, hypothesis, ends), best first; enough of them for every decision below
        for index in order[:keep + num_beams + 1].tolist():
            beam, token = divmod(index, vocabulary)
            ends = token == eos or generated == max_new_tokens
            candidates.append((accumulated[index], running[beam] + [token], ends))
        # decisions and their margins (the smallest change of scores that would alter one):
        # which ending candidates rank among the first num_beams (they are offered to the finished set)
        inside, outside = candidates[num_beams - 1][0], candidates[num_beams][0]
        for rank, (score, _, ends) in enumerate(candidates[:keep]):
            if ends:
                margins.append((score - outside if rank < num_beams else inside - score).item())
        offered = [((score / generated ** length_penalty).item(), hypothesis[len(prompt):])
                   for score, hypothesis, ends in candidates[:num_beams] if ends]
        finished = sorted(finished + offered, key=lambda item: -item[0])[:num_beams]
        # which candidates go on running: the best num_beams that do not end (all among the first 2 * num_beams)
        continuing = [c for c in candidates if not c[2]]
        if len(finished) == num_beams or generated == max_new_tokens:
            break
        margins.append((continuing[num_beams - 1][0] - continuing[num_beams][0]).item())
        running = [c[1] for c in continuing[:num_beams]]
        running_scores = torch.stack([c[0] for c in continuing[:num_beams]])
    # which finished hypothesis is best (the cut of the finished set to num_beams only drops worse ones)
    if len(finished) > 1:
        margins.append(finished[0][0] - finished[1][0])
    score, best = finished[0]
    return best, score, min(margins) if margins else math.inf


def make_gpt2_generate(folder, out, provenance):
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = GPT2LMHeadModel.from_pretrained(folder, dtype=torch.float32).eval()
    model64 = GPT2LMHeadModel.from_pretrained(folder, dtype=torch.float64).eval()
    dev = read_dev_sentences()
    records = []
    min_gap = math.inf
    stops = {"greedy": 0, **{name: 0 for name in BEAMS}}
    beam_margins = {name: math.inf for name in BEAMS}
    for spec in GENERATE_PROMPTS:
        text = resolve(spec, dev)
        ids = tokenizer(text)["input_ids"]
        prompt = torch.tensor([ids])
        record = {"text": text, "source": describe_text(spec), "ids": ids}

        def generate(settings, chosen=model):
            with torch.inference_mode():
                return chosen.generate(prompt, attention_mask=torch.ones_like(prompt), pad_token_id=EOS,
                                       eos_token_id=EOS, return_dict_in_generate=True, output_logits=True,
                                       output_scores=True, **settings)

        result = generate(GREEDY)
        new = result.sequences[0, len(ids):].tolist()
        gaps = [(lambda top: (top[0] - top[1]).item())(step[0].topk(2).values) for step in result.logits]
        float64 = generate(GREEDY, model64).sequences[0, len(ids):].tolist()
        if float64 != new:
            raise SystemExit(f"greedy decoding of {text!r} differs in float64")
        if min(gaps) <= MIN_GREEDY_GAP:
            raise SystemExit(f"greedy decoding of {text!r}: top-two logit gap {min(gaps)} <= {MIN_GREEDY_GAP}; "
                             "change GPT2_INIT's seed or scales")
        min_gap = min(min_gap, min(gaps))
        stopped = new[-1] == EOS
        stops["greedy"] += stopped
        record["greedy"] = {"ids": new, "text": tokenizer.decode(new, skip_special_tokens=True),
                            "stopped_on_eos": stopped, "min_top2_logit_gap": min(gaps)}
        for name, settings in BEAMS.items():
            result = generate(settings)
            new = result.sequences[0, len(ids):].tolist()
            float64 = generate(settings, model64).sequences[0, len(ids):].tolist()
            if float64 != new:
                raise SystemExit(f"{name} of {text!r} differs in float64")
            mine, score, margin = reference_beam_search(model, ids, settings["num_beams"], settings["length_penalty"],
                                                        settings["no_repeat_ngram_size"], settings["early_stopping"],
                                                        settings["max_new_tokens"])
            if mine != new:
                raise SystemExit(f"{name} of {text!r}: reference_beam_search gives {mine}, transformers {new}")
            if abs(score - result.sequences_scores[0].item()) > 1e-5:
                raise SystemExit(f"{name} of {text!r}: score {score} vs {result.sequences_scores[0].item()}")
            if margin <= MIN_BEAM_MARGIN:
                raise SystemExit(f"{name} of {text!r}: a decision margin of {margin} <= {MIN_BEAM_MARGIN}; "
                                 "change GPT2_INIT's seed or scales")
            stopped = new[-1] == EOS
            stops[name] += stopped
            beam_margins[name] = min(beam_margins[name], margin)
            record[name] = {"ids": new, "text": tokenizer.decode(new, skip_special_tokens=True),
                            "stopped_on_eos": stopped, "score": result.sequences_scores[0].item(),
                            "min_decision_margin": margin}
        records.append(record)
    lengths = [len(r["ids"]) for r in records]
    description = {
        "model": "families/tiny-gpt2 (this script's GPT2LMHeadModel; see its made-with.json)",
        "method": "transformers' GPT2LMHeadModel.generate, float32, evaluation mode, default attention "
                  f"({model.config._attn_implementation}) with its key/value cache; every prompt alone (batch 1, "
                  "no padding, attention mask of ones, pad_token_id = eos_token_id = 2000): the ground truth that a "
                  "batched implementation must reproduce",
        "settings": {"greedy": GREEDY, **BEAMS},
        "common": {"pad_token_id": EOS, "eos_token_id": EOS, "num_return_sequences": 1,
                   "other_generation_options": "transformers' defaults (temperature, top-k, repetition penalty etc. "
                                               "play no part with do_sample false)"},
        "output": {
            "prompts[i].ids": "the prompt's token ids (the fast tokenizer, no special tokens)",
            "prompts[i].SETTING.ids": "the generated ids only, without the prompt, exactly as generate returns "
                                      "them: when the output stopped on <|endoftext|> its last id is 2000 (included); "
                                      "otherwise it has max_new_tokens (24) ids",
            "prompts[i].SETTING.text": "tokenizer.decode(ids, skip_special_tokens=True): <|endoftext|> dropped; "
                                       "incomplete UTF-8 byte sequences decode to U+FFFD (lossy), as tokenizers does",
            "prompts[i].SETTING.stopped_on_eos": "the output ends with 2000",
            "prompts[i].greedy.min_top2_logit_gap": "the smallest gap between the two largest logits over the steps",
            "prompts[i].beamN.score": "transformers' sequences_scores: the hypothesis's summed log-probabilities "
                                      "(float32) divided by generated_length ** length_penalty (generated tokens, "
                                      "eos included)",
            "prompts[i].beamN.min_decision_margin": "the smallest change of a score (log-probability units) that would "
                                                    "alter one decision of reference_beam_search: an ending candidate "
                                                    "in or out of the first num_beams, the cut between the running "
                                                    "hypotheses kept and the next, the best finished hypothesis",
        },
        "beam_search": "transformers 5.25's GenerationMixin._beam_search; its rules are written out, step by step, in "
                       "reference_beam_search's docstring in scripts/make_family_fixtures.py, which reproduces every "
                       "output here (run without a cache, so also a check that the cache changes no decision)",
        "summary": {
            "prompts": len(records),
            "prompt_tokens_min_max": [min(lengths), max(lengths)],
            "greedy_min_top2_logit_gap": min_gap,
            "required_greedy_gap": MIN_GREEDY_GAP,
            "required_beam_margin": MIN_BEAM_MARGIN,
            "stopped_on_eos": stops,
            "beam_min_decision_margin": beam_margins,
            "float64": "greedy and both beam settings give the same ids with the model in float64",
        },
        "prompts": records,
        "eos_reachability": f"tiny-gpt2's wte row 2000 (<|endoftext|>, also its LM-head row: tied) is scaled by "
                            f"{EOS_ROW_SCALE} after the draw, so that some outputs stop on it",
        "tolerance": {"ids": "exact", "text": "exact", "score_max_abs": 1e-4},
        "made_with": provenance,
    }
    write_json(out / "gpt2-generate.json", description)


# --- gpt2-kernelmix ----------------------------------------------------------------------------------

KERNELMIX_PLAN = [
    {"q": [2, 0, 1], "v": [1, 3, 0], "o": [0, 2, 1], "shared": {"q": 2, "v": 1, "o": 3}},
    {"q": [0, 0, 0], "v": [0, 0, 0], "o": [0, 0, 0], "shared": {"q": 0, "v": 0, "o": 0}},
    {"q": [1, 3, 0], "v": [0, 0, 0], "o": [2, 0, 3], "shared": {"q": 0, "v": 2, "o": 1}},
]
KERNELMIX_SEED = 20_260_303
KERNELMIX_INIT_STD = 0.1
KERNELMIX_LENGTHS = (5, 9, 13, 17)
KERNELMIX_TARGET_STARTS = [2, 4, 13, 9]  # the third sequence (13 tokens) has no target token
KERNELMIX_LABEL_SMOOTHING = 0.1
KERNELMIX_TEXTS = [
    ("dev", 4),
    "name[The Eagle], eatType[coffee shop], food[French], area[riverside] || The Eagle is a French coffee shop.",
    ("dev", 3),
    "name[Blue Spice], eatType[pub], priceRange[cheap], near[Burger King] || Blue Spice is a cheap pub near Burger King.",
]
FINITE_DIFFERENCE_STEP = 1e-6
FINITE_DIFFERENCE_TOLERANCE = 1e-6


def kernelmix_plan():
    return Plan(layers=[LayerBudget(heads={p: list(layer[p]) for p in ("q", "v", "o")}, shared=dict(layer["shared"]))
                        for layer in KERNELMIX_PLAN], dropout=0.0)


def kernelmix_model(folder):
    """`KernelMixLM` on tiny-gpt2 in float64, evaluation mode, adapters drawn as in the fixture."""
    lm = GPT2LMHeadModel.from_pretrained(folder, dtype=torch.float32)
    model = KernelMixLM(lm, kernelmix_plan()).to(torch.float64).eval()
    generator = torch.Generator().manual_seed(KERNELMIX_SEED)
    with torch.no_grad():
        for _, view in fixture_views(model):
            drawn = torch.randn(view.shape, generator=generator, dtype=torch.float64) * KERNELMIX_INIT_STD
            view.copy_(drawn.float())  # float32 values, so that the saved parameters are the ones used
    return model


def kernelmix_batch(folder):
    tokenizer = AutoTokenizer.from_pretrained(folder)
    dev = read_dev_sentences()
    sequences = []
    for spec, length in zip(KERNELMIX_TEXTS, KERNELMIX_LENGTHS):
        ids = tokenizer(resolve(spec, dev))["input_ids"]
        assert len(ids) >= length, (spec, len(ids))
        sequences.append(ids[:length])
    return pad_batch(sequences, EOS)


def finite_difference_check(model, batch):
    """For every adapter tensor, the entry of largest |gradient|: central difference of the float64 loss
    against autograd. Returns the largest relative error (and raises when it exceeds the tolerance)."""
    ids, _, mask = batch
    results = []
    views = dict(fixture_views(model))
    grads = dict(fixture_views(model, gradients=True))
    for name, view in views.items():
        index = int(grads[name].abs().argmax())
        analytic = grads[name].reshape(-1)[index].item()
        position = tuple(int(i) for i in numpy.unravel_index(index, tuple(view.shape)))
        with torch.no_grad():
            original = view[position].item()
            values = []
            for sign in (1, -1):
                view[position] = original + sign * FINITE_DIFFERENCE_STEP
                values.append(KernelMixLM.loss(model(ids, mask), ids, mask).item())
            view[position] = original
        numeric = (values[0] - values[1]) / (2 * FINITE_DIFFERENCE_STEP)
        error = abs(numeric - analytic) / max(abs(analytic), 1e-12)
        results.append((name, index, analytic, numeric, error))
    worst = max(results, key=lambda r: r[4])
    if worst[4] >= FINITE_DIFFERENCE_TOLERANCE:
        raise SystemExit(f"finite differences: {worst}")
    return results


def make_gpt2_kernelmix(folder, out, provenance):
    model = kernelmix_model(folder)
    batch = kernelmix_batch(folder)
    ids, lengths, mask = batch
    params = {name: view.detach().float().clone() for name, view in fixture_views(model)}
    logits = model(ids, mask)
    loss = KernelMixLM.loss(logits, ids, mask)
    loss.backward()
    grads = {name: view.detach().float().clone() for name, view in fixture_views(model, gradients=True)}
    token_losses, counted = KernelMixLM.token_losses(logits.detach(), ids, mask)
    sequence_losses = token_losses.sum(1) / counted.sum(1)
    checks = finite_difference_check(model, batch)
    model.zero_grad()
    target_logits = model(ids, mask)
    target_loss = KernelMixLM.target_loss(target_logits, ids, mask, KERNELMIX_TARGET_STARTS, KERNELMIX_LABEL_SMOOTHING)
    target_loss.backward()
    target_grads = {name: view.detach().float().clone() for name, view in fixture_views(model, gradients=True)}

    # sanity: adapters off = transformers; the adapters' effect; float32 evaluation of the same function
    plain = GPT2LMHeadModel.from_pretrained(folder, dtype=torch.float64).eval()
    zeroed = kernelmix_model(folder)
    single = kernelmix_model(folder).float()
    with torch.no_grad():
        for _, tensor in zeroed.adapter_parameters():
            tensor.zero_()
        base_logits = plain(input_ids=ids, attention_mask=mask).logits
        zero_logits = zeroed(ids, mask)
    float32_logits = single(ids, mask)
    float32_loss = KernelMixLM.loss(float32_logits, ids, mask)
    float32_loss.backward()
    float32_grad_error = max(((view.double() - grads[name].double()).norm() / grads[name].double().norm()).item()
                             for name, view in fixture_views(single, gradients=True))
    float32_logits = float32_logits.detach()
    adapters = sum(p.numel() for _, p in model.adapter_parameters())
    assert adapters == sum(t.numel() for t in params.values())

    tensors = {"input_ids": ids, "lengths": lengths, "logits": zero_padding(logits.detach(), mask).float(),
               "loss": loss.detach().float().reshape(1), "sequence_losses": sequence_losses.float()}
    tensors.update(params)
    tensors.update({"grad." + name: t for name, t in grads.items()})
    tensors["target_loss"] = target_loss.detach().float().reshape(1)
    tensors.update({"target_grad." + name: t for name, t in target_grads.items()})
    save_tensors(out / "gpt2-kernelmix.safetensors", tensors)
    dev = read_dev_sentences()
    description = {
        "model": "families/tiny-gpt2 (see its made-with.json)",
        "method": "Benchmarks/pytorch/kernelmix.py (KernelMixLM, KernelMixGPT2Attention: the function of "
                  "docs/kernel-mix.md on GPT-2's fused c_attn and c_proj) on transformers' GPT2LMHeadModel, cast to "
                  "float64, evaluation mode (no dropout anywhere, adapters' included); rounded to float32 when saved",
        "gpt2": "X is each block's attention input (ln_1's output); q, k, v are the three d-column blocks of "
                "c_attn(X) (a Conv1D: weight d x 3d, input x output, then bias); Q terms read X; the per-head V "
                "term of head h reads head h's frozen key k_h (c_attn's k block, bias included); shared V reads X; "
                "causal softmax(q_h k_h^T / sqrt(16)); the O terms read the heads' outputs and are added to "
                "c_proj(context); then the residual",
        "plan": {"hidden": 48, "heads": 3, "layers": KERNELMIX_PLAN},
        "plan_note": "layer 1 has no adapters at all (its frozen weights are still on the gradient's path); layer 2 "
                     "has per-head Q without shared Q and shared V without per-head V; lora_alpha none (scale 1)",
        "adapter_parameters": adapters,
        "init": f"every adapter tensor ~ N(0, {KERNELMIX_INIT_STD}^2) from torch.Generator seed {KERNELMIX_SEED}, "
                "drawn in the order of the names in kernelmix.fixture_views and rounded to float32 (values that "
                "change the output, not an init to train from)",
        "sequences": [{"text": resolve(spec, dev), "source": describe_text(spec), "length": n,
                       "ids": ids[i, :n].tolist()} for i, (spec, n) in enumerate(zip(KERNELMIX_TEXTS, KERNELMIX_LENGTHS))],
        "loss": "next-token cross-entropy: position t predicts token t+1 for t = 0 ... length-2 of each sequence "
                "(a sequence of n tokens gives n-1 predictions; padded positions predict nothing and are never "
                f"targets); `loss` is the mean over all {int(counted.sum())} predictions of the batch (token-weighted, "
                "not a mean of per-sequence means)",
        "target_loss": "the loss kmix trains a source/target pair with (KernelMixLM.target_loss): only tokens at or "
                       f"after each sequence's target start {KERNELMIX_TARGET_STARTS} are predicted, with label "
                       f"smoothing {KERNELMIX_LABEL_SMOOTHING} (PyTorch's cross_entropy(label_smoothing=...)), mean "
                       "over the batch's target tokens",
        "target_starts": KERNELMIX_TARGET_STARTS,
        "label_smoothing": KERNELMIX_LABEL_SMOOTHING,
        "names": {
            "target_loss / target_grad.NAME": "the target loss above and d target_loss / d tensor",
            "input_ids": "4 x 17 int64, padded on the right with 2000; the attention mask is 1 on the first "
                         "`lengths` positions",
            "lengths": "4 int64: 5, 9, 13, 17 (each text's first tokens)",
            "logits": "4 x 17 x 2001: the LM's logits; zero at padded positions",
            "loss": "1: the mean next-token cross-entropy above",
            "sequence_losses": "4: each sequence's own mean (a diagnostic; the gradients are of `loss`)",
            "layers.L.q.heads.H.A / .B / .b": "r x d, dh x r, dh  (q_h += X A^T B^T + b)",
            "layers.L.v.heads.H.A / .B / .b":
                "r x dh, dh x r, dh  (v_h += k_h A^T B^T + b, k_h the frozen key of head h)",
            "layers.L.o.heads.H.A": "r x dh  (per head, on the head's attention output)",
            "layers.L.o.B / layers.L.o.b": "d x sum_h r_o(h) (columns in head order), d",
            "layers.L.{q,v,o}.shared.A / .B": "s x d, d x s",
            "NAME / grad.NAME": "each adapter tensor under its kmix name (no prefix), and d loss / d tensor under "
                                "grad.NAME (heads of rank 0 have no tensors; no classifier)",
        },
        "sanity": {
            "adapters_off_vs_transformers_logits_max_abs": max_abs_real(zero_logits, base_logits, mask),
            "adapters_effect_on_logits_max_abs": max_abs_real(logits.detach(), base_logits, mask),
            "float32_evaluation_vs_float64_logits_max_abs": max_abs_real(float32_logits.double(), logits.detach(), mask),
            "float32_evaluation_vs_float64_loss_abs": abs(float32_loss.item() - loss.item()),
            "float32_evaluation_vs_float64_grad_relative_worst": float32_grad_error,
            "finite_differences": {
                "what": "for every adapter tensor, its entry of largest |gradient|: central difference of the float64 "
                        f"loss with step {FINITE_DIFFERENCE_STEP} against autograd",
                "tensors_checked": len(checks),
                "max_relative_error": max(c[4] for c in checks),
                "required": FINITE_DIFFERENCE_TOLERANCE,
            },
        },
        "tolerance": {"logits_max_abs": 1e-4, "loss_max_abs": 1e-4, "grad_relative": 1e-3,
                      "grad_relative_is": "per tensor, ||mine - grad.NAME|| / ||grad.NAME|| (L2 over its entries)",
                      "note": "the loss is large (tiny-gpt2's logits are spread wide on purpose and the texts are not "
                              "its training data), so its tolerance is relative to ~22: 1e-4"},
        "made_with": provenance,
    }
    write_json(out / "gpt2-kernelmix.json", description)


# --- the models' folders -----------------------------------------------------------------------------

def make_models(out):
    roberta, gpt2 = build_roberta(), build_gpt2()
    note = ("every weight drawn from this script's torch.Generator (see `init`): not trained; the scales make "
            "the outputs vary from input to input")
    save_model(roberta, out / "tiny-roberta", FAMILIES / "roberta-tokenizer", {
        "script": "scripts/make_family_fixtures.py (build_roberta)",
        "architecture": "RobertaForSequenceClassification",
        "config": {k: v for k, v in ROBERTA_CONFIG.items() if k not in ("id2label", "label2id")},
        "labels": {"0": "negative", "1": "positive"},
        "max_position_embeddings_note": "66 = 64 usable positions + padding_idx (1) + 1: position ids start at 2",
        "init": {**ROBERTA_INIT, "rule": "embeddings N(0, embedding^2) (word, position and token type, pad rows "
                                          "included); weight matrices N(0, linear^2); biases N(0, bias^2); LayerNorm "
                                          "gains 1 + N(0, norm_gain^2), biases N(0, norm_bias^2); in named_parameters "
                                          "order"},
        "note": note,
        "tokenizer": "files copied from ../roberta-tokenizer (scripts/make_bpe_tokenizers.py)",
        "made_with": made_with(),
    })
    save_model(gpt2, out / "tiny-gpt2", FAMILIES / "gpt2-tokenizer", {
        "script": "scripts/make_family_fixtures.py (build_gpt2)",
        "architecture": "GPT2LMHeadModel",
        "config": GPT2_CONFIG,
        "init": {**GPT2_INIT, "eos_row_scale": EOS_ROW_SCALE,
                 "rule": "embeddings (wte, wpe) N(0, embedding^2); weight matrices N(0, linear^2); biases N(0, bias^2); "
                         "LayerNorm gains 1 + N(0, norm_gain^2), biases N(0, norm_bias^2); in named_parameters order; "
                         "then wte row 2000 (<|endoftext|>) multiplied by eos_row_scale so that generation can stop "
                         "on it (the LM head is tied to wte)"},
        "why_these_scales": "large embeddings (0.8) spread the logits so that decoding is well determined: at every "
                            "greedy step of gpt2-generate.json's prompts the top two logits differ by more than 1e-3 "
                            "and every beam-search decision has a margin above 5e-4 (the script checks both and "
                            "fails otherwise); the seed and eos_row_scale were chosen among seeds 20260302-20260325 "
                            "and scales 1.5-3 for those margins and for a mix of outputs that stop on "
                            "<|endoftext|> and outputs that run to max_new_tokens",
        "note": note,
        "tokenizer": "files copied from ../gpt2-tokenizer (scripts/make_bpe_tokenizers.py)",
        "made_with": made_with(),
    })
    # what is saved is what was built
    for cls, built, name in ((RobertaForSequenceClassification, roberta, "tiny-roberta"),
                             (GPT2LMHeadModel, gpt2, "tiny-gpt2")):
        loaded = cls.from_pretrained(out / name, dtype=torch.float32)
        mine, theirs = built.state_dict(), loaded.state_dict()
        assert mine.keys() == theirs.keys(), name
        assert all(torch.equal(mine[k], theirs[k]) for k in mine), name


# --- roberta-kernelmix (kmix_torch) ------------------------------------------------------------------

ROBERTA_KERNELMIX_PLAN = [
    {"q": [2, 0, 1, 3], "v": [1, 3, 0, 2], "o": [0, 2, 1, 1], "shared": {"q": 2, "v": 1, "o": 3}},
    {"q": [0, 1, 0, 0], "v": [0, 0, 0, 0], "o": [3, 0, 0, 2], "shared": {"q": 0, "v": 2, "o": 0}},
]
ROBERTA_KERNELMIX_ALPHA = 6.0
ROBERTA_KERNELMIX_SEED = 20_261_206
ROBERTA_KERNELMIX_TEXTS = [("dev", 0), ("dev", 5), "a gripping, unsentimental film", ("dev", 11),
                           (("dev", 2), "it is not a bad movie at all")]
ROBERTA_KERNELMIX_LABELS = [1, 0, 1, 0, 1]


def roberta_kernelmix_plan():
    """The fixture's plan in kmix's plan format: ragged ranks with zero-rank heads, lora_alpha, a trained pooler."""
    text = json.dumps({"kmix_plan": 1, "model": {"layers": 2, "heads": 4, "hidden_size": 64}, "dropout": 0.0,
                       "task_head": "pooler", "train_pooler": True, "lora_alpha": ROBERTA_KERNELMIX_ALPHA,
                       "layers": ROBERTA_KERNELMIX_PLAN})
    return kmix_plans.decode(text, "roberta-kernelmix")


def roberta_kernelmix_model(folder):
    """kmix_torch's `KernelMixClassifier` on tiny-roberta in float64, evaluation mode, every trainable tensor (kmix's
    store order) drawn from N(0, 0.1^2) and rounded to float32."""
    base = families.load(str(folder))
    model = KernelMixClassifier(base, roberta_kernelmix_plan(), labels=2).to(torch.float64).eval()
    generator = torch.Generator().manual_seed(ROBERTA_KERNELMIX_SEED)
    with torch.no_grad():
        for _, parameter, index, _ in model.entries():
            view = parameter[index] if index else parameter
            drawn = torch.randn(view.shape, generator=generator, dtype=torch.float64) * KERNELMIX_INIT_STD
            if index:
                parameter[index] = drawn.float().double()
            else:
                parameter.copy_(drawn.float().double())
    return base, model


def roberta_kernelmix_views(model, gradients=False):
    for name, parameter, index, _ in model.entries():
        tensor = parameter.grad if gradients else parameter
        yield name, (tensor[index] if index else tensor)


def make_roberta_kernelmix(folder, out, provenance):
    base, model = roberta_kernelmix_model(folder)
    dev = read_dev_sentences()
    texts = [(resolve(t[0], dev), t[1]) if isinstance(t[0], tuple) else (resolve(t, dev), None)
             for t in ROBERTA_KERNELMIX_TEXTS]
    sequences = [base.tokenizer(text, pair)["input_ids"] for text, pair in texts]
    ids, lengths, mask = pad_batch(sequences, base.pad_id)
    labels = torch.tensor(ROBERTA_KERNELMIX_LABELS)
    params = {name: view.detach().float().clone() for name, view in roberta_kernelmix_views(model)}
    logits = model(ids, mask)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    grads = {name: view.detach().float().clone() for name, view in roberta_kernelmix_views(model, gradients=True)}

    def evaluate():
        return F.cross_entropy(model(ids, mask), labels).item()

    checks = []
    for name, view in roberta_kernelmix_views(model):
        index = int(grads[name].abs().argmax())
        position = tuple(int(i) for i in numpy.unravel_index(index, tuple(view.shape)))
        analytic = grads[name].double().reshape(-1)[index].item()
        with torch.no_grad():
            original = view[position].item()
            values = []
            for sign in (1, -1):
                view[position] = original + sign * FINITE_DIFFERENCE_STEP
                values.append(evaluate())
            view[position] = original
        numeric = (values[0] - values[1]) / (2 * FINITE_DIFFERENCE_STEP)
        checks.append((name, abs(numeric - analytic) / max(abs(analytic), 1e-12)))
    worst = max(checks, key=lambda c: c[1])
    if worst[1] >= FINITE_DIFFERENCE_TOLERANCE:
        raise SystemExit(f"finite differences: {worst}")

    tensors = {"input_ids": ids, "lengths": lengths, "labels": labels, "logits": logits.detach().float(),
               "loss": loss.detach().float().reshape(1)}
    tensors.update(params)
    tensors.update({"grad." + name: t for name, t in grads.items()})
    save_tensors(out / "roberta-kernelmix.safetensors", tensors)
    description = {
        "model": "families/tiny-roberta (see its made-with.json)",
        "method": "kmix_torch (python/kmix_torch: KernelMixClassifier with KernelMixAttention, the library that "
                  "python -m kmix_torch.train trains with) on transformers' RobertaModel, cast to float64, "
                  "evaluation mode (no dropout); the pooler head: tanh(classifier.dense(h_<s>)), then the "
                  "classifier; rounded to float32 when saved",
        "plan": {"hidden": 64, "heads": 4, "layers": ROBERTA_KERNELMIX_PLAN, "lora_alpha": ROBERTA_KERNELMIX_ALPHA,
                 "task_head": "pooler", "train_pooler": True},
        "plan_note": "zero-rank heads in both layers, layer 1 without per-head V or shared Q; shared terms scaled by "
                     "lora_alpha / s; the pooler (the checkpoint's classifier.dense) trains",
        "adapter_and_head_parameters": sum(t.numel() for t in params.values()),
        "init": f"every trainable tensor ~ N(0, {KERNELMIX_INIT_STD}^2) from torch.Generator seed "
                f"{ROBERTA_KERNELMIX_SEED}, drawn in kmix's store order (KernelMixClassifier.entries) and rounded to "
                "float32 (values that change the output, not an init to train from)",
        "sequences": [{"text": text, "pair": pair, "length": int(n)}
                      for (text, pair), n in zip(texts, lengths.tolist())],
        "labels": ROBERTA_KERNELMIX_LABELS,
        "loss": "mean cross-entropy of the 5 sequences' logits against `labels`",
        "names": {
            "input_ids": "5 x longest int64, padded on the right with <pad> (1); `lengths` real tokens each",
            "logits": "5 x 2", "loss": "1",
            "NAME / grad.NAME": "each trainable tensor under its kmix name (layers.L.*, head.classifier.*, "
                                "head.pooler.*) and d loss / d tensor",
        },
        "sanity": {"finite_differences": {
            "what": "for every tensor, its entry of largest |gradient|: central difference of the float64 loss with "
                    f"step {FINITE_DIFFERENCE_STEP} against autograd",
            "tensors_checked": len(checks), "max_relative_error": worst[1], "required": FINITE_DIFFERENCE_TOLERANCE}},
        "tolerance": "a float32 implementation: logits within 1e-4, loss within 1e-4, each gradient within 1e-3 "
                     "relative (L2)",
        "made_with": provenance,
        "command": COMMAND,
    }
    write_json(out / "roberta-kernelmix.json", description)


OUTPUTS = ("tiny-roberta", "tiny-gpt2", "roberta-forward.safetensors", "roberta-forward.json",
           "gpt2-forward.safetensors", "gpt2-forward.json", "gpt2-generate.json",
           "gpt2-kernelmix.safetensors", "gpt2-kernelmix.json",
           "roberta-kernelmix.safetensors", "roberta-kernelmix.json")


def make_all(out):
    out.mkdir(parents=True, exist_ok=True)
    make_models(out)
    provenance = made_with()
    make_roberta_forward(out / "tiny-roberta", out, provenance)
    make_gpt2_forward(out / "tiny-gpt2", out, provenance)
    make_gpt2_generate(out / "tiny-gpt2", out, provenance)
    make_gpt2_kernelmix(out / "tiny-gpt2", out, provenance)
    make_roberta_kernelmix(out / "tiny-roberta", out, provenance)


def compare(fresh, committed):
    """Differences between a fresh output folder and the committed one: [] when byte-identical;
    otherwise each differing file, with the largest tensor difference for .safetensors."""
    problems = []
    for name in OUTPUTS:
        a, b = fresh / name, committed / name
        files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file()) if a.is_dir() else [Path()]
        for relative in files:
            x, y = (a / relative, b / relative) if a.is_dir() else (a, b)
            if not y.exists():
                problems.append(f"{y}: missing")
            elif not filecmp.cmp(x, y, shallow=False):
                detail = ""
                if x.suffix == ".safetensors":
                    p, q = load_file(x), load_file(y)
                    detail = "; max abs " + ", ".join(
                        f"{k} {(p[k].double() - q[k].double()).abs().max().item():.3g}"
                        for k in sorted(p) if k in q and p[k].shape == q[k].shape and not torch.equal(p[k], q[k]))
                problems.append(f"{y}: differs{detail}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", nargs="?", choices=("make", "check"), default="make",
                        help="make: write the fixtures; check: remake them in a temporary folder and compare")
    parser.add_argument("--out", type=Path, default=FAMILIES, help="where they are (default: %(default)s)")
    args = parser.parse_args()
    torch.set_num_threads(THREADS)
    if args.action == "make":
        make_all(args.out)
        for name in OUTPUTS:
            path = args.out / name
            size = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
            print(f"{path}: {size:,} bytes")
        return
    with tempfile.TemporaryDirectory() as scratch:
        make_all(Path(scratch))
        problems = compare(Path(scratch), args.out)
    print("\n".join(problems) if problems else "the committed fixtures are remade byte for byte")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
