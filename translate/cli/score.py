"""``translate score``: quality signals and a verdict for existing line-aligned translations."""

from __future__ import annotations

import click

from .common import CONTEXT, glossary_option, matcher_of, output, scoring_engine


@click.command(name="score", context_settings=CONTEXT)
@click.option("--src", "src", required=True, type=click.Path(exists=True, dir_okay=False), help="Persian, one a line.")
@click.option("--hyp", "hyp", required=True, type=click.Path(exists=True, dir_okay=False), help="English, line-aligned.")
@click.option("--ref", "ref", type=click.Path(exists=True, dir_okay=False), help="Reference English (adds BLEU, chrF++, TER).")
@click.option("-f", "--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv", show_default=True)
@click.option("-o", "--output", "path", metavar="FILE", help="Write here instead of stdout (atomically).")
@click.option("--no-similarity", is_flag=True, help="Skip the embedding similarity (faster; no e5 model).")
@click.option("-m", "--model", metavar="NAME|PATH",
              help="Also force each pair through this model: confidence, and word alignment with --engine hf.")
@click.option("-e", "--engine", type=click.Choice(["ct2", "hf"]), default="ct2", show_default=True)
@glossary_option(required=False)
def score_command(src: str, hyp: str, ref: str | None, fmt: str, path: str | None, no_similarity: bool,
                  model: str | None, engine: str, glossaries: tuple[str, ...]) -> None:
    """Score existing line-aligned translations, one row per pair, with a verdict.

    Columns (defined in docs/quality.md): similarity, length, numbers, persian, repetition, confidence
    (with --model), terms, bleu, chrf, ter (with --ref), verdict, reasons, alignment (Pharaoh word
    links, with --model and --engine hf). Corpus BLEU/chrF++/TER with sacrebleu's signatures go to
    stderr. No translation model is needed; without --model the confidence is skipped (and said so).

    \b
    Example:
      translate score --src test.fa --hyp test.en --ref test.ref.en -f jsonl -o scores.jsonl
    """
    from ..export.scores import write_scores
    from ..qe.metrics import corpus_scores
    from ..run.scoring import score_translations
    from ..text.io import read_pair

    sources, targets = read_pair(src, hyp)
    references = read_pair(src, ref)[1] if ref else None
    embedder = None if no_similarity else _embedder()
    result = score_translations(sources, targets, references=references, embedder=embedder,
                                engine=scoring_engine(model, engine, "confidence skipped: no --model given"),
                                matcher=matcher_of(glossaries))
    with output(path) as out:
        write_scores(result.scores, out, fmt, result.alignments)
    counts = {v: sum(s.verdict == v for s in result.scores) for v in ("ok", "review", "bad")}
    click.echo(f"{len(result.scores)} pairs: " + ", ".join(f"{k} {v}" for k, v in counts.items()), err=True)
    for name, value in (corpus_scores(targets, references) if references is not None else {}).items():
        click.echo(f"{name} {value}", err=True)


def _embedder() -> object:
    from ..align.embed import load_embedder

    return load_embedder()
