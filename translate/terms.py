"""Enforcing glossary terms in translations, and proving each one landed.

Layers, each one optional and measured by ``translate eval terms``:

1. *source*: the matched Persian is replaced, in the model's input, by its English target
   (``replace``: NLLB copies Latin-script names well) or by a placeholder (``placeholder``: ``ZX1`` …,
   put back after decoding);
2. *n-best*: of the engine's n-best list, the hypothesis holding the most required targets wins
   (the model's order breaks ties); on the transformers engine a logits processor also completes a
   term once its first subword was chosen (*force*);
3. *check*: each target is looked for in the output, case-insensitively, tolerant of possessive
   ``'s`` and of hyphen and spacing variants (``Al-Aqsa`` = ``Al Aqsa``);
4. *repair*: a term still missing is located in the output — through the model's source–target
   attention when there is one, else as a near spelling of the target (``Lazarini`` for
   ``Lazzarini``) — and replaced by the target; with *strict*, the output word the term's source
   attends to most is replaced, and an empty output receives the target, so every term lands;
5. *report*: one :class:`~translate.records.TermHit` per source occurrence with its status.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from .align import piece_words, token_spans
from .backends.base import DecodeOptions, Engine
from .errors import ConfigError
from .glossary import Hit, Matcher
from .normalize import normalize
from .records import Hypothesis, TermHit
from .translation import translate_stream

SOURCE_MODES = ("none", "replace", "placeholder")
PLACEHOLDER = "ZX{}"


@dataclass(frozen=True, slots=True)
class EnforceOptions:
    """Which layers run (see the module docstring)."""

    source: str = "replace"
    nbest: bool = True
    force: bool = True
    repair: bool = True
    strict: bool = False

    def __post_init__(self) -> None:
        if self.source not in SOURCE_MODES:
            raise ConfigError(f"source mode must be one of {', '.join(SOURCE_MODES)}, not {self.source!r}")


#: Only check: no layer changes anything.
OFF = EnforceOptions(source="none", nbest=False, force=False, repair=False)

# --- checking -----------------------------------------------------------------------------------

_CHUNK = re.compile(r"[^\W_]+")
_JOINER = r"[\s\-‐‑–—'’.]*"


def target_pattern(target: str) -> re.Pattern[str]:
    """A pattern that finds ``target`` in English: any case, hyphens/spaces/apostrophes between its
    parts optional, a possessive ``'s`` allowed, never inside a longer word."""
    chunks = _CHUNK.findall(target)
    if not chunks:
        return re.compile(re.escape(target), re.IGNORECASE)
    body = _JOINER.join(re.escape(c) for c in chunks)
    return re.compile(rf"(?<![^\W_]){body}(?:['’]s?)?(?![^\W_])", re.IGNORECASE)


