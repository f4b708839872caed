"""TSV of sentence pairs: a header, then ids, offsets, source, target, every score column (``terms`` is
term success), verdict, ``term_hits`` (``text=target:status`` joined by ``; ``), word alignment. pandas
(``sep="\\t"``) and spreadsheets read it without options."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..records import QE_COLUMNS, SentencePair
from .atomic import atomic_open
from .safe import line
from .tables import Table, number

HEADER = ("id", "doc_id", "index", "start", "end", "source", "target", *QE_COLUMNS, "verdict", "term_hits",
          "alignment")


def write_tsv(pairs: Iterable[SentencePair], path: str | Path) -> None:
    with atomic_open(path) as out:
        table = Table(out, HEADER)
        for p in pairs:
            terms = "; ".join(f"{t.text}={t.target}:{t.status}" for t in p.terms)
            table.row([p.source.id, p.source.doc_id, p.source.index, p.source.start, p.source.end,
                       line(p.source.text), line(p.target), *(number(p.score(c)) for c in QE_COLUMNS), p.verdict,
                       terms, p.alignment])
