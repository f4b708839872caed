"""The pairs JSONL: nested scores and terms, datasets' translation field."""

from __future__ import annotations

import json
from pathlib import Path

from translate.export.jsonl import write_jsonl

from .samples import PAIRS


def test_jsonl_records(tmp_path: Path) -> None:
    write_jsonl(PAIRS, tmp_path / "doc.jsonl")
    first, second = [json.loads(x) for x in (tmp_path / "doc.jsonl").read_text(encoding="utf-8").splitlines()]
    assert first["translation"] == {"fa": "سفر به غزه ادامه", "en": "The trip to Gaza continued"}
    assert first["scores"]["similarity"] == 0.91 and first["scores"]["confidence"] is None
    assert first["terms"][0]["status"] == "found" and first["alignment"] == "0-0 1-2"
    assert second["verdict"] == "bad"
