"""TMX 1.4b parsed back with the standard library; markup stays text, control characters go; the
exporter keeps approved, edited and ok pairs (and what ``include`` adds) and holds back the rest; every
``tu`` says what identifies it."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

from translate.export.base import DocumentInfo, RunInfo, Summary
from translate.export.tmx import exporter as tmx_exporter
from translate.export.tmx import write_tmx
from translate.records import Score, SentencePair

from .samples import PAIRS
from .test_schemas import assert_valid

IDENTITY = {"x-store", "x-run", "x-document", "x-fingerprint", "x-rev", "x-exported", "x-exported-state"}


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
    assert props["x-state"] == "machine"
    assert "<script>" not in (tmp_path / "doc.tmx").read_text(encoding="utf-8")


def _export(tmp_path: Path, pairs: list[SentencePair], include: frozenset[str] = frozenset()) -> dict[str, list]:
    """Run the TMX exporter over two documents; ``{file name: [(tuid, x-state)]}``."""
    docs = [DocumentInfo("a", "a", Summary(len(pairs))), DocumentInfo("b", "b", Summary(1))]
    info = RunInfo(tmp_path, "model:test|v:0", "0.1.0", docs, Summary(len(pairs) + 1), include=include)
    exporter = tmx_exporter(info)
    exporter.start_document(docs[0])
    for pair in pairs:
        exporter.pair(pair)
    exporter.end_document()
    exporter.start_document(docs[1])
    exporter.pair(replace(PAIRS[0], source=replace(PAIRS[0].source, doc_id="b")))
    exporter.end_document()
    exporter.commit()
    found = {}
    for name in ("a.tmx", "b.tmx", "corpus.tmx", "held-back.tmx"):
        root = assert_valid(tmp_path / name).getroot()
        found[name] = [(tu.get("tuid"), tu.find("prop[@type='x-state']").text) for tu in root.iter("tu")]
    return found


def _pairs() -> list[SentencePair]:
    """Machine ok/review/bad, edited bad, approved bad, rejected ok: ids a:0 … a:5."""
    cases = [("machine", "ok"), ("machine", "review"), ("machine", "bad"), ("edited", "bad"), ("approved", "bad"),
             ("rejected", "ok")]
    return [replace(PAIRS[0], source=replace(PAIRS[0].source, doc_id="a", index=k), state=state,
                    scores=Score(similarity=0.5, verdict=verdict)) for k, (state, verdict) in enumerate(cases)]


def test_tmx_keeps_approved_edited_and_ok_and_holds_back_the_rest(tmp_path: Path) -> None:
    found = _export(tmp_path, _pairs())
    assert found["a.tmx"] == [("a:0", "machine"), ("a:3", "edited"), ("a:4", "approved")]
    assert found["b.tmx"] == [("b:0", "machine")]
    assert found["corpus.tmx"] == found["a.tmx"] + found["b.tmx"]
    assert found["held-back.tmx"] == [("a:1", "machine"), ("a:2", "machine"), ("a:5", "rejected")]


def test_include_widens_the_tmx(tmp_path: Path) -> None:
    found = _export(tmp_path / "review", _pairs(), frozenset({"review"}))
    assert [t for t, _ in found["a.tmx"]] == ["a:0", "a:1", "a:3", "a:4"]
    assert [t for t, _ in found["held-back.tmx"]] == ["a:2", "a:5"]
    found = _export(tmp_path / "all", _pairs(), frozenset({"review", "bad", "rejected"}))
    assert [t for t, _ in found["corpus.tmx"]] == ["a:0", "a:1", "a:2", "a:3", "a:4", "a:5", "b:0"]
    assert found["held-back.tmx"] == []
    assert "<body />" in (tmp_path / "all" / "held-back.tmx").read_text(encoding="utf-8")


def test_every_tu_says_what_identifies_it_in_every_file(tmp_path: Path) -> None:
    """``x-store``, ``x-run``, ``x-document``, ``x-fingerprint``, ``x-rev``, ``x-exported``,
    ``x-exported-state`` on each ``tu`` of the per-document TMX, corpus.tmx and held-back.tmx."""
    pairs = [replace(p, fingerprint=f"{k:016x}", rev=k) for k, p in enumerate(_pairs())]
    doc = DocumentInfo("a", "a", Summary(len(pairs)))
    info = RunInfo(tmp_path, "model:test|v:0", "0.1.0", [doc], Summary(len(pairs)), store_id="5e1f0c2a", run_id=4)
    exporter = tmx_exporter(info)
    exporter.start_document(doc)
    for pair in pairs:
        exporter.pair(pair)
    exporter.end_document()
    exporter.commit()
    english = "The trip to Gaza continued"
    for name, indices in (("a.tmx", [0, 3, 4]), ("corpus.tmx", [0, 3, 4]), ("held-back.tmx", [1, 2, 5])):
        tus = assert_valid(tmp_path / name).getroot().iter("tu")
        found = [{p.get("type"): p.text for p in tu.findall("prop")} for tu in tus]
        assert [{k: v for k, v in props.items() if k in IDENTITY} for props in found] == [{
            "x-store": "5e1f0c2a", "x-run": "4", "x-document": "a", "x-fingerprint": f"{k:016x}", "x-rev": str(k),
            "x-exported": hashlib.sha256(english.encode()).hexdigest()[:16], "x-exported-state": pairs[k].state}
            for k in indices], name
