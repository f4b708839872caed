"""CHANGELOG.md names the version the package reports (``translate --version``), in Keep a Changelog's
shape: an Unreleased section, then versions newest first, each with a date."""

from __future__ import annotations

import re
import subprocess
import sys

import translate

from .conftest import ROOT

VERSION_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$")


def _headings() -> list[str]:
    return [line for line in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines() if line.startswith("## ")]


def test_the_newest_version_in_the_changelog_is_the_package_version() -> None:
    headings = _headings()
    assert headings[0] == "## [Unreleased]"
    versions = [VERSION_HEADING.match(line) for line in headings[1:]]
    assert all(versions), headings
    assert versions[0].group(1) == translate.__version__
    numbers = [tuple(int(n) for n in v.group(1).split(".")) for v in versions]
    dates = [v.group(2) for v in versions]
    assert numbers == sorted(numbers, reverse=True) and dates == sorted(dates, reverse=True)


def test_translate_version_prints_it() -> None:
    done = subprocess.run([sys.executable, "-m", "translate", "--version"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout == f"translate (persian-translate) {translate.__version__}\n"
    assert f"## [{done.stdout.split()[-1]}] - " in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
