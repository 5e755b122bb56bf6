#!/usr/bin/env python3
"""Train the small byte-level BPE tokenizers that the GPT-2 and RoBERTa fixtures use.

No GPT-2 or RoBERTa tokenizer files are reachable from the machines kmix is built on (no PyPI package
carries them), so the fixtures use byte-level BPE vocabularies trained here with Hugging Face
`tokenizers` on text that ships with kmix: the SST-2 training sample and the E2E development set
(`Datasets/e2e/devset.csv`, or the file `--e2e` names). They are real byte-level BPE tokenizers in GPT-2's
and RoBERTa's layouts, only with smaller vocabularies. Run once from the project root; the output is committed:

    python3 scripts/make_bpe_tokenizers.py [--e2e Datasets/e2e/devset.csv]

It writes, under `Tests/KMixTests/Fixtures/families/` (or `--out DIR`):

- `gpt2-tokenizer/`: GPT-2's layout. `tokenizer.json` (BPE model, ByteLevel pre-tokenizer without a
  prefix space, ByteLevel decoder and post-processor), `vocab.json` (with `<|endoftext|>` as its last
  id, as in GPT-2's own file), `merges.txt`, `tokenizer_config.json`.
- `roberta-tokenizer/`: RoBERTa's layout. `<s> <pad> </s> <unk>` are ids 0-3 and `<mask>` (lstrip) the
  last id; `RobertaProcessing` (`<s> A </s>`, `<s> A </s></s> B </s>`, one token type).

Each folder's `made-with.json` records the versions and the vocabulary size.
"""

import argparse
import csv
import json
import platform
import sys
from pathlib import Path

import tokenizers
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors, trainers

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "KMixTests" / "Fixtures" / "families"
SST2_TRAIN = ROOT / "Datasets" / "sst2" / "train.tsv"
VOCABULARY_SIZE = 2000


def training_text(e2e):
    """SST-2 training sentences (the shipped sample) and the E2E meaning representations and references."""
    with SST2_TRAIN.open(encoding="utf-8") as file:
        rows = list(csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = [row[0] for row in rows[1:]]
    with open(e2e, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            texts.append(row["mr"])
            texts.append(row["ref"])
    return texts


def train(texts, special_tokens):
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=VOCABULARY_SIZE, special_tokens=special_tokens,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


def save(tokenizer, folder, config, vocabulary_extra=None):
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    tokenizer.model.save(str(folder))
    if vocabulary_extra:
        vocabulary = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        vocabulary.update(vocabulary_extra)
        (folder / "vocab.json").write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    made = {"script": "scripts/make_bpe_tokenizers.py", "tokenizers": tokenizers.__version__,
            "python": platform.python_version(), "vocabulary_size": tokenizer.get_vocab_size(with_added_tokens=True)}
    (folder / "made-with.json").write_text(json.dumps(made, indent=2) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--e2e", default=str(ROOT / "Datasets" / "e2e" / "devset.csv"),
                        help="E2E devset.csv (columns mr, ref; default: the shipped copy)")
    parser.add_argument("--out", type=Path, default=FIXTURES)
    arguments = parser.parse_args()
    texts = training_text(arguments.e2e)

    gpt2 = train(texts, special_tokens=[])
    gpt2.add_special_tokens([AddedToken("<|endoftext|>", special=True)])
    gpt2.post_processor = processors.ByteLevel(trim_offsets=False)
    end = gpt2.token_to_id("<|endoftext|>")
    save(gpt2, arguments.out / "gpt2-tokenizer",
         {"tokenizer_class": "GPT2Tokenizer", "add_prefix_space": False, "bos_token": "<|endoftext|>",
          "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "model_max_length": 1024},
         vocabulary_extra={"<|endoftext|>": end})

    roberta = train(texts, special_tokens=["<s>", "<pad>", "</s>", "<unk>"])
    roberta.add_special_tokens([AddedToken("<mask>", lstrip=True, special=True)])
    roberta.post_processor = processors.RobertaProcessing(("</s>", roberta.token_to_id("</s>")),
                                                          ("<s>", roberta.token_to_id("<s>")),
                                                          trim_offsets=True, add_prefix_space=False)
    save(roberta, arguments.out / "roberta-tokenizer",
         {"tokenizer_class": "RobertaTokenizer", "add_prefix_space": False, "bos_token": "<s>", "eos_token": "</s>",
          "sep_token": "</s>", "cls_token": "<s>", "unk_token": "<unk>", "pad_token": "<pad>",
          "mask_token": "<mask>", "model_max_length": 512},
         vocabulary_extra={"<mask>": roberta.token_to_id("<mask>")})
    print(f"wrote {arguments.out}/gpt2-tokenizer and roberta-tokenizer "
          f"({gpt2.get_vocab_size()} and {roberta.get_vocab_size()} tokens)", file=sys.stderr)


if __name__ == "__main__":
    main()
