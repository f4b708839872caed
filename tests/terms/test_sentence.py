"""What the model reads for a sentence with glossary hits: normalized, targets or placeholders in place."""

from __future__ import annotations

from translate.terms.sentence import prepare, strip_edges


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


def test_strip_edges_keeps_punctuation_and_possessive() -> None:
    assert strip_edges("(Moses's,") == ("(", "Moses", "'s,")
    assert strip_edges("Abraham") == ("", "Abraham", "")
