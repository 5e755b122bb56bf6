"""Data, batches, optimiser and steps for the training workloads of `reference.py`.

Batches are built as Hugging Face's trainer does, or as kmix does:
- "shuffled": a random order, consecutive batches, each padded to its own longest sentence;
- "bucketed": a random order cut into chunks of 50 batches, each chunk sorted by length and cut
  into batches, then the order of all the batches shuffled.
The optimiser is AdamW with Hugging Face's linear warm-up/decay schedule and gradient clipping;
biases get no weight decay.
"""
import csv
import math
import random

import torch
import torch.nn.functional as F

BUCKET_BATCHES = 50


def read_labelled(path, limit=None):
    """(sentence, label) rows of a tab-separated file with a `label` column and a `sentence` or
    `content` column (lines may end with CR, LF or CRLF)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    text = header.index("content") if "content" in header else header.index("sentence")
    label = header.index("label")
    pairs = [(row[text], int(row[label])) for row in body if row]
    return pairs[:limit] if limit else pairs


def tokenise(tokenizer, pairs, max_length=128):
    """(token ids, label) per row, truncated to `max_length` tokens."""
    ids = tokenizer([text for text, _ in pairs], truncation=True, max_length=max_length)["input_ids"]
    return [(row, label) for row, (_, label) in zip(ids, pairs)]


def epoch_batches(lengths, batch_size, order, rng):
    """The index lists of one epoch's batches, in training order."""
    indices = list(range(len(lengths)))
    rng.shuffle(indices)
    if order == "shuffled":
        return [indices[i:i + batch_size] for i in range(0, len(indices), batch_size)]
    batches = []
    chunk = BUCKET_BATCHES * batch_size
    for start in range(0, len(indices), chunk):
        members = sorted(indices[start:start + chunk], key=lambda i: lengths[i])
        batches += [members[i:i + batch_size] for i in range(0, len(members), batch_size)]
    rng.shuffle(batches)
    return batches


def batch_plan(lengths, batch_size, order, count, seed):
    """`count` batches (as index lists), running as many epochs as needed."""
    rng = random.Random(seed)
    batches = []
    while len(batches) < count:
        batches += epoch_batches(lengths, batch_size, order, rng)
    return batches[:count]


def collate(examples):
    """Padded token ids, attention mask and labels of a batch of (ids, label), padded to its longest."""
    width = max(len(ids) for ids, _ in examples)
    ids = torch.zeros((len(examples), width), dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    for row, (tokens, _) in enumerate(examples):
        ids[row, :len(tokens)] = torch.tensor(tokens)
        mask[row, :len(tokens)] = 1
    labels = torch.tensor([label for _, label in examples])
    return ids, mask, labels


def collate_sequences(sequences, pad=0):
    """Right-padded token ids and attention mask of a batch of token-id lists, padded to its longest."""
    width = max(len(ids) for ids in sequences)
    ids = torch.full((len(sequences), width), pad, dtype=torch.long)
    mask = torch.zeros((len(sequences), width), dtype=torch.long)
    for row, tokens in enumerate(sequences):
        ids[row, :len(tokens)] = torch.tensor(tokens)
        mask[row, :len(tokens)] = 1
    return ids, mask


def optimiser(model, total_steps, learning_rate=1e-3, warmup_fraction=0.06):
    """AdamW (betas 0.9, 0.98, eps 1e-6, weight decay 0.1 except on biases) and the linear schedule:
    warm-up from 0 over ceil(6 %) of the steps, then linear decay to 0 at `total_steps`."""
    named = model.trainable_parameters()
    groups = [{"params": [p for n, p in named if not is_bias(n)], "weight_decay": 0.1},
              {"params": [p for n, p in named if is_bias(n)], "weight_decay": 0.0}]
    adamw = torch.optim.AdamW(groups, lr=learning_rate, betas=(0.9, 0.98), eps=1e-6)
    warmup = math.ceil(warmup_fraction * total_steps)

    def factor(step):
        if step < warmup:
            return step / max(1, warmup)
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    return adamw, torch.optim.lr_scheduler.LambdaLR(adamw, factor)


def is_bias(name):
    return name.endswith(".b") or name.endswith(".bias")


def update(model, adamw, schedule, loss, clip):
    """Backward pass of `loss`, clipping of the trainable parameters' gradient to `clip`, one AdamW step and one
    schedule step; returns the loss."""
    adamw.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_([p for _, p in model.trainable_parameters()], clip)
    adamw.step()
    schedule.step()
    return loss.item()


def train_step(model, adamw, schedule, batch, clip=1.0):
    """One update on a batch (ids, mask, labels); returns the loss."""
    ids, mask, labels = batch
    return update(model, adamw, schedule, F.cross_entropy(model(ids, mask), labels), clip)


def generation_step(model, adamw, schedule, batch, label_smoothing, clip=1.0):
    """One update of a `KernelMixLM` on a batch (ids, mask, target starts) of source/target sequences, the loss
    over the target tokens only (`KernelMixLM.target_loss`); returns the loss."""
    ids, mask, starts = batch
    loss = model.target_loss(model(ids, mask), ids, mask, starts, label_smoothing=label_smoothing)
    return update(model, adamw, schedule, loss, clip)


def accuracy(model, examples, batch_size=64):
    """Share of `examples` (ids, label) whose argmax logit is the label, in evaluation mode."""
    model.eval()
    ordered = sorted(examples, key=lambda e: len(e[0]))
    correct = 0
    with torch.inference_mode():
        for start in range(0, len(ordered), batch_size):
            ids, mask, labels = collate(ordered[start:start + batch_size])
            correct += (model(ids, mask).argmax(-1) == labels).sum().item()
    return correct / len(examples)
