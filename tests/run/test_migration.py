"""A run store written by an earlier version (schema 2, by commit 37d04ed: ``tests/data/store-v2``, with
an edit, an approval, a rejection and an undone edit) opens, is migrated in place, and exports the
same bytes that version exported from it; its reviews are kept on their sentences."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from translate.run.pipeline import export_again
from translate.run.review import ReviewSession
from translate.run.store import SCHEMA_VERSION, RunStore

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "store-v2"
#: Formats whose bytes no change of this version was meant to touch.
SAME_BYTES = ("corpus.en", "corpus.fa", "example.en", "example.fa", "corpus.tsv", "corpus.jsonl", "corpus.parquet")


@pytest.fixture()
def old_run(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(FIXTURE / "run.sqlite", out / "run.sqlite")
    assert sqlite3.connect(out / "run.sqlite").execute("PRAGMA user_version").fetchone()[0] == 2
    return out


def test_an_old_store_migrates_and_exports_the_same_bytes(old_run: Path, tmp_path: Path) -> None:
    export_again(str(old_run), ("moses", "tsv", "jsonl", "parquet"), str(tmp_path / "again"))
    assert sqlite3.connect(old_run / "run.sqlite").execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    for name in SAME_BYTES:
        assert (tmp_path / "again" / name).read_bytes() == (FIXTURE / "expected" / name).read_bytes(), name


def test_the_migration_keeps_every_row_and_leaves_rowid_tables(old_run: Path) -> None:
    db = sqlite3.connect(old_run / "run.sqlite")
    before = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
              for table in ("sentences", "translations", "scores", "term_hits", "reviews")}
    db.close()
    with RunStore(old_run / "run.sqlite"):
        pass
    db = sqlite3.connect(old_run / "run.sqlite")
    assert {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in before} == before
    assert all(count > 0 for count in before.values())
    tables = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('sentences', 'translations')"))
    assert set(tables) == {"sentences", "translations"}
    assert not any("WITHOUT ROWID" in sql for sql in tables.values())
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_reviews_survive_the_migration_with_their_history(old_run: Path) -> None:
    with ReviewSession(old_run) as session:
        edited, approved, rejected = (session.pair("example", i) for i in (1, 2, 3))
        assert (edited.state, edited.target, edited.edited) == ("edited", "A person's English for the second sentence.",
                                                                True)
        assert approved.state == "approved" and rejected.state == "rejected"
        assert session.pair("hostile", 0).target == "He wrote <b>bold</b> & sent it."
        assert session.pair("example", 4).state == "machine"  # edited, then undone
        assert all(p.rev >= 1 for p in (edited, approved, rejected))
        assert [h["action"] for h in session.history("example", 4)] == ["undo", "edit"]
        # the migrated review is a review like any other: undo takes it back to the machine's English
        assert session.undo("example", 1).state == "machine"


def test_a_migrated_store_has_an_id_and_keeps_it(old_run: Path) -> None:
    with RunStore(old_run / "run.sqlite") as store:
        first = store.store_id
    with RunStore(old_run / "run.sqlite") as store:
        assert store.store_id == first and len(first) == 16
