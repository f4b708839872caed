"""``translate corpus build`` as a library object: ``CorpusBuild(inputs, outdir, config).execute()``
sets aside the input files that cannot be read (named in ``rejected.jsonl`` with the reason), aligns and
scores every other document pair into the build's store (resuming: unchanged documents are not aligned
again), then filters, deduplicates and splits every pair anew under the config, and publishes the
dataset (:mod:`.publish`).

Splits (:func:`assign_splits`): the unit is a document, or a block of ``[split] block_lines``
consecutive lines of line-aligned input (neighbouring lines of one article stay together). Each unit
with kept pairs goes to ``test``, ``validation`` or ``train`` by a hash of its id and the seed (the same
unit lands in the same split in every build, whatever else the corpus holds), and a requested split
that the hash left empty takes the unit of the nearest hash from a split that has more than one: no
requested split is ever empty, and a corpus with fewer units than requested splits is refused with a
message that says what to change."""

from __future__ import annotations

import datetime
import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..align.embed import Embedder
from ..config import EXECUTORS, ClusterOptions
from ..errors import ConfigError, InputError
from ..run.cluster import pool, reach
from ..run.executor import LocalExecutor
from ..run.lock import OutdirLock
from ..run.pipeline import prepare_outdir
from .aligning import DocumentAligner
from .config import CorpusConfig, SplitRules
from .dedup import Deduplicator
from .filters import reject
from .inputs import DocumentPair, Refused, check_inputs
from .sources import find_documents
from .store import CorpusStore, Select

STORE_NAME = "corpus.sqlite"
#: Every split a build may write, in order.
SPLITS = ("train", "validation", "test")
#: Part of each document's fingerprint: what the reader does to the text (stores of builds that did not
#: clean their inputs align those documents again).
READER = "clean:1"
#: Document pairs per call to a Ray actor: their sentences are embedded together (a few hundred sentences).
GROUP = 16
#: Kept pairs given their split per transaction.
_SPLIT_BATCH = 10_000


class CorpusObserver(Protocol):
    """Told how a build advances (the CLI draws a progress bar per sentence from it)."""

    def started(self, documents: int) -> None: ...

    def advance(self, sentences: int) -> None: ...


