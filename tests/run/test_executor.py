"""The one executor shape of run and corpus build: results in input order, here and on Ray; Ray
replicas refuse a model or glossary that is not the driver's."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from translate.config import ClusterOptions, DecodeOptions, EngineConfig, EnforceOptions
from translate.errors import ClusterError, ConfigError, ModelError
from translate.mt.models import resolve
from translate.run.cluster import RayExecutor
from translate.run.executor import LocalExecutor

from ..conftest import ROOT
from .test_cluster import on_ray


class SlowSquares:
    """A worker whose items take longer the smaller they are (so results finish out of order)."""

    def results(self, items: Iterable[int], progress=None) -> Iterator[int]:
        for n in items:
            if n < 0:
                raise ValueError(f"no square for {n}")
            time.sleep(0.02 * (10 - n % 10))
            if progress:
                progress(1)
            yield n * n


def test_the_local_executor_reads_an_item_only_when_the_last_result_is_taken() -> None:
    read: list[int] = []

    def items() -> Iterator[int]:
        for n in range(5):
            read.append(n)
            yield n

    told: list[int] = []
    results = LocalExecutor(SlowSquares()).map(items(), told.append)
    assert next(results) == (0, 0) and read == [0]
    assert list(results) == [(1, 1), (2, 4), (3, 9), (4, 16)] and read == [0, 1, 2, 3, 4]
    assert told == [1] * 5


@on_ray
def test_ray_results_come_back_in_input_order_and_a_failure_names_the_work() -> None:
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        pool = RayExecutor(ray, ClusterOptions(actors_per_node=2, in_flight=2), SlowSquares, lambda replica: (),
                           group=3, describe=lambda items: f"squaring {items}")
        try:
            assert list(pool.map(range(20))) == [(n, n * n) for n in range(20)]
            said = r"squaring \[4, -1\] failed on the cluster: no square for -1; what was stored is kept"
            with pytest.raises(ClusterError, match=said):
                list(pool.map([4, -1]))
        finally:
            pool.close()
    finally:
        ray.shutdown()


def _copy_with_other_times(model: Path, to: Path) -> Path:
    shutil.copytree(model, to)
    for file in to.rglob("*"):
        os.utime(file, (1_000_000_000, 1_000_000_000))
    return to


def test_a_copied_model_has_the_same_content_fingerprint(tiny_models, tmp_path: Path) -> None:
    original = resolve(str(tiny_models["marian"]))
    copy = resolve(str(_copy_with_other_times(tiny_models["marian"], tmp_path / "copy")))
    assert copy.content_fingerprint() == original.content_fingerprint()
    assert copy.fingerprint() != original.fingerprint()  # the run's signature stays strict on one machine
    (tmp_path / "copy" / "config.json").write_text(
        (tmp_path / "copy" / "config.json").read_text(encoding="utf-8").replace("}", ', "x": 1}', 1), encoding="utf-8")
    assert resolve(str(tmp_path / "copy")).content_fingerprint() != original.content_fingerprint()


def test_an_engine_replica_refuses_another_model_or_glossary(tiny_models, tmp_path: Path) -> None:
    from translate.run.replicas import EngineWorker, Expected
    from translate.terms.glossary import load_glossary

    glossary = str(ROOT / "glossaries" / "news-fa-en.tsv")
    model = resolve(str(tiny_models["marian"]))
    engine = EngineConfig(model=str(tiny_models["marian"]), device="cpu")
    args = (engine, DecodeOptions(beam_size=1), EnforceOptions(), (glossary,))
    good = Expected(model.content_fingerprint(), load_glossary((glossary,)).sha1)
    worker = EngineWorker(*args, good)
    assert worker.describe().model_id
    with pytest.raises(ModelError, match="differs from the driver's"):
        EngineWorker(*args, Expected("local-000000000000", good.glossary))
    changed = tmp_path / "glossary.tsv"
    changed.write_text(Path(glossary).read_text(encoding="utf-8") + "بندر خیالی\tImaginary Port\tplace\t\t\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="glossary on node .* differs"):
        EngineWorker(engine, DecodeOptions(beam_size=1), EnforceOptions(), (str(changed),), good)
