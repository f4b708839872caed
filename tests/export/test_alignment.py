"""Alignment outputs: the TSV parses back row for row even when sentences start with quotes (it used to
be joined by hand, and 200 pairs read back as 195 rows)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from translate.align.documents import AlignedDocument, AlignedRow
from translate.align.sentences import Bead
from translate.export.alignment import print_alignment, write_alignment

ROWS = (
    AlignedRow(Bead((0,), (0,), 0.81), "«امروز هیچکدام نمانده.»", '"Today, there\'s neither."',
               {"confidence": -1.25, "alignment": "0-0 1-1"}),
    AlignedRow(Bead((1,), (), 0.0), "او گفت:", ""),
    AlignedRow(Bead((2,), (1, 2), 0.5), 'او گفت: "بله', '"Yes," he said. "Tab\there"',
               {"confidence": -2.0, "alignment": ""}),
)
DOC = AlignedDocument("news", 3, 3, ROWS)


def test_tsv_reads_back_one_row_per_bead(tmp_path: Path) -> None:
    base = write_alignment(DOC, tmp_path)
    with open(f"{base}.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == 3
    assert [r["en"] for r in rows] == [row.en for row in ROWS]
    assert rows[0]["src_ids"] == "0" and rows[2]["tgt_ids"] == "1 2" and rows[1]["confidence"] == ""


def test_moses_holds_only_linked_pairs_and_jsonl_every_bead(tmp_path: Path) -> None:
    base = write_alignment(DOC, tmp_path)
    assert Path(f"{base}.fa").read_text(encoding="utf-8").count("\n") == 2
    assert Path(f"{base}.beads").read_text(encoding="utf-8").splitlines() == [
        "[0]:[0]:0.810", "[1]:[]:0.000", "[2]:[1,2]:0.500"]
    records = [json.loads(x) for x in Path(f"{base}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[0] == {"translation": {"fa": ROWS[0].fa, "en": ROWS[0].en}, "bead_source": [0], "bead_target": [0],
                          "alignment_score": 0.81, "confidence": -1.25, "alignment": "0-0 1-1"}
    # the same keys and types for a bead no model scored
    assert records[1]["confidence"] is None and records[1]["alignment"] == "" and set(records[1]) == set(records[0])


def test_stdout_formats() -> None:
    out = io.StringIO()
    print_alignment(DOC, out, "beads")
    assert out.getvalue() == "[0]:[0]:0.810\n[1]:[]:0.000\n[2]:[1,2]:0.500\n"
    out = io.StringIO()
    print_alignment(DOC, out, "tsv")
    back = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter="\t"))
    assert back[0] == ["[0]:[0]:0.810", ROWS[0].fa, ROWS[0].en, "-1.25", "0-0 1-1"] and len(back) == 3
