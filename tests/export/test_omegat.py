"""A real CAT tool, headless: OmegaT (Debian's ``omegat``, 3.6) on a project built from the example
article, run as ``omegat PROJECT --mode=console-translate`` (and ``console-createpseudotranslatetmx``,
which lists the segments it found). Skipped where ``omegat`` is not installed; ``.ci/run`` installs it.

What it shows: OmegaT's own XLIFF filter translates the text of ``<target>`` (``<source>`` is never
shown), so ``run.omegat.xlf`` — the Persian in the targets — gives one segment per sentence, and with
``corpus.tmx`` in ``tm/auto/`` the approved, edited and ``ok`` sentences come out translated while the
held-back ones (``held-back.tmx`` in ``tm/penalty-030/``) do not; the standard XLIFF 1.2 gives OmegaT
the English to translate. The article as a ``.txt`` source, segmented by OmegaT's own rules, gets the
same translations from ``corpus.tmx`` wherever OmegaT cuts a sentence where we do.

What comes back (``docs/cat-round-trip.md``): OmegaT rewrites only the ``<target>`` text of each unit;
the ids, the context group that identifies each unit (run, document, source fingerprint, revision, the
English and state as exported) and the notes come out as they went in, so ``read_units`` on its output
gives every unit its identity back. A translator's own translation (``omegat/project_save.tmx``, where
OmegaT keeps what is typed) comes back as the target. OmegaT writes no state, ever: an approval made
in OmegaT cannot come back, and the standard file's states stay as exported. It finds no segment in
XLIFF 2 (``run.xlf``) and copies it unchanged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from translate.export.base import DocumentInfo, RunInfo, Summary
from translate.export.cat import CatUnit, read_units
from translate.export.safe import line, xml_text
from translate.export.tmx import exporter as tmx_exporter
from translate.export.tmx import kept
from translate.export.xliff import write_xliff
from translate.export.xliff12 import write_xliff12
from translate.records import Score, Sentence, SentencePair, text_fingerprint
from translate.text.io import read_one
from translate.text.segment import segment

from ..conftest import EXAMPLE, needs_omegat

pytestmark = [needs_omegat, pytest.mark.slow]

CASES = [("machine", "ok"), ("machine", "review"), ("machine", "bad"), ("edited", "bad"), ("approved", "review"),
         ("rejected", "ok")]
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>fa</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneArabicTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>{sentences}</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def _pairs() -> list[SentencePair]:
    """The article's sentences with made-up English in every state and verdict, and a hostile document
    (zero-width non-joiners, markup, a tab, doubled spaces)."""
    sentences = segment(read_one(str(EXAMPLE), "raisi-putin-call"))
    pairs = [SentencePair(s, f"Sentence {s.index} in English ({state}, {verdict}).", scores=Score(verdict=verdict),
                          state=state, edited=state == "edited", fingerprint=text_fingerprint(s.line()),
                          rev=0 if state == "machine" else s.index)
             for s in sentences for state, verdict in [CASES[s.index % len(CASES)]]]
    hostile = [("او می\u200cخواهد <b>غزه</b> & «تهران» را ببیند.", "He wants\u200c <b>Gaza</b> &\tTehran  seen.",
                "ok"),
               ("این یک جمله\u200cی دیگر است.", "Another one.", "bad")]
    return pairs + [SentencePair(Sentence("hostile", k, 0, len(fa), fa), en, scores=Score(verdict=verdict),
                                 fingerprint=text_fingerprint(fa))
                    for k, (fa, en, verdict) in enumerate(hostile)]


def _documents(pairs: list[SentencePair]) -> list[tuple[str, list[SentencePair]]]:
    return [(doc, [p for p in pairs if p.source.doc_id == doc]) for doc in ("raisi-putin-call", "hostile")]


def _project(root: Path, *, sentences: bool) -> Path:
    for folder in ("source", "target", "tm/auto", "tm/penalty-030", "omegat", "glossary", "dictionary"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "omegat.project").write_text(PROJECT.format(sentences=str(sentences).lower()), encoding="utf-8")
    return root


def _tms(root: Path, pairs: list[SentencePair]) -> None:
    """The run's TMX files with the default filter: corpus.tmx to tm/auto, held-back.tmx to a penalty folder."""
    docs = [DocumentInfo(doc, doc, Summary(len(group))) for doc, group in _documents(pairs)]
    out = root / "export"
    exporter = tmx_exporter(RunInfo(out, "model:test|v:0", "0.1.0", docs, Summary(len(pairs))))
    for doc, (_, group) in zip(docs, _documents(pairs)):
        exporter.start_document(doc)
        for pair in group:
            exporter.pair(pair)
        exporter.end_document()
    exporter.commit()
    shutil.copy(out / "corpus.tmx", root / "tm" / "auto")
    shutil.copy(out / "held-back.tmx", root / "tm" / "penalty-030")


