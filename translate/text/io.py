"""Reading inputs: files, directories and stdin, in the encodings Persian text comes in; and
line-aligned text files (one sentence a line).

Persian text in the wild is UTF-8 (with or without a BOM), UTF-16 with a BOM (Windows "Unicode"), or
Windows-1256 (the Arabic code page, which has no Persian yeh/keheh: such files carry Arabic ``ي ك``,
which normalization later maps). Anything else is refused with a message that says what was found; a
bad file never stops the rest of a batch when the caller collects errors.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..records import Document
from .clean import clean_text

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

#: Encodings this reader accepts, by the names Python's codecs use.
ACCEPTED_ENCODINGS = ("utf-8", "utf-16", "cp1256")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\x0b\x0c\r") | {"\x7f"}


def _arabic_script_share(text: str) -> float:
    """Share of Arabic-script letters among the non-ASCII letters of ``text``."""
    arabic = other = 0
    for ch in text:
        if ord(ch) < 128 or not ch.isalpha():
            continue
        if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            arabic += 1
        else:
            other += 1
    return arabic / (arabic + other) if arabic + other else 0.0


def _too_many(controls: int, length: int) -> bool:
    """More control characters than a text file holds by accident (a stray NUL or ESC from a broken
    export is replaced when the document is read; hundreds are a binary file)."""
    return controls > max(2, length // 200)


def _check_text(text: str, source: str, encoding: str) -> None:
    controls = sum(1 for ch in text if ch in _CONTROL)
    if _too_many(controls, len(text)):
        raise InputError(
            source,
            f"looks like a binary file ({controls} control characters after decoding as {encoding}); "
            "pass text, Markdown or HTML",
        )
    if not any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc") for ch in text):
        raise InputError(source, "contains no text (only whitespace)")


def decode(data: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    With ``encoding`` given it is used as is (strictly). Otherwise: a BOM decides; else strict UTF-8;
    else Windows-1256 when charset-normalizer lists it as a candidate and the result is Arabic-script
    text. Everything else is an :class:`InputError` that says what was found.
    """
    if not data:
        raise InputError(source, "the file is empty")
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(source, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(
                source, f"cannot be decoded as {encoding} (byte {exc.start}: {exc.reason})"
            ) from None
        text = text.removeprefix("\ufeff")
        _check_text(text, source, encoding)
        return text, encoding
    for bom, codec in _BOMS:
        if data.startswith(bom):
            name = "utf-8" if codec == "utf-8-sig" else codec
            try:
                text = data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                raise InputError(
                    source, f"starts with a {name} byte-order mark but is not valid {name} "
                    f"(byte {exc.start}: {exc.reason})"
                ) from None
            _check_text(text, source, name)
            return text, name
    # UTF-16 without a byte-order mark has a NUL byte in every ASCII character (spaces, digits, line
    # breaks); a binary file has them everywhere. One or two are a stray NUL in a text file: cleaned.
    head = data[:8192]
    if _too_many(head.count(0), len(head)):
        raise InputError(
            source,
            "contains NUL bytes: a binary file, or UTF-16 without a byte-order mark "
            "(re-save it as UTF-8)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_text(text, source, "utf-8")
        return text, "utf-8"
    return _decode_legacy(data, source)


def _decode_legacy(data: bytes, source: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    candidates = [m.encoding for m in matches]
    if "cp1256" in candidates:
        try:
            text = data.decode("cp1256")
        except UnicodeDecodeError:  # pragma: no cover - cp1256 maps every byte charset-normalizer accepted
            text = ""
        if text and _arabic_script_share(text) >= 0.9:
            _check_text(text, source, "cp1256")
            logger.info("%s: decoded as Windows-1256", source)
            return text, "cp1256"
    best = matches.best()
    found = f"it looks like {best.encoding} ({best.language})" if best else "no text encoding fits it"
    raise InputError(
        source,
        f"is not UTF-8, UTF-16 or Windows-1256 Persian text: {found}. "
        "Re-save it as UTF-8, or pass --encoding NAME if you know its encoding",
    )


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page; block elements become paragraph breaks. (A flat reading, for
    callers that want the page's article only; a run reads HTML with :mod:`translate.text.markup`,
    which keeps the map back to the page.)

    Scripts, styles, navigation, headers, footers and forms are dropped; when the page has an
    ``<article>`` (or ``<main>``) only that is kept.
    """
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath(
        "//script|//style|//noscript|//template|//nav|//header|//footer|//aside|//form"
        "|//iframe|//svg|//button|//select|//comment()"
    ):
        bad.drop_tree()
    article = root.xpath("//article") or root.xpath("//main")
    body = article[0] if article else (root.find("body") if root.find("body") is not None else root)
    blocks: list[str] = []
    current: list[str] = []

    block_tags = {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
        "ol", "blockquote", "pre", "table", "tr", "td", "th", "dd", "dt", "dl", "figure",
        "figcaption", "address", "hr", "title",
    }

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            blocks.append(text)
        current.clear()

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        is_block = tag.lower() in block_tags
        if is_block:
            flush()
        if tag.lower() == "br":
            current.append("\n")
            flush()
        if el.text and tag:
            current.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if is_block:
            flush()

    walk(body)
    flush()
    return "\n\n".join(blocks)


def guess_format(source: str) -> str:
    """``html``, ``markdown`` or ``text``, by the suffix of ``source``."""
    name = source.lower()
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    return "text"


def read_bytes(data: bytes, source: str, *, doc_id: str | None = None,
               encoding: str | None = None, fmt: str | None = None) -> Document:
    """Build a :class:`Document` from raw bytes. ``fmt`` is ``text``, ``html`` or ``markdown`` (guessed
    from ``source``'s suffix when not given). For HTML and Markdown, ``text`` is what a reader of the
    page sees (see :mod:`translate.text.markup`) and ``markup`` the page as written."""
    if fmt is None:
        fmt = guess_format(source)
    text, used = decode(data, source, encoding)
    markup = None
    if fmt in ("html", "markdown"):
        from .markup import extract

        markup = text
        extracted = extract(markup, fmt)
        # extract() cleans the text it takes out of the markup, as below (the markup keeps what it holds:
        # the translated article is rebuilt from it, and cleaned as it is written).
        text, cleaned = extracted.text, extracted.cleaned
        if not any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc") for ch in text):
            raise InputError(source, "the HTML page has no readable text" if fmt == "html" else
                             "the Markdown file has no text to translate (only code, HTML or link addresses)")
    else:
        # Controls and line breaks other tools split on (NUL, ESC, U+2028, VT, NEL …) never reach an output:
        # each becomes one space, so the text keeps its length (sentence offsets index it) and the segmenter,
        # which reads those breaks as spaces inside a line anyway, finds the same sentences.
        text, cleaned = clean_text(text, keep_length=True)
    if cleaned:
        logger.warning("%s: replaced %d control or line-separator character%s by spaces", source, cleaned,
                       "" if cleaned == 1 else "s")
    return Document(id=doc_id or _doc_id(Path(source).name), path=source, text=text, encoding=used, format=fmt,
                    sha256=hashlib.sha256(data).hexdigest(), cleaned=cleaned, markup=markup)


# Characters a document id never shows as they are: controls (a line break in a file name), the bidi
# overrides and isolates (they reorder what follows), and the surrogate escapes that stand for bytes of
# a file name that is not valid UTF-8.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\udc80-\udcff]")


def display(text: str) -> str:
    """``text`` (a path or name) with every character that would break an output or a terminal written
    as ``%XX`` (its UTF-8 bytes, or the raw byte of a name that is not UTF-8): ``caf\udce9`` → ``caf%E9``."""
    def escape(m: re.Match[str]) -> str:
        ch = m.group()
        raw = bytes([ord(ch) - 0xDC00]) if "\udc80" <= ch <= "\udcff" else ch.encode("utf-8")
        return "".join(f"%{b:02X}" for b in raw)

    return _UNSHOWABLE.sub(escape, text)


def _doc_id(name: str) -> str:
    """``name`` without its text/HTML suffix (``sub/news.html`` → ``sub/news``), made showable."""
    if name == "-":
        return "stdin"
    for suffix in SUFFIXES:
        if name.lower().endswith(suffix):
            return display(name[: -len(suffix)])
    return display(name)


def expand_inputs(inputs: Sequence[str]) -> Iterator[tuple[str, str]]:
    """Yield ``(path, doc_id)`` for each input: files as given, directories walked recursively
    (sorted, only ``.txt``, ``.md`` and ``.html``/``.htm``), and ``-`` for stdin.

    Documents found in a directory are named by their path relative to it (without the suffix), so
    two ``index.html`` in different folders stay apart.
    """
    for item in inputs:
        if item == "-":
            yield item, "stdin"
            continue
        path = Path(item)
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                        continue
                    full = Path(root) / name
                    rel = full.relative_to(path).as_posix()
                    found = True
                    yield str(full), _doc_id(rel)
            if not found:
                logger.warning("%s: no .txt, .md or .html files in this directory", display(item))
        else:
            yield item, _doc_id(path.name)


def read_documents(
    inputs: Sequence[str],
    *,
    errors: list[InputError] | None = None,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document]:
    """Read every input as a :class:`Document`, lazily, in order.

    With ``errors`` given, an unreadable input is appended to it (and logged) and reading goes on;
    without it the first :class:`InputError` is raised.
    """
    for path, doc_id in expand_inputs(inputs):
        try:
            yield _read_one(path, doc_id, encoding, stdin)
        except InputError as exc:
            if errors is None:
                raise
            logger.warning("skipped %s", exc)
            errors.append(exc)


def unique_ids(doc_ids: Sequence[str]) -> list[str]:
    """Document ids made unique in input order, ignoring case (files may land on a case-insensitive
    disk): a second ``a`` (``a.txt`` beside ``a.md``) is ``a-2``."""
    taken: set[str] = set()
    out = []
    for doc_id in doc_ids:
        unique, n = doc_id, 1
        while unique.casefold() in taken:
            n += 1
            unique = f"{doc_id}-{n}"
        taken.add(unique.casefold())
        out.append(unique)
    return out


def read_one(path: str, doc_id: str, encoding: str | None = None, stdin: BinaryIO | None = None) -> Document:
    """Read one input (a path from :func:`expand_inputs`, or ``-``) as the document ``doc_id``."""
    return _read_one(path, doc_id, encoding, stdin)


def _read_one(path: str, doc_id: str, encoding: str | None, stdin: BinaryIO | None) -> Document:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return read_bytes(stream.read(), "-", doc_id=doc_id, encoding=encoding)
    p, shown = Path(path), display(path)
    if not p.exists():
        raise InputError(shown, "no such file or directory")
    if not p.is_file():
        raise InputError(shown, "not a regular file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(shown, f"cannot be read ({exc.strerror})") from None
    doc = read_bytes(data, shown, doc_id=doc_id, encoding=encoding)
    return doc if shown == path else replace(doc, path=path)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def iter_lines(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line of ``text``, line break excluded.

    Only CR LF, CR and LF end a line: unlike :meth:`str.splitlines`, U+2028, U+0085 and form feeds
    inside scraped text do not.
    """
    start = 0
    for m in _LINE_BREAK.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def read_lines(path: str) -> list[str]:
    """The lines of a UTF-8 text file (a BOM dropped), split on LF only (CR LF accepted), without the
    empty line after a final line break. Line-aligned corpora keep U+2028 and form feeds inside
    lines, so :meth:`str.splitlines` is not used."""
    try:
        text = open(path, encoding="utf-8-sig", newline="").read()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 (byte {exc.start}); re-save it as UTF-8") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def read_pair(source: str, target: str) -> tuple[list[str], list[str]]:
    """Two line-aligned files; an :class:`InputError` when their line counts differ."""
    sources, targets = read_lines(source), read_lines(target)
    if len(sources) != len(targets):
        raise InputError(source, f"has {len(sources)} lines but {target} has {len(targets)}: "
                         "they must be line-aligned")
    return sources, targets
