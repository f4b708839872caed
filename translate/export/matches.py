"""Glossary matches in Persian text (``translate glossary match``): one row per hit with the document,
offsets into the decoded original, the matched text, the entry's source key, target, type and whether
it is a short form; TSV with a header, or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from .tables import Table

HEADER = ("doc_id", "start", "end", "text", "source", "target", "type", "short")


class MatchWriter:
    def __init__(self, out: TextIO, fmt: str = "tsv") -> None:
        self.out = out
        self.table = Table(out, HEADER) if fmt == "tsv" else None

    def write(self, doc_id: str, hits: Sequence[Any]) -> None:
        for hit in hits:
            row = {"doc_id": doc_id, "start": hit.start, "end": hit.end, "text": hit.text,
                   "source": hit.entry.source, "target": hit.target, "type": hit.entry.type, "short": hit.short}
            if self.table is None:
                self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                self.table.row(row.values())
