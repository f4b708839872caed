"""``translate corpus build`` end to end on NTREX documents (real professional translations) with noise
added: what is kept, what is removed and why, the published files, resuming, other inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from translate.cli import main
from translate.export.parquet import schema

from ..conftest import SHARED_DATA
from ..test_row_schema import read_jsonl, read_tsv, same_rows, validate

pytestmark = pytest.mark.slow  # loads the e5 embedder

COPIED = "این جمله به انگلیسی ترجمه نشده است و همان متن فارسی است."


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus-in")
    docs = [json.loads(line) for line in (SHARED_DATA / "parallel" / "ntrex_fa_en_docs.jsonl").read_text(
        encoding="utf-8").splitlines()[:4]]
    for side in ("fa", "en"):
        (root / side).mkdir()
    for n, doc in enumerate(docs):
        fa, en = list(doc["src"]), list(doc["tgt"])
        if n == 1:  # noise: a pair copied untranslated, boilerplate, and a pair of document 0 again
            fa += [COPIED, "انتهای پیام", docs[0]["src"][1]]
            en += [COPIED, "End of message.", docs[0]["tgt"][1]]
        (root / "fa" / f"{doc['id']}.fa.txt").write_text("\n".join(fa) + "\n", encoding="utf-8")
        (root / "en" / f"{doc['id']}.en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    return root


def _build(*args: str) -> str:
    result = CliRunner().invoke(main, ["corpus", "build", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_build_publishes_a_clean_dataset(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    said = _build(str(inputs / "fa"), str(inputs / "en"), "-o", str(out), "--license", "cc-by-sa-4.0", "--name", "ntrex4")
    assert "4 aligned now" in said
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert counts["rejected"].get("copied") == 1 and counts["rejected"].get("boilerplate") == 1
    assert counts["duplicates"] == {"pair": 1}
    # the dataset: one schema, the rows of every split, no document in two splits
    rows = []
    assert set(manifest["files"]) == {"train", "validation", "test"}
    for split, files in manifest["files"].items():
        split_rows = []
        for name in files:
            table = pq.read_table(out / name)
            assert table.schema.equals(schema())
            assert table.schema.metadata[b"huggingface"] == schema().metadata[b"huggingface"]
            split_rows += table.to_pylist()
        assert split_rows, split  # never an empty split
        validate(split_rows)
        same_rows(split_rows, read_jsonl(out / manifest["formats"]["jsonl"][split]),
                  read_tsv(out / manifest["formats"]["tsv"][split]))
        rows += [(split, r) for r in split_rows]
    assert len(rows) == counts["kept"] == sum(counts["splits"].values())
    assert len({(r["doc_id"], s) for s, r in rows}) == len({r["doc_id"] for _, r in rows})
    assert all(r["translation"]["fa"] and r["translation"]["en"] for _, r in rows)
    assert not any(r["translation"]["en"] == COPIED for _, r in rows)
    moses = sum(len((out / "moses" / f"ntrex4-{s}.en-fa.en").read_text(encoding="utf-8").splitlines())
                for s in ("train", "validation", "test"))
    assert moses == len(rows)
    # every removed pair, with why
    rejected = [json.loads(x) for x in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"copied", "boilerplate"} <= {r["removed_by"] for r in rejected}
    assert any(r["removed_by"].startswith("duplicate of pair") for r in rejected)
    assert len(rejected) + len(rows) == counts["pairs"]
    # the card's YAML header is what the Hub reads
    header = yaml.safe_load((out / "README.md").read_text(encoding="utf-8").split("---")[1])
    assert header["license"] == "cc-by-sa-4.0" and header["language"] == ["fa", "en"]
    assert header["task_categories"] == ["translation"] and header["size_categories"] == ["n<1K"]
    assert [f["split"] for f in header["configs"][0]["data_files"]] == ["train", "validation", "test"]
    assert [s["num_examples"] for s in header["dataset_info"]["splits"]] == [
        counts["splits"][s] for s in ("train", "validation", "test")]
    assert "<svg" in (out / "stats.html").read_text(encoding="utf-8")
    # again: nothing aligned again; other rules re-decide in seconds
    assert "0 aligned now" in _build(str(inputs / "fa"), str(inputs / "en"), "-o", str(out))
    config = tmp_path / "corpus.toml"
    config.write_text("[dedup]\nexact = false\nnear = false\n[filters]\ncopied = false\nmax_untranslated = false\n"
                      "min_similarity = false\n", encoding="utf-8")
    _build(str(inputs / "fa"), str(inputs / "en"), "-o", str(out), "-c", str(config))
    again = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert again["duplicates"] == {} and "copied" not in again["rejected"] and again["kept"] == counts["kept"] + 2


def test_line_aligned_and_listed_inputs(inputs: Path, tmp_path: Path) -> None:
    fa = (SHARED_DATA / "parallel" / "ntrex.fa-en.fa").read_text(encoding="utf-8").splitlines()[:150]
    en = (SHARED_DATA / "parallel" / "ntrex.fa-en.en").read_text(encoding="utf-8").splitlines()[:150]
    (tmp_path / "news.fa").write_text("\n".join(fa) + "\n", encoding="utf-8")
    (tmp_path / "news.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    _build(str(tmp_path / "news.fa"), str(tmp_path / "news.en"), "-o", str(tmp_path / "lines"))
    manifest = json.loads((tmp_path / "lines" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == 2 and manifest["counts"]["pairs"] == 150  # stored in blocks of 100 lines
    assert all(manifest["counts"]["splits"][s] for s in ("train", "validation", "test"))  # split in blocks of 20
    listing = tmp_path / "pairs.tsv"
    names = sorted(p.name for p in (inputs / "fa").iterdir())[:3]
    listing.write_text("fa_path\ten_path\tdoc_id\n" + "".join(
        f"{inputs / 'fa' / n}\t{inputs / 'en' / n.replace('.fa.', '.en.')}\tdoc{k}\n" for k, n in enumerate(names)),
        encoding="utf-8")
    _build(str(listing), "-o", str(tmp_path / "listed"))
    manifest = json.loads((tmp_path / "listed" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == 3


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "a.fa").write_text("یک\nدو\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("one\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", "build", str(tmp_path / "a.fa"), str(tmp_path / "a.en"), "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 1 and "as many lines (2 and 1)" in result.output
