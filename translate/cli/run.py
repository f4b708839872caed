"""``translate run``: the whole job over articles and folders, every output format, resumably."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..config import WINDOW, DecodeOptions, EngineConfig, EnforceOptions, RunConfig, check_include
from ..errors import ConfigError
from ..export import DEFAULT_FORMATS, FORMATS, check_formats
from .common import (CONTEXT, Executor, Inputs, decode_options, executor_options, glossary_option, input_options,
                     model_options, report_skipped, terms_options)


def _checked(check: Callable[[tuple[str, ...]], tuple[str, ...]]) -> Callable[..., tuple[str, ...] | None]:
    """A callback that splits a comma-separated option and checks it with the library's own rule."""
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        try:
            return check(tuple(v.strip() for v in value.split(",") if v.strip()))
        except ConfigError as exc:
            raise click.BadParameter(str(exc)) from None
    return callback


_formats, _include = _checked(check_formats), _checked(check_include)


include_option = click.option(
    "--include", callback=_include, metavar="review,bad,rejected",
    help="Also put these pairs in the TMX (by default it holds only approved, edited and ok pairs, the ones a CAT "
         "tool may fill in unasked; the others go to held-back.tmx, for an OmegaT tm/penalty-NNN/ folder).")


def processes_option(what: str) -> Any:
    return click.option(
        "--processes", type=click.IntRange(1), default=None, metavar="N",
        help=f"Processes that {what} side by side [default: one a core for a run of 5,000 sentences or more, "
             "else 1]; 1 keeps it all in this process (each helper holds 60–140 MB more).")


@click.command(name="run", context_settings=CONTEXT)
@input_options
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR", help="Folder for every output.")
@glossary_option(required=False)
@model_options
@decode_options
@click.option("--formats", default=",".join(DEFAULT_FORMATS), show_default=True, callback=_formats,
              help="Comma-separated: " + "; ".join(f"{name} ({f.description})" for name, f in FORMATS.items()) + ".")
@click.option("--resume/--no-resume", default=True, show_default=True,
              help="Reuse sentences finished by an earlier run into OUTDIR (its translation memory).")
@terms_options
@click.option("--similarity/--no-similarity", default=False, show_default=True,
              help="Also score each pair's e5 cross-lingual similarity (about 150 sentences/s on 2 cores, 80 on "
                   "CPUs without native bfloat16; model confidence is always scored).")
@include_option
@click.option("--src-lang", default="fa", show_default=True, help="Source language code in TMX/XLIFF (e.g. fa-IR).")
@click.option("--tgt-lang", default="en", show_default=True, help="Target language code in TMX/XLIFF (e.g. en-US).")
@executor_options
@processes_option("read, score and write")
@click.option("--window", type=click.IntRange(1), default=WINDOW, hidden=True,
              help="Sentences translated and stored together (tests use small windows).")
@click.pass_obj
def run_command(obj: dict[str, Any], inputs: Inputs, outdir: str, glossaries: tuple[str, ...], engine: EngineConfig,
                decode: DecodeOptions, formats: tuple[str, ...], resume: bool, enforce: EnforceOptions,
                similarity: bool, include: tuple[str, ...] | None, src_lang: str, tgt_lang: str,
                executor: Executor, processes: int | None, window: int) -> None:
    """Translate articles and write aligned, scored, glossary-checked parallel files.

    Read → normalize → segment → match glossary → translate → enforce/check terms → word-align →
    score → write. Per document NAME.fa/.en (Moses), NAME.tsv, NAME.jsonl, NAME.tmx; for the run
    corpus.* of the same (the TMX only approved, edited and ok pairs; held-back.tmx the others),
    run.xlf (XLIFF 2.1), run.xliff12.xlf (XLIFF 1.2), run.omegat.xlf (for OmegaT), articles/ (each
    document in English in its own format: text, Markdown, HTML; subfolders kept), report.html (the
    review report; 'translate review OUTDIR' opens the editable one) and manifest.json
    (inputs and their hashes and output names, model, licence, options, glossaries, versions, counts,
    signature, times). The run store (OUTDIR/run.sqlite) holds every sentence, translation and score:
    the same command again resumes where a run stopped, repeated sentences are translated once, and
    'translate export OUTDIR' writes the outputs again. Sentences a person approved, edited or
    rejected ('translate review') keep that over the machine. One run at a time may write into OUTDIR.

    \b
    Examples:
      translate run examples/ -o outputs/example -g glossaries/news-fa-en.tsv
      translate run news/ -o outputs/news --model opus-mt-iir-en --formats moses,tsv
      translate run archive/ -o outputs/archive --executor ray --address HEAD:6379
    """
    from ..run.pipeline import Run
    from .progress import RunProgress

    config = RunConfig(inputs=inputs.paths, outdir=outdir, engine=engine, decode=decode,
                       glossaries=glossaries, enforce=enforce, similarity=similarity, formats=formats, resume=resume,
                       include=include or (),
                       src_lang=src_lang, tgt_lang=tgt_lang, encoding=inputs.encoding, strict=inputs.strict,
                       executor=executor.name, cluster=executor.cluster, window=window, processes=processes)
    progress = RunProgress(quiet=obj["quiet"])
    try:
        result = Run(config, observer=progress).execute()
    finally:
        progress.close()
    if not obj["quiet"]:
        click.echo("\n".join(result.summary()) + f"\ntime {result.seconds:.1f} s; outputs in {result.outdir}/", err=True)
    report_skipped(result.skipped, read=result.stats.documents, strict=inputs.strict, quiet=obj["quiet"])
