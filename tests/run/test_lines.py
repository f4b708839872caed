"""Translating lines: one output line per input line, empty lines kept, glossary reports per sentence."""

from __future__ import annotations

from translate.config import DecodeOptions
from translate.mt import open_engine
from translate.records import Document
from translate.run.lines import LineTranslator, units
from translate.terms.glossary import load_glossary

from ..conftest import ROOT

DOC = Document("d", "d", "تیتر خبر\n\nپوتین گفت. غزه آرام است.\n")


def test_units_follow_lines_or_sentences() -> None:
    assert units(DOC, "line") == [["تیتر خبر"], [], ["پوتین گفت.", "غزه آرام است."]]
    assert units(DOC, "sentence") == [["تیتر خبر"], ["پوتین گفت."], ["غزه آرام است."]]


def test_lines_with_and_without_a_glossary(tiny_models) -> None:
    engine = open_engine("ct2", str(tiny_models["marian"]), device="cpu", threads=1)
    decode = DecodeOptions(beam_size=1, max_length=8)
    plain = LineTranslator(engine, decode)
    lines = list(plain.lines([DOC, DOC]))
    assert [len(x.sources) for x in lines] == [1, 0, 2] * 2 and lines[1].text == "" and plain.documents == 2
    matcher = load_glossary(ROOT / "glossaries" / "news-fa-en.tsv").matcher()
    with_terms = list(LineTranslator(engine, decode, matcher=matcher).lines([DOC]))
    assert [x.first for x in with_terms] == [0, 1, 1]
    terms = [t.target for line in with_terms for r in line.results for t in r.terms]
    assert terms == ["Putin", "Gaza"]
