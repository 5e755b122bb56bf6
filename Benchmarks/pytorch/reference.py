#!/usr/bin/env python3
"""PyTorch reference runs for kmix-bench: the same workload through transformers.

Usage: reference.py embed --model DIR --data TSV [--batch-size 32] [--order sorted|shuffled]
       [--repeats 3] [--threads 2]
       reference.py check [--model DIR] [--fixture SAFETENSORS] [--dtype float32|float64] [--threads 2]
       reference.py train [--model DIR] --data TRAIN_TSV [--preset paper-nlu|lora-r8|paper-nlg]
       [--batch-size 32] [--steps 20] [--order shuffled|bucketed] [--threads 2] [--seed 42]
       [--max-rows 16000]
       reference.py quality [--model DIR] --data TRAIN_TSV --dev DEV_TSV [--preset paper-nlu]
       [--rows 16000] [--batch-size 32] [--threads 2] [--seed 42] [--lr 1e-3]
       [--implementation kernelmix|peft] [--lora-alpha 8] [--lora-dropout 0.1]
       reference.py make-gpt2 --out DIR [--layers 6] [--width 384] [--heads 6] [--vocab 4096] [--positions 256]
       [--prompts 32] [--seed 7]
       reference.py generate --model DIR [--prompts JSON] [--batch-size 1] [--beams 1] [--max-new-tokens 32]
       [--length-penalty 1] [--no-repeat-ngram-size 3] [--threads 2]
       reference.py train-generation --model DIR --batches JSON [--preset paper-nlg] [--warmup 2]
       [--label-smoothing 0.1] [--threads 2] [--seed 42]

embed: seconds per pass (best of the repeats), sentences, real and padded tokens. The timed part
starts from token ids (tokenisation excluded, as in kmix-bench) and ends with L2-normalised
mean-pooled embeddings.

check: loads a Kernel-mix fixture (a ragged plan with rank-0 heads, random adapter tensors), runs
its sentences in evaluation mode and compares the logits, the loss and the gradient of every adapter
tensor and of the classifier; exits non-zero when a tolerance is missed. The default fixture is the
tests' `Tests/KMixTests/Fixtures/kernelmix-ragged.*`, which `scripts/make_fixtures.py` makes with
this module: checking it shows that the installed torch and transformers still reproduce it. A
fixture computed independently (`--fixture`) proves that the training reference computes kmix's
function (`--dtype float64` shows that what is left in float32 is rounding).

train: Kernel-mix training steps (module `kernelmix`, batches and optimiser from `training`):
AdamW lr 1e-3, 6 % warm-up, clipping at 1, dropouts on. Tokenisation and batch building are
untimed; 2 warm-up steps are untimed; the remaining `--steps` are timed. The token and sentence
counts are those of the timed steps.

quality: the full recipe (first `--rows` rows, shuffled, 1 epoch, lr 1e-3), then accuracy on the
dev set, and the wall time of the training. `--implementation peft` runs `lora-r8` through PEFT
itself (`peft_lora.py`: `BertForSequenceClassification` + `LoraConfig` on query and value) instead
of the project's Kernel-mix module, with the same batches, optimiser and schedule.

make-gpt2: a `GPT2LMHeadModel` with random weights (N(0, 0.02) as transformers initialises it, from `--seed`)
saved with `save_pretrained` to `--out`, and `prompts.json` beside it: `--prompts` prompts of random token ids,
lengths spread evenly over 4 to 48, the end-of-text id (the last) never among them. kmix-bench's generate
workload makes it in a temporary folder.

generate: `model.generate` on every prompt of `--prompts` (a JSON list of token-id lists; default the model
folder's `prompts.json`) in batches of `--batch-size` (left-padded with an attention mask, as transformers
batches a decoder), greedy (`--beams 1`) or beam search (`num_beams`, `no_repeat_ngram_size`, `length_penalty`,
`early_stopping` true), at most `--max-new-tokens` each, and no more than the positions left after the batch's
longest prompt (as kmix's `TargetWriter` caps a batch), after one untimed warm-up batch. Reports the seconds,
the generated tokens (eos included, padding after it not) and every output's ids.

train-generation: Kernel-mix training steps of a `GPT2LMHeadModel` (`KernelMixLM`, the `--preset` plan) on
the batches of `--batches`, a JSON list of {"ids": token-id lists, "starts": each sequence's first target
position} that kmix-bench wrote: right-padded with an attention mask, the loss over the target tokens only
(`KernelMixLM.target_loss`, smoothed by `--label-smoothing`), dropouts on (the model config's and the plan's),
AdamW on the adapter parameters (lr 1e-3, 6 % warm-up, clipping at 1). The first `--warmup` batches are untimed.
Reports the seconds, sentences, all real tokens, target tokens and padded tokens of the timed steps.

Every subcommand prints one JSON object as its last line; other notes go to stderr.
"""
import argparse
import csv
import json
import math
import os
import random
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

