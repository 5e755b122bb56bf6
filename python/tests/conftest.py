"""Shared helpers of kmix_torch's tests: the repository's fixture models, the kmix binary (`scripts/build` makes
`.build/release/kmix`; `KMIX_BIN` names another), the default model (`kmix fetch-model` installs it), dropout-free
copies of models, and running `python -m kmix_torch.train` in this process or under torchrun."""
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kmix_torch import families, train
from kmix_torch import plan as plans

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "Tests" / "KMixTests" / "Fixtures"
FAMILIES = FIXTURES / "families"
DROPOUT_KEYS = ("hidden_dropout_prob", "attention_probs_dropout_prob", "resid_pdrop", "attn_pdrop", "embd_pdrop",
                "classifier_dropout")


@pytest.fixture(scope="session")
def kmix():
    path = Path(os.environ.get("KMIX_BIN", REPO / ".build" / "release" / "kmix"))
    if not path.exists():
        pytest.fail(f"the kmix binary {path} is missing; build it with scripts/build (or set KMIX_BIN)")
    return str(path)


@pytest.fixture(scope="session")
def minilm():
    folder = families.resolve("sentence-transformers/all-MiniLM-L6-v2")
    if not os.path.isdir(folder):
        pytest.fail("all-MiniLM-L6-v2 is not installed; run `kmix fetch-model`")
    return folder


def quiet_copy(name, folder):
    """A copy of the fixture model `name` in `folder` with every dropout of its configuration set to 0."""
    target = Path(folder) / f"{name}-no-dropout"
    if not target.exists():
        shutil.copytree(FAMILIES / name, target)
        configuration = json.loads((target / "config.json").read_text())
        for key in DROPOUT_KEYS:
            if key in configuration and configuration[key] is not None:
                configuration[key] = 0.0
        (target / "config.json").write_text(json.dumps(configuration, indent=2))
    return str(target)


def plan_file(folder, model, preset, task_head=None, dropout=None, name="plan.json"):
    """A plan file of `preset` for `model` (with the model's default task head unless given)."""
    base = families.load(model)
    plan = plans.preset(preset, base.shape, task_head or base.default_task_head())
    if dropout is not None:
        plan.dropout = dropout
    path = Path(folder) / name
    path.write_text(plan.encoded())
    return str(path)


def run_train(*arguments):
    """(exit status, printed text) of `python -m kmix_torch.train ARGUMENTS`, run in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = train.main([str(a) for a in arguments])
    return status, out.getvalue() + err.getvalue()


def torchrun(processes, *arguments):
    """`torchrun --nproc_per_node N -m kmix_torch.train ARGUMENTS` (gloo on the CPU); the completed process."""
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", str(processes),
               "--master_port", str(29500 + os.getpid() % 1000), "-m", "kmix_torch.train", *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, env=checkout_environment())


def checkout_environment():
    """This process's environment with this checkout's kmix_torch first on the import path, for child processes."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "python"),
                                                                      os.environ.get("PYTHONPATH")]))}


def kmix_run(kmix, *arguments, check=True):
    """`kmix ARGUMENTS`; the completed process (its failure fails the test when `check`)."""
    result = subprocess.run([kmix, *map(str, arguments)], capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        pytest.fail(f"kmix {' '.join(map(str, arguments))} failed ({result.returncode}): {result.stderr}")
    return result


def events(folder, kind):
    """The `kind` events of a run's metrics.jsonl, in order."""
    with open(Path(folder) / "metrics.jsonl", encoding="utf-8") as f:
        return [e for e in map(json.loads, f) if e["event"] == kind]


def worst_relative(a, b, key):
    """The largest relative difference of `key` between two lists of events of the same steps."""
    assert [e["step"] for e in a] == [e["step"] for e in b]
    return max(abs(x[key] - y[key]) / max(abs(x[key]), 1e-12) for x, y in zip(a, b))
