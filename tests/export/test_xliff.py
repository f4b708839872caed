"""XLIFF 2.1 parsed back: a unit per document, segments, ITS confidence."""

from __future__ import annotations

from xml.etree import ElementTree as ET
from pathlib import Path

from translate.export.xliff import write_xliff

from .samples import PAIRS


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
