"""Tab-separated tables through the ``csv`` module, so every reader agrees on them: a cell holding a
tab, a line break or a leading quote is quoted (pandas ``read_csv(sep="\\t")`` and spreadsheets read
it back as one cell), never joined by hand."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any


class Table:
    """Rows written to ``out`` as TSV, with an optional header."""

    def __init__(self, out: Any, header: Sequence[str] | None = None) -> None:
        self._writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        if header is not None:
            self._writer.writerow(header)

    def row(self, cells: Iterable[Any]) -> None:
        self._writer.writerow(cells)

    def rows(self, rows: Iterable[Iterable[Any]]) -> None:
        self._writer.writerows(rows)


def number(value: float | None, digits: int = 4) -> str:
    """A score cell: fixed decimals, empty for a missing value."""
    return "" if value is None else f"{value:.{digits}f}"
