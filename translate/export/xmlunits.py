"""One small XML element (a TMX ``tu``, an XLIFF ``unit``) as indented text, fast: the exact text
``ElementTree.indent(element, level=...)`` then ``ElementTree.tostring(element, encoding="unicode")``
gives, without their generic passes (the namespace walk, a serializer that dispatches on every node),
which cost more than the engine per sentence on a folder of news.

The elements are built with :mod:`xml.etree.ElementTree` as before; only the text is made here, and the
tests hold it equal to ElementTree's on the writers' elements and on hostile text. Prefixed names
(``mda:meta``, ``xml:lang``) are written as given, as ElementTree writes names without ``{uri}``;
the element is not changed (``ElementTree.indent`` rewrites its whitespace)."""

from __future__ import annotations

from xml.etree.ElementTree import Element



def _text(text: str) -> str:
    """ElementTree's escaping of text: &, <, > (a test for each first: most text has none)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attribute(text: str) -> str:
    """ElementTree's escaping of an attribute value (Python 3.11+): also ", and line breaks and tabs as
    character references."""
    text = _text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def indented(element: Element, level: int = 0, space: str = "  ") -> str:
    """``element`` serialized as ``ElementTree.indent(element, space, level)`` and ``tostring`` would."""
    out: list[str] = []
    _write(element, out, "\n" + level * space, space)
    if element.tail:
        out.append(_text(element.tail))
    return "".join(out)


def _write(element: Element, out: list[str], indentation: str, space: str) -> None:
    out.append("<" + element.tag)
    for key, value in element.items():
        out.append(f' {key}="{_attribute(value)}"')
    text = element.text
    if len(element):
        inner = indentation + space
        # indent() replaces a whitespace-only text (none, here) by the children's indentation
        out.append(">" + (_text(text) if text and text.strip() else inner))
        last = len(element) - 1
        for k, child in enumerate(element):
            _write(child, out, inner, space)
            tail = child.tail
            if tail and tail.strip():
                out.append(_text(tail))
            else:
                out.append(indentation if k == last else inner)
        out.append(f"</{element.tag}>")
    elif text:
        out.append(f">{_text(text)}</{element.tag}>")
    else:
        out.append(" />")
