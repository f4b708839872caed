"""Sentence alignment of a Persian document with its English version (Vecalign/Bertalign family).

Dynamic programming over beads (1-1, 1-2, 2-1, 1-0, 0-1 by default), banded around the diagonal.
A bead's cost is ``1 − cos`` of the embeddings of its joined sentences, plus a length term
(``|log(len_en / (ratio × len_fa))| / σ``), minus anchors that are strong for Persian→English news:
the same numbers on both sides (after digit mapping), Latin-script words of the Persian found in the
English, and glossary targets of the Persian found in the English. Unmatched sentences cost
``skip``; beads other than 1-1 pay ``merge`` more. Every sentence of both sides is in exactly one
bead, in order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..config import AlignOptions
from ..errors import ConfigError
from ..qe.signals import LENGTH_RATIO, LENGTH_SIGMA, numbers

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]{1,}")


@dataclass(frozen=True, slots=True)
class Bead:
    """Sentences ``src`` of one side aligned to ``tgt`` of the other (either may be empty)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    def vecalign(self) -> str:
        """Vecalign's format: ``[0]:[0,1]:0.812``."""
        return f"[{','.join(map(str, self.src))}]:[{','.join(map(str, self.tgt))}]:{self.score:.3f}"


def _latin(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _LATIN.findall(text))


class _Costs:
    """The cost of every candidate bead: span texts, their embeddings and anchors, computed once."""

    def __init__(self, src: Sequence[str], tgt: Sequence[str], embedder: Any, options: AlignOptions,
                 matcher: Any) -> None:
        import numpy as np

        self.options = options
        self.widths_s = sorted({a for a, _ in options.beads if a})
        self.widths_t = sorted({b for _, b in options.beads if b})
        s_text, t_text = _spans(src, self.widths_s), _spans(tgt, self.widths_t)
        if options.embed_spans:
            s_vec = {k: embedder.encode(v) for k, v in s_text.items()}
            t_vec = {k: embedder.encode(v) for k, v in t_text.items()}
        else:  # a span's vector is the normalized sum of its sentences' vectors: one embedding per sentence
            s_vec = _summed(embedder.encode(list(src)), self.widths_s)
            t_vec = _summed(embedder.encode(list(tgt)), self.widths_t)
        self.sims = {(a, b): s_vec[a] @ t_vec[b].T for a in self.widths_s for b in self.widths_t
                     if s_text[a] and t_text[b]}
        # Vecalign's normalization: a pair's distance relative to the document's average distance, so a
        # good pair costs well below 1 and a random one about 1 whatever the embedder's similarity range.
        self.scale = {key: max(1e-6, float(np.mean(1.0 - value))) if value.size else 1.0
                      for key, value in self.sims.items()}
        self.s_text, self.t_text = s_text, t_text
        self.s_num = {k: [numbers(x) for x in v] for k, v in s_text.items()}
        self.t_num = {k: [numbers(x) for x in v] for k, v in t_text.items()}
        self.s_lat = {k: [_latin(x) for x in v] for k, v in s_text.items()}
        self.t_low = {k: [x.lower() for x in v] for k, v in t_text.items()}
        self.s_terms: dict[int, list[list[str]]] = {}
        if matcher is not None and options.glossary_weight:
            self.s_terms = {k: [[h.target.lower() for h in matcher.find(x)] for x in v] for k, v in s_text.items()}

    def __call__(self, i: int, j: int, a: int, b: int) -> float:
        """Cost of the bead of ``a`` Persian sentences from ``i`` and ``b`` English ones from ``j``."""
        o = self.options
        if a == 0 or b == 0:
            return o.skip
        sim = float(self.sims[(a, b)][i, j])
        fa, en = self.s_text[a][i], self.t_text[b][j]
        c = (1.0 - sim) / self.scale[(a, b)]
        c += o.length_weight * abs(math.log((len(en) + 10) / (LENGTH_RATIO * len(fa) + 10))) / LENGTH_SIGMA / 4
        ns, nt = self.s_num[a][i], self.t_num[b][j]
        if ns or nt:
            c -= o.number_weight * (2 * len(ns & nt) / (len(ns) + len(nt)) - 0.5)
        lat = self.s_lat[a][i]
        if lat:
            c -= o.latin_weight * sum(w in self.t_low[b][j] for w in lat) / len(lat)
        if self.s_terms:
            terms = self.s_terms[a][i]
            if terms:
                c -= o.glossary_weight * sum(t in self.t_low[b][j] for t in terms) / len(terms)
        # A bead covering more sentences replaces several cheaper ones: weigh it by its size.
        c *= (a + b) / 2
        if (a, b) != (1, 1):
            c += o.merge
        return c


def _spans(texts: Sequence[str], widths: list[int]) -> dict[int, list[str]]:
    return {k: [" ".join(texts[i:i + k]) for i in range(len(texts) - k + 1)] for k in widths}


def align_sentences(src: Sequence[str], tgt: Sequence[str], embedder: Any, options: AlignOptions | None = None,
                    *, matcher: Any = None) -> list[Bead]:
    """Align Persian sentences ``src`` with English ``tgt`` (see the module docstring). ``embedder``
    has ``encode(texts)`` returning unit vectors; ``matcher`` (a glossary matcher) adds the glossary
    anchor."""
    options = options or AlignOptions()
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    back = _best_paths(n, m, _Costs(src, tgt, embedder, options, matcher), options)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        a, b, c = back[(i, j)]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), round(1.0 - c, 4)))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _best_paths(n: int, m: int, cost: _Costs, options: AlignOptions) -> dict[tuple[int, int], tuple[int, int, float]]:
    """The banded DP: for each reachable cell, the last bead ``(a, b, cost)`` of its cheapest path."""
    import numpy as np

    inf = float("inf")
    best = np.full((n + 1, m + 1), inf)
    back: dict[tuple[int, int], tuple[int, int, float]] = {}
    best[0, 0] = 0.0
    slope = m / n
    for i in range(n + 1):
        center = i * slope
        lo = max(0, int(center) - options.band)
        hi = min(m, int(center) + options.band)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            choice = (inf, 0, 0, 0.0)
            for a, b in options.beads:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0 or best[pi, pj] == inf:
                    continue
                c = cost(pi, pj, a, b)
                total = best[pi, pj] + c
                if total < choice[0]:
                    choice = (total, a, b, c)
            if choice[0] < inf:
                best[i, j] = choice[0]
                back[(i, j)] = (choice[1], choice[2], choice[3])
    if best[n, m] == inf:
        raise ConfigError("the alignment band is too narrow for these documents: raise AlignOptions.band")
    return back


def _summed(vectors: Any, widths: list[int]) -> dict[int, Any]:
    import numpy as np

    out = {}
    for k in widths:
        rows = [vectors[i:i + k].sum(axis=0) for i in range(len(vectors) - k + 1)]
        block = np.stack(rows) if rows else np.zeros((0, vectors.shape[1]), dtype=vectors.dtype)
        out[k] = block / np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-12)
    return out


def score_beads(gold: Sequence[tuple[Sequence[int], Sequence[int]]], test: Sequence[Bead]) -> tuple[int, int, int]:
    """Strict matches ``(tp, test count, gold count)``: a bead counts only if both its sides equal a
    gold bead's (1-0 and 0-1 beads included, as Vecalign's strict score does)."""
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    test_set = {(b.src, b.tgt) for b in test if b.src or b.tgt}
    return len(gold_set & test_set), len(test_set), len(gold_set)
