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
