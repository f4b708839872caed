"""Where work runs (:func:`reach`: here or on a Ray cluster, and :func:`pool`: an executor of a
worker type there), and Ray for both executors' cluster side: connecting (:func:`connected`), planning one replica per
node's room (:func:`plan_actors`), and :class:`RayExecutor`, which runs a
:class:`~translate.run.executor.Worker` on those replicas' actors with results in input order. The
run's engine replicas are in :mod:`.replicas`, the corpus build's aligners in
:mod:`translate.corpus.aligning`.

The driver (this process) keeps its store, as the local executor does, and stores each result as it
comes back: a killed driver leaves finished work in the store and the same command goes on from
there; a killed actor is restarted by Ray and its calls are sent again
(``max_restarts``/``max_task_retries``).

Ray is imported only here, only when the Ray executor is chosen (``pip install -e ".[ray]"``).
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic

from ..config import ClusterOptions
from ..errors import ClusterError, ConfigError
from .executor import Executor, I, LocalExecutor, Progress, R, Worker

logger = logging.getLogger(__name__)

NAMESPACE = "persian-translate"


@dataclass(frozen=True, slots=True)
class Replica:
    """Where one actor runs and what it holds."""

    node_id: str
    node: str
    cpus: int
    gpus: float

    def options(self, ray: Any) -> dict[str, Any]:
        """Ray actor options: this node only, these resources, restarted when it dies, its calls retried."""
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        return {"num_cpus": self.cpus, "num_gpus": self.gpus, "max_restarts": -1, "max_task_retries": -1,
                "scheduling_strategy": NodeAffinitySchedulingStrategy(self.node_id, soft=False)}


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    """The cluster a run used, for the manifest."""

    address: str
    nodes: int
    cpus: float
    gpus: float
    replicas: tuple[Replica, ...]

    @classmethod
    def of(cls, ray: Any, nodes: list[Any], replicas: list[Replica]) -> ClusterInfo:
        resources = ray.cluster_resources()
        return cls(ray.get_runtime_context().gcs_address, len(nodes), float(resources.get("CPU", 0)),
                   float(resources.get("GPU", 0)), tuple(replicas))

    def to_dict(self) -> dict[str, Any]:
        return {"executor": "ray", "address": self.address, "nodes": self.nodes, "cpus": self.cpus, "gpus": self.gpus,
                "actors": len(self.replicas),
                "replicas": [{"node": r.node, "cpus": r.cpus, "gpus": r.gpus} for r in self.replicas]}


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError("--executor ray needs Ray: pip install -e \".[ray]\" (or pip install 'ray[default]')") from None
    return ray


@contextmanager
def connected(options: ClusterOptions) -> Iterator[Any]:
    """Ray, connected to ``options.address`` (or a private cluster on this machine, shut down after);
    a session that is connected already (a test's, a notebook's) is used as it is."""
    ray = _ray()
    if ray.is_initialized():
        yield ray
        return
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "namespace": NAMESPACE,
                              "configure_logging": False}
    if options.address:
        _reachable(options.address)
        kwargs["address"] = options.address
    else:  # "local": a new cluster for this run, even when one started with 'ray start' runs here
        kwargs["address"] = "local"
        if options.object_store_memory:
            kwargs["object_store_memory"] = options.object_store_memory
    try:
        ray.init(**kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"cannot connect to the Ray cluster at {options.address or 'this machine'} ({exc}); "
                          "start one with 'ray start --head' or leave out --address for a private one") from None
    try:
        yield ray
    finally:
        ray.shutdown()


def _reachable(address: str) -> None:
    """Fail in seconds, with a message, when a ``host:port`` address does not answer (Ray itself
    retries for minutes)."""
    import socket

    host, _, port = address.rpartition(":")
    if address in ("auto", "local") or "://" in address or not port.isdigit():
        return
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), timeout=5).close()
    except OSError as exc:
        raise ConfigError(f"no Ray cluster answers at {address} ({exc.strerror or exc}): start one there with "
                          "'ray start --head --port PORT', or leave out --address for a private cluster") from None


def plan_actors(ray: Any, options: ClusterOptions) -> tuple[list[Replica], list[dict[str, Any]]]:
    """The replicas, node by node, from the cluster's live nodes and the options."""
    nodes = [n for n in ray.nodes() if n.get("Alive")]
    replicas: list[Replica] = []
    for node in nodes:
        resources = node.get("Resources", {})
        cpus, gpus = int(resources.get("CPU", 0)), float(resources.get("GPU", 0))
        if options.gpus_per_actor:
            count = options.actors_per_node or int(gpus // options.gpus_per_actor)
        else:
            count = options.actors_per_node or (cpus // options.cpus_per_actor if options.cpus_per_actor else 1)
        each = options.cpus_per_actor or (max(1, cpus // count) if count else 0)
        if count < 1 or each > cpus or count * options.gpus_per_actor > gpus:
            continue  # no room on this node (a GPU replica on a CPU node, a node smaller than a replica)
        replicas += [Replica(node["NodeID"], node.get("NodeManagerAddress", "?"), each, options.gpus_per_actor)
                     for _ in range(count)]
    if not replicas:
        raise ConfigError(f"the Ray cluster has no room for an engine replica ({options.cpus_per_actor or 1} CPU, "
                          f"{options.gpus_per_actor} GPU each): add nodes or lower --cpus-per-actor/--gpus-per-actor")
    return replicas, nodes


def _listing(worker_type: type) -> type:
    """``worker_type`` with a method that returns a list (what a Ray actor call can send back)."""

    class Listed(worker_type):  # type: ignore[misc, valid-type]
        def results_list(self, items: list[Any]) -> list[Any]:
            return list(self.results(items))

    Listed.__name__ = Listed.__qualname__ = worker_type.__name__
    return Listed


class RayExecutor(Generic[I, R]):
    """One actor of ``worker_type`` per replica the cluster has room for (see
    :func:`~translate.run.cluster.plan_actors`), built with ``arguments(replica)``. Items go in groups
    of ``group`` to the least busy actor, at most ``options.in_flight`` groups an actor at a time;
    results come back in input order (a group that finished early waits for its turn). Ray restarts
    an actor that dies and sends its calls again; a call that fails for good stops the map with a
    :class:`~translate.errors.ClusterError` that says what was lost (``describe(group)``), why, and
    what is left (``on_failure``: for a driver that stores as results come back, that it resumes)."""

    def __init__(self, ray: Any, options: ClusterOptions, worker_type: type,
                 arguments: Callable[[Any], tuple[Any, ...]], *, group: int = 1, names: str | None = None,
                 describe: Callable[[list[Any]], str] = lambda items: f"{len(items)} items",
                 on_failure: str = "what was stored is kept, and the same command resumes") -> None:
        self.ray, self.options, self.group, self.describe = ray, options, group, describe
        self.on_failure = on_failure
        replicas, nodes = plan_actors(ray, options)
        remote = ray.remote(_listing(worker_type))
        self.names = [f"{names}-{k}" if names else None for k in range(len(replicas))]
        self.actors = [remote.options(**({"name": name} if name else {}), **replica.options(ray))
                       .remote(*arguments(replica)) for name, replica in zip(self.names, replicas)]
        self.cluster = ClusterInfo.of(ray, nodes, replicas)
        self.info = self.cluster.to_dict()

    def call_each(self, method: str, *args: Any) -> list[Any]:
        """``method(*args)`` on every actor (waiting for them to start); a clear error if one cannot."""
        try:
            return self.ray.get([getattr(a, method).remote(*args) for a in self.actors])
        except Exception as exc:  # an actor that cannot start raises Ray's wrapper of the library's error
            raise ConfigError(f"the workers could not start on the cluster: {_cause(exc)}") from None

    def map(self, items: Iterable[I], progress: Progress | None = None) -> Iterator[tuple[I, R]]:
        ray = self.ray
        source = iter(items)
        order: deque[tuple[list[I], Any]] = deque()  # groups sent, in input order
        running: dict[Any, int] = {}  # ref -> actor, for the groups not back yet
        done: dict[Any, list[R]] = {}
        load = [0] * len(self.actors)
        limit = len(self.actors) * self.options.in_flight

        def settle(block: bool) -> None:
            ready, _ = ray.wait(list(running), num_returns=1, timeout=None if block else 0)
            for ref in ready:
                load[running.pop(ref)] -= 1
                group = next(g for g, r in order if r == ref)
                try:
                    done[ref] = ray.get(ref)
                except ray.exceptions.RayError as exc:  # the worker raised, or Ray gave up on it
                    raise ClusterError(f"{self.describe(group)} failed on the cluster: {_cause(exc)}; "
                                        f"{self.on_failure}") from None

        def ready() -> Iterator[tuple[I, R]]:
            while order and order[0][1] in done:
                group, ref = order.popleft()
                yield from zip(group, done.pop(ref))

        for group in iter(lambda: list(itertools.islice(source, self.group)), []):
            # at most `limit` groups running, and at most twice that waiting for an earlier one
            while running and (len(running) >= limit or len(order) >= 2 * limit):
                settle(block=True)
                yield from ready()
            actor = min(range(len(self.actors)), key=load.__getitem__)
            ref = self.actors[actor].results_list.remote(group)
            load[actor] += 1
            running[ref] = actor
            order.append((group, ref))
            settle(block=False)
            yield from ready()
        while order:
            if order[0][1] not in done:
                settle(block=True)
            yield from ready()

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor, no_restart=True)


def _cause(exc: BaseException) -> str:
    """The library's own message inside Ray's wrapper, or Ray's."""
    cause = getattr(exc, "cause", None)
    return str(cause) if cause is not None else str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)


@contextmanager
def reach(kind: str, cluster: ClusterOptions) -> Iterator[Any]:
    """Where work runs, for the time of the block: ``None`` (this process) for ``kind`` ``local``, the
    Ray module connected to ``cluster`` (:func:`connected`) for ``ray``. The one
    place where ``run``, ``corpus build`` and the pairing choose."""
    if kind != "ray":
        yield None
        return
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
        executor = RayExecutor(ray, cluster, worker_type, arguments, group=group, describe=describe,
                               on_failure=on_failure)
    try:
        yield executor
    finally:
        executor.close()
