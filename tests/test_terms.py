"""Glossary enforcement: checking, source-side handling, repair, and the whole stage on real engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.backends import DecodeOptions, load_engine
from translate.glossary import load_glossary
from translate.models import resolve
from translate.records import Hypothesis
from translate.segment import segment_text
from translate.terms import (
    EnforceOptions,
    find_target,
    prepare,
    resolve_terms,
    target_pattern,
    translate_with_terms,
)

from .conftest import ROOT

HEADER = "source\ttarget\ttype\tnote\tshort\n"


@pytest.fixture
def glossary(tmp_path: Path):
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "\n".join([
        "فیلیپ لازارینی\tPhilippe Lazzarini\tperson\t\t",
        "طوفان الاقصی\tAl-Aqsa Flood\tevent\t\t",
        "ولادیمیر پوتین\tVladimir Putin\tperson\t\t",
        "غزه\tGaza\tplace\t\t",
    ]) + "\n", encoding="utf-8")
    return load_glossary(path)


@pytest.mark.parametrize(
    ("text", "target", "span"),
    [
        ("Putin said", "Vladimir Putin", None),
        ("vladimir putin said", "Vladimir Putin", (0, 14)),
        ("Vladimir Putin's call", "Vladimir Putin", (0, 16)),
        ("the Al Aqsa Flood began", "Al-Aqsa Flood", (4, 17)),
        ("the AlAqsa flood began", "Al-Aqsa Flood", (4, 16)),
        ("in Gazan hospitals", "Gaza", None),
        ("UN Security Council", "UN Security Council", (0, 19)),
    ],
)
def test_check_is_tolerant_but_not_loose(text: str, target: str, span: tuple[int, int] | None) -> None:
    assert find_target(text, target) == span
    assert bool(target_pattern(target).search(text)) == (span is not None)


def test_prepare_replaces_or_marks_terms(glossary) -> None:
    sentence = "ساعاتی قبل «فیلیپ لازارینی» درباره غزه هشدار داد."
    hits = glossary.matcher().find(sentence)
    replaced = prepare(sentence, hits, "replace")
    assert replaced.text == "ساعاتی قبل «Philippe Lazzarini» درباره Gaza هشدار داد."
    assert [replaced.text[s:e] for s, e in replaced.spans] == ["Philippe Lazzarini", "Gaza"]
    marked = prepare(sentence, hits, "placeholder")
    assert marked.text == "ساعاتی قبل «ZX1» درباره ZX2 هشدار داد."
    plain = prepare(sentence, hits, "none")
    assert [plain.text[s:e] for s, e in plain.spans] == ["فیلیپ لازارینی", "غزه"]


def test_placeholders_come_back(glossary) -> None:
    sentence = "فیلیپ لازارینی درباره غزه هشدار داد."
    hits = glossary.matcher().find(sentence)
    prepared = prepare(sentence, hits, "placeholder")
    text, terms = resolve_terms(prepared, hits, Hypothesis("ZX1 warned about ZX 2.", -1.0),
                                EnforceOptions(source="placeholder"))
    assert text == "Philippe Lazzarini warned about Gaza."
    assert [(t.status, text[t.target_start:t.target_end]) for t in terms] == [
        ("copied", "Philippe Lazzarini"), ("copied", "Gaza")]


def test_fuzzy_repair_changes_only_the_term(glossary) -> None:
    sentence = "ساعاتی قبل فیلیپ لازارینی درباره غزه هشدار داد."
    hits = glossary.matcher().find(sentence)
    prepared = prepare(sentence, hits)
    hyp = Hypothesis("Hours earlier, Philip Lazarini, warned about Gaza.", -1.0)
    text, terms = resolve_terms(prepared, hits, hyp, EnforceOptions(source="none"))
    assert text == "Hours earlier, Philippe Lazzarini, warned about Gaza."
    assert [(t.target, t.status) for t in terms] == [("Philippe Lazzarini", "repaired"), ("Gaza", "found")]
    assert [text[t.target_start:t.target_end] for t in terms] == ["Philippe Lazzarini", "Gaza"]
    # without repair it stays missing, and the text is untouched
    text, terms = resolve_terms(prepared, hits, hyp, EnforceOptions(source="none", repair=False))
    assert text == hyp.text and [t.status for t in terms] == ["missing", "found"]


def test_attention_repair_replaces_the_aligned_words(glossary) -> None:
    sentence = "پوتین و غزه"
    hits = [h for h in glossary.matcher().find(sentence)]
    assert [h.target for h in hits] == ["Gaza"]
    prepared = prepare(sentence, hits)
    # source pieces: ▁پوتین ▁و ▁غزه </s>; target pieces: ▁Putin ▁and ▁Ghaza </s>-less
    hyp = Hypothesis("Putin and Ghazzah", -1.0, tokens=("▁Putin", "▁and", "▁Gh", "azzah"),
                     source_tokens=("▁پوتین", "▁و", "▁غزه", "</s>"),
                     attention=((0.9, 0.05, 0.05, 0), (0.1, 0.8, 0.1, 0), (0.1, 0.1, 0.8, 0), (0.2, 0.1, 0.7, 0)))
    text, terms = resolve_terms(prepared, hits, hyp, EnforceOptions(source="none"), special={"</s>"})
    assert text == "Putin and Gaza"
    assert terms[0].status == "repaired"


@pytest.mark.parametrize("engine_name", ["ct2", "hf"])
@pytest.mark.parametrize("arch", ["marian", "nllb"])
def test_strict_enforcement_lands_every_term_of_the_example(tiny_models: dict[str, Path], example_text: str,
                                                           engine_name: str, arch: str) -> None:
    glossary = load_glossary(ROOT / "glossaries" / "news-fa-en.tsv")
    engine = load_engine(engine_name, resolve(str(tiny_models[arch])), device="cpu", threads=1)
    sentences = [s.line() for s in segment_text(example_text)]
    (results,) = translate_with_terms(engine, [sentences], glossary.matcher(), DecodeOptions(beam_size=2, max_length=40),
                                      EnforceOptions(source="none", strict=True))
    hits = [t for r in results for t in r.terms]
    assert len(results) == 15 and len(hits) >= 60
    assert all(t.status in ("found", "copied", "forced", "repaired") for t in hits)
    for result in results:
        for t in result.terms:
            assert result.text[t.target_start:t.target_end].lower().startswith(t.target.lower()[:3])
