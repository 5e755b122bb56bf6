"""LoRA through PEFT itself, for `reference.py quality --implementation peft`.

`BertForSequenceClassification` on the checkpoint (its own pooler, frozen), PEFT's `LoraConfig` on
`query` and `value` with rank `rank`, `lora_alpha` = `alpha` (PEFT's default 8, so the update is
scaled by alpha / rank) and `lora_dropout` = `dropout`, and the classifier trained (PEFT's
`SEQ_CLS` task saves it). The wrapper has the interface `training.py` expects of a model:
`forward(ids, mask)` returning logits and `trainable_parameters()`.
"""
import torch
from torch import nn


class PeftClassifier(nn.Module):
    """A PEFT LoRA sequence classifier called as `model(ids, mask)`."""

    def __init__(self, model_dir, rank=8, alpha=8, dropout=0.1, labels=2, seed=42):
        super().__init__()
        from peft import LoraConfig, TaskType, get_peft_model
        from transformers import BertForSequenceClassification

        torch.manual_seed(seed)
        base = BertForSequenceClassification.from_pretrained(model_dir, num_labels=labels,
                                                             attn_implementation="sdpa")
        config = LoraConfig(task_type=TaskType.SEQ_CLS, r=rank, lora_alpha=alpha, lora_dropout=dropout,
                            target_modules=["query", "value"])
        self.peft = get_peft_model(base, config)

    def forward(self, input_ids, attention_mask):
        return self.peft(input_ids=input_ids, attention_mask=attention_mask).logits

    def adapter_parameters(self):
        """(name, parameter) of the LoRA tensors."""
        return [(n, p) for n, p in self.peft.named_parameters() if "lora_" in n]

    def trainable_parameters(self):
        """(name, parameter) of everything that trains: the LoRA tensors and the classifier."""
        return [(n, p) for n, p in self.peft.named_parameters() if p.requires_grad]
