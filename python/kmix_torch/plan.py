"""Plans in kmix's file format (`docs/plans.md`, `kmix_plan` 1): per-head and shared ranks for every layer, the
initialisation, the adapter dropout and the task head; the presets; and the plan's identity, the hash checkpoints
record (`Sources/KMix/Adapters/AdapterPlan+Identity.swift`)."""
import hashlib
import json
import re
import struct
from dataclasses import dataclass, field

import numpy

PROJECTIONS = ("q", "v", "o")
INITS = ("houlsby", "lora")
TASK_HEADS = ("pooler", "cls", "mean", "last")
PLAN_KEYS = {"kmix_plan", "description", "model", "init", "dropout", "task_head", "train_pooler", "lora_alpha",
             "provenance", "layers"}


class PlanError(ValueError):
    """A plan that cannot be used, in one sentence naming the file and the place."""


@dataclass
class LayerBudget:
    """Ranks of one layer: per head (`heads[p][h]`) and shared (`shared[p]`), for p in q, v, o."""
    heads: dict
    shared: dict

    def ranks(self, projection):
        return self.heads[projection]


@dataclass
class Plan:
    """Where the adapters go and how they start: `shape` is (layers, heads, hidden size)."""
    shape: tuple
    layers: list
    init: str = "houlsby"
    dropout: float = 0.1
    task_head: str = "pooler"
    train_pooler: bool = False
    lora_alpha: float = None
    description: str = None
    provenance: dict = field(default=None)

    @property
    def head_size(self):
        return self.shape[2] // self.shape[1]

    def identity_text(self):
        """kmix's canonical text of the plan's identity (frozen format, floats by their float32 bit patterns)."""
        layers, heads, hidden = self.shape
        alpha = "none" if self.lora_alpha is None else _bits(self.lora_alpha)
        lines = ["kmix-plan-identity 1", f"model {layers} {heads} {hidden}", f"init {self.init}",
                 f"dropout {_bits(self.dropout)}",
                 f"task_head {self.task_head} train_pooler {'true' if self.train_pooler else 'false'}",
                 f"lora_alpha {alpha}"]
        for index, layer in enumerate(self.layers):
            for p in PROJECTIONS:
                lines.append(f"layer {index} {p} {','.join(map(str, layer.heads[p]))} shared {layer.shared[p]}")
        return "\n".join(lines) + "\n"

    def identity_hash(self):
        """The SHA-256 of `identity_text`: what checkpoints record as `plan_identity`."""
        return hashlib.sha256(self.identity_text().encode()).hexdigest()

    def encoded(self):
        """The plan file's text as kmix writes it: one line per rank list."""
        def ranks(values):
            return "[" + ", ".join(map(str, values)) + "]"
        layer_texts = []
        for layer in self.layers:
            shared = ", ".join(f'"{p}": {layer.shared[p]}' for p in PROJECTIONS)
            layer_texts.append("    {\n" + "".join(f'      "{p}": {ranks(layer.heads[p])},\n' for p in PROJECTIONS)
                               + f'      "shared": {{{shared}}}\n    }}')
        layers, heads, hidden = self.shape
        description = "" if self.description is None else f"\n  \"description\": {json.dumps(self.description)},"
        alpha = "" if self.lora_alpha is None else f"\n  \"lora_alpha\": {_float_text(self.lora_alpha)},"
        provenance = ("" if self.provenance is None
                      else f"\n  \"provenance\": {json.dumps(self.provenance, ensure_ascii=False)},")
        return ("{\n  \"kmix_plan\": 1," + description
                + f"\n  \"model\": {{\"layers\": {layers}, \"heads\": {heads}, \"hidden_size\": {hidden}}},"
                + f"\n  \"init\": \"{self.init}\",\n  \"dropout\": {_float_text(self.dropout)},"
                + f"\n  \"task_head\": \"{self.task_head}\","
                + f"\n  \"train_pooler\": {'true' if self.train_pooler else 'false'},"
                + alpha + provenance + "\n  \"layers\": [\n" + ",\n".join(layer_texts) + "\n  ]\n}\n")

    def adapter_parameter_count(self):
        """Adapter scalars (task head excluded), as `docs/plans.md` counts them."""
        d, dh = self.shape[2], self.head_size
        total = 0
        for layer in self.layers:
            q, v, o = (layer.heads[p] for p in PROJECTIONS)
            total += sum(r * (d + dh) + (dh if r else 0) for r in q)
            total += sum(2 * r * dh + (dh if r else 0) for r in v)
            total += sum(r * dh for r in o) + d * sum(o) + (d if sum(o) else 0)
            total += sum(2 * d * layer.shared[p] for p in PROJECTIONS)
        return total


