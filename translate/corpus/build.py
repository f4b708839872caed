"""``translate corpus build`` as a library object: ``CorpusBuild(inputs, outdir, config).execute()``
aligns and scores every document pair into the build's store (resuming: unchanged documents are not
aligned again), then filters, deduplicates and splits every pair anew under the config, and publishes
the dataset (:mod:`.publish`)."""

from __future__ import annotations

import datetime
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..align.sentences import align_sentences
from ..config import AlignOptions
from ..errors import InputError
from ..qe.explain import explain
from ..qe.score import quality, score_pairs
from ..records import Score
from ..run.lock import OutdirLock
from ..run.pipeline import prepare_outdir
from ..text.english import english_sentences
from ..text.io import read_documents
from ..text.normalize import normalize_text
from ..text.segment import segment_text
from .config import CorpusConfig
from .dedup import Deduplicator
from .filters import reject
from .inputs import DocumentPair, block_lines, find_pairs
from .store import CorpusStore

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


def _sides(doc: DocumentPair) -> tuple[list[tuple[str, int | None, int | None]], list[str], bool]:
    """The Persian sentences (text, start, end), the English sentences, and whether they are aligned
    already (line-aligned input)."""
    if doc.kind == "lines":
        fa, en = block_lines(doc.fa_path, doc.first, doc.last), block_lines(doc.en_path, doc.first, doc.last)
        return [(line, None, None) for line in fa], en, True
    (fa_doc,) = read_documents([doc.fa_path])
    (en_doc,) = read_documents([doc.en_path])
    return ([(s.line(), s.start, s.end) for s in segment_text(fa_doc.text, doc.doc_id)],
            english_sentences(en_doc.text), False)


def align_and_score(doc: DocumentPair, embedder: Any, options: AlignOptions, *, similarity: bool = True
                    ) -> tuple[list[dict[str, Any]], int, int]:
    """The scored beads of one document pair (as store rows) and its sentence counts; ``similarity``
    scores each pair's e5 similarity too."""
    src, tgt, aligned = _sides(doc)
    if aligned:
        beads = [((k,), (k,), None) for k in range(len(src))]
    else:
        found = align_sentences([normalize_text(s[0]) for s in src], tgt, embedder, options)
        beads = [(b.src, b.tgt, b.score) for b in found]
    rows = []
    for k, (s_idx, t_idx, score) in enumerate(beads):
        rows.append({"k": k, "fa": " ".join(src[i][0] for i in s_idx), "en": " ".join(tgt[j] for j in t_idx),
                     "bead_source": list(s_idx), "bead_target": list(t_idx), "alignment": score,
                     "source_start": src[s_idx[0]][1] if s_idx else None,
                     "source_end": src[s_idx[-1]][2] if s_idx else None})
    linked = [r for r in rows if r["bead_source"] and r["bead_target"]]
    scores = score_pairs([r["fa"] for r in linked], [r["en"] for r in linked], embedder=embedder if similarity else None)
    for row, s in zip(linked, scores):
        row.update(scores=s.columns(tuple(s.columns())), verdict=s.verdict, quality=quality(s),
                   reasons=list(explain(row["fa"], row["en"], s)))
    for row in rows:
        row.setdefault("scores", {})
        row.setdefault("verdict", "bad")
        row.setdefault("quality", -100.0)
        row.setdefault("reasons", ["not aligned to a sentence of the other side"])
    return rows, len(src), len(tgt)


def split_of(doc_id: str, dev: float, test: float, seed: str) -> str:
    """The split of a document, from a hash of its id: the same everywhere, every time."""
    x = int.from_bytes(hashlib.sha256(f"{seed}\x1f{doc_id}".encode()).digest()[:8], "big") / 2**64
    return "test" if x < test else "dev" if x < test + dev else "train"


class CorpusBuild:
    """One build of ``inputs`` into ``outdir`` under ``config``; ``embedder`` may be given open."""

    def __init__(self, inputs: Sequence[str], outdir: str, config: CorpusConfig | None = None, *,
                 embedder: Any = None, observer: CorpusObserver | None = None) -> None:
        self.inputs, self.outdir = tuple(inputs), outdir
        self.config = config or CorpusConfig()
        self._embedder, self._observer = embedder, observer

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
            result.aligned_again = self._align(store, documents)
            result.seconds["align+score"] = time.perf_counter() - clock
            clock = time.perf_counter()
            self._decide(store, result)
            result.seconds["filter+dedup+split"] = time.perf_counter() - clock
            clock = time.perf_counter()
            publish(store, out, self.config, result, started, self.inputs)
            result.seconds["publish"] = time.perf_counter() - clock
        return result

    def _align(self, store: CorpusStore, documents: list[DocumentPair]) -> int:
        store.keep_only([d.doc_id for d in documents])
        if self._observer:
            self._observer.started(len(documents))
        done = 0
        for doc in documents:
            similarity = self.config.scoring.similarity
            fingerprint = f"{doc.fingerprint()}|similarity:{similarity}"
            if store.fingerprint(doc.doc_id) != fingerprint:
                if self._embedder is None and (similarity or doc.kind == "documents"):
                    from ..align.embed import load_embedder

                    self._embedder = load_embedder()
                rows, n_src, n_tgt = align_and_score(doc, self._embedder, AlignOptions(), similarity=similarity)
                store.put_document(doc, fingerprint, (n_src, n_tgt), rows)
                done += 1
            if self._observer:
                self._observer.advance(store.count("doc_id = ?", [doc.doc_id]))
        return done

    def _decide(self, store: CorpusStore, result: CorpusResult) -> None:
        """Filter, deduplicate (best first) and split every stored pair under this build's config."""
        rules, dedup, split = self.config.filters, self.config.dedup, self.config.split
        store.reset_decisions()
        rejected = [(reason, p.id) for p in store.pairs() if (reason := reject(p, rules))]  # the removed only
        store.decide("rejected", rejected)
        deduplicator = Deduplicator(store.db, exact=dedup.exact, sides=dedup.sides, near=dedup.near,
                                    threshold=dedup.near_threshold, num_perm=dedup.num_perm)
        found = list(deduplicator.run(store.pairs("rejected IS NULL", order="quality DESC")))
        store.decide("duplicate_of", ((kept, dup) for _, kept, dup in found))
        for kind, _, _ in found:
            result.duplicates[kind] = result.duplicates.get(kind, 0) + 1
        splits = {doc_id: split_of(doc_id, split.dev, split.test, split.seed) for doc_id, *_ in store.documents()}
        store.db.execute("BEGIN IMMEDIATE")
        store.db.executemany("UPDATE pairs SET split = ? WHERE doc_id = ? AND rejected IS NULL AND duplicate_of IS NULL",
                             ((s, d) for d, s in splits.items()))
        store.db.execute("COMMIT")
        result.pairs = store.count()
        result.rejected = store.counts("rejected", "rejected IS NOT NULL")
        result.splits = {s: store.count("split = ?", [s]) for s in ("train", "dev", "test")}
