"""Clean text everywhere, end to end: an article holding controls and line separators goes through
`translate run` (the tiny Marian model), and no output file carries one of them — read back by each
format's own reader, so an escaped character (``&#133;``, ``\\u2028``) counts too — while what Persian
needs (ZWNJ) and what the review flags (a right-to-left override) stay in the source."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from translate.cli import main
from translate.text.clean import unclean

from ..conftest import EXAMPLE

ZWNJ, RLO, PDF = "\u200c", "\u202e", "\u202c"

# A scraped article: a stray NUL and terminal colour escapes from a broken export, a line separator, a
# right-to-left override, a vertical tab, a file separator and a NEL inside its paragraphs; ZWNJ in
# its words (همکاری‌ها, می‌شود). Then the example article, so it has the length of a real one.
DIRTY = ("خبرگزاری\x00 ایرنا گزارش داد که \x1b[1mرئیس جمهور\x1b[0m با همتای روسی گفتگو کرد.\u2028"
         "این گفتگو درباره همکاری\u200cهای دو کشور بود.\n\n"
         f"در خبر {RLO}متن وارونه{PDF} آمد و\x0bادامه\x1cداشت\x85تا پایان گفته می\u200cشود.\n\n")
FORMATS = "moses,tsv,jsonl,tmx,xliff,xliff12,omegat,parquet"


def _strings(value: object) -> list[str]:
    """Every string inside a JSON-like value (keys too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _assert_clean(texts: list[str], where: str) -> None:
    for text in texts:
        assert unclean(text) == [], (where, text, unclean(text))


@pytest.fixture(scope="module")
def dirty_run(tiny_models, tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("dirty-in")
    (src / "dirty.txt").write_bytes((DIRTY + EXAMPLE.read_text(encoding="utf-8")).encode("utf-8"))
    out = tmp_path_factory.mktemp("dirty-run") / "out"
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(out), "--model", str(tiny_models["marian"]),
                                       "--beam", "1", "--max-length-ratio", "0.3", "--formats", FORMATS])
    assert result.exit_code == 0, result.output
    return out


def test_every_file_is_clean(dirty_run: Path) -> None:
    files = sorted(p for p in dirty_run.iterdir() if p.is_file() and p.suffix in
                   {".fa", ".en", ".tsv", ".jsonl", ".tmx", ".xlf"})
    names = {p.name for p in files}
    assert {"dirty.fa", "dirty.en", "dirty.tsv", "dirty.jsonl", "corpus.tsv", "corpus.jsonl", "run.xlf",
            "run.xliff12.xlf", "run.omegat.xlf", "held-back.tmx"} <= names
    for path in files:
        _assert_clean([path.read_text(encoding="utf-8")], path.name)  # raw bytes: nothing as it is


def test_moses_sides_have_the_same_lines_for_every_reader(dirty_run: Path) -> None:
    for base in ("dirty", "corpus"):
        fa = (dirty_run / f"{base}.fa").read_text(encoding="utf-8")
        en = (dirty_run / f"{base}.en").read_text(encoding="utf-8")
        assert len(fa.splitlines()) == len(en.splitlines()) == fa.count("\n") == en.count("\n")
        tsv_rows = (dirty_run / f"{base}.tsv").read_text(encoding="utf-8").splitlines()[1:]
        assert len(tsv_rows) == len(fa.splitlines())
    fa_lines = (dirty_run / "dirty.fa").read_text(encoding="utf-8").splitlines()
    # ZWNJ and the override are kept in the source side: ZWNJ belongs to the words, the override is
    # flagged in review, never silently removed.
    assert any(f"همکاری{ZWNJ}های" in line for line in fa_lines)
    assert any(f"{RLO}متن وارونه{PDF}" in line for line in fa_lines)
    # Each replaced character became one space (the article keeps its length): the separators now
    # separate words by a space, the NUL beside a space left two.
    assert any("و ادامه داشت تا پایان" in line for line in fa_lines)
    assert any("خبرگزاری  ایرنا" in line for line in fa_lines)


def test_record_formats_read_back_clean(dirty_run: Path) -> None:
    import pyarrow.parquet as pq

    objects = [json.loads(row) for row in (dirty_run / "dirty.jsonl").read_text(encoding="utf-8").splitlines()]
    _assert_clean(_strings(objects), "dirty.jsonl")
    assert any(RLO in o["translation"]["fa"] for o in objects) and any(ZWNJ in o["translation"]["fa"] for o in objects)
    rows = pq.read_table(dirty_run / "corpus.parquet").to_pylist()
    assert len(rows) == len(objects)
    _assert_clean(_strings(rows), "corpus.parquet")
    assert any(RLO in r["translation"]["fa"] for r in rows) and any(ZWNJ in r["translation"]["fa"] for r in rows)
    header, *tsv = (dirty_run / "dirty.tsv").read_text(encoding="utf-8").splitlines()
    width = len(header.split("\t"))
    assert all(len(row.split("\t")) == width for row in tsv)  # no tab or quoted break inside a cell


@pytest.mark.parametrize("name", ["run.xlf", "run.xliff12.xlf", "run.omegat.xlf", "held-back.tmx", "corpus.tmx"])
def test_xml_formats_read_back_clean(dirty_run: Path, name: str) -> None:
    root = ET.parse(dirty_run / name).getroot()
    texts = []
    for element in root.iter():
        texts += [t for t in (element.text, element.tail) if t and t.strip()]
        texts += list(element.attrib.values())
    _assert_clean(texts, name)
    # Every non-blank text on one line, as a converter to Moses would write it.
    assert all(len(t.splitlines()) == 1 for t in texts if t.strip()), name
    if name != "corpus.tmx":  # random weights: every pair is bad, corpus.tmx holds none
        assert any(RLO in t for t in texts) and any(ZWNJ in t for t in texts), name
