"""Parquet: the one schema of every parallel dataset this project writes (``translate run --formats
parquet`` and ``translate corpus build``), with fixed types — a score that was not computed is ``null``,
never absent — and the Hugging Face ``datasets`` features in the file's metadata, so
``load_dataset("parquet", …)`` gives a ``Translation`` column. Written a row group at a time (pyarrow),
so memory does not grow with the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..qe.explain import explain
from ..records import QE_COLUMNS, SentencePair
from .atomic import AtomicFile
from .base import DocumentInfo, RunInfo
from .safe import clean, clean_strings, line

#: Rows buffered before a row group is written.
ROW_GROUP = 2000


def schema(src_lang: str = "fa", tgt_lang: str = "en") -> Any:
    """The pyarrow schema, with the ``datasets`` features as metadata."""
    import pyarrow as pa

    # datasets' Translation feature is a struct of the languages in sorted order, every field nullable;
    # a column whose arrow type differs from the feature's loses the feature on loading
    langs = sorted((src_lang, tgt_lang))
    fields = [
        pa.field("id", pa.string()),
        pa.field("doc_id", pa.string()),
        pa.field("index", pa.int32()),
        pa.field("translation", pa.struct([pa.field(lang, pa.string()) for lang in langs])),
        pa.field("source_start", pa.int32()),
        pa.field("source_end", pa.int32()),
        pa.field("bead_source", pa.list_(pa.int32())),
        pa.field("bead_target", pa.list_(pa.int32())),
        *(pa.field(c, pa.float64()) for c in QE_COLUMNS),
        pa.field("verdict", pa.string()),
        pa.field("reasons", pa.list_(pa.string())),
        pa.field("state", pa.string()),
        pa.field("provenance", pa.string()),
    ]
    value = lambda dtype: {"dtype": dtype, "_type": "Value"}  # noqa: E731
    features = {"id": value("string"), "doc_id": value("string"), "index": value("int32"),
                "translation": {"languages": [src_lang, tgt_lang], "_type": "Translation"},
                "source_start": value("int32"), "source_end": value("int32"),
                "bead_source": {"feature": value("int32"), "_type": "Sequence"},
                "bead_target": {"feature": value("int32"), "_type": "Sequence"},
                **{c: value("float64") for c in QE_COLUMNS}, "verdict": value("string"),
                "reasons": {"feature": value("string"), "_type": "Sequence"}, "state": value("string"),
                "provenance": value("string")}
    meta = {"huggingface": json.dumps({"info": {"features": features}})}
    return pa.schema(fields, metadata=meta)


@dataclass(slots=True)
class Row:
    """One pair as the schema holds it."""

    id: str
    doc_id: str
    index: int
    source: str
    target: str
    source_start: int | None = None
    source_end: int | None = None
    bead_source: list[int] = field(default_factory=list)
    bead_target: list[int] = field(default_factory=list)
    scores: dict[str, float | None] = field(default_factory=dict)
    verdict: str = "ok"
    reasons: list[str] = field(default_factory=list)
    state: str = "machine"
    provenance: str = ""


def row_of(pair: SentencePair, provenance: str = "") -> Row:
    """A run's pair as a row (its bead is its own sentence)."""
    fa, en = line(pair.source.text), line(pair.target)
    return Row(pair.source.id, pair.source.doc_id, pair.source.index, fa, en, pair.source.start, pair.source.end,
               [pair.source.index], [pair.source.index], pair.scores.columns(QE_COLUMNS), pair.verdict,
               list(explain(fa, en, pair.scores, pair.terms)), pair.state, provenance)


class ParquetWriter:
    """A Parquet file written a row group at a time, atomically."""

    def __init__(self, path: str | Path, *, src_lang: str = "fa", tgt_lang: str = "en") -> None:
        import pyarrow.parquet as pq

        self.file = AtomicFile(path, binary=True)
        self.schema = schema(src_lang, tgt_lang)
        self.langs = (src_lang, tgt_lang)
        self.writer = pq.ParquetWriter(self.file.handle, self.schema, compression="zstd")
        self.rows: list[Row] = []
        self.count = 0

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if not self.rows:
            return
        rows, self.rows = self.rows, []
        # Every string cleaned (see safe.clean): a corpus row's text comes from line-aligned files, which
        # keep U+2028 and form feeds inside their lines; a reader turning this file into Moses must not
        # find them.
        columns: dict[str, list[Any]] = {
            "id": [clean(r.id) for r in rows], "doc_id": [clean(r.doc_id) for r in rows],
            "index": [r.index for r in rows],
            "translation": [{self.langs[0]: clean(r.source), self.langs[1]: clean(r.target)} for r in rows],
            "source_start": [r.source_start for r in rows], "source_end": [r.source_end for r in rows],
            "bead_source": [r.bead_source for r in rows], "bead_target": [r.bead_target for r in rows],
            **{c: [r.scores.get(c) for r in rows] for c in QE_COLUMNS},
            "verdict": [clean(r.verdict) for r in rows], "reasons": [clean_strings(r.reasons) for r in rows],
            "state": [clean(r.state) for r in rows], "provenance": [clean(r.provenance) for r in rows]}
        self.writer.write_table(pa.Table.from_pydict(columns, schema=self.schema))

    def commit(self) -> None:
        self.flush()
        self.writer.close()
        self.file.commit()

    def abort(self) -> None:
        try:
            self.writer.close()
        finally:
            self.file.abort()


def write_parquet(rows: Iterable[Row], path: str | Path, *, src_lang: str = "fa", tgt_lang: str = "en") -> int:
    writer = ParquetWriter(path, src_lang=src_lang, tgt_lang=tgt_lang)
    try:
        for row in rows:
            writer.add(row)
    except BaseException:
        writer.abort()
        raise
    writer.commit()
    return writer.count


class ParquetExporter:
    """``corpus.parquet``: the run's pairs (one file; ``datasets`` reads it as a ``train`` split)."""

    def __init__(self, info: RunInfo) -> None:
        self.writer = ParquetWriter(info.outdir / "corpus.parquet", src_lang=info.src_lang, tgt_lang=info.tgt_lang)
        self.provenance = ""

    def start_document(self, doc: DocumentInfo) -> None:
        self.provenance = doc.doc_id

    def pair(self, pair: SentencePair) -> None:
        self.writer.add(row_of(pair, self.provenance))

    def end_document(self) -> None:
        pass

    def commit(self) -> None:
        self.writer.commit()

    def abort(self) -> None:
        self.writer.abort()


def exporter(info: RunInfo) -> ParquetExporter:
    return ParquetExporter(info)
