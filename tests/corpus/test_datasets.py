"""``datasets.load_dataset(OUT)`` — the real Hugging Face library — loads every kind of build (two
line-aligned Moses files, two folders of documents, a JSONL listing of document pairs) through the
card's YAML ``configs``, with non-empty train/validation/test and the same features, which are the
row schema's (``datasets`` is a test requirement; CI installs it: see the [test] extra)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from translate.corpus.build import CorpusBuild
from translate.corpus.config import load_config
from translate.export.rows import hf_features

from .conftest import FAST, DigitsAndLength, write_folders, write_moses

if os.environ.get("CI"):
    import datasets  # CI must run this test, never skip it
else:
    datasets = pytest.importorskip("datasets")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("builds")
    config_path = root / "c.toml"
    config_path.write_text(FAST.replace("min_alignment = false", "min_alignment = false\nmin_similarity = false"),
                           encoding="utf-8")
    config = load_config(config_path)
    fa, en = write_moses(root / "moses", 120)
    fa_dir, en_dir = write_folders(root / "folders", 6)
    listing = root / "pairs.jsonl"
    listing.write_text("".join(json.dumps({"fa": str(p), "en": str(en_dir / p.name.replace(".fa.", ".en."))}) + "\n"
                               for p in sorted(fa_dir.iterdir())), encoding="utf-8")
    embedder = DigitsAndLength()
    out = {}
    for name, inputs in (("moses", [fa, en]), ("folders", [fa_dir, en_dir]), ("listing", [listing])):
        CorpusBuild([str(p) for p in inputs], str(root / name / "out"), config, embedder=embedder).execute()
        out[name] = root / name / "out"
    return out


def _expected_features() -> datasets.Features:
    """The row schema's features, written with the datasets API itself (not with our own conversion)."""
    from datasets import Features, List, Translation, Value

    f64, i32, s = Value("float64"), Value("int32"), Value("string")
    return Features({
        "id": s, "doc_id": s, "index": i32, "translation": Translation(languages=["fa", "en"]),
        "source_start": i32, "source_end": i32, "bead_source": List(i32), "bead_target": List(i32),
        "alignment_score": f64,
        "scores": {k: f64 for k in ("similarity", "length", "numbers", "persian", "repetition", "confidence", "terms")},
        "verdict": s, "reasons": List(s), "state": s,
        "terms": List({"source": s, "text": s, "start": i32, "end": i32, "target": s, "type": s, "status": s,
                       "target_start": i32, "target_end": i32}),
        "alignment": s, "flags": List(s), "provenance": s})


@pytest.mark.parametrize("kind", ["moses", "folders", "listing"])
def test_load_dataset_reads_every_build(builds: dict[str, Path], kind: str, tmp_path: Path) -> None:
    out = builds[kind]
    ds = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "cache"))
    assert set(ds) == {"train", "validation", "test"}
    assert all(ds[s].num_rows > 0 for s in ds)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {s: ds[s].num_rows for s in ds} == manifest["counts"]["splits"]
    assert ds["train"].features == _expected_features()
    assert isinstance(ds["train"].features["translation"], datasets.Translation)
    header = yaml.safe_load((out / "README.md").read_text(encoding="utf-8").split("---\n")[1])
    assert [f["split"] for f in header["configs"][0]["data_files"]] == ["train", "validation", "test"]
    assert [s["num_examples"] for s in header["dataset_info"]["splits"]] == [ds[s].num_rows for s in
                                                                             ("train", "validation", "test")]
    row = ds["validation"][0]
    assert row["translation"]["fa"] and row["translation"]["en"] and row["state"] == "aligned"


def test_our_features_are_what_datasets_writes() -> None:
    assert _expected_features().to_dict() == hf_features()


def test_every_build_loads_together(builds: dict[str, Path], tmp_path: Path) -> None:
    files = sorted(str(p) for out in builds.values() for p in (out / "data").glob("*.parquet"))
    together = datasets.load_dataset("parquet", data_files={"train": files}, cache_dir=str(tmp_path / "cache"))
    assert together["train"].features == _expected_features()
