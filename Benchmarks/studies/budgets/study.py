#!/usr/bin/env python3
"""The budget study: does a per-head allocation beat uniform Kernel-mix and LoRA at the same parameter count?

Usage (from the project root; the study reads the full SST-2 by an explicit path):

    python3 Benchmarks/studies/budgets/study.py --kmix .build/release/kmix --data ../shared/data PHASE

PHASE is `plans` (the automatic plans, one per signal and seed), `sweep` (each method's learning rate, chosen on
held-out training rows), `main` (dev accuracy at the chosen rates, 8 seeds) or `all`. Every method spends
152,064 adapter parameters (all-MiniLM-L6-v2):

- `uniform`:      paper-nlu (Kernel-mix, every head alike)
- `lora-qvo`:     lora-qvo-r11 (LoRA of rank 11 on Q, V and O)
- `importance`:   kmix plan auto --signal importance --budget-like paper-nlu (per seed)
- `sensitivity`:  kmix plan auto --signal sensitivity --budget-like paper-nlu (per seed)
- `reallocate`:   paper-nlu with --reallocate every=T/10,until=0.7·T (T: the run's steps)

in two regimes, the first 2,000 and the first 16,000 rows of GLUE's training file, one epoch, batch 32. The
learning rate of each method and regime is the one of {1e-3, 2e-3, 4e-3} with the best mean accuracy over seeds 1
and 2 on GLUE's last 2,000 training rows (held out: no regime reads them); the dev set is read only in `main`.
Results are appended to TSV files beside this script as runs finish; a run already there is skipped, so the study
resumes where it stopped. `--regimes 2000` runs one regime only (the study is run regime by regime on these 2-core
machines; the 16,000-row regime takes about eight times as long).
"""
import argparse
import csv
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
METHODS = ["uniform", "lora-qvo", "importance", "sensitivity", "reallocate"]
REGIMES = [2000, 16000]
RATES = ["1e-3", "2e-3", "4e-3"]
SWEEP_SEEDS = [1, 2]
MAIN_SEEDS = list(range(42, 50))
HELD_OUT = 2000
SIGNALS = {"importance": "importance", "sensitivity": "sensitivity"}


def steps(rows):
    return (rows + 31) // 32