def _omegat(project: Path, *options: str) -> str:
    env = {**os.environ, "JAVA_TOOL_OPTIONS": "-Djava.awt.headless=true"}
    done = subprocess.run(["omegat", str(project), *options, f"--config-dir={project.parent / 'omegat-config'}",
                           "--disable-project-locking", "--no-team"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0 and "Finished" in done.stdout, done.stdout + done.stderr
    return done.stdout


def _segments(project: Path) -> set[str]:
    """The distinct segments OmegaT found, from the TMX it pseudo-translates them into (its ``--help``
    names the mode ``console-pseudotranslatetmx``; 3.6 only takes ``console-createpseudotranslatetmx``)."""
    pseudo = project / "segments.tmx"
    _omegat(project, "--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={pseudo}",
            "--pseudotranslatetype=equal")
    tree = etree.parse(str(pseudo), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    return {"".join(tu.find("tuv/seg").itertext()) for tu in tree.iter("tu")}


def _file_segments(project: Path) -> dict[str, int]:
    """Total segments of each source file, from ``omegat/project_stats.txt``."""
    text = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    rows = text.split("File Name", 1)[1].splitlines()[1:]
    return {cells[0].strip(): int(cells[1]) for cells in (r.split("\t") for r in rows) if len(cells) > 2}


#: The run the files were exported from.
RUN = {"store_id": "5e1f0c2a9b7d4e31", "run_id": 3}
#: A translator's own translation of a held-back sentence, as OmegaT keeps it in its project.
EDIT = ("raisi-putin-call", 1, "A translator's English, typed in OmegaT.")
SAVED = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="3.6.0_10" segtype="sentence" srclang="fa"/>
  <body>
    <tu>
      <tuv lang="fa"><seg>{source}</seg></tuv>
      <tuv lang="en" changeid="translator" changedate="20240101T120000Z"><seg>{target}</seg></tuv>
    </tu>
  </body>
</tmx>
"""


@pytest.fixture(scope="module")
def xliff_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SentencePair]]:
    """A project of run.omegat.xlf, run.xliff12.xlf and run.xlf, the TMX files and a translator's
    translation of one sentence (``omegat/project_save.tmx``), translated by OmegaT."""
    pairs = _pairs()
    project = _project(tmp_path_factory.mktemp("omegat") / "project", sentences=False)
    write_xliff12(_documents(pairs), project / "source" / "run.omegat.xlf", omegat=True, **RUN)
    write_xliff12(_documents(pairs), project / "source" / "run.xliff12.xlf", **RUN)
    write_xliff(_documents(pairs), project / "source" / "run.xlf", **RUN)
    _tms(project, pairs)
    edited = next(p for p in pairs if (p.source.doc_id, p.source.index) == EDIT[:2])
    assert not kept(edited)  # so the translation can only be the translator's
    (project / "omegat" / "project_save.tmx").write_text(
        SAVED.format(source=escape(xml_text(line(edited.source.text))), target=escape(EDIT[2])), encoding="utf-8")
    _omegat(project, "--mode=console-translate")
    return project, pairs


def test_omegat_finds_every_sentence_as_a_segment(xliff_project: tuple[Path, list[SentencePair]]) -> None:
    project, pairs = xliff_project
    assert _file_segments(project) == {"run.omegat.xlf": len(pairs), "run.xliff12.xlf": len(pairs)}
    persian = {xml_text(line(p.source.text)) for p in pairs}
    english = {xml_text(line(p.target)) for p in pairs}
    # Every sentence is a segment; the standard file's segments are its English targets.
    assert _segments(project) == persian | english


def test_omegat_fills_kept_translations_and_not_held_back_ones(xliff_project: tuple[Path, list[SentencePair]]) -> None:
    project, pairs = xliff_project
    units = {(u.doc_id, u.index): u for u in read_units(project / "target" / "run.omegat.xlf")}
    assert len(units) == len(pairs)
    for pair in pairs:
        expected = xml_text(line(pair.target)) if kept(pair) else None
        if (pair.source.doc_id, pair.source.index) == EDIT[:2]:
            expected = EDIT[2]
        assert units[pair.source.doc_id, pair.source.index].target == expected, pair.source.id
    assert units["hostile", 0].target == "He wants\u200c <b>Gaza</b> &\tTehran  seen."
    assert sum(kept(p) for p in pairs) == 8 and len(pairs) == 17  # a real mix of both


def test_omegat_translates_an_article_it_segments_itself(tmp_path: Path) -> None:
    """The article as a .txt source: OmegaT cuts it with its own rules (sentence segmentation on), and
    corpus.tmx fills every kept sentence but the one we join across a scraping line break (12)."""
    pairs = [p for p in _pairs() if p.source.doc_id == "raisi-putin-call"]
    project = _project(tmp_path / "project", sentences=True)
    shutil.copy(EXAMPLE, project / "source" / "raisi-putin-call.txt")
    _tms(project, pairs)
    _omegat(project, "--mode=console-translate")
    translated = (project / "target" / "raisi-putin-call.txt").read_text(encoding="utf-8")
    filled = {p.source.index for p in pairs if p.target in translated}
    assert filled == {p.source.index for p in pairs if kept(p)} - {12}
    held = [p for p in pairs if not kept(p)]
    assert all(p.target not in translated and line(p.source.text) in translated for p in held)
    assert _file_segments(project) == {"raisi-putin-call.txt": 16}


def _as_exported(pair: SentencePair) -> tuple[object, ...]:
    return (pair.source.doc_id, pair.source.index, "5e1f0c2a9b7d4e31", 3, pair.fingerprint, pair.rev,
            text_fingerprint(line(pair.target)), pair.state)


def _identity(unit: CatUnit) -> tuple[object, ...]:
    return (unit.doc_id, unit.index, unit.store_id, unit.run_id, unit.fingerprint, unit.rev, unit.exported,
            unit.exported_state)


@pytest.mark.parametrize("name", ["run.omegat.xlf", "run.xliff12.xlf"])
def test_omegat_keeps_every_units_identity(xliff_project: tuple[Path, list[SentencePair]], name: str) -> None:
    """OmegaT's output keeps each unit's context group as it was (and its id): every unit still says its
    run, document, source fingerprint, revision, and the English and state it was exported with."""
    project, pairs = xliff_project
    units = read_units(project / "target" / name)
    assert [_identity(u) for u in units] == [_as_exported(p) for p in pairs]
    assert len({p.fingerprint for p in pairs}) == len(pairs) and len({p.rev for p in pairs}) > 3


def test_omegat_writes_no_state(xliff_project: tuple[Path, list[SentencePair]]) -> None:
    """OmegaT never touches a state: the OmegaT variant has none and gets none, even where the
    translator typed a translation; in the standard file every line but the targets' comes out as it
    went in, states and approved="yes" included. An approval made in OmegaT cannot come back."""
    project, pairs = xliff_project
    assert {u.state for u in read_units(project / "target" / "run.omegat.xlf")} == {None}
    assert [u.state for u in read_units(project / "target" / "run.xliff12.xlf")] == [p.state for p in pairs]
    source = (project / "source" / "run.xliff12.xlf").read_text(encoding="utf-8")
    target = (project / "target" / "run.xliff12.xlf").read_text(encoding="utf-8")
    assert [row for row in source.splitlines() if "<target" not in row] == [
        row for row in target.splitlines() if "<target" not in row]


def test_omegat_finds_nothing_to_translate_in_xliff2(xliff_project: tuple[Path, list[SentencePair]]) -> None:
    """OmegaT 3.6's XLIFF filter reads XLIFF 1.x only: run.xlf gives no segment and comes out as it went
    in (but for the last line break)."""
    project, _ = xliff_project
    assert "run.xlf" not in _file_segments(project)
    written = (project / "target" / "run.xlf").read_text(encoding="utf-8")
    assert written == (project / "source" / "run.xlf").read_text(encoding="utf-8").removesuffix("\n")
