"""Text that breaks formats, handled in one place, the safety net of every writer: whatever a store
holds (an article, model output, an edit, a CAT import, each cleaned or refused before), no output
carries a character ``str.splitlines`` breaks on or a C0/C1 control (see :mod:`translate.text.clean`).
One-line formats get one trimmed line (:func:`line`), TSV cells no tab either (:func:`cell`), XML only
characters XML 1.0 can carry (:func:`xml_text`), XML ids valid NMTOKENs (:func:`xml_id`); escaping
itself is each format library's job. Clean text comes out exactly as it went in (no writer's bytes
change for it)."""

from __future__ import annotations

import re
from typing import Any

from ..records import one_line
from ..text.clean import clean_text


# Anything clean() may change: a line break of any kind, a control (tab aside), a surrogate, U+FFFE/FFFF.
_SUSPECT = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` with no line break of any kind (each whitespace run that holds one becomes one space) and
    no control character but tab (removed; a lone surrogate or U+FFFE/U+FFFF becomes U+FFFD)."""
    if _SUSPECT.search(text) is None:  # nearly always: every writer calls this for every field
        return text
    return clean_text(one_line(text))[0]


def line(text: str) -> str:
    """``text`` on one line, clean, trimmed, for line-aligned formats (so ``.fa`` and ``.en`` always have
    the same number of lines)."""
    return clean(text).strip()


def cell(text: str) -> str:
    """``text`` as a TSV cell: one line, clean, a tab as a space (a tab inside a cell would be quoted by
    the csv module, but ``cut -f`` and hand-written readers split on it)."""
    return clean(text).replace("\t", " ")


def clean_strings(value: Any) -> Any:
    """``value`` (a JSON-like object: dicts, lists, tuples, strings, numbers) with :func:`clean` applied
    to every string in it, keys included; for record formats whose every field a reader may put on a line."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_strings(k): clean_strings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(clean_strings(v) for v in value)
    return value


def xml_text(text: str) -> str:
    """``text`` as XML text or attribute value: :func:`clean` (XML cannot carry C0 controls, lone
    surrogates, U+FFFE/U+FFFF; a converter to line formats would split on the other breaks)."""
    return clean(text)


# XML 1.0 NameChar (the characters of an NMTOKEN, such as XLIFF ids).
_NOT_NAME = re.compile(
    "[^:A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
    "\\-.0-9\u00b7\u0300-\u036f\u203f\u2040]")


def xml_id(text: str) -> str:
    """``text`` as an NMTOKEN: every character a name may not hold (spaces, punctuation) becomes ``_``."""
    return _NOT_NAME.sub("_", text) or "_"
