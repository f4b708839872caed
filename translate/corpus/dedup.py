"""Duplicates: the same pair after normalization (and, optionally, the same Persian or the same
English with another partner), and near-duplicates by MinHash (``datasketch``) over character 5-grams with locality-sensitive
hashing done in the build's store (band keys in an indexed table), so memory does not grow with the
corpus. Pairs are visited best first (the quality score), so the copy kept is the best-scored one."""

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


class Deduplicator:
    """Decides, pair by pair in the order given (best first), whether a pair repeats one kept before.
    Keys and band keys live in the store's temporary working tables."""

    def __init__(self, store: CorpusStore, *, exact: bool, sides: bool, near: bool, threshold: float,
                 num_perm: int) -> None:
        self.store, self.exact, self.sides, self.near = store, exact, sides, near
        self.threshold, self.num_perm = threshold, num_perm
        store.start_dedup()

    def _seen(self, keys: list[tuple[str, str]]) -> tuple[str, int] | None:
        for kind, key in keys:
            pair = self.store.seen(kind, key)
            if pair is not None:
                return kind, pair
        return None

    def _signature(self, fa_key: str, en_key: str) -> Any:
        from datasketch import MinHash

        sketch = MinHash(num_perm=self.num_perm, seed=1)
        sketch.update_batch(list(shingles(fa_key, en_key)))
        return sketch.hashvalues

    def _near(self, signature: Any) -> tuple[list[int], int | None]:
        import numpy as np

        band_keys = [int.from_bytes(hashlib.blake2b(signature[b:b + ROWS_PER_BAND].tobytes(), digest_size=7).digest(),
                                    "big") for b in range(0, self.num_perm, ROWS_PER_BAND)]
        for pair in sorted(self.store.band_candidates(band_keys)):
            blob = self.store.signature(pair)
            if float(np.mean(np.frombuffer(blob, dtype=signature.dtype) == signature)) >= self.threshold:
                return band_keys, pair
        return band_keys, None

    def check(self, pair_id: int, fa: str, en: str) -> tuple[str, int] | None:
        """``(kind, kept pair)`` when ``pair_id`` duplicates a pair kept before; else keeps it."""
        fa_key, en_key = persian_key(fa), english_key(en)
        keys = ([("pair", f"{fa_key}\t{en_key}")] if self.exact else []) + (
            [("persian", fa_key), ("english", en_key)] if self.exact and self.sides else [])
        found = self._seen(keys)
        if found:
            return found
        band_keys: list[int] = []
        signature = None
        if self.near:
            signature = self._signature(fa_key, en_key)
            band_keys, similar = self._near(signature)
            if similar is not None:
                return "near", similar
        self.store.remember(pair_id, keys, band_keys, signature.tobytes() if signature is not None else None)
        return None

    def run(self, pairs: Iterable[Any]) -> Iterable[tuple[str, int, int]]:
        """``(kind, kept, duplicate)`` for every duplicate among ``pairs`` (best first)."""
        for p in pairs:
            found = self.check(p.id, p.fa, p.en)
            if found:
                yield found[0], found[1], p.id
