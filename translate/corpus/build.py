"""``translate corpus build`` as a library object: ``CorpusBuild(inputs, outdir, config).execute()``
aligns and scores every document pair into the build's store (resuming: unchanged documents are not
aligned again), then filters, deduplicates and splits every pair anew under the config, and publishes
the dataset (:mod:`.publish`)."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..config import EXECUTORS, AlignOptions, ClusterOptions
from ..errors import ConfigError, InputError
from ..run.lock import OutdirLock
from ..run.pipeline import prepare_outdir
from .aligning import align_all
from .config import CorpusConfig
from .dedup import Deduplicator
from .filters import reject
from .inputs import DocumentPair, find_pairs
from .store import CorpusStore, Select

STORE_NAME = "corpus.sqlite"


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
    seconds: dict[str, float] = field(default_factory=dict)
    executor: dict[str, Any] = field(default_factory=lambda: {"executor": "local"})

    @property
    def kept(self) -> int:
        return sum(self.splits.values())

    def summary(self) -> list[str]:
        removed = ", ".join(f"{k} {v}" for k, v in self.rejected.items()) or "none"
        dups = ", ".join(f"{k} {v}" for k, v in self.duplicates.items()) or "none"
        splits = ", ".join(f"{k} {v}" for k, v in self.splits.items())
        return [f"documents {self.documents} ({self.aligned_again} aligned now), pairs {self.pairs}, kept {self.kept}",
                f"removed by rule: {removed}", f"duplicates removed: {dups}", f"splits: {splits}",
                "time: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items())]


def split_of(doc_id: str, dev: float, test: float, seed: str) -> str:
    """The split of a document, from a hash of its id: the same everywhere, every time."""
    x = int.from_bytes(hashlib.sha256(f"{seed}\x1f{doc_id}".encode()).digest()[:8], "big") / 2**64
    return "test" if x < test else "dev" if x < test + dev else "train"


class CorpusBuild:
    """One build of ``inputs`` into ``outdir`` under ``config``; ``embedder`` may be given open."""

    def __init__(self, inputs: Sequence[str], outdir: str, config: CorpusConfig | None = None, *,
                 embedder: Any = None, observer: CorpusObserver | None = None, executor: str = "local",
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
        documents, unpaired = find_pairs(self.inputs)
        if not documents:
            raise InputError(", ".join(self.inputs), "no document pairs found")
        out = prepare_outdir(self.outdir)
        result = CorpusResult(out, documents=len(documents), unpaired=unpaired)
        with OutdirLock(out), CorpusStore(out / STORE_NAME) as store:
            clock = time.perf_counter()
            result.aligned_again = self._align(store, documents, result)
            result.seconds["align+score"] = time.perf_counter() - clock
            clock = time.perf_counter()
            self._decide(store, result)
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
            return f"{doc.fingerprint()}|similarity:{similarity}"

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
        """Each changed document with its aligned, scored rows, in input order: here, or on Ray."""
        if self.executor == "ray":
            from ..run.cluster import connected
            from .cluster import AlignPool

            with connected(self.cluster) as ray:
                pool = AlignPool(ray, self.cluster, similarity)
                result.executor = pool.info.to_dict()
                try:
                    yield from pool.map(documents)
                finally:
                    pool.close()
            return
        first = next(documents, None)  # nothing changed: no embedder opened
        if first is None:
            return
        if self._embedder is None and needs_embedder:
            from ..align.embed import load_embedder

            self._embedder = load_embedder()
        yield from align_all(itertools.chain([first], documents), self._embedder, AlignOptions(), similarity=similarity)

    def _decide(self, store: CorpusStore, result: CorpusResult) -> None:
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
        splits = {doc_id: split_of(doc_id, split.dev, split.test, split.seed) for doc_id, *_ in store.documents()}
        store.split_documents((s, d) for d, s in splits.items())
        result.pairs = store.count()
        result.rejected = store.counts("rejected", Select(rejected=True))
        result.splits = {s: store.count(Select(split=s)) for s in ("train", "dev", "test")}
