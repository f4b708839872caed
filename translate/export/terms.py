"""Glossary reports as JSON Lines: per translated sentence (``translate --terms-report``) and per
repaired line (``glossary apply --report``), every term with its status and spans."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from ..records import TermHit
from .jsonl import term_object

SENTENCE_TERM_FIELDS = ("text", "start", "end", "source", "target", "type", "status", "target_start", "target_end")
LINE_TERM_FIELDS = ("source", "start", "end", "text", "target", "status", "target_start", "target_end")


def write_sentence_terms(out: TextIO, doc_id: str, index: int, source: str, target: str,
                         terms: Sequence[TermHit]) -> None:
    out.write(json.dumps({"doc_id": doc_id, "index": index, "source": source, "target": target,
                          "terms": [term_object(t, SENTENCE_TERM_FIELDS) for t in terms]}, ensure_ascii=False) + "\n")


def write_line_terms(out: TextIO, line: int, changed: bool, terms: Sequence[TermHit]) -> None:
    out.write(json.dumps({"line": line, "changed": changed,
                          "terms": [term_object(t, LINE_TERM_FIELDS) for t in terms]}, ensure_ascii=False) + "\n")
