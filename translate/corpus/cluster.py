"""Aligning and scoring a corpus's document pairs on a Ray cluster (``corpus build --executor ray``).

Each actor holds one embedder and runs :func:`~translate.corpus.aligning.align_all` on the groups of
document pairs it is sent (a group's sentences are embedded together, as locally); the driver stores
each document's pairs in the build's store in input order (results that come back early wait for
their turn), so the stored pairs, and so the filters, the deduplication's
choices and the splits, are those of the local executor. The input files must be readable by every node
at the same path (one machine, or a shared file system).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ..config import AlignOptions, ClusterOptions
from ..run.cluster import ClusterInfo, plan_actors
from .aligning import align_all
from .inputs import DocumentPair


#: Document pairs per task: their sentences are embedded together (a few hundred sentences).
GROUP = 16


class AlignWorker:
    """One embedder and the aligner (a Ray actor; a plain class, so it is testable)."""

    def __init__(self, similarity: bool, threads: int | None = None) -> None:
        from ..align.embed import load_embedder

        self.embedder = load_embedder(threads=threads)  # the actor's CPUs, not every core of its node
        self.similarity = similarity

    def align(self, docs: list[DocumentPair]) -> list[tuple[list[dict[str, Any]], int, int]]:
        return [result for _, result in align_all(docs, self.embedder, AlignOptions(), similarity=self.similarity)]


class AlignPool:
    """The aligners, started on the cluster: :meth:`map` aligns documents, results in input order."""

    def __init__(self, ray: Any, options: ClusterOptions, similarity: bool) -> None:
        self.ray, self.options = ray, options
        replicas, nodes = plan_actors(ray, options)
        remote = ray.remote(AlignWorker)
        self.actors = [remote.options(**replica.options(ray)).remote(similarity, replica.cpus) for replica in replicas]
        self.info = ClusterInfo.of(ray, nodes, replicas)

    def map(self, documents: Iterable[DocumentPair]) -> Iterator[tuple[DocumentPair, tuple[list[dict[str, Any]], int, int]]]:
        queue: deque[tuple[list[DocumentPair], Any]] = deque()
        limit = len(self.actors) * self.options.in_flight
        pending = iter(documents)
        for k, group in enumerate(iter(lambda: list(itertools.islice(pending, GROUP)), [])):
            queue.append((group, self.actors[k % len(self.actors)].align.remote(group)))
            if len(queue) >= limit:
                yield from self._collect(*queue.popleft())
        while queue:
            yield from self._collect(*queue.popleft())

    def _collect(self, group: list[DocumentPair], ref: Any
                 ) -> Iterator[tuple[DocumentPair, tuple[list[dict[str, Any]], int, int]]]:
        yield from zip(group, self.ray.get(ref))

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor, no_restart=True)
