"""Training data as kmix reads it: the task presets (SST-2, E2E) and their folders, labelled TSV/CSV/JSON Lines files
with columns chosen by header name, kmix's label order, and the token sequences kmix trains on (a classifier's
`[CLS] text [SEP]`; a generation run's source tokens, then " target" and the end-of-text token)."""
import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path


class DataError(ValueError):
    """Data that cannot be used, in one sentence naming the file and the line."""


@dataclass(frozen=True)
class Task:
    name: str
    folders: tuple
    layouts: tuple  # ((train file, dev file), ...) in the order tried
    labels: tuple = None  # (values, names) of a classification task
    columns: tuple = None  # (source, target) of a generation task
    evaluation_file: str = None


TASKS = {
    "sst2": Task("sst2", ("sst2", "SST-2"), (("train.tsv", "dev.tsv"),), labels=(("0", "1"), ("negative", "positive"))),
    "e2e": Task("e2e", ("e2e", "e2e-dataset"), (("trainset.csv", "devset.csv"), ("devset.csv", "testset_w_refs.csv")),
                columns=("mr", "ref"), evaluation_file="testset_w_refs.csv"),
}
TEXT_COLUMNS = ("sentence", "content", "text", "sentence1")


def shipped_data():
    """kmix's shipped sample data (`Datasets/` of the repository), found above the working directory or this
    package, or None."""
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            if (folder / "Datasets").is_dir() and (folder / "Package.swift").exists():
                return folder / "Datasets"
    return None


def locate(task_name, data_folder=None):
    """(train file, dev file, evaluation file or None) of a task: in `data_folder` only when given, else the first of
    $KMIX_DATA, ./data and the shipped sample that holds them (in a sub-folder named after the task)."""
    task = TASKS.get(task_name)
    if task is None:
        raise DataError(f"unknown task {task_name!r}; known: {', '.join(TASKS)}")
    if data_folder is not None:
        searched = [Path(data_folder)]
        candidates = [Path(data_folder)] + [Path(data_folder) / f for f in task.folders]
    else:
        searched = [Path(p) for p in (os.environ.get("KMIX_DATA"), "data") if p] + [p for p in [shipped_data()] if p]
        candidates = [folder / f for folder in searched for f in task.folders]
    for folder in candidates:
        for train, dev in task.layouts:
            if (folder / train).is_file() and (folder / dev).is_file():
                evaluation = folder / task.evaluation_file if task.evaluation_file else None
                return (str((folder / train).resolve()), str((folder / dev).resolve()),
                        str(evaluation.resolve()) if evaluation and evaluation.is_file() else None)
    hint = "" if data_folder is not None or shipped_data() is not None else (
        "; kmix's shipped sample is found from inside a kmix checkout, else give --data DIR or set $KMIX_DATA")
    raise DataError(f"no {task.layouts[0][0]} and {task.layouts[0][1]} for {task_name} in "
                    + ", ".join(str(p.resolve()) for p in searched) + hint)


def read_table(path):
    """(header, [(line, values)]) of a TSV (tab-separated, no quoting), CSV or JSON Lines file with a header."""
    suffix = Path(path).suffix.lower()
    try:
        with open(path, newline="", encoding="utf-8") as f:
            if suffix == ".jsonl":
                return _read_json_lines(f, path)
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if suffix == ".tsv" else csv.reader(f)
            rows = [(reader.line_num, row) for row in reader]
    except FileNotFoundError:
        raise DataError(f"{path} does not exist") from None
    except UnicodeDecodeError as error:
        raise DataError(f"{path} is not UTF-8 text (byte {error.start})") from None
    except csv.Error as error:
        raise DataError(f"{path} cannot be read as {suffix[1:].upper()}: {error}") from None
    if not rows:
        raise DataError(f"{path} is empty; it needs a header line")
    (_, header), body = rows[0], [(line, row) for line, row in rows[1:] if row]
    for line, row in body:
        if len(row) != len(header):
            raise DataError(f"{path} line {line} has {len(row)} fields, the header has {len(header)}")
    return header, body


