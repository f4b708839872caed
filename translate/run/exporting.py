"""The last stage of a run, and ``translate export``: every format written from the store in one pass
over the run's documents, each format's files incrementally (bounded memory), each file atomically.

A large run's formats are written by two processes (or more, on more cores) side by side, each its
share of the formats in its own pass over the store: the writers are pure Python, one core each. The
run-wide files (``corpus.*``, the XLIFFs, the report) are put in place only once every process has
written its share (each keeps its temporary files until told), so a failure anywhere replaces none of
them; a document's own files are put in place as the document is done, as in one process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from .. import __version__
from ..export.base import DocumentInfo, Exporter, RunInfo, Summary, open_exporter
from .collector import collecting_less
from .helpers import Channel, Helper, processes_for
from .store import RunRef, RunStore

logger = logging.getLogger(__name__)

#: What each format costs to write, in µs a sentence (23,078 sentences of the 200-file benchmark of
#: ``bench/run_vs_translate.py``, written alone or with its family), to balance the processes' shares;
#: and the formats that derive the same thing from a pair (:func:`~translate.export.base.once_per_pair`:
#: the TMX and the XLIFFs their CAT identity and notes, the TSV, JSONL and Parquet their row), kept in
#: one share.
COSTS = {"moses": 20, "tsv": 110, "jsonl": 108, "parquet": 100, "tmx": 116, "xliff": 100, "xliff12": 100,
         "omegat": 107, "articles": 58, "html": 256}
FAMILIES = (("tmx", "xliff", "xliff12", "omegat"), ("tsv", "jsonl", "parquet"))
NOTHING_REPLACED = "no output was replaced: run the same command again"


def run_info(store: RunStore, run: RunRef, outdir: Path, *, src_lang: str = "fa", tgt_lang: str = "en",
             title: str = "persian-translate review", include: tuple[str, ...] = ()) -> RunInfo:
    """What the exporters share: the documents with their counts, and the run's."""
    documents = []
    summaries = store.summaries(run)
    for doc in store.documents(run):
        verdicts, landed, total, _ = summaries.get(doc.doc_id, ({"ok": 0, "review": 0, "bad": 0}, 0, 0, 0))
        documents.append(DocumentInfo(doc.doc_id, doc.name, Summary(doc.sentences, verdicts, landed, total),
                                      doc.path, doc.format))
    verdicts = {v: sum(d.summary.verdicts.get(v, 0) for d in documents) for v in ("ok", "review", "bad")}
    landed, total = sum(d.summary.terms_landed for d in documents), sum(d.summary.terms_total for d in documents)
    return RunInfo(outdir, run.signature, __version__, documents,
                   Summary(sum(d.summary.sentences for d in documents), verdicts, landed, total),
                   src_lang=src_lang, tgt_lang=tgt_lang, title=title, include=frozenset(include),
                   store_id=store.store_id, source=lambda doc_id: store.source(run, doc_id))


def export_run(store: RunStore, run: RunRef, info: RunInfo, formats: Sequence[str], *,
               processes: int | None = None, progress: Callable[[int, int], None] | None = None) -> float:
    """Write ``formats`` for the run into ``info.outdir``; on any error no output is replaced by a
    half-written one. ``processes``: how many processes write (default:
    :func:`~translate.run.helpers.processes_for`; as many as there are shares worth making).
    ``progress(done, total)`` is told the documents this process has written (the helpers write theirs
    alongside). Returns the peak resident memory of the helper processes together, in MiB (0 when this
    process wrote everything)."""
    shares = plan_shares(formats, processes_for(info.summary.sentences, processes))
    with collecting_less():
        if len(shares) <= 1:
            exporters: list[Exporter] = []
            try:
                exporters.extend(open_exporter(name, info) for name in formats)
                _write(store, run, info, exporters, progress)
                _commit(exporters)
            except BaseException:
                _abort(exporters)
                raise
            return 0.0
        return _export_in_processes(store, run, info, shares, progress)


