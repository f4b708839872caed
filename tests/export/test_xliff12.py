"""XLIFF 1.2 parsed back: a file per document, a trans-unit per sentence with its id, review states on
the target, notes in words, what identifies each unit in a context group; the OmegaT variant puts the
Persian in the target."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

from lxml import etree

from translate.export.base import DocumentInfo, RunInfo, Summary
from translate.export.safe import line
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


def _identity(unit: ET.Element) -> list[tuple[str, str]]:
    (group,) = unit.findall("x:context-group", NS)
    assert group.get("purpose") == "x-persian-translate" and group.get("name") is None  # names must be unique
    return [(c.get("context-type"), c.text) for c in group.findall("x:context", NS)]


def test_every_unit_says_what_identifies_it_in_both_variants(tmp_path: Path) -> None:
    """A context group after the target: the run, the document, the source fingerprint, the revision,
    the English as written (its fingerprint: in the OmegaT variant too, where the target is Persian)
    and the state."""
    pair = replace(ZWNJ, state="approved", fingerprint="8ecb8b5a884533ee", rev=5)
    english = "He wants\u200c to see 1 people\t<b>now</b>"
    expected = [("x-store", "5e1f0c2a9b7d4e31"), ("x-run", "2"), ("x-document", "doc two"),
                ("x-fingerprint", "8ecb8b5a884533ee"), ("x-rev", "5"),
                ("x-exported", hashlib.sha256(english.encode()).hexdigest()[:16]), ("x-exported-state", "approved")]
    for omegat in (False, True):
        path = tmp_path / f"run-{omegat}.xlf"
        write_xliff12([("doc two", [pair])], path, omegat=omegat, store_id="5e1f0c2a9b7d4e31", run_id=2)
        (unit,) = assert_valid(path).getroot().iterfind(".//{*}trans-unit")
        unit = ET.fromstring(etree.tostring(unit))
        assert [c.tag.split("}")[1] for c in unit][:3] == ["source", "target", "context-group"]
        assert _identity(unit) == expected
        assert unit.find("x:target", NS).text == (line(pair.source.text) if omegat else english)


def test_exporters_write_the_run_they_were_given(tmp_path: Path) -> None:
    doc = DocumentInfo("doc", "doc", Summary(2))
    info = RunInfo(tmp_path, "model:test|v:0", "0.1.0", [doc], Summary(2), store_id="5e1f", run_id=9)
    for make in (exporter, omegat_exporter):
        writer = make(info)
        writer.start_document(doc)
        for pair in PAIRS:
            writer.pair(pair)
        writer.end_document()
        writer.commit()
    for name in ("run.xliff12.xlf", "run.omegat.xlf"):
        units = ET.parse(tmp_path / name).getroot().findall(".//x:trans-unit", NS)
        assert [_identity(u)[:3] for u in units] == [[("x-store", "5e1f"), ("x-run", "9"), ("x-document", "doc")]] * 2
