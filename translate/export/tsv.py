"""TSV of sentence pairs in the row schema (:mod:`.rows`): a header of the Parquet columns flattened
(``id``, ``doc_id``, ``index``, ``translation.en``, ``translation.fa``, …, ``scores.similarity``, …),
then a line per pair; no quoting — no cell can hold a tab or a line break (every text of a row is one
clean line without a tab), so ``cut``, ``awk``, pandas (``sep="\\t", quoting=3``) and Python's ``csv``
(``delimiter="\\t", quoting=csv.QUOTE_NONE``) all read exactly the Parquet texts. Null is an empty
cell, numbers are written as Python writes them (exact), arrays (reasons, terms, beads) as compact
JSON."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..records import SentencePair
from .atomic import AtomicFile
from .base import PerDocument, RunInfo
from .rows import Row, object_of_pair, tsv_cells, tsv_header

__all__ = ["RowTsvWriter", "TsvWriter", "header", "write_rows", "write_tsv"]


def header() -> list[str]:
    return tsv_header()


def line_of(obj: dict[str, Any]) -> str:
    """The TSV line of a row object (:meth:`~translate.export.rows.Row.to_object`)."""
    return "\t".join(tsv_cells(obj)) + "\n"


class RowTsvWriter:
    """A TSV file of rows (:class:`~translate.export.rows.Row`) with its header, written atomically."""

    def __init__(self, path: str | Path) -> None:
        self.file = AtomicFile(path)
        self.file.write("\t".join(tsv_header()) + "\n")
        self.count = 0

    def add(self, row: Row) -> None:
        self.put(line_of(row.to_object()))

    def put(self, text: str) -> None:
        self.file.write(text)
        self.count += 1

    def commit(self) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


class TsvWriter(RowTsvWriter):
    """The run's TSV: a pair at a time (``render`` once, ``put`` into the document's and the corpus file)."""

    def render(self, p: SentencePair) -> str:  # type: ignore[override]
        return line_of(object_of_pair(p))

    def add(self, p: SentencePair) -> None:  # type: ignore[override]
        self.put(self.render(p))


def write_tsv(pairs: Iterable[SentencePair], path: str | Path) -> None:
    writer = TsvWriter(path)
    for pair in pairs:
        writer.add(pair)
    writer.commit()


def write_rows(rows: Iterable[Row], path: str | Path) -> int:
    """Write ``rows`` to a TSV file (atomically: on an error nothing is left); return how many."""
    writer = RowTsvWriter(path)
    try:
        for row in rows:
            writer.add(row)
    except BaseException:
        writer.abort()
        raise
    writer.commit()
    return writer.count


def exporter(info: RunInfo) -> PerDocument:
    return PerDocument(info, lambda base: TsvWriter(f"{base}.tsv"))