@dataclass(slots=True)
class CorpusResult:
    """What a build did: documents, pairs, what each rule removed, duplicates by kind, splits."""

    outdir: Path
    documents: int = 0
    aligned_again: int = 0
    pairs: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    splits: dict[str, int] = field(default_factory=dict)
    unpaired: list[str] = field(default_factory=list)
    #: Input files set aside (empty, binary, not UTF-8), with the reason.
    refused: list[Refused] = field(default_factory=list)
    #: Characters of the inputs replaced on the way in (controls, breaks str.splitlines sees, tabs).
    cleaned: int = 0
    #: The split unit: ``documents`` or ``blocks of N lines``, and how many units hold kept pairs.
    units: str = "documents"
    seconds: dict[str, float] = field(default_factory=dict)
    executor: dict[str, Any] = field(default_factory=lambda: {"executor": "local"})

    @property
    def kept(self) -> int:
        return sum(self.splits.values())

    def summary(self) -> list[str]:
        removed = ", ".join(f"{k} {v}" for k, v in self.rejected.items()) or "none"
        dups = ", ".join(f"{k} {v}" for k, v in self.duplicates.items()) or "none"
        splits = ", ".join(f"{k} {v}" for k, v in self.splits.items())
        lines = [f"documents {self.documents} ({self.aligned_again} aligned now), pairs {self.pairs}, kept {self.kept}",
                 f"removed by rule: {removed}", f"duplicates removed: {dups}", f"splits: {splits}"]
        if self.refused:
            lines.append(f"inputs set aside: {len(self.refused)} (see rejected.jsonl): "
                         + "; ".join(f"{r.path}: {r.reason}" for r in self.refused[:3]))
        if self.cleaned:
            lines.append(f"characters cleaned in the inputs: {self.cleaned}")
        return lines + ["time: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items())]


def unit_hash(unit: str, seed: str) -> float:
    """A unit's place in [0, 1), from a hash of its id and the seed: the same everywhere, every time."""
    return int.from_bytes(hashlib.sha256(f"{seed}\x1f{unit}".encode()).digest()[:8], "big") / 2**64


def assign_splits(units: Sequence[str], rules: SplitRules, what: str = "documents") -> dict[str, str]:
    """The split of each unit (see the module docstring); ``what`` names the units in the message that
    refuses too few of them."""
    requested = rules.requested()
    if len(units) < len(requested):
        hint = ", fewer [split] block_lines" if what.startswith("blocks") else ""
        raise ConfigError(f"{len(units)} {what} with kept pairs are too few for the splits {', '.join(requested)} "
                          f"(each needs one at least): give more data{hint}, or set [split] validation = 0 "
                          "and/or test = 0")
    bands = {"test": (0.0, rules.test), "validation": (rules.test, rules.test + rules.validation),
             "train": (rules.test + rules.validation, 1.0)}
    place = {u: unit_hash(u, rules.seed) for u in units}
    split = {u: next(s for s in ("test", "validation", "train") if x < bands[s][1] or s == "train")
             for u, x in place.items()}
    for wanted in requested:
        members = {s: [u for u in split if split[u] == s] for s in SPLITS}
        if members[wanted]:
            continue
        low, high = bands[wanted]
        donors = [u for s, found in members.items() if len(found) > 1 for u in found]
        nearest = min(donors, key=lambda u: (max(low - place[u], place[u] - high, 0.0), place[u]))
        split[nearest] = wanted
    return split


class CorpusBuild:
    """One build of ``inputs`` into ``outdir`` under ``config``; ``embedder`` may be given open."""

    def __init__(self, inputs: Sequence[str], outdir: str, config: CorpusConfig | None = None, *,
                 embedder: Embedder | None = None, observer: CorpusObserver | None = None, executor: str = "local",
                 cluster: ClusterOptions = ClusterOptions()) -> None:
        if executor not in EXECUTORS:
            raise ConfigError(f"unknown executor {executor!r}: choose one of {', '.join(EXECUTORS)}")
        self.inputs, self.outdir = tuple(inputs), outdir
        self.config = config or CorpusConfig()
        self._embedder, self._observer = embedder, observer
        self.executor, self.cluster = executor, cluster

    def execute(self) -> CorpusResult:
        from .publish import publish

        started = datetime.datetime.now(datetime.timezone.utc)
        found = find_documents(self.inputs, self.outdir, self.config, embedder=self._embedder, executor=self.executor,
                               cluster=self.cluster, progress=getattr(self._observer, "pairing", None))
        self._embedder = self._embedder or found.embedder  # the pairing's e5 aligns too
        if not found.pairs:
            raise InputError(", ".join(self.inputs), "no document pairs found")
        checked = check_inputs(found.pairs)
        documents = checked.usable
        if not documents:
            reasons = "; ".join(f"{r.path}: {r.reason}" for r in checked.refused[:3])
            raise InputError(", ".join(self.inputs), f"no input can be read ({reasons})")
        out = prepare_outdir(self.outdir)
        result = CorpusResult(out, documents=len(documents), unpaired=found.unpaired,
                              refused=found.set_aside + checked.refused, cleaned=checked.cleaned)
        with OutdirLock(out), CorpusStore(out / STORE_NAME) as store:
            clock = time.perf_counter()
            result.aligned_again = self._align(store, documents, result)
            result.seconds["align+score"] = time.perf_counter() - clock
            clock = time.perf_counter()
            self._decide(store, documents, result)
            result.seconds["filter+dedup+split"] = time.perf_counter() - clock
            clock = time.perf_counter()
            publish(store, out, self.config, result, started, self.inputs)
            result.seconds["publish"] = time.perf_counter() - clock
        return result

    def _align(self, store: CorpusStore, documents: list[DocumentPair], result: CorpusResult) -> int:
        store.keep_only([d.doc_id for d in documents])
        if self._observer:
            self._observer.started(len(documents))
        similarity = self.config.scoring.similarity

        def fingerprint(doc: DocumentPair) -> str:
            return f"{doc.fingerprint()}|similarity:{similarity}|{READER}"

        def advance(doc: DocumentPair) -> None:
            if self._observer:
                self._observer.advance(store.count(Select(doc_id=doc.doc_id)))

        def changed() -> Iterator[DocumentPair]:
            for doc in documents:
                if store.fingerprint(doc.doc_id) != fingerprint(doc):
                    yield doc
                else:
                    advance(doc)

        done = 0
        needs_embedder = similarity or any(doc.kind == "documents" for doc in documents)
        for doc, (rows, n_src, n_tgt) in self._aligned(changed(), similarity, result, needs_embedder):
            store.put_document(doc, fingerprint(doc), (n_src, n_tgt), rows)
            done += 1
            advance(doc)
        return done

    def _aligned(self, documents: Iterator[DocumentPair], similarity: bool, result: CorpusResult,
                 needs_embedder: bool) -> Iterator[tuple[DocumentPair, tuple[list[dict[str, Any]], int, int]]]:
        """Each changed document with its aligned, scored rows, in input order: here, or on Ray (a
        :class:`~translate.corpus.aligning.DocumentAligner` on each actor, ``GROUP`` documents a call)."""
        embedder = self._embedder

        def arguments(replica: Any) -> tuple[Any, ...]:  # an actor loads its own embedder
            return (None, similarity, needs_embedder, replica.cpus) if replica else (embedder, similarity, needs_embedder)

        with reach(self.executor, self.cluster) as ray, pool(
                ray, self.cluster, DocumentAligner, arguments, group=GROUP,
                describe=lambda docs: f"aligning {', '.join(d.doc_id for d in docs[:3])}…") as aligners:
            result.executor = aligners.info
            yield from aligners.map(documents)
            if isinstance(aligners, LocalExecutor):  # the embedder it loaded serves the next build
                self._embedder = aligners.worker.embedder

    def _decide(self, store: CorpusStore, documents: Sequence[DocumentPair], result: CorpusResult) -> None:
        """Filter, deduplicate (best first) and split every stored pair under this build's config."""
        rules, dedup, split = self.config.filters, self.config.dedup, self.config.split
        store.reset_decisions()
        rejected = [(reason, p.id) for p in store.pairs() if (reason := reject(p, rules))]  # the removed only
        store.decide("rejected", rejected)
        deduplicator = Deduplicator(store, exact=dedup.exact, sides=dedup.sides, near=dedup.near,
                                    threshold=dedup.near_threshold, num_perm=dedup.num_perm)
        found = list(deduplicator.run(store.pairs(Select(rejected=False), order="quality DESC")))
        store.decide("duplicate_of", ((kept, dup) for _, kept, dup in found))
        for kind, _, _ in found:
            result.duplicates[kind] = result.duplicates.get(kind, 0) + 1
        self._split(store, documents, split, result)
        result.pairs = store.count()
        result.rejected = store.counts("rejected", Select(rejected=True))
        result.splits = {s: store.count(Select(split=s)) for s in split.requested()}

    def _split(self, store: CorpusStore, documents: Sequence[DocumentPair], rules: SplitRules,
               result: CorpusResult) -> None:
        """Give every kept pair its split: units (documents, or blocks of lines) with kept pairs are
        assigned (:func:`assign_splits`), then their pairs, a batch a transaction. Two passes over the
        kept pairs; memory holds the units, not the pairs."""
        first = {d.doc_id: d.first for d in documents if d.kind == "lines"}
        block = rules.block_lines

        def unit(doc_id: str, k: int) -> str:
            if doc_id not in first:
                return doc_id
            # line-aligned input: a block of consecutive lines of the file (the doc id is FILE:N)
            return f"{doc_id.rpartition(':')[0]}:{(first[doc_id] + k) // block}"

        units = dict.fromkeys(unit(p.doc_id, p.k) for p in store.pairs(Select(kept=True), order="doc_id, k"))
        result.units = f"blocks of {block} lines" if first else "documents"
        splits = assign_splits(list(units), rules, result.units)
        batch: list[tuple[str, int]] = []
        for p in store.pairs(Select(kept=True), order="doc_id, k"):
            batch.append((splits[unit(p.doc_id, p.k)], p.id))
            if len(batch) >= _SPLIT_BATCH:
                store.decide("split", batch)
                batch = []
        store.decide("split", batch)
