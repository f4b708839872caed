"""The review of a finished run, over its store: what a translator does to a pair (edit the English,
approve, reject, undo, reset to the machine's) and what comes back from a CAT tool.

Every action is one transaction that sets the sentence's review row and appends to its history (what
it replaced, when, who), so nothing a person did is lost to a crash. Every action carries the revision
it was based on: one based on an older revision than the stored one is a :class:`ConflictError`, never
a silent overwrite (two tabs, two translators, an app edit and a CAT import). An edit re-checks what can be
re-checked without a model: the glossary terms (found again in the new English), numbers, length,
script, repetition, and the verdict; the similarity and the model's confidence, which describe the
machine's English, are dropped for a person's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError, ConflictError, InputError, OutputError
from ..qe.score import score_pairs
from ..records import REVIEW_STATES, SentencePair, TermHit, text_fingerprint
from ..terms.check import find_target
from ..text.clean import check_clean
from .store import PairFilter, ReviewRow, RunRef, RunStore, SentenceRef, existing_store, finished, now

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
    (decoding problems), reviewed or not, edited by a person or not (``None``: both), and text to find
    on either side (Persian letter variants, ZWNJ and diacritics folded, English case-insensitive; see
    :mod:`translate.text.search`)."""

    verdict: str | None = None
    missing_terms: bool = False
    flagged: bool = False
    reviewed: bool | None = None
    edited: bool | None = None
    query: str = ""

    def __post_init__(self) -> None:
        if self.verdict is not None and self.verdict not in VERDICTS:
            raise ConfigError(f"verdict must be one of {', '.join(VERDICTS)}, not {self.verdict!r}")

    def to_store(self) -> PairFilter:
        return PairFilter(self.verdict, self.missing_terms, self.flagged, self.reviewed, self.edited, self.query)


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
class Page:
    """A page of a document's pairs that pass a filter: the pairs from ``offset``, and how many pass."""

    pairs: list[SentencePair]
    total: int
    offset: int


