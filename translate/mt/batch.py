"""Batching: length-sorted batches under a token budget, so padding stays small."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import ConfigError


def plan_batches(lengths: Sequence[int], max_tokens: int, max_batch: int = 256) -> list[list[int]]:
    """Group indices of items with ``lengths`` into batches, longest first.

    Items are sorted by length, so each batch holds similar lengths and little padding; a batch's
    padded size (``len(batch) * longest``) stays within ``max_tokens`` (an item longer than the budget
    gets a batch of its own). Every index appears exactly once; callers restore the input order.
    """
    if max_tokens < 1 or max_batch < 1:
        raise ConfigError("batch token budget and batch size must be positive")
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        size = max(1, lengths[i])
        if current and (max(longest, size) * (len(current) + 1) > max_tokens or len(current) >= max_batch):
            batches.append(current)
            current, longest = [], 0
        current.append(i)
        longest = max(longest, size)
    if current:
        batches.append(current)
    return batches
