"""Small XML elements (a TMX ``tu``, an XLIFF ``unit``) written as text, fast, exactly as
``ElementTree.indent`` then ``ElementTree.tostring`` write them: the same escaping, the same
indentation, ``<name />`` for an element with neither text nor children. Building ElementTree elements
and serializing them cost more than the engine per sentence on a folder of news (the namespace walk,
a serializer that dispatches on every node); the tests parse what is written here and hold it equal
to ElementTree's writing of the same tree.

Names (``mda:meta``, ``xml:lang``) are written as given; values must already be text XML can carry
(:func:`~translate.export.safe.xml_text`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def escape_text(text: str) -> str:
    """ElementTree's escaping of text: &, <, > (a test for each first: most text has none)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attribute(text: str) -> str:
    """ElementTree's escaping of an attribute value (Python 3.11+): also ", and line breaks and tabs as
    character references."""
    text = escape_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def attributes(pairs: Iterable[tuple[str, str]]) -> str:
    """`` name="value"`` for each pair, in order."""
    return "".join(f' {name}="{escape_attribute(value)}"' for name, value in pairs)


def leaf(name: str, attrs: str, text: str) -> str:
    """An element without children: ``<name attrs>text</name>``, or ``<name attrs />`` without text."""
    return f"<{name}{attrs}>{escape_text(text)}</{name}>" if text else f"<{name}{attrs} />"


def parent(name: str, attrs: str, children: Sequence[str], indentation: str, space: str = "  ") -> str:
    """An element of ``children`` (written for the indentation ``indentation + space``), each on its own
    line; ``indentation`` is the newline and spaces before the element's own line."""
    if not children:
        return leaf(name, attrs, "")
    inner = indentation + space
    return f"<{name}{attrs}>{inner}{inner.join(children)}{indentation}</{name}>"
