"""The corpus build's store, ``OUTDIR/corpus.sqlite``: every aligned and scored pair of every document
(the expensive part, kept across runs: a document whose files are unchanged is not aligned again),
and what the cheap stages decided of each pair this run — the rule that rejected it, the pair it
duplicates, its split. SQLite in WAL mode, a transaction per document, so a killed build resumes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..records import QE_COLUMNS

_SCORES = ", ".join(f"{c} REAL" for c in QE_COLUMNS)
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, fa_path TEXT NOT NULL, en_path TEXT NOT NULL, kind TEXT NOT NULL,
    fingerprint TEXT NOT NULL, source_sentences INTEGER NOT NULL, target_sentences INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents ON DELETE CASCADE, k INTEGER NOT NULL,
    fa TEXT NOT NULL, en TEXT NOT NULL, bead_source TEXT NOT NULL, bead_target TEXT NOT NULL,
    source_start INTEGER, source_end INTEGER, alignment REAL, {_SCORES}, verdict TEXT NOT NULL,
    reasons TEXT NOT NULL, quality REAL NOT NULL, rejected TEXT, duplicate_of INTEGER, split TEXT);
CREATE INDEX IF NOT EXISTS pairs_doc ON pairs (doc_id, k);
CREATE INDEX IF NOT EXISTS pairs_quality ON pairs (quality);
"""


@dataclass(frozen=True, slots=True)
class StoredPair:
    """A pair as the build stored it."""

    id: int
    doc_id: str
    k: int
    fa: str
    en: str
    bead_source: list[int]
    bead_target: list[int]
    source_start: int | None
    source_end: int | None
    alignment: float | None
    scores: dict[str, float | None]
    verdict: str
    reasons: list[str]
    quality: float
    rejected: str | None
    duplicate_of: int | None
    split: str | None


_COLUMNS = ("id, doc_id, k, fa, en, bead_source, bead_target, source_start, source_end, alignment, "
            + ", ".join(QE_COLUMNS) + ", verdict, reasons, quality, rejected, duplicate_of, split")


def _stored(row: Sequence[Any]) -> StoredPair:
    n = len(QE_COLUMNS)
    head, scores, tail = row[:10], row[10:10 + n], row[10 + n:]
    return StoredPair(head[0], head[1], head[2], head[3], head[4], json.loads(head[5]), json.loads(head[6]),
                      head[7], head[8], head[9], dict(zip(QE_COLUMNS, scores)), tail[0], json.loads(tail[1]),
                      tail[2], tail[3], tail[4], tail[5])


class CorpusStore:
    """A connection to ``corpus.sqlite``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise OutputError(f"{self.path}: the corpus store cannot be used ({exc}); move it away to start "
                              "afresh") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def fingerprint(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT fingerprint FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def put_document(self, doc: Any, fingerprint: str, sentences: tuple[int, int], rows: Iterable[dict[str, Any]]) -> None:
        """A document and its scored pairs, replacing what the store held for it (one transaction)."""
        columns = _COLUMNS.replace("id, ", "", 1).rsplit(", rejected", 1)[0]  # what a new pair has
        marks = ", ".join("?" * len(columns.split(", ")))
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DELETE FROM documents WHERE doc_id = ?", [doc.doc_id])
            self.db.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [doc.doc_id, doc.fa_path, doc.en_path, doc.kind, fingerprint, *sentences])
            self.db.executemany(
                f"INSERT INTO pairs ({columns}) VALUES ({marks})",
                ([doc.doc_id, r["k"], r["fa"], r["en"], json.dumps(r["bead_source"]), json.dumps(r["bead_target"]),
                  r["source_start"], r["source_end"], r["alignment"], *(r["scores"].get(c) for c in QE_COLUMNS),
                  r["verdict"], json.dumps(r["reasons"], ensure_ascii=False), r["quality"]] for r in rows))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def keep_only(self, doc_ids: Sequence[str]) -> None:
        """Forget documents that are not inputs of this build."""
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (doc_id TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM temp.kept")
        self.db.executemany("INSERT INTO temp.kept VALUES (?)", ((d,) for d in doc_ids))
        self.db.execute("DELETE FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM temp.kept)")
        self.db.execute("COMMIT")

    def reset_decisions(self) -> None:
        """The cheap stages start again on every build (the rules may have changed)."""
        self.db.execute("UPDATE pairs SET rejected = NULL, duplicate_of = NULL, split = NULL")

    #: Orders :meth:`pairs` can page through, with the condition that continues after the last row.
    _PAGES = {
        "id": ("id", "id > ?", lambda p: [p.id]),
        "doc_id, k": ("doc_id, k, id", "(doc_id, k, id) > (?, ?, ?)", lambda p: [p.doc_id, p.k, p.id]),
        "quality DESC": ("quality DESC, id", "(quality < ? OR (quality = ? AND id > ?))",
                         lambda p: [p.quality, p.quality, p.id]),
    }

    def pairs(self, where: str = "1", params: Sequence[Any] = (), order: str = "id", batch: int = 2000
              ) -> Iterator[StoredPair]:
        """Pairs matching ``where`` in ``order`` (one of :data:`_PAGES`), read ``batch`` at a time from
        where the last batch ended (bounded memory, no rescanning)."""
        order_by, after, key = self._PAGES[order]
        last: list[Any] | None = None
        while True:
            condition = f"({where}) AND {after}" if last is not None else where
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM pairs WHERE {condition} ORDER BY {order_by} LIMIT ?",
                                   [*params, *(last or []), batch]).fetchall()
            if not rows:
                return
            stored = [_stored(r) for r in rows]
            yield from stored
            last = key(stored[-1])

    def decide(self, column: str, values: Iterable[tuple[Any, int]]) -> None:
        """Set ``column`` (rejected, duplicate_of or split) for pairs given as ``(value, id)``."""
        if column not in ("rejected", "duplicate_of", "split"):
            raise ValueError(column)
        self.db.execute("BEGIN IMMEDIATE")
        self.db.executemany(f"UPDATE pairs SET {column} = ? WHERE id = ?", values)
        self.db.execute("COMMIT")

    def count(self, where: str = "1", params: Sequence[Any] = ()) -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM pairs WHERE {where}", params).fetchone()[0])

    def counts(self, column: str, where: str = "1") -> dict[str, int]:
        return {str(k): n for k, n in self.db.execute(
            f"SELECT {column}, COUNT(*) FROM pairs WHERE {where} GROUP BY {column} ORDER BY {column}")}

    def documents(self) -> list[tuple[str, str, str, str]]:
        return list(self.db.execute("SELECT doc_id, fa_path, en_path, kind FROM documents ORDER BY doc_id"))
