"""``translate corpus``: build a dataset from document pairs (``build``), find which documents
translate which (``pair``), read a crawl into documents of each side (``crawl``)."""

from __future__ import annotations

from typing import Any

import click

from .common import CONTEXT, Executor, Group, executor_options
from .progress import Bar

#: What each stage of pairing and crawling counts, for its bar.
_STAGES = {"crawl": ("read pages", "page"), "read": ("embed documents", "doc"), "confirm": ("confirm pairs", "pair")}


class _Stages:
    """A bar per stage of document pairing or crawl reading (told ``(stage, done)``), one at a time."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.stage: str | None = None
        self.bar: Bar | None = None
        self.done = 0

    def __call__(self, stage: str, done: int) -> None:
        if stage != self.stage:
            self.close()
            desc, unit = _STAGES.get(stage, (stage, "it"))
            self.stage, self.done, self.bar = stage, 0, Bar(total=None, desc=desc, unit=unit, quiet=self.quiet)
        if self.bar:
            self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar:
            self.bar.close()
        self.bar = None


class _Progress:
    """A bar per aligned pair, with the documents done (after the pairing's bars, when documents
    are paired by content)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Bar | None = None
        self.documents = 0
        self.done = 0
        self.pairing = _Stages(quiet)

    def started(self, documents: int) -> None:
        self.pairing.close()
        self.documents = documents
        self.bar = Bar(total=None, desc="align+score", unit="pair", quiet=self.quiet)

    def advance(self, sentences: int) -> None:
        self.done += 1
        if self.bar:
            self.bar.update(sentences, documents=f"{self.done}/{self.documents}")

    def close(self) -> None:
        self.pairing.close()
        if self.bar:
            self.bar.close()


@click.group(name="corpus", cls=Group, context_settings=CONTEXT)
def corpus_group() -> None:
    """Build parallel corpora from Persian documents and their English translations."""


def _build_config(config_path: str | None, licence: str | None, name: str | None, documents: str | None) -> Any:
    """The build's config: the file's (or the defaults), with the options given over it, held to the
    same rules (one place: the rule objects check themselves)."""
    from dataclasses import replace

    from ..corpus.config import load_config
    from ..errors import ConfigError

    config = load_config(config_path)
    try:
        dataset = replace(config.dataset, **{k: v for k, v in (("license", licence), ("name", name)) if v is not None})
    except ConfigError as exc:
        option = "--name" if name is not None and "name" in str(exc) else "--license"
        raise click.ClickException(f"{option}: {str(exc).partition('] ')[2]}") from None
    pairing = replace(config.pairing, documents=documents) if documents else config.pairing
    return replace(config, dataset=dataset, pairing=pairing)


