"""``corpus build`` on a noisy corpus, judged on the exact text kept, per half of NTREX: precision and
recall of the kept pairs against the true pairs, for a build from folders of documents (aligned here)
and from two line-aligned Moses files (the most common shape of a parallel corpus), and which twin of
each near-duplicate group the build kept. Prints figures; not a test.

    python bench/noisy_corpus.py [--data ../shared/data/parallel/ntrex_fa_en_docs.jsonl]
        [--halves tune,test] [--inputs folders,moses] [--seeds 0] [--rule best-formed|first-seen]
        [--workdir DIR] [--json OUT.json]

Results and how to read them: docs/corpus.md ("Near-duplicates: the best-formed member").

**The noise** is ``translate eval corpus``'s (:mod:`translate.evaluation.corpus`, the same generator
and seed): two extra lines per document at a random place on both sides — shuffled, truncated,
copied, untranslated, repeated, exact duplicates of a true pair of another document, near-duplicates
(the Persian's final period written ``word .``, the English without its commas and ending ``!``) and
boilerplate. The true pairs are the documents' gold beads.

**Judged on the text.** ``translate eval corpus`` compares pairs by their normalized keys (letters and
digits only), so a near-duplicate twin counts as the true pair it copies. Here a kept pair is true only
when its text is a gold bead's text (spaces collapsed): keeping ``word .`` instead of ``word.`` is a
wrong keep and a missed true pair. Both judgements are printed (``exact`` and ``keys``).

**Halves.** The 62 articles are split by a hash of their id as ``bench/pair_documents.py`` splits them
(28 ``tune``, 34 ``test``): report figures of ``test``, which nothing was chosen on.

**Rules.** ``--rule best-formed`` (the build's: each group of duplicates keeps its best verdict, then
its fewest spacing defects, then its best quality score); ``--rule first-seen`` stands in the rule it
replaced (the best quality score alone, the first pair of a tie) by ranking pairs on their score only.

``--workdir`` keeps the builds (and their stores): running again over the same folder re-filters the
aligned pairs in seconds (the other rule measured without aligning again).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.corpus.build import CorpusBuild  # noqa: E402
from translate.corpus.config import CorpusConfig  # noqa: E402
from translate.corpus.dedup import english_key, persian_key  # noqa: E402
from translate.corpus.store import CorpusStore, Select  # noqa: E402
from translate.evaluation.corpus import NOISE, _noise  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "parallel" / "ntrex_fa_en_docs.jsonl"


def half_of(doc_id: str) -> str:
    """The half of an article, as bench/pair_documents.py draws it."""
    return "tune" if hashlib.sha256(doc_id.encode()).digest()[0] < 128 else "test"


def squeeze(text: str) -> str:
    return " ".join(text.split())


def noisy_documents(docs: Sequence[dict[str, Any]], seed: int = 0, per_document: int = 2
                    ) -> tuple[list[tuple[str, list[tuple[str, str]]]], list[tuple[str, str, str]]]:
    """Each document's lines as ``(fa, en)`` pairs with noise inserted (the generator of
    :func:`translate.evaluation.corpus.make_noisy_corpus`, the same draws), and every noise pair with
    its kind."""
    rng = random.Random(seed)
    out, noise = [], []
    for n, doc in enumerate(docs):
        lines = [(" ".join(doc["src"][i] for i in src), " ".join(doc["tgt"][j] for j in tgt))
                 for src, tgt in doc["gold"]]
        for _ in range(per_document):
            kind = NOISE[rng.randrange(len(NOISE))]
            at = rng.randrange(len(lines) + 1)
            fa, en = _noise(kind, docs, n, rng)
            lines.insert(at, (fa, en))
            noise.append((kind, fa, en))
        out.append((doc["id"], lines))
    return out, noise


def write_inputs(documents: list[tuple[str, list[tuple[str, str]]]], folder: Path) -> dict[str, list[str]]:
    """``folders``: ``fa/ID.txt`` and ``en/ID.txt``, a line per non-empty side (as ``eval corpus``
    writes them); ``moses``: ``noisy.fa``/``noisy.en``, a pair a line (pairs with an empty side left out)."""
    for side in ("fa", "en"):
        (folder / side).mkdir(parents=True, exist_ok=True)
    moses: list[tuple[str, str]] = []
    for doc_id, lines in documents:
        for k, side in enumerate(("fa", "en")):
            text = "\n".join(pair[k] for pair in lines if pair[k]) + "\n"
            (folder / side / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        moses += [(fa, en) for fa, en in lines if fa and en]
    (folder / "noisy.fa").write_text("".join(fa + "\n" for fa, _ in moses), encoding="utf-8")
    (folder / "noisy.en").write_text("".join(en + "\n" for _, en in moses), encoding="utf-8")
    return {"folders": [str(folder / "fa"), str(folder / "en")],
            "moses": [str(folder / "noisy.fa"), str(folder / "noisy.en")]}


def judge(kept: list[tuple[str, str]], truth: set[tuple[str, str]], key: Any) -> dict[str, float]:
    keyed = [key(fa, en) for fa, en in kept]
    true = {k for k in keyed if k in truth}
    return {"kept": len(kept), "true_kept": sum(k in truth for k in keyed), "wrong": sum(k not in truth for k in keyed),
            "precision": round(sum(k in truth for k in keyed) / max(1, len(keyed)), 4),
            "recall": round(len(true) / max(1, len(truth)), 4)}


def twins(store: CorpusStore, noise: list[tuple[str, str, str]], originals: dict[str, tuple[str, str]]
          ) -> dict[str, int]:
    """Of each near-duplicate twin inserted: was the clean original kept, the noisy twin, both, neither."""
    kept = {(squeeze(p.fa), squeeze(p.en)) for p in store.pairs(Select(decided=True))}
    out = {"clean kept": 0, "noisy twin kept": 0, "both": 0, "neither": 0}
    for kind, fa, en in noise:
        if kind != "near-duplicated":
            continue
        original = originals.get(persian_key(fa))
        clean = original is not None and (squeeze(original[0]), squeeze(original[1])) in kept
        noisy = (squeeze(fa), squeeze(en)) in kept
        out["both" if clean and noisy else "clean kept" if clean else "noisy twin kept" if noisy else "neither"] += 1
    return out


def measure(docs: list[dict[str, Any]], work: Path, inputs: Sequence[str], seed: int, embedder: Any
            ) -> dict[str, Any]:
    documents, noise = noisy_documents(docs, seed)
    paths = write_inputs(documents, work / "input")
    exact = {(squeeze(" ".join(d["src"][i] for i in s)), squeeze(" ".join(d["tgt"][j] for j in t)))
             for d in docs for s, t in d["gold"] if s and t}
    keys = {(persian_key(fa), english_key(en)) for fa, en in exact}
    originals = {persian_key(fa): (fa, en) for fa, en in exact}
    out: dict[str, Any] = {"documents": len(docs), "true pairs": len(exact),
                           "noise": {k: sum(n[0] == k for n in noise) for k in NOISE}}
    for kind in inputs:
        clock = time.perf_counter()
        result = CorpusBuild(paths[kind], str(work / f"built-{kind}"), CorpusConfig(), embedder=embedder).execute()
        with CorpusStore(work / f"built-{kind}" / "corpus.sqlite") as store:
            kept = [(p.fa, p.en) for p in store.pairs(Select(decided=True))]
            out[kind] = {"exact": judge(kept, exact, lambda fa, en: (squeeze(fa), squeeze(en))),
                         "keys": judge(kept, keys, lambda fa, en: (persian_key(fa), english_key(en))),
                         "near-duplicate twins": twins(store, noise, originals),
                         "duplicates": result.duplicates, "seconds": round(time.perf_counter() - clock, 1)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--halves", default="tune,test")
    parser.add_argument("--inputs", default="folders,moses")
    parser.add_argument("--seeds", default="0", help="noise draws, comma-separated (each a build per half)")
    parser.add_argument("--rule", choices=("best-formed", "first-seen"), default="best-formed",
                        help="which member of a group of duplicates is kept")
    parser.add_argument("--workdir", type=Path, help="keep the builds here (reused when run again)")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    from translate.align.embed import load_embedder

    if args.rule == "first-seen":
        import translate.corpus.dedup as dedup

        dedup.rank = lambda verdict, fa, en, quality: (0, 0, -quality)  # type: ignore[assignment]
    docs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = load_embedder()
    figures: dict[str, Any] = {"rule": args.rule}
    inputs = args.inputs.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.workdir or Path(tmp)
        for seed in (int(x) for x in args.seeds.split(",")):
            for half in args.halves.split(","):
                chosen = [d for d in docs if half == "all" or half_of(d["id"]) == half]
                work = root / half if seed == 0 else root / f"seed{seed}" / half
                figures[f"{half} {seed}"] = measure(chosen, work, inputs, seed, embedder)
    print(f"rule: {args.rule}\n{'half':<6} {'seed':>4} {'input':<8} {'kept':>5} {'P exact':>8} {'R exact':>8} "
          f"{'P keys':>7} {'R keys':>7}  near-duplicate twins")
    for name, f in figures.items():
        if name == "rule":
            continue
        half, seed = name.split()
        for kind in inputs:
            e, k, t = f[kind]["exact"], f[kind]["keys"], f[kind]["near-duplicate twins"]
            print(f"{half:<6} {seed:>4} {kind:<8} {e['kept']:>5} {e['precision']:>8.3f} {e['recall']:>8.3f} "
                  f"{k['precision']:>7.3f} {k['recall']:>7.3f}  " + ", ".join(f"{a} {b}" for a, b in t.items()))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
