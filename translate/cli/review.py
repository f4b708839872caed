"""``translate review``: the review app over a run (``translate review OUTDIR``), and bringing back
what a translator changed in a CAT tool (``translate review import OUTDIR FILE…``)."""

from __future__ import annotations

from typing import Any

import click

from .common import CONTEXT, Group


class DefaultGroup(Group):
    """A group that runs ``serve`` when its first argument is not one of its commands, so that
    ``translate review OUTDIR`` serves OUTDIR (``translate review serve import`` for a folder named import)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["serve", *args]
        return super().parse_args(ctx, args)


@click.group(name="review", cls=DefaultGroup, context_settings=CONTEXT)
def review_group() -> None:
    """Review a run: edit, approve and reject pairs in a local web app, or bring back a CAT tool's edits.

    \b
    Examples:
      translate review outputs/example                  # opens the app in the browser
      translate review outputs/example --no-browser --port 8765
      translate review import outputs/example edited.xlf
      translate export outputs/example                  # the outputs, with the review applied
    """


@review_group.command(name="serve", context_settings=CONTEXT)
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine's loopback lets others reach the app "
                   "(they still need the URL's token).")
@click.option("--port", default=0, show_default=True, type=click.IntRange(0, 65535), help="Port; 0 picks a free one.")
@click.option("--browser/--no-browser", default=True, show_default=True, help="Open the app in the web browser.")
@click.option("--author", metavar="NAME", help="Name recorded with each edit in the history.")
@click.option("--max-body", default=65536, show_default=True, type=click.IntRange(1024, None), metavar="BYTES",
              help="Largest request body the app reads; larger ones get 413.")
def serve_command(outdir: str, host: str, port: int, browser: bool, author: str | None, max_body: int) -> None:
    """Serve the review app of the run in OUTDIR until Ctrl+C.

    The first line on stdout is the app's URL with this session's token; any request without it is
    refused (403). Persian beside English, verdicts with their reasons, glossary terms coloured by
    status, aligned words highlighted, search and filters; keys: j/k move, e edit, a approve,
    r reject, u undo, Ctrl+Enter save, Esc cancel. Every action is saved in OUTDIR/run.sqlite at
    once, with its history; 'translate export OUTDIR' then writes the corrected files, and a new
    'translate run' into OUTDIR keeps what a person approved, edited or rejected.
    """
    import webbrowser

    from ..review.server import ReviewServer, is_loopback

    server = ReviewServer(outdir, host=host, port=port, author=author, max_body=max_body)
    click.echo(server.url)
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine and has the URL can edit "
                   "this run", err=True)
    if browser:
        webbrowser.open(server.url)
    click.echo("serving; every edit is saved at once; Ctrl+C stops", err=True)
    server.serve()


@review_group.command(name="import", context_settings=CONTEXT)
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--author", metavar="NAME", help="Name recorded with each change in the history.")
@click.option("--force", is_flag=True,
              help="Let the file win where the pair changed in the store after the file was exported.")
@click.pass_obj
def import_command(obj: dict[str, Any], outdir: str, files: tuple[str, ...], author: str | None, force: bool) -> None:
    """Bring targets and states edited in a CAT tool back into the run in OUTDIR.

    FILE is an XLIFF 1.2 or 2.x or a TMX that this tool exported (run.xliff12.xlf, run.xlf,
    run.omegat.xlf as OmegaT wrote it back, corpus.tmx), edited. Each unit carries the run store it came
    from, its document, a fingerprint of its Persian and the revision it was exported with, and is
    matched by them, not by position: after the article changed and the run was repeated, an edit
    lands on the sentence with the same Persian. A changed English becomes an edit, a final/approved
    state an approval, a rejected one a rejection; a unit whose English is as exported changes nothing.

    \b
    Refused (listed, exit status 1; the rest is applied):
      conflict   the pair changed here after the export (the newer text stays; --force: the file wins)
      unmatched  no sentence of the document has that Persian any more
      foreign    the file was exported from another run store
    A malformed unit (a control character, a bad cp element) is an error: nothing of the import is applied.
    Then 'translate export OUTDIR' writes the corrected files.
    """
    from ..run.review import import_files

    report = import_files(outdir, files, author=author, force=force)
    if not obj["quiet"] or report.refused:
        click.echo(report.line(), err=True)
    for conflict in report.conflicts[:20]:
        click.echo(f"conflict {conflict.unit}: stored (revision {conflict.stored_rev}) {conflict.stored_text!r}; "
                   f"file (revision {conflict.file_rev}) {conflict.file_text!r}", err=True)
    for kind, names in (("unmatched", report.unmatched), ("foreign", report.foreign)):
        if names:
            shown = ", ".join(names[:20]) + (" …" if len(names) > 20 else "")
            click.echo(f"{kind}: {shown}", err=True)
    if report.refused:
        raise SystemExit(1)
