"""What a corpus build publishes in its folder: ``data/{split}-NNNNN-of-NNNNN.parquet`` (the dataset,
one schema: :mod:`translate.export.parquet`), ``moses/NAME-{split}.en-fa.{fa,en}`` (OPUS-style names),
``rejected.jsonl`` (every pair removed, with the rule or the pair it duplicates), ``README.md`` (a
dataset card with the YAML header the Hugging Face Hub reads), ``stats.html`` (counts per rule and
split, histograms as inline SVG) and ``manifest.json``. Every file is written as the store is read,
a batch at a time."""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..export.atomic import AtomicFile, atomic_open
from ..export.parquet import ParquetWriter, Row
from ..records import QE_COLUMNS
from .config import CorpusConfig
from .store import CorpusStore, Select, StoredPair

SPLITS = ("train", "dev", "test")
#: Rows per Parquet shard.
SHARD_ROWS = 100_000
#: Histograms of the statistics page: column, label, bins (lower edges), kept pairs only.
HISTOGRAMS = (
    ("fa_words", "Persian words", [0, 5, 10, 15, 20, 30, 40, 60, 80, 100]),
    ("en_words", "English words", [0, 5, 10, 15, 20, 30, 40, 60, 80, 100]),
    ("similarity", "similarity (e5)", [0.75, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.92, 0.94]),
    ("length", "length deviation (σ)", [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3]),
)


def row_of(p: StoredPair, provenance: str) -> Row:
    return Row(f"{p.doc_id}:{p.k}", p.doc_id, p.k, p.fa, p.en, p.source_start, p.source_end, p.bead_source,
               p.bead_target, p.scores, p.verdict, p.reasons, "aligned", provenance)


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


