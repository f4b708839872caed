"""Scores of given pairs as TSV (every column, verdict, reasons) and JSON Lines."""

from __future__ import annotations

import io
import json

from translate.export.scores import HEADER, write_scores
from translate.records import SCORE_COLUMNS, Score

SCORES = [Score(similarity=0.9, length=0.1, numbers=1.0, verdict="ok"),
          Score(length=-3.5, numbers=0.0, verdict="bad", reasons=("length", "numbers"))]


def test_tsv_has_every_column_of_the_score_record() -> None:
    out = io.StringIO()
    write_scores(SCORES, out, "tsv", ["0-0", ""])
    lines = out.getvalue().split("\n")
    assert lines[0].split("\t") == list(HEADER) == ["line", *SCORE_COLUMNS, "verdict", "reasons", "alignment"]
    assert lines[2] == "2\t\t-3.5000\t0.0000" + "\t" * 7 + "\tbad\tlength,numbers\t"


def test_jsonl_keeps_missing_values_as_null() -> None:
    out = io.StringIO()
    write_scores(SCORES, out, "jsonl")
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["similarity"] == 0.9 and first["confidence"] is None and first["reasons"] == []
