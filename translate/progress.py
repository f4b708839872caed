"""One progress helper for every long loop: a real bar on a terminal, silent otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], *, desc: str, unit: str = "it", total: int | None = None,
             quiet: bool = False) -> Iterator[T]:
    """Yield ``items``, showing a bar (count, rate, ETA when ``total`` is known) on stderr when it is a
    terminal and ``quiet`` is false. Call sites never branch on whether a bar is shown."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, unit=unit, total=total, file=sys.stderr, dynamic_ncols=True)
