"""The translatable text of an HTML page or a Markdown article, with a map back to the source.

A marked-up article is read twice: when a run reads it (:func:`extract` gives ``Document.text``: the
text a reader sees, which is what is segmented and translated) and when the translated article is
written (the same function, run again on the source the store kept, gives the map from offsets of
that text back to the markup). The extraction is deterministic, so the two agree.

``text`` is a sequence of *blocks* separated by a blank line: a paragraph, heading, list item, table
cell, the ``<title>``, an attribute a reader sees (``title``, ``alt``, ``aria-label``, ``placeholder``)
or a Markdown image's alt text. Inside a block, whitespace runs are one space (as a browser shows
them) and a line break (``<br>``, a Markdown hard break) is a line feed; everything else of the
markup is out of the text: tags, link and image URLs, inline code, code blocks, ``<script>``,
``<style>``, ``<pre>``, Markdown HTML blocks, elements marked ``translate="no"`` or ``notranslate``.
So a sentence that spans inline markup (``<a>``, ``<strong>``, ``*em*``) is one sentence of the
text, and the markup around its words is a tree of :class:`Inline` nodes over text offsets.

HTML is parsed with lxml (libxml2's HTML parser, as a browser would repair it); Markdown with
markdown-it-py (CommonMark, with GFM tables and strikethrough), whose inline parser is taught here to
record where each token came from, so every piece of Markdown syntax can be copied byte for byte.

For an HTML page the main content comes first in ``text`` (the first ``<article>``, else ``<main>``,
else ``<body>``), then the rest of the page in document order (``<title>``, navigation, footer): the
parallel files and the review read as the article, not as the site's menu.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .clean import clean_text

logger = logging.getLogger(__name__)

__all__ = ["Block", "Extracted", "Inline", "extract", "extract_html", "extract_markdown", "FORMATS"]

#: The formats :func:`extract` reads.
FORMATS = ("html", "markdown")


@dataclass(eq=False, slots=True)
class Inline:
    """An inline element of a block (``<a>``, ``<strong>``, ``**…**``) or an *atom* (an image, a line
    break, inline code, a comment: kept as it is, at a place between words).

    ``start``/``end`` are offsets into the extracted text: an element's text is ``text[start:end]``; an
    atom (or an element without text) sits at ``start == end``. ``handle`` says where it is in the
    source: the lxml element, or for Markdown ``("md", open_span, close_span)`` / ``("md", span)``.
    ``space_before``/``space_after``: whether whitespace separated an atom from the words around it.
    ``line_break``: a Markdown line break (its source holds the line feed and the next line's
    container prefix), which must stay between two words.
    """

    start: int = -1
    end: int = -1
    atom: bool = False
    line_break: bool = False
    space_before: bool = True
    space_after: bool = True
    children: list[Inline] = field(default_factory=list)
    handle: Any = None
    #: For atoms: what the source holds inside them that is a block of its own (a Markdown image's alt).
    inner: list[Block] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Block:
    """A block of the extracted text, ``text[start:end]``, and where its inline content is in the
    source (``handle``): HTML ``("text", element)`` (the element's own text and inline children),
    ``("tail", element)`` (the text after a block-level ``element``, up to the next block), ``("attr",
    element, name)``; Markdown ``("md", start, end)``, the span of the source its inline content takes."""

    start: int
    end: int
    children: list[Inline]
    handle: Any


@dataclass(eq=False, slots=True)
class Extracted:
    """What :func:`extract` found: the text (cleaned as every article is, see
    :func:`~translate.text.clean.clean_text`; ``cleaned`` characters replaced), its blocks, and the
    parsed source (the lxml root for HTML, the source string for Markdown)."""

    format: str
    text: str
    blocks: list[Block]
    cleaned: int
    tree: Any
    source: str


def extract(source: str, fmt: str) -> Extracted:
    """The translatable text of ``source`` (``fmt``: ``html`` or ``markdown``) and its map."""
    if fmt == "html":
        return extract_html(source)
    if fmt == "markdown":
        return extract_markdown(source)
    raise ValueError(f"no markup extraction for format {fmt!r}")


# ---------------------------------------------------------------------------------------------------
# The text and its blocks, built a character at a time


class _Builder:
    """Collects the text of blocks, whitespace collapsed, with the inline nodes over it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.blocks: list[Block] = []
        self.block: Block | None = None
        self.stack: list[Inline] = []
        self.pending = ""  # whitespace seen since the last character: "", " " or "\n"
        self.waiting: list[Inline] = []  # atoms that do not know yet whether a space follows them
        self.unplaced: list[Inline] = []  # nodes seen before the block's first character
        self.deferred: list[Callable[[], None]] = []

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def open_block(self, handle: Any) -> None:
        self.close_block()
        self.block = Block(-1, -1, [], handle)
        self.stack, self.pending, self.waiting, self.unplaced = [], "", [], []

    def close_block(self) -> None:
        block, self.block = self.block, None
        if block is not None:
            for atom in self.waiting:
                atom.space_after = False
            self.waiting = []
            if block.start >= 0:
                block.end = self.n
                self.blocks.append(block)
        jobs, self.deferred = self.deferred, []
        for job in jobs:  # each makes a block (and runs what it defers when that block ends)
            job()

    def defer(self, job: Callable[[], None]) -> None:
        """Run ``job`` (which makes a block of its own) when the current block ends."""
        if self.block is None:
            job()
        else:
            self.deferred.append(job)

    def text(self, s: str | None) -> None:
        if not s or self.block is None:
            return
        for ch in s:
            if ch.isspace():
                for atom in self.waiting:
                    atom.space_after = True
                self.waiting = []
                if not self.pending:
                    self.pending = " "
            else:
                self._char(ch)

    def _char(self, ch: str) -> None:
        block = self.block
        assert block is not None
        for atom in self.waiting:
            atom.space_after = False
        self.waiting = []
        if block.start < 0:
            if self.n:
                self._emit("\n\n")
            block.start = self.n
            for node in self.unplaced:
                node.start = node.end = self.n
            self.unplaced = []
        elif self.pending:
            self._emit(self.pending)
        self.pending = ""
        for node in self.stack:
            if node.start < 0:
                node.start = self.n
        self._emit(ch)

    def _siblings(self) -> list[Inline]:
        assert self.block is not None
        return self.stack[-1].children if self.stack else self.block.children

    def open_element(self, handle: Any) -> Inline:
        node = Inline(handle=handle)
        self._siblings().append(node)
        self.stack.append(node)
        return node

    def close_element(self, node: Inline) -> None:
        popped = self.stack.pop()
        assert popped is node
        if node.start >= 0:
            node.end = self.n
        else:
            self._place(node)

    def _place(self, node: Inline) -> None:
        assert self.block is not None
        if self.block.start >= 0:
            node.start = node.end = self.n
        else:
            self.unplaced.append(node)

    def atom(self, handle: Any, *, separates: bool = True, line_break: bool = False) -> Inline | None:
        """An atom at the current place; ``separates``: the words on either side stay two words even
        where no space separates them from it (an image, inline code — not a comment or ``<wbr>``)."""
        if self.block is None:
            return None
        node = Inline(atom=True, line_break=line_break, handle=handle, space_before=bool(self.pending))
        self._siblings().append(node)
        self._place(node)
        if line_break:
            node.space_before = node.space_after = False
        else:
            self.waiting.append(node)
        if separates and not self.pending:
            self.pending = " "
        return node

    def line_feed(self) -> None:
        """A line break inside the block: the words after it start a line of the text."""
        if self.block is not None:
            self.pending = "\n"

    def result(self) -> tuple[str, list[Block]]:
        self.close_block()
        return "".join(self.parts), self.blocks


def _finish(fmt: str, builder: _Builder, tree: Any, source: str) -> Extracted:
    text, blocks = builder.result()
    # Entities may spell characters no output may carry (&#x2028;): replaced as in any article, one
    # for one, so the blocks' offsets hold.
    text, cleaned = clean_text(text, keep_length=True)
    return Extracted(fmt, text, blocks, cleaned, tree, source)


# ---------------------------------------------------------------------------------------------------
# HTML

#: Elements that flow inside a line of text, whose text is translated with the sentence around them.
INLINE_TAGS = frozenset(
    "a abbr acronym b bdi bdo big cite data del dfn em font i ins label mark nobr q rb rp rt rtc ruby s "
    "small span strike strong sub sup time tt u var button output".split())
#: Elements whose content is never translated (kept byte for byte, as the page's author wrote it).
OPAQUE_TAGS = frozenset(
    "code kbd samp pre script style template textarea svg math iframe object canvas video audio "
    "noscript select".split())
#: Void elements that sit in a line (``<hr>`` is a block boundary).
_VOID_INLINE = frozenset("area br embed img input param source track wbr meta link base col".split())
#: Block-level opaque elements: a boundary between blocks, their content untouched.
_OPAQUE_BLOCKS = frozenset({"pre", "textarea"})
#: Atoms that do not separate the words around them.
_JOINING = frozenset({"wbr", "script", "style", "template", "meta", "link", "base"})
#: Attributes a reader sees (a tooltip, an image's alternative text, a screen reader's label, a
#: field's hint; and an ``<input>`` button's ``value``): translated, each as a block of its own.
ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _untranslatable(el: Any) -> bool:
    if (el.get("translate") or "").strip().lower() == "no":
        return True
    return "notranslate" in (el.get("class") or "").split()


def _is_block_tag(tag: str) -> bool:
    return tag not in INLINE_TAGS and tag not in _VOID_INLINE and (tag not in OPAQUE_TAGS or tag in _OPAQUE_BLOCKS)


class _HtmlWalker:
    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self.skip: Any = None
        self.blocky: dict[Any, bool] = {}
        self.in_body = False

    def _has_block(self, el: Any) -> bool:
        """Whether an inline element holds a block (``<a><div>…</div></a>``): then it is a block."""
        if el in self.blocky:
            return self.blocky[el]
        found = False
        for child in el:
            tag = _tag(child)
            if tag and (_is_block_tag(tag) or (tag in INLINE_TAGS and self._has_block(child))):
                found = True
                break
        self.blocky[el] = found
        return found

    def kind(self, el: Any) -> str:
        tag = _tag(el)
        if not tag:
            return "atom"  # a comment or processing instruction in the flow
        if el is self.skip:
            return "boundary"
        if tag in _VOID_INLINE:
            return "atom"
        if tag == "hr":
            return "boundary"
        if tag in OPAQUE_TAGS:
            return "boundary" if tag in _OPAQUE_BLOCKS else "atom"
        if _untranslatable(el):
            return "boundary" if _is_block_tag(tag) else "atom"
        if tag in INLINE_TAGS and not self._has_block(el):
            return "inline"
        return "block"

    def attributes(self, el: Any) -> None:
        if not self.in_body:
            return
        names = ATTRIBUTES
        if _tag(el) == "input" and (el.get("type") or "").lower() in ("submit", "button", "reset"):
            names += ("value",)  # a button's label
        for name in names:
            value = el.get(name)
            if value and value.strip():
                self.b.defer(lambda el=el, name=name, value=value: self._attribute(el, name, value))

    def _attribute(self, el: Any, name: str, value: str) -> None:
        self.b.open_block(("attr", el, name))
        self.b.text(value)
        self.b.close_block()

    def container(self, el: Any) -> None:
        was = self.in_body
        if _tag(el) in ("head", "body"):
            self.in_body = _tag(el) == "body"  # attributes of the page's head are no one's reading
        self.attributes(el)
        self.b.open_block(("text", el))
        self.b.text(el.text)
        for child in el:
            self.flow(child)
        self.b.close_block()
        self.in_body = was

    def flow(self, child: Any) -> None:
        kind = self.kind(child)
        if kind == "block":
            self.b.close_block()
            self.container(child)
            self.b.open_block(("tail", child))
        elif kind == "boundary":
            self.b.close_block()
            self.b.open_block(("tail", child))
        elif kind == "inline":
            self.attributes(child)
            node = self.b.open_element(child)
            self.b.text(child.text)
            for grandchild in child:
                self.flow(grandchild)
            self.b.close_element(node)
        else:
            tag = _tag(child)
            if tag == "img" or (tag in _VOID_INLINE and not _untranslatable(child)):
                self.attributes(child)
            self.b.atom(child, separates=bool(tag) and tag not in _JOINING)
            if tag == "br":
                self.b.line_feed()
        self.b.text(child.tail)


def parse_html(source: str) -> Any:
    """The lxml root of an HTML page. The decoded text is parsed as UTF-8, so a ``<meta charset>`` that
    names the file's encoding does not make lxml decode it a second time."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=False)
    try:
        return lxml.html.document_fromstring(source.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def main_content(root: Any) -> Any:
    """The page's main content: its first ``<article>``, else ``<main>``, else ``<body>``."""
    for tag in ("article", "main"):
        for el in root.iter(tag):
            return el
    body = root.find("body")
    return body if body is not None else root


def extract_html(source: str) -> Extracted:
    builder = _Builder()
    root = parse_html(source)
    if root is None:
        return _finish("html", builder, None, source)
    walker = _HtmlWalker(builder)
    main = main_content(root)
    walker.in_body = main is not root
    walker.container(main)
    if main is not root:
        walker.in_body = False
        walker.skip = main
        walker.container(root)
    return _finish("html", builder, root, source)


# ---------------------------------------------------------------------------------------------------
# Markdown

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FRONT_MATTER = re.compile(r"(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")


def _front_matter_end(source: str) -> int:
    """Where a YAML (``---``) or TOML (``+++``) front matter block at the very start ends (0: none).
    It is metadata, not article text: left out of the text and written back untouched."""
    m = _FRONT_MATTER.match(source)
    if not m:
        return 0
    closers = ("---", "...") if m.group(1) == "---" else ("+++",)
    pos = m.end()
    for line in _LINE_BREAK.finditer(source, pos):
        if source[pos:line.start()].rstrip() in closers:
            return line.end()
        pos = line.end()
    return len(source) if source[pos:].rstrip() in closers else 0


def _in_sequence(rule: Callable[[Any, bool], bool]) -> Callable[[Any, bool], bool]:
    """``rule`` (emphasis, strikethrough), whose tokens get their places: it pushes one token per
    marker without moving the parser's position between them."""
    def placed(state: Any, silent: bool) -> bool:
        first, at = len(state.tokens), state.pos
        ok = rule(state, silent)
        if ok and not silent:
            for token in state.tokens[first:]:
                if "chars" not in token.meta:
                    token.meta["at"] = at
                    at += len(token.content)
        return ok
    return placed


@functools.cache
def _placed_state() -> type:
    """markdown-it's inline parser state, taught to remember where every token came from:
    ``meta["chars"]`` (the source position of each character of a text token, kept beside the pending
    buffer) and ``meta["at"]`` (the position a token was pushed at)."""
    from markdown_it.rules_inline import StateInline

    # markdown-it-py 4 keeps the pending text behind a property; earlier versions in an attribute.
    base = StateInline.__dict__.get("pending")
    if isinstance(base, property):
        get_pending, set_pending = base.fget, base.fset
    else:
        def get_pending(state: Any) -> str:
            return state.__dict__.get("_placed_pending", "")  # type: ignore[no-any-return]

        def set_pending(state: Any, value: str) -> None:
            state.__dict__["_placed_pending"] = value

    class PlacedState(StateInline):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._chars: list[int] = []
            super().__init__(*args, **kwargs)

        def append_pending(self, text: str) -> None:
            self._chars.extend(range(self.pos, self.pos + len(text)))
            super().append_pending(text)

        @property  # type: ignore[override]
        def pending(self) -> str:
            return get_pending(self)  # type: ignore[no-any-return]

        @pending.setter
        def pending(self, value: str) -> None:
            chars = self.__dict__.get("_chars")
            if chars is not None:
                if len(value) < len(chars):
                    del chars[len(value):]  # the newline rule drops the spaces before a line break
                elif len(value) > len(chars):  # ``state.pending += …`` in rules written before append_pending
                    chars.extend(range(self.pos, self.pos + len(value) - len(chars)))
            set_pending(self, value)

        def pushPending(self) -> Any:
            chars, self._chars = self._chars, []
            token = super().pushPending()
            token.meta["chars"] = chars
            return token

        def push(self, ttype: str, tag: str, nesting: Any) -> Any:
            token = super().push(ttype, tag, nesting)
            token.meta.setdefault("at", self.pos)
            return token

    return PlacedState


@functools.cache
def _markdown() -> Any:
    """A CommonMark parser (with GFM tables and strikethrough) whose inline tokens know their source."""
    from markdown_it import MarkdownIt
    from markdown_it.parser_inline import ParserInline

    state_class = _placed_state()

    class PlacedInline(ParserInline):  # type: ignore[misc]
        def parse(self, src: str, md: Any, env: Any, tokens: list[Any]) -> list[Any]:
            state = state_class(src, md, env, tokens)
            self.tokenize(state)
            for rule in self.ruler2.getRules(""):
                rule(state)
            return state.tokens  # type: ignore[no-any-return]

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Text, escapes and entities stay separate tokens (each knows its source); fragments are not joined.
    md.core.ruler.disable("text_join")
    placed = PlacedInline()
    placed.ruler, placed.ruler2 = md.inline.ruler, md.inline.ruler2
    placed.ruler2.disable("fragments_join")
    for name in ("emphasis", "strikethrough"):
        rule = placed.ruler.__rules__[placed.ruler.__find__(name)]
        placed.ruler.at(name, _in_sequence(rule.fn))
    if hasattr(md.inline, "terminator_re"):
        placed.terminator_re = md.inline.terminator_re
    md.inline = placed
    return md


def _locate(text: str, line: str, cursor: int, last: bool) -> list[int] | None:
    """Where each character of ``text`` (a line of a token's content) is in ``line`` (its source line),
    from ``cursor`` on: the content is the line less its container prefix (``> ``, list indentation)
    or a table cell less its pipes (``\\|`` unescaped)."""
    if last and text:
        end = len(line.rstrip())
        if end - len(text) >= cursor and line[end - len(text):end] == text:
            return list(range(end - len(text), end))
    p = line.find(text, cursor)
    if p >= 0:
        return list(range(p, p + len(text)))
    out, j = [], cursor
    for ch in text:
        while j < len(line) and line[j] != ch and not (ch == " " and line[j] == "\t"):
            j += 1
        if j >= len(line):
            return None
        out.append(j)
        j += 1
    return out


def _content_map(content: str, first_line: int, lines: Sequence[str], starts: Sequence[int],
                 cursors: dict[int, int], cell: bool) -> list[int] | None:
    """The source offset of each character of an inline token's ``content`` (and of its end)."""
    cmap: list[int] = []
    parts = content.split("\n")
    for k, part in enumerate(parts):
        n = first_line + k
        if n >= len(lines):
            return None
        line = lines[n]
        positions = _locate(part, line, cursors.get(n, 0), not cell)
        if positions is None:
            return None
        cmap.extend(starts[n] + p for p in positions)
        if positions:
            cursors[n] = positions[-1] + 1
        if k < len(parts) - 1:
            cmap.append(starts[n] + len(line))  # the line break (CR LF, CR or LF in the source)
    cmap.append(cmap[-1] + 1 if cmap else starts[first_line])
    return cmap


def _spans(children: Sequence[Any], src: str) -> list[tuple[int, int]] | None:
    """The span of ``src`` each child token was parsed from (``None`` where the tokens do not cover it
    exactly: the block is then left out of the text, and its source left as it is). Text, escapes
    and entities own exactly their characters; markup tokens own everything up to the next token
    (a link's closing ``](url "title")``, the spaces before a hard line break)."""
    starts: list[tuple[int, int, bool]] = []
    for tok in children:
        meta = tok.meta
        if tok.type == "text":
            chars = meta.get("chars")
            if chars is None:  # an emphasis marker left as text
                at = meta.get("at")
                if at is None:
                    return None
                chars = range(at, at + len(tok.content))
            if not chars or src[chars[0]:chars[0] + len(chars)] != tok.content or chars[-1] - chars[0] + 1 != len(chars):
                return None
            starts.append((chars[0], chars[0] + len(chars), True))
        elif tok.type == "text_special":
            at = meta.get("at")
            if at is None or src[at:at + len(tok.markup)] != tok.markup:
                return None
            starts.append((at, at + len(tok.markup), True))
        else:
            at = meta.get("at")
            if at is None:
                return None
            if tok.type == "link_open" and tok.markup not in ("autolink", "linkify"):
                at -= 1  # pushed after its '['
            starts.append((at, -1, False))
    spans: list[tuple[int, int]] = []
    cursor = starts[0][0] if starts else 0
    for i, (s, e, exact) in enumerate(starts):
        if exact:
            if s != cursor:
                return None
            spans.append((s, e))
            cursor = e
        else:
            if s < cursor:
                return None
            following = starts[i + 1][0] if i + 1 < len(starts) else len(src)
            if following < s:
                return None
            spans.append((cursor, following))
            cursor = following
    return spans


class _MarkdownWalker:
    def __init__(self, builder: _Builder) -> None:
        self.b = builder

    def block(self, children: Sequence[Any], content: str, cmap: Sequence[int], base: int) -> None:
        """A block from inline ``children`` parsed from ``content`` (which starts at offset ``base`` of
        the token content that ``cmap`` maps to the source)."""
        # A strong emphasis is made of two marker tokens; the second is left as an empty text token.
        children = _group_autolinks([c for c in children if c.type != "text" or c.content])
        spans = _spans([c[0] for c in children], content)
        if spans is None or not spans:
            if children:
                logger.debug("markdown: a block whose tokens do not cover its source is left as it is")
            return

        def src(a: int, b: int) -> tuple[int, int]:
            return cmap[base + a], cmap[base + b]

        region = src(spans[0][0], spans[-1][1])
        self.b.open_block(("md",) + region)
        stack: list[tuple[Inline, Any]] = []
        for (tok, last), (a, b) in zip(children, spans):
            kind = tok.type
            if kind in ("text", "text_special"):
                self.b.text(tok.content)
            elif kind == "softbreak":
                self.b.atom(("md", src(a, b)), separates=False, line_break=True)
                self.b.text(" ")
            elif kind == "hardbreak":
                self.b.atom(("md", src(a, b)), separates=False, line_break=True)
                self.b.line_feed()
            elif kind.endswith("_open") and tok.nesting == 1 and last is None:
                node = self.b.open_element(None)
                stack.append((node, src(a, b)))
            elif kind.endswith("_close") and tok.nesting == -1 and stack:
                node, opening = stack.pop()
                node.handle = ("md", opening, src(a, b))
                self.b.close_element(node)
            else:  # inline code, inline HTML, an image, an autolink
                atom = self.b.atom(("md", src(a, b)), separates=kind != "html_inline")
                if kind == "image" and atom is not None and tok.children:
                    alt_at = base + tok.meta["at"] + 2  # after "!["
                    self.b.defer(lambda tok=tok, atom=atom, alt_at=alt_at: self._alt(tok, atom, cmap, alt_at))
        while stack:  # unbalanced tokens cannot be: markdown-it closes what it opens
            node, opening = stack.pop()
            node.handle = ("md", opening, opening)
            self.b.close_element(node)
        self.b.close_block()

    def _alt(self, tok: Any, atom: Inline, cmap: Sequence[int], base: int) -> None:
        count = len(self.b.blocks)
        self.block(tok.children, tok.content, cmap, base)
        atom.inner.extend(self.b.blocks[count:])


def _group_autolinks(children: Sequence[Any]) -> list[tuple[Any, Any]]:
    """Children as ``(token, None)``, an autolink's ``link_open … link_close`` as one atom."""
    out: list[tuple[Any, Any]] = []
    i = 0
    while i < len(children):
        tok = children[i]
        if tok.type == "link_open" and tok.markup in ("autolink", "linkify"):
            j = i + 1
            while j < len(children) and children[j].type != "link_close":
                j += 1
            out.append((tok, children[j] if j < len(children) else tok))
            i = j + 1
            continue
        out.append((tok, None))
        i += 1
    return out


def extract_markdown(source: str) -> Extracted:
    builder = _Builder()
    skipped = _front_matter_end(source)
    parsed = re.sub(r"[^\r\n]", " ", source[:skipped]) + source[skipped:]
    lines, starts = [], []
    pos = 0
    for m in _LINE_BREAK.finditer(parsed):
        lines.append(parsed[pos:m.start()].replace("\0", "\ufffd"))
        starts.append(pos)
        pos = m.end()
    lines.append(parsed[pos:].replace("\0", "\ufffd"))
    starts.append(pos)
    walker = _MarkdownWalker(builder)
    cursors: dict[int, int] = {}
    tokens = _markdown().parse(parsed)
    cell = False
    for tok in tokens:
        if tok.type in ("th_open", "td_open"):
            cell = True
        elif tok.type in ("th_close", "td_close"):
            cell = False
        if tok.type != "inline" or not tok.map or not tok.content:
            continue
        cmap = _content_map(tok.content, tok.map[0], lines, starts, cursors, cell)
        if cmap is None:
            logger.debug("markdown: line %d: a block not found in its source is left as it is", tok.map[0] + 1)
            continue
        walker.block(tok.children or [], tok.content, cmap, 0)
    return _finish("markdown", builder, None, source)
