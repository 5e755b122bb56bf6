"""kmix_torch and the Swift engine (the kmix binary) on the same runs: the same initial tensors, the same loss
curve with dropout off, runs read, evaluated, exported and resumed across the two engines."""
import json
import re
import shutil

import pytest
import torch
from safetensors.torch import load_file, save_file

from conftest import FAMILIES, events, kmix_run, plan_file, quiet_copy, run_train, worst_relative
from kmix_torch.run_model import load_run

SENTENCES = ["a gripping , unsentimental film .", "the plot is a mess and the jokes fall flat .",
             "it is not a bad movie at all , just a long one .", "an utterly charming and moving picture ."]
CURVE_TOLERANCE = 1e-5  # measured: 2.6e-7 (RoBERTa, 40 steps), 1.5e-7 (GPT-2 targets, 15 steps)


def train_both(kmix, tmp_path, model, *arguments):
    """The same run trained by kmix (one thread) and by kmix_torch; their folders."""
    swift, torch_run = tmp_path / "kmix", tmp_path / "kmix-torch"
    kmix_run(kmix, "train", "--model", model, *arguments, "--threads", "1", "--out", swift)
    status, output = run_train("--model", model, *arguments, "--out", torch_run)
    assert status == 0, output
    return swift, torch_run


@pytest.mark.parametrize("name, arguments", [
    ("tiny-roberta", ("--task", "sst2", "--max-train-rows", "200")),
    ("tiny-gpt2", ("--task", "sst2", "--max-train-rows", "200", "--preset", "lora-r4")),
    ("tiny-gpt2", ("--task", "e2e", "--max-train-rows", "100")),
])
def test_a_run_starts_from_kmixs_tensors(kmix, tmp_path, name, arguments):
    """The first update has learning rate 0 (warm-up), so the adapters after it are the initial ones."""
    swift, torch_run = train_both(kmix, tmp_path, str(FAMILIES / name), *arguments, "--max-steps", "1")
    mine, theirs = load_file(torch_run / "adapters.safetensors"), load_file(swift / "adapters.safetensors")
    assert mine.keys() == theirs.keys()
    assert all(mine[k].equal(theirs[k]) for k in mine)
    norms, kmix_norms = events(torch_run, "head_norms")[-1], events(swift, "head_norms")[-1]
    for projection in ("q", "v", "o"):
        assert torch.allclose(torch.tensor(norms[projection]), torch.tensor(kmix_norms[projection]), rtol=1e-6)


def test_minilm_starts_from_kmixs_tensors(kmix, tmp_path, minilm):
    swift, torch_run = train_both(kmix, tmp_path, minilm, "--task", "sst2", "--max-train-rows", "64",
                                  "--max-steps", "1")
    mine, theirs = load_file(torch_run / "adapters.safetensors"), load_file(swift / "adapters.safetensors")
    assert mine.keys() == theirs.keys() and all(mine[k].equal(theirs[k]) for k in mine)


@pytest.mark.parametrize("name, preset, arguments", [
    ("tiny-roberta", "paper-nlu", ("--task", "sst2", "--max-train-rows", "600", "--max-steps", "30")),
    ("tiny-gpt2", "paper-nlg", ("--task", "e2e", "--max-train-rows", "300", "--max-steps", "15",
                                "--label-smoothing", "0.1")),
])
def test_with_dropout_off_the_loss_curve_is_kmixs(kmix, tmp_path, name, preset, arguments):
    model = quiet_copy(name, tmp_path)
    plan = plan_file(tmp_path, model, preset, dropout=0.0)
    swift, torch_run = train_both(kmix, tmp_path, model, "--plan", plan, *arguments)
    for kind, key in (("step", "loss"), ("step", "grad_norm"), ("eval", "loss")):
        assert worst_relative(events(swift, kind), events(torch_run, kind), key) < CURVE_TOLERANCE, (kind, key)
    assert events(swift, "eval")[-1]["accuracy"] == events(torch_run, "eval")[-1]["accuracy"]
    # A generation run's samples: kmix's beam search and transformers' generate write the same texts.
    assert events(swift, "samples") == events(torch_run, "samples")


