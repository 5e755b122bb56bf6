"""Training across processes on this CPU machine (gloo): two processes with a global batch of 32 give the loss curve
of one process with batch 32; a distributed run resumes from its checkpoint; `accelerate launch` starts the same
run. Dropout is off (the models' and the plan's) so that the curves are comparable step by step."""
import shutil
import subprocess
import sys

import pytest

from conftest import checkout_environment, events, plan_file, quiet_copy, run_train, torchrun, worst_relative

STEPS = 50
TOLERANCE = 1e-5  # measured: 1.3e-7 on the loss, 8.2e-7 on the gradient norm


@pytest.fixture(scope="module")
def quiet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("distributed")
    model = quiet_copy("tiny-roberta", folder)
    return folder, model, plan_file(folder, model, "paper-nlu", dropout=0.0)


def arguments(model, plan, out, *extra):
    return ("--model", model, "--plan", plan, "--task", "sst2", "--max-train-rows", "1000", "--max-steps", STEPS,
            "--batch-size", "32", "--out", out, *extra)


@pytest.fixture(scope="module")
def single_and_pair(quiet):
    folder, model, plan = quiet
    single, pair = folder / "one-process", folder / "two-processes"
    status, output = run_train(*arguments(model, plan, single))
    assert status == 0, output
    result = torchrun(2, *arguments(model, plan, pair, "--save-every", "25"))
    assert result.returncode == 0, result.stderr
    return single, pair


def test_two_processes_give_the_curve_of_one(single_and_pair):
    single, pair = single_and_pair
    assert len(events(pair, "step")) == STEPS
    assert worst_relative(events(single, "step"), events(pair, "step"), "loss") < TOLERANCE
    assert worst_relative(events(single, "step"), events(pair, "step"), "grad_norm") < TOLERANCE
    assert worst_relative(events(single, "eval"), events(pair, "eval"), "loss") < TOLERANCE


def test_a_distributed_run_resumes_from_its_checkpoint(single_and_pair, tmp_path):
    _, pair = single_and_pair
    resumed = tmp_path / "resumed"
    shutil.copytree(pair, resumed)
    shutil.rmtree(resumed / "checkpoints" / f"step-{STEPS}")
    result = torchrun(2, "--resume", resumed)
    assert result.returncode == 0, result.stderr
    steps = events(resumed, "step")
    assert [e["step"] for e in steps] == list(range(1, STEPS + 1)), "metrics.jsonl records every step once"
    assert worst_relative(steps[25:], events(pair, "step")[25:], "loss") < 1e-6  # measured: 0 (bit for bit)


def test_accelerate_launch_trains_the_same_run(quiet, single_and_pair):
    folder, model, plan = quiet
    _, pair = single_and_pair
    out = folder / "accelerate"
    command = [sys.executable, "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", "2",
               "--num_machines", "1", "--mixed_precision", "no", "--dynamo_backend", "no", "--main_process_port",
               "29731", "-m", "kmix_torch.train", *map(str, arguments(model, plan, out, "--device", "cpu"))]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=checkout_environment())
    assert result.returncode == 0, result.stderr
    assert worst_relative(events(pair, "step"), events(out, "step"), "loss") < TOLERANCE
