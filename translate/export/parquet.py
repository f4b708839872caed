"""Parquet: the row schema (:mod:`.rows`) of every parallel dataset this project writes (``translate run
--formats parquet`` and ``translate corpus build``), with fixed types — a score that was not computed
is ``null``, never absent — the Hugging Face ``datasets`` features in the file's metadata, so
``load_dataset("parquet", …)`` gives a ``Translation`` column, and the schema's version beside them.
Written a row group at a time (pyarrow), so memory does not grow with the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..records import SentencePair
from .atomic import AtomicFile
from .base import DocumentInfo, RunInfo
from .rows import PARQUET_KEY, SCHEMA_VERSION, Row, kind_of, struct_fields, hf_features, row_of_pair, row_schema

#: Rows buffered before a row group is written.
ROW_GROUP = 2000

__all__ = ["ParquetWriter", "Row", "row_of", "schema", "write_parquet"]


def _arrow(spec: Mapping[str, Any]) -> Any:
    import pyarrow as pa

    kind = kind_of(spec)
    if kind == "object":
        # datasets' Translation feature is a struct of the languages in sorted order: a column whose
        # arrow type differs from the feature's loses the feature on loading
        return pa.struct([pa.field(name, _arrow(spec["properties"][name])) for name in struct_fields(spec)])
    if kind == "array":
        return pa.list_(_arrow(spec["items"]))
    return {"string": pa.string(), "integer": pa.int32(), "number": pa.float64()}[kind]


def schema(src_lang: str = "fa", tgt_lang: str = "en") -> Any:
    """The pyarrow schema of a row (from ``row.schema.json``), with the ``datasets`` features and the
    row schema's version as metadata. (The languages are the schema's, ``fa`` and ``en``; the
    arguments stay for callers of earlier versions.)"""
    import pyarrow as pa

    properties = row_schema()["properties"]
    meta = {"huggingface": json.dumps({"info": {"features": hf_features()}}),
            PARQUET_KEY.decode(): str(SCHEMA_VERSION)}
    return pa.schema([pa.field(name, _arrow(spec)) for name, spec in properties.items()], metadata=meta)


def row_of(pair: SentencePair, provenance: str = "") -> Row:
    """A run's pair as a row (see :func:`~translate.export.rows.row_of_pair`)."""
    row = row_of_pair(pair)
    if provenance:
        from dataclasses import replace

        row = replace(row, provenance=provenance)
    return row


class ParquetWriter:
    """A Parquet file written a row group at a time, atomically."""

    def __init__(self, path: str | Path, *, src_lang: str = "fa", tgt_lang: str = "en") -> None:
        import pyarrow.parquet as pq

        self.file = AtomicFile(path, binary=True)
        self.schema = schema(src_lang, tgt_lang)
        try:
            self.writer = pq.ParquetWriter(self.file.handle, self.schema, compression="zstd")
        except BaseException:
            self.file.abort()
            raise
        self.rows: list[Row] = []
        self.count = 0
        #: Bytes of the rows written, in Arrow's memory (what ``datasets`` counts as a split's ``num_bytes``).
        self.nbytes = 0

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
        # Every string cleaned (Row.to_object): a corpus row's text comes from line-aligned files, which
        # keep U+2028 and form feeds inside their lines; a reader turning this file into Moses must not
        # find them.
        table = pa.Table.from_pylist([r.to_object() for r in rows], schema=self.schema)
        self.nbytes += table.nbytes
        self.writer.write_table(table)

    def commit(self) -> None:
        try:
            self.flush()
            self.writer.close()
        except BaseException:
            self.abort()
            raise
        self.file.commit()

    def abort(self) -> None:
        """Remove the temporary file (a failure of pyarrow's own closing does not keep it)."""
        try:
            self.writer.close()
        except Exception:  # noqa: BLE001 - the file is being thrown away; its own error is already raised
            pass
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

    def start_document(self, doc: DocumentInfo) -> None:
        pass

    def pair(self, pair: SentencePair) -> None:
        self.writer.add(row_of_pair(pair))

    def end_document(self) -> None:
        pass

    def commit(self) -> None:
        self.writer.commit()

    def abort(self) -> None:
        self.writer.abort()


def exporter(info: RunInfo) -> ParquetExporter:
    return ParquetExporter(info)
