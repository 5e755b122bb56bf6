#!/usr/bin/env python3
"""Make the byte-level BPE tokenizer parity fixture with Hugging Face `tokenizers`.

Run once from the project root (needs `pip install tokenizers`; made with 0.23.3); the output is committed:

    python3 scripts/make_bpe_tokenizer_fixture.py [--e2e Datasets/e2e/testset_w_refs.csv]

It reads the committed GPT-2 and RoBERTa layout tokenizers of `Tests/KMixTests/Fixtures/families/`
(made by `scripts/make_bpe_tokenizers.py`; this script never changes them), the SST-2 dev sample that
ships with kmix (`Datasets/sst2/dev.tsv`, its `sentence` column) and the E2E test set named by `--e2e`
(its `mr` and `ref` columns), and writes `Tests/KMixTests/Fixtures/bpe-tokenizer-parity.json`, which
`Tests/KMixTests/BPETokenizerParityTests.swift` reads:

- `classes`: how the ByteLevel pre-tokenizer's regex classes every Unicode code point (letter `L`,
  number `N`, whitespace `S`; ranges, everything else is neither);
- for each tokenizer (`gpt2`, `roberta`): the ids of every SST-2 dev sentence and of 300 E2E sentences,
  hard cases (single texts, pairs, truncation) with ids, type ids and tokens, and decodings with and
  without the special tokens;
- `variants`: tokenizer.json top-level members replaced (`add_prefix_space`, no regex, added tokens with
  every option, a template post-processor), with their cases and decodings;
- `tiny`: a hand-made BPE tokenizer.json (vocabulary without most bytes, overlapping and repeated merges,
  with and without an unknown token) and its cases, for the corners of the merge loop;
- `wordpiece`: a small BERT tokenizer.json with WordPiece decoders (cleanup or not, another prefix, none) and
  its decodings, for `decode` on WordPiece tokenizers.
"""

import argparse
import copy
import csv
import json
import platform
import random
import re
import sys
from pathlib import Path

import tokenizers
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "KMixTests" / "Fixtures"
FAMILIES = FIXTURES / "families"
SST2_DEV = ROOT / "Datasets" / "sst2" / "dev.tsv"
E2E_ROWS = 150

