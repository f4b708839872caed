"""XLIFF 2.1 parsed back: a file per document, a unit per sentence, notes, review states, ITS confidence."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

from translate.export.xliff import write_xliff
from translate.records import Score

from .samples import PAIRS
from .test_schemas import ZWNJ

NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
ITS = "{http://www.w3.org/2005/11/its}"


def test_xliff_21(tmp_path: Path) -> None:
    write_xliff([("doc", PAIRS)], tmp_path / "run.xlf")
    root = ET.parse(tmp_path / "run.xlf").getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "fa", "en")
    files = root.findall("x:file", NS)
    assert [f.get("original") for f in files] == ["doc"]
    units = files[0].findall("x:unit", NS)
    assert [(u.get("id"), u.get("name")) for u in units] == [("doc:0", "doc:0"), ("doc:1", "doc:1")]
    segments = [u.find("x:segment", NS) for u in units]
    assert [(s.get("state"), s.get("subState")) for s in segments] == [("initial", "persian-translate:mt")] * 2
    assert segments[0].find("x:target", NS).text == "The trip to Gaza continued"
    assert segments[1].find("x:source", NS).text == "او نوشت: <script>alert(1)</script> &  تمام"
    assert units[0].get(f"{ITS}mtConfidence") is None  # no model confidence: the similarity is not one
    notes = {n.get("category"): n.text for n in units[0].iterfind("x:notes/x:note", NS)}
    assert notes == {"verdict": "verdict: ok", "scores": "scores: similarity 0.910, length 0.200, numbers 1.000",
                     "glossary": "glossary: غزه → Gaza (place): found"}


def test_states_reasons_and_confidence(tmp_path: Path) -> None:
    pairs = [replace(ZWNJ, source=replace(ZWNJ.source, index=k), state=state, edited=state == "edited")
             for k, state in enumerate(("machine", "edited", "approved", "rejected"))]
    write_xliff([("doc two", pairs)], tmp_path / "run.xlf")
    units = ET.parse(tmp_path / "run.xlf").getroot().findall("x:file/x:unit", NS)
    assert [u.get("id") for u in units] == ["doc_two:0", "doc_two:1", "doc_two:2", "doc_two:3"]
    assert [u.get("name") for u in units] == ["doc two:0", "doc two:1", "doc two:2", "doc two:3"]
    states = [(u.find("x:segment", NS).get("state"), u.find("x:segment", NS).get("subState")) for u in units]
    assert states == [("initial", "persian-translate:mt"), ("translated", None), ("final", None),
                      ("initial", "persian-translate:rejected")]
    assert [u.get(f"{ITS}mtConfidence") for u in units] == ["0.819", None, "0.819", "0.819"]
    verdict = units[0].find("x:notes/x:note[@category='verdict']", NS).text
    assert verdict == ("verdict: review — numbers differ: ۲۵ vs 1; 2.3 σ longer than expected; "
                       "glossary term missing: پوتین → Putin")
    glossary = units[0].find("x:notes/x:note[@category='glossary']", NS).text
    assert glossary == "glossary: پوتین → Putin (person): missing"
    target = units[0].find("x:segment/x:target", NS).text
    assert target == "He wants\u200c to see 1 people\t<b>now</b>"


def test_no_scores_no_score_note(tmp_path: Path) -> None:
    write_xliff([("doc", [replace(PAIRS[0], scores=Score(), terms=())])], tmp_path / "run.xlf")
    notes = ET.parse(tmp_path / "run.xlf").getroot().findall(".//x:note", NS)
    assert [n.text for n in notes] == ["verdict: ok"]
