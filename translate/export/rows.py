"""The one row schema of every record-shaped output: a sentence pair as the run's JSONL, TSV and Parquet,
``translate align``'s JSONL and TSV and ``translate corpus build``'s Parquet, JSONL and TSV hold it.

The schema is written down once, as a versioned JSON Schema shipped with the package
(``translate/data/row.schema.json``, :func:`row_schema`); the Parquet columns, the Hugging Face
``datasets`` features and the TSV header are derived from it here, so the formats cannot drift apart:

- JSONL: :meth:`Row.to_object`, the schema as it is;
- Parquet: the same columns (integers int32, numbers float64, objects structs, arrays lists;
  ``translation`` the ``datasets`` Translation feature, a struct of its languages in sorted order);
- TSV: a header of the Parquet columns flattened as pyarrow flattens them (``translation.en``,
  ``scores.similarity``), then one line per row, no quoting (Python's ``csv`` with ``delimiter="\\t",
  quoting=csv.QUOTE_NONE`` gives back exactly the texts): an empty cell for null, numbers as Python
  writes them (:func:`repr`, so they read back exactly), arrays as compact JSON (:func:`tsv_cells`,
  :func:`from_tsv`).

Every text of a row is one clean line without a tab (:func:`text`): no cell can hold a delimiter or
a line break, by construction.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..qe.explain import explain, explain_pair
from ..records import QE_COLUMNS, Score, Sentence, SentencePair, TermHit
from .base import once_per_pair
from .safe import cell, line

if TYPE_CHECKING:
    from ..align.documents import AlignedRow

#: The version of ``row.schema.json`` (its ``version``): a change of a field's name, type or nesting
#: is a new version.
SCHEMA_VERSION = 1
#: Where the version is written in a Parquet file's metadata (beside ``datasets``' ``huggingface``).
PARQUET_KEY = b"persian-translate.row_schema"
#: Key order of a glossary term.
TERM_FIELDS = ("source", "text", "start", "end", "target", "type", "status", "target_start", "target_end")
#: The review state of a human translation aligned to its source (``align``, ``corpus build``).
ALIGNED = "aligned"
#: The reason given to a bead with one side empty.
UNALIGNED = "not aligned to a sentence of the other side"


@functools.cache
def row_schema() -> dict[str, Any]:
    """The JSON Schema of a row (``translate/data/row.schema.json``)."""
    data = resources.files("translate").joinpath("data", "row.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(data)
    return schema


def columns() -> tuple[str, ...]:
    """The top-level fields, in order: JSONL keys and Parquet columns."""
    return tuple(row_schema()["properties"])


def text(value: str) -> str:
    """A text of a row: one clean, trimmed line (see :func:`~translate.export.safe.line`) without a tab
    (a tab becomes a space: a TSV cell cannot hold one)."""
    return line(value.replace("\t", " "))


@dataclass(frozen=True, slots=True)
class Row:
    """One pair as the schema holds it (see ``row.schema.json`` for each field's meaning)."""

    id: str
    doc_id: str
    index: int
    fa: str
    en: str
    source_start: int | None = None
    source_end: int | None = None
    bead_source: Sequence[int] = ()
    bead_target: Sequence[int] = ()
    alignment_score: float | None = None
    scores: Mapping[str, float | None] = field(default_factory=dict)
    verdict: str = "ok"
    reasons: Sequence[str] = ()
    state: str = "machine"
    terms: Sequence[Mapping[str, Any]] = ()
    alignment: str = ""
    flags: Sequence[str] = ()
    provenance: str = ""

    def to_object(self) -> dict[str, Any]:
        """The row as a JSON object (a JSONL line), every string clean."""
        return {
            "id": cell(self.id), "doc_id": cell(self.doc_id), "index": self.index,
            "translation": {"fa": text(self.fa), "en": text(self.en)},
            "source_start": self.source_start, "source_end": self.source_end,
            "bead_source": list(self.bead_source), "bead_target": list(self.bead_target),
            "alignment_score": _number(self.alignment_score),
            "scores": {c: _number(self.scores.get(c)) for c in QE_COLUMNS},
            "verdict": self.verdict, "reasons": [cell(r) for r in self.reasons], "state": self.state,
            "terms": [{k: cell(t[k]) if isinstance(t[k], str) else t[k] for k in TERM_FIELDS} for t in self.terms],
            "alignment": cell(self.alignment), "flags": [cell(f) for f in self.flags],
            "provenance": cell(self.provenance),
        }

    def as_pair(self) -> SentencePair:
        """The row as a :class:`SentencePair` (for the TMX writer the run uses)."""
        return SentencePair(
            Sentence(self.doc_id, self.index, self.source_start or 0, self.source_end or 0, self.fa), self.en,
            scores=Score(**{c: self.scores.get(c) for c in QE_COLUMNS}, verdict=self.verdict),
            terms=tuple(TermHit.from_dict(dict(t)) for t in self.terms), alignment=self.alignment,
            flags=frozenset(self.flags), state=self.state)


def _number(value: float | None) -> float | None:
    """A number of the schema: a float (JSON writes ``1.0``, as Parquet's float64 reads back), or null."""
    return None if value is None else float(value)


# The TSV, JSONL and Parquet writers of a run take the same pair in turn.
@once_per_pair
def row_of_pair(pair: SentencePair) -> Row:
    """A run's pair as a row: its bead is its own sentence; the reasons in words (a row is immutable:
    callers share it)."""
    fa, en = text(pair.source.text), text(pair.target)
    return Row(pair.source.id, pair.source.doc_id, pair.source.index, fa, en, pair.source.start, pair.source.end,
               [pair.source.index], [pair.source.index], None, pair.scores.columns(QE_COLUMNS), pair.verdict,
               list(explain_pair(pair, fa, en)), pair.state, [t.to_dict() for t in pair.terms],
               pair.alignment, sorted(pair.flags), pair.source.doc_id)


@once_per_pair  # the TSV and the JSONL of a run both take it
def object_of_pair(pair: SentencePair) -> dict[str, Any]:
    """:func:`row_of_pair` as a row object (:meth:`Row.to_object`); callers must not change it."""
    return row_of_pair(pair).to_object()


def row_of_bead(doc_id: str, k: int, bead: AlignedRow, score: Score | None, provenance: str) -> Row:
    """Bead ``k`` of an aligned document as a row: ``score`` is its quality estimation (``None`` for a
    bead with one side empty: verdict ``bad``); the model's word links when a model scored it."""
    fa, en = text(bead.fa), text(bead.en)
    if score is None:
        scores: dict[str, float | None] = {}
        verdict, reasons = "bad", [UNALIGNED]
    else:
        scores, verdict, reasons = score.columns(QE_COLUMNS), score.verdict, list(explain(fa, en, score))
    return Row(f"{doc_id}:{k}", doc_id, k, fa, en, None, None, list(bead.bead.src), list(bead.bead.tgt),
               bead.bead.score, scores, verdict, reasons, ALIGNED, [], bead.extra.get("alignment", ""), [],
               provenance)


# --- what the other formats derive from the schema ----------------------------------------------------

def kind_of(spec: Mapping[str, Any]) -> str:
    """The JSON type of a property: ``string``, ``integer``, ``number``, ``object`` or ``array``."""
    if "$ref" in spec or "enum" in spec:
        return "string"
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    return next(k for k in kinds if k != "null")


def struct_fields(spec: Mapping[str, Any]) -> list[str]:
    """An object's fields in column order: a Translation's languages sorted (as ``datasets`` orders
    them), any other object's as written."""
    names = list(spec["properties"])
    return sorted(names) if spec.get("x-feature") == "Translation" else names


@functools.lru_cache(maxsize=1)
def flat_columns() -> tuple[tuple[str, str], ...]:
    """``(name, kind)`` of every TSV column: the Parquet columns flattened (objects into their fields)."""
    out: list[tuple[str, str]] = []
    for name, spec in row_schema()["properties"].items():
        if kind_of(spec) == "object":
            out += [(f"{name}.{sub}", kind_of(spec["properties"][sub])) for sub in struct_fields(spec)]
        else:
            out.append((name, kind_of(spec)))
    return tuple(out)


def tsv_header() -> list[str]:
    return [name for name, _ in flat_columns()]


# One encoder for every cell (json.dumps with options builds a new one each call).
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "array":
        return _COMPACT(value) if value else "[]"
    if kind == "number":
        return repr(float(value))
    return str(value)


@functools.lru_cache(maxsize=1)
def _cell_paths() -> tuple[tuple[str, str, str], ...]:
    """``(column, field or "", kind)`` of every TSV column, split once."""
    return tuple((*name.partition(".")[::2], kind) for name, kind in flat_columns())


def tsv_cells(obj: Mapping[str, Any]) -> list[str]:
    """The cells of a row object (:meth:`Row.to_object`) in :func:`tsv_header` order."""
    return [_cell(obj[top][sub] if sub else obj[top], kind) for top, sub, kind in _cell_paths()]


def from_tsv(cells: Sequence[str], header: Sequence[str] | None = None) -> dict[str, Any]:
    """A TSV line's cells (split on tabs) back as the row object they were written from."""
    kinds = dict(flat_columns())
    obj: dict[str, Any] = {}
    for name, value in zip(header or tsv_header(), cells, strict=True):
        kind = kinds[name]
        parsed: Any
        if kind == "array":
            parsed = json.loads(value)
        elif kind in ("integer", "number"):
            parsed = None if value == "" else int(value) if kind == "integer" else float(value)
        else:
            parsed = value
        top, _, sub = name.partition(".")
        if sub:
            obj.setdefault(top, {})[sub] = parsed
        else:
            obj[top] = parsed
    return obj


_HF_DTYPES = {"string": "string", "integer": "int32", "number": "float64"}


def _hf(spec: Mapping[str, Any]) -> Any:
    """A property as a ``datasets`` feature (its JSON form, as ``Features.to_dict`` writes it)."""
    kind = kind_of(spec)
    if spec.get("x-feature") == "Translation":
        return {"languages": list(spec["x-languages"]), "_type": "Translation"}
    if kind == "object":
        return {name: _hf(sub) for name, sub in spec["properties"].items()}
    if kind == "array":
        return {"feature": _hf(spec["items"]), "_type": "List"}
    return {"dtype": _HF_DTYPES[kind], "_type": "Value"}


def hf_features() -> dict[str, Any]:
    """The ``datasets`` features of a row (what a Parquet file's ``huggingface`` metadata holds)."""
    return {name: _hf(spec) for name, spec in row_schema()["properties"].items()}


def _hf_yaml(name: str | None, spec: Mapping[str, Any]) -> Any:
    """A property as a dataset card's YAML ``features`` entry (as ``datasets`` writes a card)."""
    kind = kind_of(spec)
    entry: dict[str, Any] = {"name": name} if name is not None else {}
    if spec.get("x-feature") == "Translation":
        entry["dtype"] = {"translation": {"languages": list(spec["x-languages"])}}
    elif kind == "object":
        entry["struct"] = [_hf_yaml(sub, s) for sub, s in spec["properties"].items()]
    elif kind == "array":
        item = spec["items"]
        entry["list"] = (_HF_DTYPES[kind_of(item)] if kind_of(item) not in ("object", "array")
                         else [_hf_yaml(sub, s) for sub, s in item["properties"].items()])
    else:
        entry["dtype"] = _HF_DTYPES[kind]
    return entry


def hf_yaml_features() -> list[dict[str, Any]]:
    """The ``features`` list of a dataset card's ``dataset_info``."""
    return [_hf_yaml(name, spec) for name, spec in row_schema()["properties"].items()]


def field_list() -> list[tuple[str, str, str]]:
    """``(field, type, description)`` of every column, for a dataset card."""
    out = []
    for name, spec in row_schema()["properties"].items():
        kind = kind_of(spec)
        if spec.get("x-feature") == "Translation":
            kind = "translation {" + ", ".join(spec["x-languages"]) + "}"
        elif kind == "object":
            kind = "struct {" + ", ".join(spec["properties"]) + "}"
        elif kind == "array":
            kind = f"list of {kind_of(spec['items'])}"
        nullable = isinstance(spec.get("type"), list) and "null" in spec["type"]
        out.append((name, kind + (" or null" if nullable else ""), spec.get("description", "")))
    return out


def objects(rows: Iterable[Row]) -> Iterable[dict[str, Any]]:
    return (row.to_object() for row in rows)
