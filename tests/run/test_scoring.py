"""Scoring given translations: signals, glossary term success, and the verdict it leads to."""

from __future__ import annotations

from pathlib import Path

from translate.run.scoring import score_translations
from translate.terms.glossary import load_glossary


def test_glossary_term_success_reaches_the_verdict(tmp_path: Path) -> None:
    g = tmp_path / "g.tsv"
    g.write_text("source\ttarget\ttype\nپوتین\tPutin\tperson\nمکرون\tMacron\tperson\n", encoding="utf-8")
    result = score_translations(["پوتین و مکرون دیدار کردند.", "هوا سرد است."],
                                ["Putin and Makron met.", "The weather is cold."],
                                matcher=load_glossary(g).matcher())
    assert [s.terms for s in result.scores] == [0.5, None]
    assert result.scores[0].verdict == "review" and "terms" in result.scores[0].reasons
    assert result.alignments is None
