"""Parquet from a run: the row schema, every pair, nulls where a score was not computed, and the same
rows as the run's JSONL and TSV."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from translate.cli import main

from ..test_row_schema import read_jsonl, read_parquet, read_tsv, same_rows, validate


def test_run_exports_parquet_in_the_row_schema(review_run: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(review_run), "--formats", "parquet,jsonl,tsv"])
    assert result.exit_code == 0, result.output
    rows = read_parquet(review_run / "corpus.parquet")
    validate(rows)
    moses = (review_run / "example.fa").read_text(encoding="utf-8").splitlines()
    assert [r["translation"]["fa"] for r in rows if r["doc_id"] == "example"] == moses
    assert all(r["scores"]["similarity"] is None and r["scores"]["confidence"] is not None for r in rows)
    assert rows[0]["id"] == "example:0" and rows[0]["bead_source"] == [0] and rows[0]["state"] == "machine"
    assert all(r["reasons"] for r in rows if r["verdict"] != "ok")
    assert any(r["terms"] for r in rows)  # the glossary report, as in the JSONL
    same_rows(rows, read_jsonl(review_run / "corpus.jsonl"), read_tsv(review_run / "corpus.tsv"))
