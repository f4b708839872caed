"""TSV of sentence pairs: a header, then ids, offsets, source, target, every score column (``terms`` is
term success), verdict, its ``reasons`` in words (``; ``-joined), review ``state`` (machine, edited, approved, rejected), ``term_hits`` (``text=target:status`` joined by ``; ``), word alignment. pandas
(``sep="\\t"``) and spreadsheets read it without options."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..qe.explain import explain
from ..records import QE_COLUMNS, SentencePair
from .atomic import AtomicFile
from .base import PerDocument, RunInfo
from .safe import cell, line
from .tables import Table, number

HEADER = ("id", "doc_id", "index", "start", "end", "source", "target", *QE_COLUMNS, "verdict", "reasons", "state",
          "term_hits", "alignment")


class TsvWriter:
    def __init__(self, path: str | Path) -> None:
        self.file = AtomicFile(path)
        self.table = Table(self.file, HEADER)

    def render(self, p: SentencePair) -> list[object]:
        terms = "; ".join(f"{t.text}={t.target}:{t.status}" for t in p.terms)
        row = [p.source.id, p.source.doc_id, p.source.index, p.source.start, p.source.end, line(p.source.text),
               line(p.target), *(number(p.score(c)) for c in QE_COLUMNS), p.verdict,
               "; ".join(explain(line(p.source.text), line(p.target), p.scores, p.terms)), p.state, terms, p.alignment]
        # Every text cell on one line, clean, without a tab (see safe.cell).
        return [cell(value) if isinstance(value, str) else value for value in row]

    def put(self, row: list[object]) -> None:
        self.table.row(row)

    def add(self, p: SentencePair) -> None:
        self.put(self.render(p))

    def commit(self) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def write_tsv(pairs: Iterable[SentencePair], path: str | Path) -> None:
    writer = TsvWriter(path)
    for pair in pairs:
        writer.add(pair)
    writer.commit()


def exporter(info: RunInfo) -> PerDocument:
    return PerDocument(info, lambda base: TsvWriter(f"{base}.tsv"))
