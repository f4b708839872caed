"""Can the aligner embed less text? Strict F1 on the two gold sets when the embedder sees only the
first N words of each sentence (``headN``) or its first and last N (``htN``), the length model and
anchors still reading the whole sentence, and the embedder's sentences/s. Prints figures; not a test.

    python bench/align_truncation.py full ht10 ht8 head16
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.align.embed import E5Embedder  # noqa: E402
from translate.align.sentences import align_sentences, score_beads  # noqa: E402
from translate.config import AlignOptions  # noqa: E402
from translate.evaluation.align import load_units  # noqa: E402

SETS = [ROOT.parent / "shared" / "data" / "align" / f"{name}_fa_en_align_test.jsonl" for name in ("ntrex", "quran")]


def head(n: int):
    return lambda s: " ".join(s.split()[:n])


def head_tail(n: int):
    return lambda s: s if len(s.split()) <= 2 * n else " ".join(s.split()[:n] + s.split()[-n:])


VARIANTS = {"full": lambda s: s, **{f"head{n}": head(n) for n in (12, 16, 20)},
            **{f"ht{n}": head_tail(n) for n in (6, 8, 10, 12)}}


class Truncated:
    """The default embedder, shown only part of each sentence; counts what it embeds and how long."""

    name = "truncated"

    def __init__(self, base: E5Embedder, cut) -> None:
        self.base, self.cut, self.seconds, self.texts = base, cut, 0.0, 0

    def encode(self, texts):
        t0 = time.perf_counter()
        out = self.base.encode([self.cut(x) for x in texts])
        self.seconds += time.perf_counter() - t0
        self.texts += len(texts)
        return out


def main() -> None:
    for variant in sys.argv[1:] or ["full", "ht10"]:
        for path in SETS:
            embedder = Truncated(E5Embedder(), VARIANTS[variant])  # a fresh cache: every text embedded
            tp = nt = ng = 0
            for src, tgt, gold in load_units(str(path)):
                a, b, c = score_beads(gold, align_sentences(src, tgt, embedder, AlignOptions()))
                tp, nt, ng = tp + a, nt + b, ng + c
            p, r = tp / nt, tp / ng
            print(f"{variant:<7} {path.name.split('_')[0]:<6} P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f} "
                  f"embedder {embedder.texts / embedder.seconds:.1f} sentences/s", flush=True)


if __name__ == "__main__":
    main()
