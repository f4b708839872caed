"""Literal reproductions of what went wrong with real batches: earlier outputs overwritten by a run that
read nothing, colliding names, a changed model served from the memory, two runs in one folder, the
user's own temporary files, file names that are not UTF-8 or hold control characters, file modes, a
full disk, ``-o`` naming a file, a term with punctuation reported missing, and the exit statuses."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from translate.cli import main
from translate.run.lock import OutdirLock

from ..conftest import EXAMPLE, ROOT

GLOSSARY = str(ROOT / "glossaries" / "news-fa-en.tsv")
FAST = ["--beam", "1", "--max-length-ratio", "0.3"]
SENTENCE = "گروه ۵+۱ با ایران گفتگو کرد.\n"


def _run(tiny_models, out: Path, *inputs: str | Path, extra: tuple[str, ...] = (), model: Path | None = None):
    args = ["run", *map(str, inputs), "-o", str(out), "--model", str(model or tiny_models["marian"]), *FAST, *extra]
    return CliRunner().invoke(main, args)


def _outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and not p.name.startswith((".", "run.sqlite"))}


def test_a_run_that_reads_nothing_leaves_earlier_outputs(tmp_path: Path, tiny_models) -> None:
    out = tmp_path / "out"
    assert _run(tiny_models, out, EXAMPLE).exit_code == 0
    before = _outputs(out)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    result = _run(tiny_models, out, bad)
    assert result.exit_code == 1
    assert "no input could be read" in result.output and "empty.txt: the file is empty" in result.output
    assert _outputs(out) == before
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "notes.pdf").write_bytes(b"%PDF")
    result = _run(tiny_models, out, nothing)
    assert result.exit_code == 1 and "no input could be read" in result.output
    assert _outputs(out) == before


def test_colliding_names_stay_apart(tmp_path: Path, tiny_models) -> None:
    src = tmp_path / "in"
    (src / "x").mkdir(parents=True)
    for name in ("a.txt", "a.md", "x__y.txt", "corpus.txt", "A.txt"):
        (src / name).write_text(SENTENCE, encoding="utf-8")
    (src / "x" / "y.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out"
    assert _run(tiny_models, out, src).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    names = {Path(e["path"]).relative_to(src).as_posix(): e["name"] for e in manifest["inputs"]}
    assert names == {"A.txt": "A", "a.md": "a-2", "a.txt": "a-3", "corpus.txt": "corpus-2", "x__y.txt": "x__y",
                     "x/y.txt": "x__y-2"}
    assert [e["doc_id"] for e in manifest["inputs"]] == ["A", "a-2", "a-3", "corpus", "x__y", "x/y"]
    for name in names.values():
        assert (out / f"{name}.tsv").read_text(encoding="utf-8").count("\n") == 2
    assert (out / "corpus.tsv").read_text(encoding="utf-8").count("\n") == 7  # header and six documents
    ids = [tu.get("tuid") for name in ("corpus.tmx", "held-back.tmx")
           for tu in ET.parse(out / name).getroot().iter("tu")]
    assert len(set(ids)) == 6


@pytest.mark.slow  # builds a model in a child process
def test_a_changed_model_folder_is_translated_afresh(tmp_path: Path, tiny_models) -> None:
    model = tmp_path / "model"
    shutil.copytree(tiny_models["marian"], model)
    out = tmp_path / "out"
    assert _run(tiny_models, out, EXAMPLE, model=model).exit_code == 0
    shutil.rmtree(model)
    subprocess.run([sys.executable, "-m", "translate", "models", "make-test-model", "--seed", "7", str(model)],
                   check=True, capture_output=True)
    result = _run(tiny_models, out, EXAMPLE, model=model)
    assert result.exit_code == 0
    assert "sentences 15 (0 from the memory)" in result.stderr


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path, tiny_models) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with OutdirLock(out):
        result = _run(tiny_models, out, EXAMPLE)
    assert result.exit_code == 1
    assert f"another translate run is writing here (pid {os.getpid()}, started" in result.output
    assert not (out / "corpus.tsv").exists()


def test_the_users_own_temporary_files_survive(tmp_path: Path, tiny_models) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / ".draft.tmp"
    mine.write_text("keep me", encoding="utf-8")
    stale = out / ".corpus.tsv.123-abcdef.translate-tmp"  # what a killed run of this tool leaves
    stale.write_text("half", encoding="utf-8")
    assert _run(tiny_models, out, EXAMPLE).exit_code == 0
    assert mine.read_text(encoding="utf-8") == "keep me" and not stale.exists()


def test_file_names_that_are_not_utf8_or_hold_control_characters(tmp_path: Path, tiny_models) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with open(os.path.join(os.fsencode(src), b"caf\xe9.txt"), "wb") as handle:  # Latin-1 bytes in the name
        handle.write(SENTENCE.encode())
    (src / "line\nbreak\x07.txt").write_text(SENTENCE, encoding="utf-8")
    (src / "plain.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out"
    result = _run(tiny_models, out, src)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["doc_id"] for e in manifest["inputs"]] == ["caf%E9", "line%0Abreak%07", "plain"]
    tmx = ET.parse(out / "held-back.tmx").getroot()  # random weights: every pair held back
    assert [tu.get("tuid") for tu in tmx.iter("tu")] == ["caf%E9:0", "line%0Abreak%07:0", "plain:0"]
    xliff = ET.parse(out / "run.xlf").getroot()
    assert [u.get("original") for u in xliff.iter("{urn:oasis:names:tc:xliff:document:2.0}file")] == [
        "caf%E9", "line%0Abreak%07", "plain"]
    assert (out / "caf%E9.tsv").is_file() and (out / "line%0Abreak%07.jsonl").is_file()


def test_modes_follow_the_umask_and_the_replaced_file(tmp_path: Path, tiny_models) -> None:
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        assert _run(tiny_models, out, EXAMPLE).exit_code == 0
        assert stat.S_IMODE((out / "corpus.tsv").stat().st_mode) == 0o644
        (out / "corpus.tsv").chmod(0o664)
        assert _run(tiny_models, out, EXAMPLE).exit_code == 0
        assert stat.S_IMODE((out / "corpus.tsv").stat().st_mode) == 0o664
        assert stat.S_IMODE((out / "report.html").stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_a_full_disk_is_one_line_and_the_run_resumes(tmp_path: Path, tiny_models, monkeypatch) -> None:
    from translate.export import atomic

    class Full:
        """An output file on a full disk: opening works, writing fails with ENOSPC."""

        def __init__(self, handle) -> None:
            self.handle = handle

        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str):
            return getattr(self.handle, name)

    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        patch.setattr(atomic, "open", lambda *args, **kw: Full(open(*args, **kw)), raising=False)
        result = _run(tiny_models, out, EXAMPLE)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "the disk is full" in result.output
    assert "Traceback" not in result.output and not list(out.glob(".*.translate-tmp"))
    resumed = _run(tiny_models, out, EXAMPLE)
    assert resumed.exit_code == 0 and "sentences 15 (15 from the memory)" in resumed.stderr


def test_output_folder_problems_are_one_line(tmp_path: Path, tiny_models) -> None:
    a_file = tmp_path / "out.txt"
    a_file.write_text("x", encoding="utf-8")
    result = _run(tiny_models, a_file, EXAMPLE)
    assert result.exit_code == 1 and "is a file; -o names the folder" in result.output
    result = _run(tiny_models, a_file / "sub", EXAMPLE)
    assert result.exit_code == 1 and "cannot create this folder" in result.output
    assert "Traceback" not in result.output


def test_a_term_with_punctuation_is_found(tmp_path: Path, tiny_models) -> None:
    src = tmp_path / "p5.txt"
    src.write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / "out"
    assert _run(tiny_models, out, src, extra=("-g", GLOSSARY, "--strict-terms")).exit_code == 0
    (record,) = [json.loads(x) for x in (out / "p5.jsonl").read_text(encoding="utf-8").splitlines()]
    statuses = {t["target"]: t["status"] for t in record["terms"]}
    assert statuses["P5+1"] != "missing" and "P5+1" in record["translation"]["en"]


def test_strict_stops_before_translating_and_quiet_is_quiet(tmp_path: Path, tiny_models) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01" * 50)
    out = tmp_path / "out"
    result = _run(tiny_models, out, src, extra=("--strict",))
    assert result.exit_code == 1 and "--strict: 1 of 2 inputs cannot be read" in result.output
    assert not (out / "corpus.tsv").exists()
    quiet = CliRunner().invoke(main, ["-q", "run", str(src), "-o", str(out), "--model", str(tiny_models["marian"]),
                                      *FAST])
    assert quiet.exit_code == 0 and quiet.stderr == ""
