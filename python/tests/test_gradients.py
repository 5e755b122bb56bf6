"""Autograd through kmix_torch's models against central finite differences in float64, on every family and task
head: for each trainable tensor, the entry of largest |gradient| agrees within 1e-6 relative (or 1e-9 absolute, the
finite differences' own rounding floor with a step of 1e-6, for tensors whose largest gradient is tiny)."""
import numpy
import pytest
import torch
import torch.nn.functional as F
from transformers import BertConfig, BertModel

from conftest import FAMILIES
from kmix_torch import families
from kmix_torch import plan as plans
from kmix_torch.model import KernelMixClassifier, KernelMixLM

STEP, TOLERANCE, FLOOR = 1e-6, 1e-6, 1e-9


def ragged(shape, **settings):
    layers, heads, _ = shape
    plan = plans.preset("uniform-0", shape)
    for index, layer in enumerate(plan.layers):
        layer.heads = {"q": [(h + index) % 3 for h in range(heads)], "v": [(2 * h + index) % 4 for h in range(heads)],
                       "o": [(h + 2 * index) % 3 for h in range(heads)]}
        layer.shared = {"q": index % 3, "v": 2, "o": (index + 1) % 2}
    plan.dropout = 0.0
    for key, value in settings.items():
        setattr(plan, key, value)
    return plan


def tiny_bert():
    torch.manual_seed(0)
    config = BertConfig(vocab_size=50, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                        intermediate_size=48, max_position_embeddings=40, hidden_dropout_prob=0.0,
                        attention_probs_dropout_prob=0.0)
    module = BertModel(config).eval()
    pooler = (module.pooler.dense.weight.detach().clone(), module.pooler.dense.bias.detach().clone())
    module.pooler = None
    return families.BaseModel(folder="tiny-bert", family="bert", module=module, tokenizer=None, pooler=pooler)


def draw(model, seed=5):
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _, parameter, _, _ in model.entries():
            parameter.copy_(torch.randn(parameter.shape, generator=generator, dtype=parameter.dtype) * 0.2)


def check(model, loss_of):
    model.zero_grad()
    loss_of().backward()
    for name, parameter, index, _ in model.entries():
        if not parameter.requires_grad:
            continue
        view = parameter[index] if index else parameter
        gradient = (parameter.grad[index] if index else parameter.grad).detach().clone()
        flat = int(gradient.abs().argmax())
        position = tuple(int(i) for i in numpy.unravel_index(flat, tuple(view.shape)))
        analytic = gradient.reshape(-1)[flat].item()
        values = []
        with torch.no_grad():
            original = view[position].item()
            for sign in (1, -1):
                if index:
                    parameter[index][position] = original + sign * STEP
                else:
                    parameter[position] = original + sign * STEP
                values.append(loss_of().item())
            if index:
                parameter[index][position] = original
            else:
                parameter[position] = original
        numeric = (values[0] - values[1]) / (2 * STEP)
        error = abs(numeric - analytic) / max(abs(analytic), 1e-12)
        assert error < TOLERANCE or abs(numeric - analytic) < FLOOR, \
            f"{name}: autograd {analytic}, finite difference {numeric}"


def batch(vocabulary, lengths, pad, seed=3):
    generator = torch.Generator().manual_seed(seed)
    ids = torch.full((len(lengths), max(lengths)), pad)
    mask = torch.zeros_like(ids)
    for row, length in enumerate(lengths):
        ids[row, :length] = torch.randint(3, vocabulary, (length,), generator=generator)
        mask[row, :length] = 1
    return ids, mask


@pytest.mark.parametrize("head, train_pooler, alpha", [("pooler", True, 4.0), ("mean", False, None),
                                                       ("cls", False, None)])
def test_bert_classifier_gradients(head, train_pooler, alpha):
    base = tiny_bert()
    model = KernelMixClassifier(base, ragged(base.shape, task_head=head, train_pooler=train_pooler, lora_alpha=alpha),
                                labels=3).double().eval()
    draw(model)
    ids, mask = batch(50, [5, 9, 7], 0)
    labels = torch.tensor([0, 2, 1])
    check(model, lambda: F.cross_entropy(model(ids, mask), labels))


def test_roberta_classifier_gradients():
    base = families.load(str(FAMILIES / "tiny-roberta"))
    model = KernelMixClassifier(base, ragged(base.shape, task_head="pooler", train_pooler=True), labels=2)
    model = model.double().eval()
    draw(model)
    ids, mask = batch(2000, [6, 11, 4], base.pad_id)
    check(model, lambda: F.cross_entropy(model(ids, mask), torch.tensor([1, 0, 1])))


def test_gpt2_last_token_classifier_gradients():
    base = families.load(str(FAMILIES / "tiny-gpt2"))
    model = KernelMixClassifier(base, ragged(base.shape, task_head="last"), labels=2).double().eval()
    draw(model)
    ids, mask = batch(2000, [6, 11, 4], base.pad_id)
    check(model, lambda: F.cross_entropy(model(ids, mask), torch.tensor([1, 0, 1])))


def test_gpt2_target_loss_gradients_with_label_smoothing():
    base = families.load(str(FAMILIES / "tiny-gpt2"), language_model=True)
    model = KernelMixLM(base, ragged(base.shape, lora_alpha=8.0)).double().eval()
    draw(model)
    ids, mask = batch(2000, [6, 11, 9], 0)
    starts = torch.tensor([2, 5, 9])  # the third sequence has no target token
    check(model, lambda: KernelMixLM.target_loss(model(ids, mask), ids, mask, starts, 0.1))
