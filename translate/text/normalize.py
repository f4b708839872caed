"""Persian normalization that can always point back at the original characters.

Built on hazm's Normalizer: its character table (Arabic and presentation forms to Persian letters),
its list of diacritics and special marks, and its lexicons (verbs, words, affixes) that decide where a
zero-width non-joiner (ZWNJ, U+200C) belongs. What hazm lacks is added here: ``ة`` and the other Arabic
letters it leaves, kashida, bidi and zero-width controls, space unification, and repair of glued
affixes (``شدهاند`` → ``شده‌اند``, ``گروههای`` → ``گروه‌های``). hazm's own ``normalize`` is not used
because it rewrites text without saying where each character came from, puts spaces inside URLs and
abbreviations (``U.S.`` → ``U. S.``) and converts digits; every rule here is applied with an offset map
instead, so ``Normalized.span`` maps any span of the normalized text back to the original.

Digits are kept as written (later stages compare numbers across languages); :data:`DIGITS_TO_LATIN`
and :func:`to_latin_digits` expose the mapping.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, PipelineError
from .lexicon import Lexicon, lexicon

__all__ = [
    "DIGITS_TO_LATIN",
    "DIGITS_TO_PERSIAN",
    "Normalized",
    "normalize",
    "normalize_text",
    "to_latin_digits",
    "to_persian_digits",
]

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

#: Persian (U+06F0…) and Arabic-Indic (U+0660…) digits to ASCII, plus the Arabic decimal and
#: thousands separators (``۲٫۵`` is 2.5, ``۱٬۰۰۰`` is 1,000).
DIGITS_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS + "٫٬", LATIN_DIGITS * 2 + ".,")
#: ASCII and Arabic-Indic digits to Persian digits.
DIGITS_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)


def to_latin_digits(text: str) -> str:
    """``'۲٫۵ و ١٠'`` → ``'2.5 و 10'``."""
    return text.translate(DIGITS_TO_LATIN)


def to_persian_digits(text: str) -> str:
    """``'2 و ١٠'`` → ``'۲ و ۱۰'``."""
    return text.translate(DIGITS_TO_PERSIAN)


PERSIAN_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیئءأؤ"
_PL = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"

# Letters hazm's table leaves alone. ة (teh marbuta) is written ه in Persian (دائرة → دائره);
# إ and ٱ are Arabic spellings of alef; ۀ is ه with the ezafe hamza, dropped like hazm drops U+0654.
_EXTRA_MAP = {"ة": "ه", "إ": "ا", "ٱ": "ا", "ۀ": "ه"}

# Separators that are spaces in disguise (no-break, thin, figure, ideographic …) and tabs.
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Invisible controls that carry no letters: zero-width space, ZWJ, word joiner, BOM, bidi marks
# and embeddings (common in text pasted from right-to-left editors), soft hyphen.
_INVISIBLE = "\u200b\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad"
KASHIDA = "\u0640"


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text with, for each of its characters, the index of the original character it
    came from (``origin`` has one more entry, the original's length, for end offsets)."""

    text: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text to the span of the original it came from."""
        if not 0 <= start <= end <= len(self.text):
            raise PipelineError(f"span {start}:{end} outside normalized text of length {len(self.text)}")
        if start == end:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


class _Traced:
    """A string being rewritten, with the original index of each character."""

    __slots__ = ("text", "origin")

    def __init__(self, text: str) -> None:
        self.text = text
        self.origin = list(range(len(text) + 1))

    def translate(self, table: dict[int, Any], holds: Callable[[str], object] | None = None) -> None:
        """Apply a one-to-one character table (same length in and out); ``holds``: a test for a character
        of the table in the text (a search in C), which spares the translation of most texts."""
        if holds is None or holds(self.text):
            self.text = self.text.translate(table)

    def sub(
        self,
        pattern: re.Pattern[str],
        repl: str | Callable[[re.Match[str]], str | Sequence[str | slice] | None],
    ) -> None:
        r"""Like :func:`re.sub`, keeping origins. ``repl`` is a template of literals and ``\N`` group
        references, or a function returning a template, a sequence of pieces (literal strings and
        ``slice`` objects of the text) or ``None`` to keep the match. Copied characters keep their
        origin; literals take the origin of the character they stand before."""
        text, origin = self.text, self.origin
        out: list[str] = []
        org: list[int] = []
        last = 0
        for m in pattern.finditer(text):
            template = repl(m) if callable(repl) else repl
            if template is None:
                continue
            s, e = m.span()
            out.append(text[last:s])
            org.extend(origin[last:s])
            pos = s
            pieces = _parse_template(template, m) if isinstance(template, str) else template
            for piece in pieces:
                if isinstance(piece, str):
                    out.append(piece)
                    org.extend([origin[pos]] * len(piece))
                else:
                    out.append(text[piece])
                    org.extend(origin[piece])
                    pos = piece.stop
            last = e
        if not out:
            return
        out.append(text[last:])
        org.extend(origin[last:])
        self.text = "".join(out)
        self.origin = org

    def result(self) -> Normalized:
        return Normalized(self.text, self.origin)


_TEMPLATE_PART = re.compile(r"\\(\d)")


def _parse_template(template: str, m: re.Match[str]) -> list[str | slice]:
    pieces: list[str | slice] = []
    last = 0
    for ref in _TEMPLATE_PART.finditer(template):
        if ref.start() > last:
            pieces.append(template[last : ref.start()])
        gs, ge = m.span(int(ref.group(1)))
        if gs >= 0:
            pieces.append(slice(gs, ge))
        last = ref.end()
    if last < len(template):
        pieces.append(template[last:])
    return pieces


def _hazm() -> Lexicon:
    """hazm's lexicons (cached; see :mod:`translate.text.lexicon`)."""
    return lexicon()


