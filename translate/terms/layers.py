"""The glossary enforcement layers: objects behind one small protocol (:class:`Layer`), registered by
name in :data:`LAYERS`, applied in the order a :class:`~translate.config.EnforceOptions` lists them.
The CLI's options, ``eval terms`` and the run signature are all derived from this registry.

Each layer is optional and was measured by ``translate eval terms`` (README, "Glossaries"):

- ``replace``: the matched Persian is replaced, in the model's input, by its English target (NLLB
  copies Latin-script names well);
- ``placeholder``: the matched Persian becomes a placeholder (``ZX1`` …), put back after decoding;
- ``nbest``: of the engine's n-best list, the hypothesis holding the most required targets wins (the
  model's order breaks ties);
- ``force``: on engines that can steer decoding (transformers), once decoding chose a term's first
  subword, its next ones are forced;
- ``repair``: a term still missing is located in the output — where the model's rendering of the term
  alone (``Abraham`` for ابراهیم) appears, through the source–target attention, or as a near spelling
  (``Lazarini`` for ``Lazzarini``) — and replaced by the target;
- ``strict``: every term lands: the output word the term's source attends to most is replaced, and
  when nothing is left the target is appended.

Between decoding and repair the *check* always runs (each target looked for in the output, see
:mod:`translate.terms.check`), and after it the *report* (one :class:`~translate.records.TermHit` per
occurrence). A layer only implements the hooks of the phases it takes part in.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import ClassVar

from ..align.words import token_spans
from ..config import DecodeOptions, EnforceOptions
from ..errors import ConfigError
from ..mt.engine import Engine
from ..records import Hypothesis
from ..text.normalize import normalize
from .check import target_pattern, word_chunks
from .sentence import TermSentence, prepare, strip_edges

Span = tuple[int, int]


class Layer:
    """One enforcement layer. Every hook does nothing unless a layer overrides it; the stage calls
    them in phase order, each phase over the layers in their configured order."""

    #: The registry name (also the CLI's and the signature's).
    name: ClassVar[str]
    #: One line for ``--help``.
    help: ClassVar[str]
    #: The engines it does anything on (empty: every engine).
    engines: ClassVar[tuple[str, ...]] = ()

    def decoding(self, options: DecodeOptions) -> DecodeOptions:
        """What decoding this layer needs (more hypotheses, attention)."""
        return options

    def before(self, sentence: TermSentence, source: str) -> None:
        """Before decoding: what the model reads (``sentence.prepared``) and must produce
        (``sentence.constraints``). ``source`` is the sentence as written."""

    def after(self, sentences: Sequence[TermSentence], engine: Engine, decode: DecodeOptions) -> None:
        """After decoding, once per document: choose among hypotheses, learn from the model."""

    def restore(self, sentence: TermSentence) -> None:
        """Before the check: put back in the output what :meth:`before` took out of the input."""

    def candidates(self, sentence: TermSentence, k: int) -> Iterator[Span]:
        """Output token ranges ``(first, last)`` that may be replaced by missing hit ``k``'s target,
        best first; the first free one is taken."""
        return iter(())

    def fallback(self, sentence: TermSentence, k: int) -> bool:
        """The last resort for hit ``k`` when no candidate was free; True when it landed."""
        return False


class Replace(Layer):
    name = "replace"
    help = "put each term's English target into the model's input (NLLB copies Latin script)"

    def before(self, sentence: TermSentence, source: str) -> None:
        sentence.prepared = prepare(source, sentence.hits, "replace")
        sentence.found_status = "copied"


class Placeholder(Layer):
    name = "placeholder"
    help = "put a placeholder (ZX1 …) into the model's input and the target back in its place"

    def before(self, sentence: TermSentence, source: str) -> None:
        sentence.prepared = prepare(source, sentence.hits, "placeholder")

    def restore(self, sentence: TermSentence) -> None:
        for k, placeholder in enumerate(sentence.prepared.placeholders):
            if placeholder:
                m = re.search(r"Z\s*X\s*" + re.escape(placeholder[2:]) + r"(?!\d)", sentence.output)
                if m and sentence.free(m.span()):
                    sentence.edits.append((m.start(), m.end(), sentence.hits[k].target))
                    sentence.taken.append(m.span())
                    sentence.statuses[k] = "copied"


class NBest(Layer):
    name = "nbest"
    help = "choose the hypothesis of the beam that holds the most targets"

    def decoding(self, options: DecodeOptions) -> DecodeOptions:
        return replace(options, num_hypotheses=max(options.num_hypotheses, options.beam_size))

    def after(self, sentences: Sequence[TermSentence], engine: Engine, decode: DecodeOptions) -> None:
        for sentence in sentences:
            if sentence.hits:
                sentence.hypothesis, chosen = best_of_nbest(sentence.decoded(), [h.target for h in sentence.hits])
                if chosen and sentence.found_status == "found":
                    sentence.found_status = "forced"


class Force(Layer):
    name = "force"
    help = "complete a term once decoding chose its first subword (engines that can steer decoding: hf)"
    engines = ("hf",)

    def before(self, sentence: TermSentence, source: str) -> None:
        sentence.constraints = [h.target for h in sentence.hits]


class Repair(Layer):
    name = "repair"
    help = "replace the model's rendering of a missing term (learned, attention, near spelling)"

    def __init__(self) -> None:
        self.renderings: dict[str, list[str]] = {}  # term (normalized Persian) → the model's renderings

    def decoding(self, options: DecodeOptions) -> DecodeOptions:
        return replace(options, return_attention=True)

    def after(self, sentences: Sequence[TermSentence], engine: Engine, decode: DecodeOptions) -> None:
        missing = {term_key(h.text) for s in sentences for h in s.hits
                   if not target_pattern(h.target).search(s.decoded().text)}
        learn_renderings(engine, sorted(missing - set(self.renderings)), decode, self.renderings)

    def candidates(self, sentence: TermSentence, k: int) -> Iterator[Span]:
        tokens = sentence.tokens
        # What the model writes for this term on its own (``Abraham`` for ابراهیم), found here.
        for rendering in self.renderings.get(term_key(sentence.hits[k].text), []):
            for m in target_pattern(rendering).finditer(sentence.output):
                if sentence.free(m.span()):
                    first = next(i for i, (s, e) in enumerate(tokens) if e > m.start())
                    last = max(i for i, (s, e) in enumerate(tokens) if s < m.end())
                    yield first, last
                    break
        aligned, _ = sentence.attention(k)
        if aligned:
            yield aligned
        fuzzy = fuzzy_span(sentence.output, sentence.hits[k].target, sentence.taken)
        if fuzzy:
            yield fuzzy


class Strict(Layer):
    name = "strict"
    help = "make every term land: replace the word its source attends to most, else append the target"

    def decoding(self, options: DecodeOptions) -> DecodeOptions:
        return replace(options, return_attention=True)

    def candidates(self, sentence: TermSentence, k: int) -> Iterator[Span]:
        _, ranked = sentence.attention(k)
        return ((t, t) for t in ranked)

    def fallback(self, sentence: TermSentence, k: int) -> bool:
        output = sentence.output  # nothing left to replace: the term goes at the end
        sentence.edits.append((len(output), len(output), (" " if output.strip() else "") + sentence.hits[k].target))
        sentence.statuses[k] = "forced"
        return True


#: Every layer by name, in the order the CLI applies them.
LAYERS: dict[str, type[Layer]] = {cls.name: cls for cls in (Replace, Placeholder, NBest, Force, Repair, Strict)}


def build_layers(options: EnforceOptions) -> list[Layer]:
    """Fresh layer objects for one call of the stage (layers may learn from the model as they go)."""
    unknown = [name for name in options.layers if name not in LAYERS]
    if unknown:
        raise ConfigError(f"unknown glossary layers {', '.join(unknown)}: choose from {', '.join(LAYERS)}")
    return [LAYERS[name]() for name in options.layers]


def signature(options: EnforceOptions) -> str:
    """The layers as the run signature writes them: ``none+nbest+force+repair`` (source layer first)."""
    rest = [name for name in options.layers if name != options.source]
    return "+".join([options.source, *rest])


# --- helpers of the layers -------------------------------------------------------------------------

def term_key(text: str) -> str:
    """A term as repair remembers it: normalized Persian, single spaces."""
    return " ".join(normalize(text).text.split())


def best_of_nbest(hyp: Hypothesis, targets: Sequence[str]) -> tuple[Hypothesis, bool]:
    """The hypothesis of the n-best list holding the most targets (the model's order breaks ties),
    and whether it is not the model's first choice."""
    candidates = [hyp, *hyp.alternatives]

    def covered(h: Hypothesis) -> int:
        return sum(bool(target_pattern(t).search(h.text)) for t in targets)

    best = max(range(len(candidates)), key=lambda i: (covered(candidates[i]), -i))
    chosen = candidates[best]
    if best == 0:
        return hyp, False
    return replace(chosen, alternatives=tuple(c for i, c in enumerate(candidates) if i != best),
                   flags=chosen.flags | hyp.flags), True


def fuzzy_span(output: str, target: str, claimed: Sequence[Span]) -> Span | None:
    """Tokens of ``output`` that spell ``target`` closely: same number of words, similarity ≥ 0.88
    (``Lazarini``/``Lazzarini`` 0.94, ``Rohani``/``Rouhani`` 0.92; ``Columbia``/``Colombia``, 0.875,
    are two places), and not a derived form of it."""
    n = max(1, len(target.split()))
    tokens = token_spans(output)
    best, best_score = None, 0.88
    for i in range(len(tokens) - n + 1):
        first, last = i, i + n - 1
        span = (tokens[first][0], tokens[last][1])
        if any(span[0] < e and s < span[1] for s, e in claimed):
            continue
        lead, core, _ = strip_edges(output[span[0]:span[1]])
        candidate = core if n == 1 else output[span[0] + len(lead): span[1]]
        candidate = strip_edges(candidate)[1]
        if not candidate or not candidate[0].isalpha():
            continue
        a, b = candidate.lower(), target.lower()
        shorter = min(len(a), len(b))
        if len(os.path.commonprefix([a, b])) >= shorter - 1:
            continue  # a derived form (Syrian/Syria, German/Germany): a different word, not a misspelling
        score = difflib.SequenceMatcher(None, a, b).ratio()
        if score > best_score:
            best, best_score = (first, last), score
    return best


def learn_renderings(engine: Engine, terms: Sequence[str], decode: DecodeOptions,
                     into: dict[str, list[str]]) -> None:
    """Translate each term alone and keep the model's renderings of it (``ابراهیم`` → ``Abraham``),
    for repair to look for in the sentence's translation. A term alone often comes back wrapped or
    repeated (``Abraham, Abraham``), so the renderings are the n-best outputs that are as short as the
    term's target, then the words that recur across the n-best list, most frequent first."""
    if not terms:
        return
    beam = max(4, decode.beam_size)
    options = replace(decode, beam_size=beam, num_hypotheses=beam, max_length=16, max_length_ratio=3.0,
                      return_attention=False, min_length=0)
    for term, hyp in zip(terms, engine.translate(list(terms), options)):
        outputs = [c.text.strip(" .,:;!?\"'«»()[]") for c in (hyp, *hyp.alternatives)]
        whole = [o for o in outputs if o and len(o.split()) <= 3]
        counts: dict[str, int] = {}
        for output in outputs:
            for word in word_chunks(output):
                if len(word) > 2 and word[0].isupper() and word.lower() not in _NOT_NAMES:
                    counts[word] = counts.get(word, 0) + 1
        words = sorted(counts, key=lambda w: -counts[w])[:3]
        seen: list[str] = []
        for candidate in whole[:2] + words:
            if candidate.lower() not in (x.lower() for x in seen):
                seen.append(candidate)
        into[term] = seen


# Capitalized words that are not renderings of a name.
_NOT_NAMES = frozenset("the and of to in on for with from by his her their our your its this that who "
                       "which say said says god lord he she they we you".split())