def _read_json_lines(f, path):
    header, body = None, []
    for number, text in enumerate(f, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError:
            raise DataError(f"{path} line {number} is not a JSON object") from None
        if header is None:
            header = list(record)
        body.append((number, [str(record.get(k, "")) for k in header]))
    if header is None:
        raise DataError(f"{path} holds no records")
    return header, body


def column(header, name, path, role, defaults=()):
    """The position of column `name` (or of the first of `defaults` present)."""
    if name is not None:
        if name not in header:
            raise DataError(f"{path} has no {role} column {name!r}; its columns are {', '.join(header)}")
        return header.index(name)
    for candidate in defaults:
        if candidate in header:
            return header.index(candidate)
    raise DataError(f"{path} has no {role} column ({' or '.join(defaults)}); its columns are {', '.join(header)}")


@dataclass
class Classification:
    """Labelled texts: `texts`, `pairs` (or None), class indices `labels`, and the label set."""
    texts: list
    pairs: list
    labels: list
    values: list
    names: list


def read_classification(path, text_column=None, pair_column=None, label_column=None, labels=None, limit=None):
    """The labelled rows of `path`; `labels` (values, names) fixes the classes, else they are the file's distinct
    values sorted (numerically when all are integers)."""
    header, body = read_table(path)
    text = column(header, text_column, path, "text", TEXT_COLUMNS)
    pair = column(header, pair_column, path, "pair") if pair_column else None
    label = column(header, label_column, path, "label", ("label",))
    body = body[:limit] if limit else body
    if not body:
        raise DataError(f"{path} has no examples")
    raw = [row[label] for _, row in body]
    if labels is None:
        distinct = set(raw)
        try:
            values = sorted(distinct, key=lambda v: (int(v), v))
        except ValueError:
            values = sorted(distinct)
        names = values
    else:
        values, names = list(labels[0]), list(labels[1])
    index = {value: i for i, value in enumerate(values)}
    classes = []
    for (line, _), value in zip(body, raw):
        if value not in index:
            raise DataError(f"{path} line {line} has label {value!r}; the labels are {', '.join(values)}")
        classes.append(index[value])
    for line, row in body:
        if not row[text].strip():
            raise DataError(f"{path} line {line} has an empty text")
    return Classification(texts=[row[text] for _, row in body],
                          pairs=[row[pair] for _, row in body] if pair is not None else None,
                          labels=classes, values=list(values), names=list(names))


def read_pairs(path, source_column, target_column, limit=None):
    """(source, target, line) rows of a generation file."""
    header, body = read_table(path)
    source, target = column(header, source_column, path, "source"), column(header, target_column, path, "target")
    body = body[:limit] if limit else body
    if not body:
        raise DataError(f"{path} has no examples")
    pairs = []
    for line, row in body:
        for value, name in ((row[source], source_column), (row[target], target_column)):
            if not value:
                raise DataError(f"{path} line {line} has an empty {name}")
        pairs.append((row[source], row[target], line))
    return pairs


@dataclass
class Encoded:
    """Token sequences: `ids`, `type_ids`, and either class `labels` or `target_starts`."""
    ids: list
    type_ids: list
    labels: list = None
    target_starts: list = None

    @property
    def lengths(self):
        return [len(row) for row in self.ids]

    def __len__(self):
        return len(self.ids)


def encode_classification(data, tokenizer, max_length):
    """Each text (and pair) tokenised as kmix does, truncated longest-first to `max_length` tokens."""
    arguments = {"truncation": True, "max_length": max_length, "return_token_type_ids": True}
    encoded = (tokenizer(data.texts, data.pairs, **arguments) if data.pairs is not None
               else tokenizer(data.texts, **arguments))
    return Encoded(ids=encoded["input_ids"], type_ids=encoded["token_type_ids"], labels=data.labels)


def encode_generation(pairs, tokenizer, max_length, path):
    """Each pair as the source's tokens, then " target" and the end-of-text token, cut to `max_length`; the target
    starts after the source."""
    eos = tokenizer.eos_token_id
    ids, starts = [], []
    for source, target, line in pairs:
        prompt = tokenizer.encode(source, add_special_tokens=False)
        if not prompt or len(prompt) >= max_length:
            raise DataError(f"{path} line {line}: the source has {len(prompt)} tokens; it must have fewer than "
                            f"--max-length {max_length} to leave room for a target")
        continuation = tokenizer.encode(" " + target, add_special_tokens=False) + [eos]
        ids.append(prompt + continuation[:max_length - len(prompt)])
        starts.append(len(prompt))
    return Encoded(ids=ids, type_ids=[[0] * len(row) for row in ids], target_starts=starts)
