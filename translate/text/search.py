"""Folding text for search, so a query finds a sentence however either of them was typed.

Persian is typed on Persian, Arabic and phone keyboards, and copied from sources that each spell it
their own way: the same word comes with Arabic ``ي ك`` or Persian ``ی ک``, ``ة`` or ``ه``, ``أ`` or
``ا``, a zero-width non-joiner (ZWNJ) or a space between its parts (``می‌روم``, ``می روم``), with or
without diacritics and kashida, with Persian, Arabic-Indic or ASCII digits. :func:`fold` maps all of
these to one form (and English to its case-folded form); a search compares folded query against
folded text. The result is for comparing only, never shown or stored as the text.

It runs as an SQL function over every sentence of a document at each search (25,000 of them), so it is
a few C-level passes: Unicode NFKC (Arabic presentation forms to letters), one ``str.translate`` table,
``casefold``, and a split/join for spaces.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]

_LETTERS = {
    # Yeh: Arabic yeh and alef maksura are typed for Persian ی; ئ (yeh with hamza) is written ی in
    # common spellings (پائیز / پاییز).
    "ي": "ی", "ى": "ی", "ئ": "ی",
    # Keheh: Arabic kaf (and swash kaf) for Persian ک.
    "ك": "ک", "ڪ": "ک",
    # Heh: teh marbuta (دائرة / دائره), heh with yeh above (the ezafe: خانۀ / خانه), heh goal.
    "ة": "ه", "ۀ": "ه", "ہ": "ه",
    # Alef: with hamza above or below, madda, wasla — all searched as bare alef.
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    # Waw with hamza (مؤسسه / موسسه).
    "ؤ": "و",
}
# Persian (U+06F0…) and Arabic-Indic (U+0660…) digits, and the Arabic decimal and thousands separators.
_DIGITS = dict(zip("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬", "0123456789" * 2 + ".,", strict=True))
# Removed: the harakat and other Arabic marks (U+064B–U+065F, the hamza above of ۀ among them), the
# superscript alef (U+0670), kashida (U+0640, stretches a word: ســـلام), and the invisible characters
# that do not separate words (ZWJ, ZWSP, word joiner, BOM, LRM/RLM, bidi embeddings and isolates, soft hyphen).
# (The BOM, U+FEFF, lies far above the others: fold removes it with str.replace, keeping the table short.)
_REMOVED = ([chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640", "\u200b", "\u200d", "\u2060",
            "\u200e", "\u200f", "\u00ad"] + [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)])

#: What :func:`fold` maps. ZWNJ becomes a space: ``می‌روم`` and ``می روم`` are one word typed two ways;
#: the split/join afterwards makes every run of spaces (of any kind) one space.
MAPPING = {**_LETTERS, **_DIGITS, **dict.fromkeys(_REMOVED), "\u200c": " "}

# The same as a list indexed by code point, up to the last one mapped: str.translate looks a list up
# twice as fast as a dict, which raises and catches KeyError for every character it does not map.
# Characters past its end (an IndexError, caught the same way) are kept.
_TABLE: list[int | None] = list(range(max(map(ord, MAPPING)) + 1))
for _ch, _to in MAPPING.items():
    _TABLE[ord(_ch)] = ord(_to) if _to else None


def fold(text: str | None) -> str:
    """``text`` folded for search: Arabic/Persian letter variants to one letter, diacritics, kashida and
    invisible marks removed, digits to ASCII, ZWNJ and every whitespace run to one space (trimmed),
    case folded: ``'كتاب‌هاي  ۲ Book'`` and ``'کتاب های 2 book'`` both give ``'کتاب های 2 book'``.
    ``None`` (SQL NULL, a sentence not translated yet) folds to ``''``."""
    if not text:
        return ""
    if not text.isascii():
        # NFKC first: presentation forms (ﻛ, ﻻ) and composed-by-hand letters (ا + U+0653) become the
        # letters the table maps.
        text = unicodedata.normalize("NFKC", text).translate(_TABLE).replace("\ufeff", "")
    return " ".join(text.casefold().split())
