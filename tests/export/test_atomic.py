"""Atomic writes: all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.export.atomic import atomic_open


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError):
        with atomic_open(target) as out:
            out.write("half")
            raise RuntimeError("killed")
    assert not target.exists() and list(tmp_path.iterdir()) == []
    with atomic_open(target) as out:
        out.write("whole\n")
    assert target.read_text() == "whole\n" and list(tmp_path.iterdir()) == [target]
