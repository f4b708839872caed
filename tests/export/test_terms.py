"""Glossary reports as JSON Lines, per sentence and per repaired line."""

from __future__ import annotations

import io
import json

from translate.export.terms import write_line_terms, write_sentence_terms
from translate.records import TermHit

HIT = TermHit("غزه", "place", 7, 10, "غزه", "Gaza", "repaired", 12, 16)


def test_sentence_and_line_reports() -> None:
    out = io.StringIO()
    write_sentence_terms(out, "news", 3, "سفر به غزه", "The trip to Gaza", [HIT])
    record = json.loads(out.getvalue())
    assert record["doc_id"] == "news" and record["index"] == 3
    assert list(record["terms"][0]) == ["text", "start", "end", "source", "target", "type", "status",
                                        "target_start", "target_end"]
    out = io.StringIO()
    write_line_terms(out, 1, True, [HIT])
    assert json.loads(out.getvalue()) == {"line": 1, "changed": True, "terms": [
        {"source": "غزه", "start": 7, "end": 10, "text": "غزه", "target": "Gaza", "status": "repaired",
         "target_start": 12, "target_end": 16}]}
