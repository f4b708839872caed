"""Duplicates: the same pair after normalization (and, optionally, the same Persian or the same
English with another partner), and near-duplicates by MinHash (``datasketch``) over character 5-grams with locality-sensitive
hashing done in the build's store (band keys in an indexed table), so memory does not grow with the
corpus.

Each group of duplicates keeps its best-formed member (:func:`rank`): the best verdict of quality
estimation (``ok``, then ``review``, then ``bad``), then the fewest spacing defects
(:func:`form_defects`: ``word .`` and ``« word »`` are worse than ``word.`` and ``«word»``, in
Persian and English), then the highest quality score. Pairs are visited by quality score, best first;
a later member that ranks better than its group's kept pair takes its place (the kept pair and the
group's other members become its duplicates). The members of a group differ in little more than
punctuation and spacing, which quality estimation hardly sees: by score alone, the noisier twin was
kept about as often as not."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from ..text.normalize import normalize_text
from .store import CorpusStore

_NOT_WORD = re.compile(r"[\W_]+")
#: Rows of the signature per LSH band: with 64 permutations, 16 bands of 4 find pairs of Jaccard
#: similarity 0.8 with probability 0.9996 and of 0.5 with 0.64; candidates are then checked.
ROWS_PER_BAND = 4


def persian_key(text: str) -> str:
    """Persian text for comparison: normalized (letters, ZWNJ, Latin digits), no punctuation or case."""
    return _NOT_WORD.sub(" ", normalize_text(text, digits="latin").replace("\u200c", "")).casefold().strip()


def english_key(text: str) -> str:
    return _NOT_WORD.sub(" ", text).casefold().strip()


#: Characters per shingle: one word changed in a 20-word sentence keeps about 90% of them.
SHINGLE = 5


def shingles(fa_key: str, en_key: str) -> set[bytes]:
    """Character 5-grams of both sides (each side marked), as bytes for MinHash."""
    out: set[bytes] = set()
    for side, key in (("f", fa_key), ("e", en_key)):
        out.update(f"{side}:{key[i:i + SHINGLE]}".encode() for i in range(max(1, len(key) - SHINGLE + 1)))
    return out


# Spacing a careful writer never leaves, in Persian and English: a space before closing punctuation
# (``word .``, ``word ،``, ``word »``), after opening punctuation (``« word``, ``( word``), none after a
# comma or other mid-sentence mark before a letter (``word،word``, ``one,two``), doubled spaces, and
# spaces at either end. A period is left out of the last check (``U.S.``, ``3.5``, ``www.site``).
_SPACE_BEFORE = re.compile(r"\s+[.,;:!?\u060c\u061b\u061f\u00bb\u201d)\]}]")
_SPACE_AFTER = re.compile(r"[\u00ab\u201c(\[{]\s+")
_NO_SPACE_AFTER = re.compile(r"[,;!?\u060c\u061b\u061f](?=[^\W\d_])")
_DOUBLE_SPACE = re.compile(r"\s{2,}")
_VERDICT_RANK = {"ok": 0, "review": 1, "bad": 2}


def form_defects(fa: str, en: str) -> int:
    """How many spacing defects the two sides hold (see the patterns above): 0 for well-formed text."""
    return sum(len(pattern.findall(text)) for text in (fa, en)
               for pattern in (_SPACE_BEFORE, _SPACE_AFTER, _NO_SPACE_AFTER, _DOUBLE_SPACE)) + \
        sum(text != text.strip() for text in (fa, en))


def rank(verdict: str, fa: str, en: str, quality: float) -> tuple[int, int, float]:
    """A pair's place in its group of duplicates, lowest first: the verdict (ok, review, bad), then
    the spacing defects, then the quality score (higher first)."""
    return _VERDICT_RANK.get(verdict, 3), form_defects(fa, en), -quality


class Deduplicator:
    """Decides, pair by pair (visited by quality score, best first), whether a pair repeats one kept
    before, and which member each group keeps (:func:`rank`). Keys, band keys, signatures and the
    ranks of kept pairs live in the store's temporary working tables; which kept pair a better member
    replaced is held in memory, as the duplicates found are."""

    def __init__(self, store: CorpusStore, *, exact: bool, sides: bool, near: bool, threshold: float,
                 num_perm: int) -> None:
        self.store, self.exact, self.sides, self.near = store, exact, sides, near
        self.threshold, self.num_perm = threshold, num_perm
        #: A group's kept pair that a better member replaced -> that member.
        self._replaced: dict[int, int] = {}
        store.start_dedup()

    def kept(self, pair: int) -> int:
        """The pair its group keeps now, for a pair once kept."""
        path = []
        while pair in self._replaced:
            path.append(pair)
            pair = self._replaced[pair]
        for step in path[:-1]:  # shorten the chain for the next lookup
            self._replaced[step] = pair
        return pair

    def _seen(self, keys: list[tuple[str, str]]) -> tuple[str, int] | None:
        for kind, key in keys:
            pair = self.store.seen(kind, key)
            if pair is not None:
                return kind, self.kept(pair)
        return None

    def _signature(self, fa_key: str, en_key: str) -> Any:
        from datasketch import MinHash

        sketch = MinHash(num_perm=self.num_perm, seed=1)
        sketch.update_batch(list(shingles(fa_key, en_key)))
        return sketch.hashvalues

    def _bands(self, signature: Any) -> list[int]:
        """The LSH band keys of a signature (:data:`ROWS_PER_BAND` of its values each)."""
        return [int.from_bytes(hashlib.blake2b(signature[b:b + ROWS_PER_BAND].tobytes(), digest_size=7).digest(),
                               "big") for b in range(0, self.num_perm, ROWS_PER_BAND)]

    def _near(self, signature: Any) -> tuple[list[int], int | None]:
        import numpy as np

        band_keys = self._bands(signature)
        for pair in sorted(self.store.band_candidates(band_keys)):
            blob = self.store.signature(pair)
            if float(np.mean(np.frombuffer(blob, dtype=signature.dtype) == signature)) >= self.threshold:
                return band_keys, self.kept(pair)
        return band_keys, None

    def _find(self, fa: str, en: str) -> tuple[tuple[str, int] | None, list[tuple[str, str]], list[int], bytes | None]:
        """The group's kept pair a pair duplicates (with the kind), and the pair's keys, bands and signature."""
        fa_key, en_key = persian_key(fa), english_key(en)
        keys = ([("pair", f"{fa_key}\t{en_key}")] if self.exact else []) + (
            [("persian", fa_key), ("english", en_key)] if self.exact and self.sides else [])
        found = self._seen(keys)
        if found:
            return found, keys, [], None
        band_keys: list[int] = []
        signature = None
        if self.near:
            signature = self._signature(fa_key, en_key)
            band_keys, similar = self._near(signature)
            if similar is not None:
                return ("near", similar), keys, band_keys, signature.tobytes()
        return None, keys, band_keys, signature.tobytes() if signature is not None else None

    def run(self, pairs: Iterable[Any]) -> list[tuple[str, int, int]]:
        """``(kind, kept, duplicate)`` for every duplicate among ``pairs`` (StoredPairs, best quality
        first): each group keeps its best-ranked member (:func:`rank`)."""
        duplicates: dict[int, tuple[str, int]] = {}  # duplicate -> (kind, the kept pair it was found with)
        for p in pairs:
            found, keys, band_keys, signature = self._find(p.fa, p.en)
            here = rank(p.verdict, p.fa, p.en, p.quality)
            if found is None:
                self.store.remember(p.id, keys, band_keys, signature, here)
                continue
            kind, kept = found
            if here < self.store.rank(kept):  # a better member: it is kept, and finds the group from now on
                if signature is None and self.near:  # found by its keys: its bands were not computed
                    values = self._signature(persian_key(p.fa), english_key(p.en))
                    signature, band_keys = values.tobytes(), self._bands(values)
                self.store.remember(p.id, keys, band_keys, signature, here)
                self._replaced[kept] = p.id
                duplicates[kept] = (kind, p.id)
            else:
                duplicates[p.id] = (kind, kept)
        return [(kind, self.kept(kept), dup) for dup, (kind, kept) in sorted(duplicates.items())]
