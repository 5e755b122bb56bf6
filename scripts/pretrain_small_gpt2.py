#!/usr/bin/env python3
"""Pretrain a small GPT-2 on the English text that ships with kmix, for demonstrations of Kernel-mix on E2E.

No pretrained GPT-2 is reachable from the machines kmix is built on, and a random GPT-2 (the tests'
tiny-gpt2) has no English to adapt. This script trains a small `GPT2LMHeadModel` from scratch, on CPU, for a
few minutes, so that an end-to-end demonstration (Kernel-mix fine-tuning on the E2E data-to-text task, then
`kmix generate`) starts from a model that has seen some English. It is NOT comparable to GPT-2 (124M) or
GPT-2 Medium (355M), which saw ~40 GB of web text: this model has ~3.7M parameters and saw ~0.27M distinct
tokens a few times over.

Tokenizer: the committed byte-level BPE in GPT-2's layout, `Tests/KMixTests/Fixtures/families/gpt2-tokenizer/`
(2,001 tokens, `<|endoftext|>` = 2000, trained on the same SST-2 and E2E text by
`scripts/make_bpe_tokenizers.py`). Its files are copied into the output folder.

Text, only what ships in the repository:

- `Datasets/sst2/train.tsv`: the 8,000 SST-2 training sentences (lower-cased, GLUE's tokenisation), one
  document each. `Datasets/sst2/dev.tsv`, SST-2's evaluation set, is not read.
- `Datasets/e2e/devset.csv`: every reference (`ref`) as a document, and every distinct meaning
  representation (`mr`, e.g. `name[Alimentum], area[city centre]`) once, as a separate document. This is
  the split kmix fine-tunes E2E on. MR and reference are never joined in one document, so the pairing of a
  meaning representation with its sentence is left for fine-tuning to learn.
- `Datasets/e2e/testset_w_refs.csv`, the E2E evaluation split, is NOT read: not for training, not for the
  held-out figures.

Each document is its text followed by `<|endoftext|>`. Held out from training (seeded): 5% of the SST-2
sentences and the references and MRs of 5% of the distinct E2E meaning representations; their
perplexities are reported before and after training. Each epoch the training documents are shuffled
(seeded), concatenated and cut into blocks of `--block` tokens; blocks are drawn in a seeded order.

Model: GPT-2's architecture through transformers' `GPT2Config` (gelu_new, tied input/output embeddings,
`layer_norm_epsilon` 1e-5, dropout 0.1, 4 layers, width 256, 4 heads of 64, 256 positions: the longest E2E
MR + separator + reference + `<|endoftext|>` is printed, 135 tokens with this tokenizer, so 128 positions
would not do). AdamW (betas 0.9/0.95, weight decay 0.1 on matrices), linear warm-up then cosine decay to
10% of the peak, gradient clipping at 1.0, `torch.set_num_threads(2)`, fixed seed: a given `--steps` and
seed gives the same weights on the same machine and thread count.

    python3 scripts/pretrain_small_gpt2.py [--out /tmp/kmix-small-gpt2] [--steps 800] [--seed 20261207]

The output folder is a complete Hugging Face model folder (`config.json` with `model_type` gpt2 and
`bos_token_id`/`eos_token_id` 2000, `model.safetensors`, `generation_config.json`, `tokenizer.json`,
`vocab.json`, `merges.txt`, `tokenizer_config.json`, `special_tokens_map.json`) plus `pretraining.json`: the
command, seed, configuration, steps, time, the training loss every `--log-every` steps, the held-out
losses and perplexities, and three greedy samples from the reloaded folder. The weights are not committed;
this script regenerates them.
"""

import argparse
import csv
import json
import math
import platform
import random
import shutil
import sys
import time
from pathlib import Path

import tokenizers
import torch
import transformers
from tokenizers import Tokenizer
from transformers import AutoModelForCausalLM, AutoTokenizer, GPT2Config, GPT2LMHeadModel

ROOT = Path(__file__).resolve().parent.parent
TOKENIZER = ROOT / "Tests" / "KMixTests" / "Fixtures" / "families" / "gpt2-tokenizer"
SST2_TRAIN = ROOT / "Datasets" / "sst2" / "train.tsv"
E2E_DEV = ROOT / "Datasets" / "e2e" / "devset.csv"
TOKENIZER_FILES = ["tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json"]
EOS = "<|endoftext|>"
SAMPLE_PROMPTS = ["the movie is", "There is a restaurant", "name[The Eagle], food[French]"]


