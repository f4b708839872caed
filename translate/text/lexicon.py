"""hazm's lexicons as Persian normalization uses them: its character table and lists of diacritics and
special marks, its words (with counts), verb forms and affixes — and the rule that joins two tokens
with a zero-width non-joiner when the lexicons know the joined form (``می`` + ``کند`` → ``می‌کند``).

hazm builds these on every start (importing it pulls in scikit-learn and NLTK; building its
Normalizer conjugates every verb): about 3 s. The first use builds them from hazm and keeps them in the
user cache (``marshal``: plain data, loaded in a fraction of a second, never code), keyed by the hazm
and Python versions.
"""

from __future__ import annotations

import functools
import marshal
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from ..config import cache_root

ZWNJ = "\u200c"
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Lexicon:
    translation_src: str
    translation_dst: str
    marks: str  # diacritics and special marks, all deleted
    words: dict[str, int]  # word → corpus count
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
                if pair in self.verbs or self.words.get(pair, 0) > 0:
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
    return Lexicon(h.translation_src, h.translation_dst, marks, {w: int(v[0]) for w, v in h.words.items()},
                   frozenset(h.verbs), frozenset(h.suffixes))


@functools.cache
def lexicon() -> Lexicon:
    """The lexicons, from the user cache when they are there, else built and cached (best effort: an
    unwritable cache only costs the build on the next start too)."""
    path = _path()
    try:
        with open(path, "rb") as handle:
            data = marshal.load(handle)
        if isinstance(data, tuple) and len(data) == 6:
            src, dst, marks, words, verbs, suffixes = data
            return Lexicon(src, dst, marks, words, frozenset(verbs), frozenset(suffixes))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    built = build()
    _save(path, built)
    return built


def _save(path: str, lex: Lexicon) -> None:
    data = (lex.translation_src, lex.translation_dst, lex.marks, lex.words, lex.verbs, lex.suffixes)
    temp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temp, "wb") as handle:
            marshal.dump(data, handle)
        os.replace(temp, path)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass
