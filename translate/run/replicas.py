"""The run's translation stage on a Ray cluster (``translate run --executor ray``): one engine replica
per actor (:class:`EngineWorker`), opened from the same :class:`~translate.config.EngineConfig`, with
its own glossary stage. The driver plans the same windows as locally
(:func:`~translate.run.translating.plan_windows`) and stores each window's translations in one
transaction as it comes back, so the translation memory, resuming and every output work as locally.
Each replica decodes a window with the engine's own length-sorted token batches.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..config import ClusterOptions, DecodeOptions, EngineConfig, EnforceOptions
from ..errors import ClusterError, ConfigError, ModelError
from ..mt.models import ResolvedModel
from ..records import Translation
from ..terms.glossary import Glossary
from .cluster import RayExecutor
from .executor import Progress
from .translating import Window

#: The actors' name prefix (tests and operators find them with ``ray.get_actor``).
ACTOR_PREFIX = "translate-engine-"


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """What the driver records of the replicas' engine (the fields the signature and manifest read)."""

    name: str
    model_id: str
    device: str
    quantization: str | None
    vocabulary: int
    vocabulary_map: str | None


class EngineWorker:
    """One engine replica and its glossary stage on a Ray actor: the run's
    :class:`~translate.run.translating.WindowTranslator`, opened on the actor's node from the same
    :class:`~translate.config.EngineConfig`. It checks that the model and glossary it found there are
    the ones the driver resolved (their hashes), so a node with another copy never translates a run."""

    def __init__(self, engine: EngineConfig, decode: DecodeOptions, enforce: EnforceOptions,
                 glossaries: tuple[str, ...], expected: Expected) -> None:
        from ..mt import open_configured
        from ..mt.models import resolve
        from ..terms.enforce import fit_vocabulary
        from ..terms.glossary import load_glossary
        from .translating import WindowTranslator

        model = resolve(engine.model, download=False)
        found = model.content_fingerprint()
        if found != expected.model:
            raise ModelError(f"{engine.model}: the model on node {_node()} differs from the driver's "
                             f"({found} ≠ {expected.model}); copy the same model to every node")
        glossary = load_glossary(glossaries) if glossaries else None
        if (glossary.sha1 if glossary else None) != expected.glossary:
            raise ConfigError(f"the glossary on node {_node()} differs from the driver's ({', '.join(glossaries)}): "
                              "every node must read the same files")
        self.engine = open_configured(engine, model)
        if glossary is not None:
            fit_vocabulary(self.engine, glossary.entries)
        self.translator = WindowTranslator(self.engine, glossary.matcher() if glossary else None, decode, enforce)

    def describe(self) -> EngineInfo:
        e = self.engine
        return EngineInfo(e.name, e.model_id, e.device, e.quantization, e.vocabulary, e.vocabulary_map)

    def results(self, windows: Iterable[Window], progress: Progress | None = None
                ) -> Iterator[list[tuple[str, Translation]]]:
        return self.translator.results(windows, progress)

    def pid(self) -> int:
        return os.getpid()


@dataclass(frozen=True, slots=True)
class Expected:
    """What the driver resolved, for the actors to check: the model's content fingerprint and the
    glossary's hash (``None``: no glossary)."""

    model: str
    glossary: str | None


def _node() -> str:
    import socket

    return socket.gethostname()


def engine_pool(ray: Any, options: ClusterOptions, engine: EngineConfig, decode: DecodeOptions,
                enforce: EnforceOptions, glossary: Glossary | None, model: ResolvedModel
                ) -> tuple[RayExecutor[Window, list[tuple[str, Translation]]], EngineInfo]:
    """The run's engine replicas started on the cluster (a window a call) and their engine's facts."""
    # Each replica decodes with its CPUs as threads; the model is found on each node by the same name/path.
    device = "cuda" if options.gpus_per_actor else ("cpu" if engine.device == "auto" else engine.device)
    glossaries = tuple(path for path, _ in glossary.files) if glossary else ()
    expected = Expected(model.content_fingerprint(), glossary.sha1 if glossary else None)
    pool: RayExecutor[Window, list[tuple[str, Translation]]] = RayExecutor(
        ray, options, EngineWorker,
        lambda replica: (replace(engine, threads=replica.cpus, device=device), decode, enforce, glossaries, expected),
        names=f"{ACTOR_PREFIX}{os.urandom(4).hex()}",
        describe=lambda windows: f"a window of {sum(len(w.todo) for w in windows)} sentences")
    try:
        infos = pool.call_each("describe")
    except BaseException:
        pool.close()
        raise
    if len(set(infos)) != 1:
        pool.close()
        raise ClusterError(f"the engine replicas differ ({set(infos)}); every node must hold the same model")
    return pool, infos[0]
