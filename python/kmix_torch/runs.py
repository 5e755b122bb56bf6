"""kmix's run folder (`docs/formats.md`, `docs/training.md`): `config.json`, `plan.json`, `metrics.jsonl` (one event
per line, appended as the run goes), `adapters.safetensors` and `checkpoints/step-N/` (adapters, AdamW moments,
trainer state and description), every file written to a temporary name and renamed."""
import json
import math
import os
import shutil
import uuid
from pathlib import Path

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save

FORMAT_VERSION = 1
CHECKPOINT_FILES = ("adapter_model.safetensors", "optimizer.safetensors", "trainer_state.json", "adapter_config.json")


class RunError(ValueError):
    """A run folder that cannot be used, in one sentence naming the file."""


def atomic_write(path, data):
    """Writes bytes or text to a temporary file beside `path`, syncs it and renames it over `path`."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(temporary, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


def atomic_safetensors(path, tensors, metadata):
    """Writes a safetensors file (F32 tensors, string metadata) atomically."""
    atomic_write(path, save({k: v.contiguous() for k, v in tensors.items()}, metadata=metadata))


def sync_folder(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def holds_run(folder):
    """Whether `folder` holds a run: a `config.json` with `kmix_version`."""
    try:
        with open(Path(folder) / "config.json", encoding="utf-8") as f:
            return "kmix_version" in json.load(f)
    except (OSError, ValueError):
        return False


def prepare_folder(folder, overwrite):
    """Creates the run folder; refuses one that holds anything but a run (and a run unless `overwrite`)."""
    folder = Path(folder)
    if folder.exists():
        entries = sorted(e for e in os.listdir(folder) if e != ".kmix-run.lock")
        if entries:
            if any((folder / m).exists() for m in ("model.safetensors", "pytorch_model.bin")):
                raise RunError(f"{folder} holds a model's weights; write the run to another folder")
            if not holds_run(folder):
                raise RunError(f"{folder} is not empty (it holds {entries[0]}) and is not a run; choose a new folder")
            if not overwrite:
                raise RunError(f"{folder} already holds a run; resume it with --resume, or pass --overwrite")
            shutil.rmtree(folder / "checkpoints", ignore_errors=True)
            for name in ("adapters.safetensors", "metrics.jsonl", "plan.initial.json", "plan.json", "config.json"):
                if (folder / name).exists():
                    (folder / name).unlink()
    folder.mkdir(parents=True, exist_ok=True)


def write_config(folder, configuration):
    atomic_write(Path(folder) / "config.json", json.dumps(configuration, indent=2, sort_keys=True) + "\n")


def read_config(folder):
    path = Path(folder) / "config.json"
    try:
        with open(path, encoding="utf-8") as f:
            configuration = json.load(f)
    except FileNotFoundError:
        raise RunError(f"{folder} has no config.json; is it a run folder?") from None
    except ValueError as error:
        raise RunError(f"{path} is not valid JSON ({error})") from None
    if "kmix_version" not in configuration:
        raise RunError(f"{path} is not a kmix run's configuration (it lacks 'kmix_version')")
    return configuration


class MetricsLog:
    """`metrics.jsonl`, appended one line per event and flushed at once; when resuming at a step, the lines about
    later steps are removed first (atomically), so that the history records every step once."""

    def __init__(self, folder, resume_step=None):
        self.path = Path(folder) / "metrics.jsonl"
        if resume_step is not None and self.path.exists():
            kept = []
            for line in self.path.read_bytes().split(b"\n"):
                if not line:
                    continue
                try:
                    step = json.loads(line).get("step")
                except ValueError:
                    step = None
                if not isinstance(step, int) or step <= resume_step:
                    kept.append(line)
            atomic_write(self.path, b"".join(line + b"\n" for line in kept))
        self.file = open(self.path, "a", encoding="utf-8")

    def record(self, event):
        self.file.write(json.dumps(event, ensure_ascii=False, allow_nan=False) + "\n")
        self.file.flush()

    def close(self):
        self.file.close()


def step_event(step, epoch, loss, lr, grad_norm, sentences_per_second, tokens_per_second, elapsed, peak_rss_mib):
    return {"event": "step", "step": step, "epoch": epoch, "loss": loss, "lr": lr, "grad_norm": grad_norm,
            "sentences_per_second": sentences_per_second, "tokens_per_second": tokens_per_second,
            "elapsed": elapsed, "peak_rss_mib": peak_rss_mib}


def eval_event(step, accuracy, loss, examples, majority=None, perplexity=None):
    event = {"event": "eval", "step": step, "accuracy": accuracy, "loss": loss, "examples": examples}
    if majority is not None:
        event["majority_accuracy"] = majority
    if perplexity is not None and math.isfinite(perplexity):
        event["perplexity"] = perplexity
    return event


def save_adapters(folder, tensors, step, plan, labels):
    """`adapters.safetensors`: every trainable tensor under kmix's names, the step and the plan in its metadata."""
    path = Path(folder) / "adapters.safetensors"
    atomic_safetensors(path, tensors, {"format": "kmix-adapters", "format_version": "1", "step": str(step),
                                       "plan": plan.encoded(), "labels": str(labels)})
    return str(path)


