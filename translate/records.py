"""Typed records that flow between the pipeline's stages.

Stages never mutate a record; they derive new ones with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Document:
    """One decoded input.

    ``text`` is the decoded text exactly as read (a UTF-8 BOM removed, line ends untouched); every
    offset elsewhere in the pipeline indexes it. ``path`` is where it came from (``-`` for stdin).
    """

    id: str
    path: str
    text: str
    encoding: str = "utf-8"
    format: str = "text"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: ``text == document.text[start:end]``.

    ``text`` is the original slice, line breaks and all; writers that need one line per sentence
    flatten it (see :meth:`line`).
    """

    doc_id: str
    index: int
    start: int
    end: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.doc_id}:{self.index}"

    def line(self) -> str:
        """The sentence on one line: any run of whitespace that contains a line break becomes a space."""
        from .segment import one_line

        return one_line(self.text)
