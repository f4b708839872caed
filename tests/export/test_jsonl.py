"""The pairs JSONL: a row of the row schema per pair (nested scores and terms, datasets' translation field)."""

from __future__ import annotations

import json
from pathlib import Path

from translate.export.jsonl import write_jsonl
from translate.export.rows import columns

from ..test_row_schema import validate
from .samples import PAIRS


def test_jsonl_records(tmp_path: Path) -> None:
    write_jsonl(PAIRS, tmp_path / "doc.jsonl")
    first, second = [json.loads(x) for x in (tmp_path / "doc.jsonl").read_text(encoding="utf-8").splitlines()]
    validate([first, second])
    assert list(first) == list(columns())  # the keys are the Parquet columns, in their order
    assert first["translation"] == {"fa": "سفر به غزه ادامه", "en": "The trip to Gaza continued"}
    assert (first["source_start"], first["source_end"], first["bead_source"], first["bead_target"]) == (0, 14, [0], [0])
    assert first["scores"]["similarity"] == 0.91 and first["scores"]["confidence"] is None
    assert first["terms"][0]["status"] == "found" and first["alignment"] == "0-0 1-2"
    assert first["alignment_score"] is None and first["provenance"] == "doc" and first["state"] == "machine"
    assert second["verdict"] == "bad" and second["translation"]["en"] == "He wrote: <script>alert(1)</script> &  done"
