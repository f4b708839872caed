"""The run's bar on a terminal: a sentence done in parts is not counted before it is done, and a
warning logged while the bar is shown is written on its own line above it, not into it."""

from __future__ import annotations

import io
import logging
import re
import sys

from translate.cli.progress import RunProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_counts_whole_sentences_and_keeps_log_lines_apart(monkeypatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    handler = logging.StreamHandler(screen)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        bar = RunProgress(quiet=False)
        bar.started(2, 4)
        bar.advance(0.51, 0)
        bar._bar._bar.refresh()  # tqdm draws at most every 0.1 s: draw now
        half = screen.getvalue()
        logging.getLogger("translate.run").warning("doc-1: 1 sentence longer than the model takes")
        bar.advance(1.0, 1)
        bar.close()
        assert handler in root.handlers  # the redirection is undone when the bar closes
    finally:
        root.removeHandler(handler)
    drawn = half.split("\r")[-1]
    assert re.search(r"\b0/4\b", drawn) and "1/4" not in drawn, drawn
    lines = screen.getvalue().replace("\r", "\n").split("\n")
    # the warning is a line of its own (tqdm cleared the bar, wrote it, drew the bar again)
    assert "WARNING: doc-1: 1 sentence longer than the model takes" in lines
    assert any(re.search(r"\b1/4\b", line) for line in lines)


def test_scoring_and_writing_have_bars_after_the_sentences(monkeypatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    bar = RunProgress(quiet=False)
    bar.started(3, 1200)
    bar.advance(1200, 2)
    for done in (512, 1024, 1200):  # running totals, as score_run and export_run tell them
        bar.scoring(done, 1200)
    for done in (1, 2, 3):
        bar.writing(done, 3)
    bar.close()
    lines = [line for line in screen.getvalue().replace("\r", "\n").split("\n") if line.strip()]
    assert any(line.startswith("scoring") and "1200/1200" in line for line in lines), lines
    assert any(line.startswith("writing") and "3/3" in line for line in lines), lines
    # the sentences bar was finished before the scoring bar started
    first_scoring = next(k for k, line in enumerate(lines) if line.startswith("scoring"))
    assert any("1200/1200" in line and line.startswith("sentences") for line in lines[:first_scoring])


def test_quiet_draws_no_bar_for_scoring_or_writing(monkeypatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    bar = RunProgress(quiet=True)
    bar.started(1, 10)
    bar.scoring(10, 10)
    bar.writing(1, 1)
    bar.close()
    assert screen.getvalue() == ""