def checkpoint_description(base_folder, base_hash, task, values, names, hyperparameters, plan):
    """`adapter_config.json` of a checkpoint."""
    return json.dumps({"kmix_checkpoint": FORMAT_VERSION, "base_model": base_folder, "base_model_sha256": base_hash,
                       "task": task, "label_values": values, "label_names": names,
                       "hyperparameters": hyperparameters, "plan_identity": plan.identity_hash(),
                       "plan": json.loads(plan.encoded())}, indent=2) + "\n"


class Checkpoints:
    """`RUN_DIR/checkpoints/step-N/`, written into a hidden folder and renamed, so a `step-N` is complete or absent;
    only checkpoints whose trainer state carries the run's identity are the run's."""

    def __init__(self, folder, run_id):
        self.url = Path(folder) / "checkpoints"
        self.run_id = run_id

    def steps(self):
        """Steps of the run's complete checkpoints, oldest first."""
        if not self.url.is_dir():
            return []
        steps = []
        for name in os.listdir(self.url):
            if not name.startswith("step-") or not name[5:].isdigit() or name != f"step-{int(name[5:])}":
                continue
            try:
                with open(self.url / name / "trainer_state.json", encoding="utf-8") as f:
                    state = json.load(f)
            except (OSError, ValueError):
                continue
            if self.run_id is None or state.get("run_id") == self.run_id:
                steps.append(int(name[5:]))
        return sorted(steps)

    def remove_leftovers(self):
        if self.url.is_dir() and not self.url.is_symlink():
            for name in os.listdir(self.url):
                if (name.startswith(".step-") and name.endswith(".tmp")) or name.startswith(".deleting-step-"):
                    shutil.rmtree(self.url / name, ignore_errors=True)

    def write(self, step, files):
        """Writes {file name: bytes} as `step-N` (an existing `step-N` is kept); returns its path."""
        target = self.url / f"step-{step}"
        if target.exists():
            return str(target)
        self.url.mkdir(parents=True, exist_ok=True)
        temporary = self.url / f".step-{step}.{uuid.uuid4()}.tmp"
        temporary.mkdir()
        try:
            for name in CHECKPOINT_FILES:
                atomic_write(temporary / name, files[name])
            os.rename(temporary, target)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        sync_folder(self.url)
        return str(target)

    def prune(self, keep_last, keep_best):
        """Keeps the newest `keep_last` (all when None), the newest, and with `keep_best` the best by dev accuracy."""
        steps = self.steps()
        if keep_last is None or len(steps) <= 1:
            return
        keep = set(steps[-max(1, keep_last):])
        if keep_best:
            scored = [(self._accuracy(s), s) for s in steps]
            scored = [(a, s) for a, s in scored if a is not None]
            if scored:
                keep.add(max(scored, key=lambda pair: (pair[0], -pair[1]))[1])
        for step in steps:
            if step not in keep:
                doomed = self.url / f".deleting-step-{step}.{uuid.uuid4()}"
                os.rename(self.url / f"step-{step}", doomed)
                sync_folder(self.url)
                shutil.rmtree(doomed, ignore_errors=True)

    def _accuracy(self, step):
        with open(self.url / f"step-{step}" / "trainer_state.json", encoding="utf-8") as f:
            return json.load(f).get("dev_accuracy")


