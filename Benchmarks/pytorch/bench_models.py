"""Random models of realistic size for the benchmarks of the model families no pretrained weights reach here.

    python3 Benchmarks/pytorch/bench_models.py roberta --out /tmp/kmix-bench-roberta

`roberta`: a `RobertaModel` shaped like all-MiniLM-L6-v2 (6 layers, 384 wide, 12 heads of 32, feed-forward 1536,
514 positions, one token type, a pooler), so that RoBERTa's training speed compares with the BERT workloads;
random weights (seed 0, transformers' initialisation) and the byte-level BPE tokenizer of the test fixtures
(`Tests/KMixTests/Fixtures/families/roberta-tokenizer/`, 2,001 tokens). Only speed is measured on it.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("family", choices=["roberta"])
    parser.add_argument("--out", required=True, help="the model folder to write")
    arguments = parser.parse_args()
    {"roberta": roberta}[arguments.family](arguments.out)
    print(f"wrote {arguments.out}")


if __name__ == "__main__":
    main()