def _bits(value):
    return format(struct.unpack("<I", struct.pack("<f", value))[0], "x")


def _float_text(value):
    """A float32 value as Swift prints a `Float`: the shortest text that reads back to it."""
    return str(numpy.float32(value))


def preset(name, shape, task_head="pooler"):
    """The plan of preset `name` (paper-nlu, paper-nlg, lora-rN, lora-qvo-rN, uniform-N, none) for `shape`."""
    init = "houlsby"
    if name == "paper-nlu":
        per_head, shared = (1, 2, 2), (2, 4, 4)
    elif name == "paper-nlg":
        per_head, shared = (3, 8, 8), (12, 8, 8)
    elif name == "none":
        per_head, shared = (0, 0, 0), (0, 0, 0)
    elif match := re.fullmatch(r"lora-qvo-r([1-9][0-9]*)", name):
        rank = int(match.group(1))
        per_head, shared, init = (0, 0, 0), (rank, rank, rank), "lora"
    elif match := re.fullmatch(r"lora-r([1-9][0-9]*)", name):
        rank = int(match.group(1))
        per_head, shared, init = (0, 0, 0), (rank, rank, 0), "lora"
    elif match := re.fullmatch(r"uniform-([0-9]+)", name):
        rank = int(match.group(1))
        per_head, shared = (rank, rank, rank), (0, 0, 0)
    else:
        raise PlanError(f"unknown preset {name!r}; known: paper-nlu, paper-nlg, lora-rN, lora-qvo-rN, uniform-N, none")
    layers, heads, hidden = shape
    budgets = [LayerBudget(heads={p: [r] * heads for p, r in zip(PROJECTIONS, per_head)},
                           shared=dict(zip(PROJECTIONS, shared))) for _ in range(layers)]
    plan = Plan(shape=tuple(shape), layers=budgets, init=init, task_head=task_head)
    check_fits(plan, f"preset {name}")
    return plan


def check_fits(plan, source):
    """Refuses ranks larger than the model allows (a head's rank at most its size, a shared rank at most d)."""
    for index, layer in enumerate(plan.layers):
        for p in PROJECTIONS:
            for head, rank in enumerate(layer.heads[p]):
                if not 0 <= rank <= plan.head_size:
                    raise PlanError(f"{source} gives layer {index} {p} head {head} rank {rank}, but this model's "
                                    f"heads have {plan.head_size} dimensions")
            if not 0 <= layer.shared[p] <= plan.shape[2]:
                raise PlanError(f"{source} gives layer {index} shared {p} rank {layer.shared[p]}, but this model's "
                                f"hidden size is {plan.shape[2]}")


