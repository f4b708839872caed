"""Evaluations that print figures: sentence segmentation against gold boundaries.

Gold files are JSONL, one unit a line, with ``text`` and ``spans`` (``[[start, end], …]``, offsets of
the gold sentences in ``text``) and optionally ``no_final_punct`` (indices of gold sentences that end
without visible punctuation) — the format of ``shared/data/sentseg/*.jsonl``.

A boundary is the position after the last non-blank character of a sentence that another sentence
follows; the end of the text is not counted (it is a boundary for every splitter). Precision, recall
and F1 are over these boundaries, pooled over all units of a file (micro-averaged).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

Splitter = Callable[[str], list[tuple[int, int]]]


@dataclass(slots=True)
class BoundaryScore:
    """Counts of boundary matches, with precision/recall/F1 derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    units: int = 0
    errors: list[tuple[str, str, int]] = field(default_factory=list)  # (unit id, kind, offset)

    def add(self, other: BoundaryScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.units += other.units
        self.errors.extend(other.errors)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def boundaries(text: str, spans: Iterable[Sequence[int]]) -> set[int]:
    """Boundary positions of sentence ``spans`` in ``text`` (see the module docstring)."""
    ends = []
    for start, end in spans:
        while end > start and (text[end - 1].isspace() or text[end - 1] == "\u200c"):
            end -= 1
        ends.append(end)
    final = max(ends, default=0)
    return {e for e in ends if e != final}


def score_units(units: Iterable[dict], split: Splitter) -> BoundaryScore:
    """Score ``split`` (text → sentence spans) on gold units."""
    total = BoundaryScore()
    for unit in units:
        text = unit["text"]
        gold = boundaries(text, unit["spans"])
        pred = boundaries(text, split(text))
        total.tp += len(gold & pred)
        total.fp += len(pred - gold)
        total.fn += len(gold - pred)
        total.units += 1
        uid = str(unit.get("id", total.units))
        total.errors.extend((uid, "false split", off) for off in sorted(pred - gold))
        total.errors.extend((uid, "missed", off) for off in sorted(gold - pred))
    return total


def load_gold(path: str | Path) -> list[dict]:
    """Read a gold JSONL file, checking that each unit has ``text`` and consistent ``spans``."""
    units = []
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").split("\n")
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            unit = json.loads(line)
            text, spans = unit["text"], unit["spans"]
            if not all(0 <= s <= e <= len(text) for s, e in spans):
                raise ValueError("a span lies outside the text")
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}:{number}", f"not a gold unit with 'text' and 'spans' ({exc})"
            ) from None
        units.append(unit)
    if not units:
        raise InputError(str(path), "holds no gold units")
    return units


def project_splitter(text: str) -> list[tuple[int, int]]:
    """This project's segmenter as a :data:`Splitter`."""
    from .segment import segment_text

    return [(s.start, s.end) for s in segment_text(text)]


def hazm_splitter(text: str) -> list[tuple[int, int]]:
    """Plain ``hazm.SentenceTokenizer`` as a :data:`Splitter` (the baseline).

    hazm returns strings with line breaks turned into spaces; each is found in the text (with its
    line breaks read as spaces, which keeps offsets) after the previous one.
    """
    from hazm import SentenceTokenizer

    flat = text.replace("\r", " ").replace("\n", " ")
    spans = []
    pos = 0
    for sentence in SentenceTokenizer().tokenize(text):
        start = flat.find(sentence, pos)
        if start < 0:  # pragma: no cover - hazm only strips and replaces line breaks
            continue
        spans.append((start, start + len(sentence)))
        pos = start + len(sentence)
    return spans


# --- glossary enforcement -------------------------------------------------------------------------

TERM_LAYERS: dict[str, dict[str, object]] = {
    "off": {"source": "none", "nbest": False, "force": False, "repair": False},
    "source=replace": {"source": "replace", "nbest": False, "force": False, "repair": False},
    "source=placeholder": {"source": "placeholder", "nbest": False, "force": False, "repair": False},
    "n-best": {"source": "none", "nbest": True, "force": False, "repair": False},
    "force (hf only)": {"source": "none", "nbest": False, "force": True, "repair": False},
    "repair": {"source": "none", "nbest": False, "force": False, "repair": True},
    "n-best+repair": {"source": "none", "nbest": True, "force": True, "repair": True},
    "replace+n-best+repair": {"source": "replace", "nbest": True, "force": True, "repair": True},
    "all, strict": {"source": "none", "nbest": True, "force": True, "repair": True, "strict": True},
}


