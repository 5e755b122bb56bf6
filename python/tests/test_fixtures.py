"""kmix_torch recomputes, in float64, the committed PyTorch fixtures the Swift engine is tested against
(`Tests/KMixTests/Fixtures`): Kernel-mix on all-MiniLM-L6-v2 (`kernelmix-ragged`), tiny RoBERTa
(`roberta-kernelmix`) and tiny GPT-2 (`gpt2-kernelmix`, the target loss with label smoothing). The fixtures hold
float32 roundings of a float64 computation, so the logits agree within 1e-6 and the gradients within 1e-5 relative;
the Swift engine meets 1e-4 and 1e-3 on the same fixtures (`KernelMixParityTests`, `KernelMixRoBERTaParityTests`,
`FamilyParityTests`)."""
import json

import torch
import torch.nn.functional as F
from safetensors.torch import load_file

from conftest import FAMILIES, FIXTURES
from kmix_torch import families
from kmix_torch import plan as plans
from kmix_torch.model import KernelMixClassifier, KernelMixLM, assign_tensors


def relative(mine, expected):
    return ((mine.double() - expected.double()).norm() / expected.double().norm().clamp(min=1e-30)).item()


def test_minilm_ragged_plan(minilm):
    reference = load_file(FIXTURES / "kernelmix-ragged.safetensors")
    base = families.load(minilm)
    plan = plans.preset("none", base.shape, "pooler")
    plan.dropout = 0.0
    for l, layer in enumerate(plan.layers):
        layer.heads = {"q": [(h + l) % 3 for h in range(12)], "v": [(2 * h + l) % 4 for h in range(12)],
                       "o": [(h + 2 * l) % 3 for h in range(12)]}
        layer.shared = {"q": 2, "v": 4, "o": 3}
    model = KernelMixClassifier(base, plan, labels=2).double().eval()
    assign_tensors(model, {name: reference["param." + name.removeprefix("head.")] for name, *_ in model.entries()})
    logits = model(reference["input.input_ids"], reference["input.attention_mask"])
    loss = F.cross_entropy(logits, reference["input.labels"])
    loss.backward()
    assert (logits.float() - reference["output.logits"]).abs().max() < 1e-6
    assert abs(loss.item() - reference["output.loss"].item()) < 1e-6
    for name, parameter, index, _ in model.entries():
        gradient = parameter.grad[index] if index else parameter.grad
        assert relative(gradient, reference["grad." + name.removeprefix("head.")]) < 1e-5, name
    assert plan.adapter_parameter_count() == 113_856


def padded(reference, pad):
    ids = reference["input_ids"].clone()
    mask = (torch.arange(ids.shape[1])[None, :] < reference["lengths"][:, None]).long()
    ids[mask == 0] = pad
    return ids, mask


def test_roberta_ragged_plan_with_lora_alpha_and_a_trained_pooler():
    reference = load_file(FAMILIES / "roberta-kernelmix.safetensors")
    description = json.loads((FAMILIES / "roberta-kernelmix.json").read_text())["plan"]
    base = families.load(str(FAMILIES / "tiny-roberta"))
    text = json.dumps({"kmix_plan": 1, "model": {"layers": 2, "heads": 4, "hidden_size": 64}, "dropout": 0.0,
                       "task_head": "pooler", "train_pooler": True, "lora_alpha": description["lora_alpha"],
                       "layers": description["layers"]})
    plan = plans.decode(text, "fixture")
    model = KernelMixClassifier(base, plan, labels=2).double().eval()
    assign_tensors(model, {name: reference[name] for name, *_ in model.entries()})
    ids, mask = padded(reference, base.pad_id)
    logits = model(ids, mask)
    F.cross_entropy(logits, reference["labels"]).backward()
    assert (logits.float() - reference["logits"]).abs().max() < 1e-6
    for name, parameter, index, _ in model.entries():
        gradient = parameter.grad[index] if index else parameter.grad
        assert relative(gradient, reference["grad." + name]) < 1e-5, name


def test_gpt2_target_loss_with_label_smoothing():
    reference = load_file(FAMILIES / "gpt2-kernelmix.safetensors")
    description = json.loads((FAMILIES / "gpt2-kernelmix.json").read_text())
    base = families.load(str(FAMILIES / "tiny-gpt2"), language_model=True)
    plan = plans.preset("none", base.shape)
    plan.dropout = 0.0
    for layer, budget in zip(plan.layers, description["plan"]["layers"]):
        layer.heads = {p: list(budget[p]) for p in ("q", "v", "o")}
        layer.shared = dict(budget["shared"])
    model = KernelMixLM(base, plan).double().eval()
    trained = [entry for entry in model.entries() if entry[1].requires_grad]
    assert len(model.entries()) - len(trained) == 2, "only kmix's empty classifier does not train"
    assign_tensors(model, {name: reference[name] if name in reference else parameter.detach()
                           for name, parameter, *_ in model.entries()})
    ids, mask = padded(reference, 0)
    logits = model(ids, mask)
    loss = KernelMixLM.target_loss(logits, ids, mask, description["target_starts"], description["label_smoothing"])
    loss.backward()
    assert abs(loss.item() - reference["target_loss"].item()) < 1e-6
    for name, parameter, index, _ in trained:
        gradient = parameter.grad[index] if index else parameter.grad
        assert relative(gradient, reference["target_grad." + name]) < 1e-5, name
