"""Sentence alignment DP with hand-made beads, the anchors, and bead scoring.

The DP is tested with a bag-of-words embedder over shared tokens (a stand-in for a cross-lingual
embedder, so the expected beads are known by construction); the real embedder runs in the
integration test at the end."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from translate.align.sentences import Bead, _latin, align_sentences, score_beads
from translate.config import AlignOptions


class BagOfWords:
    name = "bag-of-words"

    def encode(self, texts):
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, zlib.crc32(word.strip(".,").encode()) % 256] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


SRC = ["alpha beta gamma delta", "epsilon zeta eta theta", "iota kappa lambda mu", "nu xi omicron pi"]


def beads(src, tgt, **options):
    return [(b.src, b.tgt) for b in align_sentences(src, tgt, BagOfWords(), AlignOptions(**options))]


def test_one_to_one() -> None:
    assert beads(SRC, list(SRC)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_merged_target_gives_two_to_one() -> None:
    tgt = [SRC[0], SRC[1] + " " + SRC[2], SRC[3]]
    assert beads(SRC, tgt) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_split_target_gives_one_to_two() -> None:
    tgt = [SRC[0], "epsilon zeta", "eta theta", SRC[2], SRC[3]]
    assert beads(SRC, tgt) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]


def test_dropped_sentences_give_one_to_zero_and_zero_to_one() -> None:
    tgt = [SRC[0], SRC[2], "rho sigma tau upsilon", SRC[3]]
    assert beads(SRC, tgt) == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((), (2,)), ((3,), (3,))]


def test_every_sentence_in_exactly_one_bead_in_order() -> None:
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(40)]
    src = [" ".join(rng.choice(words, 5)) for _ in range(30)]
    tgt = [" ".join(rng.choice(words, 5)) for _ in range(27)]
    result = align_sentences(src, tgt, BagOfWords())
    assert [i for b in result for i in b.src] == list(range(30))
    assert [j for b in result for j in b.tgt] == list(range(27))


@pytest.mark.parametrize(("english", "expected"), [
    ("price rose to 40", [((0,), ()), ((1,), (0,))]),
    ("price rose to 25", [((0,), (0,)), ((1,), ())]),
])
def test_number_anchor_decides_between_equal_candidates(english: str, expected: list) -> None:
    # No shared words: only the numbers (in two digit sets) tell which Persian sentence the English is.
    src = ["قیمت ۲۵ دلار شد", "قیمت ۴۰ دلار شد"]
    assert beads(src, [english]) == expected


def test_latin_anchor_words() -> None:
    assert _latin("سخنگوی BBC و Kim Jong Un گفت") == {"bbc", "kim", "jong", "un"}


def test_vecalign_format_and_strict_score() -> None:
    assert Bead((0,), (0, 1), 0.8123).vecalign() == "[0]:[0,1]:0.812"
    assert Bead((), (3,), 0.0).vecalign() == "[]:[3]:0.000"
    gold = [([0], [0, 1]), ([1], []), ([2], [2])]
    test = [Bead((0,), (0, 1), 1.0), Bead((1, 2), (2,), 1.0)]
    assert score_beads(gold, test) == (1, 2, 3)


@pytest.mark.slow
def test_real_embedder_aligns_a_merged_translation() -> None:
    from translate.align.embed import load_embedder

    src = ["رئیس جمهور ایران به روسیه سفر کرد.", "او با پوتین دیدار کرد.", "دو کشور ۱۲ سند همکاری امضا کردند.",
           "هوا در تهران سرد است."]
    tgt = ["Iran's president travelled to Russia and met Putin.", "The two countries signed 12 cooperation documents.",
           "The weather in Tehran is cold."]
    result = align_sentences(src, tgt, load_embedder())
    assert [(b.src, b.tgt) for b in result] == [((0, 1), (0,)), ((2,), (1,)), ((3,), (2,))]


@pytest.mark.parametrize(("weights", "expected"), [
    ({}, [((0,), ()), ((1,), (0,))]),  # the Latin name decides
    ({"latin_weight": 0.0, "number_weight": 0.0}, None),  # without it nothing tells the two apart
])
def test_latin_anchor_in_the_dp(weights: dict, expected) -> None:
    src = ["سخنگوی Reuters گفت", "سخنگوی BBC گفت"]
    result = beads(src, ["a BBC spokesman said"], **weights)
    if expected is not None:
        assert result == expected
    else:
        assert len(result) == 2  # some choice, every sentence covered


def test_glossary_anchor_in_the_dp(tmp_path) -> None:
    from translate.terms.glossary import load_glossary

    path = tmp_path / "g.tsv"
    path.write_text("source\ttarget\ttype\nپوتین\tPutin\tperson\nمکرون\tMacron\tperson\n", encoding="utf-8")
    matcher = load_glossary(path).matcher()
    src = ["پوتین سخن گفت", "مکرون سخن گفت"]
    for english, expected in (("Macron spoke", [((0,), ()), ((1,), (0,))]),
                              ("Putin spoke", [((0,), (0,)), ((1,), ())])):
        result = align_sentences(src, [english], BagOfWords(), AlignOptions(), matcher=matcher)
        assert [(b.src, b.tgt) for b in result] == expected
