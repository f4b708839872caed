"""The round trip with a CAT tool: run → export XLIFF 1.2 → two targets and one state changed with lxml
(as a CAT tool would) → ``translate review import`` → ``translate export``: Moses, TSV, TMX and both
XLIFFs carry the changes, and a second ``translate run`` keeps them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from translate.cli import main

from ..conftest import ROOT

X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
FIRST = "The presidents of Iran and Russia discussed the crisis of Palestine and Israel."
FOURTH = "Putin said both countries \u200cwant calm: 25 to 100 millimetres of rain."


def _invoke(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def _units(path: Path) -> dict[str, etree._Element]:
    root = etree.parse(str(path)).getroot()
    return {u.get("id"): u for u in root.iter(f"{{{X12}}}trans-unit")}


def test_round_trip_through_a_cat_tool(review_run: Path, tiny_models) -> None:
    xlf = review_run / "run.xliff12.xlf"
    assert xlf.is_file()
    # a translator's CAT tool: two targets rewritten, one unit confirmed as final, one unknown unit added
    tree = etree.parse(str(xlf))
    units = {u.get("id"): u for u in tree.getroot().iter(f"{{{X12}}}trans-unit")}
    for uid, text in (("example:0", FIRST), ("example:3", FOURTH)):
        target = units[uid].find(f"{{{X12}}}target")
        target.text = text
        target.set("state", "translated")
        target.attrib.pop("state-qualifier", None)
    units["example:5"].find(f"{{{X12}}}target").set("state", "final")
    units["example:5"].find(f"{{{X12}}}target").attrib.pop("state-qualifier", None)
    stranger = etree.SubElement(units["example:5"].getparent(), f"{{{X12}}}trans-unit", id="elsewhere:7")
    etree.SubElement(stranger, f"{{{X12}}}source").text = "x"
    etree.SubElement(stranger, f"{{{X12}}}target").text = "y"
    edited = review_run.parent / "edited.xlf"
    tree.write(str(edited), encoding="UTF-8", xml_declaration=True)
    machine_fifth = units["example:5"].find(f"{{{X12}}}target").text

    said = _invoke("review", "import", str(review_run), str(edited), code=1)  # a unit was refused
    assert "applied 3, unchanged " in said and "conflicts 0, unmatched 1, foreign 0" in said
    assert "unmatched: elsewhere:7" in said
    _invoke("export", str(review_run))

    def check() -> None:
        en = (review_run / "example.en").read_text(encoding="utf-8").splitlines()
        assert (en[0], en[3], en[5]) == (FIRST, FOURTH, machine_fifth)
        rows = [line.split("\t") for line in (review_run / "example.tsv").read_text(encoding="utf-8").splitlines()]
        state = rows[0].index("state")
        assert [r[state] for r in rows[1:7]] == ["edited", "machine", "machine", "edited", "machine", "approved"]
        tmx = etree.parse(str(review_run / "corpus.tmx")).getroot()
        kept = {tu.get("tuid"): tu for tu in tmx.iter("tu")}
        assert {"example:0", "example:3", "example:5"} <= set(kept)  # the random model's bad pairs are held back
        assert kept["example:3"].findall("tuv")[1].find("seg").text == FOURTH  # the ZWNJ survives
        held = {tu.get("tuid") for tu in etree.parse(str(review_run / "held-back.tmx")).getroot().iter("tu")}
        assert "example:1" in held and not held & set(kept)
        x12 = _units(review_run / "run.xliff12.xlf")
        states = {uid: x12[uid].find(f"{{{X12}}}target").get("state") for uid in ("example:0", "example:1", "example:5")}
        assert states == {"example:0": "translated", "example:1": "needs-review-translation", "example:5": "final"}
        x2 = etree.parse(str(review_run / "run.xlf")).getroot()
        segments = {u.get("name"): u.find(f"{{{X2}}}segment") for u in x2.iter(f"{{{X2}}}unit")}
        assert segments["example:0"].find(f"{{{X2}}}target").text == FIRST
        assert segments["example:5"].get("state") == "final"

    check()
    # the same run again: what the translator did outranks the machine
    src = Path(json.loads((review_run / "manifest.json").read_text(encoding="utf-8"))["inputs"][0]["path"]).parent
    said = _invoke("run", str(src), "-o", str(review_run), "--model", str(tiny_models["marian"]), "-g",
                   str(ROOT / "glossaries" / "news-fa-en.tsv"), "--beam", "1", "--max-length-ratio", "0.3")
    assert "kept 3 reviewed by a person" in said
    check()
