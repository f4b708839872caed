"""The translation stage on a Ray cluster (``translate run --executor ray``).

The driver (this process) keeps the run store, as the local executor does: it plans the same windows
(:func:`~translate.run.translating.plan_windows`), sends each to a pool of Ray actors — one engine
replica each, opened from the same :class:`~translate.config.EngineConfig`, with its own glossary stage
— and stores each window's translations in one transaction as it comes back. So the translation
memory, resuming and every output work as locally: a killed driver leaves finished windows in the
store and the same command goes on from there; a killed actor is restarted by Ray and its windows
are sent again (``max_restarts``/``max_task_retries``), and a window is stored once, when its result
arrives. Each replica decodes a window with the engine's own length-sorted token batches.

Ray is imported only here, only when this executor is chosen (``pip install -e ".[ray]"``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from ..config import ClusterOptions, DecodeOptions, EngineConfig, EnforceOptions
from ..errors import ConfigError, ModelError, PipelineError
from ..records import Translation
from ..terms.glossary import Glossary, Hit
from .store import RunStore, StoredSentence
from .translating import plan_windows

logger = logging.getLogger(__name__)

#: The actors' name prefix (tests and operators find them with ``ray.get_actor``).
ACTOR_PREFIX = "translate-engine-"
NAMESPACE = "persian-translate"


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """What the driver records of the replicas' engine (the fields the signature and manifest read)."""

    name: str
    model_id: str
    device: str
    quantization: str | None
    vocabulary: int
    vocabulary_map: str | None


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


class EngineWorker:
    """One engine replica and its glossary stage (a Ray actor; plain class so it is testable)."""

    def __init__(self, engine: EngineConfig, decode: DecodeOptions, enforce: EnforceOptions,
                 glossaries: tuple[str, ...]) -> None:
        from ..mt import open_configured
        from ..terms.enforce import TermStage, fit_vocabulary
        from ..terms.glossary import load_glossary

        self.engine = open_configured(engine)
        self.glossary = load_glossary(glossaries) if glossaries else None
        if self.glossary is not None:
            fit_vocabulary(self.engine, self.glossary.entries)
        self.matcher = self.glossary.matcher() if self.glossary else None
        self.stage = TermStage(self.engine, decode, enforce, glossary=self.glossary is not None)

    def describe(self) -> EngineInfo:
        e = self.engine
        return EngineInfo(e.name, e.model_id, e.device, e.quantization, e.vocabulary, e.vocabulary_map)

    def translate(self, todo: list[StoredSentence]) -> list[tuple[str, Translation]]:
        from .translating import translate_window

        matcher = self.matcher
        hits: list[list[Hit]] = [[matcher.from_dict(h) for h in r.hits] if matcher else [] for r in todo]
        return translate_window(self.stage, todo, hits)

    def pid(self) -> int:
        return os.getpid()


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


class EnginePool:
    """The replicas, started on the cluster; :meth:`run` streams windows through them."""

    def __init__(self, ray: Any, options: ClusterOptions, engine: EngineConfig, decode: DecodeOptions,
                 enforce: EnforceOptions, glossary: Glossary | None) -> None:
        self.ray, self.options = ray, options
        replicas, nodes = plan_actors(ray, options)
        # Each replica decodes with its CPUs as threads; the model is found on each node by the same name/path.
        device = "cuda" if options.gpus_per_actor else ("cpu" if engine.device == "auto" else engine.device)
        remote = ray.remote(EngineWorker)
        glossaries = tuple(path for path, _ in glossary.files) if glossary else ()
        run_id = os.urandom(4).hex()
        self.names = [f"{ACTOR_PREFIX}{run_id}-{k}" for k in range(len(replicas))]
        self.actors = [remote.options(name=name, **replica.options(ray))
                       .remote(replace(engine, threads=replica.cpus, device=device), decode, enforce, glossaries)
                       for name, replica in zip(self.names, replicas)]
        try:
            infos = ray.get([a.describe.remote() for a in self.actors])
        except Exception as exc:  # an actor that cannot start raises Ray's wrapper of the library's error
            raise ConfigError(f"the engine replicas could not start on the cluster: {exc}") from None
        if len(set(infos)) != 1:
            raise PipelineError(f"the engine replicas differ ({set(infos)}); every node must hold the same model")
        self.engine = infos[0]
        self.info = ClusterInfo.of(ray, nodes, replicas)

    def run(self, store: RunStore, signature: str, progress: Callable[[int, int], None] | None = None,
            window: int = 1000) -> int:
        """Translate every sentence of the store without a translation under ``signature`` (see
        :func:`~translate.run.translating.translate_run`); return how many the memory served."""
        ray = self.ray
        pending: set[str] = set()
        in_flight: dict[Any, tuple[int, int, list[StoredSentence]]] = {}
        load = [0] * len(self.actors)
        from_memory = 0

        def tell(n: int, at: int) -> None:
            if progress:
                progress(n, at)

        def collect(block: bool) -> None:
            ready, _ = ray.wait(list(in_flight), num_returns=1, timeout=None if block else 0)
            for ref in ready:
                actor, last, todo = in_flight.pop(ref)
                load[actor] -= 1
                try:
                    results = ray.get(ref)
                except ray.exceptions.RayError as exc:  # the replica raised, or Ray gave up on it
                    raise ModelError(f"a window of {len(todo)} sentences failed on the cluster: {exc}; "
                                        "what was stored is kept, and the same command resumes") from None
                store.put_translations(signature, results)
                pending.difference_update(r.key for r in todo)
                tell(len(todo), last)

        for planned in plan_windows(store, signature, window, pending):
            from_memory += planned.from_memory
            tell(planned.size - len(planned.todo), planned.last)
            if not planned.todo:
                continue
            while len(in_flight) >= len(self.actors) * self.options.in_flight:
                collect(block=True)
            actor = min(range(len(self.actors)), key=load.__getitem__)
            ref = self.actors[actor].translate.remote(planned.todo)
            load[actor] += 1
            in_flight[ref] = (actor, planned.last, planned.todo)
            pending.update(r.key for r in planned.todo)
        while in_flight:
            collect(block=True)
        return from_memory

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor, no_restart=True)
