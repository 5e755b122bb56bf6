#!/usr/bin/env python3
"""Make the tokenizer parity fixtures with Hugging Face `tokenizers`.

Run once from the project root (needs `pip install tokenizers`; tested with 0.23.3):

    python3 scripts/make_tokenizer_fixture.py \
        --model ~/.cache/kmix/models/sentence-transformers--all-MiniLM-L6-v2 \
        --dev Datasets/sst2/dev.tsv

`--dev` is the SST-2 dev sample that ships with kmix (the default; GLUE layout, its `sentence`
column is read).

It writes two files that `Tests/KMixTests/TokenizerTests.swift` reads:

- `Tests/KMixTests/Fixtures/tokenizer-parity.json`: the ids of every SST-2 dev
  sentence, hand-picked hard cases (single sentences, pairs, truncation), and
  tokenizer.json variants (other normalizer settings, post-processors, added
  tokens) given as overrides of the model's tokenizer.json, with their cases.
- `Tests/KMixTests/Fixtures/tokenizer-unicode.json`: how the BERT normalizer and
  pre-tokenizer of `tokenizers` treat every Unicode code point, as ranges and
  exceptions, so the Swift port can be checked over all of Unicode.
"""

import argparse
import json
import sys
import unicodedata
from pathlib import Path

import tokenizers
from tokenizers import AddedToken, Tokenizer, normalizers, pre_tokenizers

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "KMixTests" / "Fixtures"

HARD_CASES = [
    ("accents", "Ça me plaît: naïve, déjà vu, Œuvre"),
    ("chinese", "北京 is a city; 東京 too."),
    ("chinese-unspaced", "我爱北京天安门and東京"),
    ("japanese", "日本語のテキスト、カタカナとひらがな。"),
    ("korean", "한국어 문장입니다. 안녕하세요!"),
    ("emoji", "I love it 😀👍🏽 🤣 🥲 ❤️ 👨‍👩‍👧 🫨"),
    ("control", "bell\u0007 null\u0000 esc\u001b del\u007f end\u0001"),
    ("whitespace-kinds", "tab\there\nnewline\r\nwin\u000bvt\u000cff\u0085nel\u2028ls\u2029ps"),
    ("replacement", "replacement \ufffd char\ufffd"),
    ("zero-width", "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom"),
    ("combining", "e\u0301 a\u0300\u0316 o\u0308\u0304 q\u0323\u0307 \u0301alone"),
    ("hello-world", "Hello, World! UPPER lower"),
    ("apostrophes", "don't won't y'all rock 'n' roll"),
    ("numbers", "3.14 1,000,000 -42 1e10 ½ ² ٣ ４２"),
    ("dots", "a.b.c ...... --- *** ~~~"),
    ("long-words", "supercalifragilisticexpialidocious " * 3 + "antidisestablishmentarianism"),
    ("word-150", "a" * 150),
    ("word-100", "x" * 100 + " " + "y" * 101),
    ("word-100-accented", "é" * 100 + " " + "é" * 101),
    ("unknown-symbols", "☃ ⚡ ∑ ∂ ⌘ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ⟁"),
    ("unknown-piece", "abc☃def"),
    ("empty", ""),
    ("whitespace-only", "   \t\n  \u3000 "),
    ("greek", "Ελληνικά: Καλημέρα κόσμε ΣΊΣΥΦΟΣ"),
    ("cyrillic", "Привет, мир! Ёлка ЙОД"),
    ("arabic", "مرحبا بالعالم؟ السَّلَامُ عَلَيْكُمْ"),
    ("hebrew", "שָׁלוֹם עוֹלָם"),
    ("indic-thai", "नमस्ते दुनिया สวัสดีชาวโลก"),
    ("full-width", "ＦＵＬＬ ｗｉｄｔｈ ＡＢＣ１２３！"),
    ("naive-nfc", "naïve"),
    ("naive-nfd", "nai\u0308ve"),
    ("turkish-dotted-i", "İstanbul DİYARBAKIR ıi \u0130"),
    ("final-sigma", "ΟΔΥΣΣΕΥΣ ΣΑΣ Σ σς"),
    ("sharp-s", "STRASSE Straße ẞ"),
    ("titlecase-digraphs", "ǅ ǈ ǋ Ǳ"),
    ("letterlike", "Ω Å K ﬁne ﬂour Ⅻ ㎏ ℌ𝕖𝕝𝕝𝕠"),
    ("cherokee", "ᏣᎳᎩ ꭰꭱ"),
    ("special-tokens-in-text", "hello [SEP] world [MASK] [unk] [CLS][PAD]x[UNK]"),
    ("quotes-dashes", "“quoted” «guillemets» — em–dash … ¿qué? ¡sí! 「括弧」"),
    ("url-email", "https://example.com/path?q=1&x=y user@mail.com #hashtag @mention"),
    ("soft-hyphen", "co\u00adoperate"),
    ("special-spaces", "non\u00a0breaking\u2009thin\u3000ideographic\u202fnarrow\u180emvs"),
    ("private-use", "\ue000x\U000f0000y\U00100000z"),
    ("new-punctuation", "a\u2e43b\u2e42c\u2e4fd\u061de"),
    ("new-format", "a\u08e2b\U000110cdc\U00013430d"),
    ("cjk-ranges", "\U00020000\U0002a6df \U0002b820\U0002b900 \U0002b920 \uf900\ufa0e\U0002f800 \u3400"),
    ("unassigned", "a\u0378b\U0001fb00c\U000e0001d"),
    ("repeated-punctuation", "!!!???...,,,;;;"),
    ("nul-only", "\u0000"),
    ("fffd-only", "\ufffd"),
    ("mixed-scripts", "Résumé of Ærøskøbing Ångström Đakovo Łódź"),
    ("vietnamese", "Tiếng Việt có dấu"),
    ("long-sentence", " ".join(["the quick brown fox jumps over the lazy dog ."] * 16)),
]

