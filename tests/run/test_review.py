"""The review over a run's store: edits re-checked, states, undo, history, filters, what outranks the
machine on export and on a second run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main
from translate.errors import InputError
from translate.records import TermHit
from translate.run.review import Filters, ReviewSession, recheck_terms

from ..conftest import ROOT

DOC = "example"
GOOD = "The presidents of Iran and Russia discussed the crisis of Palestine and Israel."


def test_recheck_finds_terms_again_in_the_new_english() -> None:
    hits = [TermHit("ایران", "place", 0, 5, "ایران", "Iran", "repaired", 3, 7),
            TermHit("اسرائیل", "place", 8, 15, "اسرائیل", "Israel", "missing")]
    again = recheck_terms(hits, "Israel and Iran talked")
    assert [(h.status, h.target_start, h.target_end) for h in again] == [("repaired", 11, 15), ("found", 0, 6)]
    gone = recheck_terms(hits, "They talked")
    assert [h.status for h in gone] == ["missing", "missing"]


def test_edit_rechecks_the_pair_and_keeps_history(review_run: Path) -> None:
    with ReviewSession(review_run, author="tester") as session:
        before = session.pair(DOC, 0)
        assert before.state == "machine" and before.verdict == "bad"  # random weights
        after = session.edit(DOC, 0, GOOD)
        assert (after.target, after.state, after.edited) == (GOOD, "edited", True)
        # glossary, numbers, length, script and repetition re-checked; similarity and confidence are the machine's
        assert [t.target for t in after.terms] == ["Iran", "Russia", "Palestine", "Israel"]
        assert all(t.landed for t in after.terms) and not all(t.landed for t in before.terms)
        assert after.terms[0].status == "found" and GOOD[after.terms[0].target_start:after.terms[0].target_end] == "Iran"
        assert after.scores.persian == 0.0 and after.scores.confidence is None and after.scores.similarity is None
        assert after.verdict == "ok" and after.alignment == ""
        history = session.history(DOC, 0)
        assert [h["action"] for h in history] == ["edit"]
        assert history[0]["before"] is None and history[0]["after"]["target"] == GOOD
        assert history[0]["author"] == "tester"
    # a new session (another process) sees the edit
    with ReviewSession(review_run) as session:
        assert session.pair(DOC, 0).target == GOOD
        assert session.documents()[0].reviewed == 1


def test_states_undo_and_reset(review_run: Path) -> None:
    with ReviewSession(review_run) as session:
        machine = session.pair(DOC, 1).target
        assert session.set_state(DOC, 1, "approved").state == "approved"
        assert session.set_state(DOC, 1, "rejected").state == "rejected"
        assert session.undo(DOC, 1).state == "approved"
        assert session.undo(DOC, 1).state == "machine"
        assert session.undo(DOC, 1).state == "machine"  # nothing left to take back
        session.edit(DOC, 1, "A person's English.")
        approved = session.set_state(DOC, 1, "approved")
        assert (approved.state, approved.edited, approved.target) == ("approved", True, "A person's English.")
        reset = session.set_state(DOC, 1, "machine")
        assert (reset.state, reset.target) == ("machine", machine)
        with pytest.raises(InputError, match="empty"):
            session.edit(DOC, 1, "   ")
        with pytest.raises(InputError, match="no such sentence"):
            session.edit(DOC, 999, "x")


def test_filters(review_run: Path) -> None:
    with ReviewSession(review_run) as session:
        session.edit(DOC, 0, GOOD)
        everything, total = session.find(Filters())
        assert total == len(everything) == sum(d.sentences for d in session.documents())
        assert session.find(Filters(reviewed=True))[1] == 1
        assert session.find(Filters(query="russia"))[0][0].source.index == 0  # English side
        persian = session.find(Filters(query="پوتین"))[0]
        assert persian and all("پوتین" in p.source.text for p in persian)
        missing = session.find(Filters(missing_terms=True))[0]
        assert missing and all(any(not t.landed for t in p.terms) for p in missing)
        assert all(p.verdict == "ok" for p in session.find(Filters(verdict="ok"))[0])


def test_export_and_rerun_keep_the_review(review_run: Path, tiny_models) -> None:
    with ReviewSession(review_run) as session:
        session.edit(DOC, 0, GOOD)
        session.set_state(DOC, 2, "approved")
        approved = session.pair(DOC, 2).target
    assert CliRunner().invoke(main, ["export", str(review_run), "--formats", "moses,tsv"]).exit_code == 0
    lines = (review_run / "example.en").read_text(encoding="utf-8").splitlines()
    assert lines[0] == GOOD
    # the same run again, even with another decoding: the person's work outranks the machine
    src = Path(json.loads((review_run / "manifest.json").read_text(encoding="utf-8"))["inputs"][0]["path"]).parent
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(review_run), "--model", str(tiny_models["marian"]),
                                       "-g", str(ROOT / "glossaries" / "news-fa-en.tsv"), "--beam", "2",
                                       "--max-length-ratio", "0.3", "--formats", "moses,tsv"])
    assert result.exit_code == 0, result.output
    assert "kept 2 reviewed by a person" in result.output
    lines = (review_run / "example.en").read_text(encoding="utf-8").splitlines()
    assert lines[0] == GOOD and lines[2] == approved