def _write_split(store: CorpusStore, out: Path, split: str, name: str, provenance: dict[str, str],
                 histograms: dict[str, _Histogram]) -> list[str]:
    total = store.count(Select(split=split))
    shards = max(1, -(-total // SHARD_ROWS))
    files = [f"data/{split}-{k:05d}-of-{shards:05d}.parquet" for k in range(shards)]
    fa = AtomicFile(out / "moses" / f"{name}-{split}.en-fa.fa")
    en = AtomicFile(out / "moses" / f"{name}-{split}.en-fa.en")
    writer = ParquetWriter(out / files[0])
    written, shard = 0, 0
    for p in store.pairs(Select(split=split), order="doc_id, k"):
        if written and written % SHARD_ROWS == 0:
            writer.commit()
            shard += 1
            writer = ParquetWriter(out / files[shard])
        writer.add(row_of(p, provenance.get(p.doc_id, "")))
        fa.write(p.fa.replace("\n", " ") + "\n")
        en.write(p.en.replace("\n", " ") + "\n")
        written += 1
        histograms["fa_words"].add(len(p.fa.split()))
        histograms["en_words"].add(len(p.en.split()))
        histograms["similarity"].add(p.scores.get("similarity"))
        histograms["length"].add(p.scores.get("length"))
    writer.commit()
    fa.commit()
    en.commit()
    return files


def _write_rejected(store: CorpusStore, out: Path) -> None:
    with atomic_open(out / "rejected.jsonl") as handle:
        for p in store.pairs(Select(dropped=True)):
            why = p.rejected or f"duplicate of pair {p.duplicate_of}"
            handle.write(json.dumps({"id": f"{p.doc_id}:{p.k}", "doc_id": p.doc_id, "index": p.k,
                                     "translation": {"fa": p.fa, "en": p.en}, **{c: p.scores.get(c) for c in QE_COLUMNS},
                                     "verdict": p.verdict, "reasons": p.reasons, "removed_by": why},
                                    ensure_ascii=False) + "\n")


def card(config: CorpusConfig, result: Any, files: dict[str, list[str]]) -> str:
    """The dataset card: YAML header (languages, licence, task, size, configs and splits) and text."""
    import yaml

    header = {
        "language": ["fa", "en"], "license": config.dataset.license, "task_categories": ["translation"],
        "size_categories": [size_category(result.kept)], "pretty_name": config.dataset.name,
        "configs": [{"config_name": "default", "data_files": [
            {"split": "validation" if s == "dev" else s, "path": f"data/{s}-*.parquet"} for s in SPLITS if files.get(s)]}],
        # the features are in the Parquet files' metadata (translate.export.parquet), with every column
    }
    removed = "\n".join(f"| {k} | {v} |" for k, v in {**result.rejected, **{f"duplicate ({k})": v for k, v in
                                                                              result.duplicates.items()}}.items())
    return ("---\n" + yaml.safe_dump(header, allow_unicode=True, sort_keys=False) + "---\n\n"
            f"# {config.dataset.name}\n\nPersian–English sentence pairs aligned from {result.documents} document "
            f"pairs with persian-translate {__version__} (`translate corpus build`): {result.pairs} aligned beads, "
            f"{result.kept} kept after filtering and deduplication.\n\n| split | pairs |\n| --- | --- |\n"
            + "\n".join(f"| {s} | {result.splits.get(s, 0)} |" for s in SPLITS)
            + f"\n\nSplits are drawn by a hash of the document id (no document spans two splits).\n\n"
            f"| removed by | pairs |\n| --- | --- |\n{removed or '| nothing | 0 |'}\n\n"
            "Every removed pair is in `rejected.jsonl` with its reason. Load with\n"
            "`datasets.load_dataset(\"parquet\", data_dir=\"data\")` or from this folder.\n\n"
            f"Licence: {config.dataset.license} (as given by the builder; check the sources' terms).\n")


def publish(store: CorpusStore, out: Path, config: CorpusConfig, result: Any, started: datetime.datetime,
            inputs: Sequence[str]) -> None:
    """Write every published file of the build (see the module docstring)."""
    provenance = _provenance(store)
    histograms = {key: _Histogram(edges) for key, _, edges in HISTOGRAMS}
    files = {s: _write_split(store, out, s, config.dataset.name, provenance, histograms) for s in SPLITS}
    _write_rejected(store, out)
    with atomic_open(out / "README.md") as handle:
        handle.write(card(config, result, files))
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in
                   {**result.rejected, **{f"duplicate ({k})": v for k, v in result.duplicates.items()},
                    **{f"kept: {k}": v for k, v in result.splits.items()}}.items())
    figures = "".join(histograms[key].svg(label) for key, label, _ in HISTOGRAMS)
    with atomic_open(out / "stats.html") as handle:
        handle.write(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
                     f'content="width=device-width, initial-scale=1"><title>{html.escape(config.dataset.name)}</title>'
                     '<style>body{font:14px system-ui,sans-serif;margin:20px}td,th{border:1px solid #ddd;padding:3px 8px}'
                     'table{border-collapse:collapse}figure{display:inline-block;margin:10px}</style></head><body>'
                     f'<h1>{html.escape(config.dataset.name)}</h1><p>{result.pairs} aligned pairs from {result.documents} '
                     f'documents; {result.kept} kept.</p><table><tr><th>what</th><th>pairs</th></tr>{rows}</table>'
                     f'<h2>Kept pairs</h2>{figures}</body></html>\n')
    manifest = {"tool": "persian-translate", "version": __version__, "started": started.isoformat(timespec="seconds"),
                "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "inputs": list(inputs), "documents": result.documents, "unpaired": result.unpaired,
                "config": config.to_dict(), "counts": {"pairs": result.pairs, "kept": result.kept,
                                                       "rejected": result.rejected, "duplicates": result.duplicates,
                                                       "splits": result.splits},
                "files": files, "seconds": result.seconds, "executor": result.executor}
    with atomic_open(out / "manifest.json") as handle:
        handle.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
