"""Reference metrics through sacrebleu: sentence BLEU, chrF++ and TER per pair, and corpus scores
with sacrebleu's signatures (so a figure says how it was computed)."""

from __future__ import annotations

from collections.abc import Sequence


class SentenceMetrics:
    """Sentence-level BLEU (effective order), chrF++ and TER, as the ``bleu``, ``chrf``, ``ter`` columns."""

    def __init__(self) -> None:
        from sacrebleu.metrics import BLEU, CHRF, TER

        self._bleu, self._chrf, self._ter = BLEU(effective_order=True), CHRF(word_order=2), TER()

    def score(self, hypothesis: str, reference: str) -> dict[str, float]:
        ref = [reference]
        return {"bleu": self._bleu.sentence_score(hypothesis, ref).score,
                "chrf": self._chrf.sentence_score(hypothesis, ref).score,
                "ter": self._ter.sentence_score(hypothesis, ref).score}


def corpus_scores(targets: Sequence[str], references: Sequence[str]) -> dict[str, str]:
    """Corpus BLEU, chrF++ and TER with sacrebleu's signatures."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    out = {}
    for name, metric in (("BLEU", BLEU()), ("chrF++", CHRF(word_order=2)), ("TER", TER())):
        result = metric.corpus_score(list(targets), [list(references)])
        out[name] = f"{result.score:.2f} ({metric.get_signature()})"
    return out


def corpus_chrf(targets: Sequence[str], references: Sequence[str]) -> float:
    """Corpus chrF++ (``eval terms``)."""
    from sacrebleu.metrics import CHRF

    return float(CHRF(word_order=2).corpus_score(list(targets), [list(references)]).score)
