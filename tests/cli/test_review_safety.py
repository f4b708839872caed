"""Human review work is never lost or misapplied, through the CLI: CAT imports matched by document and
source fingerprint (a foreign file, an untouched file, an older file after a newer edit, a file exported
before the article changed), approvals coming back, malformed units refused whole; failed runs leave
``export`` byte-identical; locks that follow no symlink and are taken by ``export -o``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from translate.cli import main
from translate.run.review import ReviewSession

from ..conftest import EXAMPLE, ROOT

X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
NEW_FIRST = "این جمله‌ای است که امروز به آغاز خبر افزوده شد."


def _cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result.output


def _run(tiny_models: dict[str, Path], src: Path, out: Path, *extra: str, code: int = 0) -> str:
    return _cli("run", src, "-o", out, "--model", tiny_models["marian"], "-g", ROOT / "glossaries" / "news-fa-en.tsv",
                "--beam", "1", "--max-length-ratio", "0.3", *extra, code=code)


def _exported(out: Path, where: Path) -> dict[str, bytes]:
    """Every file ``translate export`` writes for the run in ``out``, by name."""
    _cli("export", out, "-o", where, "--formats", "moses,tsv,jsonl,tmx,xliff,xliff12,omegat,parquet,html")
    return {p.name: p.read_bytes() for p in sorted(where.iterdir()) if p.is_file() and not p.name.startswith(".")}


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "example.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return src


@pytest.fixture()
def reviewed(article: Path, tmp_path: Path, tiny_models) -> Path:
    """A finished run of the example article with an app edit on sentence 3 and an approval on 5."""
    out = tmp_path / "out"
    _run(tiny_models, article, out)
    with ReviewSession(out) as session:
        session.edit("example", 3, "The fourth sentence, as a person wrote it.")
        session.set_state("example", 5, "approved")
    return out


def _units12(path: Path) -> tuple[etree._ElementTree, dict[str, etree._Element]]:
    tree = etree.parse(str(path))
    return tree, {u.get("id"): u for u in tree.getroot().iter(f"{{{X12}}}trans-unit")}


def _set_target(unit: etree._Element, text: str, state: str | None = "translated") -> None:
    target = unit.find(f"{{{X12}}}target")
    target.text = text
    target.attrib.pop("state-qualifier", None)
    if state:
        target.set("state", state)


def _edited_pairs(out: Path) -> dict[int, tuple[str, str]]:
    with ReviewSession(out) as session:
        return {p.source.index: (p.target, p.state) for p in session.pairs("example") if p.state != "machine"}


def test_a_foreign_file_changes_nothing_and_exits_1(reviewed: Path, article: Path, tmp_path: Path,
                                                    tiny_models) -> None:
    other = tmp_path / "other"
    _run(tiny_models, article, other)  # the same article, another output folder: another run store
    tree, units = _units12(other / "run.xliff12.xlf")
    _set_target(units["example:2"], "An edit meant for the other run.")
    tree.write(str(tmp_path / "foreign.xlf"), encoding="UTF-8", xml_declaration=True)
    before = _exported(reviewed, tmp_path / "before")
    said = _cli("review", "import", reviewed, tmp_path / "foreign.xlf", code=1)
    assert f"applied 0, unchanged 0, conflicts 0, unmatched 0, foreign {len(units)}" in said
    assert _exported(reviewed, tmp_path / "after") == before


def test_an_untouched_file_after_a_rerun_marks_nothing_edited(reviewed: Path, article: Path, tmp_path: Path,
                                                              tiny_models) -> None:
    shutil.copy(reviewed / "run.xliff12.xlf", tmp_path / "untouched.xlf")
    # the run repeated with other decoding options: the machine's English changes
    _run(tiny_models, article, reviewed, "--max-length-ratio", "0.6")
    before = _edited_pairs(reviewed)
    said = _cli("review", "import", reviewed, tmp_path / "untouched.xlf")
    assert "applied 0, unchanged " in said and "conflicts 0, unmatched 0, foreign 0" in said
    assert _edited_pairs(reviewed) == before


def test_an_older_file_after_a_newer_app_edit_is_a_conflict(reviewed: Path, tmp_path: Path) -> None:
    tree, units = _units12(reviewed / "run.xliff12.xlf")
    _set_target(units["example:2"], "The CAT tool's older edit.")
    _set_target(units["example:6"], "A CAT edit nobody contradicts.")
    tree.write(str(tmp_path / "older.xlf"), encoding="UTF-8", xml_declaration=True)
    with ReviewSession(reviewed) as session:  # meanwhile, in the app
        session.edit("example", 2, "The app's newer edit.")
    said = _cli("review", "import", reviewed, tmp_path / "older.xlf", code=1)
    assert "applied 1, unchanged " in said and "conflicts 1, unmatched 0, foreign 0" in said
    assert "The app's newer edit." in said and "The CAT tool's older edit." in said  # both texts shown
    assert _edited_pairs(reviewed)[2][0] == "The app's newer edit."
    assert _edited_pairs(reviewed)[6][0] == "A CAT edit nobody contradicts."
    # --force: the file wins
    said = _cli("review", "import", "--force", reviewed, tmp_path / "older.xlf")
    assert "applied 1, unchanged " in said and "conflicts 0" in said
    assert _edited_pairs(reviewed)[2][0] == "The CAT tool's older edit."


def test_edits_stay_on_their_sentence_when_the_article_gains_one(reviewed: Path, article: Path, tmp_path: Path,
                                                                  tiny_models) -> None:
    tree, units = _units12(reviewed / "run.xliff12.xlf")
    _set_target(units["example:6"], "A CAT edit of the seventh sentence.")
    tree.write(str(tmp_path / "before-change.xlf"), encoding="UTF-8", xml_declaration=True)
    with ReviewSession(reviewed) as session:
        sources = {p.source.index: p.source.text for p in session.pairs("example")}
    text = (article / "example.txt").read_text(encoding="utf-8")
    (article / "example.txt").write_text(NEW_FIRST + "\n" + text, encoding="utf-8")
    _run(tiny_models, article, reviewed)
    said = _cli("review", "import", reviewed, tmp_path / "before-change.xlf")
    assert "applied 1, unchanged " in said and "conflicts 0, unmatched 0, foreign 0" in said
    with ReviewSession(reviewed) as session:
        moved = {p.source.text: (p.target, p.state) for p in session.pairs("example") if p.state != "machine"}
        assert session.pair("example", 0).source.text.startswith(NEW_FIRST[:10])
    # each edit and approval is on the sentence with the same Persian, one place further on
    assert moved == {sources[3]: ("The fourth sentence, as a person wrote it.", "edited"),
                     sources[5]: (moved[sources[5]][0], "approved"),
                     sources[6]: ("A CAT edit of the seventh sentence.", "edited")}


def test_approvals_come_back_from_xliff_12_and_2(reviewed: Path, tmp_path: Path) -> None:
    tree, units = _units12(reviewed / "run.xliff12.xlf")
    units["example:1"].set("approved", "yes")
    units["example:1"].find(f"{{{X12}}}target").set("state", "signed-off")
    tree.write(str(tmp_path / "approved12.xlf"), encoding="UTF-8", xml_declaration=True)
    x2 = etree.parse(str(reviewed / "run.xlf"))
    segment = next(u for u in x2.getroot().iter(f"{{{X2}}}unit") if u.get("name") == "example:4").find(
        f"{{{X2}}}segment")
    segment.set("state", "final")
    segment.attrib.pop("subState", None)
    x2.write(str(tmp_path / "approved2.xlf"), encoding="UTF-8", xml_declaration=True)
    said = _cli("review", "import", reviewed, tmp_path / "approved12.xlf", tmp_path / "approved2.xlf")
    assert "applied 2, unchanged " in said
    pairs = _edited_pairs(reviewed)
    assert pairs[1][1] == "approved" and pairs[4][1] == "approved"


def test_a_tmx_with_srclang_all_reads_languages_from_each_variant(reviewed: Path, tmp_path: Path) -> None:
    _cli("export", reviewed)  # the memory with the app's edit in it
    tree = etree.parse(str(reviewed / "corpus.tmx"))
    tree.getroot().find("header").set("srclang", "*all*")
    tu = next(tu for tu in tree.getroot().iter("tu") if tu.get("tuid") == "example:3")
    fa, en = tu.findall("tuv")
    tu.remove(fa)
    tu.append(fa)  # English first: a guess from the order would take it for the Persian
    en.find("seg").text = "The fourth sentence, corrected in the memory."
    tree.write(str(tmp_path / "all.tmx"), encoding="UTF-8", xml_declaration=True)
    _cli("review", "import", reviewed, tmp_path / "all.tmx")
    assert _edited_pairs(reviewed)[3] == ("The fourth sentence, corrected in the memory.", "edited")


@pytest.mark.parametrize("poison", ['<cp hex="D800"/>', '<cp hex="zz"/>', '<cp hex="1B"/>', "\u2028"])
def test_a_malformed_unit_is_one_line_and_nothing_is_applied(reviewed: Path, tmp_path: Path, poison: str) -> None:
    tree, units = _units12(reviewed / "run.xliff12.xlf")
    _set_target(units["example:1"], "A good edit that must not land either.")
    _set_target(units["example:2"], "MARK")
    text = etree.tostring(tree, encoding="unicode").replace("MARK", f"Bad {poison} edit")
    (tmp_path / "bad.xlf").write_text(text, encoding="utf-8")
    before = _edited_pairs(reviewed)
    result = CliRunner().invoke(main, ["review", "import", str(reviewed), str(tmp_path / "bad.xlf")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "example:2" in lines[0], result.output
    assert _edited_pairs(reviewed) == before


def test_edits_with_control_characters_are_refused(reviewed: Path) -> None:
    from translate.errors import InputError

    with ReviewSession(reviewed) as session:
        for bad in ("a\u2028b", "a\x00b", "a\x1bb", "a\x85b", "a\x0bb"):
            with pytest.raises(InputError, match="example:1"):
                session.edit("example", 1, bad)
        kept = session.edit("example", 1, "RTL\u200cjoined \u200f words")  # ZWNJ and RLM stay
        assert kept.target == "RTL\u200cjoined \u200f words"


# --- failed runs ----------------------------------------------------------------------------------------


def _changed_inputs(article: Path) -> None:
    """The article gains a sentence and a second article appears: what a failed run must not half-apply."""
    text = (article / "example.txt").read_text(encoding="utf-8")
    (article / "example.txt").write_text(NEW_FIRST + "\n" + text, encoding="utf-8")
    (article / "second.txt").write_text("خبر دوم امروز منتشر شد.\n", encoding="utf-8")


def test_a_run_with_a_bad_model_leaves_export_byte_identical(reviewed: Path, article: Path, tmp_path: Path,
                                                              tiny_models) -> None:
    before = _exported(reviewed, tmp_path / "before")
    _changed_inputs(article)
    said = _cli("run", article, "-o", reviewed, "--model", tmp_path / "no-such-model", "--beam", "2",
                "--formats", "moses", code=1)
    assert "Error:" in said
    assert _exported(reviewed, tmp_path / "after") == before
    assert _edited_pairs(reviewed)[3] == ("The fourth sentence, as a person wrote it.", "edited")


def test_a_run_whose_cluster_is_unreachable_leaves_export_byte_identical(reviewed: Path, article: Path,
                                                                          tmp_path: Path, tiny_models) -> None:
    pytest.importorskip("ray", reason="the [ray] extra is not installed (pip install -e '.[ray]')")
    before = _exported(reviewed, tmp_path / "before")
    _changed_inputs(article)
    said = _run(tiny_models, article, reviewed, "--executor", "ray", "--address", "127.0.0.1:9", code=1)
    assert "Error:" in said
    assert _exported(reviewed, tmp_path / "after") == before


@pytest.mark.slow  # a run in a child process, killed
def test_a_killed_run_leaves_export_byte_identical(reviewed: Path, article: Path, tmp_path: Path,
                                                   tiny_models) -> None:
    before = _exported(reviewed, tmp_path / "before")
    _changed_inputs(article)
    # killed while translating, once a window is stored: the store holds its new document versions and part
    # of its translations
    script = ("import os, sys\n"
              "from translate.run.store import RunStore\n"
              "real = RunStore.put_translations\n"
              "def once(*a, **k):\n"
              "    real(*a, **k)\n"
              "    os.kill(os.getpid(), 9)\n"
              "RunStore.put_translations = once\n"
              "from translate.cli import main\n"
              "sys.argv = ['translate'] + sys.argv[1:]\n"
              "main()\n")
    args = ["-q", "run", str(article), "-o", str(reviewed), "--model", str(tiny_models["marian"]), "--beam", "1",
            "--max-length-ratio", "0.5"]
    done = subprocess.run([sys.executable, "-c", script, *args], env={**os.environ}, capture_output=True, timeout=300)
    assert done.returncode == -9, done.stderr
    assert _exported(reviewed, tmp_path / "after") == before


# --- locks ----------------------------------------------------------------------------------------------


def test_a_symlinked_lock_leaves_its_target_unchanged(article: Path, tmp_path: Path, tiny_models) -> None:
    out = tmp_path / "out"
    out.mkdir()
    precious = tmp_path / "precious.txt"
    precious.write_text("a translator's notes\n", encoding="utf-8")
    (out / ".translate.lock").symlink_to(precious)
    said = _run(tiny_models, article, out, code=1)
    assert "symbolic link" in said
    assert precious.read_text(encoding="utf-8") == "a translator's notes\n"


def test_export_into_a_folder_takes_its_lock_and_spares_live_temporary_files(reviewed: Path, tmp_path: Path) -> None:
    from translate.run.lock import OutdirLock

    target = tmp_path / "B"
    target.mkdir()
    with OutdirLock(target):  # a run is writing in B
        said = _cli("export", reviewed, "-o", target, code=1)
        assert "another translate run is writing here" in said
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        alive = target / f".corpus.en.{live.pid}-abcdef.translate-tmp"
        alive.write_text("being written", encoding="utf-8")
        dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                                  text=True).stdout.strip()
        dead = target / f".corpus.fa.{dead_pid}-abcdef.translate-tmp"
        dead.write_text("left by a killed run", encoding="utf-8")
        _cli("export", reviewed, "-o", target)
        assert alive.exists() and not dead.exists()
    finally:
        live.kill()


def test_a_first_run_that_fails_leaves_nothing_behind(article: Path, tmp_path: Path, tiny_models) -> None:
    out = tmp_path / "new"
    said = _cli("run", article, "-o", out, "--model", tmp_path / "no-such-model", code=1)
    assert "Error:" in said and not out.exists()  # the model is checked before anything is written
    empty = tmp_path / "empty"
    empty.mkdir()
    _cli("run", empty, "-o", out, "--model", tiny_models["marian"], code=1)  # no input could be read
    assert not out.exists()
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    _cli("run", empty, "-o", out, "--model", tiny_models["marian"], code=1)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]  # a folder of the user's stays, as it was
