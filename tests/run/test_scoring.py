"""Scoring given translations: signals, glossary term success, and the verdict it leads to."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.run.scoring import score_translations
from translate.terms.glossary import load_glossary


def test_glossary_term_success_reaches_the_verdict(tmp_path: Path) -> None:
    g = tmp_path / "g.tsv"
    g.write_text("source\ttarget\ttype\nپوتین\tPutin\tperson\nمکرون\tMacron\tperson\n", encoding="utf-8")
    result = score_translations(["پوتین و مکرون دیدار کردند.", "هوا سرد است."],
                                ["Putin and Makron met.", "The weather is cold."],
                                matcher=load_glossary(g).matcher())
    assert [s.terms for s in result.scores] == [0.5, None]
    assert result.scores[0].verdict == "review" and "terms" in result.scores[0].reasons
    assert result.alignments is None


def _scores(path: Path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(path) as db:
        return sorted(db.execute("SELECT * FROM scores"))


@pytest.mark.parametrize("helper", ["works", "cannot start"])
def test_two_processes_score_as_one_does(review_run: Path, monkeypatch, helper: str) -> None:
    """A large run's second half is scored by a helper process: the same rows as one process makes;
    when the helper fails (here: it cannot even import its work), this process scores what it left."""
    import sqlite3

    from translate.run import scoring
    from translate.run.scoring import score_run
    from translate.run.store import RunStore

    db = review_run / "run.sqlite"
    alone = _scores(db)
    assert len(alone) == 17  # the example's 15 sentences and the hostile article's 2
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM scores")
    if helper == "cannot start":
        monkeypatch.setattr(scoring, "HELPER", "translate.run.scoring:no_such_function")
    with RunStore(db) as store:
        current = store.current()
        assert current is not None
        store.run_id = current.run_id
        seen: list[tuple[int, int]] = []
        helper_mb = score_run(store, current.signature, current.scoring, processes=2,
                              progress=lambda done, total: seen.append((done, total)))
    assert _scores(db) == alone
    assert seen and seen[-1] == (8, 8)  # this process went through its half
    assert (helper_mb > 10) == (helper == "works")  # a helper that ran said what it used


def test_place_at_counts_across_documents(review_run: Path) -> None:
    from translate.run.store import START, Place, RunStore

    with RunStore(review_run / "run.sqlite") as store:
        store.run_id = store.current().run_id
        assert [store.place_at(k) for k in (0, 14, 15, 16, 17, 99)] == [
            Place(0, 0), Place(0, 14), Place(1, 0), Place(1, 1), Place(1, 1), Place(1, 1)]
        store.run_id = 10_000  # a run with no documents
        assert store.place_at(0) == START


def test_with_the_similarity_every_sentence_is_scored_here(review_run: Path) -> None:
    """An embedder is this process's: asked for two processes, the run still scores every sentence's
    similarity itself (a helper would leave the second half without one)."""
    import hashlib
    import sqlite3

    import numpy as np

    from translate.run.scoring import score_run
    from translate.run.store import RunStore

    class HashEmbedder:
        name = "hash"

        def encode(self, texts):
            rows = [np.random.default_rng(int.from_bytes(hashlib.sha256(t.encode()).digest()[:4], "big")).normal(size=8)
                    for t in texts]
            return np.asarray([r / np.linalg.norm(r) for r in rows], dtype=np.float32).reshape(len(texts), 8)

    db = review_run / "run.sqlite"
    with RunStore(db) as store:
        current = store.current()
        assert current is not None
        store.run_id = current.run_id
        assert score_run(store, current.signature, "with-similarity", HashEmbedder(), processes=2) == 0.0
    with sqlite3.connect(db) as conn:
        similarity = [r[0] for r in conn.execute("SELECT similarity FROM scores WHERE scoring = 'with-similarity'")]
    assert len(similarity) == 17 and None not in similarity


def test_the_reasons_in_words_are_stored_as_the_outputs_would_say_them(review_run: Path) -> None:
    """Scoring stores each pair's reasons in words; they are what working them out from the pair's texts
    gives, for every pair with reasons (numbers, length, glossary terms), and a pair without them."""
    from translate.qe.explain import explain
    from translate.run.store import RunStore

    with RunStore(review_run / "run.sqlite") as store:
        run = store.current()
        assert run is not None
        pairs = [p for doc in store.documents(run) for p in store.pairs(run, doc.doc_id)]
    assert len(pairs) == 17 and all(p.explained is not None for p in pairs)
    said = {p.source.id: p.explained for p in pairs if p.explained}
    assert any(r.startswith("numbers differ") for e in said.values() for r in e)  # the hostile article's ۲۵
    for p in pairs:
        assert p.explained == explain(p.source.line(), p.target, p.scores, p.terms)
