"""A run as a library object: ``Run(config).execute()`` reads the inputs, translates and scores every
sentence (resuming from the translation memory), writes every output format and the manifest, and
returns a :class:`RunResult`. The CLI's ``translate run`` is this and a progress bar."""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .. import __version__
from ..config import RunConfig
from ..errors import ConfigError, InputError
from ..export import FORMATS
from ..export.atomic import atomic_open
from ..mt import open_configured
from ..mt.engine import Engine
from ..mt.models import resolve
from ..records import Document, SentencePair
from ..text.io import read_documents
from ..text.normalize import normalize_text
from ..text.segment import segment
from . import manifest as mf
from .memory import TranslationMemory
from .pairs import sentence_pairs
from .stats import RunStats


class RunObserver(Protocol):
    """Told how a run advances (the CLI draws a progress bar from it)."""

    def started(self, documents: int, sentences: int) -> None: ...

    def document_done(self, sentences: int, documents_done: int) -> None: ...


@dataclass(slots=True)
class RunResult:
    """What a run did: its counts and times, the inputs it could not read, the manifest it wrote."""

    stats: RunStats
    skipped: list[InputError]
    manifest: dict[str, Any]
    outdir: Path
    seconds: float

    def summary(self) -> list[str]:
        return self.stats.summary()


@dataclass(slots=True)
class _Inputs:
    documents: list[Document]
    skipped: list[InputError]
    entries: list[dict[str, Any]] = field(default_factory=list)
    sentences: int = 0


class Run:
    """One run of the pipeline over ``config`` (see :class:`~translate.config.RunConfig`). ``engine``
    and ``embedder`` may be given already open (a review app or an executor reusing them)."""

    def __init__(self, config: RunConfig, *, engine: Engine | None = None, embedder: Any = None,
                 observer: RunObserver | None = None) -> None:
        unknown = [f for f in config.formats if f not in FORMATS]
        if unknown:
            raise ConfigError(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
        self.config = config
        self._engine = engine
        self._embedder = embedder
        self._observer = observer

    def execute(self) -> RunResult:
        config = self.config
        started = datetime.datetime.now(datetime.timezone.utc)
        t0 = time.perf_counter()
        glossary = matcher = None
        if config.glossaries:
            from ..terms.glossary import load_glossary

            glossary = load_glossary(config.glossaries)
            matcher = glossary.matcher()
        model = resolve(config.engine.model)
        engine = self._engine or open_configured(config.engine, model)
        signature = mf.signature(model, engine, config.decode, config.enforce, glossary.sha1 if glossary else None,
                                 __version__)
        embedder = self._embedder
        if config.similarity and embedder is None:
            from ..align.embed import load_embedder

            embedder = load_embedder()
        out = Path(config.outdir)
        _prepare_outdir(out, config.resume)
        inputs = _read_inputs(config)
        normalize_text("")  # hazm's lexicons load now, as start-up, not inside the first document
        stats = RunStats()
        if self._observer:
            self._observer.started(len(inputs.documents), inputs.sentences)
        with TranslationMemory(out / "memory.sqlite", signature) as memory:
            documents = self._translate(inputs, engine, matcher, memory, embedder if config.similarity else None,
                                        stats, signature, out)
        written = time.perf_counter()
        _write_corpus(config, documents, out, signature)
        stats.seconds["write"] += time.perf_counter() - written
        seconds = time.perf_counter() - t0
        stats.seconds["start-up"] = seconds - sum(stats.seconds.values())
        manifest = mf.build(
            signature=signature, started=started, seconds=seconds, inputs=inputs.entries, skipped=inputs.skipped,
            model=model, engine=engine, decode=config.decode, glossary=glossary, enforce=config.enforce,
            stats=stats, formats=config.formats)
        with atomic_open(out / "manifest.json") as handle:
            handle.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        return RunResult(stats, inputs.skipped, manifest, out, seconds)

    def _translate(self, inputs: _Inputs, engine: Engine, matcher: Any, memory: TranslationMemory, embedder: Any,
                   stats: RunStats, signature: str, out: Path) -> list[tuple[str, list[SentencePair]]]:
        """Translate and score document by document, writing each document's files as it is done."""
        config = self.config
        documents: list[tuple[str, list[SentencePair]]] = []
        for doc, pairs in sentence_pairs(iter(inputs.documents), engine, matcher, config.decode, config.enforce,
                                         memory, embedder, stats):
            if self._observer:
                self._observer.document_done(len(pairs), stats.documents)
            written = time.perf_counter()
            _write_document(config, pairs, out / doc.id.removesuffix(".fa").replace("/", "__"), signature)
            documents.append((doc.id, pairs))
            stats.seconds["write"] += time.perf_counter() - written
        return documents


def _prepare_outdir(out: Path, resume: bool) -> None:
    # A killed run can leave the temporary file of an atomic write behind (never a half-written
    # output): clear them before writing again.
    for stale in out.glob(".*.tmp") if out.is_dir() else ():
        stale.unlink(missing_ok=True)
    memory = out / "memory.sqlite"
    if not resume and memory.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{memory}{suffix}").unlink(missing_ok=True)


def _read_inputs(config: RunConfig) -> _Inputs:
    """Every readable input, its hash, and the sentence count. Reading and segmenting everything first
    is cheap (0.03 s for the 2,400 sentences of the dev sets) and gives the progress bar its total."""
    skipped: list[InputError] = []
    inputs = _Inputs(list(read_documents(config.inputs, errors=skipped, encoding=config.encoding)), skipped)
    for doc in inputs.documents:
        raw = Path(doc.path).read_bytes() if doc.path != "-" else doc.text.encode("utf-8")
        inputs.entries.append({"path": doc.path, "doc_id": doc.id, "sha256": mf.file_sha256(raw),
                               "encoding": doc.encoding, "format": doc.format})
    inputs.sentences = sum(len(segment(doc)) for doc in inputs.documents)
    return inputs


def _write_document(config: RunConfig, pairs: Sequence[SentencePair], base: Path, signature: str) -> None:
    from ..export.jsonl import write_jsonl
    from ..export.moses import write_moses
    from ..export.tmx import write_tmx
    from ..export.tsv import write_tsv

    if "moses" in config.formats:
        write_moses(pairs, base)
    if "tsv" in config.formats:
        write_tsv(pairs, f"{base}.tsv")
    if "jsonl" in config.formats:
        write_jsonl(pairs, f"{base}.jsonl")
    if "tmx" in config.formats:
        write_tmx(pairs, f"{base}.tmx", signature=signature, tool_version=__version__, src_lang=config.src_lang,
                  tgt_lang=config.tgt_lang)


def _write_corpus(config: RunConfig, documents: list[tuple[str, list[SentencePair]]], out: Path,
                  signature: str) -> None:
    from ..export.report import write_report
    from ..export.xliff import write_xliff

    _write_document(config, [p for _, pairs in documents for p in pairs], out / "corpus", signature)
    if "xliff" in config.formats:
        write_xliff(documents, out / "run.xlf", src_lang=config.src_lang, tgt_lang=config.tgt_lang)
    if "html" in config.formats:
        write_report(documents, out / "report.html", title=config.title, signature=signature)
