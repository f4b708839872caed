"""``translate translate``: Persian text to English, one output line per input line (or per sentence)."""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import Any

import click

from ..config import DecodeOptions, EngineConfig, EnforceOptions
from .common import (CONTEXT, Inputs, decode_options, glossary_option, input_options, log, matcher_of, model_options,
                     output, report_skipped, terms_options)


@click.command(name="translate", context_settings=CONTEXT)
@input_options
@click.option("-o", "--output", "path", metavar="FILE", help="Write here instead of stdout (atomically).")
@click.option("--unit", type=click.Choice(["line", "sentence"]), default="line", show_default=True,
              help="line: one output line per input line (each line's sentences translated and joined); "
                   "sentence: one output line per sentence, as 'translate segment' prints them.")
@model_options
@decode_options
@glossary_option(required=False)
@terms_options
@click.option("--terms-report", metavar="FILE", help="JSONL: each sentence's glossary terms with status and spans.")
@click.option("--no-normalize", is_flag=True, help="Give the model the text as written (no Persian normalization).")
@click.pass_obj
def translate_command(obj: dict[str, Any], inputs: Inputs, path: str | None, unit: str, engine: EngineConfig,
                      decode: DecodeOptions, glossaries: tuple[str, ...], enforce: EnforceOptions,
                      terms_report: str | None, no_normalize: bool) -> None:
    """Translate Persian text to English.

    With --unit line (the default) every input line gives exactly one output line, empty lines
    included; a line with several sentences is segmented, translated sentence by sentence and joined.
    Sentences longer than the model's limit are split at clause boundaries, never truncated.

    \b
    Examples:
      translate translate examples/raisi-putin-call.fa.txt
      translate translate sentences.fa -o sentences.en --model opus-mt-iir-en --beam 1
      translate translate news/ --unit sentence --model ./my-model --engine hf
      translate translate article.txt -g glossaries/news-fa-en.tsv --terms-report terms.jsonl

    With --glossary, every term found in the Persian is checked in the English and, when missing,
    repaired (see 'translate eval terms' for what each layer achieves); the term success rate is
    logged at the end.
    """
    from ..export.atomic import atomic_open
    from ..export.terms import write_sentence_terms
    from ..mt import open_configured
    from ..run.lines import LineTranslator
    from .progress import progress

    matcher = matcher_of(glossaries)
    job = LineTranslator(open_configured(engine), decode, unit=unit, normalize=not no_normalize, matcher=matcher,
                         enforce=enforce)
    errors: list[Any] = []
    landed = total = sentences = 0
    with output(path) as out, ExitStack() as stack:
        report = stack.enter_context(atomic_open(terms_report)) if terms_report and matcher else None
        lines = job.lines(_documents(inputs, errors))
        ready = time.perf_counter()
        for line in progress(lines, desc="lines" if unit == "line" else "sentences", unit=unit, quiet=obj["quiet"]):
            out.write(line.text + "\n")
            sentences += len(line.sources)
            for n, (source, result) in enumerate(zip(line.sources, line.results)):
                landed, total = landed + sum(t.landed for t in result.terms), total + len(result.terms)
                if report:
                    write_sentence_terms(report, line.doc_id, line.first + n, source, result.text, result.terms)
    _summary(obj, sentences, ready, landed, total, matcher is not None)
    report_skipped(errors, job.documents, inputs.strict)


def _documents(inputs: Inputs, errors: list[Any]) -> Any:
    from ..text.io import read_documents

    return read_documents(inputs.paths, errors=errors, encoding=inputs.encoding)


def _summary(obj: dict[str, Any], sentences: int, ready: float, landed: int, total: int, glossary: bool) -> None:
    seconds = time.perf_counter() - ready
    log.info("translated %d sentences in %.2f s (%.1f sentences/s), after %.2f s of start-up (imports, model load)",
             sentences, seconds, sentences / seconds if seconds else 0.0, ready - obj["started"])
    if glossary:
        message = f"glossary terms landed: {landed}/{total} ({landed / max(1, total):.1%})"
        if landed < total:  # a missing term is worth a line even without -v
            click.echo(f"Warning: {message}; see --terms-report for which", err=True)
        else:
            log.info(message)
