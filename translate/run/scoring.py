"""Scoring given translations (``translate score``): the reference-free signals, the e5 similarity,
the model's confidence and word links when a model is given, glossary term success when a glossary
is, and reference metrics when references are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..align.words import score_given_pairs
from ..mt.engine import Engine
from ..qe.score import score_pairs
from ..records import Score
from ..terms.enforce import term_success
from ..terms.glossary import Matcher
from ..text.normalize import normalize_text


@dataclass(frozen=True, slots=True)
class ScoredPairs:
    scores: list[Score]
    alignments: list[str] | None


def score_translations(sources: Sequence[str], targets: Sequence[str], *, references: Sequence[str] | None = None,
                       embedder: Any = None, engine: Engine | None = None,
                       matcher: Matcher | None = None) -> ScoredPairs:
    """One :class:`~translate.records.Score` per pair (see :mod:`translate.qe.score` for the columns),
    and Pharaoh word links when ``engine`` can give them."""
    confidences = links = None
    if engine is not None:
        confidences, links = score_given_pairs(engine, [normalize_text(x) for x in sources], list(targets))
    terms = term_success(matcher, sources, targets) if matcher is not None else None
    scores = score_pairs(sources, targets, references=references, embedder=embedder, confidences=confidences,
                         terms=terms)
    return ScoredPairs(scores, links)