DEFAULT_MODEL = str(Path.home() / ".cache/kmix/models/sentence-transformers--all-MiniLM-L6-v2")
DEFAULT_FIXTURE = str(Path(__file__).resolve().parents[2] / "Tests/KMixTests/Fixtures/kernelmix-ragged.safetensors")
WARMUP_STEPS = 2


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


def load_classifier(model_dir, plan, seed):
    """The tokenizer and a `KernelMixClassifier` on the checkpoint in `model_dir`, initialised with `seed`."""
    import torch
    from transformers import AutoModel, AutoTokenizer
    from kernelmix import KernelMixClassifier, initialise

    bert = AutoModel.from_pretrained(model_dir, attn_implementation="sdpa")
    model = KernelMixClassifier(bert, plan)
    initialise(model, plan.init, torch.Generator().manual_seed(seed))
    return AutoTokenizer.from_pretrained(model_dir), model


def preset_classifier(args):
    """`load_classifier` for `args.preset`, with its parameter count on stderr."""
    from transformers import AutoConfig
    from kernelmix import preset_plan

    config = AutoConfig.from_pretrained(args.model)
    plan = preset_plan(args.preset, config.num_hidden_layers, config.num_attention_heads)
    tokenizer, model = load_classifier(args.model, plan, args.seed)
    adapters = sum(p.numel() for _, p in model.adapter_parameters())
    classifier = sum(p.numel() for p in model.classifier.parameters())
    print(f"{args.preset}: {adapters:,} adapter parameters + {classifier:,} classifier", file=sys.stderr)
    return tokenizer, model, adapters


def peft_classifier(args):
    """The tokenizer and a PEFT LoRA classifier (`peft_lora.py`) for `--preset lora-r8`."""
    from transformers import AutoTokenizer
    from peft_lora import PeftClassifier

    if args.preset != "lora-r8":
        raise SystemExit(f"--implementation peft runs LoRA only; --preset {args.preset} is Kernel-mix")
    model = PeftClassifier(args.model, rank=8, alpha=args.lora_alpha, dropout=args.lora_dropout, seed=args.seed)
    adapters = sum(p.numel() for _, p in model.adapter_parameters())
    print(f"peft lora-r8 (alpha {args.lora_alpha}, dropout {args.lora_dropout}): {adapters:,} adapter parameters",
          file=sys.stderr)
    return AutoTokenizer.from_pretrained(args.model), model, adapters


