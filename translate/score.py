"""Scoring translation pairs: reference metrics (sacrebleu) and reference-free quality signals, and a
verdict per pair (``ok``, ``review``, ``bad``) from thresholds kept in one place (:data:`THRESHOLDS`).

Reference-free signals (each its own column):

- ``similarity``: cosine of the multilingual-e5 embeddings of source and translation;
- ``length``: ``log(len_en / (1.012 × len_fa)) / 0.19`` — how many standard deviations the length ratio
  is from the one fitted on NTREX Persian→English news (0 is typical; below −2 something is missing);
- ``numbers``: share of the numbers of either side found on the other, after mapping Persian and
  Arabic-Indic digits and dropping thousands separators (1 when neither side has numbers);
- ``persian``: share of the translation's letters that are Persian/Arabic script (untranslated text);
- ``repetition``: share of the translation's word 3-grams that repeat an earlier one (loops);
- ``confidence``: the model's mean token log-probability, when a model translated or scored the pair;
- ``terms``: glossary term success of the pair, when a glossary was given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .align import LENGTH_RATIO, LENGTH_SIGMA, _numbers

#: Verdict thresholds. A pair is ``bad`` when any hard limit is crossed, ``review`` when any soft one
#: is, else ``ok``.
THRESHOLDS = {
    "similarity_bad": 0.80,
    "similarity_review": 0.84,
    "length_bad": 3.0,  # |length| in standard deviations
    "length_review": 1.8,
    "numbers_bad": 0.5,
    "numbers_review": 0.99,
    "persian_bad": 0.5,
    "persian_review": 0.05,
    "repetition_bad": 0.3,
    "repetition_review": 0.1,
    "confidence_review": -1.5,
    "terms_review": 0.99,
}

_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class PairScore:
    """Every score of one pair; ``None`` where a signal was not computed."""

    similarity: float | None = None
    length: float = 0.0
    numbers: float = 1.0
    persian: float = 0.0
    repetition: float = 0.0
    confidence: float | None = None
    terms: float | None = None
    bleu: float | None = None
    chrf: float | None = None
    ter: float | None = None
    verdict: str = "ok"
    reasons: list[str] = field(default_factory=list)

    def quality(self) -> float:
        """One number for ranking pairs (higher is better), used by ``eval qe`` for ROC-AUC."""
        q = (self.similarity if self.similarity is not None else 0.85) * 4
        q -= max(0.0, abs(self.length) - 1.0) * 0.5
        q -= (1.0 - self.numbers) * 1.0
        q -= self.persian * 2.0 + self.repetition * 3.0
        if self.confidence is not None:  # the model's own view, when a model produced or scored the pair
            q += self.confidence
        return q


def length_score(source: str, target: str) -> float:
    return math.log((len(target) + 10) / (LENGTH_RATIO * len(source) + 10)) / LENGTH_SIGMA


def number_score(source: str, target: str) -> float:
    a, b = _numbers(source), _numbers(target)
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def persian_share(target: str) -> float:
    letters = _LETTER.findall(target)
    return len(_ARABIC_LETTER.findall(target)) / len(letters) if letters else 0.0


def repetition_share(target: str) -> float:
    words = target.lower().split()
    grams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
    return 1 - len(set(grams)) / len(grams) if grams else 0.0


def verdict(score: PairScore) -> tuple[str, list[str]]:
    """``ok``/``review``/``bad`` and the reasons, from :data:`THRESHOLDS`."""
    t = THRESHOLDS
    bad, review = [], []
    if score.similarity is not None:
        if score.similarity < t["similarity_bad"]:
            bad.append("similarity")
        elif score.similarity < t["similarity_review"]:
            review.append("similarity")
    if abs(score.length) > t["length_bad"]:
        bad.append("length")
    elif abs(score.length) > t["length_review"]:
        review.append("length")
    if score.numbers < t["numbers_bad"]:
        bad.append("numbers")
    elif score.numbers < t["numbers_review"]:
        review.append("numbers")
    if score.persian > t["persian_bad"]:
        bad.append("untranslated")
    elif score.persian > t["persian_review"]:
        review.append("untranslated")
    if score.repetition > t["repetition_bad"]:
        bad.append("repetition")
    elif score.repetition > t["repetition_review"]:
        review.append("repetition")
    if score.confidence is not None and score.confidence < t["confidence_review"]:
        review.append("confidence")
    if score.terms is not None and score.terms < t["terms_review"]:
        review.append("terms")
    return ("bad" if bad else "review" if review else "ok"), bad + review


def score_pairs(sources: Sequence[str], targets: Sequence[str], *, references: Sequence[str] | None = None,
                embedder: object = None, confidences: Sequence[float] | None = None,
                terms: Sequence[float | None] | None = None) -> list[PairScore]:
    """Score line-aligned pairs. Raises ``ValueError`` if the sequences differ in length."""
    if len(sources) != len(targets) or (references is not None and len(references) != len(sources)):
        raise ValueError("sources, targets and references must have the same number of lines")
    sims: list[float | None] = [None] * len(sources)
    if embedder is not None and sources:
        a = embedder.encode(list(sources))  # type: ignore[attr-defined]
        b = embedder.encode(list(targets))  # type: ignore[attr-defined]
        sims = [float(x) for x in (a * b).sum(axis=1)]
    if references is not None:
        from sacrebleu.metrics import BLEU, CHRF, TER

        bleu, chrf, ter = BLEU(effective_order=True), CHRF(word_order=2), TER()
    out = []
    for k, (source, target) in enumerate(zip(sources, targets)):
        score = PairScore(
            similarity=sims[k], length=length_score(source, target), numbers=number_score(source, target),
            persian=persian_share(target), repetition=repetition_share(target),
            confidence=confidences[k] if confidences is not None else None,
            terms=terms[k] if terms is not None else None,
        )
        if references is not None:
            ref = [references[k]]
            score.bleu = bleu.sentence_score(target, ref).score
            score.chrf = chrf.sentence_score(target, ref).score
            score.ter = ter.sentence_score(target, ref).score
        score.verdict, score.reasons = verdict(score)
        out.append(score)
    return out


def corpus_scores(targets: Sequence[str], references: Sequence[str]) -> dict[str, str]:
    """Corpus BLEU, chrF++ and TER with sacrebleu's signatures."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    out = {}
    for name, metric in (("BLEU", BLEU()), ("chrF++", CHRF(word_order=2)), ("TER", TER())):
        result = metric.corpus_score(list(targets), [list(references)])
        out[name] = f"{result.score:.2f} ({metric.get_signature()})"
    return out
