"""Sentence segmentation for Persian news text, with offsets into the original.

hazm's ``SentenceTokenizer`` splits after a run of ``. ! ? ؟`` followed by a space or line break; that
is the core rule here too, extended with what news text needs:

- terminal punctuation inside closing quotes and brackets (``.»``, ``؟»``, ``».``): hazm's rule needs a
  space right after the punctuation and so misses most sentence ends in quoted speech;
- headlines and subheads without punctuation on a line of their own;
- a sentence broken by a line break (a scraping artifact: ``… هزینه ها و`` / blank line / ``تأثیرات``)
  is joined back when the line ends with a word that cannot end a sentence;
- datelines (``تهران - ایرنا:``, ``پکن - ایرنا -``, ``واحد مرکزی خبر:``) are sentences of their own;
- no split inside decimals (``۲.۵``, ``2.5``, ``۲٫۵``), initials and abbreviations (``ه.ق.``, ``ج.ا.ا.``,
  ``آ.``, ``U.S.``, ``Dr.``), URLs and e-mail addresses; colons and semicolons never split.

Sentences cover every non-space character of the document exactly once, in order
(:func:`check_coverage`, run on every document).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from ..errors import PipelineError
from ..records import Document, Sentence
from .io import iter_lines

logger = logging.getLogger(__name__)

__all__ = ["check_coverage", "iter_sentences", "segment", "segment_text"]

TERMINAL = ".!?؟…⸮！？"
CLOSERS = "»\"'”’)]}›"
# A run of terminal punctuation, then any closing quotes/brackets (and terminal marks after them,
# as in «…».) and bidi marks, ending at whitespace or the end of the block. Also a closing guillemet
# directly followed by an opening one: two quotations in a row are two sentences.
_MARKS = "\u200c\u200e\u200f"
_CANDIDATE = re.compile(
    rf"(?:[{re.escape(TERMINAL)}]+(?:[{re.escape(CLOSERS)}]+[{re.escape(TERMINAL)}]*)*|»(?=\s+«))"
    rf"[{_MARKS}]*(?=\s|$)"
)
_ELLIPSIS = re.compile(r"^(?:…|\.{2,})+$")
# After a closing quote these words continue the sentence: «…؟» و سپس گفت.
_CONTINUES = frozenset("و که را".split())

# Words that cannot end a Persian sentence: a line that ends with one was broken mid-sentence.
_DANGLING = frozenset(
    "و که از به با در بر برای تا یا اما ولی را این آن های ها نیز چون زیرا اگر هم بین میان طی توسط"
    " ضمن درباره پس بی".split()
)
_DANGLING_PUNCT = "،,؛;-–—("

# Latin abbreviations that precede a name or a number and so never end a sentence.
_LATIN_ABBREVIATIONS = frozenset(
    "Dr Mr Mrs Ms Prof St Jr Sr Gen Col Lt Sgt Capt Cmdr Gov Sen Rep Mt Ft vs No Nos Vol Fig pp cf ca"
    " approx Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
_INITIALS = re.compile(r"^(?:\w\.)*\w$")
_NUMBER = re.compile(r"^[0-9۰-۹٠-٩]+$")

_AGENCIES = (
    "ایرنا|ایسنا|ایلنا|ایبنا|ایکنا|فارس|مهر|تسنیم|صدا و سیما|واحد مرکزی خبر|خبرگزاری [^\\s:.!؟]+"
    "|باشگاه خبرنگاران جوان|رویترز|آسوشیتدپرس|فرانس\u200cپرس|فرانس پرس|آناتولی|اسپوتنیک"
)
# «City - Agency:» or «City - Agency -» (up to three words each side), or «Agency:» alone, at the
# start of a sentence. The city part excludes sentence punctuation, so a colon in a normal sentence
# far from its start never matches.
_DATELINE = re.compile(
    rf"(?:[^\s:.!؟،«»\-–—0-9۰-۹]+(?: [^\s:.!؟،«»\-–—0-9۰-۹]+){{0,2}} ?[-–—] ?[^\s:.!؟،«»\-–—0-9۰-۹]+(?: [^\s:.!؟،«»\-–—0-9۰-۹]+){{0,3}}"
    rf" ?(?::|[-–—](?=\s))|(?:{_AGENCIES}) ?:)(?=\s)"
)


def _is_blank(ch: str) -> bool:
    """Whitespace, or an invisible format character (ZWNJ, bidi marks, BOM) that is no content."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _is_blank(text[start]):
        start += 1
    while end > start and _is_blank(text[end - 1]):
        end -= 1
    return start, end


