"""A run as a library object: ``Run(config).execute()`` reads the inputs into the run store, translates
every sentence across documents in one stream (resuming from what the store holds), scores them,
writes every output format from the store and the manifest, and returns a :class:`RunResult`. The
CLI's ``translate run`` is this and a progress bar; ``translate export`` is its last stage alone."""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .. import __version__
from ..align.embed import Embedder
from ..config import RunConfig, check_include
from ..errors import ConfigError, InputError, OutputError
from ..export import check_formats
from ..export.atomic import atomic_open, remove_stale
from ..records import Translation
from ..mt import open_configured
from ..mt.engine import Engine, EngineFacts
from ..mt.models import ResolvedModel, resolve
from ..terms.enforce import fit_vocabulary
from ..terms.glossary import Glossary, Matcher
from ..text.io import display
from ..text.normalize import normalize_text
from . import manifest as mf
from . import memory
from .cluster import reach
from .collector import collecting_less
from .executor import Executor, LocalExecutor
from .exporting import export_run, run_info
from .ingest import Ingested, Reading
from .lock import OutdirLock
from .scoring import score_run
from .stats import RunStats
from .store import STORE_NAME, Place, RunStore, existing_store, finished
from .translating import Window, WindowTranslator, translate_run

logger = logging.getLogger(__name__)

#: A window's translations, as the store takes them.
Translated = list[tuple[str, Translation]]

class RunObserver(Protocol):
    """Told how a run advances (the CLI draws a progress bar from it)."""

    # Optional: ``reading(characters)``, told the characters read and segmented before :meth:`started`;
    # ``scoring(done, total)`` and ``writing(done, total)``, told the sentences scored and the documents
    # written after the translation.

    def started(self, documents: int, sentences: int) -> None: ...

    def advance(self, sentences: float, documents_done: int) -> None:
        """Sentences done (a fraction when a sentence is translated in parts) and documents reached."""


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
class _Clock:
    """Each stage's seconds and its own peak resident memory, into the run's stats."""

    stats: RunStats
    last: float = field(default_factory=time.perf_counter)
    peaks: memory.StagePeaks = field(default_factory=memory.StagePeaks)
    cpu: float = field(default_factory=memory.cpu_seconds)

    def lap(self, stage: str, beside: float = 0.0) -> None:
        """End ``stage``; ``beside``: what processes it started used at their peak (MiB), added."""
        now, cpu = time.perf_counter(), memory.cpu_seconds()
        self.stats.seconds[stage] += now - self.last
        self.stats.cpu_seconds[stage] = self.stats.cpu_seconds.get(stage, 0.0) + cpu - self.cpu
        self.last, self.cpu = now, cpu
        peak = self.peaks.lap()
        if peak is not None:
            self.stats.peak_mb[stage] = max(peak + beside, self.stats.peak_mb.get(stage, 0.0))


def _forget_outdir(out: Path, created: bool) -> None:
    """After a failed first run in ``out``: remove the store and lock it made (and the folder, if this
    run created it and nothing else is in it), so a run that never got going leaves nothing behind."""
    from .lock import LOCK_NAME

    for name in (STORE_NAME, f"{STORE_NAME}-wal", f"{STORE_NAME}-shm", LOCK_NAME):
        with contextlib.suppress(OSError):
            path = out / name
            if path.is_file() and not path.is_symlink():
                path.unlink()
    if created:
        with contextlib.suppress(OSError):
            out.rmdir()  # only if empty


def prepare_outdir(outdir: str) -> Path:
    """The output folder, created if needed; a clear error when it is a file or cannot be made."""
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{display(outdir)}: is a file; -o names the folder that receives every output")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{display(outdir)}: cannot create this folder ({exc.strerror})") from None
    return out


