#!/usr/bin/env python3
"""Load a kmix export with Hugging Face and compare it with kmix.

    python3 scripts/verify_exports.py --run RUN_DIR --export DIR [--kmix PATH] [--limit N] [--tolerance 1e-4]
                                      [--texts FILE]

The run's base model family (config.json's model_type) decides what is compared.

BERT, RoBERTa: a PEFT export (adapter_config.json) is loaded with peft.PeftModel.from_pretrained onto
AutoModelForSequenceClassification (BertForSequenceClassification, RobertaForSequenceClassification) from the
run's base model folder; a merged export with AutoModelForSequenceClassification.from_pretrained, which must
report no missing or unexpected keys. Logits on the run's dev set are compared with `kmix predict --run RUN_DIR`.

GPT-2: a PEFT export is loaded onto GPT2LMHeadModel from the base folder, a merged one with
AutoModelForCausalLM.from_pretrained (no missing or unexpected keys). kmix's side is the run itself (its
Kernel-mix adapters), recorded by `kmix verify-export DIR --run RUN_DIR --input TEXTS --record FILE` (which must
pass): token ids, next-token logits of every token, and the greedy continuations (16 tokens) of the first three
texts. The texts are --texts FILE (one per line; default: the sentences `kmix verify-export` uses); transformers'
logits on kmix's token ids are compared, and generate(do_sample=False) from the same prompts must give kmix's
greedy tokens (up to transformers' stop at the end-of-text token).

Exits 0 when the maximum absolute difference is within the tolerance (and, for GPT-2, the greedy tokens agree),
1 when not, and 77 (skip) when torch, transformers or (for a PEFT export) peft is not installed.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

DECODER_TEXTS = [
    "The weather today is", "Once upon a time there was a small village", "The restaurant serves Italian food",
    "It was a dark and stormy night", "kmix trains adapters on a CPU",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", required=True)
    parser.add_argument("--export", required=True)
    parser.add_argument("--kmix", default=".build/release/kmix")
    parser.add_argument("--limit", type=int, default=None, help="compare only the first N dev sentences or texts")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    parser.add_argument("--texts", default=None, help="GPT-2: the texts to compare on, one per line")
    args = parser.parse_args()
    is_peft = os.path.exists(os.path.join(args.export, "adapter_config.json"))
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
        if is_peft:
            import peft  # noqa: F401
    except ImportError as error:
        print(f"skipped: {error}")
        sys.exit(77)

    with open(os.path.join(args.run, "config.json")) as file:
        config = json.load(file)
    with open(os.path.join(config["model"], "config.json")) as file:
        family = json.load(file)["model_type"]
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    if family == "gpt2":
        passed = verify_decoder(args, config, is_peft)
    else:
        passed = verify_classifier(args, config, is_peft)
    sys.exit(0 if passed else 1)


def load(kind, source, peft_folder=None, **options):
    """The model `kind` loads from `source` (with the PEFT adapter `peft_folder`), in eval mode, and its loader."""
    if peft_folder:
        from peft import PeftModel
        model = PeftModel.from_pretrained(kind.from_pretrained(source, **options), peft_folder)
        loader = "PeftModel.from_pretrained"
    else:
        model, info = kind.from_pretrained(source, output_loading_info=True)
        problems = {key: value for key, value in info.items() if value and key in ("missing_keys", "unexpected_keys")}
        if problems:
            sys.exit(f"the merged export does not load cleanly: {problems}")
        loader = f"{kind.__name__}.from_pretrained"
    model.eval()
    return model, loader


def verify_classifier(args, config, is_peft):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if config.get("pair_column"):
        sys.exit("sentence-pair runs are not supported by this script")
    with open(config["dev_file"], newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = [row[config.get("dev_text_column") or "sentence"] for row in rows][: args.limit]

    with tempfile.TemporaryDirectory() as scratch:
        inputs = os.path.join(scratch, "input.txt")
        outputs = os.path.join(scratch, "output.jsonl")
        with open(inputs, "w") as file:
            file.write("\n".join(texts) + "\n")
        subprocess.run([args.kmix, "predict", "--run", args.run, "--input", inputs, "--output", outputs], check=True)
        with open(outputs) as file:
            expected = torch.tensor([json.loads(line)["logits"] for line in file])

    base = config["model"]
    if is_peft:
        model, loader = load(AutoModelForSequenceClassification, base, args.export,
                             num_labels=len(config["label_values"]), ignore_mismatched_sizes=True)
    else:
        model, loader = load(AutoModelForSequenceClassification, args.export)
    tokenizer = AutoTokenizer.from_pretrained(base if is_peft else args.export)
    found = []
    with torch.no_grad():
        for start in range(0, len(texts), 64):
            batch = tokenizer(texts[start:start + 64], padding=True, truncation=True,
                              max_length=config["max_length"], return_tensors="pt")
            found.append(model(**batch).logits.float())
    found = torch.cat(found)
    difference = (found - expected).abs().max().item()
    agree = (found.argmax(-1) == expected.argmax(-1)).float().mean().item()
    print(f"{loader}: {len(texts)} dev sentences, max abs logit difference {difference:.3g}, "
          f"predictions agree {agree:.4f}")
    return difference <= args.tolerance


def verify_decoder(args, config, is_peft):
    import torch
    from transformers import AutoModelForCausalLM, GPT2LMHeadModel

    texts = DECODER_TEXTS
    if args.texts:
        with open(args.texts) as file:
            texts = [line.rstrip("\n") for line in file]
    texts = texts[: args.limit]
    with tempfile.TemporaryDirectory() as scratch:
        listed, record = os.path.join(scratch, "texts.txt"), os.path.join(scratch, "record.jsonl")
        with open(listed, "w") as file:
            file.write("\n".join(texts) + "\n")
        subprocess.run([args.kmix, "verify-export", args.export, "--run", args.run, "--input", listed,
                        "--record", record], check=True)
        with open(record) as file:
            expected = [json.loads(line) for line in file]

    if is_peft:
        model, loader = load(GPT2LMHeadModel, config["model"], args.export)
    else:
        model, loader = load(AutoModelForCausalLM, args.export)
    eos = model.generation_config.eos_token_id
    difference, tokens, agree, prompts = 0.0, 0, True, 0
    with torch.no_grad():
        for line in expected:
            ids = line["input_ids"]
            found = model(input_ids=torch.tensor([ids])).logits[0].float()
            difference = max(difference, (found - torch.tensor(line["logits"])).abs().max().item())
            tokens += len(ids)
            if "greedy" not in line:
                continue
            prompts += 1
            generated = model.generate(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids)),
                                       do_sample=False, max_new_tokens=len(line["greedy"]), pad_token_id=eos)
            greedy = generated[0].tolist()[len(ids):]
            # generate stops after the end-of-text token; kmix's continuation goes on.
            if greedy != line["greedy"][: len(greedy)] or (len(greedy) < len(line["greedy"]) and greedy[-1:] != [eos]):
                agree = False
                print(f"FAIL: greedy tokens after {ids}: transformers {greedy}, kmix {line['greedy']}")
    print(f"{loader}: {tokens} tokens of {len(texts)} texts, max abs logit difference {difference:.3g}; "
          f"greedy tokens (generate, do_sample=False) of {prompts} prompts " + ("agree" if agree else "differ"))
    return difference <= args.tolerance and agree


if __name__ == "__main__":
    main()
