"""A verdict's reasons in words a translator can act on: which numbers differ (as written on each
side), how far the length is from the expected one, which glossary terms are missing.

:func:`explain` turns the reason names of a :class:`~translate.records.Score` (``numbers``, ``length``,
…) into one sentence each, from the pair's texts and scores and the thresholds of
:mod:`translate.qe.score`. Reports, the review app and the CAT-tool notes all use it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from ..records import Score, SentencePair, TermHit
from .numbers import unmatched
from .score import THRESHOLDS

def numbers_message(source: str, target: str) -> str:
    """``numbers differ: ۲۵, ۱۰۰ vs 1, 4``: the numbers of each side (as written) that the other lacks."""
    left, right = unmatched(source, target)
    only_src = list(dict.fromkeys(n.text for n in left))
    only_tgt = list(dict.fromkeys(n.text for n in right))
    return f"numbers differ: {', '.join(only_src) or 'none'} vs {', '.join(only_tgt) or 'none'}"


def _length(score: Score) -> str:
    value = score.length or 0.0
    return f"{abs(value):.1f} σ {'longer' if value > 0 else 'shorter'} than expected"


def _similarity(score: Score) -> str:
    value = score.similarity or 0.0
    limit = THRESHOLDS["similarity_bad"] if value < THRESHOLDS["similarity_bad"] else THRESHOLDS["similarity_review"]
    return f"meaning may differ: similarity {value:.3f} (below {limit:.2f})"


def _missing_terms(terms: Sequence[TermHit]) -> str:
    missing = [f"{t.text} → {t.target}" for t in terms if not t.landed]
    return "glossary term missing: " + "; ".join(missing) if missing else "glossary terms missing"


def explain(source: str, target: str, score: Score, terms: Sequence[TermHit] = ()) -> tuple[str, ...]:
    """One sentence per reason of ``score`` (hard reasons first, as :func:`~translate.qe.score.verdict`
    orders them)."""
    if not score.reasons:
        return ()
    return _explain(source, target, score, tuple(terms))


def explain_pair(pair: SentencePair, source: str, target: str) -> tuple[str, ...]:
    """The reasons of ``pair`` in words: as its scoring stored them, else :func:`explain` of ``source``
    and ``target`` (the pair's texts as the caller shows them)."""
    if pair.explained is not None:
        return pair.explained
    return explain(source, target, pair.scores, pair.terms)


# Every exporter of a run explains the same pair in turn (TSV, JSONL, XLIFF notes, the report): the
# last few pairs are remembered, so each is explained once.
@functools.lru_cache(maxsize=64)
def _explain(source: str, target: str, score: Score, terms: tuple[TermHit, ...]) -> tuple[str, ...]:
    words = {
        "similarity": lambda: _similarity(score),
        "length": lambda: _length(score),
        "numbers": lambda: numbers_message(source, target),
        "untranslated": lambda: f"{(score.persian or 0.0):.0%} of the English letters are Persian script (untranslated)",
        "repetition": lambda: f"repeats itself: {(score.repetition or 0.0):.0%} of word triples occur twice",
        "confidence": lambda: f"the model was unsure: confidence {(score.confidence or 0.0):.2f} "
                              f"(below {THRESHOLDS['confidence_review']:.1f})",
        "terms": lambda: _missing_terms(terms),
    }
    return tuple(words[r]() if r in words else r for r in score.reasons)
