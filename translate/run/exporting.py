"""The last stage of a run, and ``translate export``: every format written from the store in one pass
over the run's documents, each format's files incrementally (bounded memory), each file atomically."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..export.base import DocumentInfo, RunInfo, Summary, open_exporter
from .store import RunRef, RunStore


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


def export_run(store: RunStore, run: RunRef, info: RunInfo, formats: Sequence[str]) -> None:
    """Write ``formats`` for the run into ``info.outdir``; on any error no output is replaced by a
    half-written one."""
    exporters = []
    try:
        for name in formats:
            exporters.append(open_exporter(name, info))
        for doc in info.documents:
            for exporter in exporters:
                exporter.start_document(doc)
            for pair in store.pairs(run, doc.doc_id):
                for exporter in exporters:
                    exporter.pair(pair)
            for exporter in exporters:
                exporter.end_document()
        for exporter in exporters:
            exporter.commit()
    except BaseException:
        for exporter in exporters:
            exporter.abort()
        raise
