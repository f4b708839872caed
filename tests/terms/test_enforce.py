"""The glossary stage on real engines, and the same check and repair on translations made elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.config import DecodeOptions, EnforceOptions
from translate.mt import open_engine as load_engine
from translate.mt.models import resolve
from translate.terms.enforce import apply_glossary, term_success, translate_with_terms
from translate.terms.glossary import load_glossary
from translate.text.segment import segment_text

from ..conftest import ROOT


@pytest.mark.parametrize("engine_name", ["ct2", "hf"])
@pytest.mark.parametrize("arch", ["marian", "nllb"])
def test_strict_enforcement_lands_every_term_of_the_example(tiny_models: dict[str, Path], example_text: str,
                                                           engine_name: str, arch: str) -> None:
    glossary = load_glossary(ROOT / "glossaries" / "news-fa-en.tsv")
    engine = load_engine(engine_name, resolve(str(tiny_models[arch])), device="cpu", threads=1)
    sentences = [s.line() for s in segment_text(example_text)]
    (results,) = translate_with_terms(engine, [sentences], glossary.matcher(), DecodeOptions(beam_size=2, max_length=40),
                                      EnforceOptions.of(strict=True))
    hits = [t for r in results for t in r.terms]
    assert len(results) == 15 and len(hits) >= 60
    assert all(t.status in ("found", "copied", "forced", "repaired") for t in hits)
    for result in results:
        for t in result.terms:
            assert result.text[t.target_start:t.target_end].lower().startswith(t.target.lower()[:3])


def test_apply_repairs_near_spellings_and_nothing_else(glossary) -> None:
    sources = ["ساعاتی قبل فیلیپ لازارینی درباره غزه هشدار داد.", "هوا سرد است."]
    targets = ["Hours earlier, Philip Lazarini warned about Gaza.", "It is cold."]
    result = apply_glossary(glossary.matcher(), sources, targets)
    assert result.lines == ["Hours earlier, Philippe Lazzarini warned about Gaza.", "It is cold."]
    assert result.changed == [True, False]
    assert [t.status for t in result.before] == ["missing", "found"]
    assert [t.status for t in result.after] == ["repaired", "found"]


def test_term_success_per_pair(glossary) -> None:
    sources = ["ولادیمیر پوتین و غزه", "هوا سرد است."]
    assert term_success(glossary.matcher(), sources, ["Vladimir Putin spoke", "It is cold."]) == [0.5, None]


def test_a_stage_given_the_normalized_texts_translates_as_one_that_normalizes(tiny_models: dict[str, Path],
                                                                          example_text: str) -> None:
    """A run's store holds each sentence normalized: the stage takes it instead of normalizing again,
    for the sentences without glossary hits, and gives the same results."""
    from translate.terms.enforce import TermStage
    from translate.text.normalize import normalize_text

    glossary = load_glossary(ROOT / "glossaries" / "news-fa-en.tsv")
    matcher = glossary.matcher()
    engine = load_engine("ct2", resolve(str(tiny_models["marian"])), device="cpu", threads=1)
    sentences = [s.line() for s in segment_text(example_text)] + ["مي كنند و  ميروند."]  # Arabic letters, spaces
    hits = list(matcher.find_in_document(sentences))
    assert any(hits) and not all(hits)
    stage = TermStage(engine, DecodeOptions(beam_size=1, max_length=20, return_attention=True), EnforceOptions())
    plain = stage.translate(sentences, hits)
    given = stage.translate(sentences, hits, normalized=[normalize_text(s) for s in sentences])
    import numpy as np

    def seen(results):
        return [(r.text, r.terms, r.hypothesis.text, r.hypothesis.tokens, r.hypothesis.source_tokens,
                 r.hypothesis.score) for r in results]

    assert seen(given) == seen(plain)
    assert all(np.array_equal(a.hypothesis.attention, b.hypothesis.attention) for a, b in zip(given, plain))
