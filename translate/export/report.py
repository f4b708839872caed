"""The HTML review report: one self-contained file (CSS and JS inline, no network) that a translator
opens with a double click — the read-only rendering of the review app's templates (verdict reasons,
glossary terms coloured by status with a legend, filters, search, keyboard navigation, a phone layout
and a print layout). Every piece of text is escaped by Jinja2: an article that contains ``<script>``
shows it as text. Written a row at a time: the navigation and the counts come from the run's
summaries, so the page never has to be held in memory."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..records import SentencePair
from .atomic import AtomicFile
from .base import DocumentInfo, RunInfo, Summary
from .view import macros, row


def summary_text(s: Summary) -> str:
    """``12 sentences · ok 9 · review 2 · bad 1 · 5/6 glossary terms landed``."""
    terms = f"{s.terms_landed}/{s.terms_total} glossary terms landed" if s.terms_total else "no glossary terms"
    return (f"{s.sentences} sentences · ok {s.verdicts.get('ok', 0)} · review {s.verdicts.get('review', 0)} · "
            f"bad {s.verdicts.get('bad', 0)} · {terms}")


def navigation(documents: Sequence[DocumentInfo], href: Any = None, reviewed: dict[str, int] | None = None
               ) -> list[dict[str, Any]]:
    """The documents as the page's navigation lists them (``href(n, doc)`` makes each link)."""
    return [{"doc_id": d.doc_id, "href": href(n, d) if href else f"#doc-{n}", "sentences": d.summary.sentences,
             "to_review": d.summary.verdicts.get("review", 0) + d.summary.verdicts.get("bad", 0),
             "reviewed": (reviewed or {}).get(d.doc_id, 0)} for n, d in enumerate(documents, 1)]


class ReportRenderer:
    """The review page in pieces (head, a section per document, a row per pair, foot), as strings."""

    def __init__(self, *, title: str, signature: str, documents: Sequence[DocumentInfo], summary: Summary,
                 assets: bool = False) -> None:
        self.m = macros()
        self.title, self.signature, self.documents, self.summary = title, signature, documents, summary
        self.assets = assets  # link the script and style (the review app serves them) instead of inlining them
        self.sections = 0

    def head(self) -> str:
        return str(self.m.head(self.title, self.signature, navigation(self.documents), summary_text(self.summary),
                               assets=self.assets))

    def start_document(self, doc: DocumentInfo) -> str:
        self.sections += 1
        return str(self.m.document(self.sections, doc.doc_id, summary_text(doc.summary)))

    def pair(self, pair: SentencePair) -> str:
        return str(self.m.row(row(pair)))

    def end_document(self) -> str:
        return str(self.m.end_document())

    def foot(self) -> str:
        return str(self.m.foot(assets=self.assets))


class ReportWriter:
    """``report.html``, written as the run is exported: head and navigation first (from the summaries),
    then one section per document, a row per pair."""

    def __init__(self, path: str | Path, *, title: str, signature: str, documents: Sequence[DocumentInfo],
                 summary: Summary) -> None:
        self.render = ReportRenderer(title=title, signature=signature, documents=documents, summary=summary)
        self.file = AtomicFile(path)
        self.file.write(self.render.head())

    def start_document(self, doc: DocumentInfo) -> None:
        self.file.write(self.render.start_document(doc))

    def pair(self, pair: SentencePair) -> None:
        self.file.write(self.render.pair(pair))

    def end_document(self) -> None:
        self.file.write(self.render.end_document())

    def commit(self) -> None:
        self.file.write(self.render.foot())
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def exporter(info: RunInfo) -> ReportWriter:
    return ReportWriter(info.outdir / "report.html", title=info.title, signature=info.signature,
                        documents=info.documents, summary=info.summary)


def write_report(documents: Sequence[tuple[str, Sequence[SentencePair]]], path: str | Path, *, title: str,
                 signature: str) -> None:
    """Write the review report of documents held in memory (tests, small runs) to ``path``."""
    infos = [DocumentInfo(doc_id, doc_id, Summary.of(pairs)) for doc_id, pairs in documents]
    writer = ReportWriter(path, title=title, signature=signature, documents=infos,
                          summary=Summary.of([p for _, pairs in documents for p in pairs]))
    for info, (_, pairs) in zip(infos, documents):
        writer.start_document(info)
        for pair in pairs:
            writer.pair(pair)
        writer.end_document()
    writer.commit()