def read_sst2():
    with SST2_TRAIN.open(encoding="utf-8") as file:
        rows = list(csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["sentence", "label"], rows[0]
    return [row[0] for row in rows[1:]]


def read_e2e():
    with E2E_DEV.open(encoding="utf-8", newline="") as file:
        return [(row["mr"], row["ref"]) for row in csv.DictReader(file)]


def split_documents(seed, held_out_fraction):
    """(train, held-out SST-2, held-out E2E) documents as strings, each ending with <|endoftext|>."""
    rng = random.Random(seed)
    sentences = read_sst2()
    order = list(range(len(sentences)))
    rng.shuffle(order)
    cut = round(len(sentences) * held_out_fraction)
    held_sst2 = {*order[:cut]}
    train = [s + EOS for i, s in enumerate(sentences) if i not in held_sst2]
    held_out_sst2 = [sentences[i] + EOS for i in sorted(held_sst2)]

    pairs = read_e2e()
    mrs = list(dict.fromkeys(mr for mr, _ in pairs))
    shuffled = mrs[:]
    rng.shuffle(shuffled)
    held_mrs = set(shuffled[:round(len(mrs) * held_out_fraction)])
    held_out_e2e = []
    for mr in mrs:
        (held_out_e2e if mr in held_mrs else train).append(mr + EOS)
    for mr, ref in pairs:
        (held_out_e2e if mr in held_mrs else train).append(ref + EOS)
    counts = {"sst2_train_sentences": len(sentences) - cut, "sst2_held_out_sentences": cut,
              "e2e_train_mrs": len(mrs) - len(held_mrs), "e2e_held_out_mrs": len(held_mrs),
              "e2e_train_refs": sum(mr not in held_mrs for mr, _ in pairs),
              "e2e_held_out_refs": sum(mr in held_mrs for mr, _ in pairs)}
    return train, held_out_sst2, held_out_e2e, counts


def e2e_lengths(tokenizer):
    """Token lengths of the E2E dev pairs as fine-tuning joins them: MR, one separator token, ref, <|endoftext|>."""
    pairs = read_e2e()
    mr = [len(tokenizer.encode(m).ids) for m, _ in pairs]
    ref = [len(tokenizer.encode(r).ids) for _, r in pairs]
    return {"max_mr": max(mr), "max_ref": max(ref), "max_mr_sep_ref_eos": max(a + b + 2 for a, b in zip(mr, ref))}


def encode(tokenizer, documents):
    return [tokenizer.encode(d).ids for d in documents]


def pack(encoded, block, rng=None):
    """Concatenate the documents (shuffled when rng is given) and cut into full blocks; the tail is dropped."""
    order = list(range(len(encoded)))
    if rng is not None:
        rng.shuffle(order)
    stream = [t for i in order for t in encoded[i]]
    n = len(stream) // block
    return torch.tensor(stream[:n * block], dtype=torch.long).view(n, block)


class Batches:
    """Seeded, endless batches of packed blocks, re-shuffled and re-packed each epoch."""

    def __init__(self, encoded, block, batch, seed):
        self.encoded, self.block, self.batch = encoded, block, batch
        self.rng = random.Random(seed)
        self.epoch, self.queue = 0, []
        self.tokens_per_epoch = sum(map(len, encoded))

    def next(self):
        while len(self.queue) < self.batch:
            blocks = pack(self.encoded, self.block, self.rng)
            order = list(range(len(blocks)))
            self.rng.shuffle(order)
            self.queue.extend(blocks[i] for i in order)
            self.epoch += 1
        taken, self.queue = self.queue[:self.batch], self.queue[self.batch:]
        return torch.stack(taken)


@torch.no_grad()
def held_out_loss(model, encoded, block):
    """Mean next-token loss over the held-out documents packed in file order (every predicted token counts once)."""
    model.eval()
    stream = [t for d in encoded for t in d]
    total, count = 0.0, 0
    for start in range(0, len(stream) - 1, block):
        ids = torch.tensor(stream[start:start + block + 1])
        if len(ids) < 2:
            break
        logits = model(input_ids=ids[:-1].unsqueeze(0)).logits[0]
        total += torch.nn.functional.cross_entropy(logits, ids[1:], reduction="sum").item()
        count += len(ids) - 1
    model.train()
    return total / count


def evaluate(model, held, block):
    out = {}
    for name, encoded in held.items():
        loss = held_out_loss(model, encoded, block)
        out[name] = {"loss": round(loss, 4), "perplexity": round(math.exp(loss), 2)}
    return out


def learning_rate(step, steps, peak, warmup, floor=0.1):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress)))


