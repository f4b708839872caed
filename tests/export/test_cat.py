"""Files edited in a CAT tool read back: ids, edited targets (inline markup flattened, whitespace kept),
review states and the identity each unit was exported with (run, document, source fingerprint,
revision, target and state as exported), from XLIFF 1.2, XLIFF 2.x and TMX — as the writers here make
them and as CAT tools save them; anything unreadable, and any malformed unit, is one InputError naming
the file (and the unit) with nothing returned; entities and DTDs are never resolved."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from translate.errors import InputError
from translate.export.cat import CatUnit, read_units
from translate.export.safe import line, xml_text
from translate.export.tmx import write_tmx
from translate.export.xliff import write_xliff
from translate.export.xliff12 import write_xliff12
from translate.records import SentencePair, text_fingerprint

from .test_schemas import documents, state_pairs

X1 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"


def _in_order() -> list[SentencePair]:
    """:func:`state_pairs` in file order (a document after another)."""
    return [pair for _, pairs in documents(state_pairs()) for pair in pairs]


STORE = "3f9c2a7e51d04b68"


def _expected(*, store: bool = True) -> list[CatUnit]:
    """What each pair's unit reads back as, from the pairs themselves."""
    return [CatUnit(p.source.doc_id, p.source.index, xml_text(line(p.target)), p.state, p.source.id,
                    source=xml_text(line(p.source.text)), store_id=STORE if store else None,
                    run_id=7 if store else None, fingerprint=text_fingerprint(p.source.line()), rev=p.rev,
                    exported=text_fingerprint(line(p.target)), exported_state=p.state)
            for p in _in_order()]


def _by_ref() -> dict[str, CatUnit]:
    """The units as exported without a store, by id."""
    return {u.ref: u for u in _expected(store=False)}


def _edit(path: Path, find: str, change) -> None:  # type: ignore[no-untyped-def]
    """Change the first element ``find`` matches, as a CAT tool would, and save the file."""
    tree = etree.parse(str(path))
    change(tree.getroot().find(find, {"x1": X1, "x2": X2}))
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)


def test_every_format_reads_back_what_it_wrote(tmp_path: Path) -> None:
    run = {"store_id": STORE, "run_id": 7}
    write_xliff12(documents(state_pairs()), tmp_path / "run.xliff12.xlf", **run)
    write_xliff(documents(state_pairs()), tmp_path / "run.xlf", **run)
    write_tmx(_in_order(), tmp_path / "all.tmx", signature="s", tool_version="0", **run)
    for name in ("run.xliff12.xlf", "run.xlf", "all.tmx"):
        assert read_units(tmp_path / name) == _expected(), name
    assert len({u.rev for u in _expected()}) > 3 and len({u.exported for u in _expected()}) == 3  # not all alike


def test_without_a_store_the_run_is_not_said(tmp_path: Path) -> None:
    write_xliff(documents(state_pairs()), tmp_path / "run.xlf")
    assert read_units(tmp_path / "run.xlf") == _expected(store=False)


def test_the_omegat_variant_carries_the_english_as_exported(tmp_path: Path) -> None:
    """The Persian is in the targets there (no translation yet, no state); the identity says which
    English and which state went out, for the TMX to fill in."""
    path = tmp_path / "run.omegat.xlf"
    write_xliff12(documents(state_pairs()), path, omegat=True, store_id=STORE, run_id=7)
    assert read_units(path) == [replace(u, target=None, state=None) for u in _expected()]


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
    units, exported = {u.ref: u for u in read_units(path)}, _by_ref()
    # Only what the tool changed is different; the identity stays as exported.
    assert units["doc:0"] == replace(exported["doc:0"], target=" The trip to  Gaza, went on\u200c.", state="edited")
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
    units, exported = {(u.doc_id, u.index): u for u in read_units(path)}, _by_ref()
    assert units["doc two", 2] == replace(exported["doc two:2"], target="He  wants to see them «now»", state="edited")
    assert units["doc two", 12].state == "approved"
    assert units["doc two", 32] == replace(exported["doc two:32"], ref="doc_two:32")


