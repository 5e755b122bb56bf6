#!/usr/bin/env python3
"""Make the generation-metrics parity fixture with the E2E challenge's own scoring code, e2e-metrics.

Run once from the project root; the output is committed:

    python3 scripts/make_metric_fixtures.py --e2e-metrics DIR [--e2e Datasets/e2e/testset_w_refs.csv]

DIR is a checkout of https://github.com/tuetschek/e2e-metrics with its jars (stanford-corenlp-3.4.1.jar,
meteor-1.5.jar, paraphrase-en.gz). It needs what e2e-metrics needs (Python with numpy, matplotlib,
scikit-image and future; Java; Perl with XML::Twig) plus sacrebleu and rouge-score for the comparisons;
made with e2e-metrics 1b9c4d8, OpenJDK 17, Perl 5.36, sacrebleu 2.6.0, rouge-score 0.1.2. This script
runs e2e-metrics' code unchanged, except that it runs a copy of `mteval-v13a-sig.pl` whose final
`printf` writes 17 significant digits instead of 4 (nothing else in the copy differs).

It writes `Tests/KMixTests/Fixtures/metrics/e2e-scores.json`, which
`Tests/KMixTests/GenerationMetricsTests.swift` reads:

- `sources`: 120 MRs of the E2E test set (evenly spaced over its 630 distinct MRs, references grouped
  by MR in first-appearance order), each with an output made from one of its references by a seeded
  RNG (words dropped, swapped, replaced or repeated, punctuation and case changed; some outputs equal a
  reference, some are cut to a few words or left empty), then hand-made sources (no overlap, one-word
  outputs, one reference, capitals outside ASCII, abbreviations, brackets, the MR with 45 references);
- `e2e_metrics`: `measure_scores.py`'s scores of them (its `run_coco_eval` and `run_mteval`, as
  `evaluate` runs them): BLEU and NIST at full precision from the Perl script and as printed (4 decimals),
  METEOR, ROUGE_L, CIDEr; `pymteval`: its Python BLEU/NIST (`-p`); `sacrebleu`: `corpus_bleu` with
  and without lowercasing; `rouge_score`: the mean over sources of `rouge_score`'s ROUGE-L F (best
  reference);
- `output_captions`: the tokens e2e-metrics' pycocoevalcap scores for each output;
- `tokenizer_cases`: texts (hand-made hard cases, then seeded random variations of E2E references) with
  the tokens of `java edu.stanford.nlp.process.PTBTokenizer -preserveLines -lowerCase` on the text of
  all of them, one per line, as pycocoevalcap runs it;
- `tolerance`: the relative difference the Swift implementation must stay within.
"""

import argparse
import contextlib
import csv
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "KMixTests" / "Fixtures" / "metrics" / "e2e-scores.json"
SOURCES = 120
SEED = 2025
TOLERANCE = 1e-9
JAR = Path("pycocoevalcap") / "tokenizer" / "stanford-corenlp-3.4.1.jar"

