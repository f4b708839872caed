"""Sentences of any length: a line with no punctuation far longer than the model takes is split at
spaces, translated in pieces and joined, with one warning for its document; the outputs stay
line-aligned and carry the ``split`` flag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main

from ..conftest import EXAMPLE


def test_an_unpunctuated_line_is_split_translated_and_joined_with_one_warning(tmp_path: Path, tiny_models,
                                                                              caplog: pytest.LogCaptureFixture) -> None:
    words = EXAMPLE.read_text(encoding="utf-8").replace(".", " ").replace("،", " ").split()
    src = tmp_path / "in"
    src.mkdir()
    (src / "scraped.txt").write_text(" ".join(words * 8) + "\n", encoding="utf-8")  # ~3,000 words, one line
    (src / "short.txt").write_text("این خبر کوتاه است.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(out), "--model", str(tiny_models["marian"]),
                                       "--beam", "1", "--max-length-ratio", "0.3", "--formats", "moses,jsonl"])
    assert result.exit_code == 0, result.output
    warnings = [r.getMessage() for r in caplog.records if "longer than the model takes" in r.getMessage()]
    assert warnings == ["scraped: 1 sentence longer than the model takes: split at clause punctuation or spaces and "
                        "translated in pieces (flag 'split' in the outputs)"]  # one for its document, none for short
    assert "1 sentence longer than the model takes, in 1 document: split" in result.stderr
    assert (out / "scraped.en").read_text(encoding="utf-8").count("\n") == 1
    row = json.loads((out / "scraped.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert "split" in json.dumps(row)
    assert not (out / "short.jsonl").read_text(encoding="utf-8").count('"split"')
