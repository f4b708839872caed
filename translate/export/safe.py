"""Text that breaks formats, handled in one place: one-line formats get one line, XML gets only the
characters XML 1.0 can carry (escaping itself is the XML library's job)."""

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
