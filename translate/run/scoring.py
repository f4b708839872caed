"""Scoring: translations given by the user (``translate score``: the reference-free signals, the e5
similarity, the model's confidence and word links when a model is given, glossary term success when a
glossary is, reference metrics when references are), and a run's translations in its store."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from ..align.embed import Embedder
from ..align.words import score_given_pairs
from ..mt.engine import Engine
from ..qe.explain import explain
from ..qe.score import score_pairs
from ..records import Score
from ..terms.enforce import term_success
from ..terms.glossary import Matcher
from ..text.normalize import normalize_text
from .helpers import Channel, Helper, processes_for
from .store import START, Place, RunStore

logger = logging.getLogger(__name__)


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


#: The helper process that scores the second half of a large run (see :func:`score_run`).
HELPER = "translate.run.scoring:serve_scores"


def score_run(store: RunStore, signature: str, scoring: str, embedder: Embedder | None = None,
              batch: int = 512, progress: Callable[[int, int], None] | None = None, *,
              processes: int | None = None) -> float:
    """Score every translated sentence of the store not yet scored by ``scoring`` (the signature and
    whether the similarity is on), ``batch`` at a time; ``progress(done, total)`` is told the sentences
    this process has gone through. A large run without the similarity (``processes``: default two
    from :data:`~translate.run.helpers.PARALLEL_FROM` sentences on two cores or more) has its second
    half scored by a helper process at the same time (the signals are pure Python: one core each); if
    the helper fails, this process scores what it left. Returns the helper's peak memory (MiB, 0 when
    none)."""
    total = store.count_sentences()
    processes = processes_for(total, processes)
    if processes < 2 or total < 2 or embedder is not None:  # the helper has no embedder: similarity here
        _score(store, signature, scoring, embedder, batch, START, None, _told(progress, total))
        return 0.0
    middle = store.place_at(total // 2 - 1)
    helper = Helper(HELPER, (str(store.path), store.run_id, store.memory_since, signature, scoring, batch, middle),
                    "scoring")
    try:
        _score(store, signature, scoring, embedder, batch, START, middle, _told(progress, total // 2))
        try:
            helper.answer("done")
        except Exception as exc:  # scores are kept as they are made: what the helper left is scored here
            logger.debug("the scoring helper failed (%s): the rest is scored here", exc)
            _score(store, signature, scoring, embedder, batch, middle, None, None)
    except BaseException:
        helper.stop()
        raise
    finally:
        helper.close()
    return helper.peak_mb


def _told(progress: Callable[[int, int], None] | None, total: int) -> Callable[[int], None] | None:
    return (lambda seen: progress(seen, total)) if progress else None


def _score(store: RunStore, signature: str, scoring: str, embedder: Embedder | None, batch: int, after: Place,
           until: Place | None, progress: Callable[[int], None] | None) -> None:
    """Score the translated sentences after ``after`` up to ``until`` (inclusive; ``None``: to the end)
    not yet scored by ``scoring``."""
    last, seen = after, 0
    while rows := store.translations_after(signature, last, batch):
        if until is not None:
            rows = [r for r in rows if r[0] <= until]
            if not rows:
                break
        last = rows[-1][0]
        done = store.scored(scoring, rows[0][0], last)
        todo = [(s, t) for o, s, t in rows if o not in done]
        if todo:
            success = [sum(h.landed for h in t.terms) / len(t.terms) if t.terms else None for _, t in todo]
            sources = [s.line() for s, _ in todo]
            scores = score_pairs(sources, [t.text for _, t in todo], embedder=embedder,
                                 confidences=[t.confidence for _, t in todo], terms=success)
            # the reasons in words once, here, instead of in every output and writing process
            explained = [explain(source, t.text, score, t.terms) for source, (_, t), score in zip(sources, todo, scores)]
            store.put_scores(scoring, [(s, score) for (s, _), score in zip(todo, scores)],
                             [t.alignment for _, t in todo], explained)
        seen += len(rows)
        if progress:
            progress(seen)


def serve_scores(fd: int) -> None:
    """The scoring helper process: told the store, the run and where its half starts over the socket
    ``fd``, score from there to the end, say ``done`` (or the error)."""
    channel = Channel(fd)
    try:
        path, run_id, since, signature, scoring, batch, after = channel.receive()
        with RunStore(path) as store:
            store.run_id, store.memory_since = run_id, since
            _score(store, signature, scoring, None, batch, after, None, None)
        channel.send("done")
    except BaseException as exc:
        channel.failed(exc)
    finally:
        channel.close()
