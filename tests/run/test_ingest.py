"""Reading a run's inputs in two processes: the same documents, sentences, glossary hits, skipped inputs
and store rows as one process reads, in input order; a helper that fails leaves its inputs to the run;
no spool file stays behind."""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path

import pytest

from translate.config import RunConfig
from translate.errors import InputError
from translate.run import ingest as ingest_module
from translate.run.ingest import Reading, _split
from translate.run.store import RunStore
from translate.terms.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "data" / "seed"
NTREX = ROOT.parent / "shared" / "data" / "parallel" / "ntrex.fa-en.fa"

#: What a reading puts in the store, without the keys the store gives (doc_key) in their place.
SENTENCES = ("SELECT v.doc_id, s.idx, s.start, s.\"end\", s.text, s.normalized, s.key, s.hits, s.fingerprint, "
             "s.occurrence, s.folded, s.joins FROM sentences s JOIN document_versions v ON v.doc_key = s.doc_key "
             "ORDER BY s.doc_key, s.idx")
DOCUMENTS = ("SELECT v.doc_id, v.sha256, v.encoding, v.format, v.matched, v.sentences, v.cleaned, v.source, "
             "rd.position, rd.path, rd.name FROM document_versions v JOIN run_documents rd ON rd.doc_key = v.doc_key "
             "ORDER BY v.doc_key")


def _folder(tmp_path: Path) -> Path:
    """Real news (the seed article with its names, NTREX sentences) in 13 files of two kinds (two of the
    same name), with an undecodable file and an empty one among them, names with spaces."""
    folder = tmp_path / "in"
    folder.mkdir()
    article = (SEED / "raisi-putin-call.fa.txt").read_text(encoding="utf-8")
    lines = [s for s in NTREX.read_text(encoding="utf-8").splitlines() if s.strip()]
    for i in range(12):
        text = article if i % 3 == 0 else "\n".join(lines[i * 20:(i + 1) * 20]) + "\n"
        (folder / f"news {i:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "news 05.md").write_text("# خبر\n\n" + lines[500] + "\n", encoding="utf-8")
    (folder / "news 07.txt").write_bytes(b"\x00\xff\xfe binary \x00" * 50)
    (folder / "news 09.txt").write_text("", encoding="utf-8")
    return folder


def _read(folder: Path, store_path: Path, processes: int, glossary) -> tuple[list, list[str], list]:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    config = RunConfig(inputs=(str(folder),), outdir=str(store_path.parent), processes=processes)
    with RunStore(store_path) as store:
        store.start_run("now", os.getpid())
        with Reading(store, config, glossary.matcher(), glossary.sha1) as reading:
            two = reading.helper is not None
            got = reading.ingest()
    assert two == (processes > 1)
    db = sqlite3.connect(store_path)
    rows = [tuple(r) for r in db.execute(SENTENCES)], [tuple(r) for r in db.execute(DOCUMENTS)]
    return ([(d.doc_id, d.position, d.sentences, d.name) for d in got.documents], [str(e) for e in got.skipped],
            [*rows, got.entries])


@pytest.fixture
def glossary():
    return load_glossary(SEED / "raisi-putin-call.terms.tsv")


def test_two_processes_read_what_one_reads(tmp_path: Path, glossary) -> None:
    folder = _folder(tmp_path)
    one = _read(folder, tmp_path / "one" / "run.sqlite", 1, glossary)
    two = _read(folder, tmp_path / "two" / "run.sqlite", 2, glossary)
    assert one == two
    documents, skipped, (sentences, _, _) = two
    assert [d[0] for d in documents][:3] == ["news 00", "news 01", "news 02"] and len(documents) == 11
    assert len(skipped) == 2 and "news 07" in skipped[0] and "news 09" in skipped[1]
    assert any(row[7] != "[]" for row in sentences)  # the glossary's names were found
    assert not list((tmp_path / "two").glob(".reading*")), "the spool file is removed"


def test_the_helper_reads_the_last_documents_and_stored_ones_are_taken_as_they_are(tmp_path: Path, glossary) -> None:
    folder = _folder(tmp_path)
    planned = [(i, str(p), p.stem, p.stem) for i, p in enumerate(sorted(folder.iterdir()))]
    here, there = _split(planned, 2)
    assert here + there == planned and here and there
    assert _split(planned, 1) == (planned, [])  # one process: no helper
    assert _split(planned, None) == (planned, [])  # a small input: no helper either
    assert _split([(0, "-", "stdin", "stdin"), *planned], 2)[1] == []  # standard input only this process has
    store = tmp_path / "out" / "run.sqlite"
    first = _read(folder, store, 2, glossary)
    again = _read(folder, store, 2, glossary)  # every document stored already: no new version, no new sentence
    assert again[0] == first[0] and again[1] == first[1] and again[2][0] == first[2][0]


def cut_short(fd: int) -> None:
    """A reading helper whose spool ends in the middle of its fourth record (a full disk, say), though it
    says it is done."""
    written = []

    def dump(record, file, protocol=None) -> None:
        data = pickle.dumps(record, protocol)
        written.append(record)
        if len(written) < 4:
            file.write(data)
        elif len(written) == 4:
            file.write(data[: len(data) // 2])

    ingest_module.pickle = type("Pickle", (), {"dump": staticmethod(dump), "HIGHEST_PROTOCOL": 5})
    ingest_module.serve_reading(fd)


@pytest.mark.parametrize("broken", ["translate.run.ingest:no_such_function", "tests.run.test_ingest:cut_short"])
def test_a_failed_helper_leaves_its_inputs_to_the_run(tmp_path: Path, glossary, monkeypatch, broken: str) -> None:
    folder = _folder(tmp_path)
    one = _read(folder, tmp_path / "one" / "run.sqlite", 1, glossary)
    monkeypatch.setattr(ingest_module, "HELPER", broken)
    two = _read(folder, tmp_path / "two" / "run.sqlite", 2, glossary)
    assert one == two
    assert not list((tmp_path / "two").glob(".reading*"))


def test_an_input_error_crosses_processes_whole() -> None:
    error = pickle.loads(pickle.dumps(InputError("a/b.txt", "cannot be read: binary")))
    assert isinstance(error, InputError) and (error.source, error.problem) == ("a/b.txt", "cannot be read: binary")
    assert str(error) == "a/b.txt: cannot be read: binary"
