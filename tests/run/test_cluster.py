"""The Ray executor on real Ray clusters (one node with ray.init, two nodes with ray.cluster_utils):
the same outputs as the local executor, an actor killed mid-run, the driver killed and resumed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from translate.config import ClusterOptions, DecodeOptions, RunConfig
from translate.run.pipeline import Run

from ..conftest import EXAMPLE, ROOT, SHARED_DATA, needs_ray

try:
    import ray
except ImportError:  # the tests on a cluster skip (needs_ray); the others need no Ray
    ray = None


def on_ray(test):
    """A test on a real Ray cluster: skipped without Ray, slow, and alone in its xdist group (one cluster
    at a time on the machine)."""
    return needs_ray(pytest.mark.slow(pytest.mark.xdist_group("ray")(test)))

GLOSSARY = str(ROOT / "glossaries" / "news-fa-en.tsv")
# Byte-compared outputs: everything but the manifest, the report and the XLIFF/TMX headers' dates.
COMPARED = (".fa", ".en", ".tsv", ".jsonl")
# Sentences a window: small, so a run has several (both executors plan the same windows).
WINDOW = 60


def _inputs(tmp: Path, ntrex_docs: int) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    (folder / "example.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    docs = SHARED_DATA / "parallel" / "ntrex_fa_en_docs.jsonl"
    for line in docs.read_text(encoding="utf-8").splitlines()[:ntrex_docs]:
        doc = json.loads(line)
        (folder / f"{doc['id']}.txt").write_text("\n".join(doc["src"]) + "\n", encoding="utf-8")
    return folder


def _config(inputs: Path, out: Path, model: Path, **kw) -> RunConfig:
    from translate.config import EngineConfig

    return RunConfig(inputs=(str(inputs),), outdir=str(out), engine=EngineConfig(model=str(model), device="cpu"),
                     decode=DecodeOptions(beam_size=1, max_length_ratio=0.5, return_attention=True),
                     glossaries=(GLOSSARY,), formats=("moses", "tsv", "jsonl"), window=WINDOW, **kw)


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in COMPARED}


def _translations(out: Path) -> int:
    with sqlite3.connect(out / "run.sqlite") as db:
        return db.execute("SELECT count(*) FROM translations").fetchone()[0]


def _stored_yet(out: Path) -> int:
    """:func:`_translations` while a run may still be creating its store (no table yet: none)."""
    try:
        return _translations(out) if (out / "run.sqlite").exists() else 0
    except sqlite3.OperationalError:
        return 0


@pytest.fixture(scope="module")
def local_run(tiny_models, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example and 20 NTREX documents with the local executor: what every Ray run must equal."""
    if not SHARED_DATA.is_dir():
        pytest.skip("needs ../shared/data beside the project")
    tmp = tmp_path_factory.mktemp("cluster")
    inputs = _inputs(tmp, 20)
    result = Run(_config(inputs, tmp / "local", tiny_models["marian"])).execute()
    assert result.manifest["executor"] == {"executor": "local"} and result.stats.sentences > 300
    return inputs, tmp / "local"


@on_ray
def test_one_node_gives_the_local_outputs(local_run, tiny_models, tmp_path: Path) -> None:
    inputs, local = local_run
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        result = Run(_config(inputs, tmp_path / "ray", tiny_models["marian"], executor="ray",
                             cluster=ClusterOptions())).execute()
    finally:
        ray.shutdown()
    executor = result.manifest["executor"]
    # The default on a CPU node: one replica with the node's cores (a worker per core inside, as locally).
    assert executor["executor"] == "ray" and executor["nodes"] == 1 and executor["actors"] == 1
    assert [r["cpus"] for r in executor["replicas"]] == [2]
    assert result.manifest["signature"] == json.loads((local / "manifest.json").read_text())["signature"]
    assert _outputs(tmp_path / "ray") == _outputs(local)
    assert len(_outputs(local)) == 4 * 21 + 4  # .fa .en .tsv .jsonl per document and for the corpus


@pytest.fixture(scope="module")
def two_nodes():
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    yield cluster
    cluster.shutdown()


@on_ray
def test_two_nodes_an_actor_killed_mid_run(local_run, tiny_models, two_nodes, tmp_path: Path) -> None:
    """Two replicas on two nodes; one is killed after the first window is stored: Ray restarts it,
    its windows are sent again, nothing is lost or stored twice."""
    inputs, local = local_run
    killed: list[str] = []

    class KillOnce:
        def started(self, documents: int, sentences: int) -> None: ...

        def advance(self, sentences: int, documents_done: int) -> None:
            if not killed and _stored_yet(tmp_path / "ray") > 0:
                from translate.run.replicas import ACTOR_PREFIX

                named = sorted((a["name"], a["namespace"]) for a in ray.util.list_named_actors(all_namespaces=True)
                               if a["name"].startswith(ACTOR_PREFIX))
                name, namespace = named[0]
                ray.kill(ray.get_actor(name, namespace=namespace), no_restart=False)
                killed.append(name)

    ray.init(address=two_nodes.address, include_dashboard=False, log_to_driver=False)
    try:
        result = Run(_config(inputs, tmp_path / "ray", tiny_models["marian"], executor="ray",
                             cluster=ClusterOptions(in_flight=3)), observer=KillOnce()).execute()
    finally:
        ray.shutdown()
    assert killed, "no actor was killed: the run finished before its first window was stored"
    executor = result.manifest["executor"]
    assert executor["nodes"] == 2 and executor["actors"] == 2  # one a node
    assert _outputs(tmp_path / "ray") == _outputs(local)
    assert _translations(tmp_path / "ray") == _translations(local)


