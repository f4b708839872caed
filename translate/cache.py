"""Translation memory: finished sentences in SQLite, so a run resumes where it stopped and identical
sentences (bylines, «به گزارش ایرنا» …) are translated once.

Entries are keyed by the run's *signature* (model, engine, decoding options, glossary hash — anything
that changes a translation) and the normalized source sentence. The database uses WAL journaling and
commits after each batch, so a ``kill -9`` loses at most the batch in flight.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .errors import OutputError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    signature TEXT NOT NULL,
    source TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (signature, source)
) WITHOUT ROWID
"""


class TranslationMemory:
    """A SQLite file of ``(signature, source) → record`` (a JSON-serializable dict)."""

    def __init__(self, path: str | Path, signature: str) -> None:
        self.path = Path(path)
        self.signature = signature
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path))
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except sqlite3.Error as exc:
            raise OutputError(f"{self.path}: cannot open the translation memory ({exc}); "
                              "delete it or run with --no-resume") from None

    def get_many(self, sources: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Records of the sources already translated under this signature."""
        found: dict[str, dict[str, Any]] = {}
        unique = list(dict.fromkeys(sources))
        for k in range(0, len(unique), 500):  # SQLite limits the number of parameters
            chunk = unique[k:k + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT source, record FROM memory WHERE signature = ? AND source IN ({marks})",
                [self.signature, *chunk],
            )
            found.update((source, json.loads(record)) for source, record in rows)
        return found

    def put_many(self, items: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Store records and commit (one transaction)."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO memory (signature, source, record) VALUES (?, ?, ?)",
                [(self.signature, source, json.dumps(record, ensure_ascii=False)) for source, record in items],
            )

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM memory WHERE signature = ?", [self.signature]).fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
