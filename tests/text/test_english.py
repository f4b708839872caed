"""English sentence splitting for aligning human translations."""

from __future__ import annotations

from translate.text.english import english_sentences


def test_abbreviations_and_paragraphs() -> None:
    text = "Dr. Smith met the U.S. envoy on Monday. They spoke for 2.5 hours.\n\nA new paragraph"
    assert english_sentences(text) == ["Dr. Smith met the U.S. envoy on Monday.", "They spoke for 2.5 hours.",
                                       "A new paragraph"]
