"""``translate export``: write a finished run's outputs again from its store, without translating."""

from __future__ import annotations

from typing import Any

import click

from ..export import DEFAULT_FORMATS, FORMATS
from .common import CONTEXT
from .run import _formats, include_option, processes_option


@click.command(name="export", context_settings=CONTEXT)
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.option("--formats", default=",".join(DEFAULT_FORMATS), show_default=True, callback=_formats,
              help="Comma-separated: " + ", ".join(FORMATS) + ".")
@click.option("-o", "--output", "target", metavar="DIR", help="Write here instead of OUTDIR.")
@include_option
@processes_option("write")
@click.pass_obj
def export_command(obj: dict[str, Any], outdir: str, formats: tuple[str, ...], target: str | None,
                   include: tuple[str, ...] | None, processes: int | None) -> None:
    """Write the outputs of the run in OUTDIR again, from its store (OUTDIR/run.sqlite).

    Nothing is translated or scored: the files of the last finished run come back as that run wrote
    them, with the review applied (edits, approvals, rejections from 'translate review' or
    'translate review import'), in another folder with -o, or in other formats with --formats.

    \b
    Examples:
      translate export outputs/example --formats tmx,xliff -o for-the-cat-tool/
      translate export outputs/news
    """
    from ..run.pipeline import export_again
    from .progress import Bar

    bars: list[Bar] = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(Bar(total=total, desc="writing", unit="doc", quiet=obj["quiet"]))
        bars[0].to(done)

    try:
        written = export_again(outdir, formats, target, include, progress=progress, processes=processes)
    finally:
        for bar in bars:
            bar.close()
    if not obj["quiet"]:  # -q: only errors
        click.echo(f"{len(formats)} format{'s' * (len(formats) != 1)} of {written} document{'s' * (written != 1)} "
                   f"written to {target or outdir}/", err=True)
