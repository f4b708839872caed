"""Each filtering rule on pairs made to trip it, and a true pair that trips none."""

from __future__ import annotations

from dataclasses import replace

import pytest

from translate.corpus.config import FilterRules
from translate.corpus.filters import reject
from translate.corpus.store import StoredPair

GOOD = StoredPair(1, "d", 0, "رئیس جمهور روسیه با رئیس جمهور ایران گفتگو کرد.",
                  "The Russian president spoke with Iran's president.", [0], [0], 0, 40, 0.4,
                  {"similarity": 0.9, "length": 0.2, "numbers": 1.0, "persian": 0.0, "repetition": 0.0}, "ok", [], 3.0,
                  None, None, None)


@pytest.mark.parametrize("change,reason", [
    ({"bead_target": []}, "unaligned"),
    ({"en": " "}, "too short"),
    ({"en": "word " * 200}, "too long"),
    ({"scores": {**GOOD.scores, "length": -3.5}}, "length ratio"),
    ({"en": GOOD.fa}, "copied"),
    ({"scores": {**GOOD.scores, "persian": 0.6}}, "untranslated"),
    ({"en": "All rights reserved by the agency today."}, "boilerplate"),
    ({"fa": "انتهای پیام و خبر امروز"}, "boilerplate"),
    ({"scores": {**GOOD.scores, "similarity": 0.7}}, "similarity"),
    ({"scores": {**GOOD.scores, "numbers": 0.0}}, "numbers"),
    ({"scores": {**GOOD.scores, "repetition": 0.5}}, "repetition"),
    ({"alignment": -0.9}, "alignment score"),
])
def test_each_rule(change: dict, reason: str) -> None:
    assert reject(GOOD, FilterRules()) is None
    assert reject(replace(GOOD, **change), FilterRules()) == reason


def test_rules_turned_off() -> None:
    rules = replace(FilterRules(), min_similarity=False, boilerplate=())
    assert reject(replace(GOOD, scores={**GOOD.scores, "similarity": 0.1}), rules) is None
    assert reject(replace(GOOD, en="All rights reserved by the agency today."), rules) is None
