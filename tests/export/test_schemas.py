"""XLIFF 1.2, XLIFF 2.1 and TMX validate against the standards' own schemas (shared/schemas), with and
without scores, in every review state and verdict, with hostile text.

The pairs and schema loaders here are shared by the other CAT-format tests."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from translate.export.base import DocumentInfo, RunInfo, Summary
from translate.export.tmx import exporter as tmx_exporter
from translate.export.tmx import write_tmx
from translate.export.xliff import write_xliff
from translate.export.xliff12 import write_xliff12
from translate.records import REVIEW_STATES, Score, Sentence, SentencePair, TermHit, text_fingerprint

from .samples import PAIRS

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas"
ITS = "http://www.w3.org/2005/11/its"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"
X1 = "{urn:oasis:names:tc:xliff:document:1.2}"
MDA = "{urn:oasis:names:tc:xliff:metadata:2.0}"

MISSING = TermHit(source="پوتین", type="person", start=0, end=5, text="پوتین", target="Putin",
                  status="missing")
ZWNJ = SentencePair(
    Sentence("doc two", 0, 0, 40, "  می\u200cخواهد ۲۵ نفر را\u200c ببیند  \u2028 «تهران»"),
    "He wants\u200c to see 1 people\t<b>now</b>  ", terms=(MISSING,),
    scores=Score(similarity=0.7, length=2.3, numbers=0.0, confidence=-0.2, verdict="review",
                 reasons=("numbers", "length", "terms")))


def state_pairs(*, scores: bool = True) -> list[SentencePair]:
    """Every review state with every verdict, hostile text (markup, ZWNJ, a bell, line breaks), each
    with a source fingerprint and a revision (0 for machine pairs, as a store gives them)."""
    base = [*PAIRS, ZWNJ]
    found = []
    for k, state in enumerate(REVIEW_STATES):
        for j, pair in enumerate(base):
            source = replace(pair.source, index=10 * k + j)
            edited = state == "edited" or (state == "approved" and j == 0)
            pair = replace(pair, source=source, state=state, edited=edited,
                           fingerprint=text_fingerprint(pair.source.line()), rev=k + j if k else 0)
            found.append(pair if scores else replace(pair, scores=Score(verdict=pair.verdict)))
    return found


def documents(pairs: list[SentencePair]) -> list[tuple[str, list[SentencePair]]]:
    """The pairs grouped by document, in order."""
    grouped: dict[str, list[SentencePair]] = {}
    for pair in pairs:
        grouped.setdefault(pair.source.doc_id, []).append(pair)
    return list(grouped.items())


class _Local(etree.Resolver):
    """XLIFF 1.2 imports the W3C xml.xsd by URL: read the copy beside the TMX DTD instead."""

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "tmx-1.4" / "xml.xsd"), context)
        return None


def _need_schemas() -> None:
    if not SCHEMAS.is_dir():
        pytest.skip(f"the standards' schemas are not at {SCHEMAS}")


@functools.cache
def _xliff12_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd"), parser))


@functools.cache
def _xliff2_schema() -> etree.XMLSchema:
    folder = SCHEMAS / "xliff-2.1"
    driver = (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
              f'<xs:import namespace="urn:oasis:names:tc:xliff:document:2.0" '
              f'schemaLocation="{(folder / "xliff_core_2.0.xsd").as_uri()}"/>'
              f'<xs:import namespace="urn:oasis:names:tc:xliff:itsm:2.1" '
              f'schemaLocation="{(folder / "itsm.xsd").as_uri()}"/>'
              f'<xs:import namespace="urn:oasis:names:tc:xliff:metadata:2.0" '
              f'schemaLocation="{(folder / "metadata.xsd").as_uri()}"/>'
              f'</xs:schema>')
    return etree.XMLSchema(etree.fromstring(driver.encode(), base_url=folder.as_uri() + "/"))


def assert_valid(path: Path) -> etree._ElementTree:
    """Validate an XLIFF 1.2, XLIFF 2.x or TMX file against its schema; return the parsed tree."""
    _need_schemas()
    tree = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    root = tree.getroot()
    if root.tag == "tmx":
        validator = etree.DTD(str(SCHEMAS / "tmx-1.4" / "tmx14.dtd"))
    elif root.get("version") == "1.2":
        validator = _xliff12_schema()
    else:
        validator = _xliff2_schema()
    assert validator.validate(tree), f"{path.name}: {validator.error_log}"
    return tree


@pytest.mark.parametrize("scores", [True, False], ids=["scores", "no-scores"])
@pytest.mark.parametrize("store_id", ["", "3f9c2a7e51d04b68"], ids=["no-store", "store"])
def test_every_format_validates_in_every_state(tmp_path: Path, scores: bool, store_id: str) -> None:
    pairs = state_pairs(scores=scores)
    run = {"store_id": store_id, "run_id": 4}
    write_xliff12(documents(pairs), tmp_path / "run.xliff12.xlf", **run)
    write_xliff12(documents(pairs), tmp_path / "run.omegat.xlf", omegat=True, **run)
    write_xliff(documents(pairs), tmp_path / "run.xlf", **run)
    write_tmx(pairs, tmp_path / "all.tmx", signature="model:test|v:0", tool_version="0.1.0", **run)
    for name in ("run.xliff12.xlf", "run.omegat.xlf", "run.xlf", "all.tmx"):
        assert_valid(tmp_path / name)


def test_the_identity_is_checked_by_the_metadata_schema(tmp_path: Path) -> None:
    """The XLIFF 2 identity is validated by the Metadata module's schema, not merely let through: a
    ``meta`` without its ``type`` fails."""
    write_xliff([("doc", PAIRS)], tmp_path / "run.xlf", store_id="s", run_id=1)
    tree = assert_valid(tmp_path / "run.xlf")
    meta = tree.getroot().find(f".//{MDA}meta")
    del meta.attrib["type"]
    assert not _xliff2_schema().validate(tree)


def test_xliff12_strict_schema_refuses_foreign_attributes_and_elements(tmp_path: Path) -> None:
    """Why the XLIFF 1.2 identity is a ``context-group``: the strict schema validates foreign attributes
    and elements strictly, so an attribute or element of a namespace it has no schema for fails."""
    write_xliff12([("doc", PAIRS)], tmp_path / "run.xliff12.xlf", store_id="s", run_id=1)
    tree = assert_valid(tmp_path / "run.xliff12.xlf")
    unit = tree.getroot().find(f".//{X1}trans-unit")
    unit.set("{urn:persian-translate}rev", "0")
    assert not _xliff12_schema().validate(tree)
    del unit.attrib["{urn:persian-translate}rev"]
    etree.SubElement(unit, "{urn:persian-translate}rev").text = "0"
    assert not _xliff12_schema().validate(tree)


def test_xliff2_carries_its_confidence_only_on_units_and_only_for_model_targets(tmp_path: Path) -> None:
    pairs = state_pairs()
    write_xliff(documents(pairs), tmp_path / "run.xlf")
    root = assert_valid(tmp_path / "run.xlf").getroot()
    for element in root.iter():
        its = {k for k in element.attrib if k.startswith(f"{{{ITS}}}")}
        assert not its or element.tag in (f"{X2}unit", f"{X2}xliff"), element.tag
    units = {u.get("name"): u for u in root.iter(f"{X2}unit")}
    for pair in pairs:
        unit = units[pair.source.id]
        value = unit.get(f"{{{ITS}}}mtConfidence")
        if pair.scores.confidence is None or pair.edited:
            assert value is None
        else:
            assert 0.0 <= float(value) <= 1.0 and abs(float(value) - 0.819) < 0.001  # exp(-0.2), not the similarity
            assert unit.get(f"{{{ITS}}}annotatorsRef", "").startswith("mt-confidence|")


def test_xliff2_core_refuses_its_on_target(tmp_path: Path) -> None:
    """Why the confidence is on ``unit``: the core schema takes no foreign attribute on ``target``."""
    write_xliff([("doc", PAIRS)], tmp_path / "run.xlf")
    tree = assert_valid(tmp_path / "run.xlf")
    tree.getroot().find(f".//{X2}target").set(f"{{{ITS}}}mtConfidence", "0.5")
    assert not _xliff2_schema().validate(tree)


def test_empty_documents_and_runs_stay_valid(tmp_path: Path) -> None:
    write_xliff([("empty", [])], tmp_path / "empty.xlf")
    write_xliff([("empty", []), ("doc", PAIRS)], tmp_path / "one.xlf")
    write_xliff12([("empty", [])], tmp_path / "empty12.xlf")
    write_tmx([], tmp_path / "empty.tmx", signature="s", tool_version="0")
    for name in ("empty.xlf", "one.xlf", "empty12.xlf", "empty.tmx"):
        assert_valid(tmp_path / name)
    originals = [f.get("original") for f in etree.parse(str(tmp_path / "one.xlf")).getroot().iter(f"{X2}file")]
    assert originals == ["doc"]


def test_tmx_exporter_files_validate(tmp_path: Path) -> None:
    pairs = state_pairs()
    doc = DocumentInfo("doc", "doc", Summary(len(pairs)))
    info = RunInfo(tmp_path, "model:test|v:0", "0.1.0", [doc], Summary(len(pairs)), store_id="s", run_id=2)
    exporter = tmx_exporter(info)
    exporter.start_document(doc)
    for pair in pairs:
        exporter.pair(pair)
    exporter.end_document()
    exporter.commit()
    for name in ("doc.tmx", "corpus.tmx", "held-back.tmx"):
        assert_valid(tmp_path / name)
