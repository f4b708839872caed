"""The review of a finished run, over its store: what a translator does to a pair (edit the English,
approve, reject, undo, reset to the machine's) and what comes back from a CAT tool.

Every action is one transaction that sets the sentence's review row and appends to its history (what
it replaced, when, who), so nothing a person did is lost to a crash. An edit re-checks what can be
re-checked without a model: the glossary terms (found again in the new English), numbers, length,
script, repetition, and the verdict; the similarity and the model's confidence, which describe the
machine's English, are dropped for a person's.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, OutputError
from ..qe.score import score_pairs
from ..records import REVIEW_STATES, SentencePair, TermHit
from ..terms.check import find_target
from .store import ReviewRow, RunStore, existing_store, finished

#: What a filter may ask for (the app's and the library's).
VERDICTS = ("ok", "review", "bad")


def recheck_terms(terms: Iterable[TermHit], target: str) -> tuple[TermHit, ...]:
    """The glossary report of a pair after its English changed: each term looked for again in
    ``target``; one still there keeps its status (``found`` if it was missing), one gone is ``missing``."""
    out: list[TermHit] = []
    claimed: list[tuple[int, int]] = []
    for hit in terms:
        span = find_target(target, hit.target, claimed)
        if span is None:
            out.append(replace(hit, status="missing", target_start=None, target_end=None))
        else:
            claimed.append(span)
            out.append(replace(hit, status=hit.status if hit.landed else "found", target_start=span[0],
                               target_end=span[1]))
    return tuple(out)


def recheck(pair: SentencePair, target: str) -> tuple[Any, tuple[TermHit, ...]]:
    """``(score, terms)`` of ``pair`` with ``target`` as its English (no similarity, no confidence)."""
    terms = recheck_terms(pair.terms, target)
    success = sum(t.landed for t in terms) / len(terms) if terms else None
    return score_pairs([pair.source.line()], [target], terms=[success])[0], terms


@dataclass(frozen=True, slots=True)
class Filters:
    """Which pairs to show: a verdict, only pairs with a missing glossary term, only flagged pairs
    (decoding problems), reviewed or not (``None``: both), and text to find on either side."""

    verdict: str | None = None
    missing_terms: bool = False
    flagged: bool = False
    reviewed: bool | None = None
    query: str = ""

    def __post_init__(self) -> None:
        if self.verdict is not None and self.verdict not in VERDICTS:
            raise ConfigError(f"verdict must be one of {', '.join(VERDICTS)}, not {self.verdict!r}")

    def accepts(self, pair: SentencePair) -> bool:
        if self.verdict and pair.verdict != self.verdict:
            return False
        if self.missing_terms and all(t.landed for t in pair.terms):
            return False
        if self.flagged and not pair.flags:
            return False
        if self.reviewed is not None and (pair.state != "machine") != self.reviewed:
            return False
        q = self.query.strip().casefold()
        return not q or q in pair.source.text.casefold() or q in pair.target.casefold()


@dataclass(frozen=True, slots=True)
class DocumentProgress:
    """A document of the run and how far its review is."""

    doc_id: str
    name: str
    sentences: int
    reviewed: int
    verdicts: dict[str, int]
    terms_landed: int = 0
    terms_total: int = 0


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What ``review import`` did: pairs changed, pairs already as the file says, ids not in the run."""

    changed: int
    unchanged: int
    unmatched: list[str]


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class ReviewSession:
    """The review of the last finished run in ``outdir``. Thread-safe: calls are serialized (the app
    serves requests from a thread pool)."""

    def __init__(self, outdir: str | Path, *, author: str | None = None) -> None:
        path = existing_store(outdir)
        self.outdir = path.parent
        self.author = author
        self.store = RunStore(path, shared=True)
        self._lock = threading.RLock()
        try:
            self.signature, self.settings = finished(self.store, outdir)
        except OutputError:
            self.store.close()
            raise

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> ReviewSession:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- reading ----------------------------------------------------------------------------------

    def documents(self) -> list[DocumentProgress]:
        with self._lock:
            out = []
            for doc in self.store.documents():
                verdicts, landed, total = self.store.summary(self.signature, doc.doc_id)
                out.append(DocumentProgress(doc.doc_id, doc.name, doc.sentences,
                                            sum(self.store.review_counts(doc.doc_id).values()), verdicts, landed, total))
            return out

    def pair(self, doc_id: str, idx: int) -> SentencePair:
        with self._lock:
            found = list(self.store.pairs(self.signature, doc_id, after=idx - 1, until=idx))
        if not found:
            raise InputError(f"{doc_id}:{idx}", "no such sentence in this run")
        return found[0]

    def pairs(self, doc_id: str) -> Iterator[SentencePair]:
        """A document's pairs, a batch at a time."""
        last = -1
        while True:
            with self._lock:
                batch = list(self.store.pairs(self.signature, doc_id, after=last, until=last + 500))
            if not batch:
                return
            yield from batch
            last = batch[-1].source.index

    def find(self, filters: Filters, doc_id: str | None = None, *, limit: int = 500) -> tuple[list[SentencePair], int]:
        """Pairs of a document (or of the run) that pass ``filters``: the first ``limit`` and how many in all."""
        docs = [doc_id] if doc_id is not None else [d.doc_id for d in self.store.documents()]
        found: list[SentencePair] = []
        total = 0
        for doc in docs:
            for pair in self.pairs(doc):
                if filters.accepts(pair):
                    total += 1
                    if len(found) < limit:
                        found.append(pair)
        return found, total

    # --- acting -----------------------------------------------------------------------------------

    def _set(self, pair: SentencePair, *, target: str, edited: bool, state: str, action: str) -> SentencePair:
        key = self.store.sentence_key(pair.source.doc_id, pair.source.index)
        if key is None:
            raise InputError(pair.source.id, "no such sentence in this run")
        if target == pair.target:
            score, terms = pair.scores, pair.terms
        else:
            score, terms = recheck(pair, target)
        self.store.put_review(pair.source.doc_id, pair.source.index, ReviewRow(key, target, edited, state, score, terms),
                              action=action, author=self.author, now=_now())
        return self.pair(pair.source.doc_id, pair.source.index)

    def edit(self, doc_id: str, idx: int, text: str) -> SentencePair:
        """Replace the English of a sentence with a person's (state ``edited``)."""
        text = text.strip()
        if not text:
            raise InputError(f"{doc_id}:{idx}", "an empty translation cannot be saved; reject the pair instead")
        with self._lock:
            pair = self.pair(doc_id, idx)
            return self._set(pair, target=text, edited=pair.edited or text != pair.target, state="edited",
                             action="edit")

    def set_state(self, doc_id: str, idx: int, state: str) -> SentencePair:
        """``approved`` or ``rejected`` (the English stays), or ``machine`` (back to the model's English)."""
        if state not in REVIEW_STATES or state == "edited":
            raise ConfigError(f"state must be approved, rejected or machine, not {state!r}")
        with self._lock:
            pair = self.pair(doc_id, idx)
            if state == "machine":
                self.store.put_review(doc_id, idx, None, action="reset", author=self.author, now=_now())
                return self.pair(doc_id, idx)
            return self._set(pair, target=pair.target, edited=pair.edited, state=state,
                             action="approve" if state == "approved" else "reject")

    def undo(self, doc_id: str, idx: int) -> SentencePair:
        """Take back the last action on a sentence that was not itself taken back."""
        with self._lock:
            pending = 0
            for entry in self.store.history(doc_id, idx):
                if entry["action"] == "undo":
                    pending += 1
                elif pending:
                    pending -= 1
                else:
                    self.store.restore_review(doc_id, idx, entry["before"], author=self.author, now=_now())
                    break
            return self.pair(doc_id, idx)

    def history(self, doc_id: str, idx: int) -> list[dict[str, Any]]:
        with self._lock:
            return self.store.history(doc_id, idx)

    def apply(self, units: Iterable[Any]) -> ImportReport:
        """Bring targets and states edited in a CAT tool back (``units``: records with ``doc_id``,
        ``index``, ``target`` and ``state`` — see :mod:`translate.export.cat`). Units whose sentence is
        not in the run are listed, and change nothing."""
        changed = unchanged = 0
        unmatched: list[str] = []
        with self._lock:
            for unit in units:
                try:
                    pair = self.pair(unit.doc_id, unit.index)
                except InputError:
                    unmatched.append(f"{unit.doc_id}:{unit.index}")
                    continue
                if self._apply_one(pair, unit.target, unit.state):
                    changed += 1
                else:
                    unchanged += 1
        return ImportReport(changed, unchanged, unmatched)

    def _apply_one(self, pair: SentencePair, target: str | None, state: str | None) -> bool:
        target = target.strip() if target else None
        new_text = bool(target) and target != pair.target
        wanted = state if state in ("approved", "rejected") else "edited" if new_text else None
        if not new_text and (wanted is None or wanted == pair.state):
            return False
        self._set(pair, target=target if new_text and target else pair.target, edited=pair.edited or new_text,
                  state=wanted or pair.state, action="import")
        return True


def import_files(outdir: str | Path, files: Iterable[str | Path], *, author: str | None = None) -> ImportReport:
    """``translate review import``: every file read first (an unreadable one changes nothing), then
    applied to the run in ``outdir``."""
    from ..export.cat import read_units

    units = [unit for path in files for unit in read_units(path)]
    with ReviewSession(outdir, author=author) as session:
        return session.apply(units)