def held_out_file(train, folder):
    rows = list(csv.reader(train.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    text = next(header.index(n) for n in ("sentence", "content", "text") if n in header)
    label = header.index("label")
    out = folder / "held-out.tsv"
    with out.open("w", encoding="utf-8") as handle:
        handle.write("sentence\tlabel\n")
        for fields in body[-HELD_OUT:]:
            handle.write(f"{fields[text].strip()}\t{fields[label].strip()}\n")
    return out


def done(path, keys):
    if not path.exists():
        return set()
    with path.open() as handle:
        return {tuple(row[k] for k in keys) for row in csv.DictReader(handle, delimiter="\t")}


def append(path, fields, row):
    new = not path.exists()
    with path.open("a") as handle:
        writer = csv.DictWriter(handle, fields, delimiter="\t")
        if new:
            writer.writeheader()
        writer.writerow(row)
    print("\t".join(str(row[f]) for f in fields), flush=True)


def run(command):
    start = time.time()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stderr}")
    return result.stdout, time.time() - start


def plan_file(seed, signal):
    return HERE / "plans" / f"{signal}-seed{seed}.json"


def make_plans(args, seeds):
    (HERE / "plans").mkdir(exist_ok=True)
    for seed in seeds:
        for signal in SIGNALS.values():
            target = plan_file(seed, signal)
            if target.exists():
                continue
            run([args.kmix, "plan", "auto", "--task", "sst2", "--data", args.data, "--budget-like", "paper-nlu",
                 "--signal", signal, "--seed", str(seed), "--out", str(target)])
            print(f"plan {target.name}", flush=True)


def method_options(method, seed, rows):
    if method == "uniform":
        return ["--preset", "paper-nlu"]
    if method == "lora-qvo":
        return ["--preset", "lora-qvo-r11"]
    if method in SIGNALS:
        return ["--plan", str(plan_file(seed, SIGNALS[method]))]
    total = steps(rows)
    return ["--preset", "paper-nlu", "--reallocate", f"every={max(1, total // 10)},until={int(0.7 * total)}"]


def train(args, method, rows, rate, seed, data_options, scratch):
    out = scratch / f"{method}-{rows}-{rate}-{seed}"
    command = [args.kmix, "train", *data_options, "--max-train-rows", str(rows), "--epochs", "1", "--batch-size", "32",
               "--lr", rate, "--seed", str(seed), *method_options(method, seed, rows), "--out", str(out)]
    output, seconds = run(command)
    match = re.search(r"eval\s+step \d+\s+accuracy ([\d.]+) %", output)
    params = re.search(r"([\d,]+) trainable parameters", output)
    if not match:
        sys.exit(f"no evaluation in the output of {' '.join(command)}")
    return float(match.group(1)), int(params.group(1).replace(",", "")) if params else 0, round(seconds, 1)


def sweep(args, scratch):
    path, fields = HERE / "sweep.tsv", ["method", "rows", "lr", "seed", "held_out_accuracy", "params", "seconds"]
    finished = done(path, ["method", "rows", "lr", "seed"])
    held_out = held_out_file(Path(args.data) / "sst2" / "train.tsv", scratch)
    data = ["--train", str(Path(args.data) / "sst2" / "train.tsv"), "--dev", str(held_out)]
    for rows in args.regimes:
        for method in METHODS:
            for rate in RATES:
                for seed in SWEEP_SEEDS:
                    if (method, str(rows), rate, str(seed)) in finished:
                        continue
                    accuracy, params, seconds = train(args, method, rows, rate, seed, data, scratch)
                    append(path, fields, dict(method=method, rows=rows, lr=rate, seed=seed, held_out_accuracy=accuracy,
                                              params=params, seconds=seconds))


def chosen_rates(regimes):
    rows = list(csv.DictReader((HERE / "sweep.tsv").open(), delimiter="\t"))
    best = {}
    for method in METHODS:
        for regime in regimes:
            means = {}
            for rate in RATES:
                values = [float(r["held_out_accuracy"]) for r in rows
                          if r["method"] == method and r["rows"] == str(regime) and r["lr"] == rate]
                if len(values) == len(SWEEP_SEEDS):
                    means[rate] = sum(values) / len(values)
            if len(means) != len(RATES):
                sys.exit(f"the sweep of {method} at {regime} rows is not complete")
            best[(method, regime)] = max(RATES, key=lambda rate: (means[rate], -RATES.index(rate)))
    return best


def main_phase(args, scratch):
    path, fields = HERE / "main.tsv", ["method", "rows", "lr", "seed", "dev_accuracy", "params", "seconds"]
    finished = done(path, ["method", "rows", "seed"])
    rates = chosen_rates(args.regimes)
    data = ["--task", "sst2", "--data", args.data]
    for rows in args.regimes:
        for seed in MAIN_SEEDS:
            for method in METHODS:
                if (method, str(rows), str(seed)) in finished:
                    continue
                rate = rates[(method, rows)]
                accuracy, params, seconds = train(args, method, rows, rate, seed, data, scratch)
                append(path, fields, dict(method=method, rows=rows, lr=rate, seed=seed, dev_accuracy=accuracy,
                                          params=params, seconds=seconds))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kmix", required=True)
    parser.add_argument("--data", required=True, help="a folder holding sst2/train.tsv (GLUE's whole file) and sst2/dev.tsv")
    parser.add_argument("--regimes", type=lambda text: [int(v) for v in text.split(",")], default=REGIMES,
                        help="comma-separated training-row counts (default: 2000,16000)")
    parser.add_argument("phase", choices=["plans", "sweep", "main", "all"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kmix-budgets-") as scratch:
        scratch = Path(scratch)
        if args.phase in ("plans", "all"):
            make_plans(args, SWEEP_SEEDS + MAIN_SEEDS)
        if args.phase in ("sweep", "all"):
            sweep(args, scratch)
        if args.phase in ("main", "all"):
            main_phase(args, scratch)


if __name__ == "__main__":
    main()
