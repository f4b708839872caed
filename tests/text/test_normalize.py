"""Normalization: table-driven, with literal Persian, and the offset map checked on every case."""

from __future__ import annotations

import pytest

from translate.errors import ConfigError, PipelineError
from translate.text.normalize import (
    DIGITS_TO_LATIN,
    normalize,
    normalize_text,
    to_latin_digits,
    to_persian_digits,
)

Z = "\u200c"

CASES = [
    # Arabic letters → Persian
    ("آيت الله رئيسي", f"آیت{Z}الله رئیسی"),
    ("كشور", "کشور"),
    ("مصطفى", "مصطفی"),
    ("دائرة المعارف", "دائره المعارف"),
    ("إسلام", "اسلام"),
    # kashida, diacritics, tanween
    ("دنیـــا", "دنیا"),
    ("مُحَمَّد", "محمد"),
    ("طبعاً", "طبعا"),
    # invisible controls and exotic spaces
    ("\u200fسلام\u200e", "سلام"),
    ("سلام\u00a0\u2009دنیا", "سلام دنیا"),
    ("سلام   دنیا", "سلام دنیا"),
    ("خط اول\nخط دوم", "خط اول\nخط دوم"),
    # ZWNJ: stray ones removed, doubled ones collapsed
    (f"{Z}سلام{Z} به {Z}همه{Z}", "سلام به همه"),
    (f"می{Z}{Z}کند", f"می{Z}کند"),
    # ZWNJ repair, the broken forms of the example article
    ("شدهاند", f"شده{Z}اند"),
    ("دادهاند", f"داده{Z}اند"),
    ("میکند", f"می{Z}کند"),
    ("گروههای مقاومت", f"گروه{Z}های مقاومت"),
    ("کردهایم", f"کرده{Z}ایم"),
    ("نمیخواهد", f"نمی{Z}خواهد"),
    # … and their spaced forms
    ("می کند", f"می{Z}کند"),
    ("سخت تر", f"سخت{Z}تر"),
    ("صهیونیست ها", f"صهیونیست{Z}ها"),
    ("کرده ایم", f"کرده{Z}ایم"),
    ("بین المللی", f"بین{Z}المللی"),
    # words that merely start with می or end in ه stay whole
    ("میز و میلیون و میدان", "میز و میلیون و میدان"),
    ("بهانه همه", "بهانه همه"),
    # Latin, URLs, abbreviations and digits are left alone
    ("U.S. و www.irna.ir و ه.ق.", "U.S. و www.irna.ir و ه.ق."),
    ("۲٫۵ و 2.5 و ٢٠", "۲٫۵ و 2.5 و ٢٠"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_every_character_points_at_its_origin(raw: str, expected: str) -> None:
    result = normalize(raw)
    assert len(result.origin) == len(result.text) + 1
    assert result.origin[-1] == len(raw)
    assert list(result.origin[:-1]) == sorted(result.origin[:-1])  # order is kept
    letters = str.maketrans("يكىةإ", "یکیها")
    for i, ch in enumerate(result.text):
        if ch in (Z, " "):
            continue
        assert raw[result.origin[i]].translate(letters) == ch


def test_span_maps_back_to_original() -> None:
    raw = "آيت الله  سيد ابراهيم رئيسي گفت"
    result = normalize(raw)
    start = result.text.index("ابراهیم")
    s, e = result.span(start, start + len("ابراهیم"))
    assert raw[s:e] == "ابراهيم"
    s, e = result.span(0, len(result.text))
    assert (s, e) == (0, len(raw))
    with pytest.raises(PipelineError):
        result.span(0, len(result.text) + 1)


def test_inserted_zwnj_maps_inside_the_word() -> None:
    raw = "آنها شدهاند"
    result = normalize(raw)
    start = result.text.index("شده")
    s, e = result.span(start, len(result.text))
    assert raw[s:e] == "شدهاند"


@pytest.mark.parametrize(
    ("raw", "digits", "expected"),
    [("۱۴۰۲ و 2024 و ١٠", "keep", "۱۴۰۲ و 2024 و ١٠"),
     ("۱۴۰۲ و 2024 و ١٠ و ۲٫۵", "latin", "1402 و 2024 و 10 و 2.5"),
     ("۱۴۰۲ و 2024 و ١٠", "persian", "۱۴۰۲ و ۲۰۲۴ و ۱۰")],
)
def test_digit_options(raw: str, digits: str, expected: str) -> None:
    assert normalize_text(raw, digits=digits) == expected


def test_digit_mapping_is_exposed() -> None:
    assert to_latin_digits("۱۲٬۳۴۵٫۶") == "12,345.6"
    assert to_persian_digits("2023") == "۲۰۲۳"
    assert "۷".translate(DIGITS_TO_LATIN) == "7"


def test_zwnj_repair_can_be_turned_off() -> None:
    assert normalize_text("می کند", zwnj=False) == "می کند"


def test_bad_digit_option() -> None:
    with pytest.raises(ConfigError, match="digits must be"):
        normalize("x", digits="roman")


def test_example_article_broken_forms_are_repaired(example_text: str) -> None:
    text = normalize_text(example_text)
    for broken, fixed in [("شدهاند", f"شده{Z}اند"), ("دادهاند", f"داده{Z}اند"), ("میکند", f"می{Z}کند")]:
        assert broken not in text
        assert fixed in text
