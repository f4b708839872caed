"""Text that breaks formats, handled in one place: one-line formats get one line (no character that
``str.splitlines`` breaks on), XML gets only the characters XML 1.0 can carry in text and attributes,
and XML ids are valid NMTOKENs (escaping itself is the XML library's job)."""

from __future__ import annotations

import re

from ..records import one_line

# Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def line(text: str) -> str:
    """``text`` on one line, trimmed, for line-aligned formats (so ``.fa`` and ``.en`` always have the
    same number of lines)."""
    return one_line(text).strip()


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)


# XML 1.0 NameChar (the characters of an NMTOKEN, such as XLIFF ids).
_NOT_NAME = re.compile(
    "[^:A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
    "\\-.0-9\u00b7\u0300-\u036f\u203f\u2040]")


def xml_id(text: str) -> str:
    """``text`` as an NMTOKEN: every character a name may not hold (spaces, punctuation) becomes ``_``."""
    return _NOT_NAME.sub("_", text) or "_"
