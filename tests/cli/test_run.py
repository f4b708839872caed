"""`translate run` end to end on the example article with a tiny model: every format, the same pairs in
the same order, the manifest, resume from the translation memory, and a kill -9 in the middle."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from translate.cli import main
from translate.run.store import RunStore
from translate.text.segment import segment_text

from ..conftest import EXAMPLE, ROOT

GLOSSARY = str(ROOT / "glossaries" / "news-fa-en.tsv")
FAST = ["--beam", "1", "--max-length-ratio", "0.3", "--no-similarity"]


def _run(inputs: str, out: Path, model: Path, *extra: str):
    return CliRunner().invoke(main, ["run", inputs, "-o", str(out), "--model", str(model), "-g", GLOSSARY,
                                     *FAST, *extra])


def test_every_format_has_the_segmenters_pairs_in_order(tmp_path: Path, tiny_models) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "article.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\xff" * 100)
    (src / "latin1.txt").write_bytes("Déjà vu, très français et très long à lire.".encode("latin-1"))
    out = tmp_path / "out"
    result = _run(str(src), out, tiny_models["nllb"])
    assert result.exit_code == 0, result.output
    sentences = segment_text(EXAMPLE.read_text(encoding="utf-8"), "article")
    ids = [s.id for s in sentences]
    assert len(ids) == 15
    fa = (out / "article.fa").read_text(encoding="utf-8").split("\n")[:-1]
    en = (out / "article.en").read_text(encoding="utf-8").split("\n")[:-1]
    assert fa == [s.line() for s in sentences] and len(en) == 15
    tsv = (out / "article.tsv").read_text(encoding="utf-8").split("\n")[1:-1]
    assert [row.split("\t")[0] for row in tsv] == ids
    jsonl = [json.loads(x) for x in (out / "article.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in jsonl] == ids and all(r["terms"] for r in jsonl[:3])
    # random weights: every pair is bad, so the TMX holds none and held-back.tmx all of them
    assert [tu.get("tuid") for tu in ET.parse(out / "article.tmx").getroot().iter("tu")] == []
    assert [tu.get("tuid") for tu in ET.parse(out / "held-back.tmx").getroot().iter("tu")] == ids
    xliff = ET.parse(out / "run.xlf").getroot()
    units = xliff.findall(".//{urn:oasis:names:tc:xliff:document:2.0}unit")
    assert [u.get("name") for u in units] == ids
    x12 = ET.parse(out / "run.xliff12.xlf").getroot()
    assert [u.get("id") for u in x12.iter("{urn:oasis:names:tc:xliff:document:1.2}trans-unit")] == ids
    report = (out / "report.html").read_text(encoding="utf-8")
    assert report.count('<tr class="pair') == 15 and 'dir="rtl"' in report
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["sentences"] == 15 and manifest["counts"]["documents"] == 1
    assert manifest["model"]["licence"] == "test model (random weights)"
    assert sorted(Path(s["path"]).name for s in manifest["skipped"]) == ["binary.txt", "empty.txt", "latin1.txt"]
    assert manifest["signature"].startswith("model:") and len(manifest["inputs"][0]["sha256"]) == 64
    assert "skipped 3 of 4 inputs" in result.stderr


def test_second_run_resumes_and_writes_the_same_bytes(tmp_path: Path, tiny_models) -> None:
    out = tmp_path / "out"
    first = _run(str(EXAMPLE), out, tiny_models["marian"])
    assert first.exit_code == 0, first.output
    before = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*")
              if p.is_file() and not p.name.startswith((".", "run.sqlite")) and p.suffix != ".json"}
    second = _run(str(EXAMPLE), out, tiny_models["marian"])
    assert "sentences 15 (15 from the memory)" in second.stderr
    after = {name: (out / name).read_bytes() for name in before}
    assert after == before


def _count(db: Path, sql: str) -> int:
    try:
        return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1).execute(sql).fetchone()[0]
    except sqlite3.Error:
        return 0


def _kill_when(args: list[str], condition, timeout: float = 120) -> bool:
    """Start the run, ``kill -9`` it as soon as ``condition()`` holds; whether it was killed mid-run."""
    process = subprocess.Popen(args)
    deadline = time.time() + timeout
    while process.poll() is None and time.time() < deadline and not condition():
        time.sleep(0.002)
    if process.poll() is not None:
        return False
    process.send_signal(signal.SIGKILL)
    return process.wait() == -signal.SIGKILL


@pytest.mark.slow  # a dozen runs killed at five moments
def test_kill_9_at_any_moment_then_resume_gives_the_uninterrupted_output(tmp_path: Path, tiny_models) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for k in range(12):  # different sentences in each document, so each needs translating
        (src / f"doc{k:02d}.txt").write_text(text.replace("غزه", f"غزه {k}"), encoding="utf-8")
    args = [sys.executable, "-m", "translate", "-q", "run", str(src), "--model", str(tiny_models["marian"]),
            "-g", GLOSSARY, *FAST]
    reference, killed = tmp_path / "reference", tmp_path / "killed"
    subprocess.run([*args, "-o", str(reference)], check=True)
    store = killed / "run.sqlite"
    moments = [
        lambda: store.exists(),  # start-up: the store was just created
        lambda: _count(store, "SELECT COUNT(*) FROM document_versions") >= 6,  # reading the inputs
        lambda: _count(store, "SELECT COUNT(*) FROM translations") > 0,  # after the first window
        lambda: _count(store, "SELECT COUNT(*) FROM scores") > 0,  # scoring
        lambda: any(p.name.endswith(".translate-tmp") for p in os.scandir(killed)),  # writing the outputs
    ]
    kills = 0
    for moment in moments:
        for _ in range(5):  # a moment may pass too quickly to catch; try again
            if _kill_when([*args, "-o", str(killed)], lambda: killed.is_dir() and moment()):
                kills += 1
                break
    assert kills >= 5
    subprocess.run([*args, "-o", str(killed)], check=True)
    names = sorted(str(p.relative_to(reference)) for p in reference.rglob("*")
                   if p.is_file() and not p.name.startswith((".", "manifest", "run.sqlite")))
    # per document .fa .en .tsv .jsonl .tmx and its article; corpus.*; held-back.tmx; run.xlf,
    # run.xliff12.xlf, run.omegat.xlf; report.html
    assert len(names) == 12 * 6 + 5 + 1 + 3 + 1
    # the CAT files name the run store they came from: a random id of each output folder
    ids = [RunStore(folder / "run.sqlite").store_id.encode() for folder in (killed, reference)]
    for name in names:
        assert (killed / name).read_bytes().replace(ids[0], ids[1]) == (reference / name).read_bytes(), name
    assert not [p.name for p in killed.iterdir() if p.name.endswith(".translate-tmp")]

def test_export_writes_the_run_again_without_translating(tmp_path: Path, tiny_models) -> None:
    out, again = tmp_path / "out", tmp_path / "again"
    assert _run(str(EXAMPLE), out, tiny_models["marian"]).exit_code == 0
    result = CliRunner().invoke(main, ["export", str(out), "-o", str(again), "--formats", "tmx,xliff,tsv"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in again.iterdir() if not p.name.startswith(".")) == [
        "corpus.tmx", "corpus.tsv", "held-back.tmx", "raisi-putin-call.tmx", "raisi-putin-call.tsv", "run.xlf"]
    for name in ("corpus.tmx", "run.xlf", "raisi-putin-call.tsv"):
        assert (again / name).read_bytes() == (out / name).read_bytes()
    missing = CliRunner().invoke(main, ["export", str(tmp_path)])
    assert missing.exit_code == 1 and "no run store (run.sqlite) here" in missing.output
