"""XLIFF 1.2 parsed back: a file per document, a trans-unit per sentence with its id, review states on
the target, notes in words; the OmegaT variant puts the Persian in the target."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

from translate.export.base import DocumentInfo, RunInfo, Summary
from translate.export.xliff12 import exporter, omegat_exporter, write_xliff12

from .samples import PAIRS
from .test_schemas import ZWNJ, assert_valid

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _states(pair):  # type: ignore[no-untyped-def]
    return [replace(pair, source=replace(pair.source, index=k), state=state, edited=state == "edited")
            for k, state in enumerate(("machine", "edited", "approved", "rejected"))]


def test_xliff_12(tmp_path: Path) -> None:
    write_xliff12([("doc", PAIRS), ("doc two", _states(ZWNJ))], tmp_path / "run.xliff12.xlf")
    root = ET.parse(tmp_path / "run.xliff12.xlf").getroot()
    assert root.get("version") == "1.2"
    files = root.findall("x:file", NS)
    assert [(f.get("original"), f.get("source-language"), f.get("target-language"), f.get("datatype"))
            for f in files] == [("doc", "fa", "en", "plaintext"), ("doc two", "fa", "en", "plaintext")]
    units = files[1].findall("x:body/x:trans-unit", NS)
    assert [u.get("id") for u in units] == ["doc two:0", "doc two:1", "doc two:2", "doc two:3"]
    assert {u.get(XML_SPACE) for u in units} == {"preserve"}
    targets = [u.find("x:target", NS) for u in units]
    assert [(t.get("state"), t.get("state-qualifier")) for t in targets] == [
        ("needs-review-translation", "mt-suggestion"), ("translated", None), ("final", None),
        ("needs-review-translation", "rejected-inaccurate")]
    assert [u.get("approved") for u in units] == [None, None, "yes", None]
    assert units[0].find("x:source", NS).text == "می\u200cخواهد ۲۵ نفر را\u200c ببیند «تهران»"
    assert targets[0].text == "He wants\u200c to see 1 people\t<b>now</b>"
    notes = [(n.get("priority"), n.get("annotates"), n.text) for n in units[0].findall("x:note", NS)]
    assert notes == [
        ("2", "target", "verdict: review — numbers differ: ۲۵ vs 1; 2.3 σ longer than expected; "
                        "glossary term missing: پوتین → Putin"),
        (None, "target", "scores: similarity 0.700, length 2.300, numbers 0.000, confidence -0.200"),
        (None, "source", "glossary: پوتین → Putin (person): missing")]
    hostile = files[0].findall("x:body/x:trans-unit", NS)[1]
    assert hostile.find("x:target", NS).text == "He wrote: <script>alert(1)</script> &  done"


def test_omegat_variant_puts_the_persian_in_the_target(tmp_path: Path) -> None:
    write_xliff12([("doc two", _states(ZWNJ))], tmp_path / "run.omegat.xlf", omegat=True)
    units = ET.parse(tmp_path / "run.omegat.xlf").getroot().findall(".//x:trans-unit", NS)
    for unit in units:
        target = unit.find("x:target", NS)
        assert target.text == unit.find("x:source", NS).text and not target.attrib
    assert [u.find("x:note", NS).text for u in units] == [
        f"{state} translation: He wants\u200c to see 1 people\t<b>now</b>"
        for state in ("machine", "edited", "approved", "rejected")]


def test_exporters_write_a_file_per_document_and_keep_empty_documents(tmp_path: Path) -> None:
    docs = [DocumentInfo("doc", "doc", Summary(2)), DocumentInfo("empty", "empty", Summary(0))]
    info = RunInfo(tmp_path, "model:test|v:0", "0.1.0", docs, Summary(2))
    for make in (exporter, omegat_exporter):
        writer = make(info)
        writer.start_document(docs[0])
        for pair in PAIRS:
            writer.pair(pair)
        writer.end_document()
        writer.start_document(docs[1])
        writer.end_document()
        writer.commit()
    for name in ("run.xliff12.xlf", "run.omegat.xlf"):
        root = assert_valid(tmp_path / name).getroot()
        assert [f.get("original") for f in root.iterfind("{*}file")] == ["doc", "empty"]
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".translate-tmp")]
