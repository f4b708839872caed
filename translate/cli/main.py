"""The ``translate`` command: the root group, logging, and every command group attached to it."""

from __future__ import annotations

import logging
import sys
import time

import click

from .. import __version__
from .align import align_command
from .common import CONTEXT, Group
from .corpus import corpus_group
from .evaluate import eval_group
from .export import export_command
from .glossary import glossary_group
from .models import models_group
from .review import review_group
from .run import run_command
from .score import score_command
from .segment import segment_command
from .serve import serve_command
from .translate import translate_command


@click.group(cls=Group, context_settings=CONTEXT)
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
      translate run examples/ -o outputs/example -g glossaries/news-fa-en.tsv
      translate review outputs/example
      translate corpus build fa/ en/ -o corpus/ --license cc-by-4.0
      translate translate examples/raisi-putin-call.fa.txt -g glossaries/news-fa-en.tsv
      translate segment articles/ --format jsonl -o sentences.jsonl
      translate glossary match articles/ -g glossaries/news-fa-en.tsv
      translate models list
      translate eval segment ../shared/data/sentseg/*.jsonl
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    # Other libraries' chatter (transformers …) stays at warnings unless -vv.
    root = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.WARNING)
    logging.basicConfig(level=root, format="%(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger("translate").setLevel(level)
    ctx.obj = {"quiet": quiet, "started": time.perf_counter()}


for command in (run_command, review_group, export_command, corpus_group, segment_command, translate_command,
                align_command, score_command, glossary_group, models_group, eval_group, serve_command):
    main.add_command(command)
