"""TMX 1.4b: one ``tu`` per pair; scores, verdict, review state and term hits as ``prop type="x-…"``; the
run signature in the header. Written a ``tu`` at a time (escaped and indented as the standard
library's XML writer would: :mod:`.xmlunits`), so a corpus of any size streams; text
loses the characters XML cannot carry first.

A translation memory is what a CAT tool trusts: ``NAME.tmx`` and ``corpus.tmx`` hold only pairs a
person approved or edited and machine pairs with the verdict ``ok``; ``RunInfo.include`` adds machine
``review``/``bad`` pairs and ``rejected`` ones. Every pair left out goes to ``held-back.tmx`` (always
written, with an empty body when nothing is held back), which fits an OmegaT ``tm/penalty-NNN/``
folder: offered as fuzzy matches with a penalty, never filled in.

Every ``tu`` carries what identifies it beyond its position (:func:`~translate.export.cat.identity`) as
``prop``s: ``x-store``, ``x-run`` (where the run is known), ``x-document``, ``x-fingerprint`` (of the
source), ``x-rev``, ``x-exported`` (the fingerprint of the target as written) and ``x-exported-state``
(``x-state`` is the state a TMX editor may change; this one stays as exported).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from ..records import QE_COLUMNS, SentencePair
from .atomic import AtomicFile
from .base import PerDocument, RunInfo, Writer
from .cat import identity
from .xmlunits import attributes, constant, leaf, parent
from .safe import line, xml_text

#: The file of the pairs a translation memory leaves out.
HELD_BACK = "held-back.tmx"


def kept(p: SentencePair, include: Collection[str] = ()) -> bool:
    """Whether a pair belongs in the translation memory: approved, edited, ``ok`` machine output, and
    what ``include`` (``review``, ``bad``, ``rejected``) adds."""
    if p.state in ("approved", "edited"):
        return True
    if p.state == "rejected":
        return "rejected" in include
    return p.verdict == "ok" or p.verdict in include


class TmxWriter:
    def __init__(self, path: str | Path, *, signature: str, tool_version: str, src_lang: str = "fa",
                 tgt_lang: str = "en", store_id: str = "", run_id: int = 0) -> None:
        self.file = AtomicFile(path)
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.store_id, self.run_id = store_id, run_id
        header = attributes((
            ("creationtool", "persian-translate"), ("creationtoolversion", tool_version), ("segtype", "sentence"),
            ("o-tmf", "persian-translate"), ("adminlang", "en"), ("srclang", xml_text(src_lang)),
            ("datatype", "plaintext")))
        self.file.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  ')
        self.file.write(parent("header", header, [leaf("prop", ' type="x-signature"', xml_text(signature))], "\n  ")
                        + "\n  <body")
        self.empty = True

    def render(self, p: SentencePair) -> str:
        """The ``tu`` of a pair, on its own line."""
        props = [(f"x-{name}", f"{p.score(name):.4f}") for name in QE_COLUMNS if p.score(name) is not None]
        props += [("x-verdict", p.verdict), ("x-state", p.state)]
        props += [(f"x-{name}", value) for name, value in identity(p, self.store_id, self.run_id)]
        props += [("x-term", f"{t.text}={t.target}:{t.status}") for t in p.terms]
        children = [leaf("prop", constant((("type", kind),)), xml_text(value)) for kind, value in props]
        children += [parent("tuv", attributes((("xml:lang", xml_text(lang)),)), [leaf("seg", "", xml_text(line(text)))],
                            "\n      ") for lang, text in ((self.src_lang, p.source.text), (self.tgt_lang, p.target))]
        return "\n    " + parent("tu", attributes((("tuid", xml_text(p.source.id)),)), children, "\n    ")

    def put(self, text: str) -> None:
        self.file.write((">" if self.empty else "") + text)
        self.empty = False

    def add(self, p: SentencePair) -> None:
        self.put(self.render(p))

    def commit(self) -> None:
        self.file.write(" />\n</tmx>\n" if self.empty else "\n  </body>\n</tmx>\n")
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def write_tmx(pairs: Iterable[SentencePair], path: str | Path, *, signature: str, tool_version: str,
              src_lang: str = "fa", tgt_lang: str = "en", store_id: str = "", run_id: int = 0) -> None:
    """Write every pair of ``pairs`` (no filter: the caller chose them)."""
    writer = TmxWriter(path, signature=signature, tool_version=tool_version, src_lang=src_lang, tgt_lang=tgt_lang,
                       store_id=store_id, run_id=run_id)
    for pair in pairs:
        writer.add(pair)
    writer.commit()


class TmxExporter(PerDocument):
    """``NAME.tmx`` and ``corpus.tmx`` of the pairs :func:`kept` takes, ``held-back.tmx`` of the others."""

    def __init__(self, info: RunInfo) -> None:
        super().__init__(info, lambda base: TmxWriter(f"{base}.tmx", signature=info.signature,
                                                      tool_version=info.tool_version, src_lang=info.src_lang,
                                                      tgt_lang=info.tgt_lang, store_id=info.store_id,
                                                      run_id=info.run_id))
        self.held: Writer = self.make(info.outdir / HELD_BACK.removesuffix(".tmx"))  # type: ignore[operator]

    def pair(self, pair: SentencePair) -> None:
        if kept(pair, self.info.include):
            super().pair(pair)
        else:
            self.held.put(self.corpus.render(pair))

    def commit(self) -> None:
        super().commit()
        self.held.commit()

    def abort(self) -> None:
        super().abort()
        self.held.abort()


def exporter(info: RunInfo) -> TmxExporter:
    return TmxExporter(info)
