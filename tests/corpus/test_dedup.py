"""Exact and near duplicates, best copy kept, in the store's temporary tables."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

from translate.corpus.dedup import Deduplicator, english_key, persian_key
from translate.corpus.store import CorpusStore


def test_keys_ignore_what_does_not_change_the_text() -> None:
    assert persian_key("كتاب‌ها ۲۵ «خوب»!") == persian_key("کتابها 25 خوب")
    assert english_key("The  Books, 25!") == english_key("the books 25")


def _run(pairs: list[tuple[str, str]], **options: object) -> list[tuple[str, int, int]]:
    settings = {"exact": True, "sides": True, "near": True, "threshold": 0.8, "num_perm": 64, **options}
    with tempfile.TemporaryDirectory() as folder, CorpusStore(Path(folder) / "corpus.sqlite") as store:
        dedup = Deduplicator(store, **settings)  # type: ignore[arg-type]
        return list(dedup.run(SimpleNamespace(id=k, fa=fa, en=en) for k, (fa, en) in enumerate(pairs)))


FA = "رئیس جمهور روسیه در تماس تلفنی با رئیس جمهور ایران درباره بحران غزه و آینده منطقه گفتگو کرد"
EN = "The Russian president discussed the Gaza crisis and the future of the region with Iran's president by phone"


def test_exact_side_and_near_duplicates() -> None:
    found = _run([(FA, EN), (FA + "!", EN.upper()), (FA, "Something else entirely."), ("جمله دیگر", EN),
                  (FA.replace("آینده", "آینده‌ی"), EN.replace("future", "futures")), ("سلام", "Hello")])
    assert found == [("pair", 0, 1), ("persian", 0, 2), ("english", 0, 3), ("near", 0, 4)]


def test_options_turn_kinds_off() -> None:
    pairs = [(FA, EN), (FA, "Something else entirely."), (FA.replace("آینده", "آینده‌ی"), EN.replace("future", "futures"))]
    assert _run(pairs, sides=False, near=False) == []
    assert _run(pairs, sides=False) == [("near", 0, 2)]
