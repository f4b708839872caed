"""Translation memory: persistence across processes, signatures kept apart, WAL journaling."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from translate.run.memory import TranslationMemory
from translate.errors import OutputError
from translate.records import TermHit, Translation

IRNA = Translation("According to IRNA", -0.5)
HELLO = Translation("Hello", -0.2, alignment="0-0", flags=("split",),
                    terms=(TermHit("سلام", "term", 0, 4, "سلام", "Hello", "found", 0, 5),))


def test_records_survive_reopening_and_signatures_stay_apart(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    with TranslationMemory(db, "model:a") as tm:
        tm.put_many([("به گزارش ایرنا", IRNA), ("سلام", HELLO)])
        assert tm.count() == 2
    with TranslationMemory(db, "model:a") as tm:
        assert tm.get_many(["سلام", "نو", "سلام"]) == {"سلام": HELLO}  # named fields back, terms included
    with TranslationMemory(db, "model:b") as tm:
        assert tm.get_many(["سلام"]) == {}


def test_wal_mode_and_many_parameters(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    with TranslationMemory(db, "s") as tm:
        tm.put_many((f"جمله {i}", Translation(str(i), -1.0)) for i in range(1200))
        assert len(tm.get_many([f"جمله {i}" for i in range(1200)])) == 1200
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_killed_writer_keeps_committed_batches(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    script = (
        "import os, sys\n"
        "from translate.records import Translation\n"
        "from translate.run.memory import TranslationMemory\n"
        f"tm = TranslationMemory({str(db)!r}, 's')\n"
        "tm.put_many([('یک', Translation('one', -1.0))])\n"
        "os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run([sys.executable, "-c", script])
    assert done.returncode == -9
    with TranslationMemory(db, "s") as tm:
        assert tm.get_many(["یک"]) == {"یک": Translation("one", -1.0)}


def test_a_broken_file_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutputError, match="cannot open the translation memory .*--no-resume"):
        TranslationMemory(db, "s")


def test_a_memory_of_the_old_format_is_emptied_not_misread(tmp_path: Path) -> None:
    """Version 1 stored term hits as positional lists; such records are dropped, never read."""
    db = tmp_path / "tm.sqlite"
    old = sqlite3.connect(db)
    old.execute("CREATE TABLE memory (signature TEXT NOT NULL, source TEXT NOT NULL, record TEXT NOT NULL, "
                "PRIMARY KEY (signature, source)) WITHOUT ROWID")
    old.execute("INSERT INTO memory VALUES ('s', 'k', '{\"text\": \"x\", \"terms\": [[\"a\", \"b\"]]}')")
    old.commit()
    old.close()
    with TranslationMemory(db, "s") as tm:
        assert tm.get_many(["k"]) == {} and tm.count() == 0
