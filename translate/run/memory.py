"""The translation memory: finished sentences in SQLite, so a run resumes where it stopped and identical
sentences (bylines, «به گزارش ایرنا» …) are translated once.

Entries are keyed by the run's *signature* (model, engine, decoding options, glossary hash, layers —
anything that changes a translation) and the sentence's key (the normalized sentence and the glossary
targets found in it); the value is a :class:`~translate.records.Translation` as a JSON object with
named fields. The database uses WAL journaling and commits after each batch, so a ``kill -9`` loses
at most the batch in flight.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import OutputError
from ..records import Translation

#: Version of the stored records: 2 stores named fields (1, unnumbered, stored term hits as positional
#: lists). A memory of another version is a cache of old translations and is emptied.
FORMAT = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    signature TEXT NOT NULL,
    source TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (signature, source)
) WITHOUT ROWID
"""


class TranslationMemory:
    """A SQLite file of ``(signature, key) → Translation``."""

    def __init__(self, path: str | Path, signature: str) -> None:
        self.path = Path(path)
        self.signature = signature
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path))
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            if self._db.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
                with self._db:
                    self._db.execute("DROP TABLE IF EXISTS memory")
                    self._db.execute(f"PRAGMA user_version = {FORMAT}")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except sqlite3.Error as exc:
            raise OutputError(f"{self.path}: cannot open the translation memory ({exc}); "
                              "delete it or run with --no-resume") from None

    def get_many(self, keys: Sequence[str]) -> dict[str, Translation]:
        """The translations of the keys already translated under this signature."""
        found: dict[str, Translation] = {}
        unique = list(dict.fromkeys(keys))
        for k in range(0, len(unique), 500):  # SQLite limits the number of parameters
            chunk = unique[k:k + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT source, record FROM memory WHERE signature = ? AND source IN ({marks})",
                [self.signature, *chunk],
            )
            found.update((key, Translation.from_dict(json.loads(record))) for key, record in rows)
        return found

    def put_many(self, items: Iterable[tuple[str, Translation]]) -> None:
        """Store translations and commit (one transaction)."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO memory (signature, source, record) VALUES (?, ?, ?)",
                [(self.signature, key, json.dumps(t.to_dict(), ensure_ascii=False)) for key, t in items],
            )

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM memory WHERE signature = ?", [self.signature]).fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
