#!/usr/bin/env python3
"""Load a kmix export with Hugging Face and compare its logits with `kmix predict`.

    python3 scripts/verify_exports.py --run RUN_DIR --export DIR [--kmix PATH] [--limit N] [--tolerance 1e-4]

A PEFT export (adapter_config.json) is loaded with peft.PeftModel.from_pretrained onto
BertForSequenceClassification from the run's base model folder; a merged export with
transformers.AutoModelForSequenceClassification.from_pretrained, which must report no missing or
unexpected keys. Logits on the run's dev set are compared with `kmix predict --run RUN_DIR`.
Exits 0 when the maximum absolute difference is within the tolerance, 1 when not, and 77 (skip)
when torch, transformers or (for a PEFT export) peft is not installed.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", required=True)
    parser.add_argument("--export", required=True)
    parser.add_argument("--kmix", default=".build/release/kmix")
    parser.add_argument("--limit", type=int, default=None, help="compare only the first N dev sentences")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    is_peft = os.path.exists(os.path.join(args.export, "adapter_config.json"))
    try:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer, BertForSequenceClassification
        if is_peft:
            from peft import PeftModel
    except ImportError as error:
        print(f"skipped: {error}")
        sys.exit(77)

    with open(os.path.join(args.run, "config.json")) as file:
        config = json.load(file)
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

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    base = config["model"]
    if is_peft:
        model = BertForSequenceClassification.from_pretrained(base, num_labels=len(config["label_values"]))
        model = PeftModel.from_pretrained(model, args.export)
        loader = "PeftModel.from_pretrained"
    else:
        model, info = AutoModelForSequenceClassification.from_pretrained(args.export, output_loading_info=True)
        problems = {key: value for key, value in info.items() if value and key in ("missing_keys", "unexpected_keys")}
        if problems:
            sys.exit(f"the merged export does not load cleanly: {problems}")
        loader = "AutoModelForSequenceClassification.from_pretrained"
    model.eval()
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
    sys.exit(0 if difference <= args.tolerance else 1)


if __name__ == "__main__":
    main()