def _last_word(text: str, start: int, end: int) -> str:
    """The last whitespace-separated token of ``text[start:end]``."""
    i = end
    while i > start and not text[i - 1].isspace():
        i -= 1
    return text[i:end]


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether the trimmed span ``text[start:end]`` ends with terminal punctuation."""
    i = end
    while i > start and text[i - 1] in CLOSERS:
        i -= 1
    return i > start and text[i - 1] in TERMINAL


def _dangles(text: str, start: int, end: int) -> bool:
    """Whether the trimmed line ``text[start:end]`` ends where no sentence can."""
    if text[end - 1] in _DANGLING_PUNCT:
        return True
    word = _last_word(text, start, end).replace("ي", "ی").replace("\u200c", "")
    return word in _DANGLING


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of text that may contain sentence boundaries only at punctuation.

    Every line is a block of its own (a headline, a subhead, a paragraph), except that a line which
    stops where no sentence can stop (``… و``, ``… ،``) continues into the next non-blank line, and
    the lines of a hard-wrapped paragraph (three or more lines of nearly equal width, most without
    final punctuation) are one block.
    """
    lines = [_trim(text, s, e) for s, e in iter_lines(text)]
    # Paragraphs: runs of non-blank lines. Decide for each whether its line breaks are hard wraps.
    wrapped: set[int] = set()
    i = 0
    while i < len(lines):
        if lines[i][0] == lines[i][1]:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j][0] < lines[j][1]:
            j += 1
        if j - i >= 3:
            open_lines = sum(not _ends_sentence(text, *lines[k]) for k in range(i, j - 1))
            # Fixed-width wrapping gives lines of nearly one length; a list of headlines or of
            # unpunctuated sentences (one a line) does not, and must stay one sentence a line.
            widths = [lines[k][1] - lines[k][0] for k in range(i, j - 1)]
            even = max(widths) >= 40 and min(widths) >= 0.7 * max(widths)
            if even and open_lines * 2 > (j - 1 - i):
                wrapped.update(range(i, j - 1))
        i = j
    block_start = block_end = -1
    for k, (s, e) in enumerate(lines):
        if s == e:
            continue
        if block_start < 0:
            block_start, block_end = s, e
        else:
            block_end = e
        if k in wrapped or (not _ends_sentence(text, s, e) and _dangles(text, s, e)):
            continue  # the next non-blank line continues this block
        yield block_start, block_end
        block_start = -1
    if block_start >= 0:
        yield block_start, block_end


def _next_word(text: str, pos: int, end: int) -> str:
    while pos < end and text[pos].isspace():
        pos += 1
    stop = pos
    while stop < end and not text[stop].isspace():
        stop += 1
    return text[pos:stop]


def _rejects(text: str, sent_start: int, m: re.Match[str], block_end: int) -> bool:
    """Whether the candidate boundary ``m`` is not a sentence end."""
    punct = m.group().rstrip(_MARKS)
    nxt = m.end()
    while nxt < block_end and text[nxt].isspace() and text[nxt] not in "\r\n":
        nxt += 1
    if nxt < block_end and text[nxt] in "\r\n":
        return False  # a line break after the mark: trust it
    if punct[-1] in CLOSERS:
        return _next_word(text, nxt, block_end) in _CONTINUES
    # A bare ellipsis inside a line trails off a list (… و رسالت و جام و…) and the sentence goes on.
    if _ELLIPSIS.match(punct):
        return True
    if punct != ".":
        return False
    token = _last_word(text, sent_start, m.start()).lstrip("«(\"'[“")
    if not token:
        return False
    # Initials and dotted abbreviations: آ. رحیمی, ه.ق., ج.ا.ا., U.S.
    if _INITIALS.match(token) and (len(token) == 1 or "." in token) and not token.isdigit():
        return True
    if token in _LATIN_ABBREVIATIONS:
        return True
    # «۱. » numbering at the start of a sentence.
    return bool(_NUMBER.match(token)) and _trim(text, sent_start, m.start())[0] == m.start() - len(token)


def _split_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    sent_start = start
    pos = start
    while True:
        s, _ = _trim(text, sent_start, end)
        if s >= end:
            return
        dateline = _DATELINE.match(text, s, end)
        if dateline and dateline.end() < end:
            yield s, dateline.end()
            sent_start = pos = dateline.end()
            continue
        for m in _CANDIDATE.finditer(text, max(pos, s), end):
            if m.end() < end and not _rejects(text, s, m, end):
                yield s, m.end()
                sent_start = pos = m.end()
                break
        else:
            yield s, end
            return


def segment_text(text: str, doc_id: str = "doc", progress: Callable[[int], None] | None = None) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets index ``text``; ``progress`` is told the characters
    read as it goes (a large block at a time)."""
    sentences: list[Sentence] = []
    told = 0
    for block_start, block_end in _blocks(text):
        for s, e in _split_block(text, block_start, block_end):
            s, e = _trim(text, s, e)
            if s < e:
                sentences.append(Sentence(doc_id, len(sentences), s, e, text[s:e]))
            if progress and e - told >= _TELL_EVERY:
                progress(e - told)
                told = e
    check_coverage(text, sentences)
    if progress and len(text) > told:
        progress(len(text) - told)
    return sentences


#: Characters between two progress reports while a document is segmented.
_TELL_EVERY = 100_000


def segment(doc: Document, progress: Callable[[int], None] | None = None) -> list[Sentence]:
    """The sentences of a document (``progress``: see :func:`segment_text`)."""
    return segment_text(doc.text, doc.id, progress)


def iter_sentences(docs: Iterable[Document]) -> Iterator[Sentence]:
    """Stage: documents in, their sentences out, in order."""
    for doc in docs:
        yield from segment(doc)


def check_coverage(text: str, sentences: list[Sentence]) -> None:
    """Raise :class:`~translate.errors.PipelineError` unless the sentences cover every non-blank character of
    ``text`` exactly once, in order, and each sentence's text is its slice of ``text``."""
    pos = 0
    for sent in sentences:
        if sent.start < pos or sent.end <= sent.start or text[sent.start : sent.end] != sent.text:
            raise PipelineError(f"segmentation bug (please report it with the input): sentence {sent.id} [{sent.start}:{sent.end}] overlaps or is not a slice")
        gap = text[pos : sent.start]
        if not all(_is_blank(ch) for ch in gap):
            raise PipelineError(f"segmentation bug (please report it with the input): text before sentence {sent.id} at {pos}:{sent.start} is not covered")
        pos = sent.end
    if not all(_is_blank(ch) for ch in text[pos:]):
        raise PipelineError(f"segmentation bug (please report it with the input): text after the last sentence, from {pos}, is not covered")
