"""The units the TMX and XLIFF writers write as text are what ElementTree's indent + tostring write for
the same tree: each is parsed, written again by ElementTree at its level, and compared, for the
writers' own units (TMX ``tu``, XLIFF 2 ``unit``, XLIFF 1.2 ``trans-unit``, OmegaT's variant) with text
that must be escaped, empty texts and every review state."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from translate.export.tmx import TmxWriter
from translate.export.xliff import XliffWriter
from translate.export.xliff12 import Xliff12Writer
from translate.export.xmlunits import attributes, leaf, parent
from translate.records import Score, Sentence, SentencePair, TermHit

from .samples import PAIRS

# Prefixed names are written as given; to parse a unit alone, its prefixes are declared around it.
PREFIXES = {"its": "http://www.w3.org/2005/11/its", "mda": "urn:oasis:names:tc:xliff:metadata:2.0"}


def elementtree_writes(text: str, level: int) -> str:
    """``text`` (one element, prefixed names allowed) parsed and written again by ElementTree."""
    declared = "".join(f' xmlns:{p}="{uri}"' for p, uri in PREFIXES.items())
    root = ET.fromstring(f"<wrap{declared}>{text}</wrap>")
    (element,) = list(root)
    _prefixed(element)
    ET.indent(element, level=level)
    return ET.tostring(element, encoding="unicode")


def _prefixed(element: ET.Element) -> None:
    """Names back as written (``{uri}meta`` → ``mda:meta``), so ElementTree writes no namespace of its own."""
    names = {f"{{{uri}}}": f"{p}:" for p, uri in {**PREFIXES, "xml": "http://www.w3.org/XML/1998/namespace"}.items()}

    def plain(name: str) -> str:
        for uri, prefix in names.items():
            if name.startswith(uri):
                return prefix + name[len(uri):]
        return name

    for node in element.iter():
        node.tag = plain(node.tag)
        for key in list(node.attrib):
            value = node.attrib.pop(key)
            node.attrib[plain(key)] = value


HOSTILE = "a & b < c > d \"q\" 'a' \t tab ]]> &amp; \u200c نیم‌فاصله"
MORE = PAIRS + [
    SentencePair(Sentence("d\"<&>'\t", 2, 0, len(HOSTILE), HOSTILE), HOSTILE, edited=True, state="edited",
                 scores=Score(similarity=0.7, confidence=-0.3, verdict="review"),
                 terms=(TermHit(source="x&y", type="org", start=0, end=1, text="a", target="<A>", status="missing"),)),
    SentencePair(Sentence("doc", 3, 0, 0, ""), "", state="approved"),
    SentencePair(Sentence("doc", 4, 0, 3, "یک"), "one", state="rejected", scores=Score(verdict="bad")),
]


@pytest.mark.parametrize("pair", MORE)
def test_units_are_written_as_elementtree_writes_them(tmp_path, pair):
    writers = [(TmxWriter(tmp_path / "a.tmx", signature="s", tool_version="0", store_id="st", run_id=3), 2),
               (XliffWriter(tmp_path / "a.xlf", store_id="st"), 2),
               (Xliff12Writer(tmp_path / "b.xlf"), 3),
               (Xliff12Writer(tmp_path / "c.xlf", omegat=True), 3)]
    for writer, level in writers:
        text = writer.render(pair).removeprefix("\n    ")  # the TMX writer puts its unit on its own line
        assert text == elementtree_writes(text, level)
        writer.abort()


def test_empty_elements_attributes_and_nesting():
    attrs = attributes([("xml:lang", "fa"), ("b", "x\ny\r\tz \"q\" <&>")])
    text = parent("r", attrs, [leaf("mda:a", "", ""), leaf("b", ' k="v"', "t <here> & there"),
                               parent("c", "", [leaf("d", "", "x")], "\n      "), parent("e", "", [], "\n      ")],
                  "\n    ")
    assert text == elementtree_writes(text, 2)
    assert "<e />" in text and "<mda:a />" in text
