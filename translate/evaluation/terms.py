"""Term success rate and chrF++ of each glossary enforcement layer (``translate eval terms``). The rows
are derived from the layer registry: glossary off, each layer alone, the default layers, the default
with a source layer, the default with ``strict``; any ``+``-joined list of layer names is a row too."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..config import DEFAULT_LAYERS, DecodeOptions, EnforceOptions
from ..errors import ConfigError
from ..mt.engine import Engine
from ..qe.metrics import corpus_chrf
from ..terms.enforce import translate_with_terms
from ..terms.glossary import Glossary
from ..terms.layers import LAYERS

OFF_ROW = "off"


def default_rows(engine: str) -> list[str]:
    """The rows ``eval terms`` runs by default on ``engine`` (a layer that does nothing on an engine,
    such as ``force`` on ct2, gets no row of its own there)."""
    alone = [name for name, layer in LAYERS.items() if not layer.engines or engine in layer.engines]
    default = "+".join(DEFAULT_LAYERS)
    return [OFF_ROW, *alone, default, f"replace+{default}", f"{default}+strict"]


def row_options(row: str) -> EnforceOptions:
    """``off`` or layer names joined by ``+`` (in the order they apply)."""
    names = () if row == OFF_ROW else tuple(row.split("+"))
    unknown = [name for name in names if name not in LAYERS]
    if unknown:
        raise ConfigError(f"unknown layers {unknown} in {row!r}: rows are 'off' or '+'-joined names of "
                          f"{', '.join(LAYERS)}")
    return EnforceOptions(names)


@dataclass(slots=True)
class TermScore:
    layer: str
    landed: int
    total: int
    chrf: float
    seconds: float

    @property
    def rate(self) -> float:
        return self.landed / self.total if self.total else 1.0


def evaluate_terms(engine: Engine, sources: Sequence[str], references: Sequence[str], glossary: Glossary,
                   decode: DecodeOptions, rows: Sequence[str]) -> Iterable[TermScore]:
    """Term success rate and corpus chrF++ of each row on line-aligned data (one document)."""
    matcher = glossary.matcher()
    options = [row_options(row) for row in rows]  # every row checked before any runs
    for row, enforce in zip(rows, options):
        t0 = time.perf_counter()
        (results,) = translate_with_terms(engine, [list(sources)], matcher, decode, enforce)
        seconds = time.perf_counter() - t0
        hits = [t for r in results for t in r.terms]
        landed = sum(t.landed for t in hits)
        yield TermScore(row, landed, len(hits), corpus_chrf([r.text for r in results], references), seconds)
