"""English sentence splitting, for aligning human translations: pysbd (rule-based, no downloaded
data), paragraph by paragraph, so a line break always ends a sentence."""

from __future__ import annotations

from .io import iter_lines


def english_sentences(text: str) -> list[str]:
    """The sentences of English ``text``, stripped, in order."""
    import pysbd

    splitter = pysbd.Segmenter(language="en", clean=False)
    out = []
    for s, e in iter_lines(text):
        line = text[s:e].strip()
        if line:
            out.extend(x.strip() for x in splitter.segment(line) if x.strip())
    return out
