"""Typed records that flow between the pipeline's stages.

Stages never mutate a record; they derive new ones with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Document:
    """One decoded input.

    ``text`` is the decoded text exactly as read (a UTF-8 BOM removed, line ends untouched); every
    offset elsewhere in the pipeline indexes it. ``path`` is where it came from (``-`` for stdin).
    """

    id: str
    path: str
    text: str
    encoding: str = "utf-8"
    format: str = "text"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: ``text == document.text[start:end]``.

    ``text`` is the original slice, line breaks and all; writers that need one line per sentence
    flatten it (see :meth:`line`).
    """

    doc_id: str
    index: int
    start: int
    end: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.doc_id}:{self.index}"

    def line(self) -> str:
        """The sentence on one line: any run of whitespace that contains a line break becomes a space."""
        from .segment import one_line

        return one_line(self.text)


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One translation of one source text.

    ``score`` is the mean log-probability of the target tokens (end-of-sentence token included).
    ``tokens`` are the target subword pieces; ``attention`` (when asked for) holds, for each target
    piece, its attention over ``source_tokens``. ``flags`` name problems found after decoding:
    ``empty``, ``copy`` (the source came back), ``loop`` (a repetition loop), ``split`` (the source
    was longer than the model's limit and was translated in parts), ``max_length`` (decoding stopped at
    the length limit).
    """

    text: str
    score: float
    tokens: tuple[str, ...] = ()
    source_tokens: tuple[str, ...] = ()
    attention: tuple[tuple[float, ...], ...] | None = None
    alternatives: tuple[Hypothesis, ...] = ()
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TermHit:
    """A glossary term in a source sentence and what became of it in the translation.

    ``start``/``end`` index the source sentence's text; ``target_start``/``target_end`` index the
    translation (``None`` when the term is missing). ``status`` is one of ``found`` (the model wrote
    the target unaided), ``copied`` (the model copied the target placed in its input), ``forced``
    (decoding chose it: n-best selection or forced subwords), ``repaired`` (the model's rendering was
    replaced after decoding) or ``missing``.
    """

    source: str
    type: str
    start: int
    end: int
    text: str
    target: str
    status: str = "missing"
    target_start: int | None = None
    target_end: int | None = None


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A source sentence with its translation and everything known about the pair.

    ``scores`` holds the named score columns (``None`` where not computed), ``alignment`` the word
    links in Pharaoh format over whitespace tokens, ``terms`` the glossary report.
    """

    source: Sentence
    target: str
    scores: tuple[tuple[str, float | None], ...] = ()
    verdict: str = "ok"
    terms: tuple[TermHit, ...] = ()
    alignment: str = ""
    flags: frozenset[str] = frozenset()

    def score(self, name: str) -> float | None:
        return dict(self.scores).get(name)
