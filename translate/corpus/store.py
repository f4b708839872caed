"""The corpus build's store, ``OUTDIR/corpus.sqlite``, on the storage layer (:mod:`translate.storage`):
every aligned and scored pair of every document (the expensive part, kept across runs: a document whose
files are unchanged is not aligned again), and what the cheap stages decided of each pair this run — the
rule that rejected it, the pair it duplicates, its split — and the deduplication's working tables.
Rows by name, a transaction per document, so a killed build resumes; callers choose pairs with
:class:`Select`, never with SQL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import QE_COLUMNS
from ..storage import Database, Row

_SCORES = ", ".join(f"{c} REAL" for c in QE_COLUMNS)
#: Version 1 is the schema of the stores written before the store had a version (hence IF NOT EXISTS).
MIGRATIONS: tuple[Any, ...] = (f"""
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
""",)
SCHEMA_VERSION = len(MIGRATIONS)


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


def _stored(row: Row) -> StoredPair:
    return StoredPair(row["id"], row["doc_id"], row["k"], row["fa"], row["en"], json.loads(row["bead_source"]),
                      json.loads(row["bead_target"]), row["source_start"], row["source_end"], row["alignment"],
                      {c: row[c] for c in QE_COLUMNS}, row["verdict"], json.loads(row["reasons"]), row["quality"],
                      row["rejected"], row["duplicate_of"], row["split"])


@dataclass(frozen=True, slots=True)
class Select:
    """Which pairs to read or count (every condition given must hold): a document, pairs after index
    ``after_k`` of it, a split, pairs kept (no rule rejected them, no duplicate), pairs dropped (rejected
    or a duplicate), pairs rejected by a rule, a verdict, pairs with a sentence on both sides."""

    doc_id: str | None = None
    after_k: int | None = None
    split: str | None = None
    decided: bool | None = None
    kept: bool | None = None
    dropped: bool | None = None
    rejected: bool | None = None
    verdict: str | None = None
    linked: bool | None = None

    def sql(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        for value, condition in ((self.doc_id, "doc_id = ?"), (self.after_k, "k > ?"), (self.split, "split = ?"),
                                 (self.verdict, "verdict = ?")):
            if value is not None:
                parts.append(condition)
                params.append(value)
        for flag, condition in ((self.decided, "split IS NOT NULL"),
                                (self.kept, "rejected IS NULL AND duplicate_of IS NULL"),
                                (self.dropped, "rejected IS NOT NULL OR duplicate_of IS NOT NULL"),
                                (self.rejected, "rejected IS NOT NULL"),
                                (self.linked, "bead_source != '[]' AND bead_target != '[]'")):
            if flag is not None:
                parts.append(f"({condition})" if flag else f"NOT ({condition})")
        return " AND ".join(parts) or "1", params


class CorpusStore:
    """A connection to ``corpus.sqlite``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = Database(self.path, kind="corpus store", migrations=MIGRATIONS)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def fingerprint(self, doc_id: str) -> str | None:
        return self.db.value("SELECT fingerprint FROM documents WHERE doc_id = ?", [doc_id])

    def put_document(self, doc: Any, fingerprint: str, sentences: tuple[int, int], rows: Iterable[dict[str, Any]]) -> None:
        """A document and its scored pairs, replacing what the store held for it (one transaction)."""
        with self.db.transaction():
            self.db.execute("DELETE FROM documents WHERE doc_id = ?", [doc.doc_id])
            self.db.insert("documents", {"doc_id": doc.doc_id, "fa_path": doc.fa_path, "en_path": doc.en_path,
                                         "kind": doc.kind, "fingerprint": fingerprint,
                                         "source_sentences": sentences[0], "target_sentences": sentences[1]})
            self.db.insert_all("pairs", ({
                "doc_id": doc.doc_id, "k": r["k"], "fa": r["fa"], "en": r["en"],
                "bead_source": json.dumps(r["bead_source"]), "bead_target": json.dumps(r["bead_target"]),
                "source_start": r["source_start"], "source_end": r["source_end"], "alignment": r["alignment"],
                **{c: r["scores"].get(c) for c in QE_COLUMNS}, "verdict": r["verdict"],
                "reasons": json.dumps(r["reasons"], ensure_ascii=False), "quality": r["quality"]} for r in rows))

    def keep_only(self, doc_ids: Sequence[str]) -> None:
        """Forget documents that are not inputs of this build."""
        with self.db.transaction():
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (doc_id TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.kept")
            self.db.executemany("INSERT INTO temp.kept VALUES (?)", ((d,) for d in doc_ids))
            self.db.execute("DELETE FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM temp.kept)")

    def reset_decisions(self) -> None:
        """The cheap stages start again on every build (the rules may have changed)."""
        with self.db.transaction():
            self.db.execute("UPDATE pairs SET rejected = NULL, duplicate_of = NULL, split = NULL")

    #: Orders :meth:`pairs` can page through, with the condition that continues after the last row.
    _PAGES = {
        "id": ("id", "id > ?", lambda p: [p.id]),
        "doc_id, k": ("doc_id, k, id", "(doc_id, k, id) > (?, ?, ?)", lambda p: [p.doc_id, p.k, p.id]),
        "quality DESC": ("quality DESC, id", "(quality < ? OR (quality = ? AND id > ?))",
                         lambda p: [p.quality, p.quality, p.id]),
    }

    def pairs(self, which: Select = Select(), order: str = "id", batch: int = 2000) -> Iterator[StoredPair]:
        """Pairs chosen by ``which`` in ``order`` (one of :data:`_PAGES`), read ``batch`` at a time from
        where the last batch ended (bounded memory, no rescanning)."""
        order_by, after, key = self._PAGES[order]
        where, params = which.sql()
        last: list[Any] | None = None
        while True:
            condition = f"({where}) AND {after}" if last is not None else where
            rows = self.db.query(f"SELECT * FROM pairs WHERE {condition} ORDER BY {order_by} LIMIT ?",
                                 [*params, *(last or []), batch])
            if not rows:
                return
            stored = [_stored(r) for r in rows]
            yield from stored
            last = key(stored[-1])

    def decide(self, column: str, values: Iterable[tuple[Any, int]]) -> None:
        """Set ``column`` (rejected, duplicate_of or split) for pairs given as ``(value, id)``."""
        if column not in ("rejected", "duplicate_of", "split"):
            raise ValueError(column)
        with self.db.transaction():
            self.db.executemany(f"UPDATE pairs SET {column} = ? WHERE id = ?", values)

    def split_documents(self, splits: Iterable[tuple[str, str]]) -> None:
        """Put the kept pairs of each document given as ``(split, doc_id)`` in that split."""
        with self.db.transaction():
            self.db.executemany("UPDATE pairs SET split = ? WHERE doc_id = ? AND rejected IS NULL AND "
                                "duplicate_of IS NULL", splits)

    def count(self, which: Select = Select()) -> int:
        where, params = which.sql()
        return int(self.db.value(f"SELECT COUNT(*) FROM pairs WHERE {where}", params))

    def counts(self, column: str, which: Select = Select()) -> dict[str, int]:
        """Pairs chosen by ``which``, counted by the value of ``column`` (rejected, split or verdict)."""
        if column not in ("rejected", "split", "verdict"):
            raise ValueError(column)
        where, params = which.sql()
        return {str(r[column]): r["n"] for r in self.db.query(
            f"SELECT {column}, COUNT(*) AS n FROM pairs WHERE {where} GROUP BY {column} ORDER BY {column}", params)}

    def documents(self) -> list[tuple[str, str, str, str]]:
        return [(r["doc_id"], r["fa_path"], r["en_path"], r["kind"])
                for r in self.db.query("SELECT doc_id, fa_path, en_path, kind FROM documents ORDER BY doc_id")]

    # --- deduplication's working tables (temporary: one build's decisions) --------------------------

    def start_dedup(self) -> None:
        """Empty working tables for :class:`~translate.corpus.dedup.Deduplicator`."""
        for statement in (
                "DROP TABLE IF EXISTS temp.seen", "DROP TABLE IF EXISTS temp.bands",
                "DROP TABLE IF EXISTS temp.signatures", "DROP TABLE IF EXISTS temp.ranks",
                "CREATE TEMP TABLE seen (kind TEXT, key TEXT, pair INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID",
                "CREATE TEMP TABLE bands (band INTEGER, key INTEGER, pair INTEGER)",
                "CREATE INDEX temp.bands_key ON bands (band, key)",
                "CREATE TEMP TABLE signatures (pair INTEGER PRIMARY KEY, sig BLOB)",
                "CREATE TEMP TABLE ranks (pair INTEGER PRIMARY KEY, verdict INTEGER, defects INTEGER, quality REAL)"):
            self.db.execute(statement)

    def seen(self, kind: str, key: str) -> int | None:
        """The pair kept earlier under key ``(kind, key)``."""
        return self.db.value("SELECT pair FROM seen WHERE kind = ? AND key = ?", [kind, key])

    def band_candidates(self, band_keys: Sequence[int]) -> set[int]:
        """Pairs kept earlier that share a MinHash band with ``band_keys``."""
        found: set[int] = set()
        for band, key in enumerate(band_keys):
            found.update(r["pair"] for r in self.db.query("SELECT pair FROM bands WHERE band = ? AND key = ?",
                                                          [band, key]))
        return found

    def signature(self, pair: int) -> bytes:
        return bytes(self.db.value("SELECT sig FROM signatures WHERE pair = ?", [pair]))

    def rank(self, pair: int) -> tuple[int, int, float]:
        """The rank of a pair kept earlier (see :meth:`remember`)."""
        (row,) = self.db.query("SELECT verdict, defects, quality FROM ranks WHERE pair = ?", [pair])
        return row["verdict"], row["defects"], row["quality"]

    def remember(self, pair: int, keys: Sequence[tuple[str, str]], band_keys: Sequence[int],
                 signature: bytes | None, rank: tuple[int, int, float] | None = None) -> None:
        """Keep ``pair`` under its keys, bands, signature and rank in its group (one transaction)."""
        with self.db.transaction():
            if rank is not None:
                self.db.execute("INSERT OR REPLACE INTO ranks VALUES (?, ?, ?, ?)", [pair, *rank])
            self.db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", ((k, v, pair) for k, v in keys))
            if signature is not None:
                self.db.executemany("INSERT INTO bands VALUES (?, ?, ?)",
                                    ((b, k, pair) for b, k in enumerate(band_keys)))
                self.db.insert("signatures", {"pair": pair, "sig": signature})
