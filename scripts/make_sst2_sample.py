#!/usr/bin/env python3
"""Make the SST-2 sample that ships with kmix (`Datasets/sst2/`) from a copy of GLUE's SST-2.

Run once from the project root; the output is committed:

    python3 scripts/make_sst2_sample.py --source DIR

DIR holds GLUE's `train.tsv` and `dev.tsv` (GLUE's download: the folder `SST-2/`). Columns are
picked by header name (GLUE's `sentence`, `label`; some copies call the dev text `content` or put
the label first), so any copy with those headers works.

It writes, in GLUE's own layout (`sentence<TAB>label`, header first, text as GLUE has it with
surrounding spaces trimmed):

- `Datasets/sst2/train.tsv`: the first TRAIN_ROWS rows of GLUE's training file, in file order;
- `Datasets/sst2/dev.tsv`: every row of GLUE's dev file (872), in file order;

and prints their SHA-256 for `Datasets/README.md`.
"""

import argparse
import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN_ROWS = 8000
TEXT_COLUMNS = ("sentence", "content", "text")


def read_rows(path: Path, limit=None):
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        text = next((header.index(name) for name in TEXT_COLUMNS if name in header), None)
        if text is None or "label" not in header:
            sys.exit(f"{path}: the header {header} has no text column ({', '.join(TEXT_COLUMNS)}) or no 'label'")
        label = header.index("label")
        rows = []
        for number, fields in enumerate(reader, start=2):
            if limit is not None and len(rows) == limit:
                break
            if len(fields) != len(header):
                sys.exit(f"{path}, line {number}: {len(fields)} fields, the header has {len(header)}")
            sentence, value = fields[text].strip(), fields[label].strip()
            if value not in ("0", "1") or not sentence or "\t" in sentence:
                sys.exit(f"{path}, line {number}: unexpected row {fields!r}")
            rows.append((sentence, value))
        return rows


def write_rows(path: Path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        handle.write("sentence\tlabel\n")
        for sentence, label in rows:
            handle.write(f"{sentence}\t{label}\n")
    temporary.replace(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows, sha256 {digest}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, type=Path, help="a folder with GLUE's SST-2 train.tsv and dev.tsv")
    parser.add_argument("--train-rows", type=int, default=TRAIN_ROWS)
    arguments = parser.parse_args()
    out = ROOT / "Datasets" / "sst2"
    write_rows(out / "train.tsv", read_rows(arguments.source / "train.tsv", arguments.train_rows))
    write_rows(out / "dev.tsv", read_rows(arguments.source / "dev.tsv"))


if __name__ == "__main__":
    main()
