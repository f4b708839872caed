"""The verdict on human translations and the quality score against corruptions, in one run: how many of
the 1,025 NTREX pairs (all professional translations) are ``ok``/``review``/``bad`` and why, and the
ROC-AUC per corruption type of ``translate eval qe``. Embeddings are cached on disk (``--cache``), so
trying thresholds or signals again takes seconds.

    python bench/qe_calibration.py [--cache /tmp/qe-embeddings.npz] [--show 20]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "parallel"


class CachedEmbedder:
    """The project's e5 embedder with its vectors kept in an ``.npz`` file by text hash."""

    def __init__(self, path: Path) -> None:
        import numpy as np

        self.path = path
        self.vectors: dict[str, object] = dict(np.load(path)) if path.is_file() else {}
        self.model = None

    def encode(self, texts: list[str]):
        import numpy as np

        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = [t for t, k in zip(texts, keys) if k not in self.vectors]
        if missing:
            if self.model is None:
                from translate.align.embed import load_embedder

                self.model = load_embedder()
            unique = list(dict.fromkeys(missing))
            for t, v in zip(unique, self.model.encode(unique)):
                self.vectors[hashlib.sha1(t.encode()).hexdigest()] = v
            np.savez(self.path, **self.vectors)
        return np.stack([self.vectors[k] for k in keys])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/qe-embeddings.npz"))
    parser.add_argument("--show", type=int, default=0, help="print this many non-ok human pairs")
    args = parser.parse_args()
    from translate.evaluation.qe import evaluate_qe
    from translate.qe.explain import explain
    from translate.qe.score import score_pairs

    fa = (DATA / "ntrex.fa-en.fa").read_text(encoding="utf-8").splitlines()
    en = (DATA / "ntrex.fa-en.en").read_text(encoding="utf-8").splitlines()
    embedder = CachedEmbedder(args.cache)
    scores = score_pairs(fa, en, embedder=embedder)
    verdicts = collections.Counter(s.verdict for s in scores)
    reasons = collections.Counter(r for s in scores if s.verdict != "ok" for r in s.reasons)
    n = len(scores)
    print(f"NTREX human pairs: {n}; ok {verdicts['ok']} ({verdicts['ok'] / n:.1%}), review {verdicts['review']}, "
          f"bad {verdicts['bad']} ({verdicts['bad'] / n:.1%}); reasons of the non-ok: {dict(reasons)}")
    shown = 0
    for i, s in enumerate(scores):
        if s.verdict != "ok" and shown < args.show:
            shown += 1
            print(f"  {i} {s.verdict}: {'; '.join(explain(fa[i], en[i], s))}")
    print(f"{'corruption':<16} {'pairs':>5} {'ROC-AUC':>8} {'ok prec':>8} {'ok rec':>7} {'caught':>7}")
    for r in evaluate_qe(fa, en, embedder):
        print(f"{r.kind:<16} {r.pairs:>5} {r.auc:>8.3f} {r.ok_precision:>8.3f} {r.ok_recall:>7.3f} {r.caught:>7.1%}")


if __name__ == "__main__":
    main()
