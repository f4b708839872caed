"""``translate corpus build``: document pairs into a clean, deduplicated, split, published dataset."""

from __future__ import annotations

from typing import Any

import click

from .common import CONTEXT, Executor, Group, executor_options
from .progress import Bar


class _Progress:
    """A bar per aligned pair, with the documents done."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Bar | None = None
        self.documents = 0
        self.done = 0

    def started(self, documents: int) -> None:
        self.documents = documents
        self.bar = Bar(total=None, desc="align+score", unit="pair", quiet=self.quiet)

    def advance(self, sentences: int) -> None:
        self.done += 1
        if self.bar:
            self.bar.update(sentences, documents=f"{self.done}/{self.documents}")

    def close(self) -> None:
        if self.bar:
            self.bar.close()


@click.group(name="corpus", cls=Group, context_settings=CONTEXT)
def corpus_group() -> None:
    """Build parallel corpora from Persian documents and their English translations."""


@corpus_group.command(name="build", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR", help="Folder for the dataset.")
@click.option("-c", "--config", "config_path", metavar="TOML",
              help="Filtering, deduplication, split, dataset, sources and TMX rules (see docs/corpus.md; "
                   "defaults otherwise).")
@click.option("--license", "licence", metavar="ID", help="Licence of the dataset for its card (e.g. cc-by-4.0).")
@click.option("--name", metavar="NAME", help="Dataset name (card, Moses file names).")
@executor_options
@click.pass_obj
def build_command(obj: dict[str, Any], inputs: tuple[str, ...], outdir: str, config_path: str | None,
                  licence: str | None, name: str | None, executor: Executor) -> None:
    """Align, score, filter, deduplicate and split document pairs into a published dataset.

    INPUTS: two folders (Persian, English) whose documents pair by name; one .tsv/.jsonl listing
    document pairs (fa_path, en_path[, doc_id]); or two line-aligned files X.fa X.en. Writes
    data/{train,validation,test}-*.parquet (datasets.load_dataset(OUTDIR) reads them), the same rows
    as jsonl/ and tsv/, moses/NAME-SPLIT.en-fa.{fa,en}, tmx/NAME.tmx (the ok pairs), rejected.jsonl
    (every input set aside and every removed pair, with why), README.md (dataset card), config.toml,
    stats.html and manifest.json. OUTDIR/corpus.sqlite keeps every aligned pair: the same command
    again aligns only changed documents, and a new --config re-filters in seconds.

    \b
    Examples:
      translate corpus build fa/ en/ -o corpus/ --license cc-by-4.0
      translate corpus build pairs.tsv -o corpus/ -c corpus.toml
      translate corpus build news.fa news.en -o corpus/
      translate corpus build fa/ en/ -o corpus/ --executor ray --address HEAD:6379
    """
    from dataclasses import replace

    from ..corpus.build import CorpusBuild
    from ..corpus.config import load_config
    from ..errors import ConfigError

    config = load_config(config_path)
    try:  # the same rules as the config file's (one place: the rule objects check themselves)
        dataset = replace(config.dataset, **{k: v for k, v in (("license", licence), ("name", name)) if v is not None})
    except ConfigError as exc:
        option = "--name" if name is not None and "name" in str(exc) else "--license"
        raise click.ClickException(f"{option}: {str(exc).partition('] ')[2]}") from None
    progress = _Progress(obj["quiet"])
    try:
        result = CorpusBuild(inputs, outdir, replace(config, dataset=dataset), observer=progress,
                             executor=executor.name, cluster=executor.cluster).execute()
    finally:
        progress.close()
    if not obj["quiet"]:
        click.echo("\n".join(result.summary()) + f"\ndataset in {result.outdir}/", err=True)
    if result.unpaired:
        click.echo(f"warning: no partner for {len(result.unpaired)} documents: {', '.join(result.unpaired[:10])}",
                   err=True)
