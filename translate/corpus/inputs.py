"""What a corpus is built from: pairs of document folders matched by name, a TSV or JSONL listing
document pairs, or line-aligned Moses files (``X.fa`` and ``X.en``)."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..align.documents import document_pairs, pair_key
from ..errors import InputError
from ..text.io import display

#: Lines of a Moses file per pseudo-document (the unit the splits are drawn by).
LINES_PER_DOCUMENT = 100


@dataclass(frozen=True, slots=True)
class DocumentPair:
    """A Persian document and its English: ``documents`` to segment and align, or ``lines`` already
    aligned a pair a line (then ``first``/``last`` are the block of lines it covers)."""

    doc_id: str
    fa_path: str
    en_path: str
    kind: str = "documents"
    first: int = 0
    last: int = 0

    def fingerprint(self) -> str:
        """What the document's stored pairs depend on: both files' bytes and the block."""
        digest = hashlib.sha256()
        for path in (self.fa_path, self.en_path):
            stat = Path(path).stat()
            digest.update(_file_digest(path, stat.st_size, stat.st_mtime_ns).encode())
        digest.update(f"{self.kind}:{self.first}:{self.last}".encode())
        return digest.hexdigest()


@functools.lru_cache(maxsize=64)
def _file_digest(path: str, size: int, mtime: int) -> str:
    """A file's SHA-256, once per version of the file (the blocks of a Moses file share it)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _block_offsets(path: str, size: int, mtime: int) -> tuple[int, ...]:
    """Byte offset of every block of :data:`LINES_PER_DOCUMENT` lines of a file (one pass, once)."""
    offsets = [0]
    with open(path, "rb") as handle:
        for n, _ in enumerate(iter(handle.readline, b""), 1):
            if n % LINES_PER_DOCUMENT == 0:
                offsets.append(handle.tell())
    return tuple(offsets)


def block_lines(path: str, first: int, last: int) -> list[str]:
    """Lines ``first`` to ``last`` of a line-aligned file (block-aligned), read from their offset."""
    stat = Path(path).stat()
    offsets = _block_offsets(path, stat.st_size, stat.st_mtime_ns)
    with open(path, "rb") as handle:
        handle.seek(offsets[first // LINES_PER_DOCUMENT])
        return [handle.readline().decode("utf-8").rstrip("\r\n") for _ in range(last - first)]


def _listing(path: Path) -> list[DocumentPair]:
    """A TSV (``fa_path``, ``en_path``[, ``doc_id``]; a header is optional) or JSONL (``fa``, ``en``[,
    ``id``]) of document pairs; relative paths are read from the listing's folder."""
    rows: list[tuple[str, str, str | None]] = []
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    item = json.loads(line)
                    rows.append((item["fa"], item["en"], item.get("id")))
                except (ValueError, KeyError, TypeError):
                    raise InputError(f"{display(str(path))}:{n}", 'expected {"fa": PATH, "en": PATH, "id": …}') from None
    else:
        for n, cells in enumerate(csv.reader(text.splitlines(), delimiter="\t"), 1):
            if not cells or (n == 1 and cells[0] in ("fa", "fa_path", "source")):
                continue
            if len(cells) < 2:
                raise InputError(f"{display(str(path))}:{n}", "expected FA_PATH<TAB>EN_PATH[<TAB>DOC_ID]")
            rows.append((cells[0], cells[1], cells[2] if len(cells) > 2 else None))
    out = []
    for fa, en, doc_id in rows:
        fa_path, en_path = (str((path.parent / p) if not Path(p).is_absolute() else Path(p)) for p in (fa, en))
        for p in (fa_path, en_path):
            if not Path(p).is_file():
                raise InputError(display(p), f"listed in {display(str(path))} but not found")
        out.append(DocumentPair(doc_id or Path(fa_path).stem.removesuffix(".fa"), fa_path, en_path))
    return out


def _lines(fa: Path, en: Path) -> list[DocumentPair]:
    def count(path: Path) -> int:
        with open(path, "rb") as handle:
            return sum(1 for _ in handle)

    n_fa, n_en = count(fa), count(en)
    if n_fa != n_en:
        raise InputError(f"{display(str(fa))}, {display(str(en))}",
                         f"line-aligned files must have as many lines ({n_fa} and {n_en})")
    stem = fa.name.removesuffix(".fa")
    return [DocumentPair(f"{stem}:{k // LINES_PER_DOCUMENT}", str(fa), str(en), "lines", k,
                         min(k + LINES_PER_DOCUMENT, n_fa)) for k in range(0, n_fa, LINES_PER_DOCUMENT)]


def find_pairs(inputs: Sequence[str]) -> tuple[list[DocumentPair], list[str]]:
    """The document pairs of ``inputs`` and the documents left without a partner."""
    paths = [Path(p) for p in inputs]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise InputError(display(str(missing[0])), "not found")
    if len(paths) == 1 and paths[0].is_file() and paths[0].suffix in (".tsv", ".jsonl"):
        return _listing(paths[0]), []
    if len(paths) == 2:
        fa, en = paths
        if fa.is_file() and en.is_file() and fa.suffix == ".fa" and en.suffix == ".en":
            return _lines(fa, en), []
        pairs, unpaired = document_pairs(str(fa), str(en))
        return [DocumentPair(pair_key(Path(a)), a, b) for a, b in pairs], unpaired
    raise InputError(" ".join(display(str(p)) for p in paths),
                     "give two folders (Persian, English) matched by name, two line-aligned files X.fa X.en, "
                     "or one .tsv/.jsonl listing document pairs")