@dataclass(slots=True)
class TermScore:
    layer: str
    landed: int
    total: int
    chrf: float
    seconds: float

    @property
    def rate(self) -> float:
        return self.landed / self.total if self.total else 1.0


def evaluate_terms(engine: object, sources: Sequence[str], references: Sequence[str], glossary: object,
                   decode: object, layers: Sequence[str]) -> Iterable[TermScore]:
    """Term success rate and corpus chrF++ of each enforcement layer on line-aligned data."""
    import time

    from sacrebleu.metrics import CHRF

    from .terms import EnforceOptions, translate_with_terms

    matcher = glossary.matcher()  # type: ignore[attr-defined]
    chrf = CHRF(word_order=2)
    for layer in layers:
        options = EnforceOptions(**TERM_LAYERS[layer])  # type: ignore[arg-type]
        t0 = time.perf_counter()
        (results,) = translate_with_terms(engine, [list(sources)], matcher, decode, options)  # type: ignore[arg-type]
        seconds = time.perf_counter() - t0
        hits = [t for r in results for t in r.terms]
        landed = sum(t.status != "missing" for t in hits)
        score = chrf.corpus_score([r.text for r in results], [list(references)]).score
        yield TermScore(layer, landed, len(hits), score, seconds)


# --- quality estimation ---------------------------------------------------------------------------

CORRUPTIONS = ("shuffled", "truncated", "copied", "number changed", "repeated", "dropped")


def corrupt_pairs(sources: Sequence[str], targets: Sequence[str], per_type: int = 300,
                  seed: int = 0) -> list[tuple[str, str, str]]:
    """``(label, source, target)``: the true pairs (``true``), true 2-sentence pairs (``true-2``), and
    corrupted copies: target of the neighbouring pair (``shuffled``), cut by half (``truncated``),
    replaced by the source (``copied``), a number changed (``number changed``), a phrase repeated three
    times (``repeated``), one sentence of a 2-sentence target dropped (``dropped``)."""
    import random

    rng = random.Random(seed)
    n = len(sources)
    out = [("true", s, t) for s, t in zip(sources, targets)]
    picks = {c: sorted(rng.sample(range(n - 1), min(per_type, n - 1))) for c in CORRUPTIONS}
    for i in picks["shuffled"]:
        out.append(("shuffled", sources[i], targets[i + 1]))
    for i in picks["truncated"]:
        words = targets[i].split()
        if len(words) >= 4:
            out.append(("truncated", sources[i], " ".join(words[: len(words) // 2])))
    for i in picks["copied"]:
        out.append(("copied", sources[i], sources[i]))
    number = re.compile(r"\d+")
    for i in range(n):
        if len([x for x in out if x[0] == "number changed"]) >= per_type:
            break
        m = number.search(targets[i])
        if m:
            changed = str(int(m.group()) + rng.choice([1, 2, 3, 10, 100]))
            out.append(("number changed", sources[i], targets[i][: m.start()] + changed + targets[i][m.end():]))
    for i in picks["repeated"]:
        words = targets[i].split()
        if len(words) >= 6:
            k = rng.randrange(0, len(words) - 3)
            phrase = words[k:k + 3]
            out.append(("repeated", sources[i], " ".join(words[:k] + phrase * 3 + words[k + 3:])))
    for i in picks["dropped"]:
        src2 = sources[i] + " " + sources[i + 1]
        out.append(("true-2", src2, targets[i] + " " + targets[i + 1]))
        out.append(("dropped", src2, targets[rng.choice([i, i + 1])]))
    return out


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Probability that a positive (true pair) scores above a negative (Mann–Whitney U, ties 1/2)."""
    if not positives or not negatives:
        return float("nan")
    ranked = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average = (i + j + 1) / 2  # 1-based average rank of the tie group
        rank_sum += average * sum(1 for k in range(i, j) if ranked[k][1] == 1)
        i = j
    p, q = len(positives), len(negatives)
    return (rank_sum - p * (p + 1) / 2) / (p * q)
