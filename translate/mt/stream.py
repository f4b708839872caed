"""The translation stage: a stream of source texts in, one :class:`Hypothesis` per text out, in order.

Texts are read a window at a time (bounded memory); inside a window the engine sorts them by length
and batches them by a token budget. A text longer than the model's limit (NLLB was trained on at most
200 tokens and drops what lies beyond) is split at clause boundaries, translated in parts and joined —
never truncated — and flagged ``split``. After decoding, outputs that are empty, copy the source or
loop are flagged, and characters no output may carry (controls, line separators: a model trained on
scraped text emits them) are replaced and flagged ``cleaned``.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from ..config import DecodeOptions
from ..errors import PipelineError
from ..records import Hypothesis
from ..text.clean import clean_text
from ..text.script import arabic_share
from .engine import Engine

__all__ = ["check_output", "clean_output", "split_long", "translate_groups", "translate_stream"]

# Where a long Persian sentence may be cut, strongest first: after ؛ ; : then after ، , then before
# a conjunction that opens a clause.
_CUTS = (
    re.compile(r"(?<=[؛;:])\s+"),
    re.compile(r"(?<=[،,])\s+"),
    re.compile(r"\s+(?=(?:و|اما|ولی|که|زیرا|چون|تا|سپس|همچنین|در حالی که)\s)"),
    re.compile(r"\s+"),
)


def split_long(text: str, count: Callable[[str], int], max_tokens: int) -> list[str]:
    """Split ``text`` into parts of at most ``max_tokens`` (by ``count``) at clause boundaries.

    The cut nearest the middle of the strongest kind present is taken, and each half is split again
    while still too long. Joining the parts with single spaces gives back ``text`` up to whitespace.
    A single word longer than the limit stays whole (the engine then reads it in full).
    """
    if count(text) <= max_tokens:
        return [text]
    middle = len(text) / 2
    for pattern in _CUTS:
        cuts = [m for m in pattern.finditer(text) if 0 < m.start() and m.end() < len(text)]
        if cuts:
            best = min(cuts, key=lambda m: abs((m.start() + m.end()) / 2 - middle))
            left, right = text[: best.start()], text[best.end() :]
            return split_long(left, count, max_tokens) + split_long(right, count, max_tokens)
    return [text]


def check_output(source: str, target: str) -> frozenset[str]:
    """Flags for a translation: ``empty``, ``copy`` (mostly Persian script, or the source itself),
    ``loop`` (a word repeated four times in a row, or a phrase of 2–6 words three times)."""
    flags = set()
    if source.strip() and not target.strip():
        flags.add("empty")
    if target.strip() and (target.strip() == source.strip() or arabic_share(target) > 0.5):
        flags.add("copy")
    if _has_loop(target.lower().split()):
        flags.add("loop")
    return frozenset(flags)


def clean_output(hyp: Hypothesis) -> Hypothesis:
    """``hyp`` with the characters no output may carry replaced in its text and in each of its n-best
    alternatives (a later stage may pick one of them), see :func:`translate.text.clean.clean_text`:
    line breaks become a space, controls are removed. Each hypothesis whose text changed gets the
    flag ``cleaned``; a clean one comes back as the same object."""
    alternatives = tuple(clean_output(alt) for alt in hyp.alternatives)
    text, replaced = clean_text(hyp.text)
    if not replaced and all(a is b for a, b in zip(alternatives, hyp.alternatives)):
        return hyp
    return replace(hyp, text=text, alternatives=alternatives,
                   flags=hyp.flags | {"cleaned"} if replaced else hyp.flags)


def _has_loop(words: Sequence[str]) -> bool:
    for n in range(1, 7):
        repeats_needed = 4 if n == 1 else 3
        for i in range(len(words) - n * repeats_needed + 1):
            gram = words[i : i + n]
            if all(words[i + k * n : i + (k + 1) * n] == gram for k in range(1, repeats_needed)):
                return True
    return False


def _join(parts: list[Hypothesis]) -> Hypothesis:
    if len(parts) == 1:
        return parts[0]
    lengths = [max(1, len(p.tokens)) for p in parts]
    score = sum(p.score * n for p, n in zip(parts, lengths)) / sum(lengths)
    flags = frozenset().union(*(p.flags for p in parts)) | {"split"}
    return Hypothesis(
        text=" ".join(p.text for p in parts if p.text),
        score=score,
        tokens=tuple(t for p in parts for t in p.tokens),
        source_tokens=tuple(t for p in parts for t in p.source_tokens),
        attention=None,  # attention of parts does not compose into one matrix
        flags=flags,
    )


def translate_stream(
    engine: Engine,
    texts: Iterable[str],
    options: DecodeOptions | None = None,
    *,
    window: int = 1000,
    max_input_tokens: int | None = None,
    constraints: Iterable[Sequence[str]] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Iterator[Hypothesis]:
    """Translate ``texts`` lazily, yielding exactly one hypothesis per text, in order.

    ``constraints`` (parallel to ``texts``) names English terms each output should contain; engines
    that can steer decoding towards them do (transformers), the others ignore them. Empty or blank
    texts give an empty hypothesis without reaching the engine. ``progress`` is told of texts done as the
    engine finishes batches: a window's texts are shared out over its parts, so a text split into many
    parts (a page without punctuation) advances as its parts are done, in fractions of a text. Raises :class:`~translate.errors.PipelineError` if the engine
    returns a different number of hypotheses than it was given.
    """
    options = options or DecodeOptions()
    limit = max_input_tokens or engine.max_input_tokens
    iterator = iter(texts)
    wanted = iter(constraints) if constraints is not None else None
    while chunk := list(itertools.islice(iterator, window)):
        chunk_constraints = list(itertools.islice(wanted, len(chunk))) if wanted is not None else None
        if chunk_constraints is not None and len(chunk_constraints) != len(chunk):
            raise PipelineError("translation stream bug: constraints ended before the texts did")
        parts: list[str] = []
        part_constraints: list[Sequence[str]] = []
        owners: list[int] = []
        lengths = engine.count_tokens([t for t in chunk if t.strip()])
        length_of = iter(lengths)
        for k, text in enumerate(chunk):
            if not text.strip():
                continue
            if next(length_of) <= limit:
                pieces = [text]
            else:
                pieces = split_long(text, lambda s: engine.count_tokens([s])[0], limit)
            parts.extend(pieces)
            owners.extend([k] * len(pieces))
            if chunk_constraints is not None:
                part_constraints.extend([chunk_constraints[k]] * len(pieces))
        told = [0.0]
        share = len(chunk) / max(1, len(parts))  # of the window's texts, a part's

        def tell(n: int) -> None:  # parts done, reported as texts: never more than the window holds
            if progress:
                step = min(n * share, len(chunk) - told[0])
                if step > 0:
                    told[0] += step
                    progress(step)

        wanted_parts = part_constraints if chunk_constraints is not None and any(part_constraints) else None
        pieces_of = [0] * len(chunk)
        for owner in owners:
            pieces_of[owner] += 1
        split = [pieces_of[owner] > 1 for owner in owners]
        if options.return_attention and any(split):
            # The parts of a split text are joined without attention (see _join): decoded without it, so a
            # page of thousands of parts does not hold a matrix for each until its window is done.
            hyps = _translate_apart(engine, parts, split, options, wanted_parts, tell)
        else:
            hyps = engine.translate(parts, options, constraints=wanted_parts, progress=tell) if parts else []
        if progress and len(chunk) - told[0] > 1e-9:
            progress(len(chunk) - told[0])
        if len(hyps) != len(parts):
            raise PipelineError(f"engine {engine.name} returned {len(hyps)} translations for {len(parts)} inputs")
        grouped: list[list[Hypothesis]] = [[] for _ in chunk]
        for owner, hyp in zip(owners, hyps):
            # Here, not in each engine: whatever engine is registered, its text is cleaned.
            grouped[owner].append(clean_output(hyp))
        for text, group in zip(chunk, grouped):
            if not group:
                yield Hypothesis(text="", score=0.0)
                continue
            hyp = _join(group)
            yield replace(hyp, flags=hyp.flags | check_output(text, hyp.text))


def _translate_apart(engine: Engine, parts: list[str], split: list[bool], options: DecodeOptions,
                     constraints: list[Sequence[str]] | None, progress: Callable[[int], None]) -> list[Hypothesis]:
    """``parts`` translated in two engine calls: the whole texts with ``options``, the parts of split
    texts without attention; the hypotheses in the order of ``parts``."""
    out: list[Hypothesis | None] = [None] * len(parts)
    for wanted, opts in ((False, options), (True, replace(options, return_attention=False))):
        chosen = [k for k, is_split in enumerate(split) if is_split == wanted]
        if not chosen:
            continue
        hyps = engine.translate([parts[k] for k in chosen], opts,
                                constraints=[constraints[k] for k in chosen] if constraints is not None else None,
                                progress=progress)
        if len(hyps) != len(chosen):
            raise PipelineError(f"engine {engine.name} returned {len(hyps)} translations for {len(chosen)} inputs")
        for k, hyp in zip(chosen, hyps):
            out[k] = hyp
    return [h for h in out if h is not None]


def translate_groups(
    engine: Engine,
    groups: Iterable[list[str]],
    options: DecodeOptions | None = None,
    **stream_options: int,
) -> Iterator[list[Hypothesis]]:
    """Like :func:`translate_stream` for groups of texts (a line's sentences): one list of
    hypotheses per group, in order, empty groups included, all groups batched together."""
    sizes: deque[int] = deque()

    def sources() -> Iterator[str]:
        for group in groups:
            sizes.append(len(group))
            yield from group

    current: list[Hypothesis] = []
    for hyp in translate_stream(engine, sources(), options, **stream_options):
        while not current and sizes and sizes[0] == 0:
            sizes.popleft()
            yield []
        current.append(hyp)
        if len(current) == sizes[0]:
            sizes.popleft()
            yield current
            current = []
    while sizes:
        if sizes.popleft() != 0 or current:
            raise PipelineError("translation stream bug: the stream ended before its groups did")
        yield []
