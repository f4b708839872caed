"""The verdict and its reasons, and scoring pairs end to end, with literal pairs."""

from __future__ import annotations

import pytest

from translate.errors import PipelineError
from translate.qe.score import QUALITY_WEIGHTS, THRESHOLDS, quality, score_pairs, verdict
from translate.records import Score

FA = "قیمت نفت به ۸۵ دلار و ۱٬۲۰۰ بشکه رسید."
EN = "The oil price reached 85 dollars and 1,200 barrels."


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (Score(similarity=0.9), ("ok", ())),
        (Score(similarity=0.82), ("review", ("similarity",))),
        (Score(similarity=0.7, numbers=0.0), ("bad", ("similarity", "numbers"))),
        (Score(length=-3.5), ("bad", ("length",))),
        (Score(persian=0.9), ("bad", ("untranslated",))),
        (Score(repetition=0.2), ("review", ("repetition",))),
        (Score(confidence=-2.5), ("review", ("confidence",))),
        (Score(terms=0.5), ("review", ("terms",))),
    ],
)
def test_verdict(score: Score, expected: tuple[str, tuple[str, ...]]) -> None:
    assert verdict(score) == expected


def test_reference_metrics() -> None:
    (s,) = score_pairs([FA], [EN], references=[EN])
    assert (s.bleu, s.chrf, s.ter) == pytest.approx((100.0, 100.0, 0.0))
    with pytest.raises(PipelineError, match="differ in length"):
        score_pairs([FA], [EN, EN])


def test_quality_ranks_a_good_pair_above_a_copied_one() -> None:
    good, copied = score_pairs([FA, FA], [EN, FA])
    assert quality(good) > quality(copied)


def test_quality_counts_every_shortfall() -> None:
    """An omission of a clause leaves a translation 1–2 σ short: it ranks below a translation of the
    expected length, however small the shortfall (QUALITY_WEIGHTS, fitted in bench/qe_calibration.py)."""
    full, short = Score(similarity=0.88, length=0.0), Score(similarity=0.88, length=-0.8)
    assert quality(short) < quality(full)
    # longer than expected costs nothing within 2 σ (translators explain), and less than shorter past it
    assert quality(Score(similarity=0.88, length=1.5)) == quality(full)
    assert quality(Score(similarity=0.88, length=3.0)) > quality(Score(similarity=0.88, length=-3.0))


def test_quality_and_verdict_take_other_settings() -> None:
    """What bench/qe_calibration.py fits: weights and thresholds passed instead of the shipped ones; the
    length limits of the verdict each way."""
    score = Score(similarity=0.88, length=-2.0)
    assert quality(score, {**QUALITY_WEIGHTS, "shorter": 1.0}) < quality(score)
    assert verdict(score) == ("ok", ())
    strict = {**THRESHOLDS, "length_review_shorter": 1.9, "length_review_longer": 2.4}
    assert verdict(score, strict) == ("review", ("length",))
    assert verdict(Score(similarity=0.88, length=2.3), strict) == ("ok", ())
    assert verdict(Score(similarity=0.88, length=3.5), strict) == ("bad", ("length",))
