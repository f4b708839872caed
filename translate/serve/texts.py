"""A request's text (or file) into sentences, and the sentences' translations back into its text.

Plain text (``format=text``), as ``translate translate`` does (:func:`translate.run.lines.units`): every
line of the input gives one line of the output, empty lines included, and a line's sentences are
translated one by one and joined with spaces. Characters no output may carry (controls, line
separators) are cleaned where the text enters (:func:`translate.text.clean.clean_text`): U+2028 and its
kind become a space, the segmenter reads them as one anyway.

Marked-up text (``format=html``, and every file of ``/translate_file``) goes through the translated
article of ``translate run`` (:func:`translate.export.article.render_article`): the readable text is
taken out of the markup (:mod:`translate.text.markup`), segmented as a run segments a document, and
each sentence's English put back where its Persian was. HTML keeps its element tree and attributes
(``<html lang="en" dir="ltr">``), translates every visible text node, ``<title>`` and the
``title``/``alt``/``aria-label``/``placeholder`` attributes, and leaves ``<script>``, ``<style>``,
``<code>`` and ``<pre>`` as they are; Markdown keeps its block structure, URLs and code byte for byte; a
text file keeps its paragraphs, blank lines and list-like lines. An HTML *fragment* (no ``<html>``,
``<head>``, ``<body>`` or doctype: what a browser extension sends) comes back as a fragment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import PipelineError
from ..records import Document, Sentence, SentencePair
from ..run.lines import units
from ..text.clean import clean_text
from ..text.segment import segment_text

#: ``format`` values a request may give.
FORMATS = ("text", "html")

_DOCUMENT = re.compile(r"<\s*(?:!doctype|html|head|body)[\s>/]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Markup:
    """A text translated as an article: ``source`` as written, its format (``text``, ``markdown``,
    ``html``), its sentences (offsets into its readable text), whether it is an HTML fragment, and
    whether it is a page at all (``parsed``: an HTML parser makes none of only spaces or a comment,
    which then comes back as it is)."""

    source: str
    format: str
    sentences: tuple[Sentence, ...]
    fragment: bool = False
    parsed: bool = True


@dataclass(frozen=True, slots=True)
class Layout:
    """A text as lines of sentences (an empty tuple for an empty line); ``trailing``: the text ended
    with a line break; ``cleaned``: characters replaced where it entered; ``markup``: the article the
    sentences go back into (then ``lines`` is one line of all its sentences)."""

    lines: tuple[tuple[str, ...], ...]
    trailing: bool = False
    cleaned: int = 0
    markup: Markup | None = None

    @property
    def sentences(self) -> list[str]:
        return [s for line in self.lines for s in line]

    @property
    def characters(self) -> int:
        return sum(len(s) for s in self.sentences)


def split_text(text: str, fmt: str = "text") -> Layout:
    """The lines and sentences of ``text`` (``fmt``: one of :data:`FORMATS`)."""
    text, cleaned = clean_text(text)
    if fmt == "html":
        return _html(text, cleaned)
    if not text.strip():
        return Layout((), False, cleaned)
    trailing = text.endswith(("\n", "\r"))
    lines = units(Document(id="request", path="-", text=text), "line")
    return Layout(tuple(tuple(line) for line in lines), trailing, cleaned)


def _html(text: str, cleaned: int) -> Layout:
    from ..text.markup import extract

    fragment = _DOCUMENT.search(text) is None
    extracted = extract(text, "html")
    if extracted.tree is None:  # nothing an HTML parser makes a page of (only spaces, a comment …)
        return Layout((), False, cleaned, Markup(text, "html", (), fragment, parsed=False))
    return _article(text, "html", extracted.text, cleaned + extracted.cleaned, fragment)


def split_document(doc: Document) -> Layout:
    """The sentences of a document read from a file (:func:`translate.text.io.read_bytes`): it comes
    back as its article, in its format."""
    source = doc.markup if doc.markup is not None else doc.text
    return _article(source, doc.format if doc.markup is not None else "text", doc.text, doc.cleaned, False)


def _article(source: str, fmt: str, text: str, cleaned: int, fragment: bool) -> Layout:
    sentences = tuple(segment_text(text, "request"))
    lines = (tuple(s.line() for s in sentences),) if sentences else ()
    return Layout(lines, False, cleaned, Markup(source, fmt, sentences, fragment))


def join_text(layout: Layout, translations: Sequence[str], alignments: Sequence[str] | None = None) -> str:
    """The translated text: ``translations`` (one per sentence of ``layout``, in order) joined back into
    its lines, or put into its article (``alignments``: each sentence's word links, Pharaoh format over
    the whitespace tokens of the sentence and of its translation, place the inline markup; without
    them it is placed by proportion)."""
    if len(translations) != len(layout.sentences):
        raise PipelineError(f"server bug: {len(translations)} translations for {len(layout.sentences)} sentences")
    if layout.markup is not None:
        return _render(layout.markup, translations, alignments)
    out, k = [], 0
    for line in layout.lines:
        out.append(" ".join(t for t in translations[k:k + len(line)] if t))
        k += len(line)
    return "\n".join(out) + ("\n" if layout.trailing else "")


def _render(markup: Markup, translations: Sequence[str], alignments: Sequence[str] | None) -> str:
    from ..export.article import render_article

    if not markup.parsed:
        return markup.source
    links = alignments if alignments is not None else [""] * len(translations)
    pairs = [SentencePair(s, t, alignment=a) for s, t, a in zip(markup.sentences, translations, links)]
    article = render_article(markup.source, markup.format, pairs)
    if markup.format == "html" and markup.fragment:
        inner = _fragment_of(article)
        if inner is None:
            raise PipelineError("server bug: the translated HTML fragment cannot be parsed again")
        return inner
    return article


def _fragment_of(page: str) -> str | None:
    """What an HTML page holds inside ``<head>`` and ``<body>``, as markup (``None``: no page)."""
    from html import escape

    from lxml import etree

    from ..text.markup import parse_html

    root = parse_html(page)
    if root is None:
        return None
    out = []
    for part in root:
        if not isinstance(part.tag, str) or part.tag.lower() not in ("head", "body"):
            out.append(etree.tostring(part, method="html", encoding="unicode", with_tail=True))
            continue
        out.append(escape(part.text or "", quote=False))
        out.extend(etree.tostring(child, method="html", encoding="unicode", with_tail=True) for child in part)
    return "".join(out)
