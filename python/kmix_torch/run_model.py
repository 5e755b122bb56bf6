"""A trained run as a PyTorch model: the base model its `config.json` names, its `plan.json` and its
`adapters.safetensors` (a run kmix or kmix_torch wrote)."""
from pathlib import Path

from safetensors import SafetensorError
from safetensors.torch import load_file

from . import families
from . import plan as plans
from .model import KernelMixClassifier, KernelMixLM, assign_tensors
from .runs import RunError, read_config


def load_run(folder):
    """(model in evaluation mode, its base model, the run's configuration) of the run in `folder`."""
    folder = Path(folder)
    configuration = read_config(folder)
    generation = configuration.get("source_column") is not None
    base = families.load(configuration["model"], language_model=generation)
    plan = plans.load(folder / "plan.json", base.shape)
    if generation:
        model = KernelMixLM(base, plan)
    else:
        model = KernelMixClassifier(base, plan, len(configuration["label_values"]))
    path = folder / "adapters.safetensors"
    try:
        tensors = load_file(str(path))
    except (OSError, SafetensorError) as error:
        raise RunError(f"{path} cannot be read ({error})") from None
    try:
        assign_tensors(model, tensors, what=str(path))
    except ValueError as error:
        raise RunError(str(error)) from None
    return model.eval(), base, configuration
