"""A run's outputs written by two processes: the same bytes as one process writes, and a failure in
either process replaces no output and leaves no temporary file."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.errors import OutputError
from translate.export.base import DEFAULT_FORMATS, FORMATS
from translate.run.exporting import FAMILIES, export_run, plan_shares, run_info
from translate.run.store import RunStore

from ..conftest import EXAMPLE, installed, run_of

MARKDOWN = "# گزارش هوا\n\nکارشناسان **هواشناسی** می‌گویند بارندگی ادامه دارد. [سازمان](https://example.org) هشدار داد.\n"
HTML = ("<html><body><h1>خبر</h1><p>رئیس‌جمهور به <b>تهران</b> بازگشت. او گفت: «کار ادامه دارد».</p>"
        "<p>نشست فردا برگزار می‌شود.</p></body></html>\n")


@pytest.fixture(scope="module")
def run_folder(tiny_models, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished run of a text, a Markdown and an HTML article (every default format)."""
    return run_of({"example.txt": EXAMPLE.read_text(encoding="utf-8"), "weather.md": MARKDOWN, "news.html": HTML},
                  tiny_models["marian"], tmp_path_factory, "articles")


def _export(run: Path, dest: Path, formats: tuple[str, ...], processes: int) -> float:
    dest.mkdir(parents=True, exist_ok=True)
    with RunStore(run / "run.sqlite") as store:
        current = store.current()
        assert current is not None
        return export_run(store, current, run_info(store, current, dest), formats, processes=processes)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_shares_keep_families_together_and_balance() -> None:
    everything = tuple(FORMATS)
    for processes in (1, 2, 3, 4, 8):
        shares = plan_shares(everything, processes)
        assert 1 <= len(shares) <= processes
        assert sorted(n for s in shares for n in s) == sorted(everything)  # each format once
        for family in FAMILIES:  # what shares work from one pair is written by one process
            assert sum(1 for s in shares if set(family) & set(s)) == 1
        for share in shares:  # in the order asked
            assert list(share) == [n for n in everything if n in share]
    assert plan_shares(DEFAULT_FORMATS, 1) == [DEFAULT_FORMATS]
    assert plan_shares(("tsv", "jsonl"), 2) == [("tsv", "jsonl")]  # one family: one process
    two = plan_shares(DEFAULT_FORMATS, 2)
    assert len(two) == 2 and "html" not in set(two[0]) & set(two[1])


def test_two_processes_write_the_same_bytes_as_one(run_folder: Path, tmp_path: Path) -> None:
    formats = (*DEFAULT_FORMATS, "parquet") if installed("pyarrow") else DEFAULT_FORMATS
    assert _export(run_folder, tmp_path / "one", formats, 1) == 0.0
    helpers_mb = _export(run_folder, tmp_path / "two", formats, 2)
    assert 10 < helpers_mb < 2000  # the helper said what it used
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert one == two
    # the articles (their markup from the store's copy of each document) were written by the helper
    assert {"articles/example.txt", "articles/weather.md", "articles/news.html"} <= set(two)
    assert "<b>" in two["articles/news.html"].decode("utf-8")


@pytest.mark.parametrize("failing", ["here", "helper"])
def test_a_failure_in_either_process_replaces_nothing(run_folder: Path, tmp_path: Path, failing: str) -> None:
    formats = ("moses", "tsv")
    shares = plan_shares(formats, 2)
    assert len(shares) == 2
    share = shares[0] if failing == "here" else shares[1]
    other = shares[1] if failing == "here" else shares[0]
    dest = tmp_path / "dest"
    dest.mkdir()
    # the last document's file of the failing share cannot be put in place: a folder stands there
    with RunStore(run_folder / "run.sqlite") as store:
        current = store.current()
        assert current is not None
        last = store.documents(current)[-1].name
    blocker = dest / (f"{last}.tsv" if share == ("tsv",) else f"{last}.en")
    blocker.mkdir()
    with pytest.raises(OutputError, match="cannot"):
        _export(run_folder, dest, formats, 2)
    written = {p.name for p in dest.iterdir()}
    corpus = {"tsv": {"corpus.tsv"}, "moses": {"corpus.fa", "corpus.en"}}
    assert not corpus[other[0]] & written  # the other process was told to abort: its corpus files never appeared
    assert not corpus[share[0]] & written
    assert not [p for p in dest.rglob("*") if p.name.endswith(".translate-tmp")]  # nobody left a temporary file


def test_what_the_helper_logs_is_logged_here(run_folder: Path, tmp_path: Path, caplog) -> None:
    run = tmp_path / "old-store"
    shutil.copytree(run_folder, run)
    # a store written before version 3 kept no sources, and the files are not where they were: no articles
    with sqlite3.connect(run / "run.sqlite") as db:
        db.execute("UPDATE document_versions SET source = NULL")
        db.execute("UPDATE run_documents SET path = ''")
    formats = ("articles", "tmx", "xliff", "xliff12", "omegat", "html")
    shares = plan_shares(formats, 2)
    assert "articles" in shares[1]  # the articles are the helper's
    with caplog.at_level(logging.WARNING, logger="translate"):
        _export(run, tmp_path / "dest", formats, 2)
    missing = [r for r in caplog.records if "no translated article" in r.getMessage()]
    assert missing and all(r.name == "translate.export.article" for r in missing)


def test_export_command_says_what_it_wrote_unless_quiet(run_folder: Path, tmp_path: Path) -> None:
    from translate.cli import main

    said = CliRunner().invoke(main, ["export", str(run_folder), "-o", str(tmp_path / "a"), "--formats", "tsv"])
    assert said.exit_code == 0 and f"1 format of 3 documents written to {tmp_path / 'a'}/" in said.output
    quiet = CliRunner().invoke(main, ["-q", "export", str(run_folder), "-o", str(tmp_path / "b"), "--formats", "tsv"])
    assert quiet.exit_code == 0 and quiet.output == ""
    assert (tmp_path / "b" / "corpus.tsv").read_bytes() == (tmp_path / "a" / "corpus.tsv").read_bytes()


def test_processes_is_checked_and_one_keeps_everything_here(run_folder: Path, tmp_path: Path) -> None:
    from translate.cli import main
    from translate.config import RunConfig
    from translate.errors import ConfigError

    with pytest.raises(ConfigError, match="at least 1 process, not 0"):
        RunConfig(inputs=("x",), outdir=str(tmp_path), processes=0)
    refused = CliRunner().invoke(main, ["export", str(run_folder), "-o", str(tmp_path / "a"), "--processes", "0"])
    assert refused.exit_code == 2 and "--processes" in refused.output
    # two processes asked for on a small run: used (and the same bytes as one)
    for n in ("1", "2"):
        done = CliRunner().invoke(main, ["-q", "export", str(run_folder), "-o", str(tmp_path / n), "--processes", n])
        assert done.exit_code == 0, done.output
    one, two = _files(tmp_path / "1"), _files(tmp_path / "2")
    assert one.pop(".translate.lock").startswith(b"pid ")  # the folder's lock: this process, and a time
    assert two.pop(".translate.lock").startswith(b"pid ")
    assert one == two
