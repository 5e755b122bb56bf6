"""The training loop of a kmix_torch run: kmix's batch order, initialisation, AdamW, schedule, clipping, evaluation
and run folder, with each global batch shared out over the processes of a DistributedDataParallel group.

Each process computes the summed loss of its share of the global batch, scaled by world / (examples or target tokens
of the whole global batch), so that DDP's gradient average is exactly the gradient of the global batch's mean loss,
whatever the share sizes. A share left empty (a batch smaller than the world) trains on one example with weight 0."""
import contextlib
import inspect
import math
import resource
import signal
import sys
import time
from pathlib import Path

import numpy
import torch
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from . import data, families
from . import plan as plans
from .adapters import head_norms
from .model import KernelMixClassifier, KernelMixLM, assign_tensors, named_tensors
from .rng import BatchSchedule, MASK, dropout_seed, steps_per_epoch
from .runs import (Checkpoints, MetricsLog, RunError, checkpoint_description, checkpoint_files, eval_event,
                   prepare_folder, read_checkpoint, save_adapters, step_event, write_config)
from .samples import sample_sources, write_targets

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


class Schedule:
    """kmix's learning rate: linear warm-up from 0 over ceil(fraction * total) updates, then linear decay to 0,
    computed in float32 as kmix computes it."""

    def __init__(self, peak, total, warmup_fraction):
        self.peak = numpy.float32(peak)
        self.total = max(1, total)
        self.warmup = math.ceil(float(numpy.float32(warmup_fraction)) * self.total)

    def rate(self, step):
        """The rate of update `step` (0 for the first)."""
        f = numpy.float32
        if step < self.warmup:
            return float(self.peak * f(step) / f(max(1, self.warmup)))
        return float(self.peak * max(f(0), f(self.total - step) / f(max(1, self.total - self.warmup))))


