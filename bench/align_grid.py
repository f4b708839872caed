"""Sweep the aligner's skip and merge costs on both gold sets (strict F1 each, their mean and the
worse of the two); the defaults (``AlignOptions``) are the pair with the best worse-set F1. The sets are
the development data, so this is tuning on them (as Bertalign's skip is tuned in
``bench/bertalign_compare.py``): read the neighbours too. Embeddings are computed once. Not a test.

    python bench/align_grid.py [--skip 0.5 0.55 0.6 0.65 0.7] [--merge 0.05 0.075 0.1 0.125 0.15 0.2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.align.embed import embedded_ahead, load_embedder  # noqa: E402
from translate.align.sentences import align_sentences, score_beads  # noqa: E402
from translate.config import AlignOptions  # noqa: E402
from translate.evaluation.align import load_units  # noqa: E402

SETS = {name: ROOT.parent / "shared" / "data" / "align" / f"{name}_fa_en_align_test.jsonl" for name in ("ntrex", "quran")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip", type=float, nargs="+", default=[0.5, 0.55, 0.6, 0.65, 0.7])
    parser.add_argument("--merge", type=float, nargs="+", default=[0.05, 0.075, 0.1, 0.125, 0.15, 0.2])
    args = parser.parse_args()
    embedder = load_embedder()
    embedder.CAPACITY = 100_000  # every sentence of both sets stays cached
    units = {name: load_units(str(path)) for name, path in SETS.items()}
    for docs in units.values():
        for _ in embedded_ahead(docs, lambda unit: unit[0] + unit[1], embedder):
            pass
    default = AlignOptions()
    print(f"{'skip':>5} {'merge':>6} " + " ".join(f"{name:>6}" for name in units) + "   mean  worse")
    for skip in args.skip:
        for merge in args.merge:
            options, f1 = AlignOptions(skip=skip, merge=merge), []
            for docs in units.values():
                tp = nt = ng = 0
                for src, tgt, gold in docs:
                    a, b, c = score_beads(gold, align_sentences(src, tgt, embedder, options))
                    tp, nt, ng = tp + a, nt + b, ng + c
                p, r = tp / nt, tp / ng
                f1.append(2 * p * r / (p + r))
            mark = "  (default)" if (skip, merge) == (default.skip, default.merge) else ""
            print(f"{skip:>5} {merge:>6} " + " ".join(f"{x:>6.4f}" for x in f1)
                  + f" {sum(f1) / len(f1):>6.4f} {min(f1):>6.4f}{mark}", flush=True)


if __name__ == "__main__":
    main()