HARD_CASES = [
    ("empty", ""),
    ("space", " "),
    ("spaces", "   "),
    ("newline", "\n"),
    ("tab", "\t"),
    ("leading-spaces", "   hello world"),
    ("trailing-spaces", "hello world   "),
    ("trailing-space", "hello "),
    ("space-runs", "a  b   c    d     e"),
    ("newline-runs", "first line\n\n\nsecond line\n"),
    ("crlf", "windows\r\nline\r\n"),
    ("space-newline-mix", "a \n b\n \nc \t d"),
    ("tabs", "\tindented\ttext\t\twith tabs\t"),
    ("nul", "a\x00b \x00 c\x00"),
    ("controls", "bell\x07 esc\x1b[31mred\x1b[0m del\x7f \x01\x02\x1c\x1d\x1e\x1f"),
    ("unicode-spaces", "non\u00a0breaking\u2009thin\u3000ideographic\u202fnarrow\u2003em \u00a0x\u1680y\u0085z"),
    ("line-separators", "a\u2028b\u2029c\u000bd\u000ce"),
    ("zero-width", "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom"),
    ("contractions-lower", "don't won't it's I'm you'll he'd they've we're"),
    ("contractions-upper", "DON'T WON'T IT'S I'M YOU'LL HE'D THEY'VE WE'RE"),
    ("contractions-mixed", "It'S We'Re I'm 'S 's 'st ''s o'clock rock'n'roll"),
    ("apostrophe-after-punctuation", "!!'s ..'t ('re) \"'ll\""),
    ("curly-apostrophe", "don\u2019t it\u2019s"),
    ("numbers", "3.14159 1,000,000 -42 1e10 2024-01-01 $100.00 42nd"),
    ("number-forms", "\u00bd \u00be \u00b2 \u00b3 \u0663\u0664\u0665 \u216b \uff14\uff12 \u2460"),
    ("letters-and-digits", "a1b2c3 abc123def 123abc"),
    ("emoji", "I love \U0001f355! \U0001f600\U0001f44d\U0001f3fd \u2764\ufe0f \U0001fae8"),
    ("emoji-zwj", "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 \U0001f3f3\ufe0f\u200d\U0001f308"),
    ("flags", "\U0001f1eb\U0001f1f7\U0001f1e9\U0001f1ea \U0001f1ef\U0001f1f5"),
    ("keycap", "1\ufe0f\u20e3 #\ufe0f\u20e3"),
    ("combining", "e\u0301 cafe\u0301 a\u0300\u0316 \u0301alone n\u0303"),
    ("zalgo", "Z\u0324\u0354\u0367\u0311\u0313a\u0308\u0356\u032d\u0308\u0307l\u036e\u0312\u036b"),
    ("accents", "na\u00efve caf\u00e9 r\u00e9sum\u00e9 \u00c7a me pla\u00eet \u0152uvre"),
    ("cjk", "\u5317\u4eac\u662f\u4e2d\u56fd\u7684\u9996\u90fd\u3002 \u6771\u4eac\u30bf\u30ef\u30fc"),
    ("cjk-mixed", "Hello\u4e16\u754c and \ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8"),
    ("arabic", "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645\u061f \u0627\u0644\u0633\u064e\u0651\u0644\u064e\u0627\u0645\u064f"),
    ("hebrew-rtl-marks", "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd \u200fmark\u200e"),
    ("indic-thai", "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35"),
    ("greek-cyrillic", "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac \u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440!"),
    ("full-width", "\uff26\uff35\uff2c\uff2c \uff57\uff49\uff44\uff54\uff48 \uff21\uff22\uff23\uff11\uff12\uff13\uff01"),
    ("math-letters", "\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522 \u2211\u222b\u221a\u221e \ufb01ne"),
    ("symbols", "\u2122\u00ae\u00a9 \u00ab\u00bb \u2014 \u2026 \u00bfqu\u00e9? \u00a1s\u00ed! \u300c\u62ec\u5f27\u300d"),
    ("punctuation", "Hello, World!!! ... (parens) [brackets] {braces} a--b #tag @user"),
    ("url-email", "https://example.com/path?q=1&r=2 user@mail.example.com"),
    ("code", "def f(x):\n    return x**2  # square\n"),
    ("html", "<html><body class=\"x\">hi</body></html>"),
    ("private-and-unassigned", "\ue000x\U000f0000y\U0010ffff z\U000e0001 \u088fq \ufffd"),
    ("replacement", "replacement \ufffd char\ufffd"),
    ("long-letters", "a" * 3000),
    ("long-word-repeated", "supercalifragilisticexpialidocious" * 70),
    ("long-digits", "1234567890" * 200),
    ("long-punctuation", "!?" * 1000),
    ("long-spaces", " " * 2500 + "x"),
    ("long-emoji", "\U0001f600" * 600),
    ("long-mixed", ("word " * 500).strip()),
    ("endoftext", "<|endoftext|>"),
    ("endoftext-inside", "hello<|endoftext|>world"),
    ("endoftext-twice", "<|endoftext|><|endoftext|> a <|endoftext|> "),
    ("endoftext-partial", "<|endoftext| <|endof"),
    ("mask", "<mask>"),
    ("mask-spaced", "hello <mask> world"),
    ("mask-glued", "hello<mask>world"),
    ("mask-after-spaces", "a   <mask>  b \n<mask>"),
    ("mask-upper", "<MASK> <Mask>"),
    ("roberta-specials", "<s>text</s> <pad><unk> </s></s>"),
]

PAIRS = [
    ("pair-simple", "a b", "c d"),
    ("pair-empty", "", ""),
    ("pair-second-empty", "hello world", ""),
    ("pair-sentences", "The cat sat on the mat.", "A dog ran in the park!"),
    ("pair-specials", "<s> x </s>", "<mask> y <|endoftext|>"),
    ("pair-spaces", "  leading", "trailing  "),
]

TRUNCATION = [
    ("truncate-single", "the quick brown fox jumps over the lazy dog " * 3, None, 8),
    ("truncate-single-exact", "hello world", None, 4),
    ("truncate-single-long", "an unflinchingly bleak and desperate film that is also very funny", None, 16),
    ("truncate-pair", "the quick brown fox jumps over the lazy dog", "a short one", 12),
    ("truncate-pair-both-long", "the quick brown fox jumps over " * 2, "the lazy dog sleeps in the sun " * 2, 15),
    ("truncate-pair-second-long", "hi", "the lazy dog sleeps in the sun all day long", 9),
    ("truncate-pair-tight", "one two three four", "five six seven eight", 6),
]


