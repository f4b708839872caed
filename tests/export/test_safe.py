"""One place makes text safe per format: one clean line for line formats, no tab in a TSV cell,
XML-legal characters for XML; and every line and record writer keeps to it, whatever the store holds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from translate.export.jsonl import write_jsonl
from translate.export.moses import write_moses
from translate.export.parquet import Row, row_of, write_parquet
from translate.export.safe import cell, clean, clean_strings, line, xml_text
from translate.export.tsv import write_tsv
from translate.records import Score, Sentence, SentencePair, TermHit, one_line
from translate.text.clean import unclean

# Every kind of character no output may carry, as an old store, a model or a CAT tool may hand them over.
DIRTY = "یک\x00دو \x1b[1mسه\x1b[0m\u2028چهار\u2029پنج\x0bشش\x0cهفت\x1cهشت\x1dنه\x1eده\x85یازده\x7f\x9b\ud800\uffff"


def test_line_flattens_every_line_break_and_trims() -> None:
    assert line("  یک\nدو\u2028سه\u2029چهار\x85پنج \r\n") == "یک دو سه چهار پنج"


def test_line_removes_controls_and_keeps_what_persian_needs() -> None:
    assert line(DIRTY) == "یکدو [1mسه[0m چهار پنج شش هفت هشت نه ده یازده\ufffd\ufffd"
    kept = "می\u200cروم \u200d\u200e\u200f \u202eوارونه\u202c\tستون"
    assert line(kept) == kept


@pytest.mark.parametrize("text", [
    "سفر به غزه ادامه دارد.", "  فاصله‌ها  دو تایی  ", "a\tb", "«نقل قول» و 'quote' & <tag>", "",
    "سفر به غزه\nادامه", "خط\r\nخط",
])
def test_clean_text_comes_out_as_before(text: str) -> None:
    # What these functions did before characters were cleaned, so no writer's bytes change for clean text.
    assert line(text) == one_line(text).strip()
    assert clean(text) == one_line(text)
    assert xml_text(text) == one_line(text)
    assert cell(text) == one_line(text).replace("\t", " ")


def test_cell_has_no_tab() -> None:
    assert cell("ستون\tدوم\x00\u2028سوم") == "ستون دوم سوم"


def test_xml_text_drops_what_xml_cannot_carry_and_every_break() -> None:
    assert xml_text("a\x00b\x07c\x0bd\ud800e\ufffff\tg\nh\x85i\u2028j") == "abc d\ufffde\ufffdf\tg h i j"


def test_clean_strings_walks_nested_values() -> None:
    value = {"a\u2028": ["x\x00", ("y\x85z", 3)], "n": None, "f": 1.5, "t": {"k": "ok"}}
    assert clean_strings(value) == {"a ": ["x", ("y z", 3)], "n": None, "f": 1.5, "t": {"k": "ok"}}


def _dirty_pairs() -> list[SentencePair]:
    term = TermHit(source="غزه", type="place", start=0, end=3, text="غزه\u2028", target="Gaza\x85", status="found")
    return [
        SentencePair(Sentence("doc", 0, 0, len(DIRTY), DIRTY), "English\u2028with\x1b[0m\x85breaks\x00",
                     scores=Score(similarity=0.5, verdict="bad"), terms=(term,), alignment="0-0"),
        SentencePair(Sentence("doc", 1, 0, 4, "تمیز"), "clean", scores=Score(verdict="ok")),
    ]


def _no_unclean(text: str) -> None:
    assert unclean(text) == [], [hex(ord(ch)) for _, ch in unclean(text)]


def test_moses_lines_stay_aligned_and_clean(tmp_path: Path) -> None:
    write_moses(_dirty_pairs(), tmp_path / "doc")
    fa = (tmp_path / "doc.fa").read_text(encoding="utf-8")
    en = (tmp_path / "doc.en").read_text(encoding="utf-8")
    _no_unclean(fa), _no_unclean(en)
    assert len(fa.splitlines()) == len(en.splitlines()) == 2
    assert en.splitlines()[0] == "English with[0m breaks"


def test_tsv_rows_stay_rows_and_cells_hold_no_tab(tmp_path: Path) -> None:
    pairs = _dirty_pairs()
    pairs[1] = SentencePair(Sentence("doc", 1, 0, 9, "ستون\tتمیز"), "tab\there", scores=Score(verdict="ok"))
    write_tsv(pairs, tmp_path / "doc.tsv")
    text = (tmp_path / "doc.tsv").read_text(encoding="utf-8")
    _no_unclean(text)
    lines = text.splitlines()
    assert len(lines) == 3
    assert {len(row.split("\t")) for row in lines} == {len(lines[0].split("\t"))}  # no tab inside a cell
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert (rows[1]["translation.fa"], rows[1]["translation.en"]) == ("ستون تمیز", "tab here")
    term = json.loads(rows[0]["terms"])[0]
    assert (term["text"], term["target"], term["status"]) == ("غزه ", "Gaza ", "found")


def test_jsonl_values_are_clean_not_only_escaped(tmp_path: Path) -> None:
    write_jsonl(_dirty_pairs(), tmp_path / "doc.jsonl")
    raw = (tmp_path / "doc.jsonl").read_text(encoding="utf-8")
    _no_unclean(raw)
    objects = [json.loads(row) for row in raw.splitlines()]
    assert len(objects) == 2
    for obj in objects:
        _no_unclean(json.dumps(obj, ensure_ascii=False))  # escapes (\u2028) read back as values too
    assert objects[0]["translation"]["en"] == "English with[0m breaks"
    assert objects[0]["terms"][0]["target"] == "Gaza "


def test_parquet_strings_are_clean(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    rows = [row_of(p, "doc") for p in _dirty_pairs()]
    # A corpus row from line-aligned files: U+2028 inside its line, as read_lines keeps it.
    rows.append(Row("c\x85:0", "c\x85", 0, "یک\u2028دو", "one\u2029two\x00", reasons=["r\x0b"], provenance="p\x1c"))
    write_parquet(rows, tmp_path / "c.parquet")
    table = pq.read_table(tmp_path / "c.parquet").to_pylist()
    _no_unclean(json.dumps(table, ensure_ascii=False, default=str))
    assert table[2]["translation"] == {"fa": "یک دو", "en": "one two"}
    assert (table[2]["id"], table[2]["reasons"], table[2]["provenance"]) == ("c :0", ["r "], "p ")