def test_xliff2_a_later_state_beats_a_rejection_and_segments_join(tmp_path: Path) -> None:
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
    # translate-toolkit moves the state on and leaves our subState: an approval, an edit.
    _edit(path, ".//x2:unit[@name='doc:31']/x2:segment", lambda s: s.set("state", "reviewed"))
    _edit(path, ".//x2:unit[@name='doc two:32']/x2:segment", lambda s: s.set("state", "translated"))
    units, exported = {u.ref: u for u in read_units(path)}, _by_ref()
    assert [units[ref].state for ref in ("doc:30", "doc:31", "doc two:32")] == ["approved", "approved", "edited"]
    assert exported["doc:31"].state == exported["doc two:32"].state == "rejected"
    assert units["doc:1"] == replace(exported["doc:1"], target="Part one and more",
                                     source=f"{exported['doc:1'].source} more")


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
    units, exported = read_units(path), _by_ref()
    assert units[0] == replace(exported["doc:0"], target="A new title translation", state="approved")
    # No index in the id, but the document is still known from the unit's x-document.
    assert units[1] == replace(exported["doc:1"], index=-1, ref="intro")


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
    assert read_units(path) == [CatUnit("art:icle", 7, "A", None, "7", source="الف"),
                                CatUnit("art:icle", -1, "B", "machine", "intro", source="ب")]


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


# run.omegat.xlf after a round trip through OmegaT 3.6 (Debian's omegat, ``--mode=console-translate``):
# the translator's own translation of the first sentence (from the project's project_save.tmx) is in
# its target, the second was left alone (the Persian stays); the rest is byte for byte what we wrote.
OMEGAT_WROTE = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="خبر ۱" source-language="fa" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="خبر ۱:0" xml:space="preserve">
        <source>پوتین به تهران سفر کرد.</source>
        <target>Putin flew to Tehran.</target>
        <context-group purpose="x-persian-translate">
          <context context-type="x-store">5e1f0c2a9b7d4e31</context>
          <context context-type="x-run">3</context>
          <context context-type="x-document">خبر ۱</context>
          <context context-type="x-fingerprint">17a7e32ca9694838</context>
          <context context-type="x-rev">0</context>
          <context context-type="x-exported">d8b4179fa3ab6b73</context>
          <context context-type="x-exported-state">machine</context>
        </context-group>
        <note from="persian-translate" annotates="target">machine translation: Putin travelled to Tehran.</note>
        <note from="persian-translate" annotates="target" priority="5">verdict: ok</note>
      </trans-unit>
      <trans-unit id="خبر ۱:1" xml:space="preserve">
        <source>او می‌خواهد «غزه» را ببیند.</source>
        <target>او می‌خواهد «غزه» را ببیند.</target>
        <context-group purpose="x-persian-translate">
          <context context-type="x-store">5e1f0c2a9b7d4e31</context>
          <context context-type="x-run">3</context>
          <context context-type="x-document">خبر ۱</context>
          <context context-type="x-fingerprint">3f7ca66618357d2a</context>
          <context context-type="x-rev">2</context>
          <context context-type="x-exported">8fff4fc7021c2a92</context>
          <context context-type="x-exported-state">approved</context>
        </context-group>
        <note from="persian-translate" annotates="target">approved translation: He wants to see Gaza.</note>
        <note from="persian-translate" annotates="target" priority="5">verdict: ok</note>
      </trans-unit>
    </body>
  </file>
