#!/usr/bin/env python3
"""PyTorch reference runs for kmix-bench: the same workload through transformers.

Usage: reference.py embed --model DIR --data TSV [--batch-size 32] [--order sorted|shuffled]
       [--repeats 3] [--threads 2]
Prints one JSON object: seconds per pass (best of the repeats), sentences, real and padded tokens.
The timed part starts from token ids (tokenisation excluded, as in kmix-bench) and ends with
L2-normalised mean-pooled embeddings.
"""
import argparse
import csv
import json
import random
import sys
import time


def read_texts(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    column = header.index("content") if "content" in header else header.index("sentence")
    return [row[column] for row in body]


def embed(args):
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(args.threads)
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModel.from_pretrained(args.model).eval()
    texts = read_texts(args.data)
    encoded = [tokenizer(t, truncation=True, max_length=512)["input_ids"] for t in texts]
    order = list(range(len(encoded)))
    if args.order == "sorted":
        order.sort(key=lambda i: len(encoded[i]))
    else:
        random.Random(42).shuffle(order)
    batches = []
    for start in range(0, len(order), args.batch_size):
        members = [encoded[i] for i in order[start:start + args.batch_size]]
        width = max(len(m) for m in members)
        ids = torch.zeros((len(members), width), dtype=torch.long)
        mask = torch.zeros((len(members), width), dtype=torch.long)
        for row, m in enumerate(members):
            ids[row, :len(m)] = torch.tensor(m)
            mask[row, :len(m)] = 1
        batches.append((ids, mask))

    def one_pass():
        with torch.inference_mode():
            for ids, mask in batches:
                hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
                torch.nn.functional.normalize(pooled, dim=1)

    one_pass()
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        one_pass()
        times.append(time.perf_counter() - start)
    real = sum(len(e) for e in encoded)
    padded = sum(ids.numel() for ids, _ in batches)
    print(json.dumps({"workload": "embed", "order": args.order, "seconds": min(times),
                      "sentences": len(encoded), "real_tokens": real, "padded_tokens": padded,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="workload", required=True)
    e = sub.add_parser("embed")
    e.add_argument("--model", required=True)
    e.add_argument("--data", required=True)
    e.add_argument("--batch-size", type=int, default=32)
    e.add_argument("--order", choices=["sorted", "shuffled"], default="sorted")
    e.add_argument("--repeats", type=int, default=3)
    e.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    {"embed": embed}[args.workload](args)


if __name__ == "__main__":
    sys.exit(main())
