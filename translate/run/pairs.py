"""The run's stages composed per document: sentences → glossary hits → translation with enforcement
(through the translation memory) → word links → scores → :class:`~translate.records.SentencePair`.
Composition only; each stage lives in its own room."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from ..align.words import attention_links, pharaoh
from ..config import DecodeOptions, EnforceOptions
from ..mt.engine import Engine
from ..qe.score import score_pairs
from ..records import Document, SentencePair, Translation
from ..terms.enforce import TermResult, translate_with_terms
from ..terms.glossary import Matcher
from ..text.normalize import normalize_text
from ..text.segment import segment
from .memory import TranslationMemory
from .stats import RunStats


def _translation(result: TermResult, special: set[str], source: str) -> Translation:
    hyp = result.hypothesis
    links = ""
    if hyp.attention and result.text == hyp.text:  # attention describes the model's own output only
        links = pharaoh(attention_links(source, hyp.source_tokens, hyp.text, hyp.tokens, hyp.attention, special))
    return Translation(text=result.text, confidence=hyp.score, alignment=links, flags=tuple(sorted(hyp.flags)),
                       terms=result.terms)


def sentence_pairs(documents: Iterator[Document], engine: Engine, matcher: Matcher | None, decode: DecodeOptions,
                   enforce: EnforceOptions, memory: TranslationMemory | None, embedder: Any,
                   stats: RunStats) -> Iterator[tuple[Document, list[SentencePair]]]:
    """Yield each document with its sentence pairs, translating only what the memory lacks."""
    special = set(engine.tokenizer.special)
    clock = time.perf_counter()
    for doc in documents:
        sentences = segment(doc)
        sources = [normalize_text(s.line()) for s in sentences]
        hits = list(matcher.find_in_document([s.line() for s in sentences])) if matcher else [[] for _ in sentences]
        # The memory key holds the normalized sentence and the glossary targets found in it, so the
        # same sentence with a different set of terms (short forms) is translated on its own.
        keys = [src + "\x1f" + "\x1e".join(h.target for h in hs) for src, hs in zip(sources, hits)]
        known = memory.get_many(keys) if memory else {}
        clock = _lap(stats, "read+segment+match", clock)
        first: dict[str, int] = {}
        for i in (i for i, k in enumerate(keys) if k not in known):
            first.setdefault(keys[i], i)  # identical sentences in one document: translated once
        unique = sorted(first.values())
        fresh: dict[str, Translation] = {}
        if unique:
            (results,) = translate_with_terms(
                engine, [[sentences[i].line() for i in unique]], matcher, decode, enforce,
                hits=[[hits[i] for i in unique]] if matcher is not None else None)
            fresh = {keys[i]: _translation(r, special, sources[i]) for i, r in zip(unique, results)}
            if memory:
                memory.put_many(fresh.items())
        clock = _lap(stats, "translate+terms", clock)
        translations = [known.get(k) or fresh[k] for k in keys]
        stats.from_memory += sum(1 for k in keys if k in known)
        pairs = _scored(sentences, translations, embedder, stats)
        stats.documents += 1
        stats.sentences += len(pairs)
        _lap(stats, "score", clock)
        yield doc, pairs
        clock = time.perf_counter()  # the caller's writing is timed by the caller


def _lap(stats: RunStats, stage: str, since: float) -> float:
    now = time.perf_counter()
    stats.seconds[stage] += now - since
    return now


def _scored(sentences: list[Any], translations: list[Translation], embedder: Any, stats: RunStats) -> list[SentencePair]:
    term_success = []
    for t in translations:
        landed = sum(hit.landed for hit in t.terms)
        term_success.append(landed / len(t.terms) if t.terms else None)
        stats.terms_landed += landed
        stats.terms_total += len(t.terms)
    scores = score_pairs([s.line() for s in sentences], [t.text for t in translations], embedder=embedder,
                         confidences=[t.confidence for t in translations], terms=term_success)
    pairs = []
    for sent, translation, score in zip(sentences, translations, scores):
        stats.verdicts[score.verdict] += 1
        pairs.append(SentencePair(source=sent, target=translation.text, scores=score, terms=translation.terms,
                                  alignment=translation.alignment, flags=frozenset(translation.flags)))
    return pairs
