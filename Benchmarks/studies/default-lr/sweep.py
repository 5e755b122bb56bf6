#!/usr/bin/env python3
"""Choose kmix's default learning rate and run length by a sweep on held-out training rows, never on dev.

Usage (from the project root; a study may read the full SST-2 files by an explicit path):

    python3 Benchmarks/studies/default-lr/sweep.py --kmix .build/release/kmix \
        --full-train ../shared/data/sst2/train.tsv [--configs all|NAME ...]

Every run trains on the SST-2 sample kmix ships (`Datasets/sst2/train.tsv`: the first 8,000 rows of
GLUE's training file) and is scored on held-out rows: the last 2,000 rows of GLUE's training file
(rows 65,350 to 67,349), which the sample does not contain. The dev set is not read. Each finished
run appends one line to `results.tsv` beside this script; a run already there is skipped, so the
sweep can be stopped and started again (it resumes where it stopped).
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
RESULTS = HERE / "results.tsv"
SAMPLE = ROOT / "Datasets" / "sst2" / "train.tsv"
HELD_OUT_ROWS = 2000
FIELDS = ["preset", "lr", "epochs", "seed", "steps", "held_out_accuracy", "held_out_loss", "seconds"]

# (preset, learning rates, epochs); seeds 1 and 2 for each.
GRID = [
    ("paper-nlu", ["2e-4", "5e-4", "1e-3", "2e-3", "4e-3", "8e-3"], [1]),
    ("lora-r8", ["2e-4", "5e-4", "1e-3", "2e-3", "4e-3", "8e-3"], [1]),
    ("paper-nlu", ["1e-3", "2e-3", "4e-3"], [2]),
    ("lora-r8", ["1e-3", "2e-3", "4e-3"], [2]),
]
SEEDS = [1, 2]


def held_out_file(full_train: Path, folder: Path) -> Path:
    """The last HELD_OUT_ROWS rows of GLUE's training file, in GLUE's layout."""
    with full_train.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        text = next(header.index(n) for n in ("sentence", "content", "text") if n in header)
        label = header.index("label")
        rows = list(reader)
    if len(rows) < 8000 + HELD_OUT_ROWS:
        sys.exit(f"{full_train} has {len(rows)} rows; the held-out rows must come after the sample's 8,000")
    out = folder / "held-out.tsv"
    with out.open("w", encoding="utf-8") as handle:
        handle.write("sentence\tlabel\n")
        for fields in rows[-HELD_OUT_ROWS:]:
            handle.write(f"{fields[text].strip()}\t{fields[label].strip()}\n")
    return out


def done():
    if not RESULTS.exists():
        return set()
    with RESULTS.open() as handle:
        return {(r["preset"], r["lr"], r["epochs"], r["seed"]) for r in csv.DictReader(handle, delimiter="\t")}


def run(kmix: str, held_out: Path, preset: str, lr: str, epochs: int, seed: int, scratch: Path):
    out = scratch / f"{preset}-{lr}-{epochs}-{seed}"
    command = [kmix, "train", "--train", str(SAMPLE), "--dev", str(held_out), "--preset", preset, "--lr", lr,
               "--epochs", str(epochs), "--seed", str(seed), "--out", str(out)]
    start = time.time()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.time() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    match = re.search(r"eval\s+step (\d+)\s+accuracy ([\d.]+) %\s+loss ([\d.]+)", result.stdout)
    if not match:
        sys.exit(f"no evaluation in the output of {' '.join(command)}:\n{result.stdout[-2000:]}")
    return dict(preset=preset, lr=lr, epochs=epochs, seed=seed, steps=int(match.group(1)),
                held_out_accuracy=float(match.group(2)), held_out_loss=float(match.group(3)), seconds=round(seconds, 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kmix", required=True)
    parser.add_argument("--full-train", required=True, type=Path, help="GLUE's whole SST-2 train.tsv")
    arguments = parser.parse_args()
    finished = done()
    with tempfile.TemporaryDirectory(prefix="kmix-sweep-") as scratch:
        scratch = Path(scratch)
        held_out = held_out_file(arguments.full_train, scratch)
        for preset, rates, epoch_counts in GRID:
            for epochs in epoch_counts:
                for lr in rates:
                    for seed in SEEDS:
                        if (preset, lr, str(epochs), str(seed)) in finished:
                            continue
                        row = run(arguments.kmix, held_out, preset, lr, epochs, seed, scratch)
                        new = not RESULTS.exists()
                        with RESULTS.open("a") as handle:
                            writer = csv.DictWriter(handle, FIELDS, delimiter="\t")
                            if new:
                                writer.writeheader()
                            writer.writerow(row)
                        print("\t".join(str(row[f]) for f in FIELDS), flush=True)


if __name__ == "__main__":
    main()
