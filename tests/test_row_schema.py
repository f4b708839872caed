"""The one row schema (``translate/data/row.schema.json``): a valid, versioned JSON Schema; the Parquet
columns, the TSV header and the ``datasets`` features derived from it; every writer of the run (JSONL,
TSV, Parquet) gives rows that validate and read back the same, hostile text included.

The helpers here (:func:`validate`, :func:`read_jsonl`, :func:`read_tsv`, :func:`read_parquet`) check
the outputs of ``align`` and ``corpus build`` in their own tests."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from jsonschema import Draft202012Validator

from translate.export.jsonl import write_jsonl, write_rows
from translate.export.parquet import schema, write_parquet
from translate.export.rows import (SCHEMA_VERSION, Row, columns, from_tsv, hf_features, row_of_pair, row_schema,
                                   tsv_header)
from translate.export.tsv import write_tsv
from translate.records import Score, Sentence, SentencePair

from .export.samples import PAIRS
from .export.test_schemas import state_pairs

BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def validate(objects: list[dict[str, Any]]) -> None:
    """Every object is a row of the schema (and no text holds a tab or a break ``splitlines`` sees)."""
    assert objects, "no rows to check"
    validator = Draft202012Validator(row_schema())
    for obj in objects:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(obj)]
        assert not errors, errors[:3]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    assert not any(ch in text for ch in BREAKS.replace("\n", "")), path.name
    return [json.loads(line) for line in text.split("\n")[:-1]]


def read_tsv(path: Path) -> list[dict[str, Any]]:
    """A TSV read as the issue asks every reader to read it: Python's csv, tab, no quoting."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert lines[0] == tsv_header()
    assert all(len(cells) == len(lines[0]) for cells in lines)
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) == text.count("\n") == len(lines)  # every reader sees the same lines
    return [from_tsv(cells, lines[0]) for cells in lines[1:]]


def read_parquet(path: Path) -> list[dict[str, Any]]:
    table = pq.read_table(path)
    assert table.schema.equals(schema()) and table.schema.metadata == schema().metadata
    return table.to_pylist()


def same_rows(*tables: list[dict[str, Any]]) -> None:
    """The same rows in every format (objects compared as values: key order aside)."""
    first = tables[0]
    for other in tables[1:]:
        assert len(other) == len(first)
        for a, b in zip(first, other):
            assert a == b, {k: (a.get(k), b.get(k)) for k in a if a.get(k) != b.get(k)}


def test_the_schema_is_a_versioned_json_schema() -> None:
    data = row_schema()
    Draft202012Validator.check_schema(data)
    assert data["version"] == SCHEMA_VERSION and data["$id"].endswith(f":{SCHEMA_VERSION}")
    assert set(data["required"]) == set(data["properties"]) and data["additionalProperties"] is False


def test_formats_derive_from_the_schema() -> None:
    """Parquet columns are the schema's properties; the TSV header is the Parquet schema flattened as
    pyarrow flattens it; the datasets features name every column."""
    import pyarrow as pa

    arrow = schema()
    assert tuple(arrow.names) == columns()
    assert pa.table({n: pa.array([], type=arrow.field(n).type) for n in arrow.names}).flatten().column_names == \
        tsv_header()
    assert tsv_header()[3:5] == ["translation.en", "translation.fa"]
    assert list(hf_features()) == list(columns())
    assert json.loads(arrow.metadata[b"huggingface"])["info"]["features"] == hf_features()
    assert arrow.metadata[b"persian-translate.row_schema"] == str(SCHEMA_VERSION).encode()


def test_a_row_object_has_every_field_and_validates() -> None:
    row = Row("d:0", "d", 0, "سلام\u2028دنیا\t!", "Hello\x85world", bead_source=[0], scores={"similarity": 1})
    obj = row.to_object()
    assert list(obj) == list(columns())
    assert obj["translation"] == {"fa": "سلام دنیا !", "en": "Hello world"}
    assert obj["scores"]["similarity"] == 1.0 and isinstance(obj["scores"]["similarity"], float)
    validate([obj])
    with pytest.raises(AssertionError):  # the check can fail: a tab in a text is not a row
        validate([{**obj, "translation": {"fa": "a\tb", "en": "c"}}])


@pytest.mark.parametrize("pairs", [PAIRS, state_pairs()], ids=["samples", "every-state"])
def test_run_writers_give_the_same_valid_rows(tmp_path: Path, pairs: list[SentencePair]) -> None:
    write_jsonl(pairs, tmp_path / "p.jsonl")
    write_tsv(pairs, tmp_path / "p.tsv")
    write_parquet([row_of_pair(p) for p in pairs], tmp_path / "p.parquet")
    jsonl, tsv, parquet = read_jsonl(tmp_path / "p.jsonl"), read_tsv(tmp_path / "p.tsv"), read_parquet(tmp_path / "p.parquet")
    validate(jsonl)
    same_rows(jsonl, tsv, parquet)
    assert [r["id"] for r in jsonl] == [p.source.id for p in pairs]


def test_texts_with_tabs_and_breaks_read_back_exactly(tmp_path: Path) -> None:
    """What csv with QUOTE_NONE reads from the TSV is exactly the Parquet text, quotes and all."""
    pair = SentencePair(Sentence("d", 0, 0, 30, '"نقل قول"\tبا\u2028جداکننده'), '"Quote" \t tab\x1cseparator"',
                        scores=Score(similarity=0.123456789012345678, verdict="ok"))
    write_tsv([pair], tmp_path / "q.tsv")
    write_parquet([row_of_pair(pair)], tmp_path / "q.parquet")
    (tsv,), (parquet,) = read_tsv(tmp_path / "q.tsv"), read_parquet(tmp_path / "q.parquet")
    assert tsv["translation"] == parquet["translation"] == {"fa": '"نقل قول" با جداکننده',
                                                           "en": '"Quote"   tab separator"'}
    assert tsv["scores"]["similarity"] == parquet["scores"]["similarity"] == 0.123456789012345678


def test_row_writers_are_atomic(tmp_path: Path) -> None:
    def rows():
        yield Row("d:0", "d", 0, "یک", "one")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_rows(rows(), tmp_path / "r.jsonl")
    with pytest.raises(RuntimeError):
        write_parquet(rows(), tmp_path / "r.parquet")
    assert list(tmp_path.iterdir()) == []


def test_a_row_becomes_a_pair_for_the_tmx_writer() -> None:
    row = replace(row_of_pair(PAIRS[0]), state="aligned")
    pair = row.as_pair()
    assert (pair.source.id, pair.target, pair.verdict, pair.state) == (row.id, row.en, "ok", "aligned")
    assert pair.score("similarity") == 0.91 and pair.terms[0].target == "Gaza"
