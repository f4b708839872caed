"""A request's text into lines of sentences and back: one output line per input line, empty lines kept,
characters no output may carry cleaned where the text enters."""

from __future__ import annotations

import pytest

from translate.errors import PipelineError
from translate.serve.texts import Layout, join_text, split_text


@pytest.mark.parametrize("text, lines, trailing, cleaned", [
    ("سلام.", [["سلام."]], False, 0),
    ("رئیسی با پوتین گفتگو کرد. این خبر مهم است.", [["رئیسی با پوتین گفتگو کرد.", "این خبر مهم است."]], False, 0),
    ("سلام.\n\nخداحافظ.\n", [["سلام."], [], ["خداحافظ."]], True, 0),
    ("سلام.\r\nخداحافظ.", [["سلام."], ["خداحافظ."]], False, 0),
    # U+2028 is not a line break here (the segmenter reads a space); it never reaches an output.
    ("این یک\u2028آزمایش است.", [["این یک آزمایش است."]], False, 1),
    ("کتاب\x00ها\x1b[31m", [["کتابها[31m"]], False, 2),
    ("می\u200cروم.", [["می\u200cروم."]], False, 0),  # ZWNJ is Persian spelling: kept
    ("", [], False, 0),
    ("  \n ", [], False, 0),
    ("\ud800سلام", [["\ufffdسلام"]], False, 1),
])
def test_split_text(text: str, lines: list[list[str]], trailing: bool, cleaned: int) -> None:
    layout = split_text(text)
    assert [list(line) for line in layout.lines] == lines
    assert (layout.trailing, layout.cleaned) == (trailing, cleaned)


@pytest.mark.parametrize("layout, translations, expected", [
    (Layout((("a", "b"), (), ("c",))), ["A.", "B.", "C."], "A. B.\n\nC."),
    (Layout((("a",),), trailing=True), ["A."], "A.\n"),
    (Layout((("a", "b"),)), ["", "B."], "B."),
    (Layout(()), [], ""),
])
def test_join_text(layout: Layout, translations: list[str], expected: str) -> None:
    assert join_text(layout, translations) == expected


def test_join_text_refuses_a_short_list() -> None:
    with pytest.raises(PipelineError, match="1 translations for 2 sentences"):
        join_text(Layout((("a", "b"),)), ["A."])
