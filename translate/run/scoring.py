"""Scoring: translations given by the user (``translate score``: the reference-free signals, the e5
similarity, the model's confidence and word links when a model is given, glossary term success when a
glossary is, reference metrics when references are), and a run's translations in its store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from ..align.embed import Embedder
from ..align.words import score_given_pairs
from ..mt.engine import Engine
from ..qe.score import score_pairs
from ..records import Score
from ..terms.enforce import term_success
from ..terms.glossary import Matcher
from ..text.normalize import normalize_text
from .store import START, RunStore


@dataclass(frozen=True, slots=True)
class ScoredPairs:
    scores: list[Score]
    alignments: list[str] | None


def score_translations(sources: Sequence[str], targets: Sequence[str], *, references: Sequence[str] | None = None,
                       embedder: Embedder | None = None, engine: Engine | None = None,
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


def score_run(store: RunStore, signature: str, scoring: str, embedder: Embedder | None = None,
              batch: int = 512, progress: Callable[[int, int], None] | None = None) -> None:
    """Score every translated sentence of the store not yet scored by ``scoring`` (the signature and
    whether the similarity is on), ``batch`` at a time; ``progress(done, total)`` is told the sentences
    gone through after each batch."""
    last = START
    total, seen = (store.count_sentences() if progress else 0), 0
    while rows := store.translations_after(signature, last, batch):
        last = rows[-1][0]
        done = store.scored(scoring, rows[0][0], last)
        todo = [(s, t) for o, s, t in rows if o not in done]
        if todo:
            success = [sum(h.landed for h in t.terms) / len(t.terms) if t.terms else None for _, t in todo]
            scores = score_pairs([s.line() for s, _ in todo], [t.text for _, t in todo], embedder=embedder,
                                 confidences=[t.confidence for _, t in todo], terms=success)
            store.put_scores(scoring, [(s, score) for (s, _), score in zip(todo, scores)],
                             [t.alignment for _, t in todo])
        seen += len(rows)
        if progress:
            progress(seen, total)
