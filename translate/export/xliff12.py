"""XLIFF 1.2 for CAT tools that take ``<target>`` as the translation (translate-toolkit, tested, and the
tools built on it; Okapi, Trados, memoQ): a ``file`` per document (``original`` = the document id,
``datatype="plaintext"``), a ``trans-unit`` per sentence with the sentence id ``doc:index`` as its id
and ``xml:space="preserve"``, the source and target on one line each, notes with the verdict
and its reasons in words, the scores and the glossary terms the sentence must carry, and the review
state on the ``target``:

- ``approved`` → ``state="final"`` (and ``approved="yes"`` on the unit); ``edited`` → ``translated``;
- ``machine`` → ``needs-review-translation`` with ``state-qualifier="mt-suggestion"``;
- ``rejected`` → ``needs-review-translation`` with ``state-qualifier="rejected-inaccurate"``.

OmegaT's own XLIFF filter (checked with OmegaT 3.6) translates what is in ``<target>`` and never shows
``<source>`` (a unit without a target is no segment at all), so a file whose targets are English gives
OmegaT English to translate. ``omegat=True`` writes the variant that works there (``run.omegat.xlf``):
the Persian sentence in ``<target>`` with no state, the translation and the verdict in the notes
(OmegaT shows them as comments); the translations come from the TMX files (``corpus.tmx`` in
``tm/auto/`` fills approved, edited and ``ok`` sentences, ``held-back.tmx`` in ``tm/penalty-NNN/``
offers the others as fuzzy matches). Written a unit at a time, so a run of any size streams.

Every unit carries what identifies it beyond its position (:func:`~translate.export.cat.identity`: the
run, the document, the source fingerprint, the revision, the target and state as exported) in a
``<context-group purpose="x-persian-translate">``, a ``<context context-type="x-…">`` per field: the strict
schema refuses foreign attributes and elements it has no schema for, OmegaT takes a foreign element for
text to translate, and both OmegaT and translate-toolkit keep a context group as it is (measured: see
``docs/cat-round-trip.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..records import SentencePair
from .atomic import AtomicFile
from .base import OneFile, RunInfo
from .cat import CARRIER, identity
from .xmlunits import attributes, constant, leaf, parent
from .safe import line, xml_text
from .xliff import notes

NS = "urn:oasis:names:tc:xliff:document:1.2"
#: Target ``state`` and ``state-qualifier`` for each review state.
STATES: dict[str, tuple[str, str | None]] = {
    "approved": ("final", None),
    "edited": ("translated", None),
    "machine": ("needs-review-translation", "mt-suggestion"),
    "rejected": ("needs-review-translation", "rejected-inaccurate"),
}
#: Note priority (1 is the highest) of the verdicts: what needs a look comes first.
PRIORITY = {"bad": "1", "review": "2", "ok": "5"}


class Xliff12Writer:
    """An XLIFF 1.2 file written a unit at a time: ``start_file``, ``add`` for each pair, ``end_file``,
    …, ``commit``."""

    def __init__(self, path: str | Path, *, src_lang: str = "fa", tgt_lang: str = "en", omegat: bool = False,
                 store_id: str = "", run_id: int = 0) -> None:
        self.file = AtomicFile(path)
        self.src_lang, self.tgt_lang, self.omegat = xml_text(src_lang), xml_text(tgt_lang), omegat
        self.store_id, self.run_id = store_id, run_id
        self.file.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NS}">')
        self.files = 0
        self.open = False

    def start_file(self, doc_id: str) -> None:
        self.end_file()
        self.files += 1
        opening = attributes((("original", xml_text(doc_id)), ("source-language", self.src_lang),
                              ("target-language", self.tgt_lang), ("datatype", "plaintext")))
        self.file.write(f"\n  <file{opening}>\n    <body>")
        self.open = True

    def add(self, p: SentencePair) -> None:
        if not self.open:
            self.start_file(p.source.doc_id)
        self.file.write("\n      " + self.render(p))

    def render(self, p: SentencePair) -> str:
        """The ``trans-unit`` of a pair (indented for its place in a ``body``)."""
        unit = [("id", xml_text(p.source.id)), ("xml:space", "preserve")]
        source, target = xml_text(line(p.source.text)), xml_text(line(p.target))
        children = [leaf("source", "", source)]
        if self.omegat:
            children.append(leaf("target", "", source))
            found = [("mt", f"{p.state} translation: {target}"), *notes(p)]
        else:
            state, qualifier = STATES.get(p.state, STATES["machine"])
            if p.state == "approved":
                unit.append(("approved", "yes"))
            children.append(leaf("target", constant((("state", state),) + ((("state-qualifier", qualifier),)
                                                                          if qualifier else ())), target))
            found = notes(p)
        # A context group's name must be unique in the file: ours is known by its purpose instead.
        children.append(parent("context-group", constant((("purpose", f"x-{CARRIER}"),)),
                               [leaf("context", constant((("context-type", f"x-{name}"),)), value)
                                for name, value in identity(p, self.store_id, self.run_id)], "\n        "))
        for category, text in found:
            note = [("from", "persian-translate"), ("annotates", "target" if category != "glossary" else "source")]
            if category == "verdict":
                note.append(("priority", PRIORITY.get(p.verdict, "5")))
            children.append(leaf("note", constant(tuple(note)), xml_text(line(text))))
        return parent("trans-unit", attributes(unit), children, "\n      ")

    def end_file(self) -> None:
        if self.open:
            self.file.write("\n    </body>\n  </file>")
        self.open = False

    def commit(self) -> None:
        self.end_file()
        if not self.files:  # XLIFF 1.2 needs a file; an empty run gets an empty one
            self.start_file("")
            self.end_file()
        self.file.write("\n</xliff>\n")
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def write_xliff12(documents: Iterable[tuple[str, Sequence[SentencePair]]], path: str | Path, *,
                  src_lang: str = "fa", tgt_lang: str = "en", omegat: bool = False, store_id: str = "",
                  run_id: int = 0) -> None:
    """Write ``(doc_id, pairs)`` documents as XLIFF 1.2 (``omegat``: the variant for OmegaT's filter;
    ``store_id`` and ``run_id``: the run, written into every unit)."""
    writer = Xliff12Writer(path, src_lang=src_lang, tgt_lang=tgt_lang, omegat=omegat, store_id=store_id,
                           run_id=run_id)
    for doc_id, pairs in documents:
        writer.start_file(doc_id)
        for pair in pairs:
            writer.add(pair)
        writer.end_file()
    writer.commit()


def exporter(info: RunInfo) -> OneFile:
    """``run.xliff12.xlf``: targets are the translations, with their review states."""
    return OneFile(Xliff12Writer(info.outdir / "run.xliff12.xlf", src_lang=info.src_lang, tgt_lang=info.tgt_lang,
                                 store_id=info.store_id, run_id=info.run_id))


def omegat_exporter(info: RunInfo) -> OneFile:
    """``run.omegat.xlf``: the Persian in the targets, for OmegaT's own XLIFF filter."""
    return OneFile(Xliff12Writer(info.outdir / "run.omegat.xlf", src_lang=info.src_lang, tgt_lang=info.tgt_lang,
                                 omegat=True, store_id=info.store_id, run_id=info.run_id))
