"""Check that the built CLI reference names every ``translate`` command and subcommand.

    mkdocs build --strict -d /tmp/site && python docs/check_cli_reference.py /tmp/site

Walks the Click tree of ``translate.cli.main`` (the root group ``main``) and looks, in the page that
mkdocs-click generated (``SITE/cli/index.html``), for a usage line of each full command path
(``translate review import [OPTIONS] …``). Exit status 1, naming them, when a command is missing or the
page documents one the tree no longer has. Not a test: it reads a built site (.ci/run builds it first).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import click

from translate.cli.main import main as root

PROG = "translate"


def command_paths(command: click.Command, path: tuple[str, ...] = (PROG,)) -> list[str]:
    """Every visible command's full path, the root first, depth first in name order."""
    paths = [" ".join(path)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            sub = command.commands[name]
            if not sub.hidden:
                paths += command_paths(sub, (*path, name))
    return paths


def usage_paths(page: str) -> list[str]:
    """The command path of every usage block of the page (the words before ``[OPTIONS]``)."""
    paths = []
    # mkdocs-click writes "**Usage:**" and a code block; the theme may wrap the block (<div class="highlight">).
    for block in re.findall(r"<strong>Usage:</strong>\s*</p>\s*(?:<div[^>]*>\s*)?<pre[^>]*>.*?<code[^>]*>(.*?)</code>",
                            page, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", block)).strip()
        first = text.splitlines()[0] if text else ""
        words = []
        for word in first.split():
            if word.startswith("[") or not re.fullmatch(r"[a-z][a-z0-9-]*", word):
                break
            words.append(word)
        paths.append(" ".join(words))
    return paths


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "/tmp/site")
    page_file = site / "cli" / "index.html"
    if not page_file.is_file():
        print(f"{page_file}: no such file; build the site first (mkdocs build --strict -d {site})", file=sys.stderr)
        return 1
    documented = usage_paths(page_file.read_text(encoding="utf-8"))
    expected = command_paths(root)
    missing = [p for p in expected if p not in documented]
    stale = [p for p in documented if p not in expected]
    for p in missing:
        print(f"missing from the CLI reference: {p}", file=sys.stderr)
    for p in stale:
        print(f"in the CLI reference but not a command: {p}", file=sys.stderr)
    if missing or stale:
        return 1
    print(f"CLI reference names all {len(expected)} commands ({len(expected) - 1} below `{PROG}`): {page_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
