"""Aligning documents with their translations: pairing files of two folders by name, reading and
segmenting both sides, aligning their sentences and, with a model, scoring each linked pair."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import AlignOptions
from ..errors import InputError
from ..mt.engine import Engine
from ..text.english import english_sentences
from ..text.io import read_documents, read_lines
from ..text.normalize import normalize_text
from ..text.segment import segment_text
from .embed import embedded_ahead
from .sentences import Bead, align_sentences
from .words import score_given_pairs

logger = logging.getLogger(__name__)

_DOC_SUFFIXES = (".txt", ".md", ".html", ".htm")
_LANG_SUFFIXES = (".fa", ".en", ".pes", ".eng", "-fa", "-en", "_fa", "_en")


@dataclass(frozen=True, slots=True)
class AlignedRow:
    """One bead with its joined Persian and English text; ``confidence`` and ``alignment`` (Pharaoh
    word links) when a model scored the pair."""

    bead: Bead
    fa: str
    en: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def linked(self) -> bool:
        return bool(self.bead.src and self.bead.tgt)


@dataclass(frozen=True, slots=True)
class AlignedDocument:
    """A document pair aligned: ``name`` (the Persian document's id), the sentences of both sides, the rows."""

    name: str
    source_sentences: int
    target_sentences: int
    rows: tuple[AlignedRow, ...]


def pair_key(path: Path) -> str:
    name = path.name
    for suffix in _DOC_SUFFIXES:
        name = name.removesuffix(suffix)
    for lang in _LANG_SUFFIXES:
        name = name.removesuffix(lang)
    return name


def document_pairs(fa: str, en: str) -> tuple[list[tuple[str, str]], list[str]]:
    """``(fa_file, en_file)`` pairs: the two files, or the files of two directories paired by name
    (``news1.fa.txt`` with ``news1.en.txt``, ``a.fa`` with ``a.en``, or equal names); and the names
    left without a partner."""
    a, b = Path(fa), Path(en)
    if a.is_file() and b.is_file():
        return [(fa, en)], []
    if not (a.is_dir() and b.is_dir()):
        raise InputError(f"{fa} and {en}", "must be two files or two directories")
    left = {pair_key(p): p for p in sorted(a.iterdir()) if p.is_file() and not p.name.startswith(".")}
    right = {pair_key(p): p for p in sorted(b.iterdir()) if p.is_file() and not p.name.startswith(".")}
    unpaired = sorted(set(left) ^ set(right))
    return [(str(left[k]), str(right[k])) for k in sorted(set(left) & set(right))], unpaired


@dataclass(frozen=True, slots=True)
class DocumentSides:
    """A document pair read and segmented: its id, the Persian sentences as read and normalized (what
    the aligner embeds), the English sentences."""

    name: str
    src: list[str]
    normalized: list[str]
    tgt: list[str]

    def texts(self) -> list[str]:
        return self.normalized + self.tgt


def read_pair(fa_path: str, en_path: str, *, presplit: bool = False) -> DocumentSides:
    """Read one document pair. Persian is segmented with this project's segmenter, English with
    pysbd, unless ``presplit`` (one sentence a line on both sides)."""
    (fa_doc,) = read_documents([fa_path])
    (en_doc,) = read_documents([en_path])
    if presplit:
        src, tgt = read_lines(fa_path), read_lines(en_path)
    else:
        src = [s.line() for s in segment_text(fa_doc.text, fa_doc.id)]
        tgt = english_sentences(en_doc.text)
    return DocumentSides(fa_doc.id.removesuffix(".fa"), src, [normalize_text(s) for s in src], tgt)


def align_pairs(pairs: Iterable[tuple[str, str]], embedder: Any, options: AlignOptions, *, presplit: bool = False,
                matcher: Any = None, engine: Engine | None = None) -> Iterator[AlignedDocument]:
    """Align each ``(fa_file, en_file)`` pair (read as :func:`read_pair` reads it), in order, reading
    ahead so that many documents' sentences are embedded together
    (:func:`~translate.align.embed.embedded_ahead`). With ``engine`` every linked pair gets the
    model's confidence and, on the ``hf`` engine, word links."""
    read = (read_pair(fa, en, presplit=presplit) for fa, en in pairs)
    for sides in embedded_ahead(read, DocumentSides.texts, embedder):
        yield align_read(sides, embedder, options, matcher=matcher, engine=engine)


def align_read(sides: DocumentSides, embedder: Any, options: AlignOptions, *, matcher: Any = None,
               engine: Engine | None = None) -> AlignedDocument:
    beads = align_sentences(sides.normalized, sides.tgt, embedder, options, matcher=matcher)
    src, tgt = sides.src, sides.tgt
    rows = [AlignedRow(b, " ".join(src[i] for i in b.src), " ".join(tgt[j] for j in b.tgt)) for b in beads]
    if engine is not None:
        rows = _scored(rows, sides.normalized, engine)
    return AlignedDocument(sides.name, len(src), len(tgt), tuple(rows))


def _scored(rows: Sequence[AlignedRow], normalized: Sequence[str], engine: Engine) -> list[AlignedRow]:
    linked = [k for k, row in enumerate(rows) if row.linked]
    confidences, links = score_given_pairs(engine, [" ".join(normalized[i] for i in rows[k].bead.src) for k in linked],
                                           [rows[k].en for k in linked])
    out = list(rows)
    for n, k in enumerate(linked):
        out[k] = AlignedRow(rows[k].bead, rows[k].fa, rows[k].en,
                            {"confidence": round(confidences[n], 4), "alignment": links[n] if links else ""})
    return out
