"""The storage layer: every SQLite store of the project (the run store, the corpus store, the review
history inside the run store) opens through :class:`Database`.

A thin module in the style of sqlite-utils, over the standard library's ``sqlite3`` (see
docs/storage.md for why not sqlite-utils or SQLAlchemy):

- a schema version (``PRAGMA user_version``) brought forward by numbered migrations, each applied in
  its own transaction on open, with foreign keys off and checked before it commits (SQLite's way of
  rebuilding a table that others refer to); a store written by a newer version is refused with both
  versions named;
- rows read by column name (:class:`sqlite3.Row`) and written from mappings (:meth:`Database.insert`),
  never by position;
- every multi-row change one transaction (:meth:`Database.transaction`, re-entrant: a change made of
  smaller changes commits once, or not at all);
- WAL mode, foreign keys on, SQLite errors turned into one-line :class:`~translate.errors.OutputError`.

SQL lives in this module and in the store modules built on it (``run/store.py``, ``corpus/store.py``);
no other module writes SQL (``tests/test_architecture.py`` checks).
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import OutputError

#: A migration: SQL statements, or a function given the connection (inside the migration's transaction).
Migration = str | Callable[[sqlite3.Connection], None]
Row = sqlite3.Row


class Database:
    """A connection to one SQLite store of kind ``kind`` (named in messages), brought to
    ``len(migrations)`` on open. ``functions`` are registered as deterministic SQL functions before
    migrating (migrations may use them). ``shared``: the connection may be used from several threads,
    one at a time (the caller serializes)."""

    def __init__(self, path: str | Path, *, kind: str, migrations: Sequence[Migration],
                 functions: Mapping[str, Callable[..., Any]] | None = None, shared: bool = False,
                 create: bool = True) -> None:
        self.path = Path(path)
        self.kind = kind
        self.version = len(migrations)
        self._depth = 0
        if not create and not self.path.is_file():
            raise OutputError(f"{self.path}: no {kind} here")
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=not shared)
        except sqlite3.Error as exc:
            raise self.error(exc) from None
        try:
            self.db.row_factory = sqlite3.Row
            for name, function in (functions or {}).items():
                self.db.create_function(name, -1, function, deterministic=True)
            self.db.execute("PRAGMA busy_timeout = 5000")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate(migrations)
            self.db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            self.db.close()
            raise self.error(exc) from None
        except BaseException:
            self.db.close()
            raise

    def error(self, exc: sqlite3.Error) -> OutputError:
        """A library error for a SQLite failure, saying what to do."""
        text = str(exc)
        if "full" in text:
            return OutputError(f"{self.path}: the disk is full ({text}); free some space and run the same command "
                               "again: what was finished is kept")
        if "locked" in text or "busy" in text:
            return OutputError(f"{self.path}: the {self.kind} is busy in another process ({text}); wait for it "
                               "and try again")
        return OutputError(f"{self.path}: the {self.kind} cannot be used ({text}); move it away to start afresh")

    def _migrate(self, migrations: Sequence[Migration]) -> None:
        found = self.db.execute("PRAGMA user_version").fetchone()[0]
        if found > self.version:
            raise OutputError(f"{self.path} was written by a newer persian-translate ({self.kind} version {found}; "
                              f"this one reads up to version {self.version}): upgrade persian-translate, or choose "
                              "another output folder")
        for number in range(found, self.version):
            step = migrations[number]
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if callable(step):
                    step(self.db)
                else:
                    for statement in _statements(step):
                        self.db.execute(statement)
                broken = self.db.execute("PRAGMA foreign_key_check").fetchone()
                if broken is not None:
                    raise OutputError(f"{self.path}: migrating the {self.kind} to version {number + 1} left a row of "
                                      f"{broken[0]} without its {broken[2]} row; nothing was changed: report this "
                                      "with the store")
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    # --- transactions -------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any exception. Re-entrant: an inner
        block joins the outer transaction, which commits once at its end."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            if self.db.in_transaction:  # SQLite may have rolled back already (a full disk does)
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        self._depth = 0
        self.execute("COMMIT")

    # --- statements ---------------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        try:
            return self.db.execute(sql, params)
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any] | Mapping[str, Any]]) -> None:
        try:
            self.db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[Row]:
        """Every row of ``sql``, by column name."""
        return self.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Row | None:
        return self.execute(sql, params).fetchone()

    def value(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Any:
        """The first column of the first row (``None`` when there is none)."""
        row = self.one(sql, params)
        return row[0] if row is not None else None

    def insert(self, table: str, row: Mapping[str, Any], *, replace: bool = False) -> int:
        """Insert one row given by column name; return its rowid."""
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        cursor = self.execute(f"{verb} INTO {table} ({', '.join(_quoted(row))}) VALUES "
                              f"({', '.join(':' + _param(c) for c in row)})", {_param(c): v for c, v in row.items()})
        return int(cursor.lastrowid or 0)

    def insert_all(self, table: str, rows: Iterable[Mapping[str, Any]], *, replace: bool = False) -> None:
        """Insert rows given by column name (every row with the columns of the first)."""
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            return
        columns = list(first)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        sql = f"{verb} INTO {table} ({', '.join(_quoted(columns))}) VALUES ({', '.join('?' * len(columns))})"
        # Bound by position, each row's values taken in one call: a third of the time of a dict a row.
        values = operator.itemgetter(*columns)
        one = len(columns) == 1

        def positional() -> Iterator[tuple[Any, ...]]:
            for row in _chain(first, iterator):
                try:
                    if len(row) != len(columns):
                        raise KeyError
                    got = values(row)
                except KeyError:
                    raise ValueError(f"{table}: every row must have the columns {columns}, not {list(row)}") from None
                yield (got,) if one else got

        self.executemany(sql, positional())

    def close(self) -> None:
        self.db.close()


def _chain(first: Mapping[str, Any], rest: Iterator[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    yield first
    yield from rest


def _quoted(columns: Iterable[str]) -> list[str]:
    return [f'"{c}"' for c in columns]


def _param(column: str) -> str:
    return column.replace('"', "")


def _statements(script: str) -> list[str]:
    """The statements of a migration script (split where SQLite says a statement is complete)."""
    out: list[str] = []
    current = ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \n\t;"):
                out.append(current.strip())
            current = ""
    if current.strip(" \n\t;"):
        out.append(current.strip())
    return out
