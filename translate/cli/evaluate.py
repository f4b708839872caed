"""``translate eval``: measure the pipeline against gold data and print figures."""

from __future__ import annotations

import click

from ..config import EngineConfig
from .common import CONTEXT, Group, glossary_option, model_options


@click.group(name="eval", cls=Group, context_settings=CONTEXT)
def eval_group() -> None:
    """Measure the pipeline against gold data and print figures."""


@eval_group.command(name="segment", context_settings=CONTEXT)
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--errors", "show_errors", type=click.IntRange(0), default=0, metavar="N",
              help="Also print up to N boundary errors per file, with context.")
@click.option("--no-baseline", is_flag=True, help="Skip the plain hazm.SentenceTokenizer baseline.")
def eval_segment(gold: tuple[str, ...], show_errors: int, no_baseline: bool) -> None:
    """Sentence-boundary precision, recall and F1 against gold files.

    GOLD is JSONL with 'text' and 'spans' per unit (the format of shared/data/sentseg/*.jsonl).
    Boundaries are positions between sentences (the end of a text is not counted), pooled over the
    units of a file. Plain hazm.SentenceTokenizer is scored on the same files as a baseline.

    \b
    Example:
      translate eval segment ../shared/data/sentseg/*.jsonl ../shared/data/seed/raisi-putin-call.gold.jsonl
    """
    from ..evaluation.segment import BoundaryScore, error_lines, evaluate_files

    systems = ["translate"] + ([] if no_baseline else ["hazm"])
    totals = {name: BoundaryScore() for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    results = evaluate_files(gold, systems)  # every gold file checked before anything is printed
    header = f"{'file':<34} {'system':<10} {'units':>5} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}"
    click.echo(f"{header}\n{'-' * len(header)}")
    for result in results:
        totals[result.system].add(result.score)
        seconds[result.system] += result.seconds
        click.echo(_score_line(result.file.rsplit("/", 1)[-1], result.system, result.score))
        for line in error_lines(result.file, result.score, show_errors) if result.system == "translate" else ():
            click.echo(line)
    click.echo("-" * len(header))
    click.echo("\n".join(_score_line("overall", name, totals[name]) for name in systems) + "\n")
    click.echo("\n".join(f"{name}: {seconds[name]:.2f} s for {totals[name].units} units" for name in systems))


def _score_line(label: str, system: str, s: object) -> str:
    return (f"{label:<34} {system:<10} {s.units:>5} {s.tp + s.fn:>5} "  # type: ignore[attr-defined]
            f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")  # type: ignore[attr-defined]


@eval_group.command(name="terms", context_settings=CONTEXT)
@click.option("--src", "src", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Persian, one sentence a line.")
@click.option("--ref", "ref", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Reference English, line-aligned, with the glossary's spellings.")
@glossary_option(required=True)
@click.option("--layers", default="default", show_default=True, metavar="ROWS",
              help="Comma-separated rows, each 'off' or layer names joined by '+' (e.g. off,repair,nbest+repair); "
                   "'default': off, each layer alone, the default layers, with replace, with strict.")
@model_options
@click.option("-b", "--beam", type=click.IntRange(1), default=4, show_default=True)
def eval_terms(src: str, ref: str, glossaries: tuple[str, ...], layers: str, engine: EngineConfig, beam: int) -> None:
    """Term success rate and chrF++ of each glossary-enforcement layer.

    \b
    Example (the Quran-domain model of shared/models, Arabic name forms):
      translate eval terms --src ../shared/models/glossary-test/names.fa \\
        --ref ../shared/models/glossary-test/names.arabic-forms.en \\
        -g ../shared/models/glossary-test/arabic-names.tsv \\
        --model ../shared/models/quran-fa-en-marian-small --engine ct2
    """
    from ..config import DecodeOptions
    from ..evaluation.terms import default_rows, evaluate_terms, row_options
    from ..mt import open_configured
    from ..terms.glossary import load_glossary
    from ..text.io import read_pair

    sources, references = read_pair(src, ref)
    rows = default_rows(engine.engine) if layers == "default" else [x.strip() for x in layers.split(",") if x.strip()]
    for row in rows:
        row_options(row)  # every row checked before the model loads
    translator = open_configured(engine)
    click.echo(f"engine {engine.engine}, beam {beam}, {len(sources)} sentences")
    click.echo(f"{'layers':<32} {'terms':>9} {'success':>8} {'chrF++':>7} {'seconds':>8}")
    for r in evaluate_terms(translator, sources, references, load_glossary(glossaries), DecodeOptions(beam_size=beam), rows):
        click.echo(f"{r.layer:<32} {r.landed:>4}/{r.total:<4} {r.rate:>8.1%} {r.chrf:>7.1f} {r.seconds:>8.1f}")


@eval_group.command(name="align", context_settings=CONTEXT)
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--ablations", is_flag=True, help="Also run without each anchor and without the length model.")
def eval_align(gold: tuple[str, ...], ablations: bool) -> None:
    """Strict precision/recall/F1 of sentence alignment against gold beads.

    GOLD is JSONL with 'src', 'tgt' (sentence lists) and 'gold' ([[src ids], [tgt ids]] beads), the
    format of shared/data/align/*.jsonl. A bead counts only when both its sides match a gold bead
    exactly (1-0 and 0-1 included), as in Vecalign's strict score.

    \b
    Example:
      translate eval align ../shared/data/align/*.jsonl --ablations
    """
    from ..align.embed import load_embedder
    from ..evaluation.align import evaluate_alignment

    click.echo(f"{'file':<34} {'variant':<16} {'docs':>4} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'s/1k sent':>9}")
    for s in evaluate_alignment(gold, load_embedder(), ablations):
        click.echo(f"{s.file:<34} {s.variant:<16} {s.documents:>4} {s.gold:>5} {s.precision:>6.3f} {s.recall:>6.3f} "
                   f"{s.f1:>6.3f} {s.ms_per_sentence:>9.1f}")


@eval_group.command(name="qe", context_settings=CONTEXT)
@click.option("--src", "src", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Persian side of true pairs (e.g. ../shared/data/parallel/ntrex.fa-en.fa).")
@click.option("--tgt", "tgt", required=True, type=click.Path(exists=True, dir_okay=False), help="English side.")
@click.option("--per-type", type=click.IntRange(10), default=300, show_default=True,
              help="Corrupted pairs made per corruption type.")
def eval_qe(src: str, tgt: str, per_type: int) -> None:
    """How well the reference-free signals and the verdict separate true pairs from corrupted ones.

    Corruptions: target of the neighbouring pair (shuffled), target cut by half (truncated), source as
    target (copied), a number changed, a phrase repeated three times, a sentence dropped from a
    2-sentence target (compared with true 2-sentence pairs). Reports ROC-AUC of the quality score and
    precision/recall of 'ok' (true pairs) against not-'ok' (corrupted), per type.

    \b
    Example:
      translate eval qe --src ../shared/data/parallel/ntrex.fa-en.fa --tgt ../shared/data/parallel/ntrex.fa-en.en
    """
    from ..align.embed import load_embedder
    from ..evaluation.qe import evaluate_qe
    from ..text.io import read_pair

    sources, targets = read_pair(src, tgt)
    click.echo(f"{'corruption':<16} {'pairs':>5} {'ROC-AUC':>8} {'ok-precision':>12} {'ok-recall':>9} {'caught':>7}")
    for r in evaluate_qe(sources, targets, load_embedder(), per_type):
        click.echo(f"{r.kind:<16} {r.pairs:>5} {r.auc:>8.3f} {r.ok_precision:>12.3f} {r.ok_recall:>9.3f} {r.caught:>7.1%}")


@eval_group.command(name="corpus", context_settings=CONTEXT)
@click.argument("docs", type=click.Path(exists=True, dir_okay=False))
@click.option("-w", "--workdir", required=True, metavar="DIR", help="Where the noisy corpus and the build go.")
@click.option("--seed", default=0, show_default=True)
def eval_corpus(docs: str, workdir: str, seed: int) -> None:
    """Precision and recall of 'corpus build' on a noisy corpus made from document pairs with gold beads.

    DOCS is JSONL with 'id', 'src', 'tgt' and 'gold' beads per document (the format of
    shared/data/parallel/ntrex_fa_en_docs.jsonl). Noise (shuffled, truncated, copied, untranslated,
    repeated, duplicated, near-duplicated pairs and boilerplate) is injected as extra lines; the build
    runs with its default rules and is compared with keeping the 'ok' verdicts alone.

    \b
    Example:
      translate eval corpus ../shared/data/parallel/ntrex_fa_en_docs.jsonl -w /tmp/eval-corpus
    """
    from pathlib import Path

    from ..evaluation.corpus import evaluate_corpus

    figures, injected = evaluate_corpus(Path(docs), Path(workdir), seed=seed)
    click.echo("noise injected: " + ", ".join(f"{k} {v}" for k, v in injected.items()))
    click.echo(f"{'method':<26} {'kept':>6} {'precision':>9} {'recall':>7} {'dups left':>9}")
    for f in figures:
        click.echo(f"{f.method:<26} {f.kept:>6} {f.precision:>9.3f} {f.recall:>7.3f} {f.duplicates_left:>9}")
