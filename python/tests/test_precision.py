"""Mixed precision (`--precision bf16|fp16`): autocast runs the forward pass in 16 bits while the adapters, AdamW and
the run folder stay float32. On this CPU machine the curve follows float32's within 16-bit rounding (GPUs: untested,
docs/scale-out.md)."""
import pytest
from safetensors.torch import load_file

from conftest import events, kmix_run, plan_file, quiet_copy, run_train, worst_relative


@pytest.mark.parametrize("precision", ["bf16", "fp16"])
def test_a_mixed_precision_run_follows_float32(kmix, tmp_path, precision):
    model = quiet_copy("tiny-roberta", tmp_path)
    plan = plan_file(tmp_path, model, "paper-nlu", dropout=0.0)
    runs = {}
    for chosen in ("fp32", precision):
        runs[chosen] = tmp_path / chosen
        status, output = run_train("--model", model, "--plan", plan, "--task", "sst2", "--max-train-rows", "300",
                                   "--max-steps", "10", "--precision", chosen, "--out", runs[chosen])
        assert status == 0, output
    assert worst_relative(events(runs["fp32"], "step"), events(runs[precision], "step"), "loss") < 2e-2
    assert all(t.dtype.is_floating_point and t.element_size() == 4
               for t in load_file(runs[precision] / "adapters.safetensors").values())
    assert "accuracy" in kmix_run(kmix, "eval", "--run", runs[precision]).stdout
