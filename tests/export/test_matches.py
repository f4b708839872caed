"""Glossary matches as TSV with a header, or JSON Lines."""

from __future__ import annotations

import io
import json

from translate.export.matches import MatchWriter
from translate.terms.glossary import GlossaryEntry, Hit

ENTRY = GlossaryEntry(source="ولادیمیر پوتین", target="Vladimir Putin", type="person")
HITS = [Hit(ENTRY, 4, 18, "ولادیمیر پوتین", "Vladimir Putin"), Hit(ENTRY, 30, 35, "پوتین", "Putin", short=True)]


def test_tsv_and_jsonl_rows() -> None:
    out = io.StringIO()
    MatchWriter(out, "tsv").write("doc", HITS)
    assert out.getvalue().splitlines() == [
        "doc_id\tstart\tend\ttext\tsource\ttarget\ttype\tshort",
        "doc\t4\t18\tولادیمیر پوتین\tولادیمیر پوتین\tVladimir Putin\tperson\tFalse",
        "doc\t30\t35\tپوتین\tولادیمیر پوتین\tPutin\tperson\tTrue"]
    out = io.StringIO()
    MatchWriter(out, "jsonl").write("doc", HITS[1:])
    assert json.loads(out.getvalue()) == {"doc_id": "doc", "start": 30, "end": 35, "text": "پوتین",
                                          "source": "ولادیمیر پوتین", "target": "Putin", "type": "person",
                                          "short": True}
