"""JSON Lines of sentence pairs: one object per pair in the row schema (:mod:`.rows`: ``translation:
{fa, en}``, nested ``scores``, glossary ``terms``, word ``alignment``); loads with
``datasets.load_dataset("json", data_files=…)``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..records import SentencePair, TermHit
from .atomic import AtomicFile
from .base import PerDocument, RunInfo
from .rows import TERM_FIELDS, Row, object_of_pair
from .safe import clean_strings

__all__ = ["JsonlWriter", "RowJsonlWriter", "TERM_FIELDS", "pair_object", "term_object", "write_jsonl", "write_rows"]


def term_object(term: TermHit, keys: tuple[str, ...] = TERM_FIELDS) -> dict[str, Any]:
    """A term as a JSON object with ``keys`` in that order."""
    data = term.to_dict()
    return {key: data[key] for key in keys}


def pair_object(p: SentencePair) -> dict[str, Any]:
    """A run's pair as a row object (see :mod:`.rows`; every string clean); callers must not change it."""
    return object_of_pair(p)


def dumps(obj: dict[str, Any]) -> str:
    # Every string cleaned, keys too (a row object's strings already are; rejected.jsonl adds its own):
    # json.dumps escapes C0 controls but writes C1 controls, NEL and U+2028/U+2029 as they are, and a
    # reader's value would still hold them.
    return json.dumps(clean_strings(obj), ensure_ascii=False) + "\n"


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps's, built once


def _row_line(obj: dict[str, Any]) -> str:
    """The line of a row object, whose strings :meth:`Row.to_object` cleaned already."""
    return _ENCODE(obj) + "\n"


class RowJsonlWriter:
    """A JSONL file of rows (:class:`~translate.export.rows.Row`), written atomically."""

    def __init__(self, path: str | Path) -> None:
        self.file = AtomicFile(path)
        self.count = 0

    def add(self, row: Row) -> None:
        self.put(_row_line(row.to_object()))

    def put(self, text: str) -> None:
        self.file.write(text)
        self.count += 1

    def commit(self) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


class JsonlWriter(RowJsonlWriter):
    """The run's JSONL: a pair at a time (``render`` once, ``put`` into the document's and the corpus file)."""

    def render(self, pair: SentencePair) -> str:  # type: ignore[override]
        return _row_line(pair_object(pair))

    def add(self, pair: SentencePair) -> None:  # type: ignore[override]
        self.put(self.render(pair))


def write_jsonl(pairs: Iterable[SentencePair], path: str | Path) -> None:
    writer = JsonlWriter(path)
    for pair in pairs:
        writer.add(pair)
    writer.commit()


def write_rows(rows: Iterable[Row], path: str | Path) -> int:
    """Write ``rows`` to a JSONL file (atomically: on an error nothing is left); return how many."""
    writer = RowJsonlWriter(path)
    try:
        for row in rows:
            writer.add(row)
    except BaseException:
        writer.abort()
        raise
    writer.commit()
    return writer.count


def exporter(info: RunInfo) -> PerDocument:
    return PerDocument(info, lambda base: JsonlWriter(f"{base}.jsonl"))
