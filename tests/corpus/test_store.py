"""The corpus store pages through pairs in every order without losing or repeating one."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from translate.corpus.store import CorpusStore, Select


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
        assert [p.k for p in store.pairs(Select(doc_id="a", after_k=4), order=order, batch=1)] == \
            sorted([5, 6], key=lambda k: (-qualities[k], k) if order == "quality DESC" else k)


def test_an_unversioned_store_of_an_earlier_version_is_brought_to_the_current_schema(tmp_path: Path) -> None:
    import sqlite3

    from translate.corpus.store import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "corpus.sqlite"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])  # what earlier versions wrote, without a version
    old.execute("INSERT INTO documents VALUES ('a', 'x', 'y', 'lines', 'f', 1, 1)")
    old.commit()
    old.close()
    with CorpusStore(path) as store:
        assert store.documents() == [("a", "x", "y", "lines")] and store.fingerprint("a") == "f"
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_corpus_store_of_a_newer_version_is_refused(tmp_path: Path) -> None:
    import sqlite3

    from translate.corpus.store import SCHEMA_VERSION
    from translate.errors import OutputError

    path = tmp_path / "corpus.sqlite"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 4}")
    with pytest.raises(OutputError, match=f"corpus store version {SCHEMA_VERSION + 4}; this one reads up to "
                                          f"version {SCHEMA_VERSION}"):
        CorpusStore(path)
