"""Gold alignment units: read and checked with file:line messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import InputError
from translate.evaluation.align import load_units


def test_units_are_normalized_and_bad_lines_named(tmp_path: Path) -> None:
    good = tmp_path / "gold.jsonl"
    good.write_text('{"src": ["علي آمد."], "tgt": ["Ali came."], "gold": [[[0], [0]]]}\n\n', encoding="utf-8")
    assert load_units(str(good)) == [(["علی آمد."], ["Ali came."], [[[0], [0]]])]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"src": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:1: not a gold alignment unit"):
        load_units(str(bad))
