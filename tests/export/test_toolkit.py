"""translate-toolkit (what Weblate and Virtaal read translation files with) reads XLIFF 1.2
(``translate.storage.xliff.xlifffile``), XLIFF 2 (``translate.storage.xliff2.Xliff2File``; checked with
translate-toolkit 3.20) and TMX (``translate.storage.tmx.tmxfile``) with every source and target exactly
as written — zero-width non-joiners, doubled spaces, markup as text — and, when it saves a file after an
edit and an approval, keeps what identifies each unit (docs/cat-round-trip.md says what else it does).

Its top-level package is also called ``translate``, so it is installed apart (``.toolkit/``, or anywhere
on ``PYTHONPATH``) and imported in a child process that drops this project from the import path; the
test is skipped where translate-toolkit is not installed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from translate.export.cat import read_units
from translate.export.safe import line, xml_id, xml_text
from translate.export.tmx import write_tmx
from translate.export.xliff import write_xliff
from translate.export.xliff12 import write_xliff12

from .test_schemas import documents, state_pairs

#: Where CI installs translate-toolkit apart (``pip install --target .toolkit translate-toolkit``).
TOOLKIT = Path(__file__).resolve().parents[2] / ".toolkit"
READER = r"""
import json, os, sys
# This project's package is also "translate": keep only translate-toolkit's in reach.
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path[:] = [p for p in sys.path if not os.path.exists(os.path.join(p or ".", "translate", "records.py"))]
kind, path, toolkit = sys.argv[1:4]
if os.path.isdir(toolkit):
    sys.path.insert(0, toolkit)
try:
    from translate.storage import tmx, xliff, xliff2
except ImportError as exc:
    print(f"needs translate-toolkit in .toolkit/: pip install --target .toolkit translate-toolkit ({exc})")
    sys.exit(3)
store = {"xliff12": xliff.xlifffile, "xliff2": xliff2.Xliff2File, "tmx": tmx.tmxfile}[kind].parsefile(path)
units = [u for u in store.units if not u.isheader()]
print(json.dumps([{"id": u.getid(), "source": u.source, "target": u.target,
                   "approved": getattr(u, "isapproved", bool)(), "fuzzy": u.isfuzzy()} for u in units]))
if len(sys.argv) > 4:  # as Weblate saves a translator's work: a target changed, a rejected unit approved
    units[0].target = "Edited in Weblate: the trip went on"
    for u in units:
        if u.getid().endswith("doc:30") and hasattr(u, "markapproved"):
            u.markapproved(True)
    store.savefile(sys.argv[4])
"""


def _read(kind: str, path: Path, saved: Path | None = None) -> list[dict[str, str]]:
    """What translate-toolkit reads in ``path`` (and, with ``saved``, the file it saves there after an
    edit and an approval)."""
    extra = [str(saved)] if saved else []
    done = subprocess.run([sys.executable, "-c", READER, kind, str(path), str(TOOLKIT), *extra], capture_output=True,
                          text=True, cwd=path.parent, timeout=120)
    if done.returncode == 3:
        pytest.skip(done.stdout.strip())
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", ["xliff12", "xliff2", "tmx"])
def test_toolkit_reads_every_text_exactly(tmp_path: Path, kind: str) -> None:
    pairs = [pair for _, group in documents(state_pairs()) for pair in group]
    path = tmp_path / {"xliff12": "run.xliff12.xlf", "xliff2": "run.xlf", "tmx": "corpus.tmx"}[kind]
    if kind == "xliff12":
        write_xliff12(documents(pairs), path)
    elif kind == "xliff2":
        write_xliff(documents(pairs), path)
    else:
        write_tmx(pairs, path, signature="model:test|v:0", tool_version="0.1.0")
    units = _read(kind, path)
    expected = [(xml_text(line(p.source.text)), xml_text(line(p.target))) for p in pairs]
    assert [(u["source"], u["target"]) for u in units] == expected
    assert any("\u200c" in u["source"] and "\u200c" in u["target"] for u in units)
    if kind == "xliff12":  # the ids tools see are the sentence ids (after the file's name)
        assert all(u["id"].endswith(p.source.id) for u, p in zip(units, pairs))
    elif kind == "xliff2":  # the unit ids: the sentence ids as NMTOKENs
        assert [u["id"] for u in units] == [xml_id(p.source.id) for p in pairs]
    if kind != "tmx":  # only approved pairs are approved; machine and rejected ones need work
        assert [u["approved"] for u in units] == [p.state == "approved" for p in pairs]
        assert all(u["fuzzy"] for u, p in zip(units, pairs) if p.state in ("machine", "rejected"))


@pytest.mark.parametrize("kind", ["xliff12", "xliff2", "tmx"])
def test_toolkit_keeps_the_identity_when_it_saves(tmp_path: Path, kind: str) -> None:
    """Every unit keeps its identity through translate-toolkit's save (the XLIFF 1.2 context group, the
    XLIFF 2 Metadata module, the TMX props); the edit comes back, and so does the approval of a rejected
    unit (XLIFF only: a TMX unit has no state in translate-toolkit), although translate-toolkit leaves
    our rejection behind (XLIFF 1.2's ``rejected-inaccurate`` qualifier, XLIFF 2's subState)."""
    pairs = [pair for _, group in documents(state_pairs()) for pair in group]
    path, saved = tmp_path / f"run.{kind}", tmp_path / f"saved.{kind}"
    run = {"store_id": "5e1f0c2a9b7d4e31", "run_id": 3}
    if kind == "xliff12":
        write_xliff12(documents(pairs), path, **run)
    elif kind == "xliff2":
        write_xliff(documents(pairs), path, **run)
    else:
        write_tmx(pairs, path, signature="model:test|v:0", tool_version="0.1.0", **run)
    _read(kind, path, saved)
    before, after = read_units(path), read_units(saved)
    assert [(u.ref, u.source, u.store_id, u.run_id, u.doc_id, u.fingerprint, u.rev, u.exported, u.exported_state)
            for u in after] == [
        (u.ref, u.source, "5e1f0c2a9b7d4e31", 3, p.source.doc_id, p.fingerprint, p.rev, u.exported, p.state)
        for u, p in zip(before, pairs)]
    assert after[0].target == "Edited in Weblate: the trip went on" and before[0].target != after[0].target
    assert [u.target for u in after[1:]] == [u.target for u in before[1:]]
    changed = {u.ref: u.state for u, b in zip(after, before) if u.state != b.state}
    if kind == "xliff12":  # setting a target there also sets approved="yes" (and state="translated")
        assert changed == {"doc:0": "approved", "doc:30": "approved"}
    elif kind == "xliff2":  # setting a target leaves the state; an approval is state="reviewed"
        assert changed == {"doc:30": "approved"}
        assert '<segment state="reviewed" subState="persian-translate:rejected">' in saved.read_text(encoding="utf-8")
    else:
        assert changed == {}
    if kind == "xliff12":
        assert 'state-qualifier="rejected-inaccurate"' in saved.read_text(encoding="utf-8").split('id="doc:30"')[1]
