"""One progress helper for every long loop: a real bar on a terminal, silent otherwise."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], *, desc: str, unit: str = "it", total: int | None = None,
             quiet: bool = False) -> Iterator[T]:
    """Yield ``items``, showing a bar (count, rate, ETA when ``total`` is known) on stderr when it is a
    terminal and ``quiet`` is false. Call sites never branch on whether a bar is shown."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    with logging_redirect_tqdm():  # log records above the bar, not over it
        yield from tqdm(items, desc=desc, unit=unit, total=total, file=sys.stderr, dynamic_ncols=True)


def _bar_class() -> Any:
    from tqdm import tqdm

    class WholeCount(tqdm):  # type: ignore[misc]
        """A bar whose format may show ``{whole}``: the count rounded down (a count advanced in
        fractions shows 0/1 until the sentence is done, not 1/1 half way)."""

        @property
        def format_dict(self) -> dict[str, Any]:
            shown = super().format_dict
            shown["whole"] = int(shown["n"])
            return shown

    return WholeCount


class Bar:
    """A bar advanced by hand (``update(n, **postfix)``), silent when not on a terminal or quiet. While
    it is shown, log records are written above it (not over it)."""

    def __init__(self, *, total: int | None, desc: str, unit: str, quiet: bool = False, scale: bool = False,
                 counts: str | None = None) -> None:
        self._bar = None
        self._count: float = 0
        self._held = contextlib.ExitStack()
        if not quiet and sys.stderr.isatty():
            from tqdm.contrib.logging import logging_redirect_tqdm

            shape = None
            if counts:  # e.g. "{whole}/{total_fmt}" for a count advanced in fractions
                shape = "{l_bar}{bar}| " + counts + " [{elapsed}<{remaining}, {rate_fmt}{postfix}]"
            tqdm = _bar_class()
            self._bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=True,
                             unit_scale=scale, bar_format=shape)
            self._held.enter_context(logging_redirect_tqdm(tqdm_class=tqdm))

    def update(self, n: float, **postfix: object) -> None:
        self._count += n
        if self._bar is not None:
            self._bar.update(n)
            if postfix:
                self._bar.set_postfix(postfix, refresh=False)

    def to(self, count: float) -> None:
        """Advance to ``count`` (for callers told a running total)."""
        self.update(count - self._count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self._held.close()

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
        self._stages: dict[str, Bar] = {}
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
                        counts="{whole}/{total_fmt}")

    def advance(self, sentences: float, documents_done: int) -> None:
        if self._bar is not None:
            self._bar.update(sentences, documents=f"{min(documents_done + 1, self._documents)}/{self._documents}")

    def scoring(self, done: int, total: int) -> None:
        self._after("scoring", "sent", done, total)

    def writing(self, done: int, total: int) -> None:
        self._after("writing", "doc", done, total)

    def _after(self, stage: str, unit: str, done: int, total: int) -> None:
        """A bar for a stage after the translation (a 50-MB folder spends minutes scoring and writing)."""
        bar = self._stages.get(stage)
        if bar is None:
            for earlier in (self._bar, *self._stages.values()):
                if earlier is not None:
                    earlier.close()
            bar = self._stages[stage] = Bar(total=total, desc=stage, unit=unit, quiet=self.quiet)
        bar.to(done)

    def close(self) -> None:
        for bar in (self._reading, self._bar, *self._stages.values()):
            if bar is not None:
                bar.close()
