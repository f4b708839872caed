"""``translate align``: sentence alignment of Persian documents with their English translations."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, glossary_option, matcher_of, scoring_engine
from .progress import progress


@click.command(name="align", context_settings=CONTEXT)
@click.argument("fa", type=click.Path(exists=True))
@click.argument("en", type=click.Path(exists=True))
@click.option("-o", "--output", "outdir", metavar="OUTDIR",
              help="Write NAME.fa/.en (Moses), .tsv, .jsonl (the row schema), .tmx and .beads here.")
@click.option("--presplit", is_flag=True, help="Inputs are one sentence a line already: do not segment.")
@click.option("-f", "--format", "fmt", type=click.Choice(["beads", "tsv"]), default="tsv", show_default=True,
              help="What goes to stdout without -o: Vecalign beads ([0]:[0,1]:score) or pairs as TSV.")
@click.option("--more-beads", is_flag=True, help="Also allow 2-2, 1-3 and 3-1 beads.")
@click.option("--embed-spans", is_flag=True, help="Embed joined sentences too (Vecalign; about 3× slower).")
@click.option("-m", "--model", metavar="NAME|PATH",
              help="Force each pair through this model: confidence, and word alignment with --engine hf.")
@click.option("-e", "--engine", type=click.Choice(["ct2", "hf"]), default="hf", show_default=True)
@click.option("--tmx-include", "tmx_include", multiple=True, type=click.Choice(["review", "bad"]),
              help="Also put pairs with this verdict in NAME.tmx (it holds the ok pairs; repeatable).")
@glossary_option(required=False)
def align_command(fa: str, en: str, outdir: str | None, presplit: bool, fmt: str, more_beads: bool,
                  embed_spans: bool, model: str | None, engine: str, tmx_include: tuple[str, ...],
                  glossaries: tuple[str, ...]) -> None:
    """Align Persian documents with their English translations, sentence by sentence.

    FA and EN are two files, or two directories whose documents are paired by name. Persian is
    segmented with this project's segmenter, English with pysbd (unless --presplit). The aligner is
    dynamic programming over beads (1-1, 1-2, 2-1, 1-0, 0-1) scored by multilingual-e5 embeddings, a
    length model and anchors (numbers, Latin-script words, glossary terms). No translation model is
    needed; with --model each pair also gets the model's confidence and (hf) word alignments.
    Every sentence of both sides is in exactly one bead. With -o, every bead is a row of the row
    schema in NAME.jsonl and NAME.tsv (the fields of translate run's and corpus build's), scored and
    given a verdict as corpus build scores it; NAME.tmx holds the linked pairs with the verdict ok
    (--tmx-include adds others), the verdict in a prop.

    \b
    Examples:
      translate align article.fa.txt article.en.txt -o outputs/aligned
      translate align fa/ en/ -o outputs/aligned
      translate align doc.fa doc.en --presplit -f beads
    """
    from ..align.documents import align_pairs, document_pairs
    from ..align.embed import load_embedder
    from ..config import BEADS, MORE_BEADS, AlignOptions
    from ..export.alignment import aligned_rows, print_alignment, write_aligned

    if Path(fa).is_dir() != Path(en).is_dir():
        raise click.UsageError("FA and EN must be two files or two directories")
    pairs, unpaired = document_pairs(fa, en)
    if unpaired:
        click.echo(f"Warning: no partner for {len(unpaired)} documents: {', '.join(unpaired[:10])}", err=True)
    if len(pairs) > 1 and outdir is None:
        raise click.UsageError("aligning directories needs -o OUTDIR")
    scorer = scoring_engine(model, engine, "confidence and word alignment skipped: no --model given")
    options = AlignOptions(beads=BEADS + MORE_BEADS if more_beads else BEADS, embed_spans=embed_spans)
    embedder = load_embedder()
    aligned = align_pairs(pairs, embedder, options, presplit=presplit, matcher=matcher_of(glossaries), engine=scorer)
    for (fa_path, en_path), doc in zip(pairs, progress(aligned, desc="document pairs", unit="pair", total=len(pairs),
                                                       quiet=len(pairs) < 2)):
        if outdir is None:
            print_alignment(doc, sys.stdout, fmt)
            continue
        base = write_aligned(doc, aligned_rows(doc, embedder, f"{fa_path} | {en_path}"), outdir, tmx_include)
        click.echo(f"{len(doc.rows)} beads ({sum(r.linked for r in doc.rows)} pairs) for {doc.source_sentences} Persian "
                   f"and {doc.target_sentences} English sentences in {base}.{{fa,en,tsv,jsonl,tmx,beads}}", err=True)
