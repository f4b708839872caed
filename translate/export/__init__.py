"""Outputs: one module per format — Moses (:mod:`.moses`), TSV (:mod:`.tsv`), JSON Lines
(:mod:`.jsonl`), TMX 1.4b (:mod:`.tmx`), XLIFF 2.1 (:mod:`.xliff`), XLIFF 1.2 and its OmegaT variant
(:mod:`.xliff12`), the HTML review report (:mod:`.report`, rendering :mod:`.view` through the Jinja2
templates in ``templates/`` that the review app shares) — plus the tables of the other commands
(:mod:`.alignment`, :mod:`.scores`, :mod:`.terms`), all written atomically (:mod:`.atomic`) through one
place that makes text safe for each format (:mod:`.safe`); and reading back the XLIFF and TMX files a
CAT tool edited (:mod:`.cat`).

Imports the bottom floor and the records of :mod:`translate.align`; it never translates or scores.
"""

from __future__ import annotations

from .base import DEFAULT_FORMATS, FORMATS, check_formats

__all__ = ["DEFAULT_FORMATS", "FORMATS", "check_formats"]
