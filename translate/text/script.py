"""Which script a text is written in: the share of its letters in Arabic script (Persian included).

Untranslated Persian in an English output (the model copied its input) is the signal: the
translation stage flags it, and the scorer reports it as the ``persian`` column.
"""

from __future__ import annotations

import re

_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_NOT_LETTER = re.compile(r"[\W\d_]")


def arabic_share(text: str) -> float:
    """Share of the letters of ``text`` that are in Arabic script (0 when it has no letters)."""
    if _ARABIC_LETTER.search(text) is None:  # an English output, nearly always: one scan, no list of letters
        return 0.0
    # characters counted by what removing them takes away (one string each, not a list of one-character
    # strings); the Arabic block's digits and punctuation count as Arabic too, as they always have
    letters = len(_NOT_LETTER.sub("", text))
    return (len(text) - len(_ARABIC_LETTER.sub("", text))) / letters if letters else 0.0