def load(path, shape=None):
    """Reads a plan file; with `shape` (layers, heads, hidden size) checks it against the model."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as error:
        raise PlanError(f"the plan {path} cannot be read: {error.strerror}") from None
    return decode(text, str(path), shape)


def decode(text, source, shape=None):
    """Parses plan JSON (`source` names it in errors)."""
    def fail(where, reason):
        raise PlanError(f"the plan {source} is invalid at {where}: {reason}")

    try:
        root = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise PlanError(f"the plan {source} cannot be read: it is not valid JSON "
                        f"(near line {error.lineno}, column {error.colno})") from None
    except _DuplicateKey as error:
        raise PlanError(f"the plan {source} is invalid: the key {error.args[0]!r} appears more than once") from None
    if not isinstance(root, dict):
        fail("$", "a plan is a JSON object")
    for key in root:
        if key not in PLAN_KEYS:
            fail(f"$.{key}", f"unknown key {key!r}")
    for key in ("kmix_plan", "model", "layers"):
        if key not in root:
            fail("$", f"the required key {key!r} is missing")
    if root["kmix_plan"] != 1 or isinstance(root["kmix_plan"], bool):
        fail("$.kmix_plan", "the format version must be 1")
    model = root["model"]
    if not isinstance(model, dict) or set(model) != {"layers", "heads", "hidden_size"}:
        fail("$.model", "it must hold exactly 'layers', 'heads' and 'hidden_size'")
    plan_shape = (_integer(model["layers"], "$.model.layers", fail), _integer(model["heads"], "$.model.heads", fail),
                  _integer(model["hidden_size"], "$.model.hidden_size", fail))
    if shape is not None:
        for name, mine, theirs in zip(("layers", "heads", "hidden_size"), plan_shape, shape):
            if mine != theirs:
                fail(f"$.model.{name}", f"the plan is for a model with {name} {mine}, but this model has {theirs}")
    init = root.get("init", "houlsby")
    if init not in INITS:
        fail("$.init", f"init must be houlsby or lora, not {init!r}")
    dropout = root.get("dropout", 0.1)
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
        fail("$.dropout", "the dropout must be a number at least 0 and below 1")
    task_head = root.get("task_head", "pooler")
    if task_head not in TASK_HEADS:
        fail("$.task_head", f"task_head must be one of {', '.join(TASK_HEADS)}, not {task_head!r}")
    train_pooler = root.get("train_pooler", False)
    if not isinstance(train_pooler, bool):
        fail("$.train_pooler", "train_pooler must be true or false")
    alpha = root.get("lora_alpha")
    if alpha is not None and (isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or alpha <= 0):
        fail("$.lora_alpha", "lora_alpha must be a positive number")
    layers = root["layers"]
    if not isinstance(layers, list) or len(layers) != plan_shape[0]:
        fail("$.layers", f"there must be one entry per layer ({plan_shape[0]})")
    budgets = []
    for index, layer in enumerate(layers):
        where = f"$.layers[{index}]"
        if not isinstance(layer, dict):
            fail(where, "a layer is a JSON object")
        for key in layer:
            if key not in ("q", "v", "o", "shared"):
                fail(f"{where}.{key}", f"unknown key {key!r}")
        heads = {}
        for p in PROJECTIONS:
            if p not in layer:
                fail(where, f"the required key {p!r} is missing")
            ranks = layer[p]
            if not isinstance(ranks, list) or len(ranks) != plan_shape[1]:
                fail(f"{where}.{p}", f"there must be one rank per head ({plan_shape[1]})")
            heads[p] = [_integer(r, f"{where}.{p}[{h}]", fail, minimum=0) for h, r in enumerate(ranks)]
        shared_node = layer.get("shared", {})
        if not isinstance(shared_node, dict) or any(k not in PROJECTIONS for k in shared_node):
            fail(f"{where}.shared", "shared holds ranks 'q', 'v' and 'o' only")
        shared = {p: _integer(shared_node.get(p, 0), f"{where}.shared.{p}", fail, minimum=0) for p in PROJECTIONS}
        budgets.append(LayerBudget(heads=heads, shared=shared))
    plan = Plan(shape=plan_shape, layers=budgets, init=init, dropout=float(dropout), task_head=task_head,
                train_pooler=train_pooler, lora_alpha=None if alpha is None else float(alpha),
                description=root.get("description"), provenance=root.get("provenance"))
    check_fits(plan, f"the plan {source}")
    return plan


def _integer(value, where, fail, minimum=1):
    if isinstance(value, bool) or not isinstance(value, int):
        fail(where, f"{value!r} is not an integer")
    if value < minimum:
        fail(where, f"{value} is {'negative' if value < 0 else 'too small'}")
    return value


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise _DuplicateKey(key)
    return dict(pairs)
