#!/usr/bin/env python3
"""Write the sets on which kmix's PTB tokenizer is compared with Stanford CoreNLP 3.4.1's, tokenized by the jar.

    python3 scripts/compare_ptb_tokenizer.py --jar stanford-corenlp-3.4.1.jar --out DIR

The jar is the one e2e-metrics and PyPI's `pycocoevalcap` ship (`pycocoevalcap/tokenizer/`); it runs as
pycocoevalcap runs it, `java edu.stanford.nlp.process.PTBTokenizer -preserveLines -lowerCase` on the texts of a
set joined by line breaks. Java is needed, nothing else. Each set is `DIR/NAME.json`, `{"made_by", "texts",
"tokens"}`:

- `e2e`: every reference of `Datasets/e2e/devset.csv` and `testset_w_refs.csv`, then their distinct MRs;
- `realistic`: E2E references changed by a seeded RNG the way generated text goes wrong (words dropped, swapped,
  repeated, joined, upper-cased; punctuation, quotes and brackets added; abbreviations, contractions, numbers,
  prices, dates, times, URLs, e-mail addresses, entities, emoticons and symbols inserted; tabs and double spaces);
- `random`: seeded random strings of punctuation, quotes, dashes, letters with and without accents, digits,
  symbols, entities, controls, format characters and emoji.

The output is not committed; docs/generation.md (Scores) gives the agreement measured with it.
"""

import argparse
import csv
import json
import random
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

INSERTED = (
    "St. Mr. Mrs. Dr. U.S. U.K. etc. e.g. i.e. a.m. p.m. No. no. Inc. Co. Corp. Ltd Ltd. vs. Ave. Rd. Jan. Feb. "
    "Fri. Calif. Ph.D. approx. est. Sept. Tel. sq. pt. it's don't can't won't isn't I'm you're we'll he'd "
    "they've y'all '90s o'clock rock'n'roll gonna cannot wanna 'tis Cap'n c'est 5.5 1,000 20-25 3/5 12:30 "
    "1/2/2003 ½ ¼ £20 £20-25 $30 €15 ¥100 20% #1 @home AT&T R&B &amp; &quot; &lt; &gt; <b> </b> <br/> "
    "(555) 555-1234 555-123-4567 www.example.com http://x.org/a https://a.b/c?d=e foo@bar.com and/or "
    "non-family-friendly family-friendly. pro- anti- co-op -- --- ... .... !! ?! :) ;D =( :-) (x.x) "
    "Café CAFÉ naïve über Straße I. A. x. file.txt 3.x 's n't ' '' `` ` ‘quoted’ “double” — – … "
    "™ © °C +44 C++ C# Zizzi's Clowns' Browns' James' O'Neil 5-star 3-star 1st 2nd 10th 5pm 10am "
    "£30+ 5/5 1-3 £-£ -5 +5 2½ 7:45pm a.k.a. P.S. U.S.A. A.B.C."
).split(" ")
PUNCTUATION = list(".,;:?!'\"-()&/$£€%+#@*[]<>=_")
ALPHABET = list("abcdeEstTmnoI'.,;:?!\"-()&/$£€%+#@*[]<>=_ 0123456789 é") + [
    "\u00a0", "\u2019", "\u201c", "\u201d", "\u2013", "\u2014", "\u2026", "\u00ad", "\U0001F600", "\u0301", "ß",
    "İ", "\x01", "\x7f", "\u200b", "\ufeff", "\u3000", "¼", "²", "\u00b7", "\\", "^", "~", "|", "`", "{", "}"]
PIECES = ["amp;", "&amp;", "&apos;", "&quot;", "&lt;", "&gt;", "&nbsp;", "n't", "'s", "'ll", "http://", "www.",
          ".com", "@", "U.S.", "etc.", "St.", "Mr.", "cannot", "gonna", "<b>", "--", "..."]


def java_tokens(jar, texts):
    """The jar's tokens of each text, as pycocoevalcap runs it (without its punctuation filter)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines.txt"
        path.write_bytes("\n".join(texts).encode("utf-8"))
        out = subprocess.run(["java", "-cp", str(jar), "edu.stanford.nlp.process.PTBTokenizer", "-preserveLines",
                              "-lowerCase", str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             encoding="utf-8", check=True).stdout
    lines = out.split("\n")
    assert len(lines) >= len(texts), "a text held a line break Java reads"
    return [line.split(" ") if line else [] for line in lines[:len(texts)]]


def realistic(rng, references, words):
    """A reference changed as generated text goes wrong."""
    tokens = rng.choice(references).split(" ")
    for _ in range(rng.randint(0, 5)):
        if not tokens:
            tokens = ["x"]
        op, i = rng.random(), rng.randrange(len(tokens))
        if op < 0.12 and len(tokens) > 1:
            del tokens[i]
        elif op < 0.22:
            j = rng.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif op < 0.35:
            tokens[i] = rng.choice(words)
        elif op < 0.55:
            tokens.insert(i, rng.choice(INSERTED))
        elif op < 0.65:
            tokens[i] += rng.choice(PUNCTUATION)
        elif op < 0.73:
            tokens[i] = rng.choice(PUNCTUATION) + tokens[i]
        elif op < 0.8:
            tokens[i] = tokens[i].upper()
        elif op < 0.84:
            tokens[i] = tokens[i].lower()
        elif op < 0.88 and i + 1 < len(tokens):
            tokens[i] += tokens.pop(i + 1)
        elif op < 0.94:
            tokens.insert(i, rng.choice(PUNCTUATION) * rng.randint(1, 4))
        else:
            tokens[i] += rng.choice(INSERTED)
    return rng.choice([" ", " ", " ", " ", "  ", "\t"]).join(tokens)


def random_text(rng):
    return "".join(rng.choice(ALPHABET) if rng.random() < 0.9 else rng.choice(PIECES)
                   for _ in range(rng.randint(0, 40)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jar", type=Path, required=True, help="stanford-corenlp-3.4.1.jar")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write the sets to")
    parser.add_argument("--e2e", type=Path, default=ROOT / "Datasets" / "e2e")
    parser.add_argument("--realistic", type=int, default=100_000, help="lines of the realistic set")
    parser.add_argument("--random", type=int, default=50_000, help="lines of the random set")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    references, mrs = [], []
    for name in ["devset.csv", "testset_w_refs.csv"]:
        with open(args.e2e / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                references.append(row["ref"])
                mrs.append(row["mr"])
    rng = random.Random(args.seed)
    words = sorted({word for reference in references for word in reference.split()})
    sets = {
        "e2e": references + sorted(set(mrs)),
        "realistic": [realistic(rng, references, words) for _ in range(args.realistic)],
        "random": [random_text(rng) for _ in range(args.random)],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for name, texts in sets.items():
        made_by = f"scripts/compare_ptb_tokenizer.py --seed {args.seed} ({name})"
        data = {"made_by": made_by, "texts": texts, "tokens": java_tokens(args.jar, texts)}
        (args.out / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.out / name}.json: {len(texts)} texts")


if __name__ == "__main__":
    main()
