"""Numbers compared as a translator would: a Persian sentence and its English say the same numbers when
every number *written in digits* on either side is found on the other — as digits, as words
(``قرن نوزدهم`` ↔ 19th century, ``fifty-eight`` ↔ 58), with a multiplier (``۱۰ هزار`` ↔ 10,000,
``دو میلیون`` ↔ 2 million), converted between units named on both sides (millimetres ↔ inches, km ↔
miles, kg ↔ pounds, °C ↔ °F, with the rounding translators use), as a Solar Hijri ↔ Gregorian year,
or as the same digits grouped differently (phone numbers).

Numbers in words are *supporting* evidence only: they can match a number in digits on the other side,
but an unmatched one counts against nothing — ``یک`` is also the indefinite article and ``one`` a
pronoun. Persian separators: ``٫`` and ``/`` between digits are decimal points (``۷/۵۵`` = 7.55),
``٬`` and ``،`` group thousands when three digits follow (``۳۶۰،۰۰۰``), else mark decimals; a clock
time ``۴:۴۰`` matches ``4.40``. Number words come from ``num2words`` tables (Persian and English
cardinals and ordinals up to 999), built once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..text.normalize import DIGITS_TO_LATIN

# A number in digits (any script's: ``\d`` is Unicode's), groups joined by separators (each decided
# below; ``٫`` and ``٬`` are the Persian decimal and thousands separators).
_DIGITS = re.compile(r"\d+(?:[.,'،/:٫٬]\d+)*")
#: The Persian thousands separator ``٬``, kept apart from the comma (which may separate a list) as ``'``.
_MOMAYYEZ = str.maketrans("٬", "'")
#: Persian and Arabic-Indic digits and the decimal separator to ASCII, the momayyez to an apostrophe (one
#: pass of both tables).
_TO_LATIN = {**DIGITS_TO_LATIN, **_MOMAYYEZ}
_MULTIPLIERS = {"هزار": 1e3, "میلیون": 1e6, "میلیارد": 1e9, "thousand": 1e3, "million": 1e6, "billion": 1e9,
                "trillion": 1e12, "bn": 1e9}
_WORD = re.compile(r"[^\W\d_]+")  # hyphens split words: «fifty-eight» is read as «fifty eight»
_AFTER = re.compile(r"[\s\u200c]*([^\W\d_]+)")
_NOT_DIGIT = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written (``text``), its value, and its digits (to compare phone numbers)."""

    text: str
    value: float
    digits: str


@dataclass(frozen=True, slots=True)
class Numbers:
    """The numbers of a text: in digits (each must be matched) and in words (may match)."""

    digits: tuple[Number, ...]
    words: tuple[float, ...]
    units: frozenset[str]


def _value(raw: str) -> float:
    """The value of a number in digits (Latin digits), separators decided as the module says."""
    parts = re.split(r"([.,'،/:])", raw)
    out = parts[0]
    for sep, group in zip(parts[1::2], parts[2::2]):
        if sep in ",'،" and len(group) == 3:
            out += group  # thousands
        elif "." in out:
            break  # a second decimal point: stop at the first number
        else:
            out += "." + group
    return float(out)


def _split(raw: str) -> list[str]:
    """A digit run with separators as one number, or as several when it is a list, a date or a score
    (``1-0`` is already apart; ``1399/05/12``, ``18,7`` with commas not grouping thousands)."""
    if raw.count("/") > 1 or raw.count(":") > 1 or re.search(r"[,،](?!\d{3}(?:\D|$))", raw):
        return [p for p in re.split(r"[/:,،]", raw) if p]
    return [raw]


@functools.lru_cache(maxsize=1)
def _word_values() -> dict[str, float]:
    """Number words (lower-cased) → value: Persian and English cardinals and ordinals up to 999."""
    from num2words import num2words

    table: dict[str, float] = {}
    for n in range(0, 1000):
        for lang in ("fa", "en"):
            for form in (num2words(n, lang=lang), num2words(n, lang=lang, to="ordinal")):
                table[form.lower().replace("-", " ").replace(",", "")] = float(n)
        table[num2words(n, lang="fa", to="ordinal") + "ین"] = float(n)  # چهل و چهارمین
    # Persian usage num2words does not give: «اول» (first), «یکی» (one of), «نیم» (half), «دهها»…
    table.update({"اول": 1.0, "اولین": 1.0, "یکی": 1.0, "نیم": 0.5, "half": 0.5, "a dozen": 12.0, "dozen": 12.0})
    return table