def check(args):
    import torch
    import torch.nn.functional as F
    from safetensors.torch import load_file
    from kernelmix import fixture_views, plan_from_fixture

    torch.set_num_threads(args.threads)
    description = json.loads(Path(args.fixture).with_suffix(".json").read_text())
    tensors = load_file(args.fixture)
    _, model = load_classifier(args.model, plan_from_fixture(description), seed=0)
    model.to(getattr(torch, args.dtype)).eval()
    views = dict(fixture_views(model))
    expected = {name[len("param."):] for name in tensors if name.startswith("param.")}
    if expected != set(views):
        raise SystemExit(f"tensor names differ: {sorted(expected ^ set(views))[:5]}")
    with torch.no_grad():
        for name, view in views.items():
            view.copy_(tensors["param." + name])
    adapters = sum(p.numel() for _, p in model.adapter_parameters())

    logits = model(tensors["input.input_ids"].long(), tensors["input.attention_mask"].long())
    loss = F.cross_entropy(logits, tensors["input.labels"].long())
    loss.backward()
    logit_diff = (logits.detach().float() - tensors["output.logits"]).abs().max().item()
    loss_diff = abs(loss.item() - tensors["output.loss"].item())
    errors = {name: relative_error(view.float(), tensors["grad." + name])
              for name, view in fixture_views(model, gradients=True)}
    worst = max(errors, key=errors.get)
    tolerance = description["tolerance"]
    passed = (adapters == description["adapter_parameters"] and logit_diff <= tolerance["logits_max_abs"]
              and loss_diff <= tolerance["logits_max_abs"] and errors[worst] <= tolerance["grad_relative"])
    print(json.dumps({"workload": "check", "passed": passed, "adapter_parameters": adapters,
                      "dtype": args.dtype, "logits_max_abs": logit_diff, "loss_abs": loss_diff, "gradients": len(errors),
                      "grad_relative_worst": errors[worst], "grad_worst_tensor": worst,
                      "torch": torch.__version__}))
    return 0 if passed else 1


def relative_error(actual, expected):
    """||actual - expected|| / ||expected|| (L2 over all elements)."""
    return ((actual - expected).norm() / expected.norm().clamp(min=1e-30)).item()


