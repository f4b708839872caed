"""Outputs: one module per format — Moses (:mod:`.moses`), TSV (:mod:`.tsv`), JSON Lines
(:mod:`.jsonl`), TMX 1.4b (:mod:`.tmx`), XLIFF 2.1 (:mod:`.xliff`), the HTML review report
(:mod:`.report`) — plus the tables of the other commands (:mod:`.alignment`, :mod:`.scores`,
:mod:`.terms`), all written atomically (:mod:`.atomic`) through one place that makes text safe for
each format (:mod:`.safe`).

Imports the bottom floor and the records of :mod:`translate.align`; it never translates or scores.
"""

from __future__ import annotations

#: The run's output formats: name → what it writes (``translate run --formats``).
FORMATS = {
    "moses": "NAME.fa / NAME.en and corpus.fa / corpus.en, one sentence a line",
    "tsv": "NAME.tsv and corpus.tsv: ids, offsets, text, scores, verdict, terms, word links",
    "jsonl": "NAME.jsonl and corpus.jsonl: the same, nested (datasets' translation format)",
    "tmx": "NAME.tmx and corpus.tmx: TMX 1.4b with scores as properties",
    "xliff": "run.xlf: XLIFF 2.1, a unit per document",
    "html": "report.html: the review report",
}
