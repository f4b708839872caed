"""The one storage layer: rows written from mappings land in their columns whatever the mapping's
order, and a row with other columns than the first is refused by name before anything is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

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
