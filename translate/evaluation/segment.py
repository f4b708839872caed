"""Sentence segmentation against gold boundaries (``translate eval segment``).

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

from ..errors import InputError

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
    from ..text.segment import segment_text

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


#: The splitters ``eval segment`` compares: this project's, then plain hazm's (the baseline).
SYSTEMS: dict[str, Splitter] = {"translate": project_splitter, "hazm": hazm_splitter}


@dataclass(slots=True)
class FileResult:
    """One gold file scored by one system."""

    file: str
    system: str
    score: BoundaryScore
    seconds: float


def evaluate_files(paths: Sequence[str], systems: Sequence[str]) -> Iterable[FileResult]:
    """Score each system on each gold file, in order. Every file is read and checked now, before any
    figure is produced."""
    return _evaluate({path: load_gold(path) for path in paths}, systems)


def _evaluate(gold_units: dict[str, list[dict]], systems: Sequence[str]) -> Iterable[FileResult]:
    import time

    for path, units in gold_units.items():
        for name in systems:
            t0 = time.perf_counter()
            score = score_units(units, SYSTEMS[name])
            yield FileResult(path, name, score, time.perf_counter() - t0)


def error_lines(path: str, score: BoundaryScore, limit: int) -> list[str]:
    """Up to ``limit`` boundary errors of ``score`` with 40 characters of context each side (⏎ for
    line breaks, ┃ at the boundary)."""
    units = load_gold(path)
    texts = {str(u.get("id", i + 1)): u["text"] for i, u in enumerate(units)}
    out = []
    for uid, kind, off in score.errors[:limit]:
        text = texts[uid]
        left = text[max(0, off - 40) : off].replace("\n", "⏎")
        right = text[off : off + 25].replace("\n", "⏎")
        out.append(f"    {kind:<11} {uid}: …{left} ┃ {right}…")
    return out
