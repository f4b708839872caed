"""Outputs of sentence alignment: Moses ``NAME.fa``/``NAME.en`` (the linked pairs), ``NAME.beads``
(Vecalign's format), ``NAME.tsv`` and ``NAME.jsonl`` (every bead with its text, and the model's
confidence and word links when a model scored the pairs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from ..align.documents import AlignedDocument, AlignedRow
from .atomic import atomic_open
from .tables import Table

HEADER = ("src_ids", "tgt_ids", "score", "fa", "en", "confidence", "alignment")


def write_alignment(doc: AlignedDocument, outdir: str | Path) -> Path:
    """Write every file of ``doc`` into ``outdir``; return the base path (``outdir/NAME``)."""
    base = Path(outdir) / doc.name
    kept = [row for row in doc.rows if row.linked]
    with atomic_open(f"{base}.fa") as out_fa, atomic_open(f"{base}.en") as out_en:
        for row in kept:
            out_fa.write(row.fa + "\n")
            out_en.write(row.en + "\n")
    with atomic_open(f"{base}.beads") as out:
        out.writelines(row.bead.vecalign() + "\n" for row in doc.rows)
    with atomic_open(f"{base}.tsv") as out:
        table = Table(out, HEADER)
        for row in doc.rows:
            b = row.bead
            table.row([" ".join(map(str, b.src)), " ".join(map(str, b.tgt)), f"{b.score:.4f}", row.fa, row.en,
                       row.extra.get("confidence", ""), row.extra.get("alignment", "")])
    with atomic_open(f"{base}.jsonl") as out:
        for row in doc.rows:
            out.write(json.dumps(_object(row), ensure_ascii=False) + "\n")
    return base


def _object(row: AlignedRow) -> dict[str, Any]:
    """A bead in the field names and fixed types of every JSONL this project writes: ``translation:
    {fa, en}`` (what ``datasets`` reads), the bead's sentence indices, the aligner's score, and the
    model's ``confidence`` and word ``alignment`` — ``null``/empty when no model scored the pair."""
    b = row.bead
    return {"translation": {"fa": row.fa, "en": row.en}, "bead_source": list(b.src), "bead_target": list(b.tgt),
            "alignment_score": b.score, "confidence": row.extra.get("confidence"),
            "alignment": row.extra.get("alignment", "")}


def print_alignment(doc: AlignedDocument, out: TextIO, fmt: str) -> None:
    """``doc`` on a stream: Vecalign beads (``beads``) or, per bead, beads, Persian, English and the
    model's scores when there are any (``tsv``, no header)."""
    if fmt == "beads":
        out.writelines(row.bead.vecalign() + "\n" for row in doc.rows)
        return
    table = Table(out)
    for row in doc.rows:
        table.row([row.bead.vecalign(), row.fa, row.en, *row.extra.values()])
