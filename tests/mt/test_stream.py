"""Pipeline logic of the translation stage (batching, splitting, order, checks) with a fake engine
that echoes a transformation of its input; the real engines are tested in test_backends.py."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from translate.config import DecodeOptions
from translate.errors import PipelineError
from translate.records import Hypothesis
from translate.mt.stream import check_output, clean_output, split_long, translate_groups, translate_stream
from translate.text.clean import unclean


class EchoEngine:
    """Counts words as tokens; 'translates' by upper-casing; records every call."""

    name = "echo"
    model_id = "echo"

    def __init__(self, max_input_tokens: int = 10, drop: bool = False) -> None:
        self.max_input_tokens = max_input_tokens
        self.calls: list[list[str]] = []
        self.drop = drop

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    def translate(self, texts: Sequence[str], options: DecodeOptions, constraints=None, progress=None) -> list[Hypothesis]:
        self.calls.append(list(texts))
        if progress:
            progress(len(texts))
        out = [Hypothesis(text=f"<{t}>", score=-1.0, tokens=tuple(t.split())) for t in texts]
        return out[:-1] if self.drop else out


def test_split_long_prefers_clause_boundaries() -> None:
    text = "رئیس جمهور گفت؛ همکاری ادامه دارد، روابط گسترش می‌یابد و دو کشور همکاری می‌کنند"
    parts = split_long(text, lambda s: len(s.split()), 6)
    assert " ".join(parts) == text
    assert all(len(p.split()) <= 6 for p in parts)
    assert parts[0] == "رئیس جمهور گفت؛"  # the strongest cut (؛) near the middle wins


def test_split_long_falls_back_to_spaces_and_keeps_one_word() -> None:
    words = " ".join(f"w{i}" for i in range(20))
    parts = split_long(words, lambda s: len(s.split()), 5)
    assert " ".join(parts) == words and all(len(p.split()) <= 5 for p in parts)
    assert split_long("x" * 50, len, 5) == ["x" * 50]


@pytest.mark.parametrize(
    ("source", "target", "flags"),
    [
        ("سلام دنیا", "Hello world", set()),
        ("سلام دنیا", "", {"empty"}),
        ("سلام دنیا", "سلام دنیا", {"copy"}),
        ("سلام دنیا", "the سلام دنیا را", {"copy"}),
        ("سلام", "very very very very good", {"loop"}),
        ("سلام", "in the city in the city in the city", {"loop"}),
        ("سلام", "he said he said it", set()),
        ("", "", set()),
    ],
)
def test_check_output(source: str, target: str, flags: set[str]) -> None:
    assert check_output(source, target) == flags


def test_stream_restores_order_and_keeps_empty_lines() -> None:
    engine = EchoEngine()
    texts = ["a b c", "", "d", "   ", "e f"]
    hyps = list(translate_stream(engine, texts, window=2))
    assert [h.text for h in hyps] == ["<a b c>", "", "<d>", "", "<e f>"]
    assert engine.calls == [["a b c"], ["d"], ["e f"]]  # windows of 2; blanks never reach the engine


def test_stream_splits_long_text_and_flags_it() -> None:
    engine = EchoEngine(max_input_tokens=3)
    (hyp,) = translate_stream(engine, ["یک دو سه، چهار پنج شش، هفت"])
    assert hyp.text == "<یک دو سه،> <چهار پنج شش،> <هفت>"
    assert "split" in hyp.flags


def test_stream_raises_when_the_engine_loses_output() -> None:
    with pytest.raises(PipelineError, match="returned 1 translations for 2 inputs"):
        list(translate_stream(EchoEngine(drop=True), ["a", "b"]))


def test_groups_keep_line_structure() -> None:
    groups = [["a", "b"], [], ["c"], [], []]
    out = list(translate_groups(EchoEngine(), groups, window=1))
    assert [[h.text for h in g] for g in out] == [["<a>", "<b>"], [], ["<c>"], [], []]




class DirtyEngine(EchoEngine):
    """Echoes its input, as a model trained on scraped text may: controls and line separators included,
    and an n-best alternative with a NEL in it."""

    def translate(self, texts: Sequence[str], options: DecodeOptions, constraints=None, progress=None) -> list[Hypothesis]:
        return [Hypothesis(text=t, score=-1.0, alternatives=(Hypothesis(text=f"{t}\x85alt", score=-2.0),))
                for t in texts]


def test_stream_cleans_what_the_engine_returns_and_flags_it() -> None:
    texts = ["Tehran\u2028said\x00 it", "clean \u200ctext\t\u202eok", "a\x1b[0m b\x0bc\x1cd"]
    hyps = list(translate_stream(DirtyEngine(), texts))
    assert [h.text for h in hyps] == ["Tehran said it", "clean \u200ctext\t\u202eok", "a[0m b c d"]
    assert ["cleaned" in h.flags for h in hyps] == [True, False, True]
    # The n-best alternatives (a term layer may choose one) are cleaned too, each with its own flag.
    for hyp in hyps:
        (alt,) = hyp.alternatives
        assert unclean(alt.text) == [] and alt.text.endswith(" alt") and "cleaned" in alt.flags


def test_stream_cleans_each_part_of_a_split_text() -> None:
    engine = DirtyEngine(max_input_tokens=2)
    (hyp,) = translate_stream(engine, ["one\u2029two three, four\x07 five"])
    assert hyp.text == "one two three, four five"
    assert {"split", "cleaned"} <= hyp.flags


@pytest.mark.parametrize(("text", "cleaned"), [
    ("He said:\u2028«yes»", "He said: «yes»"),
    ("\x1b[31mred\x1b[0m", "[31mred[0m"),
    ("bad\ud800", "bad\ufffd"),
    ("tab\there, ZWNJ\u200c, RLM\u200f, LRO\u202d", None),  # nothing to clean
])
def test_clean_output_on_hypotheses(text: str, cleaned: str | None) -> None:
    hyp = Hypothesis(text=text, score=-0.5, tokens=("▁x",), flags=frozenset({"max_length"}))
    out = clean_output(hyp)
    if cleaned is None:
        assert out is hyp
    else:
        assert out.text == cleaned
        assert out.flags == {"max_length", "cleaned"}
        assert (out.score, out.tokens) == (hyp.score, hyp.tokens)


def test_clean_output_flags_only_the_hypotheses_that_changed() -> None:
    hyp = Hypothesis(text="clean", score=-1.0, alternatives=(Hypothesis(text="dirty\x0c", score=-2.0),))
    out = clean_output(hyp)
    assert out.text == "clean" and "cleaned" not in out.flags
    assert out.alternatives[0].text == "dirty " and out.alternatives[0].flags == {"cleaned"}