TOKENIZER_CASES = [
    "", " ", ".", "a", "A.", "?!", "!!!", "etc.", "U.S.", "The pub is near St. John's.",
    "It's cheap: less than £20; isn't it? Yes!", "\"Quoted\" and 'single' quotes, don't can't won't.",
    "Prices range £20-£25 and $30, or 20£-25.", "family-friendly non-family-friendly high-priced.",
    "in the city center., near All Bar One", "c... d -- e - f (g) [h] {i} 5.5 5,000 3/5 1-5",
    "U.S. The Mr. Smith etc. Inc. Co. Ltd vs. a.m. e.g. i.e.", "y'all cannot gonna wanna 'tis 'twas",
    "CAFÉ Café café naïve ÜBER", "rated 5 out of 5. It is", "rated a. The next", "I. You",
    "Ph.D. Bldg. no. 5 fig. 3 pp. 12", "www.example.com http://x.org/a foo@bar.com and/or",
    "(555) 555-1234 1 1/2 ½ ¼", "&amp; &quot;x&quot; &lt;b&gt; <b>bold</b>", ":) ;D =( (x.x)",
    "one...two....three.....four", "'90s o'clock rock'n'roll Cap'n c'est", "AT&T S&P-500 C++ c# f#",
    "€15 ¥100 ¢5 20% #1 @home", "the end.\nNext", "‘curly’ “double” – — …",
    # The behaviours kmix's tokenizer (Sources/KMix/Metrics/PTBScanner*.swift) reproduces, one family a line.
    "Mr. smith met Dr. Who vs. them at St. John's, Ave. Q.",
    "Calif. is big; Inc. The end; Inc. x; Inc.  x; etc.\tx; Co. Ltd and Co. X",
    "No. 5 and No. x and no.5, fig. 3 and pp. x; Ark. x and ark. x; MR. X; Ph.D. X; Ltd.a and etc.ab",
    "U.S. The x. U.S. Then x. U.S. Them x. I. The x. I. Them x. a.m. <b> x. p.m. It is. U.S. THE",
    "in the city center., food.: costs 20.; world.) hello... x.. y.... z...... . . . c... x",
    "I'm, you're, we've, they'll, he'd, it's; don't can't won't ain't DON'T n't",
    "Zizzi's Clowns' James' 90's '90s '90 '9 'tis 'twas 'til 'cause 'em 'n' rock'n'roll 'n x",
    "y'all d'Arcy O'Neil o'clock l'amour qu'il ma'am riverside'area cap'n ev'ry c'est in'the inn't",
    "it’s don’t ’90s ’em ’n ’ll’ ‘q’ “q” «q» ‹q› ’’ `’ ``’",
    "gonna wanna gotta lemme gimme cannot Cannot. cannot's gonna'tis wanna-be",
    '"Hi" " x "5 "$ \'ab\' \'a b\' \'\' ``x`` `y` \'a+ \'a',
    "&quot;x&quot; it&apos;s &amp; &lt; &gt; a&nbsp;b &mdash; &eacute; &#39; &copy; &Quot;",
    "5.5 1,000 12:30 1.000,50 -5 +44 .5 ,55 :30 5-6 20-25 -5-6 5,000-6,000 5:30-6:30 1/2/3/4",
    "1 1/2 and 1  1/2 and 3/5 and ½ ¼ ¾ and 5.5a a5.5 12ab.cd ab.12cd 7:45pm 1st 5x",
    "a-b a--b a---b a-----b anti- pro- x- family-friendly non-family-friendly a-b.c area.1-3 a,b-c riverside.-5",
    "– — ― -- --- ---- ‐ a‐b",
    "ab.cd a1.b2 x.com www.x.com x.org/menu x.com/a €x.com £shop.net file.txt 3.x 5.C++ 12ab.PDF",
    "a_b a/b and/or a/ü ab!cd Yahoo!s a!b-c AT&T AT&amp;T S&P-500 R&B a&b AB+CD C++ c++ US$ FRENCH$ C# F# x#",
    "foo@bar.com x@[b] kid@* kid@. <foo@bar.com> http://x.org/a. https://a.b/c?d=e (http://x.org) http://a",
    '<b>bold</b> <br/> <a href="x"> <a href=x> <!-- c --> <a 1> < b>',
    ":) :-( ;D =p >:( <;D :3 :o :-o :)x (x.x) ^_^ -_- >_< :( ;-)",
    "( ) [ ] { } £5 €5 ¢5 ¥5 $5 ¤ \x80 \x85 \x91a\x92 \x93b\x94 \x96",
    "!! ?! ?!? ** ## @@ __ <<< >>> %% ++ ,, ;; :: \\* ^^", "#tag #5 @name @_x @5 #a_b #a1 #é",
    "ab\xadcd \xad x \xad\xad x\u200by zero\ufeffwidth 😀 emoji ΑΣ ΟΔΟΣ ς İstanbul Straße",
    "(555) 555-1234 555 123 4567 +1 555 123 4567 555-1234 555 1234 (555)555-123-4567",
    "CAFÉ naïve Ελληνικά Русский 中文 ١٢٣ é. É. a. x.",
]


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_groups(path):
    """The E2E CSV's references grouped by MR, in first-appearance order."""
    groups = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            groups.setdefault(row["mr"], []).append(row["ref"])
    return list(groups.items())


def perturb(reference, vocabulary, rng):
    """A realistic but imperfect output made from `reference`."""
    kind = rng.random()
    words = reference.split()
    if kind < 0.08:
        return reference
    if kind < 0.13:
        return " ".join(words[: rng.randint(1, 3)])
    if kind < 0.16:
        return rng.choice(["", ".", " "])
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if len(words) < 2:
            break
        i = rng.randrange(len(words))
        if op < 0.3:
            del words[i]
        elif op < 0.55 and i + 1 < len(words):
            words[i], words[i + 1] = words[i + 1], words[i]
        elif op < 0.85:
            words[i] = rng.choice(vocabulary)
        else:
            words.insert(i, words[i])
    text = " ".join(words)
    style = rng.random()
    if style < 0.15:
        text = text.lower()
    elif style < 0.22:
        text = text.upper()
    elif style < 0.32:
        text = text.rstrip(".") + rng.choice(["", "!", " .", "..."])
    elif style < 0.4:
        text = text.replace(", ", rng.choice([" , ", "; ", " - ", " "]))
    elif style < 0.45:
        text = text.replace("centre", "center")
    return text


