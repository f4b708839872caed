"""What a corpus build publishes in its folder, every split named ``train``, ``validation`` or ``test``:

- ``data/{split}-NNNNN-of-NNNNN.parquet``: the dataset, in the row schema (:mod:`translate.export.rows`);
- ``jsonl/NAME-{split}.jsonl`` and ``tsv/NAME-{split}.tsv``: the same rows (JSONL keys are the Parquet
  columns; the TSV header is the Parquet columns flattened, no quoting);
- ``moses/NAME-{split}.en-fa.{fa,en}`` (OPUS-style names), one sentence a line;
- ``tmx/NAME.tmx``: a translation memory of the kept pairs with the verdict ``ok`` (``[tmx] include``
  adds ``review``/``bad``), through the run's TMX writer, the verdict in a ``prop``;
- ``rejected.jsonl``: every input file set aside and every pair removed, with the reason;
- ``README.md``: a dataset card — YAML front matter the Hugging Face Hub reads (licence, languages, task,
  size, ``configs``, ``dataset_info`` with the features and split sizes), then sources, filter rules
  with their thresholds, deduplication, counts per reason, the fields, the split method and how to
  reproduce the build;
- ``config.toml`` (the rules the build ran under, complete), ``stats.html`` and ``manifest.json``.

Every file is written as the store is read, a batch at a time, and atomically: a failure leaves no
temporary file behind (:mod:`translate.export.atomic`).
"""

from __future__ import annotations

import datetime
import html
import json
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..export.atomic import AtomicFile, atomic_open
from ..export.jsonl import RowJsonlWriter, dumps
from ..export.parquet import ParquetWriter
from ..export.rows import ALIGNED, SCHEMA_VERSION, Row, field_list, hf_yaml_features
from ..export.tmx import TmxWriter
from ..export.tsv import RowTsvWriter
from .config import CorpusConfig
from .store import CorpusStore, Select, StoredPair

SPLITS = ("train", "validation", "test")
#: Rows per Parquet shard.
SHARD_ROWS = 100_000
#: Histograms of the statistics page: column, label, bins (lower edges), kept pairs only.
HISTOGRAMS = (
    ("fa_words", "Persian words", [0, 5, 10, 15, 20, 30, 40, 60, 80, 100]),
    ("en_words", "English words", [0, 5, 10, 15, 20, 30, 40, 60, 80, 100]),
    ("similarity", "similarity (e5)", [0.75, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.92, 0.94]),
    ("length", "length deviation (σ)", [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3]),
)
#: Each filter rule of the config: the reason its removals are counted under, and what it does.
RULES = (
    ("unaligned", "unaligned", "a bead with one side empty"),
    ("min_words", "too short", "fewer words than this on either side"),
    ("max_words", "too long", "more words than this on either side"),
    ("max_length_deviation", "length ratio", "length deviation above this (standard deviations)"),
    ("copied", "copied", "the English is the Persian"),
    ("max_untranslated", "untranslated", "share of the English letters in Persian script above this"),
    ("boilerplate", "boilerplate", "either side matches one of these patterns"),
    ("min_similarity", "similarity", "e5 similarity below this"),
    ("min_numbers", "numbers", "number agreement below this"),
    ("max_repetition", "repetition", "share of repeated word 3-grams above this"),
    ("min_alignment", "alignment score", "the aligner's bead score below this"),
)


