"""The share of Arabic-script letters (untranslated Persian in an English output)."""

from __future__ import annotations

import pytest

from translate.text.script import arabic_share


@pytest.mark.parametrize(("text", "share"), [
    ("The price of نفت rose", 3 / 17), ("All English", 0.0), ("سلام دنیا", 1.0), ("123 !", 0.0), ("ﻧﻔﺖ", 1.0),
])
def test_arabic_share(text: str, share: float) -> None:
    assert arabic_share(text) == pytest.approx(share)
