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


class _Watch:
    """A run observer that keeps what it is told."""

    def __init__(self) -> None:
        self.read: list[int] = []
        self.done: list[float] = []

    def reading(self, characters: int) -> None:
        self.read.append(characters)

    def started(self, documents: int, sentences: int) -> None:
        self.sentences = sentences

    def advance(self, sentences: float, documents_done: int) -> None:
        self.done.append(sentences)


@pytest.mark.slow  # 200,000 characters translated in hundreds of parts
def test_a_huge_unpunctuated_page_shows_progress_while_read_and_while_translated(tmp_path: Path,
                                                                                  tiny_models) -> None:
    from translate.config import DecodeOptions, EngineConfig, RunConfig
    from translate.run.pipeline import Run

    words = EXAMPLE.read_text(encoding="utf-8").replace(".", " ").replace("،", " ").split()
    page = tmp_path / "page.txt"
    text = " ".join(words * 60)  # one line of ~200,000 characters, no punctuation
    page.write_text(text + "\n", encoding="utf-8")
    watch = _Watch()
    config = RunConfig(inputs=(str(page),), outdir=str(tmp_path / "out"), engine=EngineConfig(str(tiny_models["marian"])),
                       decode=DecodeOptions(beam_size=1, max_length_ratio=0.3), formats=("moses",))
    Run(config, observer=watch).execute()
    assert len(text) > 150_000 and sum(watch.read) == len(text) + 1 and len(watch.read) >= 2
    # one sentence, translated in hundreds of parts: the bar moves long before the sentence is whole (parts
    # done while the run's thread is busy are told together, so a step may hold several)
    assert watch.sentences == 1 and len(watch.done) > 10 and 0 < watch.done[0] < 0.5
    assert sum(watch.done) == pytest.approx(1.0)