def train(args):
    import torch
    from training import batch_plan, collate, optimiser, read_labelled, tokenise, train_step

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    tokenizer, model, adapters = preset_classifier(args)
    examples = tokenise(tokenizer, read_labelled(args.data, args.max_rows))
    total = args.steps + WARMUP_STEPS
    plan = batch_plan([len(ids) for ids, _ in examples], args.batch_size, args.order, total, args.seed)
    batches = [collate([examples[i] for i in members]) for members in plan]
    adamw, schedule = optimiser(model, total)
    model.train()
    for batch in batches[:WARMUP_STEPS]:
        train_step(model, adamw, schedule, batch)
    timed = batches[WARMUP_STEPS:]
    start = time.perf_counter()
    for batch in timed:
        loss = train_step(model, adamw, schedule, batch)
    seconds = time.perf_counter() - start
    print(json.dumps({"workload": "train", "preset": args.preset, "order": args.order, "steps": args.steps,
                      "seconds": seconds, "real_tokens": sum(int(mask.sum()) for _, mask, _ in timed),
                      "padded_tokens": sum(ids.numel() for ids, _, _ in timed),
                      "sentences": sum(len(labels) for _, _, labels in timed),
                      "peak_rss_mib": peak_rss_mib(), "final_loss": loss, "adapter_parameters": adapters,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


def quality(args):
    import torch
    from training import accuracy, batch_plan, collate, optimiser, read_labelled, tokenise, train_step

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    tokenizer, model, adapters = (peft_classifier(args) if args.implementation == "peft"
                                  else preset_classifier(args))
    examples = tokenise(tokenizer, read_labelled(args.data, args.rows))
    dev = tokenise(tokenizer, read_labelled(args.dev))
    steps = math.ceil(len(examples) / args.batch_size)
    plan = batch_plan([len(ids) for ids, _ in examples], args.batch_size, "shuffled", steps, args.seed)
    adamw, schedule = optimiser(model, steps, learning_rate=args.lr)
    model.train()
    start = time.perf_counter()
    losses = [train_step(model, adamw, schedule, collate([examples[i] for i in members])) for members in plan]
    seconds = time.perf_counter() - start
    print(json.dumps({"workload": "quality", "preset": args.preset, "implementation": args.implementation,
                      "lr": args.lr, "seed": args.seed, "rows": len(examples),
                      "steps": steps, "train_seconds": seconds, "mean_loss_last_50": sum(losses[-50:]) / len(losses[-50:]),
                      "accuracy": accuracy(model, dev), "dev_sentences": len(dev),
                      "adapter_parameters": adapters, "peak_rss_mib": peak_rss_mib(),
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


def train_generation(args):
    import torch
    from transformers import GPT2LMHeadModel
    from kernelmix import KernelMixLM, initialise, preset_plan
    from training import collate_sequences, generation_step, optimiser

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    lm = GPT2LMHeadModel.from_pretrained(args.model, attn_implementation="sdpa")
    plan = preset_plan(args.preset, lm.config.n_layer, lm.config.n_head)
    model = KernelMixLM(lm, plan)
    initialise(model, plan.init, torch.Generator().manual_seed(args.seed))
    adapters = sum(p.numel() for _, p in model.adapter_parameters())
    print(f"{args.preset}: {adapters:,} adapter parameters", file=sys.stderr)
    described = json.loads(Path(args.batches).read_text())
    batches = [(*collate_sequences(b["ids"]), b["starts"]) for b in described]
    adamw, schedule = optimiser(model, len(batches))
    model.train()
    for batch in batches[:args.warmup]:
        generation_step(model, adamw, schedule, batch, args.label_smoothing)
    timed = described[args.warmup:]
    start = time.perf_counter()
    for batch in batches[args.warmup:]:
        loss = generation_step(model, adamw, schedule, batch, args.label_smoothing)
    seconds = time.perf_counter() - start
    print(json.dumps({"workload": "train-generation", "preset": args.preset, "steps": len(timed),
                      "seconds": seconds, "sentences": sum(len(b["ids"]) for b in timed),
                      "real_tokens": sum(len(ids) for b in timed for ids in b["ids"]),
                      "target_tokens": sum(max(0, len(ids) - s) for b in timed for ids, s in zip(b["ids"], b["starts"])),
                      "padded_tokens": sum(ids.numel() for ids, _, _ in batches[args.warmup:]),
                      "peak_rss_mib": peak_rss_mib(), "final_loss": loss, "adapter_parameters": adapters,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


def make_gpt2(args):
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(args.seed)
    config = GPT2Config(vocab_size=args.vocab, n_embd=args.width, n_layer=args.layers, n_head=args.heads,
                        n_positions=args.positions, bos_token_id=args.vocab - 1, eos_token_id=args.vocab - 1)
    GPT2LMHeadModel(config).eval().save_pretrained(args.out)
    rng = random.Random(args.seed)
    lengths = [4 + (44 * i) // max(1, args.prompts - 1) for i in range(args.prompts)]
    rng.shuffle(lengths)
    prompts = [[rng.randrange(args.vocab - 1) for _ in range(length)] for length in lengths]
    Path(args.out, "prompts.json").write_text(json.dumps(prompts))
    print(json.dumps({"workload": "make-gpt2", "folder": args.out, "prompts": len(prompts),
                      "parameters": sum(p.numel() for p in GPT2LMHeadModel(config).parameters())}))


def generate(args):
    import torch
    from transformers import GPT2LMHeadModel

    torch.set_num_threads(args.threads)
    model = GPT2LMHeadModel.from_pretrained(args.model).eval()
    eos = model.config.eos_token_id
    prompts = json.loads(Path(args.prompts or Path(args.model, "prompts.json")).read_text())
    batches = []
    for start in range(0, len(prompts), args.batch_size):
        members = prompts[start:start + args.batch_size]
        width = max(len(m) for m in members)
        ids = torch.full((len(members), width), eos, dtype=torch.long)
        mask = torch.zeros((len(members), width), dtype=torch.long)
        for row, m in enumerate(members):
            ids[row, width - len(m):] = torch.tensor(m)
            mask[row, width - len(m):] = 1
        batches.append((ids, mask))
    options = dict(do_sample=False, num_beams=args.beams, pad_token_id=eos, eos_token_id=eos)
    if args.beams > 1:
        options.update(no_repeat_ngram_size=args.no_repeat_ngram_size, length_penalty=args.length_penalty,
                       early_stopping=True)

    def run(ids, mask):
        new_tokens = min(args.max_new_tokens, model.config.n_positions - ids.shape[1])
        with torch.inference_mode():
            out = model.generate(ids, attention_mask=mask, max_new_tokens=new_tokens, **options)
            out = out[:, ids.shape[1]:].tolist()
        result = []
        for row in out:
            cut = row.index(eos) + 1 if eos in row else len(row)
            result.append(row[:cut])
        return result

    run(*batches[0])
    start = time.perf_counter()
    outputs = [row for ids, mask in batches for row in run(ids, mask)]
    seconds = time.perf_counter() - start
    print(json.dumps({"workload": "generate", "seconds": seconds, "sentences": len(prompts),
                      "real_tokens": sum(len(o) for o in outputs), "padded_tokens": sum(len(o) for o in outputs),
                      "outputs": outputs, "torch": torch.__version__, "threads": torch.get_num_threads()}))


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    c = sub.add_parser("check")
    c.add_argument("--model", default=DEFAULT_MODEL)
    c.add_argument("--fixture", default=DEFAULT_FIXTURE)
    c.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    c.add_argument("--threads", type=int, default=2)
    t = sub.add_parser("train")
    t.add_argument("--steps", type=int, default=20)
    t.add_argument("--order", choices=["shuffled", "bucketed"], default="shuffled")
    t.add_argument("--max-rows", type=int, default=16000)
    q = sub.add_parser("quality")
    q.add_argument("--dev", required=True)
    q.add_argument("--rows", type=int, default=16000)
    q.add_argument("--lr", type=float, default=1e-3)
    q.add_argument("--implementation", choices=["kernelmix", "peft"], default="kernelmix")
    q.add_argument("--lora-alpha", type=float, default=8)
    q.add_argument("--lora-dropout", type=float, default=0.1)
    for s in (t, q):
        s.add_argument("--model", default=DEFAULT_MODEL)
        s.add_argument("--data", required=True)
        s.add_argument("--preset", choices=["paper-nlu", "lora-r8", "paper-nlg"], default="paper-nlu")
        s.add_argument("--batch-size", type=int, default=32)
        s.add_argument("--threads", type=int, default=2)
        s.add_argument("--seed", type=int, default=42)
    m = sub.add_parser("make-gpt2")
    m.add_argument("--out", required=True)
    m.add_argument("--layers", type=int, default=6)
    m.add_argument("--width", type=int, default=384)
    m.add_argument("--heads", type=int, default=6)
    m.add_argument("--vocab", type=int, default=4096)
    m.add_argument("--positions", type=int, default=256)
    m.add_argument("--prompts", type=int, default=32)
    m.add_argument("--seed", type=int, default=7)
    g = sub.add_parser("generate")
    g.add_argument("--model", required=True)
    g.add_argument("--batch-size", type=int, default=1)
    g.add_argument("--beams", type=int, default=1)
    g.add_argument("--max-new-tokens", type=int, default=32)
    g.add_argument("--prompts", help="a JSON list of token-id lists (default: the model folder's prompts.json)")
    g.add_argument("--length-penalty", type=float, default=1.0)
    g.add_argument("--no-repeat-ngram-size", type=int, default=3)
    g.add_argument("--threads", type=int, default=2)
    tg = sub.add_parser("train-generation")
    tg.add_argument("--model", required=True)
    tg.add_argument("--batches", required=True)
    tg.add_argument("--preset", choices=["paper-nlu", "lora-r8", "paper-nlg"], default="paper-nlg")
    tg.add_argument("--warmup", type=int, default=WARMUP_STEPS)
    tg.add_argument("--label-smoothing", type=float, default=0.1)
    tg.add_argument("--threads", type=int, default=2)
    tg.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    return {"embed": embed, "check": check, "train": train, "quality": quality, "make-gpt2": make_gpt2,
            "generate": generate, "train-generation": train_generation}[args.workload](args)


if __name__ == "__main__":
    sys.exit(main())