def save_folder(model, out, eos_id):
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    for name in TOKENIZER_FILES:
        shutil.copyfile(TOKENIZER / name, out / name)
    special = {"bos_token": EOS, "eos_token": EOS, "unk_token": EOS}
    (out / "special_tokens_map.json").write_text(json.dumps(special, indent=2) + "\n", encoding="utf-8")
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert config["model_type"] == "gpt2" and config["bos_token_id"] == eos_id and config["eos_token_id"] == eos_id


def greedy_samples(out, max_new_tokens):
    """Reload the folder with transformers and continue each sample prompt greedily."""
    model = AutoModelForCausalLM.from_pretrained(out)
    tokenizer = AutoTokenizer.from_pretrained(out)
    model.eval()
    samples = []
    for prompt in SAMPLE_PROMPTS:
        ids = tokenizer(prompt, return_tensors="pt").input_ids
        with torch.no_grad():
            generated = model.generate(ids, max_new_tokens=max_new_tokens, do_sample=False, num_beams=1,
                                       pad_token_id=tokenizer.eos_token_id)
        text = tokenizer.decode(generated[0, ids.shape[1]:], skip_special_tokens=True)
        samples.append({"prompt": prompt, "greedy": text})
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("/tmp/kmix-small-gpt2"))
    parser.add_argument("--steps", type=int, default=800, help="optimizer steps (default 800: ~7 min on 2 idle cores)")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--positions", type=int, default=256)
    parser.add_argument("--block", type=int, default=256, help="tokens per packed training block")
    parser.add_argument("--batch", type=int, default=8, help="blocks per step")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--held-out", type=float, default=0.05)
    parser.add_argument("--log-every", type=int, default=25)
    parser.add_argument("--eval-every", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    arguments = parser.parse_args()
    assert arguments.block <= arguments.positions

    torch.set_num_threads(arguments.threads)
    torch.manual_seed(arguments.seed)
    random.seed(arguments.seed)
    command = "python3 " + " ".join([str(Path(sys.argv[0]))] + sys.argv[1:])

    tokenizer = Tokenizer.from_file(str(TOKENIZER / "tokenizer.json"))
    eos_id = tokenizer.token_to_id(EOS)
    vocabulary = tokenizer.get_vocab_size(with_added_tokens=True)
    lengths = e2e_lengths(tokenizer)
    print(f"tokenizer: {vocabulary} tokens, {EOS} = {eos_id}")
    print(f"E2E dev token lengths: MR max {lengths['max_mr']}, ref max {lengths['max_ref']}, "
          f"MR + sep + ref + eos max {lengths['max_mr_sep_ref_eos']} (positions: {arguments.positions})")
    assert lengths["max_mr_sep_ref_eos"] <= arguments.positions

    train_docs, sst2_docs, e2e_docs, counts = split_documents(arguments.seed, arguments.held_out)
    train = encode(tokenizer, train_docs)
    held = {"sst2": encode(tokenizer, sst2_docs), "e2e": encode(tokenizer, e2e_docs)}
    batches = Batches(train, arguments.block, arguments.batch, arguments.seed)
    print(f"documents: {len(train)} training ({batches.tokens_per_epoch} tokens), held out "
          f"{len(sst2_docs)} SST-2 ({sum(map(len, held['sst2']))} tokens), {len(e2e_docs)} E2E "
          f"({sum(map(len, held['e2e']))} tokens); {counts}")

    config = GPT2Config(vocab_size=vocabulary, n_positions=arguments.positions, n_embd=arguments.width,
                        n_layer=arguments.layers, n_head=arguments.heads, activation_function="gelu_new",
                        resid_pdrop=0.1, embd_pdrop=0.1, attn_pdrop=0.1, layer_norm_epsilon=1e-5,
                        initializer_range=0.02, bos_token_id=eos_id, eos_token_id=eos_id, tie_word_embeddings=True)
    model = GPT2LMHeadModel(config)
    parameters = sum(p.numel() for p in model.parameters())
    print(f"model: {arguments.layers} layers, width {arguments.width}, {arguments.heads} heads, "
          f"{arguments.positions} positions, {parameters:,} parameters")

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=arguments.lr, betas=(0.9, 0.95), eps=1e-8)

    start_eval = evaluate(model, held, arguments.block)
    print(f"held out at step 0: {start_eval}")
    curve, evals = [], [{"step": 0, **start_eval}]
    window, started = [], time.time()
    model.train()
    for step in range(arguments.steps):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, arguments.steps, arguments.lr, arguments.warmup)
        ids = batches.next()
        loss = model(input_ids=ids, labels=ids).loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        window.append(loss.item())
        done = step + 1
        if done % arguments.log_every == 0 or done == arguments.steps:
            elapsed = time.time() - started
            mean = sum(window) / len(window)
            curve.append({"step": done, "train_loss": round(mean, 4), "lr": round(optimizer.param_groups[0]["lr"], 7),
                          "epoch": round(done * arguments.batch * arguments.block / batches.tokens_per_epoch, 2),
                          "seconds": round(elapsed, 1)})
            print(f"step {done:5d}  train loss {mean:.4f}  lr {optimizer.param_groups[0]['lr']:.2e}  "
                  f"epoch {curve[-1]['epoch']:.2f}  {elapsed:6.1f} s", flush=True)
            window = []
        if done % arguments.eval_every == 0 and done != arguments.steps:
            evals.append({"step": done, **evaluate(model, held, arguments.block)})
            print(f"held out at step {done}: {evals[-1]}", flush=True)
    train_seconds = time.time() - started
    end_eval = evaluate(model, held, arguments.block)
    evals.append({"step": arguments.steps, **end_eval})
    print(f"held out at step {arguments.steps}: {end_eval}")
    print(f"trained {arguments.steps} steps in {train_seconds:.0f} s")

    save_folder(model, arguments.out, eos_id)
    samples = greedy_samples(arguments.out, 24)
    for sample in samples:
        print(f"greedy: {sample['prompt']!r} -> {sample['greedy']!r}")

    record = {
        "script": "scripts/pretrain_small_gpt2.py",
        "command": command,
        "seed": arguments.seed,
        "arguments": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(arguments).items()},
        "parameters": parameters,
        "config": {k: getattr(config, k) for k in ["vocab_size", "n_positions", "n_embd", "n_layer", "n_head",
                                                   "activation_function", "layer_norm_epsilon", "resid_pdrop",
                                                   "embd_pdrop", "attn_pdrop", "bos_token_id", "eos_token_id",
                                                   "tie_word_embeddings"]},
        "optimizer": {"name": "AdamW", "betas": [0.9, 0.95], "weight_decay": 0.1, "peak_lr": arguments.lr,
                      "warmup_steps": arguments.warmup, "schedule": "linear warm-up, cosine decay to 10% of peak",
                      "grad_clip": 1.0},
        "data": {"train": ["Datasets/sst2/train.tsv (sentences)", "Datasets/e2e/devset.csv (refs; distinct MRs once)"],
                 "not_read": ["Datasets/sst2/dev.tsv", "Datasets/e2e/testset_w_refs.csv"],
                 "document_format": "text + <|endoftext|>; E2E MR and reference as separate documents",
                 "counts": counts, "train_tokens_per_epoch": batches.tokens_per_epoch,
                 "held_out_tokens": {k: sum(map(len, v)) for k, v in held.items()},
                 "e2e_dev_token_lengths": lengths},
        "steps": arguments.steps,
        "tokens_seen": arguments.steps * arguments.batch * arguments.block,
        "epochs": round(arguments.steps * arguments.batch * arguments.block / batches.tokens_per_epoch, 2),
        "train_seconds": round(train_seconds, 1),
        "train_loss_curve": curve,
        "held_out": {"start": start_eval, "end": end_eval, "during": evals},
        "greedy_samples": samples,
        "versions": {"python": platform.python_version(), "torch": torch.__version__,
                     "transformers": transformers.__version__, "tokenizers": tokenizers.__version__,
                     "torch_threads": torch.get_num_threads()},
    }
    (arguments.out / "pretraining.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {arguments.out}")


if __name__ == "__main__":
    main()
