"""The corpus store pages through pairs in every order without losing or repeating one."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from translate.corpus.store import CorpusStore


def _row(k: int, quality: float) -> dict:
    return {"k": k, "fa": f"جمله {k}", "en": f"sentence {k}", "bead_source": [k], "bead_target": [k],
            "source_start": None, "source_end": None, "alignment": 0.5, "scores": {"length": 0.1}, "verdict": "ok",
            "reasons": [], "quality": quality}


@pytest.mark.parametrize("order", ["id", "doc_id, k", "quality DESC"])
def test_pages_in_every_order(tmp_path: Path, order: str) -> None:
    qualities = [3.0, 1.0, 3.0, 2.0, 1.0, 3.0, 0.5]
    with CorpusStore(tmp_path / "corpus.sqlite") as store:
        for doc in ("b", "a"):
            store.put_document(SimpleNamespace(doc_id=doc, fa_path="x", en_path="y", kind="lines"), "f", (7, 7),
                               [_row(k, q) for k, q in enumerate(qualities)])
        every = list(store.pairs(order=order, batch=1000))
        paged = list(store.pairs(order=order, batch=2))
        assert [p.id for p in paged] == [p.id for p in every] and len({p.id for p in paged}) == 14
        if order == "quality DESC":
            assert [p.quality for p in paged] == sorted(qualities * 2, reverse=True)
        if order == "doc_id, k":
            assert [(p.doc_id, p.k) for p in paged] == sorted((d, k) for d in "ab" for k in range(7))
        assert [p.k for p in store.pairs("doc_id = ? AND k > ?", ["a", 4], order=order, batch=1)] == \
            sorted([5, 6], key=lambda k: (-qualities[k], k) if order == "quality DESC" else k)
