#!/usr/bin/env python3
"""Make a PEFT LoRA adapter with PEFT, import it with `kmix import`, and compare logits.

The adapter: LoraConfig(r=4, lora_alpha=8, target_modules=["query", "value"],
modules_to_save=["classifier"]) on BertForSequenceClassification (2 labels) from --model,
with lora_B and the classifier drawn at random so the adapter changes the logits. Prints the
largest absolute difference between PyTorch's logits and `kmix predict` on the imported run.
Exits 77 (skip) when torch, transformers or peft are missing.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

SENTENCES = [
    "a gorgeous, witty, seductive movie.",
    "the story is too thin to sustain two hours.",
    "it's not a bad film, just a dull one.",
    "an utterly charming and hilarious film that reminded me of why i love the movies.",
    "unfortunately, it's also not very good.",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=os.path.expanduser("~/.cache/kmix/models/sentence-transformers--all-MiniLM-L6-v2"))
    parser.add_argument("--kmix", default="kmix", help="the kmix executable")
    args = parser.parse_args()
    try:
        import torch
        from peft import LoraConfig, get_peft_model
        from transformers import AutoTokenizer, BertForSequenceClassification
    except ImportError as error:
        print(f"skipped: {error}")
        sys.exit(77)

    torch.manual_seed(0)
    model = BertForSequenceClassification.from_pretrained(args.model, num_labels=2)
    config = LoraConfig(r=4, lora_alpha=8, target_modules=["query", "value"], modules_to_save=["classifier"])
    model = get_peft_model(model, config)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "lora_B" in name or "classifier" in name:
                parameter.normal_(0, 0.2)
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    with torch.no_grad():
        expected = model(**tokenizer(SENTENCES, padding=True, return_tensors="pt")).logits.float()

    with tempfile.TemporaryDirectory() as scratch:
        adapter, run = os.path.join(scratch, "adapter"), os.path.join(scratch, "run")
        model.save_pretrained(adapter)
        subprocess.run([args.kmix, "import", "--format", "peft", adapter, "--model", args.model, "--out", run], check=True)
        inputs, outputs = os.path.join(scratch, "input.txt"), os.path.join(scratch, "output.jsonl")
        with open(inputs, "w") as file:
            file.write("\n".join(SENTENCES) + "\n")
        subprocess.run([args.kmix, "predict", "--run", run, "--input", inputs, "--output", outputs], check=True)
        with open(outputs) as file:
            found = torch.tensor([json.loads(line)["logits"] for line in file])
    difference = (found - expected).abs().max().item()
    print(f"PEFT adapter (r 4, alpha 8, query/value) imported by kmix: {len(SENTENCES)} sentences, "
          f"max abs logit difference {difference:.3g} (logits up to {expected.abs().max().item():.3g})")
    sys.exit(0 if difference <= 1e-4 else 1)


if __name__ == "__main__":
    main()
