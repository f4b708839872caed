"""TMX 1.4b parsed back with the standard library; markup stays text, control characters go."""

from __future__ import annotations

from xml.etree import ElementTree as ET
from pathlib import Path

from translate.export.tmx import write_tmx

from .samples import PAIRS


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
