"""What a corpus is built from: pairs of document folders matched by name, a TSV or JSONL listing
document pairs, or line-aligned Moses files (``X.fa`` and ``X.en``); and which of them can be read
(:func:`check_inputs`: an empty, binary or undecodable file is set aside with its reason, and the build
goes on with the others)."""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..align.documents import document_pairs, pair_key
from ..errors import InputError
from ..text.clean import unclean
from ..text.io import display, read_documents

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
    """Lines ``first`` to ``last`` of a line-aligned file (block-aligned), read from their offset, as
    they are (:func:`check_inputs` found the file to be UTF-8; the reader cleans them)."""
    stat = Path(path).stat()
    offsets = _block_offsets(path, stat.st_size, stat.st_mtime_ns)
    with open(path, "rb") as handle:
        handle.seek(offsets[first // LINES_PER_DOCUMENT])
        lines = [handle.readline().decode("utf-8", "replace").rstrip("\r\n") for _ in range(last - first)]
    if first == 0 and lines:
        lines[0] = lines[0].removeprefix("\ufeff")
    return lines


@dataclass(frozen=True, slots=True)
class Refused:
    """An input file set aside: the document (or block) it belongs to, the file, and why."""

    doc_id: str
    path: str
    reason: str


@dataclass(slots=True)
class InputCheck:
    """What :func:`check_inputs` found: the document pairs that can be read, the files set aside, and
    how many characters of the usable inputs their readers replace (controls, breaks
    ``str.splitlines`` sees, tabs: see :func:`translate.text.clean.clean_text`)."""

    usable: list[DocumentPair]
    refused: list[Refused]
    cleaned: int = 0


# Control characters that a text file holds only by accident (tab, LF, VT, FF, CR aside).
_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\x0b\x0c\r") | {"\x7f"}


def _check_lines_file(path: str) -> tuple[str | None, int]:
    """Why a line-aligned file cannot be read (``None`` when it can), and how many characters its
    reader will replace. One pass in chunks (memory does not grow with the file), once per version."""
    try:
        stat = Path(path).stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})", 0
    return _checked_lines_file(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _checked_lines_file(path: str, size: int, mtime: int) -> tuple[str | None, int]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = text_chars = controls = replaced = 0
    offset = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                size += len(chunk)
                try:
                    part = decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    return f"is not UTF-8 (byte {offset + exc.start}): re-save it as UTF-8", 0
                offset += len(chunk)
                text_chars += sum(1 for ch in part if not ch.isspace())
                controls += sum(1 for ch in part if ch in _CONTROLS)
                replaced += len(unclean(part)) + part.count("\t")
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "is not UTF-8 (it ends inside a character): re-save it as UTF-8", 0
    except OSError as exc:
        return f"cannot be read ({exc.strerror})", 0
    if size == 0 or text_chars == 0:
        return "the file is empty", 0
    if controls > max(2, text_chars // 200):
        return f"looks like a binary file ({controls} control characters)", 0
    return None, replaced


def _check_document(path: str) -> tuple[str | None, int]:
    """Why a document cannot be read (as the aligner reads it), and how many characters its reader
    replaces (the tabs too: a TSV cell cannot hold one)."""
    try:
        (doc,) = read_documents([path])
    except InputError as exc:
        return exc.problem, 0
    return None, doc.cleaned + doc.text.count("\t")


def check_inputs(documents: Sequence[DocumentPair]) -> InputCheck:
    """The document pairs whose two files can be read; each file that cannot (empty, binary, not UTF-8
    or no text at all) set aside with its reason, with its partner (a pair needs both sides)."""
    found: dict[str, tuple[str | None, int]] = {}
    check = InputCheck([], [])
    for doc in documents:
        for path in (doc.fa_path, doc.en_path):
            if path not in found:
                found[path] = _check_lines_file(path) if doc.kind == "lines" else _check_document(path)
        reasons = [(path, found[path][0]) for path in (doc.fa_path, doc.en_path) if found[path][0]]
        if not reasons:
            check.usable.append(doc)
            continue
        if doc.kind == "lines" and doc.first > 0:
            continue  # one refusal per file pair, not per block
        partner = {doc.fa_path: doc.en_path, doc.en_path: doc.fa_path}
        for path, reason in reasons:
            check.refused.append(Refused(doc.doc_id.rpartition(":")[0] if doc.kind == "lines" else doc.doc_id,
                                         display(path), str(reason)))
        for path in (doc.fa_path, doc.en_path):
            if not found[path][0] and partner[path] in dict(reasons):
                check.refused.append(Refused(
                    doc.doc_id.rpartition(":")[0] if doc.kind == "lines" else doc.doc_id, display(path),
                    f"its partner {display(partner[path])} cannot be read"))
    counted: set[str] = set()
    for doc in check.usable:
        for path in (doc.fa_path, doc.en_path):
            if path not in counted:
                counted.add(path)
                check.cleaned += found[path][1]
    return check


def _listing(path: Path) -> list[DocumentPair]:
    """A TSV (``fa_path``, ``en_path``[, ``doc_id``]; a header is optional) or JSONL (``fa``, ``en``[,
    ``id``]) of document pairs; relative paths are read from the listing's folder."""
    rows: list[tuple[str, str, str | None]] = []
    # split on LF only: a path may hold U+2028 or a form feed, which str.splitlines would break on
    try:
        lines = [line.rstrip("\r") for line in path.read_text(encoding="utf-8").split("\n")]
    except UnicodeDecodeError as exc:
        raise InputError(display(str(path)), f"the listing is not UTF-8 (byte {exc.start}); re-save it as UTF-8") from None
    if path.suffix == ".jsonl":
        for n, line in enumerate(lines, 1):
            if line.strip():
                try:
                    item = json.loads(line)
                    rows.append((item["fa"], item["en"], item.get("id")))
                except (ValueError, KeyError, TypeError):
                    raise InputError(f"{display(str(path))}:{n}", 'expected {"fa": PATH, "en": PATH, "id": …}') from None
    else:
        id_column: int | None = 2  # without a header: FA_PATH, EN_PATH[, DOC_ID]
        for n, cells in enumerate(csv.reader(lines, delimiter="\t"), 1):
            if n == 1 and cells and cells[0] in ("fa", "fa_path", "source"):
                # a header names the columns: the doc id is the column called so, if any (the score
                # of `translate corpus pair` is not an id)
                named = [c.strip().lower() for c in cells]
                id_column = next((k for k, c in enumerate(named) if c in ("doc_id", "id")), None)
                continue
            if not cells:
                continue
            if len(cells) < 2:
                raise InputError(f"{display(str(path))}:{n}", "expected FA_PATH<TAB>EN_PATH[<TAB>DOC_ID]")
            doc_id = cells[id_column] if id_column is not None and len(cells) > id_column else None
            rows.append((cells[0], cells[1], doc_id or None))
    out = []
    taken: set[str] = set()
    for fa, en, doc_id in rows:
        fa_path, en_path = (str((path.parent / p) if not Path(p).is_absolute() else Path(p)) for p in (fa, en))
        for p in (fa_path, en_path):
            if not Path(p).is_file():
                raise InputError(display(p), f"listed in {display(str(path))} but not found")
        doc_id = doc_id or Path(fa_path).stem.removesuffix(".fa")
        unique, n = doc_id, 1
        while unique.casefold() in taken:  # two files of one name in different folders: a-2, as readers do
            n += 1
            unique = f"{doc_id}-{n}"
        taken.add(unique.casefold())
        out.append(DocumentPair(unique, fa_path, en_path))
    return out


def _lines(fa: Path, en: Path) -> list[DocumentPair]:
    def count(path: Path) -> int:
        with open(path, "rb") as handle:
            return sum(1 for _ in handle)

    if _check_lines_file(str(fa))[0] or _check_lines_file(str(en))[0]:  # set aside by check_inputs, with why
        return [DocumentPair(f"{fa.name.removesuffix('.fa')}:0", str(fa), str(en), "lines", 0, 0)]

    n_fa, n_en = count(fa), count(en)
    if n_fa != n_en:
        raise InputError(f"{display(str(fa))}, {display(str(en))}",
                         f"line-aligned files must have as many lines ({n_fa} and {n_en})")
    stem = fa.name.removesuffix(".fa")
    return [DocumentPair(f"{stem}:{k // LINES_PER_DOCUMENT}", str(fa), str(en), "lines", k,
                         min(k + LINES_PER_DOCUMENT, n_fa)) for k in range(0, n_fa, LINES_PER_DOCUMENT)]


def unpaired_by_name(fa_dir: Path, en_dir: Path, pairs: Sequence[tuple[str, str]]
                     ) -> list[tuple[str, Refused]]:
    """Each document of two folders paired by name (:func:`~translate.align.documents.document_pairs`)
    that is in no pair, with its side (``fa``, ``en``) and why: no document of the other side has its
    name, or another file of its folder has the same name and was paired instead (``a.txt``, ``a.md``)."""
    out = []
    for side, folder, other_dir, other, used in (("fa", fa_dir, en_dir, "English", {a for a, _ in pairs}),
                                                 ("en", en_dir, fa_dir, "Persian", {b for _, b in pairs})):
        paired = {pair_key(Path(p)): p for p in used}
        for path in sorted(folder.iterdir()):
            if not path.is_file() or path.name.startswith(".") or str(path) in used:
                continue
            key = pair_key(path)
            if key in paired:
                reason = f"{display(paired[key])} has the same name ({key}) and was paired instead"
            else:
                reason = (f"no {other} document of the same name ({key}) in {display(str(other_dir))} "
                          "(paired by name; --pair-documents pairs by content)")
            out.append((side, Refused(key, display(str(path)), reason)))
    return out


def find_pairs(inputs: Sequence[str]) -> tuple[list[DocumentPair], list[str], list[Refused]]:
    """The document pairs of ``inputs``, the documents left without a partner (``fa:NAME``,
    ``en:NAME``) and the files set aside with why (:func:`unpaired_by_name`)."""
    paths = [Path(p) for p in inputs]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise InputError(display(str(missing[0])), "not found")
    if len(paths) == 1 and paths[0].is_file() and paths[0].suffix in (".tsv", ".jsonl"):
        return _listing(paths[0]), [], []
    if len(paths) == 2:
        fa, en = paths
        if fa.is_file() and en.is_file() and fa.suffix == ".fa" and en.suffix == ".en":
            return _lines(fa, en), [], []
        pairs, _ = document_pairs(str(fa), str(en))
        alone = unpaired_by_name(fa, en, pairs) if fa.is_dir() and en.is_dir() else []
        return ([DocumentPair(pair_key(Path(a)), a, b) for a, b in pairs],
                [f"{side}:{r.doc_id}" for side, r in alone], [r for _, r in alone])
    raise InputError(" ".join(display(str(p)) for p in paths),
                     "give two folders (Persian, English) matched by name, two line-aligned files X.fa X.en, "
                     "or one .tsv/.jsonl listing document pairs")
