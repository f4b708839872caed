"""XLIFF 2.1 for CAT tools: a ``unit`` per document, a ``segment`` per pair in state ``initial``, the
e5 similarity (when computed) as ITS ``mtConfidence`` (0–1). Written a segment at a time (each
serialized and escaped by the standard library's XML writer) so a run of any size streams; the root
declares the XLIFF and ITS namespaces that the segments' names use."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from ..records import SentencePair
from .atomic import AtomicFile
from .base import DocumentInfo, RunInfo
from .safe import line, xml_id, xml_text

NS = "urn:oasis:names:tc:xliff:document:2.0"
ITS = "http://www.w3.org/2005/11/its"


class XliffWriter:
    def __init__(self, path: str | Path, *, src_lang: str = "fa", tgt_lang: str = "en") -> None:
        self.file = AtomicFile(path)
        root = ET.Element("xliff", {"xmlns": NS, "xmlns:its": ITS, "version": "2.1", "srcLang": xml_text(src_lang),
                                    "trgLang": xml_text(tgt_lang), "its:version": "2.0"})
        opening = ET.tostring(root, encoding="unicode").removesuffix(" />")
        self.file.write(f'<?xml version="1.0" encoding="UTF-8"?>\n{opening}>\n  <file id="f1">')
        self.units = 0

    def start_unit(self, doc_id: str) -> None:
        self.units += 1
        unit = ET.Element("unit", id=f"u{self.units}", name=xml_text(doc_id))
        self.file.write("\n    " + ET.tostring(unit, encoding="unicode").removesuffix(" />") + ">")

    def add(self, p: SentencePair) -> None:
        segment = ET.Element("segment", id=xml_id(p.source.id.replace(":", "-")), state="initial")
        ET.SubElement(segment, "source").text = xml_text(line(p.source.text))
        target = ET.SubElement(segment, "target")
        target.text = xml_text(line(p.target))
        confidence = p.score("similarity")
        if confidence is not None:
            target.set("its:mtConfidence", f"{max(0.0, min(1.0, confidence)):.3f}")
        ET.indent(segment, level=3)
        self.file.write("\n      " + ET.tostring(segment, encoding="unicode"))

    def end_unit(self) -> None:
        self.file.write("\n    </unit>")

    def commit(self) -> None:
        self.file.write("\n  </file>\n</xliff>\n")
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def write_xliff(documents: Iterable[tuple[str, Sequence[SentencePair]]], path: str | Path, *,
                src_lang: str = "fa", tgt_lang: str = "en") -> None:
    writer = XliffWriter(path, src_lang=src_lang, tgt_lang=tgt_lang)
    for doc_id, pairs in documents:
        writer.start_unit(doc_id)
        for pair in pairs:
            writer.add(pair)
        writer.end_unit()
    writer.commit()


class XliffExporter:
    """``run.xlf``: the whole run, a unit per document."""

    def __init__(self, info: RunInfo) -> None:
        self.writer = XliffWriter(info.outdir / "run.xlf", src_lang=info.src_lang, tgt_lang=info.tgt_lang)

    def start_document(self, doc: DocumentInfo) -> None:
        self.writer.start_unit(doc.doc_id)

    def pair(self, pair: SentencePair) -> None:
        self.writer.add(pair)

    def end_document(self) -> None:
        self.writer.end_unit()

    def commit(self) -> None:
        self.writer.commit()

    def abort(self) -> None:
        self.writer.abort()


def exporter(info: RunInfo) -> XliffExporter:
    return XliffExporter(info)
