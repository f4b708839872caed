"""Alignment outputs: the TSV parses back row for row even when sentences start with quotes (it used to
be joined by hand, and 200 pairs read back as 195 rows)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from translate.align.documents import AlignedDocument, AlignedRow
from translate.align.sentences import Bead
from translate.export.alignment import aligned_rows, print_alignment, write_aligned

ROWS = (
    AlignedRow(Bead((0,), (0,), 0.81), "«امروز هیچکدام نمانده.»", '"Today, there\'s neither."',
               {"confidence": -1.25, "alignment": "0-0 1-1"}),
    AlignedRow(Bead((1,), (), 0.0), "او گفت:", ""),
    AlignedRow(Bead((2,), (1, 2), 0.5), 'او گفت: "بله', '"Yes," he said. "Tab\there"',
               {"confidence": -2.0, "alignment": ""}),
)
DOC = AlignedDocument("news", 3, 3, ROWS)


def test_files_hold_every_bead_as_a_schema_row_and_moses_only_linked_pairs(tmp_path: Path) -> None:
    base = write_aligned(DOC, aligned_rows(DOC, None, "news.fa | news.en"), str(tmp_path))
    assert Path(f"{base}.fa").read_text(encoding="utf-8").count("\n") == 2
    assert Path(f"{base}.beads").read_text(encoding="utf-8").splitlines() == [
        "[0]:[0]:0.810", "[1]:[]:0.000", "[2]:[1,2]:0.500"]
    records = [json.loads(x) for x in Path(f"{base}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["bead_source"], r["bead_target"]) for r in records] == [([0], [0]), ([1], []), ([2], [1, 2])]
    assert records[0]["translation"] == {"fa": ROWS[0].fa, "en": ROWS[0].en}
    assert records[0]["alignment_score"] == 0.81 and set(records[1]) == set(records[0])
    with open(f"{base}.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [r["translation.en"] for r in rows] == [row.en.replace("\t", " ") for row in ROWS]  # no tab in a cell


def test_stdout_formats() -> None:
    out = io.StringIO()
    print_alignment(DOC, out, "beads")
    assert out.getvalue() == "[0]:[0]:0.810\n[1]:[]:0.000\n[2]:[1,2]:0.500\n"
    out = io.StringIO()
    print_alignment(DOC, out, "tsv")
    back = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter="\t"))
    assert back[0] == ["[0]:[0]:0.810", ROWS[0].fa, ROWS[0].en, "-1.25", "0-0 1-1"] and len(back) == 3
