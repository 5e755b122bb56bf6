"""`python -m kmix_torch.train`: trains a kmix plan with PyTorch, in one process or across processes started by
`torchrun` or `accelerate launch` (DistributedDataParallel), into a kmix run folder.

The options and defaults are `kmix train`'s (`kmix train --help`); a run folder written here is read by `kmix eval`,
`predict`, `export`, `verify-export`, `watch` and `kmix train --resume`, and `--resume` here accepts a run `kmix train`
wrote."""
import argparse
import math
import os
import sys
import uuid
from pathlib import Path

import numpy
import torch

from . import __version__, data, families
from . import plan as plans
from .distributed import Processes
from .runs import RunError, read_config
from .samples import DECODING
from .trainer import DEFAULT_MODEL, Trainer

DEFAULTS = {"batch_size": 32, "lr": 2e-3, "weight_decay": 0.1, "beta1": 0.9, "beta2": 0.98, "epsilon": 1e-6,
            "warmup": 0.06, "clip_norm": 1.0, "label_smoothing": 0.0, "seed": 42, "bucket_batches": 50}


def parser():
    p = argparse.ArgumentParser(prog="python -m kmix_torch.train", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", help=f"a Hugging Face model folder or id (default: {DEFAULT_MODEL}, from kmix's cache "
                                   "when `kmix fetch-model` installed it)")
    p.add_argument("--task", help="a task preset: sst2 or e2e (files under --data, $KMIX_DATA, ./data, else kmix's "
                                  "shipped sample)")
    p.add_argument("--train", help="training data (TSV, CSV or JSON Lines with a header)")
    p.add_argument("--dev", help="dev data, labelled like the training data")
    p.add_argument("--data", help="the folder that holds the task preset's files")
    p.add_argument("--text-column")
    p.add_argument("--pair-column")
    p.add_argument("--label-column")
    p.add_argument("--dev-text-column")
    p.add_argument("--source-column", help="a generation run's source column (with --target-column)")
    p.add_argument("--target-column")
    p.add_argument("--max-train-rows", type=int)
    p.add_argument("--preset", help="a plan preset: paper-nlu, paper-nlg, lora-rN, lora-qvo-rN, uniform-N, none "
                                    "(default: paper-nlu; paper-nlg for a generation run)")
    p.add_argument("--plan", help="a plan file (kmix's docs/plans.md)")
    p.add_argument("--epochs", type=int)
    p.add_argument("--max-steps", type=int)
    p.add_argument("--batch-size", type=int, help="examples per global batch, over all processes (default: 32)")
    p.add_argument("--lr", type=float, help="peak learning rate (default: 2e-3, kmix's measured default)")
    p.add_argument("--weight-decay", type=float, help="AdamW's decoupled weight decay, not on biases (default: 0.1)")
    p.add_argument("--beta1", type=float, help="default: 0.9")
    p.add_argument("--beta2", type=float, help="default: 0.98")
    p.add_argument("--epsilon", type=float, help="default: 1e-6")
    p.add_argument("--warmup", type=float, help="share of the steps warming up the learning rate (default: 0.06)")
    p.add_argument("--clip-norm", type=float, help="clip gradients to this global norm, 0: no clipping (default: 1)")
    p.add_argument("--label-smoothing", type=float, help="a generation run's label smoothing (default: 0)")
    p.add_argument("--seed", type=int, help="seed of initialisation, batch order and dropout (default: 42)")
    p.add_argument("--max-length", type=int, help="tokens per example (default: 128, or the model's positions)")
    p.add_argument("--eval-every", type=int)
    p.add_argument("--bucket-batches", type=int, help="batches per length bucket when shuffling (default: 50)")
    p.add_argument("--save-every", type=int)
    p.add_argument("--keep-last", type=int)
    p.add_argument("--keep-best", action="store_true")
    p.add_argument("--head-norms-every", type=int, default=10, help="write per-head norms every N steps")
    p.add_argument("--out", help="the run folder to write")
    p.add_argument("--overwrite", action="store_true", help="replace a run already in --out")
    p.add_argument("--resume", metavar="RUN_DIR", help="continue a run (kmix's or kmix_torch's) from its newest "
                                                       "checkpoint with its config.json")
    p.add_argument("--device", default="auto", help="auto (cuda when available), cuda or cpu")
    p.add_argument("--backend", help="the process group's backend (default: nccl on cuda, gloo on cpu)")
    p.add_argument("--precision", choices=("fp32", "bf16", "fp16"), default="fp32",
                   help="autocast the forward pass (master weights and AdamW stay float32)")
    p.add_argument("--threads", type=int, help="torch's CPU threads per process")
    p.add_argument("--workers", type=int,
                   help="the thread count recorded for kmix (`kmix train --resume` on a CPU uses it; default: this "
                        "machine's cores)")
    return p


def configuration_from(args, base, classes):
    """The new run's `config.json` fields (kmix's `RunConfiguration` keys; None values are left out)."""
    values, names = classes
    generation = args.source_column is not None
    configuration = {
        "model": recorded_model(args.model or DEFAULT_MODEL, base), "task": args.task,
        "train_file": args.train_file, "dev_file": args.dev_file,
        "text_column": args.text_column, "pair_column": args.pair_column, "label_column": args.label_column,
        "dev_text_column": args.dev_text_column, "source_column": args.source_column,
        "target_column": args.target_column, "eval_file": args.eval_file,
        "label_smoothing": args.label_smoothing or None, "label_values": values, "label_names": names,
        "max_length": args.max_length, "max_train_rows": args.max_train_rows, "epochs": args.epochs,
        "max_steps": args.max_steps, "batch_size": args.batch_size, "learning_rate": f32(args.lr),
        "beta1": f32(args.beta1), "beta2": f32(args.beta2), "epsilon": f32(args.epsilon),
        "weight_decay": f32(args.weight_decay), "warmup_fraction": f32(args.warmup),
        "clip_norm": f32(args.clip_norm) if args.clip_norm else None, "seed": args.seed,
        "workers": args.workers or os.cpu_count() or 1, "bucket_batches": args.bucket_batches,
        "eval_every": args.eval_every, "save_every": args.save_every, "keep_last": args.keep_last,
        "keep_best": args.keep_best or None, "kmix_version": f"kmix_torch {__version__}",
        "run_id": str(uuid.uuid4()).upper(),
    }
    if generation:
        configuration.update(DECODING)
    return {k: v for k, v in configuration.items() if v is not None}


def recorded_model(given, base):
    """How `config.json` names the base model: a Hugging Face id as given (kmix finds it in its own or Hugging Face's
    cache on whichever machine reads the run), else the model's folder."""
    return base.folder if os.path.exists(given) else given


def f32(value):
    """`value` as the float32 kmix stores, printed as its shortest text."""
    return float(str(numpy.float32(value)))


def arguments_from(configuration, args):
    """The settings of a run being resumed, from its `config.json` (kmix's or kmix_torch's)."""
    resumed = argparse.Namespace(**vars(args))
    get = configuration.get
    resumed.model, resumed.task = configuration["model"], get("task")
    resumed.train_file = configuration["train_file"]
    resumed.dev_file, resumed.eval_file = get("dev_file"), get("eval_file")
    for key in ("text_column", "pair_column", "label_column", "dev_text_column", "source_column", "target_column",
                "max_train_rows", "max_steps", "eval_every", "save_every", "keep_last"):
        setattr(resumed, key, get(key))
    resumed.keep_best = bool(get("keep_best"))
    resumed.label_smoothing = get("label_smoothing") or 0.0
    resumed.max_length, resumed.epochs, resumed.batch_size = (configuration["max_length"], configuration["epochs"],
                                                              configuration["batch_size"])
    resumed.lr, resumed.beta1, resumed.beta2 = (configuration["learning_rate"], configuration["beta1"],
                                                configuration["beta2"])
    resumed.epsilon, resumed.weight_decay = configuration["epsilon"], configuration["weight_decay"]
    resumed.warmup, resumed.clip_norm = configuration["warmup_fraction"], get("clip_norm") or 0.0
    resumed.seed, resumed.workers = configuration["seed"], configuration["workers"]
    resumed.bucket_batches = get("bucket_batches") or 50
    resumed.label_values, resumed.label_names = configuration["label_values"], configuration["label_names"]
    if get("reallocate_every") is not None:
        raise RunError(f"{args.resume} reallocates ranks during training; kmix_torch does not reallocate, so resume "
                       "it with `kmix train --resume`")
    return resumed


FRESH_ONLY = tuple(DEFAULTS) + (
    "keep_best", "model", "task", "train", "dev", "data", "text_column", "pair_column", "label_column",
    "dev_text_column", "source_column", "target_column", "max_train_rows", "preset", "plan", "epochs", "max_steps",
    "max_length", "eval_every", "save_every", "keep_last", "workers", "out")


def resolve_new_run(args):
    """Fills in the files, columns and run length of a new run; refuses contradictory options in one sentence."""
    if args.out is None:
        raise RunError("give --out RUN_DIR (the run folder to write), or --resume RUN_DIR")
    for name, value in DEFAULTS.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if (args.source_column is None) != (args.target_column is None):
        raise RunError("give both --source-column and --target-column for a generation run, or neither")
    if args.task is not None:
        if args.train or args.dev:
            raise RunError("give either --task or --train/--dev, not both")
        args.train_file, args.dev_file, args.eval_file = data.locate(args.task, args.data)
        task = data.TASKS[args.task]
        if task.columns is not None:
            args.source_column, args.target_column = task.columns
    else:
        if args.train is None:
            raise RunError("give --task NAME or --train FILE (and --dev FILE)")
        args.train_file = str(Path(args.train).resolve())
        args.dev_file = str(Path(args.dev).resolve()) if args.dev else None
        args.eval_file = None
    for name in ("batch_size", "bucket_batches", "head_norms_every"):
        if getattr(args, name) < 1:
            raise RunError(f"--{name.replace('_', '-')} must be at least 1")
    for name in ("epochs", "max_steps", "eval_every", "save_every", "keep_last", "max_length", "max_train_rows"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise RunError(f"--{name.replace('_', '-')} must be at least 1")
    if not 0 <= args.label_smoothing < 1:
        raise RunError("--label-smoothing must be at least 0 and below 1")
    if args.lr <= 0 or not math.isfinite(args.lr):
        raise RunError("--lr must be a positive number")


def main(argv=None):
    args = parser().parse_args(argv)
    processes = None
    try:
        processes = Processes(args.device, args.backend)
        if args.threads:
            torch.set_num_threads(args.threads)
        if args.resume:
            given = [f"--{name.replace('_', '-')}" for name in FRESH_ONLY if getattr(args, name) not in (None, False)]
            if given:
                raise RunError(f"--resume continues a run with its own config.json; {given[0]} cannot be given with it")
            configuration = read_config(args.resume)
            settings = arguments_from(configuration, args)
            settings.out = args.resume
            trainer = Trainer.resuming(settings, configuration, processes)
        else:
            resolve_new_run(args)
            trainer = Trainer.starting(args, processes, configuration_from)
        return trainer.run()
    except (plans.PlanError, data.DataError, RunError, families.ModelError) as error:
        if processes is None or processes.is_main:
            print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        if processes is not None:
            processes.close()


if __name__ == "__main__":
    sys.exit(main())
