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


class Bar:
    """A bar advanced by hand (``update(n, **postfix)``), silent when not on a terminal or quiet."""

    def __init__(self, *, total: int | None, desc: str, unit: str, quiet: bool = False, scale: bool = False,
                 counts: str | None = None) -> None:
        self._bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            shape = None
            if counts:  # e.g. "{n:.0f}/{total_fmt}" for a count advanced in fractions
                shape = "{l_bar}{bar}| " + counts + " [{elapsed}<{remaining}, {rate_fmt}{postfix}]"
            self._bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=True,
                             unit_scale=scale, bar_format=shape)

    def update(self, n: float, **postfix: object) -> None:
        if self._bar is not None:
            self._bar.update(n)
            if postfix:
                self._bar.set_postfix(postfix, refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class RunProgress:
    """A :class:`~translate.run.pipeline.RunObserver` that draws one bar over a run's sentences (rate,
    ETA) with the documents reached."""

    def __init__(self, *, quiet: bool) -> None:
        self.quiet = quiet
        self._bar: Bar | None = None
        self._reading: Bar | None = None
        self._documents = 0

    def reading(self, characters: int) -> None:
        if self._reading is None:
            self._reading = Bar(total=None, desc="reading", unit="char", quiet=self.quiet, scale=True)
        self._reading.update(characters)

    def started(self, documents: int, sentences: int) -> None:
        if self._reading is not None:
            self._reading.close()
        self._documents = documents
        # a sentence translated in parts advances in fractions: the count is shown whole
        self._bar = Bar(total=sentences, desc="sentences", unit="sent", quiet=self.quiet,
                        counts="{n:.0f}/{total_fmt}")

    def advance(self, sentences: float, documents_done: int) -> None:
        if self._bar is not None:
            self._bar.update(sentences, documents=f"{min(documents_done + 1, self._documents)}/{self._documents}")

    def close(self) -> None:
        for bar in (self._reading, self._bar):
            if bar is not None:
                bar.close()
