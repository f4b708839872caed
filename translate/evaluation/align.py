"""Strict precision/recall/F1 of sentence alignment against gold beads (``translate eval align``),
with ablations of the anchors and the length model."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..align.embed import embedded_ahead
from ..align.sentences import align_sentences, score_beads
from ..config import AlignOptions
from ..errors import InputError
from ..text.io import read_lines
from ..text.normalize import normalize_text

#: The variants ``--ablations`` adds to the full aligner.
ABLATIONS = {
    "no numbers": AlignOptions(number_weight=0),
    "no Latin words": AlignOptions(latin_weight=0),
    "no length model": AlignOptions(length_weight=0),
    "embeddings only": AlignOptions(number_weight=0, latin_weight=0, length_weight=0),
}


@dataclass(frozen=True, slots=True)
class AlignScore:
    file: str
    variant: str
    documents: int
    gold: int
    precision: float
    recall: float
    f1: float
    ms_per_sentence: float


def load_units(path: str) -> list[tuple[list[str], list[str], list[Any]]]:
    """Gold units ``(normalized Persian sentences, English sentences, gold beads)`` of a JSONL file."""
    docs = []
    for number, line in enumerate(read_lines(path), 1):
        if line.strip():
            try:
                unit = json.loads(line)
                docs.append(([normalize_text(s) for s in unit["src"]], unit["tgt"], unit["gold"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}", f"not a gold alignment unit ({exc})") from None
    return docs


def evaluate_alignment(paths: Sequence[str], embedder: Any, ablations: bool = False) -> Iterable[AlignScore]:
    variants = {"all anchors": AlignOptions(), **(ABLATIONS if ablations else {})}
    for path in paths:
        docs = load_units(path)
        for name, options in variants.items():
            tp = nt = ng = sentences = 0
            t0 = time.perf_counter()
            for src, tgt, beads in embedded_ahead(docs, lambda unit: unit[0] + unit[1], embedder):
                a, b, c = score_beads(beads, align_sentences(src, tgt, embedder, options))
                tp, nt, ng, sentences = tp + a, nt + b, ng + c, sentences + len(src) + len(tgt)
            seconds = time.perf_counter() - t0
            p, r = tp / max(1, nt), tp / max(1, ng)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            yield AlignScore(path.rsplit("/", 1)[-1], name, len(docs), ng, p, r, f1, 1000 * seconds / max(1, sentences))
