"""Outputs of sentence alignment: Moses ``NAME.fa``/``NAME.en`` (the linked pairs), ``NAME.beads``
(Vecalign's format), ``NAME.tsv`` and ``NAME.jsonl`` (every bead as a row of the row schema, scored as
corpus build scores it), ``NAME.tmx`` (the linked pairs with the verdict ok); and the stdout formats."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ..align.documents import AlignedDocument
from ..qe.score import score_pairs
from ..text.io import display
from .atomic import AtomicFile
from .rows import row_of_bead
from .tables import Table

def aligned_rows(doc: AlignedDocument, embedder: Any, provenance: str) -> list[Any]:
    """The beads of ``doc`` as rows of the row schema, each linked pair scored as corpus build scores it
    (similarity of the e5 embeddings, length, numbers …, and the model's confidence when it scored)."""

    linked = [row for row in doc.rows if row.linked]
    confidences = [row.extra.get("confidence") for row in linked]
    scores = iter(score_pairs([r.fa for r in linked], [r.en for r in linked], embedder=embedder,
                              confidences=confidences if any(c is not None for c in confidences) else None))
    return [row_of_bead(doc.name, k, row, next(scores) if row.linked else None, display(provenance))
            for k, row in enumerate(doc.rows)]


def write_aligned(doc: AlignedDocument, rows: Sequence[Any], outdir: str, tmx_include: Sequence[str] = ()) -> Path:
    """Every file of an aligned document in ``outdir``: Moses ``NAME.fa``/``NAME.en`` (the linked pairs),
    ``NAME.beads`` (Vecalign's format), ``NAME.jsonl`` and ``NAME.tsv`` (every bead, the row schema),
    ``NAME.tmx`` (the linked pairs with the verdict ok, and ``tmx_include``); return ``outdir/NAME``.
    Every file appears whole or not at all."""
    from .. import __version__
    from .jsonl import RowJsonlWriter
    from .tmx import TmxWriter
    from .tsv import RowTsvWriter

    base = Path(outdir) / doc.name
    writers: list[Any] = []
    try:
        for suffix in ("fa", "en", "beads"):
            writers.append(AtomicFile(f"{base}.{suffix}"))
        fa, en, beads = writers
        writers.append(jsonl := RowJsonlWriter(f"{base}.jsonl"))
        writers.append(tsv := RowTsvWriter(f"{base}.tsv"))
        writers.append(tmx := TmxWriter(f"{base}.tmx", signature=f"align:e5|v:{__version__}", tool_version=__version__))
        for bead, row in zip(doc.rows, rows):
            obj = row.to_object()
            beads.write(bead.bead.vecalign() + "\n")
            jsonl.add(row)
            tsv.add(row)
            if bead.linked:
                fa.write(obj["translation"]["fa"] + "\n")
                en.write(obj["translation"]["en"] + "\n")
                if row.verdict == "ok" or row.verdict in tmx_include:
                    tmx.add(row.as_pair())
        for writer in writers:
            writer.commit()
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
    return base


def print_alignment(doc: AlignedDocument, out: TextIO, fmt: str) -> None:
    """``doc`` on a stream: Vecalign beads (``beads``) or, per bead, beads, Persian, English and the
    model's scores when there are any (``tsv``, no header)."""
    if fmt == "beads":
        out.writelines(row.bead.vecalign() + "\n" for row in doc.rows)
        return
    table = Table(out)
    for row in doc.rows:
        table.row([row.bead.vecalign(), row.fa, row.en, *row.extra.values()])
