"""JSON Lines of sentence pairs: one object per pair, scores and terms nested; loads with
``datasets.load_dataset("json", data_files=…)`` (``translation: {fa, en}``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..qe.explain import explain
from ..records import QE_COLUMNS, SentencePair, TermHit
from .atomic import AtomicFile
from .base import PerDocument, RunInfo
from .safe import clean_strings, line

#: Key order of a glossary term in this format.
TERM_FIELDS = ("source", "text", "start", "end", "target", "type", "status", "target_start", "target_end")


def term_object(term: TermHit, keys: tuple[str, ...] = TERM_FIELDS) -> dict[str, Any]:
    """A term as a JSON object with ``keys`` in that order."""
    data = term.to_dict()
    return {key: data[key] for key in keys}


def pair_object(p: SentencePair) -> dict[str, Any]:
    return {"id": p.source.id, "doc_id": p.source.doc_id, "index": p.source.index,
            "start": p.source.start, "end": p.source.end,
            "translation": {"fa": line(p.source.text), "en": line(p.target)},
            "scores": {c: p.score(c) for c in QE_COLUMNS}, "verdict": p.verdict,
            "reasons": list(explain(line(p.source.text), line(p.target), p.scores, p.terms)), "state": p.state,
            "terms": [term_object(t) for t in p.terms], "alignment": p.alignment, "flags": sorted(p.flags)}


class JsonlWriter:
    def __init__(self, path: str | Path) -> None:
        self.file = AtomicFile(path)

    def render(self, pair: SentencePair) -> str:
        # Every string cleaned, not only the sentences: json.dumps escapes C0 controls but writes C1
        # controls, NEL and U+2028/U+2029 as they are, and a reader's value would still hold them.
        return json.dumps(clean_strings(pair_object(pair)), ensure_ascii=False) + "\n"

    def put(self, text: str) -> None:
        self.file.write(text)

    def add(self, pair: SentencePair) -> None:
        self.put(self.render(pair))

    def commit(self) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def write_jsonl(pairs: Iterable[SentencePair], path: str | Path) -> None:
    writer = JsonlWriter(path)
    for pair in pairs:
        writer.add(pair)
    writer.commit()


def exporter(info: RunInfo) -> PerDocument:
    return PerDocument(info, lambda base: JsonlWriter(f"{base}.jsonl"))
