"""Translation memory: persistence across processes, signatures kept apart, WAL journaling."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from translate.cache import TranslationMemory
from translate.errors import OutputError


def test_records_survive_reopening_and_signatures_stay_apart(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    with TranslationMemory(db, "model:a") as tm:
        tm.put_many([("به گزارش ایرنا", {"text": "According to IRNA"}), ("سلام", {"text": "Hello"})])
        assert tm.count() == 2
    with TranslationMemory(db, "model:a") as tm:
        assert tm.get_many(["سلام", "نو", "سلام"]) == {"سلام": {"text": "Hello"}}
    with TranslationMemory(db, "model:b") as tm:
        assert tm.get_many(["سلام"]) == {}


def test_wal_mode_and_many_parameters(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    with TranslationMemory(db, "s") as tm:
        tm.put_many((f"جمله {i}", {"i": i}) for i in range(1200))
        assert len(tm.get_many([f"جمله {i}" for i in range(1200)])) == 1200
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_killed_writer_keeps_committed_batches(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    script = (
        "import os, sys\n"
        "from translate.cache import TranslationMemory\n"
        f"tm = TranslationMemory({str(db)!r}, 's')\n"
        "tm.put_many([('یک', {'text': 'one'})])\n"
        "os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run([sys.executable, "-c", script])
    assert done.returncode == -9
    with TranslationMemory(db, "s") as tm:
        assert tm.get_many(["یک"]) == {"یک": {"text": "one"}}


def test_a_broken_file_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "tm.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutputError, match="cannot open the translation memory .*--no-resume"):
        TranslationMemory(db, "s")
