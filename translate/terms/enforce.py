"""The glossary stage: translate sentences with the configured enforcement layers, check every term,
and prove each one landed; and the same check and repair on translations made elsewhere.

For each document: its sentences' hits (short forms count once the entity was introduced), each layer
prepares the model's input, the translation stage decodes them in one stream, the layers choose and
learn, then each sentence is checked (:func:`resolve`) and reported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..config import OFF, DecodeOptions, EnforceOptions
from ..mt.engine import Engine
from ..mt.stream import translate_stream
from ..records import Hypothesis, TermHit
from .check import find_target, success_rate
from .glossary import GlossaryEntry, Hit, Matcher
from .layers import Layer, Repair, build_layers
from .sentence import Prepared, TermSentence, prepare

__all__ = ["ApplyResult", "TermResult", "TermStage", "apply_glossary", "fit_vocabulary", "resolve",
           "term_success", "translate_with_terms"]

logger = logging.getLogger(__name__)


def fit_vocabulary(engine: Engine, entries: Sequence[GlossaryEntry]) -> set[str]:
    """Check at load that the engine's output vocabulary can write every glossary target (and short
    form). When a piece is missing from its vocabulary map (a target with a character outside the
    English classes of :mod:`translate.mt.vocabmap`), the engine falls back to the whole vocabulary for
    this run, with a warning. Returns the missing pieces (empty: every target fits)."""
    targets = [e.target for e in entries] + [en for e in entries for _, en, _ in e.short]
    missing = engine.unreachable(targets) if targets else set()
    if missing:
        shown = " ".join(sorted(missing)[:10])
        logger.warning("the English output vocabulary (%s) cannot write %d piece(s) of glossary targets (%s): "
                       "decoding over the whole vocabulary for this run", engine.vocabulary_map, len(missing), shown)
        engine.use_full_vocabulary()
    return missing


@dataclass(frozen=True, slots=True)
class TermResult:
    """A translated sentence with its glossary report."""

    text: str
    hypothesis: Hypothesis
    terms: tuple[TermHit, ...]


def resolve(sentence: TermSentence, layers: Sequence[Layer]) -> tuple[str, list[TermHit]]:
    """Check (and, as the layers allow, repair) the terms of one translated sentence: the final English
    and one :class:`TermHit` per hit. Every edit is decided on the model's own output (whose words the
    attention refers to) and applied at the end, right to left, so no edit shifts another."""
    sentence.begin()
    for layer in layers:
        layer.restore(sentence)
    for k, hit in enumerate(sentence.hits):  # the check
        if sentence.statuses[k] == "missing":
            found = find_target(sentence.output, hit.target, sentence.taken)
            if found:
                sentence.taken.append(found)
                sentence.statuses[k] = sentence.found_status
    for k in range(len(sentence.hits)):  # repair, term by term
        if sentence.statuses[k] == "missing" and not _repair(sentence, k, layers):
            any(layer.fallback(sentence, k) for layer in layers)
    final = sentence.final()
    return final, _report(sentence, final)


def _repair(sentence: TermSentence, k: int, layers: Sequence[Layer]) -> bool:
    for layer in layers:
        for first, last in layer.candidates(sentence, k):
            if sentence.free(sentence.token_range(first, last)):
                sentence.replace_tokens(k, first, last, "repaired")
                return True
    return False


def _report(sentence: TermSentence, final: str) -> list[TermHit]:
    results = []
    claimed: list[tuple[int, int]] = []
    for k, hit in enumerate(sentence.hits):
        span = find_target(final, hit.target, claimed) if sentence.statuses[k] != "missing" else None
        if span:
            claimed.append(span)
        results.append(TermHit(
            source=hit.entry.source, type=hit.entry.type, start=hit.start, end=hit.end, text=hit.text,
            target=hit.target, status=sentence.statuses[k] if span else "missing",
            target_start=span[0] if span else None, target_end=span[1] if span else None,
        ))
    return results


class TermStage:
    """The glossary stage over a stream of sentences, a window at a time. Its layers live as long as the
    stage, so what they learn from the model (a term's rendering) is learned once."""

    def __init__(self, engine: Engine, decode: DecodeOptions, options: EnforceOptions = EnforceOptions(), *,
                 glossary: bool = True) -> None:
        self.engine = engine
        self.layers = build_layers(options)
        if glossary:
            for layer in self.layers:
                decode = layer.decoding(decode)
        self.decode = decode
        self.special = set(engine.tokenizer.special)

    def translate(self, texts: Sequence[str], hits: Sequence[Sequence[Hit]],
                  progress: Callable[[float], None] | None = None, window: int = 1000,
                  normalized: Sequence[str] | None = None) -> list[TermResult]:
        """Translate sentences (from any documents) whose glossary hits are known, ``window`` at a time
        (one engine call each, so memory stays bounded). ``normalized``: each text as
        :func:`~translate.text.normalize.normalize_text` gives it, where the caller has it (a run's
        store does): a sentence without hits is not normalized again."""
        if len(texts) > window + window // 2:
            results: list[TermResult] = []
            for k in range(0, len(texts), window):
                results += self.translate(texts[k:k + window], hits[k:k + window], progress, window,
                                          normalized[k:k + window] if normalized is not None else None)
            return results
        sentences = [TermSentence(list(h), prepare(t, h) if h or normalized is None else Prepared(normalized[i], (), ()),
                                  self.special) for i, (t, h) in enumerate(zip(texts, hits))]
        for layer in self.layers:
            for text, sentence in zip(texts, sentences):
                layer.before(sentence, text)
        hyps = translate_stream(self.engine, [s.prepared.text for s in sentences], self.decode,
                                constraints=[s.constraints for s in sentences], progress=progress,
                                window=max(1, len(sentences)))  # the caller's window is the engine's
        for sentence, hyp in zip(sentences, hyps):
            sentence.hypothesis = hyp
        for layer in self.layers:
            layer.after(sentences, self.engine, self.decode)
        results = []
        for sentence in sentences:
            text, terms = resolve(sentence, self.layers)
            results.append(TermResult(text, sentence.decoded(), tuple(terms)))
        return results


def translate_with_terms(
    engine: Engine,
    documents: Iterable[Sequence[str]],
    matcher: Matcher | None,
    decode: DecodeOptions,
    options: EnforceOptions = EnforceOptions(),
    *,
    hits: Iterable[Sequence[Sequence[Hit]]] | None = None,
) -> Iterator[list[TermResult]]:
    """Translate the sentences of each document with glossary enforcement; yield one list of results
    per document. Short forms are matched per document (after the entity was introduced). ``hits``
    (per document, per sentence) replaces matching when the caller matched already."""
    stage = TermStage(engine, decode, options, glossary=matcher is not None or hits is not None)
    given = iter(hits) if hits is not None else None
    for texts in documents:
        texts = list(texts)
        if given is not None:
            doc_hits = [list(h) for h in next(given)]
        elif matcher is not None:
            doc_hits = list(matcher.find_in_document(texts))
        else:
            doc_hits = [[] for _ in texts]
        yield stage.translate(texts, doc_hits)


def _check_given(source: str, target: str, hits: Sequence[Hit], layers: Sequence[Layer]) -> tuple[str, list[TermHit]]:
    """Check (and repair, with ``layers``) the terms of a translation made elsewhere."""
    sentence = TermSentence(list(hits), prepare(source, hits), hypothesis=Hypothesis(text=target, score=0.0))
    return resolve(sentence, layers)


def term_success(matcher: Matcher, sources: Sequence[str], targets: Sequence[str]) -> list[float | None]:
    """Per pair of a document, the share of the Persian's glossary terms found in the English
    (``None``: the Persian has no terms)."""
    out: list[float | None] = []
    for fa, en, hits in zip(sources, targets, matcher.find_in_document(sources)):
        landed, total = success_rate(_check_given(fa, en, hits, [])[1])
        out.append(landed / total if total else None)
    return out


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What :func:`apply_glossary` did: the fixed lines, each line's terms, and the terms before."""

    lines: list[str]
    terms: list[list[TermHit]]
    before: list[TermHit]
    changed: list[bool]

    @property
    def after(self) -> list[TermHit]:
        return [t for line in self.terms for t in line]


def apply_glossary(matcher: Matcher, sources: Sequence[str], targets: Sequence[str]) -> ApplyResult:
    """Enforce a glossary on existing translations (line-aligned, one document): each term found in a
    Persian line is looked for in its English line and, when missing, repaired where the English holds
    a near spelling of it. Nothing else in a line changes."""
    lines, terms, before, changed = [], [], [], []
    for fa, en, hits in zip(sources, targets, matcher.find_in_document(sources)):
        before.extend(_check_given(fa, en, hits, build_layers(OFF))[1])
        fixed, report = _check_given(fa, en, hits, [Repair()])
        lines.append(fixed)
        terms.append(report)
        changed.append(fixed != en)
    return ApplyResult(lines, terms, before, changed)