def is_long(name):
    """Long cases (thousands of characters) are stored without their tokens, and of the variants only GPT-2's
    prefix-space one repeats them, to keep the fixture small."""
    return name.startswith("long-")


def sst2_dev():
    """The `sentence` column of the shipped SST-2 dev sample (tab-separated, header first, no quoting)."""
    lines = SST2_DEV.read_text(encoding="utf-8").split("\n")
    return [line.split("\t")[0] for line in lines[1:] if line]


def e2e_sentences(path):
    """`E2E_ROWS` rows spread over the E2E test set; their `mr` and their `ref`."""
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    step = len(rows) / E2E_ROWS
    picked = [rows[int(index * step)] for index in range(E2E_ROWS)]
    return [row["mr"] for row in picked] + [row["ref"] for row in picked]


def code_point_classes():
    """Ranges of code points the regex classes as letters (L), numbers (N) or whitespace (S)."""
    pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)

    def pieces(text):
        return len(pre_tokenizer.pre_tokenize_str(text))

    ranges = []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if pieces("a" + char) == 1:
            kind = "L"
        elif pieces("1" + char) == 1:
            kind = "N"
        elif pieces("!" + char) == 1:
            continue
        elif pieces(" " + char) == 1:
            kind = "S"
        else:
            raise SystemExit(f"U+{code:04X} falls in no class of the regex")
        if ranges and ranges[-1][2] == kind and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code, kind])
    return ranges


def encoding_case(tokenizer, name, text, pair=None, max_length=None, variant=None):
    if max_length is None:
        tokenizer.no_truncation()
    else:
        tokenizer.enable_truncation(max_length)
    encoding = tokenizer.encode(text, pair)
    tokenizer.no_truncation()
    case = {"name": name, "text": text}
    if pair is not None:
        case["pair"] = pair
    if max_length is not None:
        case["max_length"] = max_length
    if variant is not None:
        case["variant"] = variant
    case.update({"ids": encoding.ids, "type_ids": encoding.type_ids})
    if not is_long(name):
        case["tokens"] = encoding.tokens
    return case


def decodings(tokenizer, id_lists):
    """`decode` of each id list, keeping and skipping the special tokens."""
    return [{"ids": ids, "keep": tokenizer.decode(ids, skip_special_tokens=False),
             "skip": tokenizer.decode(ids, skip_special_tokens=True)} for ids in id_lists]


def decode_inputs(tokenizer, cases, seed, cuts):
    """Id lists to decode: each short case's ids, with `cuts` its ids cut anywhere (inside characters too),
    and random ids (invalid UTF-8 and unknown ids among them)."""
    generator = random.Random(seed)
    size = tokenizer.get_vocab_size(with_added_tokens=True)
    lists = [case["ids"] for case in cases if not is_long(case["name"])]
    for case in cases:
        ids = case["ids"]
        if cuts and 2 < len(ids) < 30 and any(ord(char) > 127 for char in case["text"]):
            lists += [ids[:cut] for cut in range(1, len(ids))]
    for _ in range(40):
        lists.append([generator.randrange(size + 3) for _ in range(generator.randrange(1, 12))])
    return lists


def tokenizer_section(folder, texts_dev, texts_e2e, seed):
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    cases = [encoding_case(tokenizer, name, text) for name, text in HARD_CASES]
    cases += [encoding_case(tokenizer, name, text, pair) for name, text, pair in PAIRS]
    cases += [encoding_case(tokenizer, name, text, pair, max_length) for name, text, pair, max_length in TRUNCATION]
    return {
        "folder": "families/" + folder.name,
        "vocabulary_size": tokenizer.get_vocab_size(with_added_tokens=True),
        "dev_ids": [tokenizer.encode(text).ids for text in texts_dev],
        "e2e_ids": [tokenizer.encode(text).ids for text in texts_e2e],
        "cases": cases,
        "decodings": decodings(tokenizer, decode_inputs(tokenizer, cases, seed, cuts=True)),
    }


