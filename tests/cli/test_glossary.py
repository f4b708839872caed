"""The glossary commands through CliRunner: exit codes, exact rows and messages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from translate.cli import main

from ..conftest import EXAMPLE, ROOT

NEWS = str(ROOT / "glossaries" / "news-fa-en.tsv")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_shipped_glossary_has_no_errors() -> None:
    result = run("glossary", "check", "--no-warnings", NEWS)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("903 entries, 0 errors")


def test_shipped_glossary_checks_clean() -> None:
    """Nothing for a person to fix: no error, no warning; its nested entries are information."""
    result = run("glossary", "check", NEWS)
    assert result.exit_code == 0
    assert result.stdout == ""
    notes = int(result.stderr.split(" notes ")[0].rsplit(" ", 1)[1])
    assert result.stderr == (f"903 entries, 0 errors, 0 warnings, {notes} notes (entries inside longer entries, "
                             "where the longer wins; -v lists them)\n")
    verbose = run("glossary", "check", "-v", NEWS)
    lines = verbose.stdout.splitlines()
    assert verbose.exit_code == 0 and len(lines) == notes > 100
    assert f"{NEWS}:4: info: contains 'ایران' ({NEWS}:354); the longer entry wins where both match" in lines
    assert all(": info: contains " in line for line in lines)
    assert run("-v", "glossary", "check", NEWS).stdout == verbose.stdout


def test_check_warns_about_what_a_person_should_fix(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("source\ttarget\ttype\nرئیس‌جمهور\tPresident\ttitle\nرئیس جمهور\tPresident\ttitle\n"
                        "ایران\tIran\tplace\nجمهوری اسلامی ایران\tIslamic Republic of Iran\tplace\n", encoding="utf-8")
    result = run("glossary", "check", str(glossary))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [  # the message shows the ZWNJ escaped (repr)
        f"{glossary}:3: warning: 'رئیس جمهور' normalizes to the same key as {glossary}:2 ('رئیس\\u200cجمهور'); "
        "keep one"]
    assert result.stderr.startswith("4 entries, 0 errors, 1 warnings, 1 notes")
    assert run("glossary", "check", "-v", str(glossary)).stdout.splitlines()[1] == (
        f"{glossary}:5: info: contains 'ایران' ({glossary}:4); the longer entry wins where both match")


def test_check_exits_1_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("source\ttarget\ttype\nایران\tIran\tplace\nایران\tPersia\tplace\nغزه\t\tplace\n", encoding="utf-8")
    result = run("glossary", "check", str(bad))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}:4: error: empty target",
        f"{bad}:3: error: 'ایران' → 'Persia' conflicts with {bad}:2 ('ایران' → 'Iran')",
    ]


def test_match_example_article_finds_every_seed_term() -> None:
    result = run("glossary", "match", str(EXAMPLE), "-g", NEWS, "-f", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = EXAMPLE.read_text(encoding="utf-8")
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
    expected = {
        # target: occurrences as whole terms in the article (the terms file counts substrings;
        # فلسطین is twice inside فلسطینی and پوتین twice inside ولادیمیر پوتین)
        "Ayatollah Seyyed Ebrahim Raisi": 1, "Ayatollah Raisi": 3, "Vladimir Putin": 2, "Putin": 1,
        "Philippe Lazzarini": 1, "President": 8, "Aran News": 1, "IRNA": 2, "UN Security Council": 1,
        "UNRWA": 1, "Islamic Republic of Iran": 1, "Al-Aqsa Flood": 1, "Gaza": 12, "Russia": 9,
        "Palestine": 6, "Israel": 1,
    }
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["target"]] = counts.get(row["target"], 0) + 1
    for target, n in expected.items():
        assert counts.get(target) == n, target
    assert not any(r["target"] == "Palestine" and text[r["end"]] == "ی" for r in rows)


def test_match_tsv_header_and_row() -> None:
    result = CliRunner().invoke(main, ["glossary", "match", "-", "-g", NEWS], input="سفر به «غزه».".encode())
    assert result.stdout.splitlines() == [
        "doc_id\tstart\tend\ttext\tsource\ttarget\ttype\tshort",
        "stdin\t8\t11\tغزه\tغزه\tGaza\tplace\tFalse",
    ]


def test_apply_repairs_only_term_spans(tmp_path: Path) -> None:
    fa = tmp_path / "c.fa"
    en = tmp_path / "c.en"
    fa.write_text("فیلیپ لازارینی درباره غزه هشدار داد.\nپوتین سخن گفت.\n", encoding="utf-8")
    en.write_text("Philip Lazarini warned about Gaza.\nPutin spoke.\n", encoding="utf-8")
    out, report = tmp_path / "fixed.en", tmp_path / "r.jsonl"
    result = run("glossary", "apply", "--src", str(fa), "--tgt", str(en), "-g", NEWS, "-o", str(out),
                 "--report", str(report))
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == "Philippe Lazzarini warned about Gaza.\nPutin spoke.\n"
    assert result.stderr == ("2 lines, 3 term occurrences; term success before 2/3 (66.7%), "
                             "after 3/3 (100.0%); 1 lines changed\n")
    first = json.loads(report.read_text(encoding="utf-8").splitlines()[0])
    assert [(t["target"], t["status"]) for t in first["terms"]] == [("Philippe Lazzarini", "repaired"), ("Gaza", "found")]


def test_apply_refuses_unaligned_files(tmp_path: Path) -> None:
    fa, en = tmp_path / "a.fa", tmp_path / "a.en"
    fa.write_text("یک\nدو\n", encoding="utf-8")
    en.write_text("one\n", encoding="utf-8")
    result = run("glossary", "apply", "--src", str(fa), "--tgt", str(en), "-g", NEWS)
    assert result.exit_code == 1
    assert result.output == f"Error: {fa}: has 2 lines but {en} has 1: they must be line-aligned\n"
