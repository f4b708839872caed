"""What every exporter is told about a run and its documents, and how exporters are found by name.

An exporter is fed a run in one pass — ``start_document``, ``pair`` for each pair in order,
``end_document``, …, then ``commit`` — and writes its files incrementally (a per-document file and the
corpus file side by side), so memory does not grow with the run. Summaries (verdict and term counts)
come from the store, so a report can show them before the rows.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..errors import ConfigError
from ..records import SentencePair


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of a document or of the run."""

    sentences: int
    verdicts: dict[str, int] = field(default_factory=lambda: {"ok": 0, "review": 0, "bad": 0})
    terms_landed: int = 0
    terms_total: int = 0

    @classmethod
    def of(cls, pairs: Sequence[SentencePair]) -> Summary:
        verdicts = {"ok": 0, "review": 0, "bad": 0}
        for p in pairs:
            verdicts[p.verdict] = verdicts.get(p.verdict, 0) + 1
        return cls(len(pairs), verdicts, sum(t.landed for p in pairs for t in p.terms),
                   sum(len(p.terms) for p in pairs))


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document as the exporters see it: its id, its output name, its counts, where it was read from
    and its format (``text``, ``markdown`` or ``html``)."""

    doc_id: str
    name: str
    summary: Summary
    path: str = ""
    format: str = "text"


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What the exporters of one run share."""

    outdir: Path
    signature: str
    tool_version: str
    documents: Sequence[DocumentInfo]
    summary: Summary
    src_lang: str = "fa"
    tgt_lang: str = "en"
    title: str = "persian-translate review"
    #: What the TMX takes beyond approved, edited and ``ok`` pairs: any of ``review``, ``bad``, ``rejected``.
    include: frozenset[str] = frozenset()
    #: What identifies the run store this run lives in (a random id made with the store): written into
    #: CAT files, so an import can tell a file of this output folder from another's. ``run_id``, the
    #: run's number in the store, is written only when given: a run's own outputs leave it out, so the
    #: same run repeated writes the same bytes (a review import needs only the store, the document, the
    #: source fingerprint and the revision).
    store_id: str = ""
    run_id: int = 0
    #: The document as written (its markup, for HTML and Markdown) by document id, read when asked for
    #: (``None`` where the store does not hold it: a store written before version 3 kept no sources).
    source: Callable[[str], str | None] | None = None


T = TypeVar("T")


def once_per_pair(function: Callable[..., T]) -> Callable[..., T]:
    """``function(pair, *rest)`` computed once for the pair it was last given (the same object, equal
    ``rest``): a run's exporters are given each pair in turn, and several derive the same thing from it
    (its row object, its notes, its identity in CAT files). Only the last pair is held."""
    last: tuple[Any, tuple[Any, ...], Any] | None = None

    @functools.wraps(function)
    def remembered(pair: Any, *rest: Any) -> T:
        nonlocal last
        held = last  # one read: another thread may replace it, never change it
        if held is not None and held[0] is pair and held[1] == rest:
            return held[2]  # type: ignore[no-any-return]
        result = function(pair, *rest)
        last = (pair, rest, result)
        return result

    return remembered


