"""``translate segment`` through Click's CliRunner: output, offsets, skipped inputs, exact messages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from translate.cli import main

from ..conftest import EXAMPLE


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_segment_text_output() -> None:
    result = run("segment", "-", input="تیتر خبر\nجمله اول. جمله دوم!\n".encode())
    assert result.exit_code == 0
    assert result.output == "تیتر خبر\nجمله اول.\nجمله دوم!\n"


def test_segment_jsonl_offsets_index_the_decoded_input(tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    text = "\ufeffتیتر\r\n\r\nهزینه ها و\n\nتأثیرات سنگین است."
    source.write_bytes(text.encode("utf-8"))
    result = run("segment", str(source), "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    decoded = text.removeprefix("\ufeff")
    assert [r["id"] for r in records] == ["doc:0", "doc:1"]
    for r in records:
        assert decoded[r["start"] : r["end"]] == r["text"]
    assert records[1]["text"] == "هزینه ها و\n\nتأثیرات سنگین است."


def test_segment_normalize_flag() -> None:
    result = run("segment", "-", "--normalize", input="آنها شدهاند.".encode())
    assert result.output == "آنها شده\u200cاند.\n"
    result = run("segment", "-", "-f", "jsonl", "--normalize", input="میکند.".encode())
    assert json.loads(result.output)["normalized"] == "می\u200cکند."


def test_segment_example_article_writes_fifteen_lines(tmp_path: Path) -> None:
    out = tmp_path / "out" / "sentences.txt"
    result = run("segment", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    lines = out.read_text(encoding="utf-8").split("\n")
    assert len(lines) == 16 and lines[-1] == ""
    assert lines[12].startswith("رئیس جمهور روسیه با بیان اینکه") and "هزینه ها و تأثیرات" in lines[12]
    assert not list(out.parent.glob(".*.tmp"))


def test_missing_input_is_a_clean_error() -> None:
    result = run("segment", "missing.txt")
    assert result.exit_code == 1
    assert result.output == (
        "Error: no input could be read:\n  missing.txt: no such file or directory\n"
    )


def test_mixed_directory_reports_skipped_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("خبر خوب است.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\xff" * 50)
    result = run("segment", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout == "خبر خوب است.\n"
    assert result.stderr == (
        f"Warning: skipped 2 of 3 inputs:\n"
        f"  {tmp_path / 'binary.txt'}: contains NUL bytes: a binary file, or UTF-16 without a "
        f"byte-order mark (re-save it as UTF-8)\n"
        f"  {tmp_path / 'empty.txt'}: the file is empty\n"
    )


def test_strict_fails_on_any_skipped_input(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("خبر خوب است.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("segment", "--strict", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: skipped 1 of 2 inputs:\n  {tmp_path / 'empty.txt'}: the file is empty\n")


def test_wrong_encoding_message(tmp_path: Path) -> None:
    bad = tmp_path / "french.txt"
    bad.write_bytes("Déjà vu, garçon: très français et très long à lire.".encode("latin-1"))
    result = run("segment", str(bad))
    assert result.exit_code == 1
    assert "is not UTF-8, UTF-16 or Windows-1256 Persian text" in result.output
    assert "pass --encoding NAME" in result.output
