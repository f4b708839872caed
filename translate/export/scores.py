"""Scores of line-aligned pairs (``translate score``): one row per pair with every score column, the
verdict, its reasons and the word alignment, as TSV (with a header) or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from ..records import SCORE_COLUMNS, Score
from .tables import Table, number

HEADER = ("line", *SCORE_COLUMNS, "verdict", "reasons", "alignment")


def write_scores(scores: Sequence[Score], out: TextIO, fmt: str = "tsv",
                 alignments: Sequence[str] | None = None) -> None:
    table = Table(out, HEADER) if fmt == "tsv" else None
    for number_, s in enumerate(scores, 1):
        alignment = alignments[number_ - 1] if alignments else ""
        if table is None:
            out.write(json.dumps({"line": number_, **s.columns(), "verdict": s.verdict, "reasons": list(s.reasons),
                                  "alignment": alignment}) + "\n")
        else:
            table.row([number_, *(number(v) for v in s.columns().values()), s.verdict, ",".join(s.reasons),
                       alignment])
