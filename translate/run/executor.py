"""The one executor shape that ``translate run`` and ``corpus build`` share: a :class:`Worker` turns a
stream of work items into one result per item, in order, and an :class:`Executor` runs a worker over
items here (:class:`LocalExecutor`) or on the actors of a Ray cluster
(:class:`~translate.run.cluster.RayExecutor`), always giving the results back in input order, so
whatever the driver stores from them is the same on either.

The run's items are translation windows (:class:`~translate.run.translating.Window`), the corpus
build's are document pairs; the driver keeps its store and writes each result as it comes back.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, Protocol, TypeVar

I = TypeVar("I")  # noqa: E741 - a work item
R = TypeVar("R")
I_contra = TypeVar("I_contra", contravariant=True)
R_co = TypeVar("R_co", covariant=True)

#: Told how many units of work (sentences, documents) finished inside an item, as they finish (in
#: fractions when a unit is done in parts: a sentence split for the engine).
Progress = Callable[[float], None]


class Worker(Protocol[I_contra, R_co]):
    """Does the work: one result per item, in the items' order, reading ``items`` lazily (a local
    worker may read ahead, e.g. to embed the sentences of many documents together)."""

    def results(self, items: Iterable[I_contra], progress: Progress | None = None) -> Iterator[R_co]: ...


class Executor(Protocol[I, R]):
    """Runs a worker over items; yields ``(item, result)`` in input order. ``info`` is its manifest entry."""

    info: dict[str, Any]

    def map(self, items: Iterable[I], progress: Progress | None = None) -> Iterator[tuple[I, R]]: ...

    def close(self) -> None: ...


class LocalExecutor(Generic[I, R]):
    """The worker in this process, item after item: it is given the next item only when the driver
    has taken the last result or the worker asks for it (the run's translator reads one window ahead,
    to translate it while the driver stores the last; the driver counts keys sent and not yet stored
    as pending, as for a cluster)."""

    def __init__(self, worker: Worker[I, R]) -> None:
        self.worker = worker
        self.info: dict[str, Any] = {"executor": "local"}

    def map(self, items: Iterable[I], progress: Progress | None = None) -> Iterator[tuple[I, R]]:
        taken: deque[I] = deque()

        def read() -> Iterator[I]:
            for item in items:
                taken.append(item)
                yield item

        for result in self.worker.results(read(), progress):
            yield taken.popleft(), result

    def close(self) -> None:
        pass
