"""Bad input gets one sentence naming what is wrong and where, exit status 2, and changes no file; a stop signal
ends a run after its current step, evaluated and saved."""
import shutil
import signal
import subprocess
import sys

import pytest

from conftest import FAMILIES, checkout_environment, events, plan_file, run_train

ROBERTA, GPT2 = str(FAMILIES / "tiny-roberta"), str(FAMILIES / "tiny-gpt2")


def refused(*arguments):
    status, output = run_train(*arguments)
    assert status == 2, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), output
    return lines[0]


@pytest.fixture
def tsv(tmp_path):
    def write(name, text):
        path = tmp_path / name
        path.write_text(text)
        return str(path)
    return write


def test_missing_training_file(tmp_path):
    assert "nowhere.tsv does not exist" in refused("--model", ROBERTA, "--train", tmp_path / "nowhere.tsv",
                                                   "--out", tmp_path / "run")


def test_a_row_with_too_many_fields(tmp_path, tsv):
    train = tsv("train.tsv", "sentence\tlabel\ngood\t1\nbad\t0\textra\n")
    assert "train.tsv line 3 has 3 fields, the header has 2" in refused("--model", ROBERTA, "--train", train,
                                                                        "--out", tmp_path / "run")


def test_a_dev_label_the_training_data_lacks(tmp_path, tsv):
    train = tsv("train.tsv", "sentence\tlabel\ngood\t1\nbad\t0\n")
    dev = tsv("dev.tsv", "sentence\tlabel\nfine\t1\nodd\t7\n")
    assert "dev.tsv line 3 has label '7'; the labels are 0, 1" in refused(
        "--model", ROBERTA, "--train", train, "--dev", dev, "--out", tmp_path / "run")


def test_a_plan_for_another_model(tmp_path):
    plan = plan_file(tmp_path, GPT2, "paper-nlu")
    message = refused("--model", ROBERTA, "--task", "sst2", "--plan", plan, "--out", tmp_path / "run")
    assert ("plan.json is invalid at $.model.layers: the plan is for a model with layers 3, but this model has 2"
            in message)


def test_plan_and_preset_together(tmp_path):
    plan = plan_file(tmp_path, ROBERTA, "paper-nlu")
    assert "either --plan or --preset" in refused("--model", ROBERTA, "--task", "sst2", "--plan", plan, "--preset",
                                                  "lora-r8", "--out", tmp_path / "run")


def test_generation_on_an_encoder(tmp_path):
    assert "is an encoder (roberta); generation needs a GPT-2 model" in refused(
        "--model", ROBERTA, "--task", "e2e", "--out", tmp_path / "run")


def test_a_source_that_leaves_no_room_for_a_target(tmp_path):
    assert "the source has" in refused("--model", GPT2, "--task", "e2e", "--max-length", "4", "--out", tmp_path / "r")


def test_a_folder_that_is_not_a_run(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    assert "is not empty (it holds notes.txt) and is not a run" in refused("--model", ROBERTA, "--task", "sst2",
                                                                           "--out", tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.fixture
def finished_run(tmp_path):
    run = tmp_path / "run"
    status, output = run_train("--model", ROBERTA, "--task", "sst2", "--max-train-rows", "64", "--max-steps", "4",
                               "--save-every", "2", "--out", run)
    assert status == 0, output
    return run


def test_resume_refuses_new_settings_and_a_complete_run(finished_run):
    assert "--lr cannot be given with it" in refused("--resume", finished_run, "--lr", "0.1")
    assert "is already complete (step 4 of 4)" in refused("--resume", finished_run)


def test_resume_without_a_checkpoint(finished_run):
    shutil.rmtree(finished_run / "checkpoints")
    assert "has no checkpoint to resume from" in refused("--resume", finished_run)


def test_resume_from_a_damaged_checkpoint_changes_nothing(finished_run):
    shutil.rmtree(finished_run / "checkpoints" / "step-4")
    damaged = finished_run / "checkpoints" / "step-2" / "adapter_model.safetensors"
    damaged.write_bytes(damaged.read_bytes()[:100])
    before = {p: p.read_bytes() for p in finished_run.rglob("*") if p.is_file()}
    assert "the checkpoint" in refused("--resume", finished_run)
    assert before == {p: p.read_bytes() for p in finished_run.rglob("*") if p.is_file()}


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_after_the_step_then_evaluates_and_saves(tmp_path, stop):
    run = tmp_path / "run"
    command = [sys.executable, "-m", "kmix_torch.train", "--model", ROBERTA, "--task", "sst2", "--max-steps", "5000",
               "--max-train-rows", "2000", "--out", str(run)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=checkout_environment())
    for line in process.stdout:
        if line.startswith("step 3/"):
            process.send_signal(stop)
            break
    output = process.stdout.read()
    assert process.wait(timeout=120) == 130, output
    steps = events(run, "step")
    last = steps[-1]["step"]
    assert 3 <= last < 5000 and events(run, "eval")[-1]["step"] == last
    assert (run / "checkpoints" / f"step-{last}" / "trainer_state.json").exists()
    assert f"stopped after {last} steps" in output
