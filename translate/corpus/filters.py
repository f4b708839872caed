"""The filtering rules of a corpus build: each looks at one stored pair and names why it goes, or
says nothing; the first rule that speaks rejects the pair (in the order of :data:`RULES`), and the
build counts removals per rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .config import FilterRules
from .dedup import english_key, persian_key
from .store import StoredPair

Rule = Callable[[StoredPair, FilterRules], str | None]


def _words(text: str) -> int:
    return len(text.split())


def _unaligned(p: StoredPair, r: FilterRules) -> str | None:
    if r.unaligned and (not p.bead_source or not p.bead_target):
        return "unaligned"
    return None


def _length(p: StoredPair, r: FilterRules) -> str | None:
    shortest, longest = min(_words(p.fa), _words(p.en)), max(_words(p.fa), _words(p.en))
    if r.min_words is not False and shortest < r.min_words:
        return "too short"
    if r.max_words is not False and longest > r.max_words:
        return "too long"
    deviation = p.scores.get("length")
    if r.max_length_deviation is not False and deviation is not None and abs(deviation) > r.max_length_deviation:
        return "length ratio"
    return None


def _copied(p: StoredPair, r: FilterRules) -> str | None:
    if r.copied and (p.fa.strip() == p.en.strip() or persian_key(p.fa) == english_key(p.en)):
        return "copied"
    return None


def _below(name: str, column: str, limit_of: Callable[[FilterRules], float | bool]) -> Rule:
    def rule(p: StoredPair, r: FilterRules) -> str | None:
        limit, value = limit_of(r), p.scores.get(column)
        return name if limit is not False and value is not None and value < limit else None
    return rule


def _above(name: str, column: str, limit_of: Callable[[FilterRules], float | bool]) -> Rule:
    def rule(p: StoredPair, r: FilterRules) -> str | None:
        limit, value = limit_of(r), p.scores.get(column)
        return name if limit is not False and value is not None and value > limit else None
    return rule


def _alignment(p: StoredPair, r: FilterRules) -> str | None:
    if r.min_alignment is not False and p.alignment is not None and p.alignment < r.min_alignment:
        return "alignment score"
    return None


@lru_cache(maxsize=8)
def _boilerplate_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.MULTILINE) for p in patterns)


def _boilerplate(p: StoredPair, r: FilterRules) -> str | None:
    if any(pattern.search(p.fa) or pattern.search(p.en) for pattern in _boilerplate_patterns(tuple(r.boilerplate))):
        return "boilerplate"
    return None


#: The rules in the order they are tried, by name.
RULES: dict[str, Rule] = {
    "unaligned": _unaligned,
    "length": _length,
    "copied": _copied,
    "untranslated": _above("untranslated", "persian", lambda r: r.max_untranslated),
    "boilerplate": _boilerplate,
    "similarity": _below("similarity", "similarity", lambda r: r.min_similarity),
    "numbers": _below("numbers", "numbers", lambda r: r.min_numbers),
    "repetition": _above("repetition", "repetition", lambda r: r.max_repetition),
    "alignment": _alignment,
}


def reject(pair: StoredPair, rules: FilterRules) -> str | None:
    """Why ``pair`` goes (the first rule that speaks), or ``None`` when it stays."""
    for rule in RULES.values():
        reason = rule(pair, rules)
        if reason:
            return reason
    return None