@functools.cache
def _char_table() -> dict[int, str]:
    h = _hazm()
    table = {ord(s): d for s, d in zip(h.translation_src, h.translation_dst) if s != d}
    table.update({ord(k): v for k, v in _EXTRA_MAP.items()})
    table.update({ord(c): " " for c in _SPACES})
    # hazm maps curly double quotes to straight ones; keep them (they are punctuation to the
    # segmenter and the translator) and never let its table touch digits.
    for c in "“”" + LATIN_DIGITS + PERSIAN_DIGITS + ARABIC_DIGITS:
        table.pop(ord(c), None)
    return table


@functools.cache
def _char_search() -> Callable[[str], object]:
    """A search for any character :func:`_char_table` changes."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_char_table())) + "]").search


@functools.cache
def _marks_pattern() -> re.Pattern[str]:
    """Diacritics, hazm's special marks, kashida and invisible controls: all deleted."""
    return re.compile("[" + re.escape(_hazm().marks + KASHIDA + _INVISIBLE) + "]+")


_MULTI_SPACE = re.compile(r" {2,}")
_MULTI_ZWNJ = re.compile(ZWNJ + "{2,}")
# A ZWNJ beside a space, a line break or a non-letter does nothing but break matching: drop it.
_STRAY_ZWNJ = re.compile(rf"(?<![{_PL}ئءأؤ]){ZWNJ}|{ZWNJ}(?![{_PL}ئءأؤ])")
_WORD = re.compile(rf"[{_PL}ئءأؤ{ZWNJ}]+")
_GLUED_MI = re.compile(rf"(?<![{_PL}ئءأؤ{ZWNJ}])(ن?می)([{_PL}ئءأؤ]+)")
_GLUED_SUFFIXES = ("هایشان", "هایمان", "هایتان", "هایی", "هایش", "های", "ها", "اند", "ایم", "اید", "ام", "ای", "اش")
# A word that ends in ه with a suffix glued on: گروههای, شدهاند, کردهایم, خانهای (the only words
# :func:`_fix_glued_suffix` may split: the pattern leaves the others, most words, out in C).
_GLUABLE = re.compile(rf"(?<![{_PL}ئءأؤ])[{_PL}ئءأؤ]+ه(?:{'|'.join(_GLUED_SUFFIXES)})(?![{_PL}ئءأؤ])")


