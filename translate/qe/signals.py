"""Reference-free signals of a Persian→English pair, shared by the sentence aligner (as anchors and a
length model) and the scorer (as columns).

- length: ``log(len_en / (1.012 × len_fa)) / 0.19`` — how many standard deviations the length ratio is
  from the one fitted on NTREX Persian→English news (0 is typical; below −2 something is missing);
- numbers: the numbers of each side after mapping Persian and Arabic-Indic digits and dropping
  thousands separators (``۱٬۰۰۰`` = ``1,000`` = ``1000``) — the aligner's anchors; the scorer compares
  them as a translator would (:mod:`translate.qe.numbers`);
- script: the share of the English side's letters in Arabic script (untranslated Persian);
- repetition: the share of word 3-grams that repeat an earlier one (decoding loops).
"""

from __future__ import annotations

import math
import re

from ..text.normalize import to_latin_digits
from ..text.script import arabic_share

#: English characters per Persian character in news translation (NTREX: 1.012 overall, median 1.015,
#: standard deviation of the log-ratio 0.19).
LENGTH_RATIO = 1.012
LENGTH_SIGMA = 0.19

_NUMBER = re.compile(r"\d+(?:[.,٫٬]\d+)*")


def numbers(text: str) -> frozenset[str]:
    """The numbers in ``text`` as Latin digits without thousands separators."""
    return frozenset(n.replace(",", "").replace("٬", "") for n in _NUMBER.findall(to_latin_digits(text)))


def length_deviation(source: str, target: str) -> float:
    """Signed standard deviations of the length ratio from :data:`LENGTH_RATIO` (10 characters added
    to both sides, so very short pairs are not extreme)."""
    return math.log((len(target) + 10) / (LENGTH_RATIO * len(source) + 10)) / LENGTH_SIGMA


def number_agreement(source: str, target: str) -> float:
    """Share of the numbers in digits of either side that the other says, as a translator compares
    them (number words, multipliers, unit conversions, Hijri years: :mod:`translate.qe.numbers`);
    1 when neither has numbers in digits."""
    from .numbers import agreement

    return agreement(source, target)


def persian_share(target: str) -> float:
    """Share of the translation's letters in Persian/Arabic script."""
    return arabic_share(target)


def repetition_share(target: str) -> float:
    """Share of the translation's word 3-grams that repeat an earlier one."""
    words = target.lower().split()
    grams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
    return 1 - len(set(grams)) / len(grams) if grams else 0.0