def row_of(p: StoredPair, provenance: str) -> Row:
    """A stored pair as a row of the schema."""
    return Row(f"{p.doc_id}:{p.k}", p.doc_id, p.k, p.fa, p.en, p.source_start, p.source_end, p.bead_source,
               p.bead_target, p.alignment, p.scores, p.verdict, p.reasons, ALIGNED, (), "", (), provenance)


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` value for ``n`` rows."""
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                        (10_000_000, "1M<n<10M")):
        if n < limit:
            return name
    return "10M<n<100M"


class _Histogram:
    def __init__(self, edges: list[float]) -> None:
        self.edges, self.counts = edges, [0] * len(edges)

    def add(self, value: float | None) -> None:
        if value is None:
            return
        k = max((i for i, e in enumerate(self.edges) if value >= e), default=0)
        self.counts[k] += 1

    def svg(self, label: str) -> str:
        top = max(self.counts) or 1
        bars = "".join(
            f'<rect x="{40 + i * 36}" y="{130 - 110 * c / top:.1f}" width="30" height="{110 * c / top:.1f}" fill="#5c6bc0">'
            f'<title>{e}+: {c}</title></rect><text x="{55 + i * 36}" y="146" font-size="10" text-anchor="middle">{e}</text>'
            for i, (e, c) in enumerate(zip(self.edges, self.counts)))
        return (f'<figure><svg width="{60 + 36 * len(self.edges)}" height="160" role="img" '
                f'aria-label="{html.escape(label)}">{bars}</svg><figcaption>{html.escape(label)} '
                f'(max {top})</figcaption></figure>')


def _provenance(store: CorpusStore) -> dict[str, str]:
    return {doc_id: f"{fa} | {en}" for doc_id, fa, en, _ in store.documents()}


class _Files:
    """Every file being written, so that a failure anywhere removes every temporary file."""

    def __init__(self) -> None:
        self.open: list[Any] = []

    def add(self, writer: Any) -> Any:
        self.open.append(writer)
        return writer

    def abort(self) -> None:
        for writer in self.open:
            writer.abort()


def _write_split(store: CorpusStore, out: Path, split: str, name: str, provenance: dict[str, str],
                 histograms: dict[str, _Histogram], tmx: TmxWriter, tmx_verdicts: set[str], files: _Files
                 ) -> dict[str, Any]:
    total = store.count(Select(split=split))
    shards = max(1, -(-total // SHARD_ROWS))
    parquet = [f"data/{split}-{k:05d}-of-{shards:05d}.parquet" for k in range(shards)]
    written_files = {"parquet": parquet, "jsonl": f"jsonl/{name}-{split}.jsonl", "tsv": f"tsv/{name}-{split}.tsv",
                     "moses": [f"moses/{name}-{split}.en-fa.fa", f"moses/{name}-{split}.en-fa.en"]}
    fa = files.add(AtomicFile(out / written_files["moses"][0]))
    en = files.add(AtomicFile(out / written_files["moses"][1]))
    jsonl = files.add(RowJsonlWriter(out / written_files["jsonl"]))
    tsv = files.add(RowTsvWriter(out / written_files["tsv"]))
    writer = files.add(ParquetWriter(out / parquet[0]))
    written, shard, nbytes = 0, 0, 0
    for p in store.pairs(Select(split=split), order="doc_id, k"):
        if written and written % SHARD_ROWS == 0:
            writer.commit()
            nbytes += writer.nbytes
            shard += 1
            writer = files.add(ParquetWriter(out / parquet[shard]))
        row = row_of(p, provenance.get(p.doc_id, ""))
        obj = row.to_object()
        writer.add(row)
        jsonl.add(row)
        tsv.add(row)
        fa.write(obj["translation"]["fa"] + "\n")
        en.write(obj["translation"]["en"] + "\n")
        if row.verdict in tmx_verdicts:
            tmx.add(row.as_pair())
        written += 1
        histograms["fa_words"].add(len(p.fa.split()))
        histograms["en_words"].add(len(p.en.split()))
        histograms["similarity"].add(p.scores.get("similarity"))
        histograms["length"].add(p.scores.get("length"))
    for done in (writer, jsonl, tsv, fa, en):
        done.commit()
    written_files["num_bytes"] = nbytes + writer.nbytes
    written_files["download_size"] = sum((out / name).stat().st_size for name in parquet)
    return written_files


def _write_rejected(store: CorpusStore, out: Path, result: Any, provenance: dict[str, str]) -> None:
    """Every input set aside (``{"doc_id", "path", "removed_by": "input: …"}``), then every pair removed
    (its row, with ``removed_by``: the rule, or the pair it duplicates)."""
    with atomic_open(out / "rejected.jsonl") as handle:
        for refused in result.refused:
            handle.write(dumps({"doc_id": refused.doc_id, "path": refused.path,
                                "removed_by": f"input: {refused.reason}"}))
        for p in store.pairs(Select(dropped=True)):
            why = p.rejected or f"duplicate of pair {p.duplicate_of}"
            handle.write(dumps({**row_of(p, provenance.get(p.doc_id, "")).to_object(), "removed_by": why}))


def _setting(value: Any) -> str:
    if value is False:
        return "off"
    if value is True:
        return "on"
    if isinstance(value, tuple):
        return "<br>".join(f"`{v}`" for v in value) or "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _cell(text: str) -> str:
    """Text in a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def command(inputs: Sequence[str], out: Path) -> str:
    """The command that builds the same dataset again (with the config written beside it)."""
    return " ".join(["translate corpus build", *map(shlex.quote, inputs), "-o", shlex.quote(str(out)), "-c",
                     shlex.quote(str(out / "config.toml"))])


def _front_matter(config: CorpusConfig, result: Any, files: dict[str, Any]) -> str:
    """The card's YAML header: what the Hub reads (and ``datasets.load_dataset`` follows)."""
    import yaml

    splits = [s for s in SPLITS if result.splits.get(s)]
    header = {
        "language": ["fa", "en"], "license": config.dataset.license, "task_categories": ["translation"],
        "size_categories": [size_category(result.kept)], "pretty_name": config.dataset.name,
        "configs": [{"config_name": "default", "data_files": [
            {"split": s, "path": f"data/{s}-*.parquet"} for s in splits]}],
        "dataset_info": {"config_name": "default", "features": hf_yaml_features(),
                         "splits": [{"name": s, "num_bytes": files[s]["num_bytes"], "num_examples": result.splits[s]}
                                    for s in splits],
                         "download_size": sum(files[s]["download_size"] for s in splits),
                         "dataset_size": sum(files[s]["num_bytes"] for s in splits)},
    }
    return "---\n" + yaml.safe_dump(header, allow_unicode=True, sort_keys=False) + "---\n"


def _sources(config: CorpusConfig) -> str:
    rows = "\n".join(f"| {_cell(s.name)} | {_cell(s.url) or '—'} | {_cell(s.license) or '(not given)'} | "
                     f"{_cell(s.attribution) or '—'} |" for s in config.sources)
    if not rows:
        return ("The builder named no source: add `[[sources]]` tables (name, url, license, attribution) to the "
                "config, and check each source's terms before publishing.")
    return "| source | where | licence | attribution |\n| --- | --- | --- | --- |\n" + rows


def _splits(config: CorpusConfig, result: Any) -> str:
    unit = ("the document" if result.units == "documents" else
            f"a block of {result.units.split(' of ')[1].removesuffix(' lines')} consecutive lines")
    return ("| split | pairs |\n| --- | --- |\n"
            + "\n".join(f"| {s} | {result.splits[s]} |" for s in SPLITS if s in result.splits)
            + f"\n\nThe unit of the splits is {unit}: each unit with kept pairs goes to a split by a SHA-256 hash "
            f"of its id and the seed `{config.split.seed}` (shares: validation {config.split.validation:g}, test "
            f"{config.split.test:g}), so no unit spans two splits; a requested split the hash leaves empty takes the "
            "unit of the nearest hash. Near-duplicates are removed before splitting, across the whole corpus.")


def _filtering(config: CorpusConfig, result: Any) -> str:
    f, d = config.filters, config.dedup
    rules = "\n".join(f"| `{key}` | {_cell(_setting(getattr(f, key)))} | {what} | {result.rejected.get(reason, 0)} |"
                      for key, reason, what in RULES)
    duplicates = ", ".join(f"{k} {v}" for k, v in result.duplicates.items()) or "none"
    return ("The first rule that applies removes a pair (in this order):\n\n"
            "| rule | setting | removes | pairs removed |\n| --- | --- | --- | --- |\n" + rules + "\n\n"
            "## Deduplication\n\n"
            f"Exact duplicates (after normalization) {'on' if d.exact else 'off'}; the same Persian or the same "
            f"English with another partner {'on' if d.exact and d.sides else 'off'}; near-duplicates "
            f"{'on' if d.near else 'off'} (MinHash over character 5-grams of both sides, {d.num_perm} permutations, "
            f"estimated Jaccard similarity ≥ {d.near_threshold:g}). Each group keeps its best-formed pair: the best "
            "verdict, then the fewest spacing defects (`word .`, `« word »`), then the highest quality score. "
            f"Removed: {duplicates}.")


def _inputs(result: Any) -> str:
    refused = "".join(f"\n- `{_cell(r.path)}`: {_cell(r.reason)}" for r in result.refused[:20])
    if len(result.refused) > 20:
        refused += f"\n- … and {len(result.refused) - 20} more (all in `rejected.jsonl`)"
    return (f"{len(result.refused)} input files set aside{':' if result.refused else '.'}{refused}\n\n"
            f"{result.cleaned} characters of the inputs were replaced on the way in (control characters, line "
            "breaks that `str.splitlines` sees, tabs): no text in this dataset holds one.\n\n"
            "Every removed pair and every input set aside is in `rejected.jsonl`, with its reason.")


def card(config: CorpusConfig, result: Any, files: dict[str, Any], inputs: Sequence[str] = (),
         out: Path = Path("OUT")) -> str:
    """The dataset card: YAML front matter (what the Hub reads) and the text a user looks for."""
    name = config.dataset.name
    fields_table = "\n".join(f"| `{n}` | {_cell(t)} | {_cell(desc)} |" for n, t, desc in field_list())
    return (
        _front_matter(config, result, files) + f"\n# {name}\n\n"
        + (f"{config.dataset.description}\n\n" if config.dataset.description else "")
        + f"Persian–English sentence pairs aligned from {result.documents} document pairs with persian-translate "
        f"{__version__} (`translate corpus build`): {result.pairs} aligned pairs, {result.kept} kept after "
        "filtering and deduplication.\n\n"
        f"## Sources\n\n{_sources(config)}\n\nLicence of the dataset: `{config.dataset.license}` (as given by the "
        "builder).\n\n"
        f"## Splits\n\n{_splits(config, result)}\n\n"
        f"## Filtering\n\n{_filtering(config, result)}\n\n"
        f"## Inputs\n\n{_inputs(result)}\n\n"
        f"## Fields (row schema version {SCHEMA_VERSION})\n\n| field | type | meaning |\n| --- | --- | --- |\n"
        + fields_table + "\n\n"
        "The same rows are in `jsonl/` (JSON Lines) and `tsv/` (a header of the columns flattened — "
        "`translation.en`, `translation.fa`, `scores.similarity`, … — no quoting; arrays as JSON); the "
        "sentences in `moses/`, and a translation memory of the `ok` pairs in `tmx/`.\n\n"
        "## Loading\n\n```python\nfrom datasets import load_dataset\n\n"
        f"ds = load_dataset(\"path/to/{name}\")  # this folder\n```\n\n"
        f"## Reproducing\n\n```\n{command(inputs, out)}\n```\n\n"
        f"Config fingerprint (SHA-256 of its rules): `{config.fingerprint()}`; persian-translate {__version__}.\n")