@corpus_group.command(name="build", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR", help="Folder for the dataset.")
@click.option("-c", "--config", "config_path", metavar="TOML",
              help="Filtering, deduplication, split, dataset, sources, TMX and pairing rules (see docs/corpus.md; "
                   "defaults otherwise).")
@click.option("--license", "licence", metavar="ID", help="Licence of the dataset for its card (e.g. cc-by-4.0).")
@click.option("--name", metavar="NAME", help="Dataset name (card, Moses file names).")
@click.option("--pair-documents", "pair_documents", is_flag=True,
              help="INPUTS are two folders whose documents pair by what they say, not by name (as 'translate "
                   "corpus pair' pairs them); documents without a partner go to rejected.jsonl. "
                   "Config: [pairing] documents = \"content\".")
@click.option("--crawl", "crawl", is_flag=True,
              help="INPUTS are a crawl: HTML pages and WARC files, or folders of them, one mixed crawl or one per "
                   "side. Their main text goes to OUTDIR/crawl/{fa,en} by language, the documents are paired by "
                   "content, and every page left out is in rejected.jsonl. Config: [pairing] documents = \"crawl\".")
@executor_options
@click.pass_obj
def build_command(obj: dict[str, Any], inputs: tuple[str, ...], outdir: str, config_path: str | None,
                  licence: str | None, name: str | None, pair_documents: bool, crawl: bool,
                  executor: Executor) -> None:
    """Align, score, filter, deduplicate and split document pairs into a published dataset.

    INPUTS: two folders (Persian, English) whose documents pair by name, or by content with
    --pair-documents; one .tsv/.jsonl listing document pairs (fa_path, en_path[, doc_id]; the output
    of 'translate corpus pair' is one); two line-aligned files X.fa X.en; or, with --crawl, the pages
    of a crawl. Writes data/{train,validation,test}-*.parquet (datasets.load_dataset(OUTDIR) reads
    them), the same rows as jsonl/ and tsv/, moses/NAME-SPLIT.en-fa.{fa,en}, tmx/NAME.tmx (the ok
    pairs), rejected.jsonl (every input set aside and every removed pair, with why), README.md
    (dataset card), config.toml, stats.html and manifest.json. OUTDIR/corpus.sqlite keeps every
    aligned pair: the same command again aligns only changed documents, and a new --config re-filters
    in seconds. Of duplicates and near-duplicates, the best-formed pair is kept.

    \b
    Examples:
      translate corpus build fa/ en/ -o corpus/ --license cc-by-4.0
      translate corpus build fa/ en/ --pair-documents -o corpus/
      translate corpus build --crawl site.warc.gz -o corpus/
      translate corpus build pairs.tsv -o corpus/ -c corpus.toml
      translate corpus build news.fa news.en -o corpus/
      translate corpus build fa/ en/ -o corpus/ --executor ray --address HEAD:6379
    """
    from ..corpus.build import CorpusBuild

    if pair_documents and crawl:  # two ways to read INPUTS: neither may silently win
        raise click.UsageError("--pair-documents and --crawl exclude each other: --pair-documents takes two "
                               "folders of documents, --crawl the pages of a crawl (it pairs them by content too)")
    documents = "crawl" if crawl else "content" if pair_documents else None
    config = _build_config(config_path, licence, name, documents)
    progress = _Progress(obj["quiet"])
    try:
        result = CorpusBuild(inputs, outdir, config, observer=progress, executor=executor.name,
                             cluster=executor.cluster).execute()
    finally:
        progress.close()
    if not obj["quiet"]:
        click.echo("\n".join(result.summary()) + f"\ndataset in {result.outdir}/", err=True)
    if result.unpaired:
        click.echo(f"warning: no partner for {len(result.unpaired)} documents: {', '.join(result.unpaired[:10])}",
                   err=True)


@corpus_group.command(name="pair", context_settings=CONTEXT)
@click.argument("fa_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("en_dir", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", required=True, metavar="PAIRS.tsv",
              help="Where the pairs go: fa_path, en_path, score (a header line; paths relative to this file's folder).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.165, show_default=True,
              help="The least confirmed score (0–1) of a pair; documents below it stay unpaired.")
@click.option("--head", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Sentences at the start of each document embedded and aligned.")
@click.option("--neighbours", type=click.IntRange(1, 100), default=4, show_default=True,
              help="Candidate partners per document and direction.")
@click.option("--baseline", is_flag=True,
              help="Pair by document length and shared numbers instead (no model; for comparison).")
@executor_options
@click.pass_obj
def pair_command(obj: dict[str, Any], fa_dir: str, en_dir: str, output: str, threshold: float, head: int,
                 neighbours: int, baseline: bool, executor: Executor) -> None:
    """Find which Persian document translates which English one, among many.

    FA_DIR and EN_DIR hold the documents of each side (.txt, .md, .html; searched recursively); file
    names need not match and paragraphs may be grouped differently on each side. Each document's
    first sentences are embedded (multilingual e5, offline), candidates are each one's nearest
    documents of the other side, the sentence aligner confirms each candidate, and pairs are taken
    best first, each document once. Documents without a partner scoring --threshold or more are left
    out (listed on stderr). 'translate corpus build PAIRS.tsv' builds a dataset from the output;
    'translate corpus build FA_DIR EN_DIR --pair-documents' does both in one go. See docs/crawl.md.

    \b
    Examples:
      translate corpus pair sides/fa sides/en -o pairs.tsv
      translate corpus pair fa/ en/ -o pairs.tsv --threshold 0.2
      translate corpus pair fa/ en/ -o pairs.tsv --executor ray --address HEAD:6379
    """
    from ..corpus.pairing import PairingOptions, pair_folders, pair_folders_by_numbers, write_pairs

    options = PairingOptions(head=head, neighbours=neighbours, threshold=threshold)
    stages = _Stages(obj["quiet"])
    try:
        result = pair_folders_by_numbers(fa_dir, en_dir) if baseline else pair_folders(
            fa_dir, en_dir, options=options, executor=executor.name, cluster=executor.cluster, progress=stages)
    finally:
        stages.close()
    write_pairs(result.matches, output)
    for path, reason in result.rejected:
        click.echo(f"warning: {path}: {reason}; left out", err=True)
    if not obj["quiet"]:
        unpaired = result.unpaired()
        click.echo(f"{result.summary()}\npairs in {output}", err=True)
        if unpaired:
            click.echo(f"unpaired: {', '.join(unpaired[:20])}{' …' if len(unpaired) > 20 else ''}", err=True)


@corpus_group.command(name="crawl", context_settings=CONTEXT)
@click.argument("crawl", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR",
              help="Folder for fa/, en/ (a text file per page), index.tsv and left-out.tsv.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="The language identifier's least probability (0–1) for a page to join a side.")
@click.option("--min-characters", type=click.IntRange(0), default=100, show_default=True,
              help="Pages with less main text than this are not documents (menus, error pages).")
@click.pass_obj
def crawl_command(obj: dict[str, Any], crawl: tuple[str, ...], outdir: str, min_confidence: float,
                  min_characters: int) -> None:
    """Read a crawl into the Persian and English documents it holds.

    CRAWL: HTML pages (.html, .htm, …) and WARC files (.warc, .warc.gz), or folders of them; one mixed
    crawl, or one per side (each page goes by its language, not its folder). The main text of each page
    is extracted (trafilatura: navigation, headers, footers dropped) and its language identified
    (fastText lid.176, offline). Writes OUTDIR/fa/*.txt and OUTDIR/en/*.txt (names from the URL; they
    carry no pairing), OUTDIR/index.tsv (file, lang, confidence, id, source) and OUTDIR/left-out.tsv
    (every other page, with why). Then 'translate corpus pair OUTDIR/fa OUTDIR/en -o pairs.tsv', or
    'translate corpus build --crawl CRAWL... -o CORPUS' for the whole path. Needs the crawl extra:
    pip install -e ".[crawl]". See docs/crawl.md.

    \b
    Examples:
      translate corpus crawl site.warc.gz -o sides/
      translate corpus crawl mirror/fa/ mirror/en/ -o sides/ --min-confidence 0.8
    """
    from ..corpus.crawl import crawl_sides

    stages = _Stages(obj["quiet"])
    try:
        sides = crawl_sides(crawl, outdir, min_confidence=min_confidence, min_characters=min_characters,
                            progress=lambda n: stages("crawl", n))
    finally:
        stages.close()
    counts = sides.split.counts()
    if not obj["quiet"]:
        click.echo(f"Persian {counts['fa']}, English {counts['en']}, left out {len(sides.left_out())} "
                   f"(see {outdir}/left-out.tsv)\ndocuments in {sides.fa_dir}/ and {sides.en_dir}/", err=True)