def variant_definitions():
    """tokenizer.json top-level members replaced, by tokenizer."""
    prefix = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    no_regex = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}
    no_regex_prefix = dict(no_regex, add_prefix_space=True)
    gpt2 = json.loads((FAMILIES / "gpt2-tokenizer" / "tokenizer.json").read_text(encoding="utf-8"))
    added = copy.deepcopy(gpt2["added_tokens"]) + [
        {"id": 2001, "content": "[[x]]", "single_word": False, "lstrip": False, "rstrip": True,
         "normalized": False, "special": True},
        {"id": 2002, "content": "kmix", "single_word": True, "lstrip": False, "rstrip": False,
         "normalized": True, "special": False},
        {"id": 2003, "content": " spaced", "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": False},
        {"id": 2004, "content": "<sep>", "single_word": False, "lstrip": True, "rstrip": True,
         "normalized": True, "special": True},
        {"id": gpt2["model"]["vocab"]["the"], "content": "the", "single_word": False, "lstrip": False,
         "rstrip": False, "normalized": True, "special": False},
    ]
    bos_template = {"type": "TemplateProcessing",
                    "single": [{"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}},
                               {"Sequence": {"id": "A", "type_id": 0}}],
                    "pair": [{"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}},
                             {"Sequence": {"id": "A", "type_id": 0}},
                             {"SpecialToken": {"id": "<|endoftext|>", "type_id": 1}},
                             {"Sequence": {"id": "B", "type_id": 1}}],
                    "special_tokens": {"<|endoftext|>": {"id": "<|endoftext|>", "ids": [2000],
                                                         "tokens": ["<|endoftext|>"]}}}
    return [
        ("gpt2", "prefix-space", {"pre_tokenizer": prefix}),
        ("roberta", "prefix-space", {"pre_tokenizer": prefix}),
        ("gpt2", "no-regex", {"pre_tokenizer": no_regex}),
        ("roberta", "no-regex-prefix-space", {"pre_tokenizer": no_regex_prefix}),
        ("gpt2", "added-tokens", {"added_tokens": added, "pre_tokenizer": prefix}),
        ("gpt2", "template", {"post_processor": bos_template}),
        ("roberta", "no-post-processor", {"post_processor": None, "decoder": None}),
    ]


def variants_section(texts_dev, seed):
    variants = []
    for index, (family, name, overrides) in enumerate(variant_definitions()):
        document = json.loads((FAMILIES / f"{family}-tokenizer" / "tokenizer.json").read_text(encoding="utf-8"))
        document.update(overrides)
        tokenizer = Tokenizer.from_str(json.dumps(document))
        texts = [case for case in HARD_CASES if (family, name) == ("gpt2", "prefix-space") or not is_long(case[0])]
        texts += [("added-tokens-text", "kmix xkmix kmix! [[x]]   y a spaced word<sep>  the other")]
        texts += [(f"dev-{row}", text) for row, text in enumerate(texts_dev[:20])]
        cases = [encoding_case(tokenizer, name_, text) for name_, text in texts]
        cases += [encoding_case(tokenizer, name_, text, pair) for name_, text, pair in PAIRS]
        cases += [encoding_case(tokenizer, name_, text, pair, max_length)
                  for name_, text, pair, max_length in TRUNCATION]
        variants.append({"tokenizer": family, "name": name, "overrides": overrides, "cases": cases,
                         "decodings": decodings(tokenizer, decode_inputs(tokenizer, cases, seed + index, cuts=False))})
    return variants


def tiny_section():
    """A hand-made BPE over a few letters: most bytes are missing, merges overlap and repeat."""
    vocabulary = {"<unk>": 0, "a": 1, "b": 2, "c": 3, "aa": 4, "ab": 5, "aaa": 6, "bc": 7, "abc": 8,
                  "\u0120": 9, "\u0120a": 10, "aab": 11, "\u0120aa": 12, "cc": 13, "ccc": 14}
    merges = [["a", "a"], ["a", "b"], ["aa", "a"], ["b", "c"], ["ab", "c"], ["\u0120", "a"],
              ["aa", "b"], ["\u0120a", "a"], ["c", "c"], ["cc", "c"], ["a", "a"]]
    base = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": [], "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                              "use_regex": True},
            "post_processor": None,
            "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                      "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                      "ignore_merges": False, "vocab": vocabulary, "merges": merges}}
    texts = ["aaaa", "aaaaa", "aaaaaa", "abc", "aabc", "aaab", "abcabc", "cccc", "ccccc", "a aa aaa",
             "xyz", "axxb", "axxbxc", "a\u00e9b", "\u00e9\u00e9", " a", "aa ", "b\U0001f600c", "", "x", "caab"]
    kinds = []
    for name, unk, fuse in [("no-unknown", None, False), ("unknown", "<unk>", False),
                            ("fused-unknown", "<unk>", True)]:
        document = copy.deepcopy(base)
        document["model"]["unk_token"] = unk
        document["model"]["fuse_unk"] = fuse
        tokenizer = Tokenizer.from_str(json.dumps(document))
        kinds.append({"name": name, "tokenizer": document,
                      "cases": [encoding_case(tokenizer, text, text) for text in texts]})
    return kinds


