"""Numbers compared as a translator would, on sentences of NTREX (professional Persian translations of
English news) and on corrupted copies."""

from __future__ import annotations

import pytest

from translate.qe.numbers import agreement, extract, unmatched
from translate.qe.score import score_pairs

from ..conftest import SHARED_DATA, needs_shared

AGREE = [
    # number words and ordinals
    ("شواهدی از عقاید قرن نوزدهم", "evidence of 19th century opinion"),
    ("او در نهایت در چهل و چهارمین دور وارد پیت استاپ شد", "He came into the pits on the 44th lap"),
    ("58 درصد از رأی دهندگان", "Fifty-eight percent of voters"),
    ("برای 6 بازی اول فصل", "the six-game preseason schedule"),
    ("تیمش یک صفر عقب بود", "his team trailing 1-0"),
    # multipliers, separators, Persian decimals, clock times, leading zeros, phone numbers
    ("۱۰ هزار نفر", "10,000 people"),
    ("بیش از 360،000 نفر", "more than 360,000 people"),
    ("با ۷/۵۵ امتیاز", "with 7.55 points"),
    ("۲٬۵۲ درصد", "2.52 percent"),
    ("در ساعت ۴:۴۰ صبح", "at 4.40 am"),
    ("شماره ۰۸۰۰۵۵۵۱۱۱", "call 0800 555 111"),
    ("ساعت ۹", "at 09"),
    # unit conversions named on both sides, with translators' rounding
    ("تا ۲۵۰ میلیمتر باران", "up to 10 inches of rain"),
    ("خوک 250 کیلوگرمی", "the 550 pound hog"),
    ("۱۳۷ کیلومتری جنوب", "85 miles south"),
    ("سمیز، جوان 182 سانتی", "A 6-foot junior"),
    ("اختلاف ۶ درجه سانتیگراد", "a difference of 10 degrees Fahrenheit"),
    # Solar Hijri and Gregorian years
    ("در سال ۱۳۹۷", "in 2018"),
]
DISAGREE = [
    ("۱۰ هزار نفر", "10 people"),
    ("طوفان کاترینا (۱۹۷۶)", "Katrina (1967)"),
    ("تا ۲۵۰ میلیمتر باران", "up to 25 inches of rain"),
    ("۲۵ نفر", "26 people"),
    ("بیست و پنج نفر و ۳ کودک", "twenty-five people and 4 children"),
]


@pytest.mark.parametrize("source,target", AGREE)
def test_the_same_numbers_said_differently_agree(source: str, target: str) -> None:
    assert unmatched(source, target) == ([], []), (source, target)
    assert agreement(source, target) == 1.0


@pytest.mark.parametrize("source,target", DISAGREE)
def test_different_numbers_disagree(source: str, target: str) -> None:
    assert agreement(source, target) < 1.0


def test_a_number_kept_with_its_unit_changed_is_not_caught() -> None:
    """A known limit: the same figure agrees whatever the units («30 متری» became "30 yards" in a
    professional NTREX translation)."""
    assert agreement("خوک 250 کیلوگرمی", "the 250 pound hog") == 1.0


def test_words_support_but_never_count_against() -> None:
    # «یک» is also the indefinite article: unmatched number words cost nothing
    assert agreement("یک خوک و دو گاو", "a pig and cows") == 1.0
    assert extract("یک خوک و دو گاو").digits == ()
    assert extract("بیست و پنج").words == (25.0,)


@needs_shared("parallel", "ntrex.fa-en.fa")
def test_professional_translations_are_rarely_bad_without_the_embedder() -> None:
    """The 1,025 NTREX human pairs: before this matcher, 34 were bad on numbers alone."""
    fa = (SHARED_DATA / "parallel" / "ntrex.fa-en.fa").read_text(encoding="utf-8").splitlines()
    en = (SHARED_DATA / "parallel" / "ntrex.fa-en.en").read_text(encoding="utf-8").splitlines()
    scores = score_pairs(fa, en)
    bad_on_numbers = sum(s.verdict == "bad" and "numbers" in s.reasons for s in scores)
    assert bad_on_numbers <= 5 and sum(s.verdict == "bad" for s in scores) <= 0.015 * len(scores)


UNIT_TEXTS = ["۲۵۰ میلی‌متر", "250 MM of rain", "۳ سانتی متر", "5 Cm", "۱۲ کیلومتر", "12 KM", "۴ متر", "4 Meters",
              "6 metres", "۸۰ کیلو", "80 KG", "۲۰ درجه", "20 °C", "سانتیگراد", "سلسیوس", "۲ لیتر", "10 Inches",
              "3 FOOT", "3 feet", "3 ft", "2 Yards", "5 Miles", "60 MPH", "5 Pounds", "4 LBS", "Fahrenheit",
              "68 °F", "20 Degrees", "3 Gallons", "no unit at all", "یکی بدون واحد"]


@needs_shared("parallel", "ntrex.fa-en.fa")
def test_units_found_with_and_without_the_substring_test() -> None:
    """The substring test before the unit patterns never changes what they find."""
    from translate.qe import numbers

    def by_patterns(text: str) -> frozenset[str]:
        return frozenset({numbers._FA_NAMES[m.lastindex - 1] for m in numbers._FA_UNITS.finditer(text) if m.lastindex}
                         | {numbers._EN_NAMES[m.lastindex - 1] for m in numbers._EN_UNITS.finditer(text) if m.lastindex})

    lines = [line for name in ("ntrex.fa-en.fa", "ntrex.fa-en.en")
             for line in (SHARED_DATA / "parallel" / name).read_text(encoding="utf-8").splitlines()]
    found = 0
    for text in UNIT_TEXTS + lines:
        expected = by_patterns(text)
        found += bool(expected)
        assert extract(text).units == expected, text
    assert found >= len(UNIT_TEXTS) - 2  # the texts name units, and NTREX holds some
