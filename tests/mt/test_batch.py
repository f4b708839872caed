"""Length-sorted batches under a token budget."""

from __future__ import annotations

import pytest

from translate.errors import ConfigError
from translate.mt.batch import plan_batches


@pytest.mark.parametrize(
    ("lengths", "budget", "expected"),
    [
        ([3, 1, 2], 100, [[0, 2, 1]]),  # sorted longest first, one batch
        ([5, 5, 5, 5], 10, [[0, 1], [2, 3]]),  # 2 × 5 fills the budget
        ([50, 1, 1], 10, [[0], [1, 2]]),  # an item over budget gets its own batch
        ([], 10, []),
    ],
)
def test_plan_batches(lengths: list[int], budget: int, expected: list[list[int]]) -> None:
    batches = plan_batches(lengths, budget)
    assert batches == expected
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))


def test_a_bad_budget_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="must be positive"):
        plan_batches([1, 2], 0)