class Run:
    """One run of the pipeline over ``config`` (see :class:`~translate.config.RunConfig`). ``engine``
    and ``embedder`` may be given already open (a review app or an executor reusing them)."""

    def __init__(self, config: RunConfig, *, engine: Engine | None = None, embedder: Embedder | None = None,
                 observer: RunObserver | None = None) -> None:
        check_formats(config.formats)
        self.config = config
        self._engine = engine
        self._embedder = embedder
        self._observer = observer
        self._held = self._processed = False

    def execute(self) -> RunResult:
        config = self.config
        started = datetime.datetime.now(datetime.timezone.utc)
        t0 = time.perf_counter()
        stats = RunStats()
        clock = _Clock(stats, t0)
        glossary = matcher = None
        if config.glossaries:
            from ..terms.glossary import load_glossary

            glossary = load_glossary(config.glossaries)
            matcher = glossary.matcher()
        # The model first: a model that is missing (and cannot be downloaded) stops the run before it
        # writes anything.
        model = resolve(config.engine.model, download=not config.engine.offline)
        out, created = Path(config.outdir), not Path(config.outdir).exists()
        fresh = not (out / STORE_NAME).exists()
        self._held = self._processed = False
        try:
            with collecting_less():
                return self._execute(out, model, glossary, matcher, started, t0, stats, clock)
        except BaseException:
            # nothing processed: no store, no lock left (never what another run, holding the folder, writes)
            if fresh and self._held and not self._processed:
                _forget_outdir(out, created)
            raise
        finally:
            clock.peaks.close()

    def _execute(self, out: Path, model: ResolvedModel, glossary: Glossary | None, matcher: Matcher | None,
                 started: datetime.datetime, t0: float, stats: RunStats, clock: _Clock) -> RunResult:
        config = self.config
        out = prepare_outdir(str(out))
        with OutdirLock(out), RunStore(out / STORE_NAME) as store:
            self._held = True
            remove_stale(out)
            # a reading helper (large inputs) starts first: it loads the lexicons while this process does
            with Reading(store, config, matcher, glossary.sha1 if glossary else None) as reading:
                normalize_text("")  # hazm's lexicons load now, as start-up, not inside the first document
                clock.lap("start-up")
                # Everything this run reads is added beside what the store holds; the current run (the
                # last finished) stays as it is until this one finishes, so a failure loses nothing.
                run_id = store.start_run(started.isoformat(timespec="seconds"), os.getpid())
                inputs = self._ingest(reading)
            self._processed = True  # from here on, the store holds work a rerun resumes from
            clock.lap("read+segment+match", beside=reading.peak_mb)
            with self._translator(model, glossary, matcher) as (engine, executor):
                signature = mf.signature(model, engine, config.decode, config.enforce,
                                         glossary.sha1 if glossary else None, __version__)
                clock.lap("model load")
                scoring = f"{signature}|similarity:{config.similarity}"
                self._translate_and_score(store, signature, scoring, executor, stats, clock, len(inputs.documents))
            this_run = store.active(signature, scoring)
            stats.reviewed = store.reviews_kept(this_run)
            stats.split = store.flagged(this_run, "split")
            for doc_id, n in stats.split.items():  # one warning a document, not one a sentence
                logger.warning("%s: %d sentence%s longer than the model takes: split at clause punctuation or "
                               "spaces and translated in pieces (flag 'split' in the outputs)", doc_id, n,
                               "" if n == 1 else "s")
            info = run_info(store, this_run, out, src_lang=config.src_lang, tgt_lang=config.tgt_lang,
                            title=config.title, include=config.include)
            helpers_mb = export_run(store, this_run, info, config.formats, processes=config.processes,
                                    progress=getattr(self._observer, "writing", None))
            clock.lap("write", beside=helpers_mb)
            stats.documents, stats.sentences = len(info.documents), info.summary.sentences
            stats.verdicts = dict(info.summary.verdicts)
            stats.terms_landed, stats.terms_total = info.summary.terms_landed, info.summary.terms_total
            seconds = time.perf_counter() - t0
            manifest = mf.build(signature=signature, started=started, seconds=seconds, inputs=inputs.entries,
                                skipped=inputs.skipped, model=model, engine=engine, decode=config.decode,
                                glossary=glossary, enforce=config.enforce, stats=stats, formats=config.formats,
                                executor=executor.info)
            with atomic_open(out / "manifest.json") as handle:
                handle.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
            store.finish_run(run_id, datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                             signature, scoring, {"src_lang": config.src_lang, "tgt_lang": config.tgt_lang,
                                                  "title": config.title, "formats": list(config.formats),
                                                  "include": list(config.include)})
        return RunResult(stats, inputs.skipped, manifest, out, seconds)

    def _ingest(self, reading: Reading) -> Ingested:
        """Read the inputs into the store; stop before any work when nothing (or, strict, not all) was read."""
        config = self.config
        inputs = reading.ingest(getattr(self._observer, "reading", None))
        problems = "\n".join(f"  {e}" for e in inputs.skipped)
        if not inputs.documents:
            where = ", ".join(display(i) for i in config.inputs)
            raise InputError(where, "no input could be read (.txt, .md, .html files)" +
                             (f":\n{problems}" if problems else ""))
        if inputs.skipped and config.strict:
            raise InputError(", ".join(display(i) for i in config.inputs),
                             f"--strict: {len(inputs.skipped)} of {len(inputs.skipped) + len(inputs.documents)} "
                             f"inputs cannot be read:\n{problems}")
        return inputs

    @contextmanager
    def _translator(self, model: ResolvedModel, glossary: Glossary | None,
                    matcher: Matcher | None) -> Iterator[tuple[EngineFacts, Executor[Window, Translated]]]:
        """The engine's facts (for the signature) and the executor that translates windows with it:
        here, or on the engine replicas of a Ray cluster."""
        config = self.config
        with reach(config.executor, config.cluster) as ray:
            if ray is not None:
                from .replicas import engine_pool

                replicas, facts = engine_pool(ray, config.cluster, config.engine, config.decode, config.enforce,
                                              glossary, model)
                try:
                    yield facts, replicas
                finally:
                    replicas.close()
                return
            engine = self._engine or open_configured(config.engine, model)
            if glossary is not None:
                fit_vocabulary(engine, glossary.entries)
            yield engine, LocalExecutor(WindowTranslator(engine, matcher, config.decode, config.enforce))

    def _translate_and_score(self, store: RunStore, signature: str, scoring: str,
                             executor: Executor[Window, Translated],
                             stats: RunStats, clock: _Clock, documents: int) -> None:
        config = self.config
        if not config.resume:
            # --no-resume: only what this run translates and scores counts; nothing stored is deleted
            store.memory_since = store.run_id
        observer = self._observer
        if observer:
            observer.started(documents, store.count_sentences())

        def progress(sentences: float, place: Place) -> None:
            if observer:
                observer.advance(sentences, place.position)

        stats.from_memory = translate_run(store, signature, executor, progress, config.window)
        clock.lap("translate+terms")
        embedder = self._embedder
        if config.similarity and embedder is None:
            from ..align.embed import load_embedder

            embedder = load_embedder()
        helper_mb = score_run(store, signature, scoring, embedder if config.similarity else None,
                              progress=getattr(observer, "scoring", None), processes=config.processes)
        clock.lap("score", beside=helper_mb)


