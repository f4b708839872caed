"""Reference-free signals with literal pairs: numbers across digit sets, length, script, repetition."""

from __future__ import annotations

import pytest

from translate.qe.signals import length_deviation, number_agreement, numbers, persian_share, repetition_share

FA = "قیمت نفت به ۸۵ دلار و ۱٬۲۰۰ بشکه رسید."
EN = "The oil price reached 85 dollars and 1,200 barrels."


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [(FA, EN, 1.0), (FA, "The oil price reached 86 dollars and 1,200 barrels.", 0.5),
     ("سلام", "Hello", 1.0), (FA, "The oil price rose.", 0.0), ("۲٫۵ درصد", "2.5 percent", 1.0)],
)
def test_number_consistency_across_digit_sets(source: str, target: str, expected: float) -> None:
    assert number_agreement(source, target) == expected


def test_length_persian_and_repetition_signals() -> None:
    assert 0 < length_deviation(FA, EN) < 1.8  # 51 English characters for 38 Persian: longer, not suspicious
    assert length_deviation(FA, "Oil.") < -3
    assert persian_share("The price of نفت rose") == pytest.approx(3 / 17)
    assert persian_share("All English") == 0.0
    assert repetition_share("in the city in the city in the city") == pytest.approx(4 / 7)  # 4 of 7 trigrams repeat
    assert repetition_share("a perfectly ordinary sentence here") == 0.0


def test_numbers_are_compared_across_digit_sets() -> None:
    assert numbers("۲۵ و ۱٬۰۰۰ و ۲٫۵") == {"25", "1000", "2.5"}
    assert numbers("25 and 1,000 and 2.5") == {"25", "1000", "2.5"}