def test_kmix_eval_predict_export_and_verify_read_a_kmix_torch_run(kmix, tmp_path, minilm):
    run = tmp_path / "run"
    status, output = run_train("--model", minilm, "--task", "sst2", "--max-steps", "60", "--out", run)
    assert status == 0, output
    reported = events(run, "eval")[-1]
    assert reported["accuracy"] > reported["majority_accuracy"] + 0.1, "the run learned the task"
    evaluated = kmix_run(kmix, "eval", "--run", run).stdout
    accuracy = float(re.search(r"accuracy ([0-9.]+) %", evaluated).group(1)) / 100
    assert abs(accuracy - reported["accuracy"]) <= 1 / reported["examples"]
    texts = tmp_path / "texts.txt"
    texts.write_text("\n".join(SENTENCES) + "\n")
    predicted = [json.loads(line)["logits"] for line in
                 kmix_run(kmix, "predict", "--run", run, "--input", texts).stdout.splitlines()]
    model, base, _ = load_run(run)
    encoded = base.tokenizer(SENTENCES, padding=True, return_tensors="pt")
    with torch.inference_mode():
        logits = model(encoded["input_ids"], encoded["attention_mask"], encoded["token_type_ids"])
    assert (logits - torch.tensor(predicted)).abs().max() < 1e-4
    for form in ("peft", "merged"):
        kmix_run(kmix, "export", "--run", run, "--format", form, "--out", tmp_path / form)
        verdict = kmix_run(kmix, "verify-export", tmp_path / form, "--run", run, "--sample", "64").stdout
        assert verdict.startswith("pass"), verdict


def interrupted_copy(run, tmp_path, name, step):
    """A copy of `run` as it was when its checkpoint at `step` was the newest."""
    copy = tmp_path / name
    shutil.copytree(run, copy)
    for folder in (copy / "checkpoints").iterdir():
        if int(folder.name.split("-")[1]) > step:
            shutil.rmtree(folder)
    return copy


def test_each_engine_resumes_the_others_run(kmix, tmp_path):
    model = quiet_copy("tiny-roberta", tmp_path)
    plan = plan_file(tmp_path, model, "paper-nlu", dropout=0.0)
    swift, torch_run = train_both(kmix, tmp_path, model, "--plan", plan, "--task", "sst2", "--max-train-rows", "500",
                                  "--max-steps", "24", "--save-every", "12")
    by_kmix = interrupted_copy(torch_run, tmp_path, "resumed-by-kmix", 12)
    kmix_run(kmix, "train", "--resume", by_kmix)
    by_torch = interrupted_copy(swift, tmp_path, "resumed-by-kmix-torch", 12)
    status, output = run_train("--resume", by_torch)
    assert status == 0, output
    for resumed, uninterrupted in ((by_kmix, torch_run), (by_torch, swift)):
        steps = events(resumed, "step")
        assert [e["step"] for e in steps] == list(range(1, 25))
        assert worst_relative(steps[12:], events(uninterrupted, "step")[12:], "loss") < CURVE_TOLERANCE


def test_kmix_reads_a_run_whose_model_is_elsewhere(kmix, tmp_path):
    """A run trained on another machine names a model folder that is not here: `--model` names it, and a model
    with other weights is refused by the checkpoints' base-model hash."""
    model = tmp_path / "model-on-the-gpu-server"
    shutil.copytree(FAMILIES / "tiny-roberta", model)
    run = tmp_path / "run"
    status, output = run_train("--model", model, "--task", "sst2", "--max-train-rows", "64", "--max-steps", "2",
                               "--out", run)
    assert status == 0, output
    here = tmp_path / "model-here"
    model.rename(here)
    assert kmix_run(kmix, "eval", "--run", run, check=False).returncode != 0
    assert "accuracy" in kmix_run(kmix, "eval", "--run", run, "--model", here).stdout
    kmix_run(kmix, "export", "--run", run, "--model", here, "--format", "peft", "--out", tmp_path / "peft")
    assert kmix_run(kmix, "verify-export", tmp_path / "peft", "--run", run, "--model", here).stdout.startswith("pass")
    other = tmp_path / "other-weights"
    shutil.copytree(here, other)
    weights = load_file(other / "model.safetensors")
    weights["roberta.embeddings.word_embeddings.weight"][0, 0] += 1
    save_file(weights, other / "model.safetensors", metadata={"format": "pt"})
    refused = kmix_run(kmix, "eval", "--run", run, "--model", other, check=False)
    assert refused.returncode != 0 and "is not the base model the run was trained on" in refused.stderr


def test_a_model_given_by_id_is_recorded_by_id(tmp_path, minilm):
    run = tmp_path / "run"
    status, output = run_train("--task", "sst2", "--max-train-rows", "32", "--max-steps", "1", "--out", run)
    assert status == 0, output
    assert json.loads((run / "config.json").read_text())["model"] == "sentence-transformers/all-MiniLM-L6-v2"