def find_target(text: str, target: str, claimed: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The span of the first occurrence of ``target`` in ``text`` not already ``claimed`` (or the
    first occurrence when all are claimed: two mentions may share one rendering)."""
    spans = [m.span() for m in target_pattern(target).finditer(text)]
    if not spans:
        return None
    for span in spans:
        if span not in claimed:
            return span
    return spans[0]


def success_rate(hits: Iterable[TermHit]) -> tuple[int, int]:
    """``(landed, total)``: the WMT terminology task's term success counts."""
    hits = list(hits)
    return sum(h.status != "missing" for h in hits), len(hits)


# --- source side --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Prepared:
    """What the engine reads for one sentence, and where each hit sits in it."""

    text: str
    spans: tuple[tuple[int, int], ...]  # per hit, in ``text``
    placeholders: tuple[str | None, ...]  # per hit


def prepare(sentence: str, hits: Sequence[Hit], mode: str = "none") -> Prepared:
    """Normalize ``sentence`` for the model and apply the source-side layer. ``hits`` index
    ``sentence``; the returned spans index the prepared text."""
    norm = normalize(sentence)
    text = norm.text
    origin = norm.origin

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
    last = 0
    length = 0
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


# --- repair ---------------------------------------------------------------------------------------

def _strip_edges(word_text: str) -> tuple[str, str, str]:
    """Split a token into (leading punctuation, core, trailing punctuation incl. possessive)."""
    m = re.match(r"^([\W_]*)(.*?)((?:['’]s)?[\W_]*)$", word_text, re.DOTALL)
    assert m
    return m.group(1), m.group(2), m.group(3)


def _attention_span(prepared_text: str, span: tuple[int, int], hyp: Hypothesis, output: str,
                    special: set[str]) -> tuple[tuple[int, int] | None, list[int]]:
    """The token range of ``output`` that the source span's pieces align to (by argmax attention),
    and every output token ranked by the attention mass it puts on the span (for strict repair)."""
    if not hyp.attention or not hyp.tokens:
        return None, []
    src_tokens = token_spans(prepared_text)
    out_tokens = token_spans(output)
    if not out_tokens:
        return None, []
    src_words = piece_words(hyp.source_tokens, len(src_tokens), special)
    tgt_words = piece_words(hyp.tokens, len(out_tokens), special)
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


def _fuzzy_span(output: str, target: str, claimed: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
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
        lead, core, _ = _strip_edges(output[span[0]:span[1]])
        candidate = core if n == 1 else output[span[0] + len(lead): span[1]]
        candidate = _strip_edges(candidate)[1]
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


def _token_edit(output: str, first: int, last: int, target: str) -> tuple[int, int, str]:
    """Replace tokens ``first..last`` of ``output`` by ``target``, keeping their outer punctuation
    (``Abraham,`` → ``Ibrahim,``; ``(Moses's`` → ``(Musa's``): ``(start, end, replacement)``."""
    tokens = token_spans(output)
    start, end = tokens[first][0], tokens[last][1]
    lead, _, _ = _strip_edges(output[tokens[first][0]:tokens[first][1]])
    _, _, trail = _strip_edges(output[tokens[last][0]:tokens[last][1]])
    return start, end, f"{lead}{target}{trail}"


# --- one sentence ---------------------------------------------------------------------------------

def resolve_terms(
    prepared: Prepared,
    hits: Sequence[Hit],
    hyp: Hypothesis,
    options: EnforceOptions,
    *,
    special: set[str] | None = None,
    chosen_from_nbest: bool = False,
    renderings: Sequence[Sequence[str]] | None = None,
) -> tuple[str, list[TermHit]]:
    """Check (and repair) the terms of one translated sentence; return the final English text and
    one :class:`TermHit` per hit.

    Every edit is decided on the model's own output (whose words the attention refers to) and then
    applied at once, right to left, so no edit shifts another.
    """
    special = special or set()
    output = hyp.text
    tokens = token_spans(output)
    statuses: list[str] = ["missing"] * len(hits)
    edits: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []  # character spans of the output already spoken for

    def free(span: tuple[int, int]) -> bool:
        return not any(span[0] < e and s < span[1] for s, e in taken)

    # Placeholders come back: put the targets in their place.
    for k, placeholder in enumerate(prepared.placeholders):
        if placeholder:
            m = re.search(r"Z\s*X\s*" + re.escape(placeholder[2:]) + r"(?!\d)", output)
            if m and free(m.span()):
                edits.append((m.start(), m.end(), hits[k].target))
                taken.append(m.span())
                statuses[k] = "copied"
    for k, hit in enumerate(hits):
        if statuses[k] != "missing":
            continue
        found = find_target(output, hit.target, taken)
        if found:
            taken.append(found)
            copied = options.source == "replace"
            statuses[k] = "copied" if copied else ("forced" if chosen_from_nbest else "found")
    if options.repair:
        for k, hit in enumerate(hits):
            if statuses[k] != "missing":
                continue
            choices = []
            # What the model writes for this term on its own (``Abraham`` for ابراهیم), found here.
            for rendering in (renderings[k] if renderings else ()):
                for m in target_pattern(rendering).finditer(output):
                    if free(m.span()):
                        first = next(i for i, (s, e) in enumerate(tokens) if e > m.start())
                        last = max(i for i, (s, e) in enumerate(tokens) if s < m.end())
                        choices.append((first, last))
                        break
            aligned, ranked = _attention_span(prepared.text, prepared.spans[k], hyp, output, special)
            if aligned:
                choices.append(aligned)
            fuzzy = _fuzzy_span(output, hit.target, taken)
            if fuzzy:
                choices.append(fuzzy)
            if options.strict:
                choices += [(t, t) for t in ranked]
            for first, last in choices:
                span = (tokens[first][0], tokens[last][1])
                if free(span):
                    edits.append(_token_edit(output, first, last, hit.target))
                    taken.append(span)
                    statuses[k] = "repaired"
                    break
            else:
                if options.strict:  # nothing left to replace: the term goes at the end
                    edits.append((len(output), len(output), (" " if output.strip() else "") + hit.target))
                    statuses[k] = "forced"
    final = output
    for start, end, replacement in sorted(edits, key=lambda e: (-e[0], -e[1])):
        final = final[:start] + replacement + final[end:]
    final = final.strip()
    results = []
    claimed: list[tuple[int, int]] = []
    for k, hit in enumerate(hits):
        span = find_target(final, hit.target, claimed) if statuses[k] != "missing" else None
        if span:
            claimed.append(span)
        results.append(TermHit(
            source=hit.entry.source, type=hit.entry.type, start=hit.start, end=hit.end, text=hit.text,
            target=hit.target, status=statuses[k] if span else "missing",
            target_start=span[0] if span else None, target_end=span[1] if span else None,
        ))
    return final, results


def _best_of_nbest(hyp: Hypothesis, targets: Sequence[str]) -> tuple[Hypothesis, bool]:
    """The hypothesis of the n-best list holding the most targets (the model's order breaks ties)."""
    candidates = [hyp, *hyp.alternatives]

    def covered(h: Hypothesis) -> int:
        return sum(bool(target_pattern(t).search(h.text)) for t in targets)

    best = max(range(len(candidates)), key=lambda i: (covered(candidates[i]), -i))
    chosen = candidates[best]
    if best == 0:
        return hyp, False
    return replace(chosen, alternatives=tuple(c for i, c in enumerate(candidates) if i != best),
                   flags=chosen.flags | hyp.flags), True


# --- the stage ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TermResult:
    """A translated sentence with its glossary report."""

    text: str
    hypothesis: Hypothesis
    terms: tuple[TermHit, ...]


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
    (per document, per sentence) replaces matching when the caller already matched the whole
    document but translates only some of its sentences (a resumed run)."""
    glossary = matcher is not None or hits is not None
    wants_nbest = options.nbest and glossary
    decode = replace(
        decode,
        num_hypotheses=max(decode.num_hypotheses, decode.beam_size if wants_nbest else 1),
        return_attention=decode.return_attention or (options.repair and glossary),
    )
    special = set(getattr(getattr(engine, "tokenizer", None), "special", set()))
    renderings: dict[str, list[str]] = {}
    given = iter(hits) if hits is not None else None
    for sentences in documents:
        sentences = list(sentences)
        if given is not None:
            doc_hits = [list(h) for h in next(given)]
        elif matcher is not None:
            doc_hits = list(matcher.find_in_document(sentences))
        else:
            doc_hits = [[] for _ in sentences]
        prepared = [prepare(s, h, options.source if glossary else "none") for s, h in zip(sentences, doc_hits)]
        constraints = [[h.target for h in hs] if options.force else [] for hs in doc_hits]
        hyps = list(translate_stream(engine, [p.text for p in prepared], decode, constraints=constraints))
        chosen = [False] * len(hyps)
        if wants_nbest:
            for i, (sentence_hits, hyp) in enumerate(zip(doc_hits, hyps)):
                if sentence_hits:
                    hyps[i], chosen[i] = _best_of_nbest(hyp, [h.target for h in sentence_hits])
        if options.repair:
            missing = {_term_key(h.text) for hs, hyp in zip(doc_hits, hyps) for h in hs
                       if not target_pattern(h.target).search(hyp.text)}
            _learn_renderings(engine, sorted(missing - set(renderings)), decode, renderings)
        results = []
        for sentence_hits, prep, hyp, was_chosen in zip(doc_hits, prepared, hyps, chosen):
            text, terms = resolve_terms(prep, sentence_hits, hyp, options, special=special,
                                        chosen_from_nbest=was_chosen,
                                        renderings=[renderings.get(_term_key(h.text), []) for h in sentence_hits])
            results.append(TermResult(text, hyp, tuple(terms)))
        yield results


def _term_key(text: str) -> str:
    return " ".join(normalize(text).text.split())


def _learn_renderings(engine: Engine, terms: Sequence[str], decode: DecodeOptions,
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
            for word in _CHUNK.findall(output):
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