</xliff>"""


def test_a_file_omegat_wrote(tmp_path: Path) -> None:
    path = tmp_path / "run.omegat.xlf"
    path.write_text(OMEGAT_WROTE, encoding="utf-8")
    first, second = read_units(path)
    assert first == CatUnit("خبر ۱", 0, "Putin flew to Tehran.", None, "خبر ۱:0", source="پوتین به تهران سفر کرد.",
                            store_id="5e1f0c2a9b7d4e31", run_id=3,
                            fingerprint=text_fingerprint("پوتین به تهران سفر کرد."), rev=0, exported=text_fingerprint("Putin travelled to Tehran."), exported_state="machine")
    assert second.target is None and second.state is None  # OmegaT writes no state, and nobody translated it
    assert (second.fingerprint, second.rev, second.exported, second.exported_state) == (
        text_fingerprint("او می\u200cخواهد «غزه» را ببیند."), 2, text_fingerprint("He wants to see Gaza."), "approved")


def test_an_xliff2_file_another_tool_saved(tmp_path: Path) -> None:
    """Another prefix for the Metadata module, the identity re-indented, a group beside ours, the file's
    document ids lost: the identity is read all the same."""
    path = tmp_path / "edited.xlf"
    path.write_text(f"""<?xml version='1.0' encoding='utf-8'?>
<xliff xmlns="{X2}" xmlns:m="urn:oasis:names:tc:xliff:metadata:2.0" version="2.0" srcLang="fa-IR" trgLang="en">
 <file id="f1">
  <unit id="u1" name="گزارش:4">
   <m:metadata>
    <m:metaGroup category="other-tool"><m:meta type="rev">99</m:meta></m:metaGroup>
    <m:metaGroup category="persian-translate">
     <m:meta type="document">
       گزارش
     </m:meta>
     <m:meta type="fingerprint">0123456789ABCDEF</m:meta>
     <m:meta type="rev">12</m:meta>
     <m:meta type="exported-state">rejected</m:meta>
     <m:meta type="note-to-self">ignored</m:meta>
    </m:metaGroup>
   </m:metadata>
   <segment state="reviewed"><source>سلام</source><target>Hello</target></segment>
  </unit>
  <unit id="u2"><segment><source>خداحافظ</source><target>Goodbye</target></segment></unit>
 </file>
