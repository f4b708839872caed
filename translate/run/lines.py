"""Translating text line by line (``translate translate``): with ``unit="line"`` every input line gives
exactly one output line, empty lines included (a line's sentences are translated and joined with
spaces); with ``unit="sentence"`` one output line per sentence, as ``translate segment`` prints them.
With a glossary, each document's sentences go through the glossary stage and carry their reports."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..config import DecodeOptions, EnforceOptions
from ..mt.engine import Engine
from ..mt.stream import translate_groups
from ..records import Document
from ..terms.enforce import TermResult, fit_vocabulary, translate_with_terms
from ..terms.glossary import Matcher
from ..text.io import iter_lines
from ..text.normalize import normalize_text
from ..text.segment import segment_text


@dataclass(frozen=True, slots=True)
class TranslatedLine:
    """One output line: its text, the sentences it translates (as the model read them without a
    glossary, as written with one) and, with a glossary, their reports. ``first`` is the index of its
    first sentence in the document."""

    doc_id: str
    text: str
    sources: tuple[str, ...]
    results: tuple[TermResult, ...] = ()
    first: int = 0


def units(doc: Document, unit: str) -> list[list[str]]:
    """Each output line's source sentences (an empty list for an empty line)."""
    if unit == "sentence":
        return [[sent.line()] for sent in segment_text(doc.text, doc.id)]
    spans = list(iter_lines(doc.text))
    if len(spans) > 1 and spans[-1][0] == spans[-1][1]:
        spans.pop()  # the text ends with a line break: no line after it
    return [[sent.line() for sent in segment_text(doc.text[s:e], doc.id)] for s, e in spans]


class LineTranslator:
    """Translates documents into lines; ``documents`` counts the documents read so far."""

    def __init__(self, engine: Engine, decode: DecodeOptions, *, unit: str = "line", normalize: bool = True,
                 matcher: Matcher | None = None, enforce: EnforceOptions = EnforceOptions()) -> None:
        self.engine, self.decode, self.unit, self.normalize = engine, decode, unit, normalize
        self.matcher, self.enforce = matcher, enforce
        self.documents = 0
        if matcher is not None:
            fit_vocabulary(engine, matcher.entries)

    def lines(self, documents: Iterable[Document]) -> Iterator[TranslatedLine]:
        if self.normalize and self.matcher is None:
            normalize_text("")  # loads hazm's lexicons now, not inside the first batch
        if self.matcher is None:
            return self._plain(documents)
        return self._with_terms(documents)

    def _plain(self, documents: Iterable[Document]) -> Iterator[TranslatedLine]:
        pending: deque[tuple[str, list[str]]] = deque()  # lines read ahead by the translation window

        def groups() -> Iterator[list[str]]:
            for doc in documents:
                self.documents += 1
                for group in units(doc, self.unit):
                    group = [normalize_text(s) if self.normalize else s for s in group]
                    pending.append((doc.id, group))
                    yield group

        for hyps in translate_groups(self.engine, groups(), self.decode):
            doc_id, group = pending.popleft()
            yield TranslatedLine(doc_id, " ".join(h.text for h in hyps if h.text), tuple(group))

    def _with_terms(self, documents: Iterable[Document]) -> Iterator[TranslatedLine]:
        for doc in documents:
            self.documents += 1
            groups = units(doc, self.unit)
            flat = [s for g in groups for s in g]
            (results,) = translate_with_terms(self.engine, [flat], self.matcher, self.decode, self.enforce)
            first = 0
            for group in groups:
                chosen = results[first:first + len(group)]
                yield TranslatedLine(doc.id, " ".join(r.text for r in chosen if r.text), tuple(group),
                                     tuple(chosen), first)
                first += len(group)