@dataclass(frozen=True, slots=True)
class Conflict:
    """A unit of a CAT file whose sentence changed in the store after the file was exported: both
    texts, so a person can merge them."""

    unit: str
    file_text: str | None
    file_state: str | None
    stored_text: str
    stored_state: str
    file_rev: int | None
    stored_rev: int


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What ``review import`` did with each unit: applied, already as the file says (or untouched in
    the tool), refused as a conflict, matching no sentence of the run, or from another run store."""

    applied: int = 0
    unchanged: int = 0
    conflicts: tuple[Conflict, ...] = ()
    unmatched: tuple[str, ...] = ()
    foreign: tuple[str, ...] = ()

    @property
    def refused(self) -> int:
        return len(self.conflicts) + len(self.unmatched) + len(self.foreign)

    def line(self) -> str:
        return (f"applied {self.applied}, unchanged {self.unchanged}, conflicts {len(self.conflicts)}, "
                f"unmatched {len(self.unmatched)}, foreign {len(self.foreign)}")


class ReviewSession:
    """The review of the current (last finished) run in ``outdir``. Thread-safe: calls are serialized
    (the app serves requests from a thread pool); each call reads the current run afresh, so a run that
    finishes while the app is open is what the next request shows."""

    def __init__(self, outdir: str | Path, *, author: str | None = None) -> None:
        path = existing_store(outdir)
        self.outdir = path.parent
        self.author = author
        self.store = RunStore(path, shared=True)
        self.store_id = self.store.store_id
        self._lock = threading.RLock()
        try:
            self.run: RunRef = finished(self.store, outdir)
        except OutputError:
            self.store.close()
            raise

    @property
    def signature(self) -> str:
        return self.run.signature

    @property
    def settings(self) -> dict[str, Any]:
        return self.run.settings

    @property
    def run_id(self) -> int:
        return self.run.run_id

    def _current(self) -> RunRef:
        self.run = finished(self.store, self.outdir)
        return self.run

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> ReviewSession:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- reading ----------------------------------------------------------------------------------

    def documents(self) -> list[DocumentProgress]:
        """Every document of the run with its summary (one pass over the run in the store)."""
        with self._lock:
            run = self._current()
            summaries = self.store.summaries(run)
            empty: tuple[dict[str, int], int, int, int] = ({"ok": 0, "review": 0, "bad": 0}, 0, 0, 0)
            out = []
            for d in self.store.documents(run):
                verdicts, landed, total, reviewed = summaries.get(d.doc_id, empty)
                out.append(DocumentProgress(d.doc_id, d.name, d.sentences, reviewed, verdicts, landed, total))
            return out

    def progress(self, doc_id: str) -> DocumentProgress:
        """One document's summary (what an action on one of its pairs changes)."""
        with self._lock:
            run = self._current()
            doc = next((d for d in self.store.documents(run) if d.doc_id == doc_id), None)
            if doc is None:
                raise InputError(doc_id, "no such document in this run")
            verdicts, landed, total, reviewed = self.store.summaries(run, doc_id).get(
                doc_id, ({"ok": 0, "review": 0, "bad": 0}, 0, 0, 0))
            return DocumentProgress(doc.doc_id, doc.name, doc.sentences, reviewed, verdicts, landed, total)

    def pair(self, doc_id: str, idx: int) -> SentencePair:
        with self._lock:
            found = list(self.store.pairs(self._current(), doc_id, after=idx - 1, until=idx))
        if not found:
            raise InputError(f"{doc_id}:{idx}", "no such sentence in this run")
        return found[0]

    def pairs(self, doc_id: str) -> Iterator[SentencePair]:
        """A document's pairs, a batch at a time."""
        last = -1
        while True:
            with self._lock:
                batch = list(self.store.pairs(self._current(), doc_id, after=last, until=last + 500))
            if not batch:
                return
            yield from batch
            last = batch[-1].source.index

    def page(self, doc_id: str, filters: Filters = Filters(), *, offset: int = 0, limit: int = 200) -> Page:
        """The pairs of a document that pass ``filters``, ``limit`` from the ``offset``-th (filters and
        counts computed by the store over the whole document)."""
        with self._lock:
            pairs, total = self.store.filtered(self._current(), doc_id, filters.to_store(), offset=max(0, offset),
                                               limit=limit)
        return Page(pairs, total, max(0, offset))

    def offset_of(self, doc_id: str, idx: int, filters: Filters = Filters()) -> int:
        """Where sentence ``idx`` (or the first passing sentence after it) is among the pairs of the
        document that pass ``filters``."""
        with self._lock:
            return self.store.filtered_offset(self._current(), doc_id, filters.to_store(), idx)

    def find(self, filters: Filters, doc_id: str | None = None, *, limit: int = 500) -> tuple[list[SentencePair], int]:
        """Pairs of a document (or of the run) that pass ``filters``: the first ``limit`` and how many in all."""
        with self._lock:
            run = self._current()
            docs = [doc_id] if doc_id is not None else [d.doc_id for d in self.store.documents(run)]
            found: list[SentencePair] = []
            total = 0
            for doc in docs:
                pairs, count = self.store.filtered(run, doc, filters.to_store(), limit=max(0, limit - len(found)))
                found += pairs
                total += count
            return found, total

    # --- acting -----------------------------------------------------------------------------------

    def _ref(self, doc_id: str, idx: int) -> SentenceRef:
        ref = self.store.sentence(self._current(), doc_id, idx)
        if ref is None:
            raise InputError(f"{doc_id}:{idx}", "no such sentence in this run")
        return ref

    def _based_on(self, pair: SentencePair, rev: int | None) -> None:
        if rev is not None and rev != pair.rev:
            raise ConflictError(pair.source.id, pair, f"changed since you opened it (your revision {rev}, now "
                                f"{pair.rev}); both versions are shown, merge them and save again")

    def _set(self, pair: SentencePair, *, target: str, edited: bool, state: str, action: str) -> SentencePair:
        ref = self._ref(pair.source.doc_id, pair.source.index)
        if target == pair.target:
            score, terms = pair.scores, pair.terms
        else:
            score, terms = recheck(pair, target)
        self.store.put_review(ref, ReviewRow(target, edited, state, score, terms), action=action, author=self.author,
                              now=now())
        return self.pair(pair.source.doc_id, pair.source.index)

    def edit(self, doc_id: str, idx: int, text: str, *, rev: int | None = None) -> SentencePair:
        """Replace the English of a sentence with a person's (state ``edited``). ``rev``: the revision
        the person saw; another revision stored meanwhile is a :class:`ConflictError`."""
        text = text.strip()
        where = f"{doc_id}:{idx}"
        if not text:
            raise InputError(where, "an empty translation cannot be saved; reject the pair instead")
        check_clean(text, where)
        with self._lock, self.store.transaction():
            pair = self.pair(doc_id, idx)
            self._based_on(pair, rev)
            return self._set(pair, target=text, edited=pair.edited or text != pair.target, state="edited",
                             action="edit")

    def set_state(self, doc_id: str, idx: int, state: str, *, rev: int | None = None) -> SentencePair:
        """``approved`` or ``rejected`` (the English stays), or ``machine`` (back to the model's English)."""
        if state not in REVIEW_STATES or state == "edited":
            raise ConfigError(f"state must be approved, rejected or machine, not {state!r}")
        with self._lock, self.store.transaction():
            pair = self.pair(doc_id, idx)
            self._based_on(pair, rev)
            if state == "machine":
                self.store.put_review(self._ref(doc_id, idx), None, action="reset", author=self.author, now=now())
                return self.pair(doc_id, idx)
            return self._set(pair, target=pair.target, edited=pair.edited, state=state,
                             action="approve" if state == "approved" else "reject")

    def undo(self, doc_id: str, idx: int, *, rev: int | None = None) -> SentencePair:
        """Take back the last action on a sentence that was not itself taken back."""
        with self._lock, self.store.transaction():
            pair = self.pair(doc_id, idx)
            self._based_on(pair, rev)
            ref = self._ref(doc_id, idx)
            pending = 0
            for entry in self.store.history(ref):
                if entry["action"] == "undo":
                    pending += 1
                elif pending:
                    pending -= 1
                else:
                    self.store.restore_review(ref, entry["before"], author=self.author, now=now())
                    break
            return self.pair(doc_id, idx)

    def history(self, doc_id: str, idx: int) -> list[dict[str, Any]]:
        with self._lock:
            return self.store.history(self._ref(doc_id, idx))

    # --- CAT import -------------------------------------------------------------------------------

    def apply(self, units: Iterable[Any], *, force: bool = False) -> ImportReport:
        """Bring targets and states edited in a CAT tool back (``units``: :class:`~translate.export.cat.CatUnit`).

        A unit is matched by its document and source fingerprint (its index only breaks ties between
        equal sentences), so it lands on its own sentence after the article changed and the run was
        repeated. It is *unchanged* when its target is what was exported (or what is stored now); a
        *conflict* when the stored pair changed after the export (the stored text stays; ``force``: the
        file wins); *foreign* when it comes from another run store; *unmatched* when no sentence of the
        document has its source. Every target is checked first, and the whole import is one transaction."""
        units = list(units)
        for unit in units:
            if unit.target is not None:
                check_clean(unit.target.strip(), f"unit {unit.ref or unit.doc_id + ':' + str(unit.index)}")
        applied = unchanged = 0
        conflicts: list[Conflict] = []
        unmatched: list[str] = []
        foreign: list[str] = []
        with self._lock, self.store.transaction():
            run = self._current()
            for unit in units:
                name = unit.ref or f"{unit.doc_id}:{unit.index}"
                if unit.store_id is not None and unit.store_id != self.store_id:
                    foreign.append(name)
                    continue
                pair = self._match(run, unit)
                if pair is None:
                    unmatched.append(name)
                    continue
                outcome = self._apply_one(pair, unit, force)
                if outcome is None:
                    unchanged += 1
                elif isinstance(outcome, Conflict):
                    conflicts.append(outcome)
                else:
                    applied += 1
        return ImportReport(applied, unchanged, tuple(conflicts), tuple(unmatched), tuple(foreign))

    def _match(self, run: RunRef, unit: Any) -> SentencePair | None:
        fingerprint = unit.fingerprint
        if fingerprint is None and unit.source is not None:
            from ..text.normalize import normalize_text

            fingerprint = text_fingerprint(normalize_text(unit.source.strip()))
        if fingerprint is None:  # a file that says nothing of its sources: its ids alone
            if unit.index < 0:
                return None
            try:
                return self.pair(unit.doc_id, unit.index)
            except InputError:
                return None
        found = self.store.with_fingerprint(run, unit.doc_id, fingerprint)
        if not found:
            return None
        idx = min(found, key=lambda i: (abs(i - unit.index), i))
        return self.pair(unit.doc_id, idx)

    def _apply_one(self, pair: SentencePair, unit: Any, force: bool) -> Conflict | bool | None:
        """``None``: nothing to do; a :class:`Conflict`; ``True``: applied."""
        target = unit.target.strip() if unit.target else None
        if target is not None and unit.exported is not None:
            target_changed = text_fingerprint(target) != unit.exported
        else:
            target_changed = target is not None and target != pair.target
        state = unit.state if unit.state in ("approved", "rejected") else None
        if unit.exported_state is not None:
            state_changed = state is not None and state != unit.exported_state
        else:
            state_changed = state is not None and state != pair.state
        if not target_changed and not state_changed:
            return None
        new_target = target if target_changed and target else pair.target
        new_state = state if state_changed and state else ("edited" if new_target != pair.target else pair.state)
        if new_target == pair.target and new_state == pair.state:
            return None
        if unit.rev is not None and unit.rev != pair.rev and not force:
            return Conflict(unit.ref or pair.source.id, target, unit.state, pair.target, pair.state, unit.rev, pair.rev)
        self._set(pair, target=new_target, edited=pair.edited or new_target != pair.target, state=new_state,
                  action="import")
        return True


def import_files(outdir: str | Path, files: Iterable[str | Path], *, author: str | None = None,
                 force: bool = False) -> ImportReport:
    """``translate review import``: every file read and checked first (a malformed unit anywhere
    changes nothing), then applied to the run in ``outdir`` in one transaction."""
    from ..export.cat import read_units

    with ReviewSession(outdir, author=author) as session:
        src, tgt = session.settings.get("src_lang", "fa"), session.settings.get("tgt_lang", "en")
        units = [unit for path in files for unit in read_units(path, src_lang=src, tgt_lang=tgt)]
        return session.apply(units, force=force)
