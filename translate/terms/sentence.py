"""One sentence under glossary enforcement: what the model reads (:func:`prepare`), and the working
state the layers share while its terms are checked and repaired (:class:`TermSentence`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..align.words import piece_words, token_spans
from ..errors import PipelineError
from ..records import Hypothesis
from ..text.normalize import normalize
from .glossary import Hit

PLACEHOLDER = "ZX{}"


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the engine reads for one sentence, and where each hit sits in it."""

    text: str
    spans: tuple[tuple[int, int], ...]  # per hit, in ``text``
    placeholders: tuple[str | None, ...]  # per hit


def prepare(sentence: str, hits: Sequence[Hit], mode: str = "none") -> Prepared:
    """Normalize ``sentence`` for the model and, with ``mode`` ``replace`` or ``placeholder``, put each
    hit's English target (or a placeholder) in place of its Persian. ``hits`` index ``sentence``; the
    returned spans index the prepared text."""
    norm = normalize(sentence)
    text, origin = norm.text, norm.origin

    def to_norm(offset: int) -> int:
        # first normalized position whose origin is at or after ``offset``
        lo, hi = 0, len(origin) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if origin[mid] < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    spans = [(to_norm(h.start), to_norm(h.end)) for h in hits]
    placeholders: list[str | None] = [None] * len(hits)
    if mode == "none" or not hits:
        return Prepared(text, tuple(spans), tuple(placeholders))
    pieces: list[str] = []
    new_spans: list[tuple[int, int]] = [(0, 0)] * len(hits)
    last = length = 0
    for k in sorted(range(len(hits)), key=lambda i: spans[i][0]):
        s, e = spans[k]
        if s < last:  # overlapping hits cannot happen (the matcher resolves them); be safe
            new_spans[k] = (length, length)
            continue
        pieces.append(text[last:s])
        length += s - last
        insert = hits[k].target if mode == "replace" else PLACEHOLDER.format(k + 1)
        if mode == "placeholder":
            placeholders[k] = insert
        pieces.append(insert)
        new_spans[k] = (length, length + len(insert))
        length += len(insert)
        last = e
    pieces.append(text[last:])
    return Prepared("".join(pieces), tuple(new_spans), tuple(placeholders))


@dataclass(slots=True)
class TermSentence:
    """A sentence's glossary hits on their way through the layers (see :mod:`translate.terms.layers`).

    Before decoding: ``prepared`` (what the model reads) and ``constraints`` (targets an engine that
    can steer decoding should produce). After decoding: ``hypothesis``. While checking and repairing:
    ``output`` (the model's text that every edit refers to), ``statuses`` per hit, ``edits`` to apply
    right to left, and ``taken`` (character spans of the output already spoken for). ``found_status``
    is what a target the model wrote is called (``found``; ``copied`` when the source carried it;
    ``forced`` when decoding chose it).
    """

    hits: list[Hit]
    prepared: Prepared
    special: set[str] = field(default_factory=set)
    constraints: list[str] = field(default_factory=list)
    hypothesis: Hypothesis | None = None
    found_status: str = "found"
    output: str = ""
    tokens: list[tuple[int, int]] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)
    _attention: dict[int, tuple[tuple[int, int] | None, list[int]]] = field(default_factory=dict)

    def begin(self) -> None:
        """Start checking the hypothesis: every hit missing, nothing edited."""
        self.output = self.decoded().text
        # Output tokens are what a term's repair replaces: none to find in a sentence without hits (most)
        self.tokens = token_spans(self.output) if self.hits else []
        self.statuses = ["missing"] * len(self.hits)
        self.edits, self.taken = [], []
        self._attention = {}

    def decoded(self) -> Hypothesis:
        if self.hypothesis is None:
            raise PipelineError("glossary enforcement bug: a sentence was checked before it was translated")
        return self.hypothesis

    def free(self, span: tuple[int, int]) -> bool:
        return not any(span[0] < e and s < span[1] for s, e in self.taken)

    def token_range(self, first: int, last: int) -> tuple[int, int]:
        return self.tokens[first][0], self.tokens[last][1]

    def replace_tokens(self, k: int, first: int, last: int, status: str) -> None:
        """Hit ``k`` lands by replacing output tokens ``first..last`` by its target, keeping their outer
        punctuation (``Abraham,`` → ``Ibrahim,``; ``(Moses's`` → ``(Musa's``)."""
        tokens, output = self.tokens, self.output
        lead, _, _ = strip_edges(output[tokens[first][0]:tokens[first][1]])
        _, _, trail = strip_edges(output[tokens[last][0]:tokens[last][1]])
        span = self.token_range(first, last)
        self.edits.append((span[0], span[1], f"{lead}{self.hits[k].target}{trail}"))
        self.taken.append(span)
        self.statuses[k] = status

    def attention(self, k: int) -> tuple[tuple[int, int] | None, list[int]]:
        """The token range of the output that hit ``k``'s source pieces align to (by argmax
        attention), and every output token ranked by the attention mass it puts on the hit."""
        if k not in self._attention:
            self._attention[k] = _attention_span(self.prepared.text, self.prepared.spans[k], self.decoded(),
                                                 self.output, self.special)
        return self._attention[k]

    def final(self) -> str:
        """The output with every edit applied (right to left, so no edit shifts another), stripped."""
        final = self.output
        for start, end, replacement in sorted(self.edits, key=lambda e: (-e[0], -e[1])):
            final = final[:start] + replacement + final[end:]
        return final.strip()


def strip_edges(word_text: str) -> tuple[str, str, str]:
    """Split a token into (leading punctuation, core, trailing punctuation incl. possessive)."""
    m = re.match(r"^([\W_]*)(.*?)((?:['’]s)?[\W_]*)$", word_text, re.DOTALL)
    if m is None:  # pragma: no cover - the pattern matches every string
        return "", word_text, ""
    return m.group(1), m.group(2), m.group(3)


def _attention_span(prepared_text: str, span: tuple[int, int], hyp: Hypothesis, output: str,
                    special: set[str]) -> tuple[tuple[int, int] | None, list[int]]:
    if hyp.attention is None or not len(hyp.attention) or not hyp.tokens:
        return None, []
    src_tokens = token_spans(prepared_text)
    out_tokens = token_spans(output)
    if not out_tokens:
        return None, []
    src_words = piece_words(hyp.source_tokens, len(src_tokens), special, prepared_text)
    tgt_words = piece_words(hyp.tokens, len(out_tokens), special, output)
    wanted = {i for i, w in enumerate(src_words)
              if w is not None and w < len(src_tokens) and src_tokens[w][0] < span[1] and span[0] < src_tokens[w][1]}
    if not wanted:
        return None, []
    aligned = []
    mass = [0.0] * len(out_tokens)
    for t, row in enumerate(hyp.attention[: len(hyp.tokens)]):
        tw = tgt_words[t]
        if tw is None:
            continue
        scores = [(row[i], i) for i in range(min(len(row), len(src_words))) if src_words[i] is not None]
        if not scores:
            continue
        if max(scores)[1] in wanted:
            aligned.append(tw)
        mass[tw] += sum(row[i] for i in wanted if i < len(row))
    ranked = sorted(range(len(mass)), key=lambda i: -mass[i])
    return ((min(aligned), max(aligned)) if aligned else None), ranked