def plan_shares(formats: Sequence[str], processes: int) -> list[tuple[str, ...]]:
    """``formats`` in at most ``processes`` shares of about equal cost (:data:`COSTS`), the formats of a
    family (:data:`FAMILIES`) in one share; each share keeps the order of ``formats``, the costliest first."""
    groups: list[list[str]] = []
    for name in dict.fromkeys(formats):
        family = next((f for f in FAMILIES if name in f), (name,))
        group = next((g for g in groups if g[0] in family), None)
        if group is None:
            groups.append([name])
        else:
            group.append(name)
    bins: list[tuple[int, list[str]]] = [(0, []) for _ in range(max(1, min(processes, len(groups))))]
    for group in sorted(groups, key=lambda g: -sum(COSTS.get(n, 100) for n in g)):
        load, names = min(bins, key=lambda b: b[0])
        bins[bins.index((load, names))] = (load + sum(COSTS.get(n, 100) for n in group), names + group)
    order = {name: k for k, name in enumerate(formats)}
    return [tuple(sorted(names, key=order.__getitem__)) for _, names in sorted(bins, key=lambda b: -b[0]) if names]


def _write(store: RunStore, run: RunRef, info: RunInfo, exporters: Sequence[Exporter],
           progress: Callable[[int, int], None] | None = None) -> None:
    """One pass over the run's documents, every exporter fed each pair; nothing committed yet."""
    for done, doc in enumerate(info.documents, 1):
        for exporter in exporters:
            exporter.start_document(doc)
        for pair in store.pairs(run, doc.doc_id):
            for exporter in exporters:
                exporter.pair(pair)
        for exporter in exporters:
            exporter.end_document()
        if progress:
            progress(done, len(info.documents))


def _commit(exporters: Sequence[Exporter]) -> None:
    for exporter in exporters:
        exporter.commit()


def _abort(exporters: Sequence[Exporter]) -> None:
    for exporter in exporters:
        exporter.abort()


def _export_in_processes(store: RunStore, run: RunRef, info: RunInfo, shares: Sequence[tuple[str, ...]],
                         progress: Callable[[int, int], None] | None) -> float:
    """The first share written here, each other by a helper process, then all committed; when any
    fails, the others are stopped and remove their temporary files (a helper still writing is
    interrupted: no waiting for work that will be thrown away)."""
    portable = replace(info, source=None)
    helpers: list[Helper] = []
    exporters: list[Exporter] = []
    here = list(shares[0])
    try:
        for share in shares[1:]:
            try:
                helpers.append(Helper("translate.run.exporting:serve_share",
                                      (str(store.path), run, portable, info.source is not None, share),
                                      f"writing {', '.join(share)}"))
            except OSError as exc:  # no process to be had: this one writes that share too
                logger.debug("no helper process for %s (%s): written here", share, exc)
                here.extend(share)
        exporters.extend(open_exporter(name, info) for name in here)
        _write(store, run, info, exporters, progress)
        for helper in helpers:
            helper.answer("ready", NOTHING_REPLACED)
        done, exporters = exporters, []
        _commit(done)
        for helper in helpers:
            helper.tell("commit")
        for helper in helpers:
            helper.answer("done", NOTHING_REPLACED)
        return sum(helper.peak_mb for helper in helpers)
    except BaseException:
        _abort(exporters)
        for helper in helpers:
            helper.stop()
        raise
    finally:
        for helper in helpers:
            helper.close()


def serve_share(fd: int) -> None:
    """A helper process: told its share of a run's formats over the socket ``fd``, write them, say
    ``ready`` (or the error), then commit or abort as told. Stopped (``SIGTERM``), it aborts."""
    channel = Channel(fd)
    exporters: list[Exporter] = []
    try:
        store_path, run, info, with_source, formats = channel.receive()
        with RunStore(store_path) as store:
            if with_source:
                info = replace(info, source=lambda doc_id: store.source(run, doc_id))
            exporters.extend(open_exporter(name, info) for name in formats)
            _write(store, run, info, exporters)
            channel.send("ready")
            if channel.receive() == "commit":
                done, exporters = exporters, []
                _commit(done)
                channel.send("done")
            else:
                _abort(exporters)
                exporters = []
    except BaseException as exc:
        _abort(exporters)
        channel.failed(exc)
    finally:
        channel.close()
