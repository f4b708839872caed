"""The run store: documents and sentences in input order, translations with their term hits by name,
scores with named columns, a killed writer keeps what it committed, versions and broken files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from translate.errors import OutputError
from translate.records import QE_COLUMNS, Score, Sentence, TermHit, Translation, text_fingerprint
from translate.run.store import SCHEMA_VERSION, START, Prepared, RunRef, RunStore, StoredDocument
from translate.text.search import fold

HIT = TermHit("سلام", "term", 0, 4, "سلام", "Hello", "found", 0, 5)


def _doc(store: RunStore, doc_id: str, position: int, texts: list[str], sha: str = "0" * 64) -> None:
    sentences, start = [], 0
    for i, text in enumerate(texts):
        sentences.append(Sentence(doc_id, i, start, start + len(text), text))
        start += len(text) + 1
    store.add_document(StoredDocument(doc_id, position, f"{doc_id}.txt", doc_id, sha, "utf-8", "text", "none",
                                      len(texts), "segmented"), sentences,
                       [Prepared(t, f"k:{t}", [], "", text_fingerprint(t), fold(t)) for t in texts])


def _finish(store: RunStore, signature: str = "sig", scoring: str = "scoring") -> RunRef:
    """Translate and score every sentence of the run being written (its text upper-cased), and finish it."""
    rows = store.sentences_after(START, 1000)
    store.put_translations(signature, [(r.key, Translation(r.line + "!", -0.5)) for r in rows])
    store.put_scores(scoring, [(s, Score(length=0.1)) for _, s, _ in store.translations_after(signature, START, 1000)])
    store.finish_run(store.run_id, "now", signature, scoring, {})
    current = store.current()
    assert current is not None
    return current


def test_sentences_come_back_in_input_order_across_documents(tmp_path: Path) -> None:
    with RunStore(tmp_path / "run.sqlite") as store:
        store.start_run("then", 1)
        _doc(store, "b", 1, ["سه.", "چهار."])
        _doc(store, "a", 0, ["یک.", "دو."])
        rows = store.sentences_after(START, 3)
        assert [(r.doc_id, r.idx) for r in rows] == [("a", 0), ("a", 1), ("b", 0)]
        assert [(r.doc_id, r.idx) for r in store.sentences_after(rows[-1].place, 10)] == [("b", 1)]
        assert store.count_sentences() == 4
        first = _finish(store)
        assert [d.doc_id for d in store.documents(first)] == ["a", "b"]
        # the next run reads only b: a leaves the current run when that run finishes, not before
        store.start_run("later", 1)
        version = store.version("b", "0" * 64, "none")
        assert version is not None
        store.include(StoredDocument("b", 0, "b.txt", "b", "0" * 64, "utf-8", "text", "none", 2,
                                     doc_key=version["doc_key"]))
        assert [d.doc_id for d in store.documents(store.current())] == ["a", "b"] and store.count_sentences() == 2
        second = _finish(store)
        assert [d.doc_id for d in store.documents(second)] == ["b"]


def test_an_unfinished_run_leaves_the_current_run_as_it_was(tmp_path: Path) -> None:
    with RunStore(tmp_path / "run.sqlite") as store:
        store.start_run("then", 1)
        _doc(store, "a", 0, ["یک.", "دو."])
        first = _finish(store)
        before = [(p.source.text, p.target, p.verdict) for p in store.pairs(first, "a")]
        store.start_run("later", 1)  # the article changed: a new version, translated under another signature
        _doc(store, "a", 0, ["صفر.", "یک.", "دو."], sha="1" * 64)
        store.put_translations("other", [(r.key, Translation("x", -1.0)) for r in store.sentences_after(START, 10)])
    with RunStore(tmp_path / "run.sqlite") as store:  # the run was killed: it never finished
        current = store.current()
        assert current == first
        assert [(p.source.text, p.target, p.verdict) for p in store.pairs(current, "a")] == before


def test_translations_terms_and_scores_by_name(tmp_path: Path) -> None:
    with RunStore(tmp_path / "run.sqlite") as store:
        store.start_run("then", 1)
        _doc(store, "a", 0, ["سلام", "سلام"])
        store.put_translations("sig", [("k:سلام", Translation("Hello", -0.5, "0-0", ("split",), (HIT,)))])
        assert store.translated("sig", ["k:سلام", "k:نو"]) == {"k:سلام"} and store.translated("other", ["k:سلام"]) == set()
        rows = store.translations_after("sig", START, 10)
        assert [t for _, _, t in rows] == [Translation("Hello", -0.5, "0-0", ("split",), (HIT,))] * 2
        store.put_scores("scoring", [(s, Score(length=0.1, terms=1.0, verdict="review", reasons=("length",)))
                                     for _, s, _ in rows], explained=[("0.1 σ longer than expected",), None])
        run = store.active("sig", "scoring")
        pairs = list(store.pairs(run, "a"))
        assert [p.target for p in pairs] == ["Hello", "Hello"] and pairs[0].terms == (HIT,)
        assert pairs[1].scores == Score(length=0.1, terms=1.0, verdict="review", reasons=("length",))
        # the reasons in words come back as stored; None where none were (worked out when asked)
        assert [p.explained for p in pairs] == [("0.1 σ longer than expected",), None]
        # equal sentences share a fingerprint and are told apart by their occurrence
        assert pairs[0].fingerprint == pairs[1].fingerprint != ""
        assert store.summary(run) == ({"ok": 0, "review": 2, "bad": 0}, 2, 2)
    columns = [row[1] for row in sqlite3.connect(tmp_path / "run.sqlite").execute("PRAGMA table_info(scores)")]
    assert columns == ["doc_key", "idx", "scoring", *QE_COLUMNS, "verdict", "reasons", "run_id", "links",
                       "explained"]


def test_a_store_of_news_sentences_is_not_mostly_empty_pages(tmp_path: Path) -> None:
    """A sentence of Persian news stored with its translation is about a kilobyte a table (two bytes a
    character, the text in several forms): such rows must not each take a page of their own (they did
    in WITHOUT ROWID tables, whose cells overflowed: these rows took 3.4 times their data on disk)."""
    line = "رئیس‌جمهور در نشست خبری امروز درباره برنامه‌های اقتصادی دولت و بودجه سال آینده سخن گفت و افزود"
    texts = [f"{line} {i} {line}." for i in range(400)]
    with RunStore(tmp_path / "run.sqlite") as store:
        store.start_run("then", 1)
        _doc(store, "a", 0, texts)
        english = "The president spoke about the government's economic plans and next year's budget " * 4
        store.put_translations("model:x|rev:y|engine:ct2-int8|device:cpu|beam:4|ratio:3",
                               [(r.key, Translation(english, -0.5, " ".join(f"{j}-{j}" for j in range(60))))
                                for r in store.sentences_after(START, 1000)])
    db = sqlite3.connect(tmp_path / "run.sqlite")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = sum(db.execute(f"SELECT SUM({' + '.join(f'LENGTH(CAST({c} AS BLOB))' for c in columns)}) FROM {table}")
               .fetchone()[0] for table, columns in (
                   ("sentences", ("text", "normalized", "key", "hits", "fingerprint", "folded")),
                   ("translations", ("signature", "key", "text", "flags", "alignment", "folded"))))
    assert data > 400 * 1500  # the rows are as long as news rows
    pages = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
    assert pages < 2 * data, (pages, data)  # 1.7 times; 3.4 times as WITHOUT ROWID tables


def test_a_killed_writer_keeps_committed_windows(tmp_path: Path) -> None:
    db = tmp_path / "run.sqlite"
    script = (
        "import os\n"
        "from translate.records import Translation\n"
        "from translate.run.store import RunStore\n"
        f"store = RunStore({str(db)!r})\n"
        "store.put_translations('s', [('k', Translation('one', -1.0))])\n"
        "os.kill(os.getpid(), 9)\n"
    )
    assert subprocess.run([sys.executable, "-c", script]).returncode == -9
    with RunStore(db) as store:
        assert store.translated("s", ["k"]) == {"k"}
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_store_is_refused_and_a_broken_one_named(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(OutputError, match=f"written by a newer persian-translate .*version {SCHEMA_VERSION + 1}; "
                                          f"this one reads up to version {SCHEMA_VERSION}.*upgrade"):
        RunStore(newer)
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutputError, match="cannot be used .*move it away"):
        RunStore(broken)


def test_a_full_disk_is_one_clear_error(tmp_path: Path) -> None:
    with RunStore(tmp_path / "run.sqlite") as store:
        store.start_run("then", 1)
        _doc(store, "a", 0, ["یک."])
        store.db.execute("PRAGMA max_page_count = 30")  # SQLite's own way to make the disk "full"
        with pytest.raises(OutputError, match="the disk is full .*run the same command again"):
            store.put_translations("s", [(f"k{i}", Translation("x" * 2000, -1.0)) for i in range(50)])
        assert store.translated("s", ["k0"]) == set()  # the window was rolled back whole
