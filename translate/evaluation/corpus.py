"""How well ``translate corpus build`` keeps true pairs and removes noise (``translate eval corpus``):
document pairs built from NTREX's development documents (their gold beads are the true pairs), with
noise injected as extra lines at the same place on both sides — misaligned (shuffled), truncated,
copied and untranslated English, repeated phrases, exact and near duplicates of true pairs from other
documents, boilerplate — then the build with its default rules, against plain verdict filtering of the
same aligned pairs. Precision and recall are of the kept pairs against the true pairs."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus.build import CorpusBuild
from ..corpus.config import CorpusConfig
from ..corpus.dedup import english_key, persian_key
from ..corpus.store import CorpusStore, Select

NOISE = ("shuffled", "truncated", "copied", "untranslated", "repeated", "duplicated", "near-duplicated",
         "boilerplate")
BOILERPLATE = (("انتهای پیام", "End of message."), ("تمامی حقوق این سایت محفوظ است.", "All rights reserved."))


@dataclass(frozen=True, slots=True)
class Figures:
    """Kept pairs against the true pairs, and the duplicates left among the kept."""

    method: str
    kept: int
    precision: float
    recall: float
    duplicates_left: int


def _noise(kind: str, docs: Sequence[dict[str, Any]], here: int, rng: random.Random) -> tuple[str, str]:
    other = docs[(here + 1 + rng.randrange(len(docs) - 1)) % len(docs)]
    k = rng.randrange(len(other["src"]))
    fa, en = other["src"][min(k, len(other["src"]) - 1)], other["tgt"][min(k, len(other["tgt"]) - 1)]
    if kind == "shuffled":
        far = docs[(here + 2) % len(docs)]
        return fa, far["tgt"][rng.randrange(len(far["tgt"]))]
    if kind == "truncated":
        words = en.split()
        return fa, " ".join(words[: max(1, len(words) // 2)])
    if kind == "copied":
        return fa, fa
    if kind == "untranslated":
        return fa, other["src"][(k + 1) % len(other["src"])]
    if kind == "repeated":
        words = en.split()
        i = rng.randrange(max(1, len(words) - 3))
        return fa, " ".join(words[:i] + words[i:i + 3] * 3 + words[i + 3:])
    if kind == "near-duplicated":
        return fa.rstrip(".") + " .", en.replace(",", "").rstrip(".") + "!"
    if kind == "boilerplate":
        return BOILERPLATE[rng.randrange(len(BOILERPLATE))]
    return fa, en  # duplicated


def make_noisy_corpus(docs_jsonl: Path, folder: Path, seed: int = 0, per_document: int = 2
                      ) -> tuple[set[tuple[str, str]], dict[str, int]]:
    """Write ``folder/fa`` and ``folder/en`` (a file per document, a sentence a line, noise lines
    inserted); return the true pairs (normalized keys) and how much noise of each kind went in."""
    rng = random.Random(seed)
    docs = [json.loads(line) for line in docs_jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    (folder / "fa").mkdir(parents=True, exist_ok=True)
    (folder / "en").mkdir(parents=True, exist_ok=True)
    truth: set[tuple[str, str]] = set()
    injected = dict.fromkeys(NOISE, 0)
    for n, doc in enumerate(docs):
        fa_lines, en_lines = [], []
        for src, tgt in doc["gold"]:
            fa_lines.append(" ".join(doc["src"][i] for i in src))
            en_lines.append(" ".join(doc["tgt"][j] for j in tgt))
            if src and tgt:
                truth.add((persian_key(fa_lines[-1]), english_key(en_lines[-1])))
        for _ in range(per_document):
            kind = NOISE[rng.randrange(len(NOISE))]
            at = rng.randrange(len(fa_lines) + 1)
            fa, en = _noise(kind, docs, n, rng)
            fa_lines.insert(at, fa)
            en_lines.insert(at, en)
            injected[kind] += 1
        (folder / "fa" / f"{doc['id']}.txt").write_text("\n".join(l for l in fa_lines if l) + "\n", encoding="utf-8")
        (folder / "en" / f"{doc['id']}.txt").write_text("\n".join(l for l in en_lines if l) + "\n", encoding="utf-8")
    return truth, injected


def _figures(method: str, kept: list[tuple[str, str]], truth: set[tuple[str, str]]) -> Figures:
    true_kept = {k for k in kept if k in truth}
    precision = sum(k in truth for k in kept) / len(kept) if kept else 0.0
    return Figures(method, len(kept), precision, len(true_kept) / len(truth) if truth else 0.0,
                   len(kept) - len(set(kept)))


def _write_aligned(store: CorpusStore, workdir: Path, linked: Select, truth: set[tuple[str, str]]) -> None:
    """Every aligned pair as line-aligned files with a label per line (1: a true pair), so other
    filtering tools (bench/opusfilter_compare.py) are judged on the same pairs."""
    with open(workdir / "aligned.fa", "w", encoding="utf-8") as fa, open(workdir / "aligned.en", "w", encoding="utf-8") as en, \
            open(workdir / "aligned.labels", "w", encoding="utf-8") as labels:
        for p in store.pairs(linked):
            fa.write(p.fa.replace("\n", " ") + "\n")
            en.write(p.en.replace("\n", " ") + "\n")
            labels.write(f"{int((persian_key(p.fa), english_key(p.en)) in truth)}\t{len(truth)}\n")


def evaluate_corpus(docs_jsonl: Path, workdir: Path, *, embedder: Any = None, seed: int = 0) -> tuple[list[Figures], dict[str, int]]:
    """Build the noisy corpus, run ``corpus build`` with the default rules, and score it against plain
    verdict filtering (``ok`` pairs of the same alignment, no deduplication)."""
    truth, injected = make_noisy_corpus(docs_jsonl, workdir / "input", seed)
    result = CorpusBuild([str(workdir / "input" / "fa"), str(workdir / "input" / "en")], str(workdir / "built"),
                         CorpusConfig(), embedder=embedder).execute()
    linked = Select(linked=True)
    with CorpusStore(workdir / "built" / "corpus.sqlite") as store:
        keys = lambda where: [(persian_key(p.fa), english_key(p.en)) for p in store.pairs(where)]  # noqa: E731
        ours = keys(Select(decided=True))
        verdict = keys(Select(verdict="ok", linked=True))
        _write_aligned(store, workdir, linked, truth)
    del result
    return [_figures("corpus build (defaults)", ours, truth), _figures("verdict = ok", verdict, truth)], injected