class Exporter(Protocol):
    def start_document(self, doc: DocumentInfo) -> None: ...

    def pair(self, pair: SentencePair) -> None: ...

    def end_document(self) -> None: ...

    def commit(self) -> None:
        """Finish every file (each appears complete, or not at all)."""
        ...

    def abort(self) -> None:
        """Remove every temporary file."""
        ...


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: what it writes, and its exporter factory (``module:function``, imported when used)."""

    description: str
    factory: str


#: The run's output formats by name, in the order they are written.
FORMATS = {
    "moses": Format("NAME.fa / NAME.en and corpus.fa / corpus.en, one sentence a line",
                    "translate.export.moses:exporter"),
    "tsv": Format("NAME.tsv and corpus.tsv: the row schema flattened (translation.en, translation.fa, scores.*), "
                  "no quoting",
                  "translate.export.tsv:exporter"),
    "jsonl": Format("NAME.jsonl and corpus.jsonl: the row schema (datasets' translation format)",
                    "translate.export.jsonl:exporter"),
    "tmx": Format("NAME.tmx and corpus.tmx: TMX 1.4b of approved, edited and ok pairs (see --include), "
                  "held-back.tmx: the others", "translate.export.tmx:exporter"),
    "xliff": Format("run.xlf: XLIFF 2.1, a file per document, a unit per sentence", "translate.export.xliff:exporter"),
    "xliff12": Format("run.xliff12.xlf: XLIFF 1.2 (Trados, memoQ, Okapi tools, translate-toolkit), a file per "
                      "document", "translate.export.xliff12:exporter"),
    "omegat": Format("run.omegat.xlf: XLIFF 1.2 for OmegaT (the Persian in the targets; translations from "
                     "corpus.tmx in tm/auto/)", "translate.export.xliff12:omegat_exporter"),
    "parquet": Format("corpus.parquet: the row schema, as 'translate corpus build' writes it", "translate.export.parquet:exporter"),
    "articles": Format("articles/: each document in English in its own format (text, Markdown, HTML), named "
                       "as its input, subfolders kept", "translate.export.article:exporter"),
    "html": Format("report.html: the review report", "translate.export.report:exporter"),
}


#: What a run writes unless told otherwise (``parquet`` is asked for: it is the dataset builders' format).
DEFAULT_FORMATS = tuple(name for name in FORMATS if name != "parquet")


def check_formats(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` when each is a format of :data:`FORMATS`; else a :class:`ConfigError` naming the others."""
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
    return names


def open_exporter(name: str, info: RunInfo) -> Exporter:
    try:
        module, _, factory = FORMATS[name].factory.partition(":")
    except KeyError:
        raise ConfigError(f"unknown format {name!r}: choose from {', '.join(FORMATS)}") from None
    exporter: Exporter = getattr(importlib.import_module(module), factory)(info)
    return exporter


class Writer(Protocol):
    """One output file (or a Moses pair of files) written a pair at a time: ``render`` makes what a pair
    becomes in this format, ``put`` writes it (so a document's file and the corpus file share one
    rendering), ``add`` does both."""

    def render(self, pair: SentencePair) -> Any: ...

    def put(self, rendered: Any) -> None: ...

    def add(self, pair: SentencePair) -> None: ...

    def commit(self) -> None: ...

    def abort(self) -> None: ...


class PerDocument:
    """An exporter for formats written per document (``NAME.*``) and for the corpus (``corpus.*``)."""

    def __init__(self, info: RunInfo, make: type[Writer] | object) -> None:
        self.info = info
        self.make = make
        self.corpus: Writer = make(info.outdir / "corpus")  # type: ignore[operator]
        self.current: Writer | None = None

    def start_document(self, doc: DocumentInfo) -> None:
        self.current = self.make(self.info.outdir / doc.name)  # type: ignore[operator]

    def pair(self, pair: SentencePair) -> None:
        rendered = self.corpus.render(pair)
        if self.current is not None:
            self.current.put(rendered)
        self.corpus.put(rendered)

    def end_document(self) -> None:
        if self.current is not None:
            self.current.commit()
        self.current = None

    def commit(self) -> None:
        self.corpus.commit()

    def abort(self) -> None:
        for writer in (self.current, self.corpus):
            if writer is not None:
                writer.abort()


class OneFile:
    """An exporter for formats written as one file for the whole run, a section per document (the
    XLIFFs): it drives a writer's ``start_file``, ``add``, ``end_file``, ``commit`` and ``abort``."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def start_document(self, doc: DocumentInfo) -> None:
        self.writer.start_file(doc.doc_id)

    def pair(self, pair: SentencePair) -> None:
        self.writer.add(pair)

    def end_document(self) -> None:
        self.writer.end_file()

    def commit(self) -> None:
        self.writer.commit()

    def abort(self) -> None:
        self.writer.abort()