def export_again(outdir: str, formats: tuple[str, ...], target: str | None = None,
                 include: tuple[str, ...] | None = None, progress: Callable[[int, int], None] | None = None,
                 processes: int | None = None) -> int:
    """Write ``formats`` of the last finished run in ``outdir`` again, from its store (reviews
    included), into ``target`` (default: ``outdir``, whose lock is then taken too); ``include`` widens
    the TMX (default: as the run did); ``progress(done, total)`` is told the documents written;
    ``processes`` as :attr:`RunConfig.processes <translate.config.RunConfig>`. Return how many
    documents were written."""
    if processes is not None and processes < 1:
        raise ConfigError(f"outputs are written by at least 1 process, not {processes}")
    check_formats(formats)
    if include is not None:
        check_include(include)
    out = existing_store(outdir).parent
    with OutdirLock(out), RunStore(out / STORE_NAME) as store:
        current = finished(store, outdir)
        settings = current.settings
        destination = prepare_outdir(target) if target else out
        with contextlib.ExitStack() as held:
            if destination.resolve() != out.resolve():
                held.enter_context(OutdirLock(destination))
            remove_stale(destination)
            info = run_info(store, current, destination, src_lang=settings["src_lang"],
                            tgt_lang=settings["tgt_lang"], title=settings["title"],
                            include=tuple(settings.get("include", ())) if include is None else include)
            export_run(store, current, info, formats, progress=progress, processes=processes)
    return len(info.documents)
