"""XLIFF 2.1 for CAT tools: a ``unit`` per document, a ``segment`` per pair in state ``initial``, the
e5 similarity (when computed) as ITS ``mtConfidence`` (0–1)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..records import SentencePair
from .atomic import atomic_open
from .safe import line, xml_text

NS = "urn:oasis:names:tc:xliff:document:2.0"
ITS = "http://www.w3.org/2005/11/its"


def write_xliff(documents: Iterable[tuple[str, Sequence[SentencePair]]], path: str | Path, *,
                src_lang: str = "fa", tgt_lang: str = "en") -> None:
    from xml.etree import ElementTree as ET

    ET.register_namespace("", NS)
    ET.register_namespace("its", ITS)
    root = ET.Element(f"{{{NS}}}xliff", {"version": "2.1", "srcLang": src_lang, "trgLang": tgt_lang,
                                         f"{{{ITS}}}version": "2.0"})
    file = ET.SubElement(root, f"{{{NS}}}file", id="f1")
    for n, (doc_id, pairs) in enumerate(documents, 1):
        unit = ET.SubElement(file, f"{{{NS}}}unit", id=f"u{n}", name=doc_id)
        for p in pairs:
            segment = ET.SubElement(unit, f"{{{NS}}}segment", id=p.source.id.replace(":", "-"), state="initial")
            ET.SubElement(segment, f"{{{NS}}}source").text = xml_text(line(p.source.text))
            target = ET.SubElement(segment, f"{{{NS}}}target")
            target.text = xml_text(line(p.target))
            confidence = p.score("similarity")
            if confidence is not None:
                target.set(f"{{{ITS}}}mtConfidence", f"{max(0.0, min(1.0, confidence)):.3f}")
    ET.indent(root)
    with atomic_open(path) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(root, encoding="unicode") + "\n")
