"""Command-line interface. The only module that imports Click; it parses options, calls the library
and turns :class:`~translate.errors.TranslateError` into ``Error: …`` with exit status 1."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, TextIO

import click

from . import __version__
from .errors import InputError, TranslateError
from .models import DEFAULT_MODEL

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """A group whose commands turn library errors into clean ``Error: …`` messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TranslateError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(
    __version__, "-V", "--version", prog_name="translate", message="%(prog)s (persian-translate) %(version)s"
)
@click.option("-v", "--verbose", count=True, help="More log messages (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bar.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Persian news articles into reviewed, aligned English.

    \b
    Examples:
      translate translate examples/raisi-putin-call.fa.txt -g glossaries/news-fa-en.tsv
      translate segment articles/ --format jsonl -o sentences.jsonl
      translate glossary match articles/ -g glossaries/news-fa-en.tsv
      translate models list
      translate eval segment ../shared/data/sentseg/*.jsonl
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    # Other libraries' chatter (gensim, transformers) stays at warnings unless -vv.
    root = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.WARNING)
    logging.basicConfig(level=root, format="%(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger("translate").setLevel(level)
    ctx.obj = {"quiet": quiet, "started": time.perf_counter()}


def _input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--encoding",
        metavar="NAME",
        help="Decode every input with this encoding instead of detecting it (utf-8, utf-16, cp1256 …).",
    )(func)
    func = click.option(
        "--strict", is_flag=True, help="Fail (exit 1) when any input cannot be read, instead of skipping it."
    )(func)
    return click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")(func)


def _glossary_option(required: bool) -> Callable[..., Any]:
    return click.option("-g", "--glossary", "glossaries", multiple=True, required=required,
                        type=click.Path(exists=True, dir_okay=False),
                        help="Glossary file: TSV, CSV or TBX (repeat for several); see 'translate glossary'.")


def _read_pair(src: str, tgt: str) -> tuple[list[str], list[str]]:
    """Two line-aligned files, or a clean error when their line counts differ."""
    sources, targets = _read_lines(src), _read_lines(tgt)
    if len(sources) != len(targets):
        raise click.ClickException(
            f"{src} has {len(sources)} lines but {tgt} has {len(targets)}: they must be line-aligned")
    return sources, targets


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """stdout, or an atomically written file."""
    if path is None or path == "-":
        yield sys.stdout
        return
    from .writers import atomic_open

    with atomic_open(path) as handle:
        yield handle


def _report_skipped(errors: list[InputError], read: int, strict: bool) -> None:
    if not errors:
        return
    lines = "\n".join(f"  {e}" for e in errors)
    message = f"skipped {len(errors)} of {len(errors) + read} inputs:\n{lines}"
    if strict or read == 0:
        raise click.ClickException(message if read else f"no input could be read:\n{lines}")
    click.echo(f"Warning: {message}", err=True)


@main.command(context_settings=CONTEXT)
@_input_options
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout (atomically).")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
    help="text: one sentence a line; jsonl: one object a sentence with offsets.",
)
@click.option("--normalize", is_flag=True, help="Output normalized text (jsonl: an extra 'normalized' field).")
@click.option(
    "--max-chars", type=click.IntRange(1), default=1000, show_default=True,
    help="Warn about sentences longer than this (they are kept; translation splits them later).",
)
@click.pass_obj
def segment(obj: dict[str, Any], inputs: tuple[str, ...], output: str | None, fmt: str, normalize: bool,
            max_chars: int, encoding: str | None, strict: bool) -> None:
    """Split Persian articles into sentences.

    INPUT is a file (.txt, .md, .html), a directory (searched recursively) or - for stdin. Encodings:
    UTF-8, UTF-16 with a byte-order mark, Windows-1256. Offsets (jsonl) are Python string indices into
    the decoded text of each input, so text[start:end] is the sentence.

    \b
    Examples:
      translate segment examples/raisi-putin-call.fa.txt
      translate segment news/ -f jsonl -o sentences.jsonl
      cat article.txt | translate segment - --normalize
    """
    from .io import read_documents
    from .normalize import normalize_text
    from .progress import progress
    from .segment import segment as split

    errors: list[InputError] = []
    read = 0
    long = 0
    with _output(output) as out:
        docs = read_documents(inputs, errors=errors, encoding=encoding)
        for doc in progress(docs, desc="documents", unit="doc", quiet=obj["quiet"]):
            read += 1
            for sent in split(doc):
                long += len(sent.text) > max_chars
                if fmt == "text":
                    line = sent.line()
                    out.write((normalize_text(line) if normalize else line) + "\n")
                else:
                    record: dict[str, Any] = {
                        "id": sent.id, "doc_id": sent.doc_id, "index": sent.index,
                        "start": sent.start, "end": sent.end, "text": sent.text,
                    }
                    if normalize:
                        record["normalized"] = normalize_text(sent.line())
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        _report_skipped(errors, read, strict)
    if long:
        logging.getLogger(__name__).warning(
            "%d sentences are longer than %d characters; translation will split them at clause boundaries",
            long, max_chars,
        )


@main.group(name="eval", cls=_Group, context_settings=CONTEXT)
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
    from .evaluate import BoundaryScore, hazm_splitter, load_gold, project_splitter, score_units

    systems = [("translate", project_splitter)] + ([] if no_baseline else [("hazm", hazm_splitter)])
    totals = {name: BoundaryScore() for name, _ in systems}
    seconds = {name: 0.0 for name, _ in systems}
    header = f"{'file':<34} {'system':<10} {'units':>5} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}"
    gold_units = {path: load_gold(path) for path in gold}  # every file checked before any figure
    click.echo(header)
    click.echo("-" * len(header))
    for path, units in gold_units.items():
        for name, splitter in systems:
            t0 = time.perf_counter()
            score = score_units(units, splitter)
            seconds[name] += time.perf_counter() - t0
            totals[name].add(score)
            click.echo(_score_line(path.rsplit("/", 1)[-1], name, score))
            if name == "translate" and show_errors:
                texts = {str(u.get("id", i + 1)): u["text"] for i, u in enumerate(units)}
                for uid, kind, off in score.errors[:show_errors]:
                    text = texts[uid]
                    left = text[max(0, off - 40) : off].replace("\n", "⏎")
                    right = text[off : off + 25].replace("\n", "⏎")
                    click.echo(f"    {kind:<11} {uid}: …{left} ┃ {right}…")
    click.echo("-" * len(header))
    for name, _ in systems:
        click.echo(_score_line("overall", name, totals[name]))
    click.echo("")
    for name, _ in systems:
        click.echo(f"{name}: {seconds[name]:.2f} s for {totals[name].units} units")


def _score_line(label: str, system: str, s: Any) -> str:
    return (f"{label:<34} {system:<10} {s.units:>5} {s.tp + s.fn:>5} "
            f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")


# --- translation --------------------------------------------------------------------------------

def _model_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("-m", "--model", default=DEFAULT_MODEL, show_default=True, metavar="NAME|PATH",
                     help="Model alias (see 'translate models list'), Hugging Face id, or local directory."),
        click.option("-e", "--engine", type=click.Choice(["ct2", "hf"]), default="ct2", show_default=True,
                     help="ct2: CTranslate2 (converted once, int8 on CPU; fastest). hf: transformers."),
        click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
                     help="auto uses a CUDA GPU when there is one."),
        click.option("--threads", type=click.IntRange(1), metavar="N",
                     help="CPU threads (default: all cores this process may use)."),
        click.option("--quantization", metavar="TYPE",
                     help="ct2 weights: int8 (CPU default), int8_float16 (CUDA default), float16, float32 …"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _decode_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("-b", "--beam", type=click.IntRange(1), default=4, show_default=True, help="Beam size (1: greedy)."),
        click.option("--max-length-ratio", type=click.FloatRange(0.1), default=3.0, show_default=True,
                     help="Stop decoding at this many target tokens per source token (+10)."),
        click.option("--no-repeat-ngram", type=click.IntRange(0), default=0, show_default=True,
                     help="Forbid repeating any n-gram of this size (0: off)."),
        click.option("--batch-tokens", type=click.IntRange(1), default=4096, show_default=True,
                     help="Padded token budget of one batch."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _load_engine(model: str, engine: str, device: str, threads: int | None, quantization: str | None) -> Any:
    from .backends import load_engine
    from .models import resolve

    resolved = resolve(model)
    logging.getLogger(__name__).info("model %s at %s (%s)", resolved.id, resolved.path, resolved.spec.licence)
    return load_engine(engine, resolved, device=device, threads=threads, quantization=quantization)


@main.command(name="translate", context_settings=CONTEXT)
@_input_options
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout (atomically).")
@click.option("--unit", type=click.Choice(["line", "sentence"]), default="line", show_default=True,
              help="line: one output line per input line (each line's sentences translated and joined); "
                   "sentence: one output line per sentence, as 'translate segment' prints them.")
@_model_options
@_decode_options
@_glossary_option(required=False)
@click.option("--terms-source", type=click.Choice(["replace", "placeholder", "none"]), default="none",
              show_default=True, help="Put glossary targets (replace) or placeholders into the model's input.")
@click.option("--strict-terms", is_flag=True, help="Make every glossary term land, replacing the output word "
              "its source attends to most when nothing better is found.")
@click.option("--terms-report", metavar="FILE", help="JSONL: each sentence's glossary terms with status and spans.")
@click.option("--no-normalize", is_flag=True, help="Give the model the text as written (no Persian normalization).")
@click.pass_obj
def translate_command(obj: dict[str, Any], inputs: tuple[str, ...], output: str | None, unit: str, model: str,
                      engine: str, device: str, threads: int | None, quantization: str | None, beam: int,
                      max_length_ratio: float, no_repeat_ngram: int, batch_tokens: int,
                      glossaries: tuple[str, ...], terms_source: str, strict_terms: bool,
                      terms_report: str | None, no_normalize: bool,
                      encoding: str | None, strict: bool) -> None:
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
    from .backends import DecodeOptions
    from .io import iter_lines, read_documents
    from .normalize import normalize_text
    from .progress import progress
    from .segment import segment_text
    from .translation import translate_groups

    options = DecodeOptions(beam_size=beam, max_length_ratio=max_length_ratio,
                            no_repeat_ngram_size=no_repeat_ngram, batch_tokens=batch_tokens)
    matcher = None
    if glossaries:
        from .glossary import load_glossary

        matcher = load_glossary(glossaries).matcher()
    translator = _load_engine(model, engine, device, threads, quantization)
    errors: list[InputError] = []
    read = 0
    prepare = (lambda text: text) if no_normalize else normalize_text

    def doc_units(doc: Any) -> list[list[str]]:
        """Each output line's source sentences (an empty list for an empty line)."""
        if unit == "sentence":
            return [[sent.line()] for sent in segment_text(doc.text, doc.id)]
        spans = list(iter_lines(doc.text))
        if len(spans) > 1 and spans[-1][0] == spans[-1][1]:
            spans.pop()  # the text ends with a line break: no line after it
        return [[sent.line() for sent in segment_text(doc.text[s:e], doc.id)] for s, e in spans]

    def units() -> Iterator[list[str]]:
        nonlocal read
        for doc in read_documents(inputs, errors=errors, encoding=encoding):
            read += 1
            for group in doc_units(doc):
                yield [prepare(s) for s in group]

    if not no_normalize:
        normalize_text("")  # loads hazm's lexicons now, so the timing below is the steady state
    ready = time.perf_counter()
    sentences = 0
    landed = total = 0
    with _output(output) as out:
        if matcher is None:
            groups = translate_groups(translator, units(), options)
            for group in progress(groups, desc="lines" if unit == "line" else "sentences", unit=unit,
                                  quiet=obj["quiet"]):
                sentences += len(group)
                out.write(" ".join(h.text for h in group if h.text) + "\n")
        else:
            from .terms import EnforceOptions, translate_with_terms
            from .writers import atomic_open

            enforce = EnforceOptions(source=terms_source, strict=strict_terms)
            with ExitStack() as stack:
                handle = stack.enter_context(atomic_open(terms_report)) if terms_report else None
                for doc in progress(read_documents(inputs, errors=errors, encoding=encoding), desc="documents",
                                    unit="doc", quiet=obj["quiet"]):
                    read += 1
                    groups = doc_units(doc)
                    flat = [s for g in groups for s in g]
                    (results,) = translate_with_terms(translator, [flat], matcher, options, enforce)
                    it = iter(results)
                    for group in groups:
                        chosen = [next(it) for _ in group]
                        out.write(" ".join(r.text for r in chosen if r.text) + "\n")
                    for number, (source, result) in enumerate(zip(flat, results)):
                        sentences += 1
                        landed += sum(t.status != "missing" for t in result.terms)
                        total += len(result.terms)
                        if handle:
                            handle.write(json.dumps({
                                "doc_id": doc.id, "index": number, "source": source, "target": result.text,
                                "terms": [{"text": t.text, "start": t.start, "end": t.end, "source": t.source,
                                           "target": t.target, "type": t.type, "status": t.status,
                                           "target_start": t.target_start, "target_end": t.target_end}
                                          for t in result.terms]}, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - ready
    log = logging.getLogger(__name__)
    log.info(
        "translated %d sentences in %.2f s (%.1f sentences/s), after %.2f s of start-up (imports, model load)",
        sentences, seconds, sentences / seconds if seconds else 0.0, ready - obj["started"],
    )
    if matcher is not None:
        message = f"glossary terms landed: {landed}/{total} ({landed / max(1, total):.1%})"
        if landed < total:  # a missing term is worth a line even without -v
            click.echo(f"Warning: {message}; see --terms-report for which", err=True)
        else:
            log.info(message)
    _report_skipped(errors, read, strict)


# --- models -------------------------------------------------------------------------------------

@main.group(name="models", cls=_Group, context_settings=CONTEXT)
def models_group() -> None:
    """List, download, convert and inspect translation models.

    \b
    Examples:
      translate models list
      translate models pull nllb-600m            # needs network; fills the Hugging Face cache
      translate models convert nllb-600m --quantization int8
      translate models make-test-model --arch nllb /tmp/tiny-nllb
    """


@models_group.command(name="list", context_settings=CONTEXT)
def models_list() -> None:
    """The model aliases, their Hub ids and licences, and whether each is on this machine."""
    from .models import ALIASES, resolve

    click.echo(f"{'alias':<26} {'arch':<7} {'licence':<13} {'here':<5} hub id")
    for name, spec in ALIASES.items():
        try:
            resolve(name)
            here = "yes"
        except TranslateError:
            here = "no"
        click.echo(f"{name:<26} {spec.arch:<7} {spec.licence:<13} {here:<5} {spec.repo_id}")
        click.echo(f"{'':<26} {spec.description}")


@models_group.command(name="pull", context_settings=CONTEXT)
@click.argument("name")
def models_pull(name: str) -> None:
    """Download model NAME (an alias or a Hub id) into the Hugging Face cache. Needs network."""
    from .models import pull

    resolved = pull(name)
    click.echo(f"{resolved.id} is in {resolved.path} (licence: {resolved.spec.licence})")


@models_group.command(name="convert", context_settings=CONTEXT)
@click.argument("name")
@click.option("--quantization", default="int8", show_default=True,
              help="int8 for CPU; int8_float16 or float16 for CUDA; float32 keeps full precision.")
@click.option("--force", is_flag=True, help="Convert again even when a cached conversion exists.")
def models_convert(name: str, quantization: str, force: bool) -> None:
    """Convert model NAME to CTranslate2 (done once; the ct2 engine reuses the cached result)."""
    from .models import convert, resolve

    click.echo(str(convert(resolve(name), quantization, force=force)))


@models_group.command(name="info", context_settings=CONTEXT)
@click.argument("name")
def models_info(name: str) -> None:
    """Where model NAME is, what it is, its licence and its size."""
    from .models import resolve

    resolved = resolve(name)
    config = json.loads((resolved.path / "config.json").read_text(encoding="utf-8"))
    spec = resolved.spec
    rows = [
        ("name", spec.name), ("hub id", spec.repo_id), ("path", str(resolved.path)),
        ("revision", resolved.revision or "-"), ("arch", f"{spec.arch} ({config.get('model_type')})"),
        ("licence", spec.licence), ("languages", f"{spec.src_lang or 'fa'} → {spec.tgt_lang or 'en'}"),
        ("max input tokens", str(spec.max_input_tokens)),
        ("d_model / layers", f"{config.get('d_model')} / {config.get('encoder_layers')}+{config.get('decoder_layers')}"),
        ("vocabulary", str(config.get("vocab_size"))),
    ]
    for key, value in rows:
        click.echo(f"{key:<17} {value}")


@models_group.command(name="make-test-model", context_settings=CONTEXT)
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--arch", type=click.Choice(["marian", "nllb"]), default="marian", show_default=True)
@click.option("--size", type=click.Choice(["tiny", "marian-base", "nllb-600m"]), default="tiny", show_default=True,
              help="tiny for tests; the real architectures' sizes (random weights) for benchmarks.")
@click.option("--seed", type=int, default=0, show_default=True)
def models_make_test_model(out: str, arch: str, size: str, seed: int) -> None:
    """Build a random-weight model with real tokenizer files in OUT (deterministic; seconds for tiny).

    It translates nothing useful: it exists to drive the real engines in tests and benchmarks.
    """
    from .testmodels import build_test_model

    try:
        path = build_test_model(out, arch=arch, size=size, seed=seed)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(str(path))


@eval_group.command(name="terms", context_settings=CONTEXT)
@click.option("--src", "src", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Persian, one sentence a line.")
@click.option("--ref", "ref", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Reference English, line-aligned, with the glossary's spellings.")
@_glossary_option(required=True)
@click.option("--layers", default="all", show_default=True,
              help="Comma-separated layers to run, or 'all' (see the README).")
@_model_options
@click.option("-b", "--beam", type=click.IntRange(1), default=4, show_default=True)
def eval_terms(src: str, ref: str, glossaries: tuple[str, ...], layers: str, model: str, engine: str,
               device: str, threads: int | None, quantization: str | None, beam: int) -> None:
    """Term success rate and chrF++ of each glossary-enforcement layer.

    \b
    Example (the Quran-domain model of shared/models, Arabic name forms):
      translate eval terms --src ../shared/models/glossary-test/names.fa \\
        --ref ../shared/models/glossary-test/names.arabic-forms.en \\
        -g ../shared/models/glossary-test/arabic-names.tsv \\
        --model ../shared/models/quran-fa-en-marian-small --engine ct2
    """
    from .backends import DecodeOptions
    from .evaluate import TERM_LAYERS, evaluate_terms
    from .glossary import load_glossary

    sources, references = _read_pair(src, ref)
    chosen = list(TERM_LAYERS) if layers == "all" else [x.strip() for x in layers.split(",")]
    unknown = [x for x in chosen if x not in TERM_LAYERS]
    if unknown:
        raise click.UsageError(f"unknown layers {unknown}; choose from: {', '.join(TERM_LAYERS)}")
    if engine != "hf":
        chosen = [x for x in chosen if "hf only" not in x]
    translator = _load_engine(model, engine, device, threads, quantization)
    glossary = load_glossary(glossaries)
    click.echo(f"engine {engine}, beam {beam}, {len(sources)} sentences")
    click.echo(f"{'layer':<24} {'terms':>9} {'success':>8} {'chrF++':>7} {'seconds':>8}")
    for row in evaluate_terms(translator, sources, references, glossary, DecodeOptions(beam_size=beam), chosen):
        click.echo(f"{row.layer:<24} {row.landed:>4}/{row.total:<4} {row.rate:>8.1%} {row.chrf:>7.1f} {row.seconds:>8.1f}")


def _read_lines(path: str) -> list[str]:
    text = open(path, encoding="utf-8-sig", newline="").read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


# --- glossary -----------------------------------------------------------------------------------

@main.group(name="glossary", cls=_Group, context_settings=CONTEXT)
def glossary_group() -> None:
    """Check glossaries, find their terms in Persian text, enforce them on translations.

    \b
    Examples:
      translate glossary check glossaries/news-fa-en.tsv
      translate glossary match examples/raisi-putin-call.fa.txt -g glossaries/news-fa-en.tsv
      translate glossary apply --src corpus.fa --tgt corpus.en -g glossaries/news-fa-en.tsv -o fixed.en
    """


@glossary_group.command(name="check", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="Also list warnings.")
def glossary_check(files: tuple[str, ...], warnings: bool) -> None:
    """Report problems in glossary FILES (TSV, CSV or TBX), each with file and line.

    Errors (exit status 1): wrong column counts, empty fields, unknown types, malformed short forms,
    duplicates, and one Persian form with two different English targets. Warnings: entries that
    normalize to the same key, entries found inside longer entries (the longer one wins).
    """
    from .glossary import check_glossaries

    entries, problems = check_glossaries(files)
    errors = [p for p in problems if p.level == "error"]
    for problem in problems:
        if problem.level == "error" or warnings:
            click.echo(str(problem))
    shown = len(problems) - len(errors)
    click.echo(f"{len(entries)} entries, {len(errors)} errors, {shown} warnings", err=True)
    if errors:
        raise SystemExit(1)


@glossary_group.command(name="match", context_settings=CONTEXT)
@_input_options
@_glossary_option(required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout (atomically).")
def glossary_match(inputs: tuple[str, ...], glossaries: tuple[str, ...], fmt: str, output: str | None,
                   encoding: str | None, strict: bool) -> None:
    """The glossary terms in Persian INPUT, one line each: document, offsets into the decoded
    original text, the matched text, the entry's source key, its English target and type.

    \b
    Example:
      translate glossary match examples/raisi-putin-call.fa.txt -g glossaries/news-fa-en.tsv
    """
    from .glossary import load_glossary
    from .io import read_documents

    matcher = load_glossary(glossaries).matcher()
    errors: list[InputError] = []
    read = 0
    with _output(output) as out:
        if fmt == "tsv":
            out.write("doc_id\tstart\tend\ttext\tsource\ttarget\ttype\tshort\n")
        for doc in read_documents(inputs, errors=errors, encoding=encoding):
            read += 1
            for hit in matcher.find(doc.text):
                row = {"doc_id": doc.id, "start": hit.start, "end": hit.end, "text": hit.text,
                       "source": hit.entry.source, "target": hit.target, "type": hit.entry.type,
                       "short": hit.short}
                if fmt == "jsonl":
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                else:
                    cells = [str(row[k]).replace("\t", " ").replace("\n", " ") for k in row]
                    out.write("\t".join(cells) + "\n")
    _report_skipped(errors, read, strict)


@glossary_group.command(name="apply", context_settings=CONTEXT)
@click.option("--src", "src", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Persian, one sentence a line.")
@click.option("--tgt", "tgt", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Its English translation (human or machine), line-aligned.")
@_glossary_option(required=True)
@click.option("-o", "--output", metavar="FILE", help="The English with terms enforced (default: stdout).")
@click.option("--report", metavar="FILE", help="JSONL: one object per line with every term's status and spans.")
def glossary_apply(src: str, tgt: str, glossaries: tuple[str, ...], output: str | None, report: str | None) -> None:
    """Enforce a glossary on existing translations.

    Each term found in a Persian line is looked for in its English line (any case, possessive 's,
    hyphen/space variants). A missing term is repaired where the English holds a near spelling of it
    (Lazarini → Lazzarini); nothing else in the line changes. Term success before and after goes to
    stderr.

    \b
    Example:
      translate glossary apply --src ntrex.fa --tgt ntrex.en -g people.tsv -o ntrex.fixed.en --report terms.jsonl
    """
    from .glossary import load_glossary
    from .records import Hypothesis
    from .terms import OFF, EnforceOptions, prepare, resolve_terms, success_rate

    sources, targets = _read_pair(src, tgt)
    matcher = load_glossary(glossaries).matcher()
    repair = EnforceOptions(source="none", nbest=False, force=False, repair=True)
    before: list[Any] = []
    after: list[Any] = []
    changed = 0
    reports = []
    fixed_lines = []
    for number, (fa, en, hits) in enumerate(zip(sources, targets, matcher.find_in_document(sources)), 1):
        prepared = prepare(fa, hits)
        hyp = Hypothesis(text=en, score=0.0)
        _, first = resolve_terms(prepared, hits, hyp, OFF)
        fixed, terms = resolve_terms(prepared, hits, hyp, repair)
        before.extend(first)
        after.extend(terms)
        changed += fixed != en
        fixed_lines.append(fixed)
        reports.append({"line": number, "changed": fixed != en,
                        "terms": [{"source": t.source, "start": t.start, "end": t.end, "text": t.text,
                                   "target": t.target, "status": t.status,
                                   "target_start": t.target_start, "target_end": t.target_end} for t in terms]})
    with _output(output) as out:
        out.writelines(line + "\n" for line in fixed_lines)
    if report:
        from .writers import atomic_open

        with atomic_open(report) as handle:
            handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in reports)
    (b_ok, b_all), (a_ok, a_all) = success_rate(before), success_rate(after)
    click.echo(f"{len(sources)} lines, {a_all} term occurrences; term success before {b_ok}/{b_all} "
               f"({b_ok / max(1, b_all):.1%}), after {a_ok}/{a_all} ({a_ok / max(1, a_all):.1%}); "
               f"{changed} lines changed", err=True)


# --- alignment ----------------------------------------------------------------------------------

def _english_sentences(text: str) -> list[str]:
    """English sentences with pysbd (rule-based, no downloaded data), paragraph by paragraph."""
    import pysbd

    from .io import iter_lines

    splitter = pysbd.Segmenter(language="en", clean=False)
    out = []
    for s, e in iter_lines(text):
        line = text[s:e].strip()
        if line:
            out.extend(x.strip() for x in splitter.segment(line) if x.strip())
    return out


def _document_pairs(fa: str, en: str) -> list[tuple[str, str]]:
    """``(fa_file, en_file)`` pairs: the two files, or files of two directories paired by name
    (``news1.fa.txt`` with ``news1.en.txt``, ``a.fa`` with ``a.en``, or equal names)."""
    from pathlib import Path

    a, b = Path(fa), Path(en)
    if a.is_file() and b.is_file():
        return [(fa, en)]
    if not (a.is_dir() and b.is_dir()):
        raise click.UsageError("FA and EN must be two files or two directories")

    def key(path: Path) -> str:
        name = path.name
        for suffix in (".txt", ".md", ".html", ".htm"):
            name = name.removesuffix(suffix)
        for lang in (".fa", ".en", ".pes", ".eng", "-fa", "-en", "_fa", "_en"):
            name = name.removesuffix(lang)
        return name

    left = {key(p): p for p in sorted(a.iterdir()) if p.is_file() and not p.name.startswith(".")}
    right = {key(p): p for p in sorted(b.iterdir()) if p.is_file() and not p.name.startswith(".")}
    unpaired = sorted(set(left) ^ set(right))
    if unpaired:
        click.echo(f"Warning: no partner for {len(unpaired)} documents: {', '.join(unpaired[:10])}", err=True)
    return [(str(left[k]), str(right[k])) for k in sorted(set(left) & set(right))]


@main.command(name="align", context_settings=CONTEXT)
@click.argument("fa", type=click.Path(exists=True))
@click.argument("en", type=click.Path(exists=True))
@click.option("-o", "--output", "outdir", metavar="OUTDIR", help="Write NAME.fa/.en (Moses), .tsv, .jsonl and .beads here.")
@click.option("--presplit", is_flag=True, help="Inputs are one sentence a line already: do not segment.")
@click.option("-f", "--format", "fmt", type=click.Choice(["beads", "tsv"]), default="tsv", show_default=True,
              help="What goes to stdout without -o: Vecalign beads ([0]:[0,1]:score) or pairs as TSV.")
@click.option("--more-beads", is_flag=True, help="Also allow 2-2, 1-3 and 3-1 beads.")
@click.option("--embed-spans", is_flag=True, help="Embed joined sentences too (Vecalign; about 3× slower).")
@click.option("-m", "--model", metavar="NAME|PATH",
              help="Force each pair through this model: confidence, and word alignment with --engine hf.")
@click.option("-e", "--engine", type=click.Choice(["ct2", "hf"]), default="hf", show_default=True)
@_glossary_option(required=False)
def align_command(fa: str, en: str, outdir: str | None, presplit: bool, fmt: str, more_beads: bool,
                  embed_spans: bool, model: str | None, engine: str, glossaries: tuple[str, ...]) -> None:
    """Align Persian documents with their English translations, sentence by sentence.

    FA and EN are two files, or two directories whose documents are paired by name. Persian is
    segmented with this project's segmenter, English with pysbd (unless --presplit). The aligner is
    dynamic programming over beads (1-1, 1-2, 2-1, 1-0, 0-1) scored by multilingual-e5 embeddings, a
    length model and anchors (numbers, Latin-script words, glossary terms). No translation model is
    needed; with --model each pair also gets the model's confidence and (hf) word alignments.
    Every sentence of both sides is in exactly one bead.

    \b
    Examples:
      translate align article.fa.txt article.en.txt -o outputs/aligned
      translate align fa/ en/ -o outputs/aligned
      translate align doc.fa doc.en --presplit -f beads
    """
    from pathlib import Path

    from .align import BEADS, MORE_BEADS, AlignOptions, align_sentences
    from .embed import load_embedder
    from .io import read_documents
    from .normalize import normalize_text
    from .segment import segment_text
    from .writers import atomic_open

    pairs = _document_pairs(fa, en)
    if len(pairs) > 1 and outdir is None:
        raise click.UsageError("aligning directories needs -o OUTDIR")
    matcher = None
    if glossaries:
        from .glossary import load_glossary

        matcher = load_glossary(glossaries).matcher()
    options = AlignOptions(beads=BEADS + MORE_BEADS if more_beads else BEADS, embed_spans=embed_spans)
    embedder = load_embedder()
    for fa_path, en_path in pairs:
        (fa_doc,) = read_documents([fa_path])
        (en_doc,) = read_documents([en_path])
        if presplit:
            src, tgt = _read_lines(fa_path), _read_lines(en_path)
        else:
            src = [s.line() for s in segment_text(fa_doc.text, fa_doc.id)]
            tgt = _english_sentences(en_doc.text)
        normalized = [normalize_text(s) for s in src]
        beads = align_sentences(normalized, tgt, embedder, options, matcher=matcher)
        rows = [(b, " ".join(src[i] for i in b.src), " ".join(tgt[j] for j in b.tgt)) for b in beads]
        extra: dict[int, dict[str, Any]] = {}
        if not model and pairs.index((fa_path, en_path)) == 0:
            click.echo("confidence and word alignment skipped: no --model given", err=True)
        if model:
            linked = [k for k, (b, _, _) in enumerate(rows) if b.src and b.tgt]
            confidences, links = _force_score(model, engine, [" ".join(normalized[i] for i in rows[k][0].src)
                                                              for k in linked], [rows[k][2] for k in linked])
            for n, k in enumerate(linked):
                extra[k] = {"confidence": round(confidences[n], 4), "alignment": links[n] if links else ""}
        if outdir is None:
            for k, (bead, fa_text, en_text) in enumerate(rows):
                if fmt == "beads":
                    click.echo(bead.vecalign())
                else:
                    more = "\t".join(str(v) for v in extra.get(k, {}).values())
                    click.echo(f"{bead.vecalign()}\t{fa_text}\t{en_text}" + (f"\t{more}" if more else ""))
            continue
        base = Path(outdir) / fa_doc.id.removesuffix(".fa")
        kept = [(f, e) for b, f, e in rows if b.src and b.tgt]
        with atomic_open(f"{base}.fa") as out_fa, atomic_open(f"{base}.en") as out_en:
            for f, e in kept:
                out_fa.write(f + "\n")
                out_en.write(e + "\n")
        with atomic_open(f"{base}.beads") as out:
            out.writelines(b.vecalign() + "\n" for b, _, _ in rows)
        with atomic_open(f"{base}.tsv") as out:
            out.write("src_ids\ttgt_ids\tscore\tfa\ten\tconfidence\talignment\n")
            for k, (b, f, e) in enumerate(rows):
                x = extra.get(k, {})
                out.write(f"{' '.join(map(str, b.src))}\t{' '.join(map(str, b.tgt))}\t{b.score:.4f}\t{f}\t{e}"
                          f"\t{x.get('confidence', '')}\t{x.get('alignment', '')}\n")
        with atomic_open(f"{base}.jsonl") as out:
            for k, (b, f, e) in enumerate(rows):
                out.write(json.dumps({"src_ids": b.src, "tgt_ids": b.tgt, "score": b.score, "fa": f, "en": e,
                                      **extra.get(k, {})}, ensure_ascii=False) + "\n")
        click.echo(f"{len(beads)} beads ({len(kept)} pairs) for {len(src)} Persian and {len(tgt)} English "
                   f"sentences in {base}.{{fa,en,tsv,jsonl,beads}}", err=True)


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
    from .align import AlignOptions, align_sentences, score_beads
    from .embed import load_embedder
    from .normalize import normalize_text

    embedder = load_embedder()
    variants = [("all anchors", AlignOptions())]
    if ablations:
        variants += [("no numbers", AlignOptions(number_weight=0)), ("no Latin words", AlignOptions(latin_weight=0)),
                     ("no length model", AlignOptions(length_weight=0)),
                     ("embeddings only", AlignOptions(number_weight=0, latin_weight=0, length_weight=0))]
    click.echo(f"{'file':<34} {'variant':<16} {'docs':>4} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'s/1k sent':>9}")
    for path in gold:
        docs = []
        for number, line in enumerate(_read_lines(path), 1):
            if line.strip():
                try:
                    unit = json.loads(line)
                    docs.append(([normalize_text(s) for s in unit["src"]], unit["tgt"], unit["gold"]))
                except (ValueError, KeyError) as exc:
                    raise click.ClickException(f"{path}:{number}: not a gold alignment unit ({exc})") from None
        for name, options in variants:
            tp = nt = ng = sentences = 0
            t0 = time.perf_counter()
            for src, tgt, beads in docs:
                a, b, c = score_beads(beads, align_sentences(src, tgt, embedder, options))
                tp, nt, ng, sentences = tp + a, nt + b, ng + c, sentences + len(src) + len(tgt)
            seconds = time.perf_counter() - t0
            p, r = tp / max(1, nt), tp / max(1, ng)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            click.echo(f"{path.rsplit('/', 1)[-1]:<34} {name:<16} {len(docs):>4} {ng:>5} {p:>6.3f} {r:>6.3f} "
                       f"{f1:>6.3f} {1000 * seconds / max(1, sentences):>9.1f}")


# --- scoring ------------------------------------------------------------------------------------

def _term_success(glossaries: tuple[str, ...], sources: list[str], targets: list[str]) -> list[float | None]:
    """Per pair, the share of the Persian's glossary terms found in the English (None: no terms)."""
    from .glossary import load_glossary
    from .records import Hypothesis
    from .terms import OFF, prepare, resolve_terms, success_rate

    matcher = load_glossary(glossaries).matcher()
    out: list[float | None] = []
    for fa, en, hits in zip(sources, targets, matcher.find_in_document(sources)):
        _, terms = resolve_terms(prepare(fa, hits), hits, Hypothesis(en, 0.0), OFF)
        landed, total = success_rate(terms)
        out.append(landed / total if total else None)
    return out


def _force_score(model: str, engine: str, sources: list[str], targets: list[str]) -> tuple[list[float], list[str] | None]:
    """Model confidence of each given pair and, on the hf engine, attention word alignments (Pharaoh)."""
    from .align import attention_links, pharaoh

    translator = _load_engine(model, engine, "auto", None, None)
    hyps = translator.score(sources, targets, attention=engine == "hf")
    if engine != "hf":
        return [h.score for h in hyps], None
    special = set(translator.tokenizer.special)
    links = [pharaoh(attention_links(s, h.source_tokens, t, h.tokens, h.attention or (), special))
             for s, t, h in zip(sources, targets, hyps)]
    return [h.score for h in hyps], links


_SCORE_COLUMNS = ("similarity", "length", "numbers", "persian", "repetition", "confidence", "terms",
                  "bleu", "chrf", "ter")


@main.command(name="score", context_settings=CONTEXT)
@click.option("--src", "src", required=True, type=click.Path(exists=True, dir_okay=False), help="Persian, one a line.")
@click.option("--hyp", "hyp", required=True, type=click.Path(exists=True, dir_okay=False), help="English, line-aligned.")
@click.option("--ref", "ref", type=click.Path(exists=True, dir_okay=False), help="Reference English (adds BLEU, chrF++, TER).")
@click.option("-f", "--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout (atomically).")
@click.option("--no-similarity", is_flag=True, help="Skip the embedding similarity (faster; no e5 model).")
@click.option("-m", "--model", metavar="NAME|PATH",
              help="Also force each pair through this model: confidence, and word alignment with --engine hf.")
@click.option("-e", "--engine", type=click.Choice(["ct2", "hf"]), default="ct2", show_default=True)
@_glossary_option(required=False)
def score_command(src: str, hyp: str, ref: str | None, fmt: str, output: str | None, no_similarity: bool,
                  model: str | None, engine: str, glossaries: tuple[str, ...]) -> None:
    """Score existing line-aligned translations, one row per pair, with a verdict.

    Columns (defined in the README): similarity, length, numbers, persian, repetition, confidence
    (with --model), terms, bleu, chrf, ter (with --ref), verdict, reasons, alignment (Pharaoh word
    links, with --model and --engine hf). Corpus BLEU/chrF++/TER with sacrebleu's signatures go to
    stderr. No translation model is needed; without --model the confidence is skipped (and said so).

    \b
    Example:
      translate score --src test.fa --hyp test.en --ref test.ref.en -f jsonl -o scores.jsonl
    """
    from .score import corpus_scores, score_pairs

    sources, targets = _read_pair(src, hyp)
    references = _read_pair(src, ref)[1] if ref else None
    embedder = None
    if not no_similarity:
        from .embed import load_embedder

        embedder = load_embedder()
    confidences, links = None, None
    if model:
        from .normalize import normalize_text

        confidences, links = _force_score(model, engine, [normalize_text(x) for x in sources], targets)
    else:
        click.echo("confidence skipped: no --model given", err=True)
    terms = None
    if glossaries:
        terms = _term_success(glossaries, sources, targets)
    scores = score_pairs(sources, targets, references=references, embedder=embedder, confidences=confidences,
                         terms=terms)
    with _output(output) as out:
        if fmt == "tsv":
            out.write("line\t" + "\t".join(_SCORE_COLUMNS) + "\tverdict\treasons\talignment\n")
        for number, s in enumerate(scores, 1):
            values = {c: getattr(s, c) for c in _SCORE_COLUMNS}
            alignment = links[number - 1] if links else ""
            if fmt == "jsonl":
                out.write(json.dumps({"line": number, **values, "verdict": s.verdict, "reasons": s.reasons,
                                      "alignment": alignment}) + "\n")
            else:
                cells = ["" if v is None else f"{v:.4f}" for v in values.values()]
                out.write(f"{number}\t" + "\t".join(cells) + f"\t{s.verdict}\t{','.join(s.reasons)}\t{alignment}\n")
    counts = {v: sum(s.verdict == v for s in scores) for v in ("ok", "review", "bad")}
    click.echo(f"{len(scores)} pairs: " + ", ".join(f"{k} {v}" for k, v in counts.items()), err=True)
    if references is not None:
        for name, value in corpus_scores(targets, references).items():
            click.echo(f"{name} {value}", err=True)


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
    from .embed import load_embedder
    from .evaluate import CORRUPTIONS, corrupt_pairs, roc_auc
    from .score import score_pairs

    sources, targets = _read_pair(src, tgt)
    rows = corrupt_pairs(sources, targets, per_type=per_type)
    scores = score_pairs([r[1] for r in rows], [r[2] for r in rows], embedder=load_embedder())
    by_label: dict[str, list[Any]] = {}
    for (label, _, _), s in zip(rows, scores):
        by_label.setdefault(label, []).append(s)
    click.echo(f"{'corruption':<16} {'pairs':>5} {'ROC-AUC':>8} {'ok-precision':>12} {'ok-recall':>9} {'caught':>7}")
    for kind in CORRUPTIONS:
        true = by_label["true-2" if kind == "dropped" else "true"]
        bad = by_label.get(kind, [])
        auc = roc_auc([s.quality() for s in true], [s.quality() for s in bad])
        ok_true = sum(s.verdict == "ok" for s in true)
        ok_bad = sum(s.verdict == "ok" for s in bad)
        precision = ok_true / max(1, ok_true + ok_bad)
        recall = ok_true / max(1, len(true))
        caught = 1 - ok_bad / max(1, len(bad))
        click.echo(f"{kind:<16} {len(bad):>5} {auc:>8.3f} {precision:>12.3f} {recall:>9.3f} {caught:>7.1%}")


# --- the whole job ------------------------------------------------------------------------------

FORMATS = ("moses", "tsv", "jsonl", "tmx", "xliff", "html")


@main.command(name="run", context_settings=CONTEXT)
@_input_options
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR", help="Folder for every output.")
@_glossary_option(required=False)
@_model_options
@_decode_options
@click.option("--formats", default=",".join(FORMATS), show_default=True,
              help="Comma-separated: moses, tsv, jsonl, tmx, xliff, html (the review report).")
@click.option("--resume/--no-resume", default=True, show_default=True,
              help="Reuse sentences finished by an earlier run into OUTDIR (its translation memory).")
@click.option("--terms-source", type=click.Choice(["replace", "placeholder", "none"]), default="none",
              show_default=True, help="Put glossary targets (replace) or placeholders into the model's input.")
@click.option("--strict-terms", is_flag=True, help="Make every glossary term land.")
@click.option("--similarity/--no-similarity", default=False, show_default=True,
              help="Also score each pair's e5 cross-lingual similarity (about 28 sentences/s on 2 cores: it "
                   "costs more than translating with NLLB-600M; model confidence is always scored).")
@click.option("--src-lang", default="fa", show_default=True, help="Source language code in TMX/XLIFF (e.g. fa-IR).")
@click.option("--tgt-lang", default="en", show_default=True, help="Target language code in TMX/XLIFF (e.g. en-US).")
@click.pass_obj
def run_command(obj: dict[str, Any], inputs: tuple[str, ...], outdir: str, glossaries: tuple[str, ...], model: str,
                engine: str, device: str, threads: int | None, quantization: str | None, beam: int,
                max_length_ratio: float, no_repeat_ngram: int, batch_tokens: int, formats: str, resume: bool,
                terms_source: str, strict_terms: bool, similarity: bool, src_lang: str, tgt_lang: str,
                encoding: str | None, strict: bool) -> None:
    """Translate articles and write aligned, scored, glossary-checked parallel files.

    Read → normalize → segment → match glossary → translate → enforce/check terms → word-align →
    score → write. Per document NAME.fa/.en (Moses), NAME.tsv, NAME.jsonl, NAME.tmx; for the run
    corpus.* of the same, run.xlf (XLIFF 2.1), report.html (the review report) and manifest.json (inputs and their hashes, model,
    licence, options, glossaries, versions, counts, signature, times). A translation memory
    (OUTDIR/memory.sqlite) makes a second run resume and translates repeated sentences once.

    \b
    Examples:
      translate run examples/ -o outputs/example -g glossaries/news-fa-en.tsv
      translate run news/ -o outputs/news --model opus-mt-iir-en --formats moses,tsv
    """
    import datetime
    from pathlib import Path

    from . import __version__
    from .backends import DecodeOptions
    from .cache import TranslationMemory
    from .io import read_documents
    from .models import resolve
    from .pipeline import RunSettings, RunStats, file_sha256, package_versions, run_documents, signature, summarize
    from .progress import Bar
    from .segment import segment
    from .terms import EnforceOptions
    from .writers import atomic_open, write_jsonl, write_moses, write_tmx, write_tsv, write_xliff

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise click.UsageError(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
    started = datetime.datetime.now(datetime.timezone.utc)
    t0 = time.perf_counter()
    glossary = matcher = None
    if glossaries:
        from .glossary import load_glossary

        glossary = load_glossary(glossaries)
        matcher = glossary.matcher()
    resolved = resolve(model)
    from .backends import load_engine

    translator = load_engine(engine, resolved, device=device, threads=threads, quantization=quantization)
    settings = RunSettings(
        decode=DecodeOptions(beam_size=beam, max_length_ratio=max_length_ratio, no_repeat_ngram_size=no_repeat_ngram,
                             batch_tokens=batch_tokens, return_attention=True),
        enforce=EnforceOptions(source=terms_source, strict=strict_terms), similarity=similarity)
    sig = signature(resolved, translator, settings, glossary.sha1 if glossary else None, __version__)
    embedder = None
    if settings.similarity:
        from .embed import load_embedder

        embedder = load_embedder()
    out = Path(outdir)
    # A killed run can leave the temporary file of an atomic write behind (never a half-written
    # output): clear them before writing again.
    for stale in out.glob(".*.tmp") if out.is_dir() else ():
        stale.unlink(missing_ok=True)
    memory_path = out / "memory.sqlite"
    if not resume and memory_path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{memory_path}{suffix}").unlink(missing_ok=True)
    errors: list[InputError] = []
    stats = RunStats()
    inputs_seen: list[dict[str, Any]] = []
    all_pairs: list[tuple[str, list[Any]]] = []

    # Reading and segmenting everything first is cheap (0.03 s for the 2,400 sentences of the dev
    # sets) and gives the progress bar its total, so it can show an ETA.
    docs = list(read_documents(inputs, errors=errors, encoding=encoding))
    for doc in docs:
        raw = Path(doc.path).read_bytes() if doc.path != "-" else doc.text.encode("utf-8")
        inputs_seen.append({"path": doc.path, "doc_id": doc.id, "sha256": file_sha256(raw),
                            "encoding": doc.encoding, "format": doc.format})
    total_sentences = sum(len(segment(doc)) for doc in docs)

    from .normalize import normalize_text

    normalize_text("")  # hazm's lexicons load now, as start-up, not inside the first document
    with TranslationMemory(memory_path, sig) as memory, \
            Bar(total=total_sentences, desc="sentences", unit="sent", quiet=obj["quiet"]) as bar:
        for doc, pairs in run_documents(iter(docs), translator, matcher, settings, memory, embedder, stats):
            bar.update(len(pairs), documents=f"{stats.documents}/{len(docs)}")
            written = time.perf_counter()
            name = doc.id.removesuffix(".fa").replace("/", "__")
            base = out / name
            if "moses" in chosen:
                write_moses(pairs, base)
            if "tsv" in chosen:
                write_tsv(pairs, f"{base}.tsv")
            if "jsonl" in chosen:
                write_jsonl(pairs, f"{base}.jsonl")
            if "tmx" in chosen:
                write_tmx(pairs, f"{base}.tmx", signature=sig, tool_version=__version__, src_lang=src_lang,
                          tgt_lang=tgt_lang)
            all_pairs.append((doc.id, pairs))
            stats.seconds["write"] += time.perf_counter() - written
    written = time.perf_counter()
    corpus = [p for _, pairs in all_pairs for p in pairs]
    if "moses" in chosen:
        write_moses(corpus, out / "corpus")
    if "tsv" in chosen:
        write_tsv(corpus, out / "corpus.tsv")
    if "jsonl" in chosen:
        write_jsonl(corpus, out / "corpus.jsonl")
    if "tmx" in chosen:
        write_tmx(corpus, out / "corpus.tmx", signature=sig, tool_version=__version__, src_lang=src_lang,
                  tgt_lang=tgt_lang)
    if "xliff" in chosen:
        write_xliff(all_pairs, out / "run.xlf", src_lang=src_lang, tgt_lang=tgt_lang)
    if "html" in chosen:
        from .report import write_report

        write_report(all_pairs, out / "report.html", title="persian-translate review", signature=sig)
    stats.seconds["write"] += time.perf_counter() - written
    seconds = time.perf_counter() - t0
    stats.seconds["start-up"] = seconds - sum(stats.seconds.values())
    manifest = {
        "tool": {"name": "persian-translate", "version": __version__},
        "signature": sig,
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "inputs": inputs_seen,
        "skipped": [{"path": e.source, "problem": e.problem} for e in errors],
        "model": {"id": resolved.id, "path": str(resolved.path), "revision": resolved.revision,
                  "licence": resolved.spec.licence, "arch": resolved.spec.arch},
        "engine": {"name": translator.name, "device": getattr(translator, "device", "cpu"),
                   "quantization": getattr(translator, "quantization", None)},
        "decoding": {"beam": beam, "max_length_ratio": max_length_ratio, "no_repeat_ngram": no_repeat_ngram,
                     "batch_tokens": batch_tokens},
        "glossaries": glossary.files if glossary else [],
        "terms": {"source": terms_source, "strict": strict_terms, "landed": stats.terms_landed,
                  "total": stats.terms_total},
        "counts": {"documents": stats.documents, "sentences": stats.sentences, "from_memory": stats.from_memory,
                   "verdicts": stats.verdicts},
        "formats": chosen,
        "versions": package_versions(),
    }
    with atomic_open(out / "manifest.json") as handle:
        handle.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    for line in summarize(stats):
        click.echo(line, err=True)
    click.echo(f"time {seconds:.1f} s; outputs in {out}/", err=True)
    _report_skipped(errors, read=stats.documents, strict=strict)
