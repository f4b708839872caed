"""Splits: units (documents, blocks of lines) go to train/validation/test by a hash of their id; a
requested split is never empty when there are units enough, and too few units are refused."""

from __future__ import annotations

import re

import pytest

from translate.corpus.build import assign_splits, unit_hash
from translate.corpus.config import SplitRules
from translate.errors import ConfigError


@pytest.mark.parametrize("n", [3, 4, 7, 11, 30])
def test_small_corpora_get_every_split(n: int) -> None:
    units = [f"news:{k}" for k in range(n)]
    splits = assign_splits(units, SplitRules())
    assert set(splits) == set(units)
    assert {s: list(splits.values()).count(s) >= 1 for s in ("train", "validation", "test")} == \
        {"train": True, "validation": True, "test": True}
    assert list(splits.values()).count("train") >= n // 2


def test_large_corpora_follow_the_hash_and_stay_put() -> None:
    """With units enough, each unit's split is its hash's band alone: adding units moves no other one."""
    rules = SplitRules(validation=0.1, test=0.1)
    units = [f"doc{k}" for k in range(2000)]
    splits = assign_splits(units, rules)
    for unit in units[:200]:
        x = unit_hash(unit, rules.seed)
        assert splits[unit] == ("test" if x < 0.1 else "validation" if x < 0.2 else "train")
    more = assign_splits(units + [f"new{k}" for k in range(500)], rules)
    assert all(more[u] == splits[u] for u in units)
    shares = {s: list(splits.values()).count(s) / len(units) for s in ("validation", "test")}
    assert all(0.08 < v < 0.12 for v in shares.values())


def test_zero_shares_ask_for_fewer_splits_and_too_few_units_are_refused() -> None:
    assert set(assign_splits(["a", "b"], SplitRules(validation=0, test=0.05)).values()) == {"train", "test"}
    assert set(assign_splits(["a"], SplitRules(validation=0, test=0)).values()) == {"train"}
    with pytest.raises(ConfigError, match=re.escape(
            "2 blocks of 20 lines with kept pairs are too few for the splits train, validation, test (each needs "
            "one at least): give more data, fewer [split] block_lines, or set [split] validation = 0 and/or test = 0")):
        assign_splits(["x:0", "x:1"], SplitRules(), "blocks of 20 lines")


def test_the_seed_changes_the_draw() -> None:
    units = [f"doc{k}" for k in range(200)]
    assert assign_splits(units, SplitRules()) != assign_splits(units, SplitRules(seed="other"))
