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
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from ..config import ClusterOptions

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
    """The worker in this process, item after item: it is asked for the next item only when the
    driver has taken the last result, so nothing runs ahead of the store."""

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


@contextmanager
def reach(kind: str, cluster: ClusterOptions) -> Iterator[Any]:
    """Where work runs, for the time of the block: ``None`` (this process) for ``kind`` ``local``, the
    Ray module connected to ``cluster`` (:func:`~translate.run.cluster.connected`) for ``ray``. The one
    place where ``run``, ``corpus build`` and the pairing choose."""
    if kind != "ray":
        yield None
        return
    from .cluster import connected

    with connected(cluster) as ray:
        yield ray


@contextmanager
def pool(ray: Any, cluster: ClusterOptions, worker_type: type[Worker[I, R]],
         arguments: Callable[[Any], tuple[Any, ...]], *, group: int = 1,
         describe: Callable[[list[I]], str] = lambda items: f"{len(items)} items",
         on_failure: str = "what was stored is kept, and the same command resumes") -> Iterator[Executor[I, R]]:
    """An executor of ``worker_type``: one built with ``arguments(None)`` here when ``ray`` is ``None``
    (see :func:`reach`), else one on each replica the cluster has room for, built with
    ``arguments(replica)`` and sent ``group`` items a call (a failed call named by ``describe``, and
    ``on_failure`` said of what is left); closed after the block."""
    executor: Executor[I, R]
    if ray is None:
        executor = LocalExecutor(worker_type(*arguments(None)))
    else:
        from .cluster import RayExecutor

        executor = RayExecutor(ray, cluster, worker_type, arguments, group=group, describe=describe,
                               on_failure=on_failure)
    try:
        yield executor
    finally:
        executor.close()
