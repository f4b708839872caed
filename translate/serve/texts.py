"""A request's text into lines of sentences, and the sentences' translations back into one text.

As ``translate translate`` does (:func:`translate.run.lines.units`): every line of the input gives one
line of the output, empty lines included, and a line's sentences are translated one by one and joined
with spaces. Characters no output may carry (controls, line separators) are cleaned where the text
enters (:func:`translate.text.clean.clean_text`): U+2028 and its kind become a space, the segmenter
reads them as one anyway.

``format`` ``html`` and files in Markdown or HTML are read as plain text for now: the article renderer
that keeps their structure (issue 24, item 1) plugs in here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import PipelineError
from ..records import Document
from ..run.lines import units
from ..text.clean import clean_text

#: ``format`` values a request may give.
FORMATS = ("text", "html")


@dataclass(frozen=True, slots=True)
class Layout:
    """A text as lines of sentences (an empty tuple for an empty line); ``trailing``: the text ended
    with a line break; ``cleaned``: characters replaced where it entered."""

    lines: tuple[tuple[str, ...], ...]
    trailing: bool = False
    cleaned: int = 0

    @property
    def sentences(self) -> list[str]:
        return [s for line in self.lines for s in line]

    @property
    def characters(self) -> int:
        return sum(len(s) for s in self.sentences)


def split_text(text: str, fmt: str = "text") -> Layout:
    """The lines and sentences of ``text`` (``fmt`` is one of :data:`FORMATS`; both read as text)."""
    text, cleaned = clean_text(text)
    if not text.strip():
        return Layout((), False, cleaned)
    trailing = text.endswith(("\n", "\r"))
    lines = units(Document(id="request", path="-", text=text), "line")
    return Layout(tuple(tuple(line) for line in lines), trailing, cleaned)


def join_text(layout: Layout, translations: Sequence[str]) -> str:
    """The translated text: ``translations`` (one per sentence of ``layout``, in order) joined back into
    its lines."""
    if len(translations) != len(layout.sentences):
        raise PipelineError(f"server bug: {len(translations)} translations for {len(layout.sentences)} sentences")
    out, k = [], 0
    for line in layout.lines:
        out.append(" ".join(t for t in translations[k:k + len(line)] if t))
        k += len(line)
    return "\n".join(out) + ("\n" if layout.trailing else "")
