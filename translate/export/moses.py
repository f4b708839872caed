"""Moses: ``BASE.fa`` and ``BASE.en``, one sentence a line, line-aligned."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..records import SentencePair
from .atomic import atomic_open
from .safe import line


def write_moses(pairs: Iterable[SentencePair], base: str | Path, src: str = "fa", tgt: str = "en") -> None:
    with atomic_open(f"{base}.{src}") as out_src, atomic_open(f"{base}.{tgt}") as out_tgt:
        for pair in pairs:
            out_src.write(line(pair.source.text) + "\n")
            out_tgt.write(line(pair.target) + "\n")
