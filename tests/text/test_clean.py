"""Characters no output may carry: found, cleaned (articles, model output), refused (edits, imports)."""

from __future__ import annotations

import re

import pytest

from translate.errors import InputError
from translate.text.clean import bidi_controls, check_clean, clean_text, describe, unclean

ZWNJ, ZWJ, LRM, RLM = "\u200c", "\u200d", "\u200e", "\u200f"

# Every character str.splitlines breaks on but LF and CR, and a sample of the other controls.
BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x1f", "\x7f", "\x80", "\x9b", "\x9f"]


def test_the_breaks_are_exactly_those_splitlines_sees_besides_lf_and_cr() -> None:
    seen = [chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) == 2]
    assert sorted(seen) == sorted(BREAKS + ["\n", "\r"])
    assert all(unclean(f"a{ch}b") == [(1, ch)] for ch in BREAKS)


@pytest.mark.parametrize("ch", BREAKS + CONTROLS + ["\ud800", "\udfff", "\ufffe", "\uffff"])
def test_unclean_finds_controls_breaks_surrogates_and_noncharacters(ch: str) -> None:
    assert unclean(f"سلام{ch}دنیا{ch}") == [(4, ch), (9, ch)]


@pytest.mark.parametrize("text", [
    "می\u200cروم",                        # ZWNJ: Persian writes a word in parts
    "ZWJ\u200d and LRM\u200e RLM\u200f",   # place Latin and numbers in right-to-left text
    "ستون\tستون",                          # tab: the TSV writer's business
    "خط\nخط\r\nخط\r",                      # line ends of an article
    "\u202eوارونه\u202c \u2067جدا\u2069",  # bidi controls: flagged, not cleaned
    "\ufffd\U0001f600 ﷽ ۱۲۳",
])
def test_what_persian_needs_is_clean(text: str) -> None:
    assert unclean(text) == []
    assert clean_text(text) == (text, 0)
    assert clean_text(text, keep_length=True) == (text, 0)


@pytest.mark.parametrize(("text", "cleaned", "kept_length"), [
    ("سلام\x00دنیا", "سلامدنیا", "سلام دنیا"),
    ("\x1b[1mمهم\x1b[0m", "[1mمهم[0m", " [1mمهم [0m"),
    ("یک\u2028دو\u2029سه", "یک دو سه", "یک دو سه"),
    ("یک\x0bدو\x0cسه\x1cچهار\x85پنج", "یک دو سه چهار پنج", "یک دو سه چهار پنج"),
    ("بد\ud800\ufffeخوب", "بد\ufffd\ufffdخوب", "بد\ufffd\ufffdخوب"),
    ("کتاب\u200cها\x7f", "کتاب\u200cها", "کتاب\u200cها "),
])
def test_clean_text_replaces_and_counts(text: str, cleaned: str, kept_length: str) -> None:
    n = len(unclean(text))
    assert clean_text(text) == (cleaned, n)
    assert clean_text(text, keep_length=True) == (kept_length, n)
    assert len(kept_length) == len(text)
    assert unclean(cleaned) == [] and len(cleaned.splitlines()) == 1


@pytest.mark.parametrize(("text", "single_line", "message"), [
    ("سلام\u2028دنیا", True, "edit: contains U+2028 LINE SEPARATOR at character 5; a translation is one line: "
                            "replace the line break by a space"),
    ("سلام\x1bدنیا\x00", False, "edit: contains U+001B ESCAPE at character 5 (and 1 more such character); "
                               "control characters cannot be stored: remove it"),
    ("a\x85b\x0bc\x0cd", True, "edit: contains U+0085 NEXT LINE at character 2 (and 2 more such characters); "
                             "a translation is one line: replace the line break by a space"),
    ("خط\nخط", True, "edit: contains U+000A LINE FEED at character 3; a translation is one line: "
                    "replace the line break by a space"),
    ("x\ud83d", False, "edit: contains U+D83D lone surrogate at character 2; the text is not valid Unicode: "
                      "retype the character or save the file as UTF-8"),
    ("\uffff", False, "edit: contains U+FFFF non-character at character 1; control characters cannot be stored: "
                     "remove it"),
])
def test_check_clean_refuses_with_what_where_and_how(text: str, single_line: bool, message: str) -> None:
    with pytest.raises(InputError) as info:
        check_clean(text, "edit", single_line=single_line)
    assert str(info.value) == message
    assert info.value.source == "edit"


@pytest.mark.parametrize("text", ["می\u200cروم \u202eوارونه\u202c", f"a{ZWJ}{LRM}{RLM}\tb", ""])
def test_check_clean_accepts_clean_text(text: str) -> None:
    check_clean(text, "edit")


def test_check_clean_allows_line_ends_only_when_asked() -> None:
    check_clean("پاراگراف\nپاراگراف\r\n", "import", single_line=False)
    with pytest.raises(InputError, match=re.escape("U+000D CARRIAGE RETURN at character 9 (and 1 more")):
        check_clean("پاراگراف\r\n", "import")


def test_bidi_controls_are_named_once_in_order() -> None:
    text = "\u2067نام\u2069 و \u202eوارونه\u202c و \u202eباز\u202c"
    assert bidi_controls(text) == ["RIGHT-TO-LEFT ISOLATE", "POP DIRECTIONAL ISOLATE", "RIGHT-TO-LEFT OVERRIDE",
                                   "POP DIRECTIONAL FORMATTING"]
    assert bidi_controls("می\u200cروم \u200f\u200e") == []
    assert len(bidi_controls("".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))) == 9


@pytest.mark.parametrize(("ch", "name"), [
    ("\x00", "U+0000 NULL"), ("\x1b", "U+001B ESCAPE"), ("\x7f", "U+007F DELETE"), ("\x85", "U+0085 NEXT LINE"),
    ("\x9b", "U+009B control character"), ("\u2029", "U+2029 PARAGRAPH SEPARATOR"), ("\ufffe", "U+FFFE non-character"),
])
def test_describe(ch: str, name: str) -> None:
    assert describe(ch) == name
