"""Boundary scoring, on hand-made spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate.errors import InputError
from translate.evaluation.segment import boundaries, hazm_splitter, load_gold, project_splitter, score_units

TEXT = "یک. دو. سه."  # sentences at 0-3, 4-7, 8-11


def test_boundaries_ignore_trailing_space_and_the_end() -> None:
    assert boundaries(TEXT, [(0, 4), (4, 8), (8, 11)]) == {3, 7}
    assert boundaries(TEXT, [(0, 11)]) == set()


def test_score_counts_hits_misses_and_false_splits() -> None:
    units = [{"id": "u", "text": TEXT, "spans": [[0, 3], [4, 11]]}]  # gold: one boundary, at 3
    score = score_units(units, lambda text: [(0, 3), (4, 7), (8, 11)])
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    assert score.precision == 0.5 and score.recall == 1.0
    assert score.f1 == pytest.approx(2 / 3)
    assert score.errors == [("u", "false split", 7)]


def test_hazm_baseline_misses_after_closing_quote() -> None:
    text = "او گفت: «ما آماده‌ایم.» سپس رفت."
    assert hazm_splitter(text) == [(0, len(text))]
    assert len(project_splitter(text)) == 2


def test_load_gold_checks_units(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "ab", "spans": [[0, 5]]}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:1: not a gold unit .*outside the text"):
        load_gold(bad)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no gold units"):
        load_gold(empty)
