"""``translate glossary``: check glossaries, find their terms in Persian text, enforce them on
existing translations."""

from __future__ import annotations

import click

from .common import CONTEXT, Group, Inputs, glossary_option, input_options, output, report_skipped


@click.group(name="glossary", cls=Group, context_settings=CONTEXT)
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
@click.option("-v", "--verbose", is_flag=True,
              help="Also list information: entries found inside longer entries (the longer one wins).")
def glossary_check(files: tuple[str, ...], warnings: bool, verbose: bool) -> None:
    """Report problems in glossary FILES (TSV, CSV or TBX), each with file and line.

    Errors (exit status 1): wrong column counts, empty fields, unknown types, malformed short forms,
    duplicates, and one Persian form with two different English targets. Warnings, for a person to
    fix: entries that normalize to the same key, unknown columns. Information (with -v): entries
    found inside longer entries, where the longer one wins.

    \b
    Example:
      translate glossary check glossaries/news-fa-en.tsv
    """
    from ..terms.glossary import check_glossaries

    # `translate -v glossary check` shows the information too.
    verbose = verbose or click.get_current_context().find_root().params.get("verbose", 0) > 0
    entries, problems = check_glossaries(files)
    counts = {level: sum(p.level == level for p in problems) for level in ("error", "warning", "info")}
    shown = {"error", *(("warning",) if warnings else ()), *(("info",) if verbose else ())}
    for problem in problems:
        if problem.level in shown:
            click.echo(str(problem))
    notes = ""
    if counts["info"]:
        notes = (f", {counts['info']} notes (entries inside longer entries, where the longer wins"
                 f"{'' if verbose else '; -v lists them'})")
    click.echo(f"{len(entries)} entries, {counts['error']} errors, {counts['warning']} warnings{notes}", err=True)
    if counts["error"]:
        raise SystemExit(1)


@glossary_group.command(name="match", context_settings=CONTEXT)
@input_options
@glossary_option(required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv", show_default=True)
@click.option("-o", "--output", "path", metavar="FILE", help="Write here instead of stdout (atomically).")
def glossary_match(inputs: Inputs, glossaries: tuple[str, ...], fmt: str, path: str | None) -> None:
    """The glossary terms in Persian INPUT, one line each: document, offsets into the decoded
    original text, the matched text, the entry's source key, its English target and type.

    \b
    Example:
      translate glossary match examples/raisi-putin-call.fa.txt -g glossaries/news-fa-en.tsv
    """
    from ..errors import InputError
    from ..export.matches import MatchWriter
    from ..terms.glossary import load_glossary
    from ..text.io import read_documents

    matcher = load_glossary(glossaries).matcher()
    errors: list[InputError] = []
    read = 0
    with output(path) as out:
        writer = MatchWriter(out, fmt)
        for doc in read_documents(inputs.paths, errors=errors, encoding=inputs.encoding):
            read += 1
            writer.write(doc.id, matcher.find(doc.text))
    report_skipped(errors, read, inputs.strict)


@glossary_group.command(name="apply", context_settings=CONTEXT)
@click.option("--src", "src", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Persian, one sentence a line.")
@click.option("--tgt", "tgt", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Its English translation (human or machine), line-aligned.")
@glossary_option(required=True)
@click.option("-o", "--output", "path", metavar="FILE", help="The English with terms enforced (default: stdout).")
@click.option("--report", metavar="FILE", help="JSONL: one object per line with every term's status and spans.")
def glossary_apply(src: str, tgt: str, glossaries: tuple[str, ...], path: str | None, report: str | None) -> None:
    """Enforce a glossary on existing translations.

    Each term found in a Persian line is looked for in its English line (any case, possessive 's,
    hyphen/space variants). A missing term is repaired where the English holds a near spelling of it
    (Lazarini → Lazzarini); nothing else in the line changes. Term success before and after goes to
    stderr.

    \b
    Example:
      translate glossary apply --src ntrex.fa --tgt ntrex.en -g people.tsv -o ntrex.fixed.en --report terms.jsonl
    """
    from ..export.terms import write_line_terms
    from ..terms.check import success_rate
    from ..terms.enforce import apply_glossary
    from ..terms.glossary import load_glossary
    from ..text.io import read_pair

    sources, targets = read_pair(src, tgt)
    result = apply_glossary(load_glossary(glossaries).matcher(), sources, targets)
    with output(path) as out:
        out.writelines(line + "\n" for line in result.lines)
    if report:
        with output(report) as out:
            for number, (changed, terms) in enumerate(zip(result.changed, result.terms), 1):
                write_line_terms(out, number, changed, terms)
    (b_ok, b_all), (a_ok, a_all) = success_rate(result.before), success_rate(result.after)
    click.echo(f"{len(sources)} lines, {a_all} term occurrences; term success before {b_ok}/{b_all} "
               f"({b_ok / max(1, b_all):.1%}), after {a_ok}/{a_all} ({a_ok / max(1, a_all):.1%}); "
               f"{sum(result.changed)} lines changed", err=True)