PAIR_CASES = [
    ("pair-question", "How old are you?", "I'm 6 years old."),
    ("pair-empty-first", "", "only the second"),
    ("pair-empty-second", "only the first", ""),
    ("pair-both-empty", "", ""),
    ("pair-unicode", "Ça va?", "北京 東京 naïve"),
    ("pair-sst2", "a gorgeous , witty , seductive movie .", "one long string of cliches ."),
]

TRUNCATION_CASES = [
    ("trunc-single-long", "the quick brown fox jumps over the lazy dog and keeps on running far away", None, 16),
    ("trunc-single-short", "short sentence", None, 16),
    ("trunc-single-exact", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen", None, 16),
    ("trunc-single-subwords", "unbelievably supercalifragilisticexpialidocious antidisestablishmentarianism", None, 16),
    ("trunc-pair-long-short", "the quick brown fox jumps over the lazy dog and keeps on running", "a cat", 16),
    ("trunc-pair-short-long", "a cat", "the quick brown fox jumps over the lazy dog and keeps on running", 16),
    ("trunc-pair-equal", "a b c d e f g h i j", "k l m n o p q r s t", 16),
    ("trunc-pair-equal-odd", "a b c d e f g h i j", "k l m n o p q r s t", 17),
    ("trunc-pair-first-longer-by-one", "a b c d e f g h i j k", "l m n o p q r s t u", 16),
    ("trunc-pair-second-longer-by-one", "a b c d e f g h i j", "k l m n o p q r s t u", 16),
    ("trunc-pair-fits", "a b c", "d e f", 16),
    ("trunc-pair-both-over-half", "a b c d e f g h i", "j k l m n o p", 16),
    ("trunc-pair-empty-second", "a b c d e f g h i j k l m n o p q r s t", "", 16),
    ("trunc-single-max-3", "a b c d e", None, 3),
    ("trunc-single-max-2", "a b c d e", None, 2),
    ("trunc-single-max-1", "a b c d e", None, 1),
    ("trunc-single-max-0", "a b c d e", None, 0),
    ("trunc-pair-max-4", "a b c d e f", "b c d e", 4),
    ("trunc-pair-max-3", "a b c d e f", "b c d e", 3),
    ("trunc-pair-max-2", "a b c d e f", "b c d e", 2),
    ("trunc-pair-max-5", "a b c d e f", "b c d e", 5),
]

BERT = {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": None, "lowercase": True}

VARIANT_TEXTS = [
    "Ça me plaît: naïve, déjà vu, Œuvre",
    "Hello, World! UPPER lower İstanbul ΣΑΣ",
    "北京 is a city; 東京 too.",
    "tab\there\u0007bell\u0000nul\ufffd e\u0301 nai\u0308ve",
    "Straße ǅ Ω Å",
]


def variants(model_json):
    """Return {name: (overrides, texts, pairs)}; overrides replace top-level keys of tokenizer.json."""
    result = {
        "cased": ({"normalizer": dict(BERT, lowercase=False)}, VARIANT_TEXTS, []),
        "lowercase-keep-accents": ({"normalizer": dict(BERT, strip_accents=False)}, VARIANT_TEXTS, []),
        "strip-accents-no-lowercase": ({"normalizer": dict(BERT, lowercase=False, strip_accents=True)}, VARIANT_TEXTS, []),
        "no-cleaning": ({"normalizer": dict(BERT, clean_text=False, handle_chinese_chars=False)}, VARIANT_TEXTS, []),
        "no-normalizer": ({"normalizer": None}, VARIANT_TEXTS, []),
        "sequences": (
            {
                "normalizer": {"type": "Sequence", "normalizers": [dict(BERT, lowercase=False, strip_accents=False), BERT]},
                "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "BertPreTokenizer"}]},
            },
            VARIANT_TEXTS,
            [],
        ),
        "bert-processing": (
            {"post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 102], "cls": ["[CLS]", 101]}},
            VARIANT_TEXTS[:2],
            [("How old are you?", "I'm 6 years old.")],
        ),
        "no-post-processor": ({"post_processor": None}, VARIANT_TEXTS[:2], [("How old are you?", "I'm 6 years old.")]),
    }
    extended = Tokenizer.from_str(json.dumps(model_json))
    extended.add_special_tokens([AddedToken("<kmix>", special=True, normalized=False)])
    extended.add_tokens([
        AddedToken("hello world", normalized=True),
        AddedToken("Ünïcode", normalized=True),
        AddedToken("<l>", lstrip=True, normalized=False),
        AddedToken("<r>", rstrip=True, normalized=False),
        AddedToken("<lr>", lstrip=True, rstrip=True, normalized=False),
        AddedToken("solo", single_word=True, normalized=False),
        AddedToken("token", normalized=False),
        AddedToken("ab", normalized=False),
        AddedToken("abc", normalized=False),
    ])
    added = json.loads(extended.to_str())["added_tokens"]
    result["added-tokens"] = (
        {"added_tokens": added},
        [
            "say hello world and HELLO   WORLD or Hello World!",
            "x <l> y  \t<l>z",
            "a <r>   b<r>\nc",
            "p  <lr>  q <lr><lr> r",
            "solo solos a solo, (solo) xsolo solo_ solo.",
            "<kmix>abc ab abcd xab",
            "ÜNÏCODE unicode Ünïcode uni code",
            "tokens token tokenization",
            "[SEP]<kmix>[MASK] <kmix> ＜kmix＞",
            "",
        ],
        [("<kmix> first", "second <kmix>")],
    )
    return result


def encoding_record(encoding):
    return {"ids": encoding.ids, "type_ids": encoding.type_ids, "tokens": encoding.tokens}


def case(tokenizer, name, text, pair=None, max_length=None):
    if max_length is None:
        tokenizer.no_truncation()
    else:
        tokenizer.enable_truncation(max_length, strategy="longest_first")
    record = {"name": name, "text": text}
    if pair is not None:
        record["pair"] = pair
    if max_length is not None:
        record["max_length"] = max_length
    record.update(encoding_record(tokenizer.encode(text, pair)))
    tokenizer.no_truncation()
    record["pieces"] = tokenizer.encode(text, pair, add_special_tokens=False).tokens
    return record


def read_dev(path):
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    column = header.index("sentence")
    return [line.split("\t")[column] for line in lines[1:] if line]


def ranges(code_points):
    spans = []
    for cp in sorted(code_points):
        if spans and spans[-1][1] == cp - 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return spans


def all_scalars():
    return (cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)


def normalizer_table(normalizer):
    """Classify the output of `normalizer` on every code point, alone."""
    removed, spaced, surrounded, decomposed, changed = [], [], [], [], {}
    for cp in all_scalars():
        char = chr(cp)
        out = normalizer.normalize_str(char)
        if out == char:
            continue
        if out == "":
            removed.append(cp)
        elif out == " ":
            spaced.append(cp)
        elif out == " " + char + " ":
            surrounded.append(cp)
        elif 0xAC00 <= cp <= 0xD7A3 and out == unicodedata.normalize("NFD", char):
            decomposed.append(cp)
        else:
            changed[str(cp)] = out
    return {"removed": ranges(removed), "space": ranges(spaced), "surrounded": ranges(surrounded),
            "decomposed": ranges(decomposed), "changed": changed}


NORMALIZER_SEQUENCES = [
    "a\u0898\U0001d165 b\U0001d16d\U0001d165 c\u1df6\U0001d165",
    "e\u0301\u0316 x\u0345\u0301 \u1e9b\u0323 q\u0307\u0323",
    "\u0f73\u0f75\u0f77 \U00011938 a\U00011938\u0301\u0316",
    "İstanbul ΣΑΣ ǅ Å Ω K ﬁ Ⅻ",
    "가각힣 한국어",
    "北京\U0002b820\U0002b920 \uf900",
    "tab\there\u0007\u0000\ufffd\u200b\u00ad\u0085\u2028\ue000",
    "\u1734\U0001171e\u1885\ua9bd\U000111c9\u166d",
]


def pre_tokenizer_table():
    pre = pre_tokenizers.BertPreTokenizer()
    whitespace, punctuation = [], []
    for cp in all_scalars():
        pieces = [piece for piece, _ in pre.pre_tokenize_str("a" + chr(cp) + "a")]
        if pieces == ["a", "a"]:
            whitespace.append(cp)
        elif pieces == ["a", chr(cp), "a"]:
            punctuation.append(cp)
        elif pieces != ["a" + chr(cp) + "a"]:
            sys.exit(f"unexpected pre-tokenization of U+{cp:04X}: {pieces}")
    return {"whitespace": ranges(whitespace), "punctuation": ranges(punctuation)}


def write_parity(path, header, dev_texts, dev_ids, body):
    """Write JSON with one dev sentence per line, so the file stays reviewable."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("{\n")
        for key, value in header.items():
            out.write(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
        out.write(' "dev_texts": [\n')
        out.write(",\n".join("  " + json.dumps(text, ensure_ascii=False) for text in dev_texts))
        out.write("\n ],\n")
        out.write(' "dev_ids": [\n')
        out.write(",\n".join("  " + json.dumps(ids, separators=(",", ":")) for ids in dev_ids))
        out.write("\n ],\n")
        items = list(body.items())
        for index, (key, value) in enumerate(items):
            out.write(f" {json.dumps(key)}: [\n")
            out.write(",\n".join("  " + json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in value))
            out.write("\n ]" + ("," if index < len(items) - 1 else "") + "\n")
        out.write("}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model",
                        default=str(Path.home() / ".cache/kmix/models/sentence-transformers--all-MiniLM-L6-v2"))
    parser.add_argument("--dev", default=str(ROOT / "Datasets" / "sst2" / "dev.tsv"))
    args = parser.parse_args()

    model_json = json.loads((Path(args.model) / "tokenizer.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_str(json.dumps(model_json))
    tokenizer.no_padding()
    tokenizer.no_truncation()

    dev_texts = read_dev(args.dev)
    dev_ids = [tokenizer.encode(text).ids for text in dev_texts]
    longest = max(len(ids) for ids in dev_ids)
    assert longest <= 128, f"a dev sentence has {longest} tokens"

    cases = [case(tokenizer, name, text) for name, text in HARD_CASES]
    cases += [case(tokenizer, name, a, b) for name, a, b in PAIR_CASES]
    cases += [case(tokenizer, name, a, b, m) for name, a, b, m in TRUNCATION_CASES]

    variant_records, variant_cases = [], []
    for name, (overrides, texts, pairs) in variants(model_json).items():
        variant_json = dict(model_json, **overrides)
        variant = Tokenizer.from_str(json.dumps(variant_json))
        variant.no_padding()
        variant_records.append({"name": name, "overrides": overrides})
        for index, text in enumerate(texts):
            variant_cases.append(dict(case(variant, f"{name}-{index}", text), variant=name))
        for index, (a, b) in enumerate(pairs):
            variant_cases.append(dict(case(variant, f"{name}-pair-{index}", a, b), variant=name))
            variant_cases.append(dict(case(variant, f"{name}-pair-{index}-trunc", a, b, 9), variant=name))

    header = {
        "made_with": f"scripts/make_tokenizer_fixture.py, tokenizers {tokenizers.__version__}",
        "model": "sentence-transformers/all-MiniLM-L6-v2 tokenizer.json",
        "dev_source": "Datasets/sst2/dev.tsv, all rows in file order, column 'sentence'",
        "note": "ids/type_ids/tokens: Tokenizer.encode(text, pair) with truncation max_length (LongestFirst) when given; pieces: the tokens of encode(text, pair, add_special_tokens=False) without truncation",
    }
    write_parity(FIXTURES / "tokenizer-parity.json", header, dev_texts, dev_ids,
                 {"cases": cases, "variants": variant_records, "variant_cases": variant_cases})

    bert = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=True, lowercase=True)
    lowercase_only = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=False, lowercase=True)
    strip_only = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    named = {"bert": bert, "lowercase_only": lowercase_only, "strip_accents_only": strip_only}
    sequences = [{"normalizer": name, "text": text, "normalized": normalizer.normalize_str(text)}
                 for name, normalizer in named.items() for text in NORMALIZER_SEQUENCES]
    unicode_tables = {
        "made_with": f"scripts/make_tokenizer_fixture.py, tokenizers {tokenizers.__version__}",
        "note": "normalizers: each code point normalized alone; sequences: whole strings, for reordering and decomposition; ranges are inclusive [first, last]; 'decomposed' are Hangul syllables whose output is their canonical decomposition; 'changed' maps any other code point to its output when that is not removed, a space, or itself between spaces",
        "normalizers": {
            "bert": normalizer_table(bert),
            "lowercase_only": normalizer_table(lowercase_only),
            "strip_accents_only": normalizer_table(strip_only),
        },
        "pre_tokenizer": pre_tokenizer_table(),
        "sequences": sequences,
    }
    (FIXTURES / "tokenizer-unicode.json").write_text(
        json.dumps(unicode_tables, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(dev_ids)} dev sentences (longest {longest} tokens), {len(cases)} cases, "
          f"{len(variant_records)} variants with {len(variant_cases)} cases")


if __name__ == "__main__":
    main()
