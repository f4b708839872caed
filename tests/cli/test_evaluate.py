"""``translate eval segment`` and the segmentation bar on the development data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main

from ..conftest import ROOT, SHARED_DATA


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_eval_segment_prints_figures() -> None:
    result = run("eval", "segment", str(ROOT / "tests" / "data" / "raisi-putin-call.gold.jsonl"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[2].split() == ["raisi-putin-call.gold.jsonl", "translate", "1", "14", "1.000", "1.000", "1.000"]
    assert lines[3].split() == ["raisi-putin-call.gold.jsonl", "hazm", "1", "14", "0.933", "1.000", "0.966"]


def test_eval_segment_bad_gold(tmp_path: Path) -> None:
    bad = tmp_path / "g.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    result = run("eval", "segment", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}:1: not a gold unit with 'text' and 'spans'")


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data beside the project")
def test_dev_set_targets() -> None:
    """The issue's bar on the development data (figures are printed by `translate eval segment`)."""
    from translate.evaluation.segment import load_gold, project_splitter, score_units

    seraji = score_units(load_gold(SHARED_DATA / "sentseg" / "seraji_chunks.jsonl"), project_splitter)
    ntrex = score_units(load_gold(SHARED_DATA / "sentseg" / "ntrex_fa_docs.jsonl"), project_splitter)
    assert seraji.f1 >= 0.99 and seraji.precision >= 0.98
    assert ntrex.f1 >= 0.95 and ntrex.precision >= 0.98
