"""Reference metrics through sacrebleu, with its signatures."""

from __future__ import annotations

import pytest

from translate.qe.metrics import SentenceMetrics, corpus_chrf, corpus_scores


def test_sentence_and_corpus_metrics() -> None:
    assert SentenceMetrics().score("The cat sat.", "The cat sat.") == pytest.approx(
        {"bleu": 100.0, "chrf": 100.0, "ter": 0.0})
    corpus = corpus_scores(["The cat sat."], ["The cat sat down."])
    assert set(corpus) == {"BLEU", "chrF++", "TER"} and "nrefs:1" in corpus["BLEU"]
    assert corpus_chrf(["a b c"], ["a b c"]) == pytest.approx(100.0)
