"""Random models of realistic size for the benchmarks of the model families no pretrained weights reach here.

    python3 Benchmarks/pytorch/bench_models.py roberta --out /tmp/kmix-bench-roberta
    python3 Benchmarks/pytorch/bench_models.py gpt2 --out /tmp/kmix-bench-gpt2-e2e

`roberta`: a `RobertaModel` shaped like all-MiniLM-L6-v2 (6 layers, 384 wide, 12 heads of 32, feed-forward 1536,
514 positions, one token type, a pooler), so that RoBERTa's training speed compares with the BERT workloads;
random weights (seed 0, transformers' initialisation) and the byte-level BPE tokenizer of the test fixtures
(`Tests/KMixTests/Fixtures/families/roberta-tokenizer/`, 2,001 tokens). Only speed is measured on it.

`gpt2`: a `GPT2LMHeadModel` of the generate workload's shape (6 layers, 384 wide, 6 heads of 64, feed-forward
1536, 256 positions, dropouts 0.1, tied head) with random weights (seed 0, transformers' initialisation with an
`initializer_range` of 0.2, as the tests' tiny GPT-2) and the fixtures' GPT-2 byte-level BPE tokenizer
(`Tests/KMixTests/Fixtures/families/gpt2-tokenizer/`, 2,001 tokens, the last `<|endoftext|>`), so that it reads
text: `kmix-bench train-generation` trains and decodes E2E on it. With the default range of 0.02 the residual
stream keeps the input token's embedding and the tied head predicts that token again: after a prompt ending in
`<|endoftext|>`, every beam search's best hypothesis is `<|endoftext|>` alone. Only speed is measured on it.
"""
import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TOKENIZERS = ROOT / "Tests" / "KMixTests" / "Fixtures" / "families"
TOKENIZER_FILES = ("tokenizer.json", "vocab.json", "merges.txt", "tokenizer_config.json")


def roberta(out):
    import torch
    from transformers import RobertaConfig, RobertaModel

    torch.manual_seed(0)
    config = RobertaConfig(vocab_size=2001, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                           intermediate_size=1536, max_position_embeddings=514, type_vocab_size=1, pad_token_id=1,
                           bos_token_id=0, eos_token_id=2, layer_norm_eps=1e-5, hidden_act="gelu")
    RobertaModel(config).save_pretrained(out, safe_serialization=True)
    for name in TOKENIZER_FILES:
        shutil.copy(TOKENIZERS / "roberta-tokenizer" / name, Path(out) / name)


def gpt2(out):
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    config = GPT2Config(vocab_size=2001, n_embd=384, n_layer=6, n_head=6, n_positions=256,
                        bos_token_id=2000, eos_token_id=2000, initializer_range=0.2)
    GPT2LMHeadModel(config).eval().save_pretrained(out)
    for name in TOKENIZER_FILES:
        shutil.copy(TOKENIZERS / "gpt2-tokenizer" / name, Path(out) / name)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("family", choices=["roberta", "gpt2"])
    parser.add_argument("--out", required=True, help="the model folder to write")
    arguments = parser.parse_args()
    {"roberta": roberta, "gpt2": gpt2}[arguments.family](arguments.out)
    print(f"wrote {arguments.out}")


if __name__ == "__main__":
    main()