def checkpoint_files(step, epoch, position, seed, workers, run_id, dev_accuracy, tensors, moments, optimizer_step,
                     labels, plan, description):
    """The bytes of a checkpoint's four files. `moments` is {name: (exp_avg, exp_avg_sq)}."""
    adapters = save({k: v.contiguous() for k, v in tensors.items()},
                    metadata={"format": "kmix-checkpoint", "format_version": str(FORMAT_VERSION), "step": str(step),
                              "epoch": str(epoch), "plan_identity": plan.identity_hash(), "labels": str(labels)})
    state_tensors = {}
    for name, (first, second) in moments.items():
        state_tensors[name + ".exp_avg"] = first.contiguous()
        state_tensors[name + ".exp_avg_sq"] = second.contiguous()
    state_tensors["step"] = torch.tensor([optimizer_step], dtype=torch.int64)
    optimizer = save(state_tensors, metadata={"format": "kmix-optimizer", "format_version": str(FORMAT_VERSION),
                                              "optimizer": "adamw", "step": str(optimizer_step)})
    state = {"kmix_checkpoint": FORMAT_VERSION, "step": step, "epoch": epoch, "position": position, "seed": seed,
             "workers": workers, "run_id": run_id, "dev_accuracy": dev_accuracy}
    return {"adapter_model.safetensors": adapters, "optimizer.safetensors": optimizer,
            "trainer_state.json": json.dumps(state, indent=2) + "\n", "adapter_config.json": description}


def read_checkpoint(folder):
    """(tensors, moments {name: (exp_avg, exp_avg_sq)}, optimizer step, trainer state, description) of a
    checkpoint folder; refuses a missing file or a step that differs between the files."""
    folder = Path(folder)
    for name in CHECKPOINT_FILES:
        if not (folder / name).is_file():
            raise RunError(f"the checkpoint {folder} lacks {name}")
    tensors, step = _read_tensors(folder / "adapter_model.safetensors", step_from_metadata=True)
    raw, _ = _read_tensors(folder / "optimizer.safetensors")
    state, description = _read_json(folder / "trainer_state.json"), _read_json(folder / "adapter_config.json")
    if "step" not in raw:
        raise RunError(f"{folder / 'optimizer.safetensors'} lacks the optimiser's step")
    optimizer_step = int(raw.pop("step")[0])
    if any(k.endswith((".sensitivity_mean", ".sensitivity_uncertainty")) or k == "sensitivity_updates" for k in raw):
        raise RunError(f"the checkpoint {folder} is of a run that reallocates ranks; kmix_torch cannot resume it")
    moments = {}
    for name in tensors:
        if name + ".exp_avg" not in raw or name + ".exp_avg_sq" not in raw:
            raise RunError(f"{folder / 'optimizer.safetensors'} lacks the moments of {name}")
        moments[name] = (raw[name + ".exp_avg"], raw[name + ".exp_avg_sq"])
    if state.get("step") != step:
        raise RunError(f"the checkpoint {folder} is inconsistent: its tensors are of step {step}, its trainer state "
                       f"of step {state.get('step')}")
    return tensors, moments, optimizer_step, state, description


def _read_tensors(path, step_from_metadata=False):
    """({name: tensor}, the metadata's step or None) of a safetensors file; one sentence when it cannot be read."""
    try:
        with safe_open(str(path), "pt") as f:
            tensors = {k: f.get_tensor(k) for k in f.keys()}
            step = int((f.metadata() or {})["step"]) if step_from_metadata else None
    except (OSError, SafetensorError) as error:
        raise RunError(f"the checkpoint file {path} cannot be read ({error}); it is damaged or truncated") from None
    except (KeyError, ValueError):
        raise RunError(f"the checkpoint file {path} has no step in its metadata") from None
    return tensors, step


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as error:
        raise RunError(f"the checkpoint file {path} cannot be read ({error})") from None
