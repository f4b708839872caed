"""Small XML elements (a TMX ``tu``, an XLIFF ``unit``) written as text, fast, exactly as
``ElementTree.indent`` then ``ElementTree.tostring`` write them: the same escaping, the same
indentation, ``<name />`` for an element with neither text nor children. Building ElementTree elements
and serializing them cost more than the engine per sentence on a folder of news (the namespace walk,
a serializer that dispatches on every node); the tests parse what is written here and hold it equal
to ElementTree's writing of the same tree.

Names (``mda:meta``, ``xml:lang``) are written as given; values must already be text XML can carry
(:func:`~translate.export.safe.xml_text`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape


# ElementTree's escaping (Python 3.11+): &, <, > everywhere; in attribute values also ", and line breaks
# and tabs as character references.
_ATTRIBUTE = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
# Most values hold nothing to escape: one search in C instead of seven replacements (a run's XML
# writers escape about a hundred values a sentence).
_SPECIAL_IN_ATTRIBUTE = re.compile('[&<>"\r\n\t]').search
_SPECIAL_IN_TEXT = re.compile("[&<>]").search


def attribute_value(value: str) -> str:
    """``value`` escaped for a double-quoted attribute, as ElementTree escapes it."""
    return escape(value, _ATTRIBUTE) if _SPECIAL_IN_ATTRIBUTE(value) else value


def attributes(pairs: Iterable[tuple[str, str]]) -> str:
    """`` name="value"`` for each pair, in order."""
    return "".join([f' {name}="{attribute_value(value)}"' for name, value in pairs])


@functools.lru_cache(maxsize=1024)
def constant(pairs: tuple[tuple[str, str], ...]) -> str:
    """:func:`attributes` of pairs from a small set (a property's type, a note's category, a state),
    escaped once and then looked up: a run's CAT files write about forty such attributes a sentence."""
    return attributes(pairs)


def leaf(name: str, attrs: str, text: str) -> str:
    """An element without children: ``<name attrs>text</name>``, or ``<name attrs />`` without text."""
    if not text:
        return f"<{name}{attrs} />"
    return f"<{name}{attrs}>{escape(text) if _SPECIAL_IN_TEXT(text) else text}</{name}>"


def parent(name: str, attrs: str, children: Sequence[str], indentation: str, space: str = "  ") -> str:
    """An element of ``children`` (written for the indentation ``indentation + space``), each on its own
    line; ``indentation`` is the newline and spaces before the element's own line."""
    if not children:
        return leaf(name, attrs, "")
    inner = indentation + space
    return f"<{name}{attrs}>{inner}{inner.join(children)}{indentation}</{name}>"
