"""Translated articles: every document of a run written again in its own format, in English.

``OUTDIR/articles/<document id><its suffix>`` (``news/sub/a.html`` read from the folder ``news`` is
``articles/sub/a.html``), rebuilt from the source the run store keeps and the pairs in order, so review
edits and approvals are in it. Each sentence shows exactly the English of the parallel files (the
``.en`` line: the glossary's terms as enforced, a person's edit, a rejected pair's English — no review
state changes the words).

- Text: every sentence's span is replaced by its English; whatever lies between sentences (line breaks,
  blank lines, indentation) is kept, so the headline, the paragraphs and list-like lines stay where
  they were. A list marker (``-``, ``•``, ``۱.``, ``۲-``) the English lost is put back (digits as
  ASCII).
- Markdown (:mod:`translate.text.markup`): only the text of each block is replaced, so the block
  structure (headings, lists, quotes, tables, code, HTML blocks, front matter) and every URL and piece
  of code stays byte for byte; the English is escaped so it never becomes Markdown syntax.
- HTML: the page's element tree and attributes are kept; ``<html lang="en" dir="ltr">``, and every
  ``lang="fa…"``/``dir="rtl"`` inside becomes ``en``/``ltr``; every visible text node, ``<title>`` and
  the ``title``/``alt``/``aria-label``/``placeholder`` attributes are translated; ``<script>``,
  ``<style>``, ``<code>``, ``<pre>`` (and stylesheets, right-to-left rules included) are left as they
  are. lxml serializes and escapes.

Inline markup inside a sentence (a link, ``<strong>``, ``*em*``, an image, inline code, a line break)
is placed on the English words the run's word alignment links to the Persian words it covered
(``SentencePair.alignment``: Pharaoh links over whitespace tokens). An element takes the span from the
first to the last English word linked to its words, clipped so elements stay nested and in their
order (the page's tag sequence never changes); an atom goes after the English of the Persian word before
it. Where the links say nothing — a pair a person edited, a term the glossary repaired after
decoding (both have no links), or words the model linked to nothing — the place is *proportional*: the
element covers the same share of the English as its words of the Persian. A sentence that spans two
blocks (the segmenter joins a line that cannot end a sentence to the next) is split between them where
the links agree best, in order.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..align.words import token_spans
from ..errors import InputError, OutputError
from ..records import SentencePair
from ..text.clean import clean_text
from ..text.markup import OPAQUE_TAGS, Block, Extracted, Inline, extract
from .atomic import AtomicFile, remove_stale
from .base import DocumentInfo, RunInfo
from .safe import line

logger = logging.getLogger(__name__)

#: The folder of the articles, inside the output folder.
FOLDER = "articles"

_SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html"}

#: What a word linked only to Persian words outside an element costs inside it, beyond its links: an
#: element takes words on the evidence of its own links. Attention links are noisy (a name is linked
#: to its English and to a "the" or "and" nearby): on the evaluation model's verses this puts the markup
#: exactly on the name half the time instead of a third (bench/article_markup.py, docs/articles.md).
ELEMENT_EVIDENCE = 2.0


# ---------------------------------------------------------------------------------------------------
# Sentences: source tokens, English words, links


@dataclass(eq=False, slots=True)
class _Sentence:
    pair: SentencePair
    spans: list[tuple[int, int]]  # its source tokens, as offsets of the document's text
    words: list[str]  # its English, split on whitespace
    linked: dict[int, list[int]] | None = None

    @property
    def links(self) -> dict[int, list[int]]:
        """Source token → English words, read from the alignment when first asked for (a text article
        asks only for a sentence that spans paragraphs)."""
        if self.linked is None:
            self.linked = _links(self.pair.alignment, len(self.spans), len(self.words))
        return self.linked


def _links(alignment: str, sources: int, targets: int) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for link in alignment.split():
        s, _, t = link.partition("-")
        if s.isdigit() and t.isdigit() and int(s) < sources and int(t) < targets:
            out.setdefault(int(s), []).append(int(t))
    return out


def _sentence(text: str, p: SentencePair, end: int) -> _Sentence:
    """``p``'s sentence with its source tokens and English words, checked to be at its offsets of
    ``text``, after ``end`` (where the sentence before it ended)."""
    s = p.source
    if s.start < end or s.end > len(text) or text[s.start:s.end] != s.text:
        raise OutputError(f"sentence {s.id} is not at {s.start}:{s.end} of the document as the store keeps it")
    spans = [(s.start + a, s.start + b) for a, b in token_spans(s.text)]
    return _Sentence(p, spans, line(p.target).split())


def _sentences(text: str, pairs: Iterable[SentencePair]) -> Iterator[_Sentence]:
    """Each pair's sentence (see :func:`_sentence`), in order."""
    end = 0
    for p in pairs:
        sent = _sentence(text, p, end)
        end = p.source.end
        yield sent


