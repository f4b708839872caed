"""The fast unit serializer writes exactly what ElementTree's indent + tostring write, for the writers'
own elements (TMX ``tu``, XLIFF 2 ``unit``, XLIFF 1.2 ``trans-unit``, OmegaT's variant) and for text
ElementTree has to escape."""

from __future__ import annotations

import copy
from xml.etree import ElementTree as ET

import pytest

from translate.export.tmx import TmxWriter
from translate.export.xliff import XliffWriter
from translate.export.xliff12 import Xliff12Writer
from translate.export.xmlunits import indented
from translate.records import Score, Sentence, SentencePair, TermHit

from .samples import PAIRS


def reference(element: ET.Element, level: int) -> str:
    element = copy.deepcopy(element)
    ET.indent(element, level=level)
    return ET.tostring(element, encoding="unicode")


HOSTILE = "a & b < c > d \"q\" 'a' \t tab ]]> &amp; \u200c نیم‌فاصله"
MORE = PAIRS + [
    SentencePair(Sentence("d\"<&>'\t", 2, 0, len(HOSTILE), HOSTILE), HOSTILE, edited=HOSTILE, state="edited",
                 scores=Score(similarity=0.7, confidence=-0.3, verdict="review"),
                 terms=(TermHit(source="x&y", type="org", start=0, end=1, text="a", target="<A>", status="missing"),)),
    SentencePair(Sentence("doc", 3, 0, 0, ""), "", state="approved"),
]


@pytest.mark.parametrize("pair", MORE)
def test_units_are_written_as_elementtree_writes_them(tmp_path, pair):
    writers = [(TmxWriter(tmp_path / "a.tmx", signature="s", tool_version="0", store_id="st", run_id=3), 2),
               (XliffWriter(tmp_path / "a.xlf", store_id="st"), 2),
               (Xliff12Writer(tmp_path / "b.xlf"), 3),
               (Xliff12Writer(tmp_path / "c.xlf", omegat=True), 3)]
    for writer, level in writers:
        element = writer.element(pair) if isinstance(writer, TmxWriter) else writer.render(pair)
        assert indented(element, level) == reference(element, level)
        writer.abort()


def test_tails_text_and_empty_elements():
    root = ET.Element("r", {"xml:lang": "fa", "b": "x\ny\r\tz"})
    root.text = "  "
    a = ET.SubElement(root, "mda:a")
    a.tail = "kept & tail"
    ET.SubElement(root, "b").text = ""
    c = ET.SubElement(root, "c")
    c.text = "text <here>"
    ET.SubElement(c, "d")
    root.tail = "after"
    for level in (0, 1, 3):
        assert indented(root, level) == reference(root, level)
