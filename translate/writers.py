"""Writing outputs: every file is written to a temporary file beside it and renamed into place, so a
crash or a kill never leaves a half-written output."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from .errors import OutputError
from .records import SentencePair


@contextlib.contextmanager
def atomic_open(path: str | Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Open ``path`` for writing text; it appears (complete) only when the block ends without error.

    Line ends are written as ``\\n`` on every platform.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --- parallel formats -------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def one_line(text: str) -> str:
    """``text`` on one line, for line-aligned formats (so ``.fa`` and ``.en`` always have the same
    number of lines): :func:`translate.segment.one_line`, trimmed."""
    from .segment import one_line as flatten

    return flatten(text).strip()


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold (escaping is the XML library's job)."""
    return _NOT_XML.sub("", text)


def write_moses(pairs: Sequence[SentencePair], base: str | Path, src: str = "fa", tgt: str = "en") -> None:
    """``BASE.fa`` and ``BASE.en``: one sentence a line, line-aligned."""
    with atomic_open(f"{base}.{src}") as out_src, atomic_open(f"{base}.{tgt}") as out_tgt:
        for pair in pairs:
            out_src.write(one_line(pair.source.text) + "\n")
            out_tgt.write(one_line(pair.target) + "\n")


SCORE_COLUMNS = ("similarity", "length", "numbers", "persian", "repetition", "confidence", "terms")


def _terms_field(pair: SentencePair) -> list[dict[str, object]]:
    return [{"source": t.source, "text": t.text, "start": t.start, "end": t.end, "target": t.target,
             "type": t.type, "status": t.status, "target_start": t.target_start, "target_end": t.target_end}
            for t in pair.terms]


def write_tsv(pairs: Sequence[SentencePair], path: str | Path) -> None:
    """A TSV with a header that pandas (``sep="\\t"``) and spreadsheets read without options: ids,
    offsets, source, target, every score column (``terms`` is term success), verdict, ``term_hits``
    (``text=target:status`` joined by ``; ``), word alignment."""
    with atomic_open(path) as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "doc_id", "index", "start", "end", "source", "target", *SCORE_COLUMNS,
                         "verdict", "term_hits", "alignment"])
        for p in pairs:
            scores = ["" if p.score(c) is None else f"{p.score(c):.4f}" for c in SCORE_COLUMNS]
            terms = "; ".join(f"{t.text}={t.target}:{t.status}" for t in p.terms)
            writer.writerow([p.source.id, p.source.doc_id, p.source.index, p.source.start, p.source.end,
                             one_line(p.source.text), one_line(p.target), *scores, p.verdict, terms, p.alignment])


def write_jsonl(pairs: Sequence[SentencePair], path: str | Path) -> None:
    """One JSON object per pair, scores and terms nested; loads with
    ``datasets.load_dataset("json", data_files=…)``."""
    with atomic_open(path) as out:
        for p in pairs:
            record = {"id": p.source.id, "doc_id": p.source.doc_id, "index": p.source.index,
                      "start": p.source.start, "end": p.source.end,
                      "translation": {"fa": one_line(p.source.text), "en": one_line(p.target)},
                      "scores": {c: p.score(c) for c in SCORE_COLUMNS}, "verdict": p.verdict,
                      "terms": _terms_field(p), "alignment": p.alignment, "flags": sorted(p.flags)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_tmx(pairs: Sequence[SentencePair], path: str | Path, *, signature: str, tool_version: str,
              src_lang: str = "fa", tgt_lang: str = "en") -> None:
    """TMX 1.4b: one ``tu`` per pair, scores, verdict and term hits as ``prop type="x-…"``. Text goes
    through the XML library (escaped) after dropping characters XML cannot carry."""
    from xml.etree import ElementTree as ET

    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(tmx, "header", {
        "creationtool": "persian-translate", "creationtoolversion": tool_version, "segtype": "sentence",
        "o-tmf": "persian-translate", "adminlang": "en", "srclang": src_lang, "datatype": "plaintext",
    }).append(_prop("x-signature", signature))
    body = ET.SubElement(tmx, "body")
    for p in pairs:
        tu = ET.SubElement(body, "tu", tuid=p.source.id)
        for name in SCORE_COLUMNS:
            if p.score(name) is not None:
                tu.append(_prop(f"x-{name}", f"{p.score(name):.4f}"))
        tu.append(_prop("x-verdict", p.verdict))
        for t in p.terms:
            tu.append(_prop("x-term", f"{t.text}={t.target}:{t.status}"))
        for lang, text in ((src_lang, p.source.text), (tgt_lang, p.target)):
            tuv = ET.SubElement(tu, "tuv", {"xml:lang": lang})
            ET.SubElement(tuv, "seg").text = xml_text(one_line(text))
    ET.indent(tmx)
    with atomic_open(path) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(tmx, encoding="unicode") + "\n")


def _prop(kind: str, value: str) -> object:
    from xml.etree import ElementTree as ET

    prop = ET.Element("prop", type=kind)
    prop.text = xml_text(value)
    return prop


def write_xliff(documents: Sequence[tuple[str, Sequence[SentencePair]]], path: str | Path, *,
                src_lang: str = "fa", tgt_lang: str = "en") -> None:
    """XLIFF 2.1 for CAT tools: a ``unit`` per document, a ``segment`` per pair in state ``initial``,
    the quality score as ITS ``mtConfidence`` (0–1, from the e5 similarity when there is one)."""
    from xml.etree import ElementTree as ET

    ns = "urn:oasis:names:tc:xliff:document:2.0"
    its = "http://www.w3.org/2005/11/its"
    ET.register_namespace("", ns)
    ET.register_namespace("its", its)
    root = ET.Element(f"{{{ns}}}xliff", {"version": "2.1", "srcLang": src_lang, "trgLang": tgt_lang,
                                         f"{{{its}}}version": "2.0"})
    file = ET.SubElement(root, f"{{{ns}}}file", id="f1")
    for n, (doc_id, pairs) in enumerate(documents, 1):
        unit = ET.SubElement(file, f"{{{ns}}}unit", id=f"u{n}", name=doc_id)
        for p in pairs:
            segment = ET.SubElement(unit, f"{{{ns}}}segment", id=p.source.id.replace(":", "-"), state="initial")
            ET.SubElement(segment, f"{{{ns}}}source").text = xml_text(one_line(p.source.text))
            target = ET.SubElement(segment, f"{{{ns}}}target")
            target.text = xml_text(one_line(p.target))
            confidence = p.score("similarity")
            if confidence is not None:
                target.set(f"{{{its}}}mtConfidence", f"{max(0.0, min(1.0, confidence)):.3f}")
    ET.indent(root)
    with atomic_open(path) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(root, encoding="unicode") + "\n")
