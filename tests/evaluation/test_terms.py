"""The rows of ``eval terms`` come from the layer registry."""

from __future__ import annotations

import pytest

from translate.errors import ConfigError
from translate.evaluation.terms import default_rows, row_options


def test_default_rows_follow_the_registry_and_the_engine() -> None:
    hf = default_rows("hf")
    assert hf == ["off", "replace", "placeholder", "nbest", "force", "repair", "strict", "nbest+force+repair",
                  "replace+nbest+force+repair", "nbest+force+repair+strict"]
    assert default_rows("ct2") == [row for row in hf if row != "force"]  # force does nothing on CTranslate2


def test_rows_parse_into_layers() -> None:
    assert row_options("off").layers == ()
    assert row_options("replace+repair").layers == ("replace", "repair")
    with pytest.raises(ConfigError, match="unknown layers \\['magic'\\]"):
        row_options("repair+magic")