def _fix_glued_mi(m: re.Match[str]) -> str | None:
    # hazm's seperate_mi rule: only when the result is a verb form in hazm's lexicon (so میز, میلیون
    # and میدان stay whole).
    return r"\1" + ZWNJ + r"\2" if m.group(1) + ZWNJ + m.group(2) in _hazm().verbs else None


def _fix_glued_suffix(m: re.Match[str]) -> list[str | slice] | None:
    word = m.group()
    h = _hazm()
    if word in h.words or word in h.verbs:
        return None
    # Longest suffix first, so گروههای splits as گروه + های, not گروهه + ای.
    for suffix in _GLUED_SUFFIXES:
        stem = word[: -len(suffix)]
        if len(stem) < 2 or not stem.endswith("ه") or not word.endswith(suffix):
            continue
        joined = stem + ZWNJ + suffix
        if joined in h.verbs or joined in h.words or stem in h.counted:
            cut = m.start() + len(stem)
            return [slice(m.start(), cut), ZWNJ, slice(cut, m.end())]
    return None


_TOKEN_RUN = re.compile(rf"[{_PL}ئءأؤ{ZWNJ}]+(?: [{_PL}ئءأؤ{ZWNJ}]+)+")


def _space_to_zwnj(traced: _Traced) -> None:
    """Where hazm's ``token_spacing`` joins two words (``می کند``, ``سخت تر``, ``بین المللی``,
    ``کرده اند``), turn the separating space into a ZWNJ. Only runs of Persian words separated by
    single spaces are looked at, so punctuation never takes part in a join. Same length in and out."""
    h = _hazm()
    chars = list(traced.text)
    changed = False
    for m in _TOKEN_RUN.finditer(traced.text):
        tokens = m.group().split(" ")
        joined = h.token_spacing(tokens)
        if len(joined) == len(tokens):
            continue
        pos = m.start()
        i = 0
        for result in joined:
            acc = tokens[i]
            pos += len(tokens[i])
            while acc != result and i + 1 < len(tokens):
                i += 1
                chars[pos] = ZWNJ  # the space between tokens[i-1] and tokens[i]
                changed = True
                acc += ZWNJ + tokens[i]
                pos += 1 + len(tokens[i])
            i += 1
            pos += 1  # the space after this result token
    if changed:
        traced.text = "".join(chars)


def normalize(text: str, *, zwnj: bool = True, digits: str = "keep") -> Normalized:
    """Normalize Persian ``text`` and keep the map back to it.

    - letters: Arabic ``ي ك ى ة إ ٱ`` and presentation forms → Persian ``ی ک ی ه ا ا`` (hazm's table
      and this module's additions);
    - diacritics, kashida (``ـ``), bidi marks and zero-width spaces removed;
    - every kind of space → one ASCII space; line breaks kept;
    - with ``zwnj``: ZWNJ repaired (``می کند``/``میکند`` → ``می‌کند``, ``شدهاند`` → ``شده‌اند``,
      ``سخت تر`` → ``سخت‌تر``, ``گروههای`` → ``گروه‌های``) and stray ZWNJs removed;
    - ``digits``: ``keep`` (default), ``latin`` or ``persian``.
    """
    if digits not in ("keep", "latin", "persian"):
        raise ConfigError(f"digits must be 'keep', 'latin' or 'persian', not {digits!r}")
    t = _Traced(text)
    t.translate(_char_table(), _char_search())
    t.sub(_marks_pattern(), "")
    t.sub(_MULTI_SPACE, " ")
    t.sub(_MULTI_ZWNJ, ZWNJ)
    t.sub(_STRAY_ZWNJ, "")
    if zwnj:
        t.sub(_GLUED_MI, _fix_glued_mi)
        t.sub(_GLUABLE, _fix_glued_suffix)
        _space_to_zwnj(t)
    if digits == "latin":
        t.translate(DIGITS_TO_LATIN)
    elif digits == "persian":
        t.translate(DIGITS_TO_PERSIAN)
    return t.result()


def normalize_text(text: str, **options: Any) -> str:
    """Just the normalized string (see :func:`normalize`)."""
    return normalize(text, **options).text