def _partition(sent: _Sentence, groups: Sequence[int], count: int) -> list[int]:
    """The group of each English word, in order (never decreasing): source token ``k`` is in group
    ``groups[k]``; each word goes where its links point, ties and unlinked words by proportion, and
    every group gets a word where there are enough words."""
    n, m = len(sent.words), len(groups)
    if count <= 1 or not n:
        return [0] * n
    proportional = [groups[min(m - 1, i * m // n)] for i in range(n)]
    if n < count:
        return proportional
    votes: list[dict[int, int]] = [{} for _ in range(n)]
    for k, targets in sent.links.items():
        for t in targets:
            votes[t][groups[k]] = votes[t].get(groups[k], 0) + 1
    # Fewest links against the split; a small pull toward the proportional split settles the rest.
    eps = 1.0 / (n * count + 1)
    return _monotone([[sum(v.values()) - v.get(g, 0) + eps * abs(g - proportional[t]) for g in range(count)]
                      for t, v in enumerate(votes)], [False] * count)


# ---------------------------------------------------------------------------------------------------
# Placing inline markup on the English words of a block


@dataclass(eq=False, slots=True)
class _Share:
    """A sentence's share of a block: its source tokens in the block and its English words there
    (``words[first:last]`` of the sentence, at ``offset`` of the block's words)."""

    sent: _Sentence
    tokens: list[int]
    first: int
    last: int
    offset: int = 0

    @property
    def size(self) -> int:
        return self.last - self.first

    def linked(self, k: int) -> list[int]:
        return [self.offset + t - self.first for t in self.sent.links.get(k, ()) if self.first <= t < self.last]


@dataclass(eq=False, slots=True)
class _Token:
    """A source token of a block: its offsets in the text, the block words linked to it, its share."""

    start: int
    end: int
    linked: list[int]
    share: _Share


@dataclass(slots=True)
class _Layout:
    words: list[str]
    shares: list[_Share]
    place: dict[int, tuple[int, int]] = field(default_factory=dict)
    dropped: set[int] = field(default_factory=set)


def _monotone(costs: Sequence[Sequence[float]], skippable: Sequence[bool]) -> list[int]:
    """A group for each word (``costs[w][g]``: of putting word ``w`` in group ``g``), never decreasing,
    passing over only ``skippable`` groups, at the least cost."""
    n, count = len(costs), len(costs[0])
    inf = float("inf")
    best = [[inf] * count for _ in range(n)]
    back = [[0] * count for _ in range(n)]
    for g in range(count):
        best[0][g] = costs[0][g]
        if not skippable[g]:
            break
    for w in range(1, n):
        for g in range(count):
            value, came = best[w - 1][g], g
            g2 = g - 1
            while g2 >= 0:  # from g2 to g, passing over the groups between
                if best[w - 1][g2] < value:
                    value, came = best[w - 1][g2], g2
                if not skippable[g2]:
                    break
                g2 -= 1
            if value < inf:
                best[w][g] = value + costs[w][g]
                back[w][g] = came
    last = count - 1
    while last > 0 and skippable[last]:
        last -= 1
    end = min(range(last, count), key=lambda g: best[n - 1][g])
    out = [end] * n
    for w in range(n - 1, 0, -1):
        out[w - 1] = back[w][out[w]]
    return out


def _point(x: int, shares: Sequence[_Share], total: int) -> int:
    """Where an atom at offset ``x`` of the text goes among the block's words: after the English of
    the Persian word before it (by proportion where that word has no links)."""
    at = 0
    for share in shares:
        spans = [share.sent.spans[k] for k in share.tokens]
        if not spans:
            continue
        if x <= spans[0][0]:
            return share.offset
        if x >= spans[-1][1]:
            at = share.offset + share.size
            continue
        before = bisect_right([s for s, _ in spans], x - 1) - 1  # the token that starts before x
        hits = share.linked(share.tokens[before])
        if hits:
            return max(hits) + 1
        return share.offset + -(-(before + 1) * share.size // len(spans))
    return min(at, total)


def _text_nodes(nodes: Sequence[Inline]) -> list[Inline]:
    return [node for node in nodes if not node.atom and node.end > node.start]


def _costs(spans: Sequence[Inline], lo: int, hi: int, scope: Sequence[_Token], layout: _Layout) -> list[list[float]]:
    """What putting each word of ``[lo, hi)`` in each group costs: the links it has to other groups;
    inside an element it has no link to, :data:`ELEMENT_EVIDENCE` more; a little for the distance from
    its proportional group (the token at the same share of its sentence), which settles ties and places
    the words of a sentence without links (a person's edit) by proportion alone."""
    count, n = 2 * len(spans) + 1, hi - lo

    def group(token: _Token) -> int:
        for i, node in enumerate(spans):
            if token.start < node.end and token.end > node.start:
                return 2 * i + 1
        return 2 * sum(node.end <= token.start for node in spans)

    groups = {id(t): group(t) for t in scope}
    votes: list[dict[int, int]] = [{} for _ in range(n)]
    for token in scope:
        g = groups[id(token)]
        for w in token.linked:
            if lo <= w < hi:
                votes[w - lo][g] = votes[w - lo].get(g, 0) + 1
    by_start = {(id(t.share), t.start): t for t in scope}
    eps = 1.0 / (n * count + 1)
    costs = []
    for w in range(lo, hi):
        share = next((s for s in layout.shares if s.offset <= w < s.offset + s.size), None)
        token = None
        if share is not None and share.tokens:
            k = share.tokens[(w - share.offset) * len(share.tokens) // share.size]
            token = by_start.get((id(share), share.sent.spans[k][0]))
        if token is None and scope:
            token = scope[(w - lo) * len(scope) // n]
        prior = groups[id(token)] if token is not None else 0
        linked = share is not None and bool(share.sent.links)
        v, total = votes[w - lo], sum(votes[w - lo].values())
        costs.append([total - v.get(g, 0) + (ELEMENT_EVIDENCE if g % 2 and linked and not v.get(g) else 0)
                      + eps * abs(g - prior) for g in range(count)])
    return costs


def _fit(nodes: Sequence[Inline], lo: int, hi: int, scope: Sequence[_Token], layout: _Layout) -> None:
    """Give every node a span of the block's words inside ``[lo, hi)``, in order and nested.

    The words are split, in order, into groups: outside the elements, the first element with text,
    outside again, the second …; each word goes to the group its links vote for (see :func:`_costs`);
    an element gets a word at least where there are enough. Atoms and elements without text go after
    the English of the Persian word before them, between their neighbours."""
    spans = _text_nodes(nodes)
    if spans and hi > lo:
        strict = hi - lo >= len(spans)
        assigned = _monotone(_costs(spans, lo, hi, scope, layout),
                             [g % 2 == 0 or not strict for g in range(2 * len(spans) + 1)])
        for i, node in enumerate(spans):
            mine = [lo + w for w, g in enumerate(assigned) if g == 2 * i + 1]
            p = lo + sum(g < 2 * i + 1 for g in assigned)
            layout.place[id(node)] = (mine[0], mine[-1] + 1) if mine else (p, p)
    else:
        for node in spans:
            layout.place[id(node)] = (lo, hi)
    cursor = lo
    for j, node in enumerate(nodes):
        if not node.atom and node.end > node.start:
            a, b = layout.place[id(node)]
            _fit(node.children, a, b, [t for t in scope if t.start < node.end and t.end > node.start], layout)
            cursor = b
            continue
        following = next((layout.place[id(x)][0] for x in _text_nodes(nodes[j + 1:])), hi)
        p = min(max(_point(node.start, layout.shares, len(layout.words)), cursor), following)
        layout.place[id(node)] = (p, p)
        if not node.atom:
            _fit(node.children, p, p, [], layout)
        cursor = p


def _line_breaks(nodes: Sequence[Inline], out: list[Inline]) -> None:
    for node in nodes:
        if node.atom and node.line_break:
            out.append(node)
        _line_breaks(node.children, out)


def _layout(block: Block, shares: list[_Share]) -> _Layout:
    words: list[str] = []
    for share in shares:
        share.offset = len(words)
        words.extend(share.sent.words[share.first:share.last])
    tokens = [_Token(*share.sent.spans[k], share.linked(k), share) for share in shares for k in share.tokens]
    layout = _Layout(words, shares)
    _fit(block.children, 0, len(words), tokens, layout)
    # A Markdown line break stays strictly between words, one per place: at an edge or doubled it would
    # end the paragraph (or make an empty line). Dropped, it is a space.
    breaks: list[Inline] = []
    _line_breaks(block.children, breaks)
    last = 0
    for node in breaks:
        p = layout.place[id(node)][0]
        if p <= last or p >= len(words):
            layout.dropped.add(id(node))
        else:
            last = p
    return layout


Event = tuple[str, Any]


def _events(nodes: Sequence[Inline], lo: int, hi: int, layout: _Layout, out: list[Event],
            omit: Callable[[Inline], bool]) -> None:
    pos = lo
    for node in nodes:
        a, b = layout.place[id(node)]
        out.extend(("word", w) for w in layout.words[pos:a])
        pos = a
        if node.atom:
            if id(node) not in layout.dropped:
                out.append(("atom", node))
            continue
        if a == b and omit(node):
            continue
        out.append(("open", node))
        _events(node.children, a, b, layout, out, omit)
        out.append(("close", node))
        pos = b
    out.extend(("word", w) for w in layout.words[pos:hi])


def _spaced(before: Event, after: Event) -> bool:
    if before[0] == "word":
        return after[0] == "word" or after[1].space_before
    return bool(before[1].space_after)


def _with_spaces(events: list[Event]) -> list[Event]:
    """A space between two visible things (words, atoms) that had one, after the elements that close
    between them and before those that open."""
    out: list[Event] = []
    last: Event | None = None
    at: int | None = None
    for ev in events:
        if ev[0] == "close":
            out.append(ev)
            continue
        if at is None:
            at = len(out)
        if ev[0] == "open":
            out.append(ev)
            continue
        if last is not None and _spaced(last, ev):
            out.insert(at, ("space", None))
        out.append(ev)
        last, at = ev, None
    return out


def _block_events(extracted: Extracted, sentences: Sequence[_Sentence],
                  omit: Callable[[Inline], bool]) -> dict[int, list[Event]]:
    """For every block some sentence falls in, what it becomes: words, spaces and its inline nodes."""
    blocks = extracted.blocks
    starts = [b.start for b in blocks]
    shares: dict[int, list[_Share]] = {}
    for sent in sentences:
        if not sent.spans:
            continue
        where = [bisect_right(starts, s) - 1 for s, _ in sent.spans]
        touched = sorted(set(where))
        group = [touched.index(b) for b in where]
        of_word = _partition(sent, group, len(touched))
        for g, b in enumerate(touched):
            tokens = [k for k, x in enumerate(group) if x == g]
            ws = [t for t, x in enumerate(of_word) if x == g]
            first, last = (ws[0], ws[-1] + 1) if ws else (0, 0)
            shares.setdefault(b, []).append(_Share(sent, tokens, first, last))
    out = {}
    for b, block_shares in shares.items():
        layout = _layout(blocks[b], block_shares)
        events: list[Event] = []
        _events(blocks[b].children, 0, len(layout.words), layout, events, omit)
        out[b] = _with_spaces(events)
    return out


# ---------------------------------------------------------------------------------------------------
# HTML


def _set(el: Any, where: str, value: str | None) -> None:
    if where == "text":
        el.text = value or None
    else:
        el.tail = value or None


def _write_html_block(block: Block, events: list[Event]) -> None:
    kind, el = block.handle[0], block.handle[1]
    if kind == "attr":
        el.set(block.handle[2], "".join(" " if e[0] == "space" else e[1] for e in events if e[0] in ("word", "space")))
        return
    first = (el.text if kind == "text" else el.tail) or ""
    last_slot = block.children[-1].handle.tail if block.children else first
    lead = first[:len(first) - len(first.lstrip())]
    trail = (last_slot or "")[len((last_slot or "").rstrip()):]
    slot, buffer = (el, kind), [lead]
    for ev, node in events:
        if ev == "word":
            buffer.append(node)
        elif ev == "space":
            buffer.append(" ")
        else:
            _set(*slot, "".join(buffer))
            slot, buffer = ((node.handle, "text") if ev == "open" else (node.handle, "tail")), []
    buffer.append(trail)
    _set(*slot, "".join(buffer))


_CHARSET = re.compile(r"(charset\s*=\s*)[\w.:-]+", re.IGNORECASE)


def _english_page(root: Any) -> None:
    """``<html lang="en" dir="ltr">``; Persian ``lang`` and right-to-left ``dir`` inside become English
    and left-to-right (except in code and other untouched elements); a declared encoding says UTF-8."""
    root.set("lang", "en")
    root.set("dir", "ltr")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if any(isinstance(a.tag, str) and a.tag.lower() in OPAQUE_TAGS for a in el.iterancestors()):
            continue
        if (el.get("lang") or "").lower().startswith("fa"):
            el.set("lang", "en")
        if (el.get("dir") or "").lower() == "rtl":
            el.set("dir", "ltr")
        if el.tag.lower() == "meta":
            if el.get("charset") and el.get("charset", "").lower() not in ("utf-8", "utf8"):
                el.set("charset", "utf-8")
            content = el.get("content")
            if content and (el.get("http-equiv") or "").lower() == "content-type":
                el.set("content", _CHARSET.sub(r"\1utf-8", content))


def _render_html(extracted: Extracted, sentences: Sequence[_Sentence]) -> str:
    from lxml import etree

    root = extracted.tree
    if root is None:
        raise OutputError("the HTML page cannot be parsed")
    for b, events in _block_events(extracted, sentences, lambda node: False).items():
        _write_html_block(extracted.blocks[b], events)
    _english_page(root)
    tree = root.getroottree()
    out: str = etree.tostring(tree, method="html", encoding="unicode")
    doctype = tree.docinfo.doctype
    # libxml2 gives a page without a doctype the HTML 4.0 one; the article keeps the page's choice.
    if doctype and not re.search(r"<!doctype", extracted.source[:4096], re.IGNORECASE):
        out = out.removeprefix(doctype).lstrip("\n")
    return out if out.endswith("\n") else out + "\n"


# ---------------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_NUMBERED = re.compile(r"(\d+)([.)])")


def _escape_md(word: str, line_start: bool) -> str:
    """``word`` as Markdown text that shows it as it is: never emphasis, a link, code, HTML, an entity, a
    table's pipe, or (at the start of a line) a heading, quote, list item or rule."""
    word = _MD_ENTITY.sub("\\\\&", _MD_SPECIAL.sub(r"\\\1", word))
    if line_start:
        if word[:1] in ("-", "+", "="):
            word = "\\" + word
        elif m := _MD_NUMBERED.match(word):
            word = m.group(1) + "\\" + word[m.end(1):]
    return word


def _splice(source: str, start: int, end: int, rendered: Sequence[tuple[int, int, str]]) -> str:
    """``source[start:end]`` with the rendered regions inside it put in (the outermost of nested ones)."""
    out, pos = [], start
    for a, b, text in rendered:
        if a < pos or b > end:
            continue
        out.append(source[pos:a])
        out.append(text)
        pos = b
    out.append(source[pos:end])
    return "".join(out)


def _render_markdown(extracted: Extracted, sentences: Sequence[_Sentence]) -> str:
    source = extracted.source

    def omit(node: Inline) -> bool:
        # Emphasis without words is not written (``****`` is no emphasis; alone on a line it is a rule);
        # a link without words stays a link: ``[](url)``.
        opening = node.handle[1]
        return not source[opening[0]:opening[1]].startswith("[")

    per_block = _block_events(extracted, sentences, omit)
    rendered: list[tuple[int, int, str]] = []
    # Later blocks first: an image's alt text is a block after the one that holds the image.
    for b in sorted(per_block, reverse=True):
        block = extracted.blocks[b]
        ordered = sorted(rendered)
        out, line_start = [], True
        for ev, node in per_block[b]:
            if ev == "word":
                out.append(_escape_md(node, line_start))
                line_start = False
            elif ev == "space":
                out.append(" ")
            elif ev in ("open", "close"):
                a, z = node.handle[1] if ev == "open" else node.handle[2]
                out.append(source[a:z])
            else:
                a, z = node.handle[1]
                out.append(_splice(source, a, z, ordered))
                line_start = node.line_break
        rendered.append((block.handle[1], block.handle[2], "".join(out)))
    outermost: list[tuple[int, int, str]] = []
    for a, b, text in sorted(rendered, key=lambda r: (r[0], -r[1])):
        if outermost and a < outermost[-1][1]:
            continue  # inside a block rendered whole (an alt text in its paragraph)
        outermost.append((a, b, text))
    return _splice(source, 0, len(source), outermost)


# ---------------------------------------------------------------------------------------------------
# Text

_PARAGRAPH_GAP = re.compile(r"[^\S\r\n]*(?:\r\n|\r|\n)(?:[^\S\r\n]*(?:\r\n|\r|\n))+[^\S\r\n]*")
_LIST_MARKER = re.compile(r"(?:[-*•▪◦–—+·]|[0-9۰-۹٠-٩]+[.)\-–]|\([0-9۰-۹٠-٩]+\))(?=\s)")
_ENGLISH_MARKER = re.compile(r"(?:[-*•▪◦–—+·]|\(?\d)")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


class TextArticle:
    """A text article written as its pairs come, in pieces: what lies before each sentence as it is,
    then the sentence's English (:meth:`add`), then what follows the last one (:meth:`end`). The
    pieces joined are :func:`render_article`'s text article; a document of 40,000 sentences is never
    held whole, nor its pairs."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.text = clean_text(source, keep_length=True)[0]  # what the sentences' offsets index
        self.pos = 0

    def add(self, pair: SentencePair) -> str:
        """What comes before ``pair``'s sentence and its English (an :class:`OutputError` when the
        sentence is not at its offsets, after the one before it)."""
        sent = _sentence(self.text, pair, self.pos)
        s = pair.source
        out = [self.source[self.pos:s.start]]
        # A sentence the segmenter joined across a blank line (a scraped article's broken paragraph)
        # keeps the blank line: its English is split between the paragraphs where the links agree.
        gaps = list(_PARAGRAPH_GAP.finditer(s.text))
        pieces, cut = [], 0
        for g in gaps:
            pieces.append((cut, g.start()))
            cut = g.end()
        pieces.append((cut, len(s.text)))
        if len(pieces) > 1:
            starts = [s.start + a for a, _ in pieces]
            of_word = _partition(sent, [bisect_right(starts, a) - 1 for a, _ in sent.spans], len(pieces))
        else:
            of_word = [0] * len(sent.words)
        for g, (a, _) in enumerate(pieces):
            if g:
                out.append(gaps[g - 1].group())
            english = " ".join(w for w, x in zip(sent.words, of_word) if x == g)
            marker = _LIST_MARKER.match(s.text, a)
            if marker and english and not _ENGLISH_MARKER.match(english):
                english = marker.group().translate(_DIGITS) + " " + english
            out.append(english)
        self.pos = s.end
        # Nothing the page held besides its text (a control character) is written: cleaned piece by
        # piece, as the whole would be (the cleaning replaces single characters).
        return clean_text("".join(out))[0]

    def end(self) -> str:
        return clean_text(self.source[self.pos:])[0]


# ---------------------------------------------------------------------------------------------------
# The article, and the exporter


def render_article(source: str, fmt: str, pairs: Sequence[SentencePair]) -> str:
    """The article ``source`` (the document as written; ``fmt``: ``text``, ``markdown`` or ``html``)
    with each sentence of ``pairs`` (its sentences in order, offsets into the document's text) in
    English. An :class:`~translate.errors.OutputError` when the pairs are not sentences of it."""
    if fmt in ("html", "markdown"):
        extracted = extract(source, fmt)
        sentences = list(_sentences(extracted.text, pairs))
        article = _render_html(extracted, sentences) if fmt == "html" else _render_markdown(extracted, sentences)
    else:
        text = TextArticle(source)
        return "".join([*(text.add(p) for p in pairs), text.end()])
    # What the page held besides its text (a control character in a script, a line separator in a
    # code block) is no more written than anywhere else.
    return clean_text(article)[0]


def article_path(doc: DocumentInfo) -> PurePosixPath:
    """Where ``doc``'s article goes inside the articles folder: its id (its path relative to the input
    folder, without the suffix) with the input's suffix; the output name where the id is no path."""
    lower = doc.path.lower()
    suffix = next((doc.path[-len(x):] for x in (".txt", ".markdown", ".md", ".html", ".htm") if lower.endswith(x)),
                  _SUFFIX.get(doc.format, ".txt"))
    parts = doc.doc_id.split("/")
    if any(p in ("", ".", "..") for p in parts):
        parts = [doc.name]
    return PurePosixPath(*parts[:-1], parts[-1] + suffix)


class ArticleExporter:
    """Writes each document's article: a text article as its pairs come (:class:`TextArticle`), an HTML
    or Markdown one when its last pair is in (its sentences, their English and word links are held until
    then: inline markup is placed over a whole block)."""

    def __init__(self, info: RunInfo) -> None:
        self.info = info
        self.doc: DocumentInfo | None = None
        self.pairs: list[SentencePair] = []
        self.text: TextArticle | None = None
        self.file: AtomicFile | None = None
        self.swept: set[Path] = set()

    def start_document(self, doc: DocumentInfo) -> None:
        self.doc, self.pairs, self.text = doc, [], None
        if doc.format in ("html", "markdown"):
            return
        source = self._source(doc)
        if source is None:
            self._missing(doc)
            self.doc = None
            return
        self.text = TextArticle(source)
        self.file = self._open(doc)

    def pair(self, pair: SentencePair) -> None:
        if self.doc is None:
            return
        if self.text is not None and self.file is not None:
            try:
                self.file.write(self.text.add(pair))
            except OutputError as exc:
                self._failed(self.doc, exc)
            return
        # Only what an article is rebuilt from (the sentence, its English, the word links): a document of
        # 40,000 sentences held whole, scores and glossary reports included, took 300 MB more.
        self.pairs.append(SentencePair(pair.source, pair.target, alignment=pair.alignment))

    def end_document(self) -> None:
        doc, pairs, text = self.doc, self.pairs, self.text
        self.doc, self.pairs, self.text = None, [], None
        if doc is None:
            return
        if text is not None and self.file is not None:
            self.file.write(text.end())
        else:
            article = self._article(doc, pairs)
            if article is None:
                return
            self.file = self._open(doc)
            self.file.write(article)
        self.file.commit()
        self.file = None

    def _open(self, doc: DocumentInfo) -> AtomicFile:
        path = self.info.outdir / FOLDER / article_path(doc)
        if path.parent not in self.swept:
            # What a killed run left in the articles' folders (the run sweeps only the output folder); the
            # caller holds the output folder's lock, and only files of ended processes are removed.
            remove_stale(path.parent)
            self.swept.add(path.parent)
        return AtomicFile(path)

    def _failed(self, doc: DocumentInfo, exc: OutputError) -> None:
        """No article for ``doc`` (its pairs are not sentences of the document as stored): say so, write nothing."""
        logger.warning("%s: no translated article: %s; run the document again to get it", doc.doc_id, exc)
        if self.file is not None:
            self.file.abort()
            self.file = None
        self.doc = None

    def _source(self, doc: DocumentInfo) -> str | None:
        source = self.info.source(doc.doc_id) if self.info.source is not None else None
        if source is not None:
            return source
        # A store written before sources were kept: the file itself, if it still holds the sentences
        # the store has (render_article checks every one).
        from ..text.io import read_one

        if not doc.path or doc.path == "-" or not Path(doc.path).is_file():
            return None
        try:
            read = read_one(doc.path, doc.doc_id)
        except InputError:
            return None
        return read.markup if read.markup is not None else read.text

    def _missing(self, doc: DocumentInfo) -> None:
        logger.warning("%s: no translated article: the run store does not keep this document as written "
                       "(an earlier version wrote it) and %s cannot be read; run it again to get the article",
                       doc.doc_id, doc.path or "its file")

    def _article(self, doc: DocumentInfo, pairs: Sequence[SentencePair]) -> str | None:
        source = self._source(doc)
        if source is None:
            self._missing(doc)
            return None
        try:
            return render_article(source, doc.format, pairs)
        except OutputError as exc:
            self._failed(doc, exc)
            return None

    def commit(self) -> None:
        pass

    def abort(self) -> None:
        if self.file is not None:
            self.file.abort()
            self.file = None


def exporter(info: RunInfo) -> ArticleExporter:
    return ArticleExporter(info)
