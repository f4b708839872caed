"""XLIFF 2.1 for CAT tools: a ``file`` per document (``original`` = the document id), a ``unit`` per
sentence (``name`` = the sentence id ``doc:index``), with ``notes`` that say the verdict and its reasons
in words, the scores and the glossary terms the sentence must carry, and one ``segment`` whose ``state``
is the review state:

- ``approved`` → ``final``; ``edited`` → ``translated`` (a person's translation, not yet reviewed);
- ``machine`` → ``initial`` with ``subState="persian-translate:mt"``: the target is there, but no
  person has translated or reviewed it, and ``initial`` is the one core state that does not claim so
  (the core schema takes a target in any state; a ``subState`` needs an explicit ``state``);
- ``rejected`` → ``initial`` with ``subState="persian-translate:rejected"``: the translation is to be
  done again (not ``reviewed``, which translate-toolkit, and so Weblate, takes for approved).

The model's confidence, ``exp`` of its mean token log-probability (0–1), goes on the ``unit`` as ITS
``its:mtConfidence`` with the ``its:annotatorsRef`` ITS 2.0 requires beside it — the core schema takes
foreign attributes on ``unit`` but not on ``segment`` or ``target`` — and only where the target is the
model's (not for edited pairs). Written a unit at a time (escaped and indented as the standard library's XML
writer would: :mod:`.xmlunits`), so a run of any size streams; a document's ``file`` is opened by its first
sentence, because XLIFF 2 cannot hold a ``file`` without units.

Every unit carries what identifies it beyond its position (:func:`~translate.export.cat.identity`: the
run, the document, the source fingerprint, the revision, the target and state as exported) in the
standard Metadata module, first in the ``unit``: ``<mda:metadata><mda:metaGroup
category="persian-translate">`` with an ``<mda:meta type="…">`` per field (translate-toolkit keeps it
when it saves; see ``docs/cat-round-trip.md``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..qe.explain import explain_pair
from ..records import QE_COLUMNS, SentencePair
from .atomic import AtomicFile
from .base import OneFile, RunInfo, once_per_pair
from .cat import CARRIER, MDA, identity
from .xmlunits import attributes, constant, leaf, parent
from .safe import line, xml_id, xml_text

NS = "urn:oasis:names:tc:xliff:document:2.0"
ITS = "http://www.w3.org/2005/11/its"
#: The authority of this tool's ``subState`` values.
AUTHORITY = "persian-translate"
#: The ITS ``annotatorsRef`` of the model confidence: which tool produced it.
ANNOTATOR = f"mt-confidence|urn:{AUTHORITY}:mt"
#: Segment ``state`` and ``subState`` for each review state.
STATES: dict[str, tuple[str, str | None]] = {
    "approved": ("final", None),
    "edited": ("translated", None),
    "machine": ("initial", f"{AUTHORITY}:mt"),
    "rejected": ("initial", f"{AUTHORITY}:rejected"),
}


@once_per_pair  # the three XLIFFs of a run write them for the same pair in turn
def notes(p: SentencePair) -> list[tuple[str, str]]:
    """``(category, text)`` of each note on a pair: the verdict with its reasons in words, the scores,
    and one note per glossary term (Persian → English, type, what became of it)."""
    reasons = explain_pair(p, line(p.source.text), line(p.target))
    found = [("verdict", f"verdict: {p.verdict}" + (" — " + "; ".join(reasons) if reasons else ""))]
    scores = [f"{name} {p.score(name):.3f}" for name in QE_COLUMNS if p.score(name) is not None]
    if scores:
        found.append(("scores", "scores: " + ", ".join(scores)))
    found += [("glossary", f"glossary: {t.text} → {t.target} ({t.type}): {t.status}") for t in p.terms]
    return [(category, xml_text(line(text))) for category, text in found]


def mt_confidence(p: SentencePair) -> float | None:
    """The model's confidence in the target (0–1), or ``None`` where the target is not the model's or
    no model scored it."""
    if p.edited or p.state == "edited" or p.scores.confidence is None:
        return None
    return max(0.0, min(1.0, math.exp(p.scores.confidence)))


class XliffWriter:
    """``run.xlf`` written a unit at a time: ``start_file``, ``add`` for each pair, ``end_file``, …,
    ``commit``."""

    def __init__(self, path: str | Path, *, src_lang: str = "fa", tgt_lang: str = "en", store_id: str = "",
                 run_id: int = 0) -> None:
        self.file = AtomicFile(path)
        self.store_id, self.run_id = store_id, run_id
        opening = attributes((("xmlns", NS), ("xmlns:its", ITS), ("xmlns:mda", MDA), ("version", "2.1"),
                              ("srcLang", xml_text(src_lang)), ("trgLang", xml_text(tgt_lang)), ("its:version", "2.0")))
        self.file.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff{opening}>')
        self.files = 0
        self.pending: str | None = None
        self.open = False

    def start_file(self, doc_id: str) -> None:
        """Begin a document; its ``file`` element is written with its first sentence."""
        self.pending = doc_id

    def _open_file(self, doc_id: str) -> None:
        self.files += 1
        self.file.write(f"\n  <file{attributes((('id', f'f{self.files}'), ('original', xml_text(doc_id))))}>")
        self.open = True

    def add(self, p: SentencePair) -> None:
        if not self.open:
            self._open_file(self.pending if self.pending is not None else p.source.doc_id)
        self.file.write("\n    " + self.render(p))

    def render(self, p: SentencePair) -> str:
        """The ``unit`` of a pair (indented for its place in a ``file``)."""
        unit = [("id", xml_id(p.source.id)), ("name", xml_text(p.source.id)), ("xml:space", "preserve")]
        confidence = mt_confidence(p)
        if confidence is not None:
            unit += [("its:annotatorsRef", ANNOTATOR), ("its:mtConfidence", f"{confidence:.3f}")]
        meta = [leaf("mda:meta", constant((("type", name),)), value)
                for name, value in identity(p, self.store_id, self.run_id)]
        children = [parent("mda:metadata", "", [parent("mda:metaGroup", constant((("category", CARRIER),)), meta,
                                                       "\n        ")], "\n      ")]
        found = notes(p)
        if found:
            children.append(parent("notes", "", [leaf("note", constant((("category", category),)), text)
                                                 for category, text in found], "\n      "))
        state, sub_state = STATES.get(p.state, STATES["machine"])
        segment = [("state", state)] + ([("subState", sub_state)] if sub_state else [])
        children.append(parent("segment", constant(tuple(segment)), [leaf("source", "", xml_text(line(p.source.text))),
                                                                 leaf("target", "", xml_text(line(p.target)))],
                               "\n      "))
        return parent("unit", attributes(unit), children, "\n    ")

    def end_file(self) -> None:
        if self.open:
            self.file.write("\n  </file>")
        self.open, self.pending = False, None

    def commit(self) -> None:
        self.end_file()
        if not self.files:  # XLIFF 2 needs a file with a unit: an empty run gets an ignorable one
            self.file.write('\n  <file id="f0">\n    <unit id="empty" translate="no">'
                            '<ignorable><source/></ignorable></unit>\n  </file>')
        self.file.write("\n</xliff>\n")
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def write_xliff(documents: Iterable[tuple[str, Sequence[SentencePair]]], path: str | Path, *,
                src_lang: str = "fa", tgt_lang: str = "en", store_id: str = "", run_id: int = 0) -> None:
    """Write ``(doc_id, pairs)`` documents as XLIFF 2.1 (``store_id`` and ``run_id``: the run, written
    into every unit)."""
    writer = XliffWriter(path, src_lang=src_lang, tgt_lang=tgt_lang, store_id=store_id, run_id=run_id)
    for doc_id, pairs in documents:
        writer.start_file(doc_id)
        for pair in pairs:
            writer.add(pair)
        writer.end_file()
    writer.commit()


def exporter(info: RunInfo) -> OneFile:
    """``run.xlf``: the whole run, a file per document."""
    return OneFile(XliffWriter(info.outdir / "run.xlf", src_lang=info.src_lang, tgt_lang=info.tgt_lang,
                               store_id=info.store_id, run_id=info.run_id))
