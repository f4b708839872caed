"""Parquet from a run: the corpus schema, every pair, nulls where a score was not computed."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from translate.cli import main
from translate.export.parquet import schema


def test_run_exports_parquet_in_the_corpus_schema(review_run: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(review_run), "--formats", "parquet"])
    assert result.exit_code == 0, result.output
    table = pq.read_table(review_run / "corpus.parquet")
    assert table.schema.equals(schema())
    rows = table.to_pylist()
    moses = (review_run / "example.fa").read_text(encoding="utf-8").splitlines()
    assert [r["translation"]["fa"] for r in rows if r["doc_id"] == "example"] == moses
    assert all(r["similarity"] is None and r["confidence"] is not None for r in rows)  # run without --similarity
    assert rows[0]["id"] == "example:0" and rows[0]["bead_source"] == [0] and rows[0]["state"] == "machine"
    assert all(r["reasons"] for r in rows if r["verdict"] != "ok")
