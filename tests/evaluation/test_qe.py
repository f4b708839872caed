"""The QE evaluation's corruptions and ROC-AUC."""

from __future__ import annotations

from translate.evaluation.qe import corrupt_pairs, roc_auc
from translate.qe.signals import number_agreement


def test_corruptions_and_auc() -> None:
    sources = [f"جمله شماره {i} با عدد {i * 7}" for i in range(20)]
    targets = [f"Sentence number {i} with the number {i * 7} in it" for i in range(20)]
    rows = corrupt_pairs(sources, targets, per_type=5)
    labels = {label for label, _, _ in rows}
    assert labels == {"true", "true-2", "shuffled", "truncated", "copied", "number changed", "repeated", "dropped"}
    copied = [r for r in rows if r[0] == "copied"]
    assert all(src == tgt for _, src, tgt in copied)
    changed = [r for r in rows if r[0] == "number changed"]
    assert all(number_agreement(src, tgt) < 1 for _, src, tgt in changed)
    assert roc_auc([3, 4, 5], [0, 1, 2]) == 1.0
    assert roc_auc([1, 1], [1, 1]) == 0.5
    assert roc_auc([0], [1]) == 0.0
