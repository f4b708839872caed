"""Outputs: one module per format — Moses (:mod:`.moses`), TSV (:mod:`.tsv`), JSON Lines
(:mod:`.jsonl`), TMX 1.4b (:mod:`.tmx`), XLIFF 2.1 (:mod:`.xliff`), the HTML review report
(:mod:`.report`) — plus the tables of the other commands (:mod:`.alignment`, :mod:`.scores`,
:mod:`.terms`), all written atomically (:mod:`.atomic`) through one place that makes text safe for
each format (:mod:`.safe`).

Imports the bottom floor and the records of :mod:`translate.align`; it never translates or scores.
"""

from __future__ import annotations

from .base import FORMATS

__all__ = ["FORMATS"]
