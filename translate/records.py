"""Typed records that flow between the stages, and how they are flattened for one-line formats.

Bottom floor: imports only :mod:`translate.errors`. Stages never mutate a record; they derive new ones
with :func:`dataclasses.replace`. Records that are stored or serialized (the translation memory, the
JSON outputs) go through :meth:`to_dict`/``from_dict`` with named fields, never positional lists, so
reordering a dataclass cannot corrupt a resumed run.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .errors import ConfigError

# Every character str.splitlines() breaks on — LF, CR, VT, FF, the file/group/record separators, NEL,
# and the Unicode line and paragraph separators that scraped text carries: a one-line rendering of a
# sentence must not contain any of them, or a Moses file would have more lines on one side.
_WHITESPACE_RUN_WITH_BREAK = re.compile(r"\s*[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]\s*")


def text_fingerprint(text: str) -> str:
    """A short, stable fingerprint of a text (16 hex digits of its SHA-256): what identifies a
    sentence's source across runs (of its normalized text) and a target as it was exported."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def one_line(text: str) -> str:
    """``text`` on one line: each whitespace run that holds a line break becomes one space."""
    return _WHITESPACE_RUN_WITH_BREAK.sub(" ", text)


@dataclass(frozen=True, slots=True)
class Document:
    """One decoded input.

    ``text`` is the decoded text exactly as read (a UTF-8 BOM removed, line ends untouched); every
    offset elsewhere in the pipeline indexes it. ``path`` is where it came from (``-`` for stdin), and
    ``sha256`` the hash of the bytes read.
    """

    id: str
    path: str
    text: str
    encoding: str = "utf-8"
    format: str = "text"
    sha256: str = ""
    #: Characters of the input that no output may carry (controls, line breaks other tools split on),
    #: replaced when it was read (see :mod:`translate.text.clean`).
    cleaned: int = 0
    #: The document as written, where ``text`` was extracted from markup (HTML, Markdown): what a
    #: translated article is rebuilt from. ``None``: ``text`` is the document as written.
    markup: str | None = None


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
        """The sentence on one line (see :func:`one_line`)."""
        return one_line(self.text)


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One translation of one source text.

    ``score`` is the mean log-probability of the target tokens (end-of-sentence token included).
    ``tokens`` are the target subword pieces; ``attention`` (when asked for) holds, for each target
    piece, its attention over ``source_tokens`` (rows of floats: nested tuples or a NumPy matrix). ``flags`` name problems found after decoding:
    ``empty``, ``copy`` (the source came back), ``loop`` (a repetition loop), ``split`` (the source
    was longer than the model's limit and was translated in parts), ``max_length`` (decoding stopped at
    the length limit), ``cleaned`` (characters no output may carry were replaced, see
    :mod:`translate.text.clean`).
    """

    text: str
    score: float
    tokens: tuple[str, ...] = ()
    source_tokens: tuple[str, ...] = ()
    attention: Any = None
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

    @property
    def landed(self) -> bool:
        return self.status != "missing"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TermHit:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def _column(*, reference: bool = False) -> Any:
    return field(default=None, metadata={"column": True, "reference": reference})


@dataclass(frozen=True, slots=True)
class Score:
    """Every score of one pair (``None`` where a signal was not computed), the verdict and its reasons.

    The float fields are the score *columns*, in output order: :data:`SCORE_COLUMNS` lists them all,
    :data:`QE_COLUMNS` those that need no reference translation. Their meaning is documented in
    :mod:`translate.qe.score`.
    """

    similarity: float | None = _column()
    length: float | None = _column()
    numbers: float | None = _column()
    persian: float | None = _column()
    repetition: float | None = _column()
    confidence: float | None = _column()
    terms: float | None = _column()
    bleu: float | None = _column(reference=True)
    chrf: float | None = _column(reference=True)
    ter: float | None = _column(reference=True)
    verdict: str = "ok"
    reasons: tuple[str, ...] = ()

    def value(self, column: str) -> float | None:
        if column not in SCORE_COLUMNS:
            raise ConfigError(f"{column!r} is not a score column ({', '.join(SCORE_COLUMNS)})")
        return getattr(self, column)  # type: ignore[no-any-return]

    def columns(self, names: tuple[str, ...] | None = None) -> dict[str, float | None]:
        return {name: self.value(name) for name in (names or SCORE_COLUMNS)}


#: Every score column, in output order.
SCORE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Score) if f.metadata.get("column"))
#: The columns a pair gets without a reference translation (what a run writes).
QE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Score) if f.metadata.get("column")
                                    and not f.metadata.get("reference"))


@dataclass(frozen=True, slots=True)
class Translation:
    """What the translation stage made of one sentence: the final English (glossary enforced), the
    model's confidence, word links in Pharaoh format, flags and the glossary report. This is what
    the translation memory stores."""

    text: str
    confidence: float
    alignment: str = ""
    flags: tuple[str, ...] = ()
    terms: tuple[TermHit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "confidence": self.confidence, "alignment": self.alignment,
                "flags": list(self.flags), "terms": [t.to_dict() for t in self.terms]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Translation:
        return cls(text=data["text"], confidence=data["confidence"], alignment=data.get("alignment", ""),
                   flags=tuple(data.get("flags", ())),
                   terms=tuple(TermHit.from_dict(t) for t in data.get("terms", ())))


#: Review states of a pair: ``machine`` (untouched model output), ``edited`` (a person changed the
#: English), ``approved`` (a person accepted it, edited or not), ``rejected`` (a person refused it).
REVIEW_STATES = ("machine", "edited", "approved", "rejected")


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A source sentence with its translation and everything known about the pair: the scores and
    verdict, word links in Pharaoh format over the whitespace tokens of the source as shown
    (``source.line()``) and of the target, the glossary report, flags, and the review ``state`` (one of
    :data:`REVIEW_STATES`; ``edited`` is set when the target is a person's text, ``approved`` may be
    either)."""

    source: Sentence
    target: str
    scores: Score = Score()
    terms: tuple[TermHit, ...] = ()
    alignment: str = ""
    flags: frozenset[str] = frozenset()
    state: str = "machine"
    edited: bool = False
    #: :func:`text_fingerprint` of the normalized source: with the document, what identifies the
    #: sentence (and its review) across runs, whatever its position.
    fingerprint: str = ""
    #: The revision of the pair's review: 0 until a person acts on it, then one more with each action.
    #: An action (or a CAT import) based on an older revision is a conflict.
    rev: int = 0
    #: The verdict's reasons in words as the scoring wrote them (:func:`translate.qe.explain.explain`),
    #: or ``None``: worked out from the texts when asked (:func:`translate.qe.explain.explain_pair`).
    explained: tuple[str, ...] | None = None

    @property
    def verdict(self) -> str:
        return self.scores.verdict

    def score(self, column: str) -> float | None:
        return self.scores.value(column)