def hand_made(groups):
    """Sources that exercise corners: (mr, output, references)."""
    by_mr = dict(groups)
    widest = max(groups, key=lambda group: len(group[1]))
    single = next(group for group in groups if len(group[1]) == 1)
    cases = [
        ("hand: no overlap", "Zebra xylophone quantum.", groups[1][1]),
        ("hand: one word", "Pub", groups[2][1]),
        ("hand: one word and a period", "restaurant.", groups[3][1]),
        ("hand: one reference", "The Vaults is a pub near the river.", ["The Vaults is a pub by the river."]),
        ("hand: capitals outside ASCII", "THE CAFÉ IS NEAR CAFÉ ROUGE.", ["The Café is near Café Rouge."]),
        ("hand: abbreviations and contractions", "It's near St. John's, isn't it? Prices are £20-25 (5 out of 5).",
         ["It is near St. John's and prices are £20-25.", "It's rated 5 out of 5, with prices of £20-25."]),
        ("hand: repeated words", "pub pub pub pub pub pub", ["The Vaults is a pub.", "A pub called The Vaults."]),
        (single[0], single[1][0].lower(), single[1]),
        (widest[0], widest[1][7].replace(".", ""), widest[1]),
    ]
    assert all(mr.startswith("hand: ") or mr in by_mr for mr, _, _ in cases)
    return cases


