"""hazm's lexicons as Persian normalization uses them: its character table and lists of diacritics and
special marks, its words (and which of them its corpus counts), verb forms and affixes — and the rule
that joins two tokens with a zero-width non-joiner when the lexicons know the joined form (``می`` +
``کند`` → ``می‌کند``).

hazm builds these on every start (importing it pulls in scikit-learn and NLTK; building its
Normalizer conjugates every verb): about 3 s. The first use builds them from hazm and keeps them in the
user cache (``marshal``: plain data, never code), keyed by the hazm and Python versions. Each set is
kept as strings of lines, :data:`_CHUNK` words each, one marshalled value after another: 540,000
separate Persian strings took 0.87 s to unmarshal, in every process that normalizes (a run's and its
reading helper's start); strings of lines, split, take a third of that. They are read one at a time:
megabytes of text held at once, freed, stay with the process as heap it cannot give back.
"""

from __future__ import annotations

import functools
import itertools
import marshal
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from ..config import cache_root

ZWNJ = "\u200c"
_FORMAT = 2
_CHUNK = 4000


@dataclass(frozen=True, slots=True)
class Lexicon:
    translation_src: str
    translation_dst: str
    marks: str  # diacritics and special marks, all deleted
    words: frozenset[str]  # every word of hazm's word list
    counted: frozenset[str]  # the words of that list seen in its corpus (a count above zero)
    verbs: frozenset[str]  # every conjugated verb form (and hazm's verb_tokens like 'رفت_است')
    suffixes: frozenset[str]

    def token_spacing(self, tokens: Sequence[str]) -> list[str]:
        """Join each token to the one before with a ZWNJ where the joined form is a known verb form or a
        word seen in the corpus, or the token is a suffix of a known word — unless the token rather
        starts a compound verb with the next one. The rule of hazm's ``Normalizer.token_spacing``
        (checked against it on the development data in the tests)."""
        result: list[str] = []
        for t, token in enumerate(tokens):
            joined = False
            if result:
                pair = result[-1] + ZWNJ + token
                if pair in self.verbs or pair in self.counted:
                    joined = not (t < len(tokens) - 1 and token + "_" + tokens[t + 1] in self.verbs)
                elif token in self.suffixes and result[-1] in self.words:
                    joined = True
            if joined:
                result[-1] = result[-1] + ZWNJ + token
            else:
                result.append(token)
        return result


def _path() -> str:
    try:
        hazm_version = version("hazm")
    except PackageNotFoundError:  # pragma: no cover - hazm is a dependency
        hazm_version = "unknown"
    python = f"{sys.version_info.major}{sys.version_info.minor}"
    return str(cache_root() / f"hazm-lexicon-{hazm_version}-py{python}-v{_FORMAT}.marshal")


def build() -> Lexicon:
    """The lexicons, from hazm itself (seconds)."""
    import hazm

    h = hazm.Normalizer(persian_numbers=False)
    marks = "".join(ch for p, _ in h.diacritics_patterns + h.specials_chars_patterns for ch in p.strip("[]"))
    return Lexicon(h.translation_src, h.translation_dst, marks, frozenset(h.words),
                   frozenset(w for w, v in h.words.items() if int(v[0]) > 0), frozenset(h.verbs),
                   frozenset(h.suffixes))


@functools.cache
def lexicon() -> Lexicon:
    """The lexicons, from the user cache when they are there, else built and cached (best effort: an
    unwritable cache only costs the build on the next start too)."""
    path = _path()
    try:
        with open(path, "rb") as handle:
            src, dst, marks, counts = marshal.load(handle)
            sets = [frozenset(item for _ in range(count) for item in marshal.load(handle).split("\n"))
                    for count in counts]
        return Lexicon(src, dst, marks, *sets)
    except (OSError, EOFError, ValueError, TypeError, AttributeError):
        pass
    built = build()
    _save(path, built)
    return built


def _save(path: str, lex: Lexicon) -> None:
    sets = (lex.words, lex.counted, lex.verbs, lex.suffixes)
    if any("\n" in item for items in sets for item in items):
        return  # a word with a line break would come back split (hazm's lists hold none): not cached
    chunks = [_chunks(sorted(items)) for items in sets]
    temp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temp, "wb") as handle:
            marshal.dump((lex.translation_src, lex.translation_dst, lex.marks, [len(c) for c in chunks]), handle)
            for lines in itertools.chain.from_iterable(chunks):
                marshal.dump(lines, handle)
        os.replace(temp, path)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass


def _chunks(items: list[str]) -> tuple[str, ...]:
    return tuple("\n".join(items[i:i + _CHUNK]) for i in range(0, len(items), _CHUNK))