def publish(store: CorpusStore, out: Path, config: CorpusConfig, result: Any, started: datetime.datetime,
            inputs: Sequence[str]) -> None:
    """Write every published file of the build (see the module docstring)."""
    provenance = _provenance(store)
    histograms = {key: _Histogram(edges) for key, _, edges in HISTOGRAMS}
    name = config.dataset.name
    files = _Files()
    try:
        tmx = files.add(TmxWriter(out / "tmx" / f"{name}.tmx", tool_version=__version__,
                                  signature=f"corpus:{name}|config:{config.fingerprint()[:16]}|v:{__version__}"))
        verdicts = {"ok", *config.tmx.include}
        written = {s: _write_split(store, out, s, name, provenance, histograms, tmx, verdicts, files)
                   for s in SPLITS if s in result.splits}
        tmx.commit()
        _write_rejected(store, out, result, provenance)
    except BaseException:
        files.abort()
        raise
    with atomic_open(out / "config.toml") as handle:
        handle.write(config.to_toml())
    with atomic_open(out / "README.md") as handle:
        handle.write(card(config, result, written, inputs, out))
    removed = {**result.rejected, **{f"duplicate ({k})": v for k, v in result.duplicates.items()},
               **({"input set aside": len(result.refused)} if result.refused else {})}
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in
                   {**removed, **{f"kept: {k}": v for k, v in result.splits.items()}}.items())
    figures = "".join(histograms[key].svg(label) for key, label, _ in HISTOGRAMS)
    with atomic_open(out / "stats.html") as handle:
        handle.write(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
                     f'content="width=device-width, initial-scale=1"><title>{html.escape(name)}</title>'
                     '<style>body{font:14px system-ui,sans-serif;margin:20px}td,th{border:1px solid #ddd;padding:3px 8px}'
                     'table{border-collapse:collapse}figure{display:inline-block;margin:10px}</style></head><body>'
                     f'<h1>{html.escape(name)}</h1><p>{result.pairs} aligned pairs from {result.documents} '
                     f'documents; {result.kept} kept; {result.cleaned} characters of the inputs cleaned.</p>'
                     f'<table><tr><th>what</th><th>pairs</th></tr>{rows}</table>'
                     f'<h2>Kept pairs</h2>{figures}</body></html>\n')
    manifest = {"tool": "persian-translate", "version": __version__, "started": started.isoformat(timespec="seconds"),
                "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "inputs": list(inputs), "documents": result.documents, "unpaired": result.unpaired,
                "refused": [{"doc_id": r.doc_id, "path": r.path, "reason": r.reason} for r in result.refused],
                "config": config.to_dict(), "config_sha256": config.fingerprint(), "row_schema": SCHEMA_VERSION,
                "counts": {"pairs": result.pairs, "kept": result.kept, "rejected": result.rejected,
                           "duplicates": result.duplicates, "splits": result.splits, "cleaned": result.cleaned},
                "split_unit": result.units,
                "files": {s: w["parquet"] for s, w in written.items()},
                "sizes": {s: {"num_bytes": w["num_bytes"], "download_size": w["download_size"]} for s, w in written.items()},
                "formats": {"jsonl": {s: w["jsonl"] for s, w in written.items()},
                            "tsv": {s: w["tsv"] for s, w in written.items()},
                            "moses": {s: w["moses"] for s, w in written.items()}, "tmx": f"tmx/{name}.tmx"},
                "seconds": result.seconds, "executor": result.executor}
    with atomic_open(out / "manifest.json") as handle:
        handle.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
