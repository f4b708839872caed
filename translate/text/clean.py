"""Characters no output may carry, found, replaced or refused in one place.

*Unclean* are the characters that break a line-aligned or XML output, or a terminal, wherever they
come from (an input article, model output, an edit in the review app, a CAT file):

- C0 and C1 control characters and DEL, except tab (a TSV writer deals with it) and LF/CR, which end
  the lines of an article (the reader and :func:`translate.records.one_line` deal with them);
- every other break :meth:`str.splitlines` sees (VT, FF, the file/group/record separators
  U+001C–U+001E, NEL U+0085) and the Unicode LINE SEPARATOR and PARAGRAPH SEPARATOR (U+2028,
  U+2029): one of them inside a sentence gives a Moses file one line more on one side;
- lone surrogates and the non-characters U+FFFE/U+FFFF, which neither UTF-8 nor XML can carry.

Articles and model output are *cleaned* (:func:`clean_text`: replaced and counted); edits and CAT
imports are *refused* (:func:`check_clean`: an :class:`~translate.errors.InputError` that says which
character, where, and what to do).

Kept on purpose: ZWNJ (U+200C) is how Persian writes a word in parts without a space (``می‌روم``,
``کتاب‌ها``); ZWJ (U+200D) and the marks LRM/RLM (U+200E/U+200F) place Latin words and numbers inside
right-to-left text correctly. Removing any of them changes how a Persian sentence reads.

The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are kept too (a
Persian text may use them legitimately), but they can make a sentence display differently from what
it says (U+202E shows what follows reversed), so the review flags them (:func:`bidi_controls`).
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import InputError

__all__ = ["BIDI_CONTROLS", "BREAKS", "bidi_controls", "check_clean", "clean_text", "describe", "unclean"]

#: Characters ``str.splitlines`` breaks on besides LF and CR: VT, FF, U+001C–U+001E, NEL, U+2028, U+2029.
BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

#: Bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Unclean: C0 but tab/LF/CR, DEL and C1 (VT, FF, U+001C–U+001E and NEL among them), the Unicode line and
# paragraph separators, lone surrogates, U+FFFE/U+FFFF.
_UNCLEAN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_BREAK_SET = frozenset(BREAKS)
_LINE_ENDS = re.compile("[\n\r]")

# The names Unicode gives control characters only as aliases (unicodedata.name has none for them).
_C0 = ("NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
       "ACKNOWLEDGE", "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
       "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
       "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
       "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
       "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR", "UNIT SEPARATOR")


def describe(ch: str) -> str:
    """``'\\u2028'`` → ``'U+2028 LINE SEPARATOR'``, ``'\\x1b'`` → ``'U+001B ESCAPE'``."""
    code = ord(ch)
    if code < 32:
        name = _C0[code]
    elif code == 0x7F:
        name = "DELETE"
    elif code == 0x85:
        name = "NEXT LINE"
    elif 0x80 <= code <= 0x9F:
        name = "control character"
    elif 0xD800 <= code <= 0xDFFF:
        name = "lone surrogate"
    else:
        name = unicodedata.name(ch, "non-character" if code in (0xFFFE, 0xFFFF) else "")
    return f"U+{code:04X} {name}".rstrip()


def unclean(text: str) -> list[tuple[int, str]]:
    """``(position, character)`` of every character of ``text`` that no output may carry."""
    return [(m.start(), m.group()) for m in _UNCLEAN.finditer(text)]


def clean_text(text: str, *, keep_length: bool = False) -> tuple[str, int]:
    """``text`` with every unclean character replaced, and how many were.

    Line breaks (VT, FF, U+001C–U+001E, NEL, U+2028, U+2029) become a space; lone surrogates and
    U+FFFE/U+FFFF become U+FFFD (the replacement character: something was there); other controls are
    removed. With ``keep_length`` (an article, whose sentence offsets index its text) every character
    is replaced by exactly one: controls by a space too. A space, not a line feed, for the breaks:
    the segmenter already reads them as spaces inside a line, so the sentences stay the same.
    Clean text comes back as the same object, with 0.
    """
    if _UNCLEAN.search(text) is None:  # nearly always: one C-level scan, no allocation
        return text, 0
    count = 0

    def replace(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        ch = m.group()
        if ch in _BREAK_SET:
            return " "
        if "\ud800" <= ch <= "\udfff" or ch in "\ufffe\uffff":
            return "\ufffd"
        return " " if keep_length else ""

    cleaned = _UNCLEAN.sub(replace, text)
    return (cleaned, count) if count else (text, 0)


def check_clean(text: str, where: str, *, single_line: bool = True) -> None:
    """Refuse text that holds an unclean character (with ``single_line``, LF and CR too): an
    :class:`InputError` for ``where`` naming the first such character, its position (1-based) and how
    many more there are. For text a person typed or a CAT tool wrote, where a silent repair would hide
    what was stored."""
    found = unclean(text)
    if single_line:
        found = sorted(found + [(m.start(), m.group()) for m in _LINE_ENDS.finditer(text)])
    if not found:
        return
    pos, ch = found[0]
    n = len(found) - 1
    more = f" (and {n} more such character{'s' if n > 1 else ''})" if n else ""
    if ch in "\n\r" or ch in _BREAK_SET:
        fix = "a translation is one line: replace the line break by a space"
    elif "\ud800" <= ch <= "\udfff":
        fix = "the text is not valid Unicode: retype the character or save the file as UTF-8"
    else:
        fix = "control characters cannot be stored: remove it"
    raise InputError(where, f"contains {describe(ch)} at character {pos + 1}{more}; {fix}")


def bidi_controls(text: str) -> list[str]:
    """The Unicode names of the bidirectional embeddings, overrides and isolates in ``text``, each once,
    in order of first appearance (``['RIGHT-TO-LEFT OVERRIDE']``): kept in the text, flagged in review."""
    seen: dict[str, None] = {}
    for m in _BIDI.finditer(text):
        seen.setdefault(unicodedata.name(m.group()), None)
    return list(seen)
