"""What a build publishes, checked without the e5 embedder (line-aligned input needs none; document
pairs get a stand-in): every record-shaped output in the row schema with the same rows, no output line
with a break ``str.splitlines`` sees, inputs that cannot be read set aside with their reason, the TMX,
and no temporary file after a failure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from translate.cli import main
from translate.corpus.build import CorpusBuild
from translate.corpus.config import load_config
from translate.errors import ConfigError

from ..export.test_schemas import assert_valid
from ..test_row_schema import read_jsonl, read_parquet, read_tsv, same_rows, validate
from .conftest import DigitsAndLength, ntrex_lines, write_folders, write_moses

DIRTY = "\x0b\x1c\u2028\x85\t\x00\x1b"


def _outputs(out: Path) -> list[Path]:
    return [p for p in sorted(out.rglob("*")) if p.is_file() and p.suffix not in (".sqlite", ".parquet")]


def test_a_line_aligned_build_publishes_one_schema_and_clean_lines(tmp_path: Path, fast_config: Path) -> None:
    fa, en = ntrex_lines(90)
    # scraped text: a vertical tab, a file separator, U+2028, NEL, a tab, a NUL and an ESC inside lines
    fa[3] = fa[3].replace(" ", "\u2028", 1).replace(" ", "\t", 1)
    en[3] = en[3].replace(" ", "\x0b", 1).replace(" ", "\x1c", 1).replace(" ", "\x85", 1) + "\x00\x1b"
    (tmp_path / "news.fa").write_text("\n".join(fa) + "\n", encoding="utf-8")
    (tmp_path / "news.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["corpus", "build", str(tmp_path / "news.fa"), str(tmp_path / "news.en"),
                                       "-o", str(out), "-c", str(fast_config), "--name", "ntrex"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert counts["cleaned"] == 7 and "characters cleaned in the inputs: 7" in result.stderr
    assert set(counts["splits"]) == {"train", "validation", "test"} and all(counts["splits"].values())
    assert manifest["split_unit"] == "blocks of 20 lines"
    for path in _outputs(out):  # no line of any output holds a break another reader sees
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) == text.count("\n") + bool(text and not text.endswith("\n")), path.name
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text), path.name
    rows = []
    for split in ("train", "validation", "test"):
        parquet = [r for name in manifest["files"][split] for r in read_parquet(out / name)]
        jsonl = read_jsonl(out / manifest["formats"]["jsonl"][split])
        tsv = read_tsv(out / manifest["formats"]["tsv"][split])
        validate(parquet)
        same_rows(parquet, jsonl, tsv)
        moses = [(out / m).read_text(encoding="utf-8").split("\n")[:-1] for m in manifest["formats"]["moses"][split]]
        assert moses == [[r["translation"]["fa"] for r in parquet], [r["translation"]["en"] for r in parquet]]
        assert len(parquet) == counts["splits"][split]
        rows += [(split, r) for r in parquet]
    # a block of 20 consecutive lines never spans two splits
    block = {}
    for split, r in rows:
        line = int(r["doc_id"].rpartition(":")[2]) * 100 + r["index"]
        assert block.setdefault(line // 20, split) == split
    dirty = next(r for _, r in rows if r["index"] == 3 and r["doc_id"] == "news:0")
    assert dirty["translation"]["en"] == " ".join(en[3].replace("\x0b", " ").replace("\x1c", " ").replace(
        "\x85", " ").replace("\x00", "").replace("\x1b", "").split(" ")).strip()
    # the TMX: the kept ok pairs, the verdict in a prop
    tmx = assert_valid(out / "tmx" / "ntrex.tmx").getroot()
    verdicts = {tu.get("tuid"): tu.find("prop[@type='x-verdict']").text for tu in tmx.iter("tu")}
    assert set(verdicts.values()) == {"ok"}
    assert set(verdicts) == {r["id"] for _, r in rows if r["verdict"] == "ok"}
    # the card is what a hub user expects, and the written config rebuilds the same
    card = (out / "README.md").read_text(encoding="utf-8")
    for part in ("## Sources", "## Filtering", "| `max_words` | 150 |", "## Deduplication", "## Fields",
                 "| `translation` | translation {fa, en} |", "## Reproducing", manifest["config_sha256"],
                 "a block of 20 consecutive lines"):
        assert part in card, part
    assert "dev" not in re.findall(r"\w+", card)
    assert load_config(out / "config.toml").fingerprint() == manifest["config_sha256"]


def test_unreadable_inputs_are_set_aside_and_the_build_goes_on(tmp_path: Path) -> None:
    fa_dir, en_dir = write_folders(tmp_path / "in", 5)
    (fa_dir / "empty.fa.txt").write_bytes(b"")
    (en_dir / "empty.en.txt").write_text("An English text whose Persian is empty.\n", encoding="utf-8")
    (fa_dir / "binary.fa.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20 + bytes(2000))
    (en_dir / "binary.en.txt").write_text("Its Persian is a binary file.\n", encoding="utf-8")
    (fa_dir / "latin1.fa.txt").write_text("متن فارسی.\n", encoding="utf-8")
    (en_dir / "latin1.en.txt").write_bytes("Déjà vu, très français.\n".encode("latin-1"))
    config = tmp_path / "c.toml"
    config.write_text("[filters]\nmin_alignment = false\nmin_similarity = false\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CorpusBuild([str(fa_dir), str(en_dir)], str(out), load_config(config), embedder=DigitsAndLength()).execute()
    assert result.documents == 5 and all(result.splits.values())
    refused = {Path(r.path).name: r.reason for r in result.refused}
    assert refused["empty.fa.txt"] == "the file is empty"
    assert "binary" in refused["binary.fa.txt"]
    assert "is not UTF-8" in refused["latin1.en.txt"]
    assert refused["empty.en.txt"].startswith("its partner") and refused["latin1.fa.txt"].startswith("its partner")
    lines = [json.loads(x) for x in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    inputs = {Path(r["path"]).name: r["removed_by"] for r in lines if "path" in r}
    assert inputs["empty.fa.txt"] == "input: the file is empty" and len(inputs) == 6
    pairs = [r for r in lines if "path" not in r]
    validate([{k: v for k, v in r.items() if k != "removed_by"} for r in pairs] or [_any_row(out)])
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "6 input files set aside:" in card and "empty.fa.txt" in card


def test_documents_without_a_namesake_are_set_aside_with_why(tmp_path: Path) -> None:
    """Folders paired by name: every document left out is a row of rejected.jsonl, as pairing by content
    lists its unpaired documents."""
    fa_dir, en_dir = write_folders(tmp_path / "in", 4)
    first = sorted(fa_dir.iterdir())[0]
    (fa_dir / "orphan.fa.txt").write_text("این سند ترجمه‌ای ندارد.\n", encoding="utf-8")
    (en_dir / "lonely.en.txt").write_text("This document has no Persian original.\n", encoding="utf-8")
    twin = first.with_name(first.name.replace(".txt", ".md"))  # the same name (key) as a paired document
    twin.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text("[filters]\nmin_alignment = false\nmin_similarity = false\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CorpusBuild([str(fa_dir), str(en_dir)], str(out), load_config(config), embedder=DigitsAndLength()).execute()
    assert result.documents == 4 and set(result.unpaired) == {"en:lonely", "fa:orphan", f"fa:{first.name[:-7]}"}
    lines = [json.loads(x) for x in (out / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    inputs = {Path(r["path"]).name: (r["doc_id"], r["removed_by"]) for r in lines if "path" in r}
    assert set(inputs) == {"orphan.fa.txt", "lonely.en.txt", twin.name}
    assert inputs["orphan.fa.txt"][0] == "orphan"
    assert inputs["orphan.fa.txt"][1].startswith("input: no English document of the same name (orphan)")
    assert inputs["lonely.en.txt"][1].startswith("input: no Persian document of the same name (lonely)")
    assert inputs[twin.name][1].endswith("has the same name (" + first.name[:-7] + ") and was paired instead")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["refused"]) == 3 and "3 input files set aside:" in (out / "README.md").read_text(encoding="utf-8")


def _any_row(out: Path) -> dict:
    return read_jsonl(next((out / "jsonl").iterdir()))[0]


def test_a_failure_leaves_no_temporary_file(tmp_path: Path, fast_config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fa, en = write_moses(tmp_path, 60)
    from translate.export import tsv

    def broken(self, row):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tsv.RowTsvWriter, "add", broken)
    with pytest.raises(OSError):
        CorpusBuild([str(fa), str(en)], str(tmp_path / "out"), load_config(fast_config)).execute()
    assert [p.name for p in (tmp_path / "out").rglob("*translate-tmp*")] == []
    assert not list((tmp_path / "out").rglob("*.parquet"))


def test_too_small_for_the_splits_is_refused_with_a_message(tmp_path: Path, fast_config: Path) -> None:
    fa, en = write_moses(tmp_path, 30)
    result = CliRunner().invoke(main, ["corpus", "build", str(fa), str(en), "-o", str(tmp_path / "out"),
                                       "-c", str(fast_config)])
    assert result.exit_code == 1
    assert result.stderr == ("Error: 2 blocks of 20 lines with kept pairs are too few for the splits train, "
                             "validation, test (each needs one at least): give more data, fewer [split] block_lines, "
                             "or set [split] validation = 0 and/or test = 0\n")
    smaller = tmp_path / "smaller.toml"
    smaller.write_text(fast_config.read_text(encoding="utf-8") + "[split]\nblock_lines = 5\n", encoding="utf-8")
    again = CliRunner().invoke(main, ["corpus", "build", str(fa), str(en), "-o", str(tmp_path / "out"), "-c", str(smaller)])
    assert again.exit_code == 0, again.output
    assert "splits: train " in again.stderr and ", validation " in again.stderr and ", test " in again.stderr


def test_tmx_include_takes_review_pairs_too(tmp_path: Path, fast_config: Path) -> None:
    fa, en = write_moses(tmp_path, 100)
    out = tmp_path / "out"
    config = load_config(fast_config)
    result = CorpusBuild([str(fa), str(en)], str(out), config).execute()
    ok = len(list(etree.parse(str(out / "tmx" / "persian-english-news.tmx")).getroot().iter("tu")))
    from dataclasses import replace

    from translate.corpus.config import TmxRules

    CorpusBuild([str(fa), str(en)], str(out), replace(config, tmx=TmxRules(include=("review", "bad")))).execute()
    every = len(list(etree.parse(str(out / "tmx" / "persian-english-news.tmx")).getroot().iter("tu")))
    assert every == result.kept > ok > 0
    with pytest.raises(ConfigError):
        TmxRules(include=("rejected",))