def java_tokens(e2e, texts):
    """PTBTokenizer's tokens of `texts`, one per line, as pycocoevalcap runs it (without its punctuation filter)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines.txt"
        path.write_bytes("\n".join(texts).encode("utf-8"))
        out = subprocess.run(["java", "-cp", str(e2e / JAR), "edu.stanford.nlp.process.PTBTokenizer",
                              "-preserveLines", "-lowerCase", str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, encoding="utf-8", check=True).stdout
    lines = out.split("\n")[: len(texts)]
    assert len(lines) == len(texts)
    return [line.split(" ") if line else [] for line in lines]


def tokenizer_cases(e2e, groups, rng):
    references = [reference for _, group in groups for reference in group]
    extras = ["St.", "Mr.", "U.S.", "etc.", "e.g.", "No.", "it's", "don't", "won't", "y'all", "gonna", "cannot",
              "5.5", "1,000", "20-25", "3/5", "£20", "$30", "€15", "&amp;", "(", ")", "--", "...", "!!", "?!",
              ":)", "Café", "CAFÉ", "I.", "a.", "'s", "n't", "'", "``", "\"", "‘quoted’", "—", "…", "\u00a0",
              "\t", "and/or", "www.x.com", "Ph.D.", "co. ltd", "'90s"]
    punctuation = list(".,;:?!'\"-()&/$£€%+#@*[]<>=_")
    texts = list(TOKENIZER_CASES)
    for _ in range(400):
        words = rng.choice(references).split(" ")
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(words))
            op = rng.random()
            if op < 0.3:
                words.insert(i, rng.choice(extras))
            elif op < 0.5:
                words[i] += rng.choice(punctuation)
            elif op < 0.6:
                words[i] = rng.choice(punctuation) + words[i]
            elif op < 0.7:
                words[i] = words[i].upper()
            elif op < 0.8 and i + 1 < len(words):
                words[i] += words.pop(i + 1)
            else:
                words.insert(i, rng.choice(punctuation) * rng.randint(1, 3))
        texts.append(" ".join(words))
    texts = [text.replace("\n", " ") for text in texts]
    return [{"text": text, "tokens": tokens} for text, tokens in zip(texts, java_tokens(e2e, texts))]


def perl_mteval(e2e, ms, data_ref, data_sys, data_src):
    """`run_mteval` with a copy of the Perl script that prints 17 significant digits."""
    script = (e2e / "mteval" / "mteval-v13a-sig.pl").read_text(encoding="utf-8")
    printed = 'printf "NIST score = %2.4f  BLEU score = %.4f for system'
    assert script.count(printed) == 1
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "mteval.pl").write_text(script.replace(printed, 'printf "NIST score = %.17g  BLEU score = %.17g for system'),
                                          encoding="utf-8")
        for data, name, kind in [(data_ref, "ref", "ref"), (data_sys, "sys", "tst"), (data_src, "src", "src")]:
            ms.create_mteval_file(data, str(folder / f"{name}.sgm"), kind)
        out = subprocess.check_output(["perl", str(folder / "mteval.pl"), "-r", str(folder / "ref.sgm"),
                                       "-s", str(folder / "src.sgm"), "-t", str(folder / "sys.sgm"),
                                       "-f", str(folder / "log.txt")], stderr=subprocess.STDOUT).decode("utf-8")
    nist = float(re.search(r"NIST score = ([0-9.e+-]+)", out).group(1))
    bleu = float(re.search(r"BLEU score = ([0-9.e+-]+)", out).group(1))
    return bleu, nist


def layout(fixture):
    """The fixture as JSON with one top-level member, or one element of a top-level list, per line."""
    def compact(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    members = []
    for key, value in fixture.items():
        if isinstance(value, list):
            members.append(f"{compact(key)}:[\n" + ",\n".join(compact(item) for item in value) + "\n]")
        else:
            members.append(f"{compact(key)}:{compact(value)}")
    return "{\n" + ",\n".join(members) + "\n}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--e2e-metrics", type=Path, required=True, help="a checkout of tuetschek/e2e-metrics")
    parser.add_argument("--e2e", type=Path, default=ROOT / "Datasets" / "e2e" / "testset_w_refs.csv")
    args = parser.parse_args()
    e2e = args.e2e_metrics.resolve()
    csv_path = args.e2e.resolve()

    # e2e-metrics' modules resolve their jars from their own folder; it is imported, not copied.
    sys.path.insert(0, str(e2e))
    os.chdir(e2e)
    import measure_scores as ms
    import sacrebleu
    from rouge_score import rouge_scorer

    rng = random.Random(SEED)
    groups = read_groups(csv_path)
    picked = [groups[round(i * len(groups) / SOURCES)] for i in range(SOURCES)]
    vocabulary = sorted({word for _, group in picked for reference in group for word in reference.split()})
    sources = [(mr, perturb(rng.choice(group), vocabulary, rng), group) for mr, group in picked]
    sources += hand_made(groups)

    data_sys = [output for _, output, _ in sources]
    data_ref = [references for _, _, references in sources]
    data_src = [""] * len(sources)
    with contextlib.redirect_stdout(io.StringIO()):
        coco = ms.run_coco_eval(data_ref, data_sys)
        printed = ms.run_mteval(data_ref, data_sys, data_src)
        python = ms.run_pymteval(data_ref, data_sys)
    bleu, nist = perl_mteval(e2e, ms, data_ref, data_sys, data_src)
    assert round(bleu, 4) == printed["BLEU"] and round(nist, 4) == printed["NIST"]

    from pycocoevalcap.tokenizer.ptbtokenizer import PTBTokenizer
    captions = PTBTokenizer().tokenize({i: [{"caption": output}] for i, output in enumerate(data_sys)})

    width = max(len(group) for group in data_ref)
    padded = [[group[i] if i < len(group) else None for group in data_ref] for i in range(width)]
    scorer = rouge_scorer.RougeScorer(["rougeL"])
    rouge_score = sum(scorer.score_multi(group, output)["rougeL"].fmeasure
                      for output, group in zip(data_sys, data_ref)) / len(sources)

    fixture = {
        "made_by": "scripts/make_metric_fixtures.py --e2e-metrics DIR (e2e-metrics' measure_scores.py functions "
                   "run_coco_eval, run_mteval and run_pymteval on these lists; BLEU/NIST at full precision from "
                   "its mteval-v13a-sig.pl with a 17-digit printf)",
        "tolerance": {"relative": TOLERANCE,
                      "why": "the reference sums in hash-table and numpy orders, kmix in its own"},
        "e2e_metrics_files": {name: sha256(e2e / name) for name in
                              ["measure_scores.py", "metrics/pymteval.py", "mteval/mteval-v13a-sig.pl",
                               "pycocoevalcap/rouge/rouge.py", "pycocoevalcap/cider/cider_scorer.py",
                               str(JAR), "pycocoevalcap/meteor/meteor-1.5.jar"]},
        "sources": [{"mr": mr, "output": output, "references": references} for mr, output, references in sources],
        "e2e_metrics": {"BLEU": bleu, "NIST": nist, "METEOR": coco.eval["METEOR"],
                        "ROUGE_L": coco.eval["ROUGE_L"], "CIDEr": coco.eval["CIDEr"],
                        "printed": {"BLEU": printed["BLEU"], "NIST": printed["NIST"]}},
        "pymteval": {"BLEU": python["BLEU"], "NIST": python["NIST"]},
        "sacrebleu": {"version": sacrebleu.__version__,
                      "lowercase": sacrebleu.corpus_bleu(data_sys, padded, lowercase=True).score,
                      "cased": sacrebleu.corpus_bleu(data_sys, padded).score},
        "rouge_score": {"rougeL_f_best_reference": rouge_score},
        "output_captions": [captions[i][0].split(" ") if captions[i][0] else [] for i in range(len(sources))],
        "tokenizer_cases": tokenizer_cases(e2e, groups, rng),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(layout(fixture), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(sources)} sources, BLEU {bleu:.4f} NIST {nist:.4f} "
          f"METEOR {coco.eval['METEOR']:.4f} ROUGE_L {coco.eval['ROUGE_L']:.4f} CIDEr {coco.eval['CIDEr']:.4f}")


if __name__ == "__main__":
    main()