class Trainer:
    """One run, from a new configuration (`starting`) or a checkpoint (`resuming`)."""

    @classmethod
    def starting(cls, args, processes, configuration_from):
        generation = args.source_column is not None
        base = families.load(args.model or DEFAULT_MODEL, language_model=generation)
        args.max_length = args.max_length or min(128, base.max_positions)
        if args.plan:
            if args.preset:
                raise RunError("give either --plan or --preset, not both")
            plan = plans.load(args.plan, base.shape)
        else:
            plan = plans.preset(args.preset or ("paper-nlg" if generation else "paper-nlu"), base.shape,
                                base.default_task_head())
        train, dev, classes, sources = load_data(args, base, labels=None)
        per_epoch = steps_per_epoch(len(train), args.batch_size)
        if args.epochs is not None and args.max_steps is not None and args.epochs * per_epoch < args.max_steps:
            raise RunError(f"--epochs {args.epochs} ends the run at step {args.epochs * per_epoch}, before "
                           f"--max-steps {args.max_steps}; give more --epochs or leave --epochs out")
        if args.epochs is None:
            args.epochs = -(-args.max_steps // per_epoch) if args.max_steps else 1
        configuration = configuration_from(args, base, classes)
        if processes.is_main:
            prepare_folder(args.out, args.overwrite)
            (Path(args.out) / "plan.json").write_text(plan.encoded(), encoding="utf-8")
            configuration["trained_by"] = engine_record(processes, args)
            write_config(args.out, configuration)
        processes.barrier()
        return cls(args, processes, base, plan, train, dev, sources, configuration, resume=None)

    @classmethod
    def resuming(cls, args, configuration, processes):
        generation = args.source_column is not None
        base = families.load(args.model, language_model=generation)
        plan = plans.load(Path(args.out) / "plan.json", base.shape)
        labels = (args.label_values, args.label_names) if not generation else None
        train, dev, _, sources = load_data(args, base, labels=labels)
        checkpoints = Checkpoints(args.out, configuration.get("run_id"))
        steps = checkpoints.steps()
        if not steps:
            raise RunError(f"{args.out} has no checkpoint to resume from (checkpoints/step-N)")
        folder = checkpoints.url / f"step-{steps[-1]}"
        tensors, moments, optimizer_step, state, description = read_checkpoint(folder)
        if description.get("plan_identity") != plan.identity_hash():
            raise RunError(f"the checkpoint {folder} was trained with another plan than {args.out}/plan.json")
        if description.get("base_model_sha256") != base.sha256:
            raise RunError(f"the checkpoint {folder} was trained on another base model than {base.folder}")
        resume = {"step": state["step"], "epoch": state["epoch"], "position": state["position"],
                  "tensors": tensors, "moments": moments, "optimizer_step": optimizer_step}
        return cls(args, processes, base, plan, train, dev, sources, configuration, resume=resume)

    def __init__(self, args, processes, base, plan, train, dev, sources, configuration, resume):
        self.args, self.processes, self.base, self.plan = args, processes, base, plan
        self.train, self.dev, self.sources, self.configuration = train, dev, sources, configuration
        self.generation = train.target_starts is not None
        self.folder = Path(args.out)
        self.labels = len(configuration["label_values"])
        if self.generation:
            self.model = KernelMixLM(base, plan)
        else:
            self.model = KernelMixClassifier(base, plan, self.labels)
        self.model.initialise(args.seed)
        self.model.to(processes.device)
        self.entries = self.model.entries()
        self.optimizer = self._optimizer()
        per_epoch = steps_per_epoch(len(train), args.batch_size)
        self.total = min(args.max_steps or sys.maxsize, per_epoch * max(1, args.epochs))
        self.epochs = -(-self.total // per_epoch)
        self.schedule = Schedule(args.lr, self.total, args.warmup)
        self.step, self.epoch, self.position = 0, 0, 0
        if resume is not None:
            if resume["step"] >= self.total:
                raise RunError(f"the run {args.out} is already complete (step {resume['step']} of {self.total}); "
                               "there is nothing to resume")
            assign_tensors(self.model, resume["tensors"], what="checkpoint's tensors")
            self._restore_moments(resume["moments"], resume["optimizer_step"])
            self.step, self.epoch, self.position = resume["step"], resume["epoch"], resume["position"]
        self.resumed = resume is not None
        self.ddp = wrap(self.model, processes) if processes.distributed else self.model
        self.scaler = (torch.amp.GradScaler(processes.device.type) if args.precision == "fp16" else None)
        self.stop_requested = None
        self.accuracy = None

    # Setup

    def _optimizer(self):
        decayed, plain, seen = [], [], set()
        for _, parameter, _, _ in self.entries:
            if id(parameter) in seen or not parameter.requires_grad:
                continue
            seen.add(id(parameter))
            names = [n for n, p, _, _ in self.entries if p is parameter]
            (plain if all(n.endswith((".b", ".bias")) for n in names) else decayed).append(parameter)
        a = self.args
        return torch.optim.AdamW([{"params": decayed, "weight_decay": float(numpy.float32(a.weight_decay))},
                                  {"params": plain, "weight_decay": 0.0}], lr=0.0,
                                 betas=(float(numpy.float32(a.beta1)), float(numpy.float32(a.beta2))),
                                 eps=float(numpy.float32(a.epsilon)))

    def _restore_moments(self, moments, step):
        for _, parameter, _, _ in self.entries:
            if not parameter.requires_grad:
                continue
            state = self.optimizer.state[parameter]
            if not state:
                state["step"] = torch.tensor(float(step))
                state["exp_avg"] = torch.zeros_like(parameter)
                state["exp_avg_sq"] = torch.zeros_like(parameter)
        for position, key in enumerate(("exp_avg", "exp_avg_sq")):
            assign_tensors(self.model, {n: m[position] for n, m in moments.items()},
                           target=lambda p, key=key: self._moment(p, key), what="checkpoint's moments")

    # The loop

    def run(self):
        """Trains to the end (or to a stop request), evaluates, saves; returns the exit status."""
        args, processes = self.args, self.processes
        main = processes.is_main
        metrics = MetricsLog(self.folder, resume_step=self.step if self.resumed else None) if main else None
        checkpoints = Checkpoints(self.folder, self.configuration.get("run_id"))
        if main:
            checkpoints.remove_leftovers()
        previous = {number: signal.signal(number, self._request_stop) for number in (signal.SIGINT, signal.SIGTERM)}
        trainable = sum(p.numel() for _, p in self.model.trainable_parameters())
        say(main, f"{'resuming at step ' + str(self.step) + ': ' if self.resumed else ''}training {trainable} "
                  f"parameters on {len(self.train)} examples: {self.total} steps, {self.epochs} epoch(s), batch "
                  f"{args.batch_size} over {processes.world} process(es) on {processes.device.type}")
        schedule = BatchSchedule(self.train.lengths, args.batch_size, args.seed, args.bucket_batches)
        per_epoch = steps_per_epoch(len(self.train), args.batch_size)
        started, stopped = time.monotonic(), False
        first_epoch = self.epoch
        try:
            for epoch in range(first_epoch, max(first_epoch, self.epochs)):
                for index, indices in enumerate(schedule.training_batches(epoch)):
                    if epoch == first_epoch and index < self.position:
                        continue
                    self.epoch, self.position = epoch, index
                    began = time.monotonic()
                    loss, norm, stopping = self._update(indices)
                    self.step += 1
                    self.position = index + 1
                    seconds = max(1e-9, time.monotonic() - began)
                    tokens = sum(self.train.lengths[i] for i in indices)
                    if main:
                        event = step_event(self.step, self.step / per_epoch, loss, self.schedule.rate(self.step - 1),
                                           norm, len(indices) / seconds, tokens / seconds,
                                           time.monotonic() - started, peak_rss_mib())
                        metrics.record(event)
                        say(main, "step %d/%d  epoch %.2f  loss %.4f  lr %.2e  |g| %.3f  %.0f tokens/s" % (
                            self.step, self.total, event["epoch"], loss, event["lr"], norm, event["tokens_per_second"]))
                        if self.step % args.head_norms_every == 0 or self.step == self.total:
                            metrics.record({"event": "head_norms", "step": self.step,
                                            **head_norms(self.model.adapters, self.plan.shape[1])})
                    if args.eval_every and self.step % args.eval_every == 0 and self.step < self.total:
                        self._evaluate(metrics)
                    if args.save_every and self.step % args.save_every == 0 and self.step < self.total:
                        self._save(metrics, checkpoints)
                    if stopping and self.step < self.total:
                        stopped = True
                        break
                    if self.step >= self.total:
                        break
                if stopped or self.step >= self.total:
                    break
            report = self._evaluate(metrics)
            self._save(metrics, checkpoints)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
            if metrics is not None:
                metrics.close()
        processes.barrier()
        ending = "" if report is None else (
            ", dev perplexity %.3f (kmix eval --run scores the outputs)" % report["perplexity"]
            if "perplexity" in report else ", dev accuracy %.2f %%" % (100 * report["accuracy"]))
        say(main, f"{'stopped' if stopped else 'finished'} after {self.step} steps in "
                  f"{time.monotonic() - started:.1f} s{ending}")
        return 130 if stopped else 0

    def _request_stop(self, number, _frame):
        """SIGINT or SIGTERM: stop after the current step, evaluate and save. A second Ctrl-C quits at once; a
        second SIGTERM (torchrun ends its workers with one after passing on a Ctrl-C) changes nothing."""
        if self.stop_requested is not None:
            if number == signal.SIGINT and self.stop_requested == signal.SIGINT:
                raise KeyboardInterrupt
            return
        self.stop_requested = number
        say(self.processes.is_main, "stopping after this step, then evaluating and saving (Ctrl-C again quits at once)")

    def _update(self, indices):
        """One update on the global batch `indices`; returns (mean loss, gradient norm before clipping, whether any
        process was asked to stop), the loss and the stop requests summed over the processes in one all-reduce."""
        processes, args = self.processes, self.args
        share = processes.share(indices)
        weight = 1.0
        if not share:
            share, weight = indices[:1], 0.0
        count = self._count(indices)
        torch.manual_seed((dropout_seed(args.seed, self.step) ^ ((processes.rank * 0xD1B54A32D192ED03) & MASK)) & MASK)
        self.ddp.train()
        batch = self._batch(share)
        self.optimizer.zero_grad(set_to_none=True)
        with self._autocast():
            total = self._loss_sum(batch)
        scaled = total * (weight * processes.world / count)
        if self.scaler is not None:
            self.scaler.scale(scaled).backward()
            self.scaler.unscale_(self.optimizer)
        else:
            scaled.backward()
        parameters = [p for _, p in self.model.trainable_parameters()]
        clip = float(numpy.float32(args.clip_norm)) if args.clip_norm else float("inf")
        norm = torch.nn.utils.clip_grad_norm_(parameters, clip).item()
        summed, stops = processes.sum([total.item() * weight, 0.0 if self.stop_requested is None else 1.0])
        loss = summed / count
        if not math.isfinite(loss):
            raise RunError(f"the loss became {loss} at step {self.step + 1} (learning rate "
                           f"{self.schedule.rate(self.step):.3g}); lower the learning rate")
        for group in self.optimizer.param_groups:
            group["lr"] = self.schedule.rate(self.step)
        if self.scaler is not None:
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            self.optimizer.step()
        return loss, norm, stops > 0

    def _loss_sum(self, batch):
        """The summed loss of a local batch (cross-entropy of each example, or of each target token), through the
        DDP wrapper."""
        if self.generation:
            ids, mask, starts = batch["input_ids"], batch["attention_mask"], batch["target_starts"]
            return KernelMixLM.target_loss(self.ddp(ids, mask), ids, mask, starts, self.args.label_smoothing,
                                           reduction="sum")
        logits = self.ddp(batch["input_ids"], batch["attention_mask"], batch.get("token_type_ids"))
        return F.cross_entropy(logits.float(), batch["labels"], reduction="sum")

    def _count(self, indices):
        """What the global batch's mean loss divides by: its examples, or its target tokens."""
        if not self.generation:
            return len(indices)
        return sum(self.train.lengths[i] - self.train.target_starts[i] for i in indices)

    def _autocast(self):
        if self.args.precision == "fp32":
            return contextlib.nullcontext()
        dtype = torch.bfloat16 if self.args.precision == "bf16" else torch.float16
        return torch.autocast(self.processes.device.type, dtype=dtype)

    def _batch(self, indices, dataset=None):
        """Right-padded tensors of the examples `indices` of `dataset` (the training set by default)."""
        dataset = dataset or self.train
        rows = [dataset.ids[i] for i in indices]
        width = max(len(r) for r in rows)
        ids = torch.full((len(rows), width), self.base.pad_id, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        types = torch.zeros((len(rows), width), dtype=torch.long)
        for row, (tokens, kinds) in enumerate(zip(rows, (dataset.type_ids[i] for i in indices))):
            ids[row, :len(tokens)] = torch.tensor(tokens)
            mask[row, :len(tokens)] = 1
            types[row, :len(kinds)] = torch.tensor(kinds)
        device = self.processes.device
        batch = {"input_ids": ids.to(device), "attention_mask": mask.to(device), "token_type_ids": types.to(device)}
        if dataset.labels is not None:
            batch["labels"] = torch.tensor([dataset.labels[i] for i in indices], device=device)
        if dataset.target_starts is not None:
            batch["target_starts"] = torch.tensor([dataset.target_starts[i] for i in indices], device=device)
        return batch

    # Evaluation and saving

    def _evaluate(self, metrics):
        """Evaluates the dev set, shared out over the processes; records and prints the report on rank 0."""
        if self.dev is None:
            return None
        processes, model = self.processes, self.model
        batches = BatchSchedule(self.dev.lengths, self.args.batch_size, self.args.seed).evaluation_batches()
        correct = loss = counted = 0.0
        model.eval()
        with torch.inference_mode(), self._autocast():
            for batch_indices in batches[processes.rank::processes.world]:
                batch = self._batch(batch_indices, self.dev)
                if self.generation:
                    ids, mask, starts = batch["input_ids"], batch["attention_mask"], batch["target_starts"]
                    logits = model(ids, mask).float()
                    positions = torch.arange(1, ids.shape[1], device=ids.device).unsqueeze(0)
                    counts = mask[:, 1:].bool() & (positions >= starts.unsqueeze(1))
                    losses = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1),
                                             reduction="none").view(counts.shape)
                    loss += (losses * counts).sum().item()
                    correct += ((logits[:, :-1].argmax(-1) == ids[:, 1:]) & counts).sum().item()
                    counted += counts.sum().item()
                else:
                    logits = model(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"]).float()
                    loss += F.cross_entropy(logits, batch["labels"], reduction="sum").item()
                    correct += (logits.argmax(-1) == batch["labels"]).sum().item()
                    counted += len(batch_indices)
        correct, loss, counted = processes.sum([correct, loss, counted])
        counted = max(counted, 1)
        if self.generation:
            report = eval_event(self.step, correct / counted, loss / counted, len(self.dev),
                                perplexity=math.exp(min(loss / counted, 700)))
        else:
            labels = self.dev.labels
            majority = max(labels.count(v) for v in set(labels)) / len(labels)
            report = eval_event(self.step, correct / counted, loss / counted, len(self.dev), majority=majority)
        self.accuracy = (self.step, report["accuracy"])
        if processes.is_main:
            metrics.record(report)
            if self.generation:
                say(True, "eval  step %d  loss %.4f  perplexity %.3f  token accuracy %.2f %%  (%d examples)" % (
                    self.step, report["loss"], report["perplexity"], 100 * report["accuracy"], len(self.dev)))
                self._write_samples(metrics)
            else:
                say(True, "eval  step %d  accuracy %.2f %%  loss %.4f  (%d examples)" % (
                    self.step, 100 * report["accuracy"], report["loss"], len(self.dev)))
        return report

    def _write_samples(self, metrics):
        """Decodes the run's sample sources and records them as kmix does (rank 0)."""
        if not self.sources:
            return
        outputs = write_targets(self.model, self.base.tokenizer, self.sources, self.configuration,
                                self.base.max_positions)
        metrics.record({"event": "samples", "step": self.step,
                        "samples": [{"source": s, "output": o} for s, o in zip(self.sources, outputs)]})
        say(True, f"samples  step {self.step}" + "".join(f"\n  {s}\n    → {o}" for s, o in zip(self.sources, outputs)))

    def _save(self, metrics, checkpoints):
        """Writes `adapters.safetensors` and `checkpoints/step-N` (rank 0), then prunes as configured."""
        if not self.processes.is_main:
            return
        tensors = named_tensors(self.model)
        path = save_adapters(self.folder, tensors, self.step, self.plan, self.labels)
        moments = {}
        first = named_tensors(self.model, source=lambda p: self._moment(p, "exp_avg"))
        second = named_tensors(self.model, source=lambda p: self._moment(p, "exp_avg_sq"))
        for name in tensors:
            moments[name] = (first[name], second[name])
        c, a = self.configuration, self.args
        hyperparameters = {"epochs": a.epochs, "max_steps": a.max_steps, "batch_size": a.batch_size,
                           "learning_rate": c["learning_rate"], "beta1": c["beta1"], "beta2": c["beta2"],
                           "epsilon": c["epsilon"], "weight_decay": c["weight_decay"],
                           "warmup_fraction": c["warmup_fraction"], "clip_norm": c.get("clip_norm"),
                           "seed": a.seed, "workers": c["workers"], "bucket_batches": a.bucket_batches}
        if a.label_smoothing:
            hyperparameters["label_smoothing"] = c["label_smoothing"]
        description = checkpoint_description(self.base.folder, self.base.sha256, c.get("task"), c["label_values"],
                                              c["label_names"], hyperparameters, self.plan)
        accuracy = self.accuracy[1] if self.accuracy and self.accuracy[0] == self.step else None
        files = checkpoint_files(self.step, self.epoch, self.position, a.seed, c["workers"], c.get("run_id"), accuracy,
                                 tensors, moments, self.step, self.labels, self.plan, description)
        saved = checkpoints.write(self.step, files)
        checkpoints.prune(a.keep_last, a.keep_best)
        say(True, f"saved adapters at step {self.step} to {path} and checkpoint {saved}")

    def _moment(self, parameter, key):
        state = self.optimizer.state.get(parameter)
        return state[key] if state else torch.zeros_like(parameter)


def wrap(model, processes):
    """The model in DistributedDataParallel; its buffers (masks, the frozen pooler) are equal on every rank and are
    not synchronised before each forward pass."""
    devices = [processes.local_rank] if processes.device.type == "cuda" else None
    if "forward_sync_buffers" in inspect.signature(DistributedDataParallel.__init__).parameters:
        return DistributedDataParallel(model, device_ids=devices, forward_sync_buffers=False)
    return DistributedDataParallel(model, device_ids=devices, broadcast_buffers=False)


def load_data(args, base, labels):
    """(training set, dev set or None, (label values, names), a generation run's sample sources) encoded for
    `base`."""
    if args.source_column is not None:
        train_pairs = data.read_pairs(args.train_file, args.source_column, args.target_column, args.max_train_rows)
        train = data.encode_generation(train_pairs, base.tokenizer, args.max_length, args.train_file)
        dev, sources = None, []
        if args.dev_file:
            dev_pairs = data.read_pairs(args.dev_file, args.source_column, args.target_column)
            dev = data.encode_generation(dev_pairs, base.tokenizer, args.max_length, args.dev_file)
            sources = sample_sources(dev_pairs)
        return train, dev, ([], []), sources
    fixed = labels
    if fixed is None and args.task is not None:
        fixed = data.TASKS[args.task].labels
    train_rows = data.read_classification(args.train_file, args.text_column, args.pair_column, args.label_column,
                                          fixed, args.max_train_rows)
    train = data.encode_classification(train_rows, base.tokenizer, args.max_length)
    dev = None
    if args.dev_file:
        dev_rows = data.read_classification(args.dev_file, args.dev_text_column or args.text_column, args.pair_column,
                                            args.label_column, (train_rows.values, train_rows.names))
        dev = data.encode_classification(dev_rows, base.tokenizer, args.max_length)
    return train, dev, (train_rows.values, train_rows.names), []


def engine_record(processes, args):
    """What trained the run, recorded in `config.json` under `trained_by` (kmix ignores it)."""
    import transformers
    from . import __version__
    return {"engine": "kmix_torch", "version": __version__, "torch": torch.__version__,
            "transformers": transformers.__version__, "world_size": processes.world,
            "backend": processes.backend if processes.distributed else None, "device": processes.device.type,
            "precision": args.precision}


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def say(main, line):
    if main:
        print(line, flush=True)
