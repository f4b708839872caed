"""Translated files kept for download: ``POST /translate_file`` answers with a URL, as LibreTranslate
does, and ``GET /download_file/NAME`` gives the file. Kept in memory (never on disk, so a name cannot
reach the file system), for ``ttl`` seconds, at most ``most`` of them (the oldest dropped first)."""

from __future__ import annotations

import re
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

#: File name suffixes ``/translate_file`` takes; each file comes back in its format (see :mod:`.texts`).
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """A name for the download URL made of ASCII letters, digits, ``._-`` (others become ``_``), without
    a path, at most 100 characters, never empty or hidden: ``خبر ۱.txt`` → ``translation.txt`` (the
    Persian name travels in the ``Content-Disposition`` header, see :func:`disposition`)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = suffix, "txt"
    stem = _UNSAFE.sub("_", stem).strip("._-") or "translation"
    suffix = _UNSAFE.sub("", suffix)[:10] or "txt"
    return f"{stem[:80]}.{suffix}"


def disposition(name: str) -> str:
    """``Content-Disposition`` of a download: the ASCII name, and the original (Persian) one as RFC 6266's
    ``filename*``, cleaned and percent-encoded."""
    from urllib.parse import quote

    from ..text.clean import clean_text

    original = clean_text(name.replace("\\", "/").rsplit("/", 1)[-1])[0].replace('"', "")[:200]
    return f'attachment; filename="{safe_name(name)}"; filename*=UTF-8\'\'{quote(original, safe="")}'


@dataclass(frozen=True, slots=True)
class Kept:
    data: bytes
    filename: str  # as the client sent it (the header encodes it)
    media_type: str
    stored: float


class FileStore:
    def __init__(self, *, ttl: float = 1800.0, most: int = 256, clock: Any = time.monotonic) -> None:
        self.ttl, self.most, self.clock = ttl, most, clock
        self.files: OrderedDict[str, Kept] = OrderedDict()

    def put(self, data: bytes, filename: str, media_type: str) -> str:
        """Keep a file; its name in the download URL (random, unguessable, then the safe file name)."""
        self._expire()
        name = f"{secrets.token_hex(16)}.{safe_name(filename)}"
        self.files[name] = Kept(data, filename, media_type, self.clock())
        while len(self.files) > self.most:
            self.files.popitem(last=False)
        return name

    def get(self, name: str) -> Kept | None:
        self._expire()
        return self.files.get(name)

    def _expire(self) -> None:
        now = self.clock()
        while self.files:
            name, kept = next(iter(self.files.items()))
            if now - kept.stored < self.ttl:
                break
            del self.files[name]
