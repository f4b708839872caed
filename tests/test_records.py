"""The records: score columns derived from the score record, serialization by name, one-line text."""

from __future__ import annotations

import pytest

from translate.errors import ConfigError
from translate.records import QE_COLUMNS, SCORE_COLUMNS, Score, TermHit, Translation, one_line


def test_score_columns_come_from_the_record_in_order() -> None:
    assert SCORE_COLUMNS == ("similarity", "length", "numbers", "persian", "repetition", "confidence", "terms",
                             "bleu", "chrf", "ter")
    assert QE_COLUMNS == SCORE_COLUMNS[:7]
    score = Score(length=0.5, chrf=40.0)
    assert score.value("length") == 0.5 and score.columns(("chrf",)) == {"chrf": 40.0}
    with pytest.raises(ConfigError, match="'verdict' is not a score column"):
        score.value("verdict")


def test_translation_round_trips_by_field_name() -> None:
    hit = TermHit("پوتین", "person", 3, 8, "پوتین", "Putin", "repaired", 0, 5)
    translation = Translation("Putin spoke", -0.7, "0-0 1-1", ("split",), (hit,))
    data = translation.to_dict()
    assert data["terms"][0] == {"source": "پوتین", "type": "person", "start": 3, "end": 8, "text": "پوتین",
                                "target": "Putin", "status": "repaired", "target_start": 0, "target_end": 5}
    shuffled = {**data, "terms": [dict(reversed(list(data["terms"][0].items())))]}
    assert Translation.from_dict(shuffled) == translation


@pytest.mark.parametrize(("text", "expected"), [
    ("یک\nدو", "یک دو"), ("a \r\n  b", "a b"), ("a\u2028b", "a b"), ("a\x85b", "a b"), ("a\tb  c", "a\tb  c"),
])
def test_one_line(text: str, expected: str) -> None:
    assert one_line(text) == expected
