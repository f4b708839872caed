"""XLIFF 2.1 parsed back: a file per document, a unit per sentence, notes, review states, ITS confidence,
and what identifies each unit (Metadata module)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

from translate.export.base import DocumentInfo, RunInfo, Summary
from translate.export.xliff import exporter, write_xliff
from translate.records import Score

from .samples import PAIRS
from .test_schemas import ZWNJ

MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
NS = {"x": "urn:oasis:names:tc:xliff:document:2.0", "mda": MDA}
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


def test_every_unit_says_what_identifies_it(tmp_path: Path) -> None:
    """First in each unit, the Metadata module: the run, the document, the source fingerprint, the
    revision, the fingerprint of the English as written and the state."""
    pair = replace(ZWNJ, state="edited", edited=True, fingerprint="8ecb8b5a884533ee", rev=3)
    write_xliff([("doc two", [pair, replace(PAIRS[0], fingerprint="")])], tmp_path / "run.xlf",
                store_id="5e1f0c2a9b7d4e31", run_id=12)
    units = ET.parse(tmp_path / "run.xlf").getroot().findall("x:file/x:unit", NS)
    assert units[0][0].tag == f"{{{MDA}}}metadata"
    groups = units[0].findall("mda:metadata/mda:metaGroup", NS)
    assert [g.get("category") for g in groups] == ["persian-translate"]
    english = "He wants\u200c to see 1 people\t<b>now</b>"  # the target on one line, trimmed
    assert units[0].find("x:segment/x:target", NS).text == english
    assert [(m.get("type"), m.text) for m in groups[0]] == [
        ("store", "5e1f0c2a9b7d4e31"), ("run", "12"), ("document", "doc two"), ("fingerprint", "8ecb8b5a884533ee"),
        ("rev", "3"), ("exported", hashlib.sha256(english.encode()).hexdigest()[:16]), ("exported-state", "edited")]
    # No store known, no fingerprint on the pair: only what is known is said.
    write_xliff([("doc", [replace(PAIRS[0], fingerprint="")])], tmp_path / "bare.xlf")
    metas = ET.parse(tmp_path / "bare.xlf").getroot().findall(".//mda:meta", NS)
    assert [m.get("type") for m in metas] == ["document", "rev", "exported", "exported-state"]


def test_the_exporter_writes_the_run_it_was_given(tmp_path: Path) -> None:
    doc = DocumentInfo("doc", "doc", Summary(2))
    writer = exporter(RunInfo(tmp_path, "model:test|v:0", "0.1.0", [doc], Summary(2), store_id="5e1f", run_id=9))
    writer.start_document(doc)
    for pair in PAIRS:
        writer.pair(pair)
    writer.end_document()
    writer.commit()
    units = ET.parse(tmp_path / "run.xlf").getroot().findall("x:file/x:unit", NS)
    assert [[m.text for m in u.findall(".//mda:meta", NS)][:2] for u in units] == [["5e1f", "9"]] * 2
