"""Parallel writers: exact bytes for line formats, TMX and XLIFF parsed back with the standard library,
hostile text (markup, control characters, line breaks) kept valid, atomic writes."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from translate.records import Sentence, SentencePair, TermHit
from translate.writers import atomic_open, write_jsonl, write_moses, write_tmx, write_tsv, write_xliff

TERM = TermHit(source="غزه", type="place", start=7, end=10, text="غزه", target="Gaza", status="found",
               target_start=14, target_end=18)
PAIRS = [
    SentencePair(Sentence("doc", 0, 0, 14, "سفر به غزه\nادامه"), "The trip to Gaza\ncontinued",
                 scores=(("similarity", 0.91), ("length", 0.2), ("numbers", 1.0)), verdict="ok", terms=(TERM,),
                 alignment="0-0 1-2"),
    SentencePair(Sentence("doc", 1, 15, 40, "او نوشت: <script>alert(1)</script> & \x07 تمام"),
                 "He wrote: <script>alert(1)</script> & \x07 done", scores=(("similarity", 0.5),), verdict="bad"),
]


def test_moses_is_line_aligned(tmp_path: Path) -> None:
    write_moses(PAIRS, tmp_path / "doc")
    assert (tmp_path / "doc.fa").read_bytes().decode() == (
        "سفر به غزه ادامه\nاو نوشت: <script>alert(1)</script> & \x07 تمام\n")
    assert (tmp_path / "doc.en").read_bytes().decode() == (
        "The trip to Gaza continued\nHe wrote: <script>alert(1)</script> & \x07 done\n")


def test_tsv_header_and_rows(tmp_path: Path) -> None:
    write_tsv(PAIRS, tmp_path / "doc.tsv")
    text = (tmp_path / "doc.tsv").read_text(encoding="utf-8")
    assert text.split("\n")[0] == ("id\tdoc_id\tindex\tstart\tend\tsource\ttarget\tsimilarity\tlength\tnumbers\t"
                                   "persian\trepetition\tconfidence\tterms\tverdict\tterm_hits\talignment")
    assert text.split("\n")[1] == ("doc:0\tdoc\t0\t0\t14\tسفر به غزه ادامه\tThe trip to Gaza continued\t0.9100\t0.2000\t"
                                   "1.0000\t\t\t\t\tok\tغزه=Gaza:found\t0-0 1-2")
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows)


def test_jsonl_records(tmp_path: Path) -> None:
    write_jsonl(PAIRS, tmp_path / "doc.jsonl")
    first, second = [json.loads(x) for x in (tmp_path / "doc.jsonl").read_text(encoding="utf-8").splitlines()]
    assert first["translation"] == {"fa": "سفر به غزه ادامه", "en": "The trip to Gaza continued"}
    assert first["scores"]["similarity"] == 0.91 and first["scores"]["confidence"] is None
    assert first["terms"][0]["status"] == "found" and first["alignment"] == "0-0 1-2"
    assert second["verdict"] == "bad"


def test_tmx_parses_back_and_keeps_markup_as_text(tmp_path: Path) -> None:
    write_tmx(PAIRS, tmp_path / "doc.tmx", signature="model:test|v:0", tool_version="0.1.0",
              src_lang="fa-IR", tgt_lang="en-US")
    root = ET.parse(tmp_path / "doc.tmx").getroot()
    header = root.find("header")
    assert root.get("version") == "1.4"
    assert {k: header.get(k) for k in ("creationtool", "segtype", "srclang", "datatype", "adminlang", "o-tmf")} == {
        "creationtool": "persian-translate", "segtype": "sentence", "srclang": "fa-IR", "datatype": "plaintext",
        "adminlang": "en", "o-tmf": "persian-translate"}
    tus = root.find("body").findall("tu")
    assert len(tus) == 2
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    segs = [(tuv.get(lang), tuv.find("seg").text) for tuv in tus[1].findall("tuv")]
    assert segs == [("fa-IR", "او نوشت: <script>alert(1)</script> &  تمام"),
                    ("en-US", "He wrote: <script>alert(1)</script> &  done")]
    props = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert props["x-similarity"] == "0.9100" and props["x-verdict"] == "ok" and props["x-term"] == "غزه=Gaza:found"
    assert "<script>" not in (tmp_path / "doc.tmx").read_text(encoding="utf-8")


def test_xliff_21(tmp_path: Path) -> None:
    write_xliff([("doc", PAIRS)], tmp_path / "run.xlf")
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    root = ET.parse(tmp_path / "run.xlf").getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "fa", "en")
    units = root.findall("x:file/x:unit", ns)
    assert [u.get("name") for u in units] == ["doc"]
    segments = units[0].findall("x:segment", ns)
    assert [s.get("state") for s in segments] == ["initial", "initial"]
    target = segments[0].find("x:target", ns)
    assert target.text == "The trip to Gaza continued"
    assert target.get("{http://www.w3.org/2005/11/its}mtConfidence") == "0.910"


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError):
        with atomic_open(target) as out:
            out.write("half")
            raise RuntimeError("killed")
    assert not target.exists() and list(tmp_path.iterdir()) == []
    with atomic_open(target) as out:
        out.write("whole\n")
    assert target.read_text() == "whole\n" and list(tmp_path.iterdir()) == [target]
