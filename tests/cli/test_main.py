"""The command line, through Click's CliRunner: exit codes and exact messages."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from translate.cli import main



def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield prefix + (name,)
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize("path", [()] + list(_commands(main)), ids=lambda p: " ".join(p) or "translate")
def test_every_command_has_help_with_h(path: tuple[str, ...]) -> None:
    result = run(*path, "-h")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    command = main
    for name in path:
        command = command.commands[name]
    assert command.help and len(command.help) > 20


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "translate", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and "persian-translate" in done.stdout
