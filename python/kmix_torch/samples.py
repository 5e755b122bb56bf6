"""A generation run's samples, as kmix writes them after each evaluation: the first four distinct dev sources,
decoded with the run's settings (beam search, length penalty, no repeated n-grams, early stopping, new-token limit;
transformers' `generate` on the adapted model, prompted with the source's tokens as the run trained) and recorded as
`samples` lines of `metrics.jsonl`."""
import torch

SAMPLE_COUNT = 4
DECODING = {"beams": 10, "length_penalty": 0.9, "no_repeat_ngram_size": 4, "max_new_tokens": 64}


def sample_sources(pairs):
    """The first `SAMPLE_COUNT` distinct sources of (source, target, line) pairs, in file order."""
    sources = []
    for source, _, _ in pairs:
        if source not in sources:
            sources.append(source)
        if len(sources) == SAMPLE_COUNT:
            break
    return sources


def write_targets(model, tokenizer, sources, configuration, positions):
    """What the language model `model` (a `KernelMixLM`) writes for each source, decoded with the run's settings
    (kmix's defaults where `configuration` records none); stops at the end-of-text token."""
    settings = {key: configuration.get(key, value) for key, value in DECODING.items()}
    eos = tokenizer.eos_token_id
    device = next(model.parameters()).device
    outputs = []
    model.eval()
    with torch.inference_mode():
        for source in sources:
            prompt = tokenizer.encode(source, add_special_tokens=False)
            room = min(settings["max_new_tokens"], positions - len(prompt))
            if room < 1:
                outputs.append("")
                continue
            ids = torch.tensor([prompt], device=device)
            generated = model.lm.generate(ids, attention_mask=torch.ones_like(ids), do_sample=False,
                                          num_beams=settings["beams"], length_penalty=settings["length_penalty"],
                                          no_repeat_ngram_size=settings["no_repeat_ngram_size"], early_stopping=True,
                                          max_new_tokens=room, eos_token_id=eos, pad_token_id=eos)
            tokens = [t for t in generated[0, len(prompt):].tolist() if t != eos]
            outputs.append(tokenizer.decode(tokens, skip_special_tokens=True).strip())
    return outputs