def wordpiece_section():
    """A small BERT tokenizer (WordPiece decoder with cleanup, `##` joining) and its decodings, with the decoder
    variants: no cleanup, another prefix, none (tokens joined by spaces)."""
    vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "un", "##aff", "##able", "a", "b",
                  "c", ",", "!", ".", "?", "'", "s", "t", "m", "ve", "re", "do", "not", "n", "##'t", "##s", "x", "##x",
                  "it", "don", "i", "cafe", "##\u0301", "##", "#", "###", "##.", " ", "u"]
    tokenizer = Tokenizer(models.WordPiece({token: id for id, token in enumerate(vocabulary)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.BertProcessing(("[SEP]", 3), ("[CLS]", 2))
    tokenizer.add_special_tokens(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    texts = ["Hello, world!", "it's", "don't do not", "i'm a b c.", "unaffable x? y!", "hello [MASK] world",
             "cafe\u0301s", "a ' s", "", "xx 're 've"]
    generator = random.Random(5)
    id_lists = [tokenizer.encode(text).ids for text in texts]
    id_lists += [[generator.randrange(len(vocabulary) + 2) for _ in range(generator.randrange(1, 10))]
                 for _ in range(60)]
    kinds = []
    for name, decoder in [("cleanup", decoders.WordPiece(prefix="##", cleanup=True)),
                          ("no-cleanup", decoders.WordPiece(prefix="##", cleanup=False)),
                          ("prefix", decoders.WordPiece(prefix="#", cleanup=True)),
                          ("none", None)]:
        tokenizer.decoder = decoder
        kinds.append({"name": name, "tokenizer": json.loads(tokenizer.to_str()),
                      "decodings": decodings(tokenizer, id_lists)})
    return {"vocabulary": vocabulary, "kinds": kinds}


def compact_json(value, indent=0):
    """JSON with one line per list of scalars, so the file stays small and diffs stay readable."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f'{pad} {json.dumps(key, ensure_ascii=False)}: {compact_json(item, indent + 1)}'
                 for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        items = [pad + " " + compact_json(item, indent + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--e2e", default=str(ROOT / "Datasets" / "e2e" / "testset_w_refs.csv"),
                        help="E2E testset_w_refs.csv (columns mr, ref; default: the shipped copy)")
    parser.add_argument("--out", type=Path, default=FIXTURES / "bpe-tokenizer-parity.json")
    arguments = parser.parse_args()
    texts_dev = sst2_dev()
    texts_e2e = e2e_sentences(arguments.e2e)
    fixture = {
        "made_with": {"script": "scripts/make_bpe_tokenizer_fixture.py", "tokenizers": tokenizers.__version__,
                      "python": platform.python_version(), "e2e_rows": E2E_ROWS},
        "e2e_texts": texts_e2e,
        "tokenizers": {
            "gpt2": tokenizer_section(FAMILIES / "gpt2-tokenizer", texts_dev, texts_e2e, seed=1),
            "roberta": tokenizer_section(FAMILIES / "roberta-tokenizer", texts_dev, texts_e2e, seed=2),
        },
        "variants": variants_section(texts_dev, seed=10),
        "tiny": tiny_section(),
        "wordpiece": wordpiece_section(),
        "classes": code_point_classes(),
    }
    text = compact_json(fixture) + "\n"
    if re.search(r"[\ud800-\udfff]", text):
        raise SystemExit("a lone surrogate would not survive the JSON")
    arguments.out.write_text(text, encoding="utf-8")
    print(f"wrote {arguments.out} ({len(text.encode('utf-8')) // 1024} KiB, {len(texts_dev)} dev and "
          f"{len(texts_e2e)} E2E sentences)", file=sys.stderr)


if __name__ == "__main__":
    main()
