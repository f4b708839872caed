"""Moses: ``BASE.fa`` and ``BASE.en``, one sentence a line, line-aligned."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..records import SentencePair
from .atomic import AtomicFile
from .base import PerDocument, RunInfo
from .safe import line


class MosesWriter:
    """Writes ``BASE.fa`` and ``BASE.en`` a pair at a time."""

    def __init__(self, base: str | Path, src: str = "fa", tgt: str = "en") -> None:
        self.src = AtomicFile(f"{base}.{src}")
        self.tgt = AtomicFile(f"{base}.{tgt}")

    def render(self, pair: SentencePair) -> tuple[str, str]:
        return line(pair.source.text) + "\n", line(pair.target) + "\n"

    def put(self, rendered: tuple[str, str]) -> None:
        self.src.write(rendered[0])
        self.tgt.write(rendered[1])

    def add(self, pair: SentencePair) -> None:
        self.put(self.render(pair))

    def commit(self) -> None:
        self.src.commit()
        self.tgt.commit()

    def abort(self) -> None:
        self.src.abort()
        self.tgt.abort()


def write_moses(pairs: Iterable[SentencePair], base: str | Path, src: str = "fa", tgt: str = "en") -> None:
    writer = MosesWriter(base, src, tgt)
    for pair in pairs:
        writer.add(pair)
    writer.commit()


def exporter(info: RunInfo) -> PerDocument:
    return PerDocument(info, lambda base: MosesWriter(base))
