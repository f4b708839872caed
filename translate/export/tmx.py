"""TMX 1.4b: one ``tu`` per pair; scores, verdict and term hits as ``prop type="x-…"``; the run
signature in the header. Written a ``tu`` at a time (each serialized and escaped by the standard
library's XML writer, indented as ``ElementTree.indent`` would), so a corpus of any size streams; text
loses the characters XML cannot carry first."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET

from ..records import QE_COLUMNS, SentencePair
from .atomic import AtomicFile
from .base import PerDocument, RunInfo
from .safe import line, xml_text


def _prop(parent: ET.Element, kind: str, value: str) -> None:
    ET.SubElement(parent, "prop", type=kind).text = xml_text(value)


class TmxWriter:
    def __init__(self, path: str | Path, *, signature: str, tool_version: str, src_lang: str = "fa",
                 tgt_lang: str = "en") -> None:
        self.file = AtomicFile(path)
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        header = ET.Element("header", {
            "creationtool": "persian-translate", "creationtoolversion": tool_version, "segtype": "sentence",
            "o-tmf": "persian-translate", "adminlang": "en", "srclang": xml_text(src_lang), "datatype": "plaintext",
        })
        _prop(header, "x-signature", signature)
        ET.indent(header, level=1)
        self.file.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  ')
        self.file.write(ET.tostring(header, encoding="unicode") + "\n  <body")
        self.empty = True

    def render(self, p: SentencePair) -> str:
        tu = ET.Element("tu", tuid=xml_text(p.source.id))
        for name in QE_COLUMNS:
            if p.score(name) is not None:
                _prop(tu, f"x-{name}", f"{p.score(name):.4f}")
        _prop(tu, "x-verdict", p.verdict)
        for t in p.terms:
            _prop(tu, "x-term", f"{t.text}={t.target}:{t.status}")
        for lang, text in ((self.src_lang, p.source.text), (self.tgt_lang, p.target)):
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": xml_text(lang)})
            ET.SubElement(tuv, "seg").text = xml_text(line(text))
        ET.indent(tu, level=2)
        return "\n    " + ET.tostring(tu, encoding="unicode")

    def put(self, text: str) -> None:
        self.file.write((">" if self.empty else "") + text)
        self.empty = False

    def add(self, p: SentencePair) -> None:
        self.put(self.render(p))

    def commit(self) -> None:
        self.file.write(" />\n</tmx>\n" if self.empty else "\n  </body>\n</tmx>\n")
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def write_tmx(pairs: Iterable[SentencePair], path: str | Path, *, signature: str, tool_version: str,
              src_lang: str = "fa", tgt_lang: str = "en") -> None:
    writer = TmxWriter(path, signature=signature, tool_version=tool_version, src_lang=src_lang, tgt_lang=tgt_lang)
    for pair in pairs:
        writer.add(pair)
    writer.commit()


def exporter(info: RunInfo) -> PerDocument:
    return PerDocument(info, lambda base: TmxWriter(f"{base}.tmx", signature=info.signature,
                                                    tool_version=info.tool_version, src_lang=info.src_lang,
                                                    tgt_lang=info.tgt_lang))
