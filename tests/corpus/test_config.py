"""Corpus rules from TOML: defaults, overrides, and errors that say where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from translate.corpus.config import CorpusConfig, load_config
from translate.errors import ConfigError


def test_defaults_and_overrides(tmp_path: Path) -> None:
    assert load_config(None) == CorpusConfig()
    path = tmp_path / "corpus.toml"
    path.write_text('[filters]\nmin_similarity = false\nboilerplate = ["^Foo"]\n[split]\ndev = 0.1\n'
                    '[dataset]\nlicense = "cc-by-4.0"\n', encoding="utf-8")
    config = load_config(path)
    assert config.filters.min_similarity is False and config.filters.boilerplate == ("^Foo",)
    assert config.split.dev == 0.1 and config.split.test == 0.05 and config.dataset.license == "cc-by-4.0"
    assert config.to_dict()["filters"]["max_words"] == 150


@pytest.mark.parametrize("text,message", [
    ("[filters]\nmin_simlarity = 0.8\n", "unknown keys ['min_simlarity']"),
    ("[filtres]\n", "unknown sections ['filtres']"),
    ('[filters]\nboilerplate = ["(unclosed"]\n', "not a regular expression"),
    ('[filters]\nmin_words = "one"\n', "a number"),
    ("[split]\ndev = 0.6\ntest = 0.5\n", "dev + test"),
    ("[filters\n", "not valid TOML"),
])
def test_errors_say_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "corpus.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)
