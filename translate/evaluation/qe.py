"""How well the reference-free signals and the verdict separate true pairs from corrupted ones
(``translate eval qe``): corrupted copies of true pairs, ROC-AUC of the quality score, precision and
recall of ``ok`` per corruption type."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..qe.score import quality, score_pairs

CORRUPTIONS = ("shuffled", "truncated", "copied", "number changed", "repeated", "dropped")


def corrupt_pairs(sources: Sequence[str], targets: Sequence[str], per_type: int = 300,
                  seed: int = 0) -> list[tuple[str, str, str]]:
    """``(label, source, target)``: the true pairs (``true``), true 2-sentence pairs (``true-2``), and
    corrupted copies: target of the neighbouring pair (``shuffled``), cut by half (``truncated``),
    replaced by the source (``copied``), a number changed (``number changed``), a phrase repeated three
    times (``repeated``), one sentence of a 2-sentence target dropped (``dropped``)."""
    import random

    rng = random.Random(seed)
    n = len(sources)
    out = [("true", s, t) for s, t in zip(sources, targets)]
    picks = {c: sorted(rng.sample(range(n - 1), min(per_type, n - 1))) for c in CORRUPTIONS}
    for i in picks["shuffled"]:
        out.append(("shuffled", sources[i], targets[i + 1]))
    for i in picks["truncated"]:
        words = targets[i].split()
        if len(words) >= 4:
            out.append(("truncated", sources[i], " ".join(words[: len(words) // 2])))
    for i in picks["copied"]:
        out.append(("copied", sources[i], sources[i]))
    number = re.compile(r"\d+")
    for i in range(n):
        if len([x for x in out if x[0] == "number changed"]) >= per_type:
            break
        m = number.search(targets[i])
        if m:
            changed = str(int(m.group()) + rng.choice([1, 2, 3, 10, 100]))
            out.append(("number changed", sources[i], targets[i][: m.start()] + changed + targets[i][m.end():]))
    for i in picks["repeated"]:
        words = targets[i].split()
        if len(words) >= 6:
            k = rng.randrange(0, len(words) - 3)
            phrase = words[k:k + 3]
            out.append(("repeated", sources[i], " ".join(words[:k] + phrase * 3 + words[k + 3:])))
    for i in picks["dropped"]:
        src2 = sources[i] + " " + sources[i + 1]
        out.append(("true-2", src2, targets[i] + " " + targets[i + 1]))
        out.append(("dropped", src2, targets[rng.choice([i, i + 1])]))
    return out


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Probability that a positive (true pair) scores above a negative (Mann–Whitney U, ties 1/2)."""
    if not positives or not negatives:
        return float("nan")
    ranked = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average = (i + j + 1) / 2  # 1-based average rank of the tie group
        rank_sum += average * sum(1 for k in range(i, j) if ranked[k][1] == 1)
        i = j
    p, q = len(positives), len(negatives)
    return (rank_sum - p * (p + 1) / 2) / (p * q)


@dataclass(frozen=True, slots=True)
class CorruptionResult:
    """How the verdict and the quality score do on one corruption type."""

    kind: str
    pairs: int
    auc: float
    ok_precision: float
    ok_recall: float
    caught: float


def evaluate_qe(sources: Sequence[str], targets: Sequence[str], embedder: Any, per_type: int = 300) -> list[CorruptionResult]:
    """Score true pairs and their corrupted copies; one result per corruption type (``dropped`` is
    compared with true 2-sentence pairs, the others with the true pairs)."""
    rows = corrupt_pairs(sources, targets, per_type=per_type)
    scores = score_pairs([r[1] for r in rows], [r[2] for r in rows], embedder=embedder)
    by_label: dict[str, list[Any]] = {}
    for (label, _, _), s in zip(rows, scores):
        by_label.setdefault(label, []).append(s)
    out = []
    for kind in CORRUPTIONS:
        true = by_label["true-2" if kind == "dropped" else "true"]
        bad = by_label.get(kind, [])
        auc = roc_auc([quality(s) for s in true], [quality(s) for s in bad])
        ok_true = sum(s.verdict == "ok" for s in true)
        ok_bad = sum(s.verdict == "ok" for s in bad)
        out.append(CorruptionResult(kind, len(bad), auc, ok_true / max(1, ok_true + ok_bad),
                                    ok_true / max(1, len(true)), 1 - ok_bad / max(1, len(bad))))
    return out
