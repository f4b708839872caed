"""Scoring translation pairs: the reference-free signals and, with references, sacrebleu's metrics, and
a verdict per pair (``ok``, ``review``, ``bad``) with its reasons, from thresholds kept in one place
(:data:`THRESHOLDS`). The result is a :class:`~translate.records.Score`, whose fields are the columns:

- ``similarity``: cosine of the multilingual-e5 embeddings of source and translation;
- ``length``: :func:`~translate.qe.signals.length_deviation`;
- ``numbers``: :func:`~translate.qe.signals.number_agreement`;
- ``persian``: share of the translation's letters in Persian/Arabic script (untranslated text);
- ``repetition``: share of the translation's word 3-grams that repeat an earlier one (loops);
- ``confidence``: the model's mean token log-probability, when a model translated or scored the pair;
- ``terms``: glossary term success of the pair, when a glossary was given;
- ``bleu``, ``chrf``, ``ter``: sentence BLEU, chrF++ and TER against a reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..errors import PipelineError
from ..records import Score
from .metrics import SentenceMetrics
from .signals import length_deviation, number_agreement, persian_share, repetition_share

#: Verdict thresholds. A pair is ``bad`` when any hard limit is crossed, ``review`` when any soft one
#: is, else ``ok``. Calibrated on the NTREX human pairs (bench/qe_calibration.py): 96.8% of professional
#: translations ok, 0.7% bad. Refitted on the ``tune`` half alone they did not carry over to the other
#: half (fewer human pairs ok, fewer shuffled pairs caught: docs/quality.md), so they stay as they are.
THRESHOLDS = {
    "similarity_bad": 0.80,
    "similarity_review": 0.83,
    "length_bad": 3.0,  # |length| in standard deviations
    "length_review_shorter": 2.2,  # a translation shorter than expected by more than this many σ
    "length_review_longer": 2.2,  # or longer
    "numbers_bad": 0.5,
    "numbers_review": 0.99,
    "persian_bad": 0.5,
    "persian_review": 0.05,
    "repetition_bad": 0.3,
    "repetition_review": 0.1,
    "confidence_review": -1.5,
    "terms_review": 0.99,
}


#: Weights of :func:`quality`: the similarity's, and the penalty per unit of each signal (per σ that a
#: translation is shorter than expected past ``shorter_free`` σ, or longer past ``longer_free`` σ).
#: Fitted on the ``tune`` half of NTREX alone and reported on the other (``python
#: bench/qe_calibration.py --fit``; docs/quality.md): every shortfall counts, since an omission of a
#: clause leaves a translation only 1–2 σ short, within the old free band of 1 σ.
QUALITY_WEIGHTS = {
    "similarity": 4.0,
    "shorter_free": 0.0,
    "shorter": 0.2,
    "longer_free": 2.0,
    "longer": 0.25,
    "numbers": 1.5,
    "persian": 2.0,
    "repetition": 6.0,
}


def quality(score: Score, weights: dict[str, float] | None = None) -> float:
    """One number for ranking pairs (higher is better), used by ``eval qe`` for ROC-AUC, by the corpus
    build to choose among duplicates; ``weights`` default to :data:`QUALITY_WEIGHTS`."""
    w = QUALITY_WEIGHTS if weights is None else weights
    q = (score.similarity if score.similarity is not None else 0.85) * w["similarity"]
    deviation = score.length or 0.0
    q -= max(0.0, -deviation - w["shorter_free"]) * w["shorter"] + max(0.0, deviation - w["longer_free"]) * w["longer"]
    q -= (1.0 - (score.numbers if score.numbers is not None else 1.0)) * w["numbers"]
    q -= (score.persian or 0.0) * w["persian"] + (score.repetition or 0.0) * w["repetition"]
    if score.confidence is not None:  # the model's own view, when a model produced or scored the pair
        q += score.confidence
    return q


def _grade(value: float | None, bad: float | None, review: float, *, above: bool = False) -> str | None:
    """``bad``, ``review`` or ``None`` for one signal: below the limits, or above them with ``above``."""
    if value is None:
        return None
    crosses = (lambda limit: value > limit) if above else (lambda limit: value < limit)
    if bad is not None and crosses(bad):
        return "bad"
    return "review" if crosses(review) else None


def verdict(score: Score, thresholds: dict[str, float] | None = None) -> tuple[str, tuple[str, ...]]:
    """``ok``/``review``/``bad`` and the reasons (hard ones first), from ``thresholds`` (default:
    :data:`THRESHOLDS`)."""
    t = THRESHOLDS if thresholds is None else thresholds
    length = score.length or 0.0
    checks = (
        ("similarity", _grade(score.similarity, t["similarity_bad"], t["similarity_review"])),
        ("length", _grade(abs(length), t["length_bad"],
                          t["length_review_shorter"] if length < 0 else t["length_review_longer"], above=True)),
        ("numbers", _grade(score.numbers, t["numbers_bad"], t["numbers_review"])),
        ("untranslated", _grade(score.persian, t["persian_bad"], t["persian_review"], above=True)),
        ("repetition", _grade(score.repetition, t["repetition_bad"], t["repetition_review"], above=True)),
        ("confidence", _grade(score.confidence, None, t["confidence_review"])),
        ("terms", _grade(score.terms, None, t["terms_review"])),
    )
    bad = tuple(name for name, grade in checks if grade == "bad")
    review = tuple(name for name, grade in checks if grade == "review")
    return ("bad" if bad else "review" if review else "ok"), bad + review


def score_pairs(sources: Sequence[str], targets: Sequence[str], *, references: Sequence[str] | None = None,
                embedder: object = None, confidences: Sequence[float] | None = None,
                terms: Sequence[float | None] | None = None) -> list[Score]:
    """Score line-aligned pairs, one :class:`~translate.records.Score` each, verdict included.
    ``embedder`` (anything with ``encode(texts)`` returning unit vectors) adds the similarity."""
    if len(sources) != len(targets) or (references is not None and len(references) != len(sources)):
        raise PipelineError("scoring bug: sources, targets and references differ in length")
    sims: list[float | None] = [None] * len(sources)
    if embedder is not None and sources:
        a = embedder.encode(list(sources))  # type: ignore[attr-defined]
        b = embedder.encode(list(targets))  # type: ignore[attr-defined]
        sims = [float(x) for x in (a * b).sum(axis=1)]
    metrics = SentenceMetrics() if references is not None else None
    out = []
    for k, (source, target) in enumerate(zip(sources, targets)):
        score = Score(
            similarity=sims[k], length=length_deviation(source, target),
            numbers=number_agreement(source, target), persian=persian_share(target),
            repetition=repetition_share(target), confidence=confidences[k] if confidences is not None else None,
            terms=terms[k] if terms is not None else None,
            **(metrics.score(target, references[k]) if metrics and references is not None else {}),
        )
        label, reasons = verdict(score)
        out.append(replace(score, verdict=label, reasons=reasons))
    return out
