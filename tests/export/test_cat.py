"""Files edited in a CAT tool read back: ids, edited targets (inline markup flattened, whitespace kept)
and review states, from XLIFF 1.2, XLIFF 2.x and TMX; anything unreadable is an InputError naming the
file; entities and DTDs are never resolved."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from translate.errors import InputError
from translate.export.cat import CatUnit, read_units
from translate.export.safe import line, xml_text
from translate.export.tmx import write_tmx
from translate.export.xliff import write_xliff
from translate.export.xliff12 import write_xliff12
from translate.records import SentencePair

from .test_schemas import documents, state_pairs

X1 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"


def _in_order() -> list[SentencePair]:
    """:func:`state_pairs` in file order (a document after another)."""
    return [pair for _, pairs in documents(state_pairs()) for pair in pairs]


def _expected() -> list[CatUnit]:
    return [CatUnit(p.source.doc_id, p.source.index, xml_text(line(p.target)), p.state, p.source.id)
            for p in _in_order()]


def _edit(path: Path, find: str, change) -> None:  # type: ignore[no-untyped-def]
    """Change the first element ``find`` matches, as a CAT tool would, and save the file."""
    tree = etree.parse(str(path))
    change(tree.getroot().find(find, {"x1": X1, "x2": X2}))
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)


def test_every_format_reads_back_what_it_wrote(tmp_path: Path) -> None:
    write_xliff12(documents(state_pairs()), tmp_path / "run.xliff12.xlf")
    write_xliff(documents(state_pairs()), tmp_path / "run.xlf")
    write_tmx(_in_order(), tmp_path / "all.tmx", signature="s", tool_version="0")
    for name in ("run.xliff12.xlf", "run.xlf", "all.tmx"):
        assert read_units(tmp_path / name) == _expected(), name


def test_xliff12_edits_states_and_inline_markup(tmp_path: Path) -> None:
    path = tmp_path / "run.xliff12.xlf"
    write_xliff12(documents(state_pairs()), path)

    def edit(target: etree._Element) -> None:
        target.attrib.clear()
        target.set("state", "translated")
        target.text = " The trip "
        bold = etree.SubElement(target, f"{{{X1}}}g", id="1")
        bold.text = "to  Gaza"
        bold.tail = ", "
        code = etree.SubElement(target, f"{{{X1}}}ph", id="2")
        code.text = "<br/>"
        mark = etree.SubElement(target, f"{{{X1}}}mrk", mtype="term")
        mark.text = "went on"
        mark.tail = "\u200c."

    _edit(path, "x1:file/x1:body/x1:trans-unit/x1:target", edit)
    _edit(path, ".//x1:trans-unit[@id='doc:1']/x1:target", lambda t: t.set("state", "final"))
    _edit(path, ".//x1:trans-unit[@id='doc:10']/x1:target", lambda t: t.set("state-qualifier", "rejected-grammar"))
    _edit(path, ".//x1:trans-unit[@id='doc:11']/x1:target", lambda t: t.set("state", "x-our-own"))
    _edit(path, ".//x1:trans-unit[@id='doc:20']", lambda u: u.remove(u.find(f"{{{X1}}}target")))
    units = {u.ref: u for u in read_units(path)}
    assert units["doc:0"] == CatUnit("doc", 0, " The trip to  Gaza, went on\u200c.", "edited", "doc:0")
    assert (units["doc:1"].state, units["doc:10"].state, units["doc:11"].state) == ("approved", "rejected", None)
    assert units["doc:20"].target is None and units["doc:20"].state == "approved"  # approved="yes" on the unit


def test_xliff2_edits_states_and_inline_markup(tmp_path: Path) -> None:
    path = tmp_path / "run.xlf"
    write_xliff(documents(state_pairs()), path)

    def edit(segment: etree._Element) -> None:
        segment.set("state", "translated")
        del segment.attrib["subState"]
        target = segment.find(f"{{{X2}}}target")
        target.text = "He  wants "
        span = etree.SubElement(target, f"{{{X2}}}pc", id="1")
        span.text = "to see"
        span.tail = " "
        etree.SubElement(target, f"{{{X2}}}ph", id="2").tail = "them"
        mark = etree.SubElement(target, f"{{{X2}}}mrk", id="m1", translate="no")
        mark.text = " «now»"

    _edit(path, ".//x2:unit[@name='doc two:2']/x2:segment", edit)
    _edit(path, ".//x2:unit[@name='doc two:12']/x2:segment", lambda s: s.set("state", "final"))
    _edit(path, ".//x2:unit[@name='doc two:32']", lambda u: u.attrib.pop("name"))  # the id is left: doc_two:32
    units = {(u.doc_id, u.index): u for u in read_units(path)}
    assert units["doc two", 2] == CatUnit("doc two", 2, "He  wants to see them «now»", "edited", "doc two:2")
    assert units["doc two", 12].state == "approved"
    assert units["doc two", 32] == CatUnit("doc two", 32, units["doc two", 32].target, "rejected", "doc_two:32")


def test_xliff2_a_later_approval_beats_a_rejection_and_segments_join(tmp_path: Path) -> None:
    path = tmp_path / "run.xlf"
    write_xliff(documents(state_pairs()), path)
    _edit(path, ".//x2:unit[@name='doc:30']/x2:segment", lambda s: s.set("state", "final"))

    def split(unit: etree._Element) -> None:  # a tool splits the sentence in two segments
        first = unit.find(f"{{{X2}}}segment")
        second = etree.SubElement(unit, f"{{{X2}}}segment", state="final")
        etree.SubElement(second, f"{{{X2}}}source").text = " more"
        etree.SubElement(second, f"{{{X2}}}target").text = " and more"
        first.find(f"{{{X2}}}target").text = "Part one"

    _edit(path, ".//x2:unit[@name='doc:1']", split)
    units = {u.ref: u for u in read_units(path)}
    assert units["doc:30"].state == "approved"
    assert units["doc:1"].target == "Part one and more" and units["doc:1"].state == "machine"


def test_tmx_edits_markup_and_states(tmp_path: Path) -> None:
    path = tmp_path / "all.tmx"
    write_tmx(_in_order(), path, signature="s", tool_version="0")

    def edit(tu: etree._Element) -> None:
        tu.find("prop[@type='x-state']").text = "approved"
        seg = tu.findall("tuv")[1].find("seg")
        seg.text = "A "
        hi = etree.SubElement(seg, "hi")
        hi.text = "new"
        hi.tail = " "
        bpt = etree.SubElement(seg, "bpt", i="1")
        bpt.text = "<b "
        sub = etree.SubElement(bpt, "sub")
        sub.text = "title"
        bpt.tail = " translation"

    _edit(path, "body/tu", edit)
    _edit(path, "body/tu[2]", lambda tu: tu.set("tuid", "intro"))
    units = read_units(path)
    assert units[0] == CatUnit("doc", 0, "A new title translation", "approved", "doc:0")
    assert units[1] == CatUnit("", -1, units[1].target, "machine", "intro")


def test_omegat_copies_of_the_source_are_no_translation(tmp_path: Path) -> None:
    path = tmp_path / "run.omegat.xlf"
    write_xliff12(documents(state_pairs()), path, omegat=True)
    assert {(u.target, u.state) for u in read_units(path)} == {(None, None)}


def test_ids_without_a_document_or_index(tmp_path: Path) -> None:
    path = tmp_path / "other.xlf"
    path.write_text(f'<xliff version="1.2" xmlns="{X1}"><file original="art:icle" source-language="fa" '
                    'datatype="plaintext"><body><trans-unit id="7"><source>الف</source><target>A</target>'
                    '</trans-unit><trans-unit id="intro"><source>ب</source><target state="new">B</target>'
                    '</trans-unit></body></file></xliff>', encoding="utf-8")
    assert read_units(path) == [CatUnit("art:icle", 7, "A", None, "7"),
                                CatUnit("art:icle", -1, "B", "machine", "intro")]


def test_entities_and_dtds_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    path = tmp_path / "evil.xlf"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
                    f'<!ENTITY word "WORD">]>\n<xliff version="1.2" xmlns="{X1}"><file original="d" '
                    'source-language="fa" datatype="plaintext"><body><trans-unit id="d:0"><source>الف</source>'
                    '<target>A &xxe; &word; B</target></trans-unit></body></file></xliff>', encoding="utf-8")
    (unit,) = read_units(path)
    assert "SECRET" not in (unit.target or "") and "WORD" not in (unit.target or "")


@pytest.mark.parametrize("content, problem", [
    ("<xliff version='1.2'><file>", "not well-formed XML"),
    ("", "not well-formed XML"),
    ("<html><body>hi</body></html>", "not an XLIFF or TMX file (its root element is <html>"),
    (None, "cannot read it"),
])
def test_unreadable_files_name_the_file(tmp_path: Path, content: str | None, problem: str) -> None:
    path = tmp_path / "edited.xlf"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_units(path)
    assert caught.value.source == str(path) and problem in caught.value.problem