@on_ray
def test_the_driver_killed_and_the_command_run_again(local_run, tiny_models, two_nodes, tmp_path: Path) -> None:
    inputs, local = local_run
    out = tmp_path / "ray"
    cmd = [sys.executable, "-m", "translate", "-q", "run", str(inputs), "-o", str(out), "-m", str(tiny_models["marian"]),
           "--device", "cpu", "-g", GLOSSARY, "-b", "1", "--max-length-ratio", "0.5", "--formats", "moses,tsv,jsonl",
           "--executor", "ray", "--address", two_nodes.address, "--window", str(WINDOW)]
    driver = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and driver.poll() is None:
        if _stored_yet(out) > 0:
            break
        time.sleep(0.2)
    assert driver.poll() is None, driver.communicate()[1].decode()[-2000:]
    os.killpg(driver.pid, signal.SIGKILL)
    driver.wait()
    stored = _translations(out)
    assert 0 < stored < _translations(local)
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["from_memory"] >= stored
    assert _outputs(out) == _outputs(local)


def test_without_ray_installed_the_message_says_how(monkeypatch: pytest.MonkeyPatch, tiny_models, tmp_path: Path) -> None:
    from translate.errors import ConfigError

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails as if it were not installed
    config = _config(EXAMPLE, tmp_path / "out", tiny_models["marian"], executor="ray")
    with pytest.raises(ConfigError, match=r'pip install -e "\.\[ray\]"'):
        Run(replace(config, inputs=(str(EXAMPLE),))).execute()


@on_ray
def test_corpus_build_on_ray_keeps_the_same_pairs(tmp_path: Path) -> None:
    """Six NTREX document pairs built locally and on a one-node cluster with two aligners: the same
    stored pairs, the same kept pairs (byte-identical Moses files and rejected list)."""
    if not SHARED_DATA.is_dir():
        pytest.skip("needs ../shared/data beside the project")
    from translate.corpus.build import CorpusBuild

    for side in ("fa", "en"):
        (tmp_path / side).mkdir()
    for line in (SHARED_DATA / "parallel" / "ntrex_fa_en_docs.jsonl").read_text(encoding="utf-8").splitlines()[:6]:
        doc = json.loads(line)
        (tmp_path / "fa" / f"{doc['id']}.txt").write_text(" ".join(doc["src"]) + "\n", encoding="utf-8")
        (tmp_path / "en" / f"{doc['id']}.txt").write_text(" ".join(doc["tgt"]) + "\n", encoding="utf-8")
    inputs = (str(tmp_path / "fa"), str(tmp_path / "en"))
    local = CorpusBuild(inputs, str(tmp_path / "local")).execute()
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        on_ray = CorpusBuild(inputs, str(tmp_path / "ray"), executor="ray",
                             cluster=ClusterOptions(actors_per_node=2)).execute()
    finally:
        ray.shutdown()
    assert on_ray.executor["executor"] == "ray" and [r["cpus"] for r in on_ray.executor["replicas"]] == [1, 1]
    assert (on_ray.pairs, on_ray.kept, on_ray.rejected, on_ray.splits) == (local.pairs, local.kept, local.rejected,
                                                                           local.splits)
    assert local.kept > 50

    def files(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "moses").iterdir())}

    assert files(tmp_path / "ray") == files(tmp_path / "local")
    assert (tmp_path / "ray" / "rejected.jsonl").read_bytes() == (tmp_path / "local" / "rejected.jsonl").read_bytes()


class _Nodes:
    """What ``ray.nodes()`` lists, for the placement rule alone (no cluster needed)."""

    def __init__(self, *nodes: dict) -> None:
        self._nodes = [{"NodeID": f"n{k}", "Alive": True, "NodeManagerAddress": f"10.0.0.{k}", "Resources": r}
                       for k, r in enumerate(nodes)] + [{"NodeID": "dead", "Alive": False, "Resources": {"CPU": 64}}]

    def nodes(self) -> list[dict]:
        return self._nodes


@pytest.mark.parametrize(("options", "expected"), [
    (ClusterOptions(), [("n0", 4, 0), ("n1", 2, 0), ("n2", 8, 0)]),
    (ClusterOptions(actors_per_node=2), [("n0", 2, 0), ("n0", 2, 0), ("n1", 1, 0), ("n1", 1, 0), ("n2", 4, 0), ("n2", 4, 0)]),
    (ClusterOptions(cpus_per_actor=3), [("n0", 3, 0), ("n2", 3, 0), ("n2", 3, 0)]),
    (ClusterOptions(gpus_per_actor=1), [("n2", 4, 1), ("n2", 4, 1)]),
])
def test_replicas_are_planned_node_by_node(options: ClusterOptions, expected: list) -> None:
    from translate.run.cluster import plan_actors

    cluster = _Nodes({"CPU": 4}, {"CPU": 2}, {"CPU": 8, "GPU": 2})
    replicas, nodes = plan_actors(cluster, options)
    assert [(r.node_id, r.cpus, r.gpus) for r in replicas] == expected and len(nodes) == 3


def test_no_room_is_a_clear_error() -> None:
    from translate.errors import ConfigError
    from translate.run.cluster import plan_actors

    with pytest.raises(ConfigError, match="no room for an engine replica"):
        plan_actors(_Nodes({"CPU": 2}), ClusterOptions(gpus_per_actor=1))
