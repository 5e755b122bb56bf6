"""Plans: kmix's presets, file format, identity and errors."""
import json

import pytest

from kmix_torch import plan as plans

MINILM = (6, 12, 384)


@pytest.mark.parametrize("name, count", [("paper-nlu", 152_064), ("lora-r8", 73_728), ("lora-qvo-r11", 152_064),
                                         ("none", 0)])
def test_preset_parameter_counts_are_kmixs(name, count):
    assert plans.preset(name, MINILM).adapter_parameter_count() == count


def test_a_plan_file_reads_back_and_its_identity_ignores_layout_and_description():
    plan = plans.preset("paper-nlg", MINILM, "cls")
    plan.layers[2].heads["v"][5] = 0
    plan.lora_alpha = 16.0
    again = plans.decode(plan.encoded(), "again.json")
    assert again == plan
    relaid = json.loads(plan.encoded())
    relaid["description"] = "the same plan, written on one line"
    assert plans.decode(json.dumps(relaid), "relaid.json").identity_hash() == plan.identity_hash()
    plan.layers[2].heads["v"][5] = 1
    assert plan.identity_hash() != again.identity_hash()


@pytest.mark.parametrize("change, message", [
    (lambda p: p["layers"][1]["q"].__setitem__(3, -1), "$.layers[1].q[3]: -1 is negative"),
    (lambda p: p["layers"][0]["v"].__setitem__(0, 40), "rank 40, but this model's heads have 32 dimensions"),
    (lambda p: p.__setitem__("colour", "blue"), "$.colour: unknown key 'colour'"),
    (lambda p: p["model"].__setitem__("layers", 12), "the plan is for a model with layers 12, but this model has 6"),
    (lambda p: p.__setitem__("dropout", 1.5), "$.dropout"),
    (lambda p: p.__setitem__("task_head", "pool"), "task_head must be one of"),
    (lambda p: p["layers"][0]["shared"].__setitem__("q", 2.0), "$.layers[0].shared.q: 2.0 is not an integer"),
])
def test_a_bad_plan_is_refused_with_its_place(change, message):
    plan = json.loads(plans.preset("paper-nlu", MINILM).encoded())
    change(plan)
    with pytest.raises(plans.PlanError, match=None) as raised:
        plans.decode(json.dumps(plan), "bad.json", MINILM)
    assert "bad.json" in str(raised.value) and message in str(raised.value)


def test_text_that_is_not_json_names_line_and_column():
    with pytest.raises(plans.PlanError) as raised:
        plans.decode('{\n  "kmix_plan": 1,\n  "model": {', "broken.json")
    assert "broken.json cannot be read: it is not valid JSON (near line 3" in str(raised.value)


def test_a_key_given_twice_is_refused():
    with pytest.raises(plans.PlanError, match="'init' appears more than once"):
        plans.decode('{"kmix_plan": 1, "init": "lora", "init": "houlsby"}', "twice.json")