@functools.lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The words a number phrase can start with: any other token starts none (most tokens of a text)."""
    return frozenset(key.split(" ", 1)[0] for key in _word_values())


def _words(lower: str) -> list[float]:
    """Values of the number words in ``lower``, a lower-cased text (longest phrases first: «بیست و پنج»,
    «forty-four»)."""
    table, first = _word_values(), _first_words()
    tokens = _WORD.findall(lower)
    out: list[float] = []
    if first.isdisjoint(tokens):  # most sentences: no word a number phrase starts with
        return out
    i = 0
    while i < len(tokens):
        if tokens[i] not in first:
            i += 1
            continue
        for width in (7, 5, 3, 2, 1):  # «نهصد و نود و نه» is five tokens; «one hundred and five» four
            phrase = tokens[i:i + width]
            if len(phrase) < width:
                continue
            key = " ".join(phrase)
            if key in table:
                value = table[key]
                nxt = tokens[i + width] if i + width < len(tokens) else ""
                out.append(value * _MULTIPLIERS.get(nxt, 1.0))
                i += width
                break
        else:
            i += 1
    return out


# Units a translator converts: the Persian (or metric) name and the English (imperial) one.
_FA_UNITS = re.compile(r"(میلی[\s\u200c]?متر|\bmm\b)|(سانتی[\s\u200c]?متر|سانتی|\bcm\b)|(کیلو[\s\u200c]?متر|\bkm\b)"
                       r"|(متر|\bmeters?\b|\bmetres?\b)|(کیلو[\s\u200c]?گرم|کیلو|\bkg\b)|(درجه|سانتیگراد|سلسیوس|°C)"
                       r"|(لیتر)", re.IGNORECASE)
_FA_NAMES = ("mm", "cm", "km", "m", "kg", "c", "l")
_EN_UNITS = re.compile(r"\b(inch(?:es)?)\b|\b(foot|feet|ft)\b|\b(yards?)\b|\b(miles?|mph)\b|\b(pounds?|lbs?)\b"
                       r"|(fahrenheit|°F|\bdegrees?\b)|\b(gallons?)\b", re.IGNORECASE)
_EN_NAMES = ("in", "ft", "yd", "mi", "lb", "f", "gal")
# A piece of every alternative of each pattern (lower case): a text holding none names no unit (most
# sentences), and a search for the pieces costs a fraction of the patterns' search.
_FA_PIECES = re.compile("متر|mm|سانتی|cm|کیلو|km|meter|metre|kg|درجه|سلسیوس|°|لیتر").search
_EN_PIECES = re.compile("inch|foot|feet|ft|yard|mile|mph|pound|lb|fahrenheit|°|degree|gallon").search
_CONVERSIONS: dict[tuple[str, str], tuple[Callable[[float], float], ...]] = {
    ("mm", "in"): (lambda x: x / 25.4,),
    ("cm", "in"): (lambda x: x / 2.54,),
    ("cm", "ft"): (lambda x: x / 30.48,),
    ("m", "ft"): (lambda x: x * 3.28084,),
    ("m", "yd"): (lambda x: x * 1.09361,),
    ("km", "mi"): (lambda x: x * 0.621371,),
    ("kg", "lb"): (lambda x: x * 2.20462,),
    ("c", "f"): (lambda x: x * 1.8 + 32, lambda x: x * 1.8),  # a temperature, or a difference of two
    ("l", "gal"): (lambda x: x * 0.264172,),
}


def _units(pattern: re.Pattern[str], names: tuple[str, ...], pieces: Callable[[str], object], text: str,
           lower: str) -> set[str]:
    if not pieces(lower):
        return set()
    return {names[m.lastindex - 1] for m in pattern.finditer(text) if m.lastindex}


# The same texts are asked for again and again: the scorer, then every exporter's verdict reasons in
# words (six formats), read the numbers of each pair; :class:`Numbers` is immutable, so a bounded cache
# serves the repeats (it cut a 23,000-sentence run's writing time by half).
@functools.lru_cache(maxsize=16384)
def extract(text: str) -> Numbers:
    """The numbers of ``text`` (see the module docstring)."""
    digits: list[Number] = []
    # Only the numbers are read as Latin digits: a pass over the whole text cost a third of the time.
    for m in _DIGITS.finditer(text):
        after = _AFTER.match(text, m.end())
        multiplier = _MULTIPLIERS.get(after.group(1).lower(), 1.0) if after else 1.0
        for raw in _split(m.group().translate(_TO_LATIN)):
            try:
                value = _value(raw) * multiplier
            except ValueError:
                continue
            digits.append(Number(m.group(), value, _NOT_DIGIT.sub("", raw)))
    lower = text.lower()
    units = _units(_FA_UNITS, _FA_NAMES, _FA_PIECES, text, lower) | _units(_EN_UNITS, _EN_NAMES, _EN_PIECES, text, lower)
    return Numbers(tuple(digits), tuple(_words(lower)), frozenset(units))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.1 * abs(b), 0.5)  # translators round converted figures


def _converts(x: float, y: float, conversions: Iterable[Callable[[float], float]]) -> bool:
    return any(_close(f(x), y) for f in conversions)


def _years(x: float, y: float) -> bool:
    """A Solar Hijri year and its Gregorian (either way round)."""
    for a, b in ((x, y), (y, x)):
        if 1300 <= a <= 1450 and a == int(a) and b - a in (621, 622):
            return True
    return False


def unmatched(source: str, target: str) -> tuple[list[Number], list[Number]]:
    """The numbers in digits of each side that the other side does not say."""
    a, b = extract(source), extract(target)
    # conversions from the units the Persian names to those the English names
    conversions = [f for (s, t), fs in _CONVERSIONS.items() if s in a.units and t in b.units for f in fs]

    def values(side: Numbers) -> list[float]:
        return [m.value for m in side.digits] + list(side.words)

    def same(x: float, y: float) -> bool:  # x on the Persian side, y on the English side
        return x == y or _years(x, y) or _converts(x, y, conversions)

    left = [n for n in a.digits if not any(same(n.value, v) for v in values(b))]
    right = [n for n in b.digits if not any(same(v, n.value) for v in values(a))]
    # the same digits grouped differently (0800 555 111 = ۰۸۰۰۵۵۵۱۱۱)
    joined = "".join(n.digits for n in left)
    if len(left) + len(right) >= 3 and len(joined) >= 7 and joined == "".join(n.digits for n in right):
        return [], []
    return left, right


def agreement(source: str, target: str) -> float:
    """Share of the numbers in digits of either side that the other says (1 when neither has any)."""
    a, b = extract(source), extract(target)
    total = len(a.digits) + len(b.digits)
    if not total:
        return 1.0
    left, right = unmatched(source, target)
    return (total - len(left) - len(right)) / total
