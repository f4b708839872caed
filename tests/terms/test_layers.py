"""The enforcement layers on literal hypotheses: placeholders, repair (near spelling, attention), strict;
the registry the CLI, the signature and ``eval terms`` derive from."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from translate.config import DEFAULT_LAYERS, OFF, EnforceOptions
from translate.errors import ConfigError
from translate.records import Hypothesis
from translate.terms.enforce import resolve
from translate.terms.layers import LAYERS, build_layers, signature
from translate.terms.sentence import TermSentence, prepare


def check(sentence: str, hits: Sequence, hyp: Hypothesis, layers: Sequence[str], special: set[str] = frozenset()):
    """Check (and repair) ``hyp`` as the stage would after decoding, with these layers."""
    options = EnforceOptions(tuple(layers))
    work = TermSentence(list(hits), prepare(sentence, hits, options.source), set(special), hypothesis=hyp)
    return resolve(work, build_layers(options))


def test_placeholders_come_back(glossary) -> None:
    sentence = "فیلیپ لازارینی درباره غزه هشدار داد."
    hits = glossary.matcher().find(sentence)
    text, terms = check(sentence, hits, Hypothesis("ZX1 warned about ZX 2.", -1.0), ("placeholder", "repair"))
    assert text == "Philippe Lazzarini warned about Gaza."
    assert [(t.status, text[t.target_start:t.target_end]) for t in terms] == [
        ("copied", "Philippe Lazzarini"), ("copied", "Gaza")]


def test_fuzzy_repair_changes_only_the_term(glossary) -> None:
    sentence = "ساعاتی قبل فیلیپ لازارینی درباره غزه هشدار داد."
    hits = glossary.matcher().find(sentence)
    hyp = Hypothesis("Hours earlier, Philip Lazarini, warned about Gaza.", -1.0)
    text, terms = check(sentence, hits, hyp, DEFAULT_LAYERS)
    assert text == "Hours earlier, Philippe Lazzarini, warned about Gaza."
    assert [(t.target, t.status) for t in terms] == [("Philippe Lazzarini", "repaired"), ("Gaza", "found")]
    assert [text[t.target_start:t.target_end] for t in terms] == ["Philippe Lazzarini", "Gaza"]
    # without repair it stays missing, and the text is untouched
    text, terms = check(sentence, hits, hyp, ("nbest", "force"))
    assert text == hyp.text and [t.status for t in terms] == ["missing", "found"]


def test_attention_repair_replaces_the_aligned_words(glossary) -> None:
    sentence = "پوتین و غزه"
    hits = [h for h in glossary.matcher().find(sentence)]
    assert [h.target for h in hits] == ["Gaza"]
    # source pieces: ▁پوتین ▁و ▁غزه </s>; target pieces: ▁Putin ▁and ▁Ghaza </s>-less
    hyp = Hypothesis("Putin and Ghazzah", -1.0, tokens=("▁Putin", "▁and", "▁Gh", "azzah"),
                     source_tokens=("▁پوتین", "▁و", "▁غزه", "</s>"),
                     attention=((0.9, 0.05, 0.05, 0), (0.1, 0.8, 0.1, 0), (0.1, 0.1, 0.8, 0), (0.2, 0.1, 0.7, 0)))
    text, terms = check(sentence, hits, hyp, ("repair",), special={"</s>"})
    assert text == "Putin and Gaza"
    assert terms[0].status == "repaired"


def test_strict_lands_a_term_nothing_resembles(glossary) -> None:
    sentence = "غزه"
    hits = glossary.matcher().find(sentence)
    text, terms = check(sentence, hits, Hypothesis("", -1.0), ("repair", "strict"))
    assert text == "Gaza" and terms[0].status == "forced"
    text, terms = check(sentence, hits, Hypothesis("", -1.0), ("repair",))
    assert text == "" and terms[0].status == "missing"


def test_registry_order_defaults_and_signature() -> None:
    assert list(LAYERS) == ["replace", "placeholder", "nbest", "force", "repair", "strict"]
    assert EnforceOptions().layers == DEFAULT_LAYERS == ("nbest", "force", "repair")
    assert signature(EnforceOptions()) == "none+nbest+force+repair"
    assert signature(EnforceOptions.of("replace", strict=True)) == "replace+nbest+force+repair+strict"
    assert signature(OFF) == "none"


def test_unknown_or_conflicting_layers_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown glossary layers nope"):
        build_layers(EnforceOptions(("nope",)))
    with pytest.raises(ConfigError, match="one source-side glossary layer"):
        EnforceOptions(("replace", "placeholder"))
    with pytest.raises(ConfigError, match="repeat"):
        EnforceOptions(("repair", "repair"))
