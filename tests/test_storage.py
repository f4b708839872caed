"""The one storage layer: rows written from mappings land in their columns whatever the mapping's
order, and a row with other columns than the first is refused by name before anything is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import OutputError
from translate.storage import Database

SCHEMA = 'CREATE TABLE pairs (id INTEGER PRIMARY KEY, fa TEXT, en TEXT, "end" INTEGER)'


def _db(tmp_path: Path) -> Database:
    return Database(tmp_path / "s.sqlite", kind="test store", migrations=[SCHEMA])


def test_rows_land_in_their_columns_in_any_key_order(tmp_path: Path) -> None:
    db = _db(tmp_path)
    db.insert_all("pairs", [{"fa": "سلام", "en": "hello", "end": 4},
                            {"end": 7, "en": "world", "fa": None}])
    db.insert_all("pairs", [{"en": "one column"}])
    rows = [tuple(r) for r in db.query('SELECT fa, en, "end" FROM pairs ORDER BY id')]
    assert rows == [("سلام", "hello", 4), (None, "world", 7), (None, "one column", None)]


@pytest.mark.parametrize("bad", [{"fa": "x", "en": "y"}, {"fa": "x", "en": "y", "end": 1, "id": 9},
                                 {"fa": "x", "en": "y", "start": 1}])
def test_a_row_with_other_columns_is_refused_and_nothing_is_stored(tmp_path: Path, bad: dict) -> None:
    db = _db(tmp_path)
    with pytest.raises(ValueError, match=r"pairs: every row must have the columns \['fa', 'en', 'end'\]"):
        with db.transaction():
            db.insert_all("pairs", [{"fa": "a", "en": "b", "end": 1}, bad])
    assert db.value("SELECT COUNT(*) FROM pairs") == 0


PARENTS = ("CREATE TABLE docs (id INTEGER PRIMARY KEY, name TEXT);"
           "CREATE TABLE lines (doc INTEGER NOT NULL REFERENCES docs ON DELETE CASCADE, n INTEGER NOT NULL, "
           "text TEXT, PRIMARY KEY (doc, n)) WITHOUT ROWID;"
           "CREATE TABLE notes (doc INTEGER, n INTEGER, note TEXT, FOREIGN KEY (doc, n) REFERENCES lines "
           "ON DELETE CASCADE)")
# Rebuilding the table others refer to, as SQLite documents it: dropping it with foreign keys on would
# delete every row that refers to it.
REBUILD = ("CREATE TABLE lines_new (doc INTEGER NOT NULL REFERENCES docs ON DELETE CASCADE, n INTEGER NOT NULL, "
           "text TEXT, PRIMARY KEY (doc, n)); INSERT INTO lines_new SELECT * FROM lines; DROP TABLE lines; "
           "ALTER TABLE lines_new RENAME TO lines")


def test_a_migration_rebuilds_a_referenced_table_and_keeps_what_refers_to_it(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.sqlite", kind="test store", migrations=[PARENTS])
    db.execute("INSERT INTO docs VALUES (1, 'a')")
    db.execute("INSERT INTO lines VALUES (1, 0, 'یک')")
    db.execute("INSERT INTO notes VALUES (1, 0, 'kept')")
    db.close()
    db = Database(tmp_path / "s.sqlite", kind="test store", migrations=[PARENTS, REBUILD])
    assert [tuple(r) for r in db.query("SELECT * FROM notes")] == [(1, 0, "kept")]
    db.execute("DELETE FROM docs")  # foreign keys are on again after the migration: the delete cascades
    assert db.value("SELECT COUNT(*) FROM notes") == 0


def test_a_migration_that_breaks_a_reference_is_rolled_back(tmp_path: Path) -> None:
    db = Database(tmp_path / "s.sqlite", kind="test store", migrations=[PARENTS])
    db.execute("INSERT INTO docs VALUES (1, 'a')")
    db.execute("INSERT INTO lines VALUES (1, 0, 'یک')")
    db.close()
    with pytest.raises(OutputError, match=r"version 2 left a row of lines without its docs row; nothing was "
                                          r"changed"):
        Database(tmp_path / "s.sqlite", kind="test store", migrations=[PARENTS, "DELETE FROM docs"])
    db = Database(tmp_path / "s.sqlite", kind="test store", migrations=[PARENTS])
    assert db.value("SELECT COUNT(*) FROM docs") == 1 and db.value("PRAGMA user_version") == 1
