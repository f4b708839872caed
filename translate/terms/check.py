"""Finding a glossary target in English: any case, hyphens/spaces/apostrophes between its parts
optional (``Al-Aqsa`` = ``Al Aqsa``), other punctuation between them as written (``P5+1``, ``AT&T``), a
possessive ``'s`` allowed, never inside a longer word; and the term success rate (the WMT terminology
task's metric)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from ..records import TermHit

_CHUNK = re.compile(r"[^\W_]+")
_JOINER = r"[\s\-‐‑–—'’.]*"


@functools.lru_cache(maxsize=4096)
def target_pattern(target: str) -> re.Pattern[str]:
    """A pattern that finds ``target`` in English (see the module docstring)."""
    chunks = list(_CHUNK.finditer(target))
    if not chunks:
        return re.compile(re.escape(target), re.IGNORECASE)
    # Between two parts: what the target has there (the + of P5+1, the & of AT&T), or any joiner.
    body = re.escape(chunks[0].group())
    for before, chunk in zip(chunks, chunks[1:]):
        between = target[before.end():chunk.start()]
        gap = f"(?:{re.escape(between)}|{_JOINER})" if between.strip(" -‐‑–—'’.") else _JOINER
        body += gap + re.escape(chunk.group())
    trailing = target[chunks[-1].end():].strip()
    if trailing.strip("-‐‑–—'’."):  # OPEC+ is not OPEC
        body += re.escape(trailing)
        return re.compile(rf"(?<![^\W_]){body}", re.IGNORECASE)
    return re.compile(rf"(?<![^\W_]){body}(?:['’]s?)?(?![^\W_])", re.IGNORECASE)


def find_target(text: str, target: str, claimed: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The span of the first occurrence of ``target`` in ``text`` not already ``claimed`` (or the
    first occurrence when all are claimed: two mentions may share one rendering)."""
    spans = [m.span() for m in target_pattern(target).finditer(text)]
    if not spans:
        return None
    for span in spans:
        if span not in claimed:
            return span
    return spans[0]


def success_rate(hits: Iterable[TermHit]) -> tuple[int, int]:
    """``(landed, total)``: the WMT terminology task's term success counts."""
    hits = list(hits)
    return sum(h.landed for h in hits), len(hits)


def word_chunks(text: str) -> list[str]:
    """The letter/digit runs of ``text`` (how targets and renderings are compared word by word)."""
    return _CHUNK.findall(text)
