"""The pairs TSV: the row schema flattened (the Parquet columns as pyarrow flattens them), no quoting —
exact header and row bytes, and ``csv`` with ``QUOTE_NONE`` reads back the very texts."""

from __future__ import annotations

import csv
from pathlib import Path

from translate.export.tsv import write_tsv

from ..test_row_schema import read_jsonl, read_tsv, same_rows
from .samples import PAIRS

HEADER = ("id\tdoc_id\tindex\ttranslation.en\ttranslation.fa\tsource_start\tsource_end\tbead_source\tbead_target\t"
          "alignment_score\tscores.similarity\tscores.length\tscores.numbers\tscores.persian\tscores.repetition\t"
          "scores.confidence\tscores.terms\tverdict\treasons\tstate\tterms\talignment\tflags\tprovenance")


def test_tsv_header_and_rows(tmp_path: Path) -> None:
    write_tsv(PAIRS, tmp_path / "doc.tsv")
    text = (tmp_path / "doc.tsv").read_text(encoding="utf-8")
    assert text.split("\n")[0] == HEADER
    # the line break inside the sentence is a space; floats as Python writes them; arrays as JSON
    assert text.split("\n")[1] == (
        "doc:0\tdoc\t0\tThe trip to Gaza continued\tسفر به غزه ادامه\t0\t14\t[0]\t[0]\t\t0.91\t0.2\t1.0\t\t\t\t\tok\t[]\t"
        'machine\t[{"source":"غزه","text":"غزه","start":7,"end":10,"target":"Gaza","type":"place","status":"found",'
        '"target_start":14,"target_end":18}]\t0-0 1-2\t[]\tdoc')
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows)
    assert rows[2][3] == "He wrote: <script>alert(1)</script> &  done"  # the bell removed, nothing quoted


def test_reasons_in_words(tmp_path: Path) -> None:
    from translate.records import Score, Sentence, SentencePair

    pair = SentencePair(Sentence("d", 0, 0, 20, "بارندگی ۲۵ تا ۱۰۰ میلیمتر"), "Rain of 1 to 40 inches",
                        scores=Score(numbers=0.5, verdict="review", reasons=("numbers",)))
    write_tsv([pair], tmp_path / "d.tsv")
    (row,) = read_tsv(tmp_path / "d.tsv")
    assert row["reasons"] == ["numbers differ: ۱۰۰ vs 40"]


def test_tsv_and_jsonl_hold_the_same_rows(tmp_path: Path) -> None:
    from translate.export.jsonl import write_jsonl

    write_tsv(PAIRS, tmp_path / "doc.tsv")
    write_jsonl(PAIRS, tmp_path / "doc.jsonl")
    same_rows(read_tsv(tmp_path / "doc.tsv"), read_jsonl(tmp_path / "doc.jsonl"))
