"""TMX 1.4b: one ``tu`` per pair; scores, verdict and term hits as ``prop type="x-…"``; the run
signature in the header. Text goes through the XML library (escaped) after dropping the characters
XML cannot carry."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..records import QE_COLUMNS, SentencePair
from .atomic import atomic_open
from .safe import line, xml_text


def write_tmx(pairs: Iterable[SentencePair], path: str | Path, *, signature: str, tool_version: str,
              src_lang: str = "fa", tgt_lang: str = "en") -> None:
    from xml.etree import ElementTree as ET

    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(tmx, "header", {
        "creationtool": "persian-translate", "creationtoolversion": tool_version, "segtype": "sentence",
        "o-tmf": "persian-translate", "adminlang": "en", "srclang": src_lang, "datatype": "plaintext",
    }).append(_prop("x-signature", signature))
    body = ET.SubElement(tmx, "body")
    for p in pairs:
        tu = ET.SubElement(body, "tu", tuid=p.source.id)
        for name in QE_COLUMNS:
            if p.score(name) is not None:
                tu.append(_prop(f"x-{name}", f"{p.score(name):.4f}"))
        tu.append(_prop("x-verdict", p.verdict))
        for t in p.terms:
            tu.append(_prop("x-term", f"{t.text}={t.target}:{t.status}"))
        for lang, text in ((src_lang, p.source.text), (tgt_lang, p.target)):
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
            ET.SubElement(tuv, "seg").text = xml_text(line(text))
    ET.indent(tmx)
    with atomic_open(path) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(tmx, encoding="unicode") + "\n")


def _prop(kind: str, value: str) -> Any:
    from xml.etree import ElementTree as ET

    prop = ET.Element("prop", type=kind)
    prop.text = xml_text(value)
    return prop
