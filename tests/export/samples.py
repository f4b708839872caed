"""Sentence pairs with hostile text (markup, control characters, line breaks), shared by the format tests."""

from __future__ import annotations

from translate.records import Score, Sentence, SentencePair, TermHit

TERM = TermHit(source="غزه", type="place", start=7, end=10, text="غزه", target="Gaza", status="found",
               target_start=14, target_end=18)
PAIRS = [
    SentencePair(Sentence("doc", 0, 0, 14, "سفر به غزه\nادامه"), "The trip to Gaza\ncontinued",
                 scores=Score(similarity=0.91, length=0.2, numbers=1.0, verdict="ok"), terms=(TERM,),
                 alignment="0-0 1-2"),
    SentencePair(Sentence("doc", 1, 15, 40, "او نوشت: <script>alert(1)</script> & \x07 تمام"),
                 "He wrote: <script>alert(1)</script> & \x07 done", scores=Score(similarity=0.5, verdict="bad")),
]