</xliff>""", encoding="utf-8")
    assert read_units(path) == [
        CatUnit("گزارش", 4, "Hello", "approved", "گزارش:4", source="سلام", fingerprint="0123456789abcdef", rev=12,
                exported_state="rejected"),
        CatUnit("", -1, "Goodbye", None, "u2", source="خداحافظ")]


def test_an_approval_beats_a_rejection_left_behind(tmp_path: Path) -> None:
    """translate-toolkit approves a unit (``approved="yes"``) without removing our
    ``state-qualifier="rejected-inaccurate"``: the approval is what the person did last."""
    path = tmp_path / "run.xliff12.xlf"
    write_xliff12(documents(state_pairs()), path)
    _edit(path, ".//x1:trans-unit[@id='doc:30']", lambda u: u.set("approved", "yes"))
    _edit(path, ".//x1:trans-unit[@id='doc:31']/x1:target", lambda t: t.set("state", "signed-off"))
    units = {u.ref: u for u in read_units(path)}
    assert [units[ref].state for ref in ("doc:30", "doc:31", "doc two:32")] == ["approved", "approved", "rejected"]


UNIT12 = ('<trans-unit id="{ref}"><source>سلام</source><target>{target}</target>'
          '<context-group purpose="x-persian-translate">{contexts}</context-group></trans-unit>')
UNIT2 = '<unit id="u{n}" name="{ref}"><segment><source>سلام</source><target>{target}</target></segment></unit>'


def _file12(bad: str, contexts: str = "") -> str:
    """An XLIFF 1.2 file of three units, the second with ``bad`` as its target."""
    units = [UNIT12.format(ref=f"خبر:{k}", target=target, contexts=contexts if k == 1 else "")
             for k, target in enumerate(["Hello", bad, "Bye"])]
    return (f'<xliff version="1.2" xmlns="{X1}"><file original="خبر" source-language="fa" datatype="plaintext">'
            f'<body>{"".join(units)}</body></file></xliff>')


def _file2(bad: str) -> str:
    units = [UNIT2.format(n=k, ref=f"خبر:{k}", target=target) for k, target in enumerate(["Hello", bad, "Bye"])]
    return f'<xliff version="2.0" xmlns="{X2}" srcLang="fa"><file id="f1">{"".join(units)}</file></xliff>'


@pytest.mark.parametrize("content, problem", [
    (_file2('A <cp hex="zz"/> B'), '<cp hex="zz"/> is not a hexadecimal code point'),
    (_file2('A <cp hex=""/> B'), '<cp hex=""/> is not a hexadecimal code point'),
    (_file2("A <cp/> B"), '<cp hex=""/> is not a hexadecimal code point'),
    (_file2('A <cp hex="110000"/> B'), "beyond Unicode"),
    (_file2('A <cp hex="FFFFFFFFFFFF"/> B'), "is not a hexadecimal code point"),
    (_file2('A <cp hex="D800"/> B'), '<cp hex="D800"/> is a surrogate'),
    (_file2('<cp hex="DBFF"/><cp hex="DC00"/>'), "is a surrogate"),
    (_file2('A <cp hex="FFFE"/> B'), "non-character"),
    (_file2('A <cp hex="1B"/>[31m red'), "its target contains U+001B ESCAPE at character 3"),
    (_file2('A <cp hex="0"/> B'), "its target contains U+0000 NULL"),
    (_file2('A <cp hex="2028"/> B'), "its target contains U+2028 LINE SEPARATOR"),
    (_file2("A\u2028B"), "its target contains U+2028 LINE SEPARATOR at character 2"),
    (_file12("A\u2029B"), "its target contains U+2029 PARAGRAPH SEPARATOR"),
    (_file12("A\x85B"), "its target contains U+0085 NEXT LINE"),
    (_file12("A\x9bB"), "its target contains U+009B control character"),
    (_file12("A\x7fB"), "its target contains U+007F DELETE"),
    (_file12("A\nB"), "its target contains U+000A LINE FEED"),
    (_file12("Hi", '<context context-type="x-rev">two</context>'), "its context x-rev 'two' is not a whole number"),
    (_file12("Hi", '<context context-type="x-rev">' + "9" * 30 + "</context>"), "is not a whole number"),
    (_file12("Hi", '<context context-type="x-run">-1</context>'), "its context x-run '-1' is not a whole number"),
    (_file12("Hi", '<context context-type="x-fingerprint">xyz</context>'), "is not a fingerprint"),
    (_file12("Hi", '<context context-type="x-exported">0123</context>'), "is not a fingerprint"),
    (_file12("Hi", '<context context-type="x-exported-state">done</context>'), "is not a review state"),
    (_file12("Hi", '<context context-type="x-store"></context>'), "its context x-store is empty"),
    (_file12("Hi", '<context context-type="x-document">خبر\u2028دو</context>'), "U+2028 LINE SEPARATOR"),
])
def test_a_malformed_unit_is_one_error_naming_it(tmp_path: Path, content: str, problem: str) -> None:
    """Nothing of the file comes back (the first unit was fine), and the message is one line."""
    path = tmp_path / "edited.xlf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_units(path)
    assert caught.value.source == str(path) and caught.value.problem.startswith("unit 'خبر:1': ")
    assert problem in caught.value.problem and "\n" not in str(caught.value)


def test_a_lone_surrogate_is_named_by_its_unit(tmp_path: Path) -> None:
    """A character reference to a surrogate is not XML at all: the parser stops, and the unit it
    stopped in is named (the file's last unit to start, found in the text)."""
    path = tmp_path / "edited.tmx"
    units = "".join(f'<tu tuid="خبر:{k}"><tuv xml:lang="fa"><seg>سلام {k}</seg></tuv>'
                    f'<tuv xml:lang="en"><seg>Hello {k}</seg></tuv></tu>' for k in range(3000))
    path.write_text(f'<tmx version="1.4"><header srclang="fa"/><body>{units}\n<tu tuid="خبر:bad">'
                    '<tuv xml:lang="en"><seg>a &#xD800; b</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_units(path)
    assert caught.value.problem.startswith("not well-formed XML in unit 'خبر:bad' (")


def test_ordinary_characters_in_cp_and_layout_around_a_target_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "edited.xlf"
    path.write_text(_file2('\n   Nima<cp hex="200c"/>s <cp hex="1F600"/>\n  '), encoding="utf-8")
    assert read_units(path)[1].target == "\n   Nima\u200cs \U0001f600\n  "


def _tmx(units: str, srclang: str = "*all*") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
            f'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="{srclang}" '
            f'datatype="plaintext"/><body>{units}</body></tmx>')


def test_tmx_languages_come_from_each_variant(tmp_path: Path) -> None:
    """``srclang="*all*"`` and English first: Persian is still the source. Region and case do not
    matter, TMX 1.1's ``lang`` counts, a third language is ignored, no English variant: no target."""
    path = tmp_path / "memory.tmx"
    path.write_text(_tmx(
        '<tu tuid="خبر:0"><tuv xml:lang="EN-gb"><seg>Hello</seg></tuv><tuv xml:lang="de"><seg>Hallo</seg></tuv>'
        '<tuv xml:lang="fa-IR"><seg>سلام</seg></tuv></tu>'
        '<tu tuid="خبر:1"><tuv lang="FA"><seg>خداحافظ</seg></tuv><tuv lang="en_US"><seg>Goodbye</seg></tuv></tu>'
        '<tu tuid="خبر:2"><tuv xml:lang="fa"><seg>ممنون</seg></tuv><tuv xml:lang="de"><seg>Danke</seg></tuv></tu>'
        '<tu tuid="خبر:3"><tuv><seg>no language</seg></tuv><tuv xml:lang="fa"><seg>بله</seg></tuv></tu>'),
        encoding="utf-8")
    assert [(u.source, u.target) for u in read_units(path)] == [
        ("سلام", "Hello"), ("خداحافظ", "Goodbye"), ("ممنون", None), ("بله", None)]
    assert [(u.source, u.target) for u in read_units(path, src_lang="EN", tgt_lang="fa-AF")] == [
        ("Hello", "سلام"), ("Goodbye", "خداحافظ"), (None, "ممنون"), (None, "بله")]
    assert [u.target for u in read_units(path, tgt_lang="de")] == ["Hallo", None, "Danke", None]


def test_tmx_header_srclang_never_decides(tmp_path: Path) -> None:
    """A header that names English as the source language does not make English the source."""
    path = tmp_path / "memory.tmx"
    path.write_text(_tmx('<tu tuid="خبر:0"><tuv xml:lang="fa"><seg>سلام</seg></tuv>'
                         '<tuv xml:lang="en"><seg>Hello</seg></tuv></tu>', srclang="en"), encoding="utf-8")
    assert [(u.source, u.target) for u in read_units(path)] == [("سلام", "Hello")]


def test_a_memory_omegat_wrote(tmp_path: Path) -> None:
    """OmegaT's own PROJECT-level1.tmx (TMX 1.1, ``lang``, comments, no tuid, no props): the texts come
    back, with nothing to say which unit they were."""
    path = tmp_path / "project-level1.tmx"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="3.6.0_10_unknown" segtype="paragraph" srclang="fa"/>
  <body>
<!-- Default translations -->
    <tu>
      <tuv lang="fa">
        <seg>پوتین به تهران سفر کرد.</seg>
      </tuv>
      <tuv lang="en" changeid="translator" changedate="20240101T120000Z">
        <seg>Putin flew to Tehran.</seg>
      </tuv>
    </tu>
<!-- Alternative translations -->
  </body>
</tmx>""", encoding="utf-8")
    assert read_units(path) == [CatUnit("", -1, "Putin flew to Tehran.", None, "", source="پوتین به تهران سفر کرد.")]
